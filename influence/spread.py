"""The reference model of support spreading (DOMAIN.md), and expected support under it.

The model, with its defaults (every one a field of :class:`SpreadModel`):

* **Tie strength** s(u→v) of a relationship: its ``strength`` in (0, 1] (the importer maps
  1-5 to n/5 and weak / medium / strong to 0.2 / 0.5 / 0.8), or ``default_strength`` (0.5)
  when missing. Several relationship types from u to v count once, at the strongest.
* **Reporting lines**: where a manager and a report have no explicit relationship between
  the two (in either direction), the line gives manager→report ``manager_to_report`` (0.6)
  and report→manager ``report_to_manager`` (0.3).
* ``conflicts with`` ties never carry support. A conflict between a manager and a report is
  an explicit relationship between the two, so it also silences their reporting default.
* **Receptiveness** r(v) from attitude: champion 1.0, supporter 0.8, neutral 0.5,
  unknown 0.5, skeptic 0.25, opponent 0.05.
* **Spread** is the Independent Cascade: the ``on_board_attitudes`` (champions and
  supporters) start on board; each person who comes on board has one chance to bring each
  person v they influence on board, with probability p(u→v) = s(u→v) · r(v).
* **Winning someone over**: approaching a person not yet on board succeeds with
  probability r(v); success puts them on board and they spread as above.
* **Expected support** σ(S): the expected number of people on board when the cascade ends,
  after approaching the set S.

:func:`influence_graph` turns an influence map into the probabilities p(u→v) (a compact
:class:`InfluenceGraph`: numpy CSR arrays for the fast algorithms and a NetworkX view for
small uses); :func:`expected_support` estimates σ(S) by Monte Carlo and
:func:`exact_expected_support` computes it exactly on tiny maps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from .errors import InfluenceError
from .vocabulary import ATTITUDES, CONFLICT, REPORTING, UnknownValue, parse_attitude, parse_strength

if TYPE_CHECKING:  # numpy and networkx stay out of `import influence`
    import networkx as nx
    import numpy as np

__all__ = [
    "DEFAULT_RECEPTIVENESS",
    "SpreadModel",
    "InfluenceGraph",
    "SupportEstimate",
    "influence_graph",
    "expected_support",
    "default_simulations",
    "exact_expected_support",
]

DEFAULT_RECEPTIVENESS = MappingProxyType({
    "champion": 1.0, "supporter": 0.8, "neutral": 0.5, "unknown": 0.5, "skeptic": 0.25, "opponent": 0.05,
})
"""r(v) by attitude, as in DOMAIN.md."""

# Largest number of uncertain coin flips exact_expected_support enumerates (2**20 worlds).
MAX_EXACT_UNCERTAIN = 20

# Monte Carlo works on batches of simulations with one "on board" flag per (simulation,
# person); about this many per batch keeps the working set in the processor's cache
# (measured: larger batches are slower, not faster) and memory at a few MB.
_FLAGS_PER_BATCH = 1 << 20


@dataclass(frozen=True)
class SpreadModel:
    """The parameters of the support-spread model; defaults are DOMAIN.md's.

    Parameters
    ----------
    default_strength : float
        Tie strength s(u→v) of a relationship whose strength is missing (0.5).
    manager_to_report : float
        s(manager→report) of a reporting line with no explicit relationship between the
        two (0.6).
    report_to_manager : float
        s(report→manager) of such a reporting line (0.3).
    receptiveness : mapping of attitude -> float
        r(v), the chance that an approach or a single influence attempt wins person v over,
        by attitude. A partial mapping overrides only the attitudes it names.
    on_board_attitudes : tuple of str
        Attitudes that start on board (champions and supporters).

    ``conflicts with`` ties never carry support; that is a rule, not a parameter.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or an attitude is not one of
        :data:`influence.vocabulary.ATTITUDES`.

    Examples
    --------
    >>> SpreadModel().receptiveness["skeptic"]
    0.25
    >>> cautious = SpreadModel(receptiveness={"neutral": 0.3})
    >>> cautious.receptiveness["neutral"], cautious.receptiveness["champion"]
    (0.3, 1.0)
    """

    default_strength: float = 0.5
    manager_to_report: float = 0.6
    report_to_manager: float = 0.3
    receptiveness: "MappingProxyType[str, float]" = field(default_factory=lambda: DEFAULT_RECEPTIVENESS)
    on_board_attitudes: tuple[str, ...] = ("champion", "supporter")

    def __post_init__(self):
        for name in ("default_strength", "manager_to_report", "report_to_manager"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
        unknown = set(self.receptiveness) - set(ATTITUDES)
        if unknown:
            raise ValueError(f"receptiveness names unknown attitude(s) {sorted(unknown)}; use {ATTITUDES}")
        merged = dict(DEFAULT_RECEPTIVENESS)
        merged.update({a: float(v) for a, v in self.receptiveness.items()})
        for attitude, value in merged.items():
            if not 0 <= value <= 1:
                raise ValueError(f"receptiveness[{attitude!r}] must be in [0, 1], got {value!r}")
        object.__setattr__(self, "receptiveness", MappingProxyType(merged))
        on_board = tuple(self.on_board_attitudes)
        if set(on_board) - set(ATTITUDES):
            raise ValueError(f"on_board_attitudes must be among {ATTITUDES}, got {on_board}")
        object.__setattr__(self, "on_board_attitudes", on_board)

    def __hash__(self):
        return hash((self.default_strength, self.manager_to_report, self.report_to_manager,
                     tuple(sorted(self.receptiveness.items())), self.on_board_attitudes))

    def replace(self, **changes) -> "SpreadModel":
        """A copy with some parameters changed, e.g. ``model.replace(default_strength=0.4)``."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """The parameters as plain JSON-ready values.

        Examples
        --------
        >>> SpreadModel.from_dict(SpreadModel().to_dict()) == SpreadModel()
        True
        """
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["receptiveness"] = dict(self.receptiveness)
        data["on_board_attitudes"] = list(self.on_board_attitudes)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "SpreadModel":
        """Rebuild a model from :meth:`to_dict` output (missing keys take the defaults)."""
        known = {f.name for f in fields(cls)}
        extra = set(data) - known
        if extra:
            raise ValueError(f"unknown spread model parameter(s) {sorted(extra)}; use {sorted(known)}")
        kwargs = dict(data)
        if "on_board_attitudes" in kwargs:
            kwargs["on_board_attitudes"] = tuple(kwargs["on_board_attitudes"])
        return cls(**kwargs)

    def receptiveness_of(self, attitude) -> float:
        """r(v) for an attitude label (anything unparsable counts as ``unknown``)."""
        return self.receptiveness[_attitude(attitude)]


def _attitude(value) -> str:
    if value in DEFAULT_RECEPTIVENESS:
        return value
    try:
        return parse_attitude(value)
    except UnknownValue:
        return "unknown"


def _strength(value, default: float) -> float:
    """A stored strength as a float in (0, 1]; ``None`` (or junk) gives *default*."""
    if value is None:
        return default
    if isinstance(value, float) and 0 < value <= 1:
        return value
    try:  # a map built by hand may hold 1-5 or a word; read it as the importer would
        parsed = parse_strength(value)
    except UnknownValue:
        return default
    return default if parsed is None else parsed


class InfluenceGraph:
    """The probabilities p(u→v) of a map under a :class:`SpreadModel`, in numpy arrays.

    Built by :func:`influence_graph`. People are numbered ``0 .. n-1`` in the map's node
    order; edges (only those with p > 0) are sorted by source then target, so
    ``indptr``/``indices``/``probs`` is the CSR of the out-edges.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The influence map it was built from.
    model : SpreadModel
    ids : list of str
        Person id of each index.
    index : dict of str -> int
    receptiveness : ndarray of float64, shape (n,)
        r(v) per person.
    on_board : ndarray of bool, shape (n,)
        Who starts on board (the allies).
    has_owner : ndarray of bool, shape (n,)
        Who has an Owner on our side.
    source, target : ndarray of int32, shape (m,)
    strength, probs : ndarray of float64, shape (m,)
        s(u→v) and p(u→v) = s(u→v) · r(v) per edge.
    indptr : ndarray of int64, shape (n + 1,)
        Out-edges of person i are ``target[indptr[i]:indptr[i+1]]`` (``indices`` is an
        alias of ``target``).
    """

    def __init__(self, graph, model, ids, receptiveness, on_board, has_owner, source, target, strength, probs):
        import numpy as np

        self.graph = graph
        self.model = model
        self.ids = ids
        self.index = {pid: i for i, pid in enumerate(ids)}
        self.receptiveness = receptiveness
        self.on_board = on_board
        self.has_owner = has_owner
        self.source = source
        self.target = target
        self.strength = strength
        self.probs = probs
        counts = np.bincount(source, minlength=len(ids))
        self.indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    @property
    def n(self) -> int:
        """Number of people."""
        return len(self.ids)

    @property
    def m(self) -> int:
        """Number of edges that can carry support (p > 0)."""
        return int(self.source.size)

    @property
    def indices(self) -> "np.ndarray":
        """CSR column indices (targets of the out-edges)."""
        return self.target

    @cached_property
    def reverse(self) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        """CSR of the in-edges: ``(indptr, sources, probs)``; in-edges of v are at ``indptr[v]:indptr[v+1]``."""
        import numpy as np

        order = np.argsort(self.target, kind="stable")
        counts = np.bincount(self.target, minlength=self.n)
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return indptr, self.source[order], self.probs[order]

    @cached_property
    def out_degree(self) -> "np.ndarray":
        """Number of people each person can influence directly (p > 0)."""
        return (self.indptr[1:] - self.indptr[:-1]).astype(int)

    def p(self, u: str, v: str) -> float:
        """p(u→v), 0.0 where u cannot bring v on board directly.

        Examples
        --------
        >>> from influence.graph import new_map, add_person, add_reporting_line
        >>> G = new_map(); _ = add_person(G, "a", "Ann"); _ = add_person(G, "b", "Bo", attitude="neutral")
        >>> add_reporting_line(G, "a", "b")
        >>> influence_graph(G).p("a", "b")  # 0.6 (manager to report) x 0.5 (neutral)
        0.3
        """
        import numpy as np

        i, j = self.index[str(u)], self.index[str(v)]
        lo, hi = self.indptr[i], self.indptr[i + 1]
        pos = lo + int(np.searchsorted(self.target[lo:hi], j))
        return float(self.probs[pos]) if pos < hi and self.target[pos] == j else 0.0

    def to_networkx(self) -> "nx.DiGraph":
        """A :class:`networkx.DiGraph` of the same people with edge attributes ``p`` and ``s``."""
        import networkx as nx

        H = nx.DiGraph(name=self.graph.graph.get("name"))
        H.add_nodes_from(self.ids)
        ids = self.ids
        H.add_edges_from(
            (ids[u], ids[v], {"p": p, "s": s})
            for u, v, p, s in zip(self.source.tolist(), self.target.tolist(), self.probs.tolist(), self.strength.tolist())
        )
        return H

    def indices_of(self, people) -> "np.ndarray":
        """Indices of *people* (ids or names, resolved like :func:`influence.paths.resolve_person`)."""
        import numpy as np

        from .paths import resolve_person

        out = []
        for person in people:
            key = str(person)
            out.append(self.index[key] if key in self.index else self.index[resolve_person(self.graph, person)])
        return np.asarray(out, dtype=np.int64)

    def __repr__(self) -> str:
        return f"<InfluenceGraph: {self.n} people, {self.m} ties that carry support, {int(self.on_board.sum())} on board>"


def influence_graph(G, model: SpreadModel | None = None) -> InfluenceGraph:
    """The probabilities p(u→v) = s(u→v) · r(v) of an influence map under *model*.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map (see :mod:`influence.graph`). An :class:`InfluenceGraph` is
        returned as is when its model matches.
    model : SpreadModel, optional
        Defaults to ``SpreadModel()`` (DOMAIN.md).

    Returns
    -------
    InfluenceGraph

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line, add_relationship
    >>> G = new_map()
    >>> for pid, att in [("ceo", "champion"), ("vp", "neutral"), ("cfo", "skeptic")]:
    ...     _ = add_person(G, pid, pid.upper(), attitude=att)
    >>> add_reporting_line(G, "ceo", "vp"); add_reporting_line(G, "ceo", "cfo")
    >>> add_relationship(G, "vp", "cfo", "advises", strength=0.8)
    >>> add_relationship(G, "cfo", "ceo", "conflicts with")
    >>> ig = influence_graph(G)
    >>> ig.p("ceo", "vp"), ig.p("vp", "ceo"), ig.p("vp", "cfo"), ig.p("cfo", "ceo"), ig.p("ceo", "cfo")
    (0.3, 0.3, 0.2, 0.0, 0.0)
    """
    import numpy as np

    if isinstance(G, InfluenceGraph):
        if model is None or model == G.model:
            return G
        G = G.graph
    model = model or SpreadModel()
    ids = [str(v) for v in G.nodes]
    index = {v: i for i, v in enumerate(G.nodes)}
    n = len(ids)
    attitudes = [_attitude(data.get("attitude")) for _, data in G.nodes(data=True)]
    r_of = model.receptiveness
    receptiveness = np.fromiter((r_of[a] for a in attitudes), dtype=np.float64, count=n)
    on_board_set = set(model.on_board_attitudes)
    on_board = np.fromiter((a in on_board_set for a in attitudes), dtype=bool, count=n)
    has_owner = np.fromiter((_has_value(owner) for _, owner in G.nodes(data="owner")), dtype=bool, count=n)

    # One pass over the edges in Python (unavoidable with NetworkX storage), then numpy.
    # The adjacency dicts are read directly: 2-3x faster than the G.edges() view on 100k people.
    adjacency = G._adj if isinstance(getattr(G, "_adj", None), dict) else G.adj
    code = {REPORTING: 1, CONFLICT: 2}
    src, dst, kind, raw = [], [], [], []
    for u, targets in adjacency.items():
        iu = index[u]
        for v, keyed in targets.items():
            if u == v:
                continue
            iv = index[v]
            for key, data in keyed.items():
                src.append(iu)
                dst.append(iv)
                kind.append(code.get(data.get("type", key), 0))
                raw.append(data.get("strength"))
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    kind = np.asarray(kind, dtype=np.int8)
    default = model.default_strength
    strength = np.fromiter(
        (x if isinstance(x, float) and 0 < x <= 1 else _strength(x, default) for x in raw),
        dtype=np.float64, count=len(raw))

    explicit = kind != 1
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    pair = lo * n + hi  # unordered pair id
    explicit_pairs = np.unique(pair[explicit])
    reporting = (kind == 1) & ~np.isin(pair, explicit_pairs)
    supportive = kind == 0
    managers, reports = src[reporting], dst[reporting]
    all_src = np.concatenate((src[supportive], managers, reports))
    all_dst = np.concatenate((dst[supportive], reports, managers))
    all_s = np.concatenate((
        strength[supportive],
        np.full(managers.size, model.manager_to_report),
        np.full(reports.size, model.report_to_manager),
    ))

    # Several ties between the same ordered pair count once, at the strongest.
    directed = all_src * n + all_dst
    order = np.lexsort((-all_s, directed))
    directed, all_s = directed[order], all_s[order]
    first = np.ones(directed.size, dtype=bool)
    first[1:] = directed[1:] != directed[:-1]
    directed, all_s = directed[first], all_s[first]
    source = (directed // n).astype(np.int32)
    target = (directed % n).astype(np.int32)
    probs = all_s * receptiveness[target]
    carry = probs > 0
    return InfluenceGraph(G, model, ids, receptiveness, on_board, has_owner,
                          source[carry], target[carry], all_s[carry], probs[carry])


def _has_value(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return str(value).strip() != ""


@dataclass(frozen=True)
class SupportEstimate:
    """Expected number of people on board, with its Monte-Carlo standard error.

    Examples
    --------
    >>> str(SupportEstimate(41.25, 0.31, 1000))
    '41.2 ± 0.3 people'
    """

    mean: float
    stderr: float
    simulations: int

    def to_dict(self) -> dict:
        """``{"mean": ..., "stderr": ..., "simulations": ...}``."""
        return {"mean": self.mean, "stderr": self.stderr, "simulations": self.simulations}

    def __str__(self) -> str:
        return f"{self.mean:.1f} ± {self.stderr:.1f} people"


def _gather(indptr, nodes):
    """For each entry of *nodes*, the CSR positions of its edges.

    Returns ``(degree, pos)``: the first ``degree[0]`` positions of *pos* are the edges of
    ``nodes[0]``, and so on (so ``np.repeat(x, degree)`` lines anything per node up with
    its edges). Fully vectorised: the inner step of every breadth-first search here.
    """
    import numpy as np

    starts = indptr[nodes]
    degree = indptr[nodes + 1] - starts
    offsets = np.cumsum(degree) - degree
    pos = np.arange(int(offsets[-1] + degree[-1]) if degree.size else 0, dtype=np.int64)
    pos += np.repeat(starts - offsets, degree)
    return degree, pos


def _one_of_each(keys, stamp):
    """*keys* with one copy of each value, using *stamp*, an int32 scratch array indexed by key.

    Two scattered passes instead of a sort or a hash table: the fastest way numpy has to
    drop duplicates when the keys index a preallocated array. Whichever copy's number the
    scatter leaves in ``stamp[key]``, exactly that copy is kept.
    """
    import numpy as np

    order = np.arange(keys.size, dtype=np.int32)
    stamp[keys] = order
    return keys[stamp[keys] == order]


def _approached_indices(ig: InfluenceGraph, approached) -> "np.ndarray":
    import numpy as np

    if isinstance(approached, (str, int)):
        approached = [approached]
    idx = np.unique(ig.indices_of(list(approached)))
    return idx[~ig.on_board[idx]]


def _world_uniforms(keys: "np.ndarray", salt: int) -> "np.ndarray":
    """Uniform draws in [0, 1) that depend only on (*salt*, key): a counter-based generator.

    Keying every coin of a simulation by what it decides (tie, or approach of a person)
    instead of by the order it is drawn in makes two calls with the same seed share their
    worlds (common random numbers): the support with and without an extra person approached
    then differs only where that person changes the outcome, so a what-if's gain is not
    lost in sampling noise, and it is never negative. SplitMix64 finaliser, vectorised.
    """
    import numpy as np

    z = keys.astype(np.uint64) + np.uint64(salt)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)


def _cascade_sizes(ig: InfluenceGraph, approached_idx, simulations: int, rng) -> "np.ndarray":
    """Number of people on board at the end of each of *simulations* independent cascades.

    Simulations run in batches; person v of simulation j of a batch is key ``j × n + v``.
    Each tie is tried at most once per simulation (when its source comes on board), which is
    the Independent Cascade exactly. Coins come from :func:`_world_uniforms`, keyed by
    (simulation, tie) and (simulation, person), with one salt drawn from *rng*.
    """
    import numpy as np

    n = ig.n
    sizes = np.zeros(simulations, dtype=np.int64)
    if n == 0:
        return sizes
    probs = ig.probs.astype(np.float32)
    target = ig.target.astype(np.int64)
    m = np.int64(probs.size)
    coins_per_world = np.int64(n) + m  # one approach coin per person, one coin per tie
    salt = int(rng.integers(0, 2**63, dtype=np.int64)) * 0x9E3779B97F4A7C15 % 2**64
    r_approached = ig.receptiveness[approached_idx].astype(np.float32)
    allies = np.flatnonzero(ig.on_board).astype(np.int64)
    batch = max(1, min(simulations, _FLAGS_PER_BATCH // n))
    on = np.zeros(batch * n, dtype=bool)
    stamp = np.zeros(batch * n, dtype=np.int32)
    for start in range(0, simulations, batch):
        b = min(batch, simulations - start)
        world = np.arange(start, start + b, dtype=np.int64)[:, None]
        base = np.arange(b, dtype=np.int64)[:, None] * n
        won = _world_uniforms(world * coins_per_world + approached_idx, salt) < r_approached
        frontier = np.concatenate(((base + allies).ravel(), (base + approached_idx)[won]))
        on[frontier] = True
        reached = [frontier]
        while frontier.size:
            sim = frontier // n
            degree, pos = _gather(ig.indptr, frontier - sim * n)
            sim_of_tie = np.repeat(sim, degree)
            coin = _world_uniforms((sim_of_tie + start) * coins_per_world + n + pos, salt)
            live = coin < probs[pos]
            nxt = sim_of_tie[live] * n + target[pos[live]]
            nxt = _one_of_each(nxt[~on[nxt]], stamp)
            on[nxt] = True
            reached.append(nxt)
            frontier = nxt
        reached = np.concatenate(reached)
        sizes[start:start + b] = np.bincount(reached // n, minlength=b)
        on[reached] = False
    return sizes


def default_simulations(people: int) -> int:
    """Monte-Carlo simulations :func:`expected_support` runs by default on a map of *people*.

    1,000 up to 10,000 people; fewer above (10 million person-simulations, at least 200),
    where the standard error is already a tiny share of the total and each simulation
    costs in proportion to the map.

    Examples
    --------
    >>> default_simulations(60), default_simulations(10_000), default_simulations(100_000)
    (1000, 1000, 200)
    """
    return 1000 if people <= 10_000 else max(200, 10_000_000 // people)


def expected_support(G, approached=(), *, model: SpreadModel | None = None, simulations: int | None = None,
                     seed: int | None = 0) -> SupportEstimate:
    """Expected number of people on board after approaching *approached*, by Monte Carlo.

    Each simulation runs the Independent Cascade of the model: allies start on board, each
    approached person not yet on board comes on board with probability r(v), then everyone
    on board gets one chance per person they influence. Simulations are run in vectorised
    batches; the same *seed* gives the same estimate.

    Parameters
    ----------
    G : networkx.MultiDiGraph or InfluenceGraph
    approached : iterable of str
        Ids (or names) of the people approached; empty for support as it stands.
    model : SpreadModel, optional
    simulations : int, optional
        Number of independent cascades: 1,000 by default, fewer on maps above 10,000
        people (see :func:`default_simulations`). The standard error falls as
        1/sqrt(simulations).
    seed : int or None
        Seed of the random numbers (``None`` for fresh randomness).

    Returns
    -------
    SupportEstimate
        ``mean``, ``stderr`` (standard error of the mean) and ``simulations``.

    Raises
    ------
    PersonNotFound
        If someone in *approached* is not in the map.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map(); _ = add_person(G, "a", "Ann", attitude="champion")
    >>> _ = add_person(G, "b", "Bo", attitude="neutral"); add_relationship(G, "a", "b", strength=1.0)
    >>> est = expected_support(G, simulations=4000, seed=1)
    >>> abs(est.mean - 1.5) < 4 * est.stderr   # exactly 1 + 1.0 * 0.5
    True
    """
    import numpy as np

    ig = influence_graph(G, model)
    if simulations is None:
        simulations = default_simulations(ig.n)
    if simulations < 1:
        raise ValueError(f"simulations must be at least 1, got {simulations!r}")
    approached_idx = _approached_indices(ig, approached)
    sizes = _cascade_sizes(ig, approached_idx, int(simulations), np.random.default_rng(seed))
    mean = float(sizes.mean()) if sizes.size else 0.0
    stderr = float(sizes.std(ddof=1) / math.sqrt(sizes.size)) if sizes.size > 1 else 0.0
    return SupportEstimate(mean, stderr, int(simulations))


def exact_expected_support(G, approached=(), model: SpreadModel | None = None) -> float:
    """Exact expected support on a tiny map, by enumerating every outcome.

    Enumerates all live-edge worlds (each tie that could matter is live with probability
    p(u→v)) together with every approach outcome (success with probability r(v)), and
    weighs the number on board in each world by its probability. Used to validate
    :func:`expected_support`.

    Parameters
    ----------
    G : networkx.MultiDiGraph or InfluenceGraph
    approached : iterable of str
    model : SpreadModel, optional

    Returns
    -------
    float

    Raises
    ------
    InfluenceError
        If more than 20 uncertain coin flips (ties with 0 < p < 1 that could be used, plus
        approaches with 0 < r < 1) would have to be enumerated.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map(); _ = add_person(G, "a", "Ann", attitude="champion")
    >>> _ = add_person(G, "b", "Bo", attitude="neutral"); _ = add_person(G, "c", "Cy", attitude="skeptic")
    >>> add_relationship(G, "a", "b", strength=1.0)
    >>> exact_expected_support(G, approached=["c"])   # 1 + 0.5 + 0.25
    1.75
    """
    import numpy as np

    ig = influence_graph(G, model)
    n = ig.n
    approached_idx = _approached_indices(ig, approached)
    # Only ties out of someone who could come on board, into someone not already on board,
    # can change the outcome.
    possible = ig.on_board.copy()
    possible[approached_idx] = True
    frontier = np.flatnonzero(possible)
    while frontier.size:
        _, pos = _gather(ig.indptr, frontier)
        nxt = np.unique(ig.target[pos])
        frontier = nxt[~possible[nxt]]
        possible[frontier] = True
    useful = possible[ig.source] & ~ig.on_board[ig.target]
    e_src, e_dst, e_p = ig.source[useful], ig.target[useful], ig.probs[useful]
    a_r = ig.receptiveness[approached_idx]
    coins = np.concatenate((e_p, a_r))
    uncertain = np.flatnonzero((coins > 0) & (coins < 1))
    if uncertain.size > MAX_EXACT_UNCERTAIN:
        raise InfluenceError(
            f"exact expected support would enumerate 2^{uncertain.size} outcomes; it is meant for "
            f"maps with at most {MAX_EXACT_UNCERTAIN} uncertain ties and approaches. "
            "Use expected_support() (Monte Carlo) instead.")
    worlds = 1 << uncertain.size
    bits = ((np.arange(worlds)[:, None] >> np.arange(uncertain.size)) & 1).astype(bool)
    outcome = np.broadcast_to(coins >= 1, (worlds, coins.size)).copy()
    outcome[:, uncertain] = bits
    weight = np.prod(np.where(bits, coins[uncertain], 1 - coins[uncertain]), axis=1)
    live, won = outcome[:, :e_p.size], outcome[:, e_p.size:]
    on = np.broadcast_to(ig.on_board, (worlds, n)).copy()
    on[:, approached_idx] |= won
    # Propagate until nothing changes (at most n rounds) in every world at once.
    for _ in range(n):
        before = on.sum()
        for e in range(e_p.size):
            on[:, e_dst[e]] |= on[:, e_src[e]] & live[:, e]
        if on.sum() == before:
            break
    return float(np.dot(weight, on.sum(axis=1)))
