"""The dashboard's people and ties tables: their rows, and their edits through :mod:`influence.editing`.

The rules of an edit (what a value may be, who may report to whom) live in the library
(:mod:`influence.editing`); this module only shapes the table rows the grids show, so a
row and its edit share one shape, and turns a table's row keys back into relationships.
"""

from __future__ import annotations

import networkx as nx

from influence.editing import EDITABLE_FIELDS, Edit, EditRejected, add_tie, edit_person, edit_tie
from influence.editing import delete_ties as _delete_ties
from influence.graph import display_name
from influence.theme import strength_scale
from influence.vocabulary import REPORTING

__all__ = [
    "Edit",
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

PEOPLE_COLUMNS = EDITABLE_FIELDS
"""Editable person columns, in table order (``manager`` shows and takes a name or id)."""


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
                     # On the workbook's own scale: 4, not 0.8 (influence.theme.strength_scale).
                     "strength": "" if strength is None else strength_scale(round(strength, 2)),
                     "notes": data.get("notes") or ""})
    return rows


def delete_ties(G: nx.MultiDiGraph, keys: list[str]) -> Edit:
    """Remove the relationships whose table keys (:func:`tie_key`) are given
    (:func:`influence.editing.delete_ties`)."""
    wanted = set(keys)
    return _delete_ties(G, [(u, v, k) for u, v, k in G.edges(keys=True) if tie_key(u, v, k) in wanted])
