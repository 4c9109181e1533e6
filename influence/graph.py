"""The influence-map graph: how people, reporting lines and relationships are stored.

An influence map is a :class:`networkx.MultiDiGraph`:

* **node** key: the person's id as text. Attributes: ``name``, ``title``, ``department``,
  ``email``, ``authority`` (1-5 or ``None``), ``role``, ``influence`` (the explicit 1-5
  rating or ``None``), ``attitude`` (a label of :data:`influence.vocabulary.ATTITUDES`),
  ``style``, ``owner`` (who on our side holds the relationship, or ``None``), ``notes``,
  ``manager`` (the manager's id or ``None``), and any extra spreadsheet column under
  ``extra`` (a dict of column header -> value).
* **reporting line**: edge ``manager -> report`` with key and ``type`` equal to
  :data:`~influence.vocabulary.REPORTING` (``"reports to"``).
* **relationship**: edge ``influencer -> influenced`` with key and ``type`` one of
  :data:`~influence.vocabulary.RELATIONSHIP_TYPES`; ``strength`` in (0, 1] or ``None``;
  ``notes``. ``conflicts with`` is a relationship that never carries support.

Graph attributes: ``name`` (the partner's name, shown in titles), ``source`` (the file
read), ``warnings`` (the importer's :class:`~influence.errors.Problem` list).

Building maps through these helpers keeps every producer (importer, tests, dashboard
edits) on one schema.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from .vocabulary import CONFLICT, REPORTING, RELATIONSHIP_TYPES

__all__ = [
    "PERSON_FIELDS",
    "new_map",
    "add_person",
    "add_reporting_line",
    "add_relationship",
    "add_people",
    "add_reporting_lines",
    "reporting_lines",
    "relationships",
    "manager_of",
    "display_name",
]

PERSON_FIELDS = (
    "name", "title", "department", "email", "authority", "role", "influence",
    "attitude", "style", "owner", "notes",
)
"""Person attributes every node carries (``None`` where the sheet had nothing)."""


def new_map(name: str = "Influence map", **graph_attrs) -> nx.MultiDiGraph:
    """An empty influence map called *name*.

    Examples
    --------
    >>> G = new_map("Contoso")
    >>> G.graph["name"], G.number_of_nodes()
    ('Contoso', 0)
    """
    G = nx.MultiDiGraph(name=name, warnings=[], **graph_attrs)
    return G


def add_person(G: nx.MultiDiGraph, person_id, name: str, *, attitude: str = "unknown",
               extra: dict | None = None, **fields) -> str:
    """Add (or update) a person; returns the node key (the id as text)."""
    unknown = set(fields) - set(PERSON_FIELDS) - {"manager"}
    if unknown:
        raise TypeError(f"add_person() got unknown field(s) {sorted(unknown)}; put them in extra=")
    key = str(person_id)
    attrs = {f: None for f in PERSON_FIELDS}
    attrs.update(name=name, attitude=attitude, manager=None, extra=dict(extra or {}))
    attrs.update(fields)
    G.add_node(key, **attrs)
    return key


def add_reporting_line(G: nx.MultiDiGraph, manager, report) -> None:
    """Record that *report* reports to *manager* (edge manager -> report)."""
    manager, report = str(manager), str(report)
    G.add_edge(manager, report, key=REPORTING, type=REPORTING, strength=None, notes=None)
    G.nodes[report]["manager"] = manager


def add_relationship(G: nx.MultiDiGraph, source, target, type: str = "influences",
                     strength: float | None = None, notes: str | None = None) -> None:
    """Record that *source* influences *target* through a relationship of *type*."""
    if type not in RELATIONSHIP_TYPES:
        raise ValueError(f"unknown relationship type {type!r}; use one of {RELATIONSHIP_TYPES}")
    if strength is not None and not 0 < strength <= 1:
        raise ValueError(f"strength must be in (0, 1], got {strength!r}")
    G.add_edge(str(source), str(target), key=type, type=type, strength=strength, notes=notes)


def add_people(G: nx.MultiDiGraph, people) -> None:
    """Add many people at once: the bulk form of :func:`add_person`, same schema.

    *people* is an iterable of ``(person_id, attrs)``; *attrs* holds ``name`` and any of
    :data:`PERSON_FIELDS`, ``manager`` and ``extra``. Used by the importer for large exports.

    Examples
    --------
    >>> G = new_map()
    >>> add_people(G, [(1, {"name": "Ada", "attitude": "champion"}), (2, {"name": "Bob"})])
    >>> G.nodes["2"]["attitude"], G.nodes["1"]["extra"]
    ('unknown', {})
    """
    allowed = frozenset({*PERSON_FIELDS, "manager", "extra"})
    blank = {f: None for f in PERSON_FIELDS}
    blank.update(attitude="unknown", manager=None, extra=None)

    def nodes():
        for person_id, attrs in people:
            if attrs.keys() != allowed:  # a complete record (the importer's) skips the merge
                unknown = attrs.keys() - allowed
                if unknown:
                    raise TypeError(f"add_people() got unknown field(s) {sorted(unknown)}; put them in extra")
                attrs = {**blank, **attrs}
            yield str(person_id), {**attrs, "extra": dict(attrs["extra"] or {})}

    G.add_nodes_from(nodes())


def add_reporting_lines(G: nx.MultiDiGraph, lines) -> None:
    """Record many ``(manager, report)`` pairs at once: the bulk :func:`add_reporting_line`.

    Examples
    --------
    >>> G = new_map()
    >>> add_people(G, [("a", {"name": "Ada"}), ("b", {"name": "Bob"})])
    >>> add_reporting_lines(G, [("a", "b")])
    >>> list(reporting_lines(G)), G.nodes["b"]["manager"]
    ([('a', 'b')], 'a')
    """
    # One add_edge per line: on a MultiDiGraph this is faster than add_edges_from, which
    # looks each new edge up again through the graph's views to set its attributes.
    add_edge, nodes = G.add_edge, G._node  # _node: the dict behind G.nodes
    for manager, report in lines:
        manager, report = str(manager), str(report)
        add_edge(manager, report, key=REPORTING, type=REPORTING, strength=None, notes=None)
        nodes[report]["manager"] = manager


def reporting_lines(G: nx.MultiDiGraph) -> Iterator[tuple[str, str]]:
    """Yield ``(manager, report)`` pairs."""
    for u, v, key in G.edges(keys=True):
        if key == REPORTING:
            yield u, v


def relationships(G: nx.MultiDiGraph, *, include_conflicts: bool = True) -> Iterator[tuple[str, str, dict]]:
    """Yield ``(source, target, data)`` for every relationship edge (not reporting lines)."""
    for u, v, key, data in G.edges(keys=True, data=True):
        if key == REPORTING or (key == CONFLICT and not include_conflicts):
            continue
        yield u, v, data


def manager_of(G: nx.MultiDiGraph, person: str) -> str | None:
    """The manager's id, or ``None`` for a top person."""
    return G.nodes[person].get("manager")


def display_name(G: nx.MultiDiGraph, person: str) -> str:
    """The person's name, falling back to the id."""
    return G.nodes[person].get("name") or str(person)
