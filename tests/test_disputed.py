"""A person the raters disagree about: each simulated world draws their attitude (issue 12)."""

import pytest

from influence.assessments import add_assessment
from influence.graph import add_person, add_relationship, new_map
from influence.scenarios import Scenario
from influence.spread import SpreadModel, exact_expected_support, expected_support, influence_graph

POINT = SpreadModel(prior=None)


def _map(views_b, *, more=False):
    """Champion a → b (strength 1); b rated by one rater per entry of *views_b*.

    With *more*, b → c (strength 0.8) and b → d (0.6), c and d neutral, and an
    undisputed neutral e that a reaches with strength 0.5.
    """
    G = new_map("disputed")
    add_person(G, "a", "Ann", attitude="champion")
    add_person(G, "b", "Bo")
    add_relationship(G, "a", "b", strength=1.0)
    for rater, view in enumerate(views_b):
        add_assessment(G, "b", "attitude", view, rater=f"rater{rater}", confidence="high")
    if more:
        for pid, s in (("c", 0.8), ("d", 0.6)):
            add_person(G, pid, pid.upper(), attitude="neutral")
            add_relationship(G, "b", pid, strength=s)
        add_person(G, "e", "Eve", attitude="neutral")
        add_relationship(G, "a", "e", strength=0.5)
    return G


def test_only_people_with_more_than_one_view_are_drawn():
    assert influence_graph(_map(["supporter"])).disputed is None
    assert influence_graph(_map(["supporter", "supporter"])).disputed is None
    d = influence_graph(_map(["supporter", "opponent"])).disputed
    assert d.idx.tolist() == [1] and sorted(d.attitudes[0]) == ["opponent", "supporter"]
    assert d.shares[0].tolist() == [0.5, 0.5]


def test_hand_computed_fifty_fifty_supporter_or_opponent():
    G = _map(["supporter", "opponent"])
    # Rater 1: b is a supporter, on board from the start (2 on board). Rater 2: an opponent,
    # a brings b on board with 1 x 0.05 (1.05 expected). Half each: 1.525, whatever the
    # combined attitude says (1 + 1 x 0.8 = 1.8 for a supporter who had to be won over).
    assert exact_expected_support(G, model=POINT) == pytest.approx(1.525)
    assert exact_expected_support(G) == pytest.approx(1.525)  # the default prior's mean scale is 1
    est = expected_support(G, model=POINT, simulations=20_000, seed=3)
    assert abs(est.mean - 1.525) < 4 * est.stderr
    # Approaching b: worlds where b is an opponent win b with 0.05 more: 1 + 0.5 + 0.5 x (1 - 0.95^2).
    assert exact_expected_support(G, ["b"], model=POINT) == pytest.approx(1 + 0.5 + 0.5 * (1 - 0.95 ** 2))
    approached = expected_support(G, ["b"], model=POINT, simulations=20_000, seed=3)
    assert approached.mean >= est.mean  # common random numbers: the attitude coins are shared
    assert abs(approached.mean - (1.5 + 0.5 * (1 - 0.95 ** 2))) < 4 * approached.stderr


def test_expected_support_lies_between_the_two_raters_cases():
    disputed = _map(["neutral", "skeptic"], more=True)
    first = _map(["neutral", "neutral"], more=True)
    second = _map(["skeptic", "skeptic"], more=True)
    for approached in ((), ("b",), ("c",)):
        lo = exact_expected_support(second, approached)
        hi = exact_expected_support(first, approached)
        mid = exact_expected_support(disputed, approached)
        assert lo < mid < hi
        assert mid == pytest.approx((lo + hi) / 2)  # equal confidence, same day: half each
        est = expected_support(disputed, approached, simulations=20_000, seed=1)
        assert abs(est.mean - mid) < 4 * est.stderr


def test_an_attitude_set_by_a_what_if_is_not_drawn():
    G = _map(["supporter", "opponent"], more=True)
    H = Scenario(on_board=("b",)).apply(G)  # b assumed on board: champion, whatever the raters say
    assert influence_graph(H).disputed is None
    assert exact_expected_support(H, model=POINT) == pytest.approx(
        exact_expected_support(_map(["champion"], more=True), model=POINT))
