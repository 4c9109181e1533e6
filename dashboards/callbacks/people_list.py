"""The map as a list (for keyboard and screen-reader users), the page frame, the tables' search.

The list shows the people the map shows (the same filters and search, the what-if's
attitudes), most influential first, each name a link that opens the same card as a tap
on the map. The frame's columns follow the open tab: the table tabs use the full width;
on a laptop screen the tools column folds away behind the "Tools" button.
"""

from __future__ import annotations

from dash import Input, Output, Patch, State, html, no_update

from influence.graph import display_name
from influence.search import matching_people

from .. import ids, views
from ..elements import score_of
from ..service import MapService
from ..static_html import static_block
from .common import filtered_people
from .whatif import analysis_on_screen

__all__ = ["register", "people_list_view", "frame_class", "LIST_LIMIT", "MAP_TABS"]

LIST_LIMIT = 200
"""Most people listed at once (the rest are counted; the search narrows the list)."""

MAP_TABS = ("map", "list", "grid")
"""Tabs shown beside the tools and the panels; the others (tables, history, import) use the full width."""


def frame_class(tab: str | None, toggles: int | None) -> str:
    """The frame's class: ``tables`` on a table tab, ``tools-flip`` when the Tools button
    was pressed an odd number of times (the stylesheet shows or hides the tools column
    by screen width, and the flip turns that around)."""
    classes = ["app-grid"]
    if tab not in MAP_TABS:
        classes.append("tables")
    if (toggles or 0) % 2:
        classes.append("tools-flip")
    return " ".join(classes)


def people_list_view(service: MapService, version: dict | None, departments=None, attitudes=None,
                     min_influence=0, search=None, focus=None, hops=1, scenarios=None, *,
                     limit: int = LIST_LIMIT):
    """The list: a table of the people on the map with attitude, influence score and segment."""
    if not version:
        return html.Div("No map open: import a workbook.", className="text-muted"), ""
    G, analysis = analysis_on_screen(service, version, scenarios)
    visible = filtered_people(G, analysis, departments, attitudes, min_influence, focus, hops)
    if search:
        visible &= set(matching_people(G, search))
    people = sorted(visible, key=lambda p: (-score_of(analysis, p), display_name(G, p).lower()))
    link = views.person_links(G, "list")
    rows = []
    for p in people[:limit]:
        n = G.nodes[p]
        segment = analysis.segment(p) if analysis is not None else "—"
        rows.append(html.Tr([
            html.Td(link(p)), html.Td(n.get("title") or "", className="small"),
            html.Td(views.attitude_badge(n.get("attitude"))),
            html.Td(f"{score_of(analysis, p):.0f}" if analysis is not None else "—", className="text-end"),
            html.Td(segment, className="small"),
        ]))
    shown = f"{min(len(people), limit):,} of {len(people):,}" if len(people) > limit else f"{len(people):,}"
    status = (f"{shown} people, most influential first"
              + (" (type in the search to narrow the list)" if len(people) > limit else "")
              + ". Tab to a name and press Enter to open the card.")
    table = html.Table([
        html.Caption("People on the map, with attitude, influence score and segment"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Name", "Title", "Attitude", "Influence", "Segment")])),
        html.Tbody(rows),
    ], className="table table-sm table-hover people-list-table")
    # One static block: 200 rows are 1,400 Dash components, seconds for the browser to mount.
    return static_block(table), status


def register(app, service: MapService) -> None:
    """The list tab, the frame's columns, the tables' search."""

    @app.callback(Output(ids.LIST_TABLE, "children"), Output(ids.LIST_STATUS, "children"),
                  Input(ids.ANALYSIS, "data"), Input(ids.F_DEPARTMENT, "value"), Input(ids.F_ATTITUDE, "value"),
                  Input(ids.F_MIN_INFLUENCE, "value"), Input(ids.F_SEARCH, "value"), Input(ids.F_FOCUS, "value"),
                  Input(ids.F_HOPS, "value"), Input(ids.SCENARIO, "data"), Input(ids.TABS, "active_tab"))
    def _list(version, departments, attitudes, min_influence, search, focus, hops, scenarios, tab):
        if tab != "list":
            return no_update, no_update
        return people_list_view(service, version, departments, attitudes, min_influence, search, focus, hops,
                                scenarios)

    @app.callback(Output(ids.APP_GRID, "className"), Input(ids.TABS, "active_tab"),
                  Input(ids.TOOLS_TOGGLE, "n_clicks"))
    def _frame(tab, toggles):
        return frame_class(tab, toggles)

    # The search box filters the tables too (AG Grid's quick filter, in the browser).
    for grid in (ids.PEOPLE_GRID, ids.TIES_GRID):
        @app.callback(Output(grid, "dashGridOptions"), Input(ids.F_SEARCH, "value"),
                      State(grid, "id"), prevent_initial_call=True)
        def _quick_filter(search, _grid):
            options = Patch()
            options["quickFilterText"] = search or ""
            return options
