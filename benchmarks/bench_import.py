"""Import speed: a 100,000-row HR export read by ``read_workbook`` vs ``pandas.read_excel``.

The target (issue 2): reading, validating and building the graph takes at most 0.3x the
time ``pandas.read_excel(engine="openpyxl")`` needs just to read the same file.

Run from the project root::

    python benchmarks/bench_import.py            # 100,000 rows, prints times, ratio, memory
    python benchmarks/bench_import.py --rows 20000 --repeat 3

The workbook is generated (fictional people, typical HR columns) into a temporary folder
and deleted afterwards. Both readers run in this one process, one after the other; the
median of the repetitions is reported, and peak memory is measured with tracemalloc in a
separate, final run of each (tracing slows code down, so it is kept out of the timings).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

HEADERS = ["Employee ID", "First Name", "Last Name", "Business Title", "Supervisory Organization",
           "Manager ID", "Work Email", "Location", "Hire Date"]
FIRST = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
         "Robin", "Drew", "Cameron", "Reese", "Skyler", "Parker", "Rowan", "Emerson", "Hayden", "Blake"]
LAST = ["Ahlberg", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "Gallo", "Hashemi",
        "Iwata", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
        "Quist", "Rossi", "Svensson", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zhou"]
TITLES = ["Engineer", "Senior Engineer", "Analyst", "Manager", "Director", "Specialist",
          "Consultant", "Coordinator", "Architect", "Lead"]
ORGS = ["Sales", "Marketing", "Engineering", "Finance", "Operations", "Legal", "HR", "Support",
        "Product", "Research"]
SITES = ["Seattle", "Austin", "Dublin", "Singapore", "Munich", "Toronto", "Sydney", "Madrid"]


def make_export(path: Path, rows: int, seed: int = 0) -> None:
    """Write a fictional HR export of *rows* people: a tree 10 wide, as HR systems export it."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Workers")
    ws.append(HEADERS)
    start = dt.date(2000, 1, 1)
    for i in range(rows):
        employee = 100000 + i
        manager = 100000 + (i - 1) // 10 if i else None
        first, last = rng.choice(FIRST), rng.choice(LAST)
        ws.append([employee, first, last, rng.choice(TITLES), rng.choice(ORGS), manager,
                   f"{first}.{last}.{employee}@example.com".lower(), rng.choice(SITES),
                   start + dt.timedelta(days=rng.randrange(9000))])
    wb.save(path)


def _median_time(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _peak_mib(function) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main(argv=None) -> dict:
    import pandas as pd

    from influence.importer import read_workbook

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of read_workbook")
    parser.add_argument("--pandas-repeat", type=int, default=1,
                        help="repetitions of pandas.read_excel (slow)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hr_export.xlsx"
        began = time.perf_counter()
        make_export(path, args.rows)
        print(f"generated {args.rows:,} rows ({path.stat().st_size / 2**20:.1f} MiB) "
              f"in {time.perf_counter() - began:.1f} s")

        graphs = []
        ours = _median_time(lambda: graphs.append(read_workbook(path)), args.repeat)
        G = graphs[-1]
        assert G.number_of_nodes() == args.rows, G.number_of_nodes()
        assert sum(1 for _ in G.edges()) == args.rows - 1
        assert not G.graph["warnings"], G.graph["warnings"][:3]
        graphs.clear()
        theirs = _median_time(lambda: pd.read_excel(path, engine="openpyxl"), args.pandas_repeat)
        ratio = ours / theirs
        our_peak = _peak_mib(lambda: read_workbook(path))
        their_peak = _peak_mib(lambda: pd.read_excel(path, engine="openpyxl")) if args.rows <= 20_000 else None

    print(f"pandas.read_excel(engine='openpyxl'), read only:  {theirs:7.2f} s "
          f"(median of {args.pandas_repeat})")
    print(f"influence.read_workbook, read+validate+graph:    {ours:7.2f} s "
          f"(median of {args.repeat})")
    print(f"ratio: {ratio:.3f} (target <= 0.3) -> {'met' if ratio <= 0.3 else 'NOT met'}")
    print(f"peak memory (tracemalloc) of read_workbook: {our_peak:.0f} MiB"
          + (f"; of pandas.read_excel: {their_peak:.0f} MiB" if their_peak is not None else ""))
    return {"rows": args.rows, "pandas_s": theirs, "influence_s": ours, "ratio": ratio,
            "peak_mib": our_peak}


if __name__ == "__main__":
    main()
