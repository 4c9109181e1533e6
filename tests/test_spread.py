"""The reference model of support spreading (DOMAIN.md): p(u→v) by hand, Monte Carlo against exact."""

import math

import networkx as nx
import pytest

from influence.errors import InfluenceError, PersonNotFound
from influence.graph import add_person, add_relationship, add_reporting_line, new_map
from influence.spread import (
    DEFAULT_PRIOR, ParameterDraw, SpreadModel, SupportEstimate, default_prior, exact_expected_support,
    expected_support, influence_graph,
)

POINT = SpreadModel(prior=None)  # DOMAIN.md's model with no parameter uncertainty


def people(*specs):
    """A map of people given as "id:attitude" (attitude defaults to neutral)."""
    G = new_map("test")
    for spec in specs:
        pid, _, attitude = spec.partition(":")
        add_person(G, pid, pid.upper(), attitude=attitude or "neutral")
    return G


# --- p(u→v) by hand --------------------------------------------------------------------

def test_model_defaults_are_domain_md():
    model = SpreadModel()
    assert (model.default_strength, model.manager_to_report, model.report_to_manager) == (0.5, 0.6, 0.3)
    assert dict(model.receptiveness) == {
        "champion": 1.0, "supporter": 0.8, "neutral": 0.5, "unknown": 0.5, "skeptic": 0.25, "opponent": 0.05}
    assert model.on_board_attitudes == ("champion", "supporter")


def test_reporting_line_without_relationship_gives_defaults_times_receptiveness():
    G = people("boss:skeptic", "rep:opponent")
    add_reporting_line(G, "boss", "rep")
    ig = influence_graph(G)
    assert ig.p("boss", "rep") == pytest.approx(0.6 * 0.05)
    assert ig.p("rep", "boss") == pytest.approx(0.3 * 0.25)


def test_explicit_relationship_in_either_direction_replaces_reporting_defaults():
    G = people("boss:neutral", "rep:unknown")
    add_reporting_line(G, "boss", "rep")
    add_relationship(G, "rep", "boss", "advises", strength=0.8)
    ig = influence_graph(G)
    assert ig.p("rep", "boss") == pytest.approx(0.8 * 0.5)
    assert ig.p("boss", "rep") == 0.0  # the explicit tie between the two silences the default


def test_conflict_carries_nothing_and_silences_the_reporting_line():
    G = people("boss:champion", "rep:neutral", "peer:neutral")
    add_reporting_line(G, "boss", "rep")
    add_relationship(G, "rep", "boss", "conflicts with")
    add_relationship(G, "peer", "rep", "conflicts with", strength=1.0)
    ig = influence_graph(G)
    assert ig.p("boss", "rep") == ig.p("rep", "boss") == ig.p("peer", "rep") == 0.0
    assert ig.m == 0


def test_strongest_of_several_types_and_missing_strength_default():
    G = people("a:neutral", "b:supporter", "c:neutral")
    add_relationship(G, "a", "b", "influences", strength=0.2)
    add_relationship(G, "a", "b", "trusts", strength=0.6)
    add_relationship(G, "a", "b", "advises")  # missing: 0.5
    add_relationship(G, "b", "c")
    ig = influence_graph(G)
    assert ig.p("a", "b") == pytest.approx(0.6 * 0.8)
    assert ig.p("b", "c") == pytest.approx(0.5 * 0.5)
    assert ig.p("c", "a") == 0.0


@pytest.mark.parametrize("stored, strength", [("strong", 0.8), ("weak", 0.2), ("medium", 0.5), (4, 0.8), (1, 0.2),
                                              (0.35, 0.35), (None, 0.5)])
def test_strength_scales_of_a_hand_built_map(stored, strength):
    G = people("a:neutral", "b:champion")
    G.add_edge("a", "b", key="influences", type="influences", strength=stored)
    assert influence_graph(G).p("a", "b") == pytest.approx(strength * 1.0)


def test_every_parameter_can_be_changed():
    G = people("boss:neutral", "rep:neutral", "x:neutral")
    add_reporting_line(G, "boss", "rep")
    add_relationship(G, "x", "rep")
    model = SpreadModel(default_strength=0.9, manager_to_report=0.4, report_to_manager=0.1,
                        receptiveness={"neutral": 0.6}, on_board_attitudes=("champion", "supporter", "neutral"))
    ig = influence_graph(G, model)
    assert ig.p("boss", "rep") == pytest.approx(0.4 * 0.6)
    assert ig.p("rep", "boss") == pytest.approx(0.1 * 0.6)
    assert ig.p("x", "rep") == pytest.approx(0.9 * 0.6)
    assert ig.on_board.all()
    assert expected_support(G, model=model, simulations=10).mean == 3


@pytest.mark.parametrize("bad", [dict(default_strength=1.5), dict(receptiveness={"keen": 0.5}),
                                 dict(receptiveness={"neutral": -0.1}), dict(on_board_attitudes=("fans",))])
def test_bad_model_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        SpreadModel(**bad)


def test_model_round_trips_and_hashes():
    model = SpreadModel(receptiveness={"skeptic": 0.1})
    assert SpreadModel.from_dict(model.to_dict()) == model
    assert hash(model) == hash(SpreadModel(receptiveness={"skeptic": 0.1}))
    assert model.replace(default_strength=0.4).default_strength == 0.4


def test_networkx_view_and_csr_agree():
    G = people("a:champion", "b:neutral", "c:skeptic", "d:unknown")
    add_reporting_line(G, "a", "b")
    add_reporting_line(G, "a", "c")
    add_relationship(G, "b", "d", strength=0.8)
    add_relationship(G, "c", "d", "conflicts with")
    ig = influence_graph(G)
    H = ig.to_networkx()
    assert isinstance(H, nx.DiGraph) and set(H) == set(G)
    assert {(u, v): round(d["p"], 6) for u, v, d in H.edges(data=True)} == {
        ("a", "b"): 0.3, ("b", "a"): 0.3, ("a", "c"): 0.15, ("c", "a"): 0.3, ("b", "d"): 0.4}
    assert H["b"]["d"]["s"] == 0.8
    for i in range(ig.n):
        for j in range(ig.indptr[i], ig.indptr[i + 1]):
            assert H[ig.ids[i]][ig.ids[ig.indices[j]]]["p"] == ig.probs[j]
    _, sources, probs = ig.reverse
    assert sorted(zip(sources.tolist(), probs.tolist())) == sorted(zip(ig.source.tolist(), ig.probs.tolist()))


def test_influence_graph_builds_a_large_map_quickly():
    import time

    from influence.samples import synthetic_organisation

    G = synthetic_organisation(20_000, seed=3)
    start = time.perf_counter()
    ig = influence_graph(G)
    assert time.perf_counter() - start < 2.0
    assert ig.n == 20_000 and ig.m > 60_000
    assert influence_graph(ig) is ig


# --- Monte Carlo against exact enumeration ----------------------------------------------

def _chain():
    G = people("a:champion", "b:neutral", "c:skeptic", "d:unknown")
    add_relationship(G, "a", "b", strength=0.8)
    add_relationship(G, "b", "c", strength=0.6)
    add_relationship(G, "c", "d", strength=1.0)
    return G


def _diamond():
    G = people("a:supporter", "b:neutral", "c:neutral", "d:opponent", "e:unknown")
    add_reporting_line(G, "a", "b")
    add_reporting_line(G, "a", "c")
    add_relationship(G, "b", "d", strength=0.9)
    add_relationship(G, "c", "d", strength=0.7)
    add_relationship(G, "d", "e", "advises")
    add_relationship(G, "c", "e", "conflicts with")
    return G


def _cycle():
    G = people("a:neutral", "b:skeptic", "c:unknown", "d:neutral")
    for u, v in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]:
        add_relationship(G, u, v, strength=0.9)
    add_reporting_line(G, "d", "a")
    return G


@pytest.mark.parametrize("build, approached", [
    (_chain, ()), (_chain, ("c",)), (_diamond, ()), (_diamond, ("d", "b")), (_cycle, ("a",)), (_cycle, ("a", "d")),
])
def test_monte_carlo_agrees_with_exact_support(build, approached):
    G = build()
    exact = exact_expected_support(G, approached)
    estimate = expected_support(G, approached, simulations=20_000, seed=7)
    assert estimate.stderr > 0
    assert abs(estimate.mean - exact) < 4 * estimate.stderr


def test_exact_support_by_hand():
    # a on board; b joins with 0.8*0.5; c with that times 0.6*0.25; d follows c surely (1.0*0.5).
    pb = 0.8 * 0.5
    pc = pb * 0.6 * 0.25
    assert exact_expected_support(_chain(), model=POINT) == pytest.approx(1 + pb + pc + pc * 0.5)
    # Approaching c: it joins with r = 0.25 on its own, or through b.
    pc2 = 1 - (1 - 0.25) * (1 - pc)
    assert exact_expected_support(_chain(), ["c"], model=POINT) == pytest.approx(1 + pb + pc2 + pc2 * 0.5)


def test_exact_support_by_hand_under_the_default_prior():
    # The chain's support, averaged over the scales 0.5, 1, 1.5 (weights 1/4, 1/2, 1/4).
    def chain(scale):
        pb = min(1.0, scale * 0.8 * 0.5)
        pc = pb * min(1.0, scale * 0.6 * 0.25)
        return 1 + pb + pc + pc * min(1.0, scale * 0.5)
    expected = 0.25 * chain(0.5) + 0.5 * chain(1.0) + 0.25 * chain(1.5)
    assert exact_expected_support(_chain()) == pytest.approx(expected)


def test_approaching_an_ally_changes_nothing():
    assert exact_expected_support(_chain(), ["a"]) == exact_expected_support(_chain())


def test_exact_support_refuses_large_maps():
    G = people(*[f"p{i}" for i in range(30)])
    for i in range(29):
        add_relationship(G, f"p{i}", f"p{i + 1}")
    with pytest.raises(InfluenceError, match="expected_support"):
        exact_expected_support(G, ["p0"])


def test_same_seed_same_estimate_and_seeds_differ():
    G = _diamond()
    first = expected_support(G, ["d"], simulations=500, seed=3)
    assert first == expected_support(G, ["d"], simulations=500, seed=3)
    assert first != expected_support(G, ["d"], simulations=500, seed=4)
    assert isinstance(first, SupportEstimate) and first.simulations == 500
    assert first.to_dict()["mean"] == first.mean


def test_support_of_allies_alone_and_of_an_empty_map():
    G = people("a:champion", "b:supporter")
    assert expected_support(G) == SupportEstimate(2.0, 0.0, 1000, low=2.0, high=2.0, people=2)
    assert expected_support(new_map()).mean == 0.0


def test_unknown_person_approached_is_named():
    with pytest.raises(PersonNotFound, match="No one called 'zed'"):
        expected_support(_chain(), ["zed"])


def test_approached_by_name():
    assert expected_support(_chain(), ["C"], seed=1) == expected_support(_chain(), ["c"], seed=1)


def test_large_map_support_is_quick_and_consistent():
    import time

    from influence.samples import synthetic_organisation

    G = synthetic_organisation(5_000, seed=1)
    ig = influence_graph(G)
    start = time.perf_counter()
    now = expected_support(ig, simulations=300)
    assert time.perf_counter() - start < 5
    assert ig.on_board.sum() <= now.low <= now.mean <= now.high <= ig.n
    point = expected_support(ig, model=POINT, simulations=300)
    assert math.isfinite(point.stderr) and point.stderr < 0.01 * point.mean
    # Half the tie probability or half again: the interval is far wider than without a prior.
    assert now.high - now.low > 3 * (point.high - point.low)


def test_same_seed_shares_worlds_so_a_what_if_never_loses_support():
    """Common random numbers: with one seed, approaching one more person can only add
    people on board in every simulated world, so no estimated gain is negative and a
    small gain is not swamped by sampling noise."""
    from influence.samples import load_sample

    G = load_sample()
    before = expected_support(G, seed=7, simulations=300)
    gains = [expected_support(G, [person], seed=7, simulations=300).mean - before.mean for person in G]
    assert min(gains) >= 0
    assert max(gains) > 0.3


# --- the prior, the external term and periods (issue 10) -----------------------------------

def test_default_prior_is_documented_values_with_mean_one():
    assert DEFAULT_PRIOR == SpreadModel().prior == default_prior(1.0, 0.0)
    assert [(d.scale, d.external, d.weight) for d in DEFAULT_PRIOR] == [
        (0.5, 0.0, 0.25), (1.0, 0.0, 0.5), (1.5, 0.0, 0.25)]
    assert sum(d.scale * d.weight for d in DEFAULT_PRIOR) == pytest.approx(1.0)
    # Around another central value, the same spread.
    model = SpreadModel(scale=0.4, external=0.1)
    assert [round(d.scale, 6) for d in model.prior] == [0.2, 0.2, 0.4, 0.4, 0.6, 0.6]
    assert {round(d.external, 6) for d in model.prior} == {0.05, 0.15}
    assert model.replace(scale=1.0, external=0.0).prior == DEFAULT_PRIOR
    fixed = SpreadModel(prior=(ParameterDraw(0.3),))
    assert fixed.replace(scale=2.0).prior == (ParameterDraw(0.3),)


def test_model_with_prior_round_trips_and_hashes():
    model = SpreadModel(periods=3, prior=(ParameterDraw(0.5, 0.1, 2), ParameterDraw(1.2, 0.0, 1)))
    again = SpreadModel.from_dict(model.to_dict())
    assert again == model and hash(again) == hash(model)
    assert model.to_dict()["prior"] == [{"scale": 0.5, "external": 0.1, "weight": 2.0},
                                        {"scale": 1.2, "external": 0.0, "weight": 1.0}]
    assert SpreadModel.from_dict({}) == SpreadModel()
    assert SpreadModel.from_dict(POINT.to_dict()) == POINT
    assert not POINT.uncertain and SpreadModel().uncertain


@pytest.mark.parametrize("bad", [dict(scale=-1), dict(external=1.5), dict(periods=0), dict(periods=2.5),
                                 dict(prior=()), dict(prior=({"scale": 1, "shape": 2},)),
                                 dict(prior=(ParameterDraw(1.0),) * 0)])
def test_bad_uncertainty_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        SpreadModel(**bad)


@pytest.mark.parametrize("bad", [dict(scale=float("nan")), dict(external=-0.1), dict(weight=0), dict(scale="1")])
def test_bad_parameter_draws_are_refused(bad):
    with pytest.raises(ValueError, match="ParameterDraw"):
        ParameterDraw(**bad)


def test_scale_multiplies_probabilities_and_clips():
    G = _chain()
    ig = influence_graph(G, SpreadModel(scale=2.0))
    assert ig.p("a", "b") == pytest.approx(min(1, 2 * 0.8 * 0.5))
    assert ig.p("c", "d") == 1.0  # 2 x 1.0 x 0.5, clipped
    assert influence_graph(G, SpreadModel(scale=0.0)).p("a", "b") == 0.0


THREE_POINT = (ParameterDraw(0.5, 0.0, 1), ParameterDraw(1.0, 0.1, 2), ParameterDraw(1.8, 0.3, 1))


@pytest.mark.parametrize("build, approached", [(_chain, ()), (_chain, ("c",)), (_diamond, ("b",)), (_cycle, ("a",))])
@pytest.mark.parametrize("periods", [None, 1, 2])
def test_monte_carlo_agrees_with_exact_under_a_prior_with_external_and_periods(build, approached, periods):
    model = SpreadModel(prior=THREE_POINT, periods=periods)
    exact = exact_expected_support(build(), approached, model=model)
    estimate = expected_support(build(), approached, model=model, simulations=20_000, seed=5)
    assert abs(estimate.mean - exact) < 4 * estimate.stderr


def test_external_chance_and_periods_by_hand():
    # Nobody on board, no ties: each of 4 people comes on board from outside w.p. 0.2
    # over the horizon, or 1 - 0.8^T within T periods.
    G = people("a", "b", "c", "d")
    assert exact_expected_support(G, model=SpreadModel(external=0.2, prior=None)) == pytest.approx(0.8)
    assert exact_expected_support(G, model=SpreadModel(external=0.2, periods=3, prior=None)) == pytest.approx(
        4 * (1 - 0.8 ** 3))
    # A certain chain a -> b -> c -> d: one step per period.
    H = people("a:champion", "b:champion", "c:champion", "d:champion")
    for u, v in [("a", "b"), ("b", "c"), ("c", "d")]:
        add_relationship(H, u, v, strength=1.0)
    H.nodes["a"]["attitude"] = "champion"
    for v in "bcd":
        H.nodes[v]["attitude"] = "neutral"
    model = SpreadModel(receptiveness={"neutral": 1.0}, prior=None)
    assert expected_support(H, model=model, simulations=50).mean == 4
    assert expected_support(H, model=model.replace(periods=1), simulations=50).mean == 2
    assert expected_support(H, model=model.replace(periods=2), simulations=50).mean == 3
    assert exact_expected_support(H, model=model.replace(periods=2)) == 3


def test_interval_covers_prior_and_cascade_and_reads_plainly():
    from influence.samples import load_sample

    G = load_sample()
    wide = expected_support(G, simulations=2000, seed=1)
    narrow = expected_support(G, model=POINT, simulations=2000, seed=1)
    assert wide.low <= wide.mean <= wide.high and narrow.low <= narrow.mean <= narrow.high
    assert wide.high - wide.low > narrow.high - narrow.low
    assert wide.people == len(G) == 60
    text = wide.plain()
    assert text == f"about {round(wide.mean)} of 60 on board (80%: {round(wide.low)}–{round(wide.high)})"
    data = wide.to_dict()
    assert set(data) >= {"mean", "low", "high", "stderr", "simulations"}
    assert SupportEstimate(3.0, 0.0, 10, people=5).plain() == "about 3 of 5 on board"
    assert SupportEstimate(0.44, 0.1, 10, 0, 2, 9).plain() == "about 0.4 of 9 on board (80%: 0–2)"
    assert SupportEstimate(1234.4, 1, 10, 1200, 1300, 5000).plain() == "about 1,234 of 5,000 on board (80%: 1,200–1,300)"


def test_common_random_numbers_hold_across_parameter_draws():
    """Worlds draw their parameters by world number, so before and after share them: a
    what-if's gain is never negative even with external influence and periods."""
    from influence.samples import load_sample

    G = load_sample()
    model = SpreadModel(prior=THREE_POINT, periods=2)
    before = expected_support(G, model=model, seed=3, simulations=300)
    for person in list(G)[:20]:
        after = expected_support(G, [person], model=model, seed=3, simulations=300)
        assert after.mean >= before.mean and after.low >= before.low and after.high >= before.high
