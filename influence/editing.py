"""Edits of a map, one change at a time, each checked the way the importer checks a workbook.

Every function takes the map and returns an :class:`Edit`: a changed *copy* of the map and a
one-line note for the snapshot ("Ada Lind: attitude neutral -> supporter"), or the map
itself and ``""`` when the value means what is already there. A value that cannot be
right raises :class:`EditRejected`, whose message says what to type instead. Values are
read with the importer's parsers (:mod:`influence.vocabulary`: "mentor" is a champion,
"high" authority is 4), people are found with :func:`influence.people.resolve_person`, and
a new manager is refused when the reporting line would close a cycle
(:func:`creates_reporting_cycle`), so an edited map is one the importer would accept.

The dashboard's tables call these functions; so can a script or another front end.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import networkx as nx

from .errors import InfluenceError
from .graph import add_person as _add_node
from .graph import add_relationship, add_reporting_line, display_name
from .people import normalize_name, resolve_person
from .vocabulary import (
    CONFLICT,
    REPORTING,
    UnknownValue,
    parse_attitude,
    parse_authority,
    parse_influence_rating,
    parse_relationship_type,
    parse_role,
    parse_strength,
    parse_style,
)

__all__ = [
    "Edit",
    "EditRejected",
    "EDITABLE_FIELDS",
    "TIE_FIELDS",
    "edit_person",
    "add_tie",
    "edit_tie",
    "delete_ties",
    "add_person",
    "delete_people",
    "creates_reporting_cycle",
]

EDITABLE_FIELDS = ("name", "title", "department", "attitude", "authority", "influence", "role", "style",
                   "owner", "manager", "email", "notes")
"""Person fields an edit may change (``manager`` takes the manager's name or id)."""

TIE_FIELDS = ("type", "strength", "notes")
"""Relationship fields :func:`edit_tie` may change."""


class Edit(NamedTuple):
    """The map after an edit, and the note that describes the edit (``""``: nothing changed)."""

    graph: nx.MultiDiGraph
    note: str


class EditRejected(InfluenceError):
    """Raised when an edit is not a valid value; the message says what would be."""


def _text(value) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _parse_style(value):
    try:
        return parse_style(value)
    except UnknownValue as err:  # the importer keeps a user's own style word; so do we
        return err.value


_PARSERS = {
    "attitude": parse_attitude,
    "authority": parse_authority,
    "influence": parse_influence_rating,
    "style": _parse_style,
    "role": parse_role,
}


def _find_person(G: nx.MultiDiGraph, text) -> str:
    try:
        return resolve_person(G, text)
    except InfluenceError as err:
        raise EditRejected(str(err)) from err


def _reporting_tree(G: nx.MultiDiGraph) -> nx.DiGraph:
    T = nx.DiGraph()
    T.add_nodes_from(G)
    T.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k == REPORTING)
    return T


def creates_reporting_cycle(G: nx.MultiDiGraph, manager: str, person: str) -> bool:
    """Whether *person* reporting to *manager* would close a loop of reporting lines.

    True when *manager* is *person* or reports to *person*, directly or through others.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map(); _ = add_person(G, "ceo", "Ada"); _ = add_person(G, "cfo", "Bo")
    >>> add_reporting_line(G, "ceo", "cfo")
    >>> creates_reporting_cycle(G, "cfo", "ceo"), creates_reporting_cycle(G, "ceo", "cfo")
    (True, False)
    """
    return manager == person or manager in nx.descendants(_reporting_tree(G), person)


def edit_person(G: nx.MultiDiGraph, person: str, field: str, value) -> Edit:
    """Change one field of one person.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The map (not changed).
    person : str
        The person's id.
    field : str
        One of :data:`EDITABLE_FIELDS`.
    value
        What the user typed; read with the importer's parsers (``"mentor"`` is a champion,
        ``"high"`` authority is 4, a manager is a name or an id, blank is no manager).

    Returns
    -------
    Edit
        The changed copy and a note for the snapshot ("Ada Lind: attitude neutral -> supporter");
        *G* itself and ``""`` when the value means what is already there.

    Raises
    ------
    EditRejected
        A value outside the scale, an empty name, a manager who is not in the map or who
        would make a reporting cycle.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map(); _ = add_person(G, "1", "Ada", attitude="neutral")
    >>> H, note = edit_person(G, "1", "attitude", "Mentor")
    >>> H.nodes["1"]["attitude"], note
    ('champion', 'Ada: attitude neutral -> champion')
    >>> try:
    ...     edit_person(G, "1", "attitude", "keen")
    ... except EditRejected as err:
    ...     print(err)
    Ada, attitude: 'keen' is not a known attitude; use one of: champion, supporter, neutral, skeptic, opponent, unknown (or +2 … -2)
    """
    if person not in G:
        raise EditRejected(f"nobody with id {person!r} is in the map any more; reload the page")
    if field not in EDITABLE_FIELDS:
        raise EditRejected(f"the column {field!r} cannot be edited; edit one of: {', '.join(EDITABLE_FIELDS)}")
    who = display_name(G, person)
    old = G.nodes[person].get(field)
    if field == "manager":
        return _change_manager(G, person, _text(value), who, old)
    if field in _PARSERS:
        try:
            new = _PARSERS[field](value)
        except UnknownValue as err:
            raise EditRejected(f"{who}, {field}: {err}") from err
    else:
        new = _text(value)
        if field == "name" and not new:
            raise EditRejected(f"a person needs a name; type one for {who} (id {person})")
    if field == "attitude":
        old = old or "unknown"
    if new == old:
        return Edit(G, "")  # nothing changed: no snapshot
    H = G.copy()
    H.nodes[person][field] = new
    shown_old = "(none)" if old in (None, "") else old
    shown_new = "(none)" if new in (None, "") else new
    return Edit(H, f"{who}: {field} {shown_old} -> {shown_new}")


def _change_manager(G, person, new, who, old) -> Edit:
    new_id = _find_person(G, new) if new else None
    if new_id == person:
        raise EditRejected(f"{who} cannot report to themselves; choose another manager or leave it blank")
    if new_id == old:
        return Edit(G, "")
    if new_id is not None and creates_reporting_cycle(G, new_id, person):
        raise EditRejected(f"{display_name(G, new_id)} reports (directly or not) to {who}, so {who} cannot "
                           "report to them; change the other reporting line first")
    H = G.copy()
    for m in [u for u, _, k in H.in_edges(person, keys=True) if k == REPORTING]:
        H.remove_edge(m, person, REPORTING)
    H.nodes[person]["manager"] = None
    if new_id is not None:
        add_reporting_line(H, new_id, person)
    shown = (lambda p: display_name(G, p) if p in G else p)
    return Edit(H, f"{who}: manager {shown(old) if old else '(none)'} -> {shown(new_id) if new_id else '(none)'}")


def _parse_tie(type_, strength) -> tuple[str, float | None]:
    try:
        kind = parse_relationship_type(type_)
        value = parse_strength(strength)
    except UnknownValue as err:
        raise EditRejected(str(err)) from err
    return kind, value


def add_tie(G: nx.MultiDiGraph, source: str, target: str, type_="influences", strength=None,
            notes=None) -> Edit:
    """Add a relationship *source* -> *target* (names or ids); returns the copy and a note.

    Raises
    ------
    EditRejected
        Someone not in the map, the same person twice, an unknown type or strength, or a
        relationship of that type that is already there.

    Examples
    --------
    >>> from influence.graph import new_map, add_person
    >>> G = new_map(); _ = add_person(G, "1", "Ada"); _ = add_person(G, "2", "Bo")
    >>> H, note = add_tie(G, "1", "2", "trusts", "strong")
    >>> H.edges["1", "2", "trusts"]["strength"], note
    (0.8, 'Ada trusts Bo (0.8)')
    """
    source, target = _find_person(G, source), _find_person(G, target)
    if source == target:
        raise EditRejected("a relationship needs two different people; choose another 'to'")
    kind, value = _parse_tie(type_, strength)
    if G.has_edge(source, target, kind):
        raise EditRejected(f"{display_name(G, source)} already {kind} {display_name(G, target)}; "
                           "edit that row instead")
    H = G.copy()
    add_relationship(H, source, target, kind, None if kind == CONFLICT else value, _text(notes))
    shown = f" ({value})" if value is not None and kind != CONFLICT else ""
    return Edit(H, f"{display_name(G, source)} {kind} {display_name(G, target)}{shown}")


def edit_tie(G: nx.MultiDiGraph, source: str, target: str, type_: str, field: str, value) -> Edit:
    """Change the ``type``, ``strength`` or ``notes`` (:data:`TIE_FIELDS`) of one relationship.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map(); _ = add_person(G, "1", "Ada"); _ = add_person(G, "2", "Bo")
    >>> add_relationship(G, "1", "2", "trusts", 0.8)
    >>> edit_tie(G, "1", "2", "trusts", "type", "advisor").note
    'Ada -> Bo: type trusts -> advises'
    """
    if not G.has_edge(source, target, type_):
        raise EditRejected("that relationship is not in the map any more; reload the page")
    data = dict(G.edges[source, target, type_])
    who = f"{display_name(G, source)} -> {display_name(G, target)}"
    if field == "type":
        kind, _ = _parse_tie(value, None)
        if kind == type_:
            return Edit(G, "")
        if G.has_edge(source, target, kind):
            raise EditRejected(f"{who} already has a '{kind}' relationship; delete one of the two")
        H = G.copy()
        H.remove_edge(source, target, type_)
        add_relationship(H, source, target, kind, None if kind == CONFLICT else data.get("strength"),
                         data.get("notes"))
        return Edit(H, f"{who}: type {type_} -> {kind}")
    if field == "strength":
        _, new = _parse_tie(type_, value)
    elif field == "notes":
        new = _text(value)
    else:
        raise EditRejected(f"the column {field!r} cannot be edited; delete the row and add a new one")
    H = G.copy()
    H.edges[source, target, type_][field] = new
    return Edit(H, f"{who} ({type_}): {field} {data.get(field)} -> {new}")


def delete_ties(G: nx.MultiDiGraph, ties: Iterable[tuple[str, str, str]]) -> Edit:
    """Remove relationships given as ``(source, target, type)``; reporting lines are kept
    (they are changed as a person's manager).

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_relationship
    >>> G = new_map(); _ = add_person(G, "1", "Ada"); _ = add_person(G, "2", "Bo")
    >>> add_relationship(G, "1", "2", "trusts", 0.8)
    >>> H, note = delete_ties(G, [("1", "2", "trusts")])
    >>> H.number_of_edges(), note
    (0, 'deleted: Ada trusts Bo')
    """
    wanted = {tuple(t) for t in ties}
    gone = [(u, v, k) for u, v, k in G.edges(keys=True) if k != REPORTING and (u, v, k) in wanted]
    if not gone:
        raise EditRejected("select the relationships to delete first (tick their rows)")
    H = G.copy()
    H.remove_edges_from(gone)
    names = ", ".join(f"{display_name(G, u)} {k} {display_name(G, v)}" for u, v, k in gone[:3])
    more = f" and {len(gone) - 3} more" if len(gone) > 3 else ""
    return Edit(H, f"deleted: {names}{more}")


def _new_id(G: nx.MultiDiGraph) -> str:
    n = G.number_of_nodes() + 1
    while f"P{n:04d}" in G:
        n += 1
    return f"P{n:04d}"


def add_person(G: nx.MultiDiGraph, name, *, title=None, manager=None, attitude=None, department=None,
               person_id=None) -> Edit:
    """Add a person (a new node) under *manager* (a name or an id, or nobody).

    The id is *person_id* or the next free ``P0001``-style id. Returns the copy and a note.

    Raises
    ------
    EditRejected
        No name, a name or id already in the map, an unknown manager or attitude.

    Examples
    --------
    >>> from influence.graph import new_map, add_person as node
    >>> G = new_map(); _ = node(G, "1", "Ada")
    >>> H, note = add_person(G, "Bo Berg", title="CFO", manager="Ada", attitude="ally")
    >>> sorted(H), H.nodes["P0002"]["manager"], H.nodes["P0002"]["attitude"], note
    (['1', 'P0002'], '1', 'supporter', 'added Bo Berg (CFO), reporting to Ada')
    """
    name = _text(name)
    if not name:
        raise EditRejected("type the new person's name first")
    same = [p for p in G if normalize_name(G.nodes[p].get("name")) == normalize_name(name)]
    if same:
        raise EditRejected(f"{name} is already in the map (id {same[0]}); edit that row, or add a middle "
                           "initial to tell two people apart")
    key = _text(person_id) or _new_id(G)
    if key in G:
        raise EditRejected(f"the id {key} is taken; choose another id or leave it blank")
    boss = _find_person(G, manager) if _text(manager) else None
    try:
        level = parse_attitude(attitude) if _text(attitude) else "unknown"
    except UnknownValue as err:
        raise EditRejected(str(err)) from err
    H = G.copy()
    _add_node(H, key, name, attitude=level or "unknown", title=_text(title), department=_text(department))
    if boss is not None:
        add_reporting_line(H, boss, key)
    where = f", reporting to {display_name(G, boss)}" if boss is not None else ""
    return Edit(H, f"added {name}{f' ({_text(title)})' if _text(title) else ''}{where}")


def delete_people(G: nx.MultiDiGraph, people: Iterable[str]) -> Edit:
    """Remove people (names or ids) with their relationships; their direct reports move up
    to the removed person's manager, so the reporting chart stays in one piece.

    Raises
    ------
    EditRejected
        Nobody given, or someone not in the map.

    Examples
    --------
    >>> from influence.graph import new_map, add_person as node, add_reporting_line
    >>> G = new_map()
    >>> for p, n in (("1", "Ada"), ("2", "Bo"), ("3", "Cy")):
    ...     _ = node(G, p, n)
    >>> add_reporting_line(G, "1", "2"); add_reporting_line(G, "2", "3")
    >>> H, note = delete_people(G, ["Bo"])
    >>> sorted(H), H.nodes["3"]["manager"], note
    (['1', '3'], '1', 'deleted Bo (1 direct report moved up to Ada)')
    """
    gone = list(dict.fromkeys(_find_person(G, p) for p in people if _text(p)))
    if not gone:
        raise EditRejected("select the people to delete first (tick their rows)")
    H = G.copy()
    moved = 0
    for person in gone:
        boss = next((u for u, _, k in H.in_edges(person, keys=True) if k == REPORTING), None)
        reports = [v for _, v, k in H.out_edges(person, keys=True) if k == REPORTING]
        H.remove_node(person)
        for r in reports:
            H.nodes[r]["manager"] = None
            if boss is not None:
                add_reporting_line(H, boss, r)
        moved += len(reports)
    names = ", ".join(display_name(G, p) for p in gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
    if moved:
        boss = G.nodes[gone[0]].get("manager") if len(gone) == 1 else None
        to = f"up to {display_name(G, boss)}" if boss in G else "up a level"
        names += f" ({moved} direct report{'s' if moved != 1 else ''} moved {to})"
    return Edit(H, f"deleted {names}")
