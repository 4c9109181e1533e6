"""What a user told the import preview, kept for the next import of a similar file.

In the preview a user says which column holds which field (``columns``: field -> header)
and what an unrecognised value means (``values``: field -> {value: level}). Partner exports
come back every quarter with the same headers and the same words, so the choices are
remembered and offered again; :meth:`ImportChoices.for_report` keeps only those that fit
the file at hand (a header the file has, a value it holds).

Examples
--------
>>> choices = ImportChoices(columns={"influence": "Heft"}, values={"attitude": {"meh": "neutral"}})
>>> ImportChoices.from_json(choices.to_json()) == choices
True
>>> choices.merge(ImportChoices(values={"attitude": {"so-so": "neutral"}})).values
{'attitude': {'meh': 'neutral', 'so-so': 'neutral'}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..headers import normalise_header
from ..vocabulary import normalise_word

__all__ = ["ImportChoices"]


@dataclass
class ImportChoices:
    """Column and value choices for :func:`influence.validate_workbook` (``columns=``, ``values=``)."""

    columns: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"format": 1, "columns": self.columns, "values": self.values}, sort_keys=True,
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> "ImportChoices":
        """Choices stored by :meth:`to_json`; empty choices for nothing or anything unreadable."""
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items() if isinstance(v, str)}
        values = {str(f): {str(k): str(v) for k, v in m.items()}
                  for f, m in (data.get("values") or {}).items() if isinstance(m, dict)}
        return cls(columns, values)

    def merge(self, newer: "ImportChoices") -> "ImportChoices":
        """These choices updated with *newer* ones (the newer win)."""
        values = {f: dict(m) for f, m in self.values.items()}
        for f, m in newer.values.items():
            values.setdefault(f, {}).update(m)
        return ImportChoices({**self.columns, **newer.columns}, values)

    def for_report(self, report) -> "ImportChoices":
        """The choices that fit the file of *report* (its headers, its unknown values)."""
        headers = {normalise_header(c.header) for c in report.columns}
        columns = {f: h for f, h in self.columns.items() if normalise_header(h) in headers}
        seen = {(v["field"], normalise_word(v["value"])) for v in report.unknown_values}
        values = {}
        for f, mapping in self.values.items():
            kept = {k: v for k, v in mapping.items() if (f, normalise_word(k)) in seen}
            if kept:
                values[f] = kept
        return ImportChoices(columns, values)

    def __bool__(self) -> bool:
        return bool(self.columns or self.values)
