"""The leading 10 percenters: whom to win over first, in order of approach.

:func:`leading_percenters` chooses k = ceil(fraction × people) people not yet on board
that maximise expected support σ(S) of the spread model (:mod:`influence.spread`),
averaged over the model's prior: each sampled world (CELF) or reverse-reachable set (RIS)
first draws its parameter point (tie scale, external influence) from the prior. σ is
monotone and submodular at every point of the prior, and so is their weighted average (a
mixture of submodular functions is submodular), so greedy choice is within (1 − 1/e) of
the best set (Kempe, Kleinberg, Tardos 2003), and the order of choice is the order of
approach.

Three ways to run the greedy choice:

* ``"celf"`` (maps up to 300 people under ``"auto"``): CELF lazy greedy (Leskovec et al.
  2007) over one fixed sample of live-edge worlds (common random numbers: every candidate
  is scored on the same worlds, so the choice is deterministic and differences between
  candidates are not drowned in sampling noise). 5,000 worlds by default.
* ``"imm"`` (larger maps, and any map whose model has ``periods``): reverse-influence
  sampling with an a-posteriori guarantee (OPIM-C, Tang et al. 2018): greedy maximum
  coverage on one collection of RR sets, checked on an independent one, doubling the
  sample until the chosen set is provably within (1 − 1/e − ε) of the best with
  probability 1 − 1/n (ε = 0.1 up to 5,000 people, 0.2 above, see
  :func:`default_epsilon`). It always uses at least 48 sets per person, so that the later
  choices, each worth a person or two, are told apart. When nobody is on board anyway
  (an unannotated map), RR sets run to their ends through the same well-connected core;
  then the first choices ("sentinels", Guo et al. 2020) are made on a small sample and
  later sets stop at the first sentinel they reach whose approach succeeds. The 10,000-
  person unannotated organisation (k = 1,000) takes a few seconds of one core
  (benchmarks/bench_imm_pynetim.py, beside a C++ IMM).
* ``"greedy"``: the reference of the quality benchmark, greedy with many simulations
  (10,000 live-edge worlds by default). It scores each candidate exactly on those worlds;
  evaluating lazily selects exactly the same people as re-scoring every candidate at every
  step (the sample average is itself submodular), only faster.

The approach step of the model is exact in all three: approaching v succeeds with
probability r(v) in each world (a coin per person per world), and v then spreads.

The objective is the gain over the allies' baseline, reported in expected people: the
``expected_gain`` of a leader is the expected number of extra people on board from
approaching them after those ranked before them (for ``"imm"``, scaled so that the gains
add up to the whole set's gain measured on the independent sets, free of the optimism of
measuring a choice on the sets it was chosen on).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from .errors import InfluenceError
from .graph import display_name
from .theme import more_people_text
from .vocabulary import style_tip as _style_tip

__all__ = ["Leader", "leading_percenters", "default_epsilon", "AUTO_CELF_MAX_PEOPLE"]

AUTO_CELF_MAX_PEOPLE = 300
"""``method="auto"`` uses CELF up to this many people, IMM above."""


def default_epsilon(people: int) -> float:
    """The ε of ``method="imm"`` by default: 0.1 up to 5,000 people, 0.2 above.

    The set is certified within (1 − 1/e − ε) of the best with probability 1 − 1/n
    before sampling stops; a smaller ε may need more RR sets (the worst case grows as
    1/ε²), though on the benchmark organisations the floor of 48 sets per person already
    meets either.

    Examples
    --------
    >>> default_epsilon(1_000), default_epsilon(100_000)
    (0.1, 0.2)
    """
    return 0.1 if people <= 5_000 else 0.2

_DEFAULT_WORLDS = {"celf": 5000, "greedy": 10000}

# IMM keeps every reverse-reachable set in memory (8 bytes per person in a set); past this
# many entries, or this many sets, it stops sampling, and the guarantee then holds for a
# larger ε. Neither is reached on the benchmarks' organisations at the default ε, where an
# average set holds under one person outside the allies' reach.
MAX_RR_ENTRIES = 50_000_000
MAX_RR_SETS = 200_000_000

# CELF's searches run many worlds (and candidates) at once, with flags per (world, person);
# this many per batch bounds their memory (5 bytes each) while keeping numpy calls large.
_FLAGS_PER_BATCH = 1 << 23

# CELF and greedy keep their sampled worlds in memory; beyond this they refuse to start.
_MAX_WORLD_BYTES = 3 << 30

# Reverse-reachable sets are sampled this many at a time.
_RR_BATCH = 1 << 15


@dataclass(frozen=True)
class Leader:
    """One of the leading percenters, in order of approach.

    Attributes
    ----------
    id : str
    rank : int
        1 for the first to approach.
    expected_gain : float
        Extra people on board in expectation from winning this person after those
        ranked before.
    approach_via : list of str
        The most probable chain from an ally or an Owner-covered person, ending at this
        person (see :func:`influence.paths.best_approach`); ``[]`` if no chain exists.
    approach_probability : float
        Probability that chain carries support to this person (0.0 without a chain).
    style_tip : str
        How to approach them (their social style's tip; empty if unknown).
    why : str
        One line a user can repeat.
    name : str
    """

    id: str
    rank: int
    expected_gain: float
    approach_via: list[str] = field(default_factory=list)
    approach_probability: float = 0.0
    style_tip: str = ""
    why: str = ""
    name: str = ""

    def to_dict(self) -> dict:
        """The leader as JSON-ready values."""
        return {"id": self.id, "name": self.name, "rank": self.rank, "expected_gain": self.expected_gain,
                "approach_via": list(self.approach_via), "approach_probability": self.approach_probability,
                "style_tip": self.style_tip, "why": self.why}


def leading_percenters(G, fraction: float = 0.10, *, k: int | None = None, model=None, method: str = "auto",
                       seed: int = 0, simulations: int | None = None, epsilon: float | None = None,
                       progress=None) -> list[Leader]:
    """The people to win over first to maximise expected support, in order of approach.

    Parameters
    ----------
    G : networkx.MultiDiGraph or influence.spread.InfluenceGraph
        The influence map.
    fraction : float
        Share of all people to choose: k = ceil(fraction × people), 10% by default.
    k : int, optional
        Choose exactly this many instead (capped at the number not yet on board).
    model : influence.spread.SpreadModel, optional
        The spread model; DOMAIN.md's defaults when omitted.
    method : {"auto", "celf", "imm", "greedy"}
        ``"auto"`` is CELF up to 300 people, IMM above or when the model has ``periods``
        (see the module notes).
    seed : int
        Seed of all random numbers; the same seed gives the same leaders.
    simulations : int, optional
        Live-edge worlds for ``"celf"`` (5,000) and ``"greedy"`` (10,000); unused by IMM.
    epsilon : float, optional
        The guarantee of ``"imm"``: within (1 − 1/e − ε) of the best set, with probability
        1 − 1/n; 0.1 up to 5,000 people, 0.2 above (see :func:`default_epsilon`).
    progress : callable, optional
        Called as ``progress(done, total)`` as the work advances; ``done`` reaches
        ``total`` at the end (for a progress bar).

    Returns
    -------
    list of Leader
        In order of approach (rank 1 first); empty when everyone is already on board.

    Raises
    ------
    InfluenceError
        If *fraction* is not in (0, 1] or *k* is negative.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map()
    >>> _ = add_person(G, "hub", "Hub", attitude="neutral", title="COO")
    >>> for i in range(5):
    ...     _ = add_person(G, f"p{i}", f"P{i}", attitude="neutral")
    ...     add_relationship(G, "hub", f"p{i}", strength=0.8)
    >>> [leader] = leading_percenters(G, k=1, seed=0)
    >>> leader.id, leader.rank, abs(leader.expected_gain - 1.5) < 0.1  # exactly 0.5 × (1 + 5 × 0.8 × 0.5)
    ('hub', 1, True)
    """
    import numpy as np

    from .paths import best_approach
    from .spread import influence_graph

    if k is None:
        if not 0 < fraction <= 1:
            raise InfluenceError(f"fraction must be above 0 and at most 1 (got {fraction!r}); "
                                 "e.g. 0.10 for the leading 10 percenters")
    elif k < 0:
        raise InfluenceError(f"k must be 0 or more (got {k!r})")
    if method not in ("auto", "celf", "imm", "greedy"):
        raise ValueError(f"method must be 'auto', 'celf', 'imm' or 'greedy', got {method!r}")
    ig = influence_graph(G, model)
    n = ig.n
    epsilon = default_epsilon(n) if epsilon is None else epsilon
    if not 0 < epsilon < 1:
        raise ValueError(f"epsilon must be in (0, 1), got {epsilon!r}")
    # Worlds and RR sets draw a disputed person's attitude, so one rated on our side may still be won over.
    candidates = int(ig.maybe_off.sum())
    k = math.ceil(fraction * n - 1e-9) if k is None else int(k)
    k = min(k, candidates)
    if k <= 0:
        if progress:
            progress(1, 1)
        return []
    if method == "auto":
        # CELF's worlds run every cascade to its end; a model with periods needs RR sets,
        # whose search stops after that many steps.
        method = "celf" if n <= AUTO_CELF_MAX_PEOPLE and ig.model.periods is None else "imm"
    elif method != "imm" and ig.model.periods is not None:
        raise ValueError(f"method={method!r} runs cascades to their end; with periods={ig.model.periods} "
                         "use method='imm' (what 'auto' picks for such a model)")
    rng = np.random.default_rng(seed)
    if method == "imm":
        chosen, gains = _imm(ig, k, epsilon, rng, progress)
    else:
        worlds = int(simulations or _DEFAULT_WORLDS[method])
        if worlds < 1:
            raise ValueError(f"simulations must be at least 1, got {simulations!r}")
        # Each world stores a flag per tie and a few bytes per person: refuse what cannot fit.
        needed = worlds * (ig.m + 7 * n)
        if needed > _MAX_WORLD_BYTES:
            raise InfluenceError(
                f"method={method!r} with {worlds:,} sampled worlds needs about {needed / 2**30:.1f} GB on a map "
                f"of {n:,} people; use method='imm' (what 'auto' picks above {AUTO_CELF_MAX_PEOPLE} people) "
                "or fewer simulations")
        chosen, gains = _celf(_Worlds(ig, worlds, rng), k, progress)
    routes = best_approach(ig, [ig.ids[i] for i in chosen])
    return [_leader(ig, i, rank, gain, routes[ig.ids[i]]) for rank, (i, gain) in enumerate(zip(chosen, gains), 1)]


def _leader(ig, i: int, rank: int, gain: float, route) -> Leader:
    G = ig.graph
    pid = ig.ids[i]
    person = G.nodes[pid]
    attitude = person.get("attitude") or "unknown"
    role = person.get("title") or person.get("department")
    who = f"{attitude} {role}" if role else attitude
    reach = int(ig.out_degree[i])
    # Plain words for a reader, not a statistician: "About 3 more people on board".
    said = more_people_text(gain)
    why = f"{said[:1].upper()}{said[1:]}; {who}, influences {reach} {'person' if reach == 1 else 'people'} directly"
    return Leader(id=pid, rank=rank, expected_gain=float(gain), approach_via=list(route.people),
                  approach_probability=float(route.probability), style_tip=_style_tip(person.get("style")),
                  why=why, name=display_name(G, pid))


class _Progress:
    """Maps the phases of a computation onto one ``progress(done, total)`` scale."""

    TOTAL = 1000

    def __init__(self, callback):
        self.callback = callback
        self.last = -1

    def __call__(self, fraction: float) -> None:
        if self.callback is None:
            return
        done = min(self.TOTAL, max(0, int(fraction * self.TOTAL)))
        if done > self.last:
            self.last = done
            self.callback(done, self.TOTAL)


# --- CELF and greedy over a fixed sample of live-edge worlds --------------------------------

class _Worlds:
    """A fixed sample of live-edge worlds with each person's approach coin, and who is on board.

    World w keeps tie e with probability p(e) and person v's approach succeeds with
    probability r(v), all drawn once; σ̂(S) is the average number on board over the worlds.
    A disputed person's attitude is drawn once per world too (their ties in, approach and
    start on board follow it).
    Person v of world w is key ``w × n + v``; a search for several candidates at once
    numbers candidate g's copy of world w as ``g × R + w``.
    """

    def __init__(self, ig, worlds: int, rng):
        import numpy as np

        from .spread import _draw_table

        self.ig = ig
        self.R = worlds
        n, m = ig.n, ig.m
        # Each world draws its parameter point from the prior (the objective is the average
        # over the prior: a mixture of submodular functions, itself submodular).
        scales, externals, cumulative = _draw_table(ig.model)
        point = np.minimum(np.searchsorted(cumulative, rng.random(worlds), side="right"), cumulative.size - 1)
        disputed = ig.disputed
        if disputed is not None:
            # Each world draws a disputed person's attitude (as influence.spread does): their
            # ties in, their approach and whether they start on board follow it.
            r_world, ally_world = disputed.world_values(disputed.draw(rng.random((worlds, disputed.idx.size))))
            r_world = r_world.astype(np.float32)
            into = np.flatnonzero(disputed.tie_row >= 0)
            strength_into = ig.strength[into].astype(np.float32)
            row_into = disputed.tie_row[into]
        base = ig.base_probs.astype(np.float32)
        self.live = np.empty(worlds * m, dtype=bool)
        for w0 in range(0, worlds, max(1, (1 << 22) // max(m, 1))):  # a few MB of uniforms at a time
            w1 = min(worlds, w0 + max(1, (1 << 22) // max(m, 1)))
            p = np.minimum(np.float32(1), scales.astype(np.float32)[point[w0:w1], None] * base)
            if disputed is not None and into.size:
                p[:, into] = np.minimum(np.float32(1), scales.astype(np.float32)[point[w0:w1], None]
                                        * strength_into * r_world[w0:w1][:, row_into])
            self.live[w0 * m:w1 * m] = (rng.random((w1 - w0, m), dtype=np.float32) < p).ravel()
        if disputed is None:
            self.won = rng.random((worlds, n), dtype=np.float32) < ig.receptiveness.astype(np.float32)
        else:
            coins = rng.random((worlds, n), dtype=np.float32)
            self.won = coins < ig.receptiveness.astype(np.float32)
            self.won[:, disputed.idx] = coins[:, disputed.idx] < r_world
        external = externals[point]
        self.on = np.zeros(worlds * n, dtype=bool)
        self.groups = max(1, _FLAGS_PER_BATCH // (worlds * n))
        self.seen = np.zeros(self.groups * worlds * n, dtype=bool)
        self.stamp = np.zeros(self.groups * worlds * n, dtype=np.int32)
        self.target = ig.target.astype(np.int64)
        allies = np.flatnonzero(ig.on_board & ~ig.maybe_off)
        starts = (np.arange(worlds, dtype=np.int64)[:, None] * n + allies).ravel()
        if disputed is not None:
            starts = np.concatenate((starts, (np.arange(worlds, dtype=np.int64)[:, None] * n
                                              + disputed.idx)[ally_world]))
        if (external > 0).any():  # people who come on board from outside, at the start
            outside = (rng.random((worlds, n)) < external[:, None]) & ig.maybe_off
            starts = np.concatenate((starts, np.flatnonzero(outside.ravel())))
        if disputed is not None:
            starts = np.unique(starts)
        self.on[starts] = True
        self.on[self._reach(starts)] = True
        self.baseline = self.on.sum() / worlds

    def _reach(self, starts):
        """Everyone newly reached from *starts* (unique keys of people off board, see the class notes).

        The search never enters anyone on board in their world. Returns the reached keys,
        starts included.
        """
        import numpy as np

        from .spread import _gather, _one_of_each

        ig, n, m, R = self.ig, self.ig.n, self.ig.m, self.R
        seen = self.seen
        seen[starts] = True
        reached = [starts]
        frontier = starts
        while frontier.size:
            copy = frontier // n
            world = copy % R
            degree, pos = _gather(ig.indptr, frontier - copy * n)
            live = self.live[np.repeat(world * m, degree) + pos]
            dst = self.target[pos[live]]
            fresh = ~self.on[np.repeat(world * n, degree)[live] + dst]
            key = np.repeat(copy * n, degree)[live][fresh] + dst[fresh]
            key = key[~seen[key]]
            if key.size > 1:
                # Two people of one set may bring in the same person: one copy each.
                key.sort()
                key = key[np.concatenate(([True], key[1:] != key[:-1]))]
            seen[key] = True
            reached.append(key)
            frontier = key
        reached = np.concatenate(reached)
        seen[reached] = False
        return reached

    def _starts(self, people):
        """Search starts for approaching each of *people*: keys of their copies of the worlds
        where they are off board and their approach succeeds."""
        import numpy as np

        n, R = self.ig.n, self.R
        people = np.asarray(people, dtype=np.int64)
        won = self.won[:, people] & ~self.on.reshape(R, n)[:, people]  # (R, len(people))
        which, world = np.nonzero(won.T)
        return (which * R + world) * n + people[which]

    def gains(self, people):
        """Marginal gain of each of *people*, in people summed over all worlds (an integer)."""
        import numpy as np

        n, R = self.ig.n, self.R
        people = np.asarray(people, dtype=np.int64)
        out = np.zeros(people.size, dtype=np.int64)
        for lo in range(0, people.size, self.groups):
            chunk = people[lo:lo + self.groups]
            reached = self._reach(self._starts(chunk))
            out[lo:lo + chunk.size] = np.bincount(reached // (R * n), minlength=chunk.size)
        return out

    def commit(self, person: int) -> None:
        """Approach *person* in every world (where the approach succeeds, they spread)."""
        self.on[self._reach(self._starts([person]))] = True


def _celf(worlds: _Worlds, k: int, progress) -> tuple[list[int], list[float]]:
    """Lazy greedy (CELF) on the sampled worlds; returns chosen indices and gains in people."""
    import numpy as np

    report = _Progress(progress)
    ig, R = worlds.ig, worlds.R
    candidates = np.flatnonzero(ig.maybe_off)
    initial = worlds.gains(candidates)
    report(0.5 * 1 / (k + 1))
    # Heap of (-gain, index, round in which the gain was computed): ties go to the lower index.
    heap = [(-int(g), int(v), 0) for g, v in zip(initial, candidates)]
    heapq.heapify(heap)
    chosen, gains = [], []
    # Stale entries are re-scored a few at a time: one batched search costs about as much as one.
    batch = min(16, worlds.groups)
    while len(chosen) < k and heap:
        neg, v, when = heap[0]
        if when == len(chosen):
            heapq.heappop(heap)
            chosen.append(v)
            gains.append(-neg / R)
            worlds.commit(v)
            report((len(chosen) + 1) / (k + 1))
            continue
        stale = [heapq.heappop(heap) for _ in range(min(batch, len(heap)))]
        fresh = worlds.gains(np.array([s[1] for s in stale], dtype=np.int64))
        for (_, u, _), g in zip(stale, fresh):
            heapq.heappush(heap, (-int(g), u, len(chosen)))
    report(1.0)
    return chosen, gains


# --- Reverse-influence sampling -----------------------------------------------------------

class _RRSets:
    """Reverse-reachable sets of the model, grown batch by batch.

    An RR set for a random target t, in one sampled world, holds every person v whose
    approach would bring t on board: v's approach coin succeeds and a live chain
    v → … → t exists (at most ``periods`` steps long when the model has periods). Each set
    first draws its parameter point from the prior, so n × (share of sets hit by S) is an
    unbiased estimate of the gain σ(S) − σ(∅) averaged over the prior. A disputed person
    (``ig.disputed``) the search reaches draws their attitude for that set, as each world of
    :mod:`influence.spread` does: whether they are on board, their approach coin and their
    ties in follow it (one draw per set and person: the search enters each once).

    A set whose search reaches someone on board anyway (an ally, or someone who comes on
    board from outside in that world, early enough) is covered by the baseline: t is on
    board whatever we do, so it stops there and keeps no one; it still counts in the
    total. With *stop* (a mask of people), a set also stops as soon as it finds one of
    those people whose approach succeeds: the set is then covered by them (``stopped``),
    and nobody else in it matters to a selection that includes them. That is only exact
    for the gain where nobody is on board anyway, so callers pass *stop* only then.

    Only the members of open sets are stored (set numbers in sampling order); ``count``
    counts all sets, ``baseline`` and ``stopped`` the covered ones, ``visits`` the
    people searched.
    """

    def __init__(self, ig, rng, stop=None, record=True):
        import numpy as np

        from .spread import _draw_table

        self.ig = ig
        self.rng = rng
        self.n = ig.n
        self.stop = stop
        self.record = record
        self.count = 0
        self.baseline = 0
        self.stopped = 0
        self.visits = 0
        self.entries = 0
        self.set_chunks, self.node_chunks = [], []
        self.rev_indptr, rev_sources, rev_probs = ig.reverse
        self.rev_sources = rev_sources.astype(np.int64)
        self.rev_base = np.asarray(rev_probs, dtype=np.float32)  # p before any scale
        self.r = ig.receptiveness.astype(np.float32)
        scales, externals, cumulative = _draw_table(ig.model)
        self.scales = scales.astype(np.float32)
        self.externals = externals
        self.cumulative = cumulative
        self.periods = ig.model.periods
        self.seen = None
        self.disputed = ig.disputed
        if self.disputed is not None:  # s(u→v) of the in-edges, for a disputed v's drawn r(v)
            self.rev_strength = ig.strength[np.argsort(ig.target, kind="stable")].astype(np.float32)

    def grow(self, total: int, report=None) -> None:
        """Sample sets until there are *total* (or a memory cap is reached)."""
        start = self.count
        while self.count < total and self.entries < MAX_RR_ENTRIES and self.count < MAX_RR_SETS:
            # A flag per (set, person) finds who a set has reached; where that allows only few
            # sets per batch (a large map) and the sets are small, many sets go in a batch,
            # deduplicated by sorting, as many as keep the batch's sorted keys around 2^20.
            dense_batch = max(64, min(_RR_BATCH, _SEEN_FLAGS // max(self.n, 1)))
            size = self.visits / self.count if self.count >= 256 else float("inf")
            dense = dense_batch >= 4096 or size > _SMALL_SETS
            batch = dense_batch if dense else int(min(_RR_BATCH, max(256, (1 << 20) / max(size, 1.0))))
            if self.count < 256:
                batch = min(batch, 256)  # a first look at how large the sets are
            self._batch(min(batch, total - self.count), dense)
            if report:
                report((self.count - start) / max(1, total - start))

    def _batch(self, size: int, dense: bool = True) -> None:
        """Sample *size* sets by one breadth-first search over all of them at once.

        Person v in set j of the batch is key ``j × n + v``; ``seen`` flags the keys
        reached, so nobody is searched twice in one set.
        """
        import numpy as np

        from .spread import _gather

        n, rng, periods = self.n, self.rng, self.periods
        on_board = self.ig.on_board
        if dense and (self.seen is None or self.seen.size < size * n):
            self.seen = np.zeros(size * n, dtype=bool)
        seen = self.seen if dense else None
        status = np.zeros(size, dtype=np.int8)  # 0 open, 1 covered by the baseline, 2 stopped
        several = self.cumulative.size > 1
        if several:
            point = np.minimum(np.searchsorted(self.cumulative, rng.random(size), side="right"),
                               self.cumulative.size - 1)
            scale, external = self.scales[point], self.externals[point]
        else:
            scale, external = self.scales[0], self.externals[:1]
        outside = bool((external > 0).any())
        fs = np.arange(size, dtype=np.int64)
        fv = rng.integers(0, n, size=size).astype(np.int64)
        keys = fs * n + fv
        if dense:
            seen[keys] = True
        visited = keys  # sorted (sets in order), for the sparse way
        touched = [keys]
        members_s, members_v = [], []
        depth = 0
        disputed = self.disputed
        while fs.size:
            self.visits += int(fs.size)
            hit = on_board[fv]
            r_now = self.r[fv]
            if disputed is not None:
                # A disputed person reached by a set draws their attitude for that set: whether
                # they are on board, their approach and their ties in follow it.
                row = disputed.pos[fv]
                drawn = np.flatnonzero(row >= 0)
                r_drawn = np.full(fv.size, -1.0, dtype=np.float32)
                if drawn.size:
                    rows = row[drawn]
                    choice = (rng.random(drawn.size)[:, None] >= disputed.cum[rows, :-1]).sum(axis=1)
                    hit[drawn] = disputed.ally[rows, choice]
                    r_drawn[drawn] = disputed.r[rows, choice]
                    r_now[drawn] = r_drawn[drawn]
            if outside:
                chance = external[fs] if several else external[0]
                if periods is not None:  # from outside in time to reach t: in periods 1 .. T - depth
                    chance = 1 - (1 - chance) ** (periods - depth)
                hit |= rng.random(fs.size) < chance
            if hit.any():
                status[fs[hit]] = 1
            won = rng.random(fs.size, dtype=np.float32) < r_now
            if self.stop is not None:
                found = won & self.stop[fv]
                found &= status[fs] == 0
                status[fs[found]] = 2
            if self.record:
                members_s.append(fs[won])
                members_v.append(fv[won])
            still = status[fs] == 0
            fs, fv = fs[still], fv[still]
            if periods is not None and depth >= periods:
                break
            degree, pos = _gather(self.rev_indptr, fv)
            sets = np.repeat(fs, degree)
            p = self.rev_base[pos]
            if disputed is not None:
                r_in = np.repeat(r_drawn[still], degree)
                into = np.flatnonzero(r_in >= 0)
                p[into] = self.rev_strength[pos[into]] * r_in[into]
            if several:
                p = np.minimum(np.float32(1), scale[sets] * p)
            elif scale != 1:
                p = np.minimum(np.float32(1), scale * p)
            live = rng.random(pos.size, dtype=np.float32) < p
            key = sets[live] * n + self.rev_sources[pos[live]]
            if dense:
                key = key[~seen[key]]
            if key.size > 1:
                # Two people of one set may bring in the same person: one copy each.
                key.sort()
                key = key[np.concatenate(([True], key[1:] != key[:-1]))]
            if dense:
                seen[key] = True
            elif key.size:
                at = np.searchsorted(visited, key)
                at[at == visited.size] = 0
                key = key[visited[at] != key]
                visited = np.concatenate((visited, key))
                visited.sort(kind="stable")  # merges two sorted runs in linear time
            touched.append(key)
            fs = key // n
            fv = key - fs * n
            depth += 1
        if dense:
            seen[np.concatenate(touched)] = False
        if self.record and members_s:
            ms, mv = np.concatenate(members_s), np.concatenate(members_v)
            keep = status[ms] == 0
            self.set_chunks.append((ms[keep] + self.count).astype(np.int64))
            self.node_chunks.append(mv[keep].astype(np.int32))
            self.entries += int(keep.sum())
        self.baseline += int((status == 1).sum())
        self.stopped += int((status == 2).sum())
        self.count += size

    def members(self):
        """``(set, person)`` arrays of every stored membership."""
        import numpy as np

        sets = np.concatenate(self.set_chunks) if self.set_chunks else np.zeros(0, np.int64)
        node = np.concatenate(self.node_chunks) if self.node_chunks else np.zeros(0, np.int32)
        return sets, node

    def covered_by(self, chosen) -> int:
        """Number of stored open sets that contain someone in *chosen*."""
        import numpy as np

        sets, node = self.members()
        mask = np.zeros(self.n, dtype=bool)
        mask[np.asarray(list(chosen), dtype=np.int64)] = True
        return int(np.unique(sets[mask[node]]).size)

    def select(self, k: int, forced=(), report=None):
        """Greedy maximum coverage, starting with *forced* (the sentinels, if any).

        Returns ``(chosen, counts, covered, upper)``: *k* people in order, the number of
        sets each newly covers (the forced ones: 0, their sets are the ``stopped`` ones),
        the sets covered in all (stopped ones included), and an upper bound on the sets
        any *k* people can cover (Tang et al. 2018: for every step i of greedy, the best k
        people cover at most what greedy covers after i steps plus the k largest marginal
        counts then; the smallest over the steps evaluated).
        """
        import numpy as np

        from .spread import _gather

        ig, n = self.ig, self.n
        sets, node = self.members()
        order = np.argsort(sets, kind="stable")
        sets, node = sets[order], node[order]
        del order
        # Number the sets that have members 0 .. s-1, in sampling order.
        first = np.ones(sets.size, dtype=bool)
        first[1:] = sets[1:] != sets[:-1]
        local = np.cumsum(first) - 1
        stored = int(first.sum())
        set_ptr = np.concatenate(([0], np.flatnonzero(first)[1:], [sets.size])).astype(np.int64) if stored else \
            np.zeros(1, np.int64)
        by_node = np.argsort(node, kind="stable")
        node_sets = local[by_node]
        del by_node
        counts = np.bincount(node, minlength=n).astype(np.int64)
        node_ptr = np.concatenate(([0], np.cumsum(counts)))
        counts[~ig.maybe_off] = -1  # never chosen
        covered_set = np.zeros(max(stored, 1), dtype=bool)
        chosen, gains = [], []
        covered = self.stopped
        upper = float(self.count - self.baseline)  # no selection covers more than the open sets
        checks = set(int(2 ** i) for i in range(0, max(1, int(math.log2(max(k, 1))) + 1))) | {k}

        def take(v):
            hit = node_sets[node_ptr[v]:node_ptr[v + 1]]
            hit = hit[~covered_set[hit]]
            covered_set[hit] = True
            _, pos = _gather(set_ptr, hit.astype(np.int64))
            np.subtract.at(counts, node[pos], 1)
            counts[v] = -1
            return int(hit.size)

        for v in forced:
            chosen.append(int(v))
            gains.append(0)
            covered += take(int(v))
        # Among people covering no remaining set, prefer what they are worth on their own:
        # their approach, r(v), with one round of spread to their contacts.
        local_worth = ig.receptiveness * (1 + np.bincount(ig.source, weights=ig.probs, minlength=n))
        tiebreak = np.lexsort((np.arange(n), -local_worth))
        step = len(chosen)
        while len(chosen) < k:
            if (step - len(forced)) in checks or step == len(forced):
                top = counts[counts > 0]
                if top.size > k:
                    top = np.partition(top, top.size - k)[top.size - k:]
                upper = min(upper, covered + float(top.sum()))
            v = int(np.argmax(counts))
            if counts[v] <= 0:
                rest = tiebreak[counts[tiebreak] == 0][:k - len(chosen)]
                chosen.extend(int(u) for u in rest)
                gains.extend([0] * len(rest))
                upper = min(upper, float(covered))
                break
            chosen.append(v)
            gains.append(int(counts[v]))
            covered += take(v)
            step += 1
            if report and step % 64 == 0:
                report(step / k)
        top = counts[counts > 0]
        if top.size > k:
            top = np.partition(top, top.size - k)[top.size - k:]
        upper = min(upper, covered + float(top.sum()))
        return chosen, gains, covered, upper


def _log_binomial(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _lower(covered: float, a: float) -> float:
    """Lower confidence bound of a coverage count (Tang et al. 2018, OPIM-C)."""
    return max(0.0, (math.sqrt(covered + 2 * a / 9) - math.sqrt(a / 2)) ** 2 - a / 18)


def _upper(covered: float, a: float) -> float:
    """Upper confidence bound of a coverage count (Tang et al. 2018, OPIM-C)."""
    return (math.sqrt(covered + a / 2) + math.sqrt(a / 2)) ** 2


# RR sets are searched in batches of at most this many (set, person) flags.
_SEEN_FLAGS = 1 << 26

# Sentinels (Guo et al. 2020) are used when an average RR set searches more people than
# this; they are chosen on this many full sets, each covering at least this many of them.
_SENTINEL_VISITS = 40
_SENTINEL_PROBE = 1024
_SENTINEL_MIN_COVER = 1

# Fewest RR sets the selection uses: this many per person in the map, and at least
# _MIN_SETS (small maps' sets are cheap, and their gains should be precise).
_SETS_PER_PERSON = 48

# RR sets that search fewer people than this on average are sampled many to a batch.
_SMALL_SETS = 64
_VALIDATION_SETS = 1 << 17
_MIN_SETS = 1 << 15


def _imm(ig, k: int, epsilon: float, rng, progress) -> tuple[list[int], list[float]]:
    """Reverse-influence sampling with an a-posteriori guarantee (OPIM-C) and sentinels.

    OPIM-C (Tang, Tang, Xiao, Yuan 2018): sample two independent collections of RR sets
    of equal size θ, choose greedily on the first, and bound the gain of the chosen set
    from below on the second and the best possible gain from above on the first; stop
    when the ratio of the bounds is at least 1 − 1/e − ε (the guarantee, with probability
    1 − 1/n), else double θ, up to IMM's worst-case number of sets. It reaches the
    guarantee with far fewer sets than IMM's worst-case bound, which grows with ln C(n, k).

    When nobody is on board anyway (an unannotated map, no external term), every RR set
    runs to its end, and in a well-connected organisation most run through the same big
    core. Then, as in HIST (Guo, Wang, Wu, Tao 2020), the first few greedy choices
    ("sentinels") are made on a small sample, and later sets stop as soon as they find a
    sentinel whose approach succeeds: those sets are covered whatever else is chosen.
    The validation sets likewise stop at the first chosen person they find.
    """
    import numpy as np

    report = _Progress(progress)
    n = ig.n
    candidates = int(ig.maybe_off.sum())
    delta = 1.0 / max(n, 2)
    log_cnk = _log_binomial(candidates, k)
    alpha = math.sqrt(math.log(6 / delta))
    beta = math.sqrt((1 - 1 / math.e) * (log_cnk + math.log(6 / delta)))
    theta0 = max(256, math.ceil(2 * ((1 - 1 / math.e) * alpha + beta) ** 2))
    theta_max = max(theta0, math.ceil(2 * n * ((1 - 1 / math.e) * alpha + beta) ** 2 / (k * epsilon ** 2)))
    target = 1 - 1 / math.e - epsilon
    # IMM's number of sets for a given lower bound of the best gain (Tang, Shi, Xiao 2015,
    # with ℓ for probability 1 - 1/n): sampling goes on until it is reached as well, which
    # keeps the quality IMM had where the certificate alone would stop much earlier.
    ell = 1 + math.log(2) / math.log(max(n, 2))
    imm_alpha = math.sqrt(ell * math.log(max(n, 2)) + math.log(2))
    imm_beta = math.sqrt((1 - 1 / math.e) * (log_cnk + ell * math.log(max(n, 2)) + math.log(2)))
    lambda_star = 2 * n * ((1 - 1 / math.e) * imm_alpha + imm_beta) ** 2 / epsilon ** 2

    from .spread import _draw_table

    _, externals, _ = _draw_table(ig.model)
    could_be_on = ig.on_board.copy()
    if ig.disputed is not None:  # a disputed person one rater puts on our side is on board in some sets
        could_be_on[ig.disputed.idx] |= ig.disputed.ally.any(axis=1)
    no_baseline = not could_be_on.any() and not (externals > 0).any()

    # Sentinels: only worth it when sets are large (and only exact without a baseline).
    sentinels, sentinel_gains = [], []
    stop = None
    if no_baseline and k > 1:
        probe = _RRSets(ig, rng)
        probe.grow(_SENTINEL_PROBE, lambda f: report(0.05 * f))
        if probe.visits / max(1, probe.count) > _SENTINEL_VISITS:
            chosen, counts, _, _ = probe.select(k)
            for v, c in zip(chosen, counts):
                # Up to a fifth of the set, while a choice covers enough sets to be told
                # from chance.
                if c < _SENTINEL_MIN_COVER or len(sentinels) >= k // 5:
                    break
                sentinels.append(v)
                sentinel_gains.append(c * n / probe.count)
            if sentinels:
                stop = np.zeros(n, dtype=bool)
                stop[sentinels] = True
        del probe

    selection = _RRSets(ig, rng, stop=stop)
    validation = None
    # The validation sets only bound one set's gain from below: a fixed number suffices
    # unless the certificate fails, when it doubles with the selection.
    checks = max(theta0, _VALIDATION_SETS)
    # The guarantee alone is often met with a few thousand sets, but then the later choices
    # (each worth a person or two) are hardly told apart: never fewer than a few sets per
    # person, so a choice worth one person more is seen in several more sets.
    theta = max(theta0, _SETS_PER_PERSON * n, _MIN_SETS)
    theta_max = max(theta_max, theta, math.ceil(lambda_star))
    rounds = max(1, math.ceil(math.log2(theta_max / theta)) + 1)
    a = math.log(3 * rounds / delta)
    for i in range(1, rounds + 1):
        selection.grow(theta, lambda f: report(0.05 + 0.85 * (i - 1 + f) / rounds))
        chosen, counts, covered, upper = selection.select(k, forced=sentinels)
        # Validation: fresh sets that stop at anyone chosen (exact only without a baseline),
        # or one collection kept and grown (its members record who would cover it).
        if no_baseline:
            mask = np.zeros(n, dtype=bool)
            mask[chosen] = True
            validation = _RRSets(ig, rng, stop=mask, record=False)
            validation.grow(min(selection.count, checks))
            hits = validation.stopped
        else:
            validation = validation or _RRSets(ig, rng)
            validation.grow(min(selection.count, checks))
            hits = validation.covered_by(chosen)
        low = _lower(hits, a) * n / validation.count
        high = min(_upper(upper, a) * n / selection.count, float(candidates))
        wanted = min(theta_max, math.ceil(lambda_star / max(low, 1.0)))
        if high <= 0 or (low / high >= target and selection.count >= wanted) or i == rounds \
                or selection.count >= MAX_RR_SETS or selection.entries >= MAX_RR_ENTRIES:
            break
        if low / high < target:
            checks *= 2
        theta = min(theta_max, max(2 * theta, wanted))
    report(1.0)
    scale = n / selection.count
    gains = list(sentinel_gains) + [c * scale for c in counts[len(sentinels):]]
    # A greedy choice looks better on the sets it was chosen on than it is; the validation
    # sets estimate the whole set's gain without that bias, so the gains are scaled to it.
    honest = n * hits / validation.count
    total = sum(gains)
    if total > 0 and honest < total:
        gains = [g * honest / total for g in gains]
    return chosen, gains
