"""The validator: located records from any source in, the influence map and its problems out.

:func:`validate_records` is the one place where raw text becomes the map of
:mod:`influence.graph`, whatever the source (a workbook, and later GraphML, GEXF, Kumu or a
CRM export): names and IDs, repeated rows, the vocabularies of DOMAIN.md (attitude,
authority, style, relationship type, strength), who reports to whom (a reference is an ID,
an e-mail or a name), reporting cycles, relationships, and the limits on the size of a map.
Every problem is collected, with a code, the record's location and a hint, before any is
reported.

The work is column-wise (pandas look-ups, numpy for reporting cycles), so a 100,000-row
export is validated and built in a fraction of the time a plain openpyxl read takes; see
``benchmarks/bench_import.py``.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from .. import graph as _graph
from ..errors import Hint, Problem, WorkbookError
from ..vocabulary import (
    UnknownValue,
    normalise_word,
    parse_attitude,
    parse_authority,
    parse_relationship_type,
    parse_role,
    parse_strength,
    parse_style,
)
from .cells import ProblemLog, plain_name
from .records import ImportRecords, PeopleRecords, TieRecords

__all__ = [
    "ImportReport", "validate_records", "VALUE_FIELDS", "people_limit", "tie_limit", "DEFAULT_MAX_PEOPLE",
    "DEFAULT_MAX_TIES", "MAX_PEOPLE_VARIABLE", "MAX_TIES_VARIABLE", "MAX_CELL_CHARACTERS",
]

DEFAULT_MAX_PEOPLE = 50_000
"""A map holds at most this many people unless the limit is raised (``max_people``)."""

DEFAULT_MAX_TIES = 500_000
"""A map holds at most this many relationships unless the limit is raised (``max_ties``)."""

MAX_PEOPLE_VARIABLE = "INFLUENCE_MAX_PEOPLE"
MAX_TIES_VARIABLE = "INFLUENCE_MAX_TIES"

MAX_CELL_CHARACTERS = 32_767
"""The most characters an Excel cell holds; a longer value is kept, with a warning."""

_TOP_MARKERS = frozenset({"0", "-1", "none", "n/a", "na", "-"})  # "nobody": a top person

# C0 and C1 control characters other than tab, line feed and carriage return, and the two
# non-characters XML forbids; also Excel's own escape of a control character, _x000B_.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]"
                      "|_x(?:00[01][0-9A-Fa-f]|007[Ff])_")
_KEPT_ESCAPES = {"_x0009_": "\t", "_x000A_": "\n", "_x000a_": "\n", "_x000D_": "\r", "_x000d_": "\r"}


def _limit(value, variable: str, default: int, what: str) -> int:
    source = f"max_{what}"
    if value is None:
        text = os.environ.get(variable, "").strip().replace(",", "").replace("_", "")
        if not text:
            return default
        source = f"the environment variable {variable}"
        value = int(text) if text.isdigit() else text
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise WorkbookError([Problem(
            "error", f"the {what} limit ({source}) is {value!r}; set it to a whole number such as "
            f"{default}", code="bad-limit",
            hint=Hint("people-limit" if what == "people" else "tie-limit", value=default))])
    return value


def people_limit(max_people: int | None = None) -> int:
    """The people limit: *max_people*, else ``$INFLUENCE_MAX_PEOPLE``, else 50,000.

    >>> people_limit(), people_limit(10)
    (50000, 10)
    """
    return _limit(max_people, MAX_PEOPLE_VARIABLE, DEFAULT_MAX_PEOPLE, "people")


def tie_limit(max_ties: int | None = None) -> int:
    """The ties limit: *max_ties*, else ``$INFLUENCE_MAX_TIES``, else 500,000."""
    return _limit(max_ties, MAX_TIES_VARIABLE, DEFAULT_MAX_TIES, "ties")


@dataclass
class ImportReport:
    """What an import found.

    Attributes
    ----------
    file : str
        The file as given.
    graph : networkx.MultiDiGraph or None
        The influence map; ``None`` when there is any error.
    errors, warnings : list of Problem
        Every problem, in the order a user reads the workbook.
    counts : dict
        ``people``, ``reporting_lines`` and ``relationships`` imported.
    sheets : dict
        The sheet read as ``people`` and as ``relationships`` (``None`` for a CSV file).
    columns : list of ColumnReading
        Every column of the sheets read and the field it was read as (``None``: kept as
        an extra column), with the fields it might be.
    unknown_values : list of dict
        Each vocabulary value that was not understood: ``field``, ``value``, ``count``
        and ``read_as`` (the level it became).
    """

    file: str
    graph: nx.MultiDiGraph | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sheets: dict[str, str | None] = field(default_factory=dict)
    columns: list = field(default_factory=list)
    unknown_values: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file imports (warnings allowed)."""
        return not self.errors and self.graph is not None

    @property
    def problems(self) -> list[Problem]:
        """Errors, then warnings."""
        return self.errors + self.warnings

    def to_dict(self) -> dict:
        """The JSON object of ``influence validate --json``."""
        return {
            "file": self.file,
            "ok": self.ok,
            **{k: self.counts.get(k, 0) for k in ("people", "reporting_lines", "relationships")},
            "sheets": dict(self.sheets),
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "columns": [c.to_dict() for c in self.columns],
            "unknown_values": [dict(v) for v in self.unknown_values],
        }


VALUE_FIELDS = {"attitude": parse_attitude, "authority": parse_authority, "influence": parse_authority,
                "style": parse_style, "type": parse_relationship_type, "strength": parse_strength}
"""The vocabulary fields whose values a user may map (``values={"attitude": {"meh": "neutral"}}``)."""


def validate_records(records: ImportRecords, *, max_people: int | None = None,
                     max_ties: int | None = None, values: dict | None = None) -> ImportReport:
    """Turn located records from any source into an influence map, reporting every problem.

    Parameters
    ----------
    records : ImportRecords
        What a source read (:func:`~influence.importing.read_workbook_records`, or any
        other source building :class:`~influence.importing.records.ImportRecords`).
    max_people, max_ties : int, optional
        The most people and relationships the map may hold (default 50,000 and 500,000,
        or ``$INFLUENCE_MAX_PEOPLE`` / ``$INFLUENCE_MAX_TIES``); more is refused before the
        map is built.
    values : dict, optional
        The user's reading of values the vocabularies do not know, per field of
        :data:`VALUE_FIELDS`: ``{"attitude": {"on the fence": "neutral"}}`` (compared
        ignoring case and spacing). Each level must itself be on the field's scale.

    Returns
    -------
    ImportReport
        ``graph`` is ``None`` when there is any error.

    Examples
    --------
    >>> from influence.importing.records import PeopleRecords, PersonRecord
    >>> people = PeopleRecords.from_rows([PersonRecord(1, {"name": "Ada", "attitude": "Fan"}),
    ...                                   PersonRecord(2, {"name": "Bob", "reports_to": "Ada"})])
    >>> report = validate_records(ImportRecords("crm", people=people))
    >>> report.ok, report.graph.nodes["Bob"]["manager"], report.graph.nodes["Ada"]["attitude"]
    (True, 'Ada', 'supporter')
    """
    log = ProblemLog(records.file)
    log.extend(records.problems)
    job = _Validation(records, log)
    job.values = _value_mappings(values, log)
    try:
        job.limits = (people_limit(max_people), tie_limit(max_ties))
        job.run()
    except WorkbookError as err:
        for p in err.problems:
            if p not in log.items:
                log.items.append(p)
    # Listed as the user reads the workbook: file-wide first, then sheet by sheet, row by row.
    order = {None: -1, records.sheets.get("people"): 0, records.sheets.get("relationships"): 1}
    position = records.column_order
    problems = sorted(log.items, key=lambda p: (order.get(p.sheet, 2), p.sheet or "", p.row or 0,
                                                position.get((p.sheet, p.column), -1)))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    G = None
    if not errors and job.graph is not None:
        G = job.graph
        G.graph["warnings"] = list(warnings)
    counts = {"people": job.people_count, "reporting_lines": len(job.lines),
              "relationships": len(job.links)}
    unknown = [{"field": f, "value": v, "count": n, "read_as": r}
               for (f, v), (n, r) in job.unknown.items()]
    return ImportReport(records.file, G, errors, warnings, counts, dict(records.sheets),
                        list(records.columns), unknown)


def _value_mappings(values, log: ProblemLog) -> dict:
    """The user's value mappings, checked: field -> {normalised value: canonical level}."""
    out: dict[str, dict] = {}
    for name, mapping in (values or {}).items():
        parse = VALUE_FIELDS.get(name)
        if parse is None:
            log.error("bad-value-mapping", f"values can be chosen for {', '.join(VALUE_FIELDS)}, "
                      f"not for {name!r}", value=name, field=name)
            continue
        for raw, level in (mapping or {}).items():
            try:
                chosen = parse(level)
            except UnknownValue as err:
                log.error("bad-value-mapping", f"{level!r} is not on the {err.scale} scale (for {raw!r}); use one "
                          f"of: {err.accepted}", value=level, field=name,
                          hint=Hint("value-mapping", name, raw))
                continue
            out.setdefault(name, {})[normalise_word(raw)] = chosen
    return out


class _Validation:
    """One validation: collects problems as it goes, builds the graph if nothing is fatal."""

    def __init__(self, records: ImportRecords, log: ProblemLog):
        self.records = records
        self.log = log
        self.limits = (DEFAULT_MAX_PEOPLE, DEFAULT_MAX_TIES)
        self.graph: nx.MultiDiGraph | None = None
        self.people_count = 0
        self.lines: list[tuple[str, str]] = []
        self.links: list[tuple] = []
        self.people_frame = None
        self.extra_headers: list[str] = []
        self.unknown: dict[tuple, list] = {}  # (field, value) -> [count, read as]
        self.values: dict[str, dict] = {}  # the user's value mappings

    def run(self) -> None:
        people = self.records.people
        if people is None:
            return
        directory = self._read_people(people)
        if directory is not None and self.records.ties is not None:
            self._read_relationships(self.records.ties, directory)
        if directory is not None and not self.log.has_errors:
            self._build()

    # -- values every source may get wrong --

    def _clean(self, column: list, where: PeopleRecords | TieRecords, header, name) -> list:
        """Control characters removed (with a warning), over-long values reported."""
        texts = [v for v in column if type(v) is str]
        if len(texts) + column.count(None) != len(column):  # numbers: a NaN is no value
            column = self._no_nan(column, where, header, name)
        if not texts:
            return column
        joined = "\n".join(texts)
        control = _CONTROL.search(joined) is not None
        long = len(joined) > MAX_CELL_CHARACTERS and max(map(len, texts)) > MAX_CELL_CHARACTERS
        if not control and not long:
            return column
        out = list(column)
        for i, value in enumerate(out):
            if type(value) is not str:
                continue
            if control and _CONTROL.search(value):
                cleaned = _CONTROL.sub(lambda m: _KEPT_ESCAPES.get(m.group(0), ""), value)
                removed = [m.group(0) for m in _CONTROL.finditer(value)
                           if m.group(0) not in _KEPT_ESCAPES]
                cleaned = cleaned.strip() or None
                out[i] = value = cleaned
                if removed:
                    shown = ", ".join(dict.fromkeys(
                        c if c.startswith("_x") else f"U+{ord(c):04X}" for c in removed))
                    self.log.warn("control-characters", f"the value holds {len(removed)} invisible "
                                  f"control character(s) ({shown}), which were removed; check the "
                                  "value in the source", where.sheet, where.rows[i], header,
                                  cleaned, field=name)
            if long and value is not None and len(value) > MAX_CELL_CHARACTERS:
                self.log.warn("value-too-long", f"the value has {len(value):,} characters, more than "
                              f"the {MAX_CELL_CHARACTERS:,} an Excel cell holds; it is kept in full, "
                              "but a workbook export will refuse it. Shorten it if you will export "
                              "the map to Excel", where.sheet, where.rows[i], header,
                              value[:40] + "…", field=name)
        return out

    def _no_nan(self, column: list, where, header, name) -> list:
        out = list(column)
        for i, value in enumerate(out):
            if type(value) is float and value != value:
                out[i] = None
                self.log.warn("not-a-number", "the value is the number NaN (not a number), so it is "
                              "read as blank; give the value", where.sheet, where.rows[i], header,
                              "NaN", field=name)
        return out

    # -- people --

    def _frame(self, records, extra: dict):
        import numpy as np
        import pandas as pd

        values = {k: self._clean(v, records, records.columns.get(k), k) for k, v in records.values.items()}
        extra = {k: self._clean(v, records, k, None) for k, v in extra.items()}
        frame = pd.DataFrame({**{f"f:{k}": v for k, v in values.items()},
                              **{f"x:{k}": v for k, v in extra.items()}}, dtype=object)
        frame["row"] = np.asarray(records.rows, dtype=object) if len(records.rows) else []
        data_columns = [c for c in frame.columns if c != "row"]
        return frame[frame[data_columns].notna().any(axis=1)] if data_columns else frame.iloc[:0]

    def _read_people(self, records: PeopleRecords):
        import pandas as pd

        S, head = records.sheet, records.columns
        frame = self._frame(records, records.extra)
        max_people = self.limits[0]
        if len(frame) > max_people:
            self.log.error("too-many-people", f"the map would hold {len(frame):,} people, more than "
                           f"the limit of {max_people:,}. Import only the part of the organisation "
                           "you need, or raise the people limit", S,
                           hint=Hint("people-limit", value=max_people))
            return None

        names = frame["f:name"] if "f:name" in frame else _blank(frame.index)
        if "f:first_name" in frame or "f:last_name" in frame:
            first = frame.get("f:first_name", _blank(frame.index))
            last = frame.get("f:last_name", _blank(frame.index))
            joined = [f"{a} {b}" if a and b else a or b for a, b in zip(first, last)]
            names = names.where(names.notna(), pd.Series(joined, index=frame.index, dtype=object))
        ids = frame["f:id"] if "f:id" in frame else _blank(frame.index)
        name_header = head.get("name") or head.get("first_name") or head.get("last_name")
        unnamed = names.isna()
        if unnamed.any():
            for row, pid in zip(frame["row"][unnamed], ids[unnamed]):
                if pid is None:
                    self.log.warn("row-without-name", "this row has no name and no ID, so it is "
                                  "skipped; fill in the name", S, _row(row), name_header, field="name")
                else:
                    self.log.warn("name-missing", f"this row has no name; the person is shown by "
                                  f"their ID {pid}. Fill in the name", S, _row(row), name_header,
                                  field="name")
            names = names.where(~unnamed, ids)
        keep = names.notna()
        frame, names, ids = frame[keep], names[keep], ids[keep]
        frame = frame.assign(name=names, key=ids.where(ids.notna(), names))
        if frame.empty:
            self.log.error("no-people", "no people: the sheet has a header row but no person below "
                           "it; add one row per person under the headers", S, records.header_row)
            return None
        frame = self._merge_duplicates(frame, head, S)

        # The scales of DOMAIN.md, parsed once per distinct value, then mapped column-wise.
        frame["attitude"] = self._scale(frame, "attitude", parse_attitude, "unknown", S, head,
                                        "unknown attitude {value!r}, read as unknown; use one of: "
                                        "{accepted}")
        for name in ("authority", "influence"):
            frame[name] = self._scale(frame, name, parse_authority, None, S, head,
                                      "unknown " + name + " {value!r}, read as blank; use one of: "
                                      "{accepted}")
        frame["style"] = self._scale(
            frame, "style", parse_style, "keep", S, head,
            "style {value!r} is not one of the social styles ({accepted}); it is kept as "
            "written, without a briefing tip. Use one of the four styles for a tip")
        frame["role"] = self._scale(frame, "role", parse_role, None, S, head, "")
        directory = _Directory(frame)
        self._resolve_managers(frame, directory, S, head)
        self.people_frame = frame
        self.extra_headers = list(records.extra)
        return directory

    def _merge_duplicates(self, frame, head, S):
        """One row per person: merge repeated rows of a person, report an ID given to two."""
        duplicated = frame["key"].duplicated(keep=False)
        if not duplicated.any():  # the usual case, checked column-wise
            return frame
        id_header = head.get("id")
        column = id_header or head.get("name")
        hint = "" if id_header else " If they are two people, add an ID column to tell them apart."
        data_columns = [c for c in frame.columns if c.startswith(("f:", "x:"))]
        drop = []
        for key, group in frame[duplicated].groupby("key", sort=False):
            first = group.index[0]
            name, row = frame.at[first, "name"], frame.at[first, "row"]
            for index in group.index[1:]:
                other, other_row = frame.at[index, "name"], _row(frame.at[index, "row"])
                drop.append(index)  # keys stay unique, so checking can go on after an error
                if plain_name(other) != plain_name(name):
                    self.log.error("duplicate-id", f"the ID {key!r} is used for two different people: "
                                   f"{name!r} (row {row}) and {other!r} (row {other_row}); give each "
                                   "person their own ID", S, other_row, id_header, key, field="id")
                    continue
                self.log.warn("duplicate-person", f"duplicate of row {row} ({name}); the rows are "
                              f"merged into one person (row {row}'s values win where they differ). "
                              f"Delete one of the rows.{hint}", S, other_row, column, key,
                              field="id" if id_header else "name")
                for c in data_columns:  # the kept row's blanks are filled from its repeats
                    if frame.at[first, c] is None and frame.at[index, c] is not None:
                        frame.at[first, c] = frame.at[index, c]
        return frame.drop(index=drop)

    def _scale(self, frame, name, parse, fallback, S, head, message):
        """Parse a vocabulary column; warn once per cell that is not on the scale.

        Each distinct value is parsed once, then mapped column-wise. *fallback* replaces a
        value off the scale, or ``"keep"`` keeps the user's word; *message* is formatted
        with the cell's ``value`` and the scale's ``accepted`` words.
        """
        import pandas as pd

        column = f"f:{name}"
        default = None if fallback == "keep" else fallback
        if column not in frame:
            return _blank(frame.index, default)
        values = frame[column]
        parsed, bad = {}, {}
        chosen = self.values.get(name, {})
        for value in pd.unique(values[values.notna()]):
            if chosen and normalise_word(value) in chosen:
                parsed[value] = chosen[normalise_word(value)]  # the user said what it means
                continue
            try:
                parsed[value] = parse(value)
            except UnknownValue as err:
                parsed[value] = err.value if fallback == "keep" else fallback
                bad[value] = err.accepted
        if bad:
            code = {"type": "unknown-relationship-type"}.get(name, f"unknown-{name}")
            hits = values.isin(list(bad))
            for row, value in zip(frame["row"][hits], values[hits]):
                self.log.warn(code, message.format(value=value, accepted=bad[value]), S, _row(row),
                              head.get(name), value, field=name,
                              hint=Hint("value-mapping", name, value))
                entry = self.unknown.setdefault((name, value), [0, parsed[value]])
                entry[0] += 1
        out = values.map(parsed).astype(object)
        return out.where(out.notna(), default)

    def _resolve_managers(self, frame, directory, S, head) -> None:
        import numpy as np

        if "f:reports_to" not in frame:
            frame["manager"] = None
            return
        refs = frame["f:reports_to"]
        found, via = directory.resolve(refs)
        keys = frame["key"]
        top = refs.isna() | refs.str.casefold().isin(_TOP_MARKERS) | (found == keys)
        missing = found.isna() & ~top
        column = head.get("reports_to")
        for row, ref, name in zip(frame["row"][missing], refs[missing], frame["name"][missing]):
            self.log.warn("manager-not-found", f"manager {ref!r} not found by ID, e-mail or name, so "
                          f"{name} is placed at the top of the org chart. Correct the cell, or add "
                          "the manager to the sheet", S, _row(row), column, ref, field="reports_to")
        by_name = (via == "name") & ~top
        ambiguous = (by_name & refs.map(_plain_or_none).isin(directory.shared_names)
                     if by_name.any() else by_name)
        for row, ref in zip(frame["row"][ambiguous], refs[ambiguous]):
            rows = directory.rows_named(ref)
            self.log.warn("ambiguous-manager", f"several people are called {ref!r} (rows "
                          f"{_rows_text(rows)}); the first of them is taken as the manager. Use the "
                          "manager's ID or e-mail to be sure", S, _row(row), column, ref,
                          field="reports_to")
        manager = found.where(~top & found.notna(), None)

        # Reporting cycles: each person has at most one manager, so follow every chain
        # 2^k steps at once (pointer doubling); whoever does not end at a top person is in
        # or under a cycle.
        position = {k: i for i, k in enumerate(keys)}
        n = len(keys)
        parent = np.arange(n)
        has = manager.notna().to_numpy()
        parent[has] = [position[m] for m in manager[has]]
        ancestor = parent.copy()
        for _ in range(max(1, math.ceil(math.log2(max(n, 2)))) + 1):
            ancestor = ancestor[ancestor]
        stuck = parent[ancestor] != ancestor
        if stuck.any():
            rows = frame["row"].to_numpy()
            names = frame["name"].to_list()
            done: set[int] = set()
            for start in sorted(set(ancestor[stuck].tolist())):
                if start in done:
                    continue
                cycle, node = [], start
                while node not in cycle:
                    cycle.append(node)
                    node = int(parent[node])
                done.update(cycle)
                cut = min(cycle, key=lambda i: (rows[i] is None, rows[i] or 0))  # highest in the sheet
                order = cycle[cycle.index(cut):] + cycle[:cycle.index(cut)]
                # the chain runs report -> manager; show it that way
                chain = " -> ".join(names[i] for i in order + [cut])
                self.log.warn("reporting-cycle", f"reporting cycle {chain} (each reports to the "
                              f"next): broken at {names[cut]}, who is placed at the top of the org "
                              "chart. Correct the Reports To of one of them", S, _row(rows[cut]),
                              column, refs.iloc[cut], field="reports_to")
                parent[cut] = cut
                manager.iloc[cut] = None
        frame["manager"] = manager
        self.lines = list(zip(manager[manager.notna()], keys[manager.notna()]))

    # -- relationships --

    def _read_relationships(self, records: TieRecords, directory: "_Directory") -> None:
        import pandas as pd

        frame = self._frame(records, {})
        S, head = records.sheet, records.columns
        max_ties = self.limits[1]
        if len(frame) > max_ties:
            self.log.error("too-many-ties", f"the map would hold {len(frame):,} relationships, more "
                           f"than the limit of {max_ties:,}. Import only the relationships you need, "
                           "or raise the ties limit", S, hint=Hint("tie-limit", value=max_ties))
            return
        people_sheet = self.records.sheets.get("people")
        where = f"the {people_sheet} sheet" if people_sheet else "the people list"
        ends = {}
        ok = pd.Series(True, index=frame.index)
        for end in ("from", "to"):
            refs = frame[f"f:{end}"] if f"f:{end}" in frame else _blank(frame.index)
            found, via = directory.resolve(refs)
            header = head.get(end)
            for row in frame["row"][refs.isna()]:
                self.log.warn("relationship-end-missing", f"the {header or end} cell is empty, so "
                              "this relationship is dropped; fill in who it links", S, _row(row),
                              header, field=end)
            unknown = refs.notna() & found.isna()
            for row, ref in zip(frame["row"][unknown], refs[unknown]):
                self.log.warn("relationship-person-not-found", f"{ref!r} is not in {where}, so this "
                              "relationship is dropped. Correct the spelling, or add the person", S,
                              _row(row), header, ref, field=end)
            by_name = (via == "name")
            if by_name.any() and directory.shared_names:
                shared = by_name & refs.map(_plain_or_none).isin(directory.shared_names)
                for row, ref in zip(frame["row"][shared], refs[shared]):
                    self.log.warn("ambiguous-name", f"{ref!r} is the name of several people (rows "
                                  f"{_rows_text(directory.rows_named(ref))} of {where}), so this "
                                  "relationship is dropped. Use the person's ID or e-mail", S,
                                  _row(row), header, ref, field=end)
                found = found.where(~shared, None)
            ok &= found.notna()
            ends[end] = found
        kinds = self._scale(frame, "type", _parse_type, "influences", S, head,
                            "unknown relationship type {value!r}, read as influences; use one "
                            "of: {accepted}")
        # Gephi's Type column says Directed or Undirected; an undirected tie runs both ways.
        both = (frame["f:type"].map(normalise_word) == "undirected" if "f:type" in frame
                else _blank(frame.index, False))
        strengths = self._scale(frame, "strength", parse_strength, None, S, head,
                                "unknown strength {value!r}, read as blank (the default, 0.5); "
                                "use one of: {accepted}")
        notes = frame["f:notes"] if "f:notes" in frame else _blank(frame.index)
        selfs = ok & (ends["from"] == ends["to"])
        names = directory.names
        for row, key in zip(frame["row"][selfs], ends["from"][selfs]):
            self.log.warn("self-relationship", f"{names[key]} is linked to themselves, so this "
                          "relationship is dropped; a relationship needs two people", S, _row(row),
                          head.get("from"), field="from")
        ok &= ~selfs
        seen: dict[tuple, int] = {}
        links = []
        for row, a, b, kind, mutual, strength, note in zip(
                frame["row"][ok], ends["from"][ok], ends["to"][ok], kinds[ok], both[ok],
                strengths[ok], notes[ok]):
            for u, v in ((a, b), (b, a)) if mutual else ((a, b),):
                if (u, v, kind) in seen:
                    if not mutual:
                        self.log.warn("duplicate-relationship", f"duplicate of row {seen[(u, v, kind)]} "
                                      f"({names[u]} {kind} {names[v]}); merged, keeping the first. "
                                      "Delete one of the rows", S, _row(row), head.get("from"),
                                      field="from")
                    continue
                seen[(u, v, kind)] = _row(row)
                links.append((u, v, kind, strength, note))
        self.links = links

    # -- the graph --

    def _build(self) -> None:
        frame = self.people_frame
        stem = os.path.splitext(os.path.basename(self.records.file))[0]
        name = self.records.name or stem.replace("_", " ").strip() or "Influence map"
        G = _graph.new_map(name, source=self.records.file)
        n = len(frame)
        fields = [*_graph.PERSON_FIELDS, "manager"]
        columns = []
        for f in fields:
            column = frame[f] if f in frame else frame.get(f"f:{f}")
            columns.append(column.to_list() if column is not None else [None] * n)
        if self.extra_headers:
            headers = self.extra_headers
            extras = [dict(zip(headers, values))
                      for values in zip(*(frame[f"x:{h}"].to_list() for h in headers))]
        else:
            extras = [{}] * n
        keys = frame["key"].to_list()
        self.people_count = len(keys)  # counted once the map is built, as the report's counts are
        del frame, self.people_frame
        # Complete records: add_people then passes them straight to networkx.
        _graph.add_people(G, ((k, dict(zip(fields, values), extra=e))
                              for k, e, *values in zip(keys, extras, *columns)))
        del columns, extras
        _graph.add_reporting_lines(G, self.lines)
        for u, v, kind, strength, note in self.links:
            _graph.add_relationship(G, u, v, kind, strength=strength, notes=note)
        self.graph = G


def _row(value):
    """A record's row as an int (``None`` stays ``None``)."""
    return None if value is None else int(value)


def _rows_text(rows) -> str:
    rows = [r for r in rows if r is not None]
    return ", ".join(map(str, rows[:-1])) + (" and " if len(rows) > 1 else "") + str(rows[-1]) if rows else "?"


def _parse_type(value) -> str:
    """A relationship type; Gephi's Directed / Undirected mean the default, influences."""
    if normalise_word(value) in ("directed", "undirected"):
        return "influences"
    return parse_relationship_type(value)


def _first_last(name: str) -> str:
    """ "Lovelace, Ada" (how many HR systems write a manager) as compared: "ada lovelace"."""
    last, comma, first = name.partition(",")
    return plain_name(f"{first} {last}") if comma else ""


def _unpadded(value) -> str | None:
    """A numeric ID without leading zeros ("007" -> "7"); ``None`` for any other text.

    Excel drops the zeros of an ID typed as a number, so a Manager ID column often reads
    7 where the ID column (stored as text) reads 007; they are the same person.
    """
    if not value.isdigit() or not value.isascii():
        return None
    return value.lstrip("0") or "0"


def _plain_or_none(value):
    return None if value is None else plain_name(value)


class _Directory:
    """Who is who: resolve a reference (ID, e-mail, then name) to a person's key, column-wise.

    Each look-up table is built on first need: an HR export whose managers are all given
    by ID never pays for the e-mail and name tables.
    """

    def __init__(self, frame):
        self.frame = frame
        self.keys = frame["key"]
        self.by_id = _first_of(self.keys, self.keys)

    @cached_property
    def names(self) -> dict:
        return dict(zip(self.keys, self.frame["name"]))

    @cached_property
    def by_folded_id(self):
        return _first_of(self.keys.str.casefold(), self.keys)

    @cached_property
    def by_number(self):
        """Numeric IDs without their leading zeros ("007" -> "7"), where that is unambiguous."""
        import pandas as pd

        numbers = self.keys.map(_unpadded)
        table = pd.Series(self.keys.to_numpy(), index=numbers.to_numpy(), dtype=object)
        table = table[table.index.notna()]
        return table[~table.index.duplicated(keep=False)]

    @cached_property
    def by_email(self):
        emails = self.frame["f:email"] if "f:email" in self.frame else _blank(self.frame.index)
        return _first_of(emails.map(_plain_or_none), self.keys)

    @cached_property
    def _plain_names(self):
        return self.frame["name"].map(plain_name)

    @cached_property
    def by_name(self):
        return _first_of(self._plain_names, self.keys)

    @cached_property
    def shared_names(self) -> set[str]:
        """Names (as compared) that more than one person has."""
        return set(self._plain_names[self._plain_names.duplicated()])

    def rows_named(self, name) -> list:
        """The rows of the people called *name* (as compared)."""
        hits = self._plain_names == plain_name(name)
        return [_row(r) for r in self.frame["row"][hits]]

    def resolve(self, refs):
        """``(keys, via)``: each reference's person key (``None`` if nobody) and how it matched."""
        found = _lookup(refs, self.by_id)
        via = _blank(refs.index)
        via[found.notna()] = "id"
        steps = (("id", "by_folded_id", str.casefold), ("id", "by_number", _unpadded),
                 ("email", "by_email", plain_name), ("name", "by_name", plain_name),
                 ("name", "by_name", _first_last))
        for how, table, fold in steps:
            missing = found.isna() & refs.notna()
            if not missing.any():
                break
            found[missing] = _lookup(refs[missing].map(fold), getattr(self, table))
            via[missing & found.notna()] = how
        return found, via


def _first_of(index_values, keys):
    """A look-up table ``index value -> key`` keeping the first person for a repeated value."""
    import pandas as pd

    table = pd.Series(keys.to_numpy(), index=index_values.to_numpy(), dtype=object)
    table = table[table.index.notna()]
    return table[~table.index.duplicated(keep="first")]


def _blank(index, value=None):
    """A column of *value* (``None``: blank) over *index*; object dtype keeps ``None`` as is."""
    import pandas as pd

    return pd.Series([value] * len(index), index=index, dtype=object)


def _lookup(values, table):
    if table.empty or values.empty:
        return _blank(values.index)
    out = values.map(table).astype(object)
    return out.where(out.notna(), None)
