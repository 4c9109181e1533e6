"""The quarterly review: who moved between two states of a map, and which way.

"Inspect what you expect": :func:`compare_snapshots` lists people added and removed,
every change of attitude (warmer or cooler), owner (coverage), authority, influence
rating, title, department and manager, and relationships that appeared or went away.

Examples
--------
>>> from influence.graph import new_map, add_person
>>> old = new_map("Contoso")
>>> _ = add_person(old, "1", "Ada", attitude="neutral")
>>> new = old.copy()
>>> new.nodes["1"]["attitude"] = "supporter"
>>> _ = add_person(new, "2", "Bo")
>>> c = compare_snapshots(old, new)
>>> [str(m) for m in c.moved], c.added
(['Ada: attitude neutral -> supporter (warmer)'], ['2'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .graph import display_name, relationships
from .vocabulary import ATTITUDE_VALUE

__all__ = ["Change", "RelationshipChange", "Comparison", "compare_snapshots", "TRACKED_FIELDS", "AttitudeMove",
           "MOVE_CAUSES", "attitude_moves_by_cause"]

TRACKED_FIELDS = ("attitude", "owner", "authority", "influence", "role", "style", "title", "department", "manager")
"""Person attributes whose changes the review reports, most telling first."""


@dataclass(frozen=True)
class Change:
    """One person's attribute changing: ``field`` went from ``old`` to ``new``.

    ``direction`` is ``"warmer"`` / ``"cooler"`` for attitudes, ``"up"`` / ``"down"`` for
    authority and influence, ``"gained"`` / ``"lost"`` for an owner, else ``""``.
    """

    id: str
    name: str
    field: str
    old: object
    new: object
    direction: str = ""

    def __str__(self) -> str:
        way = f" ({self.direction})" if self.direction else ""
        return f"{self.name}: {self.field} {_show(self.old)} -> {_show(self.new)}{way}"


@dataclass(frozen=True)
class RelationshipChange:
    """A relationship that appeared (``"added"``) or went away (``"removed"``)."""

    source: str
    target: str
    type: str
    change: str


@dataclass
class Comparison:
    """What :func:`compare_snapshots` found; ``bool(c)`` is whether anything changed."""

    moved: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    relationships: list[RelationshipChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.moved or self.added or self.removed or self.relationships)

    def attitude_moves(self) -> list[Change]:
        """Only the attitude changes: the headline of the review."""
        return [c for c in self.moved if c.field == "attitude"]

    def to_dict(self) -> dict:
        """A JSON-able form."""
        return {
            "moved": [vars(c) for c in self.moved],
            "added": list(self.added),
            "removed": list(self.removed),
            "relationships": [vars(r) for r in self.relationships],
        }


def _show(value) -> str:
    return "(none)" if value in (None, "") else str(value)


def _direction(name: str, old, new) -> str:
    if name == "attitude":
        a, b = ATTITUDE_VALUE.get(old), ATTITUDE_VALUE.get(new)
        if a is None or b is None:
            return "now known" if a is None and b is not None else ("now unknown" if b is None and a is not None else "")
        return "warmer" if b > a else "cooler"
    if name in ("authority", "influence") and old is not None and new is not None:
        return "up" if new > old else "down"
    if name == "owner":
        if not old and new:
            return "gained"
        if old and not new:
            return "lost"
    return ""


def compare_snapshots(G_old: nx.MultiDiGraph, G_new: nx.MultiDiGraph) -> Comparison:
    """Compare two states of a map: who moved, from what to what; who came and went.

    Parameters
    ----------
    G_old, G_new : networkx.MultiDiGraph
        The earlier and the later state (e.g. two workspace snapshots).

    Returns
    -------
    Comparison
        ``moved`` in the order of :data:`TRACKED_FIELDS`, then by name; ``added`` and
        ``removed`` as ids; ``relationships`` added or removed (reporting lines are
        reported as ``manager`` changes instead).

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> old = new_map(); _ = add_person(old, "7", "Cy", owner="Dana")
    >>> new = old.copy(); new.nodes["7"]["owner"] = None
    >>> [(c.field, c.old, c.new, c.direction) for c in compare_snapshots(old, new).moved]
    [('owner', 'Dana', None, 'lost')]
    """
    result = Comparison()
    old_ids, new_ids = set(G_old), set(G_new)
    result.added = sorted(new_ids - old_ids, key=lambda p: (display_name(G_new, p).lower(), p))
    result.removed = sorted(old_ids - new_ids, key=lambda p: (display_name(G_old, p).lower(), p))
    for order, name in enumerate(TRACKED_FIELDS):
        changes = []
        for pid in old_ids & new_ids:
            old, new = G_old.nodes[pid].get(name), G_new.nodes[pid].get(name)
            if name == "attitude":
                old, new = old or "unknown", new or "unknown"
            if (old or None) != (new or None):
                changes.append(Change(pid, display_name(G_new, pid), name, old, new, _direction(name, old, new)))
        result.moved.extend(sorted(changes, key=lambda c: (c.name.lower(), c.id)))
    old_ties = {(u, v, d.get("type")) for u, v, d in relationships(G_old)}
    new_ties = {(u, v, d.get("type")) for u, v, d in relationships(G_new)}
    result.relationships = (
        [RelationshipChange(u, v, t, "added") for u, v, t in sorted(new_ties - old_ties)]
        + [RelationshipChange(u, v, t, "removed") for u, v, t in sorted(old_ties - new_ties)])
    return result


MOVE_CAUSES = ("they changed", "we changed our mind", "set directly")
"""Why a person's attitude moved between two states of a map (:func:`attitude_moves_by_cause`)."""


@dataclass(frozen=True)
class AttitudeMove:
    """A person's attitude moving from ``old`` to ``new``, and why (one of :data:`MOVE_CAUSES`).

    ``views`` are the attitude assessments that arrived between the two states (as
    :class:`influence.assessments.Assessment`), ``detail`` says in words who said what.
    """

    id: str
    name: str
    old: str
    new: str
    direction: str
    cause: str
    detail: str
    views: tuple = ()

    def __str__(self) -> str:
        return f"{self.name}: {self.old} -> {self.new} ({self.cause}: {self.detail})"


def _assessment_key(data: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in data.items()))


def attitude_moves_by_cause(G_old: nx.MultiDiGraph, G_new: nx.MultiDiGraph) -> list[AttitudeMove]:
    """Who moved between two states of a map, separating "they changed" from "we changed our mind".

    For every person whose attitude differs between *G_old* and *G_new*, the attitude
    assessments that arrived in between (:mod:`influence.assessments`) say why:

    * **they changed**: at least one new view is *news about the person*: a rater's first
      view of them, or a rater's view formed after their previous one (a later date) with
      its own evidence note (something the person said or did);
    * **we changed our mind**: every new view is a rater *revising* their own earlier
      view: the same rater, and either no new evidence or a date no later than their
      previous view's;
    * **set directly**: the attitude was changed without any new assessment (an edit of
      the attitude itself).

    Returns
    -------
    list of AttitudeMove
        By name, as :func:`compare_snapshots` orders its attitude moves.

    Examples
    --------
    >>> from datetime import date
    >>> from influence.graph import new_map, add_person
    >>> from influence.assessments import add_assessment
    >>> old = new_map(); _ = add_person(old, "1", "Ada"); _ = add_person(old, "2", "Bo")
    >>> day = date(2026, 12, 1)
    >>> _ = add_assessment(old, "2", "attitude", "skeptic", rater="Sam", date="2026-03-01", today=day)
    >>> new = old.copy()
    >>> _ = add_assessment(new, "1", "attitude", "supporter", rater="Grace", date="2026-11-20",
    ...                    evidence="asked for the roadmap", today=day)
    >>> _ = add_assessment(new, "2", "attitude", "neutral", rater="Sam", date="2026-03-01", today=day)
    >>> [(m.name, m.cause) for m in attitude_moves_by_cause(old, new)]
    [('Ada', 'they changed'), ('Bo', 'we changed our mind')]
    """
    from .assessments import assessments_of, current_views

    moves = []
    for change in compare_snapshots(G_old, G_new).attitude_moves():
        person = change.id
        before = assessments_of(G_old.nodes[person], "attitude")
        seen = {_assessment_key(a) for a in (G_old.nodes[person].get("assessments") or [])}
        arrived = [a for a, raw in zip(assessments_of(G_new.nodes[person]),
                                       G_new.nodes[person].get("assessments") or [])
                   if a.field == "attitude" and _assessment_key(raw) not in seen]
        earlier = {a.rater: a for a in current_views(before, "attitude") if a.rater}
        news, revisions = [], []
        for a in arrived:
            previous = earlier.get(a.rater) if a.rater else None
            later = previous is not None and a.date is not None and previous.date is not None \
                and a.date > previous.date
            fresh_evidence = bool(a.evidence) and (previous is None or a.evidence != previous.evidence)
            if previous is None or (later and fresh_evidence):
                news.append(a)
            else:
                revisions.append((previous, a))
        if news:
            cause = "they changed"
            detail = "; ".join(f"{a.rater or 'someone'} says {a.value}" + (f" ({a.date.isoformat()})" if a.date else "")
                               + (f": {a.evidence}" if a.evidence else "") for a in news)
        elif revisions:
            cause = "we changed our mind"
            detail = "; ".join(f"{a.rater} revised {p.value} to {a.value}" for p, a in revisions)
        else:
            cause, detail = "set directly", "the attitude was edited without a new assessment"
        moves.append(AttitudeMove(person, change.name, change.old, change.new, change.direction, cause, detail,
                                  tuple(arrived)))
    return moves
