"""CLI commands for reading workbooks: ``influence validate`` and ``influence template``."""

from __future__ import annotations

import dataclasses
import json

import click

from . import main
from .common import column_overrides, user_errors
from .hints import with_hint


def _located(problem) -> str:
    # The file is named once in the summary line, so each problem leaves it out.
    return with_hint(dataclasses.replace(problem, file=None))


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _summary(report) -> list[str]:
    counts = report.counts
    problems = ", ".join(_count(len(found), noun) for found, noun in
                         ((report.errors, "error"), (report.warnings, "warning")) if found)
    if report.ok:
        head = f"{report.file}: imports, with {problems}." if report.warnings else f"{report.file}: imports with no problems."
    else:
        head = f"{report.file}: cannot be imported ({problems})."
    people_sheet = report.sheets.get("people")
    relationship_sheet = report.sheets.get("relationships")
    lines = [head]
    if report.ok:
        lines += [
            f"  people:          {counts['people']:>7,}" + (f"   (sheet {people_sheet!r})" if people_sheet else ""),
            f"  reporting lines: {counts['reporting_lines']:>7,}",
            f"  relationships:   {counts['relationships']:>7,}"
            + (f"   (sheet {relationship_sheet!r})" if relationship_sheet else ""),
        ]
    for title, problems in (("Errors", report.errors), ("Warnings", report.warnings)):
        if problems:
            lines += ["", f"{title} ({len(problems)}):"] + [f"  {_located(p)}" for p in problems]
    if not report.ok:
        lines += ["", "Fix the errors above and run influence validate again."]
    return lines


def _value_options(ctx, param, options) -> dict:
    """``--value attitude:"on the fence"=neutral`` options as ``{field: {value: level}}``."""
    from ..importing import VALUE_FIELDS

    out: dict[str, dict] = {}
    for option in options:
        head, sep, level = option.rpartition("=")
        name, colon, value = head.partition(":")
        name, value = name.strip().lower(), value.strip().strip('"')
        if not sep or not colon or not value or not level.strip():
            raise click.BadParameter(f"{option!r} is not FIELD:VALUE=LEVEL; write for example "
                                     "--value attitude:\"on the fence\"=neutral", ctx, param)
        if name not in VALUE_FIELDS:
            raise click.BadParameter(f"no vocabulary for {name!r}; use one of: {', '.join(VALUE_FIELDS)}",
                                     ctx, param)
        out.setdefault(name, {})[value] = level.strip()
    return out


def _explain(report) -> list[str]:
    """The import preview: each column and the field it was read as; each value not understood."""
    from ..headers import FIELD_LABELS

    lines = ["", "Columns:"]
    sheets = list(dict.fromkeys(c.sheet for c in report.columns))
    for sheet in sheets:
        lines.append(f"  sheet {sheet!r}:" if sheet is not None else "  the CSV file:")
        columns = [c for c in report.columns if c.sheet == sheet]
        width = max(len(repr(c.header)) for c in columns)
        for c in columns:
            if c.field is not None:
                read = f"read as {FIELD_LABELS.get(c.field, c.field)}"
            else:
                kept = "kept as an extra column" if c.kind == "people" else "not read"
                might = ", ".join(FIELD_LABELS.get(f, f) for f in c.suggestions)
                read = kept + (f" (might be: {might})" if might else "")
            lines.append(f"    {repr(c.header):<{width}}  {read}")
    if not report.columns:
        lines.append("  (no sheet was read)")
    lines += ["", "Values not understood:"]
    if not report.unknown_values:
        lines.append("  none")
    for v in report.unknown_values:
        times = "once" if v["count"] == 1 else f"{v['count']:,} times"
        read = "kept as written" if v["read_as"] == v["value"] else (
            "read as blank" if v["read_as"] is None else f"read as {v['read_as']}")
        lines.append(f"  {v['field']} {v['value']!r} ({times}): {read}")
    return lines


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--explain", is_flag=True,
              help="Also show how each column was read and every value that was not understood.")
@click.option("--sheet", metavar="NAME", help="The people sheet (default: found by name or content).")
@click.option("--relationships-sheet", metavar="NAME",
              help="The relationships sheet (default: found by name or content).")
@click.option("--column", "columns", metavar="FIELD=HEADER", multiple=True, callback=column_overrides,
              help="Which column holds a field, when its header is not recognised "
                   "(repeatable), e.g. --column name=\"Preferred Name\".")
@click.option("--max-rows", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse sheets longer than N rows [default: $INFLUENCE_MAX_ROWS, else 1,000,000].")
@click.option("--value", "values", metavar="FIELD:VALUE=LEVEL", multiple=True, callback=_value_options,
              help="What a value the vocabulary does not know means (repeatable), e.g. "
                   "--value attitude:\"on the fence\"=neutral.")
@click.option("--max-people", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse maps of more than N people [default: $INFLUENCE_MAX_PEOPLE, else 50,000].")
@click.option("--max-ties", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse maps of more than N relationships [default: $INFLUENCE_MAX_TIES, else 500,000].")
def validate(file, as_json, explain, sheet, relationships_sheet, columns, values, max_rows, max_people,
             max_ties):
    """Check that FILE (.xlsx, .xlsm, .csv, .graphml, .gexf or Kumu .json) imports, and list every problem in it.

    Prints how many people, reporting lines and relationships were read, then each
    error and warning with its sheet, Excel row, column and value, how to fix it, and its
    code in brackets (the README lists every code). --explain adds the import preview:
    the field each column was read as (or "kept as an extra column" with the fields it
    might be) and every value not understood, with its count and what it became. With
    --json, each problem has its "code", "field" and "hint", and "columns" and
    "unknown_values" hold the preview. Exits with 0 when the file imports (warnings allowed) and 1 when it does not.

    \b
    Examples:
      influence validate partner.xlsx
      influence validate hr_export.csv --column name="Preferred Name" --column reports_to="Line Mgr"
      influence validate partner.xlsx --sheet "Org 2024" --json
      influence validate partner.xlsx --explain
      influence validate partner.xlsx --value attitude:"on the fence"=neutral
    """
    from ..interchange import validate_map

    report = validate_map(file, sheet=sheet, relationships_sheet=relationships_sheet,
                               columns=columns, max_rows=max_rows, max_people=max_people,
                               max_ties=max_ties, values=values or None)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        click.echo("\n".join(_summary(report) + (_explain(report) if explain else [])))
    raise SystemExit(0 if report.ok else 1)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def template(out, force):
    """Write an empty influence-map workbook OUT.xlsx to fill in.

    It has a People sheet (one row per person), a Relationships sheet (who influences
    whom), a README sheet explaining every column and scale, dropdowns for Attitude,
    Style, Type and Strength, and a few fictional example rows to replace.

    \b
    Examples:
      influence template partner.xlsx
      influence template partner.xlsx --force
    """
    from pathlib import Path

    from ..template import write_template

    if Path(out).exists() and not force:  # the library's message speaks Python; this one, flags
        raise click.ClickException(f"{out} already exists; choose another name, or overwrite it "
                                   "with --force")
    with user_errors():
        path = write_template(out, force=force)
    click.echo(f"Wrote {path}: fill in the People and Relationships sheets (its README sheet "
               f"explains each column), then run: influence validate {path}")
