"""What an edit costs the workspace: bytes stored and time per save on a 5,000-person map.

Run ``python benchmarks/bench_store.py`` (``--people 5000 --edits 200``; ``--postgres`` also
measures a throwaway PostgreSQL cluster started like the tests do, or ``--database URL``).
It imports a synthetic organisation, then saves one-person edits (an attitude or a note,
each with ``base_version``, as the dashboard does) and prints, for each store:

* bytes per edit: how much the database grew, divided by the edits (SQLite: the file's
  pages after a checkpoint; PostgreSQL: the tables' total relation size), against the
  first release, which stored the whole map's JSON on every save (its size is printed),
  and the worst case once the next full checkpoint is counted in (at most every
  ``CHECKPOINT_EVERY`` saves);
* the median save time, and the time to load the latest version and a version halfway
  back from a store with cold caches (rebuilt from a checkpoint and change records),
  against parsing the whole map's JSON once (what the first release did).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # tests/pg.py, for --postgres


def _size(store) -> int:
    from influence.store import PostgresStore

    with store._tx() as q:
        if isinstance(store, PostgresStore):
            return int(q.one("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE c.relkind = 'r' AND n.nspname = current_schema()")[0])
    db = store._connection()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return int(db.execute("PRAGMA page_count").fetchone()[0]) * int(db.execute("PRAGMA page_size").fetchone()[0])


def measure(url: str, people: int, edits: int, seed: int = 0) -> dict:
    from influence.samples import synthetic_organisation
    from influence.store import graph_from_json, graph_to_json, open_store

    G = synthetic_organisation(people, seed=seed)
    whole = len(graph_to_json(G).encode())
    store = open_store(url)
    map_id = store.create_map("Synthetic", G)
    before = _size(store)
    rng = random.Random(seed)
    ids = sorted(G)
    attitudes = ["champion", "supporter", "neutral", "skeptic", "opponent"]
    times, versions = [], []
    version = store.version(map_id)
    for n in range(edits):
        person = rng.choice(ids)
        if n % 2:
            G.nodes[person]["attitude"] = rng.choice(attitudes)
        else:
            G.nodes[person]["notes"] = f"met at the QBR, edit {n}"
        started = time.perf_counter()
        version = store.save(map_id, G, note=f"edit {n}", base_version=version, author="bench")
        times.append(time.perf_counter() - started)
        versions.append(version)
    after = _size(store)
    store.close()

    cold = open_store(url)
    started = time.perf_counter()
    cold.load(map_id)
    load_latest = time.perf_counter() - started
    cold = open_store(url)
    started = time.perf_counter()
    cold.load_snapshot(versions[len(versions) // 2])
    load_middle = time.perf_counter() - started
    text = graph_to_json(G)
    started = time.perf_counter()
    graph_from_json(text)
    parse_whole = time.perf_counter() - started
    with cold._tx() as q:
        checkpoints = int(q.one("SELECT COUNT(*) FROM snapshots WHERE map_id = ? AND graph IS NOT NULL", (map_id,))[0])
        rows = int(q.one("SELECT COUNT(*) FROM changes WHERE map_id = ?", (map_id,))[0])
    from influence.store.sql import CHECKPOINT_EVERY

    return {
        "checkpoint_every": CHECKPOINT_EVERY,
        "amortised_bytes_per_edit": round((after - before) / edits + whole / CHECKPOINT_EVERY),
        "store": type(cold).__name__, "people": people, "edits": edits, "whole_map_bytes": whole,
        "bytes_per_edit": round((after - before) / edits), "first_release_bytes_per_edit": whole,
        "ratio": round(whole / max(1, (after - before) / edits), 1), "checkpoints": checkpoints,
        "change_records": rows, "save_ms_median": round(1000 * statistics.median(times), 1),
        "load_latest_cold_ms": round(1000 * load_latest, 1), "load_halfway_cold_ms": round(1000 * load_middle, 1),
        "parse_whole_json_ms": round(1000 * parse_whole, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--database", metavar="URL", help="also measure this (empty) PostgreSQL database")
    parser.add_argument("--postgres", action="store_true", help="also measure a throwaway PostgreSQL cluster")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    urls = [f"sqlite:///{folder / 'workspace.sqlite'}"]
    cluster = None
    if args.database:
        urls.append(args.database)
    if args.postgres:
        import pg

        cluster = pg.start_cluster()
        urls.append(cluster.create_schema())
    try:
        results = [measure(url, args.people, args.edits) for url in urls]
    finally:
        if cluster is not None:
            cluster.stop()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(f"{r['store']}: {r['people']} people, {r['edits']} one-person edits")
        print(f"  bytes per edit {r['bytes_per_edit']:,} (first release: the whole map, {r['whole_map_bytes']:,}; "
              f"{r['ratio']}x less), {r['checkpoints']} checkpoint(s), {r['change_records']} change records")
        print(f"  with a full checkpoint at least every {r['checkpoint_every']} saves: at most "
              f"{r['amortised_bytes_per_edit']:,} bytes per edit amortised")
        print(f"  save median {r['save_ms_median']} ms; cold load latest {r['load_latest_cold_ms']} ms, "
              f"halfway back {r['load_halfway_cold_ms']} ms (parsing the whole JSON: {r['parse_whole_json_ms']} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
