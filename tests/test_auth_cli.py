"""``influence users`` and ``influence audit``, and ``influence serve`` with accounts, through click."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from influence.auth import Accounts
from influence.cli import main
from influence.store import open_store

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    from argon2 import PasswordHasher, profiles

    from influence.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
    monkeypatch.setattr(passwords, "_dummy", None)
    monkeypatch.delenv("INFLUENCE_TOKEN", raising=False)
    monkeypatch.delenv("INFLUENCE_DATABASE_URL", raising=False)


@pytest.fixture
def db(tmp_path):
    from influence.graph import add_person, new_map

    store = open_store(tmp_path / "ws.sqlite")
    G = new_map("Contoso")
    add_person(G, "1", "Ada")
    store.create_map("Contoso", G)
    store.close()
    return f"sqlite:///{tmp_path / 'ws.sqlite'}"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_adding_listing_and_removing_accounts(db):
    added = run("users", "add", "ana", "--role", "admin", "--database", db, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert "Added ana (admin)." in added.output and PASSWORD not in added.output
    limited = run("users", "add", "bo", "--role", "viewer", "--map", "Contoso", "--password-stdin", "--database", db,
                  input=f"{PASSWORD}\n")
    assert limited.exit_code == 0 and limited.output.strip() == "Added bo (viewer, limited to Contoso)."
    assert run("users", "add", "cy", "--role", "editor", "--sso", "--database", db).exit_code == 0
    listed = json.loads(run("users", "list", "--json", "--database", db).output)
    assert [(u["name"], u["role"], u["maps"], u["sign_in"]) for u in listed] == [
        ("ana", "admin", None, "password"), ("bo", "viewer", [1], "password"), ("cy", "editor", None, "sso")]
    text = run("users", "list", "--database", db).output
    assert "bo   viewer  password  maps 1; never signed in" in text
    store = open_store(db)
    assert Accounts(store).password_sign_in("bo", PASSWORD).maps == (1,)
    removed = run("users", "remove", "bo", "--yes", "--database", db)
    assert removed.exit_code == 0 and open_store(db).user("bo") is None
    trail = [(e.actor, e.action) for e in open_store(db).events()]
    assert trail[0][0].startswith("cli") and ("bo", "login") in trail and trail[-1][1] == "user-removed"


def test_account_mistakes_get_one_line_errors(db):
    cases = [
        (["users", "add", "ann lee", "--role", "admin", "--sso"], "account name 'ann lee' is not allowed"),
        (["users", "add", "ann", "--role", "admin", "--map", "Fabrikam", "--sso"],
         "there is no map 'Fabrikam' in this workspace (maps: 1 (Contoso))"),
        (["users", "remove", "zed", "--yes"], "there is no account called 'zed'"),
        (["users", "passwd", "zed", "--password-stdin"], "there is no account called 'zed'"),
        (["audit", "--since", "last week"], "--since 'last week' is not an ISO time"),
    ]
    for args, message in cases:
        result = run(*args, "--database", db, input="\n")
        assert result.exit_code == 1, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output
    short = run("users", "add", "ann", "--role", "admin", "--password-stdin", "--database", db, input="short\n")
    assert short.exit_code == 1 and "the password is too short (5 characters)" in short.output
    assert run("users", "add", "ann", "--role", "owner", "--sso", "--database", db).exit_code == 2
    run("users", "add", "ann", "--role", "admin", "--sso", "--database", db)
    again = run("users", "add", "ann", "--role", "viewer", "--sso", "--database", db)
    assert again.exit_code == 1 and "already an account called 'ann'" in again.output


def test_passwords_and_api_tokens(db):
    run("users", "add", "bo", "--role", "editor", "--password-stdin", "--database", db, input=f"{PASSWORD}\n")
    store = open_store(db)
    old = Accounts(store).session_cookie(Accounts(store).password_sign_in("bo", PASSWORD))
    changed = run("users", "passwd", "bo", "--password-stdin", "--database", db, input="a whole new passphrase\n")
    assert changed.exit_code == 0 and "its sessions have ended" in changed.output
    assert Accounts(store).from_session(old) is None
    made = run("users", "token", "bo", "--label", "nightly export", "--database", db)
    assert made.exit_code == 0
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("infl_") and Accounts(store).from_api_token(token).name == "bo"
    shown = json.loads(run("users", "list", "--tokens", "--json", "--database", db).output)
    assert shown[0]["tokens"][0]["label"] == "nightly export" and token not in json.dumps(shown)
    wrong = run("users", "token", "bo", "--revoke", "42", "--database", db)
    assert wrong.exit_code == 1 and "bo has no API token 42" in wrong.output
    revoked = run("users", "token", "bo", "--revoke", str(shown[0]["tokens"][0]["id"]), "--database", db)
    assert revoked.exit_code == 0 and Accounts(store).from_api_token(token) is None


def test_serve_with_accounts_listens_beyond_loopback_without_a_token(db, tmp_path, monkeypatch):
    from influence.cli import commands_serve

    served = {}
    monkeypatch.setattr(commands_serve, "serve_production", lambda app, host, port, **kw: served.update(app=app,
                                                                                                           host=host))
    # Without accounts: refused, and nothing is created.
    refused = run("serve", "--host", "0.0.0.0", "--workspace", str(tmp_path / "none.sqlite"))
    assert refused.exit_code == 1 and "add accounts (influence users add NAME --role admin)" in refused.output
    assert not (tmp_path / "none.sqlite").exists()
    run("users", "add", "ana", "--role", "admin", "--password-stdin", "--database", db, input=f"{PASSWORD}\n")
    result = run("serve", "--host", "0.0.0.0", "--database", db)
    assert result.exit_code == 0, result.output
    assert "Sign-in required (accounts): open http://" in result.output
    client = served["app"].server.test_client()
    assert client.get("/").status_code == 303
    assert client.post("/login", data={"name": "ana", "password": PASSWORD}).status_code == 303
    assert client.get("/").status_code == 200
    both = run("serve", "--workspace", str(tmp_path / "x.sqlite"), "--database", db)
    assert both.exit_code == 2 and "either --workspace or --database" in both.output
    address = run("serve", "--public-url", "maps.example.com", "--database", db)
    assert address.exit_code == 2 and "'maps.example.com' is not an address" in address.output


def test_audit_lists_in_text_and_json(db):
    store = open_store(db)
    store.record_event("ana", "export", map_id=1, detail={"format": "pdf", "anonymised": True})
    store.record_event("bo", "view", map_id=1)
    text = run("audit", "--database", db, "--actor", "ana").output.strip().splitlines()
    assert len(text) == 1 and "ana  export Contoso  (format=pdf, anonymised=True)" in text[0]
    rows = json.loads(run("audit", "--database", db, "--json", "--limit", "1").output)
    assert [(r["actor"], r["action"], r["map"]) for r in rows] == [("bo", "view", "Contoso")]
    assert run("audit", "--database", db, "--action", "delete-map").output.strip() == "No audit entries match."


def test_readme_accounts_transcript_is_real(tmp_path):
    """The README's `influence users` transcript, run as written (on a fresh workspace)."""
    import re
    import shlex
    from pathlib import Path

    from influence.importer import read_workbook
    from influence.samples import sample_path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Accounts and roles"):]
    block = section[section.index("```console\n") + len("```console\n"):]
    block = block[:block.index("```")]
    url = f"sqlite:///{tmp_path / 'team.sqlite'}"
    open_store(tmp_path / "team.sqlite").create_map("Northwind Systems", read_workbook(sample_path()))
    commands = re.split(r"^\$ ", block, flags=re.M)[1:]
    assert len(commands) == 4
    for entry in commands:
        command, _, shown = entry.partition("\n")
        args = shlex.split(command.replace("sqlite:////srv/influence/team.sqlite", url))[1:]
        result = CliRunner().invoke(main, args, input=f"{PASSWORD}\n{PASSWORD}\n")
        assert result.exit_code == 0, result.output
        assert [line.rstrip() for line in result.output.strip().splitlines()] == shown.strip().splitlines(), command
