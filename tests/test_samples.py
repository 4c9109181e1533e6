"""The bundled samples, the real-organisation maps and the synthetic organisations."""

from __future__ import annotations

from collections import Counter

import openpyxl
import pytest

from influence.errors import InfluenceError, PersonNotFound
from influence.graph import PERSON_FIELDS
from influence.importer import validate_workbook
from influence.samples import (
    SAMPLES, krackhardt_map, lazega_map, load_sample, sample_path, synthetic_organisation,
    write_synthetic_workbook,
)
from influence.vocabulary import (
    ATTITUDES, REPORTING, RELATIONSHIP_TYPES, RESISTER_ATTITUDES, parse_attitude,
)


# --- the bundled partner map, read cell by cell --------------------------------------------

def _sheet_rows(ws, header: str):
    """(headers, data rows) of a sheet whose header row starts with *header*."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == header)
    headers = list(rows[start])
    data = [dict(zip(headers, row)) for row in rows[start + 1:] if any(v is not None for v in row)]
    return headers, data


@pytest.fixture(scope="module")
def partner():
    wb = openpyxl.load_workbook(sample_path("partner"), read_only=True)
    people_headers, people = _sheet_rows(wb["People"], "ID")
    tie_headers, ties = _sheet_rows(wb["Relationships"], "From")
    readme = " ".join(str(row[0]) for row in wb["README"].iter_rows(values_only=True) if row[0])
    return people_headers, people, tie_headers, ties, readme


def test_partner_map_has_every_column_of_the_format_filled(partner):
    headers, people, *_ = partner
    expected = ["ID", "Name", "Title", "Department", "Reports To", "Email", "Authority", "Role",
                "Influence", "Attitude", "Style", "Owner", "Notes"]
    assert headers[:len(expected)] == expected
    assert {"Location", "Last Reviewed"} <= set(headers)
    assert 40 <= len(people) <= 80
    for column in headers:
        filled = sum(p[column] not in (None, "") for p in people)
        # Reports To is blank only for the CEO; Owner and Attitude are left blank on purpose.
        assert filled >= 0.6 * len(people), column
    assert sum(p["Reports To"] is None for p in people) == 1
    assert len({p["ID"] for p in people}) == len(people)
    assert len({p["Email"] for p in people}) == len(people)


def test_partner_map_story_departments_attitudes_antibodies_gaps(partner):
    _, people, *_ = partner
    assert len({p["Department"] for p in people}) >= 8
    attitudes = Counter(parse_attitude(p["Attitude"]) for p in people)
    assert set(attitudes) == set(ATTITUDES)
    assert 2 <= attitudes["champion"] <= 8 and 2 <= attitudes["opponent"] <= 3
    assert attitudes["neutral"] + attitudes["unknown"] > len(people) / 2  # the hesitant middle
    # The team's own words, not only the canonical labels.
    words = {str(p["Attitude"]) for p in people}
    assert {"Mentor", "Even keel", "Blocker"} <= words
    antibodies = [p for p in people
                  if parse_attitude(p["Attitude"]) in RESISTER_ATTITUDES and p["Authority"] >= 4]
    assert len(antibodies) >= 2
    assert "Chief Financial Officer" in {p["Title"] for p in antibodies}
    influential = [p for p in people if p["Authority"] >= 4]
    gaps = [p for p in influential if not p["Owner"]]
    assert len(gaps) >= 3
    assert len(gaps) <= 0.3 * len(influential)


def test_partner_map_reporting_tree_mixes_ids_and_names_and_is_at_most_six_deep(partner):
    _, people, *_ = partner
    ids = {p["ID"]: p for p in people}
    by_name = {p["Name"]: p for p in people}
    by_id_or_name = sum(p["Reports To"] in ids for p in people), sum(p["Reports To"] in by_name for p in people)
    assert by_id_or_name[0] > by_id_or_name[1] >= 3
    depth = {}
    for p in people:
        level, boss = 1, p["Reports To"]
        while boss is not None:
            level += 1
            boss = (ids.get(boss) or by_name[boss])["Reports To"]
            assert level <= len(people), "reporting cycle"
        depth[p["ID"]] = level
    assert max(depth.values()) == 6
    assert [p["Title"] for p in people if depth[p["ID"]] == 1] == ["Chief Executive Officer"]


def test_partner_map_relationships(partner):
    _, people, headers, ties, readme = partner
    assert headers == ["From", "To", "Type", "Strength", "Notes"]
    assert 2.5 <= len(ties) / len(people) <= 3.5
    types = Counter(t["Type"] for t in ties)
    assert set(types) == set(RELATIONSHIP_TYPES)
    assert 3 <= types["conflicts with"] <= 10
    strengths = {t["Strength"] for t in ties}
    assert {1, 5, "weak", "medium", "strong"} <= strengths
    names = {p["Name"] for p in people} | {p["ID"] for p in people}
    assert all(t["From"] in names and t["To"] in names and t["From"] != t["To"] for t in ties)
    dept = {p["Name"]: p["Department"] for p in people} | {p["ID"]: p["Department"] for p in people}
    assert sum(dept[t["From"]] != dept[t["To"]] for t in ties) >= 30  # cross-department ties
    degree = Counter(x for t in ties for x in (t["From"], t["To"]))
    assert len(degree) >= len(people)  # everybody is tied to someone (by name or id)
    assert "fictional" in readme.lower()


def test_partner_map_imports_with_no_errors_and_no_warnings():
    report = validate_workbook(sample_path("partner"))
    assert report.errors == [] and report.warnings == []
    assert report.counts == {"people": 60, "reporting_lines": 59, "relationships": 180}
    G = report.graph
    assert G.graph["name"] == "Northwind Systems"
    assert G.nodes["NW060"]["attitude"] == "skeptic" and G.nodes["NW042"]["attitude"] == "opponent"
    assert G.nodes["NW013"]["manager"] == "NW010"  # Reports To given as a name


def test_load_sample_reads_the_bundled_map():
    G = load_sample()
    assert G.graph["name"] == "Northwind Systems" and G.number_of_nodes() == 60


def test_hr_export_imports_with_no_errors_and_no_warnings():
    report = validate_workbook(sample_path("hr"))
    assert report.errors == [] and report.warnings == []
    assert report.counts["people"] == 3000 and report.counts["reporting_lines"] == 2999


# --- the HR export ---------------------------------------------------------------------

def test_hr_export_is_a_plain_workday_like_export():
    ws = openpyxl.load_workbook(sample_path("hr"), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("Worker Report - Northwind Systems")
    assert all(v is None for v in rows[1])
    assert list(rows[2]) == ["Employee ID", "First Name", "Last Name", "Business Title",
                             "Supervisory Organization", "Manager ID", "Work Email", "Location",
                             "Hire Date", "Cost Center"]
    data = rows[3:]
    assert 2000 <= len(data) <= 5000
    ids = {r[0] for r in data}
    assert len(ids) == len(data) and all(isinstance(i, str) and i.startswith("E0") for i in ids)
    tops = [r for r in data if r[5] is None]
    assert len(tops) == 1 and tops[0][3] == "Chief Executive Officer"
    assert all(r[5] in ids for r in data if r[5] is not None)
    assert all(hasattr(r[8], "year") for r in data)  # real dates, not text
    assert len({r[6] for r in data}) == len(data)


# --- sample_path --------------------------------------------------------------------------

def test_sample_path_finds_every_bundled_workbook():
    for name in SAMPLES:
        assert sample_path(name).is_file()
    assert sample_path() == sample_path("partner") == sample_path(" Partner ")


def test_sample_path_unknown_name_lists_the_names():
    with pytest.raises(InfluenceError, match="no bundled sample called 'sales'; use one of: partner, hr"):
        sample_path("sales")


# --- real organisations ---------------------------------------------------------------------

def _assert_schema(G):
    for _, attrs in G.nodes(data=True):
        assert set(attrs) == {*PERSON_FIELDS, "manager", "extra"}
        assert attrs["attitude"] in ATTITUDES
        assert isinstance(attrs["extra"], dict)
    for u, v, key, attrs in G.edges(keys=True, data=True):
        assert set(attrs) == {"type", "strength", "notes"}
        assert attrs["type"] == key and key in (REPORTING, *RELATIONSHIP_TYPES)
        assert attrs["strength"] is None or 0 < attrs["strength"] <= 1
        assert u != v


def test_krackhardt_map_matches_the_published_data():
    G = krackhardt_map()
    _assert_schema(G)
    assert G.number_of_nodes() == 21
    lines = [(u, v) for u, v, k in G.edges(keys=True) if k == REPORTING]
    assert len(lines) == 20
    assert [p for p in G if G.nodes[p]["manager"] is None] == ["7"]
    assert {v for u, v in lines if u == "7"} == {"2", "14", "18", "21"}
    advises = [(u, v) for u, v, k in G.edges(keys=True) if k == "advises"]
    assert len(advises) == 190
    # Manager 2 is the most sought-after adviser: 18 of the 20 others ask 2 for advice.
    assert len({v for u, v in advises if u == "2"}) == 18
    assert G.nodes["7"]["title"] == "CEO" and G.nodes["2"]["title"] == "Vice President"
    assert {G.nodes[p]["attitude"] for p in G} == {"unknown"}


def test_krackhardt_map_attitudes_from_a_mapping():
    G = krackhardt_map(attitudes={"2": "Mentor", 7: "blocker"})
    assert G.nodes["2"]["attitude"] == "champion" and G.nodes["7"]["attitude"] == "opponent"
    with pytest.raises(PersonNotFound, match="'99' is not a person"):
        krackhardt_map(attitudes={"99": "supporter"})
    with pytest.raises(InfluenceError, match="attitude of 2"):
        krackhardt_map(attitudes={"2": "middling-ish"})


def test_lazega_map_and_its_seeded_attitudes():
    G = lazega_map()
    _assert_schema(G)
    assert G.number_of_nodes() == 71
    assert sum(1 for *_, k in G.edges(keys=True) if k == REPORTING) == 0
    assert sum(1 for *_, k in G.edges(keys=True) if k == "advises") == 892
    partners = [p for p in G if G.nodes[p]["title"] == "Partner"]
    assert len(partners) == 36 and all(G.nodes[p]["authority"] == 4 for p in partners)
    assert G.nodes["40"]["authority"] == 2 and G.nodes["40"]["title"] == "Associate"
    same = lazega_map(seed=0)
    assert [G.nodes[p]["attitude"] for p in G] == [same.nodes[p]["attitude"] for p in same]
    other = lazega_map(seed=1)
    assert [G.nodes[p]["attitude"] for p in G] != [other.nodes[p]["attitude"] for p in other]
    drawn = Counter(G.nodes[p]["attitude"] for p in G)
    assert set(drawn) <= set(ATTITUDES) and drawn["neutral"] > drawn["opponent"]
    blank = lazega_map(attitudes=None)
    assert {blank.nodes[p]["attitude"] for p in blank} == {"unknown"}
    with pytest.raises(InfluenceError, match="attitudes='lots'"):
        lazega_map(attitudes="lots")


# --- synthetic organisations --------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 7, 60, 1000])
def test_synthetic_organisation_is_a_tree_with_about_three_ties_per_person(n):
    G = synthetic_organisation(n, seed=3)
    _assert_schema(G)
    assert G.number_of_nodes() == n
    lines = [(u, v) for u, v, k in G.edges(keys=True) if k == REPORTING]
    assert len(lines) == n - 1
    roots = [p for p in G if G.nodes[p]["manager"] is None]
    assert len(roots) == 1
    assert all(G.nodes[v]["manager"] == u for u, v in lines)
    assert len({v for _, v in lines}) == n - 1  # one manager each: a tree with one root
    ties = [(u, v) for u, v, k in G.edges(keys=True) if k != REPORTING]
    assert len(set(ties)) == len(ties)  # at most one relationship per ordered pair
    if n >= 60:
        assert len(ties) == 3 * n


def test_synthetic_organisation_looks_like_a_real_company():
    G = synthetic_organisation(5000, seed=0)
    people = G.nodes
    ceo = next(p for p in G if people[p]["manager"] is None)
    assert people[ceo]["title"] == "Chief Executive Officer" and people[ceo]["authority"] == 5
    spans = Counter(people[p]["manager"] for p in G if people[p]["manager"])
    assert 5 <= sum(spans.values()) / len(spans) <= 8
    depth = {}
    for p in G:
        d, q = 0, p
        while people[q]["manager"]:
            q, d = people[q]["manager"], d + 1
        depth[p] = d
    assert 4 <= max(depth.values()) <= 7
    assert len({people[p]["department"] for p in G}) == 10
    assert any(people[p]["title"].startswith("VP Sales") for p in G)
    assert any(people[p]["title"].startswith("Director, ") for p in G)
    assert len({people[p]["email"] for p in G}) == len(G)
    attitudes = Counter(people[p]["attitude"] for p in G)
    allies = (attitudes["champion"] + attitudes["supporter"]) / len(G)
    assert 0.10 <= allies <= 0.20
    assert sum(people[p]["owner"] is not None for p in G if depth[p] > 2) == 0
    assert sum(people[p]["owner"] is not None for p in G if depth[p] <= 2) > 0
    ties = [(u, v, k) for u, v, k in G.edges(keys=True) if k != REPORTING]
    types = Counter(k for *_, k in ties)
    assert set(types) == set(RELATIONSHIP_TYPES) and types["conflicts with"] < 0.1 * len(ties)
    same_dept = sum(people[u]["department"] == people[v]["department"] for u, v, _ in ties)
    assert same_dept > 0.6 * len(ties)  # ties cluster inside departments


def test_synthetic_organisation_is_deterministic_for_the_seed():
    a, b, c = (synthetic_organisation(300, seed=s) for s in (5, 5, 6))
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert list(a.edges(keys=True)) != list(c.edges(keys=True))
    blank = synthetic_organisation(300, attitudes=False)
    assert {blank.nodes[p]["attitude"] for p in blank} == {"unknown"}


def test_synthetic_organisation_rejects_bad_sizes():
    with pytest.raises(ValueError, match="at least 1 person"):
        synthetic_organisation(0)
    with pytest.raises(ValueError, match="relationships_per_person"):
        synthetic_organisation(10, relationships_per_person=-1)


def test_write_synthetic_workbook_round_trip(tmp_path):
    path = write_synthetic_workbook(tmp_path / "org.xlsx", 120, seed=2)
    G = synthetic_organisation(120, seed=2)
    wb = openpyxl.load_workbook(path, read_only=True)
    # Write-only sheets store no trailing blank cells: pad the rows back to full width.
    people = [(*row, *[None] * (14 - len(row))) for row in wb["People"].iter_rows(values_only=True)]
    ties = [(*row, *[None] * (5 - len(row))) for row in wb["Relationships"].iter_rows(values_only=True)]
    assert people[0][:6] == ("ID", "Name", "Title", "Department", "Reports To", "Email")
    assert len(people) == 121 and len(ties) == 1 + 360
    assert {r[0] for r in people[1:]} == set(G)
    assert sum(r[4] is None for r in people[1:]) == 1
    assert ties[0] == ("From", "To", "Type", "Strength", "Notes")
    assert {r[3] for r in ties[1:]} <= {None, 1, 2, 3, 4, 5}
    assert [p.name for p in tmp_path.iterdir()] == ["org.xlsx"]  # no temp file left behind
    report = validate_workbook(path)
    assert report.errors == [] and report.warnings == []
    assert report.counts == {"people": 120, "reporting_lines": 119, "relationships": 360}
    assert report.graph.nodes["P000002"]["attitude"] == G.nodes["P000002"]["attitude"]
