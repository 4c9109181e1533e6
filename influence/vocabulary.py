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

# British and American spellings, the words account teams write ("fan", "on the fence",
# "against us"), and the forms a word takes (sceptic, sceptical, skeptics).
_ATTITUDE_SYNONYMS = {
    "champion": ["champion", "mentor", "coach", "advocate", "sponsor", "strong supporter", "+2", "2",
                 "evangelist", "promoter", "strong ally", "big fan", "huge fan", "very positive",
                 "strongly positive", "very supportive", "strongly supportive", "enthusiastic",
                 "enthusiast", "key ally", "internal champion", "our champion", "strongly for",
                 "strongly in favour", "strongly in favor", "++", "very favourable", "very favorable"],
    "supporter": ["supporter", "positive", "supportive", "favourable", "favorable", "ally", "+1", "1",
                  "fan", "friend", "friendly", "for us", "for", "pro", "in favour", "in favor",
                  "in favour of us", "in favor of us", "warm", "likes us", "on board", "onboard",
                  "on side", "on our side", "onside", "sympathetic", "somewhat positive",
                  "mildly positive", "leaning positive", "leaning for", "leans positive",
                  "leans for", "open", "receptive", "agrees", "+", "yes", "pro us", "backer"],
    "neutral": ["neutral", "even keel", "undecided", "0", "on the fence", "fence sitter",
                "fence-sitter", "sitting on the fence", "lukewarm", "indifferent", "ambivalent",
                "mixed", "uncommitted", "non-committal", "noncommittal", "wait and see",
                "wait-and-see", "impartial", "neither", "no opinion", "persuadable", "hesitant",
                "middle", "in the middle", "balanced", "passive", "agnostic", "unbiased",
                "open-minded", "open minded", "±", "+/-", "-/+", "=", "so-so", "so so"],
    "skeptic": ["skeptic", "negative", "sceptic", "non-supporter", "nonsupporter", "critic",
                "resistant", "-1", "skeptical", "sceptical", "skeptics", "sceptics", "doubtful",
                "doubter", "wary", "cautious", "unconvinced", "concerned", "cool", "cold",
                "reluctant", "critical", "somewhat negative", "mildly negative", "leaning negative",
                "leaning against", "leans negative", "leans against", "questioning", "hesitant no",
                "unfavourable", "unfavorable", "not supportive", "unsupportive",
                "non supporter", "naysayer"],
    "opponent": ["opponent", "enemy", "blocker", "hostile", "detractor", "-2", "against us",
                 "against", "antagonist", "adversary", "antibody", "strongly against",
                 "very negative", "strongly negative", "strong opponent", "obstructive",
                 "saboteur", "anti", "anti us", "opposed", "opposes us", "opposing", "--",
                 "very unfavourable", "very unfavorable", "rival", "resister", "vocal critic"],
    "unknown": ["", "?", "??", "n/a", "na", "unknown", "tbd", "tbc", "nan", "none", "not known",
                "unclear", "unsure", "not sure", "don't know", "dont know", "do not know",
                "unassessed", "not assessed", "to be confirmed", "to be determined", "not yet known",
                "no idea", "n.a.", "-", "—", "–"],
}


# Minus signs and dashes typed in place of "-" (the README's own "−2" is U+2212).
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-",
                        "\ufe63": "-", "\uff0d": "-", "\uff0b": "+", "\u2019": "'"})


def normalise_word(text) -> str:
    """Lower-case, trim and collapse inner whitespace; ``None`` becomes ``""``.

    Unicode minus signs read as "-", a curly apostrophe as "'".

    >>> normalise_word("  On the   FENCE "), normalise_word("\u22122"), normalise_word(2.0)
    ('on the fence', '-2', '2')
    """
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    text = str(text).strip().lower().translate(_MINUS)
    # A dash before a number is a minus ("–1", an en dash, is how Word writes -1).
    text = re.sub(r"^[\u2013\u2014]\s*(?=\d)", "-", text)
    return re.sub(r"\s+", " ", text)


def _keyed(synonyms: dict[str, list[str]]) -> dict[str, str]:
    return {normalise_word(word): label for label, words in synonyms.items() for word in words}


_ATTITUDE_LOOKUP = _keyed(_ATTITUDE_SYNONYMS)
_ATTITUDE_PUNCTUATION = re.compile(r"[.!()\[\]\"“”]")


def parse_attitude(value) -> str:
    """Return the attitude label for a cell, e.g. ``"Mentor"`` -> ``"champion"``.

    Examples
    --------
    >>> parse_attitude("Even keel"), parse_attitude(-2), parse_attitude(None)
    ('neutral', 'opponent', 'unknown')
    """
    word = normalise_word(value)
    # "+1" and "1" are the same; "- 1" written with a space is common in hand-made sheets;
    # "-2.0" is how a number cell reads once it has been text.
    word = word.replace(" ", "") if re.fullmatch(r"[+-]\s*\d(?:\.0+)?", word) else word
    word = re.sub(r"^([+-]?\d)\.0+$", r"\1", word)
    if word not in _ATTITUDE_LOOKUP:
        word = _ATTITUDE_PUNCTUATION.sub("", word).strip()  # "Sceptical!", "(fan)", "Fan."
    try:
        return _ATTITUDE_LOOKUP[word]
    except KeyError:
        raise UnknownValue(value, "attitude", "champion, supporter, neutral, skeptic, opponent, unknown (or +2 … -2)") from None


# --- authority --------------------------------------------------------------------------

AUTHORITY_WORDS = {"very low": 1, "minimal": 1, "none": 1, "low": 2, "l": 2, "medium": 3,
                   "med": 3, "mid": 3, "moderate": 3, "average": 3, "m": 3, "high": 4, "h": 4,
                   "very high": 5, "highest": 5, "top": 5, "critical": 5, "final say": 5,
                   "decision maker": 5, "final decision maker": 5}
_OUT_OF = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:/|of|out of)\s*5$")


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
    out_of = _OUT_OF.match(word)  # "4/5", "4 of 5", "4 out of 5"
    if out_of:
        word = out_of.group(1)
    try:
        number = float(word)
    except ValueError:
        raise UnknownValue(value, "authority", "a whole number 1-5, or low / medium / high") from None
    if number != number:  # NaN
        raise UnknownValue(value, "authority", "a whole number 1-5, or low / medium / high")
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
_STYLE_SYNONYMS = {
    # The four social styles (Merrill & Reid) and the DISC profiles most teams map onto them.
    "Driver": ["driver", "drivers", "driving", "dominant", "dominance", "d", "disc d", "controller",
               "director", "commander", "results-oriented", "results oriented", "red"],
    "Expressive": ["expressive", "expressives", "influencing", "influential", "i", "disc i",
                   "socializer", "socialiser", "promoter", "enthusiast", "yellow"],
    "Amiable": ["amiable", "amiables", "steady", "steadiness", "s", "disc s", "relater",
                "supporter", "harmoniser", "harmonizer", "people-oriented", "green"],
    "Analytical": ["analytical", "analyticals", "analytic", "analyser", "analyzer", "analyst",
                   "thinker", "conscientious", "conscientiousness", "c", "disc c",
                   "detail-oriented", "detail oriented", "blue"],
}
_STYLE_LOOKUP = {normalise_word(w): s for s, words in _STYLE_SYNONYMS.items() for w in words}


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
    first = re.split(r"[\s/(,-]+", word, maxsplit=1)[0]  # "Driver (high D)", "Analytical - C"
    if first in _STYLE_LOOKUP and len(first) > 1:
        return _STYLE_LOOKUP[first]
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

STRENGTH_WORDS = {"very weak": 0.1, "very low": 0.1, "weak": 0.2, "low": 0.2, "light": 0.2,
                  "loose": 0.2, "distant": 0.2, "medium": 0.5, "moderate": 0.5, "med": 0.5,
                  "mid": 0.5, "average": 0.5, "normal": 0.5, "some": 0.5, "ok": 0.5,
                  "strong": 0.8, "high": 0.8, "close": 0.8, "good": 0.8, "tight": 0.8,
                  "very strong": 1.0, "very high": 1.0, "very close": 1.0, "strongest": 1.0,
                  "l": 0.2, "m": 0.5, "h": 0.8}


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
    accepted = "1-5, a number in (0, 1], a percentage, or weak / medium / strong"
    if word.endswith("%"):  # "100%" is full strength, "35 %" is 0.35: never the 1-5 scale
        try:
            number = float(word[:-1].strip()) / 100
        except ValueError:
            raise UnknownValue(value, "strength", accepted) from None
        if 0 < number <= 1:
            return number
        raise UnknownValue(value, "strength", accepted)
    out_of = _OUT_OF.match(word)  # "4/5", "4 out of 5"
    if out_of:
        word = out_of.group(1)
    try:
        number = float(word)
    except ValueError:
        raise UnknownValue(value, "strength", accepted) from None
    # A whole number is read on the 1-5 scale (so 1 is weak, not full strength).
    if number.is_integer() and 1 <= number <= 5:
        return number / 5
    if 0 < number < 1:
        return number
    raise UnknownValue(value, "strength", accepted)
