"""What a briefing shows: one prepared view of a map and its analysis for every format.

:func:`prepare_briefing` runs (or takes) the analysis, resolves the target, anonymises
when asked, and turns ids into the names, titles and sentences an executive reads. Every
export format (diagram, deck, HTML, workbook) draws from the same :class:`Briefing`, so
they tell the same story, and anonymisation happens in one place: when ``anonymize`` is
set, every string in a :class:`Briefing` has passed through the scrubber.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import networkx as nx

from typing import TYPE_CHECKING

from .. import theme as _theme
from ..graph import display_name
from ..phrases import approach_phrase, approach_route
from ..vocabulary import ALLY_ATTITUDES, STYLE_TIPS

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..scenarios import Scenario

__all__ = ["Person", "LeaderRow", "AntibodyRow", "PathRow", "Briefing", "prepare_briefing",
           "ATTITUDE_LABELS", "ATTITUDE_COLOURS", "SEGMENT_LABELS", "LEADER_COLOUR",
           "ANTIBODY_COLOUR"]

# Colours and attitude labels are the theme's (shared with the dashboard); kept here
# under their old names for code that imports them from the briefing.
ATTITUDE_COLOURS, ATTITUDE_LABELS = _theme.ATTITUDE_COLOURS, _theme.ATTITUDE_LABELS
LEADER_COLOUR, ANTIBODY_COLOUR = _theme.LEADER_COLOUR, _theme.ANTIBODY_COLOUR

SEGMENT_LABELS = {
    "leading 10 percenter": "Leading 10 percenter", "ally": "Ally", "antibody": "Antibody",
    "hesitant middle": "Hesitant middle",
}


@dataclass
class Person:
    """One person as a briefing shows them (names already anonymised if asked)."""

    id: str
    name: str
    title: str
    department: str
    attitude: str
    score: float | None
    segment: str
    explanation: str
    owner: str | None
    style: str | None
    leader_rank: int | None = None
    antibody: bool = False
    manager: str | None = None

    @property
    def attitude_label(self) -> str:
        return ATTITUDE_LABELS.get(self.attitude, str(self.attitude).title())

    def summary(self) -> str:
        """One or two lines: who they are, how they stand, why they matter."""
        parts = [f"{self.name}" + (f", {self.title}" if self.title else "")]
        stance = f"{self.attitude_label}; {SEGMENT_LABELS.get(self.segment, self.segment)}"
        if self.score is not None:
            stance += f"; influence score {self.score:.0f}/100"
        parts.append(stance)
        if self.explanation:
            parts.append(self.explanation)
        return "\n".join(parts)


@dataclass
class LeaderRow:
    """A leading 10 percenter, in the order of approach."""

    rank: int
    id: str
    name: str
    title: str
    attitude: str
    approach_via: list[str]  # names along the best path, ending at this person
    via_ids: list[str]  # the same people's ids
    approach_probability: float | None
    style_tip: str
    why: str
    expected_gain: float | None

    owner: str | None = None  # who on our side holds the relationship with this person

    @property
    def approach_text(self) -> str:
        """Whom to go through: "A → B", "directly, through our owner X", or no warm path.

        A chain of one person starts at the leader themself, which the analysis only does
        when one of ours (their Owner) already holds the relationship.
        """
        return approach_route(self.approach_via, owner=self.owner)


@dataclass
class AntibodyRow:
    """A loud resister and the people who can neutralise them."""

    id: str
    name: str
    title: str
    attitude: str
    score: float | None
    neutralizers: list[str]
    neutralizer_ids: list[str]
    # Each neutraliser's own chain of ids to this antibody (alternatives, never one chain).
    neutralizer_chains: list[list[str]] = field(default_factory=list)


@dataclass
class PathRow:
    """One way to reach the target: the names along it and its chance of carrying support."""

    people: list[str]
    ids: list[str]
    probability: float

    def describe(self) -> str:
        """The path in words; a one-person path is a direct approach by our owner."""
        if len(self.people) == 1:
            return approach_phrase(self.people[0], self.people, probability=self.probability)
        return f"{' → '.join(self.people)} ({self.probability:.0%} chance support carries)"


@dataclass
class Briefing:
    """Everything a briefing export shows, in display form.

    ``graph`` is the map as drawn (the anonymised copy when ``anonymized``); person ids
    in ``people``, ``leaders`` and the rest are ids of that graph.
    """

    graph: nx.MultiDiGraph
    partner: str
    title: str
    date: _dt.date
    people: dict[str, Person]
    leaders: list[LeaderRow]
    antibodies: list[AntibodyRow]
    hesitant_middle: list[str]
    coverage_gaps: list[str]
    sponsor_ok: bool
    sponsors: list[str]
    sponsor_message: str
    support_now: float
    support_with_leaders: float
    target: str | None = None  # id
    paths: list[PathRow] = field(default_factory=list)
    anonymized: bool = False
    analysis: Analysis | None = None  # the Analysis of the real map (not anonymised)
    scenario_label: str = ""  # "What-if: … — not the current state", "" for the map as it stands

    @property
    def document_title(self) -> str:
        """The title for a file's metadata: the title, marked "(what-if)" under a scenario."""
        return f"{self.title} (what-if)" if self.scenario_label else self.title

    @property
    def date_text(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"

    def name(self, pid: str) -> str:
        return self.people[pid].name if pid in self.people else str(pid)

    def headline(self) -> str:
        """One sentence with the numbers that matter, for subtitles and speaker notes."""
        n = len(self.people)
        allies = sum(1 for p in self.people.values() if p.attitude in ALLY_ATTITUDES)
        resisters = sum(1 for p in self.people.values() if p.attitude in ("skeptic", "opponent"))
        return (f"{n} people: {allies} on our side, {resisters} resisting; "
                f"expected support {self.support_now:.0f} now, "
                f"{self.support_with_leaders:.0f} once the {len(self.leaders)} leading 10 percenters are won over")

    def summary_lines(self, *, short: bool = False) -> list[str]:
        """The analysis in a few sentences (speaker notes, title slide, HTML header).

        ``short`` lists at most five antibodies, for a slide rather than the notes. Under
        a scenario the first line is its label, so no summary reads as the current state.
        """
        lines = [self.scenario_label + "."] if self.scenario_label else []
        lines.append(self.headline() + ".")
        if self.leaders:
            order = ", ".join(f"{r.rank}. {r.name}" for r in self.leaders)
            lines.append(f"Approach first, in this order: {order}.")
        if self.antibodies:
            shown = self.antibodies[:5] if short else self.antibodies
            more = f"; and {len(self.antibodies) - len(shown)} more" if len(shown) < len(self.antibodies) else ""
            lines.append("Antibodies to neutralise: " + "; ".join(
                f"{a.name}" + (f" (through {', '.join(a.neutralizers)})" if a.neutralizers else "")
                for a in shown) + more + ".")
        lines.append(("Executive sponsor: " if self.sponsor_ok else "Red flag, no executive sponsor: ")
                     + self.sponsor_message)
        if self.coverage_gaps:
            lines.append(f"Coverage gaps: {len(self.coverage_gaps)} people have no owner on our side.")
        if self.target and self.paths:
            lines.append(f"Best way to {self.name(self.target)}: {self.paths[0].describe()}.")
        note = self.analysis.calibration_note() if self.analysis is not None else None
        if note:  # what the figures rest on, and whether the ties are worth working
            lines.append(f"Model {note['label']}. {note['advice']}")
        return lines


def prepare_briefing(G: nx.MultiDiGraph, analysis: Analysis | None = None, *, target=None,
                     anonymize: bool = False, title: str | None = None, fraction: float = 0.10, seed: int = 0,
                     scenario: Scenario | dict | None = None, date: _dt.date | None = None,
                     paths_k: int = 3) -> Briefing:
    """Prepare the display form of *G* and its analysis for the briefing exports.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map.
    analysis : influence.analysis.Analysis, optional
        The analysis of *G*; computed with ``analyze(G, scenario=scenario,
        fraction=fraction, seed=seed)`` when not given (pass it to reuse a dashboard's
        analysis). Its scenario, model and settings are the briefing's: the map is drawn
        as the scenario has it, the paths come from its model, and an analysis of more
        people than *G* holds (a filtered view) is redone for *G*'s people with the same
        settings.
    target : str, optional
        A person's name or id; the briefing then includes the best paths to them.
    anonymize : bool, default False
        Replace names with roles everywhere (see :mod:`influence.anonymize`).
    title : str, optional
        The title; defaults to "<partner>: influence map".
    fraction, seed, scenario
        Passed to ``analyze`` when the analysis is computed here.
    date : datetime.date, optional
        The date printed on the briefing (today by default).
    paths_k : int, default 3
        How many paths to the target to show.

    Returns
    -------
    Briefing

    Raises
    ------
    PersonNotFound
        If *target* matches nobody in the map.
    """
    from ..analysis import analyze

    if analysis is None:
        analysis = analyze(G, scenario=scenario, fraction=fraction, seed=seed)
    elif set(G) != set(analysis.graph):
        # The analysis of the whole map does not describe a part of it: analyse the part
        # with the same settings (model, fraction, seed, simulations, scenario).
        analysis = analyze(G, scenario=analysis.scenario.restricted_to(G), model=analysis.model,
                           fraction=analysis.fraction, seed=analysis.seed, simulations=analysis.simulations,
                           weights=analysis.weights)
    G = analysis.graph  # the map as the scenario has it (G itself without one)
    target_id, raw_paths = None, []
    if target is not None:
        target_id = analysis.resolve(target)
        raw_paths = analysis.paths_to(target_id, k=paths_k)

    if anonymize:
        from ..anonymize import anonymize as _anonymize, pseudonyms

        key = pseudonyms(G)
        shown = _anonymize(G, key=key)
        scrub, pid = key.scrub, key.person_id
    else:
        shown = G
        scrub, pid = (lambda text: text), (lambda v: v)

    def name(v) -> str:
        return display_name(shown, pid(v))

    antibody_ids = {a.id for a in analysis.antibodies}
    rank = {leader.id: leader.rank for leader in analysis.leaders}
    people = {}
    for v in G:
        data = shown.nodes[pid(v)]
        score = analysis.scores.get(v) if hasattr(analysis.scores, "get") else analysis.scores[v]
        people[pid(v)] = Person(
            id=pid(v), name=name(v), title=data.get("title") or "",
            department=data.get("department") or "", attitude=data.get("attitude") or "unknown",
            score=None if score is None else float(score.value),
            segment=analysis.segment(v),
            explanation=scrub(getattr(score, "explanation", "") or ""),
            owner=data.get("owner"), style=data.get("style"),
            leader_rank=rank.get(v), antibody=v in antibody_ids,
            manager=data.get("manager"),
        )

    leaders = []
    # The analysis should describe G; people it names who are not on G are left out
    # rather than failing (e.g. a filtered view given the whole map's analysis).
    for leader in (x for x in analysis.leaders if x.id in G):
        data = shown.nodes[pid(leader.id)]
        style = data.get("style")
        tip = leader.style_tip or STYLE_TIPS.get(style) or ""
        leaders.append(LeaderRow(
            rank=leader.rank, id=pid(leader.id), name=name(leader.id), title=data.get("title") or "",
            attitude=data.get("attitude") or "unknown",
            approach_via=[name(v) for v in (leader.approach_via or []) if v in G],
            via_ids=[pid(v) for v in (leader.approach_via or []) if v in G],
            approach_probability=getattr(leader, "approach_probability", None),
            style_tip=scrub(tip), why=scrub(getattr(leader, "why", "") or ""),
            expected_gain=getattr(leader, "expected_gain", None),
            owner=data.get("owner"),
        ))
    antibodies = [
        AntibodyRow(id=pid(a.id), name=name(a.id), title=shown.nodes[pid(a.id)].get("title") or "",
                    attitude=shown.nodes[pid(a.id)].get("attitude") or "unknown",
                    score=a.influence_score, neutralizers=[name(v) for v in a.neutralizers if v in G],
                    neutralizer_ids=[pid(v) for v in a.neutralizers if v in G],
                    neutralizer_chains=[[pid(v) for v in path.people] for path in a.paths
                                        if all(v in G for v in path.people)])
        for a in analysis.antibodies if a.id in G
    ]
    sponsor = analysis.executive_sponsor
    partner = shown.graph.get("name") or "Partner"
    label = ""
    if analysis.scenario:
        # Names in the label go through the same anonymisation as everything else.
        from ..scenarios import Scenario

        scenario = analysis.scenario
        label = Scenario(on_board=tuple(pid(v) for v in scenario.on_board if v in G),
                         approach=tuple(pid(v) for v in scenario.approach if v in G),
                         attitudes={pid(v): a for v, a in scenario.attitudes.items() if v in G},
                         name=scrub(scenario.name)).label(shown)
        if not label:  # the scenario is about people this view leaves out
            label = f"What-if{f' “{scrub(scenario.name)}”' if scenario.name else ''} — not the current state"
    return Briefing(
        graph=shown,
        partner=partner,
        title=scrub(title) if title else f"{partner}: influence map",
        date=date or _dt.date.today(),
        people=people,
        leaders=leaders,
        antibodies=antibodies,
        hesitant_middle=[pid(v) for v in analysis.hesitant_middle if v in G],
        coverage_gaps=[pid(v) for v in analysis.coverage_gaps if v in G],
        sponsor_ok=bool(sponsor.ok),
        sponsors=[name(v) for v in sponsor.sponsors if v in G],
        sponsor_message=_without_label(scrub(sponsor.message)),
        support_now=float(analysis.support_now.mean),
        support_with_leaders=float(analysis.support_with_leaders.mean),
        target=pid(target_id) if target_id is not None else None,
        paths=[PathRow(people=[name(v) for v in p.people], ids=[pid(v) for v in p.people],
                       probability=float(p.probability)) for p in raw_paths],
        anonymized=anonymize,
        analysis=analysis,
        scenario_label=label,
    )


def _without_label(message: str) -> str:
    """The sponsor message without a leading "Executive sponsor:" (the exports add their own)."""
    text = (message or "").strip()
    for label in ("no executive sponsor:", "executive sponsor:"):
        if text.lower().startswith(label):
            return text[len(label):].strip()
    return text
