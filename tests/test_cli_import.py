"""``influence validate`` and ``influence template`` through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from influence.cli import main

from test_import import write_csv, write_xlsx


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative file names, as a user types them
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)
    return invoke


def test_validate_a_clean_file(run, tmp_path):
    write_xlsx(tmp_path / "map.xlsx", {
        "People": [["ID", "Name", "Reports To"], [1, "Ada", ""], [2, "Bob", 1], [3, "Cy", 1]],
        "Relationships": [["From", "To"], ["Bob", "Cy"]]})
    result = run("validate", "map.xlsx")
    assert result.exit_code == 0
    assert result.output == (
        "map.xlsx: imports with no problems.\n"
        "  people:                3   (sheet 'People')\n"
        "  reporting lines:       2\n"
        "  relationships:         1   (sheet 'Relationships')\n")


def test_validate_lists_every_warning_and_still_succeeds(run, tmp_path):
    write_csv(tmp_path / "org.csv", [["Name", "Manager", "Attitude"], ["Ada", "", "meh"],
                                     ["Bob", "Zed", ""]])
    result = run("validate", "org.csv")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "org.csv: imports, with 2 warnings.",
        "  people:                2",
        "  reporting lines:       0",
        "  relationships:         0",
        "",
        "Warnings (2):",
        "  row 2, column 'Attitude': unknown attitude 'meh', read as unknown; use one of: "
        "champion, supporter, neutral, skeptic, opponent, unknown (or +2 … -2) (value 'meh') "
        "[unknown-attitude]; say what it means: --value attitude:\"meh\"=LEVEL",
        "  row 3, column 'Manager': manager 'Zed' not found by ID, e-mail or name, so Bob is placed "
        "at the top of the org chart. Correct the cell, or add the manager to the sheet (value 'Zed') "
        "[manager-not-found]",
    ]


def test_validate_a_file_that_does_not_import(run, tmp_path):
    (tmp_path / "org.xlsx").write_bytes(b"%PDF-1.4\n")
    result = run("validate", "org.xlsx")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "org.xlsx: cannot be imported (1 error).",
        "",
        "Errors (1):",
        "  this is not a spreadsheet: the file is a PDF document. Export the data from its source "
        "as .xlsx or .csv and import that [not-a-spreadsheet]",
        "",
        "Fix the errors above and run influence validate again.",
    ]


def test_validate_json(run, tmp_path):
    write_xlsx(tmp_path / "map.xlsx", {"People": [["ID", "Name"], [1, "Ada"], [1, "Bob"]]})
    result = run("validate", "map.xlsx", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert {k: data[k] for k in ("people", "reporting_lines", "relationships", "ok", "warnings")} == {
        "people": 0, "reporting_lines": 0, "relationships": 0, "ok": False, "warnings": []}
    assert data["errors"] == [{
        "severity": "error", "file": "map.xlsx", "sheet": "People", "row": 3, "column": "ID",
        "value": "1", "message": "the ID '1' is used for two different people: 'Ada' (row 2) and "
                                 "'Bob' (row 3); give each person their own ID",
        "code": "duplicate-id", "field": "id",
        "hint": {"kind": "edit-source", "field": None, "value": None}}]


def test_validate_json_counts(run, tmp_path):
    write_csv(tmp_path / "org.csv", [["Name", "Manager"], ["Ada", ""], ["Bob", "Ada"]])
    data = json.loads(run("validate", "org.csv", "--json").output)
    assert (data["people"], data["reporting_lines"], data["relationships"]) == (2, 1, 0)
    assert data["errors"] == data["warnings"] == []


def test_validate_missing_file_is_a_usage_error_not_a_traceback(run):
    result = run("validate", "nowhere.xlsx")
    assert result.exit_code == 2
    assert result.output.endswith("Error: Invalid value for 'FILE': File 'nowhere.xlsx' does not exist.\n")


def test_validate_with_overrides(run, tmp_path):
    write_xlsx(tmp_path / "export.xlsx", {
        "Old": [["Name"], ["Nobody"]],
        "2024": [["Preferred", "Line Mgr"], ["Ada", ""], ["Bob", "Ada"]]})
    result = run("validate", "export.xlsx", "--sheet", "2024", "--column", "name=Preferred",
                 "--column", "reports_to = Line Mgr")
    assert result.exit_code == 0, result.output
    assert "  reporting lines:       1" in result.output


@pytest.mark.parametrize("option,message", [
    ("name", "Error: Invalid value for '--column': 'name' is not FIELD=HEADER; write for example "
             "--column name=\"Full Name\""),
    ("boss=Manager", "Error: Invalid value for '--column': unknown field 'boss'; use one of: id, name,"),
])
def test_validate_bad_column_option(run, tmp_path, option, message):
    write_csv(tmp_path / "org.csv", [["Name"], ["Ada"]])
    result = run("validate", "org.csv", "--column", option)
    assert result.exit_code == 2
    assert message in result.output


def test_template_then_validate(run, tmp_path):
    result = run("template", "partner.xlsx")
    assert result.exit_code == 0
    assert result.output == ("Wrote partner.xlsx: fill in the People and Relationships sheets (its "
                             "README sheet explains each column), then run: influence validate "
                             "partner.xlsx\n")
    result = run("validate", "partner.xlsx")
    assert result.exit_code == 0 and result.output.startswith("partner.xlsx: imports with no problems.")


def test_template_refuses_to_overwrite_without_force(run, tmp_path):
    (tmp_path / "partner.xlsx").write_bytes(b"mine")
    result = run("template", "partner.xlsx")
    assert result.exit_code == 1
    assert result.output == ("Error: partner.xlsx already exists; choose another name, or "
                             "overwrite it with --force\n")
    assert (tmp_path / "partner.xlsx").read_bytes() == b"mine"
    assert run("template", "partner.xlsx", "--force").exit_code == 0


@pytest.mark.parametrize("command", ["validate", "template"])
def test_help_has_examples(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:\n" in result.output and f"influence {command} " in result.output


def test_validate_max_rows_refuses_a_longer_sheet_and_says_how_to_raise_it(run, tmp_path):
    write_xlsx(tmp_path / "map.xlsx", {
        "People": [["ID", "Name", "Reports To"]] + [[i, f"Person {i}", 1 if i > 1 else ""] for i in range(1, 31)]})
    assert run("validate", "map.xlsx", "--max-rows", "100").exit_code == 0
    result = run("validate", "map.xlsx", "--max-rows", "10")
    assert result.exit_code == 1
    assert "the sheet has 31 rows, more than the limit of 10" in result.output
    assert "[too-many-rows]; raise the limit: --max-rows N (now 10), or set INFLUENCE_MAX_ROWS" in result.output
    data = json.loads(run("validate", "map.xlsx", "--max-rows", "10", "--json").output)
    assert [(e["code"], e["hint"]) for e in data["errors"]] == [
        ("too-many-rows", {"kind": "row-limit", "field": None, "value": 10})]


def test_validate_renders_a_column_hint_as_a_flag(run, tmp_path):
    write_csv(tmp_path / "org.csv", [["Preferred", "Title"], ["Ada", "CEO"]])
    result = run("validate", "org.csv")
    assert result.exit_code == 1
    assert "[no-name-column]; give the column: --column name=\"HEADER\"" in result.output
    result = run("validate", "org.csv", "--column", "name=Preferred")
    assert result.exit_code == 0, result.output


def test_validate_max_people_refuses_a_bigger_map(run, tmp_path):
    write_csv(tmp_path / "org.csv", [["Name"]] + [[f"P{i}"] for i in range(12)])
    result = run("validate", "org.csv", "--max-people", "10")
    assert result.exit_code == 1
    assert "more than the limit of 10" in result.output and "[too-many-people]" in result.output
    assert "--max-people N (now 10)" in result.output
    assert run("validate", "org.csv", "--max-people", "12").exit_code == 0


def test_validate_value_option_says_what_an_unknown_word_means(run, tmp_path):
    write_csv(tmp_path / "org.csv", [["Name", "Stance"], ["Ada", "meh"], ["Bob", "fan"]])
    result = run("validate", "org.csv", "--value", "attitude:meh=neutral", "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["warnings"] == [] and data["unknown_values"] == []
    result = run("validate", "org.csv", "--value", "attitude:meh=sorta")
    assert result.exit_code == 1 and "[bad-value-mapping]" in result.output
    result = run("validate", "org.csv", "--value", "title:CEO=boss")
    assert result.exit_code == 2 and "no vocabulary for 'title'" in result.output
