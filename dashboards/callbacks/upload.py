"""Import: an uploaded workbook validated, imported as a new map, or matched to our columns first."""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, html, no_update

from influence.errors import InfluenceError
from influence.uploads import name_uploaded_map, upload_file_name

from .. import ids, import_preview, views
from ..service import MapService
from .maps import map_options

__all__ = ["register", "upload_action", "create_action"]

# Problems whose fix is to say which column is which: the upload offers the mapping step.
_MAPPING_CODES = frozenset({"no-header-row", "no-name-column", "column-not-found", "no-from-to-columns"})


def _decode(contents: str) -> bytes:
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (IndexError, binascii.Error) as err:
        raise InfluenceError("the upload arrived damaged; drop the file again") from err


def _headers_of(path: Path, problem) -> list[str]:
    from influence.readers import open_tables

    tables = open_tables(path)
    table = next((t for t in tables if t.name == problem.sheet), tables[0] if tables else None)
    if table is None:
        return []
    preview = table.preview()
    index = (problem.row - 1) if problem.row else next((i for i, r in enumerate(preview) if any(
        str(c).strip() for c in r if c is not None)), 0)
    row = preview[index] if index < len(preview) else []
    return [str(c).strip() for c in row if c is not None and str(c).strip()]


def upload_action(service: MapService, contents: str | None, filename: str | None,
                  columns: dict | None = None, *, values: dict | None = None,
                  create: bool = True) -> tuple[object, dict | None, int | None]:
    """Validate an uploaded file; import it as a new map when it is clean.

    With ``create=False`` (what dropping a file does) a clean file is not imported yet:
    the preview of how it was read follows, with the user's earlier choices pre-set, and
    "Create the map" imports it with the choices made there (*columns*, *values*).

    Returns
    -------
    (report, upload_state, new_map_id)
        The report component (with a column-mapping step when headers were not
        recognised, or the preview), what the next step needs to re-import, and the new
        map's id.
    """
    from influence.headers import match_headers
    from influence.interchange import validate_map

    if not contents or not filename:
        return no_update, None, None
    name = upload_file_name(filename)
    from ..security import upload_too_large

    too_large = upload_too_large(contents, name)  # the server's --max-upload-mb
    if too_large:
        return dbc.Alert(too_large, color="danger", id="upload-too-large"), None, None
    try:
        data = _decode(contents)
    except InfluenceError as err:
        return dbc.Alert(str(err), color="danger"), None, None
    with tempfile.TemporaryDirectory(prefix="influence-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        # Any format the product reads: workbooks, CSV, GraphML, GEXF, Kumu JSON (by extension).
        report = validate_map(path, columns=columns or None, values=values or None)
        # Problems name the user's file, not our temporary copy.
        mapping = None
        header_problem = next((p for p in report.errors if p.code in _MAPPING_CODES), None)
        if header_problem is not None:
            try:
                headers = _headers_of(path, header_problem)
            except InfluenceError:
                headers = []
            if headers:
                matched = match_headers(headers, "people", columns).headers
                mapping = views.mapping_form(headers, {**matched, **(columns or {})})
    new_map = None
    state = {"contents": contents, "filename": name, "columns": columns or {}, "values": values or {}}
    if report.ok and not create:
        remembered = service.import_choices().for_report(report)
        warnings = views.upload_report(name, report).children[1:]  # without its "Imported" line
        return (html.Div([import_preview.preview_summary(name, report), *warnings,
                          import_preview.preview(report, remembered)]), state, None)
    if report.ok:
        G = report.graph
        new_map = service.create_map(name_uploaded_map(G, name, read_from=path), G, note=f"imported from {name}")
    body = views.upload_report(name, report, created=service.map_info(new_map).name if new_map else None,
                               mapping=mapping is not None)
    state = {"contents": contents, "filename": name} if mapping is not None else None
    return html.Div([body, mapping] if mapping is not None else [body]), state, new_map


def create_action(service: MapService, state: dict, column_ids, column_values, value_ids, value_values):
    """The preview's "Create the map": import with the choices made, and remember them."""
    choices = import_preview.choices_from(column_ids, column_values, value_ids, value_values)
    columns = {**(state.get("columns") or {}), **choices.columns}
    values = {f: {**(state.get("values") or {}).get(f, {}), **m} for f, m in choices.values.items()}
    if choices:
        service.remember_import_choices(choices)
    return upload_action(service, state["contents"], state["filename"], columns or None,
                         values=values or None, create=True)


def register(app, service: MapService) -> None:
    """The Import tab: the upload, the column-mapping step, the link to the tab."""

    @app.callback(Output(ids.TABS, "active_tab", allow_duplicate=True), Input("nav-import", "n_clicks"),
                  prevent_initial_call=True)
    def _to_import(_):
        return "import"

    def _after_upload(result):
        report, state, new_map = result
        if new_map is None:
            return report, state, no_update, no_update
        return report, state, map_options(service), new_map

    @app.callback(Output(ids.UPLOAD_REPORT, "children"), Output(ids.UPLOAD_STATE, "data"),
                  Output(ids.MAP_SELECT, "options"), Output(ids.MAP_SELECT, "value"),
                  Input(ids.UPLOAD, "contents"), State(ids.UPLOAD, "filename"), prevent_initial_call=True)
    def _upload(contents, filename):
        # Never straight into a map: the preview shows how the file was read first.
        return _after_upload(upload_action(service, contents, filename, create=False))

    @app.callback(Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
                  Output(ids.UPLOAD_STATE, "data", allow_duplicate=True),
                  Output(ids.MAP_SELECT, "options", allow_duplicate=True),
                  Output(ids.MAP_SELECT, "value", allow_duplicate=True),
                  Input(ids.PREVIEW_CREATE, "n_clicks"),
                  State({"type": ids.PREVIEW_COLUMN, "kind": ALL, "header": ALL, "auto": ALL}, "value"),
                  State({"type": ids.PREVIEW_COLUMN, "kind": ALL, "header": ALL, "auto": ALL}, "id"),
                  State({"type": ids.PREVIEW_VALUE, "field": ALL, "value": ALL}, "value"),
                  State({"type": ids.PREVIEW_VALUE, "field": ALL, "value": ALL}, "id"),
                  State(ids.UPLOAD_STATE, "data"), prevent_initial_call=True)
    def _create(n, column_values, column_ids, value_values, value_ids, state):
        if not n or not state:
            return no_update, no_update, no_update, no_update
        return _after_upload(create_action(service, state, column_ids, column_values, value_ids, value_values))

    @app.callback(Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
                  Output(ids.UPLOAD_STATE, "data", allow_duplicate=True),
                  Output(ids.MAP_SELECT, "options", allow_duplicate=True),
                  Output(ids.MAP_SELECT, "value", allow_duplicate=True),
                  Input(ids.MAPPING_APPLY, "n_clicks"),
                  State({"type": ids.MAPPING_FIELD, "field": ALL}, "value"),
                  State({"type": ids.MAPPING_FIELD, "field": ALL}, "id"),
                  State(ids.UPLOAD_STATE, "data"), prevent_initial_call=True)
    def _remap(n, values, field_ids, state):
        if not n or not state:
            return no_update, no_update, no_update, no_update
        columns = {i["field"]: v for i, v in zip(field_ids, values) if v}
        return _after_upload(upload_action(service, state["contents"], state["filename"], columns))
