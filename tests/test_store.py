"""The store contract: the same tests against an SQLite file and a PostgreSQL database.

Maps survive reopening with every attribute, each save is a dated snapshot kept as change
records (with full checkpoints now and then) that rebuild exactly what was saved, a save
on a stale or foreign version is refused with who changed what, and accounts, tokens,
audit events, settings, forecasts and plans are kept. Then what only one store has:
SQLite files private to the user, a first-release workspace migrating, PostgreSQL's
refusals (server down, wrong password) as one-line messages.
"""

from __future__ import annotations

import json
import random
import sqlite3
import stat
import threading

import pytest

from influence.errors import InfluenceError, Problem
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.history import compare_snapshots
from influence.store import (
    Conflict, MapNotFound, SchemaTooNew, StoreError, StoreUnavailable, UserNotFound, Workspace,
    default_workspace_path, open_store,
)
from influence.store import migrations, sql


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


def canon(G) -> str:
    """The graph's content, independent of insertion order."""
    from influence.store import graph_to_json

    data = json.loads(graph_to_json(G))
    data["nodes"] = sorted(data["nodes"], key=lambda n: json.dumps(n["id"]))
    data["edges"] = sorted(data["edges"], key=lambda e: json.dumps([e["source"], e["target"], e["key"]]))
    return json.dumps(data, sort_keys=True)


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


# --- the contract, on both stores ------------------------------------------------------------

def test_map_survives_reopen_with_every_attribute(store_url):
    G = small_map()
    map_id = open_store(store_url).create_map("Contoso", G)

    H = open_store(store_url).load(map_id)  # a new process would do the same
    assert sorted(H.nodes) == ["1", "2", "3"]
    assert H.nodes["1"] == G.nodes["1"]
    assert H.nodes["3"]["manager"] == "1"
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    assert H.edges["3", "2", "influences"]["strength"] == 0.8
    assert H.graph["name"] == "Contoso" and H.graph["source"] == "contoso.xlsx"
    assert H.graph["warnings"] == G.graph["warnings"]


def test_several_maps_listed_renamed_deleted(store):
    a = store.create_map("Contoso", small_map())
    b = store.create_map("Fabrikam", small_map("Fabrikam"))
    assert {m.name for m in store.list_maps()} == {"Contoso", "Fabrikam"}
    store.rename(a, "Contoso EMEA")
    info = store.map_info(a)
    assert info.name == "Contoso EMEA" and info.people == 3 and info.snapshots == 1
    store.delete_map(b)
    assert [m.id for m in store.list_maps()] == [a]
    with pytest.raises(MapNotFound, match="no map with id"):
        store.load(b)
    with pytest.raises(MapNotFound):
        store.map_info(b)
    with pytest.raises(InfluenceError, match="needs a name"):
        store.rename(a, "  ")


def test_every_save_is_a_dated_snapshot_with_its_author(store):
    G = small_map()
    map_id = store.create_map("Contoso", G, author="ana")
    first = store.version(map_id)
    G.nodes["2"]["attitude"] = "neutral"
    second = store.save(map_id, G, note="Bo after the QBR", base_version=first, author="sam")
    assert store.version(map_id) == second > first

    snaps = store.snapshots(map_id)
    assert [(s.note, s.author) for s in snaps] == [("created", "ana"), ("Bo after the QBR", "sam")]
    assert snaps[0].saved_at <= snaps[1].saved_at and snaps[1].saved_at.startswith("20")
    assert store.load_snapshot(snaps[0].id).nodes["2"]["attitude"] == "skeptic"
    assert store.load(map_id).nodes["2"]["attitude"] == "neutral"
    [change] = store.changes(map_id)
    assert (change.version, change.author, change.kind, change.target, change.field, change.old, change.new,
            change.name) == (second, "sam", "person", "2", "attitude", "skeptic", "neutral", "Bo Chen")
    assert store.changes(map_id, since_version=second) == []
    with pytest.raises(MapNotFound):
        store.save(9999, G)
    with pytest.raises(MapNotFound):
        store.load_snapshot(9999)


def test_a_stale_base_version_is_refused_saying_who_changed_what(store):
    map_id = store.create_map("Contoso", small_map())
    start = store.version(map_id)
    theirs, mine = store.load(map_id), store.load(map_id)
    theirs.nodes["2"]["attitude"] = "supporter"
    after = store.save(map_id, theirs, base_version=start, author="bo")
    mine.nodes["2"]["title"] = "Group CFO"
    with pytest.raises(Conflict) as refused:
        store.save(map_id, mine, base_version=start, author="ana")
    conflict = refused.value
    assert not conflict.foreign and (conflict.base_version, conflict.current_version) == (start, after)
    assert [(c.author, c.name, c.field, c.old, c.new) for c in conflict.changes] == [
        ("bo", "Bo Chen", "attitude", "skeptic", "supporter")]
    assert "Bo Chen: attitude skeptic → supporter (by bo" in str(conflict) and "nothing was saved" in str(conflict)
    assert store.version(map_id) == after and store.load(map_id).nodes["2"]["title"] == "CFO"


def test_a_foreign_base_version_is_refused(store):
    contoso = store.create_map("Contoso", small_map())
    fabrikam = store.create_map("Fabrikam", small_map("Fabrikam"))
    other = store.version(fabrikam)
    G = store.load(fabrikam)
    G.nodes["1"]["name"] = "Someone Else"
    for base in (other, other + 1000):  # another map's version, a version that does not exist
        with pytest.raises(Conflict, match="is not a version of map") as refused:
            store.save(contoso, G, base_version=base)
        assert refused.value.foreign
    assert store.load(contoso).nodes["1"]["name"] == "Ada Lind" and len(store.snapshots(contoso)) == 1


def test_rebase_keeps_both_edits_of_different_fields_and_asks_for_the_same_field(store):
    map_id = store.create_map("Contoso", small_map())
    start = store.version(map_id)
    bo = store.load(map_id)
    bo.nodes["1"]["attitude"] = "supporter"
    store.save(map_id, bo, base_version=start, author="bo")

    ana = store.load_snapshot(start)
    ana.nodes["1"]["title"] = "Chief Executive"
    version, others = store.save_merged(map_id, ana, note="title", base_version=start, author="ana")
    assert [(c.author, c.field) for c in others] == [("bo", "attitude")]
    assert store.save_merged(map_id, store.load(map_id), base_version=version)[1] == []
    version = store.version(map_id)
    G = store.load(map_id)
    assert (G.nodes["1"]["attitude"], G.nodes["1"]["title"]) == ("supporter", "Chief Executive")
    assert store.snapshots(map_id)[-1].id == version

    cy = store.load_snapshot(start)
    cy.nodes["1"]["attitude"] = "opponent"
    with pytest.raises(Conflict) as asked:
        store.save_rebased(map_id, cy, base_version=start, author="cy")
    [(theirs, mine)] = asked.value.overlaps
    assert (theirs.author, theirs.new, mine["new"]) == ("bo", "supporter", "opponent")
    assert "bo changed Ada Lind: attitude neutral → supporter" in str(asked.value)
    assert store.load(map_id).nodes["1"]["attitude"] == "supporter"


def test_history_rebuilds_every_version_exactly_across_checkpoints(store_url, monkeypatch):
    monkeypatch.setattr(sql, "CHECKPOINT_EVERY", 4)
    rng = random.Random(3)
    G = small_map()
    store = open_store(store_url)
    map_id = store.create_map("Contoso", G)
    saved = {store.version(map_id): canon(G)}
    for n in range(30):
        action = rng.choice(["attitude", "add", "remove", "tie", "untie", "extra", "map"])
        people = sorted(G)
        if action == "attitude" and people:
            G.nodes[rng.choice(people)]["attitude"] = rng.choice(["champion", "neutral", "opponent", None])
        elif action == "add":
            add_person(G, f"p{n}", f"Person {n}", title="Manager", attitude="unknown")
            if people:
                add_reporting_line(G, rng.choice(people), f"p{n}")
        elif action == "remove" and len(people) > 2:
            G.remove_node(rng.choice(people))
        elif action == "tie" and len(people) > 1:
            u, v = rng.sample(people, 2)
            add_relationship(G, u, v, "influences", round(rng.random(), 2))
        elif action == "untie" and G.number_of_edges():
            G.remove_edge(*rng.choice(list(G.edges(keys=True))))
        elif action == "extra" and people:
            p = rng.choice(people)
            G.nodes[p]["extra"] = {"Region": rng.choice(["EMEA", "APAC"]), "n": n}
            G.nodes[p].pop("owner", None)
        elif action == "map":
            G.graph["assessments"] = [{"at": n, "note": "q"}]
        saved[store.save(map_id, G, note=f"edit {n}")] = canon(G)
    fresh = open_store(store_url)  # no cached states: everything rebuilt from the database
    for version, content in saved.items():
        assert canon(fresh.load_snapshot(version)) == content
        assert canon(store.load_snapshot(version)) == content
    assert canon(fresh.load(map_id)) == canon(G)


def test_failed_write_leaves_the_previous_state(store):
    map_id = store.create_map("Contoso", small_map())
    with pytest.raises(StoreError, match="refused the change"):
        with store._transaction() as q:
            q.execute("INSERT INTO snapshots (map_id, saved_at, note, people, graph) VALUES (?, 'x', '', 0, '{}')",
                      (map_id,))
            q.execute("INSERT INTO snapshots (map_id, saved_at, note, people, graph) VALUES (?, 'x', '', 0, '{}')",
                      (12345,))  # no such map: the foreign key fails, the first insert rolls back
    assert len(store.snapshots(map_id)) == 1
    store.rename(map_id, "still writable")


def test_concurrent_threads_each_save(store):
    map_id = store.create_map("Contoso", small_map())
    errors = []

    def writer(n):
        try:
            G = store.load(map_id)
            G.nodes["1"]["notes"] = f"note {n}"
            store.save(map_id, G, note=f"save {n}")
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(store.snapshots(map_id)) == 7


def test_a_version_read_by_one_server_stays_right_when_another_saves(store_url):
    one, two = open_store(store_url), open_store(store_url)  # two processes: two caches
    map_id = one.create_map("Contoso", small_map())
    old = two.version(map_id)
    assert two.load(map_id).nodes["1"]["attitude"] == "neutral"
    G = one.load(map_id)
    G.nodes["1"]["attitude"] = "champion"
    new = one.save(map_id, G, base_version=old)
    assert two.version(map_id) == new
    assert two.load(map_id).nodes["1"]["attitude"] == "champion"
    assert two.load_snapshot(old).nodes["1"]["attitude"] == "neutral"


def test_scenarios_saved_and_discarded(store):
    map_id = store.create_map("Contoso", small_map())
    sid = store.save_scenario(map_id, "Win Bo", {"won": ["2"], "attitudes": {"1": "supporter"}})
    [s] = store.scenarios(map_id)
    assert (s.id, s.name, s.data) == (sid, "Win Bo", {"won": ["2"], "attitudes": {"1": "supporter"}})
    store.delete_scenario(sid)
    assert store.scenarios(map_id) == []


def test_forecasts_and_plans(store):
    map_id = store.create_map("Contoso", small_map())
    v1 = store.version(map_id)
    assert store.forecast(v1) is None and store.plan(map_id) is None
    store.record_forecast(v1, {"support": {"mean": 1.5}})
    store.record_forecast(v1, {"support": {"mean": 1.7}})  # a forecast made again replaces the first
    assert store.forecast(v1) == {"support": {"mean": 1.7}}
    assert store.forecasts(map_id) == [(v1, {"support": {"mean": 1.7}})]
    with pytest.raises(MapNotFound):
        store.record_forecast(v1 + 999, {})
    store.save_plan(map_id, {"steps": ["meet Bo"]}, author="ana")
    store.save_plan(map_id, {"steps": ["meet Bo", "then Ada"]})
    assert store.plan(map_id) == {"steps": ["meet Bo", "then Ada"]}
    store.delete_map(map_id)
    assert store.forecast(v1) is None and store.plan(map_id) is None


def test_accounts_tokens_events_and_settings(store):
    a = store.add_user("ana", role="admin", password_hash="$argon2id$x", email="ana@example.com")
    assert (a.name, a.role, a.password_hash, a.maps, a.email, a.disabled) == (
        "ana", "admin", "$argon2id$x", None, "ana@example.com", False)
    store.add_user("bo", role="viewer", maps=[2, 1])
    assert store.user("bo").maps == (1, 2) and store.user("nobody") is None
    with pytest.raises(InfluenceError, match="exists already"):
        store.add_user("ana", role="editor")
    with pytest.raises(InfluenceError, match="unknown role"):
        store.add_user("cy", role="owner")
    bo = store.update_user("bo", role="editor", maps=None, disabled=True, last_login="2026-01-01T00:00:00+00:00")
    assert (bo.role, bo.maps, bo.disabled, bo.last_login) == ("editor", None, True, "2026-01-01T00:00:00+00:00")
    with pytest.raises(InfluenceError, match="cannot change"):
        store.update_user("bo", name="robert")
    with pytest.raises(UserNotFound):
        store.update_user("nobody", role="viewer")
    assert [u.name for u in store.users()] == ["ana", "bo"]

    token = store.add_api_token("bo", "hash-1", "nightly export")
    info = store.api_token("hash-1")
    assert (info.id, info.user, info.label, info.revoked, info.last_used) == (token, "bo", "nightly export", False, None)
    store.touch_api_token(token)
    assert store.api_token("hash-1").last_used
    store.revoke_api_token(token)
    assert store.api_token("hash-1").revoked and store.api_token("nope") is None
    with pytest.raises(UserNotFound):
        store.add_api_token("nobody", "hash-2", "")
    store.delete_user("bo")
    assert store.user("bo") is None and store.api_tokens() == []
    with pytest.raises(UserNotFound):
        store.delete_user("bo")

    map_id = store.create_map("Contoso", small_map())
    first = store.record_event("ana", "login")
    store.record_event("ana", "export", map_id=map_id, detail={"format": "pdf", "anonymised": False})
    store.record_event(None, "login-failed", detail={"user": "mallory"})
    assert [e.action for e in store.events()] == ["login", "export", "login-failed"]
    [export] = store.events(map_id=map_id)
    assert (export.actor, export.map_id, export.detail) == ("ana", map_id, {"format": "pdf", "anonymised": False})
    assert [e.action for e in store.events(actor="ana", limit=1)] == ["export"]
    since = store.events()[1].at
    assert [e.action for e in store.events(since=since)] == ["export", "login-failed"]
    assert store.events()[0].id == first

    assert store.setting("secret") is None
    store.set_setting("secret", "s1")
    store.set_setting("secret", "s2")
    assert store.setting("secret") == "s2"
    store.set_setting("secret", None)
    assert store.setting("secret") is None


def test_compare_snapshots_quarterly_review(store):
    G = small_map()
    map_id = store.create_map("Contoso", G)
    G.nodes["2"]["attitude"] = "supporter"      # skeptic -> supporter: warmer
    G.nodes["1"]["attitude"] = "skeptic"        # neutral -> skeptic: cooler
    G.nodes["1"]["owner"] = None                # lost coverage
    G.nodes["3"]["authority"] = 3               # None -> 3
    G.remove_edge("2", "3", "conflicts with")
    G.remove_node("3")
    add_person(G, "4", "Di Park", attitude="unknown")
    store.save(map_id, G, note="Q2 review")

    old, new = (store.load_snapshot(s.id) for s in store.snapshots(map_id))
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


def test_a_failed_migration_changes_nothing(store_url, monkeypatch):
    open_store(store_url).close()
    broken = {d: ["CREATE TABLE half_done (x INTEGER)", "ALTER TABLE no_such_table ADD COLUMN y INTEGER"]
              for d in ("sqlite", "postgresql")}
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + [broken])
    monkeypatch.setattr(sql, "MIGRATIONS", migrations.MIGRATIONS)
    monkeypatch.setattr(sql, "LATEST", migrations.LATEST + 1)
    with pytest.raises(StoreError):
        open_store(store_url)
    monkeypatch.setattr(sql, "LATEST", migrations.LATEST)
    store = open_store(store_url)  # still at the released schema, without the half-made table
    with store._tx() as q:
        assert store._schema_version(q) == migrations.LATEST
    with pytest.raises(StoreError):
        with store._tx() as q:
            q.one("SELECT COUNT(*) FROM half_done")


def test_a_workspace_from_a_newer_release_is_refused(store_url):
    store = open_store(store_url)
    with store._transaction() as q:
        store._set_schema_version(q, migrations.LATEST + 5)
    store.close()
    with pytest.raises(SchemaTooNew, match=r"newer release of influence-map .*upgrade influence-map"):
        open_store(store_url)


def _history(store, map_id):
    return ([(s.note, s.author, s.saved_at, canon(store.load_snapshot(s.id))) for s in store.snapshots(map_id)],
            [(c.author, c.kind, c.target, c.field, c.old, c.new) for c in store.changes(map_id)],
            [(x.name, x.data) for x in store.scenarios(map_id)], [f for _, f in store.forecasts(map_id)],
            store.plan(map_id))


def test_workspace_copy_and_backup_keep_the_whole_history(store_url, postgres, tmp_path):
    from click.testing import CliRunner

    from influence.cli import main

    source = open_store(store_url)
    gone = source.create_map("Gone", small_map("Gone"))
    map_id = source.create_map("Contoso", small_map(), author="ana")
    source.delete_map(gone)  # ids with gaps
    G = source.load(map_id)
    for n, attitude in enumerate(["supporter", "champion", "neutral"]):
        G.nodes["2"]["attitude"] = attitude
        add_person(G, f"n{n}", f"New {n}")
        source.save(map_id, G, note=f"save {n}", base_version=source.version(map_id), author="bo")
    source.save_scenario(map_id, "Win Bo", {"won": ["2"]})
    source.record_forecast(source.version(map_id), {"mean": 2.5})
    source.save_plan(map_id, {"steps": ["Bo"]}, author="ana")
    source.add_user("ana", role="admin", password_hash="h")
    source.add_api_token("ana", "token-hash", "script")
    source.record_event("ana", "export", map_id=map_id, detail={"format": "pdf"})
    source.set_setting("secret", "s3")
    expected = _history(source, map_id)

    other = f"sqlite:///{tmp_path / 'copy.sqlite'}" if store_url.startswith("postgresql") else postgres.create_database()
    runner = CliRunner()
    done = runner.invoke(main, ["workspace", "copy", store_url, other])
    assert done.exit_code == 0, done.output
    assert "Copied 1 map(s) with 4 snapshot(s)" in done.output and "the ids were kept" in done.output
    assert "influence-test-password" not in done.output
    copy = open_store(other)
    assert [m.id for m in copy.list_maps()] == [map_id] and _history(copy, map_id) == expected
    assert copy.api_token("token-hash").user == "ana" and copy.setting("secret") == "s3"
    assert [(e.action, e.map_id) for e in copy.events()] == [("export", map_id)]
    H = copy.load(map_id)
    H.nodes["1"]["title"] = "Chair"
    assert copy.save(map_id, H, base_version=source.version(map_id)) > source.version(map_id)

    again = runner.invoke(main, ["workspace", "copy", store_url, other])  # into a workspace with maps
    assert again.exit_code == 0 and "got new ids" in again.output and "1 user(s) already there" in again.output
    [new_id] = [m.id for m in copy.list_maps() if m.id != map_id]
    assert _history(copy, new_id) == expected

    used = open_store(f"sqlite:///{tmp_path / 'used.sqlite'}")  # a workspace whose maps were all deleted
    used.delete_map(used.create_map("Old", small_map()))
    done = runner.invoke(main, ["workspace", "copy", store_url, f"sqlite:///{tmp_path / 'used.sqlite'}"])
    assert done.exit_code == 0 and "got new ids" in done.output  # an old id could still be in a cache
    assert _history(used, used.list_maps()[0].id) == expected

    file = tmp_path / "backup.sqlite"
    done = runner.invoke(main, ["workspace", "backup", store_url, str(file)])
    assert done.exit_code == 0, done.output
    assert stat.S_IMODE(file.stat().st_mode) == 0o600 and not list(tmp_path.glob(".backup*"))
    assert _history(Workspace(file), map_id) == expected
    refused = runner.invoke(main, ["workspace", "backup", store_url, str(file)])
    assert refused.exit_code == 1 and refused.output.startswith("Error: ") and "exists" in refused.output
    for bad in (["workspace", "copy", "mysql://db/x", other], ["workspace", "backup", "postgresql://u@127.0.0.1:1/x",
                                                                str(tmp_path / "b2.sqlite")]):
        refused = runner.invoke(main, bad)
        assert refused.exit_code == 1 and refused.output.startswith("Error: ") and refused.output.count("\n") == 1
        assert not (tmp_path / "b2.sqlite").exists()


# --- SQLite only --------------------------------------------------------------------------------

FIRST_RELEASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS maps (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
    created TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT,
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE, saved_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '', people INTEGER NOT NULL, graph TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS snapshots_by_map ON snapshots(map_id, id);
CREATE TABLE IF NOT EXISTS scenarios (id INTEGER PRIMARY KEY AUTOINCREMENT,
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE, name TEXT NOT NULL,
    saved_at TEXT NOT NULL, data TEXT NOT NULL);
PRAGMA user_version = 1;
"""


def test_a_workspace_of_the_first_release_opens_with_its_history(tmp_path):
    from influence.store import graph_to_json

    path = tmp_path / "old.sqlite"
    G = small_map()
    H = small_map()
    H.nodes["2"]["attitude"] = "supporter"
    with sqlite3.connect(path) as db:  # exactly what the first release wrote
        db.executescript(FIRST_RELEASE_SCHEMA)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("INSERT INTO maps (name, created, updated) VALUES ('Contoso', '2025-01-01', '2025-02-01')")
        db.execute("INSERT INTO maps (name, created, updated) VALUES ('Gone', '2025-01-01', '2025-02-01')")
        for map_id, graph, note in [(1, G, "created"), (2, G, "created"), (1, H, "Q1 review"), (2, H, "x")]:
            db.execute("INSERT INTO snapshots (map_id, saved_at, note, people, graph) VALUES (?, '2025-02-01', ?, 3, ?)",
                       (map_id, note, graph_to_json(graph)))
        db.execute("INSERT INTO scenarios (map_id, name, saved_at, data) VALUES (1, 'Win Bo', '2025-02-01', "
                   "'{\"won\": [\"2\"]}')")
        db.execute("DELETE FROM maps WHERE id = 2")  # snapshot ids 2 and 4 must never come back
    ws = Workspace(path)
    assert [(s.id, s.note) for s in ws.snapshots(1)] == [(1, "created"), (3, "Q1 review")]
    assert ws.version(1) == 3 and ws.load(1).nodes["2"]["attitude"] == "supporter"
    assert ws.load_snapshot(1).nodes["2"]["attitude"] == "skeptic"
    assert ws.scenarios(1)[0].data == {"won": ["2"]}
    K = ws.load(1)
    K.nodes["1"]["title"] = "Chair"
    assert ws.save(1, K, base_version=3, author="ana") == 5
    assert [c.field for c in ws.changes(1)] == ["title"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA user_version").fetchone() == (migrations.LATEST,)


def test_not_a_workspace_file(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("this is not a database, just text " * 100)
    with pytest.raises(InfluenceError, match="not an influence-map workspace"):
        Workspace(bad)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(InfluenceError, match="not an influence-map workspace"):
        Workspace(other)


def test_workspace_files_and_folders_are_private(tmp_path):
    path = tmp_path / "new" / "deeper" / "ws.sqlite"
    ws = Workspace(path)
    ws.create_map("Contoso", small_map())
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for file in path.parent.iterdir():  # the database and its -wal / -shm companions
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_workspace_path() == tmp_path / "influence-map" / "workspace.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_workspace_path() == tmp_path / "home" / ".local" / "share" / "influence-map" / "workspace.sqlite"


def test_open_store_urls(tmp_path, monkeypatch):
    assert open_store(f"sqlite://{tmp_path}/a.sqlite").path == tmp_path / "a.sqlite"  # sqlite:///tmp/...
    assert open_store(f"sqlite:///{tmp_path}/b.sqlite").path == tmp_path / "b.sqlite"  # sqlite:////tmp/...
    monkeypatch.chdir(tmp_path)
    assert open_store("sqlite://rel.sqlite").path.resolve() == tmp_path / "rel.sqlite"
    assert open_store(tmp_path / "c.sqlite").path == tmp_path / "c.sqlite"
    monkeypatch.setenv("INFLUENCE_DATABASE_URL", f"sqlite:///{tmp_path}/d.sqlite")
    assert open_store().path == tmp_path / "d.sqlite"
    for bad, message in [("mysql://db/maps", "unsupported database URL"), ("sqlite:", "malformed SQLite URL"),
                         ("", "empty database URL"),
                         ("postgresql://ana:secret@db:port/x", "malformed database URL")]:
        with pytest.raises(InfluenceError, match=message) as refused:
            open_store(bad)
        assert "\n" not in str(refused.value) and "secret" not in str(refused.value)


# --- PostgreSQL only ------------------------------------------------------------------------------

def test_postgres_refusals_are_one_line_messages(postgres):
    cases = [
        (postgres.url("postgres").replace(postgres.url("").split("@")[0].split(":")[-1], "wrong-password"),
         "password authentication failed.*check the user name and password"),
        (postgres.url("no_such_database"), "does not exist.*create it first"),
        ("postgresql://influence:secret@127.0.0.1:1/influence", "is PostgreSQL running"),
    ]
    for url, message in cases:
        with pytest.raises(StoreUnavailable, match=message) as refused:
            open_store(url)
        assert "\n" not in str(refused.value)
        assert "influence-test-password" not in str(refused.value) and "secret" not in str(refused.value)


def test_postgres_server_going_away_is_a_store_error_then_recovers(postgres):
    import psycopg

    url = postgres.create_database()
    store = open_store(url)
    map_id = store.create_map("Contoso", small_map())
    with psycopg.connect(postgres.admin_url, autocommit=True) as admin:  # the server drops our connections
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                      (url.rsplit("/", 1)[1],))
    G = store.load(map_id)  # a stale connection is replaced on the next transaction
    G.nodes["1"]["attitude"] = "champion"
    version = store.save(map_id, G, base_version=store.version(map_id))
    assert open_store(url).load_snapshot(version).nodes["1"]["attitude"] == "champion"


def test_serve_database_refusals_are_one_error_line(postgres):
    from click.testing import CliRunner

    from influence.cli import main

    newer = postgres.create_schema()
    store = open_store(newer)
    with store._transaction() as q:
        store._set_schema_version(q, migrations.LATEST + 1)
    store.close()
    wrong = postgres.url("influence").replace(postgres.url("").split("@")[0].split(":")[-1], "not-the-password")
    for url, message in [("postgresql://influence@127.0.0.1:1/influence", "is PostgreSQL running"),
                         ("postgresql://influence@db:port/influence", "malformed database URL"),
                         (wrong, "password authentication failed"),
                         (newer, "newer release of influence-map")]:
        done = CliRunner().invoke(main, ["serve", "--database", url, "--port", "1"])
        assert done.exit_code == 1 and done.output.startswith("Error: ") and message in done.output, done.output
        assert done.output.count("\n") == 1 and "Traceback" not in done.output


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
