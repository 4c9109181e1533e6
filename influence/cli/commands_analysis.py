"""CLI commands of the analysis: ``analyze``, ``path`` and ``simulate``.

Each reads a workbook (or the bundled sample with ``--sample``), calls the library and
prints either readable tables or one JSON object (``--json``) for scripts.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..vocabulary import ALLY_ATTITUDES
from . import main
from .common import calibration_option, map_options, progress_bar, read_map, user_errors

__all__ = ["analyze", "path", "simulate"]

# Widest a free-text column may get in a table before it is cut with "…".
_MAX_CELL = 48


def _cut(value, width: int = _MAX_CELL) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _table(headers, rows, *, right=(), cut=()) -> str:
    """Rows as aligned columns under *headers*; columns in *right* align right, in *cut* are shortened."""
    cells = [[_cut(c) if h in cut else _cut(c, width=10_000) for c, h in zip(row, headers)] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]

    def line(row):
        return "  ".join((c.rjust(w) if h in right else c.ljust(w))
                         for c, w, h in zip(row, widths, headers)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(row) for row in cells])


def _p(probability: float) -> str:
    """A probability for people: two decimals, or two significant digits when tiny."""
    return f"{probability:.2f}" if probability >= 0.01 or probability == 0 else f"{probability:.2g}"


def _names(G, people) -> str:
    from ..graph import display_name

    return " -> ".join(display_name(G, p) for p in people)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


# --- what-if options (simulate, analyze, export) ---------------------------------------------------

def what_if_options(command):
    """``--approach``/``--win``, ``--assume-on-board`` and ``--attitude``: a what-if, named by reading."""
    for option in reversed([
        click.option("--approach", "--win", "approach", multiple=True, metavar="ID,ID",
                     help="People to approach: each comes on board with probability r(v) by attitude "
                          "(ids or names, comma-separated; repeatable; --win is the same)."),
        click.option("--assume-on-board", "on_board", multiple=True, metavar="ID,ID",
                     help="People to count as on board for certain, as champions (comma-separated; repeatable)."),
        click.option("--attitude", "attitudes", multiple=True, metavar="ID=ATTITUDE",
                     help="Change someone's attitude first, e.g. NW060=supporter (repeatable)."),
    ]):
        command = option(command)
    return command


def build_scenario(G, approach, on_board, attitudes):
    """The :class:`~influence.scenarios.Scenario` of the what-if options, resolved against *G*."""
    from ..scenarios import Scenario

    return Scenario.build(G, on_board=_split_people(on_board), approach=_split_people(approach),
                          attitudes=_attitude_changes(attitudes))


# --- analyze ------------------------------------------------------------------------------------

@main.command()
@map_options
@what_if_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--fraction", type=click.FloatRange(0, 1, min_open=True), default=0.10, show_default=True,
              help="Share of people in the leading set.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random numbers.")
@click.option("--simulations", type=click.IntRange(1), default=None,
              help="Monte-Carlo cascades per expected-support estimate [default: 1000; fewer above 5,000 people].")
@click.option("--top", type=click.IntRange(0), default=10, show_default=True,
              help="Most influential people to list (tables only).")
@click.option("--limit", type=click.IntRange(0), default=30, show_default=True,
              help="Rows of the leaders and antibodies tables; 0 for all (tables only).")
@calibration_option
def analyze(file, sample, sheet, relationships_sheet, columns, approach, on_board, attitudes, as_json, fraction,
            seed, simulations, top, limit, calibration):
    """Whom to win over first, through whom, and whom to neutralise.

    Reads an influence map and prints the executive-sponsor check, expected support, the
    leading 10 percenters in order of approach (with the chain to approach each through),
    the antibodies and who can neutralise them, the hesitant middle, coverage gaps and
    the most influential people with the reason for their score.

    With --assume-on-board, --approach or --attitude it analyses that what-if (as
    `influence simulate` reads it) and says so on its first line.

    \b
    Examples:
      influence analyze partner.xlsx
      influence analyze partner.xlsx --fraction 0.2 --seed 7
      influence analyze partner.xlsx --assume-on-board "Ethan Brooks"
      influence analyze partner.xlsx --json > analysis.json
      influence analyze --sample
    """
    from ..analysis import analyze as run_analysis

    with user_errors():
        G = read_map(file, sample, sheet, relationships_sheet, columns)
        scenario = build_scenario(G, approach, on_board, attitudes)
        with progress_bar("Analysing") as progress:
            result = run_analysis(G, scenario=scenario, fraction=fraction, seed=seed, simulations=simulations,
                                  progress=progress, calibration=calibration)
    if as_json:
        data = result.to_dict()
        if calibration is not None:
            data["calibration"] = _calibration_note(calibration)
        _echo_json(data)
        return
    text = _analysis_text(result, top=top, limit=limit)
    if calibration is not None:  # what the figures rest on, and whether the ties are worth working
        text = f"Model {calibration.label()}. {calibration.advice()}\n\n{text}"
    click.echo(f"{result.label()}.\n\n{text}" if result.scenario else text)


def _calibration_note(calibration) -> dict:
    return {"label": calibration.label(), "advice": calibration.advice(),
            "explains_little": calibration.explains_little, "network_share": round(calibration.network_share, 4),
            "scale": calibration.scale.to_dict(), "external": calibration.external.to_dict(),
            "periods": calibration.periods}


def _analysis_text(a, *, top: int, limit: int = 0) -> str:
    from ..graph import display_name

    G = a.graph
    nodes = G.nodes
    name = G.graph.get("name") or "Influence map"
    source = G.graph.get("source")
    header = [f"{name}: {len(G)} people" + (f" ({Path(str(source)).name})" if source else ""), ""]
    sponsor = a.executive_sponsor
    # A missing sponsor is the most common cause of failure: it comes before anything else.
    out = ([f"WARNING: {sponsor.message}", ""] + header) if not sponsor.ok else (header + [sponsor.message, ""])
    k = len(a.leaders)
    leading = f"the {k} leading {_percent(a.fraction)} percenter{'s' if k != 1 else ''}"
    out += [f"Expected support: {a.support_now.plain(on_board='on board now')}; "
            f"{a.support_with_leaders.plain(on_board='after winning ' + leading)}.", ""]

    if a.annotate_first:
        # An unannotated map: the leading set would be hundreds of people with no chain of
        # approach, chosen on default receptiveness only. Say what to do first instead.
        people = len(a.annotate_first)
        out.append(f"First, annotate these {people} {'person' if people == 1 else 'people'}, the most senior and "
                   "most central: record their attitude and who on our side holds the relationship. The map "
                   "has no attitudes or nobody on our side yet, so no chain of approach can start anywhere.")
        rows = [[i, display_name(G, p), nodes[p].get("title"), a.scores[p].explanation]
                for i, p in enumerate(a.annotate_first, 1)]
        out.append(_table(["#", "Name", "Title", "Why"], rows, right=("#",), cut=("Title", "Why")))
        out += ["", f"Leading {_percent(a.fraction)} percenters: not listed until the map is annotated "
                    f"({k} chosen on default attitudes are in --json).", ""]
    out.append(f"Leading {_percent(a.fraction)} percenters, in order of approach")
    if a.annotate_first:
        out.pop()
    elif a.leaders:
        rows = [[leader.rank, leader.name or display_name(G, leader.id), nodes[leader.id].get("title"),
                 f"{leader.expected_gain:.1f}",
                 _approach(G, leader.approach_via, leader.approach_probability),
                 leader.style_tip]
                for leader in _first(a.leaders, limit)]
        out.append(_table(["#", "Name", "Title", "Gain", "Approach via", "Style tip"], rows,
                          right=("#", "Gain"), cut=("Title", "Style tip")))
        out += _more(a.leaders, limit)
    else:
        out.append("  Everyone is already on board.")
    if not a.annotate_first:
        out.append("")

    out.append("Antibodies, most influential first")
    if a.antibodies:
        rows = [[x.name, f"{x.influence_score:.0f}", x.attitude,
                 "; ".join(f"{_names(G, p.people)} (p = {_p(p.probability)})" for p in x.paths[:1])
                 + (f" +{len(x.paths) - 1} more" if len(x.paths) > 1 else "") or "none found"]
                for x in _first(a.antibodies, limit)]
        out.append(_table(["Name", "Score", "Attitude", "Neutralise through"], rows, right=("Score",), cut=("Name",)))
        out += _more(a.antibodies, limit)
    else:
        out.append("  None: no skeptic or opponent outside the leading set.")
    out.append("")

    out.append(_list_line("Hesitant middle", G, a.hesitant_middle))
    out.append(_list_line("Coverage gaps, influential people with no Owner on our side", G, a.coverage_gaps))
    out.append("")

    attention = a.attention()
    if any(attention.values()):
        out.append("Needs attention")
        for key, title in (("disputed", "Disputed"), ("stale", "Stale"), ("losing_touch", "Losing touch")):
            for item in attention[key]:
                out.append(f"  {title}: {item['name']}: {item['why']}")
        out.append("")

    if top:
        order = sorted(G, key=lambda p: (-a.scores[p].value, p))[:top]
        out.append(f"Most influential people (top {len(order)})")
        rows = [[f"{a.scores[p].value:.0f}", display_name(G, p), nodes[p].get("attitude") or "unknown",
                 a.segment(p), a.scores[p].explanation] for p in order]
        out.append(_table(["Score", "Name", "Attitude", "Segment", "Why"], rows, right=("Score",), cut=("Name",)))
    return "\n".join(out).rstrip()


def _first(rows, limit: int):
    return rows[:limit] if limit else rows


def _more(rows, limit: int) -> list[str]:
    hidden = len(rows) - limit if limit else 0
    return [f"… and {hidden} more (--limit 0 or --json for all)"] if hidden > 0 else []


def _approach(G, chain, probability) -> str:
    """The chain to approach a leader through, saying which Owner opens it."""
    if not chain:
        return "no chain from our side: find an Owner"
    owner = G.nodes[chain[0]].get("owner")
    ally = G.nodes[chain[0]].get("attitude") in ALLY_ATTITUDES
    opener = f"Owner {owner}: " if owner and not ally else ""
    people = "directly" if len(chain) == 1 else _names(G, chain)
    return f"{opener}{people} (p = {_p(probability)})"


def _percent(fraction: float) -> str:
    return f"{100 * fraction:g}"


def _list_line(title: str, G, people, shown: int = 12) -> str:
    from ..graph import display_name

    if not people:
        return f"{title}: none."
    names = ", ".join(display_name(G, p) for p in people[:shown])
    more = f" and {len(people) - shown} more" if len(people) > shown else ""
    return f"{title} ({len(people)}): {names}{more}."


# --- path -----------------------------------------------------------------------------------------

@main.command()
@map_options
@click.option("--to", "target", required=True, metavar="NAME_OR_ID", help="The person to reach.")
@click.option("--from", "source", default=None, metavar="NAME_OR_ID",
              help="Start from this person [default: any ally or anyone with an Owner on our side].")
@click.option("--k", type=click.IntRange(1), default=3, show_default=True, help="How many chains at most.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@calibration_option
def path(file, sample, sheet, relationships_sheet, columns, target, source, k, as_json, calibration):
    """The most probable chains of influence to a person.

    A chain's probability is the chance it carries support from our side all the way
    under the spread model: a first person who is not an ally must be won first (their
    r(v)), with or without --from, so a chain has one probability wherever it is shown.
    Chains never pass a "conflicts with" tie. Names are matched in any letter case; a
    misspelt name gets suggestions.

    \b
    Examples:
      influence path partner.xlsx --to "Richard Halvorsen"
      influence path partner.xlsx --to NW060 --from NW061 --k 5
      influence path partner.xlsx --to NW060 --json
    """
    from ..analysis import chains_to
    from ..people import resolve_person

    with user_errors():
        G = read_map(file, sample, sheet, relationships_sheet, columns)
        target_id = resolve_person(G, target)
        source_id = resolve_person(G, source) if source is not None else None
        chains = chains_to(G, target_id, source=source_id, k=k,
                           model=calibration.model() if calibration is not None else None)
    if as_json:
        _echo_json({"target": target_id, "source": source_id,
                    "paths": [{"people": list(c.people), "probability": round(c.probability, 6)} for c in chains]})
        return
    start = _names(G, [source_id]) if source_id else "our side (allies and Owner-covered people)"
    if not chains:
        click.echo(f"No chain of influence reaches {_names(G, [target_id])} from {start}.")
        return
    click.echo(f"Chains of influence to {_names(G, [target_id])} from {start}:")
    for chain in chains:
        click.echo(f"  {_names(G, chain.people)}  (p = {_p(chain.probability)}){_start_note(G, chain, source_id)}")


def _start_note(G, chain, source_id) -> str:
    """Who on our side a chain starts from: an ally, or the Owner who must win its first person."""
    from ..vocabulary import ALLY_ATTITUDES

    if not chain.people:
        return ""
    first = G.nodes[chain.people[0]]
    if first.get("attitude") in ALLY_ATTITUDES:
        return "  from an ally"
    if first.get("owner"):
        return f"  via Owner {first.get('owner')}"
    return "  once they are won over" if source_id is not None else ""


# --- simulate -------------------------------------------------------------------------------------

def _split_people(values) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _attitude_changes(values) -> dict[str, str]:
    changes = {}
    for value in values:
        person, sep, label = value.rpartition("=")
        if not sep or not person.strip() or not label.strip():
            raise click.BadParameter(f"{value!r} is not PERSON=ATTITUDE; e.g. --attitude NW060=supporter",
                                     param_hint="'--attitude'")
        changes[person.strip()] = label.strip()
    return changes


@main.command()
@map_options
@what_if_options
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random numbers.")
@click.option("--simulations", type=click.IntRange(1), default=None,
              help="Monte-Carlo cascades per estimate [default: 1000; fewer above 5,000 people].")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@calibration_option
@click.option("--periods", type=click.IntRange(1), default=None,
              help="Forecast the state after N periods [default: with --calibration, the periods its data spanned; "
                   "else until the cascade ends].")
def simulate(file, sample, sheet, relationships_sheet, columns, approach, on_board, attitudes, seed, simulations,
             as_json, calibration, periods):
    """Expected support before and after a what-if.

    Two readings of winning someone over, named apart: --approach (or --win) is the
    model's approach, which succeeds with probability r(v) by attitude; --assume-on-board
    counts the person as on board for certain (a champion, as the dashboard's "Assume on
    board" does). Whoever comes on board spreads support. --attitude changes an attitude
    first. The same what-if and seed give the same figures as the dashboard and
    influence.what_if.

    \b
    Examples:
      influence simulate partner.xlsx --approach NW040,NW030
      influence simulate partner.xlsx --assume-on-board "Ethan Brooks" --attitude NW060=neutral
      influence simulate partner.xlsx --win NW040 --json
    """
    from ..analysis import what_if
    from ..scenarios import Scenario

    people, certain = _split_people(approach), _split_people(on_board)
    changes = _attitude_changes(attitudes)
    if not people and not certain and not changes:
        raise click.UsageError("Nothing to simulate: give --approach ID,ID, --assume-on-board ID,ID "
                               "and/or --attitude ID=ATTITUDE.")
    with user_errors():
        G = read_map(file, sample, sheet, relationships_sheet, columns)
        scenario = Scenario.build(G, on_board=certain, approach=people, attitudes=changes)
        model = calibration.model() if calibration is not None else None
        if periods is not None:
            from ..spread import SpreadModel

            model = (model or SpreadModel()).replace(periods=periods)
        result = what_if(G, scenario, seed=seed, simulations=simulations, model=model)
    if as_json:
        _echo_json(result.to_dict())
        return
    click.echo("\n".join(_what_if_lines(G, result)))


def _what_if_lines(G, result) -> list[str]:
    lines = []
    if result.on_board:
        lines.append(f"Assumed on board (certain): {', '.join(_names(G, [p]) for p in result.on_board)}")
    if result.approach:
        lines.append(f"Approached (each won with probability r): {', '.join(_names(G, [p]) for p in result.approach)}")
    if result.attitudes:
        lines.append("Attitude changes: " + ", ".join(
            f"{_names(G, [p])} {G.nodes[p].get('attitude') or 'unknown'} -> {label}"
            for p, label in result.attitudes.items()))
    lines += ["Expected support (people on board):",
              f"  before: {result.before.plain()}",
              f"  after:  {result.after.plain()}  ({result.gain:+.1f})"]
    return lines
