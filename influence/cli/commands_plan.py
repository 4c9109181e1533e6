"""``influence plan``: a campaign plan — who of ours approaches whom, through whom, by when."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import main
from .common import calibration_option, map_options, progress_bar, read_map, user_errors


def _capacities(ctx, param, values) -> dict[str, int]:
    out = {}
    for value in values:
        owner, sep, number = value.rpartition("=")
        if not sep or not owner.strip():
            raise click.BadParameter(f"{value!r}: write OWNER=MEETINGS, e.g. --capacity \"Grace Liu=4\"")
        try:
            out[owner.strip()] = int(number)
        except ValueError:
            raise click.BadParameter(f"{value!r}: the meetings per quarter must be a whole number") from None
        if out[owner.strip()] < 0:
            raise click.BadParameter(f"{value!r}: meetings per quarter cannot be negative")
    return out


def _plan_text(plan, G) -> str:
    from ..graph import display_name
    from ..plan import quarter_label

    name = lambda p: display_name(G, p) if p in G else p
    out = [f"{G.graph.get('name') or 'Influence map'}: campaign plan, goal {plan.goal} "
           f"({plan.quarters} quarter{'s' if plan.quarters != 1 else ''} from {quarter_label(plan.start, 1)})",
           f"With this plan: {plan.headline(len(G))}.",
           f"Required for the decision: {', '.join(name(p) for p in plan.required) or 'nobody marked'}.",
           f"Chosen: {plan.how}.", ""]
    for quarter, owners in plan.by_quarter().items():
        out.append(quarter_label(plan.start, quarter) + ("" if quarter else ": not within the horizon"))
        for owner, actions in owners.items():
            out.append(f"  {owner or 'no owner yet'}")
            for a in actions:
                verb = {"approach": "approach", "neutralise": "neutralise", "find owner": "find an owner for"}[a.kind]
                via = f" via {' → '.join(name(v) for v in a.via)}" if a.via else ""
                gain = f", +{a.expected_gain:.1f} expected" if a.expected_gain >= 0.05 else ""
                after = f" (after winning {', '.join(name(p) for p in a.after)})" if a.after else ""
                out.append(f"    {a.order}. {verb} {name(a.target)}{via}{gain}{after}")
                if a.talking_point:
                    out.append(f"       {a.talking_point}")
    return "\n".join(out).rstrip()


@main.command()
@map_options
@click.option("--quarters", type=click.IntRange(min=1, max=12), default=2, show_default=True,
              help="How many quarters the plan covers.")
@click.option("--capacity", "capacity", multiple=True, metavar="OWNER=N", callback=_capacities,
              help="Meetings per quarter an owner of ours has for this (repeatable) [default: 3 each].")
@click.option("--goal", type=click.Choice(["support", "decision"]), default="support", show_default=True,
              help="support: the most people on board; decision: every decision maker and approver on board.")
@click.option("--required", multiple=True, metavar="NAME_OR_ID",
              help="Who the decision needs [default: Role decision maker or approver] (repeatable).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random numbers.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--ics", "ics_folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write one calendar file (.ics) per owner into this folder.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the briefing with the plan: a deck (.pptx, with a plan slide) or an annotated "
                   "workbook (.xlsx, with a Plan sheet).")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@calibration_option
def plan(file, sample, sheet, relationships_sheet, columns, quarters, capacity, goal, required, seed, as_json,
         ics_folder, out, force, calibration):
    """A campaign plan for FILE: actions for our owners, sequenced through the network.

    Each action names our owner, the partner person to approach, the warm path (via whom),
    the quarter and the order within it, a talking point and the expected gain. A person
    reached through someone not yet won comes after that person; each owner's capacity
    per quarter is respected; people nobody of ours can reach get a "find an owner"
    action and antibodies a "neutralise" action. Both figures are shown for the plan:
    the probability that every required person is on board, and the expected support.

    \b
    Examples:
      influence plan partner.xlsx
      influence plan partner.xlsx --goal decision --quarters 3 --capacity "Grace Liu=2"
      influence plan --sample --json
      influence plan partner.xlsx --ics calendars/ -o plan.pptx
    """
    from ..analysis import analyze
    from ..plan import make_plan, plan_ics

    with user_errors():
        G = read_map(file, sample, sheet, relationships_sheet, columns)
        with progress_bar("Analysing") as progress:
            analysis = analyze(G, seed=seed, progress=progress, calibration=calibration)
        result = make_plan(analysis, quarters=quarters, capacity=capacity, goal=goal,
                           required=list(required) or None, seed=seed)
        written = []
        if out is not None:
            from ..atomic import write_atomic
            from ..export import export_bytes

            kind = out.suffix.lower().lstrip(".")
            if kind not in ("pptx", "xlsx"):
                raise click.UsageError(f"--out {out}: the plan goes into a .pptx deck or an .xlsx workbook")
            if out.exists() and not force:
                raise click.ClickException(f"{out} exists; use --force to overwrite")
            write_atomic(out, export_bytes(analysis.base_graph, kind, analysis=analysis, plan=result), force=force)
            written.append(str(out))
        if ics_folder is not None:
            from ..atomic import write_atomic

            ics_folder.mkdir(parents=True, exist_ok=True)
            for owner in sorted({a.owner for a in result.actions if a.owner}):
                safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in owner).strip("-").lower() or "owner"
                path = ics_folder / f"plan-{safe}.ics"
                write_atomic(path, plan_ics(result, analysis.graph, owner), force=True)
                written.append(str(path))
    if as_json:
        data = result.to_dict()
        if written:
            data["calendars"] = written
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(_plan_text(result, analysis.graph))
    for path in written:
        click.echo(f"Wrote {path}.", err=True)
