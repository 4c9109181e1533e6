"""Finding people: one way to compare names, and one way to turn a name or an id into a person.

Names arrive typed by hand, pasted from web pages and e-mails, exported by HR systems on
other platforms. The same person's name can then differ in letter case, in runs of
spaces, in invisible formatting characters (a zero-width space, a direction mark, a soft
hyphen) and in Unicode form ("ë" as one character, or as "e" followed by a combining
diaeresis, as macOS file names and some web forms send it). :func:`normalize_name` removes
all of these differences; the importer (matching managers, owners and relationship ends),
:func:`resolve_person` (the CLI's ``path``, ``simulate``, ``export --target``, the library's
what-ifs) and the dashboard's person search all compare names through it, so a name found
in one place is found in every other.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from .errors import PersonNotFound
from .graph import display_name

__all__ = ["normalize_name", "resolve_person", "INVISIBLE_CHARACTERS"]

INVISIBLE_CHARACTERS = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Formatting characters that show nothing (soft hyphen, Arabic letter mark, Mongolian vowel
separator, zero-width space/joiners, left-to-right and right-to-left marks, embeddings,
overrides and isolates, word joiner, invisible operators, byte-order mark): ignored in names."""


def normalize_name(text) -> str:
    """A name (or an e-mail address) as it is compared.

    Letter case is folded (``str.casefold``: "STRASSE" and "straße" agree), runs of
    whitespace become one space and the ends are trimmed, invisible formatting characters
    (:data:`INVISIBLE_CHARACTERS`) are dropped, and the text is brought to Unicode
    compatibility form NFKC, so a composed "ë" and "e" + combining diaeresis agree, and so do
    full-width letters and their ordinary twins. ``None`` is ``""``.

    Parameters
    ----------
    text : str or None
        A name as typed; anything else is compared as its text.

    Returns
    -------
    str
        The comparison key; equal keys mean the same name.

    Examples
    --------
    >>> normalize_name(" Zoe\\u0308  LEVY\\u200b") == normalize_name("Zoë Levy")
    True
    >>> normalize_name("\\u200fJohn\\u00a0Smith "), normalize_name(None), normalize_name("Ｊｏｈｎ")
    ('john smith', '', 'john')
    """
    if type(text) is not str:
        text = "" if text is None else str(text)
    if not text.isascii():  # the fast path: most names are plain ASCII
        text = unicodedata.normalize("NFKC", INVISIBLE_CHARACTERS.sub("", text))
        folded = " ".join(text.split()).casefold()
        # Case folding can leave a character decomposed ("İ" folds to "i" + dot above).
        return folded if folded.isascii() else unicodedata.normalize("NFC", folded)
    return " ".join(text.split()).casefold()


def resolve_person(G, name_or_id) -> str:
    """The id of the person called *name_or_id* (an id, or a name as :func:`normalize_name` compares it).

    Parameters
    ----------
    G : networkx.MultiDiGraph or influence.spread.InfluenceGraph
        The map (an influence graph is looked up in the map it was built from).
    name_or_id : str or int
        A person's id, or their name in any letter case, spacing or Unicode form.

    Returns
    -------
    str
        The person's id.

    Raises
    ------
    PersonNotFound
        If no one matches (the message suggests close names), or if several people share
        the name (the message lists their ids).

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map(); _ = add_person(G, 7, "John Smith"); _ = add_person(G, 8, "Zoë Levy")
    >>> resolve_person(G, 7), resolve_person(G, "john  SMITH"), resolve_person(G, "Zoe\\u0308 Levy")
    ('7', '7', '8')
    >>> resolve_person(G, "Jon Smiht")
    Traceback (most recent call last):
    ...
    influence.errors.PersonNotFound: No one called 'Jon Smiht' in the map. Did you mean: John Smith?
    """
    G = getattr(G, "graph", G) if not hasattr(G, "nodes") else G
    if isinstance(name_or_id, float) and name_or_id.is_integer():
        name_or_id = int(name_or_id)  # 7.0 from a spreadsheet cell means id 7
    key = str(name_or_id).strip()
    if key in G:
        return key
    wanted = normalize_name(key)
    names = {v: normalize_name(name) for v, name in G.nodes(data="name") if name}
    matches = [v for v, name in names.items() if name == wanted and wanted]
    if len(matches) == 1:
        return str(matches[0])
    if len(matches) > 1:
        ids = ", ".join(str(v) for v in matches)
        raise PersonNotFound(
            f"{len(matches)} people are called {key!r} (ids {ids}); give the id of the one you mean.")
    shown = {}
    for v, name in names.items():
        shown.setdefault(name, display_name(G, v))
    close = difflib.get_close_matches(wanted, list(shown), n=5, cutoff=0.6)
    if close:
        raise PersonNotFound(
            f"No one called {key!r} in the map. Did you mean: {', '.join(shown[c] for c in close)}?")
    raise PersonNotFound(
        f"No one called {key!r} in the map. Check the spelling, or give the person's id from the Id column.")
