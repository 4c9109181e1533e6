"""Edits survive a crash: a process killed (SIGKILL) in the middle of saves loses nothing committed.

Two writers are killed several times each, at random moments while they save:

* a small script saving a 400-person map through :class:`influence.store.Workspace` in a
  loop, printing each snapshot id (and a digest of what it saved) after the commit;
* the real dashboard (``influence serve`` under waitress) receiving people-table edits
  from three concurrent clients, each edit acknowledged with the new version.

After every kill the workspace passes ``PRAGMA integrity_check``, opens, and every
acknowledged snapshot loads and holds exactly what was saved.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from influence.samples import load_sample
from influence.store import Workspace, graph_to_json

ROOT = Path(__file__).resolve().parents[1]

SAVER = r"""
import hashlib, sys
from influence.graph import add_person, add_reporting_line, new_map
from influence.samples import load_sample
from influence.store import Workspace, graph_to_json

path, round_ = sys.argv[1], sys.argv[2]
ws = Workspace(path)
maps = ws.list_maps()
if maps:
    map_id = maps[0].id
    G = ws.load(map_id)
else:
    G = new_map("Durable Inc")
    for i in range(400):
        add_person(G, str(i), f"Person {i}", title=f"Title {i}", department=f"Dept {i % 7}", notes="n" * 200)
        if i:
            add_reporting_line(G, str((i - 1) // 4), str(i))
    map_id = ws.create_map("Durable Inc", G)
attitudes = ["champion", "supporter", "neutral", "skeptic", "opponent"]
n = 0
while True:
    n += 1
    person = str(n % 400)
    G.nodes[person]["notes"] = f"round {round_}, save {n}"
    G.nodes[person]["attitude"] = attitudes[n % 5]
    snapshot = ws.save(map_id, G, note=f"round {round_}, save {n}")
    if n % 7 == 0:
        ws.save_scenario(map_id, f"scenario {n}", {"won": [person], "attitudes": {}})
    # Printed only once the transaction has committed.
    print(snapshot, hashlib.sha256(graph_to_json(G).encode()).hexdigest(), flush=True)
"""


def digest(G) -> str:
    return hashlib.sha256(graph_to_json(G).encode()).hexdigest()


def assert_intact(path: Path) -> None:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def read_lines(stream, into: list) -> threading.Thread:
    def pump():
        for line in stream:
            into.append(line.split())

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return thread


def test_workspace_saves_survive_sigkill(tmp_path):
    path = tmp_path / "workspace.sqlite"
    rng = random.Random(6)
    committed = []
    for round_ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(round_)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        lines: list = []
        pump = read_lines(proc.stdout, lines)
        wanted = rng.randint(3, 40)  # saves to let through before the kill lands mid-save
        deadline = time.monotonic() + 30
        while len(lines) < wanted and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert proc.poll() is None, proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        pump.join(5)
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
        assert len(lines) >= wanted
        last_id, last_digest = int(lines[-1][0]), lines[-1][1]
        committed.append((last_id, last_digest))

        assert_intact(path)
        with Workspace(path) as ws:
            map_id = ws.list_maps()[0].id
            # The last snapshot reported committed is there, exactly as saved; a save that
            # committed but was killed before it could say so may follow it, whole.
            assert digest(ws.load_snapshot(last_id)) == last_digest
            assert ws.version(map_id) >= last_id
            assert ws.load(map_id).number_of_nodes() == 400
            assert [s.id for s in ws.snapshots(map_id)] == sorted(s.id for s in ws.snapshots(map_id))
    with Workspace(path) as ws:  # every round's last commit is still there at the end
        for snapshot, saved in committed:
            assert digest(ws.load_snapshot(snapshot)) == saved


def _bench_load():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dashboard_edits_survive_sigkill_of_the_server(tmp_path):
    bench = _bench_load()  # its server start-up and browser-format callback posts
    path = tmp_path / "workspace.sqlite"
    token = "durability-test-token-0123456789"
    rng = random.Random(7)
    people = sorted(load_sample())
    acknowledged = []  # (version, person, notes) the server answered with
    lock = threading.Lock()
    for round_ in range(2):
        proc, port, log = bench.start_server(path, token, 4)
        try:
            def client(n, stop):
                session = bench.Session(port, token, None, people, [], random.Random(n), lambda *a: None)
                deps = json.loads(_get(port, token, "/_dash-dependencies"))
                session.cb = bench.Callbacks(deps)
                layout = _get(port, token, "/_dash-layout")
                map_id = bench._first_map_id(layout)
                session.props["map-select.value"] = map_id
                session.fire("map-version.data", "map-select.value", "open")
                count = 0
                while not stop.is_set():
                    count += 1
                    person = session.rng.choice(people)
                    notes = f"round {round_}, client {n}, edit {count}"
                    session.props["people-grid.cellValueChanged"] = [
                        {"rowId": person, "colId": "notes", "value": notes, "data": {"id": person}}]
                    before = session.props.get("map-version.data")
                    session.fire("edit-status.children", "people-grid.cellValueChanged", "edit")
                    after = session.props.get("map-version.data")
                    if after and after != before:
                        with lock:
                            acknowledged.append((after["version"], person, notes))
                session.close()

            stop = threading.Event()
            clients = [threading.Thread(target=client, args=(n, stop), daemon=True) for n in range(3)]
            start = len(acknowledged)
            for c in clients:
                c.start()
            wanted = start + rng.randint(5, 25)
            deadline = time.monotonic() + 30
            while len(acknowledged) < wanted and time.monotonic() < deadline:
                time.sleep(0.002)
            os.kill(proc.pid, signal.SIGKILL)  # while the clients' edits are in flight
            proc.wait()
            stop.set()
            for c in clients:
                c.join(10)
            assert len(acknowledged) >= wanted, "the dashboard acknowledged too few edits"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()

        assert_intact(path)
        with Workspace(path) as ws:
            map_id = ws.list_maps()[0].id
            for version, person, notes in acknowledged:
                assert ws.load_snapshot(version).nodes[person]["notes"] == notes
            assert ws.version(map_id) >= max(v for v, _, _ in acknowledged)
    # The server starts again on the workspace it was killed over.
    proc, port, log = bench.start_server(path, token, 2)
    proc.terminate()
    proc.wait(10)
    log.close()


def _get(port: int, token: str, path: str) -> str:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def test_online_backup_while_saving_is_a_consistent_workspace(tmp_path):
    # The README's backup recipe: SQLite's online backup, taken while the map is being saved.
    path, copy = tmp_path / "workspace.sqlite", tmp_path / "backup.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", SAVER, str(path), "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    lines: list = []
    pump = read_lines(proc.stdout, lines)
    try:
        deadline = time.monotonic() + 30
        while len(lines) < 10 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        done_before = list(lines)
        source, target = sqlite3.connect(path), sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        pump.join(5)
    assert len(done_before) >= 10
    assert_intact(copy)
    with Workspace(copy) as ws:
        for snapshot, saved in done_before:
            assert digest(ws.load_snapshot(int(snapshot))) == saved
        assert ws.load(ws.list_maps()[0].id).number_of_nodes() == 400
