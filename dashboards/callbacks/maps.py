"""Maps: the map dropdown, opening a map, the analysis' readiness, person search, rename and delete."""

from __future__ import annotations

from dash import Input, Output, State, html, no_update

from influence.errors import InfluenceError
from influence.people import normalize_name
from influence.search import matching_people

from .. import ids, views
from ..service import MapService
from .common import BIG_MAP, SEARCH_FROM
from .whatif import scenario_options

__all__ = ["register", "map_options", "open_map_view", "person_search", "analysis_state", "rename_map_action",
           "delete_map_action", "PERSON_DROPDOWNS"]

PERSON_DROPDOWNS = (ids.F_FOCUS, ids.PATH_TARGET, ids.PATH_SOURCE, ids.WHATIF_WON, ids.WHATIF_PERSON,
                    ids.TIE_FROM, ids.TIE_TO)


def map_options(service: MapService) -> list[dict]:
    """The workspace's maps for the map dropdown."""
    return [{"label": f"{m.name}  ·  {m.people:,} people", "value": m.id} for m in service.maps()]


def open_map_view(service: MapService, map_id) -> dict:
    """Everything that changes when a map is opened: version, choices, edge defaults."""
    if map_id is None:
        return {"version": None, "people": [], "departments": [], "title": "", "show": ["reporting", "ties"],
                "big": False}
    map_id = int(map_id)
    version = service.version(map_id)
    G = service.graph(map_id, version)
    departments = sorted({G.nodes[p].get("department") or "(no department)" for p in G})
    info = service.map_info(map_id)
    snaps = info.snapshots
    return {
        "version": {"map_id": map_id, "version": version},
        # A big map's people are found by typing (person_search): thousands of options in
        # several dropdowns would cost the browser seconds.
        "people": views.person_options(G) if G.number_of_nodes() <= SEARCH_FROM else [],
        "departments": [{"label": d, "value": d} for d in departments],
        "title": f"{G.number_of_nodes():,} people · {snaps:,} snapshot{'s' if snaps != 1 else ''}",
        "show": ["reporting", "ties"] if G.number_of_nodes() < BIG_MAP else ["reporting"],
        "big": G.number_of_nodes() > BIG_MAP,
    }


def person_search(service: MapService, version: dict | None, search: str | None, value=None, *,
                  limit: int = 50) -> list[dict]:
    """Options of a person dropdown on a big map: people matching *search*, plus *value*.

    Examples of a match: part of the name, the title or the id, compared as
    :func:`influence.people.normalize_name` compares names (any case, spacing or Unicode form).
    """
    if not version:
        return []
    G = service.graph(version["map_id"], version["version"])
    everybody = views.person_options(G)
    chosen = set(value if isinstance(value, list) else [value] if value else [])
    found = [o for o in everybody if o["value"] in chosen]
    if normalize_name(search):
        # Names, titles, ids and title abbreviations ("CFO"), as the map's search (influence.search).
        hits = set(matching_people(G, search))
        found += [o for o in everybody if o["value"] in hits and o["value"] not in chosen][:limit]
    return found


POLL_WAIT = 0.4
"""Seconds a poll for a big map's analysis waits for it (the page polls every 0.5 s)."""


def analysis_state(service: MapService, version: dict | None, *, wait: float | None = None,
                   full: bool = False) -> dict | None:
    """Whether the map's analysis is ready: ``{"map_id", "version", "ready", "final"}``.

    ``ready`` once there is an analysis to show, ``final`` once it is the full one and not
    a first estimate (a big map's, :meth:`MapService.ready_analysis`): the page polls
    until then, and every analysed view is drawn again when it changes.

    Waits up to *wait* seconds (by default 1.5 s for a map of up to :data:`BIG_MAP`
    people, which is ready by then and so drawn once; no wait for a bigger one, which is
    drawn at once without its analysis while the page polls until it is ready). The wait
    ends when there is an analysis to show, or with *full* when the full one is there.
    """
    if not version:
        return None
    if wait is None:
        big = service.graph(version["map_id"], version["version"]).number_of_nodes() > BIG_MAP
        wait = 0.0 if big else 1.5
    analysis = service.ready_analysis(version["map_id"], version["version"], wait=wait, full=full)
    return {"map_id": version["map_id"], "version": version["version"], "ready": analysis is not None,
            "final": analysis is not None and not analysis.first_estimate}


def rename_map_action(service: MapService, map_id, name: str | None) -> tuple[list[dict], object]:
    """Rename a map; returns the new map choices and a message."""
    try:
        service.rename_map(int(map_id), name)
    except InfluenceError as err:
        return no_update, html.Span(str(err), className="small text-danger")
    return map_options(service), html.Span(f"Renamed to “{name.strip()}”.", className="small text-success")


def delete_map_action(service: MapService, map_id) -> tuple[list[dict], object]:
    """Delete a map; returns the map choices and the map to open instead (or ``None``)."""
    service.delete_map(int(map_id))
    options = map_options(service)
    return options, (options[0]["value"] if options else None)


def register_person_search(app, service, dropdown) -> None:
    """A person dropdown whose options come from the server as the user types (big maps)."""
    @app.callback(Output(dropdown, "options", allow_duplicate=True), Input(dropdown, "search_value"),
                  State(dropdown, "value"), State(ids.VERSION, "data"), prevent_initial_call=True)
    def _search(search, value, version):
        if not version or not search:
            return no_update
        if service.graph(version["map_id"], version["version"]).number_of_nodes() <= SEARCH_FROM:
            return no_update  # a small map lists everybody already
        return person_search(service, version, search, value)


def register(app, service: MapService) -> None:
    """Opening a map, polling for its analysis, person search, the map dialog."""

    @app.callback(
        Output(ids.VERSION, "data"), Output(ids.F_DEPARTMENT, "options"), Output(ids.F_FOCUS, "options"),
        Output(ids.PATH_TARGET, "options"), Output(ids.PATH_SOURCE, "options"), Output(ids.WHATIF_WON, "options"),
        Output(ids.WHATIF_PERSON, "options"), Output(ids.TIE_FROM, "options"), Output(ids.TIE_TO, "options"),
        Output(ids.MAP_NAME, "children"), Output(ids.SHOW_EDGES, "value"), Output(ids.WHATIF_LOAD, "options"),
        Input(ids.MAP_SELECT, "value"), State(ids.LAYOUT_TOGGLE, "value"), State(ids.CANVAS, "data"))
    def _open_map(map_id, kind, canvas):
        view = open_map_view(service, map_id)
        # Lay a big network out while the page asks for the analysis (a big org chart opens
        # collapsed: its top levels take milliseconds).
        if view["big"] and kind == "network":
            service.prefetch_positions(map_id, view["version"]["version"], kind or "org",
                                       ((canvas or {}).get("w"), (canvas or {}).get("h")))
        people = view["people"]
        return (view["version"], view["departments"], people, people, people, people, people, people, people,
                view["title"], view["show"], scenario_options(service, map_id))

    for dropdown in PERSON_DROPDOWNS:
        register_person_search(app, service, dropdown)

    @app.callback(Output(ids.ANALYSIS, "data"), Output(ids.POLL, "disabled"), Input(ids.VERSION, "data"))
    def _analysis(version):
        state = analysis_state(service, version)
        return state, bool(state is None or state["final"])

    @app.callback(Output(ids.ANALYSIS, "data", allow_duplicate=True), Output(ids.POLL, "disabled", allow_duplicate=True),
                  Input(ids.POLL, "n_intervals"), State(ids.ANALYSIS, "data"), prevent_initial_call=True)
    def _poll(_n, state):
        if not state or state.get("final", state["ready"]):
            return no_update, True
        # A short long-poll: the answer leaves as soon as the (first or full) analysis is
        # there, not at the next tick.
        new = analysis_state(service, state, wait=POLL_WAIT, full=state["ready"])
        if new == state:
            return no_update, False
        return new, new["final"]

    @app.callback(Output(ids.MAP_NAME, "children", allow_duplicate=True), Input(ids.VERSION, "data"),
                  prevent_initial_call=True)
    def _title(version):
        return open_map_view(service, version["map_id"])["title"] if version else ""

    @app.callback(Output(ids.MAP_DIALOG, "is_open"), Output(ids.MAP_RENAME_INPUT, "value"),
                  Output(ids.MAP_DIALOG_STATUS, "children"), Input(ids.MAP_MANAGE, "n_clicks"),
                  State(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _open_dialog(_n, map_id):
        if map_id is None:
            return no_update, no_update, no_update
        return True, service.map_info(int(map_id)).name, None

    @app.callback(Output(ids.MAP_SELECT, "options", allow_duplicate=True),
                  Output(ids.MAP_DIALOG_STATUS, "children", allow_duplicate=True),
                  Input(ids.MAP_RENAME, "n_clicks"), State(ids.MAP_SELECT, "value"),
                  State(ids.MAP_RENAME_INPUT, "value"), prevent_initial_call=True)
    def _rename(_n, map_id, name):
        return rename_map_action(service, map_id, name) if map_id is not None else (no_update, no_update)

    @app.callback(Output(ids.MAP_SELECT, "options", allow_duplicate=True),
                  Output(ids.MAP_SELECT, "value", allow_duplicate=True),
                  Output(ids.MAP_DIALOG, "is_open", allow_duplicate=True),
                  Input(ids.MAP_DELETE, "submit_n_clicks"), State(ids.MAP_SELECT, "value"), prevent_initial_call=True)
    def _delete(_n, map_id):
        if map_id is None:
            return no_update, no_update, no_update
        options, value = delete_map_action(service, map_id)
        return options, value, False
