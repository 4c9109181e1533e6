"""Anonymised copies of an influence map, for briefing a wider audience.

An influence map holds personal judgements about named people. Before it is shown to
people who do not need the names, :func:`anonymize` replaces every name with the
person's role ("VP Sales (A)") and removes or scrubs everything else that could name
someone: e-mail addresses, the owners on our side, notes, free-text extra columns, and
ids that look like names or e-mail addresses. Titles and departments stay, because the
structure is what the audience needs; any real name that appears inside them is
replaced too.

:class:`Pseudonyms` is the mapping behind it; the exports use its :meth:`~Pseudonyms.scrub`
on every piece of text they write (analysis explanations included), so an anonymised
export carries no real name anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import networkx as nx

__all__ = ["Pseudonyms", "pseudonyms", "anonymize", "KEPT_PERSON_FIELDS", "KEPT_TIE_FIELDS"]

KEPT_PERSON_FIELDS = ("name", "title", "department", "authority", "role", "influence",
                      "attitude", "style", "owner", "manager")
"""The only person attributes an anonymised map keeps (names, titles and departments
rewritten, owners pseudonymised); ``email`` and ``notes`` stay as empty fields, ``extra`` is
empty. Any other attribute, whatever its type, is dropped: a phone number, a salary or a
personnel number in an extra column must not survive."""

KEPT_TIE_FIELDS = ("type", "strength")
"""The only tie attributes an anonymised map keeps (``notes`` stays, empty)."""


def _key(text: str) -> str:
    """*text* as compared when scrubbing: every case rule and Unicode form folded.

    Turkish dotted and dotless I (İ, ı), German ß and Greek final sigma all fold to the
    same key as their plain forms, so "İLKAY", "ilkay" and "Ilkay" are one name.

    >>> _key("İlkay") == _key("ILKAY") == _key("ılkay"), _key("Straße") == _key("STRASSE")
    (True, True)
    """
    text = unicodedata.normalize("NFKD", text).replace("\u0307", "").replace("ı", "i")
    return unicodedata.normalize("NFC", text).casefold()


def _folded(text: str) -> tuple[str, list[int] | None]:
    """*text* folded character by character with :func:`_key`, and where each folded
    character came from (``None`` when positions are unchanged, as for ASCII)."""
    if text.isascii():
        return text.lower(), None
    folded, where = [], []
    for i, ch in enumerate(text):
        key = _key(ch)
        folded.append(key)
        where.extend([i] * len(key))
    return "".join(folded), where

_REDACTED = "[name withheld]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An id "looks like a name" when it holds letters and a space, dot, comma or @ (emails,
# "Chen, Maria", "maria.chen"); plain codes such as "E1042" or "17" are kept.
_NAMEISH_ID = re.compile(r"(?=.*[^\W\d_])(?=.*[\s.,@'])")


def _letters(i: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (spreadsheet column style)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


class Pseudonyms:
    """How one map is anonymised: new ids, role labels, and a scrubber for free text.

    Build it with :func:`pseudonyms`. ``ids`` maps each real id to the id used in the
    anonymised map, ``labels`` each real id to the role label shown instead of the name,
    ``owners`` each owner on our side to "Owner 1", "Owner 2", ….
    """

    def __init__(self, ids: dict, labels: dict, owners: dict, sensitive: dict[str, str]):
        self.ids = ids
        self.labels = labels
        self.owners = owners
        # Longest first, so "Maria Chen" is replaced before "Maria"; every spelling the case
        # rules allow (İLKAY, ılkay; STRASSE for Straße) is looked for, and looked up folded.
        # The text and the words are compared folded (:func:`_key`), so no case rule of any
        # script can hide a name from the pattern, nor make its replacement unknown.
        self._sensitive = dict(sorted(sensitive.items(), key=lambda kv: -len(kv[0])))
        self._lookup = {}
        for s, r in self._sensitive.items():
            self._lookup.setdefault(_folded(unicodedata.normalize("NFC", s))[0], r)
        words = sorted(self._lookup, key=lambda w: -len(w))
        self._pattern = (re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
                         if words else None)

    def scrub(self, text):
        """*text* with every real name, e-mail address, owner and name-like id replaced.

        Non-text values are returned unchanged.

        Examples
        --------
        >>> from influence.graph import new_map, add_person
        >>> G = new_map()
        >>> _ = add_person(G, "e1", "Maria Chen", title="VP Sales")
        >>> pseudonyms(G).scrub("Ask Maria Chen (maria.chen@example.com) or maria")
        'Ask VP Sales (A) ([e-mail withheld]) or [name withheld]'
        """
        if not isinstance(text, str) or not text:
            return text
        text = _EMAIL.sub("[e-mail withheld]", text)
        if self._pattern is None:
            return text
        text = unicodedata.normalize("NFC", text)
        folded, where = _folded(text)
        out, last = [], 0
        for m in self._pattern.finditer(folded):
            start, end = (m.start(), m.end()) if where is None else (where[m.start()], where[m.end() - 1] + 1)
            if start < last:
                continue
            out += [text[last:start], self._lookup.get(m.group(0), _REDACTED)]
            last = end
        return "".join(out) + text[last:] if out else text

    def person_id(self, real_id):
        """The anonymised id of a real id (unchanged ids map to themselves)."""
        return self.ids.get(real_id, real_id)


def pseudonyms(G: nx.MultiDiGraph) -> Pseudonyms:
    """Work out the anonymisation of *G*: role labels, ids, owners, words to scrub.

    Each person is labelled by title (or department, or "Person") followed by a letter
    that tells people with the same title apart: "VP Sales (A)", "VP Sales (B)". Ids are
    replaced by "P1", "P2", … only when some id looks like a name or an e-mail address,
    so analyses computed on the real map stay valid for plain employee codes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map.

    Returns
    -------
    Pseudonyms

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map()
    >>> for i, name in enumerate(["Ann Lee", "Bo Kim", "Cy Fox"]):
    ...     _ = add_person(G, i, name, title="Director")
    >>> list(pseudonyms(G).labels.values())
    ['Director (A)', 'Director (B)', 'Director (C)']
    """
    nodes = list(G)
    stems = {}
    for v in nodes:
        data = G.nodes[v]
        stem = (data.get("title") or data.get("department") or "Person").strip() or "Person"
        stems[v] = stem
    # Titles themselves may hold a name ("Assistant to Maria Chen"): scrub them first.
    names = {}
    for v in nodes:
        name = G.nodes[v].get("name")
        if isinstance(name, str) and name.strip():
            names[v] = name.strip()
    name_scrub = Pseudonyms({}, {}, {}, _name_words(names.values(), {}))
    stems = {v: name_scrub.scrub(s) for v, s in stems.items()}

    seen: Counter = Counter()
    labels = {}
    for v in nodes:
        labels[v] = f"{stems[v]} ({_letters(seen[stems[v]])})"
        seen[stems[v]] += 1

    rename = any(_NAMEISH_ID.match(str(v)) for v in nodes)
    ids = {v: f"P{i + 1}" for i, v in enumerate(nodes)} if rename else {}

    owners: dict[str, str] = {}
    for v in nodes:
        owner = G.nodes[v].get("owner")
        if isinstance(owner, str) and owner.strip() and owner.strip() not in owners:
            owners[owner.strip()] = f"Owner {len(owners) + 1}"

    sensitive: dict[str, str] = {}
    sensitive.update(_name_words(names.values(), {}))  # parts of names: "[name withheld]"
    sensitive.update(_name_words(owners, {}))
    for owner, label in owners.items():
        sensitive[owner] = label
    for v, name in names.items():
        sensitive[name] = labels[v]
        if "," in name:  # "Chen, Maria" is also written "Maria Chen"
            last, _, first = name.partition(",")
            sensitive[f"{first.strip()} {last.strip()}"] = labels[v]
    for v, new in ids.items():
        sensitive[str(v)] = new
    for v in nodes:
        email = G.nodes[v].get("email")
        if isinstance(email, str) and email.strip():
            sensitive[email.strip()] = "[e-mail withheld]"
    return Pseudonyms(ids, labels, owners, sensitive)


def _name_words(names, out: dict) -> dict:
    """Every name and every word of a name (two letters or more) -> the redaction mark."""
    for name in names:
        out[name] = _REDACTED
        for word in re.split(r"[\s,.'()\"/-]+", name):
            if len(word) >= 2 and not word.isdigit():
                out[word] = _REDACTED
    return out


def anonymize(G: nx.MultiDiGraph, *, partner: str | None = None,
              key: Pseudonyms | None = None) -> nx.MultiDiGraph:
    """A copy of *G* with people named by their roles and no personal details.

    Names become role labels, e-mail addresses and notes are removed, owners become
    "Owner 1", "Owner 2", … (so coverage gaps still show), every extra column is dropped
    whatever its type (only :data:`KEPT_PERSON_FIELDS` and :data:`KEPT_TIE_FIELDS`
    survive), titles and departments are scrubbed of real names, and ids that look like
    names or e-mail addresses become "P1", "P2", …. The structure,
    attitudes, authority, influence, styles and ties are unchanged, so the analysis of
    the copy matches the analysis of the original.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map; it is not modified.
    partner : str, optional
        A replacement for the partner's name (``G.graph["name"]``), e.g. ``"Partner"``;
        by default the partner's name is kept.
    key : Pseudonyms, optional
        The mapping to use, from :func:`pseudonyms` (computed when not given).

    Returns
    -------
    networkx.MultiDiGraph
        The anonymised copy, with ``G.graph["anonymized"] = True``.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map("Contoso")
    >>> _ = add_person(G, "e1", "Maria Chen", title="CEO", email="maria@contoso.com")
    >>> _ = add_person(G, "e2", "Tom Berg", title="VP Sales", owner="Ann Page")
    >>> add_reporting_line(G, "e1", "e2")
    >>> A = anonymize(G)
    >>> [A.nodes[v]["name"] for v in A], A.nodes["e1"]["email"], A.nodes["e2"]["owner"]
    (['CEO (A)', 'VP Sales (A)'], None, 'Owner 1')
    >>> A.nodes["e2"]["manager"], A.graph["name"]
    ('e1', 'Contoso')
    """
    key = key or pseudonyms(G)
    A = nx.MultiDiGraph()
    A.graph.update(name=G.graph.get("name") if partner is None else partner,
                   source=None, warnings=[], anonymized=True)
    for v, data in G.nodes(data=True):
        new = {f: data.get(f) for f in KEPT_PERSON_FIELDS}  # an allow-list: nothing else survives
        new["name"] = key.labels[v]
        new["email"] = None
        new["notes"] = None
        new["extra"] = {}
        new["title"] = key.scrub(data.get("title"))
        new["department"] = key.scrub(data.get("department"))
        new["role"] = key.scrub(data.get("role"))
        new["style"] = key.scrub(data.get("style"))
        owner = data.get("owner")
        new["owner"] = key.owners.get(owner.strip()) if isinstance(owner, str) and owner.strip() else None
        if data.get("manager") is not None:
            new["manager"] = key.person_id(data["manager"])
        A.add_node(key.person_id(v), **new)
    for u, v, k, data in G.edges(keys=True, data=True):
        new = {f: data.get(f) for f in KEPT_TIE_FIELDS}
        new["notes"] = None
        A.add_edge(key.person_id(u), key.person_id(v), key=k, **new)
    return A
