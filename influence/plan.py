"""From analysis to a campaign plan: who of ours approaches whom, through whom, by when.

:func:`make_plan` turns an analysis into **actions** for our team, sized to the time our
people have and aimed at the decision:

1. **The approach set.** ``goal="support"`` takes the leading 10 percenters (most people
   on board, :func:`influence.leaders.leading_percenters`). ``goal="decision"`` chooses the
   set, of the same size, that maximises the probability that **every required person**
   (Role decision maker or approver, or the map's own list in ``G.graph["required"]``) is
   on board when the cascade ends. That objective is not submodular (winning one of two
   approvers is worth nothing on its own). When there are at most 3,000 candidate sets
   every one is tried on a sample of simulated worlds; otherwise the set is chosen greedily on a sample of
   simulated worlds by the gain in that probability, ties broken by the expected number
   of required people won (which is submodular and so guides the first steps); the
   result is improved by swapping one person at a time while that raises the probability,
   then compared, on the same worlds, with the leading set and with approaching
   the required people directly, and the best of them is kept. Tested against exhaustive
   search on small maps (within 5% of the optimum).
2. **Actions.** For each person of the set, in greedy order: our Owner who holds the first
   link of the best chain (:meth:`influence.analysis.Analysis.approach_to`), the warm path
   (via whom), the talking point (their style tip and what their notes say they care
   about) and the expected gain. A person nobody of ours can reach gets a **find an
   owner** action; each antibody (most influential first, up to ``antibodies``) gets a
   **neutralise** action with its first neutraliser.
3. **Sequencing.** A person best reached through someone the plan has yet to win comes in
   a later quarter than that person; each owner's capacity per quarter (``capacity``,
   default :data:`DEFAULT_CAPACITY` meetings) is never exceeded; what does not fit in the
   horizon stays in the plan without a quarter ("over capacity").

Both figures are given for whichever plan is chosen: the probability that the decision is
won and the expected support, each with an 80% interval over the model's prior
(:class:`influence.spread.ParameterDraw`) and the simulation. A plan is stored with the map
(:meth:`influence.store.MapStore.save_plan`), each action's status (planned, done,
dropped) is editable, and :func:`review_plan` shows the plan against what happened.

Examples
--------
>>> import influence
>>> a = influence.analyze(influence.load_sample(), simulations=300)
>>> plan = make_plan(a, quarters=2, capacity={"Grace Liu": 1}, worlds=300)
>>> plan.goal, len(plan.required) > 0, 0 <= plan.probability_decision.mean <= 1
('support', True, True)
>>> all(sum(1 for x in plan.actions if x.owner == "Grace Liu" and x.quarter == q) <= 1 for q in (1, 2))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date as Date, timedelta

__all__ = ["DEFAULT_CAPACITY", "DEFAULT_QUARTERS", "STATUSES", "KINDS", "Estimate", "Action", "Plan",
           "required_people", "plan_start", "DecisionWorlds", "choose_for_decision", "make_plan", "review_plan",
           "quarter_label", "plan_ics", "review_stored_plan"]

DEFAULT_CAPACITY = 3
"""Meetings per quarter an owner has for the campaign unless ``capacity`` says otherwise."""

DEFAULT_QUARTERS = 2
STATUSES = ("planned", "done", "dropped")
KINDS = ("approach", "neutralise", "find owner")
REQUIRED_ROLES = ("decision maker", "approver")


@dataclass(frozen=True)
class Estimate:
    """A probability or a count with its 80% interval (``low``, ``high``)."""

    mean: float
    low: float
    high: float

    def to_dict(self) -> dict:
        return {"mean": round(self.mean, 4), "low": round(self.low, 4), "high": round(self.high, 4)}


@dataclass
class Action:
    """One step of the plan: *owner* of ours approaches *target* through *via*, in *quarter*.

    ``via`` are the people along the warm path before the target (ids; empty for a direct
    approach). ``quarter`` is 1 for the plan's first quarter, ``None`` when no owner has
    the capacity within the horizon. ``kind`` is one of :data:`KINDS`, ``status`` one of
    :data:`STATUSES`.
    """

    owner: str | None
    target: str
    via: list[str]
    quarter: int | None
    order: int
    kind: str
    expected_gain: float
    status: str = "planned"
    talking_point: str = ""
    probability: float = 0.0
    after: list[str] = field(default_factory=list)  # targets that must be won first

    def to_dict(self) -> dict:
        return {"owner": self.owner, "target": self.target, "via": list(self.via), "quarter": self.quarter,
                "order": self.order, "kind": self.kind, "expected_gain": round(self.expected_gain, 3),
                "status": self.status, "talking_point": self.talking_point,
                "probability": round(self.probability, 4), "after": list(self.after)}

    @classmethod
    def from_dict(cls, data: dict) -> "Action":
        return cls(owner=data.get("owner"), target=str(data["target"]), via=[str(v) for v in data.get("via") or []],
                   quarter=data.get("quarter"), order=int(data.get("order") or 0), kind=data.get("kind", "approach"),
                   expected_gain=float(data.get("expected_gain") or 0.0), status=data.get("status", "planned"),
                   talking_point=data.get("talking_point") or "", probability=float(data.get("probability") or 0.0),
                   after=[str(v) for v in data.get("after") or []])


@dataclass
class Plan:
    """A campaign plan (see :func:`make_plan`)."""

    goal: str
    required: list[str]
    approach: list[str]
    probability_decision: Estimate
    expected_support: object  # influence.spread.SupportEstimate
    actions: list[Action]
    quarters: int
    capacity: dict[str, int]
    start: str
    seed: int = 0
    how: str = ""
    version: int | None = None  # the map version (snapshot id) the plan was made on, once stored

    def to_dict(self) -> dict:
        """The JSON of ``influence plan --json`` and the stored format."""
        support = self.expected_support
        return {
            "format": 1, "goal": self.goal, "start": self.start, "quarters": self.quarters, "version": self.version,
            "quarter_labels": [quarter_label(self.start, q) for q in range(1, self.quarters + 1)],
            "capacity": dict(self.capacity), "seed": self.seed, "how": self.how,
            "required": list(self.required), "approach": list(self.approach),
            "probability_decision": self.probability_decision.to_dict(),
            "expected_support": {"mean": round(support.mean, 3), "low": round(support.low, 3),
                                 "high": round(support.high, 3)} if hasattr(support, "mean") else dict(support),
            "actions": [a.to_dict() for a in self.actions],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Plan":
        """A stored plan (from :meth:`to_dict`)."""
        p = data.get("probability_decision") or {"mean": 0.0, "low": 0.0, "high": 0.0}
        return cls(goal=data.get("goal", "support"), required=list(data.get("required") or []),
                   approach=list(data.get("approach") or []), probability_decision=Estimate(**p),
                   expected_support=dict(data.get("expected_support") or {}),
                   actions=[Action.from_dict(a) for a in data.get("actions") or []],
                   quarters=int(data.get("quarters") or DEFAULT_QUARTERS), capacity=dict(data.get("capacity") or {}),
                   start=data.get("start") or plan_start().isoformat(), seed=int(data.get("seed") or 0),
                   how=data.get("how") or "", version=data.get("version"))

    def set_status(self, index: int, status: str) -> None:
        """Mark action *index* planned, done or dropped.

        Raises
        ------
        InfluenceError
            For another status or an index out of range.
        """
        from .errors import InfluenceError

        if status not in STATUSES:
            raise InfluenceError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        if not 0 <= index < len(self.actions):
            raise InfluenceError(f"the plan has {len(self.actions)} actions; there is no action {index + 1}")
        self.actions[index].status = status

    def headline(self, people: int) -> str:
        """"decision won with probability 0.41 (80%: 0.30–0.52); about 39 of 60 on board (80%: 35–43)"."""
        p = self.probability_decision
        s = self.expected_support
        mean, low, high = (s.mean, s.low, s.high) if hasattr(s, "mean") else (s["mean"], s["low"], s["high"])
        decision = (f"decision won with probability {p.mean:.2f} (80%: {p.low:.2f}–{p.high:.2f})"
                    if self.required else "no decision makers or approvers marked")
        return f"{decision}; about {mean:.0f} of {people} on board (80%: {low:.0f}–{high:.0f})"

    def by_quarter(self) -> dict:
        """``quarter -> owner -> [actions]`` in order (``None`` for over capacity)."""
        out: dict = {}
        for a in sorted(self.actions, key=lambda a: (a.quarter is None, a.quarter or 0, a.order)):
            out.setdefault(a.quarter, {}).setdefault(a.owner, []).append(a)
        return out


def quarter_start(day: Date) -> Date:
    """The first day of *day*'s calendar quarter."""
    return Date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def plan_start(day=None) -> Date:
    """The first day of a plan made on *day* (today by default): that day, or the next
    quarter's first day when fewer than 30 days of this quarter are left.

    Examples
    --------
    >>> plan_start("2026-11-10"), plan_start("2026-12-10")
    (datetime.date(2026, 11, 10), datetime.date(2027, 1, 1))
    """
    day = Date.fromisoformat(str(day)[:10]) if day else Date.today()
    first = quarter_start(day)
    nxt = Date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return nxt if (nxt - day).days < 30 else day


def quarter_label(start, quarter: int | None) -> str:
    """``"2027 Q1"`` for the plan's *quarter* (1 = the quarter *start* falls in).

    Examples
    --------
    >>> quarter_label("2026-12-01", 1), quarter_label("2026-12-01", 2), quarter_label("2026-12-01", None)
    ('2026 Q4', '2027 Q1', 'over capacity')
    """
    if quarter is None:
        return "over capacity"
    day = Date.fromisoformat(str(start)[:10])
    index = day.year * 4 + (day.month - 1) // 3 + quarter - 1
    return f"{index // 4} Q{index % 4 + 1}"


def _quarter_dates(start, quarter: int) -> tuple[Date, Date]:
    day = Date.fromisoformat(str(start)[:10])
    index = day.year * 4 + (day.month - 1) // 3 + quarter - 1
    first = Date(index // 4, 3 * (index % 4) + 1, 1)
    nxt = Date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return max(first, day), nxt - timedelta(days=1)


def required_people(G) -> list[str]:
    """The people a decision needs: ``G.graph["required"]`` if set, else Role decision maker or approver."""
    listed = G.graph.get("required")
    if listed:
        return [str(p) for p in listed if str(p) in G]
    return [p for p, data in G.nodes(data=True) if (data.get("role") or "") in REQUIRED_ROLES]


class DecisionWorlds:
    """Sampled worlds of the spread model, to score approach sets by P(every required person on board).

    Candidates are the people not on board who reach a required person in some world (on a
    big map the *max_candidates* who do so most often). In each world the parameters are
    drawn from the model's prior, each tie is live with
    probability ``min(1, scale × s × r)``, each person not on board comes from outside with
    the drawn external chance, and an approach to candidate c succeeds with r(c). For each
    required person t the world keeps who reaches t through live ties; t is on board in
    that world when an ally, an outside entry or a successfully approached person of the
    set reaches t (t included).
    """

    def __init__(self, ig, required, *, worlds: int = 2000, seed: int = 0, candidates=None,
                 max_candidates: int = 300):
        import numpy as np

        from .spread import _draw_table, _gather, _mix_salt, _one_of_each, _world_uniforms

        rng = np.random.default_rng([seed, 20260])
        n, m = ig.n, int(ig.base_probs.size)
        self.ig = ig
        self.required = [ig.index[t] for t in required]
        # Fewer worlds on big maps keep the (world, person) flags at a few million.
        self.worlds = W = int(min(worlds, max(200, 4_000_000 // max(n, 1))))
        scales, externals, cumulative = _draw_table(ig.model)
        point = np.searchsorted(cumulative, rng.random(W), side="right").clip(0, len(scales) - 1)
        self.point = point
        salt = int(rng.integers(0, 2**63))
        # Reverse adjacency: who influences whom, by target. Each tie's coin in world w is
        # keyed by (w, tie), so every required person's search sees the same world.
        order = np.argsort(ig.target, kind="stable")
        rev_indptr = np.concatenate(([0], np.cumsum(np.bincount(ig.target, minlength=n)))).astype(np.int64)
        rev_src, rev_p = ig.source[order].astype(np.int64), ig.base_probs[order]
        scale_w = scales[point].astype(np.float64)
        external_w = externals[point]
        visited = np.zeros(W * n, dtype=bool)
        stamp = np.zeros(W * n, dtype=np.int32)
        reach = []
        for t in self.required:
            frontier = np.arange(W, dtype=np.int64) * n + t
            visited[frontier] = True
            found = [frontier]
            while frontier.size:
                w = frontier // n
                degree, pos = _gather(rev_indptr, frontier - w * n)
                w_e = np.repeat(w, degree)
                live = _world_uniforms(w_e * m + order[pos], salt) < np.minimum(1.0, scale_w[w_e] * rev_p[pos])
                nxt = w_e[live] * n + rev_src[pos[live]]
                nxt = _one_of_each(nxt[~visited[nxt]], stamp)
                visited[nxt] = True
                found.append(nxt)
                frontier = nxt
            keys = np.concatenate(found)
            visited[keys] = False
            reach.append(keys)
        if candidates is None:  # only someone who reaches a required person in some world can help
            everyone = np.concatenate(reach) % n if reach else np.zeros(0, dtype=np.int64)
            counts = np.bincount(everyone, minlength=n)
            counts[ig.on_board] = 0
            seen = np.flatnonzero(counts)
            if seen.size > max_candidates:  # on a big map, those who reach the required most often
                seen = np.sort(seen[np.argsort(-counts[seen], kind="stable")[:max_candidates]])
            candidates = seen
        self.candidates = np.asarray(candidates, dtype=np.int64)
        col = np.full(n, -1, dtype=np.int64)
        col[self.candidates] = np.arange(self.candidates.size)
        T, C = len(self.required), self.candidates.size
        self.base = np.zeros((T, W), dtype=bool)         # t on board in w without the set
        self.cover = np.zeros((T, W, C), dtype=bool)     # approaching c (and succeeding) brings t on board
        approach_ok = rng.random((W, C)) < ig.receptiveness[self.candidates][None, :]
        for ti, keys in enumerate(reach):
            kw, kv = keys // n, keys % n
            outside = (external_w[kw] > 0) & (_world_uniforms(keys, _mix_salt(salt, 2)) < external_w[kw])
            on = ig.on_board[kv] | outside
            self.base[ti] = np.bincount(kw[on], minlength=W) > 0
            c = col[kv]
            keep = (c >= 0) & ~self.base[ti][kw]
            self.cover[ti, kw[keep], c[keep]] = approach_ok[kw[keep], c[keep]]

    def probability(self, chosen) -> "np.ndarray":
        """Per world, whether every required person is on board after approaching *chosen* (indices of candidates)."""
        import numpy as np

        covered = self.base.copy()
        if len(chosen):
            covered |= self.cover[:, :, list(chosen)].any(axis=2)
        return covered.all(axis=0) if len(self.required) else np.ones(self.worlds, dtype=bool)

    def estimate(self, chosen) -> Estimate:
        """P(decision) with an 80% interval over the prior's points and the sampling."""
        import numpy as np

        won = self.probability(chosen).astype(np.float64)
        mean = float(won.mean())
        by_point = [won[self.point == k] for k in np.unique(self.point)]
        spread = [float(x.mean()) for x in by_point if x.size]
        se = math.sqrt(max(mean * (1 - mean), 1e-12) / self.worlds)
        low = max(0.0, min(spread + [mean]) - 1.2816 * se) if len(spread) > 1 else max(0.0, mean - 1.2816 * se)
        high = min(1.0, max(spread + [mean]) + 1.2816 * se) if len(spread) > 1 else min(1.0, mean + 1.2816 * se)
        return Estimate(mean, low, high)

    def index_of(self, people) -> list[int]:
        col = {int(c): i for i, c in enumerate(self.candidates)}
        return [col[self.ig.index[p]] for p in people if self.ig.index.get(p) is not None
                and self.ig.index[p] in col]


def _exhaustive(worlds: DecisionWorlds, k: int) -> list[int]:
    """The best set of *k* candidates on the worlds, by trying every one (small cases only)."""
    import itertools

    import numpy as np

    best, best_p = [], -1.0
    combos = itertools.combinations(range(worlds.cover.shape[2]), k)
    while True:
        chunk = list(itertools.islice(combos, 256))
        if not chunk:
            break
        sets = np.array(chunk, dtype=np.int64)                       # S x k
        covered = worlds.base[:, :, None] | worlds.cover[:, :, sets].any(axis=3)  # T x W x S
        won = covered.all(axis=0).mean(axis=0)
        i = int(np.argmax(won))
        if won[i] > best_p + 1e-12:
            best, best_p = list(sets[i]), float(won[i])
    return [int(c) for c in best]


def choose_for_decision(worlds: DecisionWorlds, k: int, *, alternatives=(),
                        exhaustive_limit: int = 3000) -> tuple[list[int], str]:
    """The *k* candidates (indices) that maximise P(decision) on the worlds, and how they were found.

    When there are at most *exhaustive_limit* sets of *k*, every one is tried; otherwise the
    choice is greedy (ties broken by the expected number of required people won), then
    improved by swaps, then checked against *alternatives* (``(label, indices)`` pairs).
    Returns the chosen indices in order of approach and a sentence saying how they were chosen.
    """
    import math

    import numpy as np

    T, W, C = worlds.cover.shape
    if 0 < min(k, C) and math.comb(C, min(k, C)) <= exhaustive_limit:
        chosen = _exhaustive(worlds, min(k, C))
        # order of approach: the one that adds most first
        ordered, covered = [], worlds.base.copy()
        for _ in chosen:
            rest = [c for c in chosen if c not in ordered]
            won = [(covered | worlds.cover[:, :, c]).all(axis=0).mean() for c in rest]
            reached = [(covered | worlds.cover[:, :, c]).mean(axis=1).sum() for c in rest]
            best = max(range(len(rest)), key=lambda i: (won[i], reached[i]))
            ordered.append(rest[best])
            covered |= worlds.cover[:, :, rest[best]]
        return ordered, (f"exhaustive search over all {math.comb(C, min(k, C)):,} sets of {min(k, C)} on "
                         f"{W} simulated worlds, for P(all {T} required on board)")
    covered = worlds.base.copy()
    chosen: list[int] = []
    for _ in range(min(k, C)):
        with_c = covered[:, :, None] | worlds.cover              # T x W x C
        won = with_c.all(axis=0).mean(axis=0)                    # C
        reached = with_c.mean(axis=1).sum(axis=0)                # expected required on board
        score = won * (T + 1) + reached / (T + 1)
        if chosen:
            score[chosen] = -1.0
        best = int(np.argmax(score))
        if score[best] <= 0:
            break
        chosen.append(best)
        covered |= worlds.cover[:, :, best]
    # Local search: swap one chosen person for another while that raises P(decision)
    # (greedy alone can stall where no single person completes the decision).
    for _ in range(10 if len(chosen) <= 20 else 0):  # swaps cost k times a greedy step: small sets only
        improved = False
        for i in range(len(chosen)):
            rest = [c for j, c in enumerate(chosen) if j != i]
            covered = worlds.base.copy()
            if rest:
                covered |= worlds.cover[:, :, rest].any(axis=2)
            won = (covered[:, :, None] | worlds.cover).all(axis=0).mean(axis=0)
            won[rest] = -1.0
            best = int(np.argmax(won))
            if won[best] > won[chosen[i]] + 1e-12:
                chosen[i] = best
                improved = True
        if not improved:
            break
    how = (f"greedy on P(all {T} required on board) over {W} simulated worlds, ties broken by the expected "
           "number of required people won, then improved by swaps")
    best_p = worlds.probability(chosen).mean()
    for label, option in alternatives:
        option = [i for i in option if 0 <= i < C][:k]
        p = worlds.probability(option).mean()
        if p > best_p + 1e-12:
            chosen, best_p = list(option), p
            how += f"; {label} did better on the same worlds and was kept"
    return chosen, how


def _talking_point(G, person: str) -> str:
    from .vocabulary import style_tip

    data = G.nodes[person]
    tip = style_tip(data.get("style"))
    notes = " ".join(str(data.get("notes") or "").split())
    cares = (notes[:140] + "…") if len(notes) > 140 else notes
    parts = []
    if tip:
        parts.append(f"{data.get('style')}: {tip.rstrip('.')}")
    if cares:
        parts.append(f"they care about: {cares}")
    return "; ".join(parts)


def _owner_of(G, person: str):
    owner = G.nodes[person].get("owner")
    return str(owner).strip() if owner not in (None, "") else None


def _schedule(actions: list[Action], quarters: int, capacity: dict, default_capacity: int) -> None:
    used: dict = {}
    quarter_of: dict = {}
    for action in actions:
        earliest = 1
        for before in action.after:
            q = quarter_of.get(before)
            if q is None and before in quarter_of:  # the earlier action did not fit: nor does this
                earliest = quarters + 1
            elif q is not None:
                earliest = max(earliest, q + 1)
        slots = capacity.get(action.owner, default_capacity) if action.owner else None
        chosen = None
        for q in range(earliest, quarters + 1):
            if slots is None or used.get((action.owner, q), 0) < slots:
                chosen = q
                break
        action.quarter = chosen
        if chosen is not None and action.owner:
            used[(action.owner, chosen)] = used.get((action.owner, chosen), 0) + 1
        quarter_of[action.target] = chosen
    order: dict = {}
    for action in sorted(actions, key=lambda a: (a.quarter is None, a.quarter or 0)):
        order[action.quarter] = order.get(action.quarter, 0) + 1
        action.order = order[action.quarter]


def make_plan(analysis, *, quarters: int = DEFAULT_QUARTERS, capacity: dict | None = None,
              default_capacity: int = DEFAULT_CAPACITY, goal: str = "support", required=None,
              antibodies: int = 3, worlds: int = 1000, start=None, seed: int | None = None) -> Plan:
    """A campaign plan from an :class:`~influence.analysis.Analysis` (see the module notes).

    Parameters
    ----------
    analysis : Analysis
        Its model, seed and scenario are the plan's.
    quarters : int
        The horizon.
    capacity : dict, optional
        ``owner -> meetings per quarter``; others get *default_capacity*.
    goal : {"support", "decision"}
    required : list of str, optional
        Ids or names of the people the decision needs (default :func:`required_people`).
    antibodies : int
        How many antibodies (most influential first) get a neutralise action.
    worlds : int
        Simulated worlds for P(decision).
    start : date or str, optional
        A day in the plan's first quarter (today by default).

    Raises
    ------
    InfluenceError
        For an unknown goal, a horizon below 1, a negative capacity, or ``goal="decision"``
        on a map without required people.
    """
    import numpy as np

    from .errors import InfluenceError
    from .spread import expected_support

    if goal not in ("support", "decision"):
        raise InfluenceError(f"unknown goal {goal!r}; use support or decision")
    if quarters < 1:
        raise InfluenceError("the plan needs at least one quarter")
    capacity = {str(k).strip(): int(v) for k, v in (capacity or {}).items()}
    if any(v < 0 for v in capacity.values()) or default_capacity < 0:
        raise InfluenceError("a capacity is a number of meetings per quarter, 0 or more")
    seed = analysis.seed if seed is None else seed
    G = analysis.graph
    ig = analysis.influence
    needed = [analysis.resolve(p) for p in required] if required else required_people(G)
    if goal == "decision" and not needed:
        raise InfluenceError("no one is required for the decision: mark decision makers and approvers in the "
                             "Role column, or name them (required people)")
    leaders = [leader.id for leader in analysis.leaders]
    k = max(1, len(leaders))
    decision_worlds = DecisionWorlds(ig, needed, worlds=worlds, seed=seed) if needed else None
    how = "the leading 10 percenters: the most people on board (greedy on expected support)"
    if goal == "decision":
        options = [("the leading set", decision_worlds.index_of(leaders)),
                   ("approaching the required people directly", decision_worlds.index_of(
                       [t for t in needed if not ig.on_board[ig.index[t]]]))]
        chosen, how = choose_for_decision(decision_worlds, k, alternatives=options)
        approach = [ig.ids[int(decision_worlds.candidates[i])] for i in chosen]
    else:
        approach = leaders
    p_decision = decision_worlds.estimate(decision_worlds.index_of(approach)) if decision_worlds \
        else Estimate(0.0, 0.0, 0.0)
    support = expected_support(ig, approach, simulations=analysis.simulations, seed=seed)

    # Each person's marginal gain in the order of approach: the leading set's own gains, or
    # (another set) by common random numbers, so a gain is never negative.
    if approach == leaders:
        gains = [leader.expected_gain for leader in analysis.leaders]
    else:
        sims = min(analysis.simulations, 400)
        gains, previous = [], expected_support(ig, [], simulations=sims, seed=seed).mean
        for i in range(len(approach)):
            now = expected_support(ig, approach[:i + 1], simulations=sims, seed=seed).mean
            gains.append(max(0.0, now - previous))
            previous = now

    actions: list[Action] = []
    planned = set(approach)
    for person, gain in zip(approach, gains):
        chain = analysis.approach_to(person)
        people = list(chain.people)
        if not people:
            actions.append(Action(None, person, [], None, 0, "find owner", gain,
                                  talking_point=_talking_point(G, person), probability=0.0))
            continue
        first = people[0]
        owner = _owner_of(G, first) or _owner_of(G, person)
        via = people[:-1]
        after = [p for p in via if p in planned and not ig.on_board[ig.index[p]]]
        kind = "approach" if owner else "find owner"
        actions.append(Action(owner, person, via, None, 0, kind, gain, talking_point=_talking_point(G, person),
                              probability=chain.probability, after=after))
    for antibody in [a for a in analysis.antibodies if a.id not in planned][:max(0, antibodies)]:
        if not antibody.neutralizers:
            actions.append(Action(None, antibody.id, [], None, 0, "find owner", 0.0,
                                  talking_point="no one on our side reaches them yet: " + _talking_point(G, antibody.id)))
            continue
        neutraliser = antibody.neutralizers[0]
        path = antibody.paths[0] if antibody.paths else None
        owner = _owner_of(G, neutraliser) or _owner_of(G, antibody.id)
        after = [neutraliser] if neutraliser in planned else []
        actions.append(Action(owner, antibody.id, [neutraliser], None, 0, "neutralise", 0.0,
                              talking_point=f"facts, execution and results, through {G.nodes[neutraliser].get('name') or neutraliser}",
                              probability=path.probability if path is not None else 0.0, after=after))
    _schedule(actions, quarters, capacity, default_capacity)
    start_day = plan_start(start)
    return Plan(goal=goal, required=list(needed), approach=list(approach), probability_decision=p_decision,
                expected_support=support, actions=actions, quarters=quarters,
                capacity={**{o: default_capacity for o in {a.owner for a in actions if a.owner}}, **capacity},
                start=start_day.isoformat(), seed=seed, how=how)


def review_plan(plan: Plan, before, after) -> list[dict]:
    """The plan against what happened between two states of the map (e.g. two snapshots).

    Each action with its status and whether its target moved: ``{"target", "name", "kind",
    "status", "quarter", "attitude_before", "attitude_after", "moved"}`` where ``moved`` is
    ``"warmer"``, ``"cooler"``, ``"unchanged"`` or ``"left"``.
    """
    from .vocabulary import ATTITUDE_VALUE

    rows = []
    for action in plan.actions:
        old = before.nodes[action.target].get("attitude") if action.target in before else None
        new = after.nodes[action.target].get("attitude") if action.target in after else None
        a, b = ATTITUDE_VALUE.get(old or "unknown"), ATTITUDE_VALUE.get(new or "unknown")
        moved = ("left" if action.target not in after else "unchanged" if old == new
                 else "warmer" if (a is None and b is not None and b > 0) or (a is not None and b is not None and b > a)
                 else "cooler" if (a is not None and b is not None and b < a) else "changed")
        name = (after.nodes[action.target].get("name") if action.target in after
                else before.nodes[action.target].get("name") if action.target in before else action.target)
        rows.append({"target": action.target, "name": name, "kind": action.kind, "status": action.status,
                     "quarter": action.quarter, "attitude_before": old, "attitude_after": new, "moved": moved})
    return rows


def _ics_text(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    out, current = [], b""
    for ch in line:
        piece = ch.encode("utf-8")
        if len(current) + len(piece) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += piece
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def plan_ics(plan: Plan, G, owner: str, *, map_name: str | None = None) -> bytes:
    """One owner's actions as an iCalendar file (RFC 5545): an all-day event per action,
    spread over its quarter in order, with the warm path and the talking point."""
    import hashlib

    name_of = lambda p: (G.nodes[p].get("name") or p) if p in G else p
    title = f"Campaign plan: {map_name or G.graph.get('name') or 'influence map'} ({owner})"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//influence-map//campaign plan//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_text(title)}"]
    stamp = Date.today().strftime("%Y%m%dT000000Z")
    mine = [a for a in plan.actions if a.owner == owner and a.quarter is not None and a.status != "dropped"]
    for a in sorted(mine, key=lambda a: (a.quarter, a.order)):
        first, last = _quarter_dates(plan.start, a.quarter)
        day = min(last, first + timedelta(days=7 * (a.order - 1)))
        verb = {"approach": "Approach", "neutralise": "Neutralise", "find owner": "Find an owner for"}[a.kind]
        summary = f"{verb} {name_of(a.target)}" + (f" via {' → '.join(name_of(v) for v in a.via)}" if a.via else "")
        description = f"{quarter_label(plan.start, a.quarter)}, step {a.order}. " + (a.talking_point or "")
        uid = hashlib.sha256(f"{plan.start}|{owner}|{a.kind}|{a.target}".encode()).hexdigest()[:24]
        lines += ["BEGIN:VEVENT", f"UID:{uid}@influence-map", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}",
                  f"STATUS:{'CONFIRMED' if a.status == 'done' else 'TENTATIVE'}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


def review_stored_plan(store, map_id: int) -> dict | None:
    """The map's stored plan against what happened since it was made (``None`` without a plan).

    Compares the snapshot the plan was made on (its ``version``; else the map's first
    snapshot) with the map as it stands: ``{"plan": <stored plan>, "since": snapshot id,
    "actions": review_plan(...) rows, "done", "dropped", "planned", "moved_warmer"}``.
    """
    data = store.plan(map_id)
    if not data:
        return None
    plan = Plan.from_dict(data)
    snapshots = store.snapshots(map_id)
    ids = {s.id for s in snapshots}
    since = plan.version if plan.version in ids else (snapshots[0].id if snapshots else None)
    before = store.load_snapshot(since) if since is not None else store.load(map_id)
    rows = review_plan(plan, before, store.load(map_id))
    count = lambda key, value: sum(1 for r in rows if r[key] == value)
    return {"plan": plan.to_dict(), "since": since, "actions": rows, "done": count("status", "done"),
            "dropped": count("status", "dropped"), "planned": count("status", "planned"),
            "moved_warmer": count("moved", "warmer")}
