"""``influence serve``: open the dashboard on the workspace, or on a file imported into it."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from . import main
from .common import user_errors


def prepare_workspace(workspace_path, file=None):
    """Open the workspace and choose the map to show first.

    With *file*, the file is imported as a new map (a :class:`~influence.errors.WorkbookError`
    when it cannot be). An empty workspace starts with the bundled sample map.

    Returns
    -------
    (Workspace, int, str)
        The workspace, the map to open and a one-line note of what happened.
    """
    from ..store import Workspace

    workspace = Workspace(workspace_path)
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


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 127.0.0.1 keeps the map on this machine.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workspace", "workspace_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Workspace database [default: $XDG_DATA_HOME/influence-map/workspace.sqlite].")
@click.option("--max-upload-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Largest workbook the dashboard accepts, in MB [default: $INFLUENCE_MAX_UPLOAD_MB or 20].")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Requests answered at the same time (the waitress server's worker threads).")
@click.option("--debug/--no-debug", default=False, show_default=True,
              help="Dash debug mode on Flask's development server (reloads on code changes).")
def serve(file, host, port, workspace_path, max_upload_mb, threads, debug):
    """Open the dashboard in the browser.

    Without FILE it opens the maps of the workspace (an empty workspace starts with the
    bundled sample map); with FILE it first imports the Excel or CSV file as a new map.
    Everything stays on this machine: to let colleagues in, set an access token in
    INFLUENCE_TOKEN and listen on another interface (every request then needs it).

    \b
    Examples:
      influence serve
      influence serve partner.xlsx --port 8060
      influence serve --workspace ~/maps/contoso.sqlite
      INFLUENCE_TOKEN=$(python -c "import secrets; print(secrets.token_urlsafe(24))") \\
        influence serve --host 0.0.0.0
    """
    from ..dashboard import security
    from ..store import default_workspace_path

    with user_errors():
        # Checked before anything is opened: a refused address must not create a workspace.
        token = security.configured_token()
        security.check_listen_address(host, token)
        limit = security.max_upload_mb(max_upload_mb)
        workspace, map_id, note = prepare_workspace(workspace_path or default_workspace_path(), file)
        from ..dashboard.app import create_app

        app = create_app(workspace, map_id, token=token, max_upload_mb=limit)
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    click.echo(note)
    click.echo(f"Workspace: {workspace.path}")
    click.echo(f"Dashboard: http://{shown}:{port}/  (Ctrl+C to stop)")
    if token:
        # Listening on every interface: colleagues reach it by this machine's name.
        where = socket.gethostname() if host in ("0.0.0.0", "::", "") else shown
        where = f"[{where}]" if ":" in where else where
        click.echo(f"Access token required: open http://{where}:{port}/?token=<the value of "
                   f"{security.TOKEN_ENV}> once in each browser.")
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    serve_production(app, host, port, threads=threads)


def serve_production(app, host: str, port: int, *, threads: int = 8) -> None:
    """Answer *app* with waitress (a production WSGI server) until interrupted.

    Raises
    ------
    click.ClickException
        If the address cannot be used (the port is taken, the host is not this machine's).
    """
    from waitress import create_server

    try:
        server = create_server(app.server, host=host, port=port, threads=threads, ident="influence-map",
                               # waitress would spool a bigger body to disk before Flask refused it.
                               max_request_body_size=app.server.config["MAX_CONTENT_LENGTH"])
    except OSError as err:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({err.strerror or err}); pick another --port or --host") from err
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
