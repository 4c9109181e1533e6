"""Influence scores against values computed by hand, networkx's PageRank and Krackhardt's managers."""

import math

import networkx as nx
import pytest

from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.scores import DEFAULT_WEIGHTS, influence_scores


def people(*ids, **fields):
    G = new_map()
    for pid in ids:
        add_person(G, pid, f"Person {pid}", **fields)
    return G


def test_reporting_chain_level_and_span_by_hand():
    # 1 -> 2 -> 3: formal = (1/(1+level) + log(1+below)/log(1+2)) / 2, the only component.
    G = people("1", "2", "3")
    add_reporting_line(G, "1", "2")
    add_reporting_line(G, "2", "3")
    scores = influence_scores(G)
    assert scores["1"].value == 100.0
    assert scores["2"].value == round(100 * (0.5 * 0.5 + 0.5 * math.log(2) / math.log(3)), 1) == 56.5
    assert scores["3"].value == round(100 * 0.5 / 3, 1) == 16.7
    assert scores["3"].parts == {"formal": 0.1667, "informal": None, "rating": None}
    assert scores["1"].explanation == "top of the reporting line; 2 people below"
    assert scores["3"].explanation == "2 levels below the top"


def test_authority_and_rating_columns_blend_with_default_weights():
    G = people("1")
    G.nodes["1"].update(authority=5, influence=3, title="CFO")
    score = influence_scores(G)["1"]
    # formal 1.0 and rating 0.5, weighted 0.35 : 0.30 (no ties, so no informal part).
    assert score.value == round(100 * (0.35 * 1.0 + 0.30 * 0.5) / 0.65, 1) == 76.9
    assert score.explanation == "CFO; authority 5/5; rated influence 3/5"


def test_star_of_influence_by_hand():
    # A influences B, C, D. PageRank on the reversed ties (B, C, D -> A; A dangling):
    # b = .85 a/4 + .15/4 and a + 3b = 1 give a = .8875/1.6375, b/a = .2817.
    G = people("A", "B", "C", "D")
    for other in "BCD":
        add_relationship(G, "A", other)
    scores = influence_scores(G)
    a = 0.8875 / 1.6375
    b = 0.2125 * a + 0.0375
    assert scores["A"].value == 100.0
    assert scores["B"].value == round(100 * b / a, 1) == 28.2
    assert scores["A"].explanation == "influences 3 people"
    assert scores["B"].explanation == "no recorded influence on others"


def test_informal_part_is_networkx_pagerank_on_reversed_ties():
    G = people(*"abcdef")
    ties = [("a", "b", 0.8), ("b", "c", 0.2), ("c", "a", 0.5), ("d", "a", 1.0), ("e", "d", 0.4),
            ("a", "e", None), ("f", "c", 0.6)]
    for u, v, s in ties:
        add_relationship(G, u, v, strength=s)
    add_relationship(G, "b", "c", "trusts", strength=0.6)  # strongest tie between two people counts
    add_relationship(G, "f", "a", "conflicts with", strength=1.0)  # never counts
    reference = nx.DiGraph()
    reference.add_nodes_from("abcdef")
    reference.add_weighted_edges_from([(v, u, 0.6 if (u, v) == ("b", "c") else (s or 0.5)) for u, v, s in ties])
    pagerank = nx.pagerank(reference, tol=1e-12, max_iter=1000)
    top = max(pagerank.values())
    scores = influence_scores(G)
    for person, rank in pagerank.items():
        assert scores[person].parts["informal"] == pytest.approx(rank / top, abs=1e-4)


def test_authority_column_wins_over_the_tree_and_senior_reach_is_counted():
    G = people("ceo", "vp", "ic")
    add_reporting_line(G, "ceo", "vp")
    add_reporting_line(G, "vp", "ic")
    G.nodes["vp"].update(authority=4, title="VP Sales")
    add_relationship(G, "ic", "vp", "advises")
    add_relationship(G, "ic", "ceo", "advises")
    scores = influence_scores(G)
    assert scores["vp"].parts["formal"] == 0.75
    assert scores["ic"].explanation == "2 levels below the top; advises 2 people, 2 of them senior"
    assert scores["vp"].explanation.startswith("VP Sales; authority 4/5; 1 person below")


def test_weights_can_be_overridden():
    G = people("1", "2")
    add_reporting_line(G, "1", "2")
    add_relationship(G, "2", "1")
    formal_only = influence_scores(G, weights={"informal": 0})
    assert formal_only["1"].value == 100.0 and formal_only["2"].value == 25.0
    informal_only = influence_scores(G, weights={"formal": 0})
    assert informal_only["2"].value == 100.0
    assert DEFAULT_WEIGHTS == {"formal": 0.35, "informal": 0.35, "rating": 0.30}  # the README documents these


@pytest.mark.parametrize("weights, match", [
    ({"charisma": 1}, "unknown score component"),
    ({"formal": -1}, "must be >= 0"),
    ({"formal": 0, "informal": 0, "rating": 0}, "not all 0"),
])
def test_bad_weights_are_refused(weights, match):
    with pytest.raises(ValueError, match=match):
        influence_scores(people("1"), weights=weights)


def test_person_with_no_data_scores_zero_and_says_why():
    score = influence_scores(people("1"))["1"]
    assert score.value == 0.0
    assert score.explanation == "no authority, reporting line, ties or rating recorded"


def test_empty_map_and_reporting_cycle_do_not_fail():
    assert influence_scores(new_map()) == {}
    G = people("1", "2")
    add_reporting_line(G, "1", "2")
    add_reporting_line(G, "2", "1")  # a cycle without a top: no tree position to derive
    assert {s.value for s in influence_scores(G).values()} == {0.0}


def test_krackhardt_ceo_and_most_sought_adviser_rank_top_three():
    from influence.samples import krackhardt_map

    G = krackhardt_map()  # advice ties reversed into influence; authority by level
    scores = influence_scores(G)
    top3 = sorted(scores, key=lambda p: scores[p].value, reverse=True)[:3]
    assert "7" in top3 and "2" in top3
