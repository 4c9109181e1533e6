"""Take the partner's new HR export into a map without losing what the team knows.

The partner's org chart changes every quarter: people join and leave, change managers,
titles and departments. :func:`plan_update` compares the map with a new export and
returns an :class:`UpdatePlan` saying who joined, who left, whose manager or title
changed, and the updated map, which the caller applies (as one snapshot in a workspace,
or as a new workbook: a user's own file is never changed).

What comes from where:

* **The export is the truth about the organisation**: names, titles, departments, e-mail
  addresses, reporting lines and its extra columns (Location, Hire Date, …).
* **The map is the truth about our judgements**: attitude, influence rating, authority,
  role, style, owner, notes, assessments and the relationships we recorded. They are kept
  for everyone who is still there; the export only fills in what the map left blank.
* People are matched by id, then e-mail (ignoring case), then name (ignoring case,
  spaces, accents' encoding: :func:`influence.people.normalize_name`), each used only when
  it is unambiguous on both sides. A matched person keeps the map's id, so snapshots,
  scenarios and plans still find them.
* **Leavers are archived, not deleted**: they leave the current map, their record and
  their relationships go to ``G.graph["archived_people"]`` (with the date), and every
  earlier snapshot still holds them.

Examples
--------
>>> from influence.graph import new_map, add_person, add_reporting_line, add_relationship
>>> old = new_map("Contoso")
>>> _ = add_person(old, "1", "Ada Park", title="CEO", attitude="champion", owner="Grace")
>>> _ = add_person(old, "2", "Bo Chen", title="CFO", attitude="skeptic")
>>> _ = add_person(old, "3", "Cy Diaz", title="VP Sales")
>>> add_reporting_line(old, "1", "2"); add_reporting_line(old, "1", "3")
>>> add_relationship(old, "1", "2", type="advises", strength=0.8)
>>> new = new_map("Contoso")
>>> _ = add_person(new, "1", "Ada Park", title="CEO")
>>> _ = add_person(new, "2", "Bo Chen", title="Chief Financial Officer")
>>> _ = add_person(new, "4", "Di Ek", title="VP Sales")
>>> add_reporting_line(new, "1", "2"); add_reporting_line(new, "2", "4")
>>> plan = plan_update(old, new, date="2026-12-01")
>>> plan.joiners, plan.leavers, [c.id for c in plan.title_changes], plan.kept_annotations
(['4'], ['3'], ['2'], 4)
>>> G = plan.graph
>>> G.nodes["2"]["attitude"], G.nodes["2"]["title"], G.nodes["4"]["manager"], G.has_edge("1", "2", "advises")
('skeptic', 'Chief Financial Officer', '2', True)
>>> [p["id"] for p in G.graph["archived_people"]]
['3']
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date as _date

import networkx as nx

from .graph import PERSON_FIELDS, display_name
from .people import normalize_name
from .vocabulary import REPORTING

__all__ = ["HR_FIELDS", "ANNOTATION_FIELDS", "FieldChange", "UpdatePlan", "plan_update"]

HR_FIELDS = ("name", "title", "department", "email")
"""Fields the new export decides (with the reporting lines and its extra columns)."""

ANNOTATION_FIELDS = ("attitude", "influence", "authority", "role", "style", "owner", "notes")
"""Our judgements: kept from the map; the export only fills what the map left blank."""

_BLANK = (None, "", "unknown")


@dataclass(frozen=True)
class FieldChange:
    """One person's field that the export changes: ``id`` (in the updated map), ``field``, ``old``, ``new``."""

    id: str
    name: str
    field: str
    old: object
    new: object

    def __str__(self) -> str:
        return f"{self.name}: {self.field} {self.old if self.old is not None else '(blank)'} -> " \
               f"{self.new if self.new is not None else '(blank)'}"

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "field": self.field, "old": self.old, "new": self.new}


@dataclass
class UpdatePlan:
    """What an update does (see :func:`plan_update`); nothing is applied until the caller saves ``graph``.

    Attributes
    ----------
    joiners, leavers : list of str
        Ids of the people who join (as in the updated map) and who leave (as in the map).
    manager_changes, title_changes : list of FieldChange
        New managers (``field`` ``manager``, values are names); new titles or departments.
    other_changes : list of FieldChange
        New names and e-mail addresses.
    matched_by : dict
        How many people were matched by ``id``, ``email`` and ``name``.
    kept_annotations : int
        Annotation values (attitude, owner, notes, …, and relationships) of ours carried over.
    leaver_ties : list of dict
        The relationships of leavers (``from``, ``to``, ``type``, names), archived with them.
    graph : networkx.MultiDiGraph
        The updated map.
    """

    joiners: list = field(default_factory=list)
    leavers: list = field(default_factory=list)
    manager_changes: list = field(default_factory=list)
    title_changes: list = field(default_factory=list)
    other_changes: list = field(default_factory=list)
    matched_by: dict = field(default_factory=dict)
    kept_annotations: int = 0
    leaver_ties: list = field(default_factory=list)
    graph: nx.MultiDiGraph | None = None

    @property
    def changed(self) -> bool:
        """True when applying the plan changes anything."""
        return bool(self.joiners or self.leavers or self.manager_changes or self.title_changes
                    or self.other_changes)

    def to_dict(self) -> dict:
        """The JSON of ``influence update --json``."""
        return {
            "joiners": list(self.joiners), "leavers": list(self.leavers),
            "manager_changes": [c.id for c in self.manager_changes],
            "title_changes": [c.id for c in self.title_changes],
            "kept_annotations": self.kept_annotations,
            "matched_by": dict(self.matched_by),
            "details": {
                "manager_changes": [c.to_dict() for c in self.manager_changes],
                "title_changes": [c.to_dict() for c in self.title_changes],
                "other_changes": [c.to_dict() for c in self.other_changes],
                "leaver_ties": list(self.leaver_ties),
            },
        }

    def summary(self) -> list[str]:
        """The plan in lines a user reads before applying it."""
        G = self.graph
        lines = [f"{len(self.joiners)} joiner(s), {len(self.leavers)} leaver(s), "
                 f"{len(self.manager_changes)} manager change(s), {len(self.title_changes)} title or "
                 f"department change(s); {self.kept_annotations} annotation(s) of ours kept."]
        if self.joiners:
            lines.append("Joiners: " + "; ".join(f"{display_name(G, p)} ({G.nodes[p].get('title') or 'no title'})"
                                                for p in self.joiners))
        if self.leavers:
            archived = {a["id"]: a for a in G.graph.get("archived_people", [])}
            lines.append("Leavers (archived, with their relationships): " + "; ".join(
                archived.get(p, {}).get("name") or p for p in self.leavers))
        for change in self.manager_changes + self.title_changes + self.other_changes:
            lines.append(f"  {change}")
        if self.leaver_ties:
            lines.append(f"{len(self.leaver_ties)} relationship(s) of leavers archived: " + "; ".join(
                f"{t['from_name']} -> {t['to_name']} ({t['type']})" for t in self.leaver_ties[:10])
                + (" …" if len(self.leaver_ties) > 10 else ""))
        return lines


def _unique_index(G, key) -> dict:
    index: dict = {}
    for person, data in G.nodes(data=True):
        value = key(person, data)
        if value:
            index.setdefault(value, []).append(person)
    return {k: v[0] for k, v in index.items() if len(v) == 1}


def _email(person, data):
    email = data.get("email")
    return str(email).strip().casefold() if email else None


def _name(person, data):
    return normalize_name(data.get("name") or "") or None


def _match(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> tuple[dict, dict]:
    """``new id -> old id`` for everyone matched, and how many by each key."""
    matched: dict = {}
    taken: set = set()
    counts = {"id": 0, "email": 0, "name": 0}
    for person in new:
        if person in old:
            matched[person] = person
            taken.add(person)
            counts["id"] += 1
    for kind, key in (("email", _email), ("name", _name)):
        old_index = {k: v for k, v in _unique_index(old, key).items() if v not in taken}
        new_index = _unique_index(new, key)
        for value, person in new_index.items():
            if person in matched:
                continue
            previous = old_index.get(value)
            if previous is not None and previous not in taken:
                matched[person] = previous
                taken.add(previous)
                counts[kind] += 1
    return matched, counts


def _copied(data: dict) -> dict:
    """A copy of node or edge data deep enough that the copy can change freely: values are
    scalars, the ``extra`` dict, or lists of dicts (assessments, interactions). Much
    faster than ``copy.deepcopy`` on 10,000 people."""
    out = dict(data)
    for key, value in out.items():
        if isinstance(value, dict):
            out[key] = dict(value)
        elif isinstance(value, list):
            out[key] = [dict(x) if isinstance(x, dict) else x for x in value]
    return out


def _free_id(wanted: str, used: set) -> str:
    if wanted not in used:
        return wanted
    n = 2
    while f"{wanted}-{n}" in used:
        n += 1
    return f"{wanted}-{n}"


def plan_update(current: nx.MultiDiGraph, export: nx.MultiDiGraph, *, date=None) -> UpdatePlan:
    """Compare the map *current* with a new HR *export* and build the updated map.

    Parameters
    ----------
    current : networkx.MultiDiGraph
        The map as it stands (never changed).
    export : networkx.MultiDiGraph
        The new export, as read by :func:`influence.read_map` (never changed).
    date : str or datetime.date, optional
        The date leavers are archived with (today by default).

    Returns
    -------
    UpdatePlan
    """
    when = str(date or _date.today().isoformat())
    matched, counts = _match(current, export)
    plan = UpdatePlan(matched_by=counts)
    used = set(current)
    new_id: dict = {}
    for person in export:
        if person in matched:
            new_id[person] = matched[person]
        else:
            new_id[person] = _free_id(person, used)
            used.add(new_id[person])
    G = nx.MultiDiGraph()
    G.graph.update(copy.deepcopy({k: v for k, v in current.graph.items() if k != "warnings"}))
    G.graph["warnings"] = list(export.graph.get("warnings") or [])
    if export.graph.get("source"):
        G.graph["updated_from"] = str(export.graph["source"])
    kept = 0
    for person, fresh in export.nodes(data=True):
        pid = new_id[person]
        if person in matched:
            old = current.nodes[matched[person]]
            data = _copied(old)
            for name in HR_FIELDS:
                if fresh.get(name) != old.get(name) and fresh.get(name) not in (None, ""):
                    change = FieldChange(pid, fresh.get("name") or pid, name, old.get(name), fresh.get(name))
                    (plan.title_changes if name in ("title", "department") else plan.other_changes).append(change)
                    data[name] = fresh[name]
                elif fresh.get(name) in (None, "") and name in ("title", "department") and old.get(name):
                    pass  # a blank cell in the export does not erase what we know
            for name in ANNOTATION_FIELDS:
                if old.get(name) not in _BLANK:
                    kept += 1
                elif fresh.get(name) not in _BLANK:
                    data[name] = fresh[name]
            extra = dict(old.get("extra") or {})
            extra.update({k: v for k, v in (fresh.get("extra") or {}).items() if v is not None})
            data["extra"] = extra
            for key, value in old.items():  # assessments, interactions and anything else of ours
                if key not in data:
                    data[key] = value
        else:
            data = _copied(fresh)
            plan.joiners.append(pid)
        data["manager"] = None
        G.add_node(pid, **data)
    # Reporting lines: the export's, translated to the map's ids.
    for person, fresh in export.nodes(data=True):
        manager = fresh.get("manager")
        if manager is not None and manager in new_id:
            pid, mid = new_id[person], new_id[manager]
            G.add_edge(mid, pid, key=REPORTING, type=REPORTING)
            G.nodes[pid]["manager"] = mid
    for person in export:
        pid = new_id[person]
        if person in matched:
            before = current.nodes[pid].get("manager")
            after = G.nodes[pid].get("manager")
            if before != after:
                name_of = lambda m, g: (g.nodes[m].get("name") or m) if m is not None and m in g else None
                plan.manager_changes.append(FieldChange(pid, G.nodes[pid].get("name") or pid, "manager",
                                                        name_of(before, current), name_of(after, G)))
    # Our relationships between people still there; the export's own ties added when new.
    staying = set(matched.values())
    leavers = [p for p in current if p not in staying]
    plan.leavers = leavers
    gone = set(leavers)
    for u, v, key, data in current.edges(keys=True, data=True):
        if key == REPORTING:
            continue
        if u in gone or v in gone:
            plan.leaver_ties.append({"from": u, "to": v, "type": key, "strength": data.get("strength"),
                                     "notes": data.get("notes"),
                                     "from_name": display_name(current, u), "to_name": display_name(current, v)})
            continue
        G.add_edge(u, v, key=key, **_copied(data))
        kept += 1
    for u, v, key, data in export.edges(keys=True, data=True):
        if key == REPORTING:
            continue
        a, b = new_id[u], new_id[v]
        if not G.has_edge(a, b, key):
            G.add_edge(a, b, key=key, **_copied(data))
    archived = list(copy.deepcopy(current.graph.get("archived_people") or []))
    for person in leavers:
        record = {"id": person, **_copied(current.nodes[person]),
                  "left_on": when,
                  "ties": [t for t in plan.leaver_ties if person in (t["from"], t["to"])]}
        archived.append(record)
    if archived:
        G.graph["archived_people"] = archived
    plan.kept_annotations = kept
    plan.graph = G
    return plan
