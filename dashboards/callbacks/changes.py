"""Adding and deleting people, editing from the person card, restoring a snapshot, undoing.

Each change is one of :mod:`influence.editing`'s checked edits (or an earlier snapshot)
saved as a new snapshot through :meth:`MapService.save_edit` / :meth:`MapService.save`,
so it survives a restart, shows in the History tab, and can itself be undone.
"""

from __future__ import annotations

from dash import Input, Output, State, no_update

from influence.editing import EditRejected, add_person, delete_people, edit_person
from influence.errors import InfluenceError
from influence.store import Conflict

from .. import ids, views
from ..service import MapService
from .common import SEARCH_FROM, alert
from .maps import person_search

__all__ = ["register", "add_person_action", "delete_people_action", "card_edit_action", "restore_action",
           "undo_action"]


def _save(service: MapService, version: dict, G, note: str):
    """Save an edit made on *version*; returns (new version store, status)."""
    try:
        new_version, _others = service.save_edit(version["map_id"], G, note, base_version=version["version"])
    except Conflict as conflict:
        return no_update, alert(f"Not saved: {conflict}", "danger")
    except InfluenceError as err:  # the database is down, no permission, ...
        return no_update, alert(f"Not saved: {err}", "danger")
    return {"map_id": version["map_id"], "version": new_version}, alert("Saved: " + note, "success")


def add_person_action(service: MapService, version: dict | None, name, title=None, manager=None):
    """Add a person under *manager*; returns (version store, status)."""
    if not version:
        return no_update, no_update
    G = service.graph(version["map_id"], version["version"])
    try:
        G, note = add_person(G, name, title=title, manager=manager)
    except EditRejected as err:
        return no_update, alert(f"Not saved: {err}", "danger")
    return _save(service, version, G, note)


def delete_people_action(service: MapService, version: dict | None, selected_rows):
    """Delete the ticked rows of the people table; returns (version store, status)."""
    if not version:
        return no_update, no_update
    G = service.graph(version["map_id"], version["version"])
    try:
        G, note = delete_people(G, [row.get("id") for row in (selected_rows or [])])
    except EditRejected as err:
        return no_update, alert(f"Not saved: {err}", "danger")
    return _save(service, version, G, note)


def card_edit_action(service: MapService, version: dict | None, selected: dict | None, values: dict):
    """Save the person card's fields (*values*: field -> new value) as one edit."""
    if not version or not selected or selected.get("map_id") != version["map_id"]:
        return no_update, no_update
    G = service.graph(version["map_id"], version["version"])
    notes = []
    try:
        for field, value in values.items():
            G, note = edit_person(G, selected["id"], field, value)
            if note:
                notes.append(note)
    except EditRejected as err:
        return no_update, alert(f"Not saved: {err}", "danger")
    if not notes:
        return no_update, alert("No change: these are the values already saved.", "secondary")
    return _save(service, version, G, "; ".join(notes))


def restore_action(service: MapService, version: dict | None, snapshot_id):
    """Make snapshot *snapshot_id* the map again, as a new snapshot (every snapshot is kept)."""
    if not version or snapshot_id is None:
        return no_update, alert("Choose the snapshot to restore under Before.", "secondary") if version else no_update
    map_id = version["map_id"]
    snaps = {s.id: s for s in service.snapshots(map_id)}
    snap = snaps.get(int(snapshot_id))
    if snap is None:
        return no_update, alert("That snapshot is not this map's; choose one under Before.", "danger")
    if int(snapshot_id) == version["version"]:
        return no_update, alert("That is the map as it is now: choose an earlier snapshot under Before.",
                                "secondary")
    G = service.snapshot(int(snapshot_id), map_id)
    when = snap.saved_at[:16].replace("T", " ")
    return _save_whole(service, version, G, f"restored the snapshot of {when} UTC ({snap.note or 'saved'})"[:200])


def undo_action(service: MapService, version: dict | None):
    """Undo the latest snapshot: the one before it becomes the map again (as a new snapshot)."""
    if not version:
        return no_update, no_update
    snaps = service.snapshots(version["map_id"])
    if len(snaps) < 2:
        return no_update, alert("Nothing to undo: the map has one snapshot.", "secondary")
    latest, before = snaps[-1], snaps[-2]
    G = service.snapshot(before.id, version["map_id"])
    return _save_whole(service, version, G, f"undid: {latest.note or 'the last save'}"[:200])


def _save_whole(service: MapService, version: dict, G, note: str):
    # A restore replaces the map as a whole: it must be made on the latest version.
    try:
        new_version = service.save(version["map_id"], G, note, base_version=version["version"])
    except Conflict:
        return no_update, alert("Not restored: someone saved the map meanwhile. Reload the page and try again.",
                                "danger")
    except InfluenceError as err:
        return no_update, alert(f"Not restored: {err}", "danger")
    return {"map_id": version["map_id"], "version": new_version}, alert(note[0].upper() + note[1:] + ".", "success")


def register(app, service: MapService) -> None:
    """The add / delete row of the people table, the card's Save, restore and undo."""

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True),
                  Output(ids.EDIT_STATUS, "children", allow_duplicate=True),
                  Input(ids.PERSON_ADD, "n_clicks"), State(ids.PERSON_NAME, "value"),
                  State(ids.PERSON_TITLE, "value"), State(ids.PERSON_MANAGER, "value"), State(ids.VERSION, "data"),
                  prevent_initial_call=True)
    def _add(_n, name, title, manager, version):
        return add_person_action(service, version, name, title, manager)

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True),
                  Output(ids.EDIT_STATUS, "children", allow_duplicate=True),
                  Input(ids.PERSON_DELETE, "n_clicks"), State(ids.PEOPLE_GRID, "selectedRows"),
                  State(ids.VERSION, "data"), prevent_initial_call=True)
    def _delete(_n, rows, version):
        return delete_people_action(service, version, rows)

    @app.callback(Output(ids.PERSON_MANAGER, "options"), Input(ids.PERSON_MANAGER, "search_value"),
                  State(ids.PERSON_MANAGER, "value"), State(ids.VERSION, "data"))
    def _managers(search, value, version):
        if not version:
            return []
        G = service.graph(version["map_id"], version["version"])
        if G.number_of_nodes() <= SEARCH_FROM:
            return views.person_options(G)  # a small map lists everybody
        return person_search(service, version, search, value)

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True), Output(ids.CARD_STATUS, "children"),
                  Input(ids.CARD_SAVE, "n_clicks"), State(ids.CARD_ATTITUDE, "value"), State(ids.CARD_OWNER, "value"),
                  State(ids.CARD_NOTES, "value"), State(ids.SELECTED, "data"), State(ids.VERSION, "data"),
                  prevent_initial_call=True)
    def _card_save(n, attitude, owner, notes, selected, version):
        if not n:
            return no_update, no_update
        return card_edit_action(service, version, selected, {"attitude": attitude, "owner": owner, "notes": notes})

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True), Output(ids.RESTORE_STATUS, "children"),
                  Input(ids.RESTORE, "n_clicks"), State(ids.HISTORY_OLD, "value"), State(ids.VERSION, "data"),
                  prevent_initial_call=True)
    def _restore(_n, snapshot_id, version):
        return restore_action(service, version, snapshot_id)

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True),
                  Output(ids.RESTORE_STATUS, "children", allow_duplicate=True),
                  Input(ids.UNDO, "n_clicks"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _undo(_n, version):
        return undo_action(service, version)
