"""What the dashboard does on each interaction.

Each ``*_view`` / ``*_action`` function below is a plain function of the
:class:`~influence.dashboard.service.MapService` and the callback's inputs; it returns
what the callback outputs. :func:`register` wires them to the page with short callbacks,
so the tests call the same functions without a browser and the callbacks hold no logic
(and no state: per-user state is in ``dcc.Store``, per-map results in the service).
"""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
import dash_bootstrap_components as dbc

from influence.errors import InfluenceError
from influence.graph import display_name
from influence.history import compare_snapshots

from . import elements, ids, layout, views
from .editing import EditRejected, add_tie, delete_ties, edit_person, edit_tie, people_rows, tie_rows
from .service import MapService, canvas_shape, scenario_key

__all__ = [
    "register",
    "map_options",
    "open_map_view",
    "analysis_state",
    "map_view",
    "grid_view",
    "panels_view",
    "card_view",
    "paths_action",
    "scenario_action",
    "whatif_fields",
    "whatif_view",
    "save_scenario_action",
    "people_edit_action",
    "ties_edit_action",
    "history_options",
    "history_view",
    "upload_action",
    "export_action",
    "BIG_MAP",
    "person_search",
    "rename_map_action",
    "delete_map_action",
]

BIG_MAP = 1500
"""From this many people on, influence ties start hidden (the reporting chart stays fast)."""

MAP_PADDING = 12
"""Pixels left around the map when it is fitted to its canvas."""

SEARCH_FROM = 400
"""Above this many people, person dropdowns list matches of what is typed, not everybody."""

PERSON_DROPDOWNS = (ids.F_FOCUS, ids.PATH_TARGET, ids.PATH_SOURCE, ids.WHATIF_WON, ids.WHATIF_PERSON,
                    ids.TIE_FROM, ids.TIE_TO)


# --- maps -------------------------------------------------------------------------------

def map_options(service: MapService) -> list[dict]:
    """The workspace's maps for the map dropdown."""
    return [{"label": f"{m.name}  ·  {m.people} people", "value": m.id} for m in service.workspace.list_maps()]


def open_map_view(service: MapService, map_id) -> dict:
    """Everything that changes when a map is opened: version, choices, edge defaults."""
    if map_id is None:
        return {"version": None, "people": [], "departments": [], "title": "", "show": ["reporting", "ties"],
                "big": False}
    map_id = int(map_id)
    version = service.version(map_id)
    G = service.graph(map_id, version)
    departments = sorted({G.nodes[p].get("department") or "(no department)" for p in G})
    info = service.workspace.map_info(map_id)
    snaps = info.snapshots
    return {
        "version": {"map_id": map_id, "version": version},
        # A big map's people are found by typing (person_search): thousands of options in
        # several dropdowns would cost the browser seconds.
        "people": views.person_options(G) if G.number_of_nodes() <= SEARCH_FROM else [],
        "departments": [{"label": d, "value": d} for d in departments],
        "title": f"{G.number_of_nodes()} people · {snaps} snapshot{'s' if snaps != 1 else ''}",
        "show": ["reporting", "ties"] if G.number_of_nodes() < BIG_MAP else ["reporting"],
        "big": G.number_of_nodes() > BIG_MAP,
    }


def person_search(service: MapService, version: dict | None, search: str | None, value=None, *,
                  limit: int = 50) -> list[dict]:
    """Options of a person dropdown on a big map: people matching *search*, plus *value*.

    Examples of a match: part of the name, the title or the id, in any case.
    """
    if not version:
        return []
    G = service.graph(version["map_id"], version["version"])
    everybody = views.person_options(G)
    chosen = set(value if isinstance(value, list) else [value] if value else [])
    needle = (search or "").strip().lower()
    found = [o for o in everybody if o["value"] in chosen]
    if needle:
        found += [o for o in everybody if needle in o["search"].lower() and o["value"] not in chosen][:limit]
    return found


def analysis_state(service: MapService, version: dict | None, *, wait: float | None = None) -> dict | None:
    """Whether the map's analysis is ready: ``{"map_id", "version", "ready"}``.

    Waits up to *wait* seconds (by default 1.5 s for a map of up to :data:`BIG_MAP`
    people, which is ready by then and so drawn once; no wait for a bigger one, which is
    drawn at once without its analysis while the page polls until it is ready).
    """
    if not version:
        return None
    if wait is None:
        big = service.graph(version["map_id"], version["version"]).number_of_nodes() > BIG_MAP
        wait = 0.0 if big else 1.5
    ready = service.ready_analysis(version["map_id"], version["version"], wait=wait) is not None
    return {"map_id": version["map_id"], "version": version["version"], "ready": ready}


def rename_map_action(service: MapService, map_id, name: str | None) -> tuple[list[dict], object]:
    """Rename a map; returns the new map choices and a message."""
    try:
        service.workspace.rename(int(map_id), name)
    except InfluenceError as err:
        return no_update, html.Span(str(err), className="small text-danger")
    return map_options(service), html.Span(f"Renamed to “{name.strip()}”.", className="small text-success")


def delete_map_action(service: MapService, map_id) -> tuple[list[dict], object]:
    """Delete a map; returns the map choices and the map to open instead (or ``None``)."""
    service.workspace.delete_map(int(map_id))
    options = map_options(service)
    return options, (options[0]["value"] if options else None)


def _scenario_for(scenarios: dict | None, map_id) -> dict:
    return dict((scenarios or {}).get(str(map_id)) or {})


def _filters(G, analysis, departments, attitudes, min_influence, focus, hops):
    return elements.visible_people(G, analysis, departments=departments, attitudes=attitudes,
                                   min_influence=min_influence or 0, focus=focus, hops=hops or 1)


def map_view(service: MapService, version: dict | None, layout_kind: str = "org", departments=None,
             attitudes=None, min_influence=0, search=None, focus=None, hops=1, scenarios=None,
             paths: dict | None = None, show=("reporting", "ties"), canvas: dict | None = None
             ) -> tuple[list, list, str, dict]:
    """Cytoscape elements, stylesheet, a status line and the (preset) layout for the map.

    *canvas* is the map's size in the browser (``{"w": .., "h": ..}``): the org chart is
    laid out to fill it.
    """
    size = (canvas or {}).get("w"), (canvas or {}).get("h")
    # A new layout object makes Cytoscape run it again, fitting the map to the canvas.
    layout = {"name": "preset", "fit": True, "padding": MAP_PADDING, "animate": False, "kind": layout_kind,
              "version": (version or {}).get("version"), "shape": canvas_shape(size)}
    if not version:
        return [], elements.stylesheet(), "No map open: import a workbook.", layout
    map_id, v = version["map_id"], version["version"]
    G = service.graph(map_id, v)
    analysis = service.ready_analysis(map_id, v)  # None while a big map is still being analysed
    positions, spines = service.positions(map_id, v, layout_kind, size)
    visible = _filters(G, analysis, departments, attitudes, min_influence, focus, hops)
    found = []
    if paths and paths.get("map_id") == map_id:
        from influence.paths import InfluencePath

        found = [InfluencePath(people=p["people"], probability=p["probability"]) for p in paths.get("paths", [])]
        # A highlighted path stays visible whatever the filters say.
        visible |= {p for path in found for p in path.people}
    scenario = _scenario_for(scenarios, map_id)
    big = G.number_of_nodes() > BIG_MAP
    show = set(show or ())
    els = elements.map_elements(G, analysis, positions, visible=visible, search=search, paths=found,
                                won=scenario.get("won") or (), kind=layout_kind,
                                # A big map's lines are straight (fast_stylesheet): no routes to send.
                                spines=None if big else spines, summaries=not big)
    if "ties" not in show:
        els = [e for e in els if e.get("classes", "").split()[:1] not in (["tie"], ["conflict"])]
    if "reporting" not in show:
        els = [e for e in els if e.get("classes", "").split()[:1] != ["reporting"]]
    sheet = elements.stylesheet(layout_kind)
    if big:
        sheet = elements.fast_stylesheet(sheet)
        # Fitting in the browser measures thousands of labels first (seconds): the server
        # knows the positions and the canvas, so it sets the viewport itself.
        viewport = map_viewport([positions[p] for p in visible if p in positions], size)
        if viewport:
            layout.update(fit=False, **viewport)
    status = f"Showing {len(visible)} of {G.number_of_nodes()} people"
    if found:
        status += f" · {len(found)} path(s) to {display_name(G, paths['target'])} highlighted"
    return els, sheet, status, layout


def map_viewport(points: list[dict], canvas: tuple, *, padding: float = MAP_PADDING,
                 margin: float = 24, zoom_range: tuple[float, float] = (0.02, 3)) -> dict | None:
    """The zoom and pan that fit *points* (``{"x", "y"}``, each drawn *margin* px around)
    into a *canvas* of (width, height) px, as Cytoscape's ``fit`` would without labels.

    ``None`` when the canvas's size or the points are unknown.

    Examples
    --------
    >>> map_viewport([{"x": 0, "y": 0}, {"x": 952, "y": 452}], (1024, 524))
    {'zoom': 1.0, 'pan': {'x': 36.0, 'y': 36.0}}
    >>> map_viewport([], (1000, 500)) is None
    True
    """
    w, h = canvas or (None, None)
    if not points or not w or not h:
        return None
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    x1, x2, y1, y2 = min(xs) - margin, max(xs) + margin, min(ys) - margin, max(ys) + margin
    zoom = min((w - 2 * padding) / (x2 - x1), (h - 2 * padding) / (y2 - y1))
    zoom = max(zoom_range[0], min(zoom_range[1], zoom))
    return {"zoom": round(zoom, 4),
            "pan": {"x": round(w / 2 - zoom * (x1 + x2) / 2, 1), "y": round(h / 2 - zoom * (y1 + y2) / 2, 1)}}


def grid_view(service: MapService, version: dict | None, departments=None, attitudes=None, min_influence=0,
              focus=None, hops=1):
    """The stakeholder grid figure for the current map and filters."""
    import plotly.graph_objects as go

    if not version:
        return go.Figure()
    G = service.graph(version["map_id"], version["version"])
    analysis = service.ready_analysis(version["map_id"], version["version"])
    visible = _filters(G, analysis, departments, attitudes, min_influence, focus, hops)
    return elements.grid_figure(G, analysis, visible=visible)


def panels_view(service: MapService, version: dict | None):
    """The support summary and the panels (leaders, antibodies, middle, gaps)."""
    if not version:
        return html.Div(), html.Div()
    G = service.graph(version["map_id"], version["version"])
    analysis = service.ready_analysis(version["map_id"], version["version"])
    if analysis is None:
        return views.analysis_pending(G), html.Div()
    return views.support_summary(G, analysis), views.panels(G, analysis)


def card_view(service: MapService, version: dict | None, person: str | None):
    """The person card's title and body; ``None`` title when there is nobody to show."""
    if not version or not person:
        return None, []
    G = service.graph(version["map_id"], version["version"])
    if person not in G:
        return None, []
    analysis = service.ready_analysis(version["map_id"], version["version"])
    best = None
    if (G.nodes[person].get("attitude") or "unknown") not in ("champion", "supporter"):
        from influence.paths import influence_paths

        found = influence_paths(G, person, k=1)
        best = found[0] if found else None
    return display_name(G, person), views.person_card(G, analysis, person, best)


def person_from_event(trigger, tap_node=None, grid_click=None) -> str | None:
    """The person a map tap, a grid click or a name link points at."""
    if isinstance(trigger, dict) and trigger.get("type") == ids.PANEL_PERSON:
        return trigger.get("id")
    if trigger == ids.CYTO and tap_node:
        data = tap_node.get("data") or {}
        return data.get("owner") or data.get("id")  # a badge points at its person
    if trigger == ids.GRID_GRAPH and grid_click:
        points = grid_click.get("points") or []
        return points[0].get("customdata") if points else None
    return None


# --- path finder ------------------------------------------------------------------------

def paths_action(service: MapService, version: dict | None, target: str | None, source: str | None = None,
                 k: int = 3) -> tuple[dict | None, object]:
    """Find the top *k* chains to *target* (from *source*, or from our allies and owners)."""
    if not version or not target:
        return None, html.Div("Pick whom you need to reach.", className="small text-muted")
    from influence.paths import influence_paths

    G = service.graph(version["map_id"], version["version"])
    if target not in G:
        return None, html.Div()
    if source == target:
        return None, html.Div("Pick a different start, or none for the best start.", className="small text-danger")
    found = [p for p in influence_paths(G, target, source=source or None, k=k) if p.people]
    store = {"map_id": version["map_id"], "target": target, "source": source,
             "paths": [{"people": list(p.people), "probability": float(p.probability)} for p in found]}
    return store, views.path_results(G, found, target)


# --- what-if ----------------------------------------------------------------------------

def scenario_action(scenarios: dict | None, map_id, trigger, won=None, person=None, attitude=None,
                    loaded: dict | None = None) -> dict:
    """The scenario store after a what-if control changed (keyed by map id)."""
    scenarios = dict(scenarios or {})
    key = str(map_id)
    current = _scenario_for(scenarios, map_id)
    current.setdefault("won", [])
    current.setdefault("attitudes", {})
    if trigger == ids.WHATIF_DISCARD:
        scenarios.pop(key, None)
        return scenarios
    if trigger == ids.WHATIF_LOAD and loaded is not None:
        current = {"won": list(loaded.get("won") or []), "attitudes": dict(loaded.get("attitudes") or {})}
    elif trigger == ids.WHATIF_WON:
        current["won"] = list(won or [])
    elif trigger == ids.WHATIF_APPLY and person and attitude:
        current["attitudes"] = {**current["attitudes"], person: attitude}
    scenarios[key] = current
    return scenarios


def whatif_fields(trigger) -> tuple:
    """The "change an attitude" fields and the scenario name after a what-if control.

    Discarding the scenario or opening a saved one empties them (what they held belongs
    to the scenario that is gone); anything else leaves them as the user typed them.

    Examples
    --------
    >>> whatif_fields(ids.WHATIF_DISCARD)
    (None, None, '')
    """
    if trigger in (ids.WHATIF_DISCARD, ids.WHATIF_LOAD):
        return None, None, ""
    return no_update, no_update, no_update


def whatif_view(service: MapService, version: dict | None, scenarios: dict | None):
    """Expected support and the leading set before and after the map's scenario."""
    if not version:
        return html.Div()
    map_id, v = version["map_id"], version["version"]
    scenario = _scenario_for(scenarios, map_id)
    G = service.graph(map_id, v)
    before = service.ready_analysis(map_id, v)
    if before is None:
        return html.Div("The map is still being analysed; the what-if follows.", className="small text-muted")
    if not scenario.get("won") and not scenario.get("attitudes"):
        return views.whatif_result(G, before, before, scenario)
    after = service.analysis(map_id, v, scenario)
    return views.whatif_result(G, before, after, scenario)


def save_scenario_action(service: MapService, version: dict | None, scenarios: dict | None, name: str | None):
    """Keep the map's scenario in the workspace; returns a message and the saved list."""
    if not version:
        return "Open a map first.", []
    map_id = version["map_id"]
    scenario = _scenario_for(scenarios, map_id)
    if not scenario.get("won") and not scenario.get("attitudes"):
        message = html.Span("Nothing to save: mark someone as won over or change an attitude.", className="text-danger")
    else:
        service.workspace.save_scenario(map_id, name or "Scenario", scenario)
        message = html.Span(f"Saved “{(name or 'Scenario').strip() or 'Scenario'}”.", className="text-success")
    return message, scenario_options(service, map_id)


def scenario_options(service: MapService, map_id) -> list[dict]:
    """Saved scenarios of a map for the "open a saved scenario" dropdown."""
    if map_id is None:
        return []
    return [{"label": f"{s.name} ({s.saved_at[:10]})", "value": s.id} for s in service.workspace.scenarios(int(map_id))]


def load_scenario(service: MapService, map_id, scenario_id) -> dict | None:
    for s in service.workspace.scenarios(int(map_id)):
        if s.id == scenario_id:
            return s.data
    return None


# --- editing ----------------------------------------------------------------------------

def _alert(text, color):
    return dbc.Alert(text, color=color, className="py-1 px-2 small mb-2", dismissable=True)


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
        return no_update, _alert(f"Not saved: {err}", "danger"), people_rows(G)
    if not notes:
        return no_update, _alert("No change: the value means what was already there.", "secondary"), people_rows(G)
    new_version = service.save(map_id, G, "; ".join(notes))
    return {"map_id": map_id, "version": new_version}, _alert("Saved: " + "; ".join(notes), "success"), no_update


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
        return no_update, _alert(f"Not saved: {err}", "danger"), tie_rows(G)
    new_version = service.save(map_id, G, note)
    return {"map_id": map_id, "version": new_version}, _alert(f"Saved: {note}", "success"), no_update


# --- history ----------------------------------------------------------------------------

def history_options(service: MapService, map_id) -> tuple[list[dict], object, object]:
    """Snapshot choices and the default pair (the first against the latest)."""
    if map_id is None:
        return [], None, None
    snaps = service.workspace.snapshots(int(map_id))
    options = [{"label": f"{s.saved_at[:16].replace('T', ' ')} · {s.note or 'saved'}"[:90], "value": s.id}
               for s in reversed(snaps)]
    return options, snaps[0].id, snaps[-1].id


def history_view(service: MapService, old_id, new_id):
    """Who moved between two snapshots."""
    if old_id is None or new_id is None:
        return html.Div()
    G_old = service.workspace.load_snapshot(int(old_id))
    G_new = service.workspace.load_snapshot(int(new_id))
    return views.history_report(G_old, G_new, compare_snapshots(G_old, G_new))


# --- upload -----------------------------------------------------------------------------

_MAPPING_MESSAGES = ("no name column", "there is no column called", "no from and to columns")


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
                  columns: dict | None = None) -> tuple[object, dict | None, int | None]:
    """Validate an uploaded file; import it as a new map when it is clean.

    Returns
    -------
    (report, upload_state, new_map_id)
        The report component (with a column-mapping step when headers were not
        recognised), what the mapping step needs to re-import, and the new map's id.
    """
    from influence.headers import match_headers
    from influence.importer import validate_workbook

    if not contents or not filename:
        return no_update, None, None
    name = Path(filename).name or "upload.xlsx"
    from .security import upload_too_large

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
        report = validate_workbook(path, columns=columns or None)
        # Problems name the user's file, not our temporary copy.
        mapping = None
        header_problem = next((p for p in report.errors
                               if any(p.message.lower().startswith(m) for m in _MAPPING_MESSAGES)), None)
        if header_problem is not None:
            try:
                headers = _headers_of(path, header_problem)
            except InfluenceError:
                headers = []
            if headers:
                matched = match_headers(headers, "people", columns).headers
                mapping = views.mapping_form(headers, {**matched, **(columns or {})})
    new_map = None
    if report.ok:
        G = report.graph
        G.graph["source"] = name
        if not G.graph.get("name") or G.graph["name"] == path.stem:
            G.graph["name"] = Path(name).stem
        new_map = service.workspace.create_map(G.graph["name"], G, note=f"imported from {name}")
    body = views.upload_report(name, report, created=service.workspace.map_info(new_map).name if new_map else None,
                               mapping=mapping is not None)
    state = {"contents": contents, "filename": name} if mapping is not None else None
    return html.Div([body, mapping] if mapping is not None else [body]), state, new_map


# --- export -----------------------------------------------------------------------------

def export_action(service: MapService, version: dict | None, fmt: str, scenarios=None, departments=None,
                  attitudes=None, min_influence=0, focus=None, hops=1, *, target: str | None = None,
                  anonymize: bool = False):
    """The export of what is on screen (map, filters, what-if, path target) for ``dcc.Download``.

    With a what-if open, the briefing shows the scenario's map and analysis; with filters
    that hide people, it shows the people on screen (analysed as a map of their own).
    """
    from influence.export import export_bytes

    map_id, v = version["map_id"], version["version"]
    G = service.graph(map_id, v)
    scenario = _scenario_for(scenarios, map_id)
    analysis = service.analysis(map_id, v, scenario or None)
    visible = _filters(G, analysis, departments, attitudes, min_influence, focus, hops)
    shown = analysis.graph
    if len(visible) < G.number_of_nodes():
        shown = shown.subgraph(visible).copy()
        analysis = None  # the analysis of the whole map does not describe a part of it
    if target is not None and target not in shown:
        target = None
    data = export_bytes(shown, fmt, analysis=analysis, target=target, anonymize=anonymize)
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in str(G.graph.get("name") or "influence-map"))
    stem = stem.strip().replace(" ", "-").lower() + ("-anonymised" if anonymize else "")
    return dcc.send_bytes(data, f"{stem}-briefing.{fmt}")


# --- wiring -----------------------------------------------------------------------------

_FILTERS = [State(ids.F_DEPARTMENT, "value"), State(ids.F_ATTITUDE, "value"), State(ids.F_MIN_INFLUENCE, "value"),
            State(ids.F_FOCUS, "value"), State(ids.F_HOPS, "value")]


def register(app, service: MapService) -> None:
    """Attach every callback of the page to *app*, answering from *service*."""

    @app.callback(
        Output(ids.VERSION, "data"), Output(ids.F_DEPARTMENT, "options"), Output(ids.F_FOCUS, "options"),
        Output(ids.PATH_TARGET, "options"), Output(ids.PATH_SOURCE, "options"), Output(ids.WHATIF_WON, "options"),
        Output(ids.WHATIF_PERSON, "options"), Output(ids.TIE_FROM, "options"), Output(ids.TIE_TO, "options"),
        Output(ids.MAP_NAME, "children"), Output(ids.SHOW_EDGES, "value"), Output(ids.WHATIF_LOAD, "options"),
        Input(ids.MAP_SELECT, "value"), State(ids.LAYOUT_TOGGLE, "value"), State(ids.CANVAS, "data"))
    def _open_map(map_id, kind, canvas):
        view = open_map_view(service, map_id)
        if view["big"]:  # lay the chart out while the page asks for the analysis
            service.prefetch_positions(map_id, view["version"]["version"], kind or "org",
                                       ((canvas or {}).get("w"), (canvas or {}).get("h")))
        people = view["people"]
        return (view["version"], view["departments"], people, people, people, people, people, people, people,
                view["title"], view["show"], scenario_options(service, map_id))

    for dropdown in PERSON_DROPDOWNS:
        @app.callback(Output(dropdown, "options", allow_duplicate=True), Input(dropdown, "search_value"),
                      State(dropdown, "value"), State(ids.VERSION, "data"), prevent_initial_call=True)
        def _search(search, value, version):
            if not version or not search:
                return no_update
            if service.graph(version["map_id"], version["version"]).number_of_nodes() <= SEARCH_FROM:
                return no_update  # a small map lists everybody already
            return person_search(service, version, search, value)

    @app.callback(Output(ids.ANALYSIS, "data"), Output(ids.POLL, "disabled"), Input(ids.VERSION, "data"))
    def _analysis(version):
        state = analysis_state(service, version)
        return state, bool(state is None or state["ready"])

    @app.callback(Output(ids.ANALYSIS, "data", allow_duplicate=True), Output(ids.POLL, "disabled", allow_duplicate=True),
                  Input(ids.POLL, "n_intervals"), State(ids.ANALYSIS, "data"), prevent_initial_call=True)
    def _poll(_n, state):
        if not state or state["ready"]:
            return no_update, True
        state = analysis_state(service, state, wait=0)
        return (state, True) if state["ready"] else (no_update, False)

    @app.callback(Output(ids.MAP_NAME, "children", allow_duplicate=True), Input(ids.VERSION, "data"),
                  prevent_initial_call=True)
    def _title(version):
        return open_map_view(service, version["map_id"])["title"] if version else ""

    @app.callback(
        Output(ids.CYTO, "elements"), Output(ids.CYTO, "stylesheet"), Output(ids.MAP_STATUS, "children"),
        Output(ids.CYTO, "layout"), Input(ids.ANALYSIS, "data"), Input(ids.LAYOUT_TOGGLE, "value"), Input(ids.F_DEPARTMENT, "value"),
        Input(ids.F_ATTITUDE, "value"), Input(ids.F_MIN_INFLUENCE, "value"), Input(ids.F_SEARCH, "value"),
        Input(ids.F_FOCUS, "value"), Input(ids.F_HOPS, "value"), Input(ids.SCENARIO, "data"),
        Input(ids.PATHS, "data"), Input(ids.SHOW_EDGES, "value"), Input(ids.CANVAS, "data"),
        State(ids.CYTO, "stylesheet"))
    def _map(version, kind, departments, attitudes, min_influence, search, focus, hops, scenarios, paths, show,
             canvas, current_sheet):
        els, sheet, status, layout = map_view(service, version, kind, departments, attitudes, min_influence,
                                              search, focus, hops, scenarios, paths, show, canvas)
        # The same stylesheet again would still restyle every element in the browser.
        return els, no_update if sheet == current_sheet else sheet, status, layout

    # The grid's chart joins the page when its tab is first opened; the figure callback
    # below then runs for it (Dash calls callbacks of newly added components).
    @app.callback(Output(ids.GRID_HOLDER, "children"), Input(ids.TABS, "active_tab"),
                  State(ids.GRID_HOLDER, "children"))
    def _grid_holder(tab, children):
        if tab != "grid" or children:
            return no_update
        return layout.grid_graph()

    # Tabs not on screen are drawn when they are opened (a big map's grid and tables are
    # megabytes the browser would otherwise render for nothing).
    @app.callback(Output(ids.GRID_GRAPH, "figure"), Input(ids.ANALYSIS, "data"), Input(ids.F_DEPARTMENT, "value"),
                  Input(ids.F_ATTITUDE, "value"), Input(ids.F_MIN_INFLUENCE, "value"), Input(ids.F_FOCUS, "value"),
                  Input(ids.F_HOPS, "value"), Input(ids.TABS, "active_tab"))
    def _grid(version, departments, attitudes, min_influence, focus, hops, tab):
        if tab != "grid":
            return no_update
        return grid_view(service, version, departments, attitudes, min_influence, focus, hops)

    @app.callback(Output(ids.SUPPORT_SUMMARY, "children"), Output(ids.PANELS, "children"),
                  Input(ids.ANALYSIS, "data"))
    def _panels(version):
        return panels_view(service, version)

    @app.callback(
        Output(ids.F_DEPARTMENT, "value"), Output(ids.F_ATTITUDE, "value"), Output(ids.F_MIN_INFLUENCE, "value"),
        Output(ids.F_SEARCH, "value"), Output(ids.F_FOCUS, "value"), Input(ids.F_CLEAR, "n_clicks"),
        Input(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _clear_filters(_n, _map):
        # Another map has other departments and people: its filters start clear.
        return [], [], 0, "", None

    @app.callback(
        Output(ids.CARD, "is_open"), Output(ids.CARD, "title"), Output(ids.CARD_BODY, "children"),
        Output(ids.SELECTED, "data"),
        Input(ids.CYTO, "tapNode"), Input({"type": ids.PANEL_PERSON, "id": ALL, "at": ALL}, "n_clicks"),
        State(ids.VERSION, "data"), prevent_initial_call=True)
    def _card(tap_node, _clicks, version):
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update, no_update, no_update  # a link was (re)drawn, not clicked
        return _open_card(person_from_event(trigger, tap_node), version)

    # Its own callback: the grid's chart is not on the page until the Grid tab is opened.
    @app.callback(
        Output(ids.CARD, "is_open", allow_duplicate=True), Output(ids.CARD, "title", allow_duplicate=True),
        Output(ids.CARD_BODY, "children", allow_duplicate=True), Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.GRID_GRAPH, "clickData"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _grid_card(grid_click, version):
        return _open_card(person_from_event(ids.GRID_GRAPH, grid_click=grid_click), version)

    def _open_card(person, version):
        title, body = card_view(service, version, person)
        if title is None:
            return no_update, no_update, no_update, no_update
        return True, title, body, {"map_id": version["map_id"], "id": person}

    @app.callback(Output(ids.CARD, "is_open", allow_duplicate=True), Output(ids.SELECTED, "data", allow_duplicate=True),
                  Output(ids.WHATIF_PERSON, "value", allow_duplicate=True),
                  Output(ids.WHATIF_ATTITUDE, "value", allow_duplicate=True),
                  Input(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _close_for_map(_map):
        # The card and a half-typed attitude change are about a person of the map left.
        return False, None, None, None

    @app.callback(Output(ids.PATH_TARGET, "value"), Output(ids.TABS, "active_tab"),
                  Output(ids.PATH_TARGET, "options", allow_duplicate=True),
                  Input(ids.CARD_PATHS_BUTTON, "n_clicks"), State(ids.SELECTED, "data"),
                  State(ids.PATH_TARGET, "options"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _card_paths(n, selected, options, version):
        if not n or not selected:
            return no_update, no_update, no_update
        known = {o["value"] for o in options or []}
        # On a big map the dropdown lists only matches; make sure it can show this person.
        extra = no_update if selected["id"] in known else person_search(service, version, None, selected["id"])
        return selected["id"], "map", extra

    @app.callback(Output(ids.PATHS, "data"), Output(ids.PATH_RESULTS, "children"),
                  Input(ids.PATH_FIND, "n_clicks"), Input(ids.PATH_TARGET, "value"), Input(ids.PATH_SOURCE, "value"),
                  State(ids.VERSION, "data"), prevent_initial_call=True)
    def _paths(_n, target, source, version):
        return paths_action(service, version, target, source)

    @app.callback(Output(ids.PATH_TARGET, "value", allow_duplicate=True),
                  Output(ids.PATH_SOURCE, "value"), Input(ids.PATH_CLEAR, "n_clicks"), Input(ids.MAP_SELECT, "value"),
                  prevent_initial_call=True)
    def _clear_paths(_n, _map):
        return None, None

    @app.callback(Output(ids.SCENARIO, "data"), Output(ids.WHATIF_WON, "value"),
                  Output(ids.WHATIF_PERSON, "value"), Output(ids.WHATIF_ATTITUDE, "value"),
                  Output(ids.WHATIF_NAME, "value"),
                  Input(ids.WHATIF_WON, "value"), Input(ids.WHATIF_APPLY, "n_clicks"),
                  Input(ids.WHATIF_DISCARD, "n_clicks"), Input(ids.WHATIF_LOAD, "value"),
                  State(ids.WHATIF_PERSON, "value"), State(ids.WHATIF_ATTITUDE, "value"),
                  State(ids.SCENARIO, "data"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _scenario(won, _apply, _discard, load_id, person, attitude, scenarios, version):
        if not version:
            return no_update, no_update, no_update, no_update, no_update
        trigger = ctx.triggered_id
        loaded = load_scenario(service, version["map_id"], load_id) if trigger == ids.WHATIF_LOAD and load_id else None
        changed = scenario_action(scenarios, version["map_id"], trigger, won, person, attitude, loaded)
        # Keep the dropdown in step with the store (after discard or a loaded scenario).
        wanted = _scenario_for(changed, version["map_id"]).get("won", [])
        same = scenario_key(_scenario_for(changed, version["map_id"])) == scenario_key(
            _scenario_for(scenarios, version["map_id"]))
        # An unchanged scenario must not redraw the map (a big map takes seconds to draw).
        return ((no_update if same else changed), (no_update if sorted(wanted) == sorted(won or []) else wanted),
                *whatif_fields(trigger))

    @app.callback(Output(ids.WHATIF_WON, "value", allow_duplicate=True), Input(ids.VERSION, "data"),
                  State(ids.SCENARIO, "data"), State(ids.WHATIF_WON, "value"), prevent_initial_call=True)
    def _won_for_map(version, scenarios, current):
        wanted = _scenario_for(scenarios, version["map_id"]).get("won", []) if version else []
        return no_update if sorted(wanted) == sorted(current or []) else wanted

    @app.callback(Output(ids.WHATIF_RESULT, "children"), Input(ids.SCENARIO, "data"), Input(ids.ANALYSIS, "data"))
    def _whatif(scenarios, version):
        return whatif_view(service, version, scenarios)

    @app.callback(Output(ids.WHATIF_SAVED, "children"), Output(ids.WHATIF_LOAD, "options", allow_duplicate=True),
                  Input(ids.WHATIF_SAVE, "n_clicks"), State(ids.VERSION, "data"), State(ids.SCENARIO, "data"),
                  State(ids.WHATIF_NAME, "value"), prevent_initial_call=True)
    def _save_scenario(_n, version, scenarios, name):
        return save_scenario_action(service, version, scenarios, name)

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

    @app.callback(Output(ids.HISTORY_OLD, "options"), Output(ids.HISTORY_OLD, "value"),
                  Output(ids.HISTORY_NEW, "options"), Output(ids.HISTORY_NEW, "value"), Input(ids.VERSION, "data"),
                  Input(ids.TABS, "active_tab"))
    def _history_options(version, tab):
        if tab != "history":
            return no_update, no_update, no_update, no_update
        options, old, new = history_options(service, version["map_id"] if version else None)
        return options, old, options, new

    @app.callback(Output(ids.HISTORY_RESULT, "children"), Input(ids.HISTORY_OLD, "value"),
                  Input(ids.HISTORY_NEW, "value"))
    def _history(old, new):
        return history_view(service, old, new)

    @app.callback(Output(ids.MAP_DIALOG, "is_open"), Output(ids.MAP_RENAME_INPUT, "value"),
                  Output(ids.MAP_DIALOG_STATUS, "children"), Input(ids.MAP_MANAGE, "n_clicks"),
                  State(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _open_dialog(_n, map_id):
        if map_id is None:
            return no_update, no_update, no_update
        return True, service.workspace.map_info(int(map_id)).name, None

    @app.callback(Output(ids.MAP_SELECT, "options", allow_duplicate=True),
                  Output(ids.MAP_DIALOG_STATUS, "children", allow_duplicate=True),
                  Input(ids.MAP_RENAME, "n_clicks"), State(ids.MAP_SELECT, "value"),
                  State(ids.MAP_RENAME_INPUT, "value"), prevent_initial_call=True)
    def _rename(_n, map_id, name):
        return rename_map_action(service, map_id, name) if map_id is not None else (no_update, no_update)

    @app.callback(Output(ids.MAP_SELECT, "options", allow_duplicate=True),
                  Output(ids.MAP_SELECT, "value", allow_duplicate=True),
                  Output(ids.MAP_DIALOG, "is_open", allow_duplicate=True),
                  Input(ids.MAP_DELETE, "submit_n_clicks"), State(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _delete(_n, map_id):
        if map_id is None:
            return no_update, no_update, no_update
        options, value = delete_map_action(service, map_id)
        return options, value, False

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
        return _after_upload(upload_action(service, contents, filename))

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

    @app.callback(Output(ids.DOWNLOAD, "data"), Output(ids.EXPORT_STATUS, "children"),
                  Input({"type": ids.EXPORT_ITEM, "format": ALL, "anonymize": ALL}, "n_clicks"),
                  State(ids.ANALYSIS, "data"), State(ids.SCENARIO, "data"), *_FILTERS, State(ids.PATHS, "data"),
                  prevent_initial_call=True)
    def _export(clicks, version, scenarios, departments, attitudes, min_influence, focus, hops, paths):
        if not version or not any(clicks or []):
            return no_update, no_update
        chosen = ctx.triggered_id
        target = paths.get("target") if paths and paths.get("map_id") == version["map_id"] else None
        try:
            data = export_action(service, version, chosen["format"], scenarios, departments, attitudes,
                                 min_influence, focus, hops, target=target, anonymize=chosen["anonymize"])
        except InfluenceError as err:
            return no_update, _alert(f"Export failed: {err}", "danger")
        return data, None

    # Hovering only shows text already in the node's data: answered in the browser.
    app.clientside_callback(
        ClientsideFunction(namespace="influence", function_name="hoverSummary"),
        Output(ids.HOVER_BOX, "children"), Output(ids.HOVER_BOX, "style"),
        Input(ids.CYTO, "mouseoverNodeData"))

