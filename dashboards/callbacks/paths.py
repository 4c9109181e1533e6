"""The path finder: the best chains of influence to a person, highlighted on the map."""

from __future__ import annotations

from dash import Input, Output, State, html

from .. import ids, views
from ..service import MapService
from .whatif import analysis_on_screen

__all__ = ["register", "paths_action"]


def paths_action(service: MapService, version: dict | None, target: str | None, source: str | None = None,
                 k: int = 3, scenarios: dict | None = None) -> tuple[dict | None, object]:
    """Find the top *k* chains to *target* (from *source*, or from our allies and owners).

    The chains and their probabilities are the analysis' (:meth:`Analysis.paths_to`:
    the dashboard's model, the open what-if), the same as ``influence path`` gives.
    """
    if not version or not target:
        return None, html.Div("Pick whom you need to reach.", className="small text-muted")
    G, analysis = analysis_on_screen(service, version, scenarios)
    if target not in G:
        return None, html.Div()
    if source == target:
        return None, html.Div("Pick a different start, or none for the best start.", className="small text-danger")
    if analysis is not None:
        found = analysis.paths_to(target, source=source or None, k=k)
    else:  # a big map still being analysed: the same chains from the same model
        from influence.analysis import chains_to

        found = chains_to(G, target, source=source or None, k=k, model=service.spread_model())
    store = {"map_id": version["map_id"], "target": target, "source": source,
             "paths": [{"people": list(p.people), "probability": float(p.probability)} for p in found]}
    return store, views.path_results(G, found, target)


def register(app, service: MapService) -> None:
    """Finding paths and clearing them."""

    @app.callback(Output(ids.PATHS, "data"), Output(ids.PATH_RESULTS, "children"),
                  Input(ids.PATH_FIND, "n_clicks"), Input(ids.PATH_TARGET, "value"), Input(ids.PATH_SOURCE, "value"),
                  Input(ids.SCENARIO, "data"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _paths(_n, target, source, scenarios, version):
        return paths_action(service, version, target, source, scenarios=scenarios)

    @app.callback(Output(ids.PATH_TARGET, "value", allow_duplicate=True),
                  Output(ids.PATH_SOURCE, "value"), Input(ids.PATH_CLEAR, "n_clicks"), Input(ids.MAP_SELECT, "value"),
                  prevent_initial_call=True)
    def _clear_paths(_n, _map):
        return None, None
