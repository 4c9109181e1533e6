"""Generate the corpus of malformed and awkward input files the importer must survive.

Run from the project root to (re)write the small files next to this script::

    python tests/corpus/make_corpus.py

Every file is built byte by byte from this script (workbooks are assembled from their XML
parts, not saved by Excel or openpyxl), so the corpus is reproducible and each file holds
exactly the oddity it is named after. The expected outcome of each file is in
``tests/test_corpus.py``. Files too big to commit (a zip bomb, a 10,000-deep reporting
chain, a sheet over the row limit, ...) are built at test time by the ``make_*`` functions
below, into a temporary folder.

All people are fictional.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Formula", "ExcelError", "Sheet", "xlsx_bytes", "compound_file", "write_corpus",
           "make_zip_bomb", "make_lying_zip_bomb", "make_shared_strings_bomb",
           "make_many_shared_strings", "make_deep_chain", "make_long_sheet", "make_long_cell_csv",
           "make_wide_sheet"]

CORPUS = Path(__file__).resolve().parent
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time: reproducible bytes

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


# --- workbooks from their XML parts -----------------------------------------------------

@dataclass(frozen=True)
class Formula:
    """A formula cell: its text and the value Excel cached when it last calculated."""

    text: str
    cached: object = None


@dataclass(frozen=True)
class ExcelError:
    """An error value such as ``#N/A`` or ``#REF!`` (a broken formula's result)."""

    code: str


@dataclass
class Sheet:
    """One worksheet: rows of Python values written from A1 down."""

    name: str
    rows: list = field(default_factory=list)
    state: str = "visible"  # or "hidden", "veryHidden"
    merges: tuple = ()  # ranges such as "C2:C4"
    xml: str | None = None  # the worksheet XML as given, instead of rows


def column_letters(index: int) -> str:
    """Excel's column name of 0-based *index*.

    >>> column_letters(0), column_letters(25), column_letters(26), column_letters(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _excel_serial(value: dt.date) -> float:
    base = dt.datetime(1899, 12, 30)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - base).total_seconds() / 86400


def _cell_xml(ref: str, value, strings: dict[str, int] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        cached = value.cached
        inner = f"<f>{escape(value.text.lstrip('='))}</f>"
        if cached is None:
            return f'<c r="{ref}">{inner}</c>'
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str">{inner}<v>{escape(cached)}</v></c>'
        return f'<c r="{ref}">{inner}<v>{cached!r}</v></c>'
    if isinstance(value, ExcelError):
        return f'<c r="{ref}" t="e"><v>{escape(value.code)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{_excel_serial(value)!r}</v></c>'
    text = str(value)
    if strings is None:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    index = strings.setdefault(text, len(strings))
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def sheet_xml(rows, strings: dict[str, int] | None = None, merges=()) -> str:
    """The worksheet XML of *rows* (shared strings go into *strings*, else inline)."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN_NS}">']
    width = max((len(r) for r in rows), default=0)
    if rows and width:
        out.append(f'<dimension ref="A1:{column_letters(width - 1)}{len(rows)}"/>')
    out.append("<sheetData>")
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell_xml(f"{column_letters(c)}{r}", v, strings) for c, v in enumerate(row))
        if cells:
            out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN_NS}">'
           '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
           '<borders count="1"><border/></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
           '</cellXfs></styleSheet>')


def xlsx_bytes(sheets: list[Sheet], *, shared_strings: bool = True, macro: bool = False,
               sst_counts: tuple[int, int] | None = None, extra_parts: dict | None = None) -> bytes:
    """An .xlsx (or, with *macro*, .xlsm) package holding *sheets*, as bytes.

    *sst_counts* overrides the ``count`` and ``uniqueCount`` the shared-strings table
    declares (a damaged or hostile file may declare anything); *extra_parts* adds files.
    """
    strings: dict[str, int] | None = {} if shared_strings else None
    parts: dict[str, str | bytes] = {}
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = (sheet.xml if sheet.xml is not None
                                                else sheet_xml(sheet.rows, strings, sheet.merges))
    overrides = [("/xl/workbook.xml", _MACRO_TYPE if macro else _WORKBOOK_TYPE),
                 ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")]
    overrides += [(f"/xl/worksheets/sheet{i}.xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
                  for i in range(1, len(sheets) + 1)]
    rels = [(f"worksheets/sheet{i}.xml", "worksheet") for i in range(1, len(sheets) + 1)]
    rels.append(("styles.xml", "styles"))
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))
        rels.append(("sharedStrings.xml", "sharedStrings"))
        count, unique = sst_counts or (len(strings), len(strings))
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN_NS}" '
            f'count="{count}" uniqueCount="{unique}">'
            + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + "</sst>")
    parts["xl/styles.xml"] = _STYLES
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN_NS}" '
        f'xmlns:r="{_REL_NS}"><sheets>'
        + "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i}"'
                  + (f' state="{s.state}"' if s.state != "visible" else "") + f' r:id="rId{i}"/>'
                  for i, s in enumerate(sheets, start=1))
        + "</sheets></workbook>")
    parts["xl/_rels/workbook.xml.rels"] = _relationships(
        [(target, f"{_REL_NS}/{kind}") for target, kind in rels])
    parts["_rels/.rels"] = _relationships([("xl/workbook.xml", f"{_REL_NS}/officeDocument")])
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides) + "</Types>")
    parts.update(extra_parts or {})
    return zip_bytes(parts)


def _relationships(targets) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL_NS}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                      for i, (target, kind) in enumerate(targets, start=1))
            + "</Relationships>")


def zip_bytes(parts: dict[str, str | bytes]) -> bytes:
    """A deflated zip archive of *parts* (name -> text or bytes) with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def compound_file(*streams: str) -> bytes:
    """A minimal, valid OLE2 compound file (MS-CFB v3) holding empty streams *streams*.

    The container Excel uses for a password-protected .xlsx ("EncryptionInfo" and
    "EncryptedPackage" streams) and for an old .xls ("Workbook"); the same construction as
    ``tests/test_import_problems.py``.
    """
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<8I", header, 0x2C, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[free] * 108)
    fat = struct.pack("<128I", fat_sector, end, *[free] * 126)

    def entry(name: str, kind: int, right: int = no_stream, child: int = no_stream) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, no_stream, right, child)
                + bytes(16 + 4 + 16) + struct.pack("<IQ", end, 0))

    entries = [entry("Root Entry", 5, child=1 if streams else no_stream)]
    for i, name in enumerate(streams, start=1):
        entries.append(entry(name, 2, right=i + 1 if i < len(streams) else no_stream))
    directory = b"".join(entries).ljust(512, b"\0")
    return bytes(header) + fat + directory


# --- the committed corpus -----------------------------------------------------------------

PEOPLE = [["ID", "Name", "Title", "Reports To", "Attitude"],
          [1, "Ada Byron", "CEO", None, "champion"],
          [2, "Bob Okafor", "CFO", 1, "skeptic"],
          [3, "Cy Tanaka", "CTO", 1, "neutral"]]


def _csv(rows, delimiter=",", newline="\r\n") -> str:
    def field(value):
        text = "" if value is None else str(value)
        if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
            text = '"' + text.replace('"', '""') + '"'
        return text
    return "".join(delimiter.join(field(v) for v in row) + newline for row in rows)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _xlsx(*sheets: Sheet, **options) -> bytes:
    return xlsx_bytes(list(sheets), **options)


def _minimal_pdf() -> bytes:
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _png_1x1() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def _docx() -> bytes:
    return zip_bytes({
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"><Override PartName="/word/document.xml" '
                               'ContentType="application/vnd.openxmlformats-officedocument.'
                               'wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": _relationships([("word/document.xml", f"{_REL_NS}/officeDocument")]),
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                             'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Org chart'
                             '</w:t></w:r></w:p></w:body></w:document>'})


def _no_refs_sheet() -> str:
    # Cells and rows without their r="A1" addresses (allowed by the standard; some
    # generators write them so): positions follow from the order.
    rows = [["Name", "Manager"], ["Ada", None], ["Bob", "Ada"]]
    body = "".join("<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' if v else "<c/>"
                                     for v in row) + "</row>" for row in rows)
    return f'<?xml version="1.0"?><worksheet xmlns="{_MAIN_NS}"><sheetData>{body}</sheetData></worksheet>'


def _prefixed_sheet() -> str:
    # The Open XML SDK writes every element with a namespace prefix.
    rows = [["Name", "Manager"], ["Ada", ""], ["Bob", "Ada"]]
    body = "".join(f'<x:row r="{r}">' + "".join(
        f'<x:c r="{"AB"[c]}{r}" t="inlineStr"><x:is><x:t>{v}</x:t></x:is></x:c>'
        for c, v in enumerate(row) if v) + "</x:row>" for r, row in enumerate(rows, start=1))
    return f'<?xml version="1.0"?><x:worksheet xmlns:x="{_MAIN_NS}"><x:sheetData>{body}</x:sheetData></x:worksheet>'


def _far_cells_sheet(last_row: int, last_column: str) -> str:
    # Two cells at opposite corners: the sheet spans every cell between them.
    return (f'<?xml version="1.0"?><worksheet xmlns="{_MAIN_NS}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Ada</t></is></c></row>'
            f'<row r="{last_row}"><c r="{last_column}{last_row}" t="inlineStr"><is><t>stray</t></is></c></row>'
            '</sheetData></worksheet>')


def corpus_files() -> dict[str, bytes]:
    """File name -> bytes of every committed corpus file."""
    good = _xlsx(Sheet("People", PEOPLE))
    files: dict[str, bytes] = {}

    # -- containers that are not what their name says --
    files["zero_bytes.xlsx"] = b""
    files["zero_bytes.csv"] = b""
    files["truncated.xlsx"] = good[: len(good) * 2 // 3]
    files["text_renamed.xlsx"] = _utf8(_csv(PEOPLE))
    files["pdf_renamed.xlsx"] = _minimal_pdf()
    files["png_renamed.xlsx"] = _png_1x1()
    files["word_renamed.xlsx"] = _docx()
    files["zip_of_other_files.xlsx"] = zip_bytes({"notes.txt": "hello", "photo.jpg": b"\xff\xd8\xff\xe0"})
    files["password_protected.xlsx"] = compound_file("EncryptionInfo", "EncryptedPackage")
    files["old_excel.xls"] = compound_file("Workbook", "SummaryInformation")
    files["old_excel_renamed.xlsx"] = compound_file("Workbook")
    files["malformed_sheet_xml.xlsx"] = _xlsx(Sheet("People", xml=f'<worksheet xmlns="{_MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ada</is></c></sheetData>'))

    # -- workbooks with nothing (or nothing useful) in them --
    files["no_sheets.xlsx"] = _xlsx()
    files["empty_sheet.xlsx"] = _xlsx(Sheet("People", []))
    files["only_headers.xlsx"] = _xlsx(Sheet("People", [PEOPLE[0]]))
    files["header_only_relationships.xlsx"] = _xlsx(Sheet("People", PEOPLE),
                                                    Sheet("Relationships", [["From", "To", "Type", "Strength"]]))
    files["header_beyond_row_20.xlsx"] = _xlsx(Sheet("People", [["Confidential"]] + [[None]] * 24 + PEOPLE))
    files["no_name_column.csv"] = _utf8(_csv([["Employee ID", "Title", "2024"], [1, "CEO", 5]]))

    # -- workbook features --
    files["macro_enabled.xlsm"] = _xlsx(Sheet("People", PEOPLE), macro=True,
                                        extra_parts={"xl/vbaProject.bin": compound_file("VBA")})
    files["formulas.xlsx"] = _xlsx(Sheet("People", [
        ["ID", "First Name", "Last Name", "Name", "Reports To", "Notes"],
        [1, "Ada", "Byron", Formula('=B2&" "&C2', "Ada Byron"), None, Formula("=1/0", None)],
        [2, "Bob", "Okafor", Formula('=B3&" "&C3', "Bob Okafor"), Formula("=A2", 1),
         Formula("=cmd|' /C calc'!A0", "calc")],
        [3, "Cy", "Tanaka", Formula('=B4&" "&C4', None), Formula("=VLOOKUP(\"Ada Byron\",D:D,1,0)", "Ada Byron"),
         Formula('=HYPERLINK("http://example.invalid/x","click")', "click")]]))
    files["error_values.xlsx"] = _xlsx(Sheet("People", [
        ["ID", "Name", "Title", "Reports To"],
        [1, "Ada Byron", "CEO", None],
        [2, ExcelError("#N/A"), "CFO", 1],
        [3, "Cy Tanaka", ExcelError("#VALUE!"), ExcelError("#REF!")]]))
    files["merged_cells.xlsx"] = _xlsx(Sheet("People", [
        ["Acme Partner Map", None, None, None],
        ["Name", "Department", "Reports To", "Notes"],
        ["Ada Byron", "Executive", None, "Founder"],
        ["Bob Okafor", "Finance", "Ada Byron", "Joined in 2019"],
        ["Dee Varga", None, "Bob Okafor", None],
        ["Eve Lindqvist", None, "Bob Okafor", None]], merges=("A1:D1", "B4:B6", "D4:D5")))
    files["hidden_people_sheet.xlsx"] = _xlsx(
        Sheet("README", [["This workbook lists the partner's executives."]]),
        Sheet("People", PEOPLE, state="hidden"))
    files["hidden_decoy_sheet.xlsx"] = _xlsx(
        Sheet("People", [["Name", "Reports To"], ["Old Boss", None], ["Stale Person", "Old Boss"]],
              state="hidden"),
        Sheet("Org 2024", [["Name", "Manager"], ["Ada Byron", None], ["Bob Okafor", "Ada Byron"]]))
    files["very_hidden_only.xlsx"] = _xlsx(Sheet("Cover", [["Nothing here"]]),
                                           Sheet("Staff", PEOPLE, state="veryHidden"))
    files["inline_strings_no_refs.xlsx"] = _xlsx(Sheet("People", xml=_no_refs_sheet()))
    files["prefixed_namespace.xlsx"] = _xlsx(Sheet("People", xml=_prefixed_sheet()))
    files["huge_shared_strings_count.xlsx"] = _xlsx(Sheet("People", PEOPLE), sst_counts=(2**31 - 1, 2**31 - 1))
    # Many cells share few texts: the table's count of uses is far above its length. Fine.
    files["shared_strings_used_often.xlsx"] = _xlsx(Sheet("People", PEOPLE), sst_counts=(2**31 - 1, 14))
    files["far_corner_cells.xlsx"] = _xlsx(Sheet("People", xml=_far_cells_sheet(1048576, "XFD")))
    files["wide_and_deep_cells.xlsx"] = _xlsx(Sheet("People", xml=_far_cells_sheet(900000, "XFD")))
    # Rows formatted (a height set) down to Excel's last row, without any cell: bloated, not big.
    files["formatted_rows_to_the_end.xlsx"] = _xlsx(Sheet("People", xml=sheet_xml(PEOPLE).replace(
        "</sheetData>", '<row r="1048576" ht="20" customHeight="1"/></sheetData>')))

    # -- headers --
    files["duplicate_headers.xlsx"] = _xlsx(Sheet("People", [
        ["ID", "Name", "Title", "Name", "Manager", "Title"],
        [1, "Ada Byron", "CEO", "Ada B.", None, "Chief Executive"],
        [2, "Bob Okafor", "CFO", "Bob O.", 1, "Finance Chief"]]))
    files["numeric_and_date_headers.xlsx"] = _xlsx(Sheet("People", [
        ["Name", 2024, dt.date(2024, 1, 31), True], ["Ada Byron", 5, "x", False]]))

    # -- cell contents --
    files["unicode_rtl_names.xlsx"] = _xlsx(Sheet("People", [
        ["ID", "Name", "Reports To", "Department"],
        ["a1", "محمد العلي", None, "الإدارة"],
        ["a2", "דוד כהן", "محمد العلي", "כספים"],
        ["a3", "\u200fשרה לוי\u200f", "דוד כהן", "\u202bמחקר\u202c"],
        ["a4", "Zoë Ångström", "דוד כהן", "Forschung"],
        ["a5", "王小明 🚀", "Zoe\u0308 Ångström", "研究"],
        ["a6", "\u200bPriya Nair\u00a0", "王小明 🚀", "R&D"]]))
    files["html_and_script_names.csv"] = _utf8(_csv([
        ["Name", "Title", "Reports To", "Notes"],
        ["<script>alert('x')</script>", "CEO", "", "<b>bold</b> & <i>italic</i>"],
        ['<img src=x onerror="alert(1)">', "CFO", "<script>alert('x')</script>", "\"quoted\" & 'single'"],
        ["Tom & Jerry &amp; Co", "</td></tr><tr><td>", '<img src=x onerror="alert(1)">', "{{7*7}} ${7*7}"],
        ["javascript:alert(1)", "<!-- comment -->", "Tom & Jerry &amp; Co", "]]><![CDATA["]]))
    files["html_and_script_names.xlsx"] = _xlsx(Sheet("People", [
        ["Name", "Title", "Reports To"],
        ["<script>alert('x')</script>", "<b>CEO</b>", None],
        ["<svg onload=alert(1)>", "CFO & COO", "<script>alert('x')</script>"]]),
        Sheet("Relationships", [["From", "To", "Notes"],
                                ["<svg onload=alert(1)>", "<script>alert('x')</script>",
                                 "<a href=\"javascript:alert(1)\">x</a>"]]))
    files["formula_looking_text.csv"] = _utf8(_csv([
        ["Name", "Title", "Reports To"], ["=HYPERLINK(\"http://example.invalid\",\"Ada\")", "CEO", ""],
        ["+1 555 0100", "=1+1", "=HYPERLINK(\"http://example.invalid\",\"Ada\")"],
        ["@SUM(A1)", "-2+3", "+1 555 0100"]]))
    files["reporting_cycle.csv"] = _utf8(_csv([
        ["ID", "Name", "Reports To"], [1, "Ada", 3], [2, "Bob", 1], [3, "Cy", 2], [4, "Dee", 1]]))
    files["self_reports.csv"] = _utf8(_csv([
        ["ID", "Name", "Reports To"], [1, "Ada", 1], [2, "Bob", 2], [3, "Cy", 1]]))
    files["leading_zero_ids.csv"] = _utf8(_csv([
        ["Employee ID", "Name", "Manager ID"], ["007", "Ada", ""], ["0042", "Bob", "7"],
        ["0100", "Cy", "007"], ["42", "Dee", "0042"], ["00", "Eve", "42"]]))
    files["leading_zero_ids.xlsx"] = _xlsx(Sheet("People", [
        ["Employee ID", "Name", "Manager ID"], ["007", "Ada", None], ["0042", "Bob", 7],
        ["0100", "Cy", 7.0], ["0043", "Dee", "0100"]]))
    files["numbers_dates_booleans_as_text.xlsx"] = _xlsx(Sheet("People", [
        ["ID", "Name", "Title", "Reports To", "Attitude", "Email"],
        [1, 123, 4.5, None, 2, 0],
        [2, True, dt.date(2024, 3, 1), 1, -1, None],
        [3, dt.date(2021, 6, 30), None, dt.date(2024, 3, 1), 1.5, None],
        [4.0, 1.25e15, "CFO", 123, None, None],
        [5, "Eve", dt.datetime(2024, 3, 1, 9, 30), True, False, None]]))
    files["long_cell.xlsx"] = _xlsx(Sheet("People", [
        ["Name", "Notes"], ["Ada Byron", "x" * 1_000_000], ["Bob Okafor", "short"]]))
    files["whitespace_and_invisible.csv"] = _utf8(_csv([
        ["Name", "Reports To"], ["  Ada   Byron ", ""], ["Bob\u00a0Okafor", "ada byron"],
        ["\ufeffCy Tanaka", "Bob Okafor"], ["\t", "Cy Tanaka"], ["Dee\u200b", "\u200bCy Tanaka"]]))
    files["blank_names.csv"] = _utf8(_csv([["ID", "Name", "Reports To"], [1, "", ""], [2, " ", 1],
                                           ["", "", 1], [3, "Cy", 2]]))
    files["relationships_junk.xlsx"] = _xlsx(Sheet("People", PEOPLE), Sheet("Relationships", [
        ["From", "To", "Type", "Strength"], [1, 2, "friendship", "abc"], [2, 2, "advises", 3],
        [1, "Nobody", "trusts", 7], [None, 3, None, -1], [3, 1, ExcelError("#N/A"), 0.0],
        [dt.date(2024, 1, 1), True, "conflicts with", 1e308]]))

    # -- CSV dialects and encodings --
    files["csv_utf8_bom.csv"] = codecs.BOM_UTF8 + _utf8(_csv(PEOPLE))
    files["csv_semicolons.csv"] = _utf8(_csv([["Name", "Title", "Reports To", "Notes"],
                                              ["Ada Byron", "CEO", "", "Founder, board member"],
                                              ["Bob Okafor", "CFO", "Ada Byron", "0,8 FTE"]], ";"))
    files["csv_latin1.csv"] = _csv([["Name", "Title", "Reports To"], ["Zoë Müller", "Directrice générale", ""],
                                    ["François Façade", "Vice-président", "Zoë Müller"],
                                    ["Øyvind Ærø", "Ingeniør", "François Façade"]]).encode("cp1252")
    files["csv_tabs.tsv"] = _utf8(_csv(PEOPLE, "\t"))
    files["csv_utf16_bom.csv"] = _csv(PEOPLE, "\t").encode("utf-16")
    files["csv_utf16_no_bom.csv"] = _csv(PEOPLE).encode("utf-16-le")
    files["csv_quoted_newlines.csv"] = _utf8(_csv([
        ["Name", "Notes", "Reports To"], ["Ada Byron", "Line one\nLine two\r\nLine three", ""],
        ["Bob Okafor", "Says \"no\"\nto everything", "Ada Byron"], ["Cy Tanaka", "", "Bob Okafor"]]))
    files["csv_ragged_rows.csv"] = _utf8("Name,Title,Reports To\r\nAda Byron,CEO\r\nBob Okafor,CFO,Ada Byron,"
                                         "extra,more extra\r\nCy Tanaka\r\n,,,\r\nDee Varga,CTO,Ada Byron\r\n")
    files["csv_nul_bytes.csv"] = _utf8(_csv(PEOPLE)).replace(b"Bob", b"B\x00ob").replace(b"CTO", b"CTO\x00\x00")
    files["csv_excel_sep_line.csv"] = _utf8("sep=;\r\n" + _csv(PEOPLE, ";"))
    files["csv_unclosed_quote.csv"] = _utf8('Name,Title,Reports To\r\nAda Byron,"CEO,\r\nBob Okafor,CFO,Ada Byron\r\n'
                                            "Cy Tanaka,CTO,Ada Byron\r\n")
    files["csv_old_mac_line_endings.csv"] = _utf8(_csv(PEOPLE, newline="\r"))
    files["csv_single_column.csv"] = _utf8("Name\nAda Byron\nBob Okafor\n")
    files["csv_mixed_encoding.csv"] = (_utf8("Name,Title\r\nZoë Müller,CEO\r\n")
                                       + "François,CFO\r\n".encode("cp1252"))
    return files


def write_corpus(folder: Path = CORPUS) -> list[Path]:
    """Write every committed corpus file into *folder*; returns their paths."""
    paths = []
    for name, data in corpus_files().items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


# --- big files, built at test time --------------------------------------------------------

def _deflate_repeated(prefix: bytes, fill: bytes, megabytes: int, suffix: bytes) -> tuple[bytes, int, int]:
    """A raw deflate stream of *prefix*, *megabytes* MiB of *fill*, *suffix*: cheap to build.

    One MiB of *fill* is compressed once, flushed so that it stands alone, and repeated:
    no history crosses the copies, so their concatenation is a valid stream. Returns the
    stream, its decompressed size and the CRC-32 of the decompressed data.
    """
    def standalone(data: bytes, final: bool = False) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    block_data = fill * ((1 << 20) // len(fill))
    block = standalone(block_data)
    stream = standalone(prefix) + block * megabytes + standalone(suffix, final=True)
    crc = zlib.crc32(prefix)
    for _ in range(megabytes):
        crc = zlib.crc32(block_data, crc)
    crc = zlib.crc32(suffix, crc)
    return stream, len(prefix) + len(block_data) * megabytes + len(suffix), crc


def _zip_with_raw_member(parts: dict[str, str], name: str, stream: bytes, size: int, crc: int,
                         declared_size: int | None = None) -> bytes:
    """A zip of the deflated *parts* plus member *name* whose deflate *stream* is given.

    *declared_size* is written in the headers instead of the real *size* (a lying archive).
    """
    out = io.BytesIO()
    central = []
    declared = size if declared_size is None else declared_size
    members = [(n, zlib.compressobj(9, zlib.DEFLATED, -15), d.encode("utf-8")) for n, d in parts.items()]
    entries = [(n, c.compress(d) + c.flush(), len(d), zlib.crc32(d)) for n, c, d in members]
    entries.append((name, stream, declared, crc))
    for member, data, length, checksum in entries:
        offset = out.tell()
        raw_name = member.encode()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, checksum, len(data),
                              length, len(raw_name), 0) + raw_name + data)
        central.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, checksum,
                                   len(data), length, len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                          len(directory), start, 0))
    return out.getvalue()


def _package_without(member: str, **options) -> dict[str, str]:
    """The parts of a one-sheet workbook of PEOPLE, less *member* (to be added raw)."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([Sheet("People", PEOPLE)], **options))) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n != member}


def make_zip_bomb(path: Path, megabytes: int = 2048, *, lie: bool = False) -> Path:
    """An .xlsx whose sheet XML decompresses to *megabytes* MiB of blanks (~1 KB per MiB).

    With *lie*, the archive declares the sheet to be 1 KB, as a hostile file may.
    """
    member = "xl/worksheets/sheet1.xml"
    prefix = f'<?xml version="1.0"?><worksheet xmlns="{_MAIN_NS}"><sheetData>'.encode()
    stream, size, crc = _deflate_repeated(prefix, b" ", megabytes, b"</sheetData></worksheet>")
    parts = _package_without(member, shared_strings=False)
    path.write_bytes(_zip_with_raw_member(parts, member, stream, size, crc, 1024 if lie else None))
    return path


def make_lying_zip_bomb(path: Path, megabytes: int = 2048) -> Path:
    """:func:`make_zip_bomb` with headers that claim the sheet is 1 KB."""
    return make_zip_bomb(path, megabytes, lie=True)


def make_shared_strings_bomb(path: Path, megabytes: int = 2048) -> Path:
    """An .xlsx whose shared-strings table decompresses to *megabytes* MiB of strings."""
    member = "xl/sharedStrings.xml"
    prefix = f'<?xml version="1.0"?><sst xmlns="{_MAIN_NS}" count="3" uniqueCount="3">'.encode()
    stream, size, crc = _deflate_repeated(prefix, b"<si><t>Ada</t></si>" * 4, megabytes, b"</sst>")
    parts = _package_without(member)
    path.write_bytes(_zip_with_raw_member(parts, member, stream, size, crc))
    return path


def make_many_shared_strings(path: Path, strings: int = 300_000) -> Path:
    """A legitimate .xlsx whose shared-strings table holds *strings* distinct texts (~10 MB).

    Only a few of them are used by the People sheet, as when an export keeps old strings.
    """
    member = "xl/sharedStrings.xml"
    parts = _package_without(member)
    body = "".join(f"<si><t>Former employee number {i:07d} of the partner</t></si>" for i in range(strings))
    used = ["ID", "Name", "Title", "Reports To", "Attitude", "Ada Byron", "CEO", "champion",
            "Bob Okafor", "CFO", "skeptic", "Cy Tanaka", "CTO", "neutral"]
    head = "".join(f"<si><t>{escape(s)}</t></si>" for s in used)
    text = (f'<?xml version="1.0"?><sst xmlns="{_MAIN_NS}" count="{strings + len(used)}" '
            f'uniqueCount="{strings + len(used)}">{head}{body}</sst>').encode()
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    path.write_bytes(_zip_with_raw_member(parts, member, c.compress(text) + c.flush(), len(text),
                                          zlib.crc32(text)))
    return path


def make_deep_chain(path: Path, depth: int = 10_000) -> Path:
    """A CSV where person *i* reports to person *i - 1*: one reporting chain *depth* deep."""
    rows = [["ID", "Name", "Title", "Reports To", "Attitude"]]
    attitudes = ["champion", "supporter", "neutral", "skeptic", "opponent", ""]
    for i in range(depth):
        rows.append([f"P{i:05d}", f"Person {i:05d}", f"Level {i}", f"P{i - 1:05d}" if i else "",
                     attitudes[i % len(attitudes)]])
    path.write_text(_csv(rows), encoding="utf-8")
    return path


def make_long_sheet(path: Path, rows: int) -> Path:
    """An .xlsx People sheet with a header and *rows* people (for the row limit)."""
    table = [["ID", "Name", "Reports To"]] + [[i, f"Person {i}", (i - 1) // 10 or None]
                                              for i in range(1, rows + 1)]
    path.write_bytes(xlsx_bytes([Sheet("People", table)], shared_strings=False))
    return path


def make_long_cell_csv(path: Path, length: int = 1_000_000) -> Path:
    """A CSV whose second row has a Notes cell *length* characters long."""
    path.write_text(_csv([["Name", "Notes"], ["Ada Byron", "x" * length], ["Bob", "y"]]), encoding="utf-8")
    return path


def make_one_cell_rows(path: Path, rows: int = 999_000) -> Path:
    """An .xlsx People sheet of a Name header and *rows* one-cell rows (about 7 MB).

    The upload of issue 11 that drove a server past 4.5 GB: it is under the row limit, so
    the people limit (50,000) must refuse it, in seconds and without building anything.
    """
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>P{r}</t></is></c></row>'
                   for r in range(2, rows + 2))
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN_NS}">'
             f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>{body}'
             '</sheetData></worksheet>')
    path.write_bytes(xlsx_bytes([Sheet("People", xml=sheet)], shared_strings=False))
    return path


def make_wide_sheet(path: Path, columns: int = 10_000) -> Path:
    """An .xlsx People sheet *columns* wide: Name, then many extra columns."""
    header = ["Name"] + [f"Field {i}" for i in range(1, columns)]
    rows = [header] + [[f"Person {r}"] + [r * i for i in range(1, columns)] for r in range(3)]
    path.write_bytes(xlsx_bytes([Sheet("People", rows)]))
    return path


if __name__ == "__main__":
    written = write_corpus()
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files ({total / 1024:.0f} KiB) to {CORPUS}")
