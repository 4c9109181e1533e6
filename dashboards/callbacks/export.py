"""Export: the briefing (PDF, PPTX, HTML, XLSX, ...) of what is on screen, as a download."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, dcc, no_update

from influence.errors import InfluenceError

from .. import ids
from ..service import MapService
from .common import FILTER_STATES, alert, filtered_people
from .whatif import scenario_of

__all__ = ["register", "export_action"]


def export_action(service: MapService, version: dict | None, fmt: str, scenarios=None, departments=None,
                  attitudes=None, min_influence=0, focus=None, hops=1, *, target: str | None = None,
                  anonymize: bool = False):
    """The export of what is on screen (map, filters, what-if, path target) for ``dcc.Download``.

    With a what-if open, the briefing is the scenario's (its map and analysis) and says so
    on every page, slide and sheet, in its metadata and in the suggested file name; with
    filters that hide people, it shows the people on screen, analysed as a map of their
    own with the same settings (model, fraction, seed, simulations, what-if).
    """
    from influence.export import briefing_file_name

    map_id, v = version["map_id"], version["version"]
    G = service.graph(map_id, v)
    analysis = service.analysis(map_id, v, scenario_of(scenarios, map_id))
    visible = filtered_people(analysis.graph, analysis, departments, attitudes, min_influence, focus, hops)
    if len(visible) < G.number_of_nodes():
        analysis = analysis.of_people(visible)
    shown = analysis.graph
    if target is not None and target not in shown:
        target = None
    # The service checks the role (a viewer exports anonymised only) and records the export.
    data = service.export(map_id, shown, fmt, analysis=analysis, target=target, anonymize=anonymize)
    name = briefing_file_name(G.graph.get("name") or "influence-map", fmt, scenario=analysis.scenario,
                              anonymize=anonymize)
    return dcc.send_bytes(data, name)


def register(app, service: MapService) -> None:
    """The export menu's download."""

    @app.callback(Output(ids.DOWNLOAD, "data"), Output(ids.EXPORT_STATUS, "children"),
                  Input({"type": ids.EXPORT_ITEM, "format": ALL, "anonymize": ALL}, "n_clicks"),
                  State(ids.ANALYSIS, "data"), State(ids.SCENARIO, "data"), *FILTER_STATES, State(ids.PATHS, "data"),
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
            return no_update, alert(f"Export failed: {err}", "danger")
        return data, None
