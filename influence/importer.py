"""Importing org charts and influence maps from Excel and CSV (see :mod:`influence.importing`).

This module keeps the names it has always had; the work is done in the
:mod:`influence.importing` package (sources, located records, the validator).
"""

from __future__ import annotations

from .importing import FIELDS, ImportReport, read_workbook, validate_workbook

__all__ = ["ImportReport", "read_workbook", "validate_workbook", "FIELDS"]
