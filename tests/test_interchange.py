"""GraphML, GEXF and Kumu round trips; files as Gephi and Kumu write them; Salesforce and
Sales Navigator exports (influence.interchange)."""

from __future__ import annotations

import json
from datetime import date

import pytest

import influence
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.interchange import EXTENSIONS, INTERCHANGE_FORMATS, map_bytes, read_map, validate_map
from influence.errors import PROBLEM_CODES, WorkbookError

from graph_schema import assert_schema


def _people(G):
    # An extra column a person has no value in is blank (None) after an import, as from a workbook.
    return {p: {k: ({h: x for h, x in v.items() if x is not None} if k == "extra" else v) for k, v in d.items()}
            for p, d in G.nodes(data=True)}


def _ties(G):
    return sorted((u, v, k, d.get("strength"), d.get("notes")) for u, v, k, d in G.edges(keys=True, data=True))


def _odd_map():
    G = new_map("Zoë & Co <Partner>")
    add_person(G, "007", "Zoë Lévy", title="Chief Financial Officer", attitude="skeptic", authority=5,
               influence=4, style="Analytical", owner="Grace", notes='Said "no" twice; <b>not</b> bold',
               extra={"Hire Date": "2019-04-01", "Desk": 12, "Ratio": 0.25, "Remote": True, "Title2": "x"})
    add_person(G, "7", "Ömer Yılmaz", title="VP Finance", attitude="neutral", style="Quiet type",
               extra={"Desk": 14})
    add_person(G, "a b", "Ann", attitude="champion")
    add_reporting_line(G, "007", "7")
    add_relationship(G, "a b", "007", type="advises", strength=1.0, notes="weekly 1:1")
    add_relationship(G, "7", "007", type="conflicts with", strength=0.35)
    add_relationship(G, "a b", "7", strength=None)
    return G


@pytest.mark.parametrize("fmt", INTERCHANGE_FORMATS)
@pytest.mark.parametrize("which", ["sample", "odd"])
def test_round_trip_keeps_every_person_tie_and_attribute(tmp_path, fmt, which):
    G = influence.load_sample() if which == "sample" else _odd_map()
    path = tmp_path / f"map.{EXTENSIONS[fmt]}"
    path.write_bytes(map_bytes(G, fmt))
    report = validate_map(path)
    assert report.ok, [str(p) for p in report.problems]
    assert {p.code for p in report.warnings} <= {"unknown-style"}  # "Quiet type" is kept as written
    H = report.graph
    assert_schema(H)
    assert H.graph["name"] == G.graph["name"]
    assert _people(H) == _people(G)
    assert _ties(H) == _ties(G)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_column_mixing_numbers_and_text_comes_back_as_text(tmp_path, fmt):
    # GraphML and GEXF declare one type per attribute: a mixed column is written as text.
    G = _odd_map()
    G.nodes["7"]["extra"]["Desk"] = "B-12"
    path = tmp_path / f"map.{fmt}"
    path.write_bytes(map_bytes(G, fmt))
    H = read_map(path)
    assert (H.nodes["007"]["extra"]["Desk"], H.nodes["7"]["extra"]["Desk"]) == ("12", "B-12")


def test_round_trip_analysis_is_the_same(tmp_path):
    G = influence.load_sample()
    path = tmp_path / "map.gexf"
    path.write_bytes(map_bytes(G, "gexf"))
    a, b = influence.analyze(G, simulations=200), influence.analyze(read_map(path), simulations=200)
    assert [x.id for x in a.leaders] == [x.id for x in b.leaders]
    assert a.support_now.mean == b.support_now.mean


GEPHI_GEXF = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3" xmlns:viz="http://gexf.net/1.3/viz"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
      xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd">
  <meta lastmodifieddate="2024-05-02">
    <creator>Gephi 0.10.1</creator>
    <description></description>
  </meta>
  <graph defaultedgetype="directed" mode="dynamic" timeformat="double">
    <attributes class="node" mode="static">
      <attribute id="modularity_class" title="Modularity Class" type="integer"/>
      <attribute id="stance" title="Stance" type="string"/>
      <attribute id="clout" title="Clout (1-5)" type="integer"/>
    </attributes>
    <attributes class="node" mode="dynamic">
      <attribute id="score" title="Score" type="double"/>
    </attributes>
    <nodes>
      <node id="0" label="Ada Park" start="1.0">
        <attvalues>
          <attvalue for="modularity_class" value="1"/>
          <attvalue for="stance" value="champion"/>
          <attvalue for="clout" value="4"/>
          <attvalue for="score" value="0.1" start="1.0" end="2.0"/>
          <attvalue for="score" value="0.7" start="2.0" end="3.0"/>
        </attvalues>
        <spells><spell start="1.0" end="3.0"/></spells>
        <viz:size value="12.5"/>
        <viz:position x="-31.2" y="8.7" z="0.0"/>
        <viz:color r="66" g="135" b="245"/>
      </node>
      <node id="1" label="Bo Chen">
        <attvalues><attvalue for="stance" value="skeptic"/></attvalues>
        <viz:size value="10.0"/><viz:position x="10.0" y="3.0" z="0.0"/><viz:color r="245" g="91" b="66"/>
      </node>
      <node id="2" label="Cy Diaz"><viz:color r="200" g="200" b="200"/></node>
    </nodes>
    <edges>
      <edge id="0" source="0" target="1" weight="1.0"><viz:color r="0" g="0" b="0"/></edge>
      <edge id="1" source="1" target="2" weight="1.0"/>
      <edge id="2" source="2" target="0" type="undirected" weight="1.0"/>
    </edges>
  </graph>
</gexf>
"""


def test_gexf_as_gephi_writes_it(tmp_path):
    path = tmp_path / "gephi.gexf"
    path.write_text(GEPHI_GEXF, encoding="utf-8")
    report = validate_map(path)
    assert report.ok, [str(p) for p in report.problems]
    G = report.graph
    assert_schema(G)
    assert {d["name"] for _, d in G.nodes(data=True)} == {"Ada Park", "Bo Chen", "Cy Diaz"}
    assert G.nodes["0"]["attitude"] == "champion" and G.nodes["1"]["attitude"] == "skeptic"
    # the last dated value is kept; viz is not read as data
    assert G.nodes["0"]["extra"]["Score"] == 0.7
    assert G.nodes["0"]["extra"]["Modularity Class"] == 1
    assert not any("viz" in str(k).lower() or "size" == str(k).lower() for _, d in G.nodes(data=True) for k in d["extra"])
    codes = {p.code for p in report.warnings}
    assert {"dynamic-graph", "uniform-weights", "undirected-edges"} <= codes
    # uniform weights carry nothing: strengths stay blank; the undirected edge goes both ways
    assert all(d.get("strength") is None for *_, d in G.edges(data=True))
    assert G.has_edge("2", "0") and G.has_edge("0", "2")


def test_gexf_column_read_by_its_title(tmp_path):
    path = tmp_path / "gephi.gexf"
    path.write_text(GEPHI_GEXF, encoding="utf-8")
    report = validate_map(path)
    stance = [c for c in report.columns if c.header == "Stance"]
    assert stance and stance[0].field == "attitude"


@pytest.mark.parametrize("ext,content", [
    ("gexf", "<gexf><graph><nodes><node id='1' label='A'/></nodes>"),
    ("gexf", "<html><body>not a graph</body></html>"),
    ("graphml", "<graphml><graph edgedefault='directed'><node id='n0'></graph>"),
    ("json", "{\"elements\": [1, 2"),
    ("json", "{\"nodes\": []}"),
])
def test_damaged_interchange_files_are_a_clear_error(tmp_path, ext, content):
    path = tmp_path / f"bad.{ext}"
    path.write_text(content, encoding="utf-8")
    report = validate_map(path)
    assert not report.ok
    assert [p.code for p in report.errors] == ["damaged-graph-file"]
    assert report.errors[0].file == str(path)
    with pytest.raises(WorkbookError):
        read_map(path)


def test_missing_and_empty_files(tmp_path):
    assert validate_map(tmp_path / "none.gexf").errors[0].code == "file-not-found"
    (tmp_path / "empty.graphml").write_bytes(b"")
    assert validate_map(tmp_path / "empty.graphml").errors[0].code == "empty-file"


def test_interchange_codes_are_known():
    for code in ("damaged-graph-file", "dynamic-graph", "uniform-weights", "undirected-edges"):
        assert code in PROBLEM_CODES


def test_kumu_backup_with_ids_and_nested_attributes(tmp_path):
    backup = {
        "elements": [
            {"_id": "elem-1", "attributes": {"label": "Ada Park", "element type": "Person",
                                             "description": "Met at the QBR", "tags": ["finance", "board"],
                                             "Attitude": "supporter"}},
            {"_id": "elem-2", "attributes": {"label": "Bo Chen", "Attitude": "against us"}},
        ],
        "connections": [
            {"_id": "conn-1", "from": "elem-1", "to": "elem-2",
             "attributes": {"connection type": "advises", "strength": 4}},
            {"_id": "conn-2", "from": "elem-2", "to": "elem-1", "direction": "mutual",
             "attributes": {"connection type": "trusts"}},
        ],
    }
    path = tmp_path / "kumu.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    report = validate_map(path)
    assert report.ok, [str(p) for p in report.problems]
    G = report.graph
    assert_schema(G)
    ada = G.nodes["elem-1"]
    assert ada["name"] == "Ada Park" and ada["notes"] == "Met at the QBR" and ada["attitude"] == "supporter"
    assert ada["extra"]["tags"] == "finance; board"
    assert G.edges["elem-1", "elem-2", "advises"]["strength"] == 0.8
    assert G.has_edge("elem-1", "elem-2", "trusts") and G.has_edge("elem-2", "elem-1", "trusts")
    assert "undirected-edges" in {p.code for p in report.warnings}


def test_kumu_blueprint_by_labels(tmp_path):
    path = tmp_path / "blueprint.json"
    path.write_text(json.dumps({"elements": [{"label": "A"}, {"label": "B"}],
                                "connections": [{"from": "A", "to": "B"}]}), encoding="utf-8")
    G = read_map(path)
    assert G.has_edge("A", "B", "influences")


SALESFORCE_CSV = """Id,FirstName,LastName,Title,Department,Email,ReportsToId,AccountId,Account Name
0035g00000AbCdEAAV,Maria,Lopez,Chief Executive Officer,Executive,maria@contoso.example,,0015g00000XyZ12AAA,Contoso
0035g00000abcdeAAA,Marc,Lopez,VP Sales,Sales,marc@contoso.example,0035g00000AbCdE,0015g00000XyZ12AAA,Contoso
0035g00000ABCDEAAA,Mia,Lopez,VP Finance,Finance,mia@contoso.example,0035g00000AbCdEAAV,0015g00000XyZ12AAA,Contoso
0035g00000QqQqQAAA,Sam,Reed,Account Manager,Sales,sam@contoso.example,0035g00000abcde,0015g00000XyZ12AAA,Contoso
"""


def test_salesforce_ids_are_case_sensitive_and_15_finds_18(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(SALESFORCE_CSV, encoding="utf-8")
    report = validate_map(path)
    assert report.ok, [str(p) for p in report.problems]
    G = report.graph
    assert_schema(G)
    assert len(G) == 4  # three ids that differ only in case are three people
    assert G.nodes["0035g00000abcdeAAA"]["manager"] == "0035g00000AbCdEAAV"  # 15 -> 18, exact case
    assert G.nodes["0035g00000ABCDEAAA"]["manager"] == "0035g00000AbCdEAAV"
    assert G.nodes["0035g00000QqQqQAAA"]["manager"] == "0035g00000abcdeAAA"  # not the upper-case twin
    assert G.nodes["0035g00000AbCdEAAV"]["name"] == "Maria Lopez"
    assert G.nodes["0035g00000AbCdEAAV"]["extra"]["AccountId"] == "0015g00000XyZ12AAA"
    assert G.graph["name"] == "Contoso"


def test_salesforce_unknown_manager_is_reported(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(SALESFORCE_CSV.replace("0035g00000abcde,", "0035g00000zzzzz,"), encoding="utf-8")
    report = validate_map(path)
    problem = [p for p in report.problems if p.code == "manager-not-found"]
    assert problem and problem[0].row == 5 and problem[0].value == "0035g00000zzzzz"


SALES_NAVIGATOR_CSV = """First Name,Last Name,Title,Company,Location,Profile URL
Ada,Park,CFO,Contoso,Seattle,https://www.linkedin.com/sales/lead/ACw1
Ada,Park,Head of Treasury,Contoso,London,https://www.linkedin.com/sales/lead/ACw2/
Bo,Chen,CTO,Contoso,Seattle,https://www.linkedin.com/sales/lead/ACw3
"""


def test_sales_navigator_lead_list(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(SALES_NAVIGATOR_CSV, encoding="utf-8")
    report = validate_map(path)
    assert report.ok, [str(p) for p in report.problems]
    G = report.graph
    assert len(G) == 3  # two Ada Parks stay two people (the profile URL is the id)
    assert G.graph["name"] == "Contoso"
    assert {d["title"] for _, d in G.nodes(data=True)} == {"CFO", "Head of Treasury", "CTO"}


def test_cli_export_map_data_and_read_it_back(tmp_path):
    from click.testing import CliRunner

    from influence.cli import main

    runner = CliRunner()
    for fmt, ext in (("graphml", "graphml"), ("gexf", "gexf"), ("kumu", "json")):
        out = tmp_path / f"map.{ext}"
        result = runner.invoke(main, ["export", "--sample", "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert len(read_map(out)) == 60
        again = runner.invoke(main, ["export", "--sample", "-f", fmt, "-o", str(out)])
        assert again.exit_code == 1 and "--force" in again.output
    anonymous = tmp_path / "anon.gexf"
    assert runner.invoke(main, ["export", "--sample", "-o", str(anonymous), "--anonymize"]).exit_code == 0
    names = {d["name"] for _, d in read_map(anonymous).nodes(data=True)}
    assert "Margaret Okafor" not in names and "Margaret Okafor" not in anonymous.read_text(encoding="utf-8")
    refused = runner.invoke(main, ["export", "--sample", "-f", "kumu", "--win", "NW081"])
    assert refused.exit_code == 2 and "not a briefing" in refused.output
    result = runner.invoke(main, ["validate", str(anonymous), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["people"] == 60
