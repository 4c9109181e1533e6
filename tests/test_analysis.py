"""The analysis facade: the contract the CLI, exports and dashboard rely on."""

import json
import math

import pytest

from influence import InfluenceError, PersonNotFound, analyze, what_if
from influence.analysis import SEGMENTS
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.spread import exact_expected_support


@pytest.fixture
def G():
    G = new_map("Hand map")
    people = [("ceo", "neutral", 5, "Kim"), ("cfo", "opponent", 5, None), ("vp", "supporter", 4, None),
              ("ops", "unknown", 3, None), ("eng", "skeptic", 2, None), ("pm", "neutral", 2, "Lee"),
              ("champ", "champion", 1, None), ("dev", "neutral", 1, None)]
    for pid, attitude, authority, owner in people:
        add_person(G, pid, pid.upper(), title=f"{pid} title", attitude=attitude, authority=authority, owner=owner)
    add_reporting_line(G, "ceo", "cfo")
    add_reporting_line(G, "ceo", "vp")
    add_reporting_line(G, "vp", "ops")
    add_reporting_line(G, "ops", "eng")
    add_reporting_line(G, "ops", "dev")
    for u, v, s in [("vp", "cfo", 0.8), ("champ", "cfo", 0.4), ("ops", "pm", 1.0), ("pm", "eng", 1.0),
                    ("dev", "eng", 0.6)]:
        add_relationship(G, u, v, strength=s)
    return G


def test_contract_attributes(G):
    a = analyze(G, simulations=300)
    assert a.graph is G
    assert set(a.scores) == set(G) and all(0 <= s.value <= 100 and s.explanation for s in a.scores.values())
    assert len(a.leaders) == math.ceil(0.10 * len(G)) == 1
    leader = a.leaders[0]
    assert leader.rank == 1 and leader.expected_gain > 0
    assert leader.approach_via == [] or leader.approach_via[-1] == leader.id
    assert [x.id for x in a.antibodies] == ["cfo", "eng"]
    assert a.antibodies[0].neutralizers == ["vp", "champ"]
    assert a.executive_sponsor.ok and a.executive_sponsor.sponsors == ["vp"]
    influential = [p for p in G if a.scores[p].value >= 50 or (G.nodes[p]["authority"] or 0) >= 4]
    assert sorted(a.coverage_gaps) == sorted(p for p in influential if not G.nodes[p]["owner"])
    assert {"cfo", "vp"} <= set(a.coverage_gaps) and "ceo" not in a.coverage_gaps
    assert a.support_with_leaders.mean > a.support_now.mean >= 2  # VP and the champion are on board
    assert leader.id not in a.hesitant_middle


def test_every_person_in_exactly_one_segment(G):
    a = analyze(G, simulations=200, fraction=0.25)
    leaders = {x.id for x in a.leaders}
    for person in G:
        segment = a.segment(person)
        assert segment in SEGMENTS
        assert (segment == "leading 10 percenter") == (person in leaders)
        assert (segment == "antibody") == (person in {x.id for x in a.antibodies})
        assert (segment == "hesitant middle") == (person in a.hesitant_middle)
    assert a.segment("VP") == "ally"  # a name works too


def test_segment_of_unknown_person_suggests_names(G):
    a = analyze(G, simulations=100)
    with pytest.raises(PersonNotFound, match="No one called 'CFOO' in the map. Did you mean: CFO"):
        a.segment("CFOO")


def test_to_dict_has_the_keys_of_issue_3_and_is_json(G):
    data = analyze(G, simulations=200).to_dict()
    json.dumps(data)  # plain JSON values only
    assert {"people", "leading_10_percenters", "antibodies", "hesitant_middle", "coverage_gaps",
            "executive_sponsor", "expected_support"} <= set(data)
    assert set(data["people"][0]) >= {"id", "name", "influence_score", "attitude", "segment"}
    scores = [p["influence_score"] for p in data["people"]]
    assert scores == sorted(scores, reverse=True)
    assert set(data["leading_10_percenters"][0]) >= {"id", "name", "rank", "expected_gain", "approach_via", "why",
                                                     "style_tip"}
    assert set(data["antibodies"][0]) >= {"id", "name", "influence_score", "neutralizers"}
    assert {"now", "with_leaders"} <= set(data["expected_support"])
    assert data["expected_support"]["with_leaders"]["mean"] > data["expected_support"]["now"]["mean"]
    for key in ("now", "with_leaders"):
        estimate = data["expected_support"][key]
        assert estimate["low"] <= estimate["mean"] <= estimate["high"]
    assert data["executive_sponsor"]["ok"] is True


def test_same_seed_same_analysis_and_another_seed_differs_only_in_estimates(G):
    first = json.dumps(analyze(G, seed=3, simulations=200).to_dict())
    assert json.dumps(analyze(G, seed=3, simulations=200).to_dict()) == first
    other = analyze(G, seed=4, simulations=200).to_dict()
    assert other["people"] == json.loads(first)["people"]


def test_progress_reaches_the_end(G):
    calls = []
    analyze(G, simulations=100, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (1000, 1000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_bad_fraction_is_a_user_error(G):
    with pytest.raises(InfluenceError, match="fraction must be above 0 and at most 1"):
        analyze(G, fraction=0)


def test_empty_map():
    a = analyze(new_map(), simulations=10)
    assert (a.leaders, a.antibodies, a.support_now.mean) == ([], [], 0.0)
    assert not a.executive_sponsor.ok


def test_what_if_matches_exact_expected_support(G):
    w = what_if(G, win=["ops"], attitudes={"cfo": "Mentor"}, simulations=4000, seed=1)
    assert w.win == ["ops"] and w.attitudes == {"cfo": "champion"}
    assert abs(w.before.mean - exact_expected_support(G)) < 4 * w.before.stderr
    changed = G.copy()
    changed.nodes["cfo"]["attitude"] = "champion"
    assert abs(w.after.mean - exact_expected_support(changed, ["ops"])) < 4 * w.after.stderr
    assert G.nodes["cfo"]["attitude"] == "opponent"  # the user's map is untouched
    data = w.to_dict()
    assert set(data) == {"on_board", "approach", "attitudes", "label", "before", "after", "gain"}
    assert data["approach"] == ["ops"] and data["label"] == "What-if: OPS approached (each won with probability r); " \
        "CFO champion — not the current state"
    assert data["gain"] == pytest.approx(w.after.mean - w.before.mean, abs=1e-3)


def test_what_if_user_errors(G):
    with pytest.raises(PersonNotFound, match="No one called 'Opps'"):
        what_if(G, win=["Opps"])
    with pytest.raises(InfluenceError, match="attitude for CFO: 'middling-ish' is not a known attitude"):
        what_if(G, attitudes={"cfo": "middling-ish"})


def test_krackhardt_managers():
    from influence.samples import krackhardt_map

    a = analyze(krackhardt_map(attitudes={"7": "supporter", "21": "skeptic"}), simulations=200)
    assert len(a.leaders) == 3
    assert a.executive_sponsor.ok and a.executive_sponsor.sponsors == ["7"]
    assert [x.id for x in a.antibodies] == ["21"] and a.antibodies[0].neutralizers
