"""Inspect what you expect: the forecast made at each review, checked against what happened.

Every saved snapshot of a map can carry the forecast made from it
(:func:`record_snapshot_forecast`, kept with the store's ``record_forecast``): expected
support at the next review, and per person the probability of being on board by then. At
the next review :func:`review_map` compares it with what happened: who came on board as
predicted, who surprised us (came on board against the odds, stayed off when expected, or
fell off board), the Brier score, and calibration bins (predicted against observed share,
the forecasting way: scikit-learn's ``calibration_curve``).

The forecast for one review period is exact under the spread model in explicit time: a
person not on board comes on board by the next review with probability

    1 − (1 − external) · ∏ over people u on board of (1 − scale · p(u→v)),

averaged over the model's prior draws (scale, external). With a calibration
(:mod:`influence.calibration`) those are the fitted draws; without one they are the
default model's, whose external rate is 0 (only the ties move anyone).

Examples
--------
>>> from influence.graph import new_map, add_person, add_relationship
>>> G = new_map("Contoso")
>>> _ = add_person(G, "a", "Ann", attitude="champion")
>>> _ = add_person(G, "b", "Bo", attitude="neutral")
>>> add_relationship(G, "a", "b", strength=1.0)
>>> f = snapshot_forecast(G)
>>> f["people"]["b"]   # 1 − average over scale 0.5/1/1.5 (weights ¼, ½, ¼) of (1 − scale · 0.5)
0.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone

__all__ = [
    "FORECAST_FORMAT",
    "BINS",
    "snapshot_forecast",
    "record_snapshot_forecast",
    "PeriodCheck",
    "Review",
    "review_map",
    "calibration_bins",
    "recalibrate_map",
    "map_calibration",
    "set_map_calibration",
]

FORECAST_FORMAT = 1
BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
"""Edges of the calibration bins of predicted probability."""

# A person at least this likely to come on board was "expected to".
EXPECTED = 0.5

_CALIBRATION_KEY = "calibration.map.{}"


def _draws(model, calibration):
    """(scale, external, weight) triples and the model whose p(u→v) they multiply."""
    from .spread import SpreadModel

    base = model or SpreadModel()
    if calibration is not None:
        # One review period is one step: a tie's single try, and one period's external rate.
        # (the per-period scale as fitted, not the simulator's whole-span equivalent).
        draws = list(calibration.prior_draws) or [(calibration.scale.value, calibration.external.value, 1.0)]
    else:
        draws = [(d.scale, d.external, d.weight) for d in base.draws()]
    # The influence graph is built at scale 1 so the draws' scale is applied once.
    unit = base.replace(scale=1.0, external=0.0, prior=None)
    total = sum(w for _, _, w in draws) or 1.0
    return [(s, e, w / total) for s, e, w in draws], unit


def snapshot_forecast(G, *, calibration=None, model=None, snapshot_id: int | None = None) -> dict:
    """The forecast made from a state of a map: who will be on board by the next review.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The map as saved.
    calibration : Calibration, optional
        The fitted model to forecast with; the default model otherwise.
    model : SpreadModel, optional
        Strengths and receptiveness (the calibration's draws replace its scale and prior).
    snapshot_id : int, optional
        Recorded in the forecast.

    Returns
    -------
    dict
        ``format``, ``made_at``, ``snapshot_id``, ``model`` (what forecast it),
        ``on_board`` (ids on board now), ``people`` (id -> probability of being on board by
        the next review; 1.0 for those on board), ``expected_support`` (``now``,
        ``next_review`` with ``mean``, ``low``, ``high`` over 80%) and ``people_count``.
    """
    import numpy as np

    from .spread import influence_graph

    draws, unit = _draws(model, calibration)
    ig = influence_graph(G, unit)
    on = ig.on_board
    # log(1 - scale * p) summed over the ties from people on board, per draw.
    from_board = on[ig.source]
    src_p = ig.probs[from_board]
    dst = ig.target[from_board]
    probs = np.zeros(ig.n)
    per_draw = []
    for scale, external, weight in draws:
        pull = np.bincount(dst, weights=np.log1p(-np.minimum(scale * src_p, 1.0 - 1e-12)), minlength=ig.n)
        p = -np.expm1(math.log1p(-min(external, 1 - 1e-12)) + pull)
        p[on] = 1.0
        probs += weight * p
        per_draw.append((weight, p))
    # The interval only (the mean is exact): people on board by the next review, over the
    # draws and each person's coin; on big maps a normal per draw stands in for the coins.
    rng = np.random.default_rng(0)
    samples = 2000
    weights = np.array([w for w, _ in per_draw])
    pick = rng.choice(len(per_draw), size=samples, p=weights / weights.sum())
    counts = np.empty(samples)
    for d, (_, p) in enumerate(per_draw):
        chosen = pick == d
        k = int(chosen.sum())
        if not k:
            continue
        if ig.n <= 2000:
            counts[chosen] = (rng.random((k, ig.n)) < p).sum(axis=1)
        else:
            counts[chosen] = np.round(p.sum() + math.sqrt(float((p * (1 - p)).sum())) * rng.standard_normal(k))
    label = calibration.label() if calibration is not None else "default model (DOMAIN.md), no calibration"
    return {
        "format": FORECAST_FORMAT,
        "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "snapshot_id": snapshot_id,
        "horizon": "next review",
        "model": label,
        "calibration": (None if calibration is None else
                        {"scale": calibration.scale.value, "external": calibration.external.value,
                         "periods": calibration.periods, "created": calibration.created}),
        "on_board": [ig.ids[i] for i in np.flatnonzero(on)],
        "people": {pid: round(float(probs[i]), 6) for i, pid in enumerate(ig.ids)},
        "people_count": ig.n,
        "expected_support": {
            "now": int(on.sum()),
            "next_review": {"mean": round(float(probs.sum()), 3),
                            "low": float(np.quantile(counts, 0.1)), "high": float(np.quantile(counts, 0.9))},
        },
    }


def record_snapshot_forecast(store, snapshot_id: int, G=None, *, map_id: int | None = None, calibration=None,
                             model=None) -> dict:
    """Make the forecast from a saved snapshot and keep it with the store's ``record_forecast``.

    *G* defaults to the snapshot as stored. *calibration* defaults to the map's own
    (:func:`map_calibration`; give *map_id* to spare looking the snapshot's map up).
    """
    if G is None:
        G = store.load_snapshot(snapshot_id)
    if calibration is None:
        map_id = map_id if map_id is not None else _map_of_snapshot(store, snapshot_id)
        calibration = map_calibration(store, map_id) if map_id is not None else None
    data = snapshot_forecast(G, calibration=calibration, model=model, snapshot_id=snapshot_id)
    store.record_forecast(snapshot_id, data)
    return data


def _map_of_snapshot(store, snapshot_id: int):
    for info in store.list_maps():
        if any(s.id == snapshot_id for s in store.snapshots(info.id)):
            return info.id
    return None


# --- the map's own calibration ---------------------------------------------------------------------

def map_calibration(store, map_id: int):
    """The calibration a map carries (set by :func:`set_map_calibration`), or ``None``."""
    from .calibration import Calibration

    getter = getattr(store, "setting", None)
    text = getter(_CALIBRATION_KEY.format(int(map_id))) if getter else None
    return Calibration.from_json(text, source=f"map {map_id}'s calibration") if text else None


def set_map_calibration(store, map_id: int, calibration) -> None:
    """Make *calibration* the model of map *map_id* (``None`` to go back to the default)."""
    store.map_info(map_id)  # MapNotFound for a wrong id
    store.set_setting(_CALIBRATION_KEY.format(int(map_id)), None if calibration is None else calibration.to_json())


# --- the review ------------------------------------------------------------------------------------

@dataclass
class PeriodCheck:
    """One forecast (made at ``from_snapshot``) against the next review (``to_snapshot``)."""

    from_snapshot: int
    to_snapshot: int
    from_date: str
    to_date: str
    recorded: bool
    model: str
    expected: dict
    observed_on_board: int
    as_predicted: list = field(default_factory=list)
    surprises: list = field(default_factory=list)
    brier: float | None = None
    brier_no_change: float | None = None
    at_risk: int = 0
    came_on_board: int = 0
    predictions: list = field(default_factory=list)   # (predicted, observed) of people at risk

    def to_dict(self) -> dict:
        return {
            "from_snapshot": self.from_snapshot, "to_snapshot": self.to_snapshot,
            "from": self.from_date, "to": self.to_date,
            "forecast_recorded": self.recorded, "model": self.model,
            "expected_support": self.expected, "observed_on_board": self.observed_on_board,
            "at_risk": self.at_risk, "came_on_board": self.came_on_board,
            "brier": _r(self.brier), "brier_no_change": _r(self.brier_no_change),
            "moved_as_predicted": self.as_predicted, "surprises": self.surprises,
        }


def _r(x, digits: int = 4):
    return None if x is None else round(float(x), digits)


@dataclass
class Review:
    """What :func:`review_map` found: each forecast against the next review, and all of them pooled."""

    map_id: int
    map_name: str
    periods: list
    bins: list
    brier: float | None
    brier_no_change: float | None

    @property
    def latest(self) -> PeriodCheck | None:
        return self.periods[-1] if self.periods else None

    def to_dict(self) -> dict:
        return {
            "map": {"id": self.map_id, "name": self.map_name},
            "latest": self.latest.to_dict() if self.latest else None,
            "periods": [p.to_dict() for p in self.periods],
            "brier": _r(self.brier), "brier_no_change": _r(self.brier_no_change),
            "calibration_bins": self.bins,
            "notes": {
                "brier": "mean squared error of the probability of coming on board, over people not on board "
                         "when the forecast was made (0 is perfect)",
                "brier_no_change": "the same for a forecast that nobody moves",
                "calibration_bins": "people at risk grouped by predicted probability: mean predicted vs "
                                    "observed share who came on board",
            },
        }

    def text(self) -> str:
        """The review for people, most recent forecast first."""
        lines = [f"Review of {self.map_name}: {len(self.periods)} forecast(s) checked against the next review"]
        if not self.periods:
            lines.append("  Nothing to check yet: a forecast is checked once the map has been saved again.")
            return "\n".join(lines)
        p = self.latest
        exp = p.expected.get("next_review") or {}
        lines += [
            f"Latest: forecast of {p.from_date[:10]} ({'recorded then' if p.recorded else 'reconstructed now'}; "
            f"{p.model}) against {p.to_date[:10]}",
            f"  expected on board: about {exp.get('mean', 0):.0f} (80%: {exp.get('low', 0):.0f}–"
            f"{exp.get('high', 0):.0f}); observed {p.observed_on_board}",
            f"  {p.came_on_board} of {p.at_risk} came on board; Brier score {_fmt(p.brier)} "
            f"(forecasting no change: {_fmt(p.brier_no_change)})",
        ]
        if p.as_predicted:
            lines.append("  Moved as predicted: " + ", ".join(
                f"{x['name']} (p = {x['predicted']:.2f})" for x in p.as_predicted[:10]))
        if p.surprises:
            lines.append("  Surprised us:")
            lines += [f"    {x['name']}: {x['what']} (p = {x['predicted']:.2f})" for x in p.surprises[:15]]
            if len(p.surprises) > 15:
                lines.append(f"    … and {len(p.surprises) - 15} more (--json for all)")
        if len(self.periods) > 1:
            lines.append(f"All {len(self.periods)} forecasts: Brier {_fmt(self.brier)} "
                         f"(no change: {_fmt(self.brier_no_change)})")
        filled = [b for b in self.bins if b["count"]]
        if filled:
            lines.append("Calibration (predicted vs observed share who came on board):")
            lines += [f"  {b['low']:.1f}–{b['high']:.1f}: predicted {b['predicted']:.2f}, observed "
                      f"{b['observed']:.2f} ({b['count']} people)" for b in filled]
        return "\n".join(lines)


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def calibration_bins(predicted, observed, edges=BINS) -> list[dict]:
    """Predicted probabilities in bins: mean predicted and observed share per bin.

    Examples
    --------
    >>> [(b["count"], b["predicted"], b["observed"]) for b in calibration_bins([0.05, 0.1, 0.95], [0, 1, 1])
    ...  if b["count"]]
    [(1, 0.05, 0.0), (1, 0.1, 1.0), (1, 0.95, 1.0)]
    """
    import numpy as np

    predicted = np.asarray(predicted, dtype=float)
    observed = np.asarray(observed, dtype=float)
    which = np.clip(np.searchsorted(edges, predicted, side="right") - 1, 0, len(edges) - 2)
    out = []
    for b in range(len(edges) - 1):
        chosen = which == b
        count = int(chosen.sum())
        out.append({"low": edges[b], "high": edges[b + 1], "count": count,
                    "predicted": _r(predicted[chosen].mean()) if count else None,
                    "observed": _r(observed[chosen].mean()) if count else None})
    return out


def review_map(store, map_id: int, *, calibration=None, model=None) -> Review:
    """Compare each snapshot's forecast with the next snapshot: who moved, Brier, calibration.

    A snapshot without a recorded forecast (saved before forecasts were kept) gets one
    reconstructed from the snapshot alone, with *calibration* or the map's own, and is
    marked so.

    Raises
    ------
    MapNotFound
        If the map is not in the store.
    """
    from .graph import display_name

    info = store.map_info(map_id)
    snaps = sorted(store.snapshots(map_id), key=lambda s: (s.saved_at, s.id))
    calibration = calibration if calibration is not None else map_calibration(store, map_id)
    from .spread import SpreadModel

    on_board_attitudes = set((model or SpreadModel()).on_board_attitudes)
    checks, pooled_p, pooled_y = [], [], []
    graphs = {}

    def load(sid):
        if sid not in graphs:
            graphs[sid] = store.load_snapshot(sid)
        return graphs[sid]

    for before, after in zip(snaps, snaps[1:]):
        forecast = store.forecast(before.id)
        recorded = forecast is not None and forecast.get("format") == FORECAST_FORMAT
        if not recorded:
            forecast = snapshot_forecast(load(before.id), calibration=calibration, model=model,
                                         snapshot_id=before.id)
        G_after = load(after.id)
        people = forecast.get("people") or {}
        was_on = set(forecast.get("on_board") or ())
        now_on = {str(p) for p, a in G_after.nodes(data="attitude") if (a or "unknown") in on_board_attitudes}
        check = PeriodCheck(before.id, after.id, before.saved_at, after.saved_at, recorded,
                            forecast.get("model", ""), forecast.get("expected_support") or {},
                            sum(1 for p in now_on if p in people))
        ps, ys = [], []
        for pid, p in people.items():
            if pid not in G_after:
                continue
            name = display_name(G_after, pid)
            if pid in was_on:
                if pid not in now_on:
                    check.surprises.append({"id": pid, "name": name, "predicted": 1.0, "came_on_board": False,
                                            "what": f"fell off board (now {G_after.nodes[pid].get('attitude') or 'unknown'})"})
                continue
            y = pid in now_on
            ps.append(float(p))
            ys.append(y)
            entry = {"id": pid, "name": name, "predicted": round(float(p), 4), "came_on_board": y}
            if y and p >= EXPECTED:
                check.as_predicted.append(entry)
            elif y:
                check.surprises.append(dict(entry, what="came on board against the odds"))
            elif p >= EXPECTED:
                check.surprises.append(dict(entry, what="expected on board, is not"))
        check.at_risk, check.came_on_board = len(ps), int(sum(ys))
        if ps:
            check.brier = sum((p - y) ** 2 for p, y in zip(ps, ys)) / len(ps)
            check.brier_no_change = sum(ys) / len(ys)
        check.predictions = list(zip(ps, ys))
        check.as_predicted.sort(key=lambda x: -x["predicted"])
        check.surprises.sort(key=lambda x: (-abs(x["predicted"] - x["came_on_board"]), x["name"]))
        pooled_p += ps
        pooled_y += ys
        checks.append(check)
    brier = sum((p - y) ** 2 for p, y in zip(pooled_p, pooled_y)) / len(pooled_p) if pooled_p else None
    no_change = sum(pooled_y) / len(pooled_y) if pooled_y else None
    return Review(map_id=int(map_id), map_name=info.name, periods=checks,
                  bins=calibration_bins(pooled_p, pooled_y), brier=brier, brier_no_change=no_change)


def recalibrate_map(store, map_id: int, *, model=None, seed: int = 0):
    """Fit the map's model on its own history and make it the map's calibration.

    Returns the :class:`~influence.calibration.Calibration`.

    Raises
    ------
    InfluenceError
        If the history cannot identify the parameters (fewer than two snapshots, nobody
        moved, or everybody did).
    """
    from .calibration import calibrate
    from .diffusion_data import workspace_history

    data = workspace_history(store, map_id, model=model)
    cal = calibrate(data, seed=seed, external_model="constant")
    set_map_calibration(store, map_id, cal)
    return cal

