"""Influence scores: how much sway each person has, 0 to 100, with a reason to repeat.

A score blends three components, each scaled to 0..1 before blending:

``formal``
    Formal authority. The Authority column (1-5) where given, mapped to
    ``(authority - 1) / 4``. Otherwise derived from the reporting tree as the mean of the
    *level* ``1 / (1 + levels below the top)`` and the *span of control*
    ``log(1 + people below) / log(1 + most people below anyone in the map)``. The top of a
    large tree scores 1, an individual contributor three levels down 0.125. A person with
    neither an Authority value nor a reporting line has no formal component.
``informal``
    Informal influence: weighted PageRank on the relationship ties (``conflicts with``
    excluded), run in the direction influence flows. :func:`networkx.pagerank` ranks nodes
    that *receive* links, so it runs on the reversed ties: a person who influences people
    who are themselves influential ranks high. Tie weight is the tie strength (missing =
    0.5, the model's default), the strongest tie counting where two people have several.
    PageRank is divided by the map's highest PageRank, so the most central person scores 1.
    Maps without relationship ties have no informal component.
``rating``
    The explicit Influence rating (1-5), mapped to ``(rating - 1) / 4``.

The score is ``100 * sum(w_c * c) / sum(w_c)`` over the components a person *has*, with
the default weights :data:`DEFAULT_WEIGHTS` (formal 0.35, informal 0.35, rating 0.30):
missing data neither rewards nor punishes, it leaves the weight to what is known. The
scale is absolute, not rescaled per map: 100 means authority 5, rated 5/5 and the most
central person of the map, so scores compare across everyone in one map, and a map
without a clear leader has no one near 100.

The explanation names the person's title, their authority or place in the reporting tree,
how many people they influence directly (and how many of those are *senior*: authority 4+
or, without an Authority value, the top of a tree and the managers reporting to it), and
their rating: "VP Sales; 1 level below the top; 14 people below; advises 5 people, 3 of
them senior; rated influence 4/5".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from .vocabulary import CONFLICT, REPORTING

__all__ = ["DEFAULT_WEIGHTS", "DEFAULT_STRENGTH", "Score", "influence_scores"]

DEFAULT_WEIGHTS = {"formal": 0.35, "informal": 0.35, "rating": 0.30}
"""Weights of the three components; override any of them with ``weights=``."""

DEFAULT_STRENGTH = 0.5
"""Strength of a tie recorded without one (the reference model's default)."""

_PAGERANK_ALPHA = 0.85  # the usual damping; also networkx's default


@dataclass(frozen=True)
class Score:
    """One person's influence score.

    ``value`` is 0-100 (one decimal), ``explanation`` one line a user can repeat,
    ``parts`` the components ``formal``, ``informal``, ``rating`` in 0..1 (``None`` where
    the map has no data for that component), and ``senior`` whether the person belongs to
    the leadership: authority 4 or more where the Authority column is given, otherwise the
    top of a reporting tree or a manager reporting to the top.
    """

    value: float
    explanation: str
    parts: dict = field(default_factory=dict)
    senior: bool = False

    def to_dict(self) -> dict:
        return {"value": self.value, "explanation": self.explanation, "parts": dict(self.parts),
                "senior": self.senior}


def influence_scores(G: nx.MultiDiGraph, *, weights: dict | None = None) -> dict[str, Score]:
    """Score every person's influence from 0 to 100, with a one-line explanation.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map (see :mod:`influence.graph`).
    weights : dict, optional
        Weights of ``"formal"``, ``"informal"`` and ``"rating"``; keys left out keep their
        default from :data:`DEFAULT_WEIGHTS`. Set one to 0 to ignore that component.

    Returns
    -------
    dict
        Person id -> :class:`Score`, in the map's node order.

    Raises
    ------
    ValueError
        If *weights* names an unknown component, has a negative weight, or all are 0.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line, add_relationship
    >>> G = new_map()
    >>> for pid, name in [("1", "Ann"), ("2", "Bob"), ("3", "Cy")]:
    ...     _ = add_person(G, pid, name)
    >>> add_reporting_line(G, "1", "2"); add_reporting_line(G, "1", "3")
    >>> add_relationship(G, "2", "3", "advises")
    >>> scores = influence_scores(G)
    >>> scores["1"].value > scores["2"].value > scores["3"].value
    True
    >>> scores["2"].explanation
    '1 level below the top; advises 1 person'
    """
    import numpy as np

    w = _check_weights(weights)
    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    data = G.nodes

    # One pass over the edges: the reporting tree and the strongest tie per ordered pair.
    parent = [-1] * n
    src, dst, strengths = [], [], []
    verbs: dict[int, set] = {}
    for u, neighbours in G.adj.items():
        i = index[u]
        for v, keyed in neighbours.items():
            j = index[v]
            strongest = 0.0
            for key, attrs in keyed.items():
                if key == REPORTING:
                    if parent[j] < 0:
                        parent[j] = i
                elif key != CONFLICT and i != j:
                    strongest = max(strongest, attrs.get("strength") or DEFAULT_STRENGTH)
                    verbs.setdefault(i, set()).add(key)
            if strongest:
                src.append(i)
                dst.append(j)
                strengths.append(strongest)

    depth, below = _reporting_tree(np.array(parent, dtype=np.int64))
    authority = np.array([_rating(data[p].get("authority")) for p in nodes], dtype=float)
    rating = np.array([_rating(data[p].get("influence")) for p in nodes], dtype=float)

    # Formal: the Authority column where given, else level and span from the tree.
    in_tree = depth >= 0
    most_below = max(int(below.max()), 1)
    derived = 0.5 * (1.0 / (1.0 + np.where(in_tree, depth, 0))) + 0.5 * np.log1p(below) / math.log1p(most_below)
    formal = np.where(~np.isnan(authority), (authority - 1) / 4, np.where(in_tree, derived, np.nan))

    senior = _senior(authority, depth, below)

    # Informal: PageRank on reversed ties, relative to the map's most central person.
    has_ties = bool(src)
    if has_ties:
        src, dst, strengths = np.array(src), np.array(dst), np.array(strengths, dtype=float)
        rank = _pagerank(n, dst, src, strengths)  # reversed: influenced -> influencer
        informal = rank / rank.max()
        reach = np.bincount(src, minlength=n)
        senior_reach = np.bincount(src, weights=senior[dst].astype(float), minlength=n).astype(int)
    else:
        informal = np.full(n, np.nan)
        reach = senior_reach = np.zeros(n, dtype=int)

    rated = (rating - 1) / 4
    parts = np.vstack([formal, informal, rated])  # 3 x n, NaN where missing
    weight = np.array([w["formal"], w["informal"], w["rating"]])[:, None] * ~np.isnan(parts)
    total = weight.sum(axis=0)
    blend = np.where(total > 0, (np.nan_to_num(parts) * weight).sum(axis=0) / np.where(total > 0, total, 1), 0.0)
    values = np.round(100 * blend, 1)

    # Plain lists: indexing numpy scalars one by one is slow on 100,000 people.
    columns = [values, authority, depth, below, reach, senior_reach, rating, senior, *np.round(parts, 4)]
    values, authority, depth, below, reach, senior_reach, rating, senior, formal, informal, rated = (
        column.tolist() for column in columns)
    scores = {}
    for i, person in enumerate(nodes):
        scores[person] = Score(
            value=values[i],
            explanation=_explain(data[person], authority[i], depth[i], below[i], reach[i],
                                 senior_reach[i], verbs.get(i), rating[i], has_ties=has_ties),
            parts={"formal": _known(formal[i]), "informal": _known(informal[i]), "rating": _known(rated[i])},
            senior=senior[i],
        )
    return scores


def _check_weights(weights: dict | None) -> dict:
    merged = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise ValueError(f"unknown score component(s) {sorted(unknown)}; use formal, informal, rating")
        merged.update(weights)
    if any(value < 0 for value in merged.values()) or not sum(merged.values()) > 0:
        raise ValueError(f"score weights must be >= 0 and not all 0, got {merged}")
    return merged


def _known(value: float) -> float | None:
    return None if value != value else value  # NaN is the only value unequal to itself


def _rating(value) -> float:
    """A 1-5 value as a float, NaN where missing."""
    return float("nan") if value is None else float(value)


def _reporting_tree(parent):
    """Levels below the top (-1 outside any tree) and people below, by one top-down pass.

    A breadth-first order from the top people, walked backwards, accumulates the number of
    people below each manager in linear time (``nx.descendants`` per person would be
    quadratic on a 100,000-person org chart). People on a reporting cycle without a top
    stay outside the tree.
    """
    import numpy as np

    n = len(parent)
    has_manager = parent >= 0
    children: dict[int, list[int]] = {}
    for child in np.flatnonzero(has_manager).tolist():
        children.setdefault(int(parent[child]), []).append(child)
    roots = [i for i in children if not has_manager[i]]
    depth = np.full(n, -1, dtype=np.int64)
    order = []
    for root in roots:
        depth[root] = 0
        order.append(root)
    head = 0
    while head < len(order):
        person = order[head]
        head += 1
        for child in children.get(person, ()):
            if depth[child] < 0:
                depth[child] = depth[person] + 1
                order.append(child)
    below = np.zeros(n, dtype=np.int64)
    for person in reversed(order):
        if parent[person] >= 0 and depth[parent[person]] >= 0:
            below[parent[person]] += below[person] + 1
    return depth, below


def _senior(authority, depth, below):
    """Senior people: authority 4+ or, without an Authority value, managers in the top two levels."""
    import numpy as np

    unrated = np.isnan(authority)
    return np.where(unrated, (depth >= 0) & (depth <= 1) & (below > 0), np.nan_to_num(authority) >= 4)


def _pagerank(n, src, dst, weight, *, alpha=_PAGERANK_ALPHA, tol=1e-12, max_iter=500):
    """Weighted PageRank of an edge list by power iteration on a sparse matrix.

    Same definition as :func:`networkx.pagerank` (uniform teleport, dangling nodes
    spread uniformly), without building a second graph.
    """
    import numpy as np
    import scipy.sparse as sp

    out_weight = np.bincount(src, weights=weight, minlength=n)
    # Column-stochastic transition: the walker at src moves to dst in proportion to weight.
    P = sp.csr_matrix((weight / out_weight[src], (dst, src)), shape=(n, n))
    dangling = out_weight == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = alpha * (P @ x + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - previous).sum() < n * tol:
            break
    return x


def _explain(person: dict, authority, depth, below, reach, senior_reach, verbs, rating, *, has_ties) -> str:
    parts = []
    title = person.get("title")
    if title:
        parts.append(str(title))
    if not math.isnan(authority):
        parts.append(f"authority {int(authority)}/5")
    elif depth >= 0:
        if depth == 0:
            parts.append("top of the reporting line")
        else:
            parts.append(f"{depth} level{'s' if depth != 1 else ''} below the top")
    if below:
        parts.append(f"{below} {'person' if below == 1 else 'people'} below")
    if reach:
        verb = "advises" if verbs == {"advises"} else "influences"
        people = f"{reach} {'person' if reach == 1 else 'people'}"
        parts.append(f"{verb} {people}" + (f", {senior_reach} of them senior" if senior_reach else ""))
    elif has_ties:
        parts.append("no recorded influence on others")
    if not math.isnan(rating):
        parts.append(f"rated influence {int(rating)}/5")
    return "; ".join(parts) if parts else "no authority, reporting line, ties or rating recorded"
