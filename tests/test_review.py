"""Inspect what you expect: forecasts kept with snapshots, checked at the next review."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from influence.cli import main
from influence.graph import add_person, add_relationship, new_map
from influence.review import (
    calibration_bins, map_calibration, record_snapshot_forecast, recalibrate_map, review_map, snapshot_forecast,
)
from influence.store import Workspace


def small_map():
    G = new_map("Contoso")
    _ = add_person(G, "a", "Ann", attitude="champion")
    for pid, name in [("b", "Bo"), ("c", "Cy"), ("d", "Di"), ("e", "Ed")]:
        _ = add_person(G, pid, name, attitude="neutral")
    add_relationship(G, "a", "b", strength=1.0)   # p = 1.0 · 0.5
    add_relationship(G, "a", "c", strength=0.2)   # p = 0.2 · 0.5
    add_relationship(G, "b", "d", strength=1.0)
    return G


def test_forecast_by_hand():
    f = snapshot_forecast(small_map())
    # Default prior: scale 0.5 / 1 / 1.5 with weights 1/4, 1/2, 1/4, no external rate.
    assert f["people"]["a"] == 1.0
    assert f["people"]["b"] == pytest.approx(0.25 * 0.25 + 0.5 * 0.5 + 0.25 * 0.75)
    assert f["people"]["c"] == pytest.approx(0.25 * 0.05 + 0.5 * 0.1 + 0.25 * 0.15)
    assert f["people"]["d"] == 0.0  # b is not on board yet: one review period is one step
    assert f["expected_support"]["now"] == 1
    assert f["expected_support"]["next_review"]["mean"] == pytest.approx(1 + 0.5 + 0.1)
    assert f["expected_support"]["next_review"]["low"] <= 1.6 <= f["expected_support"]["next_review"]["high"]


def three_snapshots(path, *, record=True):
    """A map saved three times: Bo comes on board as forecast, Di against the odds, Ann cools off."""
    ws = Workspace(path)
    G = small_map()
    map_id = ws.create_map("Contoso", G)
    first = ws.snapshots(map_id)[-1].id
    if record:
        record_snapshot_forecast(ws, first, G, map_id=map_id)
    G = G.copy()
    G.nodes["b"]["attitude"] = "supporter"
    second = ws.save(map_id, G, note="Q2: Bo is on board")
    if record:
        record_snapshot_forecast(ws, second, G, map_id=map_id)
    G = G.copy()
    G.nodes["d"]["attitude"] = "champion"
    G.nodes["e"]["attitude"] = "supporter"
    G.nodes["a"]["attitude"] = "skeptic"
    ws.save(map_id, G, note="Q3")
    return ws, map_id


def test_review_compares_each_forecast_with_the_next_snapshot(tmp_path):
    ws, map_id = three_snapshots(tmp_path / "ws.sqlite")
    review = review_map(ws, map_id)
    assert len(review.periods) == 2
    q2, q3 = review.periods
    assert q2.recorded and q3.recorded
    assert [x["id"] for x in q2.as_predicted] == ["b"]          # p = 0.5 and came on board
    assert q2.came_on_board == 1 and q2.at_risk == 4
    # Brier by hand for Q2: b (0.5 - 1)^2, c (0.1 - 0)^2, d and e 0.
    assert q2.brier == pytest.approx((0.25 + 0.01) / 4)
    whats = {x["id"]: x["what"] for x in q3.surprises}
    assert whats["a"].startswith("fell off board")
    assert whats["e"] == "came on board against the odds"       # no tie reaches Ed
    assert q3.came_on_board == 2
    assert review.brier == pytest.approx(sum((p - y) ** 2 for c in review.periods for p, y in c.predictions)
                                         / sum(len(c.predictions) for c in review.periods))
    assert sum(b["count"] for b in review.bins) == q2.at_risk + q3.at_risk
    text = review.text()
    assert "Surprised us" in text and "Ed: came on board against the odds" in text


def test_missing_forecasts_are_reconstructed_and_say_so(tmp_path):
    ws, map_id = three_snapshots(tmp_path / "ws.sqlite", record=False)
    review = review_map(ws, map_id)
    assert not any(p.recorded for p in review.periods)
    assert "reconstructed now" in review.text()


def test_calibration_bins():
    bins = calibration_bins([0.05, 0.08, 0.55, 0.95, 1.0], [0, 1, 1, 1, 1])
    filled = [(b["low"], b["count"], b["predicted"], b["observed"]) for b in bins if b["count"]]
    assert filled == [(0.0, 2, 0.065, 0.5), (0.5, 1, 0.55, 1.0), (0.9, 2, 0.975, 1.0)]


def test_recalibrate_on_the_history_becomes_the_maps_model(tmp_path):
    ws, map_id = three_snapshots(tmp_path / "ws.sqlite")
    assert map_calibration(ws, map_id) is None
    cal = recalibrate_map(ws, map_id)
    assert cal.periods == 2 and cal.data["kind"] == "workspace-history"
    assert map_calibration(ws, map_id).to_dict() == cal.to_dict()
    # The next forecast uses it: Ed now has a chance from outside.
    f = record_snapshot_forecast(ws, ws.snapshots(map_id)[-1].id, map_id=map_id)
    assert f["calibration"]["external"] == pytest.approx(cal.external.value)
    assert f["model"].startswith("calibrated on")


def test_cli_review_json_and_recalibrate(tmp_path):
    path = tmp_path / "ws.sqlite"
    ws, map_id = three_snapshots(path)
    ws.close()
    runner = CliRunner()
    result = runner.invoke(main, ["review", "--workspace", str(path), "--map", "contoso", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["latest"]["brier"] is not None and len(data["periods"]) == 2
    assert {b["low"] for b in data["calibration_bins"]} >= {0.0, 0.5}
    again = runner.invoke(main, ["review", "--workspace", str(path), "--map", "Contoso", "--recalibrate"])
    assert again.exit_code == 0, again.output
    assert "Recalibrated the map's model" in again.output
    fitted = runner.invoke(main, ["calibrate", "--workspace", str(path), "--map", "Contoso", "--json",
                                  "--save-to-map"])
    assert json.loads(fitted.stdout)["data"]["kind"] == "workspace-history"
    assert "now uses this calibration" in fitted.output
    assert map_calibration(Workspace(path), map_id).to_dict() == json.loads(fitted.stdout)
    missing = runner.invoke(main, ["review", "--workspace", str(path), "--map", "Fabrikam"])
    assert missing.exit_code == 2 and "No map called “Fabrikam”" in missing.output
    nowhere = runner.invoke(main, ["review", "--workspace", str(tmp_path / "none.sqlite"), "--map", "Contoso"])
    assert nowhere.exit_code == 2 and "No workspace at" in nowhere.output
    assert not (tmp_path / "none.sqlite").exists()


def test_dashboard_saves_keep_forecasts_and_the_history_tab_checks_them(tmp_path):
    pytest.importorskip("dash")
    from influence.dashboard.callbacks.history import recalibrate, review_view
    from influence.dashboard.service import MapService

    ws = Workspace(tmp_path / "ws.sqlite")
    service = MapService(ws)
    G = small_map()
    map_id = service.create_map("Contoso", G)
    assert "Nothing to check yet" in str(review_view(service, map_id))
    G = G.copy()
    G.nodes["b"]["attitude"] = "supporter"
    first = service.save(map_id, G, "Q2")
    assert ws.forecast(first)["people"]["d"] == pytest.approx(0.5)   # Bo now on board pulls Di
    G = G.copy()
    G.nodes["d"]["attitude"] = "champion"
    service.save(map_id, G, "Q3")
    page = str(review_view(service, map_id))
    assert "Forecast check" in page and "recorded then" in page and "Di" in page and "Brier score" in page
    before = service.analysis(map_id)
    assert "Recalibrated on 2 review period(s)" in recalibrate(service, map_id)
    cal = map_calibration(ws, map_id)
    after = service.analysis(map_id)   # the map's analyses now use its own calibration
    assert after.model.periods == cal.periods == 2 and before.model.periods is None
    assert after.model.external == pytest.approx(cal.external.value)
