"""The workbook template: it imports cleanly, carries dropdowns and a README, writes safely."""

from __future__ import annotations

import openpyxl
import pytest

from influence import ExportError, read_workbook, write_template
from influence.graph import relationships, reporting_lines
from influence.template import PEOPLE_COLUMNS, RELATIONSHIP_COLUMNS


@pytest.fixture
def template(tmp_path):
    return write_template(tmp_path / "map.xlsx")


def test_template_round_trip_imports_with_no_problems(template):
    G = read_workbook(template)
    assert G.graph["name"] == "Example Partner Ltd" and G.graph["warnings"] == []
    assert G.number_of_nodes() == 6
    # Reports To given by ID, by name and by e-mail all resolve
    assert sorted(reporting_lines(G)) == [("1", "2"), ("1", "3"), ("1", "4"), ("2", "5"), ("3", "6")]
    types = sorted(d["type"] for _, _, d in relationships(G))
    assert types == ["advises", "conflicts with", "dotted line", "influences", "trusts"]
    assert {G.nodes[n]["attitude"] for n in G} == {"champion", "supporter", "neutral", "skeptic",
                                                    "opponent", "unknown"}
    assert G.nodes["4"]["owner"] is None  # the example coverage gap
    assert [a["rater"] for a in G.nodes["2"]["assessments"]] == ["Priya Nair", "Chris Ward (our CEO)"]
    assert G.nodes["1"]["interactions"][0]["kind"] == "meeting"


def test_template_sheets_and_headers(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["People", "Relationships", "Assessments", "Interactions", "README"]
    assert [c.value for c in wb["Assessments"][1]] == ["Person", "Field", "Value", "Assessed By", "Assessed On",
                                                       "Confidence", "Evidence", "To"]
    assert [c.value for c in wb["Interactions"][1]] == ["Person", "Owner", "Date", "Kind", "Notes"]
    people_headers = [c.value for c in wb["People"][3]]
    assert people_headers == ["ID", "Name", "Title", "Department", "Reports To", "Email", "Authority",
                              "Role", "Influence", "Attitude", "Style", "Owner", "Notes"]
    assert [c.value for c in wb["Relationships"][1]] == ["From", "To", "Type", "Strength", "Notes"]


def test_template_dropdowns(template):
    wb = openpyxl.load_workbook(template)

    def dropdowns(sheet, header_row):
        headers = {c.column_letter: c.value for c in wb[sheet][header_row]}
        found = {}
        for check in wb[sheet].data_validations.dataValidation:
            letter = "".join(ch for ch in str(check.sqref).split(":")[0] if ch.isalpha())
            found[headers[letter]] = (check.type, check.formula1, str(check.sqref))
        return found

    people = dropdowns("People", 3)
    assert people["Attitude"] == ("list", '"champion,supporter,neutral,skeptic,opponent,unknown"', "J4:J2000")
    assert people["Style"][1] == '"Driver,Expressive,Amiable,Analytical"'
    assert {"Authority", "Influence", "Role"} <= set(people)
    ties = dropdowns("Relationships", 1)
    assert ties["Type"][1] == '"influences,advises,trusts,dotted line,conflicts with"'
    assert ties["Strength"][1] == '"1,2,3,4,5,weak,medium,strong"'


def test_template_readme_explains_every_column(template):
    wb = openpyxl.load_workbook(template)
    explained = {row[0] for row in wb["README"].iter_rows(values_only=True) if row[0]}
    for header, _, _ in PEOPLE_COLUMNS:
        assert f"People: {header}" in explained
    for header, _, _ in RELATIONSHIP_COLUMNS:
        assert f"Relationships: {header}" in explained
    text = " ".join(str(v) for row in wb["README"].iter_rows(values_only=True) for v in row if v)
    assert "champion (+2)" in text and "Driver" in text and "weak / medium / strong" in text


def test_template_refuses_to_overwrite(template):
    before = template.read_bytes()
    with pytest.raises(ExportError) as caught:
        write_template(template)
    assert str(caught.value) == (f"{template} already exists; choose another name, or allow "
                                 "overwriting it (force=True)")
    assert template.read_bytes() == before
    write_template(template, force=True)
    assert read_workbook(template).number_of_nodes() == 6


def test_template_needs_an_xlsx_name(tmp_path):
    with pytest.raises(ExportError, match="does not end in .xlsx"):
        write_template(tmp_path / "map.csv")


def test_template_write_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "map.xlsx"
    target.write_bytes(b"the user's own file")

    def broken_save(self, filename):
        with open(filename, "wb") as handle:
            handle.write(b"half a workb")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_template(target, force=True)
    assert target.read_bytes() == b"the user's own file"
    assert [p.name for p in tmp_path.iterdir()] == ["map.xlsx"]  # no temporary file left behind
