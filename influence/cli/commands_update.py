"""``influence update``: take a new HR export into a map, keeping every annotation of ours."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import main
from .common import user_errors


def _print_plan(plan, as_json: bool, applied: str | None) -> None:
    if as_json:
        data = plan.to_dict()
        data["applied"] = applied
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    for line in plan.summary():
        click.echo(line)
    if applied:
        click.echo(applied)


@main.command()
@click.argument("target")
@click.argument("new_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--workspace", default=None, metavar="FILE_OR_URL",
              help="TARGET is the name of a map in this workspace (file or database URL) "
                   "[default: a file TARGET, else $INFLUENCE_DATABASE_URL or the dashboard's workspace].")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="For a workbook TARGET: the updated workbook to write [default: <TARGET stem>-updated.xlsx].")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option("--author", default=None, metavar="NAME", help="Who made the update (recorded with the snapshot).")
def update(target, new_file, workspace, dry_run, as_json, out, force, author):
    """Update the map TARGET from NEW_FILE, a new export of the partner's org chart.

    TARGET is a workbook (the updated map is written to a new workbook, TARGET itself is
    never changed) or the name of a map in the workspace (the update is saved as one
    snapshot). People are matched by id, then e-mail, then name. Names, titles,
    departments, e-mail addresses and reporting lines come from NEW_FILE; attitudes,
    owners, ratings, notes and relationships are ours and are kept. Leavers are archived
    with their relationships, not deleted. The changes are listed before anything is
    applied; --dry-run stops there.

    \b
    Examples:
      influence update "Northwind Systems" hr_export_q4.xlsx --dry-run
      influence update "Northwind Systems" hr_export_q4.xlsx --workspace /srv/influence/partners.sqlite
      influence update partner.xlsx hr_export_q4.csv -o partner-q4.xlsx
      influence update partner.xlsx hr_export_q4.csv --json --dry-run
    """
    from ..interchange import read_map
    from ..update import plan_update

    with user_errors():
        export = read_map(new_file)
        target_path = Path(target).expanduser()
        if workspace is None and target_path.is_file():
            current = read_map(target_path)
            plan = plan_update(current, export)
            applied = None
            if not dry_run:
                from ..atomic import write_atomic
                from ..export import export_bytes

                out = out or target_path.with_name(f"{target_path.stem}-updated.xlsx")
                if out.resolve() == target_path.resolve():
                    raise click.UsageError("--out names TARGET itself: your files are never changed; "
                                           "choose another file name.")
                if out.exists() and not force:
                    raise click.ClickException(f"{out} exists; use --force to overwrite")
                write_atomic(out, export_bytes(plan.graph, "xlsx"), force=force)
                applied = f"Wrote the updated map to {out}."
            _print_plan(plan, as_json, applied)
            return
        from .commands_calibrate import find_map, open_workspace
        from ..store import open_store

        store = open_workspace(workspace) if workspace else open_store()
        with store:
            map_id = find_map(store, target)
            version = store.version(map_id)
            plan = plan_update(store.load(map_id), export)
            applied = None
            if not dry_run:
                if not plan.changed:
                    applied = "Nothing to update: the map already matches the export."
                else:
                    note = (f"update from {new_file.name}: {len(plan.joiners)} joiner(s), "
                            f"{len(plan.leavers)} leaver(s), {len(plan.manager_changes)} manager change(s), "
                            f"{len(plan.title_changes)} title change(s)")
                    snapshot = store.save(map_id, plan.graph, note=note, base_version=version, author=author)
                    applied = f"Saved as one snapshot (version {snapshot}) of “{store.map_info(map_id).name}”."
            _print_plan(plan, as_json, applied)
