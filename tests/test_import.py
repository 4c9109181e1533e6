"""The importer on real-world layouts: header synonyms, CSV dialects, sheets, overrides, Krackhardt."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from influence import ImportReport, WorkbookError, read_workbook, validate_workbook
from influence.graph import relationships, reporting_lines

# The published data set as bundled with the package (a verbatim copy of ../shared/datasets).
KRACKHARDT = Path(__file__).resolve().parents[1] / "data" / "datasets" / "krackhardt"


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with one sheet per entry, rows written from A1 down."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list], *, delimiter=",", encoding="utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


# --- header synonyms, one family at a time ----------------------------------------------

@pytest.mark.parametrize("header", ["ID", "Employee ID", "Employee #", "Employee Number",
                                    "Person ID", "Worker ID", "User ID", "employee_id", "EMPLOYEE-ID"])
def test_id_synonyms(tmp_path, header):
    G = read_workbook(write_csv(tmp_path / "org.csv", [[header, "Name"], ["E7", "Ada Byron"]]))
    assert list(G.nodes) == ["E7"]
    assert G.nodes["E7"]["name"] == "Ada Byron"


@pytest.mark.parametrize("header", ["Name", "Full Name", "Employee Name", "Display Name", "Worker",
                                    "Label", " full  name ", "DISPLAYNAME"])
def test_name_synonyms(tmp_path, header):
    G = read_workbook(write_csv(tmp_path / "org.csv", [["ID", header], [1, "Ada Byron"]]))
    assert G.nodes["1"]["name"] == "Ada Byron"


@pytest.mark.parametrize("first,last", [("First Name", "Last Name"), ("Given Name", "Surname"),
                                        ("givenName", "sn"), ("first_name", "LAST NAME")])
def test_first_and_last_name_are_joined(tmp_path, first, last):
    G = read_workbook(write_csv(tmp_path / "org.csv", [[first, last], ["Ada", "Byron"], ["Cher", ""]]))
    assert sorted(G.nodes) == ["Ada Byron", "Cher"]
    assert "First Name" not in G.nodes["Cher"]["extra"]  # consumed into the name, not kept twice


@pytest.mark.parametrize("field,headers", [
    ("title", ["Title", "Job Title", "Business Title", "Position", "jobTitle"]),
    ("department", ["Department", "Division", "Business Unit", "Team", "Supervisory Organization"]),
    ("email", ["Email", "E-mail", "Work Email", "mail", "userPrincipalName"]),
    ("owner", ["Owner", "Relationship Owner"]),
    ("notes", ["Notes", "Comments", "Description"]),
])
def test_attribute_synonyms(tmp_path, field, headers):
    for header in headers:
        G = read_workbook(write_csv(tmp_path / "org.csv", [["Name", header], ["Ada", "x@y.z"]]))
        assert G.nodes["Ada"][field] == "x@y.z", header


@pytest.mark.parametrize("header,reference", [
    ("Reports To", "1"), ("Manager", "Ada Byron"), ("Manager ID", "1"),
    ("Manager Email", "ADA@example.com"), ("Supervisor", "ada byron"), ("Supervisor ID", "1"),
])
def test_manager_synonyms_and_resolution(tmp_path, header, reference):
    rows = [["Employee ID", "Name", "Email", header],
            [1, "Ada Byron", "ada@example.com", ""],
            [2, "Bob Stone", "bob@example.com", reference]]
    G = read_workbook(write_csv(tmp_path / "org.csv", rows))
    assert list(reporting_lines(G)) == [("1", "2")]
    assert G.nodes["2"]["manager"] == "1" and G.nodes["1"]["manager"] is None
    assert G.graph["warnings"] == []


def test_manager_written_last_name_first(tmp_path):
    rows = [["Name", "Manager"], ["Ada Lovelace", ""], ["Bob Stone", "Lovelace, Ada"]]
    G = read_workbook(write_csv(tmp_path / "org.csv", rows))
    assert list(reporting_lines(G)) == [("Ada Lovelace", "Bob Stone")]


def test_xlsm_workbook(tmp_path):
    G = read_workbook(write_xlsx(tmp_path / "map.xlsm", {"People": [["Name"], ["Ada"]]}))
    assert list(G.nodes) == ["Ada"]


@pytest.mark.parametrize("field,header", [("attitude", "Attitude"), ("attitude", "Stance"),
                                          ("style", "Social Style"), ("authority", "Authority"),
                                          ("influence", "Influence"), ("role", "Decision Role")])
def test_vocabulary_columns(tmp_path, field, header):
    value = {"attitude": "Mentor", "style": "analytical", "authority": "High", "influence": 5,
             "role": "Decision Maker"}[field]
    expected = {"attitude": "champion", "style": "Analytical", "authority": 4, "influence": 5,
                "role": "decision maker"}[field]
    G = read_workbook(write_xlsx(tmp_path / "map.xlsx", {"People": [["Name", header], ["Ada", value]]}))
    assert G.nodes["Ada"][field] == expected


def test_unrecognised_columns_are_kept_in_extra(tmp_path):
    rows = [["Name", "Cost Center", "Hire Date", "Headcount", ""],
            ["Ada", "CC-100", "2019-04-01", 12, "stray"]]
    G = read_workbook(write_xlsx(tmp_path / "map.xlsx", {"People": rows}))
    assert G.nodes["Ada"]["extra"] == {"Cost Center": "CC-100", "Hire Date": "2019-04-01",
                                       "Headcount": 12}


def test_kumu_layout(tmp_path):
    path = write_xlsx(tmp_path / "kumu.xlsx", {
        "Elements": [["Label", "Type", "Description"], ["Ada", "Person", "CEO"],
                     ["Bob", "Person", "CFO"]],
        "Connections": [["From", "To", "Type", "Strength"], ["Ada", "Bob", "trust", 4]],
    })
    G = read_workbook(path)
    assert sorted(G.nodes) == ["Ada", "Bob"]
    assert G.nodes["Ada"]["notes"] == "CEO" and G.nodes["Ada"]["extra"] == {"Type": "Person"}
    assert [(u, v, d["type"], d["strength"]) for u, v, d in relationships(G)] == [("Ada", "Bob", "trusts", 0.8)]


def test_gephi_layout(tmp_path):
    path = write_xlsx(tmp_path / "gephi.xlsx", {
        "Nodes": [["Id", "Label"], ["n1", "Ada"], ["n2", "Bob"], ["n3", "Cy"]],
        "Edges": [["Source", "Target", "Type", "Id", "Label", "Weight"],
                  ["n1", "n2", "Directed", 0, "", 0.3], ["n2", "n3", "Undirected", 1, "", 0.6]],
    })
    G = read_workbook(path)
    ties = sorted((u, v, d["type"], d["strength"]) for u, v, d in relationships(G))
    # an undirected Gephi edge influences both ways
    assert ties == [("n1", "n2", "influences", 0.3), ("n2", "n3", "influences", 0.6),
                    ("n3", "n2", "influences", 0.6)]
    assert G.graph["warnings"] == []


# --- CSV dialects ------------------------------------------------------------------------

ROWS = [["Name", "Title", "Reports To"], ["Zoë Müller", "CEO, Founder", ""], ["Bob", "CFO", "Zoë Müller"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    G = read_workbook(write_csv(tmp_path / "org.csv", ROWS, delimiter=delimiter, encoding=encoding))
    assert sorted(G.nodes) == ["Bob", "Zoë Müller"]
    assert G.nodes["Zoë Müller"]["title"] == "CEO, Founder"
    assert list(reporting_lines(G)) == [("Zoë Müller", "Bob")]


def test_csv_latin1_bytes_outside_cp1252(tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(b"Name;Notes\r\nAda;caf\xe9 \x81\r\n")  # 0x81 is undefined in Windows-1252
    G = read_workbook(path)
    # Latin-1 reads 0x81 as the C1 control U+0081: removed, with a warning at its cell.
    assert G.nodes["Ada"]["notes"] == "café"
    (warning,) = G.graph["warnings"]
    assert (warning.code, warning.field, warning.row, warning.column) == (
        "control-characters", "notes", 2, "Notes")


def test_csv_bom_does_not_spoil_the_first_header(tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(b"\xef\xbb\xbfEmployee ID,Name\n7,Ada\n")
    assert list(read_workbook(path).nodes) == ["7"]


# --- where the table is -------------------------------------------------------------------

def test_header_row_below_title_rows_and_excel_row_numbers(tmp_path):
    path = write_xlsx(tmp_path / "contoso.xlsx", {"Org": [
        ["Partner", "Contoso Ltd"], [], ["Prepared by the alliance team"],
        ["Name", "Manager", "Attitude"],
        ["Ada", "", "champion"], ["Bob", "Ada", "meh"]]})
    report = validate_workbook(path)
    assert report.ok and report.graph.graph["name"] == "Contoso Ltd"
    (warning,) = report.warnings
    assert (warning.code, warning.sheet, warning.row, warning.column, warning.value) == (
        "unknown-attitude", "Org", 6, "Attitude", "meh")


def test_file_name_is_the_partner_name_without_a_partner_cell(tmp_path):
    G = read_workbook(write_csv(tmp_path / "northwind_systems.csv", [["Name"], ["Ada"]]))
    assert G.graph["name"] == "northwind systems"
    assert G.graph["source"] == str(tmp_path / "northwind_systems.csv")


def test_sheets_found_by_content(tmp_path):
    path = write_xlsx(tmp_path / "export.xlsx", {
        "Summary": [["Quarterly review of the partner"], ["Owner: alliance team"]],
        "Sheet2": [["Source", "Target"], ["Ada", "Bob"]],
        "Sheet3": [["Worker", "Supervisor", "Business Title"], ["Ada", "", "CEO"], ["Bob", "Ada", "CFO"]],
    })
    report = validate_workbook(path)
    assert report.sheets == {"people": "Sheet3", "relationships": "Sheet2"}
    assert report.counts == {"people": 2, "reporting_lines": 1, "relationships": 1}


def test_sheets_found_by_name_before_content(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "Other": [["Name"], ["Zed"]],
        "Employees": [["Name"], ["Ada"], ["Bob"]],
        "Links": [["From", "To"], ["Ada", "Bob"]],
    })
    G = read_workbook(path)
    assert sorted(G.nodes) == ["Ada", "Bob"]


# --- overrides ------------------------------------------------------------------------------

def test_column_override_names_an_unrecognised_header(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Preferred", "Line Mgr"], ["Ada", ""], ["Bob", "Ada"]])
    with pytest.raises(WorkbookError, match="no name column"):
        read_workbook(path)
    G = read_workbook(path, columns={"name": "preferred", "reports_to": "Line Mgr"})
    assert list(reporting_lines(G)) == [("Ada", "Bob")]


def test_column_override_beats_a_synonym(tmp_path):
    path = write_csv(tmp_path / "org.csv", [["Name", "Nickname"], ["Ada Byron", "Ada"]])
    G = read_workbook(path, columns={"name": "Nickname"})
    assert list(G.nodes) == ["Ada"] and G.nodes["Ada"]["extra"] == {"Name": "Ada Byron"}


def test_sheet_options(tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {
        "People": [["Name"], ["Old"]],
        "2024": [["Name"], ["Ada"], ["Bob"]],
        "Ties": [["Who", "Whom"], ["Ada", "Bob"]],
        "Ties 2024": [["From", "To", "Type"], ["Bob", "Ada", "advises"]],
    })
    G = read_workbook(path, sheet="2024", relationships_sheet="ties 2024")
    assert sorted(G.nodes) == ["Ada", "Bob"]
    assert [(u, v, d["type"]) for u, v, d in relationships(G)] == [("Bob", "Ada", "advises")]


# --- the reference data set: Krackhardt's high-tech managers ------------------------------

def krackhardt_workbook(folder: Path) -> Path:
    """Krackhardt (1987): People from attributes + reports_to; advice ties as relationships.

    An advice arc "source asks target for advice" means target influences source, so it
    becomes the relationship target -> source of type "advises".
    """
    with open(KRACKHARDT / "attributes.csv", newline="") as handle:
        attributes = list(csv.DictReader(handle))
    with open(KRACKHARDT / "edges.csv", newline="") as handle:
        edges = list(csv.DictReader(handle))
    boss = {e["source"]: e["target"] for e in edges if e["relation"] == "reports_to"}
    people = [["ID", "Name", "Reports To", "Department", "Level"]]
    people += [[int(a["id"]), f"Manager {a['id']}", int(boss[a["id"]]) if a["id"] in boss else None,
                f"Department {a['dept']}", int(a["level"])] for a in attributes]
    ties = [["From", "To", "Type"]]
    ties += [[int(e["target"]), int(e["source"]), "advises"] for e in edges if e["relation"] == "advice"]
    return write_xlsx(folder / "krackhardt.xlsx", {"People": people, "Relationships": ties})


def test_krackhardt_managers(tmp_path):
    report = validate_workbook(krackhardt_workbook(tmp_path))
    assert report.ok and report.warnings == []
    G = report.graph
    assert report.counts == {"people": 21, "reporting_lines": 20, "relationships": 190}
    assert [n for n in G if G.nodes[n]["manager"] is None] == ["7"]
    assert {r for m, r in reporting_lines(G) if m == "7"} == {"2", "14", "18", "21"}
    # manager 2 is the most sought-after adviser: 18 of the other 20 ask them
    advisers = {}
    for u, v, d in relationships(G):
        assert d["type"] == "advises"
        advisers[u] = advisers.get(u, 0) + 1
    assert max(advisers, key=advisers.get) == "2" and advisers["2"] == 18
    assert G.nodes["7"]["extra"] == {"Level": 1}


def test_report_dataclass(tmp_path):
    report = validate_workbook(write_csv(tmp_path / "org.csv", [["Name"], ["Ada"]]))
    assert isinstance(report, ImportReport)
    assert report.to_dict() == {"file": str(tmp_path / "org.csv"), "ok": True, "people": 1,
                                "reporting_lines": 0, "relationships": 0,
                                "sheets": {"people": None}, "errors": [], "warnings": [],
                                "columns": [{"sheet": None, "header": "Name", "field": "name",
                                             "suggestions": []}],
                                "unknown_values": []}
