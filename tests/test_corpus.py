"""The malformed-input corpus: every file gets a clear answer, in bounded time and memory.

Each case of ``CASES`` names a file of ``tests/corpus/`` (written by ``make_corpus.py``)
or one built at test time (the big ones: a zip bomb, a 10,000-deep chain, ...), and says
what must happen: ``ok`` (imports, the graph satisfying the schema of ``influence.graph``)
or ``error`` (a ``WorkbookError`` whose first problem says what is wrong and how to fix it,
located by file, sheet and row where that applies), with the message expected.

Every case runs three ways:

* in a forked child of one warmed-up worker (``corpus/run_bounded.py``), killed after
  ``TIME_LIMIT`` seconds, with its peak memory measured: no hang, no crash, no traceback,
  bounded memory, and the outcome expected;
* in this process, for the details a user would check (names kept verbatim, the manager
  found, the warning on the right row);
* through ``influence validate`` (Click's runner): exit code 0 or 1, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

import make_corpus  # tests/corpus/, put on the path by conftest.py

from influence import WorkbookError, read_workbook, validate_workbook
from influence.cli import main as cli
from influence.errors import PROBLEM_CODES, Hint
from influence.graph import relationships, reporting_lines

CORPUS = Path(__file__).resolve().parent / "corpus"
TIME_LIMIT = 20.0  # seconds per case, on a shared 2-core box; the slowest takes about 2
MEMORY_LIMIT_MB = 200  # peak resident memory a case may add; the largest adds about 35



@dataclass
class Case:
    """One input and what must come of it."""

    file: str
    outcome: str  # "ok" or "error"
    message: str = ""  # in the first error (error) or in some warning (ok); "" for none
    check: Callable | None = None  # check(report) for the details
    options: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    build: Callable | None = None  # build(path) for a file made at test time
    sheet: str | None = None  # where the first error points
    row: int | None = None

    @property
    def name(self) -> str:
        extra = "-".join(f"{k}={v}" for k, v in {**self.options, **self.env}.items())
        return self.file + (f"[{extra}]" if extra else "")


def names(report) -> dict[str, str]:
    return {n: d["name"] for n, d in report.graph.nodes(data=True)}


def manager_names(report) -> dict[str, str | None]:
    G = report.graph
    return {d["name"]: G.nodes[d["manager"]]["name"] if d["manager"] else None
            for _, d in G.nodes(data=True)}


def warning_with(report, code: str):
    """The first warning with *code* (a code of influence.errors.PROBLEM_CODES)."""
    assert code in PROBLEM_CODES, code
    found = [w for w in report.warnings if w.code == code]
    assert found, f"no warning {code!r}: {[w.code for w in report.warnings]}"
    return found[0]


# -- the details a user would check, case by case --

def check_formulas(report):
    G = report.graph
    assert names(report) == {"1": "Ada Byron", "2": "Bob Okafor", "3": "Cy Tanaka"}
    assert manager_names(report)["Cy Tanaka"] == "Ada Byron"  # the VLOOKUP's cached result
    # Cached results are read; formula text is never imported, let alone run.
    assert [G.nodes[n]["notes"] for n in "123"] == [None, "calc", "click"]
    assert not any("cmd" in str(v) or "HYPERLINK" in str(v) for _, d in G.nodes(data=True) for v in d.values())
    assert warning_with(report, "uncalculated-formulas").sheet == "People"


def check_error_values(report):
    found = [(w.row, w.column, w.value) for w in report.warnings if w.code == "excel-error-value"]
    assert found == [(3, "Name", "#N/A"), (4, "Title", "#VALUE!"), (4, "Reports To", "#REF!")]
    assert report.graph.nodes["3"]["manager"] is None and report.graph.nodes["3"]["title"] is None


def check_merged(report):
    G = report.graph
    departments = {d["name"]: d["department"] for _, d in G.nodes(data=True)}
    assert departments == {"Ada Byron": "Executive", "Bob Okafor": "Finance",
                           "Dee Varga": "Finance", "Eve Lindqvist": "Finance"}
    notes = {d["name"]: d["notes"] for _, d in G.nodes(data=True)}
    assert notes["Dee Varga"] == "Joined in 2019" and notes["Eve Lindqvist"] is None


def check_hidden_only(sheet):
    def check(report):
        assert report.sheets["people"] == sheet and report.counts["people"] == 3
        assert warning_with(report, "hidden-sheet-read").sheet == sheet
    return check


def check_hidden_decoy(report):
    assert report.sheets["people"] == "Org 2024"
    assert sorted(names(report).values()) == ["Ada Byron", "Bob Okafor"]  # not the stale copy
    warning = warning_with(report, "hidden-sheet-skipped")
    assert (warning.sheet, warning.hint) == ("People", Hint("sheet-override", "people", "People"))


def check_two_people(report):
    assert manager_names(report) == {"Ada": None, "Bob": "Ada"}


def check_duplicate_headers(report):
    G = report.graph
    assert G.nodes["1"]["name"] == "Ada Byron" and G.nodes["1"]["title"] == "CEO"
    assert G.nodes["1"]["extra"] == {"Name (2)": "Ada B.", "Title (2)": "Chief Executive"}
    assert [(w.column, w.message) for w in report.warnings] == [
        ("Name", "two columns are headed 'Name' (columns B and D): column B is read as Name and "
                 "column D is kept as an extra field. Rename or delete one of them"),
        ("Title", "two columns are headed 'Title' (columns C and F): column C is read as Title and "
                  "column F is kept as an extra field. Rename or delete one of them")]


def check_numeric_headers(report):
    assert report.graph.nodes["Ada Byron"]["extra"] == {"2024": 5, "2024-01-31": "x", "TRUE": False}


def check_unicode(report):
    assert report.warnings == []
    G = report.graph
    assert G.nodes["a1"]["name"] == "محمد العلي" and G.nodes["a2"]["name"] == "דוד כהן"
    assert G.nodes["a3"]["name"] == "\u200fשרה לוי\u200f"  # bidi marks kept as written
    assert G.nodes["a3"]["department"] == "\u202bמחקר\u202c"
    # Managers found by right-to-left names, by "ë" in another Unicode form, by emoji.
    assert [G.nodes[p]["manager"] for p in ("a2", "a3", "a4", "a5", "a6")] == ["a1", "a2", "a2", "a4", "a5"]


def check_html_csv(report):
    G = report.graph
    script, img = "<script>alert('x')</script>", '<img src=x onerror="alert(1)">'
    # Kept verbatim as text: escaping is each view's and export's job, not the importer's.
    assert G.nodes[script]["name"] == script and G.nodes[script]["notes"] == "<b>bold</b> & <i>italic</i>"
    assert manager_names(report) == {script: None, img: script, "Tom & Jerry &amp; Co": img,
                                     "javascript:alert(1)": "Tom & Jerry &amp; Co"}
    assert G.nodes["Tom & Jerry &amp; Co"]["title"] == "</td></tr><tr><td>"
    assert G.nodes["javascript:alert(1)"]["notes"] == "]]><![CDATA["


def check_html_xlsx(report):
    G = report.graph
    [(u, v, data)] = relationships(G)
    assert (u, v) == ("<svg onload=alert(1)>", "<script>alert('x')</script>")
    assert data["notes"] == '<a href="javascript:alert(1)">x</a>'
    assert G.nodes["<script>alert('x')</script>"]["title"] == "<b>CEO</b>"


def check_formula_text(report):
    G = report.graph
    ada = '=HYPERLINK("http://example.invalid","Ada")'
    assert set(G) == {ada, "+1 555 0100", "@SUM(A1)"}
    assert G.nodes["+1 555 0100"]["title"] == "=1+1" and G.nodes["@SUM(A1)"]["title"] == "-2+3"
    assert G.nodes["+1 555 0100"]["manager"] == ada


def check_cycle(report):
    warning = warning_with(report, "reporting-cycle")
    assert (warning.row, warning.column) == (2, "Reports To")
    assert sorted(reporting_lines(report.graph)) == [("1", "2"), ("1", "4"), ("2", "3")]


def check_self_reports(report):
    assert report.warnings == []  # an HR export often has the CEO report to themselves
    assert {n: d["manager"] for n, d in report.graph.nodes(data=True)} == {"1": None, "2": None, "3": "1"}


def check_leading_zeros_csv(report):
    G = report.graph
    assert sorted(G) == ["00", "0042", "007", "0100", "42"]  # IDs stay text, zeros kept
    # "7" finds "007" (Excel drops the zeros of a number); an exact ID always wins.
    assert {n: d["manager"] for n, d in G.nodes(data=True)} == {
        "007": None, "0042": "007", "0100": "007", "42": "0042", "00": "42"}
    assert report.warnings == []


def check_leading_zeros_xlsx(report):
    assert {n: d["manager"] for n, d in report.graph.nodes(data=True)} == {
        "007": None, "0042": "007", "0100": "007", "0043": "0100"}


def check_numbers_as_text(report):
    G = report.graph
    assert names(report) == {"1": "123", "2": "TRUE", "3": "2021-06-30", "4": "1250000000000000", "5": "Eve"}
    assert G.nodes["1"]["title"] == "4.5" and G.nodes["2"]["title"] == "2024-03-01"
    assert G.nodes["5"]["title"] == "2024-03-01 09:30:00"
    assert [G.nodes[n]["attitude"] for n in "12345"] == ["champion", "skeptic", "unknown", "unknown", "unknown"]
    warning = warning_with(report, "manager-not-found")
    assert (warning.row, warning.column, warning.value) == (4, "Reports To", "2024-03-01")
    assert G.nodes["4"]["manager"] == "1"  # Reports To 123: the person named "123"


def check_long_cell(report):
    notes = {d["name"]: d["notes"] for _, d in report.graph.nodes(data=True)}
    assert len(notes["Ada Byron"]) == 1_000_000 and notes["Bob Okafor"] == "short"


def check_whitespace(report):
    G = report.graph
    assert manager_names(report) == {"Ada   Byron": None, "Bob\u00a0Okafor": "Ada   Byron",
                                     "\ufeffCy Tanaka": "Bob\u00a0Okafor", "Dee\u200b": "\ufeffCy Tanaka"}
    assert [(w.row, w.message) for w in report.warnings] == [
        (5, "this row has no name and no ID, so it is skipped; fill in the name")]
    assert G.number_of_nodes() == 4


def check_blank_names(report):
    assert [w.row for w in report.warnings] == [2, 3, 4]
    assert names(report) == {"1": "1", "2": "2", "3": "Cy"}


def check_relationships_junk(report):
    messages = [(w.row, w.column) for w in report.warnings]
    assert (3, "From") in messages and (4, "To") in messages and (5, "From") in messages
    assert warning_with(report, "excel-error-value").row == 6
    assert sorted((u, v, d["type"]) for u, v, d in relationships(report.graph)) == [
        ("1", "2", "influences"), ("3", "1", "influences")]


def check_people(report):
    assert manager_names(report) == {"Ada Byron": None, "Bob Okafor": "Ada Byron", "Cy Tanaka": "Ada Byron"}
    assert report.graph.nodes["1"]["title"] == "CEO"


def check_semicolons(report):
    G = report.graph
    assert G.nodes["Ada Byron"]["notes"] == "Founder, board member"
    assert G.nodes["Bob Okafor"]["notes"] == "0,8 FTE" and G.nodes["Bob Okafor"]["manager"] == "Ada Byron"


def check_latin1(report):
    assert manager_names(report) == {"Zoë Müller": None, "François Façade": "Zoë Müller",
                                     "Øyvind Ærø": "François Façade"}


def check_quoted_newlines(report):
    G = report.graph
    assert G.nodes["Ada Byron"]["notes"] == "Line one\nLine two\r\nLine three"
    assert G.nodes["Bob Okafor"]["notes"] == 'Says "no"\nto everything'
    assert G.nodes["Cy Tanaka"]["manager"] == "Bob Okafor"


def check_ragged(report):
    warning = warning_with(report, "cells-beyond-header")
    assert warning.row == 3 and "the cells after column C are not read" in warning.message
    assert manager_names(report) == {"Ada Byron": None, "Bob Okafor": "Ada Byron", "Cy Tanaka": None,
                                     "Dee Varga": "Ada Byron"}


def check_nul(report):
    assert warning_with(report, "nul-characters").message.startswith(
        "the file holds 3 NUL character(s) (byte 0), first on line 3; they were removed")
    check_people(report)


def check_mixed_encoding(report):
    assert sorted(names(report).values()) == ["François", "Zoë Müller"]
    assert "line(s) 3 are not" in warning_with(report, "mixed-encodings").message


def check_relationships_sheet_empty(report):
    assert report.sheets == {"people": "People", "relationships": "Relationships"}
    assert report.counts == {"people": 3, "reporting_lines": 2, "relationships": 0}


def check_deep_chain(report):
    G = report.graph
    assert report.counts == {"people": 10_000, "reporting_lines": 9_999, "relationships": 0}
    assert G.nodes["P09999"]["manager"] == "P09998" and G.nodes["P00000"]["manager"] is None


def check_wide(report):
    extra = report.graph.nodes["Person 2"]["extra"]
    assert len(extra) == 9_999 and extra["Field 9999"] == 2 * 9_999


def check_count(people):
    def check(report):
        assert report.counts["people"] == people
    return check


CASES = [
    # -- not what the name says, damaged, protected, old --
    Case("zero_bytes.xlsx", "error", "the file is empty; export the org chart or influence map again"),
    Case("zero_bytes.csv", "error", "the file is empty"),
    Case("truncated.xlsx", "error", "the workbook is damaged or incomplete (it may have been cut off"),
    Case("text_renamed.xlsx", "error", "the name ends in .xlsx but the file holds plain text, not an "
                                       "Excel workbook. If it is a CSV export, rename it to .csv"),
    Case("pdf_renamed.xlsx", "error", "this is not a spreadsheet: the file is a PDF document"),
    Case("png_renamed.xlsx", "error", "this is not a spreadsheet: the file is a PNG image"),
    Case("word_renamed.xlsx", "error", "this is not a spreadsheet: the file is a Word document"),
    Case("zip_of_other_files.xlsx", "error", "the file is a ZIP archive (notes.txt, photo.jpg), not an "
                                             "Excel workbook"),
    Case("password_protected.xlsx", "error", "the workbook is password-protected, so it cannot be read. "
                                             "Open it in Excel, remove the password"),
    Case("old_excel.xls", "error", "old Excel 97-2003 workbook (.xls) or another old Office file. Open it "
                                   "in Excel and save it as an Excel Workbook (.xlsx)"),
    Case("old_excel_renamed.xlsx", "error", "old Excel 97-2003 workbook (.xls)"),
    Case("malformed_sheet_xml.xlsx", "error", "its XML is damaged at line 1, column 201: mismatched tag",
         sheet="People"),
    # -- hostile: refused before anything is inflated or allocated --
    Case("zip_bomb.xlsx", "error", "would expand from 2.0 MB to 2.0 GB (more than 100 times), as a zip bomb does",
         build=make_corpus.make_zip_bomb),
    Case("zip_bomb_lying_sizes.xlsx", "error", "the workbook is damaged or incomplete",
         build=make_corpus.make_lying_zip_bomb),
    Case("shared_strings_bomb.xlsx", "error", "its part xl/sharedStrings.xml would expand from",
         build=make_corpus.make_shared_strings_bomb),
    Case("huge_shared_strings_count.xlsx", "error", "its shared-strings table declares 2,147,483,647 texts "
                                                    "but has room for at most"),
    Case("shared_strings_used_often.xlsx", "ok", check=check_people),
    Case("far_corner_cells.xlsx", "error", "the sheet has 1,048,576 rows, more than the limit of 1,000,000",
         sheet="People"),
    Case("wide_and_deep_cells.xlsx", "error", "the sheet spans 14,745,600,000 cells (up to row 900,000 and "
                                              "column XFD)", sheet="People"),
    Case("formatted_rows_to_the_end.xlsx", "ok", check=check_people),
    Case("over_row_limit.xlsx", "error", "the sheet has 1,002 rows, more than the limit of 1,000. Delete",
         options={"max_rows": 1000}, build=lambda p: make_corpus.make_long_sheet(p, 1001), sheet="People"),
    Case("over_row_limit.xlsx", "error", "more than the limit of 1,000. Delete", env={"INFLUENCE_MAX_ROWS": "1000"},
         build=lambda p: make_corpus.make_long_sheet(p, 1001), sheet="People"),
    Case("over_row_limit.csv", "error", "the file has more than 1,000 rows, the limit",
         options={"max_rows": 1000}, build=lambda p: make_corpus.make_deep_chain(p, 1001)),
    Case("row_limit_bad_setting.xlsx", "error", "the row limit (the environment variable INFLUENCE_MAX_ROWS) "
                                                "is 'lots'; set it to a whole number", env={"INFLUENCE_MAX_ROWS": "lots"},
         build=lambda p: make_corpus.make_long_sheet(p, 5)),
    Case("long_sheet.xlsx", "ok", check=check_count(3000), build=lambda p: make_corpus.make_long_sheet(p, 3000)),
    # issue 11: 7 MB of one-cell rows, under the row limit: the people limit refuses it at once
    Case("million_one_cell_rows.xlsx", "error", "more than the limit of 50,000. Import only the part",
         build=make_corpus.make_one_cell_rows, sheet="People"),
    Case("many_shared_strings.xlsx", "ok", check=check_people, build=make_corpus.make_many_shared_strings),
    # -- empty, or nothing to read --
    Case("no_sheets.xlsx", "error", "the workbook has no worksheets; add a People sheet"),
    Case("empty_sheet.xlsx", "error", "no people: the sheet is empty. Add a header row", sheet="People"),
    Case("only_headers.xlsx", "error", "no people: the sheet has a header row but no person below it",
         sheet="People", row=1),
    Case("header_beyond_row_20.xlsx", "error", "no name column: none of the first 20 rows looks like a header "
                                               "row (the first row reads 'Confidential')", sheet="People"),
    Case("no_name_column.csv", "error", "no name column: the headers found are 'Employee ID', 'Title', "
                                        "'2024'. Add a column called Name", row=1),
    Case("header_only_relationships.xlsx", "ok", check=check_relationships_sheet_empty),
    # -- workbook features --
    Case("macro_enabled.xlsm", "ok", check=check_people),
    Case("formulas.xlsx", "ok", check=check_formulas),
    Case("error_values.xlsx", "ok", "the cell shows the Excel error #N/A (its formula failed), so it is read "
                                    "as blank. Fix the formula, or type the value", check=check_error_values),
    Case("merged_cells.xlsx", "ok", check=check_merged),
    Case("hidden_people_sheet.xlsx", "ok", check=check_hidden_only("People")),
    Case("hidden_decoy_sheet.xlsx", "ok", check=check_hidden_decoy),
    Case("very_hidden_only.xlsx", "ok", check=check_hidden_only("Staff")),
    Case("inline_strings_no_refs.xlsx", "ok", check=check_two_people),
    Case("prefixed_namespace.xlsx", "ok", check=check_two_people),
    Case("wide_10000_columns.xlsx", "ok", check=check_wide, build=make_corpus.make_wide_sheet),
    # -- headers and cells --
    Case("duplicate_headers.xlsx", "ok", check=check_duplicate_headers),
    Case("numeric_and_date_headers.xlsx", "ok", check=check_numeric_headers),
    Case("unicode_rtl_names.xlsx", "ok", check=check_unicode),
    Case("html_and_script_names.csv", "ok", check=check_html_csv),
    Case("html_and_script_names.xlsx", "ok", check=check_html_xlsx),
    Case("formula_looking_text.csv", "ok", check=check_formula_text),
    Case("reporting_cycle.csv", "ok", "reporting cycle Ada -> Cy -> Bob -> Ada (each reports to the next)",
         check=check_cycle),
    Case("self_reports.csv", "ok", check=check_self_reports),
    Case("deep_chain_10000.csv", "ok", check=check_deep_chain, build=make_corpus.make_deep_chain),
    Case("leading_zero_ids.csv", "ok", check=check_leading_zeros_csv),
    Case("leading_zero_ids.xlsx", "ok", check=check_leading_zeros_xlsx),
    Case("numbers_dates_booleans_as_text.xlsx", "ok", check=check_numbers_as_text),
    Case("long_cell.xlsx", "ok", check=check_long_cell),
    Case("long_cell.csv", "error", "this row (from line 2 of the file) cannot be split into cells", row=2,
         build=make_corpus.make_long_cell_csv),
    Case("whitespace_and_invisible.csv", "ok", check=check_whitespace),
    Case("blank_names.csv", "ok", check=check_blank_names),
    Case("relationships_junk.xlsx", "ok", "is linked to themselves", check=check_relationships_junk),
    # -- CSV dialects and encodings --
    Case("csv_utf8_bom.csv", "ok", check=check_people),
    Case("csv_semicolons.csv", "ok", check=check_semicolons),
    Case("csv_latin1.csv", "ok", check=check_latin1),
    Case("csv_tabs.tsv", "ok", check=check_people),
    Case("csv_utf16_bom.csv", "ok", check=check_people),
    Case("csv_utf16_no_bom.csv", "ok", check=check_people),
    Case("csv_quoted_newlines.csv", "ok", check=check_quoted_newlines),
    Case("csv_ragged_rows.csv", "ok", check=check_ragged),
    Case("csv_nul_bytes.csv", "ok", check=check_nul),
    Case("csv_excel_sep_line.csv", "ok", check=check_people),
    Case("csv_unclosed_quote.csv", "error", "this row (line 2 of the file) opens a quote (\") that is never "
                                            "closed, so every line after it would be read as one cell", row=2),
    Case("csv_old_mac_line_endings.csv", "ok", check=check_people),
    Case("csv_single_column.csv", "ok", check=check_count(2)),
    Case("csv_mixed_encoding.csv", "ok", check=check_mixed_encoding),
]
IDS = [case.name for case in CASES]


def test_the_corpus_is_complete_and_small():
    committed = {p.name for p in CORPUS.iterdir() if p.suffix != ".py" and p.is_file()}
    # Every committed file is a case, every case without a builder is committed, and
    # make_corpus.py writes exactly the committed files (run it after changing it).
    assert {c.file for c in CASES if c.build is None} == committed
    assert set(make_corpus.corpus_files()) == committed
    assert all((CORPUS / n).read_bytes() == data for n, data in make_corpus.corpus_files().items())
    assert len(CASES) >= 40
    assert sum((CORPUS / n).stat().st_size for n in committed) < 2 * 1024 ** 2


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Case name -> its file (the big files are built here, in a temporary folder)."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = {}
    for case in CASES:
        if case.build is None:
            paths[case.name] = CORPUS / case.file
        else:
            path = folder / case.file
            if not path.exists():
                case.build(path)
            paths[case.name] = path
    return paths


@pytest.fixture(scope="module")
def bounded(built) -> dict[str, dict]:
    """Every case run in a forked child with a deadline: name -> what happened."""
    request = {"timeout": TIME_LIMIT, "memory_mb": MEMORY_LIMIT_MB * 4,
               "cases": [{"name": c.name, "path": str(built[c.name]), "options": c.options, "env": c.env}
                         for c in CASES]}
    worker = subprocess.run([sys.executable, str(CORPUS / "run_bounded.py")], input=json.dumps(request),
                            capture_output=True, text=True, timeout=TIME_LIMIT * len(CASES) + 60)
    results = [json.loads(line) for line in worker.stdout.splitlines() if line.strip()]
    assert len(results) == len(CASES), worker.stderr[-3000:]
    return {r["name"]: r for r in results}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bounded_and_clear(case, bounded):
    result = bounded[case.name]
    assert result["status"] == "done", result.get("traceback") or result
    assert result["seconds"] < TIME_LIMIT
    assert result["rss_growth_mb"] < MEMORY_LIMIT_MB, f"{result['rss_growth_mb']:.0f} MB"
    assert result["schema"] == "ok"
    assert result["ok"] == (case.outcome == "ok"), result["errors"][:3]
    if case.outcome == "error":
        first = result["errors"][0]
        assert case.message in first["message"]
        assert (first["sheet"], first["row"]) == (case.sheet, case.row)
    elif case.message:
        assert any(case.message in w["message"] for w in result["warnings"]), result["warnings"]


def test_hostile_files_are_refused_at_once(bounded):
    # Refused from the archive's directory, before anything is inflated or allocated.
    for name in ("zip_bomb.xlsx", "zip_bomb_lying_sizes.xlsx", "shared_strings_bomb.xlsx",
                 "huge_shared_strings_count.xlsx", "far_corner_cells.xlsx", "wide_and_deep_cells.xlsx"):
        assert bounded[name]["seconds"] < 1.0, name
        assert bounded[name]["rss_growth_mb"] < 50, name


@pytest.mark.parametrize("case", [c for c in CASES if c.check or c.outcome == "error"],
                         ids=[c.name for c in CASES if c.check or c.outcome == "error"])
def test_details(case, built, bounded, monkeypatch):
    if bounded[case.name]["status"] != "done":
        pytest.skip("failed under bounds (see test_bounded_and_clear)")
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    path = built[case.name]
    report = validate_workbook(path, **case.options)
    assert all(p.file == str(path) for p in report.errors + report.warnings)
    if case.outcome == "error":
        with pytest.raises(WorkbookError) as raised:
            read_workbook(path, **case.options)
        first = raised.value.problems[0]
        assert str(raised.value).startswith(str(first))
        # Every message says how to fix it, not only what is wrong.
        assert any(verb in first.message.lower() for verb in (
            "open it", "save it", "save the", "export", "import", "delete", "add ", "put ",
            "set it", "get a fresh copy", "close the quote", "rename"))
    else:
        case.check(report)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_validate_command(case, built, bounded, monkeypatch):
    if bounded[case.name]["status"] != "done":
        pytest.skip("failed under bounds (see test_bounded_and_clear)")
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    if case.options.get("max_rows"):
        monkeypatch.setenv("INFLUENCE_MAX_ROWS", str(case.options["max_rows"]))
    result = CliRunner().invoke(cli, ["validate", str(built[case.name])])
    assert "Traceback" not in result.output
    assert result.exit_code == (0 if case.outcome == "ok" else 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if case.outcome == "error":
        assert "cannot be imported" in result.output and case.message.split(". ")[0][:60] in result.output


def test_a_10000_deep_chain_everywhere(built):
    """No recursion anywhere: import, scores, org-chart layout, analysis, paths."""
    from influence.analysis import analyze
    from influence.layout import org_chart_layout
    from influence.paths import influence_paths
    from influence.scores import influence_scores

    G = read_workbook(built["deep_chain_10000.csv"])
    scores = influence_scores(G)
    assert len(scores) == 10_000 and all(0 <= s.value <= 100 for s in scores.values())
    assert scores["P00000"].value > scores["P09999"].value  # the top of the chain outranks its end
    position = org_chart_layout(G)
    assert len(position) == 10_000
    depths = sorted({y for _, y in position.values()})
    assert position["P00000"][1] != position["P09999"][1] and len(depths) > 1
    result = analyze(G, seed=0)
    assert len(result.leaders) == 1_000  # 10 % of 10,000
    json.dumps(result.to_dict())
    assert influence_paths(G, "P09999")[0].people[-1] == "P09999"


def test_sheet_scan_bounds_what_the_reader_allocates():
    """The pre-parse scan never under-counts the cells python-calamine will allocate."""
    import zipfile

    import python_calamine

    from influence.readers import _checked_package, _fast_scan, _precise_scan

    checked = 0
    for path in sorted(CORPUS.glob("*.xls[xm]")):
        try:
            parts = _checked_package(path)  # what is refused here never reaches calamine
        except WorkbookError:
            continue
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        with zipfile.ZipFile(path) as archive:
            for name, member in parts.items():
                with archive.open(member) as stream:
                    precise = _precise_scan(stream)
                with archive.open(member) as stream:
                    fast = _fast_scan(stream)
                if precise.cells > 10 ** 7:
                    continue  # the far-apart corners: calamine would abort, so not read here
                try:
                    sheet = workbook.get_sheet_by_name(name)
                except Exception:
                    continue
                end = sheet.end
                if end is None:
                    assert precise.cells == 0
                    continue
                assert precise.last_row >= end[0] + 1 and precise.last_column >= end[1] + 1, (path.name, name)
                assert precise.cells >= sheet.height * sheet.width, (path.name, name)
                if fast is not None:
                    assert fast.cells >= precise.cells and fast.last_row == precise.last_row, (path.name, name)
                checked += 1
    assert checked >= 25


@pytest.mark.parametrize("name", ["csv_latin1.csv", "macro_enabled.xlsm"])
def test_size_limit(name, monkeypatch):
    import influence.readers

    monkeypatch.setattr(influence.readers, "MAX_UNCOMPRESSED_BYTES", 100)
    error = validate_workbook(CORPUS / name).errors[0]
    assert error.message.startswith(("the file is too big (136 bytes, more than the 100 bytes",
                                     "the workbook is too big: its parts expand to"))
    assert error.message.endswith("import that" if name.endswith(".csv") else "and import again")
