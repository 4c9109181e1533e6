"""Every error and warning of the importer: where it points, what it says, what happens."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from influence import WorkbookError, read_workbook, validate_workbook
from influence.graph import relationships, reporting_lines
from influence.readers import ole_stream_names

from make_corpus import compound_file  # tests/corpus/make_corpus.py
from test_import import write_csv, write_xlsx


def only_error(report):
    assert report.graph is None and not report.ok
    (error,) = report.errors
    return error


# --- errors: the file --------------------------------------------------------------------

def test_compound_file_fixture_is_readable():
    assert ole_stream_names(compound_file("EncryptionInfo", "EncryptedPackage")) == {
        "Root Entry", "EncryptionInfo", "EncryptedPackage"}


def test_password_protected_workbook(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(compound_file("EncryptionInfo", "EncryptedPackage"))
    error = only_error(validate_workbook(path))
    assert error.file == str(path)
    assert error.message.startswith("the workbook is password-protected, so it cannot be read. "
                                    "Open it in Excel, remove the password")
    with pytest.raises(WorkbookError, match="password-protected"):
        read_workbook(path)


def test_old_xls_workbook(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(compound_file("Workbook"))
    assert only_error(validate_workbook(path)).message == (
        "this is an old Excel 97-2003 workbook (.xls) or another old Office file. Open it in "
        "Excel and save it as an Excel Workbook (.xlsx), then import that")


def test_text_renamed_xlsx(tmp_path):
    path = tmp_path / "org.xlsx"
    path.write_text("Name,Title\nAda,CEO\n")
    assert only_error(validate_workbook(path)).message == (
        "this is not a spreadsheet: the name ends in .xlsx but the file holds plain text, not "
        "an Excel workbook. If it is a CSV export, rename it to .csv; otherwise open it in "
        "Excel and save it as .xlsx")


def test_pdf_renamed_xlsx(tmp_path):
    path = tmp_path / "org.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert only_error(validate_workbook(path)).message == (
        "this is not a spreadsheet: the file is a PDF document. Export the data from its "
        "source as .xlsx or .csv and import that")


def test_binary_named_csv(tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(bytes(range(256)) * 4)
    assert only_error(validate_workbook(path)).message.startswith(
        "this is not a spreadsheet: the file holds binary data")


def test_csv_that_cannot_be_parsed(tmp_path):
    path = tmp_path / "org.csv"
    path.write_text("Name,Notes\nAda," + "x" * 200_000 + "\n")
    error = only_error(validate_workbook(path))
    assert error.row == 2
    assert error.message.startswith(
        "this row (from line 2 of the file) cannot be split into cells (field larger than field "
        "limit (131072)). Usually a quote (\") opened in that row is never closed")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "org.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert only_error(validate_workbook(path)).message == (
        "this is not a spreadsheet: the file is a ZIP archive (notes.txt), not an Excel "
        "workbook. If the workbook is inside it, extract it and import the .xlsx file")


@pytest.mark.parametrize("make,expected", [
    (lambda p: None, "the file does not exist; check the path and the file name"),
    (lambda p: p.mkdir(), "this is a folder, not a file; give the path of a workbook or CSV file"),
    (lambda p: p.write_bytes(b""), "the file is empty; export the org chart or influence map again"),
])
def test_unreadable_files(tmp_path, make, expected):
    path = tmp_path / "org.csv"
    make(path)
    error = only_error(validate_workbook(path))
    assert (error.message, error.file, error.sheet, error.row) == (expected, str(path), None, None)


# --- errors: the content -------------------------------------------------------------------

def test_no_name_column(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": [["Acme"], [], ["Employee ID", "Title"], [1, "CEO"]]})
    error = only_error(validate_workbook(path))
    assert (error.sheet, error.row) == ("People", 3)
    assert error.message == (
        "no name column: the headers found are 'Employee ID', 'Title'. Add a column called Name "
        "(or First Name and Last Name), or name the column that holds the names with "
        "--column name=\"Your Header\"")


def test_no_people_below_the_header(tmp_path):
    error = only_error(validate_workbook(write_csv(tmp_path / "org.csv", [["Name", "Title"], ["", ""]])))
    assert (error.sheet, error.row) == (None, 1)
    assert error.message == ("no people: the sheet has a header row but no person below it; add "
                             "one row per person under the headers")


def test_empty_sheet(tmp_path):
    error = only_error(validate_workbook(write_xlsx(tmp_path / "map.xlsx", {"People": []})))
    assert error.message.startswith("no people: the sheet is empty.")


def test_one_id_for_two_people_reports_every_clash(tmp_path):
    rows = [["ID", "Name"], [1, "Ada"], [2, "Bob"], [1, "Cy"], [2, "Dee"], [3, "Ed"]]
    report = validate_workbook(write_xlsx(tmp_path / "map.xlsx", {"People": rows}))
    assert report.graph is None
    assert [(e.row, e.column, e.value) for e in report.errors] == [(4, "ID", "1"), (5, "ID", "2")]
    assert report.errors[0].message == ("the ID '1' is used for two different people: 'Ada' "
                                        "(row 2) and 'Cy' (row 4); give each person their own ID")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(tmp_path / "map.xlsx")
    assert str(caught.value).endswith("(and 1 more error(s))")
    assert len(caught.value.problems) == 2


def test_errors_and_warnings_are_collected_together(tmp_path):
    rows = [["ID", "Name", "Manager", "Attitude"], [1, "Ada", "", "hmm"], [1, "Bob", 9, ""]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [p.severity for p in report.errors] == ["error"]
    assert [p.row for p in report.warnings] == [2]  # the unknown attitude, found in the same pass


def test_missing_sheet_option(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": [["Name"], ["Ada"]], "Ties": [["From", "To"]]})
    error = only_error(validate_workbook(path, sheet="Org"))
    assert error.message == ("there is no sheet called 'Org'; the workbook has 'People', 'Ties'. "
                             "Correct --sheet")
    error = only_error(validate_workbook(path, relationships_sheet="Links"))
    assert error.message == ("there is no sheet called 'Links'; the workbook has 'Ties'. "
                             "Correct --relationships-sheet")


def test_missing_override_header(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name", "Boss"], ["Ada", ""]])
    error = only_error(validate_workbook(path, columns={"reports_to": "Line Manager"}))
    assert error.message == ("there is no column called 'Line Manager' for reports_to; the "
                             "headers are 'Name', 'Boss'. Correct --column reports_to=...")


def test_unknown_override_field(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name"], ["Ada"]])
    error = only_error(validate_workbook(path, columns={"shoe_size": "Shoe"}))
    assert error.message.startswith("unknown field 'shoe_size' in the column overrides; use one of: id, name,")


# --- warnings --------------------------------------------------------------------------------

def test_manager_not_found_becomes_a_top_person(tmp_path):
    rows = [["Name", "Reports To"], ["Ada", ""], ["Bob", "Zed"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    (warning,) = report.warnings
    assert (warning.row, warning.column, warning.value) == (3, "Reports To", "Zed")
    assert warning.message == ("manager 'Zed' not found by ID, e-mail or name, so Bob is placed at "
                               "the top of the org chart. Correct the cell, or add the manager to "
                               "the sheet")
    assert report.graph.nodes["Bob"]["manager"] is None


@pytest.mark.parametrize("top", ["", "0", "-1", "Ada", "n/a"])
def test_top_person_markers(tmp_path, top):
    rows = [["Name", "Manager"], ["Ada", top], ["Bob", "Ada"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert report.warnings == [] and list(reporting_lines(report.graph)) == [("Ada", "Bob")]


def test_reporting_cycle_is_broken_at_a_named_person(tmp_path):
    rows = [["ID", "Name", "Manager ID"], [1, "Ada", ""], [2, "Bob", 4], [3, "Cy", 2], [4, "Dee", 3],
            [5, "Ed", 4], [6, "Fay", 7], [7, "Gus", 6]]
    report = validate_workbook(write_xlsx(tmp_path / "map.xlsx", {"People": rows}))
    first, second = report.warnings
    assert (first.row, first.column, first.value) == (3, "Manager ID", "4")
    assert first.message == ("reporting cycle Bob -> Dee -> Cy -> Bob (each reports to the next): "
                             "broken at Bob, who is placed at the top of the org chart. Correct "
                             "the Reports To of one of them")
    assert second.message.startswith("reporting cycle Fay -> Gus -> Fay")
    G = report.graph
    assert G.nodes["2"]["manager"] is None and G.nodes["6"]["manager"] is None
    assert sorted(reporting_lines(G)) == [("2", "3"), ("3", "4"), ("4", "5"), ("6", "7")]


def test_unknown_attitude_reads_as_unknown(tmp_path):
    rows = [["Name", "Attitude"], ["Ada", "Lukewarm"], ["Bob", "Lukewarm"], ["Cy", "blocker"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [(w.row, w.value) for w in report.warnings] == [(2, "Lukewarm"), (3, "Lukewarm")]
    assert report.warnings[0].message == (
        "unknown attitude 'Lukewarm', read as unknown; use one of: champion, supporter, neutral, "
        "skeptic, opponent, unknown (or +2 … -2)")
    G = report.graph
    assert [G.nodes[n]["attitude"] for n in ("Ada", "Bob", "Cy")] == ["unknown", "unknown", "opponent"]


def test_unknown_style_is_kept_as_written(tmp_path):
    report = validate_workbook(write_csv(tmp_path / "org.csv", [["Name", "Style"], ["Ada", "Visionary "]]))
    (warning,) = report.warnings
    assert warning.column == "Style" and warning.value == "Visionary"
    assert warning.message == ("style 'Visionary' is not one of the social styles (Driver, "
                               "Expressive, Amiable, Analytical); it is kept as written, without "
                               "a briefing tip. Use one of the four styles for a tip")
    assert report.graph.nodes["Ada"]["style"] == "Visionary"


def test_unknown_authority_reads_as_blank(tmp_path):
    report = validate_workbook(write_csv(tmp_path / "org.csv", [["Name", "Authority"], ["Ada", "boss"]]))
    assert report.warnings[0].message == ("unknown authority 'boss', read as blank; use one of: "
                                          "a whole number 1-5, or low / medium / high")
    assert report.graph.nodes["Ada"]["authority"] is None


PEOPLE = [["ID", "Name", "Email"], [1, "Ada", "ada@example.com"], [2, "Bob", "bob@example.com"]]


def test_relationship_naming_someone_unknown_is_dropped(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": PEOPLE,
        "Relationships": [["From", "To"], ["Ada", "BOB@example.com"], ["Ada", "Zed"], ["", "Bob"]]})
    report = validate_workbook(path)
    unknown, empty = report.warnings
    assert (unknown.sheet, unknown.row, unknown.column, unknown.value) == ("Relationships", 3, "To", "Zed")
    assert unknown.message == ("'Zed' is not in the People sheet, so this relationship is dropped. "
                               "Correct the spelling, or add the person")
    assert (empty.row, empty.column) == (4, "From")
    assert empty.message == "the From cell is empty, so this relationship is dropped; fill in who it links"
    assert [(u, v) for u, v, _ in relationships(report.graph)] == [("1", "2")]


def test_self_relationship_is_dropped(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": PEOPLE, "Relationships": [["From", "To"], [1, "Ada"]]})
    (warning,) = validate_workbook(path).warnings
    assert warning.row == 2
    assert warning.message == ("Ada is linked to themselves, so this relationship is dropped; a "
                               "relationship needs two people")


def test_unknown_relationship_type_and_strength(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": PEOPLE, "Relationships": [["From", "To", "Type", "Strength"], [1, 2, "friendship", 9]]})
    report = validate_workbook(path)
    assert [w.message for w in report.warnings] == [
        "unknown relationship type 'friendship', read as influences; use one of: influences, "
        "advises, trusts, dotted line, conflicts with",
        "unknown strength '9', read as blank (the default, 0.5); use one of: 1-5, a number in "
        "(0, 1], or weak / medium / strong"]
    [(_, _, data)] = relationships(report.graph)
    assert data["type"] == "influences" and data["strength"] is None


def test_duplicate_people_rows_are_merged(tmp_path):
    rows = [["ID", "Name", "Title", "Attitude"], [1, "Ada", "CEO", ""], [2, "Bob", "CFO", "ally"],
            [1, "ada", "", "mentor"], [2, "Bob", "CFO", "ally"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [(w.row, w.column, w.value) for w in report.warnings] == [(4, "ID", "1"), (5, "ID", "2")]
    assert report.warnings[0].message == (
        "duplicate of row 2 (Ada); the rows are merged into one person (row 2's values win where "
        "they differ). Delete one of the rows.")
    G = report.graph
    assert G.number_of_nodes() == 2
    assert (G.nodes["1"]["title"], G.nodes["1"]["attitude"]) == ("CEO", "champion")  # blanks filled


def test_duplicate_names_without_ids_are_merged_with_a_hint(tmp_path):
    report = validate_workbook(write_csv(tmp_path / "org.csv", [["Name"], ["Ada"], ["Ada"]]))
    (warning,) = report.warnings
    assert warning.column == "Name"
    assert warning.message.endswith("If they are two people, add an ID column to tell them apart.")


def test_duplicate_relationships_are_merged(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": PEOPLE, "Relationships": [
        ["From", "To", "Type", "Strength"], [1, 2, "advises", 4], ["Ada", "Bob", "advice", 2]]})
    report = validate_workbook(path)
    (warning,) = report.warnings
    assert (warning.row, warning.message) == (3, "duplicate of row 2 (Ada advises Bob); merged, "
                                                 "keeping the first. Delete one of the rows")
    [(_, _, data)] = relationships(report.graph)
    assert data["strength"] == 0.8


def test_row_without_a_name(tmp_path):
    rows = [["ID", "Name", "Manager"], [1, "Ada", ""], [2, "", 1], ["", "", "x"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [(w.row, w.message) for w in report.warnings] == [
        (3, "this row has no name; the person is shown by their ID 2. Fill in the name"),
        (4, "this row has no name and no ID, so it is skipped; fill in the name")]
    assert report.graph.nodes["2"]["name"] == "2"


def test_ambiguous_manager_name(tmp_path):
    rows = [["ID", "Name", "Manager"], [1, "Sam Lee", ""], [2, "Sam Lee", ""], [3, "Bob", "Sam Lee"]]
    (warning,) = validate_workbook(write_csv(tmp_path / "org.csv", rows)).warnings
    assert warning.message == ("several people are called 'Sam Lee'; the first of them is taken as "
                               "the manager. Use the manager's ID or e-mail to be sure")


def test_warnings_are_listed_in_reading_order_and_stored_on_the_graph(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": [["Name", "Manager", "Style"], ["Ada", "Zed", "Bold"], ["Bob", "Ada", "Meek"]],
        "Relationships": [["From", "To"], ["Ada", "Nobody"]]})
    G = read_workbook(path)
    assert [(w.sheet, w.row, w.column) for w in G.graph["warnings"]] == [
        ("People", 2, "Manager"), ("People", 2, "Style"), ("People", 3, "Style"),
        ("Relationships", 2, "To")]
    assert all(w.severity == "warning" and w.file == str(path) for w in G.graph["warnings"])


def test_relationships_sheet_option_on_a_csv(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name"], ["Ada"]])
    error = only_error(validate_workbook(path, relationships_sheet="Ties"))
    assert error.message == ("a CSV file holds a single table, so there is no sheet 'Ties'; leave "
                             "out --relationships-sheet, or save the workbook as .xlsx")
