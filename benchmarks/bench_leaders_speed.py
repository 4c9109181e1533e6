"""Speed of choosing the leading 10 percenters on synthetic organisations of 1k, 10k, 100k people.

The targets (issue 3), on the 2-core reference machine: 10,000 people (k = 1,000) in 20 s
or less *end to end* from ``influence analyze``, 100,000 people (k = 10,000) in 3 minutes
or less. ``leading_percenters`` is the heart of that time, so it is measured here on its own,
from the influence map (the influence graph is built inside the timing), with k = 10%.

Run from the project root::

    python benchmarks/bench_leaders_speed.py                     # 1k, 10k and 100k people
    python benchmarks/bench_leaders_speed.py --sizes 1000,10000 --repeat 3
    python benchmarks/bench_leaders_speed.py --sizes 10000 --end-to-end

Each organisation is :func:`influence.samples.synthetic_organisation` (a reporting tree
plus about 3 relationships per person, attitudes drawn with a fixed seed). The time is the
median of the repetitions; peak memory is measured with tracemalloc in one further run
(tracing slows code down, so it stays out of the timings). ``--end-to-end`` also writes
each organisation as a workbook and times ``influence analyze FILE --json`` in a fresh
process: import, scores, leaders, segments and expected support, as a user runs it.

Uncertainty (issue 10): the leading set maximises expected support averaged over the
model's prior, and every expected support comes with an 80% interval. Its cost is shown
beside the same work without it, in the same run: ``leaders`` and ``analyze`` are timed
with the default model (``SpreadModel()``, the documented prior) and with its central
point only (``SpreadModel(prior=None)``: no uncertainty, as before issue 10); ``ratio`` is
analyze with the prior over analyze without. Target: at most 2.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


CPU = {}  # CPU seconds of the last median_time call, by label


def median_time(fn, repeat: int, label: str = ""):
    """Median wall-clock seconds of *repeat* calls (and their median CPU seconds in ``CPU[label]``)."""
    times, cpus, result = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    CPU[label] = statistics.median(cpus)
    return statistics.median(times), result


def time_leaders(G, repeat: int, model=None) -> tuple[float, list]:
    from influence.leaders import leading_percenters

    return median_time(lambda: leading_percenters(G, fraction=0.10, seed=0, model=model), repeat)


def time_analysis(G, repeat: int, model=None) -> float:
    from influence.analysis import analyze

    return median_time(lambda: analyze(G, fraction=0.10, seed=0, model=model), repeat,
                       "analyze" if model is None else "analyze point")[0]


def peak_memory(G) -> float:
    from influence.leaders import leading_percenters

    tracemalloc.start()
    leading_percenters(G, fraction=0.10, seed=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def end_to_end(n: int, folder: Path) -> float:
    from influence.samples import write_synthetic_workbook

    path = write_synthetic_workbook(folder / f"org_{n}.xlsx", n, seed=0)
    start = time.perf_counter()
    # The `influence` console command, run the way it is installed (import time included).
    subprocess.run([sys.executable, "-c", "from influence.cli import main; main()", "analyze", str(path), "--json"],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated organisation sizes (default: 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per size; the median is shown")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--end-to-end", action="store_true", help="also time `influence analyze FILE --json`")
    parser.add_argument("--no-analyze", action="store_true", help="skip the in-process analyze timings")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    from influence.samples import synthetic_organisation
    from influence.spread import SpreadModel, influence_graph

    point = SpreadModel(prior=None)
    time_analysis(synthetic_organisation(400, seed=1), 1)  # warm-up: imports and first calls out of the timings
    print(f"{'people':>8} {'k':>6} {'method':>6} {'leaders s':>10} {'(no prior)':>10} {'analyze s':>10} "
          f"{'(no prior)':>10} {'ratio':>6} {'CPU ratio':>9} {'peak MB':>8} {'gain':>9}"
          + (f" {'analyze (s)':>12}" if args.end_to_end else ""))
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            G = synthetic_organisation(n, seed=0)
            seconds, leaders = time_leaders(G, args.repeat)
            seconds_point, _ = time_leaders(G, args.repeat, point)
            assert len(leaders) == math.ceil(0.10 * n)
            if args.no_analyze:
                full = full_point = float("nan")
                CPU.clear()
            else:
                full = time_analysis(G, args.repeat)
                full_point = time_analysis(G, args.repeat, point)
            memory = float("nan") if args.no_memory else peak_memory(G)
            method = "celf" if influence_graph(G).n <= 300 else "imm"
            gain = sum(leader.expected_gain for leader in leaders)
            line = (f"{n:>8,} {len(leaders):>6,} {method:>6} {seconds:>10.2f} {seconds_point:>10.2f} {full:>10.2f} "
                    f"{full_point:>10.2f} {full / full_point:>6.2f} "
                    f"{CPU.get('analyze', math.nan) / CPU.get('analyze point', math.nan):>9.2f} "
                    f"{memory:>8.0f} {gain:>9.1f}")
            if args.end_to_end:
                line += f" {end_to_end(n, Path(folder)):>12.2f}"
            print(line, flush=True)
    print("gain: expected extra people on board from winning the leaders, over the allies' baseline (prior-averaged)")
    print("ratio: analyze with the prior and intervals / analyze at the central point only (target: at most 2);")
    print("CPU ratio: the same in CPU seconds (what each needs of one core, less sensitive to a shared machine)")


if __name__ == "__main__":
    main()
