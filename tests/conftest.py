"""Shared test settings: the Hypothesis profiles, and the corpus generator on the path.

``ci`` (the default) keeps the property-based tests to a bounded budget, so the suite stays
fast and deterministic; ``long`` searches much harder for a rare failure::

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz_import.py
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

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
