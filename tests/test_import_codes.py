"""Problem codes: every code the importer can report is registered and listed in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from influence.errors import HINT_KINDS, PROBLEM_CODES, Hint, Problem

ROOT = Path(__file__).resolve().parents[1]


def _source_codes() -> set[str]:
    """Every code literal the library passes when it reports a problem (any source)."""
    found = set()
    for path in (ROOT / "influence").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'(?:warn|error|_fail|_problem|add)\(\s*(?:"(?:error|warning)",\s*)?'
                                r'(?:path,\s*|None,\s*)?"([a-z]+(?:-[a-z]+)+)"', text))
        found |= set(re.findall(r'code=["\']([a-z]+(?:-[a-z]+)+)["\']', text))
        found |= set(re.findall(r'return "([a-z]+(?:-[a-z]+)+)", \(', text))
    return found


def test_the_source_uses_only_registered_codes():
    used = _source_codes()
    assert len(used) >= 40, sorted(used)
    assert used <= PROBLEM_CODES.keys(), sorted(used - PROBLEM_CODES.keys())


def test_every_registered_code_is_used_somewhere():
    """A code nobody reports is a stale entry (unknown-* codes are made from the field name)."""
    made = {f"unknown-{f}" for f in ("attitude", "authority", "influence", "style", "strength")}
    made.add("unknown-relationship-type")
    assert PROBLEM_CODES.keys() - _source_codes() - made == set()


def test_readme_lists_every_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Problem codes", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.M))
    assert listed == PROBLEM_CODES.keys()
    for kind in HINT_KINDS:
        assert f"`{kind}`" in section


def test_codes_are_kebab_case():
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", code) for code in PROBLEM_CODES)


def test_a_stored_problem_reads_back_with_its_hint():
    problem = Problem("warning", "x", "f.csv", None, 2, "Boss", "Zed", code="manager-not-found",
                      field="reports_to", hint=Hint("edit-source"))
    assert Problem(**problem.to_dict()) == problem
    old = {"severity": "warning", "message": "x", "file": None, "sheet": None, "row": 2,
           "column": None, "value": None}  # stored before problems had codes
    assert Problem(**old).code == ""


def test_unknown_hint_kind_is_refused():
    with pytest.raises(ValueError, match="unknown hint kind"):
        Hint("press-the-button")
