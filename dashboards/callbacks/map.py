"""The map and the stakeholder grid: what is drawn for the open map, its filters and highlights."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, no_update

from influence.graph import display_name

from influence.search import matching_people

from .. import elements, ids, layout, orgchart
from ..service import MapService, canvas_shape
from .common import BIG_MAP, MAP_PADDING, filtered_people
from .whatif import analysis_on_screen, scenario_of

__all__ = ["register", "map_view", "map_viewport", "grid_view", "open_people", "fold_action"]


def map_view(service: MapService, version: dict | None, layout_kind: str = "org", departments=None,
             attitudes=None, min_influence=0, search=None, focus=None, hops=1, scenarios=None,
             paths: dict | None = None, show=("reporting", "ties"), canvas: dict | None = None,
             opened: dict | None = None) -> tuple[list, list, str, dict]:
    """Cytoscape elements, stylesheet, a status line and the (preset) layout for the map.

    *canvas* is the map's size in the browser (``{"w": .., "h": ..}``): the org chart is
    laid out to fill it. A big map's org chart is collapsed (:mod:`..orgchart`): *opened*
    (``{"map_id", "open": [...]}``) names the people whose teams are shown, by default
    its top levels; a *search* opens the way down to its matches and zooms to them.
    """
    size = (canvas or {}).get("w"), (canvas or {}).get("h")
    # A new layout object makes Cytoscape run it again, fitting the map to the canvas.
    layout = {"name": "preset", "fit": True, "padding": MAP_PADDING, "animate": False, "kind": layout_kind,
              "version": (version or {}).get("version"), "shape": canvas_shape(size)}
    if not version:
        return [], elements.stylesheet(), "No map open: import a workbook.", layout
    map_id, v = version["map_id"], version["version"]
    # Under a what-if the map is drawn as the scenario has it (changed attitudes, people
    # assumed on board as champions); otherwise the analysis is None while a big map is
    # still being analysed.
    G, analysis = analysis_on_screen(service, version, scenarios)
    big = G.number_of_nodes() > BIG_MAP
    matches = set(matching_people(G, search)) if search else set()
    visible = filtered_people(G, analysis, departments, attitudes, min_influence, focus, hops)
    folded = big and layout_kind == "org"
    if folded:
        tree = service.derived(map_id, v, "hierarchy", orgchart.hierarchy)
        open_now = open_people(G, opened, map_id, tree)
        if matches:
            open_now = orgchart.open_to(tree, open_now, matches)
        shown = orgchart.shown_people(tree, open_now)
        positions, spines = service.chart_positions(map_id, v, frozenset(shown), size)
    else:
        positions, spines = service.positions(map_id, v, layout_kind, size)
    found = []
    if paths and paths.get("map_id") == map_id:
        from influence.paths import InfluencePath

        found = [InfluencePath(people=p["people"], probability=p["probability"]) for p in paths.get("paths", [])]
        # A highlighted path stays visible whatever the filters say.
        visible |= {p for path in found for p in path.people}
    scenario = scenario_of(scenarios, map_id)
    show = set(show or ())
    on_chart = visible & set(positions)
    els = elements.map_elements(G, analysis, positions, visible=on_chart, search=search, paths=found,
                                won=scenario.on_board, kind=layout_kind, matches=matches if search else None,
                                # A big map's lines are straight (fast_stylesheet): no routes to send.
                                spines=None if big else spines, summaries=not big or folded)
    if folded:
        els += orgchart.fold_elements(positions, on_chart, open_now, tree.sizes)
    if "ties" not in show:
        els = [e for e in els if e.get("classes", "").split()[:1] not in (["tie"], ["conflict"])]
    if "reporting" not in show:
        els = [e for e in els if e.get("classes", "").split()[:1] != ["reporting"]]
    sheet = elements.stylesheet(layout_kind)
    if big:
        sheet = elements.fast_stylesheet(sheet)
    zoom_to = [positions[p] for p in matches & on_chart] if matches else []
    if big or zoom_to:
        # Fitting in the browser measures thousands of labels first (seconds): the server
        # knows the positions and the canvas, so it sets the viewport itself (on the
        # search's matches when there are any; not closer than labels need).
        viewport = map_viewport(zoom_to or [positions[p] for p in on_chart], size,
                                zoom_range=(0.02, 1.3 if zoom_to else 3))
        if viewport:
            layout.update(fit=False, **viewport)
    status = f"Showing {len(on_chart):,} of {G.number_of_nodes():,} people"
    if folded:
        status += " · click a +N badge to open a team"
    if search:
        status += f" · {len(matches):,} match{'es' if len(matches) != 1 else ''} for “{search}”"
    if found:
        status += f" · {len(found)} path(s) to {display_name(G, paths['target'])} highlighted"
    if scenario:
        status += " · what-if"
    return els, sheet, status, layout


def open_people(G, opened: dict | None, map_id, tree=None) -> list[str]:
    """The people whose teams are open on a collapsed chart: the store's, for this map,
    or the chart's top levels (:func:`..orgchart.default_open`)."""
    if opened and opened.get("map_id") == map_id and opened.get("open") is not None:
        return [p for p in opened["open"] if p in G]
    return orgchart.default_open(tree or orgchart.hierarchy(G))


def fold_action(service: MapService, version: dict | None, tapped: dict | None, opened: dict | None,
                kind: str = "org"):
    """A tap on a head-count badge opens or closes that team; returns the new store."""
    person = (tapped or {}).get("fold")
    if not version or not person:
        return no_update
    G = service.graph(version["map_id"], version["version"])
    if person not in G:
        return no_update
    tree = service.derived(version["map_id"], version["version"], "hierarchy", orgchart.hierarchy)
    return {"map_id": version["map_id"],
            "open": orgchart.toggle(open_people(G, opened, version["map_id"], tree), person)}


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
              focus=None, hops=1, scenarios=None):
    """The stakeholder grid figure for the current map and filters (the what-if's, when one is open)."""
    import plotly.graph_objects as go

    if not version:
        return go.Figure()
    G, analysis = analysis_on_screen(service, version, scenarios)
    visible = filtered_people(G, analysis, departments, attitudes, min_influence, focus, hops)
    return elements.grid_figure(G, analysis, visible=visible)


def register(app, service: MapService) -> None:
    """The map, the grid tab, clearing the filters, the hover summary."""

    @app.callback(
        Output(ids.CYTO, "elements"), Output(ids.CYTO, "stylesheet"), Output(ids.MAP_STATUS, "children"),
        Output(ids.CYTO, "layout"), Input(ids.ANALYSIS, "data"), Input(ids.LAYOUT_TOGGLE, "value"), Input(ids.F_DEPARTMENT, "value"),
        Input(ids.F_ATTITUDE, "value"), Input(ids.F_MIN_INFLUENCE, "value"), Input(ids.F_SEARCH, "value"),
        Input(ids.F_FOCUS, "value"), Input(ids.F_HOPS, "value"), Input(ids.SCENARIO, "data"),
        Input(ids.PATHS, "data"), Input(ids.SHOW_EDGES, "value"), Input(ids.CANVAS, "data"),
        Input(ids.CHART_OPEN, "data"), State(ids.CYTO, "stylesheet"))
    def _map(version, kind, departments, attitudes, min_influence, search, focus, hops, scenarios, paths, show,
             canvas, opened, current_sheet):
        els, sheet, status, layout = map_view(service, version, kind, departments, attitudes, min_influence,
                                              search, focus, hops, scenarios, paths, show, canvas, opened)
        # The same stylesheet again would still restyle every element in the browser.
        return els, no_update if sheet == current_sheet else sheet, status, layout

    @app.callback(Output(ids.CHART_OPEN, "data"), Input(ids.CYTO, "tapNodeData"), State(ids.VERSION, "data"),
                  State(ids.CHART_OPEN, "data"), prevent_initial_call=True)
    def _fold(tapped, version, opened):
        return fold_action(service, version, tapped, opened)

    @app.callback(Output(ids.CHART_OPEN, "data", allow_duplicate=True), Input(ids.CHART_COLLAPSE, "n_clicks"),
                  Input(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _collapse(_n, _map):
        return None  # the chart's top levels again

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
                  Input(ids.F_HOPS, "value"), Input(ids.TABS, "active_tab"), Input(ids.SCENARIO, "data"))
    def _grid(version, departments, attitudes, min_influence, focus, hops, tab, scenarios):
        if tab != "grid":
            return no_update
        return grid_view(service, version, departments, attitudes, min_influence, focus, hops, scenarios)

    @app.callback(
        Output(ids.F_DEPARTMENT, "value"), Output(ids.F_ATTITUDE, "value"), Output(ids.F_MIN_INFLUENCE, "value"),
        Output(ids.F_SEARCH, "value"), Output(ids.F_FOCUS, "value"), Input(ids.F_CLEAR, "n_clicks"),
        Input(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _clear_filters(_n, _map):
        # Another map has other departments and people: its filters start clear.
        return [], [], 0, "", None

    # Hovering only shows text already in the node's data: answered in the browser.
    app.clientside_callback(
        ClientsideFunction(namespace="influence", function_name="hoverSummary"),
        Output(ids.HOVER_BOX, "children"), Output(ids.HOVER_BOX, "style"),
        Input(ids.CYTO, "mouseoverNodeData"))
