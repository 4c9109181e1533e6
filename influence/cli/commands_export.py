"""CLI command ``export``: the briefing as PNG, SVG, PDF, PowerPoint, HTML or an annotated workbook."""

from __future__ import annotations

import time
from pathlib import Path

import click

from . import main
from .commands_analysis import what_if_options
from .common import calibration_option, map_options, progress_bar, read_map, user_errors

__all__ = ["export"]


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, round(n / 1024))} KB"


def _data_format(fmt, out) -> str | None:
    """The interchange format asked for (``--format`` or ``--out``'s extension), if any."""
    from ..interchange import INTERCHANGE_FORMATS, source_kind

    if fmt is not None:
        return fmt.lower() if fmt.lower() in INTERCHANGE_FORMATS else None
    if out is not None and source_kind(out) != "workbook":
        return source_kind(out)
    return None


def _export_map_data(file, sample, sheet, relationships_sheet, columns, fmt, out, anonymize, force, started):
    from ..anonymize import anonymize as anonymised
    from ..atomic import write_atomic
    from ..interchange import EXTENSIONS, map_bytes
    from ..samples import sample_path

    with user_errors():
        if out is None:
            source = file if file is not None else (sample_path() if sample else None)
            stem = Path(source).stem if source else "influence-map"
            out = Path(f"{stem}{'-anonymised' if anonymize else ''}.{EXTENSIONS[fmt]}")
        if out.exists() and not force:
            raise click.ClickException(f"{out} exists; use --force to overwrite")
        G = read_map(file, sample, sheet, relationships_sheet, columns)
        data = map_bytes(anonymised(G) if anonymize else G, fmt)
        path = write_atomic(out, data, force=force)
    click.echo(f"Wrote {path} ({_size(len(data))}) in {time.perf_counter() - started:.1f} s.", err=True)


@main.command()
@map_options
@click.option("--format", "-f", "fmt", type=click.Choice(["png", "svg", "pdf", "pptx", "html", "xlsx",
                                                           "graphml", "gexf", "kumu"],
              case_sensitive=False), default=None,
              help="What to make [default: from --out's extension, else pdf].")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: <FILE stem>-briefing.<format> in the current folder].")
@click.option("--target", metavar="NAME_OR_ID", default=None,
              help="Also show the best paths to this person.")
@click.option("--anonymize", "--anonymise", is_flag=True,
              help="Replace names with roles (\"VP Sales (A)\") for a wider audience.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
              show_default=True, help="Page size of the png/svg/pdf diagram.")
@click.option("--fraction", type=click.FloatRange(0, 1, min_open=True), default=0.10, show_default=True,
              help="Share of people in the leading set.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random numbers.")
@what_if_options
@calibration_option
def export(file, sample, sheet, relationships_sheet, columns, fmt, out, target, anonymize, force, paper,
           fraction, seed, approach, on_board, attitudes, calibration):
    """Brief your executives: the map and its analysis as a file to share.

    \b
    pdf, png, svg  one-page diagram (A4 or Letter landscape) for print or a slide
    pptx           editable PowerPoint deck: move a box and its lines follow
    html           one offline web page: interactive map and tables
    xlsx           your sheets plus Influence Score, Segment, Leading Rank, Approach Via
    graphml, gexf  the map itself for Gephi, yEd or Cytoscape (every person, tie, field)
    kumu           the map as a Kumu JSON blueprint

    With --approach/--win, --assume-on-board or --attitude the briefing is of that
    what-if (as `influence simulate` reads it), and says so on every page, slide and
    sheet, in the file's metadata and in the default file name (…-briefing-what-if.pdf).

    Nothing is sent anywhere; an existing file is only replaced with --force.

    \b
    Examples:
      influence export partner.xlsx --format pdf
      influence export partner.xlsx --format pptx --target "Margaret Okafor"
      influence export partner.xlsx -f html --anonymize --out briefing.html
      influence export --sample --format xlsx --force
      influence export partner.xlsx -f pdf --assume-on-board "Ethan Brooks" --attitude NW060=neutral
    """
    from ..analysis import analyze
    from ..export import FORMATS, default_output_path, export_bytes, format_of
    from ..atomic import write_atomic
    from ..people import resolve_person
    from ..samples import sample_path
    from ..scenarios import Scenario
    from .commands_analysis import _attitude_changes, _split_people

    approach, on_board = _split_people(approach), _split_people(on_board)
    changes = _attitude_changes(attitudes)
    what_if = bool(approach or on_board or changes)

    started = time.perf_counter()
    data_format = _data_format(fmt, out)
    if data_format is not None:
        if what_if or target is not None:
            raise click.UsageError(f"{data_format} holds the map itself, not a briefing: a what-if or --target "
                                   "belongs in a pdf, png, svg, pptx, html or xlsx briefing.")
        _export_map_data(file, sample, sheet, relationships_sheet, columns, data_format, out, anonymize, force, started)
        return
    with user_errors():
        if fmt is None:
            fmt = format_of(path=out) if out is not None and out.suffix else "pdf"
        elif out is not None and out.suffix.lower().lstrip(".") in FORMATS and format_of(path=out) != fmt.lower():
            raise click.UsageError(f"--format {fmt} does not match --out {out}; change one of them.")
        fmt = fmt.lower()
        if out is None:
            source = file if file is not None else (sample_path() if sample else None)
            # A what-if's file says so in its name (before the map is read: the name only
            # depends on there being a scenario).
            out = default_output_path(source, fmt, scenario=Scenario(approach=("?",)) if what_if else None)
        if out.exists() and not force:  # before any slow work
            raise click.ClickException(f"{out} exists; use --force to overwrite")
        G = read_map(file, sample, sheet, relationships_sheet, columns)
        if target is not None:  # a mistyped name fails now, not after the analysis
            target = resolve_person(G, target)
        scenario = Scenario.build(G, on_board=on_board, approach=approach, attitudes=changes)
        click.echo(f"Read {len(G)} people from {G.graph.get('name') or 'the map'}; analysing…", err=True)
        if scenario:
            click.echo(scenario.label(G) + ".", err=True)
        with progress_bar("Analysing") as progress:
            analysis = analyze(G, scenario=scenario, fraction=fraction, seed=seed, progress=progress,
                               calibration=calibration)
        click.echo(f"Drawing the {fmt} briefing…", err=True)
        data = export_bytes(G, fmt, analysis=analysis, target=target, anonymize=anonymize, paper=paper)
        path = write_atomic(out, data, force=force)
    click.echo(f"Wrote {path} ({_size(len(data))}) in {time.perf_counter() - started:.1f} s.", err=True)
