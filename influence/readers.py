"""Reading the raw cells of a workbook or CSV file, whatever state it arrives in.

:func:`open_tables` looks at a file's first bytes rather than trusting its name, so that a
PDF or a text file renamed ``.xlsx``, a password-protected workbook and an old ``.xls``
each get their own message saying how to fix it. Excel files are read with python-calamine
(fast, Rust); CSV files are decoded as UTF-8 (with or without BOM), UTF-16 with BOM, then
Windows-1252/Latin-1, and their delimiter (comma, semicolon, tab or bar) is sniffed.

Rows come back as lists of cells, row 0 being spreadsheet row 1, so row numbers in messages
are the ones the user sees in Excel.
"""

from __future__ import annotations

import codecs
import csv
import io
import struct
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, WorkbookError

__all__ = ["Table", "open_tables", "decode_text", "sniff_delimiter", "ole_stream_names"]

PREVIEW_ROWS = 20
"""How many rows at the top of each sheet are searched for the header row."""

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


@dataclass
class Table:
    """One sheet (or the one table of a CSV file): its name and a way to read its rows."""

    name: str | None  # ``None`` for a CSV file, which has no sheets
    _load: object = field(repr=False)  # callable(nrows | None) -> list of rows
    _rows: list | None = field(default=None, repr=False)

    def preview(self, nrows: int = PREVIEW_ROWS) -> list[list]:
        """The first *nrows* rows (cheap: the whole sheet is not read)."""
        if self._rows is not None:
            return self._rows[:nrows]
        return self._load(nrows)

    def rows(self) -> list[list]:
        """Every row of the sheet (read afresh from a workbook: not kept, to save memory)."""
        if self._rows is not None:
            return self._rows
        return self._load(None)


def _fail(path, message: str, sheet: str | None = None) -> WorkbookError:
    return WorkbookError([Problem("error", message, file=str(path), sheet=sheet)])


def open_tables(path) -> list[Table]:
    """The tables of *path*: every worksheet of a workbook, or the one table of a CSV.

    Parameters
    ----------
    path : str or os.PathLike
        An ``.xlsx``, ``.xlsm`` (or other format python-calamine reads) or a CSV file.

    Returns
    -------
    list of Table

    Raises
    ------
    WorkbookError
        When the file is missing or unreadable, is not a spreadsheet, is
        password-protected, or is an old ``.xls`` workbook.

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
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise _fail(path, "the file does not exist; check the path and the file name") from None
    except IsADirectoryError:
        raise _fail(path, "this is a folder, not a file; give the path of a workbook or CSV file") from None
    except OSError as err:
        raise _fail(path, f"the file cannot be read ({err.strerror or err}); check that you may "
                          "read it and that no other program locks it") from None
    suffix = path.suffix.lower()
    if head.startswith(_OLE2_MAGIC):
        raise _fail(path, _ole2_message(path))
    if head.startswith(_ZIP_MAGIC):
        return _workbook_tables(path)
    for magic, kind in _BINARY_KINDS:
        if head.startswith(magic):
            raise _fail(path, f"this is not a spreadsheet: the file is {kind}. Export the data "
                              "from its source as .xlsx or .csv and import that")
    data = path.read_bytes()
    if not data:
        raise _fail(path, "the file is empty; export the org chart or influence map again")
    if suffix in _EXCEL_SUFFIXES:
        kind = "plain text" if _looks_like_text(data) else "data of an unknown kind"
        raise _fail(path, f"this is not a spreadsheet: the name ends in {path.suffix} but the file "
                          f"holds {kind}, not an Excel workbook. If it is a CSV export, rename "
                          "it to .csv; otherwise open it in Excel and save it as .xlsx")
    if not _looks_like_text(data):
        raise _fail(path, "this is not a spreadsheet: the file holds binary data that is neither "
                          "an Excel workbook nor CSV text. Save the data as .xlsx or .csv")
    text, _ = decode_text(data)
    try:
        rows = _csv_rows(text)
    except csv.Error as err:  # e.g. a field over the csv module's size limit
        raise _fail(path, f"the CSV text cannot be split into rows and columns ({err}); open it "
                          "in Excel and save it as .xlsx") from None
    return [Table(None, None, rows)]


# --- Excel ------------------------------------------------------------------------------

def _workbook_tables(path: Path) -> list[Table]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise _fail(path, _ENCRYPTED) from None
    except Exception as err:  # calamine raises several error types for a damaged file
        raise _fail(path, "this is not a readable Excel workbook (the reader said: "
                          f"{str(err).strip() or type(err).__name__}). Open it in Excel and "
                          "save it again as .xlsx") from None
    tables = []
    for meta in workbook.sheets_metadata:
        if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
            continue  # chart sheets and macro sheets hold no rows
        tables.append(Table(meta.name, _sheet_loader(path, workbook, meta.name)))
    if not tables:
        raise _fail(path, "the workbook has no worksheets; add a People sheet with one row per person")
    return tables


def _sheet_loader(path: Path, workbook, name: str):
    parsed = []  # calamine parses the whole sheet on access: do it once per sheet

    def load(nrows):
        try:
            if not parsed:
                parsed.append(workbook.get_sheet_by_name(name))
            # skip_empty_area=False keeps row 0 = Excel row 1, so row numbers stay exact.
            rows = parsed[0].to_python(skip_empty_area=False, nrows=nrows)
            if nrows is None:
                parsed.clear()  # the whole sheet is now in Python; free calamine's copy
            return rows
        except Exception as err:
            raise _fail(path, f"the sheet cannot be read ({str(err).strip() or type(err).__name__}); "
                              "open the workbook in Excel and save it again as .xlsx", sheet=name) from None
    return load


_ENCRYPTED = ("the workbook is password-protected, so it cannot be read. Open it in Excel, "
              "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
              "then clear it) and save it, or save an unprotected copy and import that")


def _ole2_message(path: Path) -> str:
    # Excel saves a password-protected .xlsx inside an OLE2 compound file whose streams are
    # "EncryptionInfo" and "EncryptedPackage"; any other OLE2 file is a pre-2007 .xls (or
    # another old Office document), which we do not read.
    try:
        names = ole_stream_names(path.read_bytes())
    except (OSError, ValueError, struct.error):
        names = set()
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return _ENCRYPTED
    return ("this is an old Excel 97-2003 workbook (.xls) or another old Office file. Open it "
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

def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) // 100


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1.

    Returns
    -------
    (text, encoding)

    Examples
    --------
    >>> decode_text("Zoë".encode("cp1252")), decode_text(b"\\xef\\xbb\\xbfName")
    (('Zoë', 'cp1252'), ('Name', 'utf-8-sig'))
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # every byte is a Latin-1 character


def sniff_delimiter(text: str) -> str:
    """The field delimiter of CSV *text*: comma, semicolon, tab or bar.

    The delimiter that splits the most of the first lines into the same number (above 1)
    of fields wins; quoted fields are respected.

    Examples
    --------
    >>> sniff_delimiter("Name;Title\\nAda;CEO, Founder\\n"), sniff_delimiter("Name\\tTitle\\n")
    (';', '\\t')
    """
    lines = [line for line in text.splitlines()[:PREVIEW_ROWS + 5] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        widest = max(counts)
        if widest < 2:
            continue
        # rows that share the widest width, then that width: a title line does not count.
        score = (sum(1 for c in counts if c == widest), widest)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str) -> list[list[str]]:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [row for row in reader]

