"""Issue 13: the import preview, wider vocabularies, and nothing wrong let in silently."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from click.testing import CliRunner

from influence import read_workbook, validate_workbook
from influence.anonymize import KEPT_PERSON_FIELDS, anonymize, pseudonyms
from influence.cli import main
from influence.errors import Hint
from influence.graph import add_person, new_map, relationships
from influence.importing import (
    ImportRecords, PeopleRecords, PersonRecord, TieRecord, TieRecords, validate_records,
)

from test_import import write_csv, write_xlsx

# The workbook of issue 13's "Why", headed the way people really type.
WHY_PEOPLE = [
    ["Full name", "Job title", "Dept", "Boss", "Stance", "Clout (1-5)", "Personality",
     "Relationship owner", "Comments"],
    ["Ada Byron", "CEO", "Executive", "", "Fan", 5, "Driver", "Sam Page", ""],
    ["Bob Okafor", "CFO", "Finance", "Ada Byron", "Sceptical", 4, "Analytical", "", "the CFO"],
    ["Cy Ng", "CTO", "Engineering", "Ada Byron", "on the fence", 3, "Amiable", "Sam Page", ""],
    ["Dee Varga", "VP Sales", "Sales", "Cy Ng", "Against us", 2, "Expressive", "", ""],
    ["Eve Lind", "VP Legal", "Legal", "Ada Byron", "lukewarm", "−2" and 1, "analytic", "", ""],
]
WHY_TIES = [["Influencer", "Influenced", "How strong"], ["Ada Byron", "Bob Okafor", "100%"],
            ["Cy Ng", "Dee Varga", "weak"]]


@pytest.fixture
def why(tmp_path):
    return write_xlsx(tmp_path / "why.xlsx", {"People": WHY_PEOPLE, "Relationships": WHY_TIES})


def test_the_workbook_of_the_issue_is_understood(why):
    report = validate_workbook(why)
    assert report.ok and report.warnings == []
    G = report.graph
    by_name = {d["name"]: d for _, d in G.nodes(data=True)}
    assert [by_name[n]["attitude"] for n in ("Ada Byron", "Bob Okafor", "Cy Ng", "Dee Varga", "Eve Lind")] == [
        "supporter", "skeptic", "neutral", "opponent", "neutral"]
    assert [by_name[n]["influence"] for n in ("Ada Byron", "Bob Okafor")] == [5, 4]
    assert [by_name[n]["style"] for n in ("Ada Byron", "Eve Lind")] == ["Driver", "Analytical"]
    assert by_name["Ada Byron"]["owner"] == "Sam Page" and by_name["Bob Okafor"]["notes"] == "the CFO"
    strengths = {(G.nodes[u]["name"], G.nodes[v]["name"]): d["strength"] for u, v, d in relationships(G)}
    assert strengths == {("Ada Byron", "Bob Okafor"): 1.0, ("Cy Ng", "Dee Varga"): 0.2}


def test_the_preview_lists_every_column_and_its_field(why):
    report = validate_workbook(why)
    read = {(c.sheet, c.header): c.field for c in report.columns}
    assert read == {
        ("People", "Full name"): "name", ("People", "Job title"): "title", ("People", "Dept"): "department",
        ("People", "Boss"): "reports_to", ("People", "Stance"): "attitude",
        ("People", "Clout (1-5)"): "influence", ("People", "Personality"): "style",
        ("People", "Relationship owner"): "owner", ("People", "Comments"): "notes",
        ("Relationships", "Influencer"): "from", ("Relationships", "Influenced"): "to",
        ("Relationships", "How strong"): "strength"}


def test_a_one_to_five_column_with_an_unknown_header_is_a_warning(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name", "Authority", "Heft"], ["Ada", 5, 4], ["Bob", 2, 1],
                                            ["Cy", 3, 5]])
    report = validate_workbook(path)
    (warning,) = report.warnings
    assert (warning.code, warning.field, warning.column, warning.row) == (
        "unrecognised-column", "influence", "Heft", 1)  # authority is taken: influence is free
    assert warning.hint == Hint("column-override", "influence", "Heft")
    (column,) = [c for c in report.columns if c.header == "Heft"]
    assert column.field is None and column.suggestions[:2] == ("authority", "influence")
    assert report.graph.nodes["Ada"]["extra"] == {"Heft": "4"}  # kept as written, not guessed


@pytest.mark.parametrize("values,field", [
    (["Fan", "Sceptical", "Against us", "on the fence"], "attitude"),
    (["Driver", "Amiable", "Analytical", "Expressive"], "style"),
])
def test_columns_that_look_like_a_field_by_their_words(tmp_path, values, field):
    rows = [["Name", "Mood"]] + [[f"P{i}", v] for i, v in enumerate(values)]
    (warning,) = validate_workbook(write_csv(tmp_path / "org.csv", rows)).warnings
    assert (warning.code, warning.field, warning.column) == ("unrecognised-column", field, "Mood")


def test_a_strength_column_with_an_unknown_header_on_the_ties_sheet(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": [["Name"], ["Ada"], ["Bob"], ["Cy"]],
                                              "Relationships": [["From", "To", "Oomph"], ["Ada", "Bob", "80%"],
                                                                ["Bob", "Cy", "25%"]]})
    (warning,) = validate_workbook(path).warnings
    assert (warning.code, warning.field, warning.sheet) == ("unrecognised-column", "strength", "Relationships")


def test_unknown_values_are_counted_with_what_they_became(tmp_path):
    rows = [["Name", "Attitude", "Style"], ["Ada", "meh", "Visionary"], ["Bob", "meh", ""], ["Cy", "fan", "Bold"]]
    report = validate_workbook(write_csv(tmp_path / "org.csv", rows))
    assert report.unknown_values == [
        {"field": "attitude", "value": "meh", "count": 2, "read_as": "unknown"},
        {"field": "style", "value": "Visionary", "count": 1, "read_as": "Visionary"},
        {"field": "style", "value": "Bold", "count": 1, "read_as": "Bold"}]


def test_validate_explain_and_json_preview(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "org.csv", [["Name", "Stance", "Heft"], ["Ada", "meh", 4], ["Bob", "fan", 2]])
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "org.csv", "--explain"], catch_exceptions=False)
    assert result.exit_code == 0
    tail = result.output.split("\nColumns:\n", 1)[1]
    assert tail.splitlines() == [
        "  the CSV file:",
        "    'Name'    read as Name",
        "    'Stance'  read as Attitude",
        "    'Heft'    kept as an extra column (might be: Authority, Influence)",
        "",
        "Values not understood:",
        "  attitude 'meh' (once): read as unknown"]
    data = json.loads(runner.invoke(main, ["validate", "org.csv", "--json"]).output)
    assert data["columns"][2] == {"sheet": None, "header": "Heft", "field": None,
                                  "suggestions": ["authority", "influence"]}
    assert data["unknown_values"] == [{"field": "attitude", "value": "meh", "count": 1, "read_as": "unknown"}]
    assert all("code" in p and "hint" in p and "field" in p for p in data["warnings"])


def test_the_user_says_what_unknown_values_mean(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name", "Stance", "Style"], ["Ada", "Meh", "Bold"], ["Bob", "meh ", ""]])
    report = validate_workbook(path, values={"attitude": {"meh": "neutral"}, "style": {"bold": "driver"}})
    assert report.ok and report.warnings == [] and report.unknown_values == []
    assert [report.graph.nodes[n]["attitude"] for n in ("Ada", "Bob")] == ["neutral", "neutral"]
    assert report.graph.nodes["Ada"]["style"] == "Driver"
    report = validate_workbook(path, values={"attitude": {"meh": "so-so-ish"}, "title": {"x": "y"}})
    assert [(e.code, e.field) for e in report.errors] == [("bad-value-mapping", "attitude"),
                                                          ("bad-value-mapping", "title")]


# --- nothing wrong let in silently --------------------------------------------------------

def test_a_shared_name_in_relationships_names_both_rows(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": [["ID", "Name"], [1, "Sam Lee"], [2, "Sam Lee"], [3, "Bob"]],
        "Relationships": [["From", "To"], ["Sam Lee", "Bob"], [1, "Bob"]]})
    report = validate_workbook(path)
    (warning,) = report.warnings
    assert (warning.code, warning.field, warning.sheet, warning.row, warning.value) == (
        "ambiguous-name", "from", "Relationships", 2, "Sam Lee")
    assert "rows 2 and 3" in warning.message
    assert [(u, v) for u, v, _ in relationships(report.graph)] == [("1", "3")]  # the ID one only


def test_a_numeric_nan_is_warned_and_read_as_blank(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "nan.xlsx"
    wb = Workbook()
    wb.active.title = "People"
    wb.active.append(["Name", "Authority"])
    wb.active.append(["Ada", 3])
    wb.save(path)
    # openpyxl cannot write NaN; other writers do: <v>NaN</v>.
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(b"<v>3</v>", b"<v>NaN</v>")
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    report = validate_workbook(path)
    (warning,) = report.warnings
    assert (warning.code, warning.row, warning.column) == ("not-a-number", 2, "Authority")
    assert report.graph.nodes["Ada"]["authority"] is None


def test_a_nan_from_any_source_is_warned():
    people = PeopleRecords.from_rows([PersonRecord(1, {"name": "Ada"}, extra={"Salary": float("nan")})])
    (warning,) = validate_records(ImportRecords("crm.json", people=people)).warnings
    assert (warning.code, warning.row, warning.column) == ("not-a-number", 1, "Salary")


@pytest.mark.parametrize("raw,clean", [
    ("Ada\x0bByron", "AdaByron"), ("Ada_x000B_Byron", "AdaByron"), ("Ada\x07", "Ada"),
    ("Ada\u0085B", "AdaB"), ("Ada\x1b[31mB", "Ada[31mB"),
])
def test_control_characters_are_removed_with_a_warning(tmp_path, raw, clean):
    people = PeopleRecords.from_rows([PersonRecord(4, {"name": raw, "title": "CEO"})], sheet="People",
                                     columns={"name": "Name"})
    report = validate_records(ImportRecords("x.xlsx", people=people))
    (warning,) = report.warnings
    assert (warning.code, warning.field, warning.row, warning.column, warning.value) == (
        "control-characters", "name", 4, "Name", clean)
    assert list(report.graph)[0] == clean


def test_excel_escapes_of_control_characters_in_a_real_workbook(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"People": [["Name", "Notes"], ["Ada", "line_x000B_two"],
                                                         ["Bob", "tab_x0009_kept"]]})
    report = validate_workbook(path)
    (warning,) = report.warnings
    assert (warning.code, warning.row, warning.column) == ("control-characters", 2, "Notes")
    notes = {d["name"]: d["notes"] for _, d in report.graph.nodes(data=True)}
    assert notes == {"Ada": "linetwo", "Bob": "tab\tkept"}


def test_a_value_longer_than_a_cell_is_reported_not_cut(tmp_path):
    long = "x" * 40_000
    path = write_csv(tmp_path / "org.csv", [["Name", "Notes"], ["Ada", long]])
    report = validate_workbook(path)
    (warning,) = report.warnings
    assert (warning.code, warning.field, warning.row) == ("value-too-long", "notes", 2)
    assert report.graph.nodes["Ada"]["notes"] == long  # kept in full
    from influence.errors import ExportError
    from influence.export import export_bytes

    with pytest.raises(ExportError, match="40,000 characters, more than the 32,767 an Excel cell holds"):
        export_bytes(report.graph, "xlsx")  # reported, never cut


def test_records_from_another_source_go_through_the_same_validator():
    people = PeopleRecords.from_rows([
        PersonRecord(1, {"id": "001", "name": "Ada", "attitude": "big fan"}),
        PersonRecord(2, {"id": "002", "name": "Bob", "reports_to": "1", "attitude": "meh"})])
    ties = TieRecords.from_rows([TieRecord(1, {"from": "Bob", "to": "Ada", "strength": "35%"})])
    report = validate_records(ImportRecords("crm.json", people=people, ties=ties))
    assert report.ok
    assert report.graph.nodes["002"]["manager"] == "001"
    assert report.graph.nodes["001"]["attitude"] == "champion"
    assert [w.code for w in report.warnings] == ["unknown-attitude"]
    [(_, _, data)] = relationships(report.graph)
    assert data["strength"] == pytest.approx(0.35)
    with pytest.raises(ValueError, match="unknown person field"):
        PeopleRecords.from_rows([PersonRecord(1, {"shoe": "9"})])


def test_the_people_limit_refuses_before_the_map_is_built(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name"]] + [[f"P{i}"] for i in range(30)])
    report = validate_workbook(path, max_people=20)
    (error,) = report.errors
    assert (error.code, error.hint) == ("too-many-people", Hint("people-limit", value=20))
    assert validate_workbook(path, max_people=30).ok
    ties = [["From", "To"]] + [[f"P{i}", f"P{i + 1}"] for i in range(10)]
    path = write_xlsx(tmp_path / "map.xlsx", {"People": [["Name"]] + [[f"P{i}"] for i in range(11)],
                                              "Relationships": ties})
    (error,) = validate_workbook(path, max_ties=5).errors
    assert (error.code, error.hint) == ("too-many-ties", Hint("tie-limit", value=5))


def test_a_bad_limit_is_a_coded_error(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "org.csv", [["Name"], ["Ada"]])
    monkeypatch.setenv("INFLUENCE_MAX_PEOPLE", "lots")
    (error,) = validate_workbook(path).errors
    assert error.code == "bad-limit" and "INFLUENCE_MAX_PEOPLE" in error.message


# --- anonymised exports -----------------------------------------------------------------------

def test_anonymised_maps_keep_only_the_allow_list():
    G = new_map("Contoso")
    add_person(G, "e1", "Maria Chen", title="CEO", extra={"Phone": 4915112345678, "Salary": 250000,
                                                          "Birth year": 1971, "Personnel number": 80412,
                                                          "Remote": True, "Site": "Berlin"})
    G.nodes["e1"]["secret_score"] = 0.9  # an attribute some other tool put there
    A = anonymize(G)
    data = A.nodes["e1"]
    assert data["extra"] == {}
    assert set(data) == {*KEPT_PERSON_FIELDS, "email", "notes", "extra"}
    assert "4915112345678" not in repr(dict(A.nodes(data=True)))


@pytest.mark.parametrize("name,spellings", [
    ("İlkay Gündoğan", ["ILKAY GÜNDOĞAN", "ilkay", "ılkay", "İLKAY", "Ilkay"]),
    ("Hans Straße", ["HANS STRASSE", "strasse", "STRAẞE", "Straße"]),
    ("Οδυσσέας Ελύτης", ["ΟΔΥΣΣΈΑΣ", "οδυσσέας", "ΕΛΎΤΗΣ", "ελύτης", "Ελύτης"]),
    ("Zoë Levy", ["ZOË", "Zoe\u0308", "zoë levy"]),
])
def test_anonymisation_follows_every_case_rule(name, spellings):
    G = new_map()
    add_person(G, "e1", name, title="CEO")
    key = pseudonyms(G)
    for spelling in spellings:
        text = key.scrub(f"Ask {spelling} first.")
        assert text in ("Ask CEO (A) first.", "Ask [name withheld] first."), (spelling, text)
    A = anonymize(G)
    assert A.nodes["e1"]["name"] == "CEO (A)"


# --- every accepted junk string through every export ---------------------------------------

JUNK = [
    "Ada\x0bByron", "Bob_x000B_Okafor", "Cy\x00Ng", "Dee\x1f\x7fVarga", "Eve\u0085Lind",
    "<script>alert(1)</script>", "Tom & Jerry <b>", "]]><!--", "=cmd|' /C calc'!A0", "+SUM(A1)",
    "\u202eRTL override", "zero\u200bwidth", "\ufeffBOM name", "emoji 👩🏽‍💻 family 👨‍👩‍👧", "Ωμέγα ß İı",
    "عربي مرحبا", "中文 名字", "tab\tand\nnewline", "{curly} %s %(x)s \\back", "\ufffd replacement",
    "Zoe\u0308 decomposed", "x" * 300, "'quoted' \"double\"", "\u2028line\u2029para",
]


@pytest.fixture(scope="module")
def junk_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("junk")
    rows = [["ID", "Name", "Title", "Department", "Reports To", "Attitude", "Owner", "Notes", "Extra"]]
    for i, text in enumerate(JUNK):
        rows.append([f"J{i}", f"{text} {i}", text, text[:20], "J0" if i else "", "supporter" if i % 2 else "skeptic",
                     text, text, text])
    # A CSV file holds every character, controls included (a workbook could not).
    path = folder / "junk.csv"
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    G = read_workbook(path)
    # Ties carry the same strings as notes, as the importer accepts them (controls removed).
    from influence.graph import add_relationship

    for i in range(len(JUNK) - 1):
        note = G.nodes[f"J{i}"]["notes"]
        add_relationship(G, f"J{i}", f"J{i + 1}", "influences", notes=note)
    return G


def test_the_importer_keeps_no_control_character(junk_map):
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    for _, data in junk_map.nodes(data=True):
        for value in [*data.values(), *(data["extra"] or {}).values()]:
            assert not (isinstance(value, str) and bad.search(value)), value
    codes = {w.code for w in junk_map.graph["warnings"]}
    assert "control-characters" in codes


@pytest.mark.browser
@pytest.mark.parametrize("fmt,anonymised", [
    *((f, False) for f in ("xlsx", "html", "pptx", "svg", "png", "pdf")),
    ("xlsx", True), ("html", True), ("pptx", True)])  # the images draw what the deck does
def test_every_export_takes_every_accepted_string(junk_map, fmt, anonymised):
    from influence.export import export_bytes

    data = export_bytes(junk_map, fmt, anonymize=anonymised, target="J5")
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        assert "People" in book.sheetnames
    elif fmt == "svg":
        ET.fromstring(data)  # well-formed
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "png":
        assert data.startswith(b"\x89PNG")
    elif fmt == "pptx":
        from pptx import Presentation

        assert len(Presentation(io.BytesIO(data)).slides) >= 1
    else:
        assert b"<html" in data.lower()
