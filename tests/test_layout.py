"""Org-chart and network layouts: geometry a reader of the chart relies on."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from scipy.spatial import cKDTree

from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.layout import (
    BOX_HEIGHT,
    BOX_WIDTH,
    network_layout,
    org_chart_layout,
    reporting_tree,
)


def random_org(n: int, *, seed: int = 0, ties: int = 2):
    """A plausible organisation: ~5 reports per manager, ties mostly to nearby people."""
    rnd = random.Random(seed)
    G = new_map("Org")
    for i in range(n):
        add_person(G, i, f"Person {i}")
        if i:
            add_reporting_line(G, rnd.randrange(max(0, (i - 1) // 5 - 2), (i - 1) // 5 + 1), i)
    for i in range(1, n):
        for _ in range(ties):
            j = rnd.choice([rnd.randrange(n), max(0, i - rnd.randrange(1, 9))])
            if j != i:
                add_relationship(G, i, j, strength=0.6)
    return G


def assert_no_box_overlap(pos):
    ids = list(pos)
    xy = np.array([pos[v] for v in ids])
    # Candidate neighbours within a box diagonal, then the exact box test.
    for a, b in cKDTree(xy).query_pairs(max(BOX_WIDTH, BOX_HEIGHT) * 1.5):
        dx, dy = abs(xy[a] - xy[b])
        assert dx >= BOX_WIDTH - 1e-9 or dy >= BOX_HEIGHT - 1e-9, (ids[a], ids[b], pos[ids[a]], pos[ids[b]])


@pytest.mark.parametrize("n", [1, 7, 60, 400])
def test_managers_sit_above_their_reports_and_boxes_never_overlap(n):
    G = random_org(n, seed=n)
    pos = org_chart_layout(G)
    assert set(pos) == set(G)
    for manager, report in itertools.chain.from_iterable(
            ((m, r) for r in kids) for m, kids in reporting_tree(G)[1].items()):
        assert pos[manager][1] > pos[report][1]
    assert len(set(pos.values())) == n
    assert_no_box_overlap(pos)


def test_forest_roots_side_by_side_and_loners_grouped_below():
    G = new_map()
    for p in ["a", "a1", "a2", "b", "b1", "x", "y", "z"]:
        add_person(G, p, p)
    for m, r in [("a", "a1"), ("a", "a2"), ("b", "b1")]:
        add_reporting_line(G, m, r)
    pos = org_chart_layout(G)
    assert pos["a"][1] == pos["b"][1] == 0.0
    assert pos["a"][0] < pos["b"][0]
    # People with neither manager nor reports share one row below the chart.
    assert pos["x"][1] == pos["y"][1] == pos["z"][1] < min(pos[p][1] for p in ["a1", "a2", "b1"])
    assert_no_box_overlap(pos)


def test_a_manager_is_centred_over_the_team():
    G = new_map()
    for p in ["boss", "r1", "r2", "r3"]:
        add_person(G, p, p)
    for r in ["r1", "r2", "r3"]:
        add_reporting_line(G, "boss", r)
    pos = org_chart_layout(G)
    assert pos["boss"][0] == pytest.approx(sum(pos[r][0] for r in ["r1", "r2", "r3"]) / 3)
    assert pos["r1"][1] == pos["r2"][1] == pos["r3"][1] == pos["boss"][1] - 1


def test_a_huge_flat_team_wraps_into_a_compact_block():
    G = new_map()
    add_person(G, "boss", "Boss")
    for i in range(500):
        add_person(G, i, f"P{i}")
        add_reporting_line(G, "boss", i)
    pos = org_chart_layout(G)
    xs, ys = zip(*pos.values())
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert width < 40 and height < 40
    assert_no_box_overlap(pos)


def test_five_thousand_people_fit_a_roughly_square_chart():
    G = random_org(5000, ties=0)
    pos = org_chart_layout(G)
    xs, ys = zip(*pos.values())
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert width < 30 * np.sqrt(5000) and height < 30 * np.sqrt(5000)
    assert 0.25 < width / height < 4
    assert_no_box_overlap(pos)


def test_manager_cycles_do_not_hang_and_everyone_is_placed():
    G = new_map()
    for p in "abc":
        add_person(G, p, p)
    add_reporting_line(G, "a", "b")
    add_reporting_line(G, "b", "c")
    add_reporting_line(G, "c", "a")
    roots, children = reporting_tree(G)
    assert roots == ["a"]  # the cycle is cut above its first person
    pos = org_chart_layout(G)
    assert pos["a"][1] > pos["b"][1] > pos["c"][1]


def test_layouts_are_deterministic():
    G = random_org(120, seed=3)
    assert org_chart_layout(G) == org_chart_layout(G)
    assert network_layout(G, seed=1) == network_layout(G, seed=1)
    assert network_layout(G, seed=1) != network_layout(G, seed=2)


def test_network_layout_pulls_tied_people_together():
    G = random_org(200, seed=5)
    pos = network_layout(G)
    xy = {v: np.array(p) for v, p in pos.items()}
    tied = [np.linalg.norm(xy[u] - xy[v]) for u, v in G.edges()]
    rnd = random.Random(0)
    ids = list(G)
    untied = [np.linalg.norm(xy[rnd.choice(ids)] - xy[rnd.choice(ids)]) for _ in range(500)]
    assert np.median(tied) < np.median(untied)
    # Nobody lands on top of somebody else.
    d, _ = cKDTree(np.array(list(pos.values()))).query(np.array(list(pos.values())), k=2)
    assert (d[:, 1] > 0.05).all()


def test_network_layout_handles_5000_people_and_stays_spread_out():
    G = random_org(5000)
    pos = network_layout(G)
    xy = np.array(list(pos.values()))
    d, _ = cKDTree(xy).query(xy, k=2)
    assert np.median(d[:, 1]) > 0.3  # roughly a slot per person, not a dense ball


def test_empty_and_single_person_maps():
    G = new_map()
    assert org_chart_layout(G) == {} == network_layout(G)
    add_person(G, "solo", "Solo")
    assert list(org_chart_layout(G)) == ["solo"]
    assert list(network_layout(G)) == ["solo"]
