"""A big org chart that opens collapsed: who is shown, head counts, what a click expands.

A map of thousands of people opens at its top levels (as many levels as fit
:data:`OPEN_BUDGET` people); every person whose team is hidden carries a badge with the
number of people under them, and a click on the badge opens (or closes) that team. A
search opens the chain of managers down to every match, so the matches are on the chart.
Pure functions of the map; the callbacks keep the set of opened people in a
``dcc.Store`` (``{"map_id", "open": [...]}``).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from influence.vocabulary import REPORTING

__all__ = ["OPEN_BUDGET", "FOLD_PREFIX", "Hierarchy", "hierarchy", "reporting_children", "team_sizes",
           "default_open", "shown_people", "open_to", "toggle", "fold_elements"]

OPEN_BUDGET = 120
"""Most people a collapsed chart shows when it opens (whole levels, at least the top two)."""

FOLD_PREFIX = "fold::"
"""Id prefix of the head-count badge nodes (a tap on one opens or closes the team)."""


class Hierarchy:
    """The reporting chart of a map, read once: roots, direct reports, managers, team sizes."""

    def __init__(self, G: nx.MultiDiGraph):
        self.roots, self.children = reporting_children(G)
        self.manager = {c: m for m, cs in self.children.items() for c in cs}
        self.sizes = team_sizes(G, (self.roots, self.children))


def hierarchy(G: nx.MultiDiGraph) -> Hierarchy:
    """The :class:`Hierarchy` of *G* (the service caches it per map version)."""
    return Hierarchy(G)


def reporting_children(G: nx.MultiDiGraph) -> tuple[list[str], dict[str, list[str]]]:
    """``(roots, children)``: people without a manager, and each manager's direct reports."""
    children: dict[str, list[str]] = {}
    managed = set()
    # Through the adjacency (not G.edges): a 5,000-person map is read in milliseconds.
    for person, managers in G.pred.items():
        for manager, keys in managers.items():
            if REPORTING in keys:
                children.setdefault(manager, []).append(person)
                managed.add(person)
    return [p for p in G if p not in managed], children


def team_sizes(G: nx.MultiDiGraph, tree=None) -> dict[str, int]:
    """How many people report to each person, directly or through others.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p in "abcd":
    ...     _ = add_person(G, p, p)
    >>> add_reporting_line(G, "a", "b"); add_reporting_line(G, "b", "c"); add_reporting_line(G, "a", "d")
    >>> team_sizes(G)
    {'a': 3, 'b': 1, 'c': 0, 'd': 0}
    """
    roots, children = tree or reporting_children(G)
    sizes: dict[str, int] = {}
    order, seen = list(roots), set(roots)  # breadth first: every manager before their reports
    for p in order:
        for c in children.get(p, ()):
            if c not in seen:
                seen.add(c)
                order.append(c)
    for p in reversed(order):
        sizes[p] = sum(1 + sizes.get(c, 0) for c in children.get(p, ()) if c in seen)
    return {p: sizes.get(p, 0) for p in G}


def default_open(h: Hierarchy, budget: int = OPEN_BUDGET) -> list[str]:
    """The people whose teams are open when a big chart opens: whole levels from the
    top while the chart stays within *budget* people (the top two levels at least)."""
    roots, children = h.roots, h.children
    opened: list[str] = []
    level, shown = roots, len(roots)
    depth = 0
    while level:
        below = [c for p in level for c in children.get(p, ())]
        if not below or (depth >= 1 and shown + len(below) > budget):
            break
        opened += [p for p in level if children.get(p)]
        shown += len(below)
        level, depth = below, depth + 1
    return opened


def shown_people(h: Hierarchy, opened: Iterable[str]) -> set[str]:
    """Everybody on a collapsed chart: the top people and the teams of the opened people."""
    roots, children = h.roots, h.children
    opened = set(opened)
    shown, stack = set(roots), [r for r in roots if r in opened]
    while stack:
        p = stack.pop()
        for c in children.get(p, ()):
            if c not in shown:
                shown.add(c)
                if c in opened:
                    stack.append(c)
    return shown


def open_to(h: Hierarchy, opened: Iterable[str], people: Iterable[str]) -> list[str]:
    """*opened* plus every manager above *people*, so that they are on the chart."""
    manager = h.manager
    result = list(dict.fromkeys(opened))
    have = set(result)
    for p in people:
        seen = {p}
        while p in manager and manager[p] not in seen:
            p = manager[p]
            seen.add(p)
            if p not in have:
                have.add(p)
                result.append(p)
    return result


def toggle(opened: Iterable[str], person: str) -> list[str]:
    """*opened* with *person*'s team opened, or closed when it was open."""
    opened = list(opened)
    return [p for p in opened if p != person] if person in opened else opened + [person]


def fold_elements(positions: dict, shown: set[str], opened: Iterable[str], sizes: dict[str, int]) -> list[dict]:
    """Head-count badges under the people who have a team: "+42" closed, "−" open."""
    opened = set(opened)
    badges = []
    for p in shown:
        if not sizes.get(p) or p not in positions:
            continue
        is_open = p in opened
        pos = positions[p]
        badges.append({
            "data": {"id": FOLD_PREFIX + p, "label": "−" if is_open else f"+{sizes[p]:,}", "fold": p},
            "position": {"x": pos["x"], "y": pos["y"] + 24},
            "classes": "fold " + ("fold-open" if is_open else "fold-closed"),
            "selectable": False, "grabbable": False,
        })
    return badges
