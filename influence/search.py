"""Finding people by what a user types: part of a name, a title, an id, or a common
abbreviation of a title ("CFO" finds the Chief Financial Officer, "VP" every Vice President).

Names and titles are compared as :func:`influence.people.normalize_name` compares them
(any case, spacing or Unicode form). The dashboard's search box, its person dropdowns and
the path finder all use :func:`matching_people` / :func:`search_text`, so they agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

import networkx as nx

from .graph import display_name
from .people import normalize_name

__all__ = ["TITLE_ABBREVIATIONS", "expand_abbreviation", "title_abbreviations", "search_text", "person_matches",
           "matching_people"]

TITLE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ceo": ("chief executive officer",),
    "cfo": ("chief financial officer", "chief finance officer"),
    "cto": ("chief technology officer", "chief technical officer"),
    "coo": ("chief operating officer", "chief operations officer"),
    "cio": ("chief information officer",),
    "ciso": ("chief information security officer",),
    "cso": ("chief security officer", "chief strategy officer"),
    "cro": ("chief revenue officer", "chief risk officer"),
    "cmo": ("chief marketing officer",),
    "cpo": ("chief product officer", "chief people officer", "chief procurement officer"),
    "chro": ("chief human resources officer",),
    "cdo": ("chief data officer", "chief digital officer"),
    "cco": ("chief commercial officer", "chief customer officer", "chief compliance officer"),
    "clo": ("chief legal officer",),
    "cos": ("chief of staff",),
    "gc": ("general counsel",),
    "vp": ("vice president",),
    "svp": ("senior vice president",),
    "evp": ("executive vice president",),
    "avp": ("assistant vice president", "associate vice president"),
    "md": ("managing director",),
    "gm": ("general manager",),
    "hr": ("human resources",),
    "it": ("information technology",),
    "r&d": ("research and development", "research & development"),
}
"""Common abbreviations of job titles, lower case, and the words they stand for."""

_WORD = re.compile(r"[a-z&]+")


def expand_abbreviation(text: str) -> tuple[str, ...]:
    """The title words an abbreviation stands for (empty when *text* is none we know).

    Examples
    --------
    >>> expand_abbreviation("CFO")
    ('chief financial officer', 'chief finance officer')
    >>> expand_abbreviation("Ada")
    ()
    """
    return TITLE_ABBREVIATIONS.get(normalize_name(text).replace(".", ""), ())


def title_abbreviations(title: str | None) -> list[str]:
    """The abbreviations that name (part of) *title*.

    Examples
    --------
    >>> title_abbreviations("Senior Vice President, Human Resources")
    ['vp', 'svp', 'hr']
    >>> title_abbreviations("CFO")
    ['cfo']
    """
    return list(_abbreviations(normalize_name(title)))


@lru_cache(maxsize=4096)  # a big organisation has thousands of people and a few hundred titles
def _abbreviations(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    words = set(_WORD.findall(text))
    return tuple(short for short, longs in TITLE_ABBREVIATIONS.items()
                 if short in words or any(long in text for long in longs))


def search_text(G: nx.MultiDiGraph, person: str) -> str:
    """What a search compares with: name, title, id and the title's abbreviations, normalised.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map(); _ = add_person(G, "p1", "Ada Lind", title="Chief Financial Officer")
    >>> search_text(G, "p1")
    'ada lind chief financial officer p1 cfo'
    """
    n = G.nodes[person]
    title = n.get("title") or ""
    parts = [display_name(G, person), title, str(person), *title_abbreviations(title)]
    return normalize_name(" ".join(p for p in parts if p))


def person_matches(G: nx.MultiDiGraph, person: str, query: str | None) -> bool:
    """Whether *person* matches *query* (see :func:`matching_people`)."""
    needle = normalize_name(query)
    if not needle:
        return False
    n = G.nodes[person]
    if expand_abbreviation(needle):
        # An abbreviation matches the title it stands for, not any name that contains its letters.
        return needle.replace(".", "") in title_abbreviations(n.get("title"))
    return needle in search_text(G, person)


def matching_people(G: nx.MultiDiGraph, query: str | None) -> list[str]:
    """The people whose name, title or id contains *query*, or whose title it abbreviates.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The influence map.
    query : str or None
        What the user typed; ``""`` or ``None`` matches nobody.

    Returns
    -------
    list of str
        Matching person ids, in the map's order.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map()
    >>> _ = add_person(G, "1", "Ada Lind", title="Chief Financial Officer")
    >>> _ = add_person(G, "2", "Bo Cfodottir", title="Vice President, Sales")
    >>> matching_people(G, "cfo"), matching_people(G, "VP"), matching_people(G, "lind")
    (['1'], ['2'], ['1'])
    """
    needle = normalize_name(query)
    if not needle:
        return []
    short = needle.replace(".", "")
    if short in TITLE_ABBREVIATIONS:
        return [p for p, n in G.nodes(data=True) if short in _abbreviations(normalize_name(n.get("title")))]
    return [p for p in G if needle in search_text(G, p)]
