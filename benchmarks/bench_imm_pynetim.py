"""Leading set of an unannotated 10,000-person organisation: ours beside pynetim's C++ IMM.

The case of issue 14: an HR export with nobody annotated (every attitude unknown, so
nobody is on board and every reverse-reachable set runs to its end), k = 1,000 (10%),
ε = 0.2. Both algorithms get the same graph and the same probabilities p(u→v) of
DOMAIN.md's model at its central point (no prior: pynetim has none), the same k and ε.

Printed, in one run:

* wall-clock and CPU time of ``leading_percenters(..., method="imm")`` (ours) and of
  pynetim's ``IMMAlgorithm(graph, "IC", epsilon=0.2).run(k)`` (the median of ``--repeat``
  runs for ours, of ``--pynetim-repeat`` for pynetim, 1 by default: it takes minutes);
* the full ``influence.analyze`` of the same map (default prior, intervals included);
* the quality of both sets: expected support under our model, scored by one Monte Carlo
  with common random numbers (the same worlds for both sets, from a seed neither used),
  with its standard error. pynetim optimises the plain Independent Cascade (a seed is on
  board for certain); ours also counts that an approach succeeds with probability r(v),
  here 0.5 for everyone: the score is our model's, which is what the product reports.

Run from the project root (pynetim is a benchmark-only dependency: ``pip install pynetim``)::

    python benchmarks/bench_imm_pynetim.py
    python benchmarks/bench_imm_pynetim.py --repeat 3 --pynetim-repeat 1
    python benchmarks/bench_imm_pynetim.py --people 2000     # a quick look

The machine is shared: compare the two times of one run, not runs of different days; the
CPU times say what each needs of one core.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

SCORING_SEED = 1_414_213


def timed(fn, repeat: int):
    """``(median wall s, median CPU s, last result)`` of *repeat* calls of *fn*."""
    walls, cpus, result = [], [], None
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="organisation size (default 10,000)")
    parser.add_argument("--epsilon", type=float, default=0.2, help="ε of both algorithms (default 0.2)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of ours; the median is shown")
    parser.add_argument("--pynetim-repeat", type=int, default=1, help="timed runs of pynetim (slow)")
    parser.add_argument("--simulations", type=int, default=1000, help="Monte-Carlo worlds scoring both sets")
    parser.add_argument("--no-analyze", action="store_true", help="skip the full analysis timing")
    args = parser.parse_args(argv)

    from influence.analysis import analyze
    from influence.leaders import leading_percenters
    from influence.samples import synthetic_organisation
    from influence.spread import SpreadModel, expected_support, influence_graph

    n = args.people
    k = math.ceil(0.10 * n)
    G = synthetic_organisation(n, seed=0, attitudes=False)
    ig = influence_graph(G, SpreadModel(prior=None))
    print(f"Unannotated synthetic organisation: {ig.n:,} people, {ig.m:,} ties that carry support, "
          f"{int(ig.on_board.sum())} on board; k = {k:,}, ε = {args.epsilon}")

    wall, cpu, leaders = timed(lambda: leading_percenters(ig, k=k, method="imm", epsilon=args.epsilon, seed=0),
                               args.repeat)
    ours = [ig.index[leader.id] for leader in leaders]
    rows = [("ours: leading_percenters (IMM method)", wall, cpu, ours)]

    try:
        from pynetim import IMGraph
        from pynetim.algorithms import IMMAlgorithm
    except ImportError:
        print("pynetim is not installed (pip install pynetim): its row is skipped")
    else:
        graph = IMGraph(list(zip(ig.source.tolist(), ig.target.tolist())), weights=ig.probs.tolist(),
                        directed=True, renumber=False)

        def pynetim_imm():
            return IMMAlgorithm(graph, model="IC", epsilon=args.epsilon, l=1, random_seed=0).run(k=k)

        wall, cpu, seeds = timed(pynetim_imm, args.pynetim_repeat)
        rows.append(("pynetim 0.5: IMMAlgorithm (C++)", wall, cpu, sorted(int(s) for s in seeds)))

    # Both sets scored on the same simulated worlds (common random numbers).
    print()
    print(f"{'':<40} {'wall s':>8} {'CPU s':>8} {'expected support (±1 s.e.)':>28}")
    for label, wall, cpu, chosen in rows:
        est = expected_support(ig, [ig.ids[i] for i in chosen], simulations=args.simulations, seed=SCORING_SEED)
        print(f"{label:<40} {wall:>8.2f} {cpu:>8.2f} {est.mean:>20.1f} ± {est.stderr:<5.1f}")
    if len(rows) == 2:
        print(f"{'speed-up (pynetim wall / ours wall)':<40} {rows[1][1] / rows[0][1]:>8.1f}x")

    if not args.no_analyze:
        wall, cpu, result = timed(lambda: analyze(G, seed=0), 1)
        print()
        print(f"influence.analyze of the same map (default prior, 80% intervals): {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(f"  support now {result.support_now.plain()}; with the leaders {result.support_with_leaders.plain()}")
        print(f"  annotate first: {len(result.annotate_first)} people, starting with "
              f"{G.nodes[result.annotate_first[0]]['title'] if result.annotate_first else 'nobody'}")
    print()
    print("Target (issue 14): ours at most 10 s, and at least as fast as pynetim's IMM in the same run.")


if __name__ == "__main__":
    main()
