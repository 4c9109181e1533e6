"""Judgements as evidence: who rated whom, when, how sure, on what evidence; who met whom.

An influence map is a set of opinions held by a team. Each judgement of a person's
attitude, influence, authority or style (and of a tie's strength) is an **assessment**:
a value, the rater, the date, a confidence and an optional evidence note. A person can
have any number; they are kept on the person (node attribute ``assessments``, a list of
dicts) or on the tie (edge attribute ``assessments``), so they travel with the map
through the workspace, the history and the annotated workbook.

The value every surface shows and the model uses is the **combination**
(:func:`combined_value`), documented here once:

1. Each rater's *latest* assessment of the field counts; older ones of the same rater are
   history (the rater changed their mind).
2. Each counts with weight ``confidence × 0.5 ** (age_days / half_life_days)``: a view
   loses half its weight every :data:`HALF_LIFE_DAYS` (180) days, so a week-old view from
   a meeting outweighs one from last year. An assessment without a date does not fade.
3. Ordered scales (attitude from opponent to champion, influence and authority 1–5, tie
   strength) combine by the **weighted median**; style (no order) by the weighted mode.
   "unknown" is no view and does not count.

The model receives the spread of opinions, not just the middle:
:func:`attitude_distribution` gives each attitude its share of the weight, and the spread
model draws a disputed person's receptiveness from it per simulated world
(:func:`influence.spread.influence_graph` reads it), so the forecast for a person the team
disagrees about lies between the raters' cases.

**Interactions** (node attribute ``interactions``: owner, date, kind, notes) are the log
of our contacts; :func:`last_contact` reads it. :func:`attention` turns both into the
warnings worth acting on (``disputed``, ``stale``, ``losing_touch``) with a **cadence**:
:data:`DEFAULT_CADENCE_DAYS` (90) for everyone, :data:`IMPORTANT_CADENCE_DAYS` (30) for
leaders, antibodies and decision makers.

Examples
--------
>>> from datetime import date
>>> views = [Assessment("attitude", "supporter", "Grace", date(2026, 11, 24), 0.9),
...          Assessment("attitude", "opponent", "Sam", date(2026, 3, 10), 0.6),
...          Assessment("attitude", "skeptic", "Grace", date(2026, 1, 5), 0.9)]
>>> combined_value(views, "attitude", today=date(2026, 12, 1))
'supporter'
>>> [(a, round(w, 2)) for a, w in attitude_distribution(views, today=date(2026, 12, 1))]
[('supporter', 0.8), ('opponent', 0.2)]
>>> is_disputed(views, today=date(2026, 12, 1))
True
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date as Date, datetime

from .vocabulary import ATTITUDE_VALUE, ATTITUDES

__all__ = [
    "ASSESSED_FIELDS", "HALF_LIFE_DAYS", "CONFIDENCE_WORDS", "DEFAULT_CONFIDENCE", "INTERACTION_KINDS",
    "DEFAULT_CADENCE_DAYS", "IMPORTANT_CADENCE_DAYS", "Assessment", "Interaction", "Cadence",
    "parse_confidence", "parse_date", "assessments_of", "interactions_of", "current_views",
    "combined_value", "attitude_distribution", "is_disputed", "apply_assessments", "add_assessment",
    "log_interaction", "last_contact", "last_contact_by_owner", "attention",
]

ASSESSED_FIELDS = ("attitude", "influence", "authority", "style", "strength")
"""The fields a judgement can be about (``strength`` is a tie's)."""

HALF_LIFE_DAYS = 180.0
"""A view loses half its weight in this many days."""

CONFIDENCE_WORDS = {"low": 0.3, "medium": 0.6, "med": 0.6, "high": 0.9, "certain": 1.0, "very high": 1.0,
                    "very low": 0.1, "guess": 0.2, "unsure": 0.3, "sure": 0.9}
"""Words for confidence and the weight each stands for."""

DEFAULT_CONFIDENCE = 0.6
"""The confidence of an assessment that states none (medium)."""

INTERACTION_KINDS = ("meeting", "call", "email", "event", "other")

DEFAULT_CADENCE_DAYS = 90
IMPORTANT_CADENCE_DAYS = 30

_ORDERED = {"attitude", "influence", "authority", "strength"}


def parse_date(value) -> Date | None:
    """A date from a cell: a date, a datetime, ISO text (``2026-03-10``) or common day/month forms.

    Raises
    ------
    ValueError
        For text that is no date.

    Examples
    --------
    >>> parse_date("2026-03-10"), parse_date("10/03/2026"), parse_date(None)
    (datetime.date(2026, 3, 10), datetime.date(2026, 3, 10), None)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y",
                "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD (2026-03-10)")


def parse_confidence(value) -> float:
    """Confidence in [0, 1] from low / medium / high, a number in [0, 1] or a percentage.

    Blank is :data:`DEFAULT_CONFIDENCE`.

    Raises
    ------
    ValueError
        For anything else, or a number out of range.

    Examples
    --------
    >>> parse_confidence("High"), parse_confidence(0.25), parse_confidence("80%"), parse_confidence(None)
    (0.9, 0.25, 0.8, 0.6)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DEFAULT_CONFIDENCE
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a confidence; use low, medium, high or a number from 0 to 1")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = " ".join(str(value).strip().lower().split())
        if not text:
            return DEFAULT_CONFIDENCE
        if text in CONFIDENCE_WORDS:
            return CONFIDENCE_WORDS[text]
        try:
            number = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
        except ValueError:
            raise ValueError(f"{value!r} is not a confidence; use low, medium, high or a number from 0 to 1") from None
    if not 0 <= number <= 1:
        raise ValueError(f"confidence {value!r} is out of range; use a number from 0 to 1 (or 0%–100%)")
    return number


@dataclass(frozen=True)
class Assessment:
    """One judgement: *field* (:data:`ASSESSED_FIELDS`) is *value*, says *rater* on *date*, this sure."""

    field: str
    value: object
    rater: str | None = None
    date: Date | None = None
    confidence: float = DEFAULT_CONFIDENCE
    evidence: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Assessment":
        return cls(field=data["field"], value=data.get("value"), rater=data.get("rater"),
                   date=parse_date(data.get("date")), confidence=float(data.get("confidence", DEFAULT_CONFIDENCE)),
                   evidence=data.get("evidence"))

    def weight(self, today: Date, half_life_days: float = HALF_LIFE_DAYS) -> float:
        """``confidence × 0.5 ** (age / half-life)`` (no fading without a date)."""
        if self.date is None:
            return self.confidence
        age = max(0, (today - self.date).days)
        return self.confidence * 0.5 ** (age / half_life_days)


@dataclass(frozen=True)
class Interaction:
    """One contact of ours with a partner person: who of ours (*owner*), when, how, notes."""

    owner: str | None
    date: Date | None
    kind: str = "meeting"
    notes: str | None = None

    def to_dict(self) -> dict:
        return {"owner": self.owner, "date": self.date.isoformat() if self.date else None,
                "kind": self.kind, "notes": self.notes}

    @classmethod
    def from_dict(cls, data: dict) -> "Interaction":
        return cls(owner=data.get("owner"), date=parse_date(data.get("date")), kind=data.get("kind") or "other",
                   notes=data.get("notes"))


@dataclass(frozen=True)
class Cadence:
    """How often we must be in touch: ``default`` days, ``important`` days for leaders,
    antibodies and decision makers."""

    default: int = DEFAULT_CADENCE_DAYS
    important: int = IMPORTANT_CADENCE_DAYS


def assessments_of(data: dict, field: str | None = None) -> list[Assessment]:
    """The assessments stored on a node's or edge's *data* (of one *field*, or all)."""
    out = [Assessment.from_dict(a) for a in data.get("assessments") or ()]
    return [a for a in out if field is None or a.field == field]


def interactions_of(data: dict) -> list[Interaction]:
    """The interactions logged on a node's *data*, oldest first."""
    found = [Interaction.from_dict(i) for i in data.get("interactions") or ()]
    return sorted(found, key=lambda i: (i.date or Date.min))


def _known(assessment: Assessment) -> bool:
    return assessment.value not in (None, "", "unknown")


def current_views(assessments, field: str) -> list[Assessment]:
    """Each rater's latest known view of *field* (an assessment without a rater is its own rater)."""
    latest: dict = {}
    for i, a in enumerate(assessments):
        if a.field != field or not _known(a):
            continue
        key = a.rater if a.rater else f"#{i}"
        previous = latest.get(key)
        if previous is None or (a.date or Date.min) >= (previous.date or Date.min):
            latest[key] = a
    return list(latest.values())


def _order(field: str, value) -> float:
    if field == "attitude":
        return float(ATTITUDE_VALUE[value])
    return float(value)


def combined_value(assessments, field: str, *, today: Date | None = None,
                   half_life_days: float = HALF_LIFE_DAYS):
    """The value of *field* the team's assessments add up to (module notes); ``None`` without any."""
    today = today or Date.today()
    views = current_views(assessments, field)
    if not views:
        return None
    weighted = [(a, a.weight(today, half_life_days)) for a in views]
    if field in _ORDERED:
        weighted.sort(key=lambda aw: (_order(field, aw[0].value), (aw[0].date or Date.min)))
        total = sum(w for _, w in weighted)
        if total <= 0:
            return max(views, key=lambda a: a.date or Date.min).value
        running = 0.0
        for a, w in weighted:
            running += w
            if running >= total / 2 - 1e-12:
                return a.value
        return weighted[-1][0].value
    totals: dict = {}
    for a, w in weighted:
        totals[a.value] = totals.get(a.value, 0.0) + w
    return max(totals, key=lambda v: (totals[v], str(v)))


def attitude_distribution(assessments, *, today: Date | None = None,
                          half_life_days: float = HALF_LIFE_DAYS) -> list[tuple[str, float]]:
    """Each attitude the raters currently hold with its share of the weight (summing to 1), largest first."""
    today = today or Date.today()
    totals: dict = {}
    for a in current_views(assessments, "attitude"):
        if a.value in ATTITUDES:
            totals[a.value] = totals.get(a.value, 0.0) + a.weight(today, half_life_days)
    total = sum(totals.values())
    if total <= 0:
        return []
    return sorted(((k, v / total) for k, v in totals.items()), key=lambda kv: (-kv[1], kv[0]))


def is_disputed(assessments, *, today: Date | None = None) -> bool:
    """True when raters' current attitudes differ by two or more steps, or straddle the line
    (one on our side, one against us)."""
    values = [ATTITUDE_VALUE[a.value] for a in current_views(assessments, "attitude") if a.value in ATTITUDE_VALUE
              and ATTITUDE_VALUE[a.value] is not None]
    if len(values) < 2:
        return False
    return max(values) - min(values) >= 2 or (max(values) > 0 and min(values) < 0)


def apply_assessments(G, *, today: Date | None = None) -> None:
    """Set each person's (and tie's) fields to the combination of their assessments, in place."""
    today = today or Date.today()
    for _, data in G.nodes(data=True):
        if not data.get("assessments"):
            continue
        views = assessments_of(data)
        for name in ("attitude", "influence", "authority", "style"):
            value = combined_value(views, name, today=today)
            if value is not None:
                data[name] = value
    for *_, data in G.edges(data=True):
        if data.get("assessments"):
            value = combined_value(assessments_of(data), "strength", today=today)
            if value is not None:
                data["strength"] = float(value)


def add_assessment(G, person: str, field: str, value, *, rater: str | None = None, date=None,
                   confidence=None, evidence: str | None = None, today: Date | None = None,
                   tie: tuple[str, str] | None = None) -> Assessment:
    """Record a judgement on *person* (or on the tie ``(person, other)`` of type *tie[1]*) and
    refresh the combined value. The value is read with the importer's vocabulary.

    Raises
    ------
    InfluenceError
        For a field, value, date or confidence that cannot be read, or a future date.
    """
    from .errors import InfluenceError
    from .vocabulary import UnknownValue, parse_attitude, parse_authority, parse_strength, parse_style

    if field not in ASSESSED_FIELDS:
        raise InfluenceError(f"cannot assess {field!r}; choose one of {', '.join(ASSESSED_FIELDS)}")
    today = today or Date.today()
    try:
        parsed = {"attitude": parse_attitude, "influence": parse_authority, "authority": parse_authority,
                  "style": parse_style, "strength": parse_strength}[field](value)
        when = parse_date(date) if date is not None else today
        sure = parse_confidence(confidence)
    except (UnknownValue, ValueError) as err:
        raise InfluenceError(f"{field} assessment: {err}") from err
    if when is not None and when > today:
        raise InfluenceError(f"the date {when.isoformat()} is in the future; give the day the view was formed")
    assessment = Assessment(field, parsed, rater or None, when, sure, evidence or None)
    if tie is not None:
        other, kind = tie
        data = G.edges[person, other, kind]
    else:
        data = G.nodes[person]
    data["assessments"] = list(data.get("assessments") or []) + [assessment.to_dict()]
    if tie is not None:
        value = combined_value(assessments_of(data), "strength", today=today)
        data["strength"] = float(value) if value is not None else data.get("strength")
    else:
        value = combined_value(assessments_of(data), field, today=today)
        if value is not None:
            data[field] = value
    return assessment


def log_interaction(G, person: str, *, owner: str | None, date=None, kind: str = "meeting",
                    notes: str | None = None, today: Date | None = None) -> Interaction:
    """Add a contact to *person*'s interaction log.

    Raises
    ------
    InfluenceError
        For a date that is no date or lies in the future, or an unknown kind.
    """
    from .errors import InfluenceError

    today = today or Date.today()
    try:
        when = parse_date(date) if date is not None else today
    except ValueError as err:
        raise InfluenceError(f"interaction: {err}") from err
    if when is not None and when > today:
        raise InfluenceError(f"the date {when.isoformat()} is in the future; log contacts that happened")
    word = (kind or "other").strip().lower()
    if word not in INTERACTION_KINDS:
        raise InfluenceError(f"unknown kind of interaction {kind!r}; use one of {', '.join(INTERACTION_KINDS)}")
    entry = Interaction(owner or None, when, word, notes or None)
    data = G.nodes[person]
    data["interactions"] = list(data.get("interactions") or []) + [entry.to_dict()]
    return entry


def last_contact(data: dict) -> Interaction | None:
    """The latest logged contact with a person (their node *data*), or ``None``."""
    dated = [i for i in interactions_of(data) if i.date is not None]
    return dated[-1] if dated else None


def last_contact_by_owner(G) -> dict[str, Date]:
    """Each of our owners' latest logged contact with anyone on the map."""
    out: dict = {}
    for _, data in G.nodes(data=True):
        for i in interactions_of(data):
            if i.owner and i.date and (i.owner not in out or i.date > out[i.owner]):
                out[i.owner] = i.date
    return out


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def attention(analysis, *, today: Date | None = None, cadence: Cadence | None = None) -> dict[str, list[dict]]:
    """The warnings worth acting on: ``disputed``, ``stale`` and ``losing_touch`` (module notes).

    Each is a list of ``{"id", "name", "why"}``, most influential first.

    * **disputed**: raters' current views differ by two or more attitude steps, or one
      rates the person on our side and another against us;
    * **stale**: the newest assessment of an important person (a leader, an antibody, a
      decision maker, or an influence score of 50 or more) is older than their cadence;
    * **losing touch**: an important person with no logged contact within their cadence
      (when the map keeps an interaction log at all).
    """
    from .graph import display_name

    today = today or Date.today()
    cadence = cadence or Cadence()
    G = analysis.graph
    leaders = {leader.id for leader in analysis.leaders}
    antibodies = {a.id for a in analysis.antibodies}
    keeps_log = any(data.get("interactions") for _, data in G.nodes(data=True))
    order = sorted(G, key=lambda p: (-analysis.scores[p].value, p))
    found = {"disputed": [], "stale": [], "losing_touch": []}
    for person in order:
        data = G.nodes[person]
        name = display_name(G, person)
        decision_maker = (data.get("role") or "") == "decision maker"
        strict = person in leaders or person in antibodies or decision_maker
        important = strict or analysis.scores[person].value >= 50
        days = cadence.important if strict else cadence.default
        why_important = ("a leading 10 percenter" if person in leaders else "an antibody" if person in antibodies
                         else "a decision maker" if decision_maker else
                         f"influence score {analysis.scores[person].value:.0f}")
        views = assessments_of(data)
        if views and is_disputed(views, today=today):
            current = sorted(current_views(views, "attitude"), key=lambda a: -(ATTITUDE_VALUE[a.value] or 0))
            found["disputed"].append({"id": person, "name": name, "why": "; ".join(
                f"{a.rater or 'someone'} says {a.value}" + (f" ({a.date.isoformat()})" if a.date else "")
                for a in current)})
        if important and views:
            dated = [a.date for a in views if a.date is not None]
            if dated:
                age = (today - max(dated)).days
                if age > days:
                    found["stale"].append({"id": person, "name": name, "why": (
                        f"{why_important}; newest assessment {_days(age)} old ({max(dated).isoformat()}), "
                        f"cadence {_days(days)}")})
        if important and keeps_log:
            contact = last_contact(data)
            if contact is None:
                found["losing_touch"].append({"id": person, "name": name,
                                              "why": f"{why_important}; no contact logged, cadence {_days(days)}"})
            else:
                age = (today - contact.date).days
                if age > days:
                    found["losing_touch"].append({"id": person, "name": name, "why": (
                        f"{why_important}; last contact {_days(age)} ago ({contact.date.isoformat()}"
                        + (f", {contact.owner}" if contact.owner else "") + f"), cadence {_days(days)}")})
    return found
