"""The import preview: which field each column might be, by its header and by its values.

A column whose header is not recognised is kept as an extra column. When its values look
like a known field (numbers 1-5, attitude words, style words, tie strengths), that is
worth a warning rather than silence: a "Clout" rating or a "Personality" column read as
extra data loses every rating and style. :func:`value_suggestions` looks at a sample of
the values; :func:`header_suggestions` at the header's spelling.
"""

from __future__ import annotations

import difflib
import functools
from itertools import islice

from ..headers import PEOPLE_SYNONYMS, RELATIONSHIP_SYNONYMS, normalise_header
from ..vocabulary import UnknownValue, parse_attitude, parse_strength, parse_style

__all__ = ["value_suggestions", "header_suggestions", "SAMPLE"]

SAMPLE = 400
"""How many filled cells of a column are looked at (the first ones)."""

SPELLED_COLUMNS = 200
"""Header spellings are compared for this many unmatched columns of a sheet (a sheet 10,000
columns wide is an export of everything, not a sheet with a typo)."""

_MOSTLY = 0.8  # the share of a sample that must fit a field for it to be suggested


def _share(values, parse) -> float:
    hits = 0
    for v in values:
        try:
            parse(v)
            hits += 1
        except (UnknownValue, ValueError, TypeError):
            pass
    return hits / len(values) if values else 0.0


def _rating(value) -> int:
    number = float(str(value).strip())
    if not number.is_integer() or not 1 <= number <= 5:
        raise ValueError(value)
    return int(number)


def _word_attitude(value):
    """An attitude given as a word (numbers alone prove nothing: 1 is also a rating)."""
    text = str(value).strip()
    if not text or text.lstrip("+-−").replace(".", "").isdigit():
        raise ValueError(value)
    return parse_attitude(text)


def _canonical_style(value):
    style = parse_style(value)
    if style is None:
        raise ValueError(value)
    return style


def _fraction_or_percent(value):
    text = str(value).strip()
    if not (text.endswith("%") or (text.replace(".", "", 1).isdigit() and "." in text)):
        raise ValueError(value)
    return parse_strength(text)


def value_suggestions(values, kind: str = "people") -> tuple[str, ...]:
    """The fields a column's values look like, likeliest first; ``()`` when none.

    Examples
    --------
    >>> value_suggestions([1, 4, 5, 3, 2, 4])
    ('authority', 'influence')
    >>> value_suggestions(["Fan", "sceptical", "on the fence", "Against us"])
    ('attitude',)
    >>> value_suggestions(["Driver", "amiable", "Analytical"]), value_suggestions(["x", "y"])
    (('style',), ())
    >>> value_suggestions(["100%", "35%", "0.5"], "relationships")
    ('strength',)
    """
    sample = list(islice((v for v in values if v not in (None, "")), SAMPLE))
    if len(sample) < 2:
        return ()
    if kind == "relationships":
        if _share(sample, _fraction_or_percent) >= _MOSTLY or _share(sample, _rating) >= _MOSTLY:
            return ("strength",)
        return ()
    if _share(sample, _rating) >= _MOSTLY:
        return ("authority", "influence")
    if _share(sample, _word_attitude) >= _MOSTLY:
        return ("attitude",)
    if _share(sample, _canonical_style) >= _MOSTLY:
        return ("style",)
    return ()


@functools.lru_cache(maxsize=2)
def _by_word(kind: str) -> dict[str, str]:
    synonyms = PEOPLE_SYNONYMS if kind == "people" else RELATIONSHIP_SYNONYMS
    by_word: dict[str, str] = {}
    for field, words in synonyms.items():
        for word in words:
            by_word.setdefault(normalise_header(word), field)
    return by_word


def header_suggestions(header, kind: str = "people", n: int = 3) -> tuple[str, ...]:
    """The fields whose header synonyms are spelled most like *header*.

    >>> header_suggestions("Attitud"), header_suggestions("Shoe size")
    (('attitude',), ())
    """
    key = normalise_header(header)
    if not key:
        return ()
    by_word = _by_word(kind)
    close = difflib.get_close_matches(key, list(by_word), n=10, cutoff=0.75)
    return tuple(dict.fromkeys(by_word[c] for c in close))[:n]
