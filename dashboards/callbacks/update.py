"""Update the open map from the partner's new export (Import tab).

The new file is checked (:func:`influence.interchange.validate_map`: Excel, CSV, GraphML,
GEXF, Kumu JSON) and compared with the map (:func:`influence.update.plan_update`); the
page lists joiners, leavers, manager and title changes and applies them, on confirmation,
as one snapshot saved over the version the comparison was made on (a map that moved on
meanwhile is refused with a message, and the comparison can be made again).
"""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update

from influence.errors import InfluenceError
from influence.store import Conflict
from influence.update import plan_update
from influence.uploads import upload_file_name

from .. import ids, views
from ..plan_view import update_report
from ..service import MapService
from .maps import map_options

__all__ = ["register", "update_check_action", "update_apply_action"]


def _export_of(contents: str, name: str):
    """The checked export (an ImportReport) of an upload's ``data:…;base64,…`` contents."""
    from influence.interchange import validate_map

    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (IndexError, binascii.Error) as err:
        raise InfluenceError("the upload arrived damaged; drop the file again") from err
    with tempfile.TemporaryDirectory(prefix="influence-update-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return validate_map(path)


def update_check_action(service: MapService, version: dict | None, contents: str | None, filename: str | None):
    """Check a new export against the open map. Returns (report component, pending update state)."""
    from ..security import upload_too_large

    if not contents or not filename:
        return no_update, None
    if not version:
        return dbc.Alert("Open a map first: the export updates the open map.", color="warning"), None
    name = upload_file_name(filename)
    too_large = upload_too_large(contents, name)
    if too_large:
        return dbc.Alert(too_large, color="danger"), None
    map_id, at = int(version["map_id"]), int(version["version"])
    try:
        report = _export_of(contents, name)
        if not report.ok:
            return views.upload_report(name, report), None
        update = plan_update(service.graph(map_id, at), report.graph)
    except InfluenceError as err:
        return dbc.Alert(f"Not checked: {err}", color="danger"), None
    body = update_report(name, update, service.map_info(map_id).name)
    state = {"map_id": map_id, "version": at, "contents": contents, "filename": name} if update.changed else None
    return body, state


def update_apply_action(service: MapService, state: dict | None):
    """Apply a checked update as one snapshot. Returns (new version or no_update, message)."""
    if not state:
        return no_update, no_update
    map_id, base = int(state["map_id"]), int(state["version"])
    try:
        report = _export_of(state["contents"], state["filename"])
        if not report.ok:
            return no_update, views.upload_report(state["filename"], report)
        update = plan_update(service.graph(map_id, base), report.graph)
        counts = update.to_dict()
        note = (f"updated from {state['filename']}: {len(counts['joiners'])} joiner(s), {len(counts['leavers'])} "
                f"leaver(s), {len(counts['manager_changes'])} manager and {len(counts['title_changes'])} title change(s)")
        new_version = service.save(map_id, update.graph, note, base_version=base)
    except Conflict:
        return no_update, dbc.Alert("Not applied: the map was changed since the export was checked; drop the "
                                    "export again to see the update against the map as it is now.",
                                    color="warning", id="update-conflict")
    except InfluenceError as err:
        return no_update, dbc.Alert(f"Not applied: {err}", color="danger")
    return ({"map_id": map_id, "version": new_version},
            dbc.Alert([html.B("Applied: "), note + f" (kept {update.kept_annotations} annotation(s) of ours)."],
                      color="success", id="update-applied"))


def register(app, service: MapService) -> None:
    """The Import tab's update step."""

    @app.callback(Output(ids.UPDATE_REPORT, "children"), Output(ids.UPDATE_STATE, "data"),
                  Input(ids.UPDATE_UPLOAD, "contents"), State(ids.UPDATE_UPLOAD, "filename"),
                  State(ids.VERSION, "data"), prevent_initial_call=True)
    def _check(contents, filename, version):
        return update_check_action(service, version, contents, filename)

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True),
                  Output(ids.UPDATE_REPORT, "children", allow_duplicate=True),
                  Output(ids.UPDATE_STATE, "data", allow_duplicate=True),
                  Output(ids.MAP_SELECT, "options", allow_duplicate=True),
                  Input(ids.UPDATE_APPLY, "n_clicks"), State(ids.UPDATE_STATE, "data"), prevent_initial_call=True)
    def _apply(n, state):
        if not n or not state:
            return no_update, no_update, no_update, no_update
        version, message = update_apply_action(service, state)
        if version is no_update:
            return no_update, message, no_update, no_update
        # The map's size in the map menu ("· 61 people") follows the update.
        return version, message, None, map_options(service)
