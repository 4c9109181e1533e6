"""The what-if: people won over and attitude changes, their effect, saved scenarios."""

from __future__ import annotations

from dash import Input, Output, State, ctx, html, no_update

from .. import ids, views
from ..service import MapService, scenario_key
from .common import scenario_for

__all__ = ["register", "scenario_action", "whatif_fields", "whatif_view", "save_scenario_action",
           "scenario_options", "load_scenario"]


def scenario_action(scenarios: dict | None, map_id, trigger, won=None, person=None, attitude=None,
                    loaded: dict | None = None) -> dict:
    """The scenario store after a what-if control changed (keyed by map id)."""
    scenarios = dict(scenarios or {})
    key = str(map_id)
    current = scenario_for(scenarios, map_id)
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
    scenario = scenario_for(scenarios, map_id)
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
    scenario = scenario_for(scenarios, map_id)
    if not scenario.get("won") and not scenario.get("attitudes"):
        message = html.Span("Nothing to save: mark someone as won over or change an attitude.", className="text-danger")
    else:
        service.save_scenario(map_id, name or "Scenario", scenario)
        message = html.Span(f"Saved “{(name or 'Scenario').strip() or 'Scenario'}”.", className="text-success")
    return message, scenario_options(service, map_id)


def scenario_options(service: MapService, map_id) -> list[dict]:
    """Saved scenarios of a map for the "open a saved scenario" dropdown."""
    if map_id is None:
        return []
    return [{"label": f"{s.name} ({s.saved_at[:10]})", "value": s.id} for s in service.scenarios(int(map_id))]


def load_scenario(service: MapService, map_id, scenario_id) -> dict | None:
    """The stored data of a saved scenario of the map, ``None`` when it is gone."""
    return service.scenario(map_id, scenario_id)


def register(app, service: MapService) -> None:
    """The what-if controls, its result and saving it."""

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
        wanted = scenario_for(changed, version["map_id"]).get("won", [])
        same = scenario_key(scenario_for(changed, version["map_id"])) == scenario_key(
            scenario_for(scenarios, version["map_id"]))
        # An unchanged scenario must not redraw the map (a big map takes seconds to draw).
        return ((no_update if same else changed), (no_update if sorted(wanted) == sorted(won or []) else wanted),
                *whatif_fields(trigger))

    @app.callback(Output(ids.WHATIF_WON, "value", allow_duplicate=True), Input(ids.VERSION, "data"),
                  State(ids.SCENARIO, "data"), State(ids.WHATIF_WON, "value"), prevent_initial_call=True)
    def _won_for_map(version, scenarios, current):
        wanted = scenario_for(scenarios, version["map_id"]).get("won", []) if version else []
        return no_update if sorted(wanted) == sorted(current or []) else wanted

    @app.callback(Output(ids.WHATIF_RESULT, "children"), Input(ids.SCENARIO, "data"), Input(ids.ANALYSIS, "data"))
    def _whatif(scenarios, version):
        return whatif_view(service, version, scenarios)

    @app.callback(Output(ids.WHATIF_SAVED, "children"), Output(ids.WHATIF_LOAD, "options", allow_duplicate=True),
                  Input(ids.WHATIF_SAVE, "n_clicks"), State(ids.VERSION, "data"), State(ids.SCENARIO, "data"),
                  State(ids.WHATIF_NAME, "value"), prevent_initial_call=True)
    def _save_scenario(_n, version, scenarios, name):
        return save_scenario_action(service, version, scenarios, name)
