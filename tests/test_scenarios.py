"""One meaning of a what-if: influence.scenarios.Scenario and its readings everywhere."""

from __future__ import annotations

import json

import pytest

from influence import InfluenceError, PersonNotFound, analyze, what_if
from influence.graph import add_person, add_relationship, new_map
from influence.samples import load_sample
from influence.scenarios import FORMAT, Scenario
from influence.spread import exact_expected_support
from components import component_text as _text


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture
def chain():
    G = new_map("Chain")
    for pid, attitude in [("a", "neutral"), ("b", "neutral"), ("c", "skeptic")]:
        add_person(G, pid, pid.upper(), attitude=attitude)
    add_relationship(G, "a", "b", strength=1.0)
    add_relationship(G, "b", "c", strength=0.8)
    return G


def test_the_two_readings_match_the_exact_model(chain):
    from influence.spread import SpreadModel

    point = SpreadModel(prior=None)  # the model's point values, no uncertainty over them
    # Assume A on board: A is a champion, so 1 + 0.5 (B) + 0.5 x 0.8 x 0.25 (C) = 1.6.
    certain = Scenario(on_board=("a",))
    assert exact_expected_support(certain.apply(chain), model=point) == pytest.approx(1.6)
    # Approach A: the approach succeeds with r(neutral) = 0.5, then the same: 0.5 x 1.6 = 0.8.
    approached = Scenario(approach=("a",))
    assert exact_expected_support(approached.apply(chain), approached.approached_in(chain),
                                  model=point) == pytest.approx(0.8)
    w_certain = what_if(chain, certain, model=point, simulations=20_000, seed=2)
    w_approached = what_if(chain, approached, model=point, simulations=20_000, seed=2)
    assert abs(w_certain.after.mean - 1.6) < 4 * w_certain.after.stderr
    assert abs(w_approached.after.mean - 0.8) < 4 * w_approached.after.stderr
    assert chain.nodes["a"]["attitude"] == "neutral"  # the map itself is untouched


@pytest.mark.parametrize("reading", ["on_board", "approach"])
def test_what_if_and_analyze_give_the_same_expected_support_for_the_same_scenario_and_seed(sample, reading):
    scenario = Scenario.build(sample, **{reading: ["Ethan Brooks"]}, attitudes={"Richard Halvorsen": "neutral"})
    w = what_if(sample, scenario, seed=4, simulations=300)
    a = analyze(sample, scenario=scenario, seed=4, simulations=300)
    assert a.support_now == w.after
    assert analyze(sample, seed=4, simulations=300).support_now == w.before
    # The keywords build the same scenario as Scenario.build.
    assert what_if(sample, **{reading: ["NW081"]}, attitudes={"NW060": "neutral"}, seed=4,
                   simulations=300).after == w.after


def test_assume_on_board_counts_more_than_an_approach(sample):
    certain = what_if(sample, on_board=["NW081"], simulations=300)
    approached = what_if(sample, approach=["NW081"], simulations=300)
    assert certain.before == approached.before
    assert certain.after.mean > approached.after.mean > approached.before.mean


def test_build_resolves_names_and_words_and_reports_bad_ones(sample):
    s = Scenario.build(sample, on_board="ethan brooks", approach=["Gabriela Costa"],
                       attitudes={"Richard Halvorsen": "Mentor"}, name=" Q3 push ")
    assert (s.on_board, s.approach, dict(s.attitudes), s.name) == (("NW081",), ("NW091",), {"NW060": "champion"},
                                                                    "Q3 push")
    with pytest.raises(PersonNotFound, match="Did you mean: Ethan Brooks"):
        Scenario.build(sample, on_board=["Ethan Brooke"])
    with pytest.raises(InfluenceError, match="attitude for Richard Halvorsen: 'middling-ish' is not a known attitude"):
        Scenario.build(sample, attitudes={"NW060": "middling-ish"})


def test_apply_changes_a_copy_and_on_board_wins_over_an_attitude(chain):
    s = Scenario(on_board=("a",), approach=("a", "b"), attitudes={"a": "opponent", "c": "neutral"})
    assert s.approach == ("b",)  # someone on board for certain is not approached as well
    H = s.apply(chain)
    assert H is not chain
    assert [H.nodes[p]["attitude"] for p in "abc"] == ["champion", "neutral", "neutral"]
    assert [chain.nodes[p]["attitude"] for p in "abc"] == ["neutral", "neutral", "skeptic"]
    assert s.label(chain) == ("What-if: A assumed on board; B approached (each won with probability r); "
                              "C neutral — not the current state")


def test_empty_scenario_is_false_and_changes_nothing(chain):
    s = Scenario()
    assert not s and s.key() == "" and s.label(chain) == "" and s.file_suffix() == ""
    a = analyze(chain, scenario=s, simulations=50)
    assert a.graph is chain and a.base_graph is chain and not a.scenario and a.label() == ""
    assert analyze(chain, scenario={}, simulations=50).to_dict()["scenario"] is None


def test_key_is_stable_and_ignores_order_and_name():
    one = Scenario(on_board=("b", "a"), attitudes={"y": "neutral", "x": "skeptic"}, name="One")
    two = Scenario(on_board=("a", "b"), attitudes={"x": "-1", "y": "0"}, name="Two")
    assert one.key() == two.key() != Scenario(approach=("a", "b")).key()
    assert one != two and one == Scenario.from_dict(one.to_dict())
    assert len({one, Scenario.from_dict(one.to_dict())}) == 1


def test_stored_format_round_trips_and_reads_the_old_dashboard_format():
    s = Scenario(on_board=("NW081",), approach=("NW091",), attitudes={"NW060": "neutral"}, name="Plan")
    data = s.to_dict()
    assert data == {"format": FORMAT, "on_board": ["NW081"], "approach": ["NW091"],
                    "attitudes": {"NW060": "neutral"}, "name": "Plan"}
    assert Scenario.from_dict(json.loads(json.dumps(data))) == s
    # The dashboard used to store {"won": [...], "attitudes": {...}}: "won over" meant certain.
    old = Scenario.from_dict({"won": ["NW081"], "attitudes": {"NW060": "supporter"}})
    assert old.on_board == ("NW081",) and old.approach == () and dict(old.attitudes) == {"NW060": "supporter"}
    assert Scenario.from_dict(None) == Scenario() == Scenario.from_dict({"won": [], "attitudes": {}})
    with pytest.raises(InfluenceError, match="newer than this version"):
        Scenario.from_dict({"format": FORMAT + 1, "on_board": []})
    with pytest.raises(InfluenceError, match="must be an object"):
        Scenario.from_dict(["NW081"])
    with pytest.raises(InfluenceError, match="scenario attitude for NW060: 'middling-ish'"):
        Scenario.from_dict({"attitudes": {"NW060": "middling-ish"}})


def test_label_names_people_and_cuts_long_lists(sample):
    s = Scenario(on_board=("NW081",), attitudes={"NW060": "neutral"})
    assert s.label(sample) == ("What-if: Ethan Brooks assumed on board; Richard Halvorsen neutral — "
                               "not the current state")
    many = Scenario(approach=tuple(f"NW0{i}" for i in range(10, 17)))
    assert many.label(sample).count(",") == 2 and "and 4 more approached" in many.label(sample)
    assert Scenario(on_board=("a",), name="Win the CFO").file_suffix() == "what-if-win-the-cfo"


def test_analysis_knows_its_settings_and_scenario(sample):
    from influence.spread import SpreadModel

    model = SpreadModel(default_strength=0.4)
    s = Scenario(on_board=("NW081",))
    a = analyze(sample, scenario=s, model=model, fraction=0.05, seed=3, simulations=200)
    assert (a.model, a.fraction, a.seed, a.simulations, a.scenario) == (model, 0.05, 3, 200, s)
    assert a.graph.nodes["NW081"]["attitude"] == "champion" and a.base_graph is sample
    assert a.segment("NW081") == "ally"
    data = a.to_dict()
    assert data["scenario"]["on_board"] == ["NW081"] and data["scenario"]["label"] == a.label()
    assert data["parameters"]["model"]["default_strength"] == 0.4
    part = a.of_people([p for p in sample if p <= "NW050"])
    assert (part.model, part.fraction, part.seed, part.simulations) == (model, 0.05, 3, 200)
    assert part.scenario == Scenario()  # NW081 is not in the part


def test_chains_have_one_probability_with_or_without_a_start(sample):
    a = analyze(sample, simulations=100)
    from_our_side = {tuple(p.people): p.probability for p in a.paths_to("NW060", k=5)}
    for chain, probability in from_our_side.items():
        if len(chain) > 1:
            again = a.paths_to("NW060", source=chain[0], k=5)
            assert {tuple(p.people): p.probability for p in again}[chain] == pytest.approx(probability, abs=1e-12)
    # The card's best chain is the best of the path finder's chains.
    best = a.approach_to("Richard Halvorsen")
    top = a.paths_to("NW060", k=1)[0]
    assert (best.people, best.probability) == (top.people, pytest.approx(top.probability, abs=1e-12))
    ally = next(p for p in sample if sample.nodes[p]["attitude"] == "champion")
    assert a.approach_to(ally).people == [ally] and a.approach_to(ally).probability == 1.0


def test_paths_use_the_analysis_model(sample):
    from influence.spread import SpreadModel

    cautious = SpreadModel(receptiveness={"skeptic": 0.1})
    default, changed = analyze(sample, simulations=100), analyze(sample, model=cautious, simulations=100)
    assert changed.paths_to("NW060", k=1)[0].probability == pytest.approx(
        default.paths_to("NW060", k=1)[0].probability * 0.1 / 0.25)


# --- the same what-if and the same chain on every surface --------------------------------------

FAST = 300  # Monte-Carlo cascades: the figures are compared exactly, so any number will do


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, sample):
    pytest.importorskip("dash")
    from influence.dashboard.service import MapService
    from influence.store import Workspace

    ws = Workspace(tmp_path_factory.mktemp("ws") / "ws.sqlite")
    map_id = ws.create_map("Northwind Systems", sample)
    service = MapService(ws, analyze_options={"seed": 0, "simulations": FAST})
    version = {"map_id": map_id, "version": service.version(map_id)}
    service.analysis(map_id)
    return service, version


def _cli(*args) -> dict:
    from click.testing import CliRunner

    from influence.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("reading, flag, control", [
    ("on_board", "--assume-on-board", "WHATIF_WON"), ("approach", "--approach", "WHATIF_APPROACH")])
def test_simulate_the_dashboard_and_what_if_give_the_same_expected_support(sample, dashboard, reading, flag,
                                                                           control):
    from influence.dashboard import callbacks as cb
    from influence.dashboard import ids

    service, version = dashboard
    map_id = version["map_id"]
    cli = _cli("simulate", "--sample", flag, "NW081", "--attitude", "NW060=neutral", "--seed", "0",
               "--simulations", str(FAST), "--json")
    library = what_if(sample, **{reading: ["Ethan Brooks"]}, attitudes={"Richard Halvorsen": "neutral"}, seed=0,
                      simulations=FAST)
    # The dashboard: the what-if controls, then the view and panels, called as functions.
    scenarios = cb.scenario_action({}, map_id, getattr(ids, control), **{
        "won" if reading == "on_board" else "approach": ["NW081"]})
    scenarios = cb.scenario_action(scenarios, map_id, ids.WHATIF_APPLY, person="NW060", attitude="neutral")
    after = service.analysis(map_id, None, scenarios[str(map_id)])
    assert after.support_now == library.after
    assert cli["after"]["mean"] == round(library.after.mean, 3) == round(after.support_now.mean, 3)
    assert cli["before"]["mean"] == round(library.before.mean, 3) == round(
        service.analysis(map_id).support_now.mean, 3)
    shown = _text(cb.whatif_view(service, version, scenarios))
    assert f"{library.after.mean:.1f}" in shown and f"{library.before.mean:.1f}" in shown
    reading_words = "Assumed on board (certain)" if reading == "on_board" else "Approached (each won with probability r)"
    assert reading_words in shown
    summary, _ = cb.panels_view(service, version, scenarios)
    # the support panel speaks plainly ("about 37 of 60 … (80%: 28–49)"): the what-if's own figures
    assert library.label in _text(summary) and library.after.plain().split(" on board")[0] in _text(summary)
    assert f"(80%: {library.after.low:.0f}–{library.after.high:.0f})" in _text(summary)


def test_the_dashboard_shows_an_open_what_if_on_the_map_panels_card_and_export_name(dashboard):
    from influence.dashboard import callbacks as cb
    from influence.dashboard import ids
    from influence.dashboard.callbacks.whatif import what_if_banner

    service, version = dashboard
    map_id = version["map_id"]
    scenarios = cb.scenario_action({}, map_id, ids.WHATIF_WON, won=["NW081"])
    label = "What-if: Ethan Brooks assumed on board — not the current state"
    assert _text(what_if_banner(service, version, scenarios)) == label
    assert what_if_banner(service, version, {}) is None
    els, _, status, _ = cb.map_view(service, version, scenarios=scenarios)
    ethan = next(e for e in els if e["data"].get("id") == "NW081")
    assert "att-champion" in ethan["classes"].split() and "won" in ethan["classes"].split()
    assert "what-if" in status
    plain, _, status, _ = cb.map_view(service, version)
    assert "att-neutral" in next(e for e in plain if e["data"].get("id") == "NW081")["classes"].split()
    assert "what-if" not in status
    title, body = cb.card_view(service, version, "NW060", scenarios)
    assert label in _text(body)
    assert label not in _text(cb.card_view(service, version, "NW060")[1])
    download = cb.export_action(service, version, "xlsx", scenarios)
    assert download["filename"] == "northwind-systems-briefing-what-if.xlsx"
    assert cb.export_action(service, version, "xlsx", {})["filename"] == "northwind-systems-briefing.xlsx"


@pytest.mark.parametrize("source", [None, "NW061"])
def test_one_probability_per_chain_in_the_cli_card_path_finder_and_exports(sample, dashboard, source):
    from influence.dashboard import callbacks as cb
    from influence.export.briefing import prepare_briefing

    service, version = dashboard
    target = "NW060"  # Richard Halvorsen, the skeptical CFO
    cli = _cli("path", "--sample", "--to", target, "--json", *(["--from", source] if source else []))
    cli_chains = {tuple(p["people"]): p["probability"] for p in cli["paths"]}
    store, _ = cb.paths_action(service, version, target, source)
    finder = {tuple(p["people"]): round(p["probability"], 6) for p in store["paths"]}
    assert finder == cli_chains and len(finder) == 3
    analysis = service.analysis(version["map_id"])
    briefing = prepare_briefing(sample, analysis, target=target)
    exported = {tuple(p.ids): round(p.probability, 6) for p in briefing.paths}
    if source is None:
        assert exported == cli_chains
        # The card shows the best chain, with the same probability.
        card = _text(cb.card_view(service, version, target)[1])
        best = max(cli_chains, key=cli_chains.get)
        assert f"{100 * cli_chains[best]:.0f}%" in card
        assert (tuple(analysis.approach_to(target).people), round(analysis.approach_to(target).probability, 6)) \
            == (best, cli_chains[best])
    else:
        # A chain from a chosen start has the probability it has when found from our side.
        for chain, probability in cli_chains.items():
            if chain in exported:
                assert exported[chain] == probability
        assert cli_chains[(source, target)] == exported[(source, target)]
