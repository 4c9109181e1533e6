"""Editing: the people and ties tables, their cell edits, adding and deleting ties."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from influence.errors import InfluenceError
from influence.store import Conflict

from .. import ids, views
from ..editing import EditRejected, add_tie, delete_ties, edit_person, edit_tie, people_rows, tie_rows
from ..service import MapService
from .common import alert

__all__ = ["register", "people_edit_action", "ties_edit_action", "conflict_choice_action", "CHOICE", "PENDING"]

CHOICE = "edit-choice"
"""Pattern id type of the "keep mine" / "keep theirs" buttons of a conflicting edit."""
PENDING = "edit-pending"
"""Pattern id type of the store holding a conflicting edit until the user chooses."""


def _value(value) -> str:
    return "(empty)" if value in (None, "") else f"“{value}”"


def _saved_message(note: str, others: list) -> str:
    if not others:
        return "Saved: " + note
    authors = sorted({c.author or "someone" for c in others})
    return (f"Saved: {note} (on top of {len(others)} change(s) {', '.join(authors)} saved meanwhile, "
            "which the table now shows too)")


def _conflict_prompt(conflict: Conflict, map_id, changes: list[dict]):
    """Both values, and two buttons: keep mine (save it over theirs) or keep theirs."""
    theirs, mine = conflict.overlaps[0]
    who = theirs.author or "someone"
    field = theirs.field or "the whole entry"
    more = f" ({len(conflict.overlaps) - 1} more field(s) too)" if len(conflict.overlaps) > 1 else ""
    text = (f"Not saved yet: {who} changed {theirs.name or theirs.target}'s {field} to {_value(theirs.new)} at "
            f"{theirs.saved_at[11:16]} UTC, while you set it to {_value(mine['new'])}{more}. Which one stays?")
    return dbc.Alert([
        html.Div(text, className="mb-1"),
        dbc.Button(f"Keep mine: {_value(mine['new'])}", id={"type": CHOICE, "choice": "mine"}, size="sm",
                   color="primary", className="me-2"),
        dbc.Button(f"Keep {who}'s: {_value(theirs.new)}", id={"type": CHOICE, "choice": "theirs"}, size="sm",
                   color="secondary", outline=True),
        dcc.Store(id={"type": PENDING, "n": 0},
                  data={"map_id": map_id, "latest": conflict.current_version, "changes": changes, "who": who}),
    ], color="warning", className="py-1 px-2 small mb-2")


def people_edit_action(service: MapService, version: dict | None, changes: list[dict] | None):
    """Apply cell edits of the people table; save one snapshot. Returns (version, status, rows).

    The save names the version the edit was made on: when someone else saved meanwhile,
    the edit is carried over if they changed other fields, and the user is asked (both
    values shown) if they changed the same one. Only a save that happened says "Saved";
    any other outcome says "Not saved: …" and leaves the edit on the page.
    """
    if not version or not changes:
        return no_update, no_update, no_update
    map_id = version["map_id"]
    try:
        G = service.graph(map_id, version["version"])
    except InfluenceError as err:
        return no_update, alert(f"Not saved: {err}", "danger"), no_update
    notes = []
    try:
        for change in changes:
            person = change.get("rowId") or (change.get("data") or {}).get("id")
            G, note = edit_person(G, person, change["colId"], change.get("value"))
            if note:
                notes.append(note)
    except EditRejected as err:
        return no_update, alert(f"Not saved: {err}", "danger"), people_rows(G)
    if not notes:
        return no_update, alert("No change: the value means what was already there.", "secondary"), people_rows(G)
    note = "; ".join(notes)
    try:
        new_version, others = service.save_edit(map_id, G, note, base_version=version["version"])
    except Conflict as conflict:
        if conflict.overlaps:
            return no_update, _conflict_prompt(conflict, map_id, changes), no_update
        return no_update, alert(f"Not saved: {conflict}", "danger"), no_update
    except InfluenceError as err:  # the database is down, the disk is full, no permission
        return no_update, alert(f"Not saved: {err}", "danger"), no_update
    return {"map_id": map_id, "version": new_version}, alert(_saved_message(note, others), "success"), no_update


def conflict_choice_action(service: MapService, choice: str | None, clicks, pending):
    """The user chose after a conflicting edit: "mine" saves the edit over the latest
    version, "theirs" drops it and shows the latest. Returns (version, status, rows)."""
    if not choice or not any(clicks or []) or not pending or not pending[0]:
        return no_update, no_update, no_update
    data = pending[0]
    if choice == "theirs":
        try:
            latest = service.version(data["map_id"])
        except InfluenceError as err:
            return no_update, alert(f"Not saved: {err}", "danger"), no_update
        return ({"map_id": data["map_id"], "version": latest},
                alert(f"Kept {data.get('who') or 'their'}'s value; your edit was not saved.", "secondary"), no_update)
    return people_edit_action(service, {"map_id": data["map_id"], "version": data["latest"]}, data["changes"])


def ties_edit_action(service: MapService, version: dict | None, trigger, changes=None, selected=None,
                     new_tie: tuple | None = None):
    """Edit, add or delete relationships; save one snapshot. Returns (version, status, rows)."""
    if not version:
        return no_update, no_update, no_update
    map_id = version["map_id"]
    G = service.graph(map_id, version["version"])
    try:
        if trigger == ids.TIE_ADD:
            source, target, kind, strength = new_tie or (None, None, None, None)
            if not source or not target:
                raise EditRejected("choose who influences (From) and whom (To) first")
            G, note = add_tie(G, source, target, kind or "influences", strength)
        elif trigger == ids.TIE_DELETE:
            G, note = delete_ties(G, [row["key"] for row in (selected or [])])
        else:
            notes = []
            for change in changes or []:
                row = change.get("data") or {}
                old_type = row.get("type") if change["colId"] != "type" else change.get("oldValue")
                G, note = edit_tie(G, row["source"], row["target"], old_type, change["colId"], change.get("value"))
                notes.append(note)
            note = "; ".join(n for n in notes if n)
            if not note:
                return no_update, no_update, no_update
    except EditRejected as err:
        return no_update, alert(f"Not saved: {err}", "danger"), tie_rows(G)
    try:
        new_version, others = service.save_edit(map_id, G, note, base_version=version["version"])
    except Conflict as conflict:
        if not conflict.overlaps:
            return no_update, alert(f"Not saved: {conflict}", "danger"), no_update
        theirs, _ = conflict.overlaps[0]
        return no_update, alert(f"Not saved: {theirs.author or 'someone'} changed {theirs.what()} at "
                                f"{theirs.saved_at[11:16]} UTC, after this table was loaded; reload the map "
                                "to see it, then make your edit again", "danger"), no_update
    except InfluenceError as err:  # the database is down, the disk is full, no permission
        return no_update, alert(f"Not saved: {err}", "danger"), no_update
    return {"map_id": map_id, "version": new_version}, alert(_saved_message(note, others), "success"), no_update


def register(app, service: MapService) -> None:
    """The tables and their edits."""

    @app.callback(Output(ids.PEOPLE_GRID, "rowData"), Output(ids.PEOPLE_GRID, "columnDefs"),
                  Output(ids.TIES_GRID, "rowData"), Output(ids.TIES_GRID, "columnDefs"),
                  Input(ids.VERSION, "data"), Input(ids.TABS, "active_tab"))
    def _tables(version, tab):
        if tab not in ("people", "ties"):
            return no_update, no_update, no_update, no_update
        if not version:
            return [], [], [], []
        G = service.graph(version["map_id"], version["version"])
        return people_rows(G), views.people_columns(), tie_rows(G), views.tie_columns()

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True), Output(ids.EDIT_STATUS, "children"),
                  Output(ids.PEOPLE_GRID, "rowData", allow_duplicate=True),
                  Input(ids.PEOPLE_GRID, "cellValueChanged"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _edit_people(changes, version):
        return people_edit_action(service, version, changes)

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True),
                  Output(ids.EDIT_STATUS, "children", allow_duplicate=True),
                  Output(ids.PEOPLE_GRID, "rowData", allow_duplicate=True),
                  Input({"type": CHOICE, "choice": ALL}, "n_clicks"), State({"type": PENDING, "n": ALL}, "data"),
                  prevent_initial_call=True)
    def _choose(clicks, pending):
        choice = ctx.triggered_id.get("choice") if isinstance(ctx.triggered_id, dict) else None
        return conflict_choice_action(service, choice, clicks, pending)

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True), Output(ids.TIES_STATUS, "children"),
                  Output(ids.TIES_GRID, "rowData", allow_duplicate=True),
                  Input(ids.TIES_GRID, "cellValueChanged"), Input(ids.TIE_ADD, "n_clicks"),
                  Input(ids.TIE_DELETE, "n_clicks"), State(ids.TIES_GRID, "selectedRows"),
                  State(ids.TIE_FROM, "value"), State(ids.TIE_TO, "value"), State(ids.TIE_TYPE, "value"),
                  State(ids.TIE_STRENGTH, "value"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _edit_ties(changes, _add, _delete, selected, source, target, kind, strength, version):
        return ties_edit_action(service, version, ctx.triggered_id, changes, selected,
                                (source, target, kind, strength))
