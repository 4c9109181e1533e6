"""Editing: the people and ties tables, their cell edits, adding and deleting ties."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from .. import ids, views
from ..editing import EditRejected, add_tie, delete_ties, edit_person, edit_tie, people_rows, tie_rows
from ..service import MapService
from .common import alert

__all__ = ["register", "people_edit_action", "ties_edit_action"]


def people_edit_action(service: MapService, version: dict | None, changes: list[dict] | None):
    """Apply cell edits of the people table; save one snapshot. Returns (version, status, rows)."""
    if not version or not changes:
        return no_update, no_update, no_update
    map_id = version["map_id"]
    G = service.graph(map_id, version["version"])
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
    new_version = service.save(map_id, G, "; ".join(notes))
    return {"map_id": map_id, "version": new_version}, alert("Saved: " + "; ".join(notes), "success"), no_update


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
    new_version = service.save(map_id, G, note)
    return {"map_id": map_id, "version": new_version}, alert(f"Saved: {note}", "success"), no_update


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

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True), Output(ids.TIES_STATUS, "children"),
                  Output(ids.TIES_GRID, "rowData", allow_duplicate=True),
                  Input(ids.TIES_GRID, "cellValueChanged"), Input(ids.TIE_ADD, "n_clicks"),
                  Input(ids.TIE_DELETE, "n_clicks"), State(ids.TIES_GRID, "selectedRows"),
                  State(ids.TIE_FROM, "value"), State(ids.TIE_TO, "value"), State(ids.TIE_TYPE, "value"),
                  State(ids.TIE_STRENGTH, "value"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _edit_ties(changes, _add, _delete, selected, source, target, kind, strength, version):
        return ties_edit_action(service, version, ctx.triggered_id, changes, selected,
                                (source, target, kind, strength))
