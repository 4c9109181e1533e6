"""Influence paths: through whom to reach a person.

A chain of influence u₀ → u₁ → … → t carries support with probability the product of
p(uᵢ→uᵢ₊₁) of the spread model (:mod:`influence.spread`); the most probable chains are the
shortest paths on the weights -log p. ``conflicts with`` ties have p = 0, so no chain ever
passes one.

Where a chain starts matters:

* from a given ``source``, the chain's probability is the product of its p (the source is
  taken as on board: "if X backs us, how likely is X to carry Y?");
* with no source, chains start from anyone we can already work through: a current ally
  (on board, factor 1) or anyone with an Owner on our side, whom the Owner must win first
  (approach succeeds with r(v), the first factor of the chain). Chains never pass through
  an ally on the way, since the chain from that ally alone is better.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .people import resolve_person  # where it lives now; importable from here as before

__all__ = ["InfluencePath", "influence_paths", "best_approach", "resolve_person"]

# Dijkstra needs strictly positive weights to treat an edge as present; a p of exactly 1
# (weight 0) is nudged by this much, far below anything a probability can show.
_TINY = 1e-12


@dataclass(frozen=True)
class InfluencePath:
    """A chain of influence: ``people`` from the first on our side to the target.

    ``probability`` is the chance the chain carries support all the way (see the module
    notes for how it starts). An empty chain with probability 0 means no chain exists.
    """

    people: list[str] = field(default_factory=list)
    probability: float = 0.0

    def to_dict(self) -> dict:
        """``{"people": [...], "probability": p}``."""
        return {"people": list(self.people), "probability": self.probability}

    def __bool__(self) -> bool:
        return bool(self.people)


def _sources(ig):
    """Index and first factor of every chain start: allies (1) and Owner-covered people (r)."""
    import numpy as np

    idx = np.flatnonzero(ig.on_board | ig.has_owner)
    factor = np.where(ig.on_board[idx], 1.0, ig.receptiveness[idx])
    keep = factor > 0
    return idx[keep], factor[keep]


def best_approach(G, targets=None, model=None) -> dict[str, InfluencePath]:
    """The most probable chain from our side (an ally or an Owner) to each of *targets*.

    One multi-source Dijkstra over the whole map (on -log p), so thousands of targets cost
    about as much as one.

    Parameters
    ----------
    G : networkx.MultiDiGraph or influence.spread.InfluenceGraph
    targets : iterable of str, optional
        Ids (or names); everyone when omitted.
    model : influence.spread.SpreadModel, optional

    Returns
    -------
    dict of str -> InfluencePath
        The chain ending at each target, starting with the ally or Owner-covered person;
        ``InfluencePath([], 0.0)`` when no chain reaches the target. An ally's chain is
        just ``[ally]`` with probability 1.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map()
    >>> for pid, att in [("a", "champion"), ("b", "neutral"), ("c", "neutral")]:
    ...     _ = add_person(G, pid, pid.upper(), attitude=att)
    >>> add_relationship(G, "a", "b", strength=1.0); add_relationship(G, "b", "c", strength=0.8)
    >>> best_approach(G, ["c"])["c"]
    InfluencePath(people=['a', 'b', 'c'], probability=0.2)
    """
    import numpy as np

    from .spread import influence_graph

    ig = influence_graph(G, model)
    n = ig.n
    wanted = np.arange(n) if targets is None else ig.indices_of(list(targets))
    if n == 0:
        return {}
    start, factor = _sources(ig)
    # Edges into allies are dropped: an ally is where a chain starts, never a step on it.
    chains = _best_chains(ig, start, factor, keep=~ig.on_board[ig.target], targets=wanted.tolist())
    return {ig.ids[t]: InfluencePath([ig.ids[i] for i in chains[t][0]], chains[t][1]) if t in chains
            else InfluencePath([], 0.0) for t in wanted.tolist()}


def _best_chains(ig, start, factor, *, keep, targets) -> dict[int, tuple[list[int], float]]:
    """The most probable chain from any of *start* to each reachable target.

    One Dijkstra from a super-source joined to each start (weight -log *factor*), over
    the ties where *keep* is true. Returns target index -> (chain of indices, start first;
    probability, the product of the factor and p along the chain); unreachable targets
    are left out.
    """
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    n = ig.n
    search = _SearchGraph(ig, start, factor, keep=keep)
    dist, pred = dijkstra(search.matrix, directed=True, indices=n, return_predecessors=True)
    into = search.probability_into(pred)
    chains = {}
    for t in targets:
        if not np.isfinite(dist[t]):
            continue
        chain, probability = [t], into[t]
        while pred[chain[-1]] != n:
            chain.append(int(pred[chain[-1]]))
            probability *= into[chain[-1]]
        chain.reverse()
        chains[t] = (chain, float(probability))
    return chains


class _SearchGraph:
    """The map as a sparse matrix of weights -log p for Dijkstra, plus a super-source.

    Node ``n`` (one past the people) is our side: it has an edge to each chain start with
    weight -log(first factor), so one search from it covers every start at once.
    """

    def __init__(self, ig, starts, factors, keep):
        import numpy as np
        from scipy.sparse import csr_matrix

        n = ig.n
        self.n = n
        self.rows = np.concatenate((ig.source[keep], np.full(len(starts), n))).astype(np.int64)
        self.cols = np.concatenate((ig.target[keep], starts)).astype(np.int64)
        self.probs = np.concatenate((ig.probs[keep], factors))
        self.weights = np.maximum(-np.log(self.probs), _TINY)
        self.matrix = csr_matrix((self.weights, (self.rows, self.cols)), shape=(n + 1, n + 1))

    def probability_into(self, pred):
        """p of the edge from ``pred[v]`` into each v (1.0 where v has no predecessor)."""
        import numpy as np

        size = self.n + 1
        into = np.ones(size)
        has = np.flatnonzero(pred >= 0)
        keys = self.rows * size + self.cols
        order = np.argsort(keys)
        at = np.searchsorted(keys[order], pred[has].astype(np.int64) * size + has)
        into[has] = self.probs[order[at]]
        return into


def _chain_probability(ig, chain, *, from_our_side: bool) -> float:
    first = chain[0]
    probability = 1.0
    if from_our_side and not ig.on_board[first]:
        probability = float(ig.receptiveness[first])
    for u, v in zip(chain, chain[1:]):
        probability *= ig.p(ig.ids[u], ig.ids[v])
    return probability


def influence_paths(G, target, source=None, k: int = 3, model=None) -> list[InfluencePath]:
    """The *k* most probable chains of influence to *target*, most probable first.

    Parameters
    ----------
    G : networkx.MultiDiGraph or influence.spread.InfluenceGraph
    target : str
        Id or name of the person to reach.
    source : str, optional
        Id or name of the person the chains start from. When omitted, chains start from
        any current ally or anyone with an Owner on our side (see the module notes).
    k : int
        How many chains at most (3).
    model : influence.spread.SpreadModel, optional

    Returns
    -------
    list of InfluencePath
        Simple chains (nobody twice) ending at *target*; empty when no chain exists.

    Raises
    ------
    PersonNotFound
        If *target* or *source* is not in the map (close names are suggested).

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map()
    >>> for pid, att in [("a", "champion"), ("b", "neutral"), ("c", "neutral")]:
    ...     _ = add_person(G, pid, pid.upper(), attitude=att)
    >>> add_relationship(G, "a", "b", strength=1.0); add_relationship(G, "b", "c", strength=0.8)
    >>> add_relationship(G, "a", "c", strength=0.2)
    >>> [(p.people, round(p.probability, 3)) for p in influence_paths(G, "c")]
    [(['a', 'b', 'c'], 0.2), (['a', 'c'], 0.1)]
    """
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    from .spread import influence_graph

    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    ig = influence_graph(G, model)
    t = ig.index[resolve_person(ig.graph, target)]
    if source is not None:
        s = ig.index[resolve_person(ig.graph, source)]
        if s == t:
            return [InfluencePath([ig.ids[t]], 1.0)]
        search = _SearchGraph(ig, np.array([s]), np.array([1.0]), keep=np.ones(ig.m, dtype=bool))
    else:
        starts, factors = _sources(ig)
        search = _SearchGraph(ig, starts, factors, keep=~ig.on_board[ig.target])
    n = ig.n
    from_us = dijkstra(search.matrix, directed=True, indices=n)
    if not np.isfinite(from_us[t]):
        return []
    to_target = dijkstra(search.matrix.T.tocsr(), directed=True, indices=t)
    through = from_us + to_target  # weight of the best chain through each person
    finite = np.isfinite(through)
    # Yen's algorithm on the whole map is slow on large maps. Every chain of weight at
    # most w only visits people whose best chain through them weighs at most w, so search
    # that part and widen it until the k-th chain found is within it.
    slack = math.log(10)
    while True:
        limit = through[t] + slack
        inside = finite & (through <= limit + 1e-9)
        chains = _simple_chains(search, inside, t, k)
        complete = inside.sum() == finite.sum()
        if complete or (len(chains) == k and chains[-1][0] <= limit + 1e-9):
            break
        slack *= 2
    paths = []
    for _, chain in chains:
        chain = chain[1:]  # drop our side, node n
        probability = _chain_probability(ig, chain, from_our_side=source is None)
        paths.append(InfluencePath([ig.ids[i] for i in chain], probability))
    # Equal-probability chains come out in Yen's order; the sort only settles float ties.
    paths.sort(key=lambda p: -p.probability)
    return paths


def _simple_chains(search, inside, t: int, k: int):
    """Up to *k* lightest simple chains from our side to *t* among people *inside*: (weight, chain)."""
    import itertools

    import networkx as nx

    n = search.n
    use = inside[search.rows] & inside[search.cols]
    H = nx.DiGraph()
    H.add_weighted_edges_from(zip(search.rows[use].tolist(), search.cols[use].tolist(), search.weights[use].tolist()))
    if n not in H or t not in H:
        return []
    chains = itertools.islice(nx.shortest_simple_paths(H, n, t, weight="weight"), k)
    return [(nx.path_weight(H, chain, "weight"), chain) for chain in chains]
