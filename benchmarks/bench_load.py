"""The dashboard under load: 2 server processes × 25 people using it at once, edits included.

Run ``python benchmarks/bench_load.py --postgres`` (``--servers 2 --sessions 25 --duration
30``; ``--postgres`` starts a throwaway PostgreSQL cluster as the tests do, ``--database
URL`` uses an empty database of yours, and without either the servers share one SQLite
file). It starts ``--servers`` ``influence serve`` processes on the same database
(waitress, an access token, 127.0.0.1 only; the first one starts the empty workspace with
the bundled sample map) and drives ``--sessions`` concurrent sessions per server over HTTP
with keep-alive connections, each doing what a browser does:

* opening the page: ``/``, ``/_dash-layout``, ``/_dash-dependencies``, then the callbacks
  the page fires on load (open the map, its analysis, the map, the panels, the what-if);
* then, after a think time, one interaction at a time, chosen at random: **open a
  person's card**, **find paths** to someone (and redraw the map with them), a
  **what-if** (mark one or two people as won over: a new scenario, so a full analysis of
  it, then the what-if table and the map), a **filter** (attitudes or a department: the
  map and the grid), **switch** between the map and the grid tab, **reload** the page, or
  **edit** a cell of the people table: the notes of the session's own person (so every
  session's edits must all survive), now and then the attitude of anyone (two sessions may
  then change the same field: the dashboard asks instead of saving), then the page's
  analysis and map of the new version.

After the run, every edit the dashboard acknowledged ("Saved", with a new version) is
checked in the database: that version holds it, and the latest version holds each
session's last notes. The count of acknowledged edits missing must be 0.

Every ``/_dash-update-component`` body is built from the app's own callback map
(``/_dash-dependencies``) in the format the Dash renderer sends (checked against a
recorded Chromium session), with the values the session's previous replies gave it.
The run stops after ``--duration`` seconds or ``--max-requests`` requests and prints the
p50/p95/p99 latency of every request, per interaction, the error count (any reply other
than 200/204, or a Dash error), the edits acknowledged, carried over others' saves,
refused with a question, and missing afterwards. Target: p95 < 300 ms, no errors, no
acknowledged edit missing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ATTITUDES = ["champion", "supporter", "neutral", "skeptic", "opponent", "unknown"]


# --- the server -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workspace: Path, token: str, threads: int, *, database: str | None = None,
                 name: str = "") -> tuple[subprocess.Popen, int, object]:
    """Start ``influence serve`` on *workspace* (an SQLite file), or on *database* (a URL)
    with its log beside *workspace*; returns (process, port, log file) once it answers."""
    port = free_port()
    log = open(workspace.with_name(f"{workspace.stem}{name}.log"), "w+", encoding="utf-8")
    where = ["--database", database] if database else ["--workspace", str(workspace)]
    command = [sys.executable, "-c", "from influence.cli import main; main()", "serve", "--host", "127.0.0.1",
               "--port", str(port), *where, "--threads", str(threads)]
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "INFLUENCE_TOKEN": token, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit("influence serve stopped:\n" + log.read())
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/_dash-layout", headers={"Authorization": f"Bearer {token}"})
            if conn.getresponse().status == 200:
                return proc, port, log
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("influence serve did not answer within 90 s")


# --- a browser session, over HTTP ---------------------------------------------------------

class Callbacks:
    """The app's callbacks (from ``/_dash-dependencies``), found by what they update."""

    def __init__(self, dependencies: list[dict]):
        self.all = dependencies

    @staticmethod
    def outputs(spec: dict) -> list[dict]:
        key = spec["output"]
        parts = key[2:-2].split("...") if key.startswith("..") else [key]
        return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def find(self, output: str, trigger: str) -> dict:
        """The callback whose own (non-duplicate) outputs include *output* and inputs *trigger*."""
        for spec in self.all:
            if spec.get("clientside_function"):
                continue
            outs = {f"{o['id']}.{o['property']}" for o in self.outputs(spec)}
            ins = {i["id"] if i["id"].startswith("{") else f"{i['id']}.{i['property']}" for i in spec["inputs"]}
            if output in outs and (trigger in ins or any(trigger in i for i in ins)):
                return spec
        raise LookupError(f"no callback updates {output} on {trigger}; has the dashboard changed?")


class Session:
    """One user: a keep-alive connection and the component values the page holds."""

    def __init__(self, port: int, token: str, callbacks: Callbacks, people: list[str], departments: list[str],
                 rng: random.Random, record):
        self.port, self.token, self.cb = port, token, callbacks
        self.people, self.departments, self.rng, self.record = people, departments, rng, record
        self.conn = None
        self.props: dict[str, object] = {}

    # HTTP --------------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: bytes | None, kind: str) -> tuple[int, bytes]:
        headers = {"Authorization": f"Bearer {self.token}", "Accept-Encoding": "identity"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                reply = self.conn.getresponse()
                data = reply.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: a browser reconnects too.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    self.record(kind, time.perf_counter() - started, False)
                    return 0, b""
                continue
            except (OSError, http.client.HTTPException):  # refused, timed out, cut off mid-reply
                self.conn.close()
                self.conn = None
                self.record(kind, time.perf_counter() - started, False)
                return 0, b""
            elapsed = time.perf_counter() - started
            ok = reply.status in (200, 204)
            if ok and reply.status == 200 and path == "/_dash-update-component":
                ok = data.startswith(b"{")  # Dash's JSON reply, not an error page
            self.record(kind, elapsed, ok)
            return reply.status, data
        return 0, b""

    def get(self, path: str, kind: str) -> None:
        self._request("GET", path, None, kind)

    def fire(self, output: str, trigger: str, kind: str, *, pattern_inputs: list | None = None,
             changed: list[str] | None = None) -> None:
        """Post the callback updating *output* after *trigger* changed; keep what it returns."""
        spec = self.cb.find(output, trigger)

        def item(dep):
            if dep["id"].startswith("{"):
                return pattern_inputs or []
            entry = {"id": dep["id"], "property": dep["property"]}
            value = self.props.get(f"{dep['id']}.{dep['property']}")
            if value is not None:
                entry["value"] = value
            return entry

        outputs = Callbacks.outputs(spec)
        changed = changed or [trigger]
        body = {
            "output": spec["output"], "outputs": outputs if spec["output"].startswith("..") else outputs[0],
            "inputs": [item(d) for d in spec["inputs"]], "changedPropIds": changed,
            "parsedChangedPropsIds": changed,
        }
        if spec.get("state"):
            body["state"] = [item(d) for d in spec["state"]]
        status, data = self._request("POST", "/_dash-update-component", json.dumps(body).encode(), kind)
        if status == 200 and data:
            for cid, props in (json.loads(data).get("response") or {}).items():
                for prop, value in props.items():
                    self.props[f"{cid}.{prop.split('@')[0]}"] = value

    # what people do ------------------------------------------------------------------------

    def open_page(self, map_id: int) -> None:
        kind = "open the page"
        for path in ("/", "/_dash-layout", "/_dash-dependencies"):
            self.get(path, kind)
        self.props.update({"map-select.value": map_id, "layout-toggle.value": "org", "filter-attitude.value": [],
                           "filter-min-influence.value": 0, "filter-hops.value": 1, "scenario.data": {},
                           "show-edges.value": ["reporting", "ties"], "main-tabs.active_tab": "map"})
        self.fire("map-version.data", "map-select.value", kind)
        self.fire("analysis-state.data", "map-version.data", kind)
        for output in ("map-cyto.elements", "panels.children", "whatif-result.children", "grid-graph.figure"):
            self.fire(output, "analysis-state.data", kind)

    def open_card(self) -> None:
        person = self.rng.choice(self.people)
        link = {"at": f"panel-{self.rng.randint(1, 25)}", "id": person, "type": "panel-person"}
        changed = json.dumps(link, sort_keys=True, separators=(",", ":")) + ".n_clicks"
        self.fire("person-card.is_open", "panel-person", "open a card", changed=[changed],
                  pattern_inputs=[{"id": link, "property": "n_clicks", "value": 1}])

    def find_paths(self) -> None:
        self.props["path-target.value"] = self.rng.choice(self.people)
        self.fire("paths-store.data", "path-target.value", "find paths")
        self.fire("map-cyto.elements", "paths-store.data", "find paths")

    def what_if(self) -> None:
        self.props["whatif-won.value"] = self.rng.sample(self.people, self.rng.choice((1, 1, 2)))
        self.fire("scenario.data", "whatif-won.value", "what-if")
        self.fire("whatif-result.children", "scenario.data", "what-if")
        self.fire("map-cyto.elements", "scenario.data", "what-if")

    def filter(self) -> None:
        if self.rng.random() < 0.5:
            self.props["filter-attitude.value"] = self.rng.sample(ATTITUDES, self.rng.randint(0, 3))
            trigger = "filter-attitude.value"
        else:
            self.props["filter-department.value"] = self.rng.sample(self.departments, self.rng.randint(0, 2))
            trigger = "filter-department.value"
        self.fire("map-cyto.elements", trigger, "filter")
        self.fire("grid-graph.figure", trigger, "filter")

    def switch_tab(self) -> None:
        tab = "grid" if self.props.get("main-tabs.active_tab") == "map" else "map"
        self.props["main-tabs.active_tab"] = tab
        self.fire("grid-graph.figure", "main-tabs.active_tab", "switch map/grid")

    def edit(self, own_person: str, acknowledged: list, outcomes: dict) -> None:
        """Edit a cell of the people table as the grid posts it; note what the server says."""
        self.edits = getattr(self, "edits", 0) + 1
        if self.rng.random() < 0.8:
            person, field = own_person, "notes"
            value = f"{own_person}: edit {self.edits} of this session"
        else:
            person, field = self.rng.choice(self.people), "attitude"
            value = self.rng.choice(ATTITUDES[:5])
        self.props["people-grid.cellValueChanged"] = [
            {"rowId": person, "colId": field, "value": value, "oldValue": None, "data": {"id": person},
             "rowIndex": 0}]
        before = self.props.get("map-version.data")
        self.props.pop("edit-status.children", None)
        self.fire("edit-status.children", "people-grid.cellValueChanged", "edit a cell")
        after = self.props.get("map-version.data")
        status = json.dumps(self.props.get("edit-status.children"))
        if after and after != before and "Saved: " in status and "Not saved" not in status:
            acknowledged.append((after["version"], person, field, value))
            outcomes["carried over others' saves" if "meanwhile" in status else "saved"] += 1
            # The page then shows the new version: its analysis and its map.
            self.fire("analysis-state.data", "map-version.data", "edit a cell")
            self.fire("map-cyto.elements", "analysis-state.data", "edit a cell")
        elif "Not saved yet" in status:
            outcomes["asked: same field changed meanwhile"] += 1
        elif "No change" in status:
            outcomes["no change"] += 1
        else:
            outcomes["not saved"] += 1
            texts = outcomes.setdefault("_examples", [])
            if len(texts) < 3:
                texts.append(status[:300])

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


# --- the run ------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(sessions: int = 25, duration: float = 30.0, max_requests: int = 50_000, threads: int = 8,
        think: float = 1.0, seed: int = 0, servers: int = 2, database: str | None = None,
        postgres: bool = False, edits: bool = True) -> dict:
    """Drive *sessions* concurrent users on each of *servers* processes for *duration* seconds."""
    from influence.samples import load_sample
    from influence.store import mask_url, open_store

    G = load_sample()
    people = sorted(G)
    departments = sorted({G.nodes[p].get("department") or "(no department)" for p in G})
    token = secrets.token_urlsafe(24)
    folder = Path(tempfile.mkdtemp(prefix="influence-load-"))
    cluster = None
    if postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        import pg

        cluster = pg.start_cluster()
        database = cluster.create_database("load")
    url = database or f"sqlite:///{folder / 'workspace.sqlite'}"
    procs = []
    try:
        for n in range(servers):  # one after the other: the first one puts the sample map in
            procs.append(start_server(folder / "workspace.sqlite", token, threads, database=url, name=f"-{n}"))
        ports = [port for _, port, _ in procs]
        conn = http.client.HTTPConnection("127.0.0.1", ports[0], timeout=30)
        conn.request("GET", "/_dash-dependencies", headers={"Authorization": f"Bearer {token}"})
        callbacks = Callbacks(json.loads(conn.getresponse().read()))
        conn.request("GET", "/_dash-layout", headers={"Authorization": f"Bearer {token}"})
        layout = conn.getresponse().read().decode()
        conn.close()
        map_id = _first_map_id(layout)

        lock = threading.Lock()
        times: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        acknowledged: list = []
        outcomes: dict[str, int] = defaultdict(int)
        measuring = threading.Event()
        stop = threading.Event()

        def record(kind, elapsed, ok):
            if not measuring.is_set():
                return
            with lock:
                times[kind].append(elapsed)
                if not ok:
                    errors[kind] += 1
                if sum(len(v) for v in times.values()) >= max_requests:
                    stop.set()

        # One warm-up page load per server (the map's first analysis), not counted.
        for port in ports:
            Session(port, token, callbacks, people, departments, random.Random(seed), record).open_page(map_id)
        measuring.set()

        def user(n):
            rng = random.Random(seed * 1000 + n)
            session = Session(ports[n % len(ports)], token, callbacks, people, departments, rng, record)
            own = people[n % len(people)]
            try:
                stop.wait(rng.uniform(0, think))  # people arrive spread out, not in one burst
                session.open_page(map_id)
                actions = [session.open_card] * 3 + [session.find_paths] * 2 + [session.what_if] * 2 + \
                          [session.filter] * 2 + [session.switch_tab, lambda: session.open_page(map_id)] + \
                          ([lambda: session.edit(own, acknowledged, outcomes)] if edits else [])
                while not stop.is_set():
                    if stop.wait(rng.uniform(0.5 * think, 1.5 * think)):
                        break
                    rng.choice(actions)()
            finally:
                session.close()

        started = time.perf_counter()
        total = sessions * len(ports)
        workers = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(total)]
        for w in workers:
            w.start()
        stop.wait(duration)
        stop.set()
        for w in workers:
            w.join(30)
        elapsed = time.perf_counter() - started
        for proc, _, log in procs:
            proc.terminate()
        for proc, _, log in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        missing = _missing(open_store(url), map_id, acknowledged)
    finally:
        for proc, _, log in procs:
            if proc.poll() is None:
                proc.kill()
            log.close()
        if cluster is not None:
            cluster.stop()

    every = [t for v in times.values() for t in v]
    figures = {
        "servers": len(procs), "sessions_per_server": sessions, "store": mask_url(url).split(":", 1)[0],
        "seconds": round(elapsed, 1), "think_s": think, "server_threads": threads,
        "requests": len(every), "requests_per_s": round(len(every) / elapsed, 1),
        "errors": sum(errors.values()),
        "p50_ms": round(1000 * percentile(every, 0.50), 1), "p95_ms": round(1000 * percentile(every, 0.95), 1),
        "p99_ms": round(1000 * percentile(every, 0.99), 1), "max_ms": round(1000 * max(every), 1),
        "edits_acknowledged": len(acknowledged),
        "edit_outcomes": {k: v for k, v in sorted(outcomes.items()) if not k.startswith("_")},
        "not_saved_examples": outcomes.get("_examples", []),
        "acknowledged_edits_missing": missing,
        "by_interaction": {
            kind: {"requests": len(v), "errors": errors.get(kind, 0),
                   "p50_ms": round(1000 * percentile(v, 0.5), 1), "p95_ms": round(1000 * percentile(v, 0.95), 1)}
            for kind, v in sorted(times.items())},
    }
    return figures


def _missing(store, map_id: int, acknowledged: list) -> int:
    """Acknowledged edits the database does not hold: not in the version the server
    answered with, or (a session's own notes) not the latest value of that field."""
    missing = 0
    last: dict = {}
    for version, person, field, value in sorted(acknowledged):
        if store.load_snapshot(version).nodes[person].get(field) != value:
            missing += 1
        if field == "notes":
            last[person] = value
    latest = store.load(map_id)
    missing += sum(1 for person, value in last.items() if latest.nodes[person].get("notes") != value)
    return missing


def _first_map_id(layout_json: str) -> int:
    """The map the page opens (the map dropdown's value in the layout)."""
    def walk(node):
        if isinstance(node, dict):
            props = node.get("props") or {}
            if props.get("id") == "map-select":
                return props.get("value")
            for value in props.values():
                found = walk(value)
                if found is not None:
                    return found
        elif isinstance(node, list):
            for value in node:
                found = walk(value)
                if found is not None:
                    return found
        return None

    found = walk(json.loads(layout_json))
    if found is None:
        raise SystemExit("the page opens no map; is the workspace empty?")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=2, help="influence serve processes on one database [2]")
    parser.add_argument("--sessions", type=int, default=25, help="concurrent users per server [25]")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load [30]")
    parser.add_argument("--max-requests", type=int, default=50_000, help="stop after this many requests [50000]")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads per server [8]")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds between a user's interactions (uniform 0.5x-1.5x) [1.0]")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL cluster for the run")
    parser.add_argument("--database", metavar="URL", help="an empty database for the run [an SQLite file]")
    parser.add_argument("--no-edits", action="store_true", help="leave the edits out (a baseline)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = run(args.sessions, args.duration, args.max_requests, args.threads, args.think, args.seed,
                  args.servers, args.database, args.postgres, not args.no_edits)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{figures['servers']} servers × {figures['sessions_per_server']} sessions on {figures['store']} for "
              f"{figures['seconds']} s (think time {figures['think_s']} s, waitress with "
              f"{figures['server_threads']} threads each): {figures['requests']} requests, "
              f"{figures['requests_per_s']}/s, {figures['errors']} errors")
        print(f"latency p50 {figures['p50_ms']} ms · p95 {figures['p95_ms']} ms · p99 {figures['p99_ms']} ms · "
              f"max {figures['max_ms']} ms")
        outcomes = ", ".join(f"{n} {k}" for k, n in figures["edit_outcomes"].items())
        for example in figures["not_saved_examples"]:
            print("  not saved:", example)
        print(f"edits: {figures['edits_acknowledged']} acknowledged ({outcomes}); "
              f"acknowledged edits missing afterwards: {figures['acknowledged_edits_missing']}")
        width = max(len(k) for k in figures["by_interaction"])
        for kind, f in figures["by_interaction"].items():
            print(f"  {kind:<{width}}  {f['requests']:>6} requests  {f['errors']:>3} errors  "
                  f"p50 {f['p50_ms']:>7.1f} ms  p95 {f['p95_ms']:>7.1f} ms")
    ok = figures["p95_ms"] < 300 and figures["errors"] == 0 and figures["acknowledged_edits_missing"] == 0
    print("target p95 < 300 ms, 0 errors, 0 acknowledged edits missing:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
