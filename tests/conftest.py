"""Shared test settings: the Hypothesis profiles, the corpus generator on the path, and the
headless browser of the real-browser tests.

``ci`` (the default) keeps the property-based tests to a bounded budget, so the suite stays
fast and deterministic; ``long`` searches much harder for a rare failure::

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz_import.py
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

_SLOW_EXAMPLES = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

settings.register_profile("ci", max_examples=60, deadline=timedelta(seconds=10), derandomize=True,
                          suppress_health_check=_SLOW_EXAMPLES, print_blob=True)
settings.register_profile("long", max_examples=2_000, deadline=None,
                          suppress_health_check=_SLOW_EXAMPLES, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# tests/corpus/make_corpus.py is a script beside the files it writes; its builders
# (compound_file, make_zip_bomb, ...) are imported by the tests as ``make_corpus``.
sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))


def pytest_sessionfinish(session, exitstatus):
    """Close the export renderer's headless browser before the interpreter shuts down,
    so no browser process or thread is left to hold up the end of the run."""
    figure = sys.modules.get("influence.export.figure")
    if figure is not None:
        figure.stop_renderer()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the real-browser tests of one module (skipped without one)."""
    from browsing import CHROMIUM, LAUNCH_ARGS

    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


# --- PostgreSQL: one throwaway cluster per test session (see tests/pg.py) ---------------------

@pytest.fixture(scope="session")
def postgres():
    """A private PostgreSQL cluster on 127.0.0.1, stopped at the end of the session.

    Skipped where PostgreSQL is not installed, except on CI (``CI=true``), where a missing
    server fails the run instead."""
    import pg

    try:
        cluster = pg.start_cluster()
    except RuntimeError as err:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI needs PostgreSQL for the store tests: {err}")
        pytest.skip(str(err))
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A URL of a new, empty workspace: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workspace.sqlite'}"
        return
    yield request.getfixturevalue("postgres").create_schema()
