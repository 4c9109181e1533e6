"""Two processes editing one map at once lose no update, on SQLite and on PostgreSQL.

Each process runs 200 load-change-save cycles on the same person: read the map's version
and that version's state, add one to a counter, save with ``base_version``, and on
:class:`~influence.store.Conflict` start the cycle again. Every acknowledged save must be in
the history and the counter must end at exactly 400: an edit made on a stale version can
never be saved over someone else's.
"""

from __future__ import annotations

import subprocess
import sys

from influence.graph import add_person, new_map
from influence.store import open_store

from browsing import edit_grid_cell
from components import component_text as _text

CYCLES = 200

WORKER = r"""
import sys
from influence.store import Conflict, open_store

url, map_id, who, cycles = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = open_store(url)
print("ready", flush=True)
sys.stdin.readline()  # both start together
done = retries = 0
acknowledged = []
while done < cycles:
    version = store.version(map_id)
    G = store.load_snapshot(version)
    G.nodes["1"]["edits"] = G.nodes["1"].get("edits", 0) + 1
    G.nodes["1"]["last_" + who] = done
    try:
        acknowledged.append(store.save(map_id, G, base_version=version, author=who, note=f"{who} {done}"))
    except Conflict:
        retries += 1
        continue
    done += 1
print(retries, " ".join(map(str, acknowledged)), flush=True)
"""


def test_two_processes_lose_no_update(store_url):
    G = new_map("Contended")
    for n in range(1, 11):
        add_person(G, str(n), f"Person {n}", attitude="neutral")
    store = open_store(store_url)
    map_id = store.create_map("Contended", G)
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, store_url, str(map_id), who, str(CYCLES)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for who in ("ana", "bo")]
    try:
        for w in workers:
            assert w.stdout.readline().strip() == "ready", w.stderr.read()
        for w in workers:
            w.stdin.write("go\n")
            w.stdin.flush()
        results = []
        for w in workers:
            out, err = w.communicate(timeout=240)
            assert w.returncode == 0, err
            retries, acknowledged = out.strip().split(" ", 1)
            results.append((int(retries), [int(v) for v in acknowledged.split()]))
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
    acknowledged = sorted(v for _, ids in results for v in ids)
    assert len(acknowledged) == 2 * CYCLES == len(set(acknowledged))
    final = store.load(map_id)
    assert final.nodes["1"]["edits"] == 2 * CYCLES  # not one increment lost
    assert final.nodes["1"]["last_ana"] == final.nodes["1"]["last_bo"] == CYCLES - 1
    history = store.snapshots(map_id)
    assert [s.id for s in history[1:]] == acknowledged
    assert sorted(s.author for s in history[1:]) == ["ana"] * CYCLES + ["bo"] * CYCLES
    # Each acknowledged version holds its own increment: the counter climbs one per save.
    assert [store.load_snapshot(v).nodes["1"]["edits"] for v in acknowledged[::50]] == \
        [1 + i * 50 for i in range(len(acknowledged[::50]))]


# --- the dashboard: two people editing the same person ------------------------------------------

def _ids(component, kind: str) -> list:
    if isinstance(component, (list, tuple)):
        return [i for c in component for i in _ids(c, kind)]
    if component is None or isinstance(component, (str, int, float)):
        return []
    cid = getattr(component, "id", None)
    own = [component] if isinstance(cid, dict) and cid.get("type") == kind else []
    return own + _ids(getattr(component, "children", None), kind)


def _two_pages(store_url):
    import pytest

    pytest.importorskip("dash")
    from influence.dashboard.service import MapService

    G = new_map("Contoso")
    add_person(G, "1", "Ada Lind", title="CTO", attitude="neutral", department="IT")
    add_person(G, "2", "Bo Chen", title="CFO", attitude="skeptic")
    map_id = open_store(store_url).create_map("Contoso", G)
    # Two servers (one per person), each with its own store connection and caches.
    ana, bo = MapService(open_store(store_url)), MapService(open_store(store_url))
    page = {"map_id": map_id, "version": ana.version(map_id)}
    return ana, bo, page, map_id


def _edit(person, field, value, old=None):
    return [{"rowId": person, "colId": field, "value": value, "oldValue": old, "data": {"id": person}}]


def test_edits_of_different_fields_of_one_person_both_stay(store_url):
    from influence.dashboard.callbacks.editing import people_edit_action

    ana, bo, page, map_id = _two_pages(store_url)
    first, status, _ = people_edit_action(ana, dict(page), _edit("1", "title", "CIO", "CTO"))
    assert _text(status).startswith("Saved: ")
    second, status, _ = people_edit_action(bo, dict(page), _edit("1", "attitude", "supporter", "neutral"))
    assert "Saved: " in _text(status) and "saved meanwhile" in _text(status)
    assert second["version"] > first["version"]
    G = open_store(store_url).load(map_id)
    assert (G.nodes["1"]["title"], G.nodes["1"]["attitude"]) == ("CIO", "supporter")


def test_the_same_field_asks_which_value_stays(store_url):
    from influence.dashboard.callbacks.editing import CHOICE, PENDING, conflict_choice_action, people_edit_action

    ana, bo, page, map_id = _two_pages(store_url)
    saved, _, _ = people_edit_action(ana, dict(page), _edit("1", "attitude", "supporter", "neutral"))
    version, prompt, rows = people_edit_action(bo, dict(page), _edit("1", "attitude", "opponent", "neutral"))
    text = _text(prompt)
    assert version is rows is __import__("dash").no_update  # nothing saved, the edit stays in the page
    assert "Saved" not in text.replace("Not saved", "") and "Not saved yet" in text
    assert "“supporter”" in text and "“opponent”" in text and "Ada Lind" in text
    assert open_store(store_url).load(map_id).nodes["1"]["attitude"] == "supporter"
    pending = [p.data for p in _ids(prompt, PENDING)]
    buttons = {b.id["choice"]: _text(b) for b in _ids(prompt, CHOICE)}
    assert set(buttons) == {"mine", "theirs"} and "opponent" in buttons["mine"] and "supporter" in buttons["theirs"]

    kept, status, _ = conflict_choice_action(bo, "theirs", [None, 1], pending)
    assert kept == {"map_id": map_id, "version": saved["version"]} and "not saved" in _text(status)
    assert open_store(store_url).load(map_id).nodes["1"]["attitude"] == "supporter"

    mine, status, _ = conflict_choice_action(bo, "mine", [1, None], pending)
    assert _text(status).startswith("Saved: ") and mine["version"] > saved["version"]
    assert open_store(store_url).load(map_id).nodes["1"]["attitude"] == "opponent"
    assert conflict_choice_action(bo, "mine", [None, None], pending)[0] is __import__("dash").no_update


def test_a_foreign_version_from_the_page_is_not_saved(store_url):
    from influence.dashboard.callbacks.editing import people_edit_action

    ana, _, page, map_id = _two_pages(store_url)
    other = open_store(store_url).create_map("Fabrikam", new_map("Fabrikam"))
    foreign = {"map_id": map_id, "version": ana.version(other)}
    version, status, _ = people_edit_action(ana, foreign, _edit("1", "title", "CIO", "CTO"))
    assert "Not saved" in _text(status) and "Saved:" not in _text(status)
    assert open_store(store_url).load(map_id).nodes["1"]["title"] == "CTO"


def test_a_save_the_database_refuses_says_not_saved(postgres):
    import psycopg

    from influence.dashboard.callbacks.editing import people_edit_action

    url = postgres.create_database()
    ana, _, page, map_id = _two_pages(url)
    ana.graph(map_id, page["version"])  # the page has the map; then the database goes away
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(postgres.admin_url, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
    try:
        version, status, rows = people_edit_action(ana, dict(page), _edit("1", "title", "CIO", "CTO"))
        assert _text(status).startswith("Not saved: ") and "database" in _text(status)
        assert version is rows is __import__("dash").no_update
    finally:
        with psycopg.connect(postgres.admin_url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert open_store(url).load(map_id).nodes["1"]["title"] == "CTO"


# --- two real browsers on two servers sharing one PostgreSQL -------------------------------------

def _serve(url: str, log_path, token: str):
    import os

    from pg import free_port

    port = free_port()
    log = open(log_path, "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "from influence.cli import main; main()", "serve", "--database", url,
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", "INFLUENCE_TOKEN": token})
    return proc, port, log


def _wait_until_serving(proc, port, log, token):
    import time
    import urllib.request

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError("influence serve stopped:\n" + log.read())
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/_dash-layout",
                                             headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("influence serve did not answer within 90 s")


def test_two_browsers_editing_one_person(browser, postgres, tmp_path):
    """Ana and Bo, each on their own server, edit the same person: different fields both
    stay; the same field asks Ana which value stays, and keeping hers saves it."""
    import pytest

    pytest.importorskip("playwright.sync_api")
    url = postgres.create_schema()
    token = "two-browsers-test-token-0123456789"
    servers = []
    contexts = []
    try:
        from influence.samples import load_sample
        from influence.store import open_store

        open_store(url).create_map("Northwind Systems", load_sample())  # then both servers start at once
        servers = [_serve(url, tmp_path / f"{n}.log", token) for n in ("one", "two")]
        for server in servers:
            _wait_until_serving(*server, token)
        pages = []
        for _, port, _ in servers:  # both pages load at the same time
            context = browser.new_context(viewport={"width": 1500, "height": 950})
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(45_000)
            page.goto(f"http://127.0.0.1:{port}/?token={token}", wait_until="commit")
            pages.append(page)
        for page in pages:
            page.locator("#main-tabs .nav-link", has_text="People").click()
        for page in pages:
            page.locator("#people-grid .ag-center-cols-container div[row-index='0'] div[col-id='title']").wait_for()
        ana, bo = pages
        row = ana.locator("#people-grid .ag-center-cols-container div[row-index='0']").get_attribute("row-id")

        def edit(page, field, text):
            cell = page.locator(f"#people-grid .ag-center-cols-container div[row-id='{row}'] div[col-id='{field}']")
            edit_grid_cell(page, cell, text, choice=field == "attitude")

        edit(ana, "title", "Chief Partner Officer")
        ana.wait_for_selector("#edit-status .alert-success")
        edit(bo, "attitude", "supporter")  # Bo's page still shows the version before Ana's save
        bo.wait_for_selector("#edit-status .alert-success")
        assert "meanwhile" in bo.inner_text("#edit-status")
        saved = open_store(url)
        map_id = saved.list_maps()[0].id
        person = saved.load(map_id).nodes[row]
        assert (person["title"], person["attitude"]) == ("Chief Partner Officer", "supporter")
        bo.wait_for_function(f"""() => [...document.querySelectorAll("#people-grid div[row-id='{row}'] div[col-id='title']")]
                                  .some(c => c.innerText.includes('Chief Partner Officer'))""")

        edit(ana, "attitude", "opponent")  # Ana's page has not seen Bo's attitude
        prompt = ana.wait_for_selector("#edit-status .alert-warning")
        text = prompt.inner_text()
        assert "“supporter”" in text and "“opponent”" in text and "Saved" not in text.replace("Not saved", "")
        assert saved.load(map_id).nodes[row]["attitude"] == "supporter"
        ana.get_by_role("button", name="Keep mine").click()
        ana.wait_for_selector("#edit-status .alert-success")
        assert saved.load(map_id).nodes[row]["attitude"] == "opponent"
        assert saved.load(map_id).nodes[row]["title"] == "Chief Partner Officer"
    finally:
        for context in contexts:
            context.close()
        for proc, _, log in servers:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def test_a_tie_changed_meanwhile_is_not_saved_over(store_url):
    from influence.dashboard.callbacks.editing import ties_edit_action
    from influence.graph import add_relationship

    ana, bo, page, map_id = _two_pages(store_url)
    G = open_store(store_url).load(map_id)
    add_relationship(G, "1", "2", "influences", 0.5)
    page = {"map_id": map_id, "version": open_store(store_url).save(map_id, G)}
    row = {"source": "1", "target": "2", "type": "influences"}
    saved, status, _ = ties_edit_action(ana, dict(page), None, changes=[
        {"colId": "strength", "value": "strong", "oldValue": 0.5, "data": row}])
    assert _text(status).startswith("Saved: ")
    version, status, _ = ties_edit_action(bo, dict(page), None, changes=[
        {"colId": "strength", "value": "weak", "oldValue": 0.5, "data": row}])
    assert _text(status).startswith("Not saved: ") and "reload the map" in _text(status)
    assert version is __import__("dash").no_update
    assert open_store(store_url).load(map_id).edges["1", "2", "influences"]["strength"] == \
        ana.graph(map_id, saved["version"]).edges["1", "2", "influences"]["strength"]


OPENER = r"""
import sys
from influence.store import open_store

print("ready", flush=True)
sys.stdin.readline()
store = open_store(sys.argv[1])
print(len(store.list_maps()), flush=True)
"""


def test_servers_starting_together_on_a_new_database_migrate_it_once(store_url):
    openers = [subprocess.Popen([sys.executable, "-c", OPENER, store_url], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        for p in openers:
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        for p in openers:
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in openers:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 and out.strip() == "0", err
    finally:
        for p in openers:
            if p.poll() is None:
                p.kill()
    from influence.store import migrations

    store = open_store(store_url)
    with store._tx() as q:
        assert store._schema_version(q) == migrations.LATEST
