"""History: the map's snapshots, who moved between two of them, and the forecast check.

The forecast check ("inspect what you expect") compares the forecast kept with each
snapshot against the next one (:func:`influence.review.review_map`): expected against
observed support, who moved as predicted, who surprised us, the Brier score and the
calibration bins; its button refits the map's model on the history.
"""

from __future__ import annotations

from dash import Input, Output, State, html, no_update

from influence.history import attitude_moves_by_cause, compare_snapshots

from .. import ids, views
from ..plan_view import causes_report
from ..service import MapService

__all__ = ["register", "history_options", "history_view", "review_view", "recalibrate"]


def history_options(service: MapService, map_id) -> tuple[list[dict], object, object]:
    """Snapshot choices and the default pair (the first against the latest)."""
    if map_id is None:
        return [], None, None
    snaps = service.snapshots(int(map_id))
    # Each change says who made it (the audit trail has the rest: influence audit).
    options = [{"label": f"{s.saved_at[:16].replace('T', ' ')} · {s.author + ': ' if s.author else ''}"
                         f"{s.note or 'saved'}"[:90], "value": s.id}
               for s in reversed(snaps)]
    return options, snaps[0].id, snaps[-1].id


def history_view(service: MapService, old_id, new_id, map_id=None):
    """Who moved between two snapshots, then the forecast check of the map (with *map_id*)."""
    if old_id is None or new_id is None:
        return html.Div()
    G_old = service.snapshot(int(old_id))
    G_new = service.snapshot(int(new_id))
    report = views.history_report(G_old, G_new, compare_snapshots(G_old, G_new))
    # Who moved, and why: the person changed, or we changed our mind (influence.history).
    report = html.Div([report, causes_report(G_new, attitude_moves_by_cause(G_old, G_new))])
    if map_id is None:
        return report
    return html.Div([report, review_view(service, map_id)])


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def review_view(service: MapService, map_id) -> html.Div:
    """The forecast check: each snapshot's forecast against the next review."""
    review = service.review(int(map_id))
    parts = [html.H5("Forecast check", className="mt-4")]
    latest = review.latest
    if latest is None:
        parts.append(html.P("Nothing to check yet: the forecast kept with a snapshot is checked once the map "
                            "is saved again at the next review.", className="text-muted"))
        return html.Div(parts, id=ids.HISTORY_REVIEW)
    expected = latest.expected.get("next_review") or {}
    parts += [
        html.P([f"Forecast of {latest.from_date[:10]} ",
                html.Span("(recorded then)" if latest.recorded else "(reconstructed now: saved before forecasts "
                          "were kept)", className="text-muted"),
                f" against {latest.to_date[:10]}: expected about {expected.get('mean', 0):.0f} on board "
                f"(80%: {expected.get('low', 0):.0f}–{expected.get('high', 0):.0f}), observed "
                f"{latest.observed_on_board}. {latest.came_on_board} of {latest.at_risk} came on board. "
                f"Brier score {latest.brier:.3f} (forecasting no change: {latest.brier_no_change:.3f}; lower is "
                "better)." if latest.brier is not None else "Nobody was left to come on board."]),
        html.P(f"Model: {latest.model}.", className="small text-muted"),
    ]
    rows = [html.Tr([html.Td(x["name"]), html.Td("moved as predicted"), html.Td(f"{x['predicted']:.2f}")])
            for x in latest.as_predicted[:10]]
    rows += [html.Tr([html.Td(x["name"]), html.Td(x["what"]), html.Td(f"{x['predicted']:.2f}")])
             for x in latest.surprises[:15]]
    if rows:
        parts.append(html.Table([html.Thead(html.Tr([html.Th("Person"), html.Th("What happened"),
                                                     html.Th("Forecast probability")])),
                                 html.Tbody(rows)], className="table table-sm review-table"))
    bins = [b for b in review.bins if b["count"]]
    if bins:
        parts.append(html.Table([
            html.Caption(f"Calibration over {len(review.periods)} forecast(s): predicted against observed share "
                         "who came on board, people grouped by their forecast probability"),
            html.Thead(html.Tr([html.Th("Forecast"), html.Th("People"), html.Th("Predicted"), html.Th("Observed")])),
            html.Tbody([html.Tr([html.Td(f"{b['low']:.1f}–{b['high']:.1f}"), html.Td(str(b["count"])),
                                 html.Td(_pct(b["predicted"])), html.Td(_pct(b["observed"]))]) for b in bins]),
        ], className="table table-sm calibration-table"))
    parts += [html.Button("Recalibrate the model on this history", id=ids.HISTORY_RECALIBRATE,
                          className="btn btn-outline-primary btn-sm", n_clicks=0),
              html.Div(id=ids.HISTORY_RECALIBRATE_STATUS, className="small mt-2", role="status")]
    return html.Div(parts, id=ids.HISTORY_REVIEW)


def recalibrate(service: MapService, map_id) -> str:
    """Refit the map's model on its history; one line saying what came out (or why not)."""
    from influence.errors import InfluenceError

    try:
        calibration = service.recalibrate(int(map_id))
    except InfluenceError as err:
        return f"Not recalibrated: {err}"
    return (f"Recalibrated on {calibration.periods} review period(s): tie scale {calibration.scale}, "
            f"external rate {calibration.external} per period. New forecasts use it. {calibration.advice()}")


def register(app, service: MapService) -> None:
    """The History tab."""

    @app.callback(Output(ids.HISTORY_OLD, "options"), Output(ids.HISTORY_OLD, "value"),
                  Output(ids.HISTORY_NEW, "options"), Output(ids.HISTORY_NEW, "value"), Input(ids.VERSION, "data"),
                  Input(ids.TABS, "active_tab"))
    def _history_options(version, tab):
        if tab != "history":
            return no_update, no_update, no_update, no_update
        options, old, new = history_options(service, version["map_id"] if version else None)
        return options, old, options, new

    @app.callback(Output(ids.HISTORY_RESULT, "children"), Input(ids.HISTORY_OLD, "value"),
                  Input(ids.HISTORY_NEW, "value"), State(ids.VERSION, "data"))
    def _history(old, new, version):
        return history_view(service, old, new, version["map_id"] if version else None)

    @app.callback(Output(ids.HISTORY_RECALIBRATE_STATUS, "children"), Input(ids.HISTORY_RECALIBRATE, "n_clicks"),
                  State(ids.VERSION, "data"), prevent_initial_call=True)
    def _recalibrate(clicks, version):
        if not clicks or not version:
            return no_update
        return recalibrate(service, version["map_id"])
