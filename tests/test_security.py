"""The server lets no one in by accident, and no field of a map can inject HTML or script.

Fast checks go through Flask's test client and click's CliRunner; the ``browser`` tests
open a map full of ``<script>`` and ``<img onerror>`` names in Chromium behind an access
token and check that nothing injected ever runs.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browsing import CY
from click.testing import CliRunner

from influence.cli import main
from influence.dashboard import security
from influence.dashboard.app import create_app
from influence.importer import read_workbook
from influence.samples import sample_path
from influence.store import Workspace

TOKEN = "correct-horse-battery-staple-42"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ROOT = Path(__file__).resolve().parents[1]


# --- a hostile map ----------------------------------------------------------------------

def hostile_workbook(path: Path) -> Path:
    """The sample workbook with HTML and script in every free-text field (and the partner name)."""
    from openpyxl import load_workbook

    wb = load_workbook(sample_path())
    people = wb["People"]
    header_row = next(r for r in range(1, 10) if people.cell(r, 1).value == "ID")
    columns = {people.cell(header_row, c).value: c for c in range(1, people.max_column + 1)}
    people.cell(1, 2).value = SCRIPT + " Northwind"
    renamed = {}
    for i, row in enumerate(range(header_row + 1, people.max_row + 1)):
        name = people.cell(row, columns["Name"]).value
        if not name:
            continue
        payload = SCRIPT if i % 2 == 0 else IMG
        renamed[name] = f"{payload} {name}"
        people.cell(row, columns["Name"]).value = renamed[name]
        people.cell(row, columns["Title"]).value = f"{IMG} {people.cell(row, columns['Title']).value or ''}"
        people.cell(row, columns["Department"]).value = IMG if i % 3 == 0 else SCRIPT
        people.cell(row, columns["Notes"]).value = f"{SCRIPT}{IMG} notes"
        people.cell(row, columns["Location"]).value = IMG
    ties = wb["Relationships"]
    for row in range(2, ties.max_row + 1):
        for col in (1, 2):
            value = ties.cell(row, col).value
            if value in renamed:
                ties.cell(row, col).value = renamed[value]
        ties.cell(row, 5).value = SCRIPT
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    G = read_workbook(hostile_workbook(tmp_path_factory.mktemp("hostile") / "hostile.xlsx"))
    assert sum(SCRIPT in (G.nodes[p].get("name") or "") for p in G) >= 25  # imported as text
    return G


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def assert_nothing_injected(markup: str) -> None:
    parser = Tags()
    parser.feed(markup)
    assert not [t for t, a in parser.tags if t == "img" and a.get("src") == "x"]
    assert not [(t, a) for t, a in parser.tags if any(k.startswith("on") and "alert" in (v or "") for k, v in a.items())]
    # Names inside a <script> (the map's data) must not be able to close it.
    assert not [s for s in parser.scripts if "alert(1)" in s and "</script" in s.lower()]
    assert SCRIPT not in markup and IMG not in markup


# --- exports ----------------------------------------------------------------------------

def test_html_export_escapes_every_field(hostile_graph):
    from influence.export import export_bytes

    page = export_bytes(hostile_graph, "html").decode("utf-8")
    assert_nothing_injected(page)
    # Escaped, not dropped: the reader still sees what was typed.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_svg_export_escapes_every_field(hostile_graph):
    import xml.etree.ElementTree as ET

    from influence.export import export_bytes, stop_renderer

    try:
        svg = export_bytes(hostile_graph, "svg").decode("utf-8")
    finally:
        stop_renderer()
    assert SCRIPT not in svg and IMG not in svg
    root = ET.fromstring(svg)
    tags = [el.tag.rsplit("}", 1)[-1] for el in root.iter()]
    assert "script" not in tags and "foreignObject" not in tags
    assert not [el for el in root.iter() if any(k.lower().startswith("on") for k in el.attrib)]
    assert "alert(1)" in "".join(root.itertext())  # the names are there, as text


# --- listening only where it is safe ----------------------------------------------------

@pytest.fixture
def no_token(monkeypatch):
    monkeypatch.delenv(security.TOKEN_ENV, raising=False)
    monkeypatch.delenv(security.MAX_UPLOAD_ENV, raising=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.com"])
def test_serve_refuses_a_non_loopback_host_without_a_token(tmp_path, no_token, host):
    result = CliRunner().invoke(main, ["serve", "--host", host, "--workspace", str(tmp_path / "ws.sqlite")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: refusing to listen on {host} without an access token")
    assert "export INFLUENCE_TOKEN=" in lines[0] and "--host 127.0.0.1" in lines[0]
    assert not (tmp_path / "ws.sqlite").exists()  # refused before anything was opened


def test_serve_refuses_a_short_token(tmp_path, monkeypatch):
    monkeypatch.setenv(security.TOKEN_ENV, "hunter2")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--workspace", str(tmp_path / "ws.sqlite")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: INFLUENCE_TOKEN is too short (7 characters); use at least 16")


def test_serve_with_a_token_listens_anywhere_under_waitress_and_requires_it(tmp_path, monkeypatch):
    from influence.cli import commands_serve

    monkeypatch.setenv(security.TOKEN_ENV, TOKEN)
    monkeypatch.setenv(security.MAX_UPLOAD_ENV, "7")
    served = {}
    monkeypatch.setattr(commands_serve, "serve_production",
                        lambda app, host, port, threads, **bounds: served.update(app=app, host=host, port=port,
                                                                                 threads=threads))
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8123",
                                       "--workspace", str(tmp_path / "ws.sqlite")])
    assert result.exit_code == 0, result.output
    assert TOKEN not in result.output  # never printed where a screen share or a log would show it
    assert "Access token required" in result.output and "?token=" in result.output
    assert (served["host"], served["port"], served["threads"]) == ("0.0.0.0", 8123, 8)
    app = served["app"]
    assert app.server.config["INFLUENCE_MAX_UPLOAD_BYTES"] == 7 * 1024 * 1024
    client = app.server.test_client()
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_serve_without_debug_uses_waitress(tmp_path, no_token, monkeypatch):
    from influence.cli import commands_serve

    calls = {}

    class FakeServer:
        def run(self):
            calls["ran"] = True

        def close(self):
            calls["closed"] = True

    def fake_bounded_server(app, host, port, **options):
        calls.update(app=app, host=host, port=port, **options)
        return FakeServer()

    monkeypatch.setattr(commands_serve, "bounded_server", fake_bounded_server)
    result = CliRunner().invoke(main, ["serve", "--port", "8124", "--threads", "3", "--max-connections", "300",
                                       "--idle-timeout", "20", "--workspace", str(tmp_path / "ws.sqlite")])
    assert result.exit_code == 0, result.output
    assert calls["ran"] and calls["closed"]
    assert (calls["host"], calls["port"], calls["threads"]) == ("127.0.0.1", 8124, 3)
    assert (calls["max_connections"], calls["idle_timeout"]) == (300, 20)


def test_the_waitress_server_is_bounded(tmp_path, no_token):
    from influence.cli.commands_serve import bounded_server

    app = create_app(tmp_path / "ws.sqlite")
    server = bounded_server(app, "127.0.0.1", 0, threads=3, max_connections=250, idle_timeout=15)
    try:
        adj = server.adj
        assert (adj.connection_limit, adj.channel_timeout, adj.threads) == (250, 15, 3)
        assert adj.cleanup_interval <= 5 and adj.asyncore_use_poll
        # waitress would otherwise spool a bigger body to disk before Flask refused it.
        assert adj.max_request_body_size == app.server.config["MAX_CONTENT_LENGTH"]
    finally:
        server.close()


def _two_people():
    from influence.graph import add_person, new_map

    G = new_map("Tiny")
    add_person(G, "1", "Ada")
    add_person(G, "2", "Bo", manager="1")
    return G


def test_serve_limits_the_people_and_ties_of_uploads(tmp_path, no_token, monkeypatch):
    import flask

    from influence.auth import LOCAL_OWNER
    from influence.cli import commands_serve
    from influence.dashboard.callbacks import upload_action

    monkeypatch.setenv("INFLUENCE_MAX_PEOPLE", "50000")  # restored afterwards, whatever serve sets
    monkeypatch.setenv("INFLUENCE_MAX_TIES", "500000")
    served = {}
    monkeypatch.setattr(commands_serve, "serve_production", lambda app, *a, **kw: served.update(app=app))
    # (An empty workspace would start with the 60-person sample, which the limit refuses.)
    Workspace(tmp_path / "ws.sqlite").create_map("Tiny", _two_people())
    result = CliRunner().invoke(main, ["serve", "--max-people", "5", "--max-ties", "9",
                                       "--workspace", str(tmp_path / "ws.sqlite")])
    assert result.exit_code == 0, result.output
    app = served["app"]
    rows = "ID,Name,Reports To\n" + "".join(f"{i},Person {i},{1 if i > 1 else ''}\n" for i in range(1, 9))
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        flask.g.influence_actor = LOCAL_OWNER
        report, _, new_map = upload_action(app.influence_service, as_upload(rows.encode()), "eight.csv")
    text = json.dumps(report.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert new_map is None and "more than the limit of 5" in text
    bad = CliRunner().invoke(main, ["serve", "--max-people", "0", "--workspace", str(tmp_path / "ws.sqlite")])
    assert bad.exit_code == 2 and "--max-people" in bad.output


def test_upload_limit_option_must_be_positive(tmp_path, no_token):
    result = CliRunner().invoke(main, ["serve", "--max-upload-mb", "0", "--workspace", str(tmp_path / "ws.sqlite")])
    assert result.exit_code == 2 and "--max-upload-mb" in result.output


# --- the token on every request ---------------------------------------------------------

@pytest.fixture(scope="module")
def workspace_path(tmp_path_factory, hostile_graph):
    path = tmp_path_factory.mktemp("ws") / "workspace.sqlite"
    ws = Workspace(path)
    map_id = ws.create_map(hostile_graph.graph.get("name") or SCRIPT, hostile_graph, note=f"imported {SCRIPT}")
    first = sorted(hostile_graph)[0]
    ws.save_scenario(map_id, IMG, {"won": [first], "attitudes": {}})
    ws.save(map_id, hostile_graph, note=f"{IMG} reviewed")
    ws.close()
    return path


@pytest.fixture(scope="module")
def guarded(workspace_path):
    app = create_app(workspace_path, token=TOKEN, max_upload_mb=0.5)
    return app


@pytest.fixture(scope="module")
def open_app(workspace_path):
    return create_app(workspace_path, token="", max_upload_mb=0.5)


def dash_paths(app) -> list[str]:
    """One URL of each kind the browser loads: the page, Dash's endpoints, bundles, assets."""
    client = app.server.test_client()
    page = client.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    bundle = next(s for s in scripts if "_dash-component-suites" in s)
    asset = next(s for s in scripts if s.startswith("/assets/"))
    return ["/", "/_dash-layout", "/_dash-dependencies", bundle, asset, "/_favicon.ico", "/no-such-page"]


def test_every_request_needs_the_token(guarded):
    client = guarded.server.test_client()
    for path in dash_paths(guarded):
        for headers in ({}, {"Authorization": "Bearer wrong-token-wrong-token"}, {"Authorization": f"Basic {TOKEN}"}):
            reply = client.get(path, headers=headers)
            assert reply.status_code == 401, (path, headers)
            assert reply.headers["WWW-Authenticate"].startswith("Bearer")
            text = reply.get_data(as_text=True)
            assert "needs its access token" in text and len(text) < 1000 and TOKEN not in text
        assert client.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code in (200, 404)
    update = client.post("/_dash-update-component", json={"output": "x.children", "inputs": [], "changedPropIds": []})
    assert update.status_code == 401
    assert client.get(f"/_dash-layout?token=nearly-{TOKEN}").status_code == 401


def test_token_in_the_address_signs_in_with_a_strict_cookie_and_is_stripped(guarded):
    client = guarded.server.test_client()
    reply = client.get(f"/?token={TOKEN}&view=map")
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    # The page reloads itself at the same address without the token.
    assert re.search(r'http-equiv="refresh" content="0; url=/\?view=map"', page)
    assert TOKEN not in page
    cookie = reply.headers["Set-Cookie"]
    assert cookie.startswith(security.SESSION_COOKIE + "=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert TOKEN not in cookie  # a proof of the token, not the token
    # The cookie now opens everything; a forged one opens nothing.
    assert client.get("/_dash-layout").status_code == 200
    assert client.post("/_dash-update-component", json={}).status_code != 401
    client.set_cookie(security.SESSION_COOKIE, "0" * 64)
    assert client.get("/_dash-layout").status_code == 401


def test_tokens_are_compared_in_constant_time(guarded, monkeypatch):
    compared = []
    real = security.hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    client = guarded.server.test_client()
    client.get("/_dash-layout", headers={"Authorization": "Bearer guess-guess-guess-guess"})
    client.get("/_dash-layout?token=another-guess-another-guess")
    assert (b"guess-guess-guess-guess", TOKEN.encode()) in compared
    assert (b"another-guess-another-guess", TOKEN.encode()) in compared


def test_without_a_token_only_loopback_hosts_are_answered(open_app):
    client = open_app.server.test_client()
    for host in ("127.0.0.1:8050", "localhost:8050", "[::1]:8050", "127.0.0.1"):
        assert client.get("/_dash-layout", headers={"Host": host}).status_code == 200, host
    # A web page whose name now points at 127.0.0.1 (DNS rebinding) is refused.
    reply = client.get("/_dash-layout", headers={"Host": "attacker.example:8050"})
    assert reply.status_code == 403 and "INFLUENCE_TOKEN" in reply.get_data(as_text=True)


def test_posts_from_another_site_are_refused(open_app):
    client = open_app.server.test_client()
    reply = client.post("/_dash-update-component", json={}, headers={"Host": "127.0.0.1:8050",
                                                                    "Origin": "http://attacker.example"})
    assert reply.status_code == 403
    same = client.post("/_dash-update-component", json={}, headers={"Host": "127.0.0.1:8050",
                                                                   "Origin": "http://127.0.0.1:8050"})
    assert same.status_code != 403


# --- headers ----------------------------------------------------------------------------

def test_security_headers_on_every_response(guarded):
    client = guarded.server.test_client()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    for path in dash_paths(guarded):
        for headers in ({}, bearer):
            h = client.get(path, headers=headers).headers
            csp = dict(d.strip().split(" ", 1) for d in h["Content-Security-Policy"].split(";"))
            assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
            assert csp["object-src"] == "'none'" and csp["connect-src"] == "'self'"
            sources = csp["script-src"].split()
            assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
            assert all(s == "'self'" or s.startswith("'sha256-") for s in sources)
            assert h["X-Content-Type-Options"] == "nosniff"
            assert h["X-Frame-Options"] == "DENY"
            assert h["Referrer-Policy"] == "no-referrer"
    # Data is never cached; the code bundles may be.
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        assert client.get(path, headers=bearer).headers["Cache-Control"] == "no-store"
    update = client.post("/_dash-update-component", headers=bearer, json={})
    assert update.headers["Cache-Control"] == "no-store"
    bundle = dash_paths(guarded)[3]
    assert client.get(bundle, headers=bearer).headers.get("Cache-Control") != "no-store"


def test_dash_inline_script_is_allowed_by_its_hash(guarded):
    import hashlib

    client = guarded.server.test_client()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    reply = client.get("/", headers=bearer)
    inline = re.findall(r'<script id="_dash-renderer" type="application/javascript">(.*?)</script>',
                        reply.get_data(as_text=True), re.S)
    assert inline
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in reply.headers["Content-Security-Policy"]


# --- uploads ----------------------------------------------------------------------------

def one_megabyte_csv() -> bytes:
    head = b"ID,Name,Notes\n1,Ada,"
    return head + b"x" * (1024 * 1024 - len(head) - 1) + b"\n"


def as_upload(data: bytes, mime="text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def test_upload_over_the_limit_gets_a_message_and_no_map(guarded):
    from influence.dashboard.callbacks import upload_action

    service = guarded.influence_service
    before = len(service.workspace.list_maps())
    big = one_megabyte_csv()
    with guarded.server.test_request_context("/_dash-update-component", method="POST"):
        import flask

        from influence.auth import SHARED_TOKEN_ACTOR

        flask.g.influence_actor = SHARED_TOKEN_ACTOR  # what the guard sets for the token's holder
        report, state, new_map = upload_action(service, as_upload(big), "big.csv")
        text = json.dumps(report.to_plotly_json(), default=lambda o: o.to_plotly_json())
        assert new_map is None and state is None
        assert "big.csv is 1 MB; this dashboard accepts files up to 0.5 MB" in text
        assert "--max-upload-mb" in text and "INFLUENCE_MAX_UPLOAD_MB" in text
        # Under the limit the file is read as usual.
        small = b"ID,Name,Reports To\n1,Ada,\n2,Bo,1\n"
        _, _, created = upload_action(service, as_upload(small), "small.csv")
        assert created is not None
    assert len(service.workspace.list_maps()) == before + 1
    service.workspace.delete_map(created)


def test_request_bodies_over_the_limit_are_refused(guarded):
    client = guarded.server.test_client()
    cap = guarded.server.config["MAX_CONTENT_LENGTH"]
    assert cap >= 0.5 * 1024 * 1024 * 4 / 3  # room for a file at the limit, base64-encoded
    reply = client.post("/_dash-update-component", data=b"x" * (cap + 1), content_type="application/json",
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.status_code == 413
    assert "up to 0.5 MB" in reply.get_data(as_text=True)
    assert reply.headers["X-Frame-Options"] == "DENY"


def test_callback_bodies_other_than_uploads_are_bounded(tmp_path, no_token):
    # A server with a big upload limit still refuses an upload-sized body to any other callback.
    app = create_app(tmp_path / "ws.sqlite", token=TOKEN, max_upload_mb=40)
    client = app.server.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bulk = "x" * (security.CALLBACK_MAX_BYTES + 10)
    other = json.dumps({"output": "map-cyto.elements", "inputs": [{"id": "filter-search", "property": "value",
                                                                    "value": bulk}]})
    reply = client.post("/_dash-update-component", data=other, content_type="application/json", headers=auth)
    assert reply.status_code == 413 and "only uploads may be larger" in reply.get_data(as_text=True)
    upload_output = next(key for key, spec in app.callback_map.items()
                         if any(d["property"] == "contents" for d in spec["inputs"]))
    upload = json.dumps({"output": upload_output, "inputs": [{"id": "upload", "property": "contents",
                                                              "value": "data:text/csv;base64," + bulk}]})
    reply = client.post("/_dash-update-component", data=upload, content_type="application/json", headers=auth)
    assert reply.status_code != 413  # the upload callback gets its own limit (and says what it thinks)


# --- a server that keeps answering ------------------------------------------------------

class Running:
    """A waitress server answering the app on a free loopback port, in a thread."""

    def __init__(self, server):
        self.server = server
        self.port = server.effective_port
        self.thread = threading.Thread(target=server.run, daemon=True, name="test-waitress")
        self.thread.start()

    def close(self):
        from waitress import wasyncore

        self.server.close()
        self.thread.join(3)
        if self.thread.is_alive():  # channels still open keep the loop going
            wasyncore.close_all(self.server._map)
            self.thread.join(3)


def idle_sockets(port: int, count: int) -> list:
    """*count* connections that never finish a request: half send nothing, half half a header."""
    import socket

    sockets = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if i % 2:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(s)
    return sockets


def timed_get(port: int, path: str, *, timeout: float = 5.0) -> tuple[int | None, float]:
    import http.client
    import time

    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {TOKEN}"})
        reply = conn.getresponse()
        reply.read()
        return reply.status, time.perf_counter() - started
    except OSError:  # timed out: starved
        return None, time.perf_counter() - started
    finally:
        conn.close()


@pytest.mark.parametrize("max_connections", [500, 60])
def test_idle_sockets_do_not_starve_a_real_request(guarded, max_connections):
    """200 idle connections held open: a real request is still answered within a second,
    with room to spare (500) or by closing the longest-idle ones to make room (60)."""
    import time

    from influence.cli.commands_serve import bounded_server

    running = Running(bounded_server(guarded, "127.0.0.1", 0, threads=4, max_connections=max_connections))
    sockets = []
    try:
        assert timed_get(running.port, "/_dash-layout")[0] == 200  # warm
        sockets = idle_sockets(running.port, 200)
        time.sleep(0.3)  # the server has accepted (or queued) them all
        answers = [timed_get(running.port, "/_dash-layout") for _ in range(3)]
        assert all(status == 200 for status, _ in answers), answers
        assert max(took for _, took in answers) < 1.0, answers
    finally:
        for s in sockets:
            s.close()
        running.close()


def test_plain_waitress_is_starved_by_idle_sockets(guarded):
    """What the bounded server fixes: waitress's defaults stop accepting at 100 connections."""
    import time

    from waitress import create_server

    running = Running(create_server(guarded.server, host="127.0.0.1", port=0, threads=4))
    sockets = []
    try:
        sockets = idle_sockets(running.port, 150)
        time.sleep(0.3)
        status, took = timed_get(running.port, "/_dash-layout", timeout=1.5)
        assert status is None and took >= 1.4  # no answer while the idle sockets are held
    finally:
        for s in sockets:
            s.close()
        running.close()


def test_upload_zone_and_page_carry_the_limit(guarded):
    from dash import dcc

    layout = guarded.layout()
    uploads = [c for c in [layout, *layout._traverse()] if isinstance(c, dcc.Upload)]
    assert uploads and all(u.max_size == int(0.5 * 1024 * 1024) for u in uploads)
    page = guarded.server.test_client().get("/", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert f'name="influence-max-upload" content="{int(0.5 * 1024 * 1024)}"' in page
    assert "/assets/upload_limit.js" in page


def test_default_upload_limit_is_20_mb(tmp_path, no_token):
    app = create_app(tmp_path / "ws.sqlite")
    assert app.server.config["INFLUENCE_MAX_UPLOAD_BYTES"] == 20 * 1024 * 1024


# --- no pickled user data ---------------------------------------------------------------

PICKLERS = r"(pickle|cPickle|_pickle|shelve|dill|cloudpickle|joblib|diskcache|flask_caching)"


def test_no_pickle_anywhere_in_the_code():
    sources = [p for folder in ("influence", "dashboards") for p in (ROOT / folder).rglob("*.py")]
    assert len(sources) > 20
    found = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in (rf"^\s*(import|from)\s+{PICKLERS}\b", r"\bpickle\.", r"read_pickle|to_pickle",
                        r"allow_pickle\s*=\s*True", r"DiskcacheManager|CeleryManager"):
            found += [(path.name, m.group(0)) for m in re.finditer(pattern, text, re.M)]
    assert not found


def test_dash_keeps_nothing_server_side_in_pickles(guarded, workspace_path):
    guarded.server.test_client().get("/_dash-dependencies", headers={"Authorization": f"Bearer {TOKEN}"})
    assert guarded._background_managers() == []
    assert not [cb for cb in guarded.callback_map.values() if cb.get("background")]
    # The workspace holds JSON text only (a snapshot kept as change records has no full graph).
    with sqlite3.connect(workspace_path) as db:
        graphs = [graph for (graph,) in db.execute("SELECT graph FROM snapshots") if graph is not None]
        assert graphs
        for graph in graphs:
            assert isinstance(json.loads(graph), dict)
        for (data,) in db.execute("SELECT data FROM scenarios"):
            assert isinstance(json.loads(data), dict)


# --- in a real browser ------------------------------------------------------------------

# Records every Content-Security-Policy violation (an injected inline script would be one,
# and so would anything the policy wrongly blocks in Dash itself).
WATCH_CSP = ("document.addEventListener('securitypolicyviolation', e => "
             "(window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));")


class LiveServer:
    """The app under waitress (as `influence serve` runs it) on a free loopback port."""

    def __init__(self, app):
        from waitress import create_server

        self.server = create_server(app.server, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}/"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self):
        self.server.close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def live(guarded):
    server = LiveServer(guarded)
    yield server
    server.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    context.add_init_script(WATCH_CSP)
    context.set_default_timeout(20_000)
    yield context
    context.close()


def watch(page) -> list:
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


INJECTED = """() => ({
    imgs: document.querySelectorAll('img[src="x"]').length,
    handlers: document.querySelectorAll('[onerror], [onload]').length,
    scripts: [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length,
    csp: window.__csp || [],
})"""


@pytest.mark.browser
def test_hostile_map_runs_no_script_in_any_view(context, live):
    page = context.new_page()
    dialogs = watch(page)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(live.url + f"?token={TOKEN}")
    page.wait_for_selector("#leader-list li")
    assert "token" not in page.url
    cookie = next(c for c in context.cookies() if c["name"] == security.SESSION_COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["value"] != TOKEN
    page.wait_for_function(f"() => {{ try {{ return {CY}.nodes('.person').length > 0 }} catch (e) {{ return false }} }}")

    # Hover a person on the map (the hover box).
    page.evaluate(f"() => {CY}.nodes('.person')[0].emit('mouseover')")
    page.wait_for_function("() => document.getElementById('hover-box').textContent.includes('alert(1)')")
    # What-if: open the saved scenario named with an <img> tag (on a narrower screen the
    # tools column opens with its toggle first).
    if not page.locator("#whatif-load").is_visible() and page.locator("#tools-toggle").count():
        page.click("#tools-toggle")
    page.click("#whatif-load")
    page.keyboard.type("onerror")
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    page.wait_for_selector("#whatif-table")
    # Every tab, and a hover label of the grid (Plotly draws names into SVG).
    for tab in ("People", "Relationships", "History", "Grid"):
        page.locator("#main-tabs .nav-link", has_text=tab).click()
        page.wait_for_timeout(500)
    page.wait_for_selector("#grid-graph .scatterlayer .point")
    page.evaluate("() => { const gd = document.querySelector('#grid-graph .js-plotly-plot');"
                  " Plotly.Fx.hover(gd, [{curveNumber: 0, pointNumber: 0}]); }")
    page.wait_for_selector("#grid-graph .hoverlayer .hovertext")
    page.locator("#main-tabs .nav-link", has_text="Map").click()
    # Cards opened from the panels, and from names inside a card.
    links = page.locator("#panels .person-link")
    assert links.count() >= 3
    card = page.locator(".person-card")
    for i in range(3):
        links.nth(i).click()
        card.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('.person-card').innerText.includes('alert(1)')")
        inside = card.locator(".person-link")
        if inside.count():
            inside.first.click()
            page.wait_for_timeout(300)
        if i < 2:
            card.locator(".btn-close").click()
            card.wait_for(state="hidden")
    # The card's path button runs the path finder towards that person.
    page.click("#card-paths-button")
    page.wait_for_function("() => document.getElementById('map-status').innerText.includes('highlighted')")

    body = page.inner_text("body")
    assert SCRIPT in body or IMG in body  # shown as text, exactly as typed
    found = page.evaluate(INJECTED)
    assert dialogs == []
    assert found == {"imgs": 0, "handlers": 0, "scripts": 0, "csp": []}
    # Nothing is fetched from anywhere but the dashboard itself (no CDN, no tracker).
    assert [u for u in fetched if not u.startswith((live.url, "data:", "blob:"))] == []


@pytest.mark.browser
def test_a_shared_link_signs_in_from_another_site(context, live):
    # A SameSite=Strict cookie set during a cross-site navigation must still open the
    # dashboard (the token arrives by e-mail or chat, not typed into the address bar).
    page = context.new_page()
    page.route("http://elsewhere.test/**", lambda route: route.fulfill(
        content_type="text/html", body=f'<a id="go" href="{live.url}?token={TOKEN}">open the map</a>'))
    page.goto("http://elsewhere.test/")
    page.click("#go")
    page.wait_for_selector("#leader-list li")
    assert page.url == live.url


@pytest.mark.browser
def test_without_the_token_the_browser_gets_nothing(context, live):
    page = context.new_page()
    reply = page.goto(live.url)
    assert reply.status == 401
    assert "needs its access token" in page.inner_text("body")
    assert page.locator("#map-cyto").count() == 0


@pytest.mark.browser
def test_too_large_upload_is_refused_in_the_page(context, live, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(one_megabyte_csv())
    page = context.new_page()
    dialogs = watch(page)
    page.goto(live.url + f"?token={TOKEN}")
    page.wait_for_selector("#leader-list li")
    page.locator("#main-tabs .nav-link", has_text="Import").click()
    page.set_input_files("#upload input[type=file]", str(big))
    page.wait_for_selector("#upload-too-large")
    text = page.inner_text("#upload-too-large")
    assert "big.csv is 1 MB; this dashboard accepts files up to 0.5 MB" in text
    assert "--max-upload-mb" in text
    assert dialogs == [] and page.evaluate("() => window.__csp || []") == []


def test_readme_shows_the_real_refusal(tmp_path, no_token, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Deploying for a team"):]
    block = section[section.index("```console\n$ influence serve --host 0.0.0.0\n") + len("```console\n"):]
    command, _, shown = block[:block.index("```")].partition("\n")
    result = CliRunner().invoke(main, command.split()[2:])
    assert result.output.strip() == shown.strip()
    assert not (tmp_path / "influence-map").exists()


def test_security_doctests():
    # dashboards/ is outside the suite's doctest paths (it is installed as influence.dashboard).
    import doctest

    result = doctest.testmod(security)
    assert result.attempted > 0 and result.failed == 0
