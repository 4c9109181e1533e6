"""The optional Assessments and Interactions sheets, and the People columns that date a row's views.

Read after the map is built (people must exist before anyone can be assessed):

* **Assessments** (also *Ratings*, *Judgements*, *Views*): one row per judgement:
  Person, Field (attitude, influence, authority, style; strength with a To column for a
  tie), Value, Assessed By, Assessed On, Confidence, Evidence. Headers are matched like
  the People sheet's ("Rated by", "Date", "Source" work).
* **Interactions** (also *Contacts*, *Interaction Log*, *Meetings*, *Touchpoints*): Person,
  Owner (who of ours), Date, Kind (meeting, call, email, event, other), Notes.
* On **People**, the optional columns Assessed By, Assessed On and Confidence say whose
  view that row's attitude, influence, authority and style are, from when, how sure: the
  row's values become assessments.

A person's combined value (:func:`influence.assessments.apply_assessments`) then decides
what every surface shows. Every row that cannot be used is a warning with its sheet, row,
column, value and code; nothing is dropped silently.
"""

from __future__ import annotations

from datetime import date as Date
from functools import cached_property

from ..assessments import (
    INTERACTION_KINDS, Assessment, Interaction, apply_assessments, parse_confidence, parse_date,
)
from ..errors import Hint, Problem
from ..headers import normalise_header
from ..people import normalize_name
from ..vocabulary import UnknownValue, parse_attitude, parse_authority, parse_strength, parse_style

__all__ = ["ASSESSMENT_SHEET_NAMES", "INTERACTION_SHEET_NAMES", "ROW_ASSESSMENT_HEADERS", "attach_annotations",
           "annotate_report"]

ASSESSMENT_SHEET_NAMES = ("assessments", "assessment", "ratings", "judgements", "judgments", "views", "opinions")
INTERACTION_SHEET_NAMES = ("interactions", "interaction log", "interactionlog", "contacts log", "contactlog",
                           "meetings", "touchpoints", "activities", "contact log")

_ASSESSMENT_HEADERS = {
    "person": ("person", "name", "who", "executive", "stakeholder", "id", "person id", "partner person", "about"),
    "to": ("to", "tie to", "influenced", "target"),
    "field": ("field", "attribute", "what", "aspect", "dimension", "assessed field"),
    "value": ("value", "rating", "assessment", "view", "score", "level"),
    "rater": ("assessed by", "rated by", "rater", "assessor", "by", "author", "who says", "according to", "source person"),
    "date": ("assessed on", "date", "when", "as of", "rated on", "assessment date", "on"),
    "confidence": ("confidence", "certainty", "how sure", "sure", "confidence level"),
    "evidence": ("evidence", "source", "basis", "notes", "comment", "comments", "why", "reason"),
}
_INTERACTION_HEADERS = {
    "person": ("person", "name", "contact", "executive", "with", "partner contact", "stakeholder", "who", "id"),
    "owner": ("owner", "our contact", "by", "our person", "met by", "account owner", "relationship owner",
              "logged by", "from us"),
    "date": ("date", "when", "on", "met on", "contact date", "interaction date"),
    "kind": ("kind", "type", "channel", "activity type", "medium", "interaction type"),
    "notes": ("notes", "summary", "comments", "subject", "outcome", "note"),
}
ROW_ASSESSMENT_HEADERS = {
    "rater": ("assessed by", "rated by", "rater", "assessor", "annotated by"),
    "date": ("assessed on", "rated on", "assessment date", "as of", "last assessed"),
    "confidence": ("confidence", "certainty", "how sure"),
}
"""People-sheet columns that date and attribute that row's views."""

_FIELD_WORDS = {
    "attitude": ("attitude", "stance", "sentiment", "position", "disposition", "support", "attitude to us"),
    "influence": ("influence", "clout", "sway", "informal influence", "influence rating"),
    "authority": ("authority", "power", "formal power", "decision authority"),
    "style": ("style", "social style", "personality", "communication style"),
    "strength": ("strength", "tie strength", "how strong"),
}
_KIND_WORDS = {"meeting": ("meeting", "meet", "in person", "lunch", "dinner", "visit", "qbr", "workshop", "1:1"),
               "call": ("call", "phone", "video call", "teams", "zoom", "phone call"),
               "email": ("email", "e-mail", "mail", "message", "letter", "chat"),
               "event": ("event", "conference", "summit", "trade show", "webinar", "dinner event")}
_PARSERS = {"attitude": parse_attitude, "influence": parse_authority, "authority": parse_authority,
            "style": parse_style, "strength": parse_strength}


def _keyed(table: dict) -> dict:
    return {normalise_header(word): key for key, words in table.items() for word in words}


_A_KEYS, _I_KEYS, _ROW_KEYS = _keyed(_ASSESSMENT_HEADERS), _keyed(_INTERACTION_HEADERS), _keyed(ROW_ASSESSMENT_HEADERS)
_FIELD_KEYS = _keyed(_FIELD_WORDS)
_KIND_KEYS = {" ".join(w.split()): k for k, words in _KIND_WORDS.items() for w in words}


def _header_row(rows, keys: dict, needed: set) -> tuple[int, dict] | None:
    for index, row in enumerate(rows[:10]):
        found = {}
        for col, cell in enumerate(row):
            key = keys.get(normalise_header(cell))
            if key and key not in found:
                found[key] = col
        if needed <= set(found):
            return index, found
    return None


class _Directory:
    """Who a Person cell names: an ID, an e-mail or a name (unambiguous), as the importer resolves them."""

    def __init__(self, G):
        self.G = G
        self.ids = {str(p): p for p in G}
        self.folded: dict = {}
        self.emails: dict = {}
        self.names: dict = {}
        for p, data in G.nodes(data=True):
            self.folded.setdefault(str(p).casefold(), []).append(p)
            if data.get("email"):
                self.emails.setdefault(str(data["email"]).strip().casefold(), []).append(p)
            self.names.setdefault(normalize_name(data.get("name") or ""), []).append(p)

    def find(self, value) -> tuple[str | None, list]:
        """``(person, [])`` or ``(None, candidates)`` (several people share the name) or ``(None, [])``."""
        if value is None:
            return None, []
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if text in self.ids:
            return self.ids[text], []
        for table, key in ((self.folded, text.casefold()), (self.emails, text.casefold()),
                           (self.names, normalize_name(text))):
            found = table.get(key) or []
            if len(found) == 1:
                return found[0], []
            if len(found) > 1:
                return None, found
        return None, []


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value)


class _Reader:
    def __init__(self, path, G, today: Date):
        self.path, self.G, self.today = str(path), G, today
        self.problems: list[Problem] = []

    @cached_property
    def directory(self) -> "_Directory":
        # Built only when a sheet or column names people: most imports have neither, and
        # indexing 100,000 names would cost a tenth of the import.
        return _Directory(self.G)

    def warn(self, code, message, sheet, row, column, value, field=None, hint=None):
        self.problems.append(Problem("warning", message, self.path, sheet, row, column, value, code=code,
                                     field=field, hint=hint or Hint("edit-source")))

    def _date(self, raw, sheet, row, column):
        if _blank(raw):
            return None
        try:
            when = parse_date(raw)
        except ValueError:
            self.warn("not-a-date", f"{raw!r} is not a date, so this entry has no date; write it as "
                      "YYYY-MM-DD", sheet, row, column, raw, field="date")
            return None
        if when is not None and when > self.today:
            self.warn("future-date", f"the date {when.isoformat()} is in the future (today is "
                      f"{self.today.isoformat()}); it was left out", sheet, row, column, raw, field="date")
            return None
        return when

    def _confidence(self, raw, sheet, row, column) -> float:
        try:
            return parse_confidence(raw)
        except ValueError as err:
            self.warn("unknown-confidence", f"{err}; medium confidence was used", sheet, row, column, raw,
                      field="confidence")
            return parse_confidence(None)

    def _person(self, raw, sheet, row, column, what: str):
        if _blank(raw):
            self.warn("annotation-person-missing", f"the {what} has no Person, so it was left out",
                      sheet, row, column, raw)
            return None
        person, candidates = self.directory.find(raw)
        if person is None:
            if candidates:
                self.warn("ambiguous-name", f"{raw!r} is the name of {len(candidates)} people (IDs "
                          f"{', '.join(candidates)}); use the ID; the {what} was left out", sheet, row, column, raw)
            else:
                self.warn("annotation-person-not-found", f"{raw!r} is nobody on the People sheet; the {what} "
                          "was left out (check the spelling, or add the person)", sheet, row, column, raw)
        return person

    def _records(self, table, keys: dict, needed: tuple[str, str]):
        """``(row number, cell(key), name_of)`` for each non-blank row under the sheet's header."""
        rows = table.rows()
        found = _header_row(rows, keys, set(needed))
        sheet = table.name
        if found is None:
            self.warn("no-header-row", f"sheet {sheet!r} has no header row with {needed[0].title()} and "
                      f"{needed[1].title()} columns; it was not read", sheet, None, None, None)
            return
        start, cols = found
        header = rows[start]
        name_of = {k: str(header[c]) for k, c in cols.items()}
        for index in range(start + 1, len(rows)):
            row = rows[index]
            if all(_blank(v) for v in row):
                continue
            yield index + 1, (lambda key, row=row: row[cols[key]] if key in cols and cols[key] < len(row)
                              else None), name_of

    def assessments(self, table) -> None:
        sheet = table.name
        for number, cell, name_of in self._records(table, _A_KEYS, ("person", "value")):
            person = self._person(cell("person"), sheet, number, name_of["person"], "assessment")
            if person is None:
                continue
            raw_field = cell("field")
            field = _FIELD_KEYS.get(normalise_header(raw_field)) if not _blank(raw_field) else "attitude"
            if field is None:
                self.warn("unknown-assessed-field", f"{raw_field!r} is not something that can be assessed; use "
                          "attitude, influence, authority, style or strength", sheet, number,
                          name_of.get("field"), raw_field)
                continue
            raw_value = cell("value")
            try:
                value = _PARSERS[field](raw_value)
            except UnknownValue as err:
                self.warn(f"unknown-{field}" if field != "influence" else "unknown-influence",
                          f"{err}; the assessment was left out", sheet, number, name_of["value"], raw_value,
                          field=field, hint=Hint("value-mapping", field, raw_value))
                continue
            if value is None or value == "unknown":
                continue  # no view
            assessment = Assessment(field, value, None if _blank(cell("rater")) else str(cell("rater")).strip(),
                                    self._date(cell("date"), sheet, number, name_of.get("date")),
                                    self._confidence(cell("confidence"), sheet, number, name_of.get("confidence")),
                                    None if _blank(cell("evidence")) else str(cell("evidence")))
            if field == "strength":
                other = self._person(cell("to"), sheet, number, name_of.get("to"), "tie assessment") \
                    if "to" in name_of else None
                if other is None:
                    if "to" not in name_of:
                        self.warn("unknown-assessed-field", "a strength assessment needs a To column naming "
                                  "the person influenced", sheet, number, name_of.get("field"), raw_field)
                    continue
                keys = [k for k in (self.G.get_edge_data(person, other) or {}) if k != "reports to"]
                if not keys:
                    self.warn("annotation-person-not-found", f"there is no relationship from {person} to {other} "
                              "to assess; add it on the Relationships sheet", sheet, number, name_of.get("to"),
                              cell("to"))
                    continue
                data = self.G.edges[person, other, keys[0]]
            else:
                data = self.G.nodes[person]
            data["assessments"] = list(data.get("assessments") or []) + [assessment.to_dict()]

    def interactions(self, table) -> None:
        sheet = table.name
        for number, cell, name_of in self._records(table, _I_KEYS, ("person", "date")):
            person = self._person(cell("person"), sheet, number, name_of["person"], "interaction")
            if person is None:
                continue
            when = self._date(cell("date"), sheet, number, name_of["date"])
            if when is None:
                if _blank(cell("date")):
                    self.warn("not-a-date", "the interaction has no date, so it does not count as a contact",
                              sheet, number, name_of["date"], None, field="date")
            raw_kind = cell("kind")
            kind = "meeting" if _blank(raw_kind) else _KIND_KEYS.get(" ".join(str(raw_kind).strip().lower().split()))
            if kind is None:
                kind = "other"
                self.warn("unknown-interaction-kind", f"{raw_kind!r} is not a kind of interaction "
                          f"({', '.join(INTERACTION_KINDS)}); read as other", sheet, number, name_of.get("kind"),
                          raw_kind, field="kind", hint=Hint("value-mapping", "kind", raw_kind))
            entry = Interaction(None if _blank(cell("owner")) else str(cell("owner")).strip(), when, kind,
                                None if _blank(cell("notes")) else str(cell("notes")))
            data = self.G.nodes[person]
            data["interactions"] = list(data.get("interactions") or []) + [entry.to_dict()]

    def plan(self, table) -> None:
        """A campaign plan written by the annotated workbook export (its ids and settings), into
        ``G.graph["plan"]`` (the stored format of :class:`influence.plan.Plan`)."""
        import json

        rows = table.rows()
        if len(rows) < 4 or not rows[2] or str(rows[2][0] or "").strip() != "Plan settings (read back on import)":
            return  # a plan sheet of the user's own: not ours to read
        sheet = table.name
        try:
            settings = json.loads(str(rows[2][1]))
        except (ValueError, IndexError, TypeError):
            self.warn("damaged-workbook", "the plan's settings cell cannot be read; the plan was left out",
                      sheet, 3, "B", rows[2][1] if len(rows[2]) > 1 else None)
            return
        header = [str(c or "") for c in rows[3]]
        at = {h: i for i, h in enumerate(header)}
        needed = ("Target ID", "Via IDs", "Quarter #", "Kind", "Order", "Owner", "Status", "Expected Gain")
        if any(h not in at for h in needed):
            self.warn("no-header-row", "the Plan sheet lacks the columns its actions are read from; the plan was "
                      "left out", sheet, 4, None, None)
            return
        actions = []
        for number, row in enumerate(rows[4:], start=5):
            cell = lambda h: row[at[h]] if at[h] < len(row) else None
            if _blank(cell("Target ID")):
                continue
            target = str(cell("Target ID"))
            if target not in self.G:
                self.warn("annotation-person-not-found", f"the plan's action on {target!r} names nobody on "
                          "People; the action was left out", sheet, number, "Target ID", target)
                continue
            try:
                via = json.loads(str(cell("Via IDs") or "[]"))
                after = json.loads(str(cell("After IDs") or "[]")) if "After IDs" in at else []
            except ValueError:
                via, after = [], []
            quarter = cell("Quarter #")
            actions.append({"owner": None if _blank(cell("Owner")) else str(cell("Owner")), "target": target,
                            "via": [str(v) for v in via], "quarter": None if _blank(quarter) else int(quarter),
                            "order": int(cell("Order") or 0), "kind": str(cell("Kind") or "approach"),
                            "expected_gain": float(cell("Expected Gain") or 0.0),
                            "status": str(cell("Status") or "planned"),
                            "talking_point": "" if _blank(cell("Talking Point")) else str(cell("Talking Point")),
                            "probability": float(cell("Chance") or 0.0) if "Chance" in at else 0.0,
                            "after": [str(v) for v in after]})
        self.G.graph["plan"] = {**settings, "actions": actions}

    def row_columns(self, records) -> None:
        people = records.people if records is not None else None
        if people is None:
            return
        columns = {_ROW_KEYS[normalise_header(h)]: h for h in people.extra if normalise_header(h) in _ROW_KEYS}
        if not columns:
            return
        sheet = people.sheet
        ids = people.values.get("id")
        names = people.values.get("name")
        for index, row in enumerate(people.rows):
            key = ids[index] if ids is not None and not _blank(ids[index]) else (names[index] if names else None)
            person, _ = self.directory.find(key)
            if person is None:
                continue
            data = self.G.nodes[person]
            raw = {k: people.extra[h][index] for k, h in columns.items()}
            if all(_blank(v) for v in raw.values()):
                continue
            rater = None if _blank(raw.get("rater")) else str(raw["rater"]).strip()
            when = self._date(raw.get("date"), sheet, row, columns.get("date"))
            sure = self._confidence(raw.get("confidence"), sheet, row, columns.get("confidence"))
            added = [Assessment(f, data[f], rater, when, sure).to_dict()
                     for f in ("attitude", "influence", "authority", "style") if data.get(f) not in (None, "", "unknown")]
            data["assessments"] = added + list(data.get("assessments") or [])
        for _, data in self.G.nodes(data=True):
            for header in columns.values():
                (data.get("extra") or {}).pop(header, None)


def _sheet(tables, names):
    wanted = {normalise_header(n) for n in names}
    for table in tables:
        if table.name is not None and normalise_header(table.name) in wanted:
            return table
    return None


def attach_annotations(path, G, records=None, *, today: Date | None = None) -> list[Problem]:
    """Read the Assessments and Interactions sheets of *path* (and the People row columns of
    *records*) into map *G*, in place; returns the warnings.

    People whose assessments were read get their combined values
    (:func:`influence.assessments.apply_assessments`).
    """
    reader = _Reader(path, G, today or Date.today())
    reader.row_columns(records)
    tables = records.tables if records is not None else []  # the sheets the import opened already
    assessments = _sheet(tables, ASSESSMENT_SHEET_NAMES)
    if assessments is not None:
        reader.assessments(assessments)
    interactions = _sheet(tables, INTERACTION_SHEET_NAMES)
    if interactions is not None:
        reader.interactions(interactions)
    plan = _sheet(tables, ("plan", "campaign plan"))
    if plan is not None:
        reader.plan(plan)
    if any(data.get("assessments") for _, data in G.nodes(data=True)) or any(
            data.get("assessments") for *_, data in G.edges(data=True)):
        apply_assessments(G, today=reader.today)
    return reader.problems


def annotate_report(path, records, report, *, today: Date | None = None):
    """Add the annotation sheets of *path* to an import *report*'s map and warnings (in place).

    Does nothing when the import failed. Returns *report*.
    """
    if report.graph is None:
        return report
    problems = attach_annotations(path, report.graph, records, today=today)
    if problems:
        report.warnings.extend(problems)
        report.graph.graph["warnings"] = list(report.graph.graph.get("warnings") or []) + problems
    return report
