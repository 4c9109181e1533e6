"""The what-if: people assumed on board or approached, attitude changes, their effect, saved scenarios.

The scenario store holds, per map id, the library's stored scenario format
(:meth:`influence.scenarios.Scenario.to_dict`); anything read from it goes through
:meth:`~influence.scenarios.Scenario.from_dict`, which also reads what earlier versions
stored (``{"won": [...]}``, whose "won over" meant "assume on board").
"""

from __future__ import annotations

from dash import Input, Output, State, ctx, html, no_update

from influence.scenarios import Scenario

from .. import ids, views
from ..service import MapService
from .common import SEARCH_FROM, scenario_for

__all__ = ["register", "scenario_action", "scenario_of", "analysis_on_screen", "whatif_fields", "whatif_view", "what_if_banner",
           "save_scenario_action", "scenario_options", "load_scenario"]

ON_BOARD_LABEL = "Assume on board (certain)"
"""The control that counts people as on our side for certain (drawn as champions)."""

APPROACH_LABEL = "Approach (succeeds with r(v))"
"""The control that approaches people: each comes on board with probability r(v)."""


def scenario_of(scenarios: dict | None, map_id) -> Scenario:
    """The what-if of *map_id* in the scenario store, as a :class:`~influence.scenarios.Scenario`."""
    return Scenario.from_dict(scenario_for(scenarios, map_id))


def analysis_on_screen(service: MapService, version: dict, scenarios: dict | None):
    """The map and analysis the page shows: the what-if's when one is open, else the map's.

    Returns ``(G, analysis)``; under a what-if ``G`` is the scenario's copy of the map
    (the changed people as the scenario has them). Without one the analysis may be
    ``None`` while a big map is still being analysed.
    """
    map_id, v = version["map_id"], version["version"]
    scenario = scenario_of(scenarios, map_id)
    if scenario:
        analysis = service.analysis(map_id, v, scenario)
        return analysis.graph, analysis
    return service.graph(map_id, v), service.ready_analysis(map_id, v)


def scenario_action(scenarios: dict | None, map_id, trigger, won=None, person=None, attitude=None,
                    loaded: dict | None = None, approach=None) -> dict:
    """The scenario store after a what-if control changed (keyed by map id).

    *won* is the "assume on board" dropdown's value, *approach* the "approach" one's.
    """
    scenarios = dict(scenarios or {})
    key = str(map_id)
    current = scenario_of(scenarios, map_id)
    on_board, approached, attitudes = current.on_board, current.approach, dict(current.attitudes)
    if trigger == ids.WHATIF_DISCARD:
        scenarios.pop(key, None)
        return scenarios
    if trigger == ids.WHATIF_LOAD and loaded is not None:
        current = Scenario.from_dict(loaded)
    else:
        if trigger == ids.WHATIF_WON:
            on_board = tuple(won or ())
        elif trigger == ids.WHATIF_APPROACH:
            approached = tuple(approach or ())
        elif trigger == ids.WHATIF_APPLY and person and attitude:
            attitudes[person] = attitude
        current = Scenario(on_board=on_board, approach=approached, attitudes=attitudes, name=current.name)
    scenarios[key] = current.to_dict()
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
    scenario = scenario_of(scenarios, map_id)
    G = service.graph(map_id, v)
    before = service.ready_analysis(map_id, v)
    if before is None:
        return html.Div("The map is still being analysed; the what-if follows.", className="small text-muted")
    if not scenario:
        return views.whatif_result(G, before, before, scenario)
    after = service.analysis(map_id, v, scenario)
    return views.whatif_result(G, before, after, scenario)


def what_if_banner(service: MapService, version: dict | None, scenarios: dict | None):
    """The banner over the map while a what-if is open (``None`` without one)."""
    if not version:
        return None
    scenario = scenario_of(scenarios, version["map_id"])
    if not scenario:
        return None
    G = service.graph(version["map_id"], version["version"])
    return views.what_if_banner(scenario.label(G))


def save_scenario_action(service: MapService, version: dict | None, scenarios: dict | None, name: str | None):
    """Keep the map's scenario in the workspace; returns a message and the saved list."""
    if not version:
        return "Open a map first.", []
    map_id = version["map_id"]
    scenario = scenario_of(scenarios, map_id)
    name = (name or "").strip() or "Scenario"
    if not scenario:
        message = html.Span("Nothing to save: assume someone on board, approach someone or change an attitude.",
                            className="text-danger")
    else:
        stored = Scenario(on_board=scenario.on_board, approach=scenario.approach, attitudes=scenario.attitudes,
                          name=name)
        service.save_scenario(map_id, name, stored.to_dict())
        message = html.Span(f"Saved “{name}”.", className="text-success")
    return message, scenario_options(service, map_id)


def scenario_options(service: MapService, map_id) -> list[dict]:
    """Saved scenarios of a map for the "open a saved scenario" dropdown."""
    if map_id is None:
        return []
    return [{"label": f"{s.name} ({s.saved_at[:10]})", "value": s.id} for s in service.scenarios(int(map_id))]


def load_scenario(service: MapService, map_id, scenario_id) -> dict | None:
    """The stored data of a saved scenario of the map, ``None`` when it is gone."""
    return service.scenario(map_id, scenario_id)


def _in_step(wanted, current):
    return no_update if sorted(wanted) == sorted(current or []) else list(wanted)


def register(app, service: MapService) -> None:
    """The what-if controls, its result, its banner and saving it."""

    @app.callback(Output(ids.SCENARIO, "data"), Output(ids.WHATIF_WON, "value"),
                  Output(ids.WHATIF_APPROACH, "value"),
                  Output(ids.WHATIF_PERSON, "value"), Output(ids.WHATIF_ATTITUDE, "value"),
                  Output(ids.WHATIF_NAME, "value"),
                  Input(ids.WHATIF_WON, "value"), Input(ids.WHATIF_APPROACH, "value"),
                  Input(ids.WHATIF_APPLY, "n_clicks"),
                  Input(ids.WHATIF_DISCARD, "n_clicks"), Input(ids.WHATIF_LOAD, "value"),
                  State(ids.WHATIF_PERSON, "value"), State(ids.WHATIF_ATTITUDE, "value"),
                  State(ids.SCENARIO, "data"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _scenario(won, approach, _apply, _discard, load_id, person, attitude, scenarios, version):
        if not version:
            return (no_update,) * 6
        trigger = ctx.triggered_id
        loaded = load_scenario(service, version["map_id"], load_id) if trigger == ids.WHATIF_LOAD and load_id else None
        changed = scenario_action(scenarios, version["map_id"], trigger, won, person, attitude, loaded, approach)
        now = scenario_of(changed, version["map_id"])
        # An unchanged scenario must not redraw the map (a big map takes seconds to draw).
        same = now.key() == scenario_of(scenarios, version["map_id"]).key()
        # Keep the dropdowns in step with the store (after discard or a loaded scenario).
        return ((no_update if same else changed), _in_step(now.on_board, won), _in_step(now.approach, approach),
                *whatif_fields(trigger))

    @app.callback(Output(ids.WHATIF_WON, "value", allow_duplicate=True),
                  Output(ids.WHATIF_APPROACH, "value", allow_duplicate=True), Input(ids.VERSION, "data"),
                  State(ids.SCENARIO, "data"), State(ids.WHATIF_WON, "value"), State(ids.WHATIF_APPROACH, "value"),
                  prevent_initial_call=True)
    def _won_for_map(version, scenarios, won, approach):
        now = scenario_of(scenarios, version["map_id"]) if version else Scenario()
        return _in_step(now.on_board, won), _in_step(now.approach, approach)

    @app.callback(Output(ids.WHATIF_APPROACH, "options"), Input(ids.VERSION, "data"))
    def _approach_options(version):
        if not version:
            return []
        G = service.graph(version["map_id"], version["version"])
        return views.person_options(G) if G.number_of_nodes() <= SEARCH_FROM else []

    from .maps import register_person_search  # maps imports this module for the saved scenarios

    register_person_search(app, service, ids.WHATIF_APPROACH)

    @app.callback(Output(ids.WHATIF_RESULT, "children"), Input(ids.SCENARIO, "data"), Input(ids.ANALYSIS, "data"))
    def _whatif(scenarios, version):
        return whatif_view(service, version, scenarios)

    @app.callback(Output(ids.WHATIF_BANNER, "children"), Input(ids.SCENARIO, "data"), Input(ids.VERSION, "data"))
    def _banner(scenarios, version):
        return what_if_banner(service, version, scenarios)

    @app.callback(Output(ids.WHATIF_SAVED, "children"), Output(ids.WHATIF_LOAD, "options", allow_duplicate=True),
                  Input(ids.WHATIF_SAVE, "n_clicks"), State(ids.VERSION, "data"), State(ids.SCENARIO, "data"),
                  State(ids.WHATIF_NAME, "value"), prevent_initial_call=True)
    def _save_scenario(_n, version, scenarios, name):
        return save_scenario_action(service, version, scenarios, name)
