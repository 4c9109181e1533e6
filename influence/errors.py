"""Exceptions raised by influence-map, and the Problem record the importer collects.

Every :class:`Problem` carries a stable ``code`` (kebab-case, listed in
:data:`PROBLEM_CODES` and in the README), the ``field`` of the influence map it concerns
and a :class:`Hint`: what kind of change fixes it, in terms of the import's options rather
than of any one user interface. The command line renders a hint as a flag
(``--column name=…``), the dashboard as a control; messages themselves never name either.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = [
    "Problem", "Hint", "PROBLEM_CODES", "HINT_KINDS",
    "InfluenceError", "WorkbookError", "PersonNotFound", "ExportError",
]

HINT_KINDS = {
    "edit-source": "correct the file where the problem points (the cell, row, column or sheet)",
    "resave": "open the file in the program that made it and save or export it again",
    "column-override": "name the column that holds ``field`` (the import's ``columns`` option)",
    "sheet-override": "name the sheet to read as ``field`` (``people`` or ``relationships``): "
                      "the import's ``sheet`` or ``relationships_sheet`` option; ``value`` is "
                      "the sheet suggested, if any",
    "row-limit": "raise the row limit (the import's ``max_rows`` option); ``value`` is the limit",
    "people-limit": "raise the people limit (``max_people``); ``value`` is the limit",
    "tie-limit": "raise the ties limit (``max_ties``); ``value`` is the limit",
    "value-mapping": "say which level the unrecognised ``value`` of ``field`` means",
}
"""The kinds of :class:`Hint`, each with what the user can do."""


@dataclass(frozen=True)
class Hint:
    """How a problem can be fixed, as data: each surface renders it in its own terms.

    ``kind`` is one of :data:`HINT_KINDS`; ``field`` the field concerned (``"name"`` for a
    column override, ``"people"`` or ``"relationships"`` for a sheet override); ``value`` a
    suggestion or the current limit.

    Examples
    --------
    >>> Hint("column-override", "name").to_dict()
    {'kind': 'column-override', 'field': 'name', 'value': None}
    """

    kind: str
    field: str | None = None
    value: object = None

    def __post_init__(self):
        if self.kind not in HINT_KINDS:
            raise ValueError(f"unknown hint kind {self.kind!r}; use one of: {', '.join(HINT_KINDS)}")

    def to_dict(self) -> dict:
        return {"kind": self.kind, "field": self.field, "value": self.value}


PROBLEM_CODES: dict[str, str] = {
    # the file
    "file-not-found": "the file does not exist",
    "not-a-file": "the path is a folder",
    "file-unreadable": "the file cannot be opened (permissions, a lock)",
    "empty-file": "the file has no bytes",
    "not-a-spreadsheet": "the file is something else (PDF, image, Word, binary, a ZIP of other files)",
    "unsupported-format": "a spreadsheet format that is not read (.xls, .xlsb, OpenDocument)",
    "password-protected": "the workbook is encrypted",
    "damaged-workbook": "the workbook's package or XML is damaged or incomplete",
    "unreadable-sheet": "one sheet cannot be parsed",
    "file-too-big": "the file, or what its parts expand to, is over the size limit",
    "zip-bomb": "a workbook part would expand far more than real spreadsheets do",
    "no-worksheets": "the workbook holds no worksheet",
    "bad-limit": "a row, people or ties limit is not a positive whole number",
    "too-many-rows": "a sheet has more rows than the row limit",
    "too-many-cells": "a sheet spans more cells than can be read (usually a stray far cell)",
    "too-many-people": "more people than the people limit",
    "too-many-ties": "more relationships than the ties limit",
    "nul-characters": "a CSV file holds NUL bytes (removed)",
    "mixed-encodings": "a CSV file mixes UTF-8 and Windows-1252 lines",
    "unsplittable-row": "a CSV row cannot be split into cells",
    "unclosed-quote": "a CSV quote is never closed",
    "uncalculated-formulas": "formulas saved without a result read as blank",
    "excel-error-value": "a cell shows an Excel error such as #N/A (read as blank)",
    # sheets and columns
    "sheet-not-found": "the sheet asked for does not exist",
    "csv-has-no-sheets": "a sheet was asked for in a CSV file",
    "hidden-sheet-read": "a hidden sheet was read because no visible sheet holds the data",
    "hidden-sheet-skipped": "a hidden sheet named like the data was passed over",
    "empty-sheet": "the people sheet is empty",
    "no-header-row": "no row near the top looks like a header row",
    "no-name-column": "no column holds the people's names",
    "no-from-to-columns": "the relationships sheet has no From and To columns",
    "unknown-field": "a column override names a field that does not exist",
    "bad-value-mapping": "a value mapping names a field without a vocabulary, or a level off its scale",
    "column-not-found": "a column override names a header the sheet does not have",
    "duplicate-header": "two columns have the same header",
    "column-without-header": "values under a column with no header are not read",
    "cells-beyond-header": "rows have cells to the right of the last header",
    "unrecognised-column": "a column whose values look like a known field has a header that is not recognised",
    # people
    "no-people": "the sheet has a header row but no person below it",
    "row-without-name": "a row with neither name nor ID is skipped",
    "name-missing": "a person without a name is shown by their ID",
    "duplicate-id": "one ID is given to two different people",
    "duplicate-person": "a person's row is repeated (merged)",
    "unknown-attitude": "an attitude word that is not on the scale (read as unknown)",
    "unknown-authority": "an authority that is not 1-5 or low/medium/high (read as blank)",
    "unknown-influence": "an influence rating that is not 1-5 or low/medium/high (read as blank)",
    "unknown-style": "a style that is not one of the four social styles (kept as written)",
    "manager-not-found": "the manager named is nobody in the sheet",
    "ambiguous-manager": "several people have the manager's name",
    "reporting-cycle": "reporting lines run in a circle",
    "not-a-number": "a numeric cell holds NaN (read as blank)",
    "control-characters": "invisible control characters were removed from a value",
    "value-too-long": "a value longer than a workbook cell can hold (32,767 characters)",
    # relationships
    "relationship-end-missing": "the From or To cell of a relationship is empty",
    "relationship-person-not-found": "a relationship names someone who is not in the people list",
    "ambiguous-name": "a relationship names a name that two people share",
    "self-relationship": "a relationship links a person to themselves",
    "duplicate-relationship": "a relationship is repeated (merged)",
    "unknown-relationship-type": "a relationship type that is not known (read as influences)",
    "unknown-strength": "a strength that is not 1-5, a fraction or a word (read as blank)",
    # the Assessments and Interactions sheets, and the People columns Assessed By / On, Confidence
    "annotation-person-missing": "an assessment or interaction row names no person (left out)",
    "annotation-person-not-found": "an assessment or interaction names someone not on People (left out)",
    "unknown-assessed-field": "an assessment's Field is not attitude, influence, authority, style or strength",
    "not-a-date": "a date cell holds something that is not a date (the entry keeps no date)",
    "future-date": "a date lies in the future (the entry keeps no date)",
    "unknown-confidence": "a confidence that is not low/medium/high or a number from 0 to 1 (read as medium)",
    "unknown-interaction-kind": "an interaction's kind is not meeting, call, email, event or other (read as other)",
    # GraphML, GEXF and Kumu files (influence.interchange)
    "damaged-graph-file": "a GraphML, GEXF or Kumu JSON file cannot be parsed, or is not that format",
    "dynamic-graph": "a GEXF file's dates (spells, dated values) were ignored; the last value was kept",
    "uniform-weights": "every edge has the same weight, which says nothing about strength (left blank)",
    "undirected-edges": "undirected or mutual edges were each read as a tie both ways",
}
"""Every problem code the importer reports, with what it means."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located precisely enough to fix it.

    ``row`` is the Excel row number (1-based, as the spreadsheet shows it) or ``None``
    when the problem is about the whole file or sheet. ``code`` is one of
    :data:`PROBLEM_CODES`, ``field`` the map field concerned (``"attitude"``, ``"reports_to"``)
    and ``hint`` a :class:`Hint` saying what kind of change fixes it.

    Examples
    --------
    >>> p = Problem("warning", "unknown attitude 'meh', read as unknown", "a.csv", None, 3,
    ...             "Stance", "meh", code="unknown-attitude", field="attitude",
    ...             hint=Hint("value-mapping", "attitude", "meh"))
    >>> str(p)
    "a.csv, row 3, column 'Stance': unknown attitude 'meh', read as unknown (value 'meh')"
    >>> p.to_dict()["hint"]
    {'kind': 'value-mapping', 'field': 'attitude', 'value': 'meh'}
    """

    severity: str  # "error" stops the import; "warning" does not
    message: str  # what is wrong and how to fix it
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    code: str = ""
    field: str | None = None
    hint: Hint | None = None

    def __post_init__(self):
        if isinstance(self.hint, dict):  # a stored problem, read back from JSON
            object.__setattr__(self, "hint", Hint(**self.hint))

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["value"] is not None and not isinstance(data["value"], (str, int, float, bool)):
            data["value"] = str(data["value"])
        data["hint"] = self.hint.to_dict() if self.hint is not None else None
        if data["hint"] and data["hint"]["value"] is not None and not isinstance(
                data["hint"]["value"], (str, int, float, bool)):
            data["hint"]["value"] = str(data["hint"]["value"])
        return data

    def __str__(self) -> str:
        where = [p for p in (
            self.file,
            f"sheet {self.sheet!r}" if self.sheet else None,
            f"row {self.row}" if self.row else None,
            f"column {self.column!r}" if self.column else None,
        ) if p]
        value = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{', '.join(where)}: {self.message}{value}" if where else f"{self.message}{value}"


class InfluenceError(Exception):
    """Base class of every error influence-map raises on purpose."""


class WorkbookError(InfluenceError):
    """Raised when an input file cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"] or self.problems
        head = str(errors[0]) if errors else "the file could not be imported"
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        super().__init__(head + more)


class PersonNotFound(InfluenceError, KeyError):
    """Raised when a name or id matches nobody in the map; the message suggests close matches."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ExportError(InfluenceError):
    """Raised when an export cannot be written (existing file without force, bad format)."""
