"""The path finder: the best chains of influence to a person, highlighted on the map."""

from __future__ import annotations

from dash import Input, Output, State, html

from .. import ids, views
from ..service import MapService

__all__ = ["register", "paths_action"]


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


def register(app, service: MapService) -> None:
    """Finding paths and clearing them."""

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
