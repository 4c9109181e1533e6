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

__all__ = ["Change", "RelationshipChange", "Comparison", "compare_snapshots", "TRACKED_FIELDS"]

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
