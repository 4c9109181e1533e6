"""Calibration of the spread model: reading adoption data, recovering known parameters,
held-out metrics, the calibration file and the CLI."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from influence.calibration import (
    Calibration, CalibrationError, _design, _neg_ll, _observations, auc, calibrate, forecast_curve, log_likelihood,
    parse_holdout, simulate_history,
)
from influence.cli import main
from influence.diffusion_data import (
    NEVER, DiffusionData, DiffusionDataError, bundled_study, read_diffusion_csv,
)


def villages(n_villages: int, size: int, ties_per_person: int = 4, seed: int = 0) -> DiffusionData:
    """Independent villages, each person influenced by a few random others of the same village."""
    rng = np.random.default_rng(seed)
    n = n_villages * size
    group = np.repeat(np.arange(n_villages), size)
    src, dst = [], []
    for v in range(n_villages):
        people = np.arange(v * size, (v + 1) * size)
        for person in people:
            others = rng.choice(people[people != person], size=ties_per_person, replace=False)
            src += others.tolist()
            dst += [person] * ties_per_person
    pairs = np.unique(np.array(src) * n + np.array(dst))
    return DiffusionData(
        ids=tuple(f"p{i}" for i in range(n)), time=np.full(n, NEVER), seed=np.zeros(n, dtype=bool),
        group=group, group_labels=tuple(str(v) for v in range(n_villages)),
        source=pairs // n, target=pairs % n, base_p=np.full(pairs.size, 0.25), periods=10,
        period_labels=tuple(str(k) for k in range(1, 11)))


def with_history(data, scale, external, *, kernel="persistent", seed=1):
    return replace(data, time=simulate_history(data, scale, external, kernel=kernel, seed=seed))


# --- recovery on synthetic data with known parameters --------------------------------------------

@pytest.mark.parametrize("n_villages", [8, 30, 90])
def test_fit_recovers_known_parameters_at_several_sizes(n_villages):
    true_scale, true_external = 0.6, 0.04
    data = with_history(villages(n_villages, 40), true_scale, true_external, seed=n_villages)
    cal = calibrate(data, external_model="constant")
    # Within 3 standard errors, and the interval narrows as the data grow.
    assert abs(cal.scale.value - true_scale) < 3 * cal.scale.stderr, cal.scale
    assert abs(cal.external.value - true_external) < 3 * cal.external.stderr, cal.external
    assert cal.scale.low < cal.scale.value < cal.scale.high
    assert cal.fit["converged"]
    if n_villages == 90:  # 3,600 people: both within 15% of the truth
        assert abs(cal.scale.value / true_scale - 1) < 0.15
        assert abs(cal.external.value / true_external - 1) < 0.15


def test_interval_narrows_with_more_data():
    small = calibrate(with_history(villages(8, 40), 0.6, 0.04, seed=3), external_model="constant")
    large = calibrate(with_history(villages(80, 40), 0.6, 0.04, seed=3), external_model="constant")
    assert large.scale.stderr < small.scale.stderr / 2
    assert large.external.stderr < small.external.stderr / 2


def test_fit_recovers_a_network_that_explains_nothing():
    data = with_history(villages(40, 40), 0.0, 0.06, seed=5)
    cal = calibrate(data, external_model="constant")
    assert cal.scale.value < 0.1
    assert abs(cal.external.value - 0.06) < 3 * cal.external.stderr
    assert cal.explains_little
    assert "approach the most senior directly" in cal.advice()


def test_one_chance_kernel_recovers_its_own_parameters():
    data = with_history(villages(60, 40), 1.2, 0.03, kernel="one-chance", seed=7)
    cal = calibrate(data, kernel="one-chance", external_model="constant")
    assert abs(cal.scale.value - 1.2) < 3 * cal.scale.stderr
    assert abs(cal.external.value - 0.03) < 3 * cal.external.stderr
    # The persistent kernel fits these data worse.
    assert calibrate(data, kernel="persistent", external_model="constant").fit["log_likelihood"] < cal.fit["log_likelihood"]


def test_gradient_matches_finite_differences():
    data = with_history(villages(6, 30), 0.5, 0.05)
    obs = _observations(data)
    mask = np.ones(obs.size, dtype=bool)
    rng = np.random.default_rng(2)
    for mode in ("constant", "trend", "periods"):
        D = _design(mode, data.periods)
        theta = np.concatenate(([-2.5, -1.0], rng.normal(0, 0.5, D.shape[1] - 2)))
        _, grad = _neg_ll(theta, obs, mask, 4.0, D)
        for i in range(theta.size):
            step = np.zeros(theta.size)
            step[i] = 1e-6
            numeric = (_neg_ll(theta + step, obs, mask, 4.0, D)[0] - _neg_ll(theta - step, obs, mask, 4.0, D)[0]) / 2e-6
            assert grad[i] == pytest.approx(numeric, rel=1e-4, abs=1e-6)


def test_likelihood_by_hand_on_two_people():
    # a influences b; a came on board in period 1, b in period 2 (of 2).
    data = DiffusionData(ids=("a", "b"), time=np.array([1, 2]), seed=np.zeros(2, dtype=bool),
                         group=np.zeros(2, dtype=int), group_labels=("g",), source=np.array([0]),
                         target=np.array([1]), base_p=np.array([0.25]), periods=2)
    s, e = 0.8, 0.1
    # a: adopts in period 1 with hazard e. b: survives period 1 (1 - e), adopts in 2 with 1 - (1-e)(1-0.2).
    expected = math.log(e) + math.log(1 - e) + math.log(1 - (1 - e) * (1 - s * 0.25))
    assert log_likelihood(data, s, e) == pytest.approx(expected)


def test_auc_against_brute_force():
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 5, 60).astype(float)
    labels = rng.random(60) < 0.4
    pos, neg = scores[labels], scores[~labels]
    brute = np.mean([(p > q) + 0.5 * (p == q) for p in pos for q in neg])
    assert auc(scores, labels) == pytest.approx(brute)
    assert auc([1, 2], [0, 0]) is None


# --- the shared studies ----------------------------------------------------------------------------

def test_bundled_studies_match_the_published_facts():
    k = bundled_study("kfamily").summary()
    assert k["adopters_per_period"] == [69, 94, 81, 86, 65, 62, 53, 53, 73, 37]
    assert (k["people"], k["ties"], k["groups"], k["never"]) == (1047, 4999, 25, 374)
    b = bundled_study("brfarmers").summary()
    assert b["adopters_per_period"] == [6, 2, 4, 6, 32, 3, 3, 14, 3, 90, 6, 42, 17, 41, 64, 55, 64, 45, 43]
    assert (b["people"], b["ties"], b["groups"]) == (692, 1854, 11)


@pytest.fixture(scope="module")
def brfarmers_fit():
    return calibrate(bundled_study("brfarmers"), holdout="groups:10,22,23,70")


def test_held_out_metrics_on_a_real_study(brfarmers_fit):
    held = brfarmers_fit.held_out
    assert held["holdout"]["values"] == ["10", "22", "23", "70"]
    assert set(held["auc_next_period"]) == {"model", "exposure", "nominations_received", "pagerank", "constant_rate"}
    assert held["auc_next_period"]["constant_rate"] == 0.5
    # The calibrated model beats the constant rate on held-out villages, by likelihood.
    ll = held["log_likelihood_per_adoption"]
    assert ll["model"] > ll["constant_rate"]
    assert held["adoptions"] == 22 + 20 + 59 + 63  # adopters of villages 10, 22, 23, 70 (DIFFUSION.md)


def test_forecast_curve_has_the_observed_shape(brfarmers_fit):
    data = bundled_study("brfarmers").subset(groups=["10", "22", "23", "70"])
    curve = forecast_curve(brfarmers_fit, data, simulations=200)
    assert len(curve["mean"]) == data.periods - 1
    assert curve["observed"][-1] == int((data.time > 0).sum())
    assert all(lo <= m <= hi for lo, m, hi in zip(curve["low"], curve["mean"], curve["high"]))
    assert all(b >= a for a, b in zip(curve["mean"], curve["mean"][1:]))


def test_calibration_file_round_trip_and_model(brfarmers_fit, tmp_path):
    path = brfarmers_fit.save(tmp_path / "cal.json")
    again = Calibration.load(path)
    assert again.to_dict() == brfarmers_fit.to_dict()
    model = again.model()
    assert model.periods == 19
    assert len(model.prior) == len(again.prior_draws)
    assert model.external == pytest.approx(again.external.value)
    data = json.loads(path.read_text())
    assert data["parameters"]["scale"]["low"] < data["parameters"]["scale"]["value"] < data["parameters"]["scale"]["high"]
    assert data["data"]["people_sha256"] and data["data"]["holdout"]["kind"] == "groups"


def test_calibration_changes_the_analysis(brfarmers_fit):
    from influence import analyze, load_sample

    G = load_sample()
    default = analyze(G, simulations=200)
    calibrated = analyze(G, simulations=200, calibration=brfarmers_fit)
    assert calibrated.model.periods == 19
    assert calibrated.support_now.mean != pytest.approx(default.support_now.mean)


def test_bad_calibration_files_say_what_is_wrong(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CalibrationError, match="is not JSON"):
        Calibration.load(bad)
    bad.write_text(json.dumps({"kind": "something else"}))
    with pytest.raises(CalibrationError, match="not an influence-map calibration file"):
        Calibration.load(bad)


def test_holdout_specs():
    data = bundled_study("brfarmers")
    assert parse_holdout("periods:9,17-18", data).values == (9, 17, 18)
    assert not parse_holdout(None, data)
    for spec, message in [("villages:1", "not understood"), ("groups:99", "not in the data"),
                          ("periods:0-3", "outside the data"), ("groups:100%", "keep at least one"),
                          ("periods:1-19", "every period")]:
        with pytest.raises(CalibrationError, match=message):
            parse_holdout(spec, data)


# --- reading CSV files -----------------------------------------------------------------------------

def write(tmp_path, people: str, edges: str):
    p, e = tmp_path / "people.csv", tmp_path / "edges.csv"
    p.write_text(people)
    e.write_text(edges)
    return p, e


def test_flow_reads_nominations_against_the_arrow(tmp_path):
    p, e = write(tmp_path, "id,adoption_time,group\na,1,x\nb,,x\n", "source,target,relation\na,b,advice\n")
    named = read_diffusion_csv(p, e)
    assert (named.ids[named.source[0]], named.ids[named.target[0]]) == ("b", "a")  # b was named: b influences a
    direct = read_diffusion_csv(p, e, flow="source-influences-target")
    assert (direct.ids[direct.source[0]], direct.ids[direct.target[0]]) == ("a", "b")
    assert named.time.tolist() == [1, NEVER] and named.periods == 1


def test_tie_strength_from_the_relations_a_tie_was_named_under(tmp_path):
    p, e = write(tmp_path, "id,adoption_time\na,1\nb,\nc,2\n",
                 "source,target,relation\na,b,friend\na,b,advice\na,b,advice\nc,b,friend\n")
    data = read_diffusion_csv(p, e, tie_strength="relations")
    p_of = {(data.ids[s], data.ids[t]): p for s, t, p in zip(data.source, data.target, data.base_p)}
    assert p_of == {("b", "a"): 0.5, ("b", "c"): 0.25}   # 2 of 2 relation types, 1 of 2
    assert set(read_diffusion_csv(p, e).base_p) == {0.25}
    with pytest.raises(Exception, match="unknown tie strength"):
        read_diffusion_csv(p, e, tie_strength="sum")


def test_semicolon_csv_from_a_spreadsheet(tmp_path):
    p, e = write(tmp_path, "\ufeffid;adoption_time;village\na;1;x\nb;;x\n", "source;target\na;b\n")
    data = read_diffusion_csv(p, e)
    assert data.ids == ("a", "b") and data.group_labels == ("x",) and data.source.size == 1


def test_csv_problems_are_collected_with_row_column_and_value(tmp_path):
    p, e = write(tmp_path, "id,adoption_time,seed\na,1,\nb,soon,\na,2,\nc,2,maybe\n",
                 "source,target\na,zed\n")
    with pytest.raises(DiffusionDataError) as info:
        read_diffusion_csv(p, e)
    messages = [str(x) for x in info.value.problems]
    assert any("row 3" in m and "adoption_time" in m and "'soon'" in m for m in messages)
    assert any("row 4" in m and "repeats id 'a'" in m for m in messages)
    assert any("row 5" in m and "seed" in m for m in messages)
    assert any("edges.csv" in m and "'zed'" in m and "not in people.csv" in m for m in messages)


def test_missing_columns_are_named(tmp_path):
    p, e = write(tmp_path, "id,when\na,1\n", "from,to\n")
    with pytest.raises(DiffusionDataError, match="adoption_time") as info:
        read_diffusion_csv(p, e)
    assert any("source" in str(x) for x in info.value.problems)


def test_seed_and_outcome_data(tmp_path):
    rng = np.random.default_rng(4)
    data = villages(30, 30, seed=4)
    seeds = np.zeros(data.n, dtype=bool)
    seeds[rng.choice(data.n, 60, replace=False)] = True
    # Outcomes from the one-chance cascade with scale 0.8 and a 10% chance from outside.
    live = rng.random(data.source.size) < 0.8 * 0.25
    on = seeds | (rng.random(data.n) < 0.10)
    frontier = on.copy()
    while frontier.any():
        reach = np.zeros(data.n, dtype=bool)
        reach[data.target[live & frontier[data.source]]] = True
        frontier = reach & ~on
        on |= frontier
    lines = ["id,adopted,seed,group"] + [f"{pid},{int(on[i])},{int(seeds[i])},{data.group[i]}"
                                         for i, pid in enumerate(data.ids)]
    edges = ["source,target"] + [f"{data.ids[t]},{data.ids[s]}" for s, t in zip(data.source, data.target)]
    p, e = write(tmp_path, "\n".join(lines) + "\n", "\n".join(edges) + "\n")
    read = read_diffusion_csv(p, e)
    assert read.periods is None and int(read.seed.sum()) == 60
    cal = calibrate(read, holdout="groups:0,1,2,3,4,5", simulations=100)
    assert cal.periods is None
    assert abs(cal.external.value - 0.10) < 3 * cal.external.stderr + 0.02, cal.external
    assert abs(cal.scale.value - 0.8) < 3 * cal.scale.stderr + 0.1, cal.scale
    assert cal.held_out["auc_next_period"]["model"] > 0.5


# --- the command line ------------------------------------------------------------------------------

def test_cli_calibrate_writes_a_file_the_other_commands_accept(tmp_path):
    runner = CliRunner()
    out = tmp_path / "cal.json"
    result = runner.invoke(main, ["calibrate", "--study", "kfamily", "--holdout", "groups:1,2,3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "scale" in result.output and "AUC of next-period adoption" in result.output
    assert Calibration.load(out).periods == 10
    as_json = runner.invoke(main, ["calibrate", "--study", "kfamily", "--holdout", "groups:1,2,3", "--json",
                                   "--external-model", "trend"])
    data = json.loads(as_json.output)
    assert set(data["held_out"]["auc_next_period"]) >= {"model", "exposure", "pagerank"}
    assert data["external_model"] == "trend" and data["parameters"]["trend"]["stderr"] > 0
    simulated = runner.invoke(main, ["simulate", "--sample", "--win", "NW040", "--calibration", str(out),
                                     "--simulations", "100", "--json"])
    assert simulated.exit_code == 0, simulated.output


def test_cli_calibrate_reads_csv_files_and_reports_bad_ones(tmp_path):
    data = with_history(villages(10, 30), 0.6, 0.05)
    lines = ["id,adoption_time,village"] + [f"{pid},{'' if t < 0 else t},{data.group[i]}"
                                            for i, (pid, t) in enumerate(zip(data.ids, data.time))]
    edges = ["source,target,relation"] + [f"{data.ids[t]},{data.ids[s]},advice"
                                          for s, t in zip(data.source, data.target)]
    p, e = write(tmp_path, "\n".join(lines) + "\n", "\n".join(edges) + "\n")
    runner = CliRunner()
    result = runner.invoke(main, ["calibrate", str(p), str(e), "--holdout", "periods:9-10", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["held_out"]["holdout"]["values"] == [9, 10]
    p.write_text("id,adoption_time\nx,later\n")
    bad = runner.invoke(main, ["calibrate", str(p), str(e)])
    assert bad.exit_code == 1
    assert "Error: people.csv, row 2, column 'adoption_time'" in bad.output and "Traceback" not in bad.output
    wrong = runner.invoke(main, ["analyze", "--sample", "--calibration", str(p)])
    assert wrong.exit_code == 2 and "not JSON" in wrong.output


def test_readme_transcript_of_calibrate_is_real_output():
    import re
    import shlex
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = text.index("```console\n$ influence calibrate ")
    block = text[start + len("```console\n"):text.index("```", start + 12)]
    first, _, shown = block.partition("\n")
    runner = CliRunner()
    with runner.isolated_filesystem():
        result = runner.invoke(main, shlex.split(first)[2:])
    assert result.exit_code == 0, result.output
    seconds = re.compile(r"\d+\.\d+ s$", re.M)  # the fit's time varies from run to run
    assert seconds.sub("s", result.stdout.rstrip()) == seconds.sub("s", shown.rstrip()), (
        "README's calibrate transcript is out of date: paste the command's real output")


def test_analyze_says_what_the_figures_rest_on(tmp_path):
    data = with_history(villages(20, 40), 0.0, 0.06, seed=5)   # ties that explain nothing
    path = calibrate(data, external_model="constant").save(tmp_path / "cal.json")
    runner = CliRunner()
    text = runner.invoke(main, ["analyze", "--sample", "--calibration", str(path), "--simulations", "100"])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Model calibrated on ") and "approach the most senior directly" in text.output
    as_json = json.loads(runner.invoke(main, ["analyze", "--sample", "--calibration", str(path), "--simulations",
                                              "100", "--json"]).output)
    assert as_json["calibration"]["explains_little"] is True
    assert as_json["calibration"]["periods"] == 10
