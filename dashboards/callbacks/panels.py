"""The panels beside the map (support summary, leaders, antibodies, middle, gaps) and the person card."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, html, no_update

from influence.graph import display_name
from influence.vocabulary import ALLY_ATTITUDES

from .. import ids, views
from ..service import MapService
from .attention import card_evidence
from .maps import person_search
from .whatif import analysis_on_screen

__all__ = ["register", "panels_view", "card_view", "person_from_event"]


def panels_view(service: MapService, version: dict | None, scenarios: dict | None = None):
    """The support summary and the panels (leaders, antibodies, middle, gaps).

    Under an open what-if they are the scenario's, under a banner that names it.
    """
    if not version:
        return html.Div(), html.Div()
    G, analysis = analysis_on_screen(service, version, scenarios)
    if analysis is None:
        return views.analysis_pending(G), html.Div()
    return views.support_summary(G, analysis), views.panels(G, analysis)


def card_view(service: MapService, version: dict | None, person: str | None, scenarios: dict | None = None,
              *, status=None):
    """The person card's title and body; ``None`` title when there is nobody to show.

    The body ends with the person's assessments and contacts and their forms
    (:func:`.attention.card_evidence`); *status* is the message shown above those forms.

    The best chain to the person is the analysis' own (:meth:`Analysis.approach_to`,
    under the dashboard's model and the open what-if), so it has the probability the
    path finder, ``influence path`` and the briefings give the same chain.
    """
    if not version or not person:
        return None, []
    G, analysis = analysis_on_screen(service, version, scenarios)
    if person not in G:
        return None, []
    best = None
    if (G.nodes[person].get("attitude") or "unknown") not in ALLY_ATTITUDES:
        if analysis is not None:
            best = analysis.approach_to(person) or None
        else:  # a big map still being analysed: the same chain from the same model
            from influence.analysis import chains_to

            found = chains_to(G, person, k=1, model=service.spread_model())
            best = found[0] if found else None
    body = views.person_card(G, analysis, person, best) + card_evidence(service, G, person, status)
    if analysis is not None and analysis.scenario:
        body = [views.what_if_banner(analysis.label()), *body]
    return display_name(G, person), body


def person_from_event(trigger, tap_node=None, grid_click=None, pressed=None) -> str | None:
    """The person a map tap, a grid click or a name link (a Dash link, or a name pressed
    in a static block: *pressed* is the ``person-open`` store) points at."""
    if isinstance(trigger, dict) and trigger.get("type") == ids.PANEL_PERSON:
        return trigger.get("id")
    if trigger == ids.PERSON_OPEN:
        return (pressed or {}).get("id")
    if trigger == ids.CYTO and tap_node:
        data = tap_node.get("data") or {}
        return data.get("owner") or data.get("id")  # a badge points at its person
    if trigger == ids.GRID_GRAPH and grid_click:
        points = grid_click.get("points") or []
        return points[0].get("customdata") if points else None
    return None


def register(app, service: MapService) -> None:
    """The panels, and the card opened from the map, the grid or a name in a panel."""

    @app.callback(Output(ids.SUPPORT_SUMMARY, "children"), Output(ids.PANELS, "children"),
                  Input(ids.ANALYSIS, "data"), Input(ids.SCENARIO, "data"))
    def _panels(version, scenarios):
        return panels_view(service, version, scenarios)

    @app.callback(
        Output(ids.CARD, "is_open"), Output(ids.CARD, "title"), Output(ids.CARD_BODY, "children"),
        Output(ids.SELECTED, "data"),
        Input(ids.CYTO, "tapNode"), Input({"type": ids.PANEL_PERSON, "id": ALL, "at": ALL}, "n_clicks"),
        Input(ids.PERSON_OPEN, "data"),
        State(ids.VERSION, "data"), State(ids.SCENARIO, "data"), prevent_initial_call=True)
    def _card(tap_node, _clicks, pressed, version, scenarios):
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update, no_update, no_update  # a link was (re)drawn, not clicked
        return _open_card(person_from_event(trigger, tap_node, pressed=pressed), version, scenarios)

    # Its own callback: the grid's chart is not on the page until the Grid tab is opened.
    @app.callback(
        Output(ids.CARD, "is_open", allow_duplicate=True), Output(ids.CARD, "title", allow_duplicate=True),
        Output(ids.CARD_BODY, "children", allow_duplicate=True), Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.GRID_GRAPH, "clickData"), State(ids.VERSION, "data"), State(ids.SCENARIO, "data"),
        prevent_initial_call=True)
    def _grid_card(grid_click, version, scenarios):
        return _open_card(person_from_event(ids.GRID_GRAPH, grid_click=grid_click), version, scenarios)

    def _open_card(person, version, scenarios=None):
        title, body = card_view(service, version, person, scenarios)
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
