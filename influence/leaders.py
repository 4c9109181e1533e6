"""The leading 10 percenters: whom to win over first, in order of approach.

:func:`leading_percenters` chooses k = ceil(fraction × people) people not yet on board
that maximise expected support σ(S) of the spread model (:mod:`influence.spread`), by
greedy choice: σ is monotone and submodular, so greedy is within (1 − 1/e) of the best set
(Kempe, Kleinberg, Tardos 2003), and the order of choice is the order of approach.

Three ways to run the greedy choice:

* ``"celf"`` (maps up to 300 people under ``"auto"``): CELF lazy greedy (Leskovec et al.
  2007) over one fixed sample of live-edge worlds (common random numbers: every candidate
  is scored on the same worlds, so the choice is deterministic and differences between
  candidates are not drowned in sampling noise). 5,000 worlds by default.
* ``"imm"`` (larger maps): IMM, reverse-influence sampling (Tang, Shi, Xiao 2015) with the
  martingale fix of Chen (2018): the final sets are fresh. With ε = 0.1 (0.2 above
  5,000 people, see :func:`default_epsilon`) the set is within (1 − 1/e − ε) of the best
  with probability 1 − 1/n; in practice it is within about 1% of greedy's (see
  benchmarks/bench_leaders_quality.py), and it chooses 10,000 of 100,000 people in well
  under a minute.
* ``"greedy"``: the reference of the quality benchmark, greedy with many simulations
  (10,000 live-edge worlds by default). It scores each candidate exactly on those worlds;
  evaluating lazily selects exactly the same people as re-scoring every candidate at every
  step (the sample average is itself submodular), only faster.

The approach step of the model is exact in all three: approaching v succeeds with
probability r(v) in each world (a coin per person per world), and v then spreads.

The objective is the gain over the allies' baseline, reported in expected people: the
``expected_gain`` of a leader is the expected number of extra people on board from
approaching them after those ranked before them.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from .errors import InfluenceError
from .graph import display_name
from .vocabulary import style_tip as _style_tip

__all__ = ["Leader", "leading_percenters", "default_epsilon", "AUTO_CELF_MAX_PEOPLE"]

AUTO_CELF_MAX_PEOPLE = 300
"""``method="auto"`` uses CELF up to this many people, IMM above."""


def default_epsilon(people: int) -> float:
    """IMM's ε by default: 0.1 up to 5,000 people, 0.2 above.

    The set is within (1 − 1/e − ε) of the best with probability 1 − 1/n, and IMM's work
    grows as n/ε². Measured against greedy on 1,000 people, the gain over the allies'
    baseline is 0.996-0.999 of greedy's with 0.1 and 0.989-0.991 with 0.2, but 0.1 costs
    about three times as much: 0.2 chooses 1,000 of 10,000 people in about 2 s and
    10,000 of 100,000 in well under a minute on two cores.

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
        ``"auto"`` is CELF up to 300 people, IMM above (see the module notes).
    seed : int
        Seed of all random numbers; the same seed gives the same leaders.
    simulations : int, optional
        Live-edge worlds for ``"celf"`` (5,000) and ``"greedy"`` (10,000); unused by IMM.
    epsilon : float, optional
        IMM's accuracy ε: 0.1 up to 5,000 people, 0.2 above (see :func:`default_epsilon`;
        the work grows as 1/ε²).
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
    candidates = n - int(ig.on_board.sum())
    k = math.ceil(fraction * n - 1e-9) if k is None else int(k)
    k = min(k, candidates)
    if k <= 0:
        if progress:
            progress(1, 1)
        return []
    if method == "auto":
        method = "celf" if n <= AUTO_CELF_MAX_PEOPLE else "imm"
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
    why = (f"Reaches {gain:.1f} more {'person' if round(gain, 1) == 1 else 'people'} in expectation; "
           f"{who}, influences {reach} {'person' if reach == 1 else 'people'} directly")
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
    Person v of world w is key ``w × n + v``; a search for several candidates at once
    numbers candidate g's copy of world w as ``g × R + w``.
    """

    def __init__(self, ig, worlds: int, rng):
        import numpy as np

        self.ig = ig
        self.R = worlds
        n, m = ig.n, ig.m
        self.live = (rng.random((worlds, m), dtype=np.float32) < ig.probs.astype(np.float32)).ravel()
        self.won = rng.random((worlds, n), dtype=np.float32) < ig.receptiveness.astype(np.float32)
        self.on = np.zeros(worlds * n, dtype=bool)
        self.groups = max(1, _FLAGS_PER_BATCH // (worlds * n))
        self.seen = np.zeros(self.groups * worlds * n, dtype=bool)
        self.stamp = np.zeros(self.groups * worlds * n, dtype=np.int32)
        self.target = ig.target.astype(np.int64)
        allies = np.flatnonzero(ig.on_board)
        starts = (np.arange(worlds, dtype=np.int64)[:, None] * n + allies).ravel()
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
            key = _one_of_each(key[~seen[key]], self.stamp)
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
    candidates = np.flatnonzero(~ig.on_board)
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


# --- IMM: reverse-influence sampling ------------------------------------------------------

class _RRSets:
    """Reverse-reachable sets of the model, grown batch by batch.

    An RR set for a random target t holds every person v whose approach would bring t on
    board in one sampled world: v's approach coin succeeds and a live chain v → … → t
    exists. A set whose search reaches an ally is covered by the allies' baseline (t is on
    board whatever we do), so it stops there and keeps no one; it still counts in the
    total, which makes n × (share of sets hit by S) an unbiased estimate of σ(S) − σ(∅).

    Only non-empty sets are stored, numbered in sampling order; ``count`` counts all.
    """

    def __init__(self, ig, rng):
        import numpy as np

        self.ig = ig
        self.rng = rng
        self.count = 0  # sets sampled, empty ones included
        self.stored = 0  # non-empty sets stored
        self.set_chunks, self.node_chunks = [], []
        self.entries = 0
        self.rev_indptr, rev_sources, rev_probs = ig.reverse
        self.rev_sources = rev_sources.astype(np.int64)
        self.rev_probs = rev_probs.astype(np.float32)
        self.r = ig.receptiveness.astype(np.float32)

    def grow(self, total: int, report=None) -> None:
        """Sample sets until there are *total* (or a memory cap is reached)."""
        start = self.count
        while self.count < total and self.entries < MAX_RR_ENTRIES and self.count < MAX_RR_SETS:
            self._batch(min(_RR_BATCH, total - self.count))
            if report:
                report((self.count - start) / max(1, total - start))

    def _batch(self, size: int) -> None:
        """Sample *size* sets by one breadth-first search over all of them at once.

        Person v in set j of the batch is key ``j × n + v``; ``visited`` (sorted) holds the
        keys seen so far, so nobody is expanded twice in one set.
        """
        import numpy as np

        from .spread import _gather

        ig, n, rng = self.ig, self.ig.n, self.rng
        on_board = ig.on_board
        targets = rng.integers(0, n, size=size)
        covered = on_board[targets].copy()
        open_sets = np.flatnonzero(~covered)
        frontier = open_sets.astype(np.int64) * n + targets[open_sets]
        visited = frontier
        while frontier.size:
            rr = frontier // n
            degree, pos = _gather(self.rev_indptr, frontier - rr * n)
            live = rng.random(pos.size, dtype=np.float32) < self.rev_probs[pos]
            rr = np.repeat(rr, degree)[live]
            src = self.rev_sources[pos[live]]
            hit = on_board[src]
            if hit.any():  # these sets' targets are on board anyway: stop searching them
                covered[rr[hit]] = True
                keep = ~covered[rr]
                src, rr = src[keep], rr[keep]
            key = rr * n + src
            key.sort()
            key = key[np.concatenate(([True], key[1:] != key[:-1]))] if key.size else key
            if key.size:
                at = np.searchsorted(visited, key)
                at[at == visited.size] = 0
                key = key[visited[at] != key]
                visited = np.concatenate((visited, key))
                visited.sort(kind="stable")  # merges two sorted runs in linear time
            frontier = key
        rr = visited // n
        node = visited - rr * n
        keep = ~covered[rr]
        rr, node = rr[keep], node[keep]
        won = rng.random(node.size, dtype=np.float32) < self.r[node]
        rr, node = rr[won], node[won]
        # visited is sorted by set, so each stored set's people are contiguous.
        first = np.ones(rr.size, dtype=bool)
        first[1:] = rr[1:] != rr[:-1]
        self.set_chunks.append((np.cumsum(first) - 1 + self.stored).astype(np.int32))
        self.node_chunks.append(node.astype(np.int32))
        self.stored += int(first.sum())
        self.entries += int(rr.size)
        self.count += size

    def select(self, k: int, report=None) -> tuple[list[int], list[int], int]:
        """Greedy maximum coverage: *k* people, the number of sets each newly covers, and the total covered."""
        import numpy as np

        from .spread import _gather

        ig, n = self.ig, self.ig.n
        sets = np.concatenate(self.set_chunks) if self.set_chunks else np.zeros(0, np.int32)
        node = np.concatenate(self.node_chunks) if self.node_chunks else np.zeros(0, np.int32)
        # Set -> people is the storage order; person -> sets needs one sort.
        set_ptr = np.concatenate(([0], np.cumsum(np.bincount(sets, minlength=self.stored)))).astype(np.int64)
        by_node = np.argsort(node, kind="stable")
        node_sets = sets[by_node]
        del by_node
        counts = np.bincount(node, minlength=n).astype(np.int64)
        node_ptr = np.concatenate(([0], np.cumsum(counts)))
        counts[ig.on_board] = -1  # never chosen (they never appear in an open set anyway)
        covered = np.zeros(self.stored, dtype=bool)
        chosen, gains = [], []
        # Among people covering no remaining set, prefer the most receptive (their own
        # approach is worth r(v)), then the lower index: keeps the order meaningful and fixed.
        tiebreak = np.argsort(-ig.receptiveness, kind="stable")
        total = 0
        for step in range(k):
            v = int(np.argmax(counts))
            if counts[v] <= 0:
                rest = tiebreak[counts[tiebreak] == 0][:k - step]
                chosen.extend(int(u) for u in rest)
                gains.extend([0] * len(rest))
                break
            chosen.append(v)
            gains.append(int(counts[v]))
            total += int(counts[v])
            hit = node_sets[node_ptr[v]:node_ptr[v + 1]]
            hit = hit[~covered[hit]]
            covered[hit] = True
            _, pos = _gather(set_ptr, hit.astype(np.int64))
            np.subtract.at(counts, node[pos], 1)
            counts[v] = -1
            if report and step % 64 == 0:
                report(step / k)
        return chosen, gains, total


def _log_binomial(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _imm(ig, k: int, epsilon: float, rng, progress) -> tuple[list[int], list[float]]:
    """IMM (Tang, Shi, Xiao 2015), Algorithms 1-3, for the gain over the allies' baseline."""
    report = _Progress(progress)
    n = ig.n
    candidates = n - int(ig.on_board.sum())
    if n < 2:
        rr = _RRSets(ig, rng)
        rr.grow(1)
        chosen, counts, _ = rr.select(k)
        return chosen, [c * n / max(1, rr.count) for c in counts]
    ell = 1.0 * (1 + math.log(2) / math.log(n))  # so the final guarantee holds w.p. 1 - 1/n
    log_cnk = _log_binomial(candidates, k)
    # ε' only sets how hard phase 1 works for its lower bound of the best gain: any value
    # keeps the guarantee. IMM's √2·ε makes phase 1 cost as much as phase 2 when k is 10% of
    # the map (the ln C(n, k) term dominates both); 0.5 at least buys a slightly looser
    # bound (phase 2 grows by ~15%) for a phase 1 three times cheaper.
    eps_prime = max(math.sqrt(2) * epsilon, 0.5)
    lambda_prime = ((2 + 2 / 3 * eps_prime) * (log_cnk + ell * math.log(n) + math.log(max(2.0, math.log2(n))))
                    * n / eps_prime ** 2)
    alpha = math.sqrt(ell * math.log(n) + math.log(2))
    beta = math.sqrt((1 - 1 / math.e) * (log_cnk + ell * math.log(n) + math.log(2)))
    lambda_star = 2 * n * ((1 - 1 / math.e) * alpha + beta) ** 2 / epsilon ** 2

    # Phase 1 (sampling): a lower bound LB of the best gain, halving the guess x each round.
    estimate = _RRSets(ig, rng)
    lower_bound = 1.0
    rounds = max(1, int(math.log2(n)) - 1)
    for i in range(1, rounds + 1):
        x = n / 2 ** i
        estimate.grow(math.ceil(lambda_prime / x), lambda f: report(0.05 + 0.25 * f))
        if n * estimate.stored / estimate.count < (1 + eps_prime) * x:
            continue  # even covering every non-empty set would fail the test: skip the selection
        _, counts, covered = estimate.select(k)
        if n * covered / estimate.count >= (1 + eps_prime) * x:
            lower_bound = n * covered / (estimate.count * (1 + eps_prime))
            break
    theta = math.ceil(lambda_star / lower_bound)
    del estimate
    # Phase 2 (node selection) on fresh sets, as Chen (2018) showed the reuse is unsafe.
    final = _RRSets(ig, rng)
    final.grow(theta, lambda f: report(0.3 + 0.6 * f))
    chosen, counts, _ = final.select(k, lambda f: report(0.9 + 0.1 * f))
    report(1.0)
    scale = n / final.count
    return chosen, [c * scale for c in counts]
