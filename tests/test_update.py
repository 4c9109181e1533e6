"""Updating a map from a new HR export keeps every annotation (influence.update, influence update)."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest
from click.testing import CliRunner

import influence
from influence.cli import main
from influence.interchange import read_map
from influence.store import open_store
from influence.update import ANNOTATION_FIELDS, plan_update
from influence.vocabulary import REPORTING

from graph_schema import assert_schema

LEAVER = "NW061"      # has relationships of ours
JOINER = "NW900"
MOVED = "NW046"       # gets a new manager
RETITLED = "NW060"    # Chief Financial Officer -> new title


def _write_export(G, path):
    """A plain HR export of *G* (no annotations) with one joiner, one leaver, a new manager, a new title."""
    people = [p for p in G if p != LEAVER]
    new_manager = "NW001" if G.nodes[MOVED]["manager"] != "NW001" else "NW002"
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Employee ID", "Full Name", "Job Title", "Department", "Manager ID", "Work Email", "Location"])
        for p in people:
            d = G.nodes[p]
            manager = d["manager"] if d["manager"] != LEAVER else "NW001"
            if p == MOVED:
                manager = new_manager
            title = "Chief Financial & Strategy Officer" if p == RETITLED else d["title"]
            out.writerow([p, d["name"], title, d["department"], manager or "", d["email"] or "",
                          "Remote" if p == RETITLED else (d["extra"].get("Location") or "")])
        out.writerow([JOINER, "Noor Haddad", "VP Procurement", "Finance", "NW060", "noor.haddad@northwind.example", "Oslo"])
    return new_manager


@pytest.fixture
def sample_and_export(tmp_path):
    G = influence.load_sample()
    path = tmp_path / "hr_export_q4.csv"
    new_manager = _write_export(G, path)
    return G, path, new_manager


def _annotations(G, people):
    return {p: {f: G.nodes[p][f] for f in ANNOTATION_FIELDS} for p in people}


def _our_ties(G, people):
    return sorted((u, v, k, d.get("strength"), d.get("notes")) for u, v, k, d in G.edges(keys=True, data=True)
                  if k != REPORTING and u in people and v in people)


def test_plan_lists_joiners_leavers_and_changes_and_keeps_every_annotation(sample_and_export):
    G, path, new_manager = sample_and_export
    export = read_map(path)
    plan = plan_update(G, export, date="2026-12-01")
    assert plan.joiners == [JOINER]
    assert plan.leavers == [LEAVER]
    assert MOVED in [c.id for c in plan.manager_changes]
    assert [c.id for c in plan.title_changes] == [RETITLED]
    H = plan.graph
    assert_schema(H)
    stayed = [p for p in G if p != LEAVER]
    assert _annotations(H, stayed) == _annotations(G, stayed)
    assert _our_ties(H, set(stayed)) == _our_ties(G, set(stayed))
    assert H.nodes[MOVED]["manager"] == new_manager
    assert H.nodes[RETITLED]["title"] == "Chief Financial & Strategy Officer"
    assert H.nodes[RETITLED]["extra"]["Location"] == "Remote"
    assert H.nodes[RETITLED]["extra"]["Last Reviewed"] == G.nodes[RETITLED]["extra"]["Last Reviewed"]
    assert H.nodes[JOINER]["name"] == "Noor Haddad" and H.nodes[JOINER]["attitude"] == "unknown"
    # the leaver is archived with their ties, not lost
    archived = H.graph["archived_people"]
    assert [a["id"] for a in archived] == [LEAVER]
    assert archived[0]["name"] == G.nodes[LEAVER]["name"] and archived[0]["left_on"] == "2026-12-01"
    theirs = sorted((u, v, k) for u, v, k in G.edges(keys=True) if k != REPORTING and LEAVER in (u, v))
    assert theirs and sorted((t["from"], t["to"], t["type"]) for t in archived[0]["ties"]) == theirs
    assert plan.kept_annotations >= sum(1 for p in stayed for f in ANNOTATION_FIELDS
                                        if G.nodes[p][f] not in (None, "", "unknown"))
    assert G.nodes[LEAVER]["name"]  # the map given is never changed
    assert LEAVER in G


def test_matching_by_email_then_name_when_ids_change(tmp_path):
    G = influence.load_sample()
    path = tmp_path / "renumbered.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Worker ID", "Name", "Title", "Email"])
        for i, (p, d) in enumerate(G.nodes(data=True)):
            email = d["email"] if i % 2 == 0 else ""  # half by e-mail, half by name
            out.writerow([f"W{i:04d}", d["name"].upper() if i % 3 == 0 else d["name"], d["title"], email.upper()])
    plan = plan_update(G, read_map(path))
    assert plan.joiners == [] and plan.leavers == []
    assert plan.matched_by["email"] + plan.matched_by["name"] == len(G)
    assert set(plan.graph) == set(G)  # the map's ids are kept


def test_cli_dry_run_json_and_workbook_target_never_changed(sample_and_export, tmp_path):
    G, path, _ = sample_and_export
    target = tmp_path / "partner.xlsx"
    target.write_bytes(influence.sample_path().read_bytes())
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    runner = CliRunner()
    result = runner.invoke(main, ["update", str(target), str(path), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["joiners"] == [JOINER] and data["leavers"] == [LEAVER]
    assert MOVED in data["manager_changes"] and data["title_changes"] == [RETITLED]
    assert data["kept_annotations"] > 100 and data["applied"] is None
    assert not (tmp_path / "partner-updated.xlsx").exists()

    result = runner.invoke(main, ["update", str(target), str(path)])
    assert result.exit_code == 0, result.output
    assert "1 joiner(s), 1 leaver(s)" in result.output
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    updated = read_map(tmp_path / "partner-updated.xlsx")
    stayed = [p for p in G if p != LEAVER]
    assert _annotations(updated, stayed) == _annotations(G, stayed)
    assert JOINER in updated and LEAVER not in updated

    result = runner.invoke(main, ["update", str(target), str(path), "-o", str(target)])
    assert result.exit_code != 0 and "never changed" in result.output


def test_workspace_update_is_one_snapshot_on_both_stores(sample_and_export, store_url):
    G, path, new_manager = sample_and_export
    store = open_store(store_url)
    with store:
        map_id = store.create_map("Northwind Systems", G)
        snapshots = len(store.snapshots(map_id))
    result = CliRunner().invoke(main, ["update", "Northwind Systems", str(path), "--workspace", store_url,
                                       "--author", "grace"])
    assert result.exit_code == 0, result.output
    store = open_store(store_url)
    with store:
        assert len(store.snapshots(map_id)) == snapshots + 1
        H = store.load(map_id)
        stayed = [p for p in G if p != LEAVER]
        assert _annotations(H, stayed) == _annotations(G, stayed)
        assert _our_ties(H, set(stayed)) == _our_ties(G, set(stayed))
        assert H.nodes[MOVED]["manager"] == new_manager and JOINER in H and LEAVER not in H
        assert [a["id"] for a in H.graph["archived_people"]] == [LEAVER]
        # the leaver is still in the history
        first = store.snapshots(map_id)[0]
        assert LEAVER in store.load_snapshot(first.id)
    again = CliRunner().invoke(main, ["update", "Northwind Systems", str(path), "--workspace", store_url])
    assert again.exit_code == 0 and "Nothing to update" in again.output


def test_unknown_map_is_a_clear_error(sample_and_export, tmp_path):
    _, path, _ = sample_and_export
    ws = tmp_path / "ws.sqlite"
    with open_store(str(ws)) as store:
        store.create_map("Contoso", influence.load_sample())
    result = CliRunner().invoke(main, ["update", "Fabrikam", str(path), "--workspace", str(ws)])
    assert result.exit_code == 2 and "No map called “Fabrikam”" in result.output
    assert "Traceback" not in result.output
