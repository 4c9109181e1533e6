"""The stakeholder grid: where a person sits by influence (up) and attitude (across).

Across, the grid has the three sides of the change plan (:mod:`influence.segments`): our
allies (champions and supporters, :data:`influence.vocabulary.ALLY_ATTITUDES`), the
hesitant middle (neutral and unknown people, whom the leading 10 percenters carry) and
the antibodies (skeptics and opponents, :data:`influence.vocabulary.RESISTER_ATTITUDES`).
Up, people of influence score :data:`HIGH_INFLUENCE` or more are the influential half
(the same threshold as a coverage gap, :data:`influence.segments.GAP_SCORE`).

An unknown attitude is in the middle, as in the segments: not for us, and not against us
until someone finds out (find out early: "go ugly early").
"""

from __future__ import annotations

from .segments import GAP_SCORE
from .vocabulary import ALLY_ATTITUDES, RESISTER_ATTITUDES

__all__ = ["HIGH_INFLUENCE", "SIDES", "LEVELS", "QUADRANTS", "side_of", "level_of", "stakeholder_quadrant"]

HIGH_INFLUENCE = GAP_SCORE
"""Influence score (0-100) from which a person is in the grid's upper half."""

SIDES = ("against", "middle", "for")
"""The grid's columns, left to right."""

LEVELS = ("high", "low")
"""The grid's rows, top to bottom."""

QUADRANTS = {
    ("high", "against"): "Manage closely",   # influential antibodies: neutralise through whom they trust
    ("high", "middle"): "Win over",          # influential and undecided: the people to approach
    ("high", "for"): "Keep satisfied",       # influential allies: keep them on board
    ("low", "against"): "Monitor",
    ("low", "middle"): "Keep informed",      # carried by the leaders; everyone impacted is informed
    ("low", "for"): "Keep informed",
}
"""What to do with the people of each cell of the grid, by (level, side)."""


def side_of(attitude: str | None) -> str:
    """``"for"``, ``"middle"`` or ``"against"``: an attitude's column of the grid.

    Examples
    --------
    >>> [side_of(a) for a in ("champion", "supporter", "neutral", "unknown", None, "skeptic", "opponent")]
    ['for', 'for', 'middle', 'middle', 'middle', 'against', 'against']
    """
    attitude = attitude or "unknown"
    if attitude in ALLY_ATTITUDES:
        return "for"
    if attitude in RESISTER_ATTITUDES:
        return "against"
    return "middle"


def level_of(score: float) -> str:
    """``"high"`` for an influence score of :data:`HIGH_INFLUENCE` or more, else ``"low"``.

    >>> level_of(50), level_of(49.9)
    ('high', 'low')
    """
    return "high" if score >= HIGH_INFLUENCE else "low"


def stakeholder_quadrant(score: float, attitude: str | None) -> str:
    """What the grid says to do with a person of influence *score* (0-100) and *attitude*.

    Examples
    --------
    >>> stakeholder_quadrant(80, "opponent"), stakeholder_quadrant(80, "champion")
    ('Manage closely', 'Keep satisfied')
    >>> stakeholder_quadrant(80, "unknown"), stakeholder_quadrant(10, "neutral"), stakeholder_quadrant(10, "skeptic")
    ('Win over', 'Keep informed', 'Monitor')
    """
    return QUADRANTS[(level_of(score), side_of(attitude))]
