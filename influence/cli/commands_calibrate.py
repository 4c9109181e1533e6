"""CLI commands of calibration: ``calibrate`` (fit the spread model on adoption data) and
``review`` (a past forecast against what happened since)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from . import main
from .common import user_errors

__all__ = ["calibrate", "review", "open_workspace", "find_map"]


def _echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def open_workspace(location):
    """The store at *location* (a path or a database URL), refusing to create a missing file."""
    from ..store import open_store

    text = str(location)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", text) and not Path(text).expanduser().exists():
        raise click.UsageError(f"No workspace at {text}: give the workspace file the dashboard uses "
                               "(influence serve --workspace FILE) or a database URL.")
    return open_store(text)


def find_map(store, name: str) -> int:
    """The id of the map called *name* (any letter case) or numbered *name*."""
    maps = store.list_maps()
    wanted = name.strip().casefold()
    for info in maps:
        if info.name.casefold() == wanted or str(info.id) == wanted:
            return info.id
    names = ", ".join(f"“{m.name}”" for m in maps) or "none"
    raise click.UsageError(f"No map called “{name}” in the workspace; its maps are: {names}.")


@main.command()
@click.argument("people", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("edges", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--study", type=click.Choice(["kfamily", "brfarmers"]), default=None,
              help="Calibrate on a published diffusion study bundled with the package instead of files.")
@click.option("--workspace", "workspace", default=None, metavar="FILE_OR_URL",
              help="Calibrate on a map's own history: the workspace (file or database URL) …")
@click.option("--map", "map_name", default=None, metavar="NAME", help="… and the map's name (with --workspace).")
@click.option("--flow", type=click.Choice(["named-influences-namer", "source-influences-target"]),
              default="named-influences-namer", show_default=True,
              help="How to read an edges.csv row: survey nomination (the target influences the source), or "
                   "source influences target.")
@click.option("--tie-strength", type=click.Choice(["equal", "relations"]), default="equal", show_default=True,
              help="Every tie at the default strength, or stronger the more relation types (survey questions) "
                   "it was named under.")
@click.option("--group-column", default=None, metavar="COLUMN",
              help="Column of people.csv holding the independent groups [default: group, village or community].")
@click.option("--holdout", default=None, metavar="SPEC",
              help="Keep data out of the fit to check it on: groups:A,B,C, groups:30% or periods:8-10.")
@click.option("--kernel", type=click.Choice(["persistent", "one-chance"]), default="persistent", show_default=True,
              help="Whether contacts on board pull every period, or once (the Independent Cascade).")
@click.option("--external-model", type=click.Choice(["auto", "constant", "trend", "periods"]), default="auto",
              show_default=True,
              help="How the external rate may change over the span: not, with a trend, or freely per period "
                   "(auto: the lowest AIC).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the prior draws and random holdouts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the calibration file (JSON) for --calibration FILE of analyze, simulate, path, export, serve.")
@click.option("--save-to-map", is_flag=True,
              help="With --workspace: make this calibration the map's model (forecasts and reviews use it).")
@click.option("--json", "as_json", is_flag=True, help="Print the calibration as one JSON object.")
def calibrate(people, edges, study, workspace, map_name, flow, tie_strength, group_column, holdout, kernel,
              external_model, seed, output,
              save_to_map, as_json):
    """Fit the spread model to real adoptions: tie scale and external rate, with uncertainty.

    From dated adoption data (PEOPLE.csv with id, adoption_time — blank for never —,
    optional group and seed, or adopted 0/1; EDGES.csv with source,target,relation), from a
    bundled study (--study), or from a map's saved history (--workspace, --map: people
    moving to supporter or champion between snapshots came on board). Prints the fitted
    parameters, the fit and, with --holdout, the held-out log-likelihood per adoption and
    AUC of next-period adoption against baselines (exposure, nominations received,
    PageRank, constant rate).

    \b
    Examples:
      influence calibrate people.csv edges.csv -o calibration.json
      influence calibrate --study kfamily --holdout groups:30% --json
      influence calibrate people.csv edges.csv --flow source-influences-target --holdout periods:9-10
      influence calibrate --workspace ws.sqlite --map "Northwind Systems" --save-to-map
    """
    from ..calibration import calibrate as fit
    from ..diffusion_data import bundled_study, read_diffusion_csv, workspace_history

    sources = sum(x is not None for x in (people, study, workspace))
    if sources != 1:
        raise click.UsageError("Give one source: PEOPLE EDGES files, --study NAME, or --workspace WS --map NAME.")
    if people is not None and edges is None:
        raise click.UsageError("Missing EDGES: give people.csv and edges.csv.")
    if (workspace is None) != (map_name is None):
        raise click.UsageError("--workspace and --map go together.")
    if save_to_map and workspace is None:
        raise click.UsageError("--save-to-map needs --workspace and --map.")
    if output is not None and output.exists() and output.is_dir():
        raise click.UsageError(f"{output} is a folder; give a file name for -o.")
    with user_errors():
        store = map_id = None
        if study:
            data = bundled_study(study, tie_strength=tie_strength)
        elif workspace:
            store = open_workspace(workspace)
            map_id = find_map(store, map_name)
            data = workspace_history(store, map_id)
        else:
            data = read_diffusion_csv(people, edges, flow=flow, group_column=group_column, tie_strength=tie_strength)
        cal = fit(data, holdout=holdout, kernel=kernel, external_model=external_model, seed=seed)
        if output is not None:
            cal.save(output)
        if save_to_map:
            from ..review import set_map_calibration

            set_map_calibration(store, map_id, cal)
    if as_json:
        _echo_json(cal.to_dict())
    else:
        click.echo(cal.summary())
    if output is not None:
        click.echo(f"Wrote {output}", err=True)
    if save_to_map:
        click.echo(f"The map “{map_name}” now uses this calibration.", err=True)


@main.command()
@click.option("--workspace", "workspace", required=True, metavar="FILE_OR_URL",
              help="The workspace (file or database URL).")
@click.option("--map", "map_name", required=True, metavar="NAME", help="The map's name (or id).")
@click.option("--calibration", "calibration_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Reconstruct missing forecasts with this calibration [default: the map's own].")
@click.option("--recalibrate", is_flag=True,
              help="Then fit the map's model on its history and make it the map's calibration.")
@click.option("--json", "as_json", is_flag=True, help="Print the review as one JSON object.")
def review(workspace, map_name, calibration_file, recalibrate, as_json):
    """Inspect what you expect: each past forecast against the next review.

    Every saved snapshot carries the forecast made from it (who would be on board by the
    next review). This compares each with the snapshot after it: who moved as predicted,
    who surprised us, the Brier score and calibration bins (predicted vs observed share).
    --recalibrate then fits the map's model on its own history.

    \b
    Examples:
      influence review --workspace ws.sqlite --map "Northwind Systems"
      influence review --workspace ws.sqlite --map "Northwind Systems" --json
      influence review --workspace ws.sqlite --map "Northwind Systems" --recalibrate
    """
    from ..calibration import Calibration
    from ..review import recalibrate_map, review_map

    with user_errors():
        store = open_workspace(workspace)
        map_id = find_map(store, map_name)
        cal = Calibration.load(calibration_file) if calibration_file else None
        result = review_map(store, map_id, calibration=cal)
        from ..plan import review_stored_plan

        plan_review = review_stored_plan(store, map_id)
        fitted = recalibrate_map(store, map_id) if recalibrate else None
    if as_json:
        data = result.to_dict()
        data["plan"] = plan_review
        if fitted is not None:
            data["recalibrated"] = fitted.to_dict()
        _echo_json(data)
        return
    click.echo(result.text())
    if plan_review is not None:  # the plan against what happened: done or not, who moved
        click.echo("")
        click.echo(f"The campaign plan since snapshot {plan_review['since']}: {plan_review['done']} done, "
                   f"{plan_review['planned']} still planned, {plan_review['dropped']} dropped; "
                   f"{plan_review['moved_warmer']} of its targets warmer.")
        for row in plan_review["actions"]:
            click.echo(f"  {row['status']:8} {row['kind']} {row['name']}: {row['attitude_before'] or 'unknown'}"
                       f" -> {row['attitude_after'] or 'left'} ({row['moved']})")
    if fitted is not None:
        click.echo("")
        click.echo(f"Recalibrated the map's model on its history:\n{fitted.summary()}")
