"""How fast the briefing exports are, on the bundled map (Northwind Systems, 60 people).

Run ``python benchmarks/bench_export.py`` (``--repeat 7``). The analysis is computed once
first, as the dashboard has it when a download button is pressed; its time is printed too.

* **PNG / PDF cold**: a new headless browser each time (the renderer is stopped before
  each call). The very first call of the process also pays for importing plotly and
  kaleido. Target < 5 s.
* **PNG / PDF warm**: the browser kept running (``start_renderer``), median. Target < 1 s.
* **PPTX, HTML, XLSX**: median. Target for PPTX < 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time


def _time(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="Calls per warm figure [default: 7].")
    args = parser.parse_args(argv)

    from influence.analysis import analyze
    from influence.export import export_bytes, start_renderer, stop_renderer
    from influence.samples import load_sample

    G = load_sample()
    t = time.perf_counter()
    analysis = analyze(G)
    analysis_time = time.perf_counter() - t
    print(f"Bundled map: {G.graph.get('name')}, {len(G)} people; analysis {analysis_time:.2f} s (not counted below)")

    results = []

    def report(name, seconds, target):
        verdict = "ok" if seconds < target else "SLOW"
        results.append(verdict)
        print(f"  {name:<40} {seconds * 1000:8.0f} ms   target < {target:.0f} s   {verdict}")

    # The first export of the process: imports, a new browser, the page.
    first = _time(lambda: export_bytes(G, "png", analysis=analysis))
    report("PNG first call of the process", first, 5)
    for fmt in ("png", "pdf"):
        colds = []
        for _ in range(3):
            stop_renderer()
            colds.append(_time(lambda: export_bytes(G, fmt, analysis=analysis)))
        report(f"{fmt.upper()} cold (new browser), median of 3", statistics.median(colds), 5)
    start_renderer()
    export_bytes(G, "png", analysis=analysis)  # the page is loaded once per browser
    for fmt in ("png", "pdf", "svg"):
        warm = [_time(lambda: export_bytes(G, fmt, analysis=analysis)) for _ in range(args.repeat)]
        report(f"{fmt.upper()} warm, median of {args.repeat}", statistics.median(warm), 1)
    for fmt, target in (("pptx", 1), ("html", 2), ("xlsx", 1)):
        times = [_time(lambda: export_bytes(G, fmt, analysis=analysis)) for _ in range(args.repeat)]
        report(f"{fmt.upper()}, median of {args.repeat}", statistics.median(times), target)
    stop_renderer()
    return 0 if all(r == "ok" for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
