"""Every error and warning of the importer: where it points, what it says, what happens."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from influence import WorkbookError, read_workbook, validate_workbook
from influence.errors import PROBLEM_CODES, Hint
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
    assert (error.file, error.code, error.hint) == (str(path), "password-protected", Hint("resave"))
    assert "remove the password" in error.message
    with pytest.raises(WorkbookError, match="password-protected"):
        read_workbook(path)


def test_old_xls_workbook(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(compound_file("Workbook"))
    error = only_error(validate_workbook(path))
    assert error.code == "unsupported-format" and ".xls" in error.message


@pytest.mark.parametrize("name,data,code", [
    ("org.xlsx", b"Name,Title\nAda,CEO\n", "not-a-spreadsheet"),
    ("org.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not-a-spreadsheet"),
    ("org.csv", bytes(range(256)) * 4, "not-a-spreadsheet"),
])
def test_files_that_are_not_spreadsheets(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    error = only_error(validate_workbook(path))
    assert (error.code, error.sheet, error.row) == (code, None, None)


def test_text_renamed_xlsx_says_to_rename_it(tmp_path):
    path = tmp_path / "org.xlsx"
    path.write_text("Name,Title\nAda,CEO\n")
    assert "rename it to .csv" in only_error(validate_workbook(path)).message


def test_csv_that_cannot_be_parsed(tmp_path):
    path = tmp_path / "org.csv"
    path.write_text("Name,Notes\nAda," + "x" * 200_000 + "\n")
    error = only_error(validate_workbook(path))
    assert (error.code, error.row, error.hint) == ("unsplittable-row", 2, Hint("edit-source"))


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "org.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    error = only_error(validate_workbook(path))
    assert error.code == "not-a-spreadsheet" and "(notes.txt)" in error.message


@pytest.mark.parametrize("make,code", [
    (lambda p: None, "file-not-found"),
    (lambda p: p.mkdir(), "not-a-file"),
    (lambda p: p.write_bytes(b""), "empty-file"),
])
def test_unreadable_files(tmp_path, make, code):
    path = tmp_path / "org.csv"
    make(path)
    error = only_error(validate_workbook(path))
    assert (error.code, error.file, error.sheet, error.row) == (code, str(path), None, None)


# --- errors: the content -------------------------------------------------------------------

def test_no_name_column(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": [["Acme"], [], ["Employee ID", "Title"], [1, "CEO"]]})
    error = only_error(validate_workbook(path))
    assert (error.code, error.field, error.sheet, error.row) == ("no-name-column", "name", "People", 3)
    assert error.hint == Hint("column-override", "name")
    assert "'Employee ID', 'Title'" in error.message
    assert "--" not in error.message  # the library names no command-line flag


def test_no_people_below_the_header(tmp_path):
    error = only_error(validate_workbook(write_csv(tmp_path / "org.csv", [["Name", "Title"], ["", ""]])))
    assert (error.code, error.sheet, error.row) == ("no-people", None, 1)


def test_empty_sheet(tmp_path):
    error = only_error(validate_workbook(write_xlsx(tmp_path / "map.xlsx", {"People": []})))
    assert error.code == "empty-sheet"


def test_one_id_for_two_people_reports_every_clash(tmp_path):
    rows = [["ID", "Name"], [1, "Ada"], [2, "Bob"], [1, "Cy"], [2, "Dee"], [3, "Ed"]]
    report = validate_workbook(write_xlsx(tmp_path / "map.xlsx", {"People": rows}))
    assert report.graph is None
    assert [(e.code, e.field, e.row, e.column, e.value) for e in report.errors] == [
        ("duplicate-id", "id", 4, "ID", "1"), ("duplicate-id", "id", 5, "ID", "2")]
    assert "'Ada' (row 2) and 'Cy' (row 4)" in report.errors[0].message
    with pytest.raises(WorkbookError) as caught:
        read_workbook(tmp_path / "map.xlsx")
    assert str(caught.value).endswith("(and 1 more error(s))")
    assert len(caught.value.problems) == 2


def test_errors_and_warnings_are_collected_together(tmp_path):
    rows = [["ID", "Name", "Manager", "Attitude"], [1, "Ada", "", "hmm"], [1, "Bob", 9, ""]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [p.code for p in report.errors] == ["duplicate-id"]
    assert [(p.code, p.row) for p in report.warnings] == [("unknown-attitude", 2)]


def test_missing_sheet_option(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": [["Name"], ["Ada"]], "Ties": [["From", "To"]]})
    error = only_error(validate_workbook(path, sheet="Org"))
    assert (error.code, error.value, error.hint) == ("sheet-not-found", "Org", Hint("sheet-override", "people"))
    assert "the workbook has 'People', 'Ties'" in error.message
    error = only_error(validate_workbook(path, relationships_sheet="Links"))
    assert (error.code, error.hint) == ("sheet-not-found", Hint("sheet-override", "relationships"))
    assert "the workbook has 'Ties'" in error.message


def test_missing_override_header(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name", "Boss"], ["Ada", ""]])
    error = only_error(validate_workbook(path, columns={"reports_to": "Line Manager"}))
    assert (error.code, error.field, error.value) == ("column-not-found", "reports_to", "Line Manager")
    assert error.hint == Hint("column-override", "reports_to")
    assert "'Name', 'Boss'" in error.message


def test_unknown_override_field(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name"], ["Ada"]])
    error = only_error(validate_workbook(path, columns={"shoe_size": "Shoe"}))
    assert (error.code, error.value) == ("unknown-field", "shoe_size")
    assert "use one of: id, name," in error.message


# --- warnings --------------------------------------------------------------------------------

def test_manager_not_found_becomes_a_top_person(tmp_path):
    rows = [["Name", "Reports To"], ["Ada", ""], ["Bob", "Zed"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    (warning,) = report.warnings
    assert (warning.code, warning.field, warning.row, warning.column, warning.value) == (
        "manager-not-found", "reports_to", 3, "Reports To", "Zed")
    assert warning.hint == Hint("edit-source")
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
    assert (first.code, first.field, first.row, first.column, first.value) == (
        "reporting-cycle", "reports_to", 3, "Manager ID", "4")
    assert first.message.startswith("reporting cycle Bob -> Dee -> Cy -> Bob (each reports to the next): "
                                    "broken at Bob")
    assert second.message.startswith("reporting cycle Fay -> Gus -> Fay")
    G = report.graph
    assert G.nodes["2"]["manager"] is None and G.nodes["6"]["manager"] is None
    assert sorted(reporting_lines(G)) == [("2", "3"), ("3", "4"), ("4", "5"), ("6", "7")]


def test_unknown_attitude_reads_as_unknown(tmp_path):
    rows = [["Name", "Attitude"], ["Ada", "Meh-ish"], ["Bob", "Meh-ish"], ["Cy", "blocker"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [(w.code, w.field, w.row, w.value) for w in report.warnings] == [
        ("unknown-attitude", "attitude", 2, "Meh-ish"), ("unknown-attitude", "attitude", 3, "Meh-ish")]
    assert report.warnings[0].hint == Hint("value-mapping", "attitude", "Meh-ish")
    assert report.unknown_values == [{"field": "attitude", "value": "Meh-ish", "count": 2,
                                      "read_as": "unknown"}]
    G = report.graph
    assert [G.nodes[n]["attitude"] for n in ("Ada", "Bob", "Cy")] == ["unknown", "unknown", "opponent"]


def test_unknown_style_is_kept_as_written(tmp_path):
    report = validate_workbook(write_csv(tmp_path / "org.csv", [["Name", "Style"], ["Ada", "Visionary "]]))
    (warning,) = report.warnings
    assert (warning.code, warning.field, warning.column, warning.value) == (
        "unknown-style", "style", "Style", "Visionary")
    assert report.graph.nodes["Ada"]["style"] == "Visionary"


def test_unknown_authority_reads_as_blank(tmp_path):
    report = validate_workbook(write_csv(tmp_path / "org.csv", [["Name", "Authority"], ["Ada", "boss"]]))
    assert [(w.code, w.field, w.value) for w in report.warnings] == [("unknown-authority", "authority", "boss")]
    assert report.graph.nodes["Ada"]["authority"] is None


PEOPLE = [["ID", "Name", "Email"], [1, "Ada", "ada@example.com"], [2, "Bob", "bob@example.com"]]


def test_relationship_naming_someone_unknown_is_dropped(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": PEOPLE,
        "Relationships": [["From", "To"], ["Ada", "BOB@example.com"], ["Ada", "Zed"], ["", "Bob"]]})
    report = validate_workbook(path)
    unknown, empty = report.warnings
    assert (unknown.code, unknown.field, unknown.sheet, unknown.row, unknown.column, unknown.value) == (
        "relationship-person-not-found", "to", "Relationships", 3, "To", "Zed")
    assert "the People sheet" in unknown.message
    assert (empty.code, empty.field, empty.row, empty.column) == ("relationship-end-missing", "from", 4, "From")
    assert [(u, v) for u, v, _ in relationships(report.graph)] == [("1", "2")]


def test_self_relationship_is_dropped(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": PEOPLE, "Relationships": [["From", "To"], [1, "Ada"]]})
    (warning,) = validate_workbook(path).warnings
    assert (warning.code, warning.row) == ("self-relationship", 2)


def test_unknown_relationship_type_and_strength(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": PEOPLE, "Relationships": [["From", "To", "Type", "Strength"], [1, 2, "friendship", 9]]})
    report = validate_workbook(path)
    assert [(w.code, w.field, w.value) for w in report.warnings] == [
        ("unknown-relationship-type", "type", "friendship"), ("unknown-strength", "strength", "9")]
    [(_, _, data)] = relationships(report.graph)
    assert data["type"] == "influences" and data["strength"] is None


def test_duplicate_people_rows_are_merged(tmp_path):
    rows = [["ID", "Name", "Title", "Attitude"], [1, "Ada", "CEO", ""], [2, "Bob", "CFO", "ally"],
            [1, "ada", "", "mentor"], [2, "Bob", "CFO", "ally"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [(w.code, w.row, w.column, w.value) for w in report.warnings] == [
        ("duplicate-person", 4, "ID", "1"), ("duplicate-person", 5, "ID", "2")]
    assert report.warnings[0].message.startswith("duplicate of row 2 (Ada)")
    G = report.graph
    assert G.number_of_nodes() == 2
    assert (G.nodes["1"]["title"], G.nodes["1"]["attitude"]) == ("CEO", "champion")  # blanks filled


def test_duplicate_names_without_ids_are_merged_with_a_hint(tmp_path):
    report = validate_workbook(write_csv(tmp_path / "org.csv", [["Name"], ["Ada"], ["Ada"]]))
    (warning,) = report.warnings
    assert (warning.code, warning.field, warning.column) == ("duplicate-person", "name", "Name")
    assert warning.message.endswith("If they are two people, add an ID column to tell them apart.")


def test_duplicate_relationships_are_merged(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": PEOPLE, "Relationships": [
        ["From", "To", "Type", "Strength"], [1, 2, "advises", 4], ["Ada", "Bob", "advice", 2]]})
    report = validate_workbook(path)
    (warning,) = report.warnings
    assert (warning.code, warning.row) == ("duplicate-relationship", 3)
    assert "duplicate of row 2 (Ada advises Bob)" in warning.message
    [(_, _, data)] = relationships(report.graph)
    assert data["strength"] == 0.8


def test_row_without_a_name(tmp_path):
    rows = [["ID", "Name", "Manager"], [1, "Ada", ""], [2, "", 1], ["", "", "x"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert [(w.code, w.field, w.row) for w in report.warnings] == [
        ("name-missing", "name", 3), ("row-without-name", "name", 4)]
    assert report.graph.nodes["2"]["name"] == "2"


def test_ambiguous_manager_name(tmp_path):
    rows = [["ID", "Name", "Manager"], [1, "Sam Lee", ""], [2, "Sam Lee", ""], [3, "Bob", "Sam Lee"]]
    (warning,) = validate_workbook(write_csv(tmp_path / "org.csv", rows)).warnings
    assert (warning.code, warning.field, warning.row) == ("ambiguous-manager", "reports_to", 4)
    assert "(rows 2 and 3)" in warning.message  # both people named


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
    assert (error.code, error.hint) == ("csv-has-no-sheets", Hint("sheet-override", "relationships"))


def test_every_problem_has_a_known_code_and_a_hint(tmp_path):
    """Whatever goes wrong, each problem carries a registered code and a hint."""
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": [["ID", "Name", "Manager", "Style", "Attitude"], [1, "Ada", "Zed", "Bold", "??!"],
                   [1, "Bob", "Ada", "", ""], [3, "", "", "", ""]],
        "Relationships": [["From", "To", "Strength"], ["Ada", "Nobody", "huge"], [1, 1, ""]]})
    report = validate_workbook(path)
    assert len(report.problems) >= 6
    for problem in report.problems:
        assert problem.code in PROBLEM_CODES and problem.hint is not None, problem
        data = problem.to_dict()
        assert data["code"] == problem.code and data["hint"]["kind"] == problem.hint.kind
