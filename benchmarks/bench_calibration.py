"""Validation of the calibrated spread model on two published diffusion studies.

Studies (bundled: ``influence/data/datasets/DIFFUSION.md`` has provenance and codes):

* ``kfamily``: family planning in 25 Korean villages (1,047 women, 10 yearly periods);
* ``brfarmers``: hybrid corn seed in 11 Brazilian communities (692 farmers, 19 periods).

For each study, printed:

1. **Speed**: one calibration on all villages (target: under a minute on two cores).
Tie strength (all ties equal, or by how many relation types a tie was named under) is
chosen per study on the training villages' log-likelihood.

2. **Held-out villages** (a seeded 30% of the villages, fixed per study): the model is
   calibrated on the other villages only; on the held-out ones, the log-likelihood per
   adoption (model and a constant rate) and the AUC of next-period adoption of the model
   and of every baseline on the same person-periods: exposure (share of one's contacts
   already on board), nominations received, PageRank, constant rate.
3. **Robustness**: the same over 5 random 30% splits (``--splits``) (median AUC of model and exposure,
   and in how many splits the model beats exposure), and leave-one-village-out with the
   held-out predictions pooled.
4. **Forecast curve** of the held-out villages: starting from who had adopted by the end
   of period 1, the model (prior draws and cascade randomness) forecasts the cumulative
   number of adopters in every later period; the largest relative error against the real
   count and the periods within 25%. Written as ``docs/calibration/<study>_curve.png``
   (both curves and the 80% band).
5. **Ranking** (issue 10, item 5): on the held-out villages, who adopts early (in the
   first third of the span) by the product's influence score and leading set against
   in-degree (nominations received), PageRank, eigenvector centrality and diffusion
   centrality (Banerjee et al., Science 341:1236498, 2013; DC = Σ_{t=1..T} (qA)^t 1 with q
   the calibrated tie probability per period and T the span): AUC of the score for early
   adoption, and the share of early adopters among each method's top 10% per village
   against the base rate.

Run from the project root::

    python benchmarks/bench_calibration.py
    python benchmarks/bench_calibration.py --study kfamily --no-png
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from influence.calibration import (  # noqa: E402
    Holdout, _observations, auc, calibrate, forecast_curve, next_period_scores,
)
from influence.diffusion_data import bundled_study  # noqa: E402

DOCS = ROOT / "docs" / "calibration"
BASELINES = ("exposure", "nominations_received", "pagerank", "constant_rate")


def held_out_split(study: str, data, seed: int = 0):
    from influence.calibration import parse_holdout

    return parse_holdout("groups:30%", data, seed=seed)


def repeated_splits(data, splits: int):
    wins, model, exposure = 0, [], []
    for seed in range(1, splits + 1):
        held = calibrate(data, holdout="groups:30%", seed=seed).held_out["auc_next_period"]
        model.append(held["model"])
        exposure.append(held["exposure"])
        wins += held["model"] > held["exposure"]
    return {"model": statistics.median(model), "exposure": statistics.median(exposure), "wins": wins,
            "splits": splits}


def leave_one_out(data):
    obs = _observations(data)
    pooled = {k: np.zeros(obs.size) for k in ("model",) + BASELINES}
    labels = list(data.group_labels)
    for g in labels:
        cal = calibrate(data, holdout=Holdout("groups", (g,), f"groups:{g}"))
        test = data.group[obs.person] == labels.index(g)
        scores = next_period_scores(data, obs, cal.scale.value, np.array(cal.external_by_period),
                                    cal.fit["constant_rate"])
        for k in pooled:
            pooled[k][test] = scores[k][test]
    return {k: auc(v, obs.y) for k, v in pooled.items()}


def curve_png(study: str, curve: dict, path: Path, title: str) -> None:
    import plotly.graph_objects as go

    from influence.export.figure import render, stop_renderer

    x = curve["periods"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x + x[::-1], y=curve["high"] + curve["low"][::-1], fill="toself",
                             fillcolor="rgba(31,119,180,0.18)", line={"width": 0}, name="forecast, 80% band",
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x, y=curve["mean"], mode="lines", line={"color": "#1f77b4", "width": 3},
                             name="forecast (calibrated model)"))
    fig.add_trace(go.Scatter(x=x, y=curve["observed"], mode="lines+markers",
                             line={"color": "#d62728", "width": 2, "dash": "dot"},
                             marker={"symbol": "square", "size": 7}, name="real adopters"))
    fig.update_layout(width=820, height=480, title={"text": title, "x": 0.02},
                      xaxis_title="period (year of the study)", yaxis_title="cumulative adopters",
                      template="plotly_white", legend={"x": 0.02, "y": 0.98}, margin={"l": 70, "r": 30, "t": 70, "b": 60})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(fig, "png", scale=1))
    stop_renderer()


def village_map(data, cal_model=None):
    """An influence map of some villages: people with unknown attitudes, each survey tie at the
    strength that gives its probability in the data (p = s × 0.5 for an unknown attitude)."""
    from influence.graph import add_person, add_relationship, new_map

    G = new_map("villages")
    for pid in data.ids:
        add_person(G, pid, pid)
    for s, t, p in zip(data.source.tolist(), data.target.tolist(), data.base_p.tolist()):
        add_relationship(G, data.ids[s], data.ids[t], strength=min(1.0, p / 0.5))
    return G


def rankings(data, cal):
    """Per held-out village: scores of every ranking method, and who adopted early."""
    import networkx as nx

    from influence.leaders import leading_percenters
    from influence.scores import influence_scores

    early_cut = max(1, math.ceil(data.periods / 3))
    q = min(1.0, cal.scale.value * 0.25)
    per_method = {m: [] for m in ("influence_score", "leading_set", "in_degree", "pagerank", "eigenvector",
                                  "diffusion_centrality")}
    labels = []
    top_share = {m: [] for m in per_method}
    base = []
    model = cal.model()
    for g in data.group_labels:
        village = data.subset(groups=[g])
        early = (village.time >= 1) & (village.time <= early_cut)
        G = village_map(village)
        n = village.n
        A = np.zeros((n, n))
        A[village.source, village.target] = 1.0  # i can influence j
        D = nx.DiGraph()
        D.add_nodes_from(range(n))
        D.add_edges_from(zip(village.target.tolist(), village.source.tolist()))  # nominations: named -> rank
        scores = influence_scores(G)
        k = max(1, math.ceil(0.10 * n))
        leaders = [leader.id for leader in leading_percenters(G, k=k, model=model, seed=0)]
        rank_of = {pid: k - i for i, pid in enumerate(leaders)}
        try:
            eig = nx.eigenvector_centrality_numpy(D)
        except Exception:  # a graph without a dominant eigenvector
            eig = {i: 0.0 for i in range(n)}
        pr = nx.pagerank(D)
        dc = np.zeros(n)
        power = np.ones(n)
        for _ in range(data.periods):
            power = (q * A) @ power
            dc += power
        method_scores = {
            "influence_score": np.array([scores[pid].value for pid in village.ids]),
            "leading_set": np.array([rank_of.get(pid, 0) for pid in village.ids], dtype=float),
            "in_degree": np.bincount(village.source, minlength=n).astype(float),
            "pagerank": np.array([pr[i] for i in range(n)]),
            "eigenvector": np.array([eig[i] for i in range(n)]),
            "diffusion_centrality": dc,
        }
        for m, s in method_scores.items():
            per_method[m].append(s)
            top = np.argsort(-s, kind="stable")[:k]
            top_share[m].append(float(early[top].mean()))
        labels.append(early)
        base.append(float(early.mean()))
    y = np.concatenate(labels)
    # AUC within villages, averaged (scores are not comparable across villages).
    out = {}
    for m in per_method:
        aucs = [auc(s, e) for s, e in zip(per_method[m], labels)]
        aucs = [a for a in aucs if a is not None]
        out[m] = {"auc_early": statistics.mean(aucs) if aucs else None,
                  "top10_early_share": statistics.mean(top_share[m])}
    return out, statistics.mean(base), int(y.sum()), early_cut


def run(study: str, *, png: bool, splits: int) -> dict:
    data = bundled_study(study)
    print(f"\n=== {study}: {data.n} people, {len(data.group_labels)} villages, {data.periods} periods ===")
    # Tie strength: every tie equal, or by the relation types it was named under; chosen on
    # the training villages' likelihood only (same number of parameters), never on held-out data.
    hold = held_out_split(study, data)
    fits = {kind: calibrate(bundled_study(study, tie_strength=kind), holdout=hold).fit["log_likelihood"]
            for kind in ("equal", "relations")}
    chosen = max(fits, key=fits.get)
    print("Tie strength chosen on the training villages' log-likelihood: "
          + ", ".join(f"{k} {v:.1f}" for k, v in fits.items()) + f" -> {chosen}")
    data = bundled_study(study, tie_strength=chosen)
    started = time.perf_counter()
    full = calibrate(data)
    seconds = time.perf_counter() - started
    print(f"Calibration on all villages: {seconds:.2f} s (target < 60 s); scale {full.scale}, "
          f"external {full.external} per period; ties carry {100 * full.network_share:.0f}% of the pull")

    cal = calibrate(data, holdout=hold)
    h = cal.held_out
    print(f"Held out villages {', '.join(hold.values)} ({h['observations']} person-periods, "
          f"{h['adoptions']} adoptions); fitted on the other {len(data.group_labels) - len(hold.values)}:")
    print(f"  scale {cal.scale}, external {cal.external} per period (external model: {cal.external_model})")
    ll = h["log_likelihood_per_adoption"]
    print(f"  log-likelihood per adoption: model {ll['model']:.3f}, constant rate {ll['constant_rate']:.3f}")
    aucs = h["auc_next_period"]
    print("  AUC of next-period adoption: " + ", ".join(f"{k} {v:.3f}" for k, v in aucs.items()))
    beats = aucs["model"] > aucs["exposure"]
    print(f"  model vs exposure: {'BEATS' if beats else 'DOES NOT BEAT'} exposure "
          f"({aucs['model']:.3f} vs {aucs['exposure']:.3f})")

    rep = repeated_splits(data, splits)
    print(f"  over {rep['splits']} random 30% splits: median AUC model {rep['model']:.3f}, exposure "
          f"{rep['exposure']:.3f}; model beats exposure in {rep['wins']} of {rep['splits']}")
    loo = leave_one_out(data)
    print("  leave-one-village-out, pooled: " + ", ".join(f"{k} {v:.3f}" for k, v in loo.items()))

    held_data = data.subset(groups=list(hold.values))
    curve = forecast_curve(cal, held_data, from_period=1, simulations=600)
    within = [abs(e) <= 0.25 for e in curve["relative_error"]]
    print(f"Forecast of the held-out villages from the adopters of period 1 ({curve['start']} people):")
    print("  period   real  forecast (80%)        error")
    for p, o, m, lo, hi, e in zip(curve["periods"], curve["observed"], curve["mean"], curve["low"], curve["high"],
                                  curve["relative_error"]):
        print(f"  {p:6d} {o:6d} {m:9.1f} ({lo:5.0f}–{hi:5.0f})   {100 * e:5.1f}%{'' if e <= 0.25 else '  > 25%'}")
    print(f"  within 25% in {sum(within)} of {len(within)} periods; largest error "
          f"{100 * curve['max_relative_error']:.1f}%; final period error {100 * curve['relative_error'][-1]:.1f}%")
    if png:
        path = DOCS / f"{study}_curve.png"
        curve_png(study, curve, path, f"{study}: held-out villages {', '.join(hold.values)} — real vs forecast")
        print(f"  wrote {path.relative_to(ROOT)}")

    ranks, base, early_n, cut = rankings(held_data, cal)
    print(f"Who adopts early (periods 1–{cut}) in the held-out villages: {early_n} people, base rate {base:.3f}")
    print("  method                 AUC (within village)   early share of top 10%")
    for m, r in ranks.items():
        print(f"  {m:22s} {r['auc_early'] if r['auc_early'] is not None else float('nan'):8.3f}"
              f"               {r['top10_early_share']:.3f}")
    print(f"  advice: {cal.advice()}")
    return {"study": study, "tie_strength": chosen, "seconds": seconds, "held_out": h, "beats_exposure": beats, "repeated": rep,
            "loo": loo, "curve": curve, "rankings": ranks}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--study", choices=("kfamily", "brfarmers"), action="append")
    parser.add_argument("--no-png", action="store_true", help="Skip writing the curve PNGs.")
    parser.add_argument("--splits", type=int, default=5, help="Random 30%% splits for the robustness check.")
    args = parser.parse_args(argv)
    for study in args.study or ("kfamily", "brfarmers"):
        run(study, png=not args.no_png, splits=args.splits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
