"""What the CLI commands share: the map options, reading a map, progress bars, and turning
library errors into one-line `Error: …` messages."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..errors import InfluenceError


@contextlib.contextmanager
def user_errors():
    """Turn the library's own exceptions into ``click.ClickException`` (no traceback)."""
    try:
        yield
    except InfluenceError as err:
        from .hints import cli_hint

        problems = [p for p in getattr(err, "problems", ()) if p.severity == "error"]
        extra = cli_hint(problems[0].hint) if problems else None
        raise click.ClickException(f"{err}; {extra}" if extra else str(err)) from err


def column_overrides(ctx, param, values) -> dict[str, str]:
    """``--column field=Header`` options as a dict, checked early."""
    from ..importer import FIELDS

    overrides = {}
    for value in values:
        name, sep, header = value.partition("=")
        name, header = name.strip().lower().replace(" ", "_"), header.strip()
        if not sep or not name or not header:
            raise click.BadParameter(f"{value!r} is not FIELD=HEADER; write for example "
                                     "--column name=\"Full Name\"", ctx, param)
        if name not in FIELDS:
            raise click.BadParameter(f"unknown field {name!r}; use one of: {', '.join(FIELDS)}",
                                     ctx, param)
        overrides[name] = header
    return overrides


# --- shared options and helpers -------------------------------------------------------------

def map_options(command):
    """FILE (or ``--sample``) and the sheet options every analysis command shares."""
    for option in reversed([
        click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--sample", is_flag=True, help="Use the bundled sample map (Northwind Systems) instead of FILE."),
        click.option("--sheet", default=None, metavar="NAME", help="Sheet of people [default: detected]."),
        click.option("--relationships-sheet", default=None, metavar="NAME",
                     help="Sheet of relationships [default: detected]."),
        click.option("--column", "columns", multiple=True, metavar="FIELD=HEADER", callback=column_overrides,
                     help='Read a field from a column the synonyms miss, e.g. --column name="Preferred Name".'),
    ]):
        command = option(command)
    return command


def read_map(file, sample, sheet, relationships_sheet, columns=None):
    """The influence map of FILE, or of the bundled sample with ``--sample``."""
    from ..interchange import read_map as read_any_map

    if sample and file:
        raise click.UsageError("Give either FILE or --sample, not both.")
    if sample:
        from ..samples import sample_path

        file = sample_path()
    if file is None:
        raise click.UsageError("Missing FILE: give an influence map (Excel, CSV, GraphML, GEXF or Kumu JSON), "
                               "or --sample for the bundled one.")
    G = read_any_map(file, sheet=sheet, relationships_sheet=relationships_sheet, columns=columns or None)
    warnings = G.graph.get("warnings") or []
    if warnings:
        click.echo(f"Note: {len(warnings)} warning(s) while reading {Path(file).name}; "
                   f"see `influence validate {file}`.", err=True)
    return G


@contextlib.contextmanager
def progress_bar(label: str):
    """A ``progress(done, total)`` callback drawing a bar on stderr, only on a terminal."""
    stream = sys.stderr
    if not (hasattr(stream, "isatty") and stream.isatty()):
        yield None
        return
    with click.progressbar(length=1000, label=label, file=stream) as bar:
        shown = [0]

        def report(done, total):
            position = int(1000 * done / total) if total else 1000
            if position > shown[0]:
                bar.update(position - shown[0])
                shown[0] = position
        yield report


def _load_calibration(ctx, param, value):
    """``--calibration FILE`` read into a :class:`~influence.calibration.Calibration`, checked early."""
    if value is None:
        return None
    from ..calibration import Calibration, CalibrationError

    try:
        return Calibration.load(value)
    except CalibrationError as err:
        raise click.BadParameter(str(err), ctx, param) from err


def calibration_option(command):
    """``--calibration FILE``: analyse with a spread model fitted by ``influence calibrate``."""
    return click.option(
        "--calibration", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
        callback=_load_calibration, metavar="FILE",
        help="Use the spread model fitted by `influence calibrate -o FILE` (scale, external rate, "
             "periods and their uncertainty) instead of the defaults.")(command)
