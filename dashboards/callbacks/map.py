"""The map and the stakeholder grid: what is drawn for the open map, its filters and highlights."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, no_update

from influence.graph import display_name

from .. import elements, ids, layout
from ..service import MapService, canvas_shape
from .common import BIG_MAP, MAP_PADDING, filtered_people
from .whatif import analysis_on_screen, scenario_of

__all__ = ["register", "map_view", "map_viewport", "grid_view"]


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
    # Under a what-if the map is drawn as the scenario has it (changed attitudes, people
    # assumed on board as champions); otherwise the analysis is None while a big map is
    # still being analysed.
    G, analysis = analysis_on_screen(service, version, scenarios)
    positions, spines = service.positions(map_id, v, layout_kind, size)
    visible = filtered_people(G, analysis, departments, attitudes, min_influence, focus, hops)
    found = []
    if paths and paths.get("map_id") == map_id:
        from influence.paths import InfluencePath

        found = [InfluencePath(people=p["people"], probability=p["probability"]) for p in paths.get("paths", [])]
        # A highlighted path stays visible whatever the filters say.
        visible |= {p for path in found for p in path.people}
    scenario = scenario_of(scenarios, map_id)
    big = G.number_of_nodes() > BIG_MAP
    show = set(show or ())
    els = elements.map_elements(G, analysis, positions, visible=visible, search=search, paths=found,
                                won=scenario.on_board, kind=layout_kind,
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
    if scenario:
        status += " · what-if"
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
