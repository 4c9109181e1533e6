"""Segments on a small map whose probabilities are computed by hand (DOMAIN.md's model).

Receptiveness: champion 1, supporter 0.8, neutral and unknown 0.5, skeptic 0.25,
opponent 0.05; p(u->v) = strength x r(v).
"""

import pytest

from influence.graph import add_person, add_relationship, new_map
from influence.scores import influence_scores
from influence.segments import (
    ANNOTATE_FIRST, annotate_first, antibodies, coverage_gaps, executive_sponsor, hesitant_middle,
    needs_annotation,
)

PEOPLE = [  # id, title, attitude, authority, owner
    ("ceo", "CEO", "neutral", 5, "Kim"),
    ("cfo", "CFO", "opponent", 5, None),
    ("vp", "VP Sales", "supporter", 4, None),
    ("ops", "Head of Ops", "unknown", 3, None),
    ("eng", "Engineer", "skeptic", 2, None),
    ("pm", "Product Manager", "neutral", 2, "Lee"),
    ("champ", "Analyst", "champion", 1, None),
]
TIES = [("vp", "cfo", 0.8), ("champ", "cfo", 0.4), ("vp", "ops", 1.0), ("ops", "eng", 1.0),
        ("vp", "eng", 0.2), ("pm", "eng", 1.0)]


@pytest.fixture
def G():
    G = new_map("Hand map")
    for pid, title, attitude, authority, owner in PEOPLE:
        add_person(G, pid, pid.upper(), title=title, attitude=attitude, authority=authority, owner=owner)
    for u, v, s in TIES:
        add_relationship(G, u, v, strength=s)
    return G


def summary(found):
    return [(a.id, [(p.people, p.probability) for p in a.paths]) for a in found]


def test_antibodies_most_influential_first_with_ranked_neutralisers(G):
    found = antibodies(G, influence_scores(G))
    assert summary(found) == [
        # CFO: two direct ties from allies, 0.8 x 0.05 and 0.4 x 0.05.
        ("cfo", [(["vp", "cfo"], 0.04), (["champ", "cfo"], 0.02)]),
        # Engineer: the chain through Ops (1.0 x 0.5 then 1.0 x 0.25) beats VP's direct 0.2 x 0.25.
        ("eng", [(["vp", "ops", "eng"], 0.125)]),
    ]
    assert found[0].neutralizers == ["vp", "champ"]
    assert found[0].to_dict()["neutralizer_paths"][0] == {"people": ["vp", "cfo"], "probability": 0.04}


def test_leading_percenters_neutralise_and_are_not_antibodies(G):
    scores = influence_scores(G)
    eng = {a.id: a for a in antibodies(G, scores, leaders=["pm"])}["eng"]
    # PM, once won, reaches the engineer directly with 1.0 x 0.25; VP's direct tie comes next.
    assert [(p.people, p.probability) for p in eng.paths] == [(["pm", "eng"], 0.25), (["vp", "eng"], 0.05)]
    assert [a.id for a in antibodies(G, scores, leaders=["eng"])] == ["cfo"]
    assert [a.neutralizers for a in antibodies(G, scores, k=1)] == [["vp"], ["vp"]]


def test_no_neutraliser_when_no_chain_reaches(G):
    G.remove_edges_from([("vp", "cfo"), ("champ", "cfo")])
    cfo = antibodies(G, influence_scores(G))[0]
    assert (cfo.id, cfo.neutralizers, cfo.paths) == ("cfo", [], [])


def test_conflict_ties_never_neutralise(G):
    G.remove_edges_from([("vp", "cfo"), ("champ", "cfo")])
    add_relationship(G, "vp", "cfo", "conflicts with", strength=1.0)
    assert antibodies(G, influence_scores(G))[0].neutralizers == []


def test_hesitant_middle_is_neutral_and_unknown_outside_the_leading_set(G):
    scores = influence_scores(G)
    assert hesitant_middle(G, scores) == ["ceo", "ops", "pm"]
    assert hesitant_middle(G, scores, leaders=["ops"]) == ["ceo", "pm"]


def test_coverage_gaps_are_influential_people_without_owner(G):
    scores = influence_scores(G)
    gaps = coverage_gaps(G, scores)
    assert gaps == ["vp", "cfo"]  # authority 4+, no owner; the CEO has Kim
    assert scores["vp"].value > scores["cfo"].value  # VP sways three people, the CFO nobody
    G.nodes["pm"]["owner"] = "  "  # blank is no owner, but PM is not influential
    assert coverage_gaps(G, scores) == ["vp", "cfo"]
    assert "ops" in coverage_gaps(G, scores, min_score=0)


def test_executive_sponsor_present(G):
    check = executive_sponsor(G, influence_scores(G))
    assert check.ok and check.sponsors == ["vp"]
    assert check.message == "Executive sponsor: VP (VP Sales, supporter, authority 4)."


def test_missing_executive_sponsor_is_said_first_with_candidates(G):
    G.nodes["vp"]["attitude"] = "skeptic"
    check = executive_sponsor(G, influence_scores(G))
    assert not check.ok and check.sponsors == []
    assert check.message.startswith("No executive sponsor: no champion or supporter has authority 4 or more.")
    assert "most common cause of failed partner initiatives" in check.message
    # Neutral CEO before skeptic VP; the opponent CFO is no candidate.
    assert check.candidates == ["ceo", "vp"]
    assert check.message.endswith("Candidates: CEO (CEO, neutral, authority 5); VP (VP Sales, skeptic, authority 4).")


def test_sponsor_without_authority_column_uses_the_reporting_tree():
    from influence.graph import add_reporting_line

    G = new_map()
    for pid, attitude in [("top", "neutral"), ("head", "supporter"), ("ic", "champion")]:
        add_person(G, pid, pid, attitude=attitude)
    add_reporting_line(G, "top", "head")
    add_reporting_line(G, "head", "ic")
    check = executive_sponsor(G, influence_scores(G))
    assert check.ok and check.sponsors == ["head"]  # a manager reporting to the top is senior


# --- an unannotated map: annotate these people first (issue 14) ----------------------------

def _unannotated(n, *, owners=False):
    from influence.samples import synthetic_organisation

    G = synthetic_organisation(n, seed=2, attitudes=False)
    if not owners:
        for person in G:
            G.nodes[person]["owner"] = None
    return G


def test_needs_annotation_only_without_attitudes_or_anyone_on_our_side(G):
    assert not needs_annotation(G)  # the fixture has allies
    for person in G:
        G.nodes[person]["attitude"] = "neutral"
        G.nodes[person]["owner"] = None
    assert needs_annotation(G)  # attitudes, but no ally and no Owner
    G.nodes["ceo"]["owner"] = "Kim (our CEO)"
    assert not needs_annotation(G)
    assert needs_annotation(_unannotated(50, owners=True))  # Owners but no attitude at all


def test_annotate_first_names_the_most_senior_then_the_most_central():
    G = _unannotated(600)
    scores = influence_scores(G)
    first = annotate_first(G, scores)
    assert len(first) == ANNOTATE_FIRST == 20 and len(set(first)) == 20
    assert G.nodes[first[0]]["title"] == "Chief Executive Officer"
    assert all(scores[p].senior for p in first)
    formal = [scores[p].parts["formal"] for p in first]
    assert formal == sorted(formal, reverse=True)
    # Among people equally senior, the more central comes first.
    for a, b in zip(first, first[1:]):
        if round(scores[a].parts["formal"], 3) == round(scores[b].parts["formal"], 3):
            assert (scores[a].parts["informal"] or 0) >= (scores[b].parts["informal"] or 0)
    assert annotate_first(G, scores, count=3) == first[:3]
    assert annotate_first(G, scores, count=0) == []


def test_annotated_map_needs_no_first_step():
    from influence.samples import load_sample

    G = load_sample()
    assert annotate_first(G, influence_scores(G)) == []


def test_analysis_and_cli_say_annotate_first_instead_of_hundreds_of_leaders(tmp_path):
    import json

    from click.testing import CliRunner

    from influence import analyze
    from influence.cli import main

    G = _unannotated(400)
    a = analyze(G, simulations=100)
    assert a.annotate_first == annotate_first(G, a.scores)
    data = a.to_dict()
    assert [row["id"] for row in data["annotate_first"]] == a.annotate_first
    assert set(data["annotate_first"][0]) == {"id", "name", "title", "why"}
    assert len(data["leading_10_percenters"]) == 40  # still computed, for --json
    # The same organisation as an HR export: names, titles, managers, nothing else.
    path = tmp_path / "org.csv"
    rows = ["ID,Name,Title,Reports To,Authority"] + [
        f"{p},{G.nodes[p]['name']},{G.nodes[p]['title'].replace(',', ' ')},{G.nodes[p]['manager'] or ''},"
        f"{G.nodes[p]['authority']}" for p in G]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "First, annotate these 20 people, the most senior and most central" in result.output
    assert "Leading 10 percenters: not listed until the map is annotated (40 chosen" in result.output
    assert "in order of approach" not in result.output
    assert json.loads(CliRunner().invoke(main, ["analyze", str(path), "--json"]).output)["annotate_first"]
