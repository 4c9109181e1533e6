"""Importing org charts and influence maps from Excel and CSV into an influence map.

:func:`read_workbook` turns the spreadsheet a user already has (an HR export from Workday,
SuccessFactors, BambooHR or Entra, a Kumu or Gephi layout, or the influence-map template)
into the graph of :mod:`influence.graph`. :func:`validate_workbook` does the same work but
reports instead of raising: it collects *every* problem (file, sheet, Excel row, column,
value, and how to fix it) before the user sees any, so a spreadsheet is fixed in one pass.

The work is column-wise (pandas look-ups, numpy for reporting cycles) so that a
100,000-row export imports in a fraction of the time ``pandas.read_excel`` needs just to
read it; see ``benchmarks/bench_import.py``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx

from . import graph as _graph
from .errors import Problem, WorkbookError
from .headers import (
    FIELD_LABELS,
    PEOPLE_SHEET_NAMES,
    PEOPLE_SYNONYMS,
    RELATIONSHIP_SHEET_NAMES,
    RELATIONSHIP_SYNONYMS,
    HeaderMatch,
    match_headers,
    normalise_header,
)
from .readers import PREVIEW_ROWS, Table, open_tables
from .vocabulary import (
    UnknownValue,
    normalise_word,
    parse_attitude,
    parse_authority,
    parse_relationship_type,
    parse_role,
    parse_strength,
    parse_style,
)

__all__ = ["ImportReport", "read_workbook", "validate_workbook", "FIELDS"]

FIELDS = tuple(dict.fromkeys([*PEOPLE_SYNONYMS, *RELATIONSHIP_SYNONYMS]))
"""Field names accepted as keys of ``columns`` (``--column field=Header``)."""

_TOP_MARKERS = frozenset({"0", "-1", "none", "n/a", "na", "-"})  # "nobody": a top person
_PARTNER_LABELS = frozenset({"partner", "partnername", "company", "organisation", "organization"})


@dataclass
class ImportReport:
    """What :func:`validate_workbook` found.

    Attributes
    ----------
    file : str
        The file as given.
    graph : networkx.MultiDiGraph or None
        The influence map; ``None`` when there is any error.
    errors, warnings : list of Problem
        Every problem, in the order a user reads the workbook.
    counts : dict
        ``people``, ``reporting_lines`` and ``relationships`` imported.
    sheets : dict
        The sheet read as ``people`` and as ``relationships`` (``None`` for a CSV file).
    """

    file: str
    graph: nx.MultiDiGraph | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sheets: dict[str, str | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the file imports (warnings allowed)."""
        return not self.errors and self.graph is not None

    def to_dict(self) -> dict:
        """The JSON object of ``influence validate --json``."""
        return {
            "file": self.file,
            "ok": self.ok,
            **{k: self.counts.get(k, 0) for k in ("people", "reporting_lines", "relationships")},
            "sheets": dict(self.sheets),
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }


def read_workbook(path, *, sheet: str | None = None, relationships_sheet: str | None = None,
                  columns: dict[str, str] | None = None, max_rows: int | None = None) -> nx.MultiDiGraph:
    """Read an org chart or influence map from an ``.xlsx``, ``.xlsm`` or ``.csv`` file.

    Parameters
    ----------
    path : str or os.PathLike
        The workbook or CSV file (never modified).
    sheet : str, optional
        The people sheet; by default the sheet called People (Employees, Org chart, …) or
        else the sheet whose headers look most like people.
    relationships_sheet : str, optional
        The relationships sheet; by default Relationships (Connections, Edges, …) or the
        sheet with From/To (Source/Target) columns. It is optional.
    columns : dict, optional
        ``field -> header`` for columns the synonyms do not catch, e.g.
        ``{"name": "Preferred Name", "reports_to": "Line Mgr"}``; fields are in :data:`FIELDS`.
    max_rows : int, optional
        The most rows a sheet may have; a longer sheet is refused with a message. By
        default ``$INFLUENCE_MAX_ROWS``, else 1,000,000 (see :func:`influence.readers.row_limit`).

    Returns
    -------
    networkx.MultiDiGraph
        The influence map (schema in :mod:`influence.graph`); ``G.graph["warnings"]`` lists
        the warnings (:class:`~influence.errors.Problem`).

    Raises
    ------
    WorkbookError
        When the file cannot be imported; ``problems`` holds every error and warning.

    Notes
    -----
    IDs are text, kept as written ("007"). A reference is looked up as an exact ID, the ID
    ignoring case, the ID without leading zeros (7 finds "007", since Excel drops the zeros
    of a number, unless two IDs read 7 that way), the e-mail, then the name ignoring case,
    spacing, invisible characters and Unicode form. Names and every other text are kept
    exactly as written, HTML included: escaping is the job of whatever displays them.
    Formulas are never evaluated; the value Excel saved with each is read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "acme.csv"
    >>> _ = f.write_text("Name,Title,Reports To,Attitude\\nAda,CEO,,champion\\n"
    ...                  "Bob,CFO,Ada,blocker\\n", encoding="utf-8")
    >>> G = read_workbook(f)
    >>> G.graph["name"], sorted(G.nodes), G.nodes["Bob"]["attitude"], G.nodes["Bob"]["manager"]
    ('acme', ['Ada', 'Bob'], 'opponent', 'Ada')
    """
    report = validate_workbook(path, sheet=sheet, relationships_sheet=relationships_sheet,
                               columns=columns, max_rows=max_rows)
    if not report.ok:
        raise WorkbookError(report.errors + report.warnings)
    return report.graph


def validate_workbook(path, *, sheet: str | None = None, relationships_sheet: str | None = None,
                      columns: dict[str, str] | None = None, max_rows: int | None = None) -> ImportReport:
    """Import *path* as :func:`read_workbook` does, but report instead of raising.

    Parameters are those of :func:`read_workbook`.

    Returns
    -------
    ImportReport
        ``graph`` is ``None`` when there is any error; ``counts`` has ``people``,
        ``reporting_lines`` and ``relationships``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "org.csv"
    >>> _ = f.write_text("Name,Manager\\nAda,\\nBob,Zed\\n", encoding="utf-8")
    >>> report = validate_workbook(f)
    >>> report.ok, report.counts["people"], report.warnings[0].row
    (True, 2, 3)
    """
    job = _Import(path, sheet=sheet, relationships_sheet=relationships_sheet, columns=columns,
                  max_rows=max_rows)
    try:
        with _gc_paused():
            job.run()
    except WorkbookError as err:  # the file itself could not be opened
        job.problems.extend(err.problems)
    # Listed as the user reads the workbook: file-wide first, then sheet by sheet, row by row.
    order = {None: -1, job.sheets.get("people"): 0, job.sheets.get("relationships"): 1}
    position = job.column_positions
    problems = sorted(job.problems, key=lambda p: (order.get(p.sheet, 2), p.sheet or "", p.row or 0,
                                                   position.get((p.sheet, p.column), -1)))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    G = None
    if not errors and job.graph is not None:
        G = job.graph
        G.graph["warnings"] = list(warnings)
    counts = {"people": len(job.people_keys), "reporting_lines": len(job.lines),
              "relationships": len(job.links)}
    return ImportReport(str(path), G, errors, warnings, counts, job.sheets)


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while a big map is built.

    An import allocates a few million small dicts, lists and strings, none of them cyclic
    garbage; the collector would walk the ever-growing heap again and again (a quarter of
    the time of a 100,000-row import). Reference counting still frees memory as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- cells -------------------------------------------------------------------------------

def _text(cell) -> str | None:
    """A cell as trimmed text; ``None`` when blank. Whole numbers lose their ``.0``."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if math.isnan(cell):
            return None
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, _dt.datetime):
        return cell.date().isoformat() if cell.time() == _dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, _dt.date):
        return cell.isoformat()
    return str(cell).strip() or None


def _value(cell):
    """A cell for a person's ``extra`` attributes: numbers stay numbers, dates become ISO text."""
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, float):
        if math.isnan(cell):
            return None
        return int(cell) if cell.is_integer() else cell
    if cell is None or isinstance(cell, (bool, int)):
        return cell
    return _text(cell)


# The common cases (text, a whole number, a date) are inlined in the two functions below:
# they run once per cell of a big export, and a function call per cell would double the time.

def _texts(cells) -> list:
    float_, str_ = float, str
    return [(c.strip() or None) if type(c) is str_
            else str_(int(c)) if type(c) is float_ and c.is_integer()
            else _text(c) for c in cells]


def _values(cells) -> list:
    float_, str_, date_ = float, str, _dt.date
    return [(c.strip() or None) if type(c) is str_
            else c.isoformat() if type(c) is date_
            else int(c) if type(c) is float_ and c.is_integer()
            else _value(c) for c in cells]


# Invisible formatting characters (zero-width space, BOM, bidi marks, soft hyphen) that
# creep into names copied from web pages and e-mails; ignored when names are compared.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _plain(name) -> str:
    """A name or e-mail as compared: case, runs of spaces, invisible characters and the
    Unicode form (an "ë" typed as one character or as e + diaeresis) ignored.

    >>> _plain(" Zoe\u0308  LEVY\u200b") == _plain("Zoë Levy")
    True
    """
    if not name.isascii():
        name = unicodedata.normalize("NFC", _INVISIBLE.sub("", name))
    return " ".join(name.split()).casefold()


def _column_letters(number: int) -> str:
    """Excel's name of column *number* (1-based): 1 -> A, 28 -> AB."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- the import --------------------------------------------------------------------------

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
        return [t for t in map(_text, rows[0] if rows else []) if t]


class _Import:
    """One import: collects problems as it goes, builds the graph if nothing is fatal."""

    def __init__(self, path, *, sheet=None, relationships_sheet=None, columns=None, max_rows=None):
        self.path = Path(path)
        self.max_rows = max_rows
        self.file = str(path)
        self.sheet_option = sheet
        self.relationships_option = relationships_sheet
        self.columns = {str(k).strip(): str(v) for k, v in (columns or {}).items()}
        self.problems: list[Problem] = []
        self.graph: nx.MultiDiGraph | None = None
        self.sheets: dict[str, str | None] = {}
        self.people_keys: list[str] = []
        self.lines: list[tuple[str, str]] = []
        self.links: list[tuple] = []
        self.partner: str | None = None
        self.column_positions: dict[tuple, int] = {}  # (sheet, header) -> column, to sort problems
        self.people_frame = None  # one row per person, once the people sheet is read
        self.extra_headers: list[str] = []

    # -- problems --

    def error(self, message, sheet=None, row=None, column=None, value=None):
        self.problems.append(Problem("error", message, self.file, sheet, row, column, value))

    def warn(self, message, sheet=None, row=None, column=None, value=None):
        self.problems.append(Problem("warning", message, self.file, sheet, row, column, value))

    # -- steps --

    def run(self) -> None:
        for name in self.columns:
            if name not in FIELDS:
                self.error(f"unknown field {name!r} in the column overrides; use one of: "
                           f"{', '.join(FIELDS)} (for example --column name=\"Full Name\")")
        sheets = [_Sheet(t, self.columns) for t in open_tables(self.path, max_rows=self.max_rows)]
        people = relationships = None
        try:
            people = self._people_sheet(sheets)
            relationships = self._relationships_sheet(sheets, people)
            self._check_overrides(people, relationships)
            if people is None:
                return
            directory = self._read_people(people)
            if relationships is not None and directory is not None:
                self._read_relationships(relationships, directory)
        finally:
            # What the reader noticed in the sheets read (NUL bytes, uncalculated formulas).
            for chosen in dict.fromkeys(s for s in (people, relationships) if s is not None):
                self.problems.extend(chosen.table.problems)
        if directory is not None and not any(p.severity == "error" for p in self.problems):
            self._build()

    def _named(self, sheets, wanted: str, option: str):
        for s in sheets:
            if s.name is not None and s.name.strip().casefold() == wanted.strip().casefold():
                return s
        if sheets and sheets[0].name is None:  # a CSV file has one table and no sheet names
            return sheets[0]
        if not sheets:
            self.error(f"a CSV file holds a single table, so there is no sheet {wanted!r}; "
                       f"leave out {option}, or save the workbook as .xlsx")
            return None
        names = ", ".join(repr(s.name) for s in sheets)
        self.error(f"there is no sheet called {wanted!r}; the workbook has {names}. "
                   f"Correct {option}")
        return None

    def _people_sheet(self, sheets: list[_Sheet]) -> _Sheet | None:
        if self.sheet_option:
            chosen = self._named(sheets, self.sheet_option, "--sheet")
        else:
            # Sheets hidden in Excel often hold old copies or look-up lists: a visible sheet
            # of people wins, and a hidden one is read only when there is no other.
            chosen = self._guess_people([s for s in sheets if s.table.visible], visible=True)
            if chosen is None:
                chosen = self._guess_people(sheets, visible=False)
            self._note_hidden(sheets, chosen, PEOPLE_SHEET_NAMES, "people", "--sheet")
        if chosen is None:
            return None
        self.sheets["people"] = chosen.name
        if not chosen.people.has_name:
            seen = chosen.header_cells()
            if not any(_text(c) for row in chosen.table.preview() for c in row):
                self.error("no people: the sheet is empty. Add a header row (Name, Title, Reports "
                           "To, ...) and one row per person below it", chosen.name)
                return chosen
            if not chosen.recognised:
                self.error(f"no name column: none of the first {PREVIEW_ROWS} rows looks like a "
                           f"header row (the first row reads {', '.join(map(repr, seen[:5]))}). Put "
                           f"the header row (Name, Title, Reports To, ...) within the first "
                           f"{PREVIEW_ROWS} rows, or name the column that holds the names with "
                           "--column name=\"Your Header\"", chosen.name)
                return chosen
            found = f"the headers found are {', '.join(map(repr, seen))}" if seen else "no header row was found"
            self.error("no name column: " + found + ". Add a column called Name (or First Name "
                       "and Last Name), or name the column that holds the names with "
                       "--column name=\"Your Header\"", chosen.name,
                       chosen.header_row + 1 if seen else None)
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

    def _note_hidden(self, sheets, chosen, names, what: str, option: str) -> None:
        """Warn when a hidden sheet was read, or when one named like it was passed over."""
        if chosen is None:
            return
        if not chosen.table.visible:
            self.warn(f"this sheet is hidden in Excel; it was read as the {what} sheet because no "
                      f"visible sheet holds {what}. Check that it holds the {what} you mean "
                      "(right-click a sheet tab > Unhide to see it)", chosen.name)
            return
        by_name = {normalise_header(n) for n in names}
        for s in sheets:
            if not s.table.visible and s.name and normalise_header(s.name) in by_name:
                self.warn(f"the hidden sheet {s.name!r} was not read: the visible sheet "
                          f"{chosen.name!r} was read as the {what} sheet instead. To read the "
                          f"hidden one, name it: {option} \"{s.name}\"", s.name)

    def _relationships_sheet(self, sheets, people) -> _Sheet | None:
        others = [s for s in sheets if s is not people]
        if self.relationships_option:
            chosen = self._named(others, self.relationships_option, "--relationships-sheet")
            if chosen is not None and not chosen.is_relationships:
                self.error("no From and To columns in the relationships sheet; name them From "
                           "and To (or Source and Target), or use --column from=... --column to=...",
                           chosen.name, chosen.header_row + 1)
                return None
        else:
            chosen = self._guess_relationships([s for s in others if s.table.visible])
            if chosen is None:
                chosen = self._guess_relationships(others)
            self._note_hidden(others, chosen, RELATIONSHIP_SHEET_NAMES, "relationships",
                              "--relationships-sheet")
        if chosen is not None:
            self.sheets["relationships"] = chosen.name
        return chosen

    def _guess_relationships(self, sheets) -> _Sheet | None:
        by_name = {normalise_header(n) for n in RELATIONSHIP_SHEET_NAMES}
        chosen = next((s for s in sheets if s.name and normalise_header(s.name) in by_name), None)
        if chosen is not None and not chosen.is_relationships:
            if any(_text(c) for row in chosen.table.preview() for c in row):
                self.warn("this sheet has no From and To columns, so no relationships were "
                          "read from it; name the columns From and To (or Source and Target)",
                          chosen.name, chosen.header_row + 1)
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
                self.error(f"there is no column called {header!r} for {name}; the headers are "
                           f"{', '.join(map(repr, seen)) or 'missing'}. Correct --column {name}=...",
                           sheet.name if sheet is not None else None, None, None, header)

    # -- people --

    def _columns(self, sheet: _Sheet, match: HeaderMatch, consumed_extra: bool):
        """Body rows of *sheet* as text columns per field, plus the extra columns."""
        rows = sheet.table.rows()
        header = list(rows[sheet.header_row]) if rows else []
        body = rows[sheet.header_row + 1:]
        width = len(header)
        for i, cell in enumerate(header):
            self.column_positions.setdefault((sheet.name, _text(cell)), i)
        if any(len(r) != width for r in body):  # CSV rows can be ragged
            self._long_rows(sheet, body, width)
            body = [list(r[:width]) + [""] * (width - len(r)) for r in body]
        columns = list(zip(*body)) if body else [()] * width
        if not columns:
            columns = [()] * width
        self._check_header(sheet, match, header, columns, consumed_extra)
        self._error_cells(sheet, header)
        fields = {name: _texts(columns[i]) for name, i in match.columns.items()}
        extra: dict[str, list] = {}
        if consumed_extra:
            used = set(match.columns.values())
            for i, cell in enumerate(header):
                label = _text(cell)
                if i in used or label is None:
                    continue
                key, n = label, 2
                while key in extra or key in match.headers.values():
                    key, n = f"{label} ({n})", n + 1
                extra[key] = _values(columns[i])
        first_row = sheet.header_row + 2  # Excel numbers rows from 1; data starts below the header
        return fields, extra, len(body), first_row

    def _long_rows(self, sheet: _Sheet, body, width: int) -> None:
        """Warn once when rows have values beyond the header row (they are not read)."""
        long = [(i, r) for i, r in enumerate(body) if len(r) > width
                and any(_text(c) is not None for c in r[width:])]
        if long:
            i, row = long[0]
            self.warn(f"{len(long):,} row(s) have more cells than the header row (this one has "
                      f"{len(row)}, the header {width}); the cells after column "
                      f"{_column_letters(width)} are not read. Give those columns headers, or "
                      "remove the extra delimiters", sheet.name, sheet.header_row + 2 + i)

    def _check_header(self, sheet: _Sheet, match: HeaderMatch, header, columns, extra: bool) -> None:
        """Warn about two columns with the same header, and values under no header."""
        S = sheet.name
        labels = [_text(c) for c in header]
        fields = {i: f for f, i in match.columns.items()}
        first: dict[str, int] = {}
        for i, label in enumerate(labels):
            if label is None:
                blank = next((r for r, c in enumerate(columns[i]) if _text(c) is not None), None)
                if blank is not None:
                    self.warn(f"column {_column_letters(i + 1)} has no header, so its values are not "
                              "read; give the column a header (or delete it)", S,
                              sheet.header_row + 2 + blank, None, _text(columns[i][blank]))
                continue
            key = normalise_header(label)
            if key not in first:
                first[key] = i
                continue
            j = first[key]
            if j not in fields and i not in fields:
                continue
            reads = (f"column {_column_letters(j + 1)} is read as {FIELD_LABELS.get(fields[j], fields[j])}"
                     if j in fields else f"column {_column_letters(i + 1)} is read as "
                     f"{FIELD_LABELS.get(fields[i], fields[i])}")
            other = i if j in fields else j
            kept = (f"column {_column_letters(other + 1)} is kept as an extra field"
                    if extra else f"column {_column_letters(other + 1)} is not read")
            self.warn(f"two columns are headed {label!r} (columns {_column_letters(j + 1)} and "
                      f"{_column_letters(i + 1)}): {reads} and {kept}. Rename or delete one of "
                      "them", S, sheet.header_row + 1, label)

    def _error_cells(self, sheet: _Sheet, header) -> None:
        """Warn about cells showing an Excel error (#N/A, #REF!): they read as blank."""
        cells = sheet.table.error_cells
        if not cells:
            return
        for (r, c), code in sorted(cells.items()):
            label = _text(header[c]) if c < len(header) else None
            if r <= sheet.header_row or label is None:
                continue
            self.warn(f"the cell shows the Excel error {code} (its formula failed), so it is read "
                      "as blank. Fix the formula, or type the value", sheet.name, r + 1, label, code)

    def _read_people(self, sheet: _Sheet):
        import numpy as np
        import pandas as pd

        if not sheet.people.has_name:
            return None
        match = sheet.people
        self._partner_name(sheet)
        fields, extra, n, first_row = self._columns(sheet, match, True)
        frame = pd.DataFrame({**{f"f:{k}": v for k, v in fields.items()},
                              **{f"x:{k}": v for k, v in extra.items()}}, dtype=object)
        frame["row"] = np.arange(first_row, first_row + n)
        data_columns = [c for c in frame.columns if c != "row"]
        frame = frame[frame[data_columns].notna().any(axis=1)] if data_columns else frame.iloc[:0]
        S = sheet.name
        head = match.headers

        names = frame["f:name"] if "f:name" in frame else _blank(frame.index)
        if "f:first_name" in frame or "f:last_name" in frame:
            first = frame.get("f:first_name", _blank(frame.index))
            last = frame.get("f:last_name", _blank(frame.index))
            joined = [f"{a} {b}" if a and b else a or b for a, b in zip(first, last)]
            names = names.where(names.notna(), pd.Series(joined, index=frame.index, dtype=object))
        ids = frame["f:id"] if "f:id" in frame else _blank(frame.index)
        name_header = head.get("name") or head.get("first_name") or head.get("last_name")
        unnamed = names.isna()
        if unnamed.any():
            for row, pid in zip(frame["row"][unnamed], ids[unnamed]):
                if pid is None:
                    self.warn("this row has no name and no ID, so it is skipped; fill in the name",
                              S, int(row), name_header)
                else:
                    self.warn(f"this row has no name; the person is shown by their ID {pid}. "
                              "Fill in the name", S, int(row), name_header)
            names = names.where(~unnamed, ids)
        keep = names.notna()
        frame, names, ids = frame[keep], names[keep], ids[keep]
        frame = frame.assign(name=names, key=ids.where(ids.notna(), names))
        if frame.empty:
            self.error("no people: the sheet has a header row but no person below it; add one "
                       "row per person under the headers", S, sheet.header_row + 1)
            return None
        frame = self._merge_duplicates(frame, match, S)

        # The scales of DOMAIN.md, parsed once per distinct value, then mapped column-wise.
        frame["attitude"] = self._scale(frame, "attitude", parse_attitude, "unknown", S, head,
                                        "unknown attitude {value!r}, read as unknown; use one of: {accepted}")
        for name in ("authority", "influence"):
            frame[name] = self._scale(frame, name, parse_authority, None, S, head,
                                      "unknown " + name + " {value!r}, read as blank; use one of: {accepted}")
        frame["style"] = self._scale(
            frame, "style", parse_style, "keep", S, head,
            "style {value!r} is not one of the social styles ({accepted}); it is kept as "
            "written, without a briefing tip. Use one of the four styles for a tip")
        frame["role"] = self._scale(frame, "role", parse_role, None, S, head, "")
        directory = _Directory(frame)
        self._resolve_managers(frame, directory, S, head)
        self.people_frame = frame
        self.extra_headers = list(extra)
        return directory

    def _partner_name(self, sheet: _Sheet) -> None:
        """A "Partner | Northwind Systems" cell pair above the header names the partner."""
        for row in sheet.table.preview()[:sheet.header_row]:
            cells = [_text(c) for c in row]
            for i, cell in enumerate(cells):
                if cell is None:
                    continue
                label, _, rest = cell.partition(":")
                if normalise_header(label) in _PARTNER_LABELS:
                    value = rest.strip() or next((c for c in cells[i + 1:] if c), None)
                    if value:
                        self.partner = value
                        return

    def _merge_duplicates(self, frame, match, S):
        """One row per person: merge repeated rows of a person, report an ID given to two."""
        duplicated = frame["key"].duplicated(keep=False)
        if not duplicated.any():  # the usual case, checked column-wise
            return frame
        id_header = match.headers.get("id")
        column = id_header or match.headers.get("name")
        hint = "" if id_header else " If they are two people, add an ID column to tell them apart."
        data_columns = [c for c in frame.columns if c.startswith(("f:", "x:"))]
        drop = []
        for key, group in frame[duplicated].groupby("key", sort=False):
            first = group.index[0]
            name, row = frame.at[first, "name"], frame.at[first, "row"]
            for index in group.index[1:]:
                other, other_row = frame.at[index, "name"], int(frame.at[index, "row"])
                drop.append(index)  # keys stay unique, so checking can go on after an error
                if _plain(other) != _plain(name):
                    self.error(f"the ID {key!r} is used for two different people: {name!r} "
                               f"(row {row}) and {other!r} (row {other_row}); give each person "
                               "their own ID", S, other_row, id_header, key)
                    continue
                self.warn(f"duplicate of row {row} ({name}); the rows are merged into one person "
                          f"(row {row}'s values win where they differ). Delete one of the rows."
                          f"{hint}", S, other_row, column, key)
                for c in data_columns:  # the kept row's blanks are filled from its repeats
                    if frame.at[first, c] is None and frame.at[index, c] is not None:
                        frame.at[first, c] = frame.at[index, c]
        return frame.drop(index=drop)

    def _scale(self, frame, name, parse, fallback, S, head, message):
        """Parse a vocabulary column; warn once per cell that is not on the scale.

        Each distinct value is parsed once, then mapped column-wise. *fallback* replaces a
        value off the scale, or ``"keep"`` keeps the user's word; *message* is formatted
        with the cell's ``value`` and the scale's ``accepted`` words.
        """
        import pandas as pd

        column = f"f:{name}"
        default = None if fallback == "keep" else fallback
        if column not in frame:
            return _blank(frame.index, default)
        values = frame[column]
        parsed, bad = {}, {}
        for value in pd.unique(values[values.notna()]):
            try:
                parsed[value] = parse(value)
            except UnknownValue as err:
                parsed[value] = err.value if fallback == "keep" else fallback
                bad[value] = err.accepted
        if bad:
            hits = values.isin(list(bad))
            for row, value in zip(frame["row"][hits], values[hits]):
                self.warn(message.format(value=value, accepted=bad[value]), S, int(row),
                          head.get(name), value)
        out = values.map(parsed).astype(object)
        return out.where(out.notna(), default)

    def _resolve_managers(self, frame, directory, S, head) -> None:
        import numpy as np

        if "f:reports_to" not in frame:
            frame["manager"] = None
            return
        refs = frame["f:reports_to"]
        found, via = directory.resolve(refs)
        keys = frame["key"]
        top = refs.isna() | refs.str.casefold().isin(_TOP_MARKERS) | (found == keys)
        missing = found.isna() & ~top
        column = head.get("reports_to")
        for row, ref, name in zip(frame["row"][missing], refs[missing], frame["name"][missing]):
            self.warn(f"manager {ref!r} not found by ID, e-mail or name, so {name} is placed at the "
                      "top of the org chart. Correct the cell, or add the manager to the sheet",
                      S, int(row), column, ref)
        by_name = (via == "name") & ~top
        ambiguous = by_name & refs.map(_plain_or_none).isin(directory.shared_names) if by_name.any() else by_name
        for row, ref in zip(frame["row"][ambiguous], refs[ambiguous]):
            self.warn(f"several people are called {ref!r}; the first of them is taken as the "
                      "manager. Use the manager's ID or e-mail to be sure", S, int(row), column, ref)
        manager = found.where(~top & found.notna(), None)

        # Reporting cycles: each person has at most one manager, so follow every chain
        # 2^k steps at once (pointer doubling); whoever does not end at a top person is in
        # or under a cycle.
        position = {k: i for i, k in enumerate(keys)}
        n = len(keys)
        parent = np.arange(n)
        has = manager.notna().to_numpy()
        parent[has] = [position[m] for m in manager[has]]
        ancestor = parent.copy()
        for _ in range(max(1, math.ceil(math.log2(max(n, 2)))) + 1):
            ancestor = ancestor[ancestor]
        stuck = parent[ancestor] != ancestor
        if stuck.any():
            rows = frame["row"].to_numpy()
            names = frame["name"].to_list()
            done: set[int] = set()
            for start in sorted(set(ancestor[stuck].tolist())):
                if start in done:
                    continue
                cycle, node = [], start
                while node not in cycle:
                    cycle.append(node)
                    node = int(parent[node])
                done.update(cycle)
                cut = min(cycle, key=lambda i: rows[i])  # break at the one highest in the sheet
                order = cycle[cycle.index(cut):] + cycle[:cycle.index(cut)]
                # the chain runs report -> manager; show it that way
                chain = " -> ".join(names[i] for i in order + [cut])
                self.warn(f"reporting cycle {chain} (each reports to the next): broken at "
                          f"{names[cut]}, who is placed at the top of the org chart. Correct the "
                          "Reports To of one of them", S, int(rows[cut]), column,
                          refs.iloc[cut])
                parent[cut] = cut
                manager.iloc[cut] = None
        frame["manager"] = manager
        self.lines = list(zip(manager[manager.notna()], keys[manager.notna()]))

    # -- relationships --

    def _read_relationships(self, sheet: _Sheet, directory: "_Directory") -> None:
        import numpy as np
        import pandas as pd

        match = sheet.relationships
        fields, _, n, first_row = self._columns(sheet, match, False)
        frame = pd.DataFrame({f"f:{k}": v for k, v in fields.items()}, dtype=object)
        frame["row"] = np.arange(first_row, first_row + n)
        data_columns = [c for c in frame.columns if c != "row"]
        frame = frame[frame[data_columns].notna().any(axis=1)] if data_columns else frame.iloc[:0]
        S, head = sheet.name, match.headers
        people_sheet = self.sheets.get("people")
        where = f"the {people_sheet} sheet" if people_sheet else "the people list"
        ends = {}
        ok = pd.Series(True, index=frame.index)
        for end in ("from", "to"):
            refs = frame[f"f:{end}"]
            found, _ = directory.resolve(refs)
            for row, ref in zip(frame["row"][refs.isna()], refs[refs.isna()]):
                self.warn(f"the {head[end]} cell is empty, so this relationship is dropped; fill "
                          "in who it links", S, int(row), head[end])
            unknown = refs.notna() & found.isna()
            for row, ref in zip(frame["row"][unknown], refs[unknown]):
                self.warn(f"{ref!r} is not in {where}, so this relationship is dropped. Correct "
                          "the spelling, or add the person", S, int(row), head[end], ref)
            ok &= found.notna()
            ends[end] = found
        kinds = self._scale(frame, "type", _parse_type, "influences", S, head,
                            "unknown relationship type {value!r}, read as influences; use one "
                            "of: {accepted}")
        # Gephi's Type column says Directed or Undirected; an undirected tie runs both ways.
        both = (frame["f:type"].map(normalise_word) == "undirected" if "f:type" in frame
                else _blank(frame.index, False))
        strengths = self._scale(frame, "strength", parse_strength, None, S, head,
                                "unknown strength {value!r}, read as blank (the default, 0.5); "
                                "use one of: {accepted}")
        notes = frame["f:notes"] if "f:notes" in frame else _blank(frame.index)
        selfs = ok & (ends["from"] == ends["to"])
        names = directory.names
        for row, key in zip(frame["row"][selfs], ends["from"][selfs]):
            self.warn(f"{names[key]} is linked to themselves, so this relationship is dropped; "
                      "a relationship needs two people", S, int(row), head["from"])
        ok &= ~selfs
        seen: dict[tuple, int] = {}
        links = []
        for row, a, b, kind, mutual, strength, note in zip(
                frame["row"][ok], ends["from"][ok], ends["to"][ok], kinds[ok], both[ok],
                strengths[ok], notes[ok]):
            for u, v in ((a, b), (b, a)) if mutual else ((a, b),):
                if (u, v, kind) in seen:
                    if not mutual:
                        self.warn(f"duplicate of row {seen[(u, v, kind)]} ({names[u]} {kind} "
                                  f"{names[v]}); merged, keeping the first. Delete one of the rows",
                                  S, int(row), head["from"])
                    continue
                seen[(u, v, kind)] = int(row)
                links.append((u, v, kind, strength, note))
        self.links = links

    # -- the graph --

    def _build(self) -> None:
        frame = self.people_frame
        name = self.partner or self.path.stem.replace("_", " ").strip() or "Influence map"
        G = _graph.new_map(name, source=self.file)
        n = len(frame)
        fields = [*_graph.PERSON_FIELDS, "manager"]
        columns = []
        for f in fields:
            column = frame[f] if f in frame else frame.get(f"f:{f}")
            columns.append(column.to_list() if column is not None else [None] * n)
        if self.extra_headers:
            headers = self.extra_headers
            extras = [dict(zip(headers, values))
                      for values in zip(*(frame[f"x:{h}"].to_list() for h in headers))]
        else:
            extras = [{}] * n
        keys = frame["key"].to_list()
        # Complete records: add_people then passes them straight to networkx.
        _graph.add_people(G, ((k, dict(zip(fields, values), extra=e))
                              for k, e, *values in zip(keys, extras, *columns)))
        _graph.add_reporting_lines(G, self.lines)
        for u, v, kind, strength, note in self.links:
            _graph.add_relationship(G, u, v, kind, strength=strength, notes=note)
        self.people_keys = keys
        self.graph = G


def _parse_type(value) -> str:
    """A relationship type; Gephi's Directed / Undirected mean the default, influences."""
    if normalise_word(value) in ("directed", "undirected"):
        return "influences"
    return parse_relationship_type(value)


def _first_last(name: str) -> str:
    """ "Lovelace, Ada" (how many HR systems write a manager) as compared: "ada lovelace"."""
    last, comma, first = name.partition(",")
    return _plain(f"{first} {last}") if comma else ""


def _unpadded(value) -> str | None:
    """A numeric ID without leading zeros ("007" -> "7"); ``None`` for any other text.

    Excel drops the zeros of an ID typed as a number, so a Manager ID column often reads
    7 where the ID column (stored as text) reads 007; they are the same person.
    """
    if not value.isdigit() or not value.isascii():
        return None
    return value.lstrip("0") or "0"


def _plain_or_none(value):
    return None if value is None else _plain(value)


class _Directory:
    """Who is who: resolve a reference (ID, e-mail, then name) to a person's key, column-wise.

    Each look-up table is built on first need: an HR export whose managers are all given
    by ID never pays for the e-mail and name tables.
    """

    def __init__(self, frame):
        self.frame = frame
        self.keys = frame["key"]
        self.by_id = _first_of(self.keys, self.keys)

    @cached_property
    def names(self) -> dict:
        return dict(zip(self.keys, self.frame["name"]))

    @cached_property
    def by_folded_id(self):
        return _first_of(self.keys.str.casefold(), self.keys)

    @cached_property
    def by_number(self):
        """Numeric IDs without their leading zeros ("007" -> "7"), where that is unambiguous."""
        import pandas as pd

        numbers = self.keys.map(_unpadded)
        table = pd.Series(self.keys.to_numpy(), index=numbers.to_numpy(), dtype=object)
        table = table[table.index.notna()]
        return table[~table.index.duplicated(keep=False)]

    @cached_property
    def by_email(self):
        emails = self.frame["f:email"] if "f:email" in self.frame else _blank(self.frame.index)
        return _first_of(emails.map(_plain_or_none), self.keys)

    @cached_property
    def _plain_names(self):
        return self.frame["name"].map(_plain)

    @cached_property
    def by_name(self):
        return _first_of(self._plain_names, self.keys)

    @cached_property
    def shared_names(self) -> set[str]:
        """Names (as compared) that more than one person has."""
        return set(self._plain_names[self._plain_names.duplicated()])

    def resolve(self, refs):
        """``(keys, via)``: each reference's person key (``None`` if nobody) and how it matched."""
        found = _lookup(refs, self.by_id)
        via = _blank(refs.index)
        via[found.notna()] = "id"
        steps = (("id", "by_folded_id", str.casefold), ("id", "by_number", _unpadded),
                 ("email", "by_email", _plain), ("name", "by_name", _plain),
                 ("name", "by_name", _first_last))
        for how, table, fold in steps:
            missing = found.isna() & refs.notna()
            if not missing.any():
                break
            found[missing] = _lookup(refs[missing].map(fold), getattr(self, table))
            via[missing & found.notna()] = how
        return found, via


def _first_of(index_values, keys):
    """A look-up table ``index value -> key`` keeping the first person for a repeated value."""
    import pandas as pd

    table = pd.Series(keys.to_numpy(), index=index_values.to_numpy(), dtype=object)
    table = table[table.index.notna()]
    return table[~table.index.duplicated(keep="first")]


def _blank(index, value=None):
    """A column of *value* (``None``: blank) over *index*; object dtype keeps ``None`` as is."""
    import pandas as pd

    return pd.Series([value] * len(index), index=index, dtype=object)


def _lookup(values, table):
    if table.empty or values.empty:
        return _blank(values.index)
    out = values.map(table).astype(object)
    return out.where(out.notna(), None)

