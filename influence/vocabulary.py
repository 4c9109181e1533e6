"""The users' vocabulary and scales: attitude, authority, style, relationship types, strength.

Every word list here comes from the domain primer (DOMAIN.md). Parsers take whatever a
person typed in a spreadsheet cell and return the canonical value, or raise
:class:`UnknownValue` so the importer can report the cell precisely.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "ATTITUDES",
    "ATTITUDE_VALUE",
    "ALLY_ATTITUDES",
    "RESISTER_ATTITUDES",
    "STYLES",
    "STYLE_TIPS",
    "ROLES",
    "RELATIONSHIP_TYPES",
    "CONFLICT",
    "REPORTING",
    "AUTHORITY_WORDS",
    "STRENGTH_WORDS",
    "UnknownValue",
    "normalise_word",
    "parse_attitude",
    "parse_authority",
    "parse_style",
    "parse_role",
    "parse_relationship_type",
    "parse_strength",
    "style_tip",
]


class UnknownValue(ValueError):
    """Raised when a cell's text is not a word of the scale it should belong to."""

    def __init__(self, value, scale: str, accepted: str):
        self.value = value
        self.scale = scale
        self.accepted = accepted
        super().__init__(f"{value!r} is not a known {scale}; use one of: {accepted}")


# --- attitude ---------------------------------------------------------------------------

ATTITUDES = ("champion", "supporter", "neutral", "skeptic", "opponent", "unknown")
"""Attitude labels toward our company, most positive first; ``unknown`` is set apart."""

ATTITUDE_VALUE = {"champion": 2, "supporter": 1, "neutral": 0, "skeptic": -1, "opponent": -2, "unknown": None}
ALLY_ATTITUDES = frozenset({"champion", "supporter"})
RESISTER_ATTITUDES = frozenset({"skeptic", "opponent"})

_ATTITUDE_SYNONYMS = {
    "champion": ["champion", "mentor", "coach", "advocate", "sponsor", "strong supporter", "+2", "2"],
    "supporter": ["supporter", "positive", "supportive", "favourable", "favorable", "ally", "+1", "1"],
    "neutral": ["neutral", "even keel", "undecided", "0"],
    "skeptic": ["skeptic", "negative", "sceptic", "non-supporter", "nonsupporter", "critic", "resistant", "-1"],
    "opponent": ["opponent", "enemy", "blocker", "hostile", "detractor", "-2"],
    "unknown": ["", "?", "n/a", "na", "unknown", "tbd", "nan", "none"],
}


def normalise_word(text) -> str:
    """Lower-case, trim and collapse inner whitespace; ``None`` becomes ``""``."""
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return re.sub(r"\s+", " ", str(text).strip().lower())


def _keyed(synonyms: dict[str, list[str]]) -> dict[str, str]:
    return {normalise_word(word): label for label, words in synonyms.items() for word in words}


_ATTITUDE_LOOKUP = _keyed(_ATTITUDE_SYNONYMS)


def parse_attitude(value) -> str:
    """Return the attitude label for a cell, e.g. ``"Mentor"`` -> ``"champion"``.

    Examples
    --------
    >>> parse_attitude("Even keel"), parse_attitude(-2), parse_attitude(None)
    ('neutral', 'opponent', 'unknown')
    """
    word = normalise_word(value)
    # "+1" and "1" are the same; "- 1" written with a space is common in hand-made sheets.
    word = word.replace(" ", "") if re.fullmatch(r"[+-]\s*\d", word) else word
    try:
        return _ATTITUDE_LOOKUP[word]
    except KeyError:
        raise UnknownValue(value, "attitude", "champion, supporter, neutral, skeptic, opponent, unknown (or +2 … -2)") from None


# --- authority --------------------------------------------------------------------------

AUTHORITY_WORDS = {"low": 2, "medium": 3, "med": 3, "high": 4}


def parse_authority(value) -> int | None:
    """Return authority 1–5 from a number or low / medium / high; blank gives ``None``.

    Examples
    --------
    >>> parse_authority("High"), parse_authority(5.0), parse_authority("")
    (4, 5, None)
    """
    word = normalise_word(value)
    if word in ("", "?", "n/a", "na", "unknown", "tbd"):
        return None
    if word in AUTHORITY_WORDS:
        return AUTHORITY_WORDS[word]
    try:
        number = float(word)
    except ValueError:
        raise UnknownValue(value, "authority", "a whole number 1-5, or low / medium / high") from None
    if number.is_integer() and 1 <= number <= 5:
        return int(number)
    raise UnknownValue(value, "authority", "a whole number 1-5, or low / medium / high")


# --- influence rating (the explicit Influence column) -----------------------------------

# Same scale as authority: 1-5 or low/medium/high.
parse_influence_rating = parse_authority
__all__.append("parse_influence_rating")


# --- style ------------------------------------------------------------------------------

STYLES = ("Driver", "Expressive", "Amiable", "Analytical")
STYLE_TIPS = {
    "Driver": "Brevity, outcomes, options to choose from; respect their time.",
    "Expressive": "The vision and the big picture, recognition, enthusiasm.",
    "Amiable": "The relationship first, reassurance, low risk, personal assurance.",
    "Analytical": "Data, evidence, detail, and time to decide.",
}
_STYLE_LOOKUP = {s.lower(): s for s in STYLES}


def parse_style(value) -> str | None:
    """Return a canonical social style, or the user's own word kept as written.

    Raises :class:`UnknownValue` (carrying the kept word) for a word outside the four
    social styles, so the importer can warn and still keep it. Blank gives ``None``.

    Examples
    --------
    >>> parse_style(" driver "), parse_style(None)
    ('Driver', None)
    """
    word = normalise_word(value)
    if word in ("", "?", "n/a", "na", "unknown", "tbd"):
        return None
    if word in _STYLE_LOOKUP:
        return _STYLE_LOOKUP[word]
    raise UnknownValue(str(value).strip(), "style", ", ".join(STYLES))


def style_tip(style: str | None) -> str:
    """The briefing tip for a style; an empty string for a style without one."""
    return STYLE_TIPS.get(style or "", "")


# --- decision role ----------------------------------------------------------------------

ROLES = ("decision maker", "approver", "evaluator", "influencer", "user", "gatekeeper", "coach")


def parse_role(value) -> str | None:
    """Return a canonical decision role, the user's own words if not one, ``None`` if blank."""
    word = normalise_word(value)
    if word in ("", "?", "n/a", "na", "tbd"):
        return None
    if word.replace("-", " ") in ROLES:
        return word.replace("-", " ")
    return str(value).strip()


# --- relationships ----------------------------------------------------------------------

REPORTING = "reports to"
"""Edge type of a formal reporting line; the edge runs manager -> report."""

CONFLICT = "conflicts with"
RELATIONSHIP_TYPES = ("influences", "advises", "trusts", "dotted line", CONFLICT)
_TYPE_SYNONYMS = {
    "influences": ["influences", "influence", "influencer", "sways", ""],
    "advises": ["advises", "advice", "advisor", "adviser", "advises to"],
    "trusts": ["trusts", "trust", "trusted by"],
    "dotted line": ["dotted line", "dotted-line", "dotted", "dotted line to", "informal reporting"],
    CONFLICT: ["conflicts with", "conflict", "conflicts", "in conflict with", "rival", "rivals"],
}
_TYPE_LOOKUP = _keyed(_TYPE_SYNONYMS)


def parse_relationship_type(value) -> str:
    """Return a relationship type; blank means ``"influences"`` (the default).

    Examples
    --------
    >>> parse_relationship_type("Conflict"), parse_relationship_type(None)
    ('conflicts with', 'influences')
    """
    word = normalise_word(value).replace("_", " ")
    try:
        return _TYPE_LOOKUP[word]
    except KeyError:
        raise UnknownValue(value, "relationship type", ", ".join(RELATIONSHIP_TYPES)) from None


# --- tie strength -----------------------------------------------------------------------

STRENGTH_WORDS = {"weak": 0.2, "low": 0.2, "medium": 0.5, "moderate": 0.5, "strong": 0.8, "high": 0.8}


def parse_strength(value) -> float | None:
    """Return tie strength in (0, 1]: whole 1–5 maps to n/5, a fraction as given, weak/medium/strong.

    Blank gives ``None`` (the model then uses its default, 0.5).

    Examples
    --------
    >>> parse_strength(4), parse_strength("0.35"), parse_strength("Strong"), parse_strength("")
    (0.8, 0.35, 0.8, None)
    """
    word = normalise_word(value)
    if word in ("", "?", "n/a", "na", "tbd"):
        return None
    if word in STRENGTH_WORDS:
        return STRENGTH_WORDS[word]
    try:
        number = float(word.rstrip("%")) / (100 if word.endswith("%") else 1)
    except ValueError:
        raise UnknownValue(value, "strength", "1-5, a number in (0, 1], or weak / medium / strong") from None
    # A whole number is read on the 1-5 scale (so 1 is weak, not full strength).
    if number.is_integer() and 1 <= number <= 5:
        return number / 5
    if 0 < number < 1:
        return number
    raise UnknownValue(value, "strength", "1-5, a number in (0, 1], or weak / medium / strong")
