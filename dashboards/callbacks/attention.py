"""Judgements as evidence: the "Needs attention" panel, and the person card's assessments
and contact log with their two forms.

An assessment or a contact is saved as a snapshot of the map through the service, naming
the version the card was drawn from: when someone saved meanwhile, the addition is carried
over onto their version if they changed other things, and refused with what they changed
when they touched the same person's judgements (:meth:`MapService.save_edit`).
"""

from __future__ import annotations

from datetime import date as Date

from dash import Input, Output, State, html, no_update

from influence.assessments import add_assessment, log_interaction
from influence.errors import InfluenceError
from influence.graph import display_name
from influence.store import Conflict

from .. import ids
from ..plan_view import assessment_value_options, attention_panel, evidence_section
from ..service import MapService
from .common import alert

__all__ = ["register", "attention_view", "signed_in_rater", "card_evidence", "add_assessment_action",
           "log_contact_action", "PERSONAL_SIGN_INS"]

PERSONAL_SIGN_INS = ("password", "sso", "api-token")
"""Ways of signing in that say who a person is (a shared token or this machine do not)."""


def signed_in_rater(service: MapService) -> str | None:
    """The signed-in person's name, when the server knows who they are; else ``None``."""
    actor = service.actor()
    return actor.name if actor is not None and actor.via in PERSONAL_SIGN_INS else None


def attention_view(service: MapService, state: dict | None, *, today: Date | None = None):
    """The "Needs attention" panel of the open map (empty until its analysis is ready)."""
    if not state or not state.get("ready"):
        return html.Div()
    # The analysis on screen (a big map's first estimate until the full one is there).
    analysis = (service.ready_analysis(state["map_id"], state["version"])
                or service.analysis(state["map_id"], state["version"]))
    return attention_panel(analysis.graph, analysis.attention(today=today))


def card_evidence(service: MapService, G, person: str, status=None) -> list:
    """The card's assessments and contacts of *person*, with the forms (who rates: the signed-in person)."""
    return evidence_section(G, person, signed_in_rater(service), status)


def _save(service: MapService, version: dict, person: str, change, note: str, scenarios):
    """Apply *change* to a copy of the card's version of the map and save it; returns (version, card body)."""
    from .panels import card_view

    map_id = int(version["map_id"])
    try:
        G = service.graph(map_id, version["version"]).copy()
        if person not in G:
            raise InfluenceError("this person is no longer on the map; reload the page")
        change(G)
        new_version, others = service.save_edit(map_id, G, note, base_version=int(version["version"]))
    except Conflict as conflict:
        who = sorted({c.author or "someone" for c in conflict.changes}) or ["someone"]
        text = (f"Not saved: {', '.join(who)} changed {_name(service, version, person)}'s record "
                "meanwhile; reopen the card to see it, then add yours again." if conflict.overlaps
                else f"Not saved: {conflict}")
        _, body = card_view(service, version, person, scenarios, status=alert(text, "danger"))
        return no_update, body
    except InfluenceError as err:  # a value that cannot be read, a future date, no permission, ...
        _, body = card_view(service, version, person, scenarios, status=alert(f"Not saved: {err}", "danger"))
        return no_update, body
    saved = {"map_id": map_id, "version": new_version}
    message = "Saved: " + note + (f" (on top of {len(others)} change(s) saved meanwhile)" if others else "")
    _, body = card_view(service, saved, person, scenarios, status=alert(message, "success"))
    return saved, body


def add_assessment_action(service: MapService, version: dict | None, person: str | None, field: str | None,
                          value, confidence=None, evidence: str | None = None, rater: str | None = None,
                          scenarios: dict | None = None, *, today: Date | None = None):
    """Add one assessment of *person* (rater: the signed-in person, else *rater*); save a snapshot.

    Returns ``(version, card body)``: the new version (``no_update`` when nothing was
    saved) and the card redrawn with a message saying what happened.
    """
    from .panels import card_view

    if not version or not person:
        return no_update, no_update
    who = signed_in_rater(service) or (rater or "").strip() or None
    problem = ("choose the value first" if value in (None, "") else
               "say who rates (your name)" if who is None else None)
    if problem:
        _, body = card_view(service, version, person, scenarios, status=alert(f"Not saved: {problem}.", "danger"))
        return no_update, body
    evidence = (evidence or "").strip() or None

    def change(G):
        add_assessment(G, person, field or "attitude", value, rater=who, confidence=confidence, evidence=evidence,
                       today=today)

    note = f"{who} assessed {_name(service, version, person)}'s {field or 'attitude'} as {value}"
    return _save(service, version, person, change, note, scenarios)


def log_contact_action(service: MapService, version: dict | None, person: str | None, owner: str | None,
                       when=None, kind: str | None = None, notes: str | None = None, scenarios: dict | None = None,
                       *, today: Date | None = None):
    """Log a contact of ours with *person*; save a snapshot. Returns ``(version, card body)``."""
    from .panels import card_view

    if not version or not person:
        return no_update, no_update
    owner = (owner or "").strip() or signed_in_rater(service)
    if not owner:
        _, body = card_view(service, version, person, scenarios,
                            status=alert("Not saved: say who of ours was in touch.", "danger"))
        return no_update, body

    def change(G):
        log_interaction(G, person, owner=owner, date=when or None, kind=kind or "meeting",
                        notes=(notes or "").strip() or None, today=today)

    note = f"{owner} logged a {kind or 'meeting'} with {_name(service, version, person)}" + (f" on {when}" if when else "")
    return _save(service, version, person, change, note, scenarios)


def _name(service: MapService, version: dict, person: str) -> str:
    G = service.graph(int(version["map_id"]), version["version"])
    return display_name(G, person) if person in G else person


def register(app, service: MapService) -> None:
    """The panel and the card's two forms."""

    @app.callback(Output(ids.ATTENTION, "children"), Input(ids.ANALYSIS, "data"))
    def _attention(state):
        return attention_view(service, state)

    @app.callback(Output(ids.ASSESS_VALUE, "options"), Output(ids.ASSESS_VALUE, "value"),
                  Input(ids.ASSESS_FIELD, "value"), prevent_initial_call=True)
    def _values(field):
        return assessment_value_options(field), None

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True), Output(ids.CARD_BODY, "children",
                                                                           allow_duplicate=True),
                  Input(ids.ASSESS_ADD, "n_clicks"), State(ids.SELECTED, "data"), State(ids.VERSION, "data"),
                  State(ids.SCENARIO, "data"), State(ids.ASSESS_FIELD, "value"), State(ids.ASSESS_VALUE, "value"),
                  State(ids.ASSESS_CONFIDENCE, "value"), State(ids.ASSESS_EVIDENCE, "value"),
                  State(ids.ASSESS_RATER, "value"), prevent_initial_call=True)
    def _assess(n, selected, version, scenarios, field, value, confidence, evidence, rater):
        if not n or not selected:
            return no_update, no_update
        return add_assessment_action(service, version, selected["id"], field, value, confidence, evidence, rater,
                                     scenarios)

    @app.callback(Output(ids.VERSION, "data", allow_duplicate=True), Output(ids.CARD_BODY, "children",
                                                                           allow_duplicate=True),
                  Input(ids.CONTACT_ADD, "n_clicks"), State(ids.SELECTED, "data"), State(ids.VERSION, "data"),
                  State(ids.SCENARIO, "data"), State(ids.CONTACT_OWNER, "value"), State(ids.CONTACT_DATE, "value"),
                  State(ids.CONTACT_KIND, "value"), State(ids.CONTACT_NOTES, "value"), prevent_initial_call=True)
    def _contact(n, selected, version, scenarios, owner, when, kind, notes):
        if not n or not selected:
            return no_update, no_update
        return log_contact_action(service, version, selected["id"], owner, when, kind, notes, scenarios)
