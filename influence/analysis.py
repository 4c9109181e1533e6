"""The analysis of an influence map in one call: scores, leaders, segments, expected support.

:func:`analyze` runs every analysis of issue 3 on a map and returns an :class:`Analysis`,
the one object the command line, the exports and the dashboard read:

* influence scores (:mod:`influence.scores`);
* the leading 10 percenters in order of approach, each with the chain to approach them
  through (:mod:`influence.leaders`);
* the antibodies with their neutralisers, the hesitant middle, coverage gaps and the
  executive-sponsor check (:mod:`influence.segments`);
* expected support now and after winning the leading set (:mod:`influence.spread`).

The :class:`Analysis` carries the settings it was made with (model, fraction, seed,
simulations, scenario), and chains of influence are read from it
(:meth:`Analysis.paths_to`, :meth:`Analysis.approach_to`), so the probability of a chain is
the same on every surface.

:func:`what_if` answers "what if we win these people, or this person changes their mind?"
with expected support before and after a :class:`~influence.scenarios.Scenario`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .graph import display_name
from .scenarios import Scenario
from .vocabulary import ALLY_ATTITUDES, RESISTER_ATTITUDES

if TYPE_CHECKING:  # networkx and numpy stay out of `import influence.analysis`
    import networkx as nx

    from .leaders import Leader
    from .paths import InfluencePath
    from .scores import Score
    from .segments import Antibody, SponsorCheck
    from .spread import InfluenceGraph, SpreadModel, SupportEstimate

__all__ = ["Analysis", "WhatIf", "SEGMENTS", "DEFAULT_SIMULATIONS", "FIRST_ESTIMATE", "analyze", "what_if", "chains_to",
           "chain_probability"]

SEGMENTS = ("leading 10 percenter", "ally", "antibody", "hesitant middle")
"""Every person is in exactly one segment, checked in this order."""

DEFAULT_SIMULATIONS = 1000
"""Monte-Carlo cascades per expected-support estimate on maps up to 5,000 people.

Larger maps use fewer (``5,000,000 / people``, at least 200), so the cost stays about
flat; the standard error relative to the map stays small (under 0.1% of the people on a
synthetic organisation of 10,000 or 100,000).
"""


FIRST_ESTIMATE = {"epsilon": 0.3, "simulations": 200}
"""The settings of a *first estimate* (``analyze(..., first_estimate=True)``).

A leading set chosen with IMM's ε = 0.3 instead of 0.1 and 200 cascades per support
estimate: about a quarter of the time on 5,000 people (1.2 s instead of 4.5 s on two
cores). The dashboard shows it while the full analysis runs, labelled as such;
``benchmarks/bench_dashboard.py`` prints how far its leading set's expected support is
from the full analysis' (0.3% lower on a synthetic 5,000-person organisation).
"""


def _simulations(people: int, simulations: int | None) -> int:
    if simulations is not None:
        return int(simulations)
    return max(200, min(DEFAULT_SIMULATIONS, 5_000_000 // max(people, 1)))

# Shares of the progress bar per phase, measured on 10,000-person organisations.
_PHASES = {"scores": 0.05, "leaders": 0.65, "segments": 0.05, "support": 0.25}


@dataclass(eq=False)
class Analysis:
    """Everything :func:`analyze` found about one map, with the settings that produced it.

    The command line, the exports and the dashboard read chains of influence from here
    (:meth:`paths_to`, :meth:`approach_to`), so every surface shows the probability of
    the analysis' own model for the same chain.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The map analysed: the map itself, or under a scenario the scenario's copy of it
        (:meth:`influence.scenarios.Scenario.apply`: attitudes changed, people assumed on
        board drawn as champions).
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
        Expected people on board as things stand (under the scenario: with its people
        assumed on board and approached), and after also winning the leading set.
    fraction : float
        Share of people in the leading set.
    seed : int
        Seed of every random choice.
    simulations : int
        Monte-Carlo cascades per expected-support estimate.
    model : SpreadModel
        The spread model every probability here comes from.
    scenario : Scenario
        The what-if the analysis is of; empty (false) for the map as it stands.
    base_graph : networkx.MultiDiGraph
        The map as it stands, without the scenario (``graph`` itself when there is none).
    annotate_first : list of str
        On a map with nothing to build on yet (no attitude recorded, or no ally and no
        Owner), the most senior and most central people to annotate first
        (:func:`influence.segments.annotate_first`); empty otherwise.
    first_estimate : bool
        A quick first estimate (:data:`FIRST_ESTIMATE` settings), shown while the full
        analysis runs; :meth:`precision_note` says so in words.
    """

    graph: nx.MultiDiGraph
    scores: dict[str, Score]
    leaders: list[Leader]
    antibodies: list[Antibody]
    hesitant_middle: list[str]
    coverage_gaps: list[str]
    executive_sponsor: SponsorCheck
    support_now: SupportEstimate
    support_with_leaders: SupportEstimate
    fraction: float = 0.10
    seed: int = 0
    simulations: int = DEFAULT_SIMULATIONS
    model: SpreadModel = field(default_factory=lambda: _default_model())
    scenario: Scenario = field(default_factory=Scenario)
    base_graph: nx.MultiDiGraph | None = None
    weights: dict[str, float] | None = None
    annotate_first: list[str] = field(default_factory=list)
    calibration: object | None = None  # the influence.calibration.Calibration the model came from, if any
    first_estimate: bool = False
    _segments: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _influence: InfluenceGraph | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.base_graph is None:
            self.base_graph = self.graph
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
        key = str(person)
        return self._segments[key if key in self._segments else self.resolve(person)]

    def resolve(self, person) -> str:
        """The id of *person* (an id or a name) in the map analysed.

        Raises
        ------
        PersonNotFound
            If nobody matches (close names are suggested).
        """
        from .people import resolve_person

        return resolve_person(self.graph, person)

    # --- chains of influence, under the analysis' model -----------------------------------

    @property
    def influence(self) -> InfluenceGraph:
        """The probabilities p(u→v) of the map analysed under :attr:`model`."""
        if self._influence is None:
            from .spread import influence_graph

            self._influence = influence_graph(self.graph, self.model)
        return self._influence

    def chain_probability(self, people) -> float:
        """The chance a chain carries support from our side (see :func:`chain_probability`)."""
        return chain_probability(self.influence, people)

    def paths_to(self, target, *, source=None, k: int = 3) -> list[InfluencePath]:
        """The *k* most probable chains of influence to *target* under the analysis' model.

        As :func:`chains_to` on the map analysed (the scenario's map under a scenario).

        Raises
        ------
        PersonNotFound
            If *target* or *source* is not in the map (close names are suggested).
        """
        return chains_to(self.influence, target, source=source, k=k)

    def approach_to(self, person) -> InfluencePath:
        """The best chain from our side to *person*: whom to approach them through.

        An ally's chain is just themself (probability 1); a leader's is the chain the
        analysis found for them; anyone else's is the most probable chain from an ally
        or an Owner-covered person. ``InfluencePath([], 0.0)`` when no chain reaches them.

        Raises
        ------
        PersonNotFound
            If nobody in the map matches.
        """
        from .paths import InfluencePath, best_approach

        key = self.resolve(person)
        for leader in self.leaders:
            if leader.id == key:
                people = list(leader.approach_via)
                break
        else:
            people = list(best_approach(self.influence, [key])[key].people)
        return InfluencePath(people, self.chain_probability(people)) if people else InfluencePath([], 0.0)

    # --- the scenario -----------------------------------------------------------------------

    def calibration_note(self) -> dict | None:
        """``{"label": "calibrated on …", "advice": …}`` when the model was calibrated, else ``None``."""
        if self.calibration is None:
            return None
        return {"label": self.calibration.label(), "advice": self.calibration.advice()}

    def precision_note(self) -> str:
        """``"First estimate: …"`` for a quick first estimate, ``""`` for a full analysis."""
        if not self.first_estimate:
            return ""
        return ("First estimate, refining: a quicker search and fewer simulations; "
                "the leading set and the figures may still change a little")

    def label(self) -> str:
        """The scenario's label ("What-if: … — not the current state"), ``""`` for none."""
        return self.scenario.label(self.graph)

    def of_people(self, people, *, progress=None) -> Analysis:
        """The analysis of a part of the map (e.g. the people a filter shows), same settings.

        The part is analysed as a map of its own with this analysis' model, fraction,
        seed, simulations, score weights and scenario (restricted to the people kept).
        """
        keep = [p for p in self.base_graph if p in set(people)]
        if len(keep) == self.base_graph.number_of_nodes():
            return self
        H = self.base_graph.subgraph(keep).copy()
        part = analyze(H, scenario=self.scenario.restricted_to(keep), model=self.model, fraction=self.fraction,
                       seed=self.seed, simulations=self.simulations, weights=self.weights, progress=progress)
        part.calibration = self.calibration  # the model is already the calibrated one
        return part

    def to_dict(self) -> dict:
        """The JSON object of ``influence analyze --json``.

        Keys: ``map``, ``parameters`` (fraction, seed, simulations, model), ``scenario``
        (the stored format plus its ``label``; ``null`` without one),
        ``executive_sponsor``, ``expected_support`` (``now`` and ``with_leaders`` in
        expected people, with ``stderr``), ``people`` (most influential first),
        ``leading_10_percenters`` (in order of approach), ``antibodies``,
        ``hesitant_middle``, ``coverage_gaps``, ``annotate_first`` (id, name, title, why).
        """
        G = self.graph
        nodes = G.nodes
        order = sorted(G, key=lambda p: (-self.scores[p].value, p))
        return {
            "map": {"name": G.graph.get("name"), "source": _text(G.graph.get("source")), "people": len(G)},
            "parameters": {"fraction": self.fraction, "seed": self.seed, "simulations": self.simulations,
                           "model": self.model.to_dict(), "first_estimate": self.first_estimate},
            "scenario": ({**self.scenario.to_dict(), "label": self.label()} if self.scenario else None),
            "calibration": self.calibration_note(),
            "executive_sponsor": self.executive_sponsor.to_dict(),
            "expected_support": {
                # mean, low, high (80% interval over the prior and the cascades), stderr, ...
                "now": _estimate(self.support_now),
                "with_leaders": _estimate(self.support_with_leaders),
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
            "annotate_first": [{"id": p, "name": display_name(G, p), "title": nodes[p].get("title"),
                                "why": self.scores[p].explanation} for p in self.annotate_first],
            **self.attention(),
        }

    def attention(self, *, today=None, cadence=None) -> dict[str, list[dict]]:
        """What needs attention: ``disputed``, ``stale`` and ``losing_touch`` people, each a list
        of ``{"id", "name", "why"}`` (see :func:`influence.assessments.attention`)."""
        from .assessments import attention

        return attention(self, today=today, cadence=cadence)


def chain_probability(G, people, *, model: SpreadModel | None = None) -> float:
    """The chance a chain of influence carries support from our side to its last person.

    The first person counts as on board when they are an ally (factor 1); anyone else
    must first be won by whoever on our side approaches them, which succeeds with their
    r(v). Then each step u→v carries with p(u→v). This one definition is what every
    surface shows for a chain: ``influence path`` (with or without ``--from``), the
    person card, the path finder and the briefings.

    Parameters
    ----------
    G : networkx.MultiDiGraph or influence.spread.InfluenceGraph
    people : list of str
        The chain, first person first (ids).
    model : SpreadModel, optional

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map()
    >>> for pid, att in [("a", "champion"), ("b", "neutral"), ("c", "neutral")]:
    ...     _ = add_person(G, pid, pid.upper(), attitude=att)
    >>> add_relationship(G, "a", "b", strength=1.0); add_relationship(G, "b", "c", strength=0.8)
    >>> chain_probability(G, ["a", "b", "c"]), chain_probability(G, ["b", "c"])  # 1 x 0.5 x 0.4; 0.5 x 0.4
    (0.2, 0.2)
    """
    from .paths import _chain_probability
    from .spread import influence_graph

    ig = influence_graph(G, model)
    if not people:
        return 0.0
    return _chain_probability(ig, [ig.index[str(p)] for p in people], from_our_side=True)


def chains_to(G, target, *, source=None, k: int = 3, model: SpreadModel | None = None) -> list[InfluencePath]:
    """The *k* most probable chains of influence to *target*, each with :func:`chain_probability`.

    The chains are those of :func:`influence.paths.influence_paths`; their probability
    is the chance each carries support from our side, so a chain from a *source* who is
    not an ally includes the chance of winning them first, and the same chain has the
    same probability whether it was asked for from that source or found from our side.

    Parameters
    ----------
    G : networkx.MultiDiGraph or influence.spread.InfluenceGraph
    target : str
        Id or name of the person to reach.
    source : str, optional
        Id or name of the person to start from; by default any ally or anyone with an
        Owner on our side.
    k : int
    model : SpreadModel, optional

    Returns
    -------
    list of InfluencePath
        Most probable first.

    Raises
    ------
    PersonNotFound
        If *target* or *source* is not in the map (close names are suggested).

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map()
    >>> for pid, att in [("a", "champion"), ("b", "neutral"), ("c", "neutral")]:
    ...     _ = add_person(G, pid, pid.upper(), attitude=att, owner="Zoe" if pid == "b" else None)
    >>> add_relationship(G, "a", "b", strength=1.0); add_relationship(G, "b", "c", strength=0.8)
    >>> sorted((p.people, round(p.probability, 3)) for p in chains_to(G, "c"))
    [(['a', 'b', 'c'], 0.2), (['b', 'c'], 0.2)]
    >>> chains_to(G, "c", source="b")   # b must be won first (0.5), then carries 0.4
    [InfluencePath(people=['b', 'c'], probability=0.2)]
    """
    from .paths import InfluencePath, influence_paths
    from .spread import influence_graph

    ig = influence_graph(G, model)
    found = influence_paths(ig, target, source=source, k=k)
    paths = [InfluencePath(list(p.people), chain_probability(ig, p.people)) for p in found if p.people]
    paths.sort(key=lambda p: -p.probability)  # stable: equal chains keep the search's order
    return paths


def _default_model() -> SpreadModel:
    from .spread import SpreadModel

    return SpreadModel()


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


def analyze(G, *, scenario: Scenario | Mapping | None = None, model: SpreadModel | None = None,
            fraction: float = 0.10, seed: int = 0, simulations: int | None = None, calibration=None,
            weights: dict | None = None, first_estimate: bool = False, progress=None) -> Analysis:
    """Analyse an influence map: scores, leading percenters, segments and expected support.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The influence map (from :func:`influence.read_workbook` or :mod:`influence.graph`).
    scenario : Scenario or dict, optional
        Analyse a what-if instead of the map as it stands: the scenario's map
        (:meth:`~influence.scenarios.Scenario.apply`), with the people it approaches
        approached in every expected-support estimate. A dict is read with
        :meth:`Scenario.from_dict`.
    model : SpreadModel, optional
        The spread model; DOMAIN.md's defaults when omitted.
    fraction : float
        Share of people in the leading set: k = ceil(fraction × people), 10% by default.
    seed : int
        Seed of every random choice; the same seed gives the same analysis.
    simulations : int, optional
        Monte-Carlo cascades per expected-support estimate (see :data:`DEFAULT_SIMULATIONS`).
    calibration : influence.calibration.Calibration, optional
        A fitted calibration: its model (:meth:`Calibration.model`, on top of *model*)
        is used.
    weights : dict, optional
        Influence-score weights (see :func:`influence.scores.influence_scores`).
    first_estimate : bool
        A quick first estimate instead (:data:`FIRST_ESTIMATE`: IMM's ε = 0.3, 200
        cascades per support estimate unless *simulations* is given), marked
        :attr:`Analysis.first_estimate`. Maps up to 300 people (CELF) are analysed in full.
    progress : callable, optional
        Called as ``progress(done, total)`` while the analysis runs, for a progress bar.

    Returns
    -------
    Analysis

    Raises
    ------
    InfluenceError
        If *fraction* is not in (0, 1], or *scenario* is not a scenario.

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
    >>> a.executive_sponsor.ok, a.label()
    (True, '')
    >>> b = analyze(G, scenario=Scenario(on_board=("bo",)), simulations=200)
    >>> b.graph.nodes["bo"]["attitude"], b.label()
    ('champion', 'What-if: Bo assumed on board — not the current state')
    """
    from .leaders import leading_percenters
    from .scores import influence_scores
    from .segments import annotate_first, antibodies, coverage_gaps, executive_sponsor, hesitant_middle
    from .spread import SpreadModel, expected_support, influence_graph

    scenario = Scenario.from_dict(scenario)
    if calibration is not None:
        model = calibration.model(base=model)
    model = model or SpreadModel()
    base = G
    if scenario:
        G = scenario.apply(base)
    approached = scenario.approached_in(G)
    epsilon = None
    if first_estimate:
        epsilon = FIRST_ESTIMATE["epsilon"]
        if simulations is None:
            simulations = min(FIRST_ESTIMATE["simulations"], _simulations(len(G), None))
    simulations = _simulations(len(G), simulations)
    phases = _Phases(progress)
    scores = influence_scores(G, weights=weights)
    phases.done("scores")
    ig = influence_graph(G, model)  # built once, shared by every step below
    leaders = leading_percenters(ig, fraction=fraction, seed=seed, epsilon=epsilon, progress=phases.part("leaders"))
    found = dict(
        antibodies=antibodies(ig, scores, leaders=leaders),
        hesitant_middle=hesitant_middle(G, scores, leaders=leaders),
        coverage_gaps=coverage_gaps(G, scores),
        executive_sponsor=executive_sponsor(G, scores),
        annotate_first=annotate_first(G, scores),
    )
    phases.done("segments")
    support = phases.part("support")
    now = expected_support(ig, approached, simulations=simulations, seed=seed)
    support(1, 2)
    with_leaders = expected_support(ig, approached + [leader.id for leader in leaders],
                                    simulations=simulations, seed=seed)
    support(2, 2)
    return Analysis(graph=G, scores=scores, leaders=leaders, support_now=now, support_with_leaders=with_leaders,
                    fraction=fraction, seed=seed, simulations=simulations, model=model, scenario=scenario,
                    base_graph=base, weights=weights, calibration=calibration, first_estimate=bool(first_estimate),
                    _influence=ig, **found)


@dataclass(frozen=True)
class WhatIf:
    """Expected support before and after a what-if (see :func:`what_if`).

    ``before`` is the map as it stands, ``after`` the map under ``scenario`` (``label``
    says which, in words); ``gain`` the difference in expected people on board.
    """

    before: SupportEstimate
    after: SupportEstimate
    scenario: Scenario
    label: str = ""  # the scenario's label, with the map's names

    @property
    def on_board(self) -> list[str]:
        """Ids of the people assumed on board (certain)."""
        return list(self.scenario.on_board)

    @property
    def approach(self) -> list[str]:
        """Ids of the people approached (each won with probability r(v))."""
        return list(self.scenario.approach)

    @property
    def win(self) -> list[str]:
        """The people approached, by their older name (``--win`` approaches)."""
        return self.approach

    @property
    def attitudes(self) -> dict[str, str]:
        """The attitudes changed (id -> attitude level)."""
        return dict(self.scenario.attitudes)

    @property
    def gain(self) -> float:
        return self.after.mean - self.before.mean

    def to_dict(self) -> dict:
        """``on_board``, ``approach``, ``attitudes``, ``label``, ``before``, ``after``, ``gain``."""
        return {"on_board": self.on_board, "approach": self.approach, "attitudes": self.attitudes,
                "label": self.label or self.scenario.label(), "before": _estimate(self.before), "after": _estimate(self.after),
                "gain": round(self.gain, 3)}


def _estimate(estimate) -> dict:
    return {key: round(value, 3) if isinstance(value, float) else value
            for key, value in estimate.to_dict().items()}


def what_if(G, scenario: Scenario | Mapping | None = None, *, on_board=(), approach=(), win=(),
            attitudes: dict | None = None, model: SpreadModel | None = None, simulations: int | None = None,
            seed: int = 0, calibration=None) -> WhatIf:
    """Expected support before and after a what-if scenario.

    *Before* is the map as it stands. *After* is the map under the scenario: its attitude
    changes applied, the people assumed *on_board* counted on board for certain (as
    champions), and the people to *approach* approached as the model's "winning someone
    over" (success with probability r(v)); whoever comes on board spreads support. Both
    estimates use the same *seed*, so the answer is reproducible and equals the expected
    support :func:`analyze` reports for the same scenario (``support_now``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
    scenario : Scenario or dict, optional
        The what-if; or give its parts as the keywords below (ids or names).
    on_board : iterable of str
        People to assume on board (certain).
    approach, win : iterable of str
        People to approach (``win`` is the older name of the same thing).
    attitudes : dict, optional
        Id or name -> attitude word ("Mentor", "-1", "neutral").
    model : SpreadModel, optional
    simulations : int, optional
        Monte-Carlo cascades per estimate (see :data:`DEFAULT_SIMULATIONS`).
    seed : int
    calibration : influence.calibration.Calibration, optional
        Use the calibrated model.

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
    >>> certain = what_if(G, on_board=["Ann"], simulations=2000)
    >>> certain.before.mean, 1.4 < certain.after.mean < 1.6    # exactly 1 + 0.5
    (0.0, True)
    >>> approached = what_if(G, approach=["Ann"], simulations=2000)
    >>> 0.65 < approached.after.mean < 0.85                     # exactly 0.5 × 1.5
    True
    """
    from .spread import expected_support

    if scenario is not None and not isinstance(scenario, (Scenario, Mapping)):
        win = scenario  # what_if(G, ["id", ...]): the older positional "win"
        scenario = None
    if isinstance(win, str):
        win = [win]
    if isinstance(approach, str):
        approach = [approach]
    if scenario is None:
        scenario = Scenario.build(G, on_board=on_board, approach=list(approach) + list(win), attitudes=attitudes)
    else:
        scenario = Scenario.from_dict(scenario)
        if on_board or approach or win or attitudes:
            raise TypeError("give either a scenario or on_board/approach/attitudes, not both")
        missing = [p for p in (*scenario.on_board, *scenario.approach, *scenario.attitudes) if p not in G]
        if missing:
            from .people import resolve_person

            resolve_person(G, missing[0])  # raises PersonNotFound with suggestions
    if calibration is not None:
        model = calibration.model(base=model)
    simulations = _simulations(len(G), simulations)
    before = expected_support(G, (), model=model, simulations=simulations, seed=seed)
    H = scenario.apply(G) if scenario else G
    after = expected_support(H, scenario.approached_in(H), model=model, simulations=simulations, seed=seed)
    return WhatIf(before=before, after=after, scenario=scenario, label=scenario.label(G))
