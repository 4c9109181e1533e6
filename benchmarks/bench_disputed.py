"""Cost of drawing disputed people's attitudes per world (issue 12), against the same map without.

A synthetic organisation gets two raters who disagree (one view on our side, one against)
about a share of its people; the same map with those people agreeing (the second view
dropped) is the baseline, timed in the same run. Times are medians of ``--repeat`` runs:
building the influence graph, expected support (1,000 worlds) and the leading 10%.

Run from the project root::

    python benchmarks/bench_disputed.py                      # 1,000 and 10,000 people, 5% disputed
    python benchmarks/bench_disputed.py --sizes 10000 --share 0.2 --repeat 3
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import time
from datetime import date


def disputed_map(people: int, share: float, seed: int = 1):
    from influence.assessments import add_assessment
    from influence.samples import synthetic_organisation

    G = synthetic_organisation(people, seed=seed)
    agreed = copy.deepcopy(G)
    rng = random.Random(seed)
    today = date(2026, 12, 1)
    for pid in rng.sample(list(G.nodes), int(share * people)):
        first, second = rng.choice(["champion", "supporter"]), rng.choice(["skeptic", "opponent", "neutral"])
        add_assessment(G, pid, "attitude", first, rater="grace", date="2026-11-20", confidence="high", today=today)
        add_assessment(G, pid, "attitude", second, rater="sam", date="2026-11-25", confidence="high", today=today)
        add_assessment(agreed, pid, "attitude", first, rater="grace", date="2026-11-20", confidence="high",
                       today=today)
    return G, agreed


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    from influence.leaders import leading_percenters
    from influence.spread import expected_support, influence_graph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--share", type=float, default=0.05, help="share of people disputed (0.05)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'people':>8} {'disputed':>8} {'map':>9} {'graph s':>8} {'support s':>9} {'leaders s':>9} "
          f"{'support':>9} {'gain':>8}")
    for people in (int(x) for x in args.sizes.split(",")):
        G, agreed = disputed_map(people, args.share)
        rows = {}
        for label, H in (("agreed", agreed), ("disputed", G)):
            t_graph, ig = median_time(lambda: influence_graph(H), args.repeat)
            t_support, est = median_time(lambda: expected_support(ig, seed=0), args.repeat)
            t_leaders, leaders = median_time(lambda: leading_percenters(ig, seed=0), args.repeat)
            gain = sum(lead.expected_gain for lead in leaders)
            k = 0 if ig.disputed is None else ig.disputed.idx.size
            rows[label] = (t_graph, t_support, t_leaders)
            print(f"{people:>8,} {k:>8,} {label:>9} {t_graph:>8.3f} {t_support:>9.3f} {t_leaders:>9.2f} "
                  f"{est.mean:>9.1f} {gain:>8.1f}")
        ratio = [d / a if a else float("nan") for d, a in zip(rows["disputed"], rows["agreed"])]
        print(f"{'':>8} {'':>8} {'ratio':>9} {ratio[0]:>8.2f} {ratio[1]:>9.2f} {ratio[2]:>9.2f}")
    print("ratio: disputed / agreed, same people and ties (the agreed map keeps each disputed person's first view)")


if __name__ == "__main__":
    main()
