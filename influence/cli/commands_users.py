"""``influence users`` (accounts, roles, API tokens) and ``influence audit`` (who did what)."""

from __future__ import annotations

import getpass
import json
import sys

import click

from . import main
from .common import user_errors

ROLE_CHOICE = click.Choice(["viewer", "editor", "admin"], case_sensitive=False)


def database_option(command):
    return click.option(
        "--database", "database_url", metavar="URL", default=None,
        help="sqlite:///path, postgresql://… or a workspace file [default: $INFLUENCE_DATABASE_URL, "
             "else the default workspace].")(command)


def _open(database_url):
    from ..store import open_store

    return open_store(database_url)


def _by() -> str:
    """Who is at the command line, for the audit trail (the database login is the permission)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _map_ids(store, maps) -> tuple[int, ...] | None:
    """``--map`` values (ids or names) as map ids; ``None`` when none were given."""
    if not maps:
        return None
    from ..errors import InfluenceError

    known = store.list_maps()
    ids = []
    for value in maps:
        text = str(value).strip()
        found = [m for m in known if (text.isdigit() and m.id == int(text)) or m.name.casefold() == text.casefold()]
        if not found:
            listed = ", ".join(f"{m.id} ({m.name})" for m in known) or "none yet"
            raise InfluenceError(f"there is no map {text!r} in this workspace (maps: {listed}); "
                                 f"give --map an id or a name")
        ids.append(found[0].id)
    return tuple(ids)


def _read_password(password_stdin: bool, prompt: str = "Password") -> str:
    from ..auth import check_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return check_password(password)


@main.group()
def users():
    """Accounts that may sign in to the dashboard, their roles and API tokens.

    Once a workspace has an account, everyone must sign in to its dashboard (also on
    127.0.0.1). Roles: viewer (reads, exports anonymised only), editor (edits, every
    export), admin (accounts, the audit trail, adding, renaming and deleting maps).

    \b
    Examples:
      influence users add ana --role admin
      influence users add bo --role editor --map "Northwind Systems"
      influence users token bo --label "weekly export"
      influence users list --database postgresql://maps@db/influence
    """


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=ROLE_CHOICE, help="viewer, editor or admin.")
@click.option("--map", "maps", multiple=True, metavar="MAP",
              help="Limit a viewer or editor to this map (id or name); repeat for several [default: every map].")
@click.option("--email", default=None, help="The person's e-mail address (shown in the audit trail).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--sso", "sso_only", is_flag=True,
              help="No password: the person signs in through single sign-on only.")
@database_option
def users_add(name, role, maps, email, password_stdin, sso_only, database_url):
    """Add an account NAME with a ROLE; asks for its password (unless --sso).

    \b
    Examples:
      influence users add ana --role admin
      echo "$PASSWORD" | influence users add bo --role viewer --map 2 --password-stdin
      influence users add carla@partner.example --role editor --sso
    """
    from ..auth import Accounts, check_user_name

    with user_errors():
        check_user_name(name)
        store = _open(database_url)
        map_ids = _map_ids(store, maps)
        if sso_only and password_stdin:
            raise click.UsageError("Give either --sso or --password-stdin, not both.")
        password = None if sso_only else _read_password(password_stdin)
        first = not store.users()
        Accounts(store).add_user(name, role=role.lower(), password=password, maps=map_ids, email=email, by=_by())
        names = {m.id: m.name for m in store.list_maps()}
    limited = f", limited to {', '.join(names.get(m, str(m)) for m in map_ids)}" if map_ids else ""
    click.echo(f"Added {name} ({role.lower()}{limited})." + (
        " From now on the dashboard of this workspace asks everyone to sign in." if first else ""))


@users.command("list")
@click.option("--tokens", "show_tokens", is_flag=True, help="Also list each account's API tokens.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@database_option
def users_list(show_tokens, as_json, database_url):
    """List the accounts (name, role, maps, how they sign in, last sign-in).

    \b
    Examples:
      influence users list
      influence users list --tokens --json
    """
    with user_errors():
        store = _open(database_url)
        accounts = store.users()
        tokens = store.api_tokens() if show_tokens else []
    rows = []
    for user in accounts:
        row = {"name": user.name, "role": user.role, "maps": list(user.maps) if user.maps is not None else None,
               "sign_in": "password" if user.password_hash else "sso", "email": user.email,
               "disabled": user.disabled, "last_login": user.last_login}
        if show_tokens:
            row["tokens"] = [{"id": t.id, "label": t.label, "created": t.created, "last_used": t.last_used,
                              "revoked": t.revoked} for t in tokens if t.user == user.name]
        rows.append(row)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No accounts: the dashboard answers only on this machine (or with INFLUENCE_TOKEN). "
                   "Add one with influence users add NAME --role admin.")
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        maps = "every map" if r["maps"] is None else "maps " + ", ".join(map(str, r["maps"]))
        last = f"last sign-in {r['last_login'][:16].replace('T', ' ')}" if r["last_login"] else "never signed in"
        click.echo(f"{r['name']:<{width}}  {r['role']:<6}  {r['sign_in']:<8}  {maps}; {last}"
                   f"{' (disabled)' if r['disabled'] else ''}")
        for t in r.get("tokens", []):
            state = "revoked" if t["revoked"] else (f"last used {t['last_used'][:16].replace('T', ' ')}"
                                                    if t["last_used"] else "never used")
            click.echo(f"{'':<{width}}  token {t['id']} {t['label']!r}: {state}")


@users.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@database_option
def users_remove(name, yes, database_url):
    """Remove account NAME with its API tokens (its sessions end at once).

    \b
    Example:
      influence users remove bo --yes
    """
    from ..auth import Accounts

    with user_errors():
        store = _open(database_url)
        accounts = Accounts(store)
        accounts._existing(name)
        if not yes:
            click.confirm(f"Remove the account {name}?", abort=True)
        accounts.remove_user(name, by=_by())
    left = len(store.users())
    click.echo(f"Removed {name}." + ("" if left else " No accounts are left: the dashboard no longer asks anyone "
                                                    "to sign in, and answers only on this machine."))


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@database_option
def users_passwd(name, password_stdin, database_url):
    """Set a new password for account NAME (signs it out everywhere).

    \b
    Example:
      influence users passwd bo
    """
    from ..auth import Accounts

    with user_errors():
        store = _open(database_url)
        accounts = Accounts(store)
        accounts._existing(name)
        accounts.set_password(name, _read_password(password_stdin, "New password"), by=_by())
    click.echo(f"Password of {name} changed; its sessions have ended.")


@users.command("token")
@click.argument("name")
@click.option("--label", default="", help="What the token is for (shown in influence users list --tokens).")
@click.option("--revoke", "revoke_id", type=int, default=None, metavar="ID", help="Revoke token ID instead.")
@database_option
def users_token(name, label, revoke_id, database_url):
    """Make an API token for account NAME (printed once), or --revoke one.

    Scripts send it as the header ``Authorization: Bearer <token>``; it carries the
    account's role. Only its hash is stored.

    \b
    Examples:
      influence users token bo --label "nightly export"
      influence users token bo --revoke 3
    """
    from ..auth import Accounts

    with user_errors():
        store = _open(database_url)
        accounts = Accounts(store)
        accounts._existing(name)
        if revoke_id is not None:
            owner = {t.id: t.user for t in store.api_tokens()}.get(revoke_id)
            if owner != name:
                from ..errors import InfluenceError

                raise InfluenceError(f"{name} has no API token {revoke_id}; influence users list --tokens shows them")
            accounts.revoke_api_token(revoke_id, by=_by())
            click.echo(f"Revoked token {revoke_id} of {name}.")
            return
        token_id, token = accounts.new_api_token(name, label, by=_by())
    click.echo(f"API token {token_id} for {name} (shown only now; keep it like a password):", err=True)
    click.echo(token)


@main.command()
@database_option
@click.option("--map", "map_name", default=None, metavar="MAP", help="Only this map's entries (id or name).")
@click.option("--actor", default=None, metavar="NAME", help="Only this account's entries.")
@click.option("--action", "actions", multiple=True, metavar="ACTION",
              help="Only these actions (login, login-failed, view, edit, export, ...); repeatable.")
@click.option("--since", default=None, metavar="TIME", help="Only entries at or after this ISO time, e.g. 2026-01-31.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the most recent N entries.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def audit(database_url, map_name, actor, actions, since, limit, as_json):
    """The audit trail: sign-ins, map views, edits and exports, who and when.

    \b
    Examples:
      influence audit --database postgresql://maps@db/influence --map "Northwind Systems"
      influence audit --actor bo --action export --json
    """
    from datetime import datetime

    from ..errors import InfluenceError

    with user_errors():
        if since is not None:
            try:
                datetime.fromisoformat(since)
            except ValueError:
                raise InfluenceError(f"--since {since!r} is not an ISO time; write e.g. 2026-01-31 or "
                                     f"2026-01-31T09:00") from None
        store = _open(database_url)
        map_ids = _map_ids(store, [map_name] if map_name else None)
        names = {m.id: m.name for m in store.list_maps()}
        events = store.events(map_id=map_ids[0] if map_ids else None, actor=actor, since=since,
                              limit=None if actions else limit)
        if actions:
            events = [e for e in events if e.action in set(actions)]
            events = events[-limit:] if limit else events
    rows = [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "map_id": e.map_id,
             "map": names.get(e.map_id) if e.map_id is not None else None, "detail": e.detail or {}}
            for e in events]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No audit entries match.")
        return
    for r in rows:
        where = f" {r['map'] or ('map ' + str(r['map_id']))}" if r["map_id"] is not None else ""
        detail = ", ".join(f"{k}={v}" for k, v in r["detail"].items() if v not in (None, "", [], {}))
        click.echo(f"{r['at'][:19].replace('T', ' ')}  {r['actor'] or '-'}  {r['action']}{where}"
                   f"{'  (' + detail + ')' if detail else ''}")
