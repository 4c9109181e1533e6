"""The Plan tab: a campaign plan made from the map's analysis, stored with the map, its
actions' status edited, each owner's calendar file and the review against what happened.

The plan is :func:`influence.plan.make_plan` of the map as it stands (not of an open
what-if); it is kept with the map (:meth:`MapService.save_plan`) together with the
snapshot it was made on, so the review (:func:`influence.plan.review_plan`) compares that
snapshot with the map now.
"""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from influence.auth import require
from influence.errors import InfluenceError
from influence.plan import DEFAULT_CAPACITY, Plan, make_plan, plan_ics, review_plan

from .. import ids
from ..plan_view import capacity_inputs, plan_owners, plan_report
from ..service import MapService
from .common import alert

__all__ = ["register", "map_owners", "plan_tab_view", "make_plan_action", "plan_status_action", "plan_ics_action",
           "stored_plan"]


def map_owners(G) -> list[str]:
    """Our people who hold a relationship on the map (its Owner column), by name."""
    return sorted({str(d["owner"]).strip() for _, d in G.nodes(data=True) if str(d.get("owner") or "").strip()})


def stored_plan(service: MapService, map_id) -> tuple[Plan | None, dict | None]:
    """The map's stored plan (as a :class:`~influence.plan.Plan`) and its stored data."""
    data = service.plan(int(map_id))
    if not data:
        return None, None
    return Plan.from_dict(data), data


def _report(service: MapService, map_id: int, plan: Plan, data: dict):
    """The plan's report, with the review when the map has moved on since the plan was made."""
    latest = service.version(map_id)
    G = service.graph(map_id, latest)
    made = (data.get("made_on") or {}).get("version")
    review = None
    if made is not None and int(made) != int(latest):
        try:
            before = service.snapshot(int(made), map_id)
        except InfluenceError:
            before = None
        if before is not None:
            review = review_plan(plan, before, G)
    return plan_report(G, plan, data, review)


def _owner_options(plan: Plan | None) -> list[dict]:
    return [{"label": o, "value": o} for o in plan_owners(plan)] if plan is not None else []


def plan_tab_view(service: MapService, version: dict | None):
    """What the Plan tab shows when opened: (capacity inputs, the stored plan or a hint, calendar owners)."""
    if not version:
        return [], html.Div(), []
    map_id = int(version["map_id"])
    G = service.graph(map_id, version["version"])
    plan, data = stored_plan(service, map_id)
    capacity = plan.capacity if plan is not None else {}
    inputs = capacity_inputs(map_owners(G), capacity, DEFAULT_CAPACITY)
    if plan is None:
        return inputs, html.P("No plan yet: choose the aim, the quarters and each owner's meetings, then make the "
                              "plan.", className="small text-muted", id="plan-none"), []
    return inputs, _report(service, map_id, plan, data), _owner_options(plan)


def make_plan_action(service: MapService, version: dict | None, goal: str | None, quarters, capacities: dict):
    """Make a plan of the open map, store it with the map. Returns (report, message, calendar owners)."""
    if not version:
        return no_update, no_update, no_update
    map_id, at = int(version["map_id"]), int(version["version"])
    try:
        # Refused before the work: a plan takes seconds to make and only an editor may keep one.
        require(service.actor(), "edit", map_id)
        quarters = int(quarters) if quarters not in (None, "") else 2
        capacity = {owner: int(v) for owner, v in (capacities or {}).items() if v not in (None, "")}
        analysis = service.analysis(map_id, at)
        plan = make_plan(analysis, quarters=quarters, capacity=capacity, goal=goal or "support")
        info = next((s for s in service.snapshots(map_id) if s.id == at), None)
        actor = service.actor()
        data = {**plan.to_dict(), "made_on": {"version": at, "saved_at": info.saved_at if info else None,
                                              "author": actor.name if actor else None}}
        service.save_plan(map_id, data)
    except (InfluenceError, ValueError) as err:
        return no_update, alert(f"No plan made: {err}", "danger"), no_update
    return (_report(service, map_id, Plan.from_dict(data), data),
            alert(f"Plan made and kept with the map: {len(plan.actions)} action(s).", "success"),
            _owner_options(plan))


def plan_status_action(service: MapService, version: dict | None, index, target, status):
    """Set one action's status (planned / done / dropped) in the stored plan. Returns the message."""
    if not version or index is None or not status:
        return no_update
    map_id = int(version["map_id"])
    plan, data = stored_plan(service, map_id)
    if plan is None:
        return alert("Not saved: this map has no plan any more; make one again.", "danger")
    index = int(index)
    if not 0 <= index < len(plan.actions) or plan.actions[index].target != target:
        return alert("Not saved: the plan was made again meanwhile; the tab now shows the new one.", "warning")
    if plan.actions[index].status == status:
        return no_update  # the dropdown was drawn, not changed
    try:
        plan.set_status(index, status)
        actions = [dict(a) for a in data.get("actions") or []]
        actions[index]["status"] = status
        service.save_plan(map_id, {**data, "actions": actions})
    except InfluenceError as err:
        return alert(f"Not saved: {err}", "danger")
    G = service.graph(map_id, version["version"])
    who = G.nodes[target].get("name") if target in G else target
    return alert(f"Saved: {plan.actions[index].kind} {who} is {status}.", "success")


def plan_ics_action(service: MapService, version: dict | None, owner: str | None):
    """One owner's actions as a calendar file (a ``dcc.Download`` value), or a message why not."""
    if not version or not owner:
        return no_update, alert("Choose whose calendar to download.", "secondary")
    map_id = int(version["map_id"])
    plan, _ = stored_plan(service, map_id)
    if plan is None:
        return no_update, alert("Make the plan first.", "secondary")
    G = service.graph(map_id, version["version"])
    name = service.map_info(map_id).name
    data = plan_ics(plan, G, owner, map_name=name)
    safe = "".join(c if c.isalnum() else "-" for c in f"{name} plan {owner}").strip("-")
    return dcc.send_bytes(data, f"{safe}.ics", type="text/calendar"), no_update


def register(app, service: MapService) -> None:
    """The Plan tab."""

    @app.callback(Output(ids.PLAN_CAPACITIES, "children"), Output(ids.PLAN_RESULT, "children"),
                  Output(ids.PLAN_ICS_OWNER, "options"), Input(ids.TABS, "active_tab"), Input(ids.VERSION, "data"))
    def _open(tab, version):
        if tab != "plan":
            return no_update, no_update, no_update
        return plan_tab_view(service, version)

    @app.callback(Output(ids.PLAN_RESULT, "children", allow_duplicate=True), Output(ids.PLAN_MESSAGE, "children"),
                  Output(ids.PLAN_ICS_OWNER, "options", allow_duplicate=True),
                  Input(ids.PLAN_MAKE, "n_clicks"), State(ids.VERSION, "data"), State(ids.PLAN_GOAL, "value"),
                  State(ids.PLAN_QUARTERS, "value"), State({"type": ids.PLAN_CAPACITY, "owner": ALL}, "value"),
                  State({"type": ids.PLAN_CAPACITY, "owner": ALL}, "id"), prevent_initial_call=True)
    def _make(n, version, goal, quarters, values, owners):
        if not n:
            return no_update, no_update, no_update
        capacities = {i["owner"]: v for i, v in zip(owners or [], values or [])}
        return make_plan_action(service, version, goal, quarters, capacities)

    @app.callback(Output(ids.PLAN_MESSAGE, "children", allow_duplicate=True),
                  Input({"type": ids.PLAN_STATUS, "index": ALL, "target": ALL}, "value"),
                  State(ids.VERSION, "data"), prevent_initial_call=True)
    def _status(values, version):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered:
            return no_update
        return plan_status_action(service, version, trigger["index"], trigger["target"], ctx.triggered[0]["value"])

    @app.callback(Output(ids.PLAN_DOWNLOAD, "data"), Output(ids.PLAN_MESSAGE, "children", allow_duplicate=True),
                  Input(ids.PLAN_ICS, "n_clicks"), State(ids.VERSION, "data"), State(ids.PLAN_ICS_OWNER, "value"),
                  prevent_initial_call=True)
    def _ics(n, version, owner):
        if not n:
            return no_update, no_update
        return plan_ics_action(service, version, owner)
