"""Shared by the interchange sources and writers: a map as flat people and tie rows.

Every interchange format is, underneath, a table of people (node attributes) and a table
of ties (edge attributes). The sources read those tables and hand them to the importer's
one validator (:func:`influence.importing.validate_records`) through :func:`records_from_rows`,
so a GraphML, GEXF or Kumu file gets the same header synonyms, vocabularies, checks and
problem codes as a workbook. The writers get their rows from :func:`people_rows` and
:func:`tie_rows`, whose names are the importer's own field names, so a file written by
one of them reads back into the same map.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time

import networkx as nx

from ..graph import PERSON_FIELDS
from ..headers import match_headers
from ..importing.records import ImportRecords, PeopleRecords, PersonRecord, TieRecord, TieRecords
from ..vocabulary import REPORTING

__all__ = ["PERSON_COLUMNS", "TIE_COLUMNS", "people_rows", "tie_rows", "records_from_rows", "plain_value",
           "fold_reporting_edges", "strength_cell"]

PERSON_COLUMNS = ("id", *PERSON_FIELDS, "reports_to")
"""The person attributes a writer puts on every node (``id`` is also the node's key)."""

TIE_COLUMNS = ("type", "strength", "notes")
"""The tie attributes a writer puts on every edge, besides its two ends."""

# An extra column whose header the importer would read as a field gets this prefix on the
# way out, so it comes back as the same extra column instead of overwriting the field.
_EXTRA_PREFIX = "extra: "


def plain_value(value):
    """A value an interchange file can hold: text, int, float or bool (``None`` for blank).

    Dates and times become ISO text; NaN is blank.

    Examples
    --------
    >>> from datetime import date
    >>> plain_value(date(2024, 3, 1)), plain_value(float("nan")), plain_value(4), plain_value(True)
    ('2024-03-01', None, 4, True)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def _extra_header(header: str) -> str:
    field = match_headers([header]).columns
    return f"{_EXTRA_PREFIX}{header}" if field else header


def people_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One dict per person: the fields of :data:`PERSON_COLUMNS` and every extra column.

    Blank values are left out; extra headers that the importer would take for a field
    are prefixed ``"extra: "``.
    """
    rows = []
    for person, data in G.nodes(data=True):
        row = {"id": person}
        for name in PERSON_FIELDS:
            value = plain_value(data.get(name))
            if value is not None:
                row[name] = value
        if data.get("manager") is not None:
            row["reports_to"] = data["manager"]
        for header, value in (data.get("extra") or {}).items():
            value = plain_value(value)
            if value is not None:
                row[_extra_header(str(header))] = value
        rows.append(row)
    return rows


def strength_cell(strength):
    """A strength in (0, 1] as written to a file so that the importer reads it back exactly
    (:func:`influence.theme.strength_scale`: 1-5 where it is a whole number of fifths, else
    the fraction); blank for none or NaN.

    Examples
    --------
    >>> strength_cell(1.0), strength_cell(0.8), strength_cell(0.35), strength_cell(float("nan"))
    (5, 4, 0.35, None)
    """
    from ..theme import strength_scale

    if strength is None or (isinstance(strength, float) and math.isnan(strength)):
        return None
    return strength_scale(float(strength))


def tie_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One dict per relationship (reporting lines are carried by ``reports_to``)."""
    rows = []
    for u, v, key, data in G.edges(keys=True, data=True):
        if key == REPORTING:
            continue
        row = {"from": u, "to": v, "type": data.get("type") or key}
        strength = strength_cell(data.get("strength"))
        if strength is not None:
            row["strength"] = strength
        notes = plain_value(data.get("notes"))
        if notes is not None:
            row["notes"] = notes
        rows.append(row)
    return rows


def _is_reporting(row: dict) -> bool:
    kind = row.get("type")
    return isinstance(kind, str) and kind.strip().lower().replace("_", " ") in (REPORTING, "reportsto", "reports")


def fold_reporting_edges(people: list, ties: list) -> tuple[list, list]:
    """Edges of type ``reports to`` become the report's ``reports_to``, not relationships.

    A file written by this package carries reporting lines twice (the ``reports_to`` node
    attribute and an edge a drawing program can show); a file from elsewhere may carry
    them as edges only. A node that names its manager already keeps that.
    """
    by_id = {str(row.get("id")): row for _, row in people}
    kept = []
    for position, row in ties:
        if not _is_reporting(row):
            kept.append((position, row))
            continue
        report = by_id.get(str(row.get("to")))
        if report is not None and report.get("reports_to") in (None, ""):
            report["reports_to"] = row.get("from")
    return people, kept


def records_from_rows(file: str, people: list[tuple[int | None, dict]], ties: list[tuple[int | None, dict]],
                      *, people_sheet: str, ties_sheet: str, name: str | None = None,
                      problems: list | None = None) -> ImportRecords:
    """Located records from attribute rows, headers matched as the importer matches them.

    Parameters
    ----------
    file : str
    people, ties : list of (position, dict)
        Each node's (edge's) position in the file (reported as its row) and its
        ``attribute name -> value``. Ties need ``from`` and ``to`` (or names the
        relationship headers match, such as ``source``/``target``).
    people_sheet, ties_sheet : str
        What the file calls these tables ("nodes", "elements", …), shown as the sheet in
        messages.
    """
    from ..importing.records import ColumnReading

    headers = list(dict.fromkeys(h for _, row in people for h in row))
    match = match_headers(headers, "people")
    field_of = {headers[i]: f for f, i in match.columns.items()}
    person_records = []
    for position, row in people:
        values, extra = {}, {}
        for header, value in row.items():
            field = field_of.get(header)
            if field is not None:
                values[field] = value
            else:
                extra[header[len(_EXTRA_PREFIX):] if header.startswith(_EXTRA_PREFIX) else header] = value
        person_records.append(PersonRecord(position, values, extra))
    columns = [ColumnReading(people_sheet, h, field_of.get(h)) for h in headers]

    tie_headers = list(dict.fromkeys(h for _, row in ties for h in row))
    tie_match = match_headers(tie_headers, "relationships")
    tie_field = {tie_headers[i]: f for f, i in tie_match.columns.items()}
    tie_records = [TieRecord(position, {tie_field[h]: v for h, v in row.items() if h in tie_field})
                   for position, row in ties]
    columns += [ColumnReading(ties_sheet, h, tie_field.get(h), kind="relationships") for h in tie_headers]

    people_columns = {f: headers[i] for f, i in match.columns.items()}
    tie_columns = {f: tie_headers[i] for f, i in tie_match.columns.items()}
    order = {(people_sheet, h): i for i, h in enumerate(headers)}
    order.update({(ties_sheet, h): i for i, h in enumerate(tie_headers)})
    return ImportRecords(
        file,
        people=PeopleRecords.from_rows(person_records, sheet=people_sheet, columns=people_columns, file=file),
        ties=TieRecords.from_rows(tie_records, sheet=ties_sheet, columns=tie_columns, file=file) if ties else None,
        problems=list(problems or []),
        sheets={"people": people_sheet, "relationships": ties_sheet if ties else None},
        name=name, columns=columns, column_order=order)
