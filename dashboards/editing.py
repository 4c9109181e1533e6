"""Edits from the dashboard's tables, checked with the importer's vocabulary, as pure functions.

Each function takes the map, returns a changed *copy* and a one-line note for the
snapshot, or raises :class:`EditRejected` with a message that says what to type instead.
The table rows the grids show come from here too, so a row and its edit share one shape.
"""

from __future__ import annotations

import networkx as nx

from influence.errors import InfluenceError
from influence.graph import add_relationship, add_reporting_line, display_name
from influence.vocabulary import (
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
    "EditRejected",
    "PEOPLE_COLUMNS",
    "people_rows",
    "tie_rows",
    "edit_person",
    "edit_tie",
    "add_tie",
    "delete_ties",
    "tie_key",
]

PEOPLE_COLUMNS = ("name", "title", "department", "attitude", "authority", "influence", "role", "style",
                  "owner", "manager", "email", "notes")
"""Editable person columns, in table order (``manager`` shows and takes a name or id)."""


class EditRejected(InfluenceError):
    """Raised when a table edit is not a valid value; the message says what would be."""


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


def people_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One table row per person (manager shown by name).

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map(); _ = add_person(G, "1", "Ada"); _ = add_person(G, "2", "Bo", attitude="neutral")
    >>> add_reporting_line(G, "1", "2")
    >>> [(r["id"], r["manager"], r["attitude"]) for r in people_rows(G)]
    [('1', '', 'unknown'), ('2', 'Ada', 'neutral')]
    """
    rows = []
    for person, n in G.nodes(data=True):
        row = {"id": person}
        for column in PEOPLE_COLUMNS:
            value = n.get(column)
            if column == "manager":
                value = display_name(G, value) if value in G else ""
            elif column == "attitude":
                value = value or "unknown"
            row[column] = "" if value is None else value
        rows.append(row)
    return rows


def tie_key(u: str, v: str, type_: str) -> str:
    """The row id of a relationship in the table."""
    return f"{u}\u2192{v}\u2192{type_}"


def tie_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One table row per relationship (reporting lines are edited as a person's manager)."""
    rows = []
    for u, v, key, data in G.edges(keys=True, data=True):
        if key == REPORTING:
            continue
        strength = data.get("strength")
        rows.append({"key": tie_key(u, v, key), "source": u, "target": v, "from": display_name(G, u),
                     "to": display_name(G, v), "type": key,
                     "strength": "" if strength is None else round(strength, 2), "notes": data.get("notes") or ""})
    return rows


def _find_person(G: nx.MultiDiGraph, text) -> str:
    from influence.paths import resolve_person

    try:
        return resolve_person(G, text)
    except InfluenceError as err:
        raise EditRejected(str(err)) from err


def edit_person(G: nx.MultiDiGraph, person: str, column: str, value) -> tuple[nx.MultiDiGraph, str]:
    """Change one attribute of one person.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The map (not changed).
    person : str
        The person's id.
    column : str
        One of :data:`PEOPLE_COLUMNS`.
    value
        What the user typed; read with the importer's parsers (``"mentor"`` is a champion,
        ``"high"`` authority is 4, a manager is a name or an id).

    Returns
    -------
    (networkx.MultiDiGraph, str)
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
    if column not in PEOPLE_COLUMNS:
        raise EditRejected(f"the column {column!r} cannot be edited; edit one of: {', '.join(PEOPLE_COLUMNS)}")
    who = display_name(G, person)
    old = G.nodes[person].get(column)
    H = G.copy()
    if column == "manager":
        new = _text(value)
        new_id = _find_person(G, new) if new else None
        if new_id == person:
            raise EditRejected(f"{who} cannot report to themselves; choose another manager or leave it blank")
        if new_id == old:
            return G, ""
        if new_id is not None and new_id in nx.descendants(_reporting_tree(G), person):
            raise EditRejected(f"{display_name(G, new_id)} reports (directly or not) to {who}, so {who} cannot "
                               "report to them; change the other reporting line first")
        for m in [u for u, _, k in H.in_edges(person, keys=True) if k == REPORTING]:
            H.remove_edge(m, person, REPORTING)
        H.nodes[person]["manager"] = None
        if new_id is not None:
            add_reporting_line(H, new_id, person)
        shown = (lambda p: display_name(G, p) if p in G else p)
        return H, f"{who}: manager {shown(old) if old else '(none)'} -> {shown(new_id) if new_id else '(none)'}"
    if column in _PARSERS:
        try:
            new = _PARSERS[column](value)
        except UnknownValue as err:
            raise EditRejected(f"{who}, {column}: {err}") from err
    else:
        new = _text(value)
        if column == "name" and not new:
            raise EditRejected(f"a person needs a name; type one for {who} (id {person})")
    if column == "attitude":
        old = old or "unknown"
    if new == old:
        return G, ""  # nothing changed: no snapshot
    H.nodes[person][column] = new
    shown_old = "(none)" if old in (None, "") else old
    shown_new = "(none)" if new in (None, "") else new
    return H, f"{who}: {column} {shown_old} -> {shown_new}"


def _reporting_tree(G: nx.MultiDiGraph) -> nx.DiGraph:
    T = nx.DiGraph()
    T.add_nodes_from(G)
    T.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k == REPORTING)
    return T


def _parse_tie(type_, strength) -> tuple[str, float | None]:
    try:
        kind = parse_relationship_type(type_)
        value = parse_strength(strength)
    except UnknownValue as err:
        raise EditRejected(str(err)) from err
    return kind, value


def add_tie(G: nx.MultiDiGraph, source: str, target: str, type_="influences", strength=None,
            notes=None) -> tuple[nx.MultiDiGraph, str]:
    """Add a relationship *source* -> *target*; returns the copy and a note.

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
    return H, f"{display_name(G, source)} {kind} {display_name(G, target)}{shown}"


def edit_tie(G: nx.MultiDiGraph, source: str, target: str, type_: str, column: str,
             value) -> tuple[nx.MultiDiGraph, str]:
    """Change the ``type``, ``strength`` or ``notes`` of one relationship."""
    if not G.has_edge(source, target, type_):
        raise EditRejected("that relationship is not in the map any more; reload the page")
    data = dict(G.edges[source, target, type_])
    who = f"{display_name(G, source)} -> {display_name(G, target)}"
    if column == "type":
        kind, _ = _parse_tie(value, None)
        if kind == type_:
            return G, ""
        if G.has_edge(source, target, kind):
            raise EditRejected(f"{who} already has a '{kind}' relationship; delete one of the two")
        H = G.copy()
        H.remove_edge(source, target, type_)
        add_relationship(H, source, target, kind, None if kind == CONFLICT else data.get("strength"),
                         data.get("notes"))
        return H, f"{who}: type {type_} -> {kind}"
    if column == "strength":
        _, new = _parse_tie(type_, value)
    elif column == "notes":
        new = _text(value)
    else:
        raise EditRejected(f"the column {column!r} cannot be edited; delete the row and add a new one")
    H = G.copy()
    H.edges[source, target, type_][column] = new
    return H, f"{who} ({type_}): {column} {data.get(column)} -> {new}"


def delete_ties(G: nx.MultiDiGraph, keys: list[str]) -> tuple[nx.MultiDiGraph, str]:
    """Remove the relationships whose table keys (:func:`tie_key`) are given."""
    wanted = set(keys)
    H = G.copy()
    gone = [(u, v, k) for u, v, k in G.edges(keys=True) if k != REPORTING and tie_key(u, v, k) in wanted]
    if not gone:
        raise EditRejected("select the relationships to delete first (tick their rows)")
    H.remove_edges_from(gone)
    names = ", ".join(f"{display_name(G, u)} {k} {display_name(G, v)}" for u, v, k in gone[:3])
    more = f" and {len(gone) - 3} more" if len(gone) > 3 else ""
    return H, f"deleted: {names}{more}"

