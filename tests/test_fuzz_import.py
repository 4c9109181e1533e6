"""Fuzzing the importer: random workbooks, CSV files and damaged bytes.

Strategies build what real exports look like and how they go wrong: headers drawn from the
synonym lists (in any case and spacing) mixed with junk and repeats, every kind of cell
(text in any script, HTML, formula-looking text, very long text, numbers, dates, booleans,
blanks, Excel formulas), and references (Reports To, From, To) to existing, missing and
self IDs, names and e-mails. Whatever the file, ``validate_workbook`` returns a report and
``read_workbook`` returns a map satisfying the schema of ``influence.graph`` or raises
``WorkbookError``; nothing else escapes. Where the input is well formed, what it says is
what is imported.

The budget comes from the Hypothesis profile (``tests/conftest.py``): ``ci`` by default,
``HYPOTHESIS_PROFILE=long`` for a longer search.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from graph_schema import assert_schema
from influence import WorkbookError, read_workbook, validate_workbook
from influence.headers import PEOPLE_SYNONYMS, RELATIONSHIP_SYNONYMS
from influence.vocabulary import ATTITUDES, RELATIONSHIP_TYPES

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on odd values

PEOPLE_HEADERS = sorted({h for words in PEOPLE_SYNONYMS.values() for h in words})
RELATIONSHIP_HEADERS = sorted({h for words in RELATIONSHIP_SYNONYMS.values() for h in words})

# -- cells ---------------------------------------------------------------------------------

# openpyxl refuses control characters (Excel cannot store them) and lone surrogates.
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=16)
AWKWARD_TEXT = st.sampled_from([
    "محمد العلي", "דוד כהן", "\u200fשרה\u200f", "王小明", "Zoë", "Zoe\u0308", "Ωμέγα", "🚀 Rocket",
    "<script>alert(1)</script>", "<b>bold</b>", "Tom & Jerry", "&amp;", "\"quoted\"", "O'Brien",
    "a,b;c|d\te", "line\nbreak", "\u200bzero width", "Ada\u00a0Byron", "  padded  ", "",
    "=1+1", "=A1", "=cmd|' /C calc'!A0", "+1 555 0100", "-2+3", "@SUM(A1)", "=HYPERLINK(\"x\",\"y\")",
    "0", "-1", "007", "1e5", "NaN", "TRUE", "n/a", "?", "#N/A", "None", "null",
    "champion", "Mentor", "blocker", "+2", "Driver", "advises", "dotted line", "strong", "3",
])
LONG_TEXT = st.builds(lambda n, ch: ch * n, st.integers(1_000, 40_000), st.sampled_from("xé中ب"))
NUMBERS = st.one_of(st.integers(-10**6, 10**6), st.integers(10**15, 10**19),
                    st.floats(allow_nan=True, allow_infinity=False, width=64),
                    st.sampled_from([0, 1, 2, 3, 4, 5, 0.5, 1.0, 7.0, 1e-300, 1e300, -0.0]))
DATES = st.one_of(st.dates(dt.date(1900, 3, 1), dt.date(2200, 1, 1)),
                  st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2200, 1, 1)))
CELLS = st.one_of(st.none(), SAFE_TEXT, AWKWARD_TEXT, NUMBERS, DATES, st.booleans(), LONG_TEXT)


def header_variant(header: str) -> st.SearchStrategy[str]:
    """A header as exports write it: any case, extra spaces, punctuation."""
    return st.sampled_from([header, header.upper(), header.lower(), f"  {header} ",
                            header.replace(" ", "_"), header.replace(" ", "-"), f"{header}:"])


def headers(known: list[str]) -> st.SearchStrategy[list]:
    known_header = st.sampled_from(known).flatmap(header_variant)
    return st.lists(st.one_of(known_header, known_header, SAFE_TEXT, st.none(), NUMBERS, DATES),
                    min_size=1, max_size=8)


# -- checks --------------------------------------------------------------------------------

def import_anything(path: Path, **options):
    """Import *path* both ways; they must agree, and nothing but WorkbookError may escape."""
    report = validate_workbook(path, **options)
    assert report.ok == (report.graph is not None) == (not report.errors)
    for problem in report.errors + report.warnings:
        assert problem.file == str(path) and problem.message.strip()
        assert problem.row is None or problem.row >= 1
        str(problem)
        problem.to_dict()
    report.to_dict()
    try:
        G = read_workbook(path, **options)
    except WorkbookError as err:
        assert not report.ok and err.problems and str(err)
        return report, None
    assert report.ok
    assert_schema(G)
    assert G.number_of_nodes() == report.counts["people"]
    return report, G


def save(wb: openpyxl.Workbook, folder: Path, name: str = "fuzz.xlsx") -> Path:
    path = folder / name
    wb.save(path)
    return path


# -- workbooks of anything -----------------------------------------------------------------

SHEET_NAMES = st.sampled_from(["People", "Relationships", "Employees", "Edges", "Sheet1", "Org 2024",
                               "README", "Data", "Ties", "Lookup"])


@given(sheets=st.lists(st.tuples(SHEET_NAMES, st.integers(0, 3), headers(PEOPLE_HEADERS + RELATIONSHIP_HEADERS),
                                 st.lists(st.lists(CELLS, max_size=9), max_size=12),
                                 st.sampled_from(["visible", "visible", "hidden"])),
                       min_size=1, max_size=3, unique_by=lambda s: s[0]))
def test_any_workbook(tmp_path_factory, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, title_rows, header, rows, state in sheets:
        ws = wb.create_sheet(name)
        for _ in range(title_rows):
            ws.append(["Partner: Northwind"] if title_rows == 1 else ["Confidential"])
        ws.append(header)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
    if all(ws.sheet_state == "hidden" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"  # Excel needs one visible sheet
    import_anything(save(wb, tmp_path_factory.mktemp("wb")))


# -- well-formed people and relationships: imported as written -----------------------------

ID_HEADERS = st.sampled_from(PEOPLE_SYNONYMS["id"][:6]).flatmap(header_variant)
NAME_HEADERS = st.sampled_from(PEOPLE_SYNONYMS["name"][:6]).flatmap(header_variant)
MANAGER_HEADERS = st.sampled_from(["Reports To", "Manager ID", "Manager", "Supervisor ID", "Parent"]).flatmap(header_variant)
IDS = st.one_of(st.integers(1, 10**6), st.from_regex(r"[A-Z]{0,2}0{0,3}[1-9][0-9]{0,4}", fullmatch=True))


def _plain_text(s: str) -> bool:
    # openpyxl writes "=..." as a formula and "#N/A" (any error code) as an error value.
    return bool(s.strip()) and not s.startswith("=") and s not in openpyxl.cell.cell.ERROR_CODES


NAMES = st.one_of(AWKWARD_TEXT.filter(_plain_text),
                  st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp", "Cf")),
                          min_size=1, max_size=12).filter(_plain_text))


@st.composite
def org_charts(draw):
    """People with unique IDs and names, and a Reports To that may name anyone or no one."""
    n = draw(st.integers(1, 25))
    ids = draw(st.lists(IDS, min_size=n, max_size=n, unique_by=lambda i: str(i).casefold()))
    names = draw(st.lists(NAMES, min_size=n, max_size=n, unique_by=lambda s: " ".join(s.split()).casefold()))
    missing = st.sampled_from(["Nobody", "999999999", "x@example.invalid"])
    refs = []
    for i in range(n):
        ref = draw(st.one_of(st.none(), st.sampled_from(ids), st.just(ids[i]), missing,
                             st.sampled_from(["", "0", "-1", "n/a"])))
        refs.append(ref)
    attitudes = draw(st.lists(st.one_of(st.none(), st.sampled_from(["champion", "ally", "0", "-2", "blocker",
                                                                     "lukewarm", 2, -1, 7])),
                              min_size=n, max_size=n))
    header = [draw(ID_HEADERS), draw(NAME_HEADERS), draw(MANAGER_HEADERS), "Attitude", draw(st.sampled_from(["Notes", "Location"]))]
    extra = draw(st.lists(CELLS, min_size=n, max_size=n))
    rows = [[ids[i], names[i], refs[i], attitudes[i], extra[i]] for i in range(n)]
    return header, rows


def expected_manager(ref, own_id, ids) -> str | None:
    """The manager a reference names when it is an exact ID (else the importer decides)."""
    if ref is None or isinstance(ref, str) and ref.strip() in ("", "0", "-1", "n/a"):
        return None
    text = str(ref)
    return text if text in ids and text != own_id else "?"


@given(chart=org_charts(), title_rows=st.integers(0, 2), as_csv=st.booleans())
def test_org_chart_imports_as_written(tmp_path_factory, chart, title_rows, as_csv):
    header, rows = chart
    folder = tmp_path_factory.mktemp("org")
    if as_csv:
        path = folder / "org.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for _ in range(title_rows):
                writer.writerow(["Confidential"])
            writer.writerows([header, *rows])
    else:
        wb = openpyxl.Workbook()
        wb.active.title = "People"
        for _ in range(title_rows):
            wb.active.append(["Confidential"])
        for row in [header, *rows]:
            wb.active.append(row)
        path = save(wb, folder)
    report, G = import_anything(path)
    note(f"{[(p.row, p.message) for p in report.errors + report.warnings]}")
    assert G is not None  # unique IDs and names: nothing is fatal
    ids = [str(r[0]) for r in rows]
    assert sorted(G) == sorted(ids)
    for (pid, name, ref, attitude, _), key in zip(rows, ids):
        node = G.nodes[key]
        assert node["name"] == name.strip()
        assert node["attitude"] in ATTITUDES
        manager = node["manager"]
        wanted = expected_manager(ref, key, set(ids))
        if wanted is None:
            assert manager is None
        elif wanted != "?":
            cycle = any("reporting cycle" in w.message for w in report.warnings)
            assert manager == wanted or (manager is None and cycle)


@st.composite
def relationship_sheets(draw):
    n = draw(st.integers(2, 8))
    people = [[f"P{i}", f"Person {i}", f"p{i}@example.com"] for i in range(n)]
    ends = st.one_of(st.sampled_from([p[0] for p in people]), st.sampled_from([p[1] for p in people]),
                     st.sampled_from([p[2].upper() for p in people]), st.sampled_from(["Nobody", "", None]),
                     CELLS)
    ties = draw(st.lists(st.tuples(ends, ends, st.one_of(st.sampled_from(list(RELATIONSHIP_TYPES) + ["Undirected", "friend"]), CELLS),
                                   st.one_of(st.sampled_from([1, 3, 5, 0.2, 1.0, "weak", "strong", 0, -1, 9]), CELLS)),
                         max_size=15))
    header = [draw(st.sampled_from(RELATIONSHIP_SYNONYMS[f][:4]).flatmap(header_variant)) for f in ("from", "to", "type", "strength")]
    return people, header, ties


@given(data=relationship_sheets())
def test_relationships(tmp_path_factory, data):
    people, header, ties = data
    wb = openpyxl.Workbook()
    wb.active.title = "People"
    for row in [["ID", "Name", "Email"], *people]:
        wb.active.append(row)
    ws = wb.create_sheet("Relationships")
    for row in [header, *ties]:
        ws.append(list(row))
    report, G = import_anything(save(wb, tmp_path_factory.mktemp("rel")))
    assert G is not None and G.number_of_nodes() == len(people)
    assert report.counts["relationships"] <= 2 * len(ties)


# -- CSV text of every dialect --------------------------------------------------------------

CSV_CELLS = st.one_of(st.none(), SAFE_TEXT, AWKWARD_TEXT, st.integers(-1000, 10**6).map(str),
                      st.sampled_from(["\x00", "a\x00b", '"unbalanced', "trailing\\"]))


@given(header=headers(PEOPLE_HEADERS + RELATIONSHIP_HEADERS).map(lambda h: ["" if c is None else str(c) for c in h]),
       rows=st.lists(st.lists(CSV_CELLS.map(lambda c: "" if c is None else c), max_size=9), max_size=15),
       delimiter=st.sampled_from([",", ";", "\t", "|"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]),
       quoting=st.sampled_from(["csv", "naive"]))
def test_any_csv(tmp_path_factory, header, rows, delimiter, newline, encoding, quoting):
    if quoting == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
        text = buffer.getvalue()
    else:  # joined by hand: stray quotes and delimiters inside cells, as broken exports do
        text = "".join(delimiter.join(row) + newline for row in [header, *rows])
    path = tmp_path_factory.mktemp("csv") / "fuzz.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    import_anything(path)


@given(text=st.text(max_size=400), suffix=st.sampled_from([".csv", ".txt", ".tsv", ".xlsx"]))
def test_any_text(tmp_path_factory, text, suffix):
    path = tmp_path_factory.mktemp("txt") / f"fuzz{suffix}"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    import_anything(path)


# -- damaged workbooks -----------------------------------------------------------------------

def _valid_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "People"
    for row in [["ID", "Name", "Reports To", "Attitude"], [1, "Ada", None, "champion"],
                [2, "Bob", 1, "skeptic"], [3, "Cy", 2, "ally"]]:
        wb.active.append(row)
    ws = wb.create_sheet("Relationships")
    for row in [["From", "To", "Strength"], ["Ada", "Cy", 4]]:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


VALID = _valid_workbook()
PARTS = {name: zipfile.ZipFile(io.BytesIO(VALID)).read(name) for name in zipfile.ZipFile(io.BytesIO(VALID)).namelist()}


@given(cuts=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.binary(max_size=8)), min_size=1, max_size=6),
       truncate=st.one_of(st.none(), st.integers(0, len(VALID))))
def test_damaged_bytes(tmp_path_factory, cuts, truncate):
    data = bytearray(VALID)
    for offset, replacement in cuts:
        data[offset:offset + len(replacement)] = replacement
    if truncate is not None:
        data = data[:truncate]
    path = tmp_path_factory.mktemp("bytes") / "damaged.xlsx"
    path.write_bytes(bytes(data))
    import_anything(path)


XML_EDITS = st.sampled_from([
    (b'<row r="', b'<row r="1048'), (b'r="A', b'r="XFD'), (b'<c r="', b'<c  r="'), (b'<c r="', b"<c r='"),
    (b' r="A2"', b""), (b' r="B', b' r="b'), (b"<v>", b"<v>#N/A"), (b't="s"', b't="e"'), (b't="n"', b't="str"'),
    (b"</row>", b""), (b"<sheetData>", b"<x:sheetData>"), (b'uniqueCount="', b'uniqueCount="99'),
    (b"<si>", b"<si><t>extra</t></si><si>"), (b'<sheet ', b'<sheet state="hidden" '), (b"</c>", b"</c><c/>"),
    (b"<f>", b"<f>"), (b"&", b"&amp;amp;"), (b'"', b"'"), (b"<", b"<!-- -->"),
])


@given(part=st.sampled_from(sorted(n for n in PARTS if n.endswith(".xml"))),
       edits=st.lists(st.tuples(XML_EDITS, st.integers(0, 20)), min_size=1, max_size=4))
def test_damaged_xml(tmp_path_factory, part, edits):
    """Workbooks whose XML is edited the ways hostile or buggy writers do."""
    xml = PARTS[part]
    for (old, new), nth in edits:
        positions = [i for i in range(len(xml)) if xml.startswith(old, i)]
        assume(positions)
        at = positions[nth % len(positions)]
        xml = xml[:at] + new + xml[at + len(old):]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS.items():
            archive.writestr(name, xml if name == part else data)
    path = tmp_path_factory.mktemp("xml") / "edited.xlsx"
    path.write_bytes(buffer.getvalue())
    import_anything(path)


@settings(max_examples=10)
@given(rows=st.integers(0, 30), limit=st.integers(1, 40))
def test_row_limit(tmp_path_factory, rows, limit):
    path = tmp_path_factory.mktemp("limit") / "org.csv"
    path.write_text("Name\n" + "".join(f"Person {i}\n" for i in range(rows)), encoding="utf-8")
    report, G = import_anything(path, max_rows=limit)
    if rows + 1 > limit:
        assert G is None and "the limit" in report.errors[0].message
    else:
        assert G is not None and G.number_of_nodes() == rows or (rows == 0 and G is None)
