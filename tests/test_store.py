"""The workspace keeps maps across restarts, records a snapshot per save, and compares them."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from influence.errors import InfluenceError, Problem
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.history import compare_snapshots
from influence.store import MapNotFound, Workspace, default_workspace_path


def small_map(name="Contoso"):
    G = new_map(name, source="contoso.xlsx")
    add_person(G, "1", "Ada Lind", title="CEO", attitude="neutral", authority=5, owner="Sam",
               extra={"Region": "EMEA"})
    add_person(G, "2", "Bo Chen", title="CFO", attitude="skeptic", authority=4)
    add_person(G, "3", "Cy Oduya", title="VP Sales", attitude="supporter", style="Driver")
    add_reporting_line(G, "1", "2")
    add_reporting_line(G, "1", "3")
    add_relationship(G, "3", "2", "influences", 0.8)
    add_relationship(G, "2", "3", "conflicts with")
    G.graph["warnings"] = [Problem("warning", "style 'Bold' kept as written", sheet="People", row=4)]
    return G


def test_map_survives_reopen_with_every_attribute(tmp_path):
    path = tmp_path / "ws.sqlite"
    G = small_map()
    map_id = Workspace(path).create_map("Contoso", G)

    H = Workspace(path).load(map_id)  # a new process would do the same
    assert sorted(H.nodes) == ["1", "2", "3"]
    assert H.nodes["1"] == G.nodes["1"]
    assert H.nodes["3"]["manager"] == "1"
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    assert H.edges["3", "2", "influences"]["strength"] == 0.8
    assert H.graph["name"] == "Contoso" and H.graph["source"] == "contoso.xlsx"
    assert H.graph["warnings"] == G.graph["warnings"]


def test_several_maps_listed_renamed_deleted(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite")
    a = ws.create_map("Contoso", small_map())
    b = ws.create_map("Fabrikam", small_map("Fabrikam"))
    assert {m.name for m in ws.list_maps()} == {"Contoso", "Fabrikam"}
    ws.rename(a, "Contoso EMEA")
    info = ws.map_info(a)
    assert info.name == "Contoso EMEA" and info.people == 3 and info.snapshots == 1
    ws.delete_map(b)
    assert [m.id for m in ws.list_maps()] == [a]
    with pytest.raises(MapNotFound, match="no map with id"):
        ws.load(b)
    with pytest.raises(InfluenceError, match="needs a name"):
        ws.rename(a, "  ")


def test_every_save_is_a_dated_snapshot(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite")
    G = small_map()
    map_id = ws.create_map("Contoso", G)
    first = ws.version(map_id)
    G.nodes["2"]["attitude"] = "neutral"
    second = ws.save(map_id, G, note="Bo after the QBR")
    assert ws.version(map_id) == second != first

    snaps = ws.snapshots(map_id)
    assert [s.note for s in snaps] == ["created", "Bo after the QBR"]
    assert snaps[0].saved_at <= snaps[1].saved_at and snaps[1].saved_at.startswith("20")
    assert ws.load_snapshot(snaps[0].id).nodes["2"]["attitude"] == "skeptic"
    assert ws.load(map_id).nodes["2"]["attitude"] == "neutral"
    with pytest.raises(MapNotFound):
        ws.save(9999, G)


def test_failed_write_leaves_the_previous_state(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite")
    G = small_map()
    map_id = ws.create_map("Contoso", G)
    with pytest.raises(sqlite3.IntegrityError):
        with ws._transaction() as db:
            db.execute("INSERT INTO snapshots (map_id, saved_at, note, people, graph) VALUES (?, 'x', '', 0, '{}')",
                       (map_id,))
            db.execute("INSERT INTO snapshots (map_id, saved_at, note, people, graph) VALUES (?, 'x', '', 0, '{}')",
                       (12345,))  # no such map: the foreign key fails, the first insert rolls back
    assert len(ws.snapshots(map_id)) == 1


def test_wal_mode_and_threads(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("Contoso", small_map())
    assert ws._connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    errors = []

    def writer(n):
        try:
            G = ws.load(map_id)
            G.nodes["1"]["notes"] = f"note {n}"
            ws.save(map_id, G, note=f"save {n}")
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(ws.snapshots(map_id)) == 7


def test_scenarios_saved_and_discarded(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite")
    map_id = ws.create_map("Contoso", small_map())
    sid = ws.save_scenario(map_id, "Win Bo", {"won": ["2"], "attitudes": {"1": "supporter"}})
    [s] = ws.scenarios(map_id)
    assert (s.id, s.name, s.data) == (sid, "Win Bo", {"won": ["2"], "attitudes": {"1": "supporter"}})
    ws.delete_scenario(sid)
    assert ws.scenarios(map_id) == []


def test_not_a_workspace_file(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("this is not a database, just text " * 100)
    with pytest.raises(InfluenceError, match="not an influence-map workspace"):
        Workspace(bad)


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_workspace_path() == tmp_path / "influence-map" / "workspace.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_workspace_path() == tmp_path / "home" / ".local" / "share" / "influence-map" / "workspace.sqlite"


def test_compare_snapshots_quarterly_review(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite")
    G = small_map()
    map_id = ws.create_map("Contoso", G)
    G.nodes["2"]["attitude"] = "supporter"      # skeptic -> supporter: warmer
    G.nodes["1"]["attitude"] = "skeptic"        # neutral -> skeptic: cooler
    G.nodes["1"]["owner"] = None                # lost coverage
    G.nodes["3"]["authority"] = 3               # None -> 3
    G.remove_edge("2", "3", "conflicts with")
    G.remove_node("3")
    add_person(G, "4", "Di Park", attitude="unknown")
    ws.save(map_id, G, note="Q2 review")

    old, new = (ws.load_snapshot(s.id) for s in ws.snapshots(map_id))
    c = compare_snapshots(old, new)
    assert [(m.name, m.old, m.new, m.direction) for m in c.attitude_moves()] == [
        ("Ada Lind", "neutral", "skeptic", "cooler"),
        ("Bo Chen", "skeptic", "supporter", "warmer"),
    ]
    assert [(m.field, m.old, m.new, m.direction) for m in c.moved if m.field == "owner"] == [
        ("owner", "Sam", None, "lost")]
    assert c.added == ["4"] and c.removed == ["3"]
    assert {(r.source, r.target, r.type, r.change) for r in c.relationships} == {
        ("3", "2", "influences", "removed"), ("2", "3", "conflicts with", "removed")}
    assert c and not compare_snapshots(old, old)
    assert "Bo Chen: attitude skeptic -> supporter (warmer)" in [str(m) for m in c.moved]


def test_readme_workspace_example_runs():
    import doctest
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = text.index("```python\n>>> import influence, tempfile, os")
    block = text[start + len("```python\n"):text.index("```", start + 10)]
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
