"""Import files under a time and memory bound, one forked child per file.

Used by ``tests/test_corpus.py``: it starts this script once (so influence, pandas and
python-calamine are imported once), sends the cases as one JSON list on stdin, and reads
one JSON object per case on stdout::

    {"name": ..., "status": "done" | "timeout" | "crashed" | "exception",
     "seconds": wall time, "rss_growth_mb": peak resident memory the case added,
     "ok": ..., "errors": [...], "warnings": [...], "counts": {...}, "schema": "ok" | why}

Each case runs ``validate_workbook`` in a child forked from this warmed-up process, so a
hang is killed at the deadline, a crash of native code (an abort) cannot take the others
with it, and the child's peak resident memory (``ru_maxrss``) is the case's own. The
child's address space is also capped, so a runaway allocation fails in the child instead
of exhausting the machine.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import sys
import time
import traceback
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


def _vm_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(case: dict, write_fd: int, address_space: int) -> None:
    from graph_schema import assert_schema
    from influence import validate_workbook

    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    os.environ.update(case.get("env", {}))
    # A forked child shares its parent's pages but counts only those it touches, so its
    # own resident size now is the baseline of its peak.
    base = _rss_mb()
    result: dict = {"name": case["name"]}
    start = time.perf_counter()
    try:
        report = validate_workbook(case["path"], **case.get("options", {}))
        result["seconds"] = time.perf_counter() - start
        result.update(status="done", ok=report.ok, counts=report.counts, sheets=report.sheets,
                      errors=[p.to_dict() | {"text": str(p)} for p in report.errors],
                      warnings=[p.to_dict() | {"text": str(p)} for p in report.warnings[:50]],
                      warning_count=len(report.warnings))
        try:
            if report.graph is not None:
                assert_schema(report.graph)
            result["schema"] = "ok"
        except AssertionError as err:
            result["schema"] = f"schema broken: {err!r}"
    except BaseException:  # noqa: BLE001 - the test reports whatever escaped
        result.update(status="exception", seconds=time.perf_counter() - start,
                      traceback=traceback.format_exc())
    result["rss_growth_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
    data = json.dumps(result, default=str).encode()
    with os.fdopen(write_fd, "wb") as pipe:
        pipe.write(data)


def run_case(case: dict, timeout: float, memory_mb: float) -> dict:
    """Run one case in a forked child; kill it at *timeout* seconds."""
    read_fd, write_fd = os.pipe()
    base = _rss_mb()
    address_space = _vm_bytes() + int(memory_mb * 2 ** 20)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        code = 0
        try:
            _child(case, write_fd, address_space)
        except BaseException:  # noqa: BLE001
            code = 3
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks, deadline = [], start + timeout
    with os.fdopen(read_fd, "rb") as pipe:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"name": case["name"], "status": "timeout", "seconds": timeout}
            chunk = os.read(pipe.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status, usage = os.wait4(pid, 0)
    if not chunks:  # killed by native code (an abort): only the parent's view of memory is left
        return {"name": case["name"], "status": "crashed", "exit_status": status,
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "seconds": time.perf_counter() - start, "rss_growth_mb": usage.ru_maxrss / 1024 - base}
    return json.loads(b"".join(chunks))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for graph_schema
    import graph_schema  # noqa: F401
    import influence.importer  # noqa: F401 - warm up: every child starts from here
    import pandas  # noqa: F401
    import python_calamine  # noqa: F401

    request = json.load(sys.stdin)
    for case in request["cases"]:
        result = run_case(case, request["timeout"], request["memory_mb"])
        print(json.dumps(result, default=str), flush=True)


if __name__ == "__main__":
    main()
