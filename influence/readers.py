"""Reading the raw cells of a workbook or CSV file, whatever state it arrives in.

:func:`open_tables` looks at a file's first bytes rather than trusting its name, so that a
PDF or a text file renamed ``.xlsx``, a password-protected workbook and an old ``.xls``
each get their own message saying how to fix it. Excel files are read with python-calamine
(fast, Rust); CSV files are decoded as UTF-8 (with or without BOM), UTF-16, then
Windows-1252/Latin-1 (line by line when a file mixes UTF-8 and Latin-1), and their
delimiter (comma, semicolon, tab or bar) is sniffed.

Rows come back as lists of cells, row 0 being spreadsheet row 1, so row numbers in messages
are the ones the user sees in Excel.

Hostile files
-------------
A workbook is a zip of XML files, and both layers can be made to explode. Before
python-calamine sees a workbook, the archive's *declared* sizes are checked (a zip bomb is
refused without inflating it: more than :data:`MAX_UNCOMPRESSED_BYTES` in all, or a large
member compressed more than :data:`MAX_COMPRESSION_RATIO` to 1), and the shared-strings
table's declared count is checked against its size. Before a sheet is parsed, its XML is
streamed once (zlib and regular expressions, about a fifth of the parse time) to find the
last row and column it reaches: python-calamine allocates every cell between the first and
the last used cell at once, so two cells far apart in a 2 KB file would otherwise abort the
whole process (tafia/calamine#693). A sheet longer than the row limit (:func:`row_limit`,
default :data:`DEFAULT_MAX_ROWS`) or spanning more than :data:`MAX_CELLS` cells is refused
with a message saying how to fix it. The same pass notes Excel error values (``#N/A``) and
formulas saved without a result, which python-calamine reads as blank.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Hint, Problem, WorkbookError

__all__ = [
    "Table", "open_tables", "decode_text", "sniff_delimiter", "ole_stream_names", "row_limit",
    "DEFAULT_MAX_ROWS", "MAX_ROWS_VARIABLE", "MAX_CELLS", "MAX_UNCOMPRESSED_BYTES",
    "MAX_COMPRESSION_RATIO",
]

PREVIEW_ROWS = 20
"""How many rows at the top of each sheet are searched for the header row."""

DEFAULT_MAX_ROWS = 1_000_000
"""Sheets (and CSV files) with more rows than this are refused unless the limit is raised."""

MAX_ROWS_VARIABLE = "INFLUENCE_MAX_ROWS"
"""The environment variable that sets the row limit when no ``max_rows`` is given."""

MAX_CELLS = 50_000_000
"""The most cells (rows x columns, blanks included) a sheet may span: about 1.6 GB in the reader."""

MAX_UNCOMPRESSED_BYTES = 2 * 1024 ** 3
"""The most bytes a workbook's parts may decompress to, all together."""

MAX_COMPRESSION_RATIO = 100
"""The highest compression ratio of a workbook part over :data:`_RATIO_CHECKED_ABOVE` bytes.

Spreadsheet XML compresses about 10 to 30 times; a zip bomb, about 1,000 times.
"""

_RATIO_CHECKED_ABOVE = 16 * 1024 ** 2  # smaller parts cannot do harm, whatever their ratio
_CHUNK = 4 * 1024 ** 2  # sheet XML is scanned this many bytes at a time

_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".xltx", ".xltm", ".ods"}
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_BINARY_KINDS = (  # first bytes -> what the file really is, for the message
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)


class Table:
    """One sheet (or the one table of a CSV file): its name and a way to read its rows.

    Attributes
    ----------
    name : str or None
        The sheet's name; ``None`` for a CSV file, which has no sheets.
    visible : bool
        False for a sheet hidden in Excel.
    problems : list of Problem
        Warnings about reading the table itself (stray NUL bytes, mixed text encodings,
        formulas saved without a result), added when the table is read.
    error_cells : dict
        ``(row index, column index) -> "#N/A"``: cells holding an Excel error value, which
        read as blank. Filled when the sheet is read.
    """

    def __init__(self, name: str | None, load=None, rows: list | None = None, *,
                 visible: bool = True, problems: list | None = None):
        self.name = name
        self.visible = visible
        self.problems: list[Problem] = list(problems or [])
        self.error_cells: dict[tuple[int, int], str] = {}
        self._load = load  # callable(nrows | None) -> list of rows
        self._iterate = None  # callable() -> iterator of rows, for a workbook's sheet
        self._rows = rows

    def __repr__(self) -> str:
        return f"Table({self.name!r})"

    def preview(self, nrows: int = PREVIEW_ROWS) -> list[list]:
        """The first *nrows* rows (cheap: the whole sheet is not converted)."""
        if self._rows is not None:
            return self._rows[:nrows]
        return self._load(nrows)

    def rows(self) -> list[list]:
        """Every row of the sheet (read afresh from a workbook: not kept, to save memory)."""
        if self._rows is not None:
            return self._rows
        return self._load(None)

    def iter_rows(self):
        """Every row of the sheet, one at a time, row 0 being spreadsheet row 1.

        A workbook's rows are made one by one, so a caller that keeps only columns never
        holds a list per row (a 100,000-row sheet would otherwise make 100,000 lists that
        live as long as the whole read, which the garbage collector walks again and again).
        """
        if self._rows is not None:
            return iter(self._rows)
        if self._iterate is not None:
            return self._iterate()
        return iter(self._load(None))


# The hint of each file-level code: most are fixed by saving the file again from its program.
_HINTS = {"too-many-rows": "row-limit", "bad-limit": "row-limit", "file-not-found": "edit-source",
          "not-a-file": "edit-source", "file-unreadable": "edit-source", "too-many-cells": "edit-source",
          "unsplittable-row": "edit-source", "unclosed-quote": "edit-source",
          "nul-characters": "edit-source", "mixed-encodings": "resave"}


def _problem(severity: str, path, code: str, message: str, sheet: str | None = None,
             row: int | None = None, hint: Hint | None = None) -> Problem:
    hint = hint or Hint(_HINTS.get(code, "resave"))
    return Problem(severity, message, file=None if path is None else str(path), sheet=sheet,
                   row=row, code=code, hint=hint)


def _fail(path, code: str, message: str, sheet: str | None = None, row: int | None = None,
          hint: Hint | None = None) -> WorkbookError:
    return WorkbookError([_problem("error", path, code, message, sheet, row, hint)])


def row_limit(max_rows: int | None = None) -> int:
    """The row limit: *max_rows* if given, else ``$INFLUENCE_MAX_ROWS``, else 1,000,000.

    Raises
    ------
    WorkbookError
        When the limit (or the environment variable) is not a positive whole number.

    Examples
    --------
    >>> row_limit(), row_limit(500)
    (1000000, 500)
    """
    source = "max_rows"
    if max_rows is None:
        value = os.environ.get(MAX_ROWS_VARIABLE, "").strip().replace(",", "").replace("_", "")
        if not value:
            return DEFAULT_MAX_ROWS
        source = f"the environment variable {MAX_ROWS_VARIABLE}"
        max_rows = int(value) if value.isdigit() else value
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise _fail(None, "bad-limit", f"the row limit ({source}) is {max_rows!r}; set it to a "
                                       "whole number of rows such as 1000000",
                    hint=Hint("row-limit", value=DEFAULT_MAX_ROWS))
    return max_rows


def open_tables(path, *, max_rows: int | None = None) -> list[Table]:
    """The tables of *path*: every worksheet of a workbook, or the one table of a CSV.

    Parameters
    ----------
    path : str or os.PathLike
        An ``.xlsx`` or ``.xlsm`` workbook, or a CSV (or tab-separated) text file.
    max_rows : int, optional
        The most rows a sheet may have (see :func:`row_limit`).

    Returns
    -------
    list of Table

    Raises
    ------
    WorkbookError
        When the file is missing or unreadable, is not a spreadsheet, is
        password-protected, is an old ``.xls`` workbook, is damaged, or is too big (a zip
        bomb, too many rows). A sheet too big is reported when it is read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "org.csv"
    >>> _ = f.write_text("Name;Manager\\nAda;\\nBob;Ada\\n", encoding="utf-8")
    >>> open_tables(f)[0].rows()
    [['Name', 'Manager'], ['Ada', ''], ['Bob', 'Ada']]
    """
    path = Path(path)
    try:
        limit = row_limit(max_rows)
    except WorkbookError as err:
        raise _fail(path, "bad-limit", err.problems[0].message, hint=err.problems[0].hint) from None
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise _fail(path, "file-not-found", "the file does not exist; check the path and the file name") from None
    except IsADirectoryError:
        raise _fail(path, "not-a-file", "this is a folder, not a file; give the path of a workbook or CSV file") from None
    except OSError as err:
        raise _fail(path, "file-unreadable", f"the file cannot be read ({err.strerror or err}); check that you may "
                          "read it and that no other program locks it") from None
    suffix = path.suffix.lower()
    if head.startswith(_OLE2_MAGIC):
        raise _fail(path, *_ole2_message(path))
    if head.startswith(_ZIP_MAGIC):
        return _workbook_tables(path, limit)
    for magic, kind in _BINARY_KINDS:
        if head.startswith(magic):
            raise _fail(path, "not-a-spreadsheet", f"this is not a spreadsheet: the file is {kind}. Export the data "
                              "from its source as .xlsx or .csv and import that")
    size = path.stat().st_size
    if size > MAX_UNCOMPRESSED_BYTES:
        raise _fail(path, "file-too-big", f"the file is too big ({_size(size)}, more than the "
                          f"{_size(MAX_UNCOMPRESSED_BYTES)} this program reads). Export only the "
                          "people and columns you need, and import that")
    data = path.read_bytes()
    if not data:
        raise _fail(path, "empty-file", "the file is empty; export the org chart or influence map again")
    kind = _text_kind(data)
    if suffix in _EXCEL_SUFFIXES:
        what = "plain text" if kind else "data of an unknown kind"
        raise _fail(path, "not-a-spreadsheet", f"this is not a spreadsheet: the name ends in {path.suffix} but the file "
                          f"holds {what}, not an Excel workbook. If it is a CSV export, rename "
                          "it to .csv; otherwise open it in Excel and save it as .xlsx")
    if kind is None:
        raise _fail(path, "not-a-spreadsheet", "this is not a spreadsheet: the file holds binary data that is neither "
                          "an Excel workbook nor CSV text. Save the data as .xlsx or .csv")
    return [_csv_table(path, data, kind, limit)]


# --- Excel: the package --------------------------------------------------------------------

def _workbook_tables(path: Path, limit: int) -> list[Table]:
    import python_calamine

    parts = _checked_package(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise _fail(path, "password-protected", _ENCRYPTED) from None
    except Exception as err:  # calamine raises several error types for a damaged file
        raise _fail(path, "damaged-workbook", "this is not a readable Excel workbook (the reader said: "
                          f"{_reason(err)}). Open it in Excel and save it again as .xlsx") from None
    tables = []
    for meta in workbook.sheets_metadata:
        if not str(meta.typ).endswith("WorkSheet"):
            continue  # chart sheets and macro sheets hold no rows
        table = Table(meta.name, visible=str(meta.visible).endswith(".Visible"))
        table._load, table._iterate = _sheet_loader(path, workbook, table, parts.get(meta.name), limit)
        tables.append(table)
    if not tables:
        raise _fail(path, "no-worksheets", "the workbook has no worksheets; add a People sheet with one row per person")
    return tables


def _reason(err: Exception) -> str:
    return str(err).strip() or type(err).__name__


# What reading a damaged or unusual zip can raise: RuntimeError for an encrypted member,
# NotImplementedError for a compression method Python does not know, LookupError for a
# member the directory names but cannot find, the rest for bytes that make no sense.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, LookupError, EOFError, OSError, ValueError,
               OverflowError, struct.error, zlib.error, RuntimeError, NotImplementedError,
               SyntaxError)  # SyntaxError: ElementTree's ParseError

_DAMAGED = ("the workbook is damaged or incomplete (it may have been cut off while downloading, "
            "copying or e-mailing it). Get a fresh copy, or open it in Excel, let Excel repair "
            "it, and save it again as .xlsx")


def _checked_package(path: Path) -> dict[str, str]:
    """Check a workbook's zip before any XML is read; return sheet name -> zip member.

    Refuses what is not an Excel workbook (a Word document renamed, an .ods, an .xlsb),
    a damaged archive, a zip bomb (by the declared sizes: nothing is inflated), and a
    shared-strings table declaring more strings than it can hold.
    """
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS:
        raise _fail(path, "damaged-workbook", _DAMAGED) from None
    with archive:
        try:
            return _checked_parts(path, archive)
        except _ZIP_ERRORS:
            raise _fail(path, "damaged-workbook", _DAMAGED) from None


def _checked_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    total = 0
    for info in infos:
        total += info.file_size
        # A deflated part a thousand times smaller than its content is a zip bomb; a part
        # whose compressed data is much longer than its declared content lies about it.
        if (info.file_size > _RATIO_CHECKED_ABOVE
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            raise _fail(path, "zip-bomb", f"the workbook is refused: its part {info.filename} would expand "
                              f"from {_size(info.compress_size)} to {_size(info.file_size)} (more "
                              f"than {MAX_COMPRESSION_RATIO} times), as a zip bomb does. A real "
                              "export never does that; export the data again")
        if info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size > info.file_size * 2 + 1024:
            raise _fail(path, "damaged-workbook", _DAMAGED)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _fail(path, "file-too-big", f"the workbook is too big: its parts expand to {_size(total)}, more "
                          f"than the {_size(MAX_UNCOMPRESSED_BYTES)} this program reads. Delete "
                          "sheets and columns that are not needed, or export only the people "
                          "you need, and import again")
    workbook_part = _office_document(archive, names)
    if workbook_part is None:
        raise _fail(path, *_not_a_workbook(archive, names))
    _check_shared_strings(path, archive, workbook_part, names)
    return _sheet_parts(archive, workbook_part, names)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n:,} bytes"


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The workbook part (usually xl/workbook.xml); ``None`` if the package is not a workbook.

    The package's relationships name its main part; it is a workbook when that part's
    root element is ``<workbook>`` (a Word document's is ``<w:document>``).
    """
    candidates = []
    if "_rels/.rels" in names:
        candidates += [t for t, kind in _relationship_targets(archive, "_rels/.rels", "")
                       if kind.endswith("/officeDocument")]
    candidates.append("xl/workbook.xml")
    for part in dict.fromkeys(candidates):
        if part in names and part.lower().endswith(".xml"):
            with archive.open(part) as stream:
                head = stream.read(4096)
            if re.search(rb"<(?:[\w.-]+:)?workbook[\s>/]", head):
                return part
    return None


def _relationship_targets(archive: zipfile.ZipFile, rels: str, base: str) -> list[tuple[str, str]]:
    """``(target member, type)`` of the relationships in part *rels*, targets resolved from *base*."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(_read_small(archive, rels))
    out = []
    for rel in root.iter():
        if not rel.tag.endswith("Relationship") or rel.get("TargetMode") == "External":
            continue
        target = (rel.get("Target") or "").replace("\\", "/")
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.append((target, rel.get("Type") or ""))
    return out


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 64 * 1024 ** 2) -> bytes:
    """A part known to be small (relationships, the workbook list); refused when it is not."""
    if archive.getinfo(name).file_size > limit:
        raise ValueError(f"{name} is too big")
    return archive.read(name)


def _not_a_workbook(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, str]:
    lower = {n.lower() for n in names}
    if "xl/workbook.bin" in lower:
        return "unsupported-format", ("this is an Excel Binary Workbook (.xlsb), which is not read. Open it in Excel "
                "and save it as an Excel Workbook (.xlsx), then import that")
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        except _ZIP_ERRORS:
            mimetype = ""
        if "opendocument" in mimetype:
            kind = "spreadsheet" if "spreadsheet" in mimetype else "document"
            return "unsupported-format", (f"this is an OpenDocument {kind} (from LibreOffice or OpenOffice), which is not "
                    "read. Open it in LibreOffice Calc or Excel and save it as an Excel Workbook "
                    "(.xlsx), then import that")
    for folder, kind in (("word/", "a Word document"), ("ppt/", "a PowerPoint presentation"),
                         ("visio/", "a Visio drawing")):
        if any(n.startswith(folder) for n in lower):
            return "not-a-spreadsheet", (f"this is not a spreadsheet: the file is {kind}. Put the org chart in an Excel "
                    "workbook (.xlsx) or a CSV file and import that")
    shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
    return "not-a-spreadsheet", (f"this is not a spreadsheet: the file is a ZIP archive ({shown or 'empty'}), not an "
            "Excel workbook. If the workbook is inside it, extract it and import the .xlsx file")


def _check_shared_strings(path: Path, archive, workbook_part: str, names: set[str]) -> None:
    # python-calamine reserves room for the declared number of strings up front, so a
    # 2 KB file declaring two billion of them aborts the process. Each string takes at
    # least five bytes (<si/>), which bounds the count a real table can declare.
    base = posixpath.dirname(workbook_part)
    rels = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
    targets = _relationship_targets(archive, rels, base) if rels in names else []
    for target, kind in targets:
        if not kind.endswith("/sharedStrings") or target not in names:
            continue
        info = archive.getinfo(target)
        with archive.open(info) as stream:
            head = stream.read(4096)
        match = re.search(rb'<(?:[\w.-]+:)?sst\b[^>]*>', head)
        # uniqueCount is the table's length; count (how many cells use it) may be far larger.
        unique = re.search(rb'\suniqueCount\s*=\s*["\'](\d+)["\']', match.group(0)) if match else None
        declared = int(unique.group(1)) if unique else 0
        if declared > info.file_size // 5 + 1:
            raise _fail(path, "damaged-workbook", f"the workbook is damaged: its shared-strings table declares "
                              f"{declared:,} texts but has room for at most {info.file_size // 5 + 1:,}. "
                              "Open it in Excel, save it again as .xlsx, and import the new file")


def _sheet_parts(archive, workbook_part: str, names: set[str]) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, from the workbook and its relationships."""
    import xml.etree.ElementTree as ET

    base = posixpath.dirname(workbook_part)
    rels = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
    by_id = {}
    if rels in names:
        root = ET.fromstring(_read_small(archive, rels))
        for rel in root.iter():
            if rel.tag.endswith("Relationship") and rel.get("TargetMode") != "External":
                target = (rel.get("Target") or "").replace("\\", "/")
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                by_id[rel.get("Id")] = target
    folded = {n.lower(): n for n in names}
    parts = {}
    for sheet in ET.fromstring(_read_small(archive, workbook_part)).iter():
        if not sheet.tag.endswith("}sheet") and sheet.tag != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id") or k == "id"), None)
        target = by_id.get(rid)
        if target is not None and sheet.get("name") is not None:
            parts[sheet.get("name")] = target if target in names else folded.get(target.lower(), target)
    return parts


# --- Excel: one sheet -----------------------------------------------------------------------

@dataclass
class _SheetScan:
    """What one pass over a sheet's XML found."""

    last_row: int = 0  # 1-based, as Excel numbers rows; 0 for an empty sheet
    last_column: int = 0  # 1-based (A = 1)
    cells: int = 0  # the rectangle python-calamine allocates
    errors: dict = field(default_factory=dict)  # (row index, column index) -> "#N/A"
    uncalculated: list = field(default_factory=list)  # refs of formulas without a saved result


def _sheet_loader(path: Path, workbook, table: Table, member: str | None, limit: int):
    parsed = []  # calamine parses the whole sheet on access: do it once per sheet
    checked = []
    name = table.name

    def check():
        if not checked:
            scan = _checked_sheet(path, name, member, limit)
            table.error_cells = scan.errors
            if scan.uncalculated:
                table.problems.append(_problem(
                    "warning", path, "uncalculated-formulas",
                    f"{len(scan.uncalculated):,} formula cell(s) have no saved result "
                    f"(first: {scan.uncalculated[0]}), so they read as blank: the file was written by "
                    "a program that does not calculate. Open it in Excel, let it calculate, save "
                    "it, and import it again", sheet=name))
            checked.append(scan)

    def damaged(err):
        return _fail(path, "unreadable-sheet", f"the sheet cannot be read ({_xml_problem(path, member) or _reason(err)}); "
                     "open the workbook in Excel, let it repair the file if it offers to, and save "
                     "it again as .xlsx", sheet=name)

    def load(nrows):
        check()
        try:
            if not parsed:
                parsed.append(workbook.get_sheet_by_name(name))
            sheet = parsed[0]
            # skip_empty_area=False keeps row 0 = Excel row 1, so row numbers stay exact.
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
            _fill_merged(rows, sheet.merged_cell_ranges or ())
            if nrows is None:
                parsed.clear()  # the whole sheet is now in Python; free calamine's copy
            return rows
        except Exception as err:
            raise damaged(err) from None

    def iterate():
        check()
        try:
            if not parsed:
                parsed.append(workbook.get_sheet_by_name(name))
            sheet = parsed[0]
            merged = sheet.merged_cell_ranges
            rows = None if merged else sheet.iter_rows()
        except Exception as err:
            raise damaged(err) from None
        if rows is None:  # merged cells are filled on whole rows; rare in big exports
            yield from load(None)
            return
        parsed.clear()
        # iter_rows starts at row 1 but at the first used column: pad to column A.
        left = (sheet.start or (0, 0))[1]
        pad = [""] * left
        try:
            for row in rows:
                yield pad + row if left else row
        except Exception as err:
            raise damaged(err) from None
    return load, iterate


def _fill_merged(rows: list[list], merges) -> None:
    """Give each cell of a vertically merged range the value Excel shows across it.

    A "Department" cell merged over five people's rows belongs to all five; only the
    first holds the value in the file. Horizontal merges (a title across the columns)
    keep their value in the first cell only, since the other columns mean other fields.
    """
    budget = sum(len(r) for r in rows)  # overlapping ranges in a hostile file cannot loop long
    for (top, left), (bottom, _) in merges:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            budget -= 1
            if budget < 0:
                return
            if left < len(rows[r]) and rows[r][left] in ("", None):
                rows[r][left] = value


def _checked_sheet(path: Path, name: str, member: str | None, limit: int) -> _SheetScan:
    if member is None:
        raise _fail(path, "damaged-workbook", "the sheet's data cannot be found in the workbook, which is damaged. "
                          "Open it in Excel, save it again as .xlsx, and import the new file", sheet=name)
    try:
        with zipfile.ZipFile(path) as archive:
            with archive.open(member) as stream:
                scan = _fast_scan(stream)
            # A sheet already known to be too long is refused without counting exactly.
            if scan is None or (scan.cells > MAX_CELLS and scan.last_row <= limit):
                with archive.open(member) as stream:
                    scan = _precise_scan(stream)
    except _ZIP_ERRORS:
        raise _fail(path, "damaged-workbook", _DAMAGED, sheet=name) from None
    if scan.last_row > limit:
        raise _fail(path, "too-many-rows", f"the sheet has {scan.last_row:,} rows, more than the limit of {limit:,}. "
                          "Delete the rows that are not needed (or any stray value far below the "
                          "table), split the file, or raise the row limit", sheet=name,
                    hint=Hint("row-limit", value=limit))
    if scan.cells > MAX_CELLS:
        raise _fail(path, "too-many-cells", f"the sheet spans {scan.cells:,} cells (up to row {scan.last_row:,} and "
                          f"column {_column_letters(scan.last_column)}), more than the "
                          f"{MAX_CELLS:,} this program reads; usually a stray value far below or to "
                          "the right of the table causes this. Delete the rows and columns after "
                          "the table, save, and import again", sheet=name)
    return scan


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        if not 65 <= ch <= 90:
            raise ValueError("not a column reference")
        number = number * 26 + ch - 64
    return number


# The usual layout, as Excel, openpyxl and most exporters write it: every cell tag starts
# with its address, <c r="B7" ...>. One search per chunk proves a chunk is all such cells
# in columns A-Z with rows of at most as many digits as the largest row number seen.
_ROW_NUMBERS = re.compile(rb'<row r="(\d{1,9})"[^>]*(?<!/)>')  # not <row .../>: no cells, no extent
_UNUSUAL = {}  # digits -> compiled pattern of a cell tag that is not <c r="[A-Z]\d{1,digits}"
_UNUSUAL_WIDE = {}
_WIDE_COLUMNS = re.compile(rb'<c r="([A-Z]{2,3})\d')
_PREFIXED = re.compile(rb':c[\s/>]')
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*?\st="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]{0,40})</v>')
_UNCALCULATED = re.compile(rb'<c r="([A-Z]{1,3}\d{1,7})"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)</c>')
# Any layout: every row and cell start tag, with or without a namespace prefix.
_TAG = re.compile(rb'<(?:[\w.-]+:)?(c|row)(?=[\s/>])([^>]*)>')
_REF = re.compile(rb'\sr\s*=\s*(["\'])(.*?)\1', re.S)
_TYPE_ERROR = re.compile(rb'\st\s*=\s*(["\'])e\1')
_VALUE = re.compile(rb'<(?:[\w.-]+:)?v>([^<]{0,40})<')
_CELL_REF = re.compile(rb'([A-Za-z]{1,4})(\d{1,10})')


def _unusual(digits: int, wide: bool) -> re.Pattern:
    table = _UNUSUAL_WIDE if wide else _UNUSUAL
    if digits not in table:
        letters = "{1,3}" if wide else ""
        table[digits] = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]%s\d{1,%d}")' % (letters.encode(), digits))
    return table[digits]


def _chunks(stream):
    """The stream in pieces that each end before a ``<``, so no tag is cut in two."""
    carry = b""
    while True:
        data = stream.read(_CHUNK)
        if not data:
            if carry:
                yield carry
            return
        data = carry + data
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data
            continue
        carry = data[cut:]
        yield data[:cut]


def _fast_scan(stream) -> _SheetScan | None:
    """The extent of a sheet in the usual layout, its error values and uncalculated formulas.

    Returns ``None`` when the sheet is laid out in any other way (cells without an
    address, namespace prefixes, ...): :func:`_precise_scan` then follows every tag. The
    extent found is a bound: cells reach at most column Z (or the widest column seen) and
    rows of at most as many digits as the largest row number.
    """
    scan = _SheetScan()
    digits, columns, seen_data = 1, 0, False
    for chunk in _chunks(stream):
        if not seen_data:
            if b"<sheetData" not in chunk and b"sheetData" in chunk:
                return None  # a namespace prefix on every tag
            seen_data = b"<sheetData" in chunk
        rows = _ROW_NUMBERS.findall(chunk)
        if rows:
            scan.last_row = max(scan.last_row, max(map(int, rows)))
            digits = max(digits, len(str(scan.last_row)))
        if _PREFIXED.search(chunk):
            return None
        if _unusual(digits, False).search(chunk):
            if _unusual(digits, True).search(chunk):
                return None  # cells without an address, or addresses written otherwise
            columns = max([columns, *map(_column_number, _WIDE_COLUMNS.findall(chunk))])
        if b'<c r="' in chunk:
            columns = max(columns, 26)
        if b't="e"' in chunk:
            for letters, row, code in _ERROR_CELL.findall(chunk):
                scan.errors[(int(row) - 1, _column_number(letters) - 1)] = code.decode("utf-8", "replace")
        if b"</f></c>" in chunk or b"/></c>" in chunk:
            scan.uncalculated += [r.decode() for r in _UNCALCULATED.findall(chunk)]
    scan.last_column = columns
    scan.cells = (10 ** digits - 1) * columns
    return scan


def _precise_scan(stream) -> _SheetScan:
    """The exact extent of a sheet in any layout, following every row and cell tag.

    A cell is where its address says, else in the column after the previous cell; a row
    without a number follows the previous row (as python-calamine places them).
    """
    scan = _SheetScan()
    row, column = 0, 0  # 1-based position of the last row and cell seen
    top, left = None, None
    for chunk in _chunks(stream):
        for tag in _TAG.finditer(chunk):
            kind, attrs = tag.groups()
            ref = _REF.search(attrs)
            if kind == b"row":
                number = ref.group(2) if ref else b""
                row = int(number) if number.isdigit() else row + 1
                column = 0
                continue
            if ref:
                text = _unescape(ref.group(2))
                parts = _CELL_REF.fullmatch(text)
                if parts is None:
                    raise ValueError(f"bad cell address {text!r}")
                column, row = _column_number(parts.group(1)), int(parts.group(2))
            else:
                column, row = column + 1, max(row, 1)
            top = row if top is None else min(top, row)
            left = column if left is None else min(left, column)
            scan.last_row = max(scan.last_row, row)
            scan.last_column = max(scan.last_column, column)
            if _TYPE_ERROR.search(attrs):
                value = _VALUE.match(chunk, tag.end()) or _VALUE.search(chunk, tag.end(), tag.end() + 200)
                if value:
                    scan.errors[(row - 1, column - 1)] = value.group(1).decode("utf-8", "replace")
    if top is not None:
        scan.cells = (scan.last_row - top + 1) * (scan.last_column - left + 1)
    return scan


def _unescape(value: bytes) -> bytes:
    if b"&" not in value:
        return value
    import html
    return html.unescape(value.decode("utf-8", "replace")).encode("utf-8", "replace")


def _xml_problem(path: Path, member: str | None) -> str | None:
    """Where a damaged sheet's XML goes wrong, in words (only looked for after a failure)."""
    import xml.parsers.expat

    if member is None:
        return None
    parser = xml.parsers.expat.ParserCreate()
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as err:
        return (f"its XML is damaged at line {err.lineno}, column {err.offset + 1}: "
                f"{xml.parsers.expat.ErrorString(err.code)}")
    except Exception:  # the archive itself: the caller's message covers it
        return None
    return None


_ENCRYPTED = ("the workbook is password-protected, so it cannot be read. Open it in Excel, "
              "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
              "then clear it) and save it, or save an unprotected copy and import that")


def _ole2_message(path: Path) -> tuple[str, str]:
    # Excel saves a password-protected .xlsx inside an OLE2 compound file whose streams are
    # "EncryptionInfo" and "EncryptedPackage"; any other OLE2 file is a pre-2007 .xls (or
    # another old Office document), which we do not read.
    try:
        names = ole_stream_names(path.read_bytes())
    except (OSError, ValueError, struct.error):
        names = set()
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "password-protected", _ENCRYPTED
    return "unsupported-format", ("this is an old Excel 97-2003 workbook (.xls) or another old Office file. Open it "
            "in Excel and save it as an Excel Workbook (.xlsx), then import that")


def ole_stream_names(data: bytes) -> set[str]:
    """Names of the streams and storages in an OLE2 compound file (MS-CFB).

    Only the directory is read (through the FAT): enough to tell an encrypted workbook
    from an old ``.xls`` without any extra dependency.

    Raises
    ------
    ValueError
        When *data* is not a compound file.
    """
    if not data.startswith(_OLE2_MAGIC) or len(data) < 512:
        raise ValueError("not an OLE2 compound file")
    sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << sector_shift
    n_fat, first_dir, _, _, _, _, first_difat, n_difat = struct.unpack_from("<8I", data, 0x2C)

    def sector(index: int) -> bytes:
        start = (index + 1) * size  # the header occupies the first sector's worth
        return data[start:start + size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
    seen = 0
    while first_difat < 0xFFFFFFFA and seen < n_difat:  # large files chain more FAT pointers
        entries = struct.unpack(f"<{size // 4}I", sector(first_difat))
        fat_sectors += [s for s in entries[:-1] if s < 0xFFFFFFFA]
        first_difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for index in fat_sectors[:max(n_fat, 1)]:
        block = sector(index)
        fat += struct.unpack(f"<{len(block) // 4}I", block)
    names: set[str] = set()
    current, steps = first_dir, 0
    while current < 0xFFFFFFFA and current < len(fat) + 1 and steps <= len(fat):
        block = sector(current)
        for offset in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, offset + 64)[0]
            kind = block[offset + 66]
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.add(block[offset:offset + length - 2].decode("utf-16-le", "replace"))
        current = fat[current] if current < len(fat) else 0xFFFFFFFE
        steps += 1
    return names


# --- CSV --------------------------------------------------------------------------------

def _text_kind(data: bytes) -> str | None:
    """How *data* holds text: ``"text"``, ``"utf-16-le"``/``"utf-16-be"`` without a BOM,
    ``"nul"`` (text with a few stray NUL bytes), or ``None`` for binary data."""
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    nuls = sample.count(0)
    if nuls:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        # UTF-16 text without a BOM: mostly ASCII, so every other byte is NUL.
        if odd > len(sample) // 2 * 0.6 and even < odd // 10:
            return "utf-16-le"
        if even > len(sample) // 2 * 0.6 and odd < even // 10:
            return "utf-16-be"
        if nuls > max(len(sample) // 100, 8):
            return None
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32) - nuls
    if controls > len(sample) // 100:
        return None
    return "nul" if nuls or b"\x00" in data else "text"


def _decode_lines(data: bytes) -> tuple[str, str, list[int]]:
    """Decode text; returns ``(text, encoding, lines read as Windows-1252)``.

    A file that is UTF-8 but for some lines (rows pasted from a Latin-1 export) is decoded
    line by line; the lines read as Windows-1252 are listed (1-based) for a warning.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    utf8_lines, latin_lines, out = 0, [], []
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            text = line.decode("cp1252", "replace")
            latin_lines.append(number)
        out.append(text)
    if utf8_lines:  # real UTF-8 beside lines that are not: a mixed file
        return "".join(out), "utf-8+cp1252", latin_lines
    try:
        return data.decode("cp1252"), "cp1252", []
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", []  # every byte is a Latin-1 character


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1.

    A file mixing UTF-8 lines and Windows-1252 lines is decoded line by line (encoding
    ``"utf-8+cp1252"``).

    Returns
    -------
    (text, encoding)

    Examples
    --------
    >>> decode_text("Zoë".encode("cp1252")), decode_text(b"\\xef\\xbb\\xbfName")
    (('Zoë', 'cp1252'), ('Name', 'utf-8-sig'))
    >>> decode_text("Zoë\\n".encode() + "Zoë\\n".encode("cp1252"))
    ('Zoë\\nZoë\\n', 'utf-8+cp1252')
    """
    text, encoding, _ = _decode_lines(data)
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """The field delimiter of CSV *text*: comma, semicolon, tab or bar.

    The delimiter that splits the most of the first lines into the same number (above 1)
    of fields wins; quoted fields are respected.

    Examples
    --------
    >>> sniff_delimiter("Name;Title\\nAda;CEO, Founder\\n"), sniff_delimiter("Name\\tTitle\\n")
    (';', '\\t')
    """
    lines = [line for line in text[:200_000].splitlines()[:PREVIEW_ROWS + 5] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # rows that share the widest width, then that width: a title line does not count.
        score = (sum(1 for c in counts if c == widest), widest)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_table(path: Path, data: bytes, kind: str, limit: int) -> Table:
    problems = []

    def warn(code, message, row=None):
        problems.append(_problem("warning", path, code, message, row=row))

    if kind in ("utf-16-le", "utf-16-be"):
        text, latin = data.decode(kind, "replace"), []
    else:
        if kind == "nul":
            # A few NUL bytes come from a damaged export or a bad copy; they mean nothing.
            line = data[:data.index(b"\x00")].count(b"\n") + 1
            count = data.count(b"\x00")
            data = data.replace(b"\x00", b"")
            warn("nul-characters", f"the file holds {count:,} NUL character(s) (byte 0), first on line {line:,}; they "
                 "were removed. They usually come from a damaged export: check the rows around "
                 "that line")
        text, _, latin = _decode_lines(data)
    if latin:
        shown = ", ".join(f"{n:,}" for n in latin[:5]) + (", ..." if len(latin) > 5 else "")
        warn("mixed-encodings", f"the file mixes two text encodings: it is UTF-8, but line(s) {shown} are not, so they "
             "were read as Windows-1252 (Latin-1). Check the names on those lines, and save the "
             "file as CSV UTF-8 next time")
    return Table(None, None, _csv_rows(path, text, limit), problems=problems)


def _csv_rows(path: Path, text: str, limit: int) -> list[list[str]]:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    first_line = 1  # the line of the file where the current row starts
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > limit:
                raise _fail(path, "too-many-rows", f"the file has more than {limit:,} rows, the limit. Delete the "
                                  "rows that are not needed, split the file, or raise the row "
                                  "limit", hint=Hint("row-limit", value=limit))
            last_start, first_line = first_line, reader.line_num + 1
    except csv.Error as err:  # a field over the csv module's size limit
        raise _fail(path, "unsplittable-row", f"this row (from line {first_line:,} of the file) cannot be split "
                          f"into cells ({err}). Usually a quote (\") opened in that row is "
                          "never closed, so the rest of the file runs into one cell: close the "
                          "quote or delete it. A cell that really is that long must be shortened "
                          "(Excel holds at most 32,767 characters in a cell)",
                    row=len(rows) + 1) from None
    if rows and reader.line_num > last_start and text.count('"') % 2:
        # The last row ran over several lines to the end of the file and the quotes do not
        # pair up: a quote opened there was never closed and swallowed the rows after it.
        raise _fail(path, "unclosed-quote", f"this row (line {last_start:,} of the file) opens a quote (\") "
                          "that is never closed, so every line after it would be read as one "
                          f"cell (lines {last_start:,} to {reader.line_num:,}). Close the quote or "
                          "delete it, and import again", row=len(rows))
    return rows
