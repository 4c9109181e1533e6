"""The page: plain functions that return components (no callbacks, no data access)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import dcc, html

from influence.theme import ATTITUDE_GLYPHS
from influence.vocabulary import ATTITUDES, RELATIONSHIP_TYPES

from . import ids, plan_view
from .elements import (ATTITUDE_COLORS, LEADER_RING, ANTIBODY_MARK, PATH_COLORS, fast_stylesheet, legend_items,
                       stylesheet)
from .static_html import static_block

__all__ = ["page", "EXPORT_FORMATS"]

EXPORT_FORMATS = (
    # (format of influence.export, label, anonymised): what is on screen, what-if included.
    ("pdf", "One-page briefing (PDF)", False),
    ("png", "Briefing diagram (PNG)", False),
    ("svg", "Briefing diagram (SVG)", False),
    ("pptx", "Editable deck (PowerPoint)", False),
    ("html", "Interactive page (HTML, offline)", False),
    ("xlsx", "Workbook with the analysis (Excel)", False),
    ("pdf", "Anonymised briefing (PDF)", True),
    ("pptx", "Anonymised deck (PowerPoint)", True),
)


def _dot(color: str, *, dashed: bool = False) -> html.Span:
    return html.Span(className="legend-dot" + (" dashed" if dashed else ""), style={"backgroundColor": color})


def attitude_label(attitude: str) -> html.Span:
    """An attitude name with its colour dot."""
    return html.Span([_dot(ATTITUDE_COLORS[attitude], dashed=attitude == "unknown"),
                      f"{ATTITUDE_GLYPHS[attitude]} {attitude}"])


def navbar(map_options: list[dict], map_id) -> dbc.Navbar:
    return dbc.Navbar(
        dbc.Container([
            html.Div([
                html.Span("◆", className="brand-mark"),
                html.H1("influence-map", className="brand-name"),
            ], className="navbar-brand d-flex align-items-center"),
            html.Div([
                html.Span("Partner map", className="nav-label"),
                dcc.Dropdown(id=ids.MAP_SELECT, options=map_options, value=map_id, clearable=False,
                             searchable=True, className="map-select", placeholder="Choose a map"),
                dbc.Button("Rename / delete", id=ids.MAP_MANAGE, color="link", size="sm",
                           className="nav-manage", title="Rename or delete this map"),
                html.Span(id=ids.MAP_NAME, className="nav-meta"),
            ], className="d-flex align-items-center gap-2 flex-grow-1 ms-4"),
            html.Div([
                dbc.Button("Import a workbook", id="nav-import", color="light", outline=True, size="sm",
                           className="me-2"),
                dbc.DropdownMenu(
                    [dbc.DropdownMenuItem(label, id={"type": ids.EXPORT_ITEM, "format": fmt, "anonymize": anon})
                     for fmt, label, anon in EXPORT_FORMATS[:6]]
                    + [dbc.DropdownMenuItem(divider=True),
                       dbc.DropdownMenuItem("For a wider audience", header=True)]
                    + [dbc.DropdownMenuItem(label, id={"type": ids.EXPORT_ITEM, "format": fmt, "anonymize": anon})
                       for fmt, label, anon in EXPORT_FORMATS[6:]],
                    label="Export", id=ids.EXPORT_MENU, color="light", size="sm", align_end=True),
                # A spinner while an export is made (a PDF takes a few seconds).
                dcc.Loading(html.Div(dcc.Download(id=ids.DOWNLOAD), className="export-spinner"),
                            type="circle", color="#ffffff"),
            ], className="d-flex align-items-center"),
        ], fluid=True),
        color="#1b2a41", dark=True, className="app-navbar",
    )


def filters_card() -> dbc.Card:
    return dbc.Card([
        dbc.CardHeader("Filters"),
        dbc.CardBody([
            dbc.Label("Department", className="small-label", html_for=ids.F_DEPARTMENT),
            dcc.Dropdown(id=ids.F_DEPARTMENT, multi=True, placeholder="All departments", className="mb-2"),
            dbc.Label("Attitude", className="small-label"),
            dbc.Checklist(id=ids.F_ATTITUDE, options=[{"label": attitude_label(a), "value": a} for a in ATTITUDES],
                          value=[], inline=True, className="attitude-checklist mb-2"),
            dbc.Label("Minimum influence score", className="small-label", id="min-influence-label"),
            dcc.Slider(id=ids.F_MIN_INFLUENCE, min=0, max=100, step=5, value=0,
                       marks={0: "0", 25: "25", 50: "50", 75: "75", 100: "100"}, className="mb-2"),
            dbc.Label("Focus on a person", className="small-label", html_for=ids.F_FOCUS),
            dcc.Dropdown(id=ids.F_FOCUS, placeholder="Everybody", className="mb-1"),
            html.Div([
                html.Span("hops", className="small text-muted me-2"),
                html.Div(dcc.Slider(id=ids.F_HOPS, min=1, max=4, step=1, value=1,
                                    marks={i: str(i) for i in range(1, 5)}), className="flex-grow-1"),
            ], className="d-flex align-items-center"),
            dbc.Button("Clear filters", id=ids.F_CLEAR, color="link", size="sm", className="p-0 mt-1"),
        ]),
    ], className="side-card")


def path_card() -> dbc.Card:
    return dbc.Card([
        dbc.CardHeader("Path finder"),
        dbc.CardBody([
            dbc.Label("Reach", className="small-label", html_for=ids.PATH_TARGET),
            dcc.Dropdown(id=ids.PATH_TARGET, placeholder="Whom do you need? (type a name)", className="mb-2"),
            dbc.Label("Starting from", className="small-label", html_for=ids.PATH_SOURCE),
            dcc.Dropdown(id=ids.PATH_SOURCE, placeholder="Any ally or owner (best)", className="mb-2"),
            html.Div([
                dbc.Button("Find paths", id=ids.PATH_FIND, color="primary", size="sm"),
                dbc.Button("Clear", id=ids.PATH_CLEAR, color="secondary", outline=True, size="sm", className="ms-2"),
            ]),
            html.Div(id=ids.PATH_RESULTS, className="mt-2"),
        ]),
    ], className="side-card")


def whatif_card() -> dbc.Card:
    return dbc.Card([
        dbc.CardHeader("What-if"),
        dbc.CardBody([
            # Two readings of "winning someone over", named apart (influence.scenarios).
            dbc.Label("Assume on board (certain)", html_for=ids.WHATIF_WON, className="small-label"),
            dcc.Dropdown(id=ids.WHATIF_WON, multi=True, placeholder="Count as on our side, for certain",
                         className="mb-2"),
            dbc.Label("Approach (succeeds with r(v))", html_for=ids.WHATIF_APPROACH, className="small-label"),
            dcc.Dropdown(id=ids.WHATIF_APPROACH, multi=True, placeholder="Approach: won with their receptiveness",
                         className="mb-2"),
            dbc.Label("Change an attitude", className="small-label", html_for=ids.WHATIF_PERSON),
            dcc.Dropdown(id=ids.WHATIF_PERSON, placeholder="Person", className="mb-1"),
            html.Div([
                dcc.Dropdown(id=ids.WHATIF_ATTITUDE, options=[{"label": attitude_label(a), "value": a}
                                                               for a in ATTITUDES],
                             placeholder="New attitude…", clearable=False, className="flex-grow-1"),
                dbc.Button("Apply", id=ids.WHATIF_APPLY, color="secondary", size="sm"),
            ], className="d-flex gap-1 align-items-center mb-2"),
            dcc.Loading(html.Div(id=ids.WHATIF_RESULT), type="dot", color="#1f3a93"),
            html.Div([
                dbc.Input(id=ids.WHATIF_NAME, placeholder="Scenario name", size="sm", className="me-1"),
                dbc.Button("Save", id=ids.WHATIF_SAVE, color="primary", size="sm", className="me-1"),
                dbc.Button("Discard", id=ids.WHATIF_DISCARD, color="secondary", outline=True, size="sm"),
            ], className="d-flex mt-2"),
            html.Div(id=ids.WHATIF_SAVED, className="small mt-1"),
            dcc.Dropdown(id=ids.WHATIF_LOAD, placeholder="Open a saved scenario", className="mt-2"),
        ]),
    ], className="side-card")


def legend() -> html.Div:
    items = legend_items()
    shape_class = {"round-rectangle": "shape-square", "star": "shape-star", "ellipse": "shape-circle",
                   "diamond": "shape-diamond", "hexagon": "shape-hexagon"}

    def group(title, entries):
        return html.Div([html.Span(title, className="legend-title"), *entries], className="legend-group")

    def item(mark, text):
        return html.Span([mark, text], className="legend-item")

    return html.Div([
        html.Div([
            # Each attitude's sign as well as its colour: the map draws both on every person.
            group("Attitude", [item(_dot(color, dashed=name == "unknown"), f"{ATTITUDE_GLYPHS[name]} {name}")
                               for name, color in items["attitude"]]),
            group("Style", [item(html.Span(className=f"legend-shape {shape_class[shape]}"), name)
                            for name, shape in items["style"]]),
            group("Size", [html.Span("influence score", className="legend-item")]),
            group("Marks", [
                item(html.Span("1", className="legend-rank", style={"backgroundColor": LEADER_RING}),
                     "leading 10 percenter, in order"),
                item(html.Span("!", className="legend-antibody", style={"backgroundColor": ANTIBODY_MARK}), "antibody"),
            ]),
            group("Lines", [
                item(html.Span(className="legend-line reporting"), "reports to"),
                item(html.Span(className="legend-line tie"), "influences (width = strength)"),
                item(html.Span(className="legend-line conflict"), "conflict"),
                item(html.Span(className="legend-line path", style={"borderColor": PATH_COLORS[0]}), "path"),
            ]),
        ], className="legend-row"),
    ], id=ids.LEGEND, className="map-legend")


def map_tab(big_map: bool = False) -> html.Div:
    # A big map starts with the stylesheet it will be drawn with: changing the stylesheet
    # when thousands of elements arrive restyles every one of them.
    sheet = stylesheet()
    if big_map:
        sheet = fast_stylesheet(sheet)
    return html.Div([
        html.Div([
            dbc.Button("☰ Tools", id=ids.TOOLS_TOGGLE, color="secondary", outline=True, size="sm",
                       className="me-2 tools-toggle", title="Show or hide the filters, path finder and what-if"),
            dbc.RadioItems(id=ids.LAYOUT_TOGGLE, options=[{"label": "Org chart", "value": "org"},
                                                          {"label": "Network", "value": "network"}],
                           value="org", inline=True, className="btn-group", inputClassName="btn-check",
                           labelClassName="btn btn-sm btn-outline-primary", labelCheckedClassName="active"),
            dbc.Checklist(id=ids.SHOW_EDGES, options=[{"label": "reporting lines", "value": "reporting"},
                                                      {"label": "influence ties", "value": "ties"}],
                          value=["reporting", "ties"], inline=True, switch=True, className="ms-3 small"),
            dbc.Button("Collapse", id=ids.CHART_COLLAPSE, color="link", size="sm", className="ms-2 p-0",
                       title="Back to the chart's top levels"),
            html.Span(id=ids.MAP_STATUS, className="small text-muted ms-auto", role="status"),
        ], className="d-flex align-items-center flex-wrap map-toolbar"),
        html.Div(id=ids.WHATIF_BANNER, role="status", **{"aria-live": "polite"}),
        html.Div([
            html.Div([
                cyto.Cytoscape(id=ids.CYTO, elements=[], stylesheet=sheet,
                               layout={"name": "preset", "fit": True, "padding": 12, "animate": False},
                               style={"width": "100%", "height": "100%"}, minZoom=0.02, maxZoom=3,
                               autoungrabify=True, boxSelectionEnabled=False, wheelSensitivity=0.25,
                               responsive=True, clearOnUnhover=True),
                html.Pre(id=ids.HOVER_BOX, className="hover-box"),
            ], className="map-canvas"),
            # Below the canvas, not over it: the legend never hides a person.
            legend(),
        ], className="map-frame"),
    ], className="tab-body")


def search_bar() -> html.Div:
    """One search over every tab: highlights and zooms on the map, filters the list and tables."""
    return html.Div([
        dbc.Label("Search people", html_for=ids.F_SEARCH, className="visually-hidden"),
        dbc.Input(id=ids.F_SEARCH, placeholder="Search names, titles or CFO, VP, GC…", type="search",
                  debounce=True, size="sm", className="search-input"),
    ], className="search-bar", role="search")


def list_tab() -> html.Div:
    """The map as a list: the same people, filters and search, each opening the same card."""
    return html.Div([
        html.Div("The people on the map, most influential first, with the map's filters and search. "
                 "Tab to a name and press Enter to open the card.", className="small text-muted map-toolbar",
                 id=ids.LIST_STATUS),
        html.Div(id=ids.LIST_TABLE, className="people-list"),
    ], className="tab-body")


def grid_tab() -> html.Div:
    return html.Div([
        html.Div("Influence score (up) against attitude toward us (across). Click a dot to open the card.",
                 className="small text-muted map-toolbar"),
        # Empty until the tab is opened: a dcc.Graph on the page makes the browser load and
        # run plotly (half a second) even while the tab is hidden.
        html.Div(id=ids.GRID_HOLDER),
    ], className="tab-body")


def grid_graph() -> dcc.Graph:
    """The grid view's chart, put into the Grid tab when it is first opened."""
    return dcc.Graph(id=ids.GRID_GRAPH, config={"displayModeBar": False}, style={"height": "calc(100vh - 190px)"})


def _grid(grid_id: str, *, selectable: bool = False, fit: bool | None = None, **kwargs) -> dag.AgGrid:
    options = {"singleClickEdit": True, "stopEditingWhenCellsLoseFocus": True, "animateRows": False,
               "tooltipShowDelay": 300}
    if selectable:
        options["rowSelection"] = {"mode": "multiRow"}
    fit = selectable if fit is None else fit
    return dag.AgGrid(
        id=grid_id, rowData=[], columnSize="responsiveSizeToFit" if fit else None,
        defaultColDef={"resizable": True, "sortable": True, "filter": True, "minWidth": 90},
        dashGridOptions=options, style={"height": "calc(100vh - 250px)"}, **kwargs)


def people_tab() -> html.Div:
    return html.Div([
        html.Div("Edit a cell to change the map; every change is checked and saved as a snapshot. "
                 "Add someone below, or tick rows and delete them.", className="small text-muted map-toolbar"),
        html.Div([
            dbc.Label("Name of a new person", html_for=ids.PERSON_NAME, className="visually-hidden"),
            dbc.Input(id=ids.PERSON_NAME, placeholder="Name of a new person", size="sm"),
            dbc.Label("Title of the new person", html_for=ids.PERSON_TITLE, className="visually-hidden"),
            dbc.Input(id=ids.PERSON_TITLE, placeholder="Title", size="sm"),
            html.Div(dcc.Dropdown(id=ids.PERSON_MANAGER, placeholder="Reports to (type a name)"),
                     className="flex-grow-1"),
            dbc.Button("Add person", id=ids.PERSON_ADD, color="primary", size="sm"),
            dbc.Button("Delete selected", id=ids.PERSON_DELETE, color="danger", outline=True, size="sm"),
        ], className="d-flex gap-2 align-items-center mb-2 add-row"),
        html.Div(id=ids.EDIT_STATUS),
        _grid(ids.PEOPLE_GRID, selectable=True, fit=False, getRowId="params.data.id"),
    ], className="tab-body")


def ties_tab() -> html.Div:
    return html.Div([
        html.Div("Relationships run from the influencer to the influenced. Edit type, strength or notes "
                 "in the table; add one below.", className="small text-muted map-toolbar"),
        html.Div([
            html.Div(dcc.Dropdown(id=ids.TIE_FROM, placeholder="From (influencer)"), className="flex-grow-1"),
            html.Div(dcc.Dropdown(id=ids.TIE_TO, placeholder="To (influenced)"), className="flex-grow-1"),
            html.Div(dcc.Dropdown(id=ids.TIE_TYPE, options=list(RELATIONSHIP_TYPES), value="influences",
                                  clearable=False), style={"width": "10rem"}),
            html.Div(dcc.Dropdown(id=ids.TIE_STRENGTH, options=["1", "2", "3", "4", "5"],
                                  placeholder="strength 1-5"), style={"width": "8rem"}),
            dbc.Button("Add", id=ids.TIE_ADD, color="primary", size="sm"),
            dbc.Button("Delete selected", id=ids.TIE_DELETE, color="danger", outline=True, size="sm"),
        ], className="d-flex gap-2 align-items-center mb-2"),
        html.Div(id=ids.TIES_STATUS),
        _grid(ids.TIES_GRID, selectable=True, getRowId="params.data.key"),
    ], className="tab-body")


def history_tab() -> html.Div:
    return html.Div([
        html.Div([
            html.Div([dbc.Label("Before", className="small-label"), dcc.Dropdown(id=ids.HISTORY_OLD, clearable=False)],
                     className="flex-grow-1"),
            html.Div([dbc.Label("After", className="small-label"), dcc.Dropdown(id=ids.HISTORY_NEW, clearable=False)],
                     className="flex-grow-1"),
        ], className="d-flex gap-3 map-toolbar"),
        html.Div([
            dbc.Button("Restore “Before” as a new snapshot", id=ids.RESTORE, color="secondary", outline=True,
                       size="sm", title="The map goes back to the Before snapshot; every snapshot is kept"),
            dbc.Button("Undo the last edit", id=ids.UNDO, color="secondary", outline=True, size="sm"),
        ], className="d-flex gap-2 mb-2"),
        html.Div(id=ids.RESTORE_STATUS),
        html.Div(id=ids.HISTORY_RESULT, className="history-result"),
    ], className="tab-body")


def import_tab() -> html.Div:
    return html.Div([
        dcc.Upload(
            id=ids.UPLOAD, multiple=False, accept=".xlsx,.xlsm,.xls,.csv,.graphml,.gexf,.json",
            children=html.Div([
                html.Div("⤒", className="upload-icon"),
                html.Div([html.B("Drop an Excel, CSV, GraphML, GEXF or Kumu JSON file here"), " or click to choose one"]),
                html.Div("The file is checked first; every problem is listed with its sheet, row and column.",
                         className="small text-muted"),
            ]),
            className="upload-zone",
        ),
        dcc.Loading(html.Div(id=ids.UPLOAD_REPORT, className="mt-3"), type="dot", color="#1f3a93"),
        plan_view.update_section(),
    ], className="tab-body")


def panels_column() -> html.Div:
    return html.Div([
        dcc.Loading(html.Div(id=ids.SUPPORT_SUMMARY), type="dot", color="#1f3a93"),
        html.Div(id=ids.ATTENTION),
        # An empty static block until the panels come: the browser fetches and compiles the
        # Markdown component (dashboards.static_html) while it waits for the analysis.
        html.Div(static_block(""), id=ids.PANELS),
    ], className="panels-column")


def map_dialog() -> dbc.Modal:
    """Rename or delete the open map."""
    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle("This map")),
        dbc.ModalBody([
            dbc.Label("Name", className="small-label"),
            dbc.InputGroup([
                dbc.Input(id=ids.MAP_RENAME_INPUT, placeholder="Partner name"),
                dbc.Button("Rename", id=ids.MAP_RENAME, color="primary"),
            ]),
            html.Div(id=ids.MAP_DIALOG_STATUS, className="mt-2"),
            html.Hr(),
            html.P("Deleting removes the map with all its snapshots and saved scenarios from the workspace.",
                   className="small text-muted"),
            dcc.ConfirmDialogProvider(
                dbc.Button("Delete this map", color="danger", outline=True, size="sm"),
                id=ids.MAP_DELETE, message="Delete this map with all its snapshots? This cannot be undone."),
        ]),
    ], id=ids.MAP_DIALOG, is_open=False)


def person_card() -> dbc.Offcanvas:
    return dbc.Offcanvas(html.Div(id=ids.CARD_BODY), id=ids.CARD, title="Person", placement="end",
                         is_open=False, scrollable=True, backdrop=False, className="person-card")


def page(map_options: list[dict], map_id=None, *, big_map: bool = False) -> html.Div:
    """The whole page, opening *map_id* (one of *map_options*, the workspace's maps);
    *big_map* when it has thousands of people (drawn with the fast stylesheet)."""
    return html.Div([
        dcc.Store(id=ids.VERSION), dcc.Store(id=ids.ANALYSIS),
        dcc.Interval(id=ids.POLL, interval=500, disabled=True), dcc.Store(id=ids.SCENARIO, data={}), dcc.Store(id=ids.PATHS),
        dcc.Store(id=ids.PERSON_OPEN),
        dcc.Store(id=ids.SELECTED), dcc.Store(id=ids.UPLOAD_STATE), dcc.Store(id=ids.CANVAS),
        dcc.Store(id=ids.CHART_OPEN),
        navbar(map_options, map_id),
        html.Div(id=ids.EXPORT_STATUS, className="export-status"),
        html.Div([
            html.Div([path_card(), filters_card(), whatif_card()], className="side-column tools-column",
                     id="tools-column", role="complementary", **{"aria-label": "Filters, path finder and what-if"}),
            html.Main([search_bar(), dbc.Tabs([
                dbc.Tab(map_tab(big_map), label="Map", tab_id="map"),
                dbc.Tab(list_tab(), label="List", tab_id="list"),
                dbc.Tab(grid_tab(), label="Grid", tab_id="grid"),
                dbc.Tab(people_tab(), label="People", tab_id="people"),
                dbc.Tab(ties_tab(), label="Relationships", tab_id="ties"),
                dbc.Tab(history_tab(), label="History", tab_id="history"),
                dbc.Tab(plan_view.plan_tab(), label="Plan", tab_id="plan"),
                dbc.Tab(import_tab(), label="Import", tab_id="import"),
            ], id=ids.TABS, active_tab="map", className="main-tabs")], className="main-column"),
            html.Div(panels_column(), className="side-column panels-side", role="complementary",
                     **{"aria-label": "Expected support and who to approach"}),
        ], className="app-grid", id=ids.APP_GRID),
        person_card(),
        map_dialog(),
    ])
