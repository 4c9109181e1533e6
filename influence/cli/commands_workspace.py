"""``influence workspace``: copy a workspace (whole history) between SQLite and PostgreSQL, back it up."""

from __future__ import annotations

from pathlib import Path

import click

from . import main
from .common import user_errors


@main.group()
def workspace() -> None:
    """Copy and back up workspaces: SQLite files or PostgreSQL databases.

    A workspace is given as a URL: sqlite:///path/to/workspace.sqlite (or just the
    path), or postgresql://user:password@host:5432/dbname.

    \b
    Examples:
      influence workspace copy ~/.local/share/influence-map/workspace.sqlite \\
          postgresql://influence@db.example.com/influence
      influence workspace backup postgresql://influence@db.example.com/influence backup.sqlite
    """


@workspace.command("copy")
@click.argument("source")
@click.argument("destination")
def copy_command(source: str, destination: str) -> None:
    """Copy every map of SOURCE, with its whole history, into DESTINATION.

    Snapshots, change records, scenarios, forecasts and plans travel with each map; the
    accounts, API tokens, settings and audit trail come along too (accounts already in
    DESTINATION are left as they are). Into an empty DESTINATION the ids are kept.
    """
    from ..store import open_store
    from ..store.copy import copy_store

    with user_errors():
        src = open_store(source)
        dst = open_store(destination)
        report = copy_store(src, dst)
    click.echo(f"Copied {report} from {src.location} to {dst.location}; {report.ids_note}.")


@workspace.command("backup")
@click.argument("source")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def backup_command(source: str, file: Path, force: bool) -> None:
    """Back up the workspace SOURCE into a new SQLite file FILE (readable by you only).

    The backup is a consistent copy taken while the server keeps running; open it with
    `influence serve --workspace FILE`, or restore it with
    `influence workspace copy FILE postgresql://…`.
    """
    from ..store import open_store
    from ..store.copy import backup

    with user_errors():
        src = open_store(source)
        report = backup(src, file, force=force)
    click.echo(f"Backed up {report} from {src.location} to {file}.")
