"""Update speed: a 10,000-person map takes a new HR export (issue 13: under 10 s).

A synthetic organisation of N people (annotated: attitudes, owners, relationships) is the
map; the new export is the same organisation as an HR system would write it (ids, names,
titles, departments, managers, e-mail, location; no annotations) with 2% leavers, 2%
joiners, 3% new managers and 3% new titles. Timed, each the median of the repetitions:

* ``read``: reading the export CSV (``influence.read_map``);
* ``plan``: matching and building the updated map (``influence.update.plan_update``);
* ``save``: saving it as one snapshot of an SQLite workspace;
* ``end to end``: ``influence update NAME EXPORT --workspace WS`` as a user runs it (a new
  process: start-up, reading the map from the workspace, all of the above).

Baseline in the same run: ``read_map`` of the same export alone, so the figures can be
compared across machines (update / read ratio).

Run from the project root::

    python benchmarks/bench_update.py            # 10,000 people, 3 repetitions
    python benchmarks/bench_update.py --people 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _export(G, path: Path, seed: int) -> dict:
    rng = random.Random(seed)
    people = list(G)
    leavers = set(rng.sample(people[1:], len(people) // 50))
    kept = [p for p in people if p not in leavers]
    movers = set(rng.sample(kept[1:], len(people) * 3 // 100))
    retitled = set(rng.sample(kept[1:], len(people) * 3 // 100))
    joiners = len(people) // 50
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Employee ID", "Full Name", "Job Title", "Department", "Manager ID", "Work Email", "Location"])
        for p in kept:
            d = G.nodes[p]
            manager = d["manager"]
            while manager in leavers:
                manager = G.nodes[manager]["manager"]
            if p in movers:
                manager = rng.choice(kept[: max(2, len(kept) // 20)])
                if manager == p:
                    manager = kept[0]
            title = (d["title"] or "") + (" (acting)" if p in retitled else "")
            out.writerow([p, d["name"], title, d["department"], manager or "", d["email"] or "",
                          (d.get("extra") or {}).get("Location", "")])
        for i in range(joiners):
            out.writerow([f"J{i:06d}", f"Joiner {i}", "Engineer", "Engineering", kept[0], f"joiner{i}@example.com", "Oslo"])
    return {"leavers": len(leavers), "joiners": joiners, "movers": len(movers), "retitled": len(retitled)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from influence.interchange import read_map
    from influence.samples import synthetic_organisation
    from influence.store import open_store
    from influence.update import plan_update

    folder = Path(tempfile.mkdtemp(prefix="bench-update-"))
    G = synthetic_organisation(args.people, seed=1)
    export = folder / "hr_export.csv"
    made = _export(G, export, seed=2)
    print(f"map: {len(G):,} people, {G.number_of_edges():,} edges; export: {made}")

    reads, plans, saves, ends = [], [], [], []
    for r in range(args.repeat):
        t = time.perf_counter()
        new = read_map(export)
        reads.append(time.perf_counter() - t)
        t = time.perf_counter()
        plan = plan_update(G, new)
        plans.append(time.perf_counter() - t)
        ws = folder / f"ws{r}.sqlite"
        with open_store(str(ws)) as store:
            map_id = store.create_map("Synthetic", G)
            t = time.perf_counter()
            store.save(map_id, plan.graph, base_version=store.version(map_id), note="update")
            saves.append(time.perf_counter() - t)
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", "from influence.cli import main; main()", "update", "Synthetic", str(export),
                               "--workspace", str(ws), "--json"], capture_output=True, text=True)
        ends.append(time.perf_counter() - t)
        if done.returncode != 0:
            raise SystemExit(f"influence update failed: {done.stderr or done.stdout}")
    print(f"plan found: {len(plan.joiners)} joiners, {len(plan.leavers)} leavers, "
          f"{len(plan.manager_changes)} manager changes, {len(plan.title_changes)} title changes, "
          f"{plan.kept_annotations:,} annotations kept")
    med = statistics.median
    print(f"read export (baseline) : {med(reads):6.2f} s")
    print(f"plan_update            : {med(plans):6.2f} s   ({med(plans) / med(reads):.2f}x the read)")
    print(f"save one snapshot      : {med(saves):6.2f} s")
    print(f"influence update, end to end (new process): {med(ends):6.2f} s   (target < 10 s)")


if __name__ == "__main__":
    main()
