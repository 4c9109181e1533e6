"""Judgements as evidence: the combination rule, fading, the Assessments and Interactions sheets,
the disputed / stale / losing-touch warnings, and round trips (influence.assessments)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import openpyxl
import pytest
from click.testing import CliRunner

import influence
from influence.assessments import (
    Assessment, add_assessment, attitude_distribution, combined_value, current_views, is_disputed,
    log_interaction, parse_confidence,
)
from influence.cli import main
from influence.errors import InfluenceError
from influence.interchange import read_map, validate_map
from influence.store import open_store

from graph_schema import assert_schema

TODAY = date.today()


def _ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


# --- the combination rule, by hand -------------------------------------------------------------

def test_latest_view_of_each_rater_counts():
    views = [Assessment("attitude", "opponent", "Sam", date(2026, 1, 1), 0.9),
             Assessment("attitude", "supporter", "Sam", date(2026, 6, 1), 0.9)]
    assert [a.value for a in current_views(views, "attitude")] == ["supporter"]
    assert combined_value(views, "attitude", today=date(2026, 6, 2)) == "supporter"


def test_weighted_median_with_fading_by_hand():
    today = date(2026, 12, 1)
    # weights: Grace 0.9 * 0.5**(0/180) = 0.9; Sam 0.6 * 0.5**(360/180) = 0.15; Lee 0.3 (no date, no fading)
    views = [Assessment("attitude", "champion", "Grace", today, 0.9),
             Assessment("attitude", "opponent", "Sam", today - timedelta(days=360), 0.6),
             Assessment("attitude", "neutral", "Lee", None, 0.3)]
    assert Assessment("attitude", "x", "Sam", today - timedelta(days=360), 0.6).weight(today) == pytest.approx(0.15)
    # ordered: opponent 0.15 | neutral 0.3 | champion 0.9; total 1.35, half 0.675 -> champion
    assert combined_value(views, "attitude", today=today) == "champion"
    # a year later Grace's view has faded too: 0.9 * 0.5**(365/180) = 0.2204; Sam 0.0372; Lee 0.3
    later = today + timedelta(days=365)
    # opponent 0.0372 | neutral 0.3 | champion 0.2204: total 0.5576, half 0.2788 -> neutral
    assert combined_value(views, "attitude", today=later) == "neutral"
    shares = dict(attitude_distribution(views, today=today))
    assert shares["champion"] == pytest.approx(0.9 / 1.35) and shares["opponent"] == pytest.approx(0.15 / 1.35)


def test_numbers_by_median_and_style_by_mode():
    today = date(2026, 12, 1)
    influence_views = [Assessment("influence", v, r, today, 0.6) for r, v in (("a", 2), ("b", 4), ("c", 5))]
    assert combined_value(influence_views, "influence", today=today) == 4
    styles = [Assessment("style", "Driver", "a", today, 0.5), Assessment("style", "Analytical", "b", today, 0.4),
              Assessment("style", "Analytical", "c", today, 0.3)]
    assert combined_value(styles, "style", today=today) == "Analytical"  # 0.7 against 0.5
    assert combined_value([], "style", today=today) is None


def test_disputed_means_two_steps_or_either_side_of_the_line():
    today = date(2026, 12, 1)
    view = lambda r, v: Assessment("attitude", v, r, today, 0.6)
    assert is_disputed([view("a", "supporter"), view("b", "skeptic")], today=today)       # straddles
    assert is_disputed([view("a", "neutral"), view("b", "opponent")], today=today)        # two steps
    assert not is_disputed([view("a", "neutral"), view("b", "skeptic")], today=today)     # one step
    assert not is_disputed([view("a", "champion"), view("b", "supporter")], today=today)
    assert not is_disputed([view("a", "champion"), view("a", "opponent")], today=today)   # one rater


def test_confidence_words_numbers_and_range():
    assert parse_confidence("low") == 0.3 and parse_confidence("75%") == 0.75 and parse_confidence(1) == 1.0
    with pytest.raises(ValueError, match="out of range"):
        parse_confidence(1.5)
    with pytest.raises(ValueError):
        parse_confidence("maybe")


def test_add_assessment_refreshes_the_value_and_refuses_bad_input():
    G = influence.load_sample()
    person = "NW060"
    add_assessment(G, person, "attitude", "Mentor", rater="Grace", date=_ago(2), confidence="high")
    add_assessment(G, person, "attitude", "supporter", rater="Sam", date=_ago(5), confidence="medium")
    assert G.nodes[person]["attitude"] == "champion"  # 0.9 for champion outweighs 0.6 for supporter
    assert len(G.nodes[person]["assessments"]) == 2
    with pytest.raises(InfluenceError, match="future"):
        add_assessment(G, person, "attitude", "neutral", rater="Sam", date=(TODAY + timedelta(days=3)).isoformat())
    with pytest.raises(InfluenceError, match="not a date"):
        add_assessment(G, person, "attitude", "neutral", date="last Tuesday")
    with pytest.raises(InfluenceError, match="cannot assess"):
        add_assessment(G, person, "salary", "high")
    log_interaction(G, person, owner="Grace", date=_ago(1), kind="call", notes="budget")
    with pytest.raises(InfluenceError, match="kind"):
        log_interaction(G, person, owner="Grace", kind="carrier pigeon")


# --- the workbook: three warnings, exactly --------------------------------------------------------

def _attention_workbook(path):
    """Ten people: Dana is disputed, the hub (the one leader) was last assessed long ago,
    the antibody Ravi has had no contact for 200 days; everyone else is in touch."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "People"
    ws.append(["ID", "Name", "Title", "Reports To", "Authority", "Role", "Attitude", "Owner"])
    people = [("p1", "Ann Cole", "CEO", None, 5, "decision maker", "champion", "Grace"),
              ("hub", "Hal Ubeda", "COO", "p1", 4, None, "neutral", "Sam"),
              ("dana", "Dana Ode", "CFO", "p1", 4, None, "neutral", "Grace"),
              ("ravi", "Ravi Nair", "CTO", "p1", 4, None, "skeptic", "Sam")]
    people += [(f"m{i}", f"Manager {i}", "Director", "hub", 2, None, "neutral", "Lee") for i in range(6)]
    for row in people:
        ws.append(list(row))
    ties = wb.create_sheet("Relationships")
    ties.append(["From", "To", "Type", "Strength"])
    for i in range(6):
        ties.append(["hub", f"m{i}", "influences", 5])
    ties.append(["hub", "dana", "advises", 4])
    sheet = wb.create_sheet("Assessments")
    sheet.append(["Person", "Field", "Value", "Rated by", "Date", "Confidence", "Source"])
    sheet.append(["Dana Ode", "attitude", "supporter", "Grace", _ago(7), "high", "said in the QBR she backs it"])
    sheet.append(["Dana Ode", "attitude", "blocker", "Sam", _ago(20), "medium", "blocked the budget line"])
    sheet.append(["hub", "influence", 4, "Grace", _ago(120), "high", None])
    log = wb.create_sheet("Interactions")
    log.append(["Person", "Owner", "Date", "Kind", "Notes"])
    for pid, *_ in people:
        if pid != "ravi":
            log.append([pid, "Grace", _ago(3), "meeting", None])
    log.append(["ravi", "Sam", _ago(200), "call", "last spoke about the roadmap"])
    wb.save(path)
    return path


def test_exactly_the_three_warnings_in_analyze_json(tmp_path):
    path = _attention_workbook(tmp_path / "attention.xlsx")
    report = validate_map(path)
    assert report.ok and report.warnings == [], [str(p) for p in report.warnings]
    result = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    leaders = [x["id"] for x in data["leading_10_percenters"]]
    assert leaders == ["hub"]
    assert [x["id"] for x in data["disputed"]] == ["dana"]
    assert "Grace says supporter" in data["disputed"][0]["why"] and "Sam says opponent" in data["disputed"][0]["why"]
    assert [x["id"] for x in data["stale"]] == ["hub"]
    assert "120 days" in data["stale"][0]["why"]
    assert [x["id"] for x in data["losing_touch"]] == ["ravi"]
    assert "200 days" in data["losing_touch"][0]["why"]
    text = CliRunner().invoke(main, ["analyze", str(path)]).output
    assert "Needs attention" in text and "Losing touch: Ravi Nair" in text


def test_bad_assessment_rows_are_located_warnings(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "People"
    ws.append(["Name", "Attitude"])
    ws.append(["Ann Cole", "neutral"])
    sheet = wb.create_sheet("Assessments")
    sheet.append(["Person", "Field", "Value", "Assessed By", "Assessed On", "Confidence", "Evidence"])
    sheet.append(["Zed Nobody", "attitude", "supporter", "Grace", _ago(1), "high", None])       # row 2
    sheet.append(["Ann Cole", "attitude", "supporter", "Grace", "last Tuesday", "high", None])  # row 3
    sheet.append(["Ann Cole", "attitude", "skeptic", "Sam", _ago(1), 7, None])                  # row 4
    sheet.append(["Ann Cole", "attitude", "neutral", "Lee", (TODAY + timedelta(days=9)).isoformat(), None, None])
    sheet.append(["Ann Cole", "mood", "grumpy", "Lee", _ago(1), None, None])                   # row 6
    sheet.append(["Ann Cole", "attitude", "meh", "Lee", _ago(1), None, None])                  # row 7
    log = wb.create_sheet("Interactions")
    log.append(["Person", "Owner", "Date", "Kind"])
    log.append(["Ann Cole", "Grace", "soon", "carrier pigeon"])                                # row 2
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    report = validate_map(path)
    assert report.ok
    found = {(p.code, p.sheet, p.row, p.column, p.value) for p in report.warnings}
    assert ("annotation-person-not-found", "Assessments", 2, "Person", "Zed Nobody") in found
    assert ("not-a-date", "Assessments", 3, "Assessed On", "last Tuesday") in found
    assert ("unknown-confidence", "Assessments", 4, "Confidence", 7) in found
    assert any(c == "future-date" and s == "Assessments" and r == 5 for c, s, r, *_ in found)
    assert ("unknown-assessed-field", "Assessments", 6, "Field", "mood") in found
    assert ("unknown-attitude", "Assessments", 7, "Value", "meh") in found
    assert ("not-a-date", "Interactions", 2, "Date", "soon") in found
    assert ("unknown-interaction-kind", "Interactions", 2, "Kind", "carrier pigeon") in found
    views = report.graph.nodes["Ann Cole"]["assessments"]
    # kept: the undated one (row 3), the one with medium confidence (row 4), the undated future one (row 5)
    assert sorted(v["rater"] for v in views) == ["Grace", "Lee", "Sam"]


def test_people_columns_date_and_attribute_the_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "People"
    ws.append(["Name", "Attitude", "Style", "Assessed By", "Assessed On", "Confidence"])
    ws.append(["Ann Cole", "skeptic", "Driver", "Grace", _ago(10), "low"])
    ws.append(["Bo Chen", "supporter", None, None, None, None])
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    G = read_map(path)
    assert_schema(G)
    views = G.nodes["Ann Cole"]["assessments"]
    assert {(v["field"], v["value"], v["rater"], v["date"], v["confidence"]) for v in views} == {
        ("attitude", "skeptic", "Grace", _ago(10), 0.3), ("style", "Driver", "Grace", _ago(10), 0.3)}
    assert "assessments" not in G.nodes["Bo Chen"]
    assert "Assessed By" not in G.nodes["Ann Cole"]["extra"]


# --- round trips ----------------------------------------------------------------------------------

def _annotations(G):
    return {p: (sorted(map(json.dumps, d.get("assessments") or [])), sorted(map(json.dumps, d.get("interactions") or [])),
                d["attitude"], d["influence"]) for p, d in G.nodes(data=True)}


def test_round_trip_through_the_annotated_workbook(tmp_path):
    from influence.export import export_bytes

    G = read_map(_attention_workbook(tmp_path / "attention.xlsx"))
    add_assessment(G, "hub", "strength", 3, rater="Lee", date=_ago(4), tie=("m0", "influences"))
    out = tmp_path / "annotated.xlsx"
    out.write_bytes(export_bytes(G, "xlsx"))
    H = read_map(out)
    assert _annotations(H) == _annotations(G)
    assert H.edges["hub", "m0", "influences"]["assessments"] == G.edges["hub", "m0", "influences"]["assessments"]
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert "Assessments" in names and "Interactions" in names
    anonymised = tmp_path / "anon.xlsx"
    anonymised.write_bytes(export_bytes(G, "xlsx", anonymize=True))
    sheets = openpyxl.load_workbook(anonymised, read_only=True).sheetnames
    assert "Assessments" not in sheets and "Interactions" not in sheets


def test_round_trip_through_the_workspace_with_authors(tmp_path, store_url):
    G = read_map(_attention_workbook(tmp_path / "attention.xlsx"))
    with open_store(store_url) as store:
        map_id = store.create_map("Attention", G, author="grace")
        H = store.load(map_id)
        assert _annotations(H) == _annotations(G)
        add_assessment(H, "ravi", "attitude", "neutral", rater="Sam", date=_ago(0), evidence="warmer on the call")
        store.save(map_id, H, base_version=store.version(map_id), author="sam", note="Sam's view of Ravi")
        K = store.load(map_id)
        latest = K.nodes["ravi"]["assessments"][-1]
        assert latest["rater"] == "Sam" and latest["evidence"] == "warmer on the call"
        changes = store.changes(map_id)
        assert any(c.author == "sam" for c in changes)


def test_deck_has_a_what_we_are_unsure_of_slide(tmp_path):
    import io

    from pptx import Presentation

    from influence.export import export_bytes

    G = read_map(_attention_workbook(tmp_path / "attention.xlsx"))
    deck = Presentation(io.BytesIO(export_bytes(G, "pptx")))
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    slide = [i for i, t in enumerate(texts) if "What we are unsure of" in t]
    assert len(slide) == 1
    table = next(shape.table for shape in deck.slides[slide[0]].shapes if shape.has_table)
    cells = [[c.text for c in row.cells] for row in list(table.rows)[1:]]
    assert [(c[0], c[1]) for c in cells] == [("Disputed", "Dana Ode"), ("Stale", "Hal Ubeda"),
                                             ("Losing touch", "Ravi Nair")]
    anonymous = Presentation(io.BytesIO(export_bytes(G, "pptx", anonymize=True)))
    text = " ".join(s.text_frame.text for slide in anonymous.slides for s in slide.shapes if s.has_text_frame)
    table_text = " ".join(c.text for slide in anonymous.slides for s in slide.shapes if s.has_table
                          for row in s.table.rows for c in row.cells)
    assert "Grace says" not in text + table_text and "Dana Ode" not in text + table_text
    plain = Presentation(io.BytesIO(export_bytes(influence.load_sample(), "pptx")))
    assert not any("What we are unsure of" in s.text_frame.text for slide in plain.slides for s in slide.shapes
                   if s.has_text_frame)
