"""Located records: what a source read, before any of it is checked or understood.

A *source* (the Excel/CSV reader of :mod:`influence.importing.workbook_source`, and later
GraphML, GEXF, Kumu or Salesforce readers) turns a file into :class:`ImportRecords`: people
and ties as raw text, each value with the sheet, row and column it came from. The one
*validator*, :func:`influence.importing.validate.validate_records`, turns records from any
source into the influence map, with the same checks, vocabulary and problem codes.

Records are column-wise (one list per field, all of the same length) because an HR export
has a hundred thousand rows: a list per field costs a few objects, a record object per row
costs a few hundred thousand. A source that reads row by row builds them with
:meth:`PeopleRecords.from_rows` and :meth:`TieRecords.from_rows`.

Examples
--------
>>> people = PeopleRecords.from_rows([
...     PersonRecord(2, {"name": "Ada", "attitude": "fan"}),
...     PersonRecord(3, {"name": "Bob", "reports_to": "Ada"}, extra={"Desk": 12})],
...     sheet="People", columns={"name": "Name", "attitude": "Stance", "reports_to": "Boss"})
>>> len(people), people.values["reports_to"], people.extra["Desk"]
(2, [None, 'Ada'], [None, 12])
>>> people.location(1, "reports_to")
Location(file=None, sheet='People', row=3, column='Boss')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

__all__ = [
    "PEOPLE_FIELDS", "TIE_FIELDS", "Location", "PersonRecord", "TieRecord",
    "PeopleRecords", "TieRecords", "ColumnReading", "ImportRecords",
]

PEOPLE_FIELDS = ("id", "name", "first_name", "last_name", "title", "department", "reports_to",
                 "email", "authority", "role", "influence", "attitude", "style", "owner", "notes")
"""The fields a person record may hold (raw text; ``reports_to`` is an ID, e-mail or name)."""

TIE_FIELDS = ("from", "to", "type", "strength", "notes")
"""The fields a tie record may hold (``from`` and ``to`` are IDs, e-mails or names)."""


@dataclass(frozen=True)
class Location:
    """Where a value was read: the file, sheet (``None`` for a CSV), 1-based row, column header."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    """One person as a row-wise source read them: *row* and ``field -> raw text``."""

    row: int | None
    values: dict
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TieRecord:
    """One tie as a row-wise source read it: *row* and ``field -> raw text``."""

    row: int | None
    values: dict


@dataclass
class _Columns:
    rows: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    sheet: str | None = None
    columns: dict = field(default_factory=dict)
    file: str | None = None
    header_row: int | None = None  # the row of the header, if the source has one

    def __len__(self) -> int:
        return len(self.rows)

    def location(self, index: int, name: str | None = None) -> Location:
        """Where record *index*'s *name* field (or the record itself) was read."""
        return Location(self.file, self.sheet, self.rows[index], self.columns.get(name) if name else None)


@dataclass
class PeopleRecords(_Columns):
    """People as read, column-wise.

    Attributes
    ----------
    rows : list of int
        Each record's row (Excel's row number, or the record's position in the source).
    values : dict
        ``field -> list`` of raw text (``None`` for blank), fields from :data:`PEOPLE_FIELDS`;
        a field the source does not have is absent.
    extra : dict
        ``header -> list`` of the columns that are no field (numbers stay numbers).
    sheet : str or None
        The sheet read.
    columns : dict
        ``field -> header`` as written in the source, for messages.
    file : str or None
    header_row : int or None
        The row of the source's header row, if it has one (for messages).
    """

    extra: dict = field(default_factory=dict)

    @classmethod
    def from_rows(cls, records: Iterable[PersonRecord], *, sheet=None, columns=None, file=None):
        """Column-wise records from row-wise ones (a field missing from a row is blank)."""
        records = list(records)
        names = list(dict.fromkeys(k for r in records for k in r.values))
        extras = list(dict.fromkeys(k for r in records for k in r.extra))
        unknown = [n for n in names if n not in PEOPLE_FIELDS]
        if unknown:
            raise ValueError(f"unknown person field(s) {unknown}; use {', '.join(PEOPLE_FIELDS)}")
        return cls(rows=[r.row for r in records],
                   values={n: [r.values.get(n) for r in records] for n in names},
                   sheet=sheet, columns=dict(columns or {}), file=file,
                   extra={n: [r.extra.get(n) for r in records] for n in extras})


@dataclass
class TieRecords(_Columns):
    """Ties as read, column-wise: as :class:`PeopleRecords`, with :data:`TIE_FIELDS`."""

    @classmethod
    def from_rows(cls, records: Iterable[TieRecord], *, sheet=None, columns=None, file=None):
        """Column-wise records from row-wise ones."""
        records = list(records)
        names = list(dict.fromkeys(k for r in records for k in r.values))
        unknown = [n for n in names if n not in TIE_FIELDS]
        if unknown:
            raise ValueError(f"unknown tie field(s) {unknown}; use {', '.join(TIE_FIELDS)}")
        return cls(rows=[r.row for r in records],
                   values={n: [r.values.get(n) for r in records] for n in names},
                   sheet=sheet, columns=dict(columns or {}), file=file)


@dataclass(frozen=True)
class ColumnReading:
    """How one column of the source was read (the import preview).

    ``field`` is the map field it was read as, or ``None`` when it is kept as an extra
    column; ``suggestions`` are the fields it might be (by its header and its values).
    """

    sheet: str | None
    header: str
    field: str | None
    suggestions: tuple[str, ...] = ()
    kind: str = "people"  # "people" or "relationships"

    def to_dict(self) -> dict:
        return {"sheet": self.sheet, "header": self.header, "field": self.field,
                "suggestions": list(self.suggestions)}


@dataclass
class ImportRecords:
    """Everything a source read from one file, for :func:`~influence.importing.validate.validate_records`.

    Attributes
    ----------
    file : str
    people : PeopleRecords or None
        ``None`` when the source found no people (its problems say why).
    ties : TieRecords or None
    problems : list of Problem
        What the source itself found (the file, sheets, headers, cells).
    sheets : dict
        ``{"people": sheet, "relationships": sheet}`` as read.
    name : str or None
        The partner's name if the source states it (else the file's stem is used).
    columns : list of ColumnReading
        Every column of the sheets read and the field it became.
    column_order : dict
        ``(sheet, header) -> position``, so problems are listed left to right.
    tables : list of influence.readers.Table
        Every sheet of the file the source opened, for readers of further sheets
        (Assessments, Interactions, Plan) that should not open the file again.
    """

    file: str
    people: PeopleRecords | None = None
    ties: TieRecords | None = None
    problems: list = field(default_factory=list)
    sheets: dict = field(default_factory=dict)
    name: str | None = None
    columns: list = field(default_factory=list)
    column_order: dict = field(default_factory=dict)
    tables: list = field(default_factory=list, repr=False)  # every sheet the source opened (readers.Table)
