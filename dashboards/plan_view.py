"""Components of the judgement and planning features: the "Needs attention" panel, the
person card's assessments and contact log, why people moved, the Plan tab and the update
from a new export.

Plain functions of data returning Dash components (no callbacks, no data access); the
library decides everything they show (:mod:`influence.assessments`, :mod:`influence.plan`,
:mod:`influence.update`, :func:`influence.history.attitude_moves_by_cause`).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import networkx as nx
from dash import dcc, html

from influence.assessments import (CONFIDENCE_WORDS, INTERACTION_KINDS, assessments_of, interactions_of,
                                   last_contact)
from influence.graph import display_name
from influence.plan import STATUSES, quarter_label
from influence.vocabulary import ATTITUDES, STYLES

from . import ids
from .views import attitude_badge, person_link

__all__ = ["ATTENTION_KINDS", "ASSESSABLE", "attention_panel", "assessment_value_options", "evidence_section",
           "causes_report", "plan_tab", "capacity_inputs", "plan_report", "plan_owners", "update_section",
           "update_report"]

ATTENTION_KINDS = (("disputed", "Disputed", "raters disagree"), ("stale", "Stale", "our newest view is old"),
                   ("losing_touch", "Losing touch", "no recent contact"))
"""The warnings of :func:`influence.assessments.attention`: key, heading, what it means."""

ASSESSABLE = ("attitude", "influence", "authority", "style")
"""The person fields the card lets a rater assess (tie strength is assessed on the tie)."""

_CONFIDENCE_CHOICES = (("low", "low"), ("medium", "medium"), ("high", "high"))


# --- needs attention --------------------------------------------------------------------

def attention_panel(G: nx.MultiDiGraph, found: dict) -> dbc.Card:
    """The "Needs attention" panel: each warning with the person's name (opening the card) and the why."""
    total = sum(len(found.get(key) or []) for key, *_ in ATTENTION_KINDS)
    body = []
    if not total:
        body.append(html.Div("Nothing needs attention: no disputed, stale or neglected important person.",
                             className="small text-muted"))
    for key, heading, meaning in ATTENTION_KINDS:
        items = found.get(key) or []
        if not items:
            continue
        body.append(html.Div([html.B(f"{heading} ({len(items)})"), html.Span(f" · {meaning}", className="text-muted")],
                             className="small mt-1"))
        body.append(html.Ul([html.Li([
            person_link(G, item["id"], f"attention-{key}-{i}") if item["id"] in G else html.Span(item["name"]),
            html.Div(item["why"], className="small text-muted"),
        ], className="attention-item") for i, item in enumerate(items[:25])], className="leader-list mb-1",
            id=f"attention-{key.replace('_', '-')}"))
        if len(items) > 25:
            body.append(html.Div(f"and {len(items) - 25} more (influence analyze --json lists all)",
                                 className="small text-muted"))
    return dbc.Card([dbc.CardHeader(f"Needs attention ({total})"), dbc.CardBody(body)],
                    className="side-card attention-card")


# --- the person card: assessments and contacts -------------------------------------------

def assessment_value_options(field: str | None) -> list[dict]:
    """The values a rater can choose for *field* (the importer reads each of them)."""
    if field == "attitude":
        return [{"label": f"{a}", "value": a} for a in ATTITUDES if a != "unknown"]
    if field in ("influence", "authority"):
        words = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}
        return [{"label": f"{n} ({w})", "value": str(n)} for n, w in words.items()]
    if field == "style":
        return [{"label": s, "value": s} for s in STYLES]
    return []


def _confidence_word(value: float) -> str:
    closest = min(("low", "medium", "high"), key=lambda w: abs(CONFIDENCE_WORDS[w] - value))
    return f"{closest} ({value:.1f})"


def evidence_section(G: nx.MultiDiGraph, person: str, rater: str | None, status=None) -> list:
    """The card's judgements of *person*: every assessment (who, when, how sure, evidence),
    the contact log, and the two forms to add an assessment and log a contact.

    *rater* is the signed-in person (then the form says who rates), else ``None`` and the
    form asks for a name.
    """
    data = G.nodes[person]
    views = sorted(assessments_of(data), key=lambda a: (a.date is None, a.date or 0), reverse=True)
    if views:
        rows = [html.Tr([html.Td(a.field), html.Td(attitude_badge(a.value) if a.field == "attitude" else str(a.value)),
                         html.Td(a.rater or "—"), html.Td(a.date.isoformat() if a.date else "—"),
                         html.Td(_confidence_word(a.confidence)), html.Td(a.evidence or "—")]) for a in views]
        table = html.Table([html.Thead(html.Tr([html.Th(h) for h in ("What", "Value", "Who", "When", "How sure",
                                                                    "Evidence")])),
                            html.Tbody(rows)], className="table table-sm assessment-table", id="assessment-table")
    else:
        table = html.P("No assessments recorded: the values above are nobody's in particular.",
                       className="small text-muted")
    contacts = list(reversed(interactions_of(data)))
    last = last_contact(data)
    if contacts:
        log = html.Table([html.Thead(html.Tr([html.Th(h) for h in ("When", "Who of ours", "How", "Notes")])),
                          html.Tbody([html.Tr([html.Td(i.date.isoformat() if i.date else "—"), html.Td(i.owner or "—"),
                                               html.Td(i.kind), html.Td(i.notes or "—")]) for i in contacts[:30]])],
                         className="table table-sm contact-table", id="contact-table")
    else:
        log = html.P("No contact logged yet.", className="small text-muted")
    # Signed in: the rater is who signed in (shown, not editable); else the rater says who they are.
    who = [dbc.Label("Who rates", html_for=ids.ASSESS_RATER, className="visually-hidden"),
           dbc.Input(id=ids.ASSESS_RATER, placeholder="Your name (who rates)", size="sm", className="mb-1",
                     value=rater, disabled=bool(rater))]
    form = html.Div([
        dbc.Label("Add an assessment", className="small-label"),
        html.Div([
            html.Div(dcc.Dropdown(id=ids.ASSESS_FIELD, options=list(ASSESSABLE), value="attitude", clearable=False),
                     style={"width": "9rem"}),
            html.Div(dcc.Dropdown(id=ids.ASSESS_VALUE, options=assessment_value_options("attitude"),
                                  placeholder="Value"), className="flex-grow-1"),
        ], className="d-flex gap-1 mb-1"),
        dcc.Dropdown(id=ids.ASSESS_CONFIDENCE, options=[{"label": f"{w} confidence", "value": v}
                                                         for w, v in _CONFIDENCE_CHOICES],
                     value="medium", clearable=False, className="mb-1"),
        dbc.Label("Evidence", html_for=ids.ASSESS_EVIDENCE, className="visually-hidden"),
        dbc.Input(id=ids.ASSESS_EVIDENCE, placeholder="Evidence (what they said or did, where)", size="sm",
                  className="mb-1"),
        *who,
        dbc.Button("Add assessment", id=ids.ASSESS_ADD, size="sm", color="primary", className="mb-2"),
    ])
    contact_form = html.Div([
        dbc.Label("Log a contact", className="small-label"),
        html.Div([
            dbc.Label("Who of ours", html_for=ids.CONTACT_OWNER, className="visually-hidden"),
            dbc.Input(id=ids.CONTACT_OWNER, placeholder="Who of ours", size="sm",
                      value=rater or data.get("owner") or None),
            dbc.Label("Date of the contact (today if blank)", html_for=ids.CONTACT_DATE, className="visually-hidden"),
            dbc.Input(id=ids.CONTACT_DATE, type="date", size="sm", style={"width": "10rem"}),
        ], className="d-flex gap-1 mb-1"),
        html.Div([
            html.Div(dcc.Dropdown(id=ids.CONTACT_KIND, options=list(INTERACTION_KINDS), value="meeting",
                                  clearable=False), style={"width": "9rem"}),
            dbc.Label("Notes on the contact", html_for=ids.CONTACT_NOTES, className="visually-hidden"),
            dbc.Input(id=ids.CONTACT_NOTES, placeholder="Notes", size="sm"),
        ], className="d-flex gap-1 mb-1"),
        dbc.Button("Log contact", id=ids.CONTACT_ADD, size="sm", color="primary", className="mb-2"),
    ])
    return [
        html.H6("Assessments"), table,
        html.H6("Contacts"),
        html.Div(f"Last contact {last.date.isoformat()}" + (f" ({last.owner})" if last.owner else "") if last else
                 "Never contacted (as far as the log knows)", className="small mb-1"),
        log,
        html.Div(status, id=ids.EVIDENCE_STATUS, role="status"),
        form, contact_form,
    ]


# --- history: why they moved --------------------------------------------------------------

_CAUSE_STYLE = {"they changed": "bg-success", "we changed our mind": "bg-warning text-dark",
                "set directly": "bg-secondary"}


def causes_report(G_new: nx.MultiDiGraph, moves: list) -> html.Div:
    """Who moved, split into "they changed" (news about the person) and "we changed our mind"
    (a rater revising their own view), from :func:`influence.history.attitude_moves_by_cause`."""
    if not moves:
        return html.Div(id="move-causes")
    counts = {cause: sum(m.cause == cause for m in moves) for cause in _CAUSE_STYLE}
    rows = [html.Tr([html.Td(person_link(G_new, m.id, f"cause-{i}") if m.id in G_new else m.name),
                     html.Td([attitude_badge(m.old), " → ", attitude_badge(m.new)]),
                     html.Td(html.Span(m.cause, className=f"badge {_CAUSE_STYLE.get(m.cause, '')}")),
                     html.Td(m.detail, className="small")]) for i, m in enumerate(moves)]
    return html.Div([
        html.H6("Why they moved", className="mt-3"),
        html.Div([html.Span(f"{n} {cause}", className=f"badge {_CAUSE_STYLE[cause]} me-1")
                  for cause, n in counts.items() if n], className="mb-1"),
        html.Table([html.Thead(html.Tr([html.Th("Person"), html.Th("Attitude"), html.Th("Why"), html.Th("Who said")])),
                    html.Tbody(rows)], className="table table-sm cause-table"),
    ], id="move-causes")


# --- the Plan tab ---------------------------------------------------------------------------

def plan_tab() -> html.Div:
    """The Plan tab: goal, horizon and capacities, the plan, its review and calendar files."""
    return html.Div([
        html.Div("Turn the analysis into work for our team: who of ours approaches whom, through whom, in "
                 "which quarter, within each owner's meetings per quarter. The plan is of the map as it stands (an open "
                 "what-if does not change it).", className="small text-muted map-toolbar"),
        html.Div([
            html.Div([dbc.Label("Aim", className="small-label", html_for=ids.PLAN_GOAL),
                      dbc.RadioItems(id=ids.PLAN_GOAL, options=[
                          {"label": "Most people on board (support)", "value": "support"},
                          {"label": "Win the decision (every decision maker and approver)", "value": "decision"}],
                          value="support", className="small")]),
            html.Div([dbc.Label("Quarters", className="small-label", html_for=ids.PLAN_QUARTERS),
                      dbc.Input(id=ids.PLAN_QUARTERS, type="number", min=1, max=8, step=1, value=2, size="sm",
                                style={"width": "5rem"})]),
            html.Div([dbc.Label("Meetings per quarter, per owner", className="small-label"),
                      html.Div(id=ids.PLAN_CAPACITIES, className="d-flex flex-wrap gap-2")], className="flex-grow-1"),
        ], className="d-flex gap-4 mb-2 align-items-start"),
        dbc.Button("Make the plan", id=ids.PLAN_MAKE, color="primary", size="sm", className="mb-2"),
        html.Div(id=ids.PLAN_MESSAGE, role="status"),
        dcc.Loading(html.Div(id=ids.PLAN_RESULT), type="dot", color="#1f3a93"),
        html.Div([
            html.Div(dcc.Dropdown(id=ids.PLAN_ICS_OWNER, placeholder="Owner's calendar (.ics)"),
                     style={"width": "16rem"}),
            dbc.Button("Download calendar", id=ids.PLAN_ICS, color="secondary", outline=True, size="sm"),
            dcc.Download(id=ids.PLAN_DOWNLOAD),
        ], className="d-flex gap-2 align-items-center mt-2"),
    ], className="tab-body plan-tab")


def capacity_inputs(owners: list[str], capacity: dict, default: int) -> list:
    """One number input per owner of ours: their meetings per quarter for the campaign."""
    if not owners:
        return [html.Span("Nobody on the map has an Owner of ours yet: every action will be 'find an owner'.",
                          className="small text-muted")]
    # The input inside its label: a label for a pattern-matching id cannot name it by "for".
    return [html.Label([
        html.Span(owner, className="small d-block"),
        dbc.Input(id={"type": ids.PLAN_CAPACITY, "owner": owner}, type="number", min=0, max=50, step=1, size="sm",
                  value=int(capacity.get(owner, default)), style={"width": "5rem"}),
    ]) for owner in owners]


def plan_owners(plan) -> list[str]:
    """The owners with actions in *plan*, for the calendar download."""
    return sorted({a.owner for a in plan.actions if a.owner})


_KIND_VERB = {"approach": "Approach", "neutralise": "Neutralise", "find owner": "Find an owner for"}


def plan_report(G: nx.MultiDiGraph, plan, data: dict, review: list | None = None) -> html.Div:
    """The plan: headline, how the set was chosen, actions by quarter and owner with editable
    status, and (with *review*) the plan against what happened since it was made."""
    name = lambda p: display_name(G, p) if p in G else p
    index = {id(a): i for i, a in enumerate(plan.actions)}
    made = data.get("made_on") or {}
    parts = [
        dbc.Alert([html.B(plan.headline(G.number_of_nodes())), html.Br(),
                   html.Span(f"Aim: {'win the decision' if plan.goal == 'decision' else 'most people on board'}. "
                             f"How the set was chosen: {plan.how}.", className="small")],
                  color="primary", className="py-2", id="plan-headline"),
    ]
    if plan.required:
        parts.append(html.Div(["Required for the decision: ", *[html.Span([person_link(G, p, f"plan-req-{i}"), " "])
                                                                for i, p in enumerate(plan.required) if p in G]],
                              className="small mb-2"))
    if made:
        parts.append(html.Div(f"Made {str(made.get('saved_at') or '')[:16].replace('T', ' ')} on snapshot "
                              f"{made.get('version')}" + (f" by {made['author']}" if made.get("author") else ""),
                              className="small text-muted mb-2"))
    for quarter, owners in plan.by_quarter().items():
        parts.append(html.H6(quarter_label(plan.start, quarter), className="mt-2"))
        for owner, actions in owners.items():
            rows = []
            for a in actions:
                i = index[id(a)]
                via = " via " + " → ".join(name(v) for v in a.via) if a.via else ""
                rows.append(html.Tr([
                    html.Td(str(a.order)),
                    html.Td([f"{_KIND_VERB.get(a.kind, a.kind)} ", person_link(G, a.target, f"plan-{i}")
                             if a.target in G else a.target, html.Span(via, className="text-muted")]),
                    html.Td(a.talking_point or "—", className="small"),
                    html.Td(f"+{a.expected_gain:.1f}" if a.expected_gain else "—"),
                    html.Td(dcc.Dropdown(id={"type": ids.PLAN_STATUS, "index": i, "target": a.target}, options=list(STATUSES),
                                         value=a.status, clearable=False, className="plan-status")),
                ]))
            parts.append(html.Div([
                html.Div(owner or "No owner of ours yet", className="small fw-bold"),
                html.Table([html.Thead(html.Tr([html.Th("#"), html.Th("Action"), html.Th("Talking point"),
                                                html.Th("Expected gain"), html.Th("Status")])),
                            html.Tbody(rows)], className="table table-sm plan-table"),
            ], className="plan-owner"))
    if review is not None:
        parts.append(review_table(review))
    return html.Div(parts, id="plan-report")


_MOVED_STYLE = {"warmer": "text-success", "cooler": "text-danger", "left": "text-warning"}


def review_table(rows: list) -> html.Div:
    """The quarterly review: each action's status against how its target moved since the plan."""
    done = sum(r["status"] == "done" for r in rows)
    warmer = sum(r["moved"] == "warmer" for r in rows)
    return html.Div([
        html.H6("Review: the plan against what happened", className="mt-3"),
        html.Div(f"{done} of {len(rows)} action(s) done; {warmer} target(s) warmer since the plan was made.",
                 className="small mb-1"),
        html.Table([html.Thead(html.Tr([html.Th(h) for h in ("Target", "Action", "Status", "Then", "Now", "Moved")])),
                    html.Tbody([html.Tr([html.Td(r["name"]), html.Td(r["kind"]), html.Td(r["status"]),
                                         html.Td(attitude_badge(r["attitude_before"])),
                                         html.Td(attitude_badge(r["attitude_after"]) if r["moved"] != "left" else "—"),
                                         html.Td(r["moved"], className=_MOVED_STYLE.get(r["moved"], ""))])
                                for r in rows])], className="table table-sm review-table", id="plan-review"),
    ])


# --- update from a new export ----------------------------------------------------------------

def update_section() -> html.Div:
    """The Import tab's "Update this map from a new export" step."""
    return html.Div([
        html.H5("Update the open map from a new export", className="mt-4"),
        html.P("Drop the partner's new HR export (Excel, CSV, GraphML, GEXF or Kumu JSON): joiners, leavers, "
               "new managers and titles are listed first; our attitudes, owners, notes, assessments and "
               "relationships are kept; leavers are archived. Nothing changes until you apply it.",
               className="small text-muted"),
        dcc.Upload(id=ids.UPDATE_UPLOAD, multiple=False, accept=".xlsx,.xlsm,.xls,.csv,.graphml,.gexf,.json",
                   children=html.Div([html.B("Drop the new export here"), " or click to choose it"]),
                   className="upload-zone upload-zone-small"),
        dcc.Store(id=ids.UPDATE_STATE),
        dcc.Loading(html.Div(id=ids.UPDATE_REPORT, className="mt-2"), type="dot", color="#1f3a93"),
    ], className="update-section")


def update_report(filename: str, update, map_name: str) -> html.Div:
    """What applying the new export would do (:meth:`influence.update.UpdatePlan.summary`), with the button."""
    lines = update.summary()
    if not update.changed:
        return dbc.Alert(f"{filename} brings nothing new for “{map_name}”: same people, managers and titles.",
                         color="secondary", className="py-2", id="update-nothing")
    return html.Div([
        dbc.Alert([html.B(f"{filename} against “{map_name}”: "), lines[0]], color="info", className="py-2 mb-1",
                  id="update-summary"),
        html.Ul([html.Li(line.strip(), className="small") for line in lines[1:]], className="update-lines"),
        dbc.Button("Apply the update as one snapshot", id=ids.UPDATE_APPLY, color="primary", size="sm"),
    ])
