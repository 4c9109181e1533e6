"""Accounts, roles, API tokens, sign-in limits and the audit trail, through HTTP.

Everything goes through the dashboard's Flask server (its test client), posting Dash
callbacks the way the browser's renderer does, so the checks the service makes are the
ones a real request meets.
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from influence.auth import Accounts
from influence.auth.sessions import password_fingerprint
from influence.cli import main
from influence.dashboard.app import create_app
from influence.graph import add_person, add_relationship, new_map
from influence.importer import read_workbook
from influence.samples import sample_path
from influence.store import open_store

PASSWORD = "correct horse battery"
TOKEN = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Argon2id at its cheapest: these tests are about HTTP, not hashing cost."""
    from argon2 import PasswordHasher, profiles

    from influence.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
    monkeypatch.setattr(passwords, "_dummy", None)
    monkeypatch.delenv("INFLUENCE_TOKEN", raising=False)


def small_map(name="Contoso"):
    G = new_map(name)
    add_person(G, "1", "Ada Lee", title="CEO", attitude="neutral")
    add_person(G, "2", "Bo Chen", title="CTO", manager="1", attitude="skeptic")
    add_relationship(G, "2", "1", strength=0.6)
    return G


@pytest.fixture
def team(tmp_path):
    """A workspace with two maps and three accounts: an admin, an editor, a viewer of map 1 only."""
    path = tmp_path / "team.sqlite"
    store = open_store(path)
    first = store.create_map("Northwind", read_workbook(sample_path()))
    second = store.create_map("Contoso", small_map())
    accounts = Accounts(store)
    accounts.add_user("ann", role="admin", password=PASSWORD)
    accounts.add_user("ed", role="editor", password=PASSWORD)
    accounts.add_user("vi", role="viewer", password=PASSWORD, maps=(first,))
    return {"path": path, "store": store, "maps": (first, second)}


def sign_in(app, name, password=PASSWORD):
    client = app.server.test_client()
    reply = client.post("/login", data={"name": name, "password": password, "next": "/"})
    assert reply.status_code == 303, reply.get_data(as_text=True)
    return client


class Callbacks:
    """Posts Dash callbacks as the renderer does (found by an output and an input)."""

    def __init__(self, client):
        self.client = client
        reply = client.get("/_dash-dependencies")
        assert reply.status_code == 200
        self.specs = [s for s in reply.get_json() if not s.get("clientside_function")]

    def find(self, output, trigger):
        for spec in self.specs:
            inputs = [i["id"] for i in spec["inputs"]] + [f"{i['id']}.{i['property']}" for i in spec["inputs"]]
            if output in spec["output"] and any(trigger in i for i in inputs):
                return spec
        raise LookupError(f"no callback updates {output} on {trigger}")

    def fire(self, output, trigger, values, *, pattern=None, changed=None):
        spec = self.find(output, trigger)

        def item(dep):
            if dep["id"].startswith("{"):
                return pattern or []
            entry = {"id": dep["id"], "property": dep["property"]}
            key = f"{dep['id']}.{dep['property']}"
            if key in values:
                entry["value"] = values[key]
            return entry

        key = spec["output"]
        parts = key[2:-2].split("...") if key.startswith("..") else [key]
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]} for p in parts]
        changed = changed or [trigger]
        body = {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
                "inputs": [item(d) for d in spec["inputs"]], "changedPropIds": changed,
                "parsedChangedPropsIds": changed}
        if spec.get("state"):
            body["state"] = [item(d) for d in spec["state"]]
        return self.client.post("/_dash-update-component", json=body)


def map_choices(client) -> list[str]:
    layout = client.get("/_dash-layout").get_data(as_text=True)
    return [o["label"].split("  ·")[0] for o in _find_options(json.loads(layout), "map-select")]


def _find_options(node, wanted):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == wanted:
            return node["props"].get("options") or []
        for value in node.values():
            found = _find_options(value, wanted)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find_options(value, wanted)
            if found is not None:
                return found
    return None


# --- modes ------------------------------------------------------------------------------

def test_without_accounts_the_loopback_dashboard_stays_as_it_was(tmp_path):
    store = open_store(tmp_path / "solo.sqlite")
    store.create_map("Contoso", small_map())
    client = create_app(store).server.test_client()
    assert client.get("/").status_code == 200  # nobody signs in on one's own machine
    assert map_choices(client) == ["Contoso"]
    assert client.get("/login").headers["Location"] == "/"
    # ... and a web page pointing its own name at 127.0.0.1 still gets nothing.
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 403


def test_with_accounts_every_request_needs_a_sign_in(team):
    client = create_app(team["store"]).server.test_client()
    page = client.get("/?map=1")
    assert page.status_code == 303
    assert parse_qs(urlsplit(page.headers["Location"]).query) == {"next": ["/?map=1"]}
    for path in ("/_dash-layout", "/_dash-dependencies"):
        reply = client.get(path)
        assert reply.status_code == 401 and "Bearer" in reply.headers["WWW-Authenticate"]
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/", headers={"Host": "127.0.0.1:8050"}).status_code == 303  # also on loopback


def test_the_login_page_is_plain_html_under_the_policy(team):
    client = create_app(team["store"]).server.test_client()
    page = client.get("/login?next=/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    assert "<script" not in text and 'name="password"' in text and 'autocomplete="current-password"' in text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    assert "single sign-on" not in text.lower() and "company account" not in text
    style = client.get("/login/style.css")
    assert style.status_code == 200 and style.content_type.startswith("text/css")
    assert "http" not in style.get_data(as_text=True)  # nothing from elsewhere


def test_signing_in_with_a_password(team):
    app = create_app(team["store"])
    client = app.server.test_client()
    wrong = client.post("/login", data={"name": "ed", "password": "not it at all", "next": "/"})
    assert wrong.status_code == 401 and "Wrong account name or password." in wrong.get_data(as_text=True)
    assert 'value="ed"' in wrong.get_data(as_text=True)  # the name stays filled in
    right = client.post("/login", data={"name": "ed", "password": PASSWORD, "next": "/?map=2"})
    assert right.status_code == 303 and right.headers["Location"] == "/?map=2"
    cookie = right.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=43200" in cookie and "Path=/" in cookie
    assert client.get("/").status_code == 200
    assert sorted(map_choices(client)) == ["Contoso", "Northwind"]
    # A second server process over the same database accepts the same session.
    other = create_app(open_store(team["path"])).server.test_client()
    other.set_cookie("influence_session", client.get_cookie("influence_session").value)
    assert other.get("/_dash-layout").status_code == 200


def test_sessions_expire(team):
    app = create_app(team["store"])
    accounts = app.server.config["INFLUENCE_ACCOUNTS"]
    user = team["store"].user("ed")
    old = accounts.keys.issue("ed", fingerprint=password_fingerprint(user.password_hash), lifetime=3600,
                              now=time.time() - 3601, extra={"v": "password"})
    fresh = accounts.keys.issue("ed", fingerprint=password_fingerprint(user.password_hash), lifetime=3600,
                                extra={"v": "password"})
    client = app.server.test_client()
    client.set_cookie("influence_session", old)
    assert client.get("/_dash-layout").status_code == 401
    client.set_cookie("influence_session", fresh)
    assert client.get("/_dash-layout").status_code == 200


def test_after_signing_in_the_page_goes_back_to_this_dashboard_only(team):
    client = create_app(team["store"]).server.test_client()
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "/login"):
        reply = client.post("/login", data={"name": "ed", "password": PASSWORD, "next": target})
        assert reply.headers["Location"] == "/", target


def test_sign_in_is_rate_limited(team):
    app = create_app(team["store"])
    client = app.server.test_client()
    for i in range(5):
        assert client.post("/login", data={"name": "vi", "password": f"guess {i} wrong"}).status_code == 401
    blocked = client.post("/login", data={"name": "vi", "password": PASSWORD})
    assert blocked.status_code == 429
    assert 800 < int(blocked.headers["Retry-After"]) <= 900
    assert "Too many failed sign-ins; try again in 15 minutes." in blocked.get_data(as_text=True)
    # The limit holds in another server process too (the audit trail carries the count)...
    other = create_app(open_store(team["path"])).server.test_client()
    assert other.post("/login", data={"name": "vi", "password": PASSWORD}).status_code == 429
    # ... but is per account: the others still sign in.
    assert other.post("/login", data={"name": "ed", "password": PASSWORD}).status_code == 303


def test_a_huge_sign_in_form_is_refused(team):
    client = create_app(team["store"]).server.test_client()
    reply = client.post("/login", data={"name": "ed", "password": "x" * 20_000})
    assert reply.status_code == 413


def test_signing_out(team):
    app = create_app(team["store"])
    client = sign_in(app, "ed")
    assert client.get("/logout").status_code == 200
    reply = client.post("/logout")
    assert reply.status_code == 303 and reply.headers["Location"] == "/login"
    assert client.get_cookie("influence_session") is None
    assert client.get("/_dash-layout").status_code == 401
    assert [e.action for e in team["store"].events(actor="ed")][-2:] == ["login", "logout"]


# --- tokens -----------------------------------------------------------------------------

def test_api_tokens_for_scripts(team):
    app = create_app(team["store"])
    accounts = Accounts(team["store"])
    token_id, token = accounts.new_api_token("vi", "nightly")
    client = app.server.test_client()
    assert client.get("/_dash-layout", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    reply = client.get("/_dash-layout", headers={"Authorization": f"Bearer {token}"})
    assert [o["label"].split("  ·")[0] for o in _find_options(reply.get_json(), "map-select")] == ["Northwind"]
    assert client.get("/_dash-layout", headers={"Authorization": "Bearer infl_" + "x" * 43}).status_code == 401
    accounts.revoke_api_token(token_id)
    assert client.get("/_dash-layout", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_shared_token_keeps_working_next_to_accounts(team):
    app = create_app(team["store"], token=TOKEN)
    client = app.server.test_client()
    assert client.get("/_dash-layout", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    link = client.get(f"/?token={TOKEN}")
    assert link.status_code == 200 and "SameSite=Strict" in link.headers["Set-Cookie"]
    assert client.get("/_dash-layout").status_code == 200
    assert app.server.test_client().get(f"/?token={TOKEN}x").status_code == 303  # wrong: off to sign in


# --- roles, checked by the service ------------------------------------------------------

def export(callbacks, map_id, version, fmt, anonymize):
    item = {"type": "export-item", "format": fmt, "anonymize": anonymize}
    pattern = [{"id": item, "property": "n_clicks", "value": 1}]
    changed = [json.dumps(item, separators=(",", ":"), sort_keys=True) + ".n_clicks"]
    state = {"map_id": map_id, "version": version, "ready": True}
    return callbacks.fire("download.data", "export-item", {"analysis-state.data": state}, pattern=pattern,
                          changed=changed)


def test_a_viewer_reads_and_exports_anonymised_only(team):
    store, (first, second) = team["store"], team["maps"]
    app = create_app(store)
    client = sign_in(app, "vi")
    assert map_choices(client) == ["Northwind"]  # the map limit
    callbacks = Callbacks(client)
    v1, v2 = store.version(first), store.version(second)
    tables = callbacks.fire("people-grid.rowData", "map-version", {"map-version.data": {"map_id": first, "version": v1},
                                                                   "main-tabs.active_tab": "people"})
    assert tables.status_code == 200 and len(tables.get_json()["response"]["people-grid"]["rowData"]) > 20
    other = callbacks.fire("people-grid.rowData", "map-version", {"map-version.data": {"map_id": second, "version": v2},
                                                                  "main-tabs.active_tab": "people"})
    assert other.status_code == 403 and "may not open this map: it is not among vi" in other.get_data(as_text=True)
    # Another map's snapshot sent as this map's version is refused too.
    sneaky = callbacks.fire("people-grid.rowData", "map-version", {"map-version.data": {"map_id": first, "version": v2},
                                                                   "main-tabs.active_tab": "people"})
    assert sneaky.status_code == 404 and "Bo Chen" not in sneaky.get_data(as_text=True)
    assert f"version {v2} is not a snapshot of map {first}" in sneaky.get_data(as_text=True)
    named = export(callbacks, first, v1, "html", False)
    assert named.status_code == 200
    assert "vi (viewer) may not export this map with names" in named.get_data(as_text=True)
    assert "download" not in named.get_json()["response"]
    anonymised = export(callbacks, first, v1, "html", True)
    assert anonymised.status_code == 200
    download = anonymised.get_json()["response"]["download"]["data"]
    assert download["filename"].endswith(".html") and "anonymised" in download["filename"]
    person = sorted(store.load(first))[0]
    edit = callbacks.fire("edit-status.children", "people-grid",
                          {"people-grid.cellValueChanged": [{"rowId": person, "colId": "title", "value": "Chief",
                                                             "oldValue": "x", "data": {"id": person}}],
                           "map-version.data": {"map_id": first, "version": v1}})
    assert "may not change this map" in edit.get_data(as_text=True)
    assert store.version(first) == v1  # nothing saved
    denied = [(e.map_id, e.detail["wanted"]) for e in store.events(actor="vi") if e.action == "denied"]
    assert (second, "view") in denied and (first, "export") in denied and (first, "edit") in denied


def test_an_editor_edits_and_exports_with_names(team):
    store, (first, second) = team["store"], team["maps"]
    client = sign_in(create_app(store), "ed")
    callbacks = Callbacks(client)
    v2 = store.version(second)
    edit = callbacks.fire("edit-status.children", "people-grid",
                          {"people-grid.cellValueChanged": [{"rowId": "1", "colId": "title", "value": "Chair",
                                                             "oldValue": "CEO", "data": {"id": "1"}}],
                           "map-version.data": {"map_id": second, "version": v2}})
    assert edit.status_code == 200, edit.get_data(as_text=True)
    assert store.version(second) != v2 and store.load(second).nodes["1"]["title"] == "Chair"
    assert store.snapshots(second)[-1].author == "ed"
    named = export(callbacks, second, store.version(second), "html", False)
    assert named.get_json()["response"]["download"]["data"]["filename"].endswith("briefing.html")
    # The History tab names who made each change.
    history = callbacks.fire("history-old.options", "map-version",
                             {"map-version.data": {"map_id": second, "version": store.version(second)},
                              "main-tabs.active_tab": "history"})
    labels = [o["label"] for o in history.get_json()["response"]["history-old"]["options"]]
    assert any(" · ed: " in label for label in labels), labels
    # Maps themselves are the admin's: an editor may not delete one.
    deleted = callbacks.fire("map-select.options", "map-delete",
                             {"map-delete.submit_n_clicks": 1, "map-select.value": second})
    assert second in [m.id for m in store.list_maps()]
    assert deleted.status_code in (200, 403)


def test_the_audit_trail_records_who_did_what(team):
    store, (first, second) = team["store"], team["maps"]
    app = create_app(store)
    client = app.server.test_client()
    client.post("/login", data={"name": "ed", "password": "wrong password!"})
    client = sign_in(app, "ed")
    callbacks = Callbacks(client)
    callbacks.fire("people-grid.rowData", "map-version",
                   {"map-version.data": {"map_id": second, "version": store.version(second)},
                    "main-tabs.active_tab": "people"})
    callbacks.fire("edit-status.children", "people-grid",
                   {"people-grid.cellValueChanged": [{"rowId": "2", "colId": "title", "value": "VP",
                                                      "oldValue": "CTO", "data": {"id": "2"}}],
                    "map-version.data": {"map_id": second, "version": store.version(second)}})
    export(callbacks, second, store.version(second), "html", False)
    export(callbacks, second, store.version(second), "html", True)
    result = CliRunner().invoke(main, ["audit", "--database", f"sqlite:///{team['path']}", "--map", "Contoso",
                                       "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    mine = [(r["actor"], r["action"]) for r in rows]
    assert ("ed", "view") in mine and ("ed", "edit") in mine
    exports = [r["detail"] for r in rows if r["action"] == "export"]
    assert [(e["format"], e["anonymised"]) for e in exports] == [("html", False), ("html", True)]
    refused = CliRunner().invoke(main, ["audit", "--database", str(team["path"]), "--action", "denied", "--json"])
    assert json.loads(refused.output) == []  # the editor was refused nothing
    assert all(r["map"] == "Contoso" for r in rows)
    everything = CliRunner().invoke(main, ["audit", "--database", str(team["path"]), "--action", "login",
                                           "--action", "login-failed"])
    lines = everything.output.strip().splitlines()
    assert len(lines) == 2 and "ed  login-failed" in lines[0] and "ed  login" in lines[1]
    assert "address=127.0.0.1" in lines[1] or "via=password" in lines[1]


def test_the_page_names_who_is_signed_in(team):
    app = create_app(team["store"])
    Accounts(team["store"]).add_user("josé", role="viewer", password=PASSWORD)
    page = sign_in(app, "josé").get("/").get_data(as_text=True)
    # As character references: a raw non-ASCII character in the page stopped Chromium's Dash app.
    assert 'Signed in as <strong>jos&#233;</strong> (viewer) &middot; <a href="/logout">Sign out</a>' in page
    assert "Signed in" not in app.server.test_client().get("/login").get_data(as_text=True)
