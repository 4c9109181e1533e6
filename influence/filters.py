"""Who is shown: the filters of a map view (department, attitude, influence, a person's neighbourhood).

The dashboard's map and grid, and the briefing exported from a filtered view, keep the
same people through :func:`visible_people`.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

__all__ = ["NO_DEPARTMENT", "visible_people", "neighbourhood"]

NO_DEPARTMENT = "(no department)"
"""The department filter's name for people whose department is blank."""


def _score(analysis, person: str) -> float:
    if analysis is None:
        return 0.0
    score = analysis.scores.get(person)
    return float(getattr(score, "value", score) or 0.0)


def neighbourhood(G: nx.MultiDiGraph, person: str, hops: int = 1) -> set[str]:
    """*person* and everybody within *hops* ties of them (reporting lines or relationships,
    either direction).

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p in "abc":
    ...     _ = add_person(G, p, p)
    >>> add_reporting_line(G, "a", "b"); add_reporting_line(G, "b", "c")
    >>> sorted(neighbourhood(G, "c", 1)), sorted(neighbourhood(G, "c", 2)), sorted(neighbourhood(G, "c", 0))
    (['b', 'c'], ['a', 'b', 'c'], ['c'])
    """
    seen, frontier = {person}, {person}
    for _ in range(max(0, int(hops))):
        nxt = set()
        for p in frontier:
            nxt.update(G.successors(p))
            nxt.update(G.predecessors(p))
        frontier = nxt - seen
        seen |= nxt
    return seen


def visible_people(G: nx.MultiDiGraph, analysis=None, *, departments: Iterable[str] | None = None,
                   attitudes: Iterable[str] | None = None, min_influence: float = 0,
                   focus: str | None = None, hops: int = 1) -> set[str]:
    """Who passes the filters: department, attitude, minimum influence score, focus.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The map.
    analysis : influence.analysis.Analysis, optional
        Its analysis, for the influence scores; without one *min_influence* filters nobody out.
    departments, attitudes : iterable of str, optional
        Keep these departments (:data:`NO_DEPARTMENT` for a blank one) and attitudes (a blank
        attitude is ``"unknown"``); empty or ``None`` keeps everybody.
    min_influence : float
        Keep people whose influence score (0-100) is at least this.
    focus : str, optional
        Keep only the people within *hops* ties of this person (:func:`neighbourhood`).

    Returns
    -------
    set of str
        The ids of the people shown.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p, d in [("a", "Sales"), ("b", "Sales"), ("c", "IT")]:
    ...     _ = add_person(G, p, p, department=d)
    >>> add_reporting_line(G, "a", "b")
    >>> sorted(visible_people(G, departments=["Sales"])), sorted(visible_people(G, focus="b", hops=1))
    (['a', 'b'], ['a', 'b'])
    """
    people = set(G)
    if departments:
        wanted = set(departments)
        people = {p for p in people if (G.nodes[p].get("department") or NO_DEPARTMENT) in wanted}
    if attitudes:
        wanted = set(attitudes)
        people = {p for p in people if (G.nodes[p].get("attitude") or "unknown") in wanted}
    if min_influence and analysis is not None:
        people = {p for p in people if _score(analysis, p) >= float(min_influence)}
    if focus and focus in G:
        people &= neighbourhood(G, focus, hops)
        people.add(focus)
    return people
