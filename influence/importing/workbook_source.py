"""The Excel and CSV source: a workbook's sheets, header rows and columns, as located records.

:func:`read_workbook_records` finds the people sheet and the relationships sheet (by name,
else by their headers), the header row of each (within the first rows, below any title),
and which column holds which field (:mod:`influence.headers`), and hands the cells over as
:class:`~influence.importing.records.ImportRecords`. It reports what only a spreadsheet can
get wrong (hidden sheets, repeated or missing headers, Excel error values, ragged CSV rows,
numeric NaN cells); what the values mean is the validator's job
(:mod:`influence.importing.validate`).
"""

from __future__ import annotations

from functools import cached_property
from itertools import chain, islice
from pathlib import Path

from ..errors import Hint, WorkbookError
from ..headers import (
    FIELD_LABELS,
    PEOPLE_SHEET_NAMES,
    PEOPLE_SYNONYMS,
    RELATIONSHIP_SHEET_NAMES,
    RELATIONSHIP_SYNONYMS,
    HeaderMatch,
    match_headers,
    normalise_header,
)
from ..readers import PREVIEW_ROWS, Table, open_tables
from .explain import SPELLED_COLUMNS, header_suggestions, value_suggestions
from .cells import NOT_A_NUMBER, ProblemLog, cell_text, column_letters, column_texts, column_values
from .records import ColumnReading, ImportRecords, PeopleRecords, TieRecords

__all__ = ["read_workbook_records", "FIELDS"]

FIELDS = tuple(dict.fromkeys([*PEOPLE_SYNONYMS, *RELATIONSHIP_SYNONYMS]))
"""Field names accepted as keys of ``columns`` (the column overrides)."""

# HR exports' own 1-5 columns (job level, pay grade): numbers 1-5 there are no rating of
# ours, so they are suggested in the preview but not warned about.
_ORDINAL = frozenset({"level", "joblevel", "grade", "jobgrade", "paygrade", "band", "payband",
                      "tier", "rank", "hierarchylevel", "managementlevel", "orglevel", "layer",
                      "depth"})

_PARTNER_LABELS = frozenset({"partner", "partnername", "company", "organisation", "organization"})


def read_workbook_records(path, *, sheet: str | None = None, relationships_sheet: str | None = None,
                          columns: dict[str, str] | None = None, max_rows: int | None = None,
                          max_people: int | None = None) -> ImportRecords:
    """The people and ties of an ``.xlsx``, ``.xlsm`` or ``.csv`` file, as located records.

    Parameters are those of :func:`influence.importing.read_workbook`; *max_people* lets a
    sheet with far more rows than that be refused before its columns are converted.

    Returns
    -------
    ImportRecords
        ``people`` is ``None`` when no people sheet could be read; ``problems`` says why.
        A file that cannot be opened at all gives its error in ``problems`` too.
    """
    job = _WorkbookSource(path, sheet=sheet, relationships_sheet=relationships_sheet,
                          columns=columns, max_rows=max_rows, max_people=max_people)
    try:
        job.run()
    except WorkbookError as err:  # the file itself could not be opened
        job.log.extend(err.problems)
    job.records.problems = job.log.items
    return job.records


class _Sheet:
    """A table and its header row: where the data starts and what each column is.

    The header is found on first use, so a sheet chosen by its name is the only one read.
    """

    def __init__(self, table: Table, overrides: dict[str, str]):
        self.table = table
        self.name = table.name
        self.overrides = overrides

    @cached_property
    def _header(self) -> tuple[int, HeaderMatch, HeaderMatch]:
        best = (0, 0, HeaderMatch(), HeaderMatch())  # a sheet without headers: row 1, nothing
        for index, row in enumerate(self.table.preview()):
            people = match_headers(row, "people", self.overrides)
            relationships = match_headers(row, "relationships", self.overrides)
            score = max(len(people.columns), len(relationships.columns))
            if score > best[0]:  # the first row with the most recognised headers wins
                best = (score, index, people, relationships)
        return best[1:]

    @property
    def header_row(self) -> int:
        """0-based index of the header row among the table's rows."""
        return self._header[0]

    @property
    def recognised(self) -> bool:
        """True when some row near the top holds at least one known header."""
        return bool(self.people.columns or self.relationships.columns)

    @property
    def people(self) -> HeaderMatch:
        return self._header[1]

    @property
    def relationships(self) -> HeaderMatch:
        return self._header[2]

    @property
    def is_relationships(self) -> bool:
        return "from" in self.relationships and "to" in self.relationships

    def header_cells(self) -> list[str]:
        """The header row's non-blank cells as the user wrote them (for messages)."""
        rows = self.table.preview()[self.header_row:self.header_row + 1]
        return [t for t in map(cell_text, rows[0] if rows else []) if t]


def _has_text(rows) -> bool:
    return any(cell_text(c) for row in rows for c in row)


class _WorkbookSource:
    """One workbook read into records; problems collected as it goes."""

    def __init__(self, path, *, sheet=None, relationships_sheet=None, columns=None, max_rows=None,
                 max_people=None):
        self.path = Path(path)
        self.max_rows = max_rows
        self.max_people = max_people
        self.sheet_option = sheet
        self.relationships_option = relationships_sheet
        self.columns = {str(k).strip(): str(v) for k, v in (columns or {}).items()}
        self.log = ProblemLog(str(path))
        self.records = ImportRecords(str(path))
        self.sheets = self.records.sheets

    def run(self) -> None:
        for name in self.columns:
            if name not in FIELDS:
                self.log.error("unknown-field", f"unknown field {name!r} in the column choices; use "
                               f"one of: {', '.join(FIELDS)}", value=name,
                               hint=Hint("column-override"))
        tables = open_tables(self.path, max_rows=self.max_rows)
        self.records.tables = tables
        sheets = [_Sheet(t, self.columns) for t in tables]
        people = relationships = None
        try:
            people = self._people_sheet(sheets)
            relationships = self._relationships_sheet(sheets, people)
            self._check_overrides(people, relationships)
            if people is None or not people.people.has_name:
                return
            self.records.people = self._read_people(people)
            if relationships is not None:
                self.records.ties = self._read_ties(relationships)
        finally:
            # What the reader noticed in the sheets read (NUL bytes, uncalculated formulas).
            for chosen in dict.fromkeys(s for s in (people, relationships) if s is not None):
                self.log.extend(chosen.table.problems)

    # -- choosing the sheets --

    def _named(self, sheets, wanted: str, kind: str):
        for s in sheets:
            if s.name is not None and s.name.strip().casefold() == wanted.strip().casefold():
                return s
        if sheets and sheets[0].name is None:  # a CSV file has one table and no sheet names
            return sheets[0]
        hint = Hint("sheet-override", kind)
        if not sheets:
            self.log.error("csv-has-no-sheets", f"a CSV file holds a single table, so there is no "
                           f"sheet {wanted!r}; leave the {kind} sheet unnamed, or save the workbook "
                           "as .xlsx", value=wanted, hint=hint)
            return None
        names = ", ".join(repr(s.name) for s in sheets)
        self.log.error("sheet-not-found", f"there is no sheet called {wanted!r}; the workbook has "
                       f"{names}. Correct the name of the {kind} sheet", value=wanted, hint=hint)
        return None

    def _people_sheet(self, sheets: list[_Sheet]) -> _Sheet | None:
        if self.sheet_option:
            chosen = self._named(sheets, self.sheet_option, "people")
        else:
            # Sheets hidden in Excel often hold old copies or look-up lists: a visible sheet
            # of people wins, and a hidden one is read only when there is no other.
            chosen = self._guess_people([s for s in sheets if s.table.visible], visible=True)
            if chosen is None:
                chosen = self._guess_people(sheets, visible=False)
            self._note_hidden(sheets, chosen, PEOPLE_SHEET_NAMES, "people")
        if chosen is None:
            return None
        self.sheets["people"] = chosen.name
        if not chosen.people.has_name:
            seen = chosen.header_cells()
            name_hint = Hint("column-override", "name")
            if not _has_text(chosen.table.preview()):
                self.log.error("empty-sheet", "no people: the sheet is empty. Add a header row (Name, "
                               "Title, Reports To, ...) and one row per person below it", chosen.name,
                               hint=Hint("sheet-override", "people"))
                return chosen
            if not chosen.recognised:
                self.log.error("no-header-row", f"no name column: none of the first {PREVIEW_ROWS} "
                               "rows looks like a header row (the first row reads "
                               f"{', '.join(map(repr, seen[:5]))}). Put the header row (Name, Title, "
                               f"Reports To, ...) within the first {PREVIEW_ROWS} rows, or say which "
                               "column holds the names", chosen.name, field="name", hint=name_hint)
                return chosen
            found = f"the headers found are {', '.join(map(repr, seen))}" if seen else "no header row was found"
            self.log.error("no-name-column", "no name column: " + found + ". Add a column called Name "
                           "(or First Name and Last Name), or say which column holds the names",
                           chosen.name, chosen.header_row + 1 if seen else None, field="name",
                           hint=name_hint)
        return chosen

    @staticmethod
    def _guess_people(sheets: list[_Sheet], visible: bool) -> _Sheet | None:
        """The people sheet among *sheets*: by its name, else by its headers.

        Among the visible sheets, ``None`` when none is named or headed like a people
        sheet, so that hidden sheets get their turn; among all sheets, the likeliest one.
        """
        by_name = {normalise_header(n) for n in PEOPLE_SHEET_NAMES}
        named = next((s for s in sheets if s.name and normalise_header(s.name) in by_name), None)
        if named is not None:
            return named
        candidates = [s for s in sheets if s.people.has_name and not s.is_relationships]
        candidates = candidates or [s for s in sheets if s.people.has_name]
        if candidates:
            return max(candidates, key=lambda s: len(s.people.columns))
        if visible or not sheets:
            return None
        return max((s for s in sheets if not s.is_relationships),
                   key=lambda s: len(s.people.columns), default=sheets[0])

    def _note_hidden(self, sheets, chosen, names, what: str) -> None:
        """Warn when a hidden sheet was read, or when one named like it was passed over."""
        if chosen is None:
            return
        if not chosen.table.visible:
            self.log.warn("hidden-sheet-read", f"this sheet is hidden in Excel; it was read as the "
                          f"{what} sheet because no visible sheet holds {what}. Check that it holds "
                          f"the {what} you mean (right-click a sheet tab > Unhide to see it)",
                          chosen.name, hint=Hint("sheet-override", what))
            return
        by_name = {normalise_header(n) for n in names}
        for s in sheets:
            if not s.table.visible and s.name and normalise_header(s.name) in by_name:
                self.log.warn("hidden-sheet-skipped", f"the hidden sheet {s.name!r} was not read: the "
                              f"visible sheet {chosen.name!r} was read as the {what} sheet instead. "
                              f"To read the hidden one, choose it as the {what} sheet", s.name,
                              hint=Hint("sheet-override", what, s.name))

    def _relationships_sheet(self, sheets, people) -> _Sheet | None:
        others = [s for s in sheets if s is not people]
        from_to = Hint("column-override", "from")
        if self.relationships_option:
            chosen = self._named(others, self.relationships_option, "relationships")
            if chosen is not None and not chosen.is_relationships:
                self.log.error("no-from-to-columns", "no From and To columns in the relationships "
                               "sheet; name them From and To (or Source and Target), or say which "
                               "columns hold them", chosen.name, chosen.header_row + 1, field="from",
                               hint=from_to)
                return None
        else:
            chosen = self._guess_relationships([s for s in others if s.table.visible])
            if chosen is None:
                chosen = self._guess_relationships(others)
            self._note_hidden(others, chosen, RELATIONSHIP_SHEET_NAMES, "relationships")
        if chosen is not None:
            self.sheets["relationships"] = chosen.name
        return chosen

    def _guess_relationships(self, sheets) -> _Sheet | None:
        by_name = {normalise_header(n) for n in RELATIONSHIP_SHEET_NAMES}
        chosen = next((s for s in sheets if s.name and normalise_header(s.name) in by_name), None)
        if chosen is not None and not chosen.is_relationships:
            if _has_text(chosen.table.preview()):
                self.log.warn("no-from-to-columns", "this sheet has no From and To columns, so no "
                              "relationships were read from it; name the columns From and To (or "
                              "Source and Target)", chosen.name, chosen.header_row + 1, field="from",
                              hint=Hint("column-override", "from"))
            chosen = None
        return chosen or next((s for s in sheets if s.is_relationships), None)

    def _check_overrides(self, people, relationships) -> None:
        for name, header in self.columns.items():
            if name not in FIELDS:
                continue
            wanted = normalise_header(header)
            found = wanted and any(
                sheet is not None and normalise_header(match.headers.get(name)) == wanted
                for sheet, match in ((people, people and people.people),
                                     (relationships, relationships and relationships.relationships)))
            if not found:
                sheet = people if name in PEOPLE_SYNONYMS or relationships is None else relationships
                seen = sheet.header_cells() if sheet is not None else []
                self.log.error("column-not-found", f"there is no column called {header!r} for {name}; "
                               f"the headers are {', '.join(map(repr, seen)) or 'missing'}. Choose one "
                               "of them", sheet.name if sheet is not None else None, None, None,
                               header, field=name, hint=Hint("column-override", name))

    # -- the columns --

    def _columns(self, sheet: _Sheet, match: HeaderMatch, kind: str):
        """Body rows of *sheet* as text columns per field, plus the extra columns."""
        preview = sheet.table.preview()
        header = list(preview[sheet.header_row]) if len(preview) > sheet.header_row else []
        width = len(header)
        for i, cell in enumerate(header):
            self.records.column_order.setdefault((sheet.name, cell_text(cell)), i)
        names = [i for f, i in match.columns.items()
                 if kind == "people" and f in ("id", "name", "first_name", "last_name")]
        columns, n = self._stream(sheet, width, names)
        consumed_extra = kind == "people"
        self._check_header(sheet, match, header, columns, consumed_extra)
        self._error_cells(sheet, header)
        first_row = sheet.header_row + 2  # Excel numbers rows from 1; data starts below the header
        fields = {}
        for name, i in match.columns.items():
            fields[name] = self._numbers_checked(column_texts(columns[i]), sheet, first_row,
                                                 match.headers[name])
        extra: dict[str, list] = {}
        used = set(match.columns.values())
        by_column = {i: f for f, i in match.columns.items()}
        for i, cell in enumerate(header):
            label = cell_text(cell)
            if label is None or label is NOT_A_NUMBER:
                continue
            if i in used:
                self.records.columns.append(ColumnReading(sheet.name, label, by_column[i], kind=kind))
                continue
            self._unmatched(sheet, match, kind, label, columns[i])
            if not consumed_extra:
                continue
            key, k = label, 2
            while key in extra or key in match.headers.values():
                key, k = f"{label} ({k})", k + 1
            extra[key] = self._numbers_checked(column_values(columns[i]), sheet, first_row, label)
        return fields, extra, n, first_row

    def _stream(self, sheet: _Sheet, width: int, names=()) -> tuple[list[list], int]:
        """The columns below the header row, read a block of rows at a time.

        Only columns are kept: a list per row would live as long as the whole read. The
        filled cells of the name and ID columns (*names*) are counted as they come: each
        is a person, so a sheet with more than the people limit is refused as soon as
        that is certain, before the rest is read (a million one-cell rows take seconds).
        """
        filled = dict.fromkeys(names, 0)
        limit = self.max_people if filled else None
        rows = sheet.table.iter_rows()
        for _ in range(sheet.header_row + 1):
            next(rows, None)
        blocks, n, long, first_long = [], 0, 0, None
        while True:
            block = list(islice(rows, 2048))
            if not block:
                break
            if any(len(r) != width for r in block):  # CSV rows can be ragged
                for j, r in enumerate(block):
                    if len(r) > width and any(cell_text(c) is not None for c in r[width:]):
                        long += 1
                        first_long = first_long or (n + j, len(r))
                block = [list(r[:width]) + [""] * (width - len(r)) for r in block]
            if width:
                blocks.append(tuple(zip(*block)))
            n += len(block)
            if limit is not None:
                for i in filled:
                    cells = blocks[-1][i]
                    filled[i] += len(cells) - cells.count("") - cells.count(None)
                if max(filled.values()) > limit:
                    self._too_many(sheet, f"{max(filled.values()):,} or more people")
        if long:
            i, cells = first_long
            self.log.warn("cells-beyond-header", f"{long:,} row(s) have more cells than the header "
                          f"row (this one has {cells}, the header {width}); the cells after column "
                          f"{column_letters(width)} are not read. Give those columns headers, or "
                          "remove the extra delimiters", sheet.name, sheet.header_row + 2 + i)
        columns = [list(chain.from_iterable(b[i] for b in blocks)) for i in range(width)]
        return columns, n

    def _too_many(self, sheet: _Sheet, found: str):
        scratch = ProblemLog(self.log.file)  # raised, then collected by the caller
        raise WorkbookError([scratch.add(
            "error", "too-many-people", f"the sheet has {found}, more than the limit of "
            f"{self.max_people:,}. Import only the part of the organisation you need, or raise the "
            "people limit", sheet.name, hint=Hint("people-limit", value=self.max_people))])

    def _unmatched(self, sheet: _Sheet, match: HeaderMatch, kind: str, label: str, cells) -> None:
        """Record a column no header synonym matched; warn when its values look like a field."""
        by_values = value_suggestions(cells, kind)
        spelled = sum(c.sheet == sheet.name and c.field is None for c in self.records.columns[-SPELLED_COLUMNS:])
        by_header = header_suggestions(label, kind) if spelled < SPELLED_COLUMNS else ()
        suggestions = tuple(dict.fromkeys((*by_values, *by_header)))
        self.records.columns.append(ColumnReading(sheet.name, label, None, suggestions, kind=kind))
        free = [f for f in by_values if f not in match.columns]
        if not free or (free[0] in ("authority", "influence") and normalise_header(label) in _ORDINAL):
            return
        kept = "kept as an extra column" if kind == "people" else "not read"
        might = " or ".join(FIELD_LABELS.get(f, f) for f in free)
        self.log.warn("unrecognised-column", f"the column {label!r} is {kept}, but its values look "
                      f"like {might}; if that is what it holds, say so (or rename the column "
                      f"{FIELD_LABELS.get(free[0], free[0])})", sheet.name, sheet.header_row + 1,
                      label, field=free[0], hint=Hint("column-override", free[0], label))

    def _numbers_checked(self, values: list, sheet: _Sheet, first_row: int, label) -> list:
        """Blank out numeric NaN cells, with a warning each: a NaN is no value."""
        if NOT_A_NUMBER not in values:
            return values
        for i, v in enumerate(values):
            if v is NOT_A_NUMBER:
                values[i] = None
                self.log.warn("not-a-number", "the cell holds the number NaN (not a number), so it "
                              "is read as blank; type the value", sheet.name, first_row + i, label,
                              "NaN")
        return values

    def _check_header(self, sheet: _Sheet, match: HeaderMatch, header, columns, extra: bool) -> None:
        """Warn about two columns with the same header, and values under no header."""
        S = sheet.name
        labels = [cell_text(c) for c in header]
        fields = {i: f for f, i in match.columns.items()}
        first: dict[str, int] = {}
        for i, label in enumerate(labels):
            if label is None or label is NOT_A_NUMBER:
                blank = next((r for r, c in enumerate(columns[i]) if cell_text(c) is not None), None)
                if blank is not None:
                    self.log.warn("column-without-header", f"column {column_letters(i + 1)} has no "
                                  "header, so its values are not read; give the column a header (or "
                                  "delete it)", S, sheet.header_row + 2 + blank, None,
                                  cell_text(columns[i][blank]))
                continue
            key = normalise_header(label)
            if key not in first:
                first[key] = i
                continue
            j = first[key]
            if j not in fields and i not in fields:
                continue
            reads = (f"column {column_letters(j + 1)} is read as {FIELD_LABELS.get(fields[j], fields[j])}"
                     if j in fields else f"column {column_letters(i + 1)} is read as "
                     f"{FIELD_LABELS.get(fields[i], fields[i])}")
            other = i if j in fields else j
            kept = (f"column {column_letters(other + 1)} is kept as an extra field"
                    if extra else f"column {column_letters(other + 1)} is not read")
            self.log.warn("duplicate-header", f"two columns are headed {label!r} (columns "
                          f"{column_letters(j + 1)} and {column_letters(i + 1)}): {reads} and {kept}. "
                          "Rename or delete one of them", S, sheet.header_row + 1, label,
                          field=fields.get(j, fields.get(i)))

    def _error_cells(self, sheet: _Sheet, header) -> None:
        """Warn about cells showing an Excel error (#N/A, #REF!): they read as blank."""
        cells = sheet.table.error_cells
        if not cells:
            return
        for (r, c), code in sorted(cells.items()):
            label = cell_text(header[c]) if c < len(header) else None
            if r <= sheet.header_row or label is None:
                continue
            self.log.warn("excel-error-value", f"the cell shows the Excel error {code} (its formula "
                          "failed), so it is read as blank. Fix the formula, or type the value",
                          sheet.name, r + 1, label, code)

    # -- records --

    def _read_people(self, sheet: _Sheet) -> PeopleRecords:
        match = sheet.people
        self._partner_name(sheet)
        fields, extra, n, first_row = self._columns(sheet, match, "people")
        return PeopleRecords(rows=list(range(first_row, first_row + n)), values=fields,
                             sheet=sheet.name, columns=dict(match.headers), file=str(self.path),
                             extra=extra, header_row=sheet.header_row + 1)

    def _read_ties(self, sheet: _Sheet) -> TieRecords:
        match = sheet.relationships
        fields, _, n, first_row = self._columns(sheet, match, "relationships")
        return TieRecords(rows=list(range(first_row, first_row + n)), values=fields,
                          sheet=sheet.name, columns=dict(match.headers), file=str(self.path),
                          header_row=sheet.header_row + 1)

    def _partner_name(self, sheet: _Sheet) -> None:
        """A "Partner | Northwind Systems" cell pair above the header names the partner."""
        for row in sheet.table.preview()[:sheet.header_row]:
            cells = [cell_text(c) for c in row]
            cells = [None if c is NOT_A_NUMBER else c for c in cells]
            for i, cell in enumerate(cells):
                if cell is None:
                    continue
                label, _, rest = cell.partition(":")
                if normalise_header(label) in _PARTNER_LABELS:
                    value = rest.strip() or next((c for c in cells[i + 1:] if c), None)
                    if value:
                        self.records.name = value
                        return
