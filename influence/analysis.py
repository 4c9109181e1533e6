"""The analysis of an influence map in one call: scores, leaders, segments, expected support.

:func:`analyze` runs every analysis of issue 3 on a map and returns an :class:`Analysis`,
the one object the command line, the exports and the dashboard read:

* influence scores (:mod:`influence.scores`);
* the leading 10 percenters in order of approach, each with the chain to approach them
  through (:mod:`influence.leaders`);
* the antibodies with their neutralisers, the hesitant middle, coverage gaps and the
  executive-sponsor check (:mod:`influence.segments`);
* expected support now and after winning the leading set (:mod:`influence.spread`).

:func:`what_if` answers "what if we win these people, or this person changes their mind?"
with expected support before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InfluenceError
from .graph import display_name
from .vocabulary import ALLY_ATTITUDES, RESISTER_ATTITUDES, UnknownValue, parse_attitude

__all__ = ["Analysis", "WhatIf", "SEGMENTS", "DEFAULT_SIMULATIONS", "analyze", "what_if"]

SEGMENTS = ("leading 10 percenter", "ally", "antibody", "hesitant middle")
"""Every person is in exactly one segment, checked in this order."""

DEFAULT_SIMULATIONS = 1000
"""Monte-Carlo cascades per expected-support estimate on maps up to 5,000 people.

Larger maps use fewer (``5,000,000 / people``, at least 200), so the cost stays about
flat; the standard error relative to the map stays small (under 0.1% of the people on a
synthetic organisation of 10,000 or 100,000).
"""


def _simulations(people: int, simulations: int | None) -> int:
    if simulations is not None:
        return int(simulations)
    return max(200, min(DEFAULT_SIMULATIONS, 5_000_000 // max(people, 1)))

# Shares of the progress bar per phase, measured on 10,000-person organisations.
_PHASES = {"scores": 0.05, "leaders": 0.65, "segments": 0.05, "support": 0.25}


@dataclass
class Analysis:
    """Everything :func:`analyze` found about one map (see the module notes).

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The map analysed.
    scores : dict of str -> Score
    leaders : list of Leader
        The leading percenters in order of approach.
    antibodies : list of Antibody
        Skeptics and opponents (outside the leading set), most influential first.
    hesitant_middle : list of str
        Neutral and unknown people outside the leading set, most influential first.
    coverage_gaps : list of str
        Influential people with no Owner on our side, most influential first.
    executive_sponsor : SponsorCheck
    support_now, support_with_leaders : SupportEstimate
        Expected people on board as things stand, and after winning the leading set.
    fraction, seed, simulations : the parameters used
    model : SpreadModel
    """

    graph: object
    scores: dict
    leaders: list
    antibodies: list
    hesitant_middle: list
    coverage_gaps: list
    executive_sponsor: object
    support_now: object
    support_with_leaders: object
    fraction: float = 0.10
    seed: int = 0
    simulations: int = DEFAULT_SIMULATIONS
    model: object = None
    _segments: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        leader_ids = {leader.id for leader in self.leaders}
        nodes = self.graph.nodes
        for person in self.graph:
            attitude = nodes[person].get("attitude") or "unknown"
            self._segments[person] = (
                "leading 10 percenter" if person in leader_ids
                else "ally" if attitude in ALLY_ATTITUDES
                else "antibody" if attitude in RESISTER_ATTITUDES
                else "hesitant middle")

    def segment(self, person) -> str:
        """The person's segment, one of :data:`SEGMENTS` (an id or a name).

        Raises
        ------
        PersonNotFound
            If nobody in the map matches (close names are suggested).
        """
        from .paths import resolve_person

        key = str(person)
        return self._segments[key if key in self._segments else resolve_person(self.graph, person)]

    def to_dict(self) -> dict:
        """The JSON object of ``influence analyze --json``.

        Keys: ``map``, ``parameters``, ``executive_sponsor``, ``expected_support`` (``now``
        and ``with_leaders`` in expected people, with ``stderr``), ``people`` (most
        influential first), ``leading_10_percenters`` (in order of approach),
        ``antibodies``, ``hesitant_middle``, ``coverage_gaps``.
        """
        G = self.graph
        nodes = G.nodes
        order = sorted(G, key=lambda p: (-self.scores[p].value, p))
        return {
            "map": {"name": G.graph.get("name"), "source": _text(G.graph.get("source")), "people": len(G)},
            "parameters": {"fraction": self.fraction, "seed": self.seed, "simulations": self.simulations,
                           "model": self.model.to_dict() if self.model is not None else None},
            "executive_sponsor": self.executive_sponsor.to_dict(),
            "expected_support": {
                "now": round(self.support_now.mean, 3),
                "with_leaders": round(self.support_with_leaders.mean, 3),
                "stderr": {"now": round(self.support_now.stderr, 3),
                           "with_leaders": round(self.support_with_leaders.stderr, 3)},
                "simulations": self.simulations,
            },
            "people": [{
                "id": p, "name": display_name(G, p), "title": nodes[p].get("title"),
                "influence_score": self.scores[p].value, "explanation": self.scores[p].explanation,
                "attitude": nodes[p].get("attitude") or "unknown", "segment": self._segments[p],
            } for p in order],
            "leading_10_percenters": [_leader_dict(leader) for leader in self.leaders],
            "antibodies": [a.to_dict() for a in self.antibodies],
            "hesitant_middle": list(self.hesitant_middle),
            "coverage_gaps": list(self.coverage_gaps),
        }


def _text(value):
    return None if value is None else str(value)


def _leader_dict(leader) -> dict:
    data = leader.to_dict()
    data["expected_gain"] = round(data["expected_gain"], 3)
    data["approach_probability"] = round(data["approach_probability"], 6)
    return data


class _Phases:
    """One ``progress(done, total)`` scale over the phases of :func:`analyze`."""

    TOTAL = 1000

    def __init__(self, callback):
        self.callback = callback
        self.offset = 0.0

    def part(self, phase):
        """A ``progress(done, total)`` callback for one phase, mapped onto the whole."""
        start, share = self.offset, _PHASES[phase]
        self.offset += share

        def report(done, total):
            if self.callback is not None and total:
                self.callback(int(self.TOTAL * (start + share * min(done, total) / total)), self.TOTAL)
        return report

    def done(self, phase):
        self.part(phase)(1, 1)


def analyze(G, *, fraction: float = 0.10, seed: int = 0, model=None, simulations: int | None = None,
            weights: dict | None = None, progress=None) -> Analysis:
    """Analyse an influence map: scores, leading percenters, segments and expected support.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The influence map (from :func:`influence.read_workbook` or :mod:`influence.graph`).
    fraction : float
        Share of people in the leading set: k = ceil(fraction × people), 10% by default.
    seed : int
        Seed of every random choice; the same seed gives the same analysis.
    model : SpreadModel, optional
        The spread model; DOMAIN.md's defaults when omitted.
    simulations : int, optional
        Monte-Carlo cascades per expected-support estimate (see :data:`DEFAULT_SIMULATIONS`).
    weights : dict, optional
        Influence-score weights (see :func:`influence.scores.influence_scores`).
    progress : callable, optional
        Called as ``progress(done, total)`` while the analysis runs, for a progress bar.

    Returns
    -------
    Analysis

    Raises
    ------
    InfluenceError
        If *fraction* is not in (0, 1].

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map()
    >>> for pid, att in [("ann", "champion"), ("bo", "neutral"), ("cy", "skeptic")]:
    ...     _ = add_person(G, pid, pid.title(), attitude=att, authority=4)
    >>> add_relationship(G, "ann", "bo", strength=1.0); add_relationship(G, "bo", "cy", strength=1.0)
    >>> a = analyze(G, simulations=200)
    >>> [leader.id for leader in a.leaders], a.segment("cy"), a.antibodies[0].neutralizers
    (['bo'], 'antibody', ['bo'])
    >>> a.executive_sponsor.ok
    True
    """
    from .leaders import leading_percenters
    from .scores import influence_scores
    from .segments import antibodies, coverage_gaps, executive_sponsor, hesitant_middle
    from .spread import SpreadModel, expected_support, influence_graph

    model = model or SpreadModel()
    simulations = _simulations(len(G), simulations)
    phases = _Phases(progress)
    scores = influence_scores(G, weights=weights)
    phases.done("scores")
    ig = influence_graph(G, model)  # built once, shared by every step below
    leaders = leading_percenters(ig, fraction=fraction, seed=seed, progress=phases.part("leaders"))
    found = dict(
        antibodies=antibodies(ig, scores, leaders=leaders),
        hesitant_middle=hesitant_middle(G, scores, leaders=leaders),
        coverage_gaps=coverage_gaps(G, scores),
        executive_sponsor=executive_sponsor(G, scores),
    )
    phases.done("segments")
    support = phases.part("support")
    now = expected_support(ig, (), simulations=simulations, seed=seed)
    support(1, 2)
    with_leaders = expected_support(ig, [leader.id for leader in leaders], simulations=simulations, seed=seed)
    support(2, 2)
    return Analysis(graph=G, scores=scores, leaders=leaders, support_now=now, support_with_leaders=with_leaders,
                    fraction=fraction, seed=seed, simulations=simulations, model=model, **found)


@dataclass(frozen=True)
class WhatIf:
    """Expected support before and after a what-if (see :func:`what_if`).

    ``win`` are the ids set out to win, ``attitudes`` the changed attitudes (id -> label),
    ``gain`` the difference in expected people on board.
    """

    before: object
    after: object
    win: list
    attitudes: dict

    @property
    def gain(self) -> float:
        return self.after.mean - self.before.mean

    def to_dict(self) -> dict:
        return {"win": list(self.win), "attitudes": dict(self.attitudes),
                "before": _estimate(self.before), "after": _estimate(self.after), "gain": round(self.gain, 3)}


def _estimate(estimate) -> dict:
    return {"mean": round(estimate.mean, 3), "stderr": round(estimate.stderr, 3), "simulations": estimate.simulations}


def what_if(G, win=(), attitudes: dict | None = None, *, model=None, simulations: int | None = None,
            seed: int = 0) -> WhatIf:
    """Expected support before and after winning some people and changing some attitudes.

    *Before* is the map as it stands. *After* first sets the changed *attitudes* (the
    user's words are accepted: "Mentor", "-1"), then approaches everyone in *win* as the
    model's "winning someone over": the approach succeeds with probability r(v), and
    whoever comes on board spreads support. To count someone as certainly on board, set
    their attitude to ``"champion"`` instead. Both estimates use the same *seed*, so the
    answer is reproducible; their standard errors say how precise each is.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    win : iterable of str
        Ids or names of the people to win over.
    attitudes : dict, optional
        Id or name -> attitude word.
    model : SpreadModel, optional
    simulations : int, optional
        Monte-Carlo cascades per estimate (see :data:`DEFAULT_SIMULATIONS`).
    seed : int

    Returns
    -------
    WhatIf

    Raises
    ------
    PersonNotFound
        For a name or id not in the map (close names are suggested).
    InfluenceError
        For an attitude word that is not on the scale.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map(); _ = add_person(G, "a", "Ann", attitude="neutral")
    >>> _ = add_person(G, "b", "Bo", attitude="neutral"); add_relationship(G, "a", "b", strength=1.0)
    >>> w = what_if(G, attitudes={"Ann": "champion"}, simulations=2000)
    >>> w.before.mean, w.after.mean > 1.3, w.attitudes
    (0.0, True, {'a': 'champion'})
    """
    from .paths import resolve_person
    from .spread import expected_support

    simulations = _simulations(len(G), simulations)
    if isinstance(win, str):
        win = [win]
    chosen = list(dict.fromkeys(resolve_person(G, person) for person in win))
    changed = {}
    for person, word in (attitudes or {}).items():
        key = resolve_person(G, person)
        try:
            changed[key] = parse_attitude(word)
        except UnknownValue as err:
            raise InfluenceError(f"attitude for {display_name(G, key)}: {err}") from err
    before = expected_support(G, (), model=model, simulations=simulations, seed=seed)
    H = G
    if changed:
        H = G.copy()
        for key, label in changed.items():
            H.nodes[key]["attitude"] = label
    after = expected_support(H, chosen, model=model, simulations=simulations, seed=seed)
    return WhatIf(before=before, after=after, win=chosen, attitudes=changed)
