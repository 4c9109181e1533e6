"""History: the map's snapshots and who moved between two of them."""

from __future__ import annotations

from dash import Input, Output, html, no_update

from influence.history import compare_snapshots

from .. import ids, views
from ..service import MapService

__all__ = ["register", "history_options", "history_view"]


def history_options(service: MapService, map_id) -> tuple[list[dict], object, object]:
    """Snapshot choices and the default pair (the first against the latest)."""
    if map_id is None:
        return [], None, None
    snaps = service.snapshots(int(map_id))
    options = [{"label": f"{s.saved_at[:16].replace('T', ' ')} · {s.note or 'saved'}"[:90], "value": s.id}
               for s in reversed(snaps)]
    return options, snaps[0].id, snaps[-1].id


def history_view(service: MapService, old_id, new_id):
    """Who moved between two snapshots."""
    if old_id is None or new_id is None:
        return html.Div()
    G_old = service.snapshot(int(old_id))
    G_new = service.snapshot(int(new_id))
    return views.history_report(G_old, G_new, compare_snapshots(G_old, G_new))


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
                  Input(ids.HISTORY_NEW, "value"))
    def _history(old, new):
        return history_view(service, old, new)
