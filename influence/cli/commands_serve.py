"""``influence serve``: open the dashboard on the workspace, or on a file imported into it."""

from __future__ import annotations

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
@click.option("--debug/--no-debug", default=False, show_default=True, help="Dash debug mode (reloads on code changes).")
def serve(file, host, port, workspace_path, debug):
    """Open the dashboard in the browser.

    Without FILE it opens the maps of the workspace (an empty workspace starts with the
    bundled sample map); with FILE it first imports the Excel or CSV file as a new map.
    Everything stays on this machine.

    \b
    Examples:
      influence serve
      influence serve partner.xlsx --port 8060
      influence serve --workspace ~/maps/contoso.sqlite
    """
    from ..store import default_workspace_path

    with user_errors():
        workspace, map_id, note = prepare_workspace(workspace_path or default_workspace_path(), file)
        from ..dashboard.app import create_app

        app = create_app(workspace, map_id)
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    click.echo(note)
    click.echo(f"Workspace: {workspace.path}")
    click.echo(f"Dashboard: http://{shown}:{port}/  (Ctrl+C to stop)")
    app.run(host=host, port=port, debug=debug)
