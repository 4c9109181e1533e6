"""Segments of a map for a change plan: antibodies, the hesitant middle, coverage gaps, a sponsor.

The change rule of DOMAIN.md: win the leading 10 percenters first
(:mod:`influence.leaders`), let them carry the **hesitant middle**, and neutralise the
**antibodies**, the skeptics and opponents, through the people they trust. Two checks
from alliance practice come with it: **coverage gaps** (influential people nobody on our
side holds the relationship with) and the **executive sponsor** (an initiative without a
champion or supporter of authority 4 or more is a red flag: the most common cause of failed
partner initiatives).

A map with nothing to build on yet (no attitude recorded, or nobody on our side: no ally
and no Owner) gets a first step instead: :func:`annotate_first` names the most senior and
most central people to record attitudes and Owners for, since every chain of approach
starts from an ally or an Owner and every forecast from attitudes.

Who counts as influential or senior comes from :mod:`influence.scores`: ``Score.senior``
is authority 4 or more where the Authority column is given, otherwise the top of a
reporting tree and the managers reporting to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .graph import display_name
from .vocabulary import ALLY_ATTITUDES, RESISTER_ATTITUDES

__all__ = [
    "Antibody",
    "SponsorCheck",
    "GAP_SCORE",
    "antibodies",
    "hesitant_middle",
    "coverage_gaps",
    "executive_sponsor",
    "ANNOTATE_FIRST",
    "needs_annotation",
    "annotate_first",
]

ANNOTATE_FIRST = 20
"""How many people :func:`annotate_first` names: a first sitting's work for an account team."""

GAP_SCORE = 50.0
"""Influence score from which a person without an Owner is a coverage gap."""


@dataclass(frozen=True)
class Antibody:
    """A skeptic or opponent, with who can neutralise them.

    ``neutralizers`` are allies or leading percenters ranked by the strength of their
    influence on this person: the probability that support carries from them to the
    antibody along ``paths[i]`` (a direct tie or the most probable chain).
    """

    id: str
    name: str
    influence_score: float
    attitude: str
    neutralizers: list[str] = field(default_factory=list)
    paths: list = field(default_factory=list)  # InfluencePath per neutralizer

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "influence_score": self.influence_score,
                "attitude": self.attitude, "neutralizers": list(self.neutralizers),
                "neutralizer_paths": [p.to_dict() for p in self.paths]}


@dataclass(frozen=True)
class SponsorCheck:
    """Whether the initiative has an executive sponsor.

    ``ok`` is true when some champion or supporter has authority 4 or more; ``sponsors``
    lists them (most influential first); ``candidates`` are senior people who are not
    opponents, most receptive and influential first, to win as sponsor when there is none;
    ``message`` is one line to show first.
    """

    ok: bool
    sponsors: list[str]
    message: str
    candidates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "sponsors": list(self.sponsors), "candidates": list(self.candidates),
                "message": self.message}


def _attitude(G, person) -> str:
    return G.nodes[person].get("attitude") or "unknown"


def _by_influence(people, scores):
    return sorted(people, key=lambda p: (-scores[p].value, p))


def antibodies(G, scores, *, leaders=(), model=None, k: int = 3) -> list[Antibody]:
    """The skeptics and opponents, most influential first, each with up to *k* neutralisers.

    Neutralisers are current allies (on board in the spread model) or leading percenters,
    ranked by the probability that support carries from them to the antibody: every
    direct tie into the antibody, plus the most probable chain from any of them (one
    multi-source Dijkstra on -log p for the whole map, so 10,000 antibodies cost about as
    much as one). Chains never pass a ``conflicts with`` tie.

    Parameters
    ----------
    G : networkx.MultiDiGraph or influence.spread.InfluenceGraph
    scores : dict
        Person id -> :class:`~influence.scores.Score` (from :func:`influence_scores`).
    leaders : iterable of Leader or str
        The leading percenters (their ids or :class:`~influence.leaders.Leader` objects);
        a resister among them is approached, not neutralised, so is left out.
    model : influence.spread.SpreadModel, optional
    k : int
        Most neutralisers per antibody (3).

    Returns
    -------
    list of Antibody

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> from influence.scores import influence_scores
    >>> G = new_map()
    >>> for pid, att in [("ally", "champion"), ("mid", "neutral"), ("cfo", "opponent")]:
    ...     _ = add_person(G, pid, pid.upper(), attitude=att)
    >>> add_relationship(G, "ally", "mid", strength=1.0); add_relationship(G, "mid", "cfo", strength=0.8)
    >>> [(a.id, a.neutralizers, a.paths[0].people) for a in antibodies(G, influence_scores(G))]
    [('cfo', ['ally'], ['ally', 'mid', 'cfo'])]
    """
    import numpy as np

    from .paths import InfluencePath, _best_chains
    from .spread import influence_graph

    ig = influence_graph(G, model)
    G = ig.graph
    leader_ids = {getattr(leader, "id", leader) for leader in leaders}
    resisters = _by_influence(
        [p for p in G if _attitude(G, p) in RESISTER_ATTITUDES and p not in leader_ids], scores)
    if not resisters:
        return []
    helpers = ig.on_board.copy()
    helpers[[ig.index[p] for p in leader_ids if p in ig.index]] = True
    # The best chain from any helper; edges into helpers are dropped, since a chain through
    # another helper is never better than the chain from it.
    start = np.flatnonzero(helpers)
    best = _best_chains(ig, start, np.ones(start.size), keep=~helpers[ig.target],
                        targets=[ig.index[p] for p in resisters]) if start.size else {}
    indptr, sources, probs = ig.reverse
    result = []
    for person in resisters:
        t = ig.index[person]
        options = {}  # helper index -> chain of indices (helper first, antibody last)
        lo, hi = indptr[t], indptr[t + 1]
        for u, p in zip(sources[lo:hi].tolist(), probs[lo:hi].tolist()):
            if helpers[u]:
                options[u] = ([u, t], p)
        if t in best:  # the most probable chain from any helper, if it beats their direct tie
            chain, p = best[t]
            if p > options.get(chain[0], ((), 0.0))[1]:
                options[chain[0]] = (chain, p)
        ranked = sorted(options.values(), key=lambda c: (-c[1], -scores[ig.ids[c[0][0]]].value, ig.ids[c[0][0]]))[:k]
        paths = [InfluencePath([ig.ids[i] for i in chain], round(p, 6)) for chain, p in ranked]
        result.append(Antibody(id=person, name=display_name(G, person), influence_score=scores[person].value,
                               attitude=_attitude(G, person), neutralizers=[path.people[0] for path in paths],
                               paths=paths))
    return result


def hesitant_middle(G, scores, *, leaders=()) -> list[str]:
    """Neutral and unknown people outside the leading set, most influential first.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> from influence.scores import influence_scores
    >>> G = new_map()
    >>> for pid, att in [("a", "neutral"), ("b", "unknown"), ("c", "supporter")]:
    ...     _ = add_person(G, pid, pid, attitude=att)
    >>> hesitant_middle(G, influence_scores(G), leaders=["b"])
    ['a']
    """
    leader_ids = {getattr(leader, "id", leader) for leader in leaders}
    middle = [p for p in G if _attitude(G, p) not in ALLY_ATTITUDES | RESISTER_ATTITUDES and p not in leader_ids]
    return _by_influence(middle, scores)


def _has_owner(G, person) -> bool:
    owner = G.nodes[person].get("owner")
    return owner is not None and not (isinstance(owner, float) and math.isnan(owner)) and str(owner).strip() != ""


def coverage_gaps(G, scores, *, min_score: float = GAP_SCORE) -> list[str]:
    """Influential people with no Owner on our side, most influential first.

    Influential means an influence score of *min_score* (50) or more, or senior (authority
    4 or more, see the module notes).

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> from influence.scores import influence_scores
    >>> G = new_map()
    >>> _ = add_person(G, "cfo", "CFO", authority=5); _ = add_person(G, "coo", "COO", authority=5, owner="Kim")
    >>> _ = add_person(G, "ic", "IC", authority=1)
    >>> coverage_gaps(G, influence_scores(G))
    ['cfo']
    """
    gaps = [p for p in G if not _has_owner(G, p) and (scores[p].value >= min_score or scores[p].senior)]
    return _by_influence(gaps, scores)


def _who(G, person) -> str:
    """``Name (Title, attitude, authority N)`` for messages."""
    data = G.nodes[person]
    details = [data.get("title"), _attitude(G, person)]
    if data.get("authority") is not None:
        details.append(f"authority {data['authority']}")
    return f"{display_name(G, person)} ({', '.join(str(d) for d in details if d)})"


def executive_sponsor(G, scores) -> SponsorCheck:
    """Is there an executive sponsor: a champion or supporter with authority 4 or more?

    Parameters
    ----------
    G : networkx.MultiDiGraph
    scores : dict
        Person id -> Score, for seniority without an Authority column and for ordering.

    Returns
    -------
    SponsorCheck
        When there is none, the message says so first and names up to three candidates.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> from influence.scores import influence_scores
    >>> G = new_map()
    >>> _ = add_person(G, "1", "Ann Lee", title="CFO", authority=5, attitude="neutral")
    >>> _ = add_person(G, "2", "Bo Park", authority=2, attitude="champion")
    >>> print(executive_sponsor(G, influence_scores(G)).message)
    No executive sponsor: no champion or supporter has authority 4 or more. The lack of a sponsor is the most common cause of failed partner initiatives; win one first. Candidates: Ann Lee (CFO, neutral, authority 5).
    """
    senior = [p for p in G if scores[p].senior]
    sponsors = _by_influence([p for p in senior if _attitude(G, p) in ALLY_ATTITUDES], scores)
    if sponsors:
        others = f" and {len(sponsors) - 1} more" if len(sponsors) > 1 else ""
        return SponsorCheck(True, sponsors, f"Executive sponsor: {_who(G, sponsors[0])}{others}.")
    # Most receptive first (champions cannot be here), then most influential.
    order = {"supporter": 0, "neutral": 1, "unknown": 2, "skeptic": 3}
    candidates = sorted((p for p in senior if _attitude(G, p) in order),
                        key=lambda p: (order[_attitude(G, p)], -scores[p].value, p))[:3]
    message = ("No executive sponsor: no champion or supporter has authority 4 or more. The lack of a "
               "sponsor is the most common cause of failed partner initiatives; win one first.")
    if candidates:
        message += " Candidates: " + "; ".join(_who(G, p) for p in candidates) + "."
    else:
        message += " Nobody in the map has authority 4 or more: add the partner's senior executives."
    return SponsorCheck(False, [], message, candidates)


def needs_annotation(G) -> bool:
    """True when the map has nothing to build a plan on yet.

    That is when no one's attitude is recorded (every attitude blank or unknown), or when
    nobody is on our side at all: no champion or supporter and no one with an Owner. Then
    the leading set rests on default receptiveness only and no chain of approach can start
    anywhere, so the first step is to annotate (see :func:`annotate_first`).

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map(); _ = add_person(G, "a", "Ann"); _ = add_person(G, "b", "Bo")
    >>> needs_annotation(G)
    True
    >>> G.nodes["a"]["attitude"] = "supporter"
    >>> needs_annotation(G)
    False
    >>> needs_annotation(new_map())
    False
    """
    if len(G) == 0:
        return False
    attitudes = [_attitude(G, p) for p in G]
    if all(a == "unknown" for a in attitudes):
        return True
    return not any(a in ALLY_ATTITUDES for a in attitudes) and not any(_has_owner(G, p) for p in G)


def annotate_first(G, scores, *, count: int = ANNOTATE_FIRST) -> list[str]:
    """Whom to annotate first on a map with nothing to build on: the most senior and most central.

    Empty unless :func:`needs_annotation`. Otherwise up to *count* people: the leadership
    first (``Score.senior``: authority 4 or more, or the top of the reporting tree and the
    managers reporting to it), the most senior first (the formal part of the influence
    score: authority, or level and people below), and among equals the most central (its
    informal part: PageRank on the ties), then by influence score. Recording their attitude (and who on our side holds
    the relationship) gives the analysis allies, Owners and receptiveness to plan from.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    scores : dict
        Person id -> Score (:func:`influence.scores.influence_scores`).
    count : int
        Most people named (20).

    Returns
    -------
    list of str
        Person ids, the first to annotate first.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> from influence.scores import influence_scores
    >>> G = new_map()
    >>> for pid in ["ceo", "cfo", "ic"]:
    ...     _ = add_person(G, pid, pid.upper())
    >>> add_reporting_line(G, "ceo", "cfo"); add_reporting_line(G, "cfo", "ic")
    >>> annotate_first(G, influence_scores(G), count=2)
    ['ceo', 'cfo']
    """
    if count <= 0 or not needs_annotation(G):
        return []

    def worth(person):
        score = scores[person]
        parts = score.parts or {}
        return (not score.senior, -round(parts.get("formal") or 0.0, 3), -(parts.get("informal") or 0.0),
                -score.value)

    order = {p: i for i, p in enumerate(G)}
    return sorted(G, key=lambda p: (*worth(p), order[p]))[:count]
