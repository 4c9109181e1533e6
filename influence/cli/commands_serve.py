"""``influence serve``: open the dashboard on the workspace, or on a file imported into it."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from . import main
from .common import calibration_option, user_errors


DEFAULT_MAX_CONNECTIONS = 500
"""Connections held open at once; past it the least recently active idle ones are closed."""

DEFAULT_IDLE_TIMEOUT = 30
"""Seconds a connection may sit idle (no request in progress) before it is closed."""


def prepare_workspace(workspace, file=None):
    """Open the workspace and choose the map to show first.

    *workspace* is a store (:func:`influence.store.open_store`) or a path to an SQLite
    workspace. With *file*, the file is imported as a new map (a
    :class:`~influence.errors.WorkbookError` when it cannot be). An empty workspace starts
    with the bundled sample map.

    Returns
    -------
    (MapStore, int, str)
        The workspace, the map to open and a one-line note of what happened.
    """
    from ..store import MapStore, Workspace

    workspace = workspace if isinstance(workspace, MapStore) else Workspace(workspace)
    if file is not None:
        from ..importer import read_workbook

        G = read_workbook(file)
        name = G.graph.get("name") or Path(file).stem
        map_id = workspace.create_map(name, G, note=f"imported from {Path(file).name}")
        return workspace, map_id, f"Imported {Path(file).name} as “{name}” ({G.number_of_nodes()} people)."
    maps = workspace.list_maps()
    if maps:
        return workspace, maps[0].id, f"{len(maps)} map(s) in the workspace; opening “{maps[0].name}”."
    from ..importer import read_workbook
    from ..samples import sample_path

    G = read_workbook(sample_path())
    name = G.graph.get("name") or "Sample partner"
    map_id = workspace.create_map(name, G, note="bundled sample map")
    return workspace, map_id, f"The workspace was empty: starting with the sample map “{name}”."


def _limit_imports(max_people: int | None, max_ties: int | None) -> None:
    """Make this server process's imports (uploads, FILE) refuse maps over these sizes.

    The importer reads its limits from ``$INFLUENCE_MAX_PEOPLE``/``$INFLUENCE_MAX_TIES``
    when not given them; the server is one process, so setting them here covers every
    upload it answers. Bad values are refused now, not at the first upload.
    """
    import os

    from ..importing.validate import MAX_PEOPLE_VARIABLE, MAX_TIES_VARIABLE, people_limit, tie_limit

    people_limit(max_people)
    tie_limit(max_ties)
    if max_people is not None:
        os.environ[MAX_PEOPLE_VARIABLE] = str(max_people)
    if max_ties is not None:
        os.environ[MAX_TIES_VARIABLE] = str(max_ties)


def _has_accounts(database_url, workspace_path) -> bool:
    """Whether the workspace has accounts, without creating a workspace that is not there."""
    import os

    from ..store import DATABASE_ENV, default_workspace_path, open_store

    url = database_url or (None if workspace_path else os.environ.get(DATABASE_ENV) or None)
    text = str(url or workspace_path or default_workspace_path())
    if text.lower().startswith(("postgresql:", "postgres:")):
        return bool(open_store(text).users())
    if text.lower().startswith("sqlite://"):
        text = text[len("sqlite://"):].split("?", 1)[0]
        text = text[1:] if text.startswith("//") else text
    return Path(text).expanduser().exists() and bool(open_store(url or Path(text).expanduser()).users())


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 127.0.0.1 keeps the map on this machine.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workspace", "workspace_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Workspace database [default: $XDG_DATA_HOME/influence-map/workspace.sqlite].")
@click.option("--database", "database_url", metavar="URL", default=None,
              help="The maps' database instead of --workspace: postgresql://user@host/dbname (shared by "
                   "several servers) or sqlite:///path [default: $INFLUENCE_DATABASE_URL].")
@click.option("--max-upload-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Largest workbook the dashboard accepts, in MB [default: $INFLUENCE_MAX_UPLOAD_MB or 20].")
@click.option("--max-people", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse uploads of maps with more than N people, before the map is built "
                   "[default: $INFLUENCE_MAX_PEOPLE, else 50,000].")
@click.option("--max-ties", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse uploads with more than N relationships [default: $INFLUENCE_MAX_TIES, else 500,000].")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Requests answered at the same time (the waitress server's worker threads).")
@click.option("--max-connections", default=DEFAULT_MAX_CONNECTIONS, show_default=True,
              type=click.IntRange(10, 100_000),
              help="Connections held open at once; past it the longest-idle ones are closed to make room.")
@click.option("--idle-timeout", default=DEFAULT_IDLE_TIMEOUT, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds before an idle connection is closed.")
@click.option("--session-hours", default=12.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="How long a sign-in lasts (with accounts).")
@click.option("--oidc-issuer", default=None, metavar="URL",
              help="Single sign-on: the OpenID Connect provider's issuer URL [default: $INFLUENCE_OIDC_ISSUER]. "
                   "The client secret is read from $INFLUENCE_OIDC_CLIENT_SECRET.")
@click.option("--oidc-client-id", default=None, help="This server's client id at the provider "
                                                    "[default: $INFLUENCE_OIDC_CLIENT_ID].")
@click.option("--oidc-role", "oidc_roles", multiple=True, metavar="GROUP=ROLE",
              help="Give members of the provider's GROUP a role (viewer, editor, admin); repeatable, the highest "
                   "wins [default: $INFLUENCE_OIDC_ROLES, comma-separated].")
@click.option("--oidc-default-role", type=click.Choice(["viewer", "editor", "admin"]), default=None,
              help="Role of someone in none of the groups [default: refused].")
@click.option("--oidc-groups-claim", default="groups", show_default=True,
              help="The ID token claim listing a person's groups.")
@click.option("--public-url", default=None, metavar="URL",
              help="The address people open (e.g. https://maps.example.com behind a proxy), for the single "
                   "sign-on return address [default: the request's own].")
@click.option("--debug/--no-debug", default=False, show_default=True,
              help="Dash debug mode on Flask's development server (reloads on code changes).")
@click.option("--browser/--no-browser", "open_browser", default=True, show_default=True,
              help="Open the dashboard in the default web browser once it answers (only in a terminal, "
                   "never when $CI is set).")
@calibration_option
def serve(file, host, port, workspace_path, database_url, max_upload_mb, max_people, max_ties, threads,
          max_connections, idle_timeout,
          session_hours, oidc_issuer, oidc_client_id, oidc_roles, oidc_default_role, oidc_groups_claim,
          public_url, debug, open_browser, calibration):
    """Open the dashboard in the browser.

    Without FILE it opens the maps of the workspace (an empty workspace starts with the
    bundled sample map); with FILE it first imports the Excel or CSV file as a new map.
    Everything stays on this machine. To let colleagues in, either add accounts
    (influence users add NAME --role ROLE: everyone then signs in, and each sees what
    their role allows), set up single sign-on (--oidc-issuer), or set a shared access
    token in INFLUENCE_TOKEN; then listen on another interface.

    \b
    Examples:
      influence serve
      influence serve partner.xlsx --port 8060
      influence serve --workspace ~/maps/contoso.sqlite
      influence serve --host 0.0.0.0 --database postgresql://maps@db/influence
      INFLUENCE_TOKEN=$(python -c "import secrets; print(secrets.token_urlsafe(24))") \\
        influence serve --host 0.0.0.0
    """
    from ..auth import Accounts, OIDCClient, OIDCConfig
    from ..dashboard import security
    from ..store import default_workspace_path, open_store

    with user_errors():
        if workspace_path and database_url:
            raise click.UsageError("Give either --workspace or --database, not both.")
        # Checked before anything is opened: a refused address must not create a workspace.
        token = security.configured_token()
        oidc = OIDCConfig.from_options(oidc_issuer, oidc_client_id, roles=oidc_roles, default_role=oidc_default_role,
                                       groups_claim=oidc_groups_claim)
        security.check_listen_address(host, token, accounts=oidc is not None or (
            token is None and not security.is_loopback(host) and _has_accounts(database_url, workspace_path)))
        limit = security.max_upload_mb(max_upload_mb)
        _limit_imports(max_people, max_ties)
        if public_url is not None and not public_url.startswith(("https://", "http://")):
            raise click.BadParameter(f"{public_url!r} is not an address; write e.g. https://maps.example.com",
                                     param_hint="--public-url")
        store = open_store(database_url) if database_url or not workspace_path else None
        workspace, map_id, note = prepare_workspace(
            store if store is not None else workspace_path or default_workspace_path(), file)
        accounts = Accounts(workspace, shared_token=token, oidc=oidc, session_hours=session_hours)
        from ..dashboard.app import create_app

        app = create_app(workspace, map_id, token=token, max_upload_mb=limit, accounts=accounts,
                         analyze_options={"calibration": calibration} if calibration is not None else None,
                         oidc_client=OIDCClient(oidc) if oidc else None, public_url=public_url)
        signing_in = accounts.enabled()
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    click.echo(note)
    click.echo(f"Workspace: {workspace.location}")
    click.echo(f"Dashboard: http://{shown}:{port}/  (Ctrl+C to stop)")
    # Listening on every interface: colleagues reach it by this machine's name.
    where = socket.gethostname() if host in ("0.0.0.0", "::", "") else shown
    where = f"[{where}]" if ":" in where else where
    if signing_in:
        how = [p for p, on in (("accounts", workspace.users()), ("single sign-on", oidc), ("the shared token", token))
               if on]
        click.echo(f"Sign-in required ({', '.join(how)}): open http://{where}:{port}/ and sign in.")
    elif token:
        click.echo(f"Access token required: open http://{where}:{port}/?token=<the value of "
                   f"{security.TOKEN_ENV}> once in each browser.")
    if open_browser and should_open_browser():
        open_when_listening(f"http://{shown if ':' not in shown else f'[{shown}]'}:{port}/")
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    serve_production(app, host, port, threads=threads, max_connections=max_connections, idle_timeout=idle_timeout)


def should_open_browser() -> bool:
    """Whether ``serve`` opens a browser: in a terminal only, never in CI or a test run."""
    import os
    import sys

    return sys.stdout.isatty() and not os.environ.get("CI") and not os.environ.get("PYTEST_CURRENT_TEST")


def open_when_listening(url: str, *, timeout: float = 30.0):
    """Open *url* in the default browser once the server answers there (a background thread)."""
    import threading
    import time
    import urllib.error
    import urllib.request
    import webbrowser

    def wait_and_open():
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "_dash-layout", timeout=2).close()
                break
            except urllib.error.HTTPError:  # it answers (asking to sign in first): open it
                break
            except OSError:  # not listening yet
                time.sleep(0.3)
        webbrowser.open(url)

    worker = threading.Thread(target=wait_and_open, daemon=True, name="open-browser")
    worker.start()
    return worker


def bounded_server(app, host: str, port: int, *, threads: int = 8, max_connections: int = DEFAULT_MAX_CONNECTIONS,
                   idle_timeout: float = DEFAULT_IDLE_TIMEOUT, **options):
    """A waitress server for *app* that idle or slow clients cannot starve.

    waitress reads requests asynchronously (an idle or trickling socket holds no worker
    thread) but stops accepting connections at its ``connection_limit``, so a hundred
    idle sockets would lock everyone else out. Here the limit is higher
    (*max_connections*), connections idle for *idle_timeout* seconds are closed, and when
    the limit is reached the least recently active connections without a request in
    progress are closed to make room, so a new client is always accepted and answered.
    Request bodies are bounded by the app's ``MAX_CONTENT_LENGTH`` before they are read
    into memory or spooled to disk.

    Returns the server (``.run()`` serves until interrupted, ``.close()`` stops it;
    ``.effective_port`` is the port when *port* was 0).
    """
    from waitress.adjustments import Adjustments
    from waitress.server import MultiSocketServer, TcpWSGIServer
    from waitress.task import ThreadedTaskDispatcher

    class Server(TcpWSGIServer):
        warned = 0.0

        def readable(self):
            import time

            now = time.time()
            if now >= self.next_channel_cleanup:
                self.next_channel_cleanup = now + self.adj.cleanup_interval
                self.maintenance(now)
            if not self.accepting:
                return False
            if len(self._map) < self.adj.connection_limit:
                return True
            self._make_room()  # the chosen ones close on this pass of the loop; accept on the next
            if now - self.warned > 60:
                self.warned = now
                self.logger.warning("%d connections open (the limit): closing the longest idle ones to make room",
                                    len(self._map))
            return False

        def _make_room(self):
            channels = list(self.active_channels.values())
            closing = sum(1 for c in channels if c.will_close)
            # Free about a tenth of the room at once, so a flood does not evict one per loop.
            wanted = len(self._map) - self.adj.connection_limit + max(1, self.adj.connection_limit // 10) - closing
            if wanted <= 0:
                return
            idle = sorted((c for c in channels if not c.will_close and not c.requests and not c.total_outbufs_len),
                          key=lambda c: c.last_activity)
            for channel in idle[:wanted]:
                channel.will_close = True  # closed by the loop itself, on its next pass

    _raise_open_files_limit(max_connections + threads + 64)
    max_body = app.server.config.get("MAX_CONTENT_LENGTH") or 1 << 30
    adj = Adjustments(host=host, port=port, threads=threads, ident="influence-map",
                      connection_limit=max_connections, channel_timeout=idle_timeout,
                      cleanup_interval=max(1, min(10, int(idle_timeout // 3) or 1)), asyncore_use_poll=True,
                      # waitress would spool a bigger body to disk before Flask refused it.
                      max_request_body_size=max_body, **options)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    socket_map: dict = {}
    servers = [Server(app.server, socket_map, dispatcher=dispatcher, adj=adj, sockinfo=info) for info in adj.listen]
    if len(servers) == 1:
        return servers[0]
    listening = [(s.effective_host, s.effective_port) for s in servers]
    return MultiSocketServer(socket_map, adj, listening, dispatcher, servers[-1].log_info)


def _raise_open_files_limit(needed: int) -> None:
    """Let this process hold *needed* sockets if the system allows it (the soft limit is often 1,024)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass


def serve_production(app, host: str, port: int, *, threads: int = 8, max_connections: int = DEFAULT_MAX_CONNECTIONS,
                     idle_timeout: float = DEFAULT_IDLE_TIMEOUT) -> None:
    """Answer *app* with waitress (a production WSGI server, see :func:`bounded_server`) until interrupted.

    Raises
    ------
    click.ClickException
        If the address cannot be used (the port is taken, the host is not this machine's).
    """
    try:
        server = bounded_server(app, host, port, threads=threads, max_connections=max_connections,
                                idle_timeout=idle_timeout)
    except OSError as err:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({err.strerror or err}); pick another --port or --host") from err
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
