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
    # combined attitude says (2 or 1.05 if everyone held it).
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


def _leader_map(views_b):
    """b (rated by *views_b*) influences c, d, f; nobody on board, so b's gain is plain."""
    G = new_map("leader")
    add_person(G, "b", "Bo")
    for rater, view in enumerate(views_b):
        add_assessment(G, "b", "attitude", view, rater=f"rater{rater}", confidence="high")
    for pid, s in (("c", 0.8), ("d", 0.6), ("f", 1.0)):
        add_person(G, pid, pid.upper(), attitude="neutral")
        add_relationship(G, "b", pid, strength=s)
    return G


@pytest.mark.parametrize("method", ["celf", "imm"])
def test_a_disputed_leaders_gain_lies_between_the_two_raters_cases(method):
    from influence.leaders import leading_percenters

    gains = {}
    for name, views in (("first", ["neutral", "neutral"]), ("second", ["skeptic", "skeptic"]),
                        ("disputed", ["neutral", "skeptic"])):
        [leader] = leading_percenters(_leader_map(views), k=1, method=method, seed=4)
        assert leader.id == "b"
        gains[name] = leader.expected_gain
    # Exactly: r(b) x (1 + 0.8 x 0.5 + 0.6 x 0.5 + 1 x 0.5) = 2.2 r(b): 1.1 neutral, 0.55 skeptic.
    assert gains["second"] < gains["disputed"] < gains["first"]
    assert gains["first"] == pytest.approx(1.1, abs=0.06) and gains["second"] == pytest.approx(0.55, abs=0.05)
    assert gains["disputed"] == pytest.approx((1.1 + 0.55) / 2, abs=0.06)
    exact = exact_expected_support(_leader_map(["neutral", "skeptic"]), ["b"])
    assert exact == pytest.approx((1.1 + 0.55) / 2)


def test_a_person_one_rater_puts_on_our_side_can_still_be_worth_approaching():
    """b, rated a champion and an opponent, is on board in only half of CELF's worlds."""
    import numpy as np

    from influence.leaders import _Worlds

    def gain_of_b(views):
        ig = influence_graph(_leader_map(views))
        worlds = _Worlds(ig, 20_000, np.random.default_rng(5))
        return worlds.gains([0])[0] / worlds.R, worlds.baseline, bool(ig.maybe_off[0])

    agreed_gain, agreed_base, agreed_candidate = gain_of_b(["opponent", "opponent"])
    gain, base, candidate = gain_of_b(["champion", "opponent"])
    assert candidate and not gain_of_b(["champion", "champion"])[2]
    # Opponent: 0.05 x 2.2 = 0.11; half the worlds: 0.055. Support as it stands: 0 or 1 + 1.2.
    assert agreed_gain == pytest.approx(0.11, abs=0.02) and gain == pytest.approx(0.055, abs=0.015)
    assert 0 < gain < agreed_gain
    assert agreed_base == 0 and base == pytest.approx(0.5 * 2.2, abs=0.05)


def _with_x(views):
    """b (rated by *views_b*) influences d (strength 1); a champion z brings x on board with 0.76 x 0.5."""
    G = new_map("reacts")
    add_person(G, "b", "Bo")
    for rater, view in enumerate(views):
        add_assessment(G, "b", "attitude", view, rater=f"rater{rater}", confidence="high")
    add_person(G, "d", "Di", attitude="neutral")
    add_relationship(G, "b", "d", strength=1.0)
    add_person(G, "z", "Zoe", attitude="champion")
    add_person(G, "x", "Xi", attitude="neutral")
    add_relationship(G, "z", "x", strength=0.76)
    return G


@pytest.mark.parametrize("method", ["celf", "imm"])
def test_the_leading_set_reacts_to_disagreement(method):
    """x is worth 0.5 x (1 - 0.38) = 0.31.

    Both raters say b is a champion: b brings d on board half the time, so d is worth
    0.5 x 0.5 = 0.25 and x leads. One says opponent: b is on board in only half the worlds,
    d is worth 0.5 x (0.5 + 0.5 x 0.5) = 0.375 and leads instead.
    """
    from influence.leaders import leading_percenters
    from influence.spread import SpreadModel

    assert exact_expected_support(_with_x(["champion", "opponent"]), ["d"]) - exact_expected_support(
        _with_x(["champion", "opponent"])) == pytest.approx(0.375)
    [agreed] = leading_percenters(_with_x(["champion", "champion"]), k=1, method=method, seed=4)
    [disputed] = leading_percenters(_with_x(["champion", "opponent"]), k=1, method=method, seed=4)
    assert (agreed.id, disputed.id) == ("x", "d")
    assert agreed.expected_gain == pytest.approx(0.31, abs=0.03)
    assert disputed.expected_gain == pytest.approx(0.375, abs=0.03)
    # With periods (RR sets whose search stops after them) the draw applies too.
    [timed] = leading_percenters(_with_x(["champion", "opponent"]), k=1, model=SpreadModel(periods=1), seed=4)
    assert timed.id == "d" and timed.expected_gain == pytest.approx(0.375, abs=0.03)


def test_what_if_gains_are_never_negative_with_disputed_people():
    """Common random numbers: the attitude coins are keyed by (world, person), shared by the calls."""
    import numpy as np

    from influence.samples import synthetic_organisation

    G = synthetic_organisation(200, seed=7)
    rng = np.random.default_rng(0)
    ids = list(G.nodes)
    for pid in rng.choice(ids, 30, replace=False):
        add_assessment(G, str(pid), "attitude", "supporter", rater="grace", confidence="high")
        add_assessment(G, str(pid), "attitude", "opponent", rater="sam", confidence="high")
    ig = influence_graph(G)
    assert ig.disputed is not None and ig.disputed.idx.size == 30
    chosen = []
    before = expected_support(ig, chosen, simulations=300, seed=5).mean
    for pid in rng.choice(ids, 8, replace=False):
        chosen.append(str(pid))
        after = expected_support(ig, chosen, simulations=300, seed=5).mean
        assert after >= before
        before = after
