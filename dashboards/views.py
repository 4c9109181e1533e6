"""Components built from the map and its analysis: the card, the panels, the reports.

Plain functions of data returning Dash components; the callbacks only pick the data.
"""

from __future__ import annotations

import unicodedata

import dash_bootstrap_components as dbc
import networkx as nx
from dash import dcc, html

from influence.graph import display_name
from influence.search import title_abbreviations
from influence.phrases import ARROW, Mention, approach_parts, approach_phrase
from influence.theme import ATTITUDE_GLYPHS, ATTITUDE_TEXT_COLOURS, strength_text
from influence.vocabulary import ALLY_ATTITUDES, ATTITUDES, REPORTING, style_tip

from . import ids
from .static_html import static_block
from .elements import ATTITUDE_COLORS, PATH_COLORS, quadrant, score_of

__all__ = [
    "person_link",
    "person_card",
    "support_summary",
    "panels",
    "path_results",
    "whatif_result",
    "history_report",
    "upload_report",
    "mapping_form",
    "person_options",
    "person_links",
    "MAPPING_FIELDS",
    "people_columns",
    "tie_columns",
]

_TEXT_ON = ATTITUDE_TEXT_COLOURS  # readable on each attitude's fill (influence.theme)
PANEL_LIMIT = 25
"""Most leaders and antibodies listed in a panel (a 5,000-person map has 500 leaders)."""


def person_options(G: nx.MultiDiGraph) -> list[dict]:
    """Dropdown options for every person: "Name - Title", searchable by both."""
    options = []
    for p, n in G.nodes(data=True):
        label = display_name(G, p) + (f" - {n['title']}" if n.get("title") else "")
        # "CFO" finds the Chief Financial Officer (influence.search.title_abbreviations).
        search = " ".join([label, p, *title_abbreviations(n.get("title")),
                           *(a.upper() for a in title_abbreviations(n.get("title")))])
        if not search.isascii():
            # The browser filters by substring: carry both Unicode forms, so "ë" typed as one
            # character or as e + diaeresis finds the person (see influence.people.normalize_name).
            search = " ".join(dict.fromkeys([search, *(unicodedata.normalize(f, search) for f in ("NFC", "NFD"))]))
        options.append({"label": label, "value": p, "search": search})
    return sorted(options, key=lambda o: o["label"].lower())


def person_link(G: nx.MultiDiGraph, person: str, where: str) -> dbc.Button:
    """A name that opens the person's card; *where* makes the component id unique."""
    return dbc.Button(display_name(G, person), id={"type": ids.PANEL_PERSON, "id": person, "at": where},
                      color="link", className="person-link")


class _Links:
    """Makes person links with ids unique within one rendered block (Dash needs that)."""

    def __init__(self, G: nx.MultiDiGraph, where: str):
        self.G, self.where, self.count = G, where, 0

    def __call__(self, person: str) -> dbc.Button:
        self.count += 1
        return person_link(self.G, person, f"{self.where}-{self.count}")

    def chain(self, people: list[str]) -> list:
        parts = []
        for i, p in enumerate(people):
            if i:
                parts.append(html.Span(" → ", className="text-muted"))
            parts.append(self(p))
        return parts

    def names(self, people: list[str], limit: int = 80):
        if not people:
            return html.Div("nobody", className="small text-muted")
        more = [html.Span(f"and {len(people) - limit} more", className="small text-muted")] if len(people) > limit else []
        return html.Div([self(p) for p in people[:limit]] + more, className="report-links")


def person_links(G: nx.MultiDiGraph, where: str):
    """A maker of person links (each opens the card) with ids unique within one block."""
    return _Links(G, where)


def attitude_badge(attitude: str | None) -> html.Span:
    attitude = attitude or "unknown"
    style = {"backgroundColor": ATTITUDE_COLORS[attitude], "color": _TEXT_ON.get(attitude, "#1f2329")}
    if attitude == "unknown":
        style["border"] = "1px dashed #6c757d"
    # The sign as well as the colour ("++ champion"): readable without colour.
    return html.Span(f"{ATTITUDE_GLYPHS.get(attitude, '?')} {attitude}", className="badge attitude-badge", style=style)


def _bar(percent: float, classes: str, name: str) -> html.Div:
    """One named segment of a progress bar (read out by screen readers)."""
    return html.Div(className=f"progress-bar {classes}", role="progressbar", style={"width": f"{percent:.1f}%"},
                    **{"aria-label": name, "aria-valuenow": round(percent), "aria-valuemin": 0, "aria-valuemax": 100})


def _count(x: float) -> str:
    """A number of people as a reader says it: whole from 10 on, one decimal below."""
    return f"{round(x):,}" if x >= 10 or abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _plain(estimate, G) -> str:
    """:meth:`SupportEstimate.plain`, with the map's size when the estimate lacks it."""
    if getattr(estimate, "people", None) is None:
        try:
            from dataclasses import replace

            estimate = replace(estimate, people=G.number_of_nodes())
        except TypeError:
            return f"about {_count(estimate.mean)} of {G.number_of_nodes():,} on board"
    return estimate.plain()


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


# --- person card ------------------------------------------------------------------------

def person_card(G: nx.MultiDiGraph, analysis, person: str, best_path=None) -> list:
    """The card: every attribute, ties in and out, best path from our allies, style tip.

    Parameters
    ----------
    best_path : influence.paths.InfluencePath, optional
        The most probable chain from our side to *person* (already computed).
    """
    link = _Links(G, "card")
    n = G.nodes[person]
    score = analysis.scores.get(person) if analysis is not None else None
    segment = analysis.segment(person) if analysis is not None else None
    leader = next((x for x in (analysis.leaders if analysis is not None else []) if x.id == person), None)
    antibody = next((x for x in (analysis.antibodies if analysis is not None else []) if x.id == person), None)

    badges = [attitude_badge(n.get("attitude"))]
    if segment:
        badges.append(html.Span(segment, className="badge segment-badge"))
    if leader is not None:
        badges.append(html.Span(f"approach #{leader.rank}", className="badge leader-badge"))
    badges.append(html.Span(quadrant(score_of(analysis, person), n.get("attitude")), className="badge quadrant-badge"))

    attributes = [("ID", person)]
    labels = {"name": "Name", "title": "Title", "department": "Department", "email": "Email",
              "authority": "Authority (1-5)", "role": "Decision role", "influence": "Influence rating (1-5)",
              "attitude": "Attitude", "style": "Style", "owner": "Owner (our side)", "notes": "Notes"}
    for key, label in labels.items():
        value = n.get(key)
        if key == "owner" and not value:
            value = "none: a coverage gap"
        attributes.append((label, value))
    manager = n.get("manager")
    attributes.append(("Reports to", display_name(G, manager) if manager in G else None))
    for key, value in (n.get("extra") or {}).items():
        attributes.append((str(key), value))
    table = html.Table([html.Tbody([
        html.Tr([html.Th(label), html.Td("—" if value in (None, "") else str(value))]) for label, value in attributes
    ])], className="table table-sm attr-table")

    def tie_items(edges, other_end):
        items = []
        for u, v, key, data in edges:
            if key == REPORTING:
                continue
            other = other_end(u, v)
            strength = data.get("strength")
            items.append(html.Li([link(other), html.Span(
                f" {key}" + (f" · strength {strength_text(strength)}" if strength is not None else ""),
                className="text-muted small")], className="conflict" if key == "conflicts with" else ""))
        return items or [html.Li("nobody recorded", className="text-muted small")]

    influenced_by = tie_items(G.in_edges(person, keys=True, data=True), lambda u, v: u)
    influences = tie_items(G.out_edges(person, keys=True, data=True), lambda u, v: v)
    reports = [v for _, v, k in G.out_edges(person, keys=True) if k == REPORTING]

    if n.get("attitude") in ALLY_ATTITUDES:
        path_block = html.P("Already on our side: an ally to work through.", className="small")
    elif best_path is not None and len(best_path.people) == 1:
        path_block = html.P(approach_phrase(display_name(G, person), best_path.people, owner=n.get("owner"),
                                            probability=best_path.probability, capitalize=True) + ".",
                            className="small")
    elif best_path is not None and best_path.people:
        path_block = html.Div([
            html.Div(link.chain(best_path.people), className="chain"),
            html.Div(f"carries support with probability {_percent(best_path.probability)}", className="small text-muted"),
        ])
    else:
        path_block = html.P("No chain of influence from our allies or owners reaches this person yet: "
                            "find an owner for someone close to them.", className="small")

    tip = style_tip(n.get("style"))
    sections = [
        html.Div([html.Div(n.get("title") or "", className="card-title-line"),
                  html.Div(n.get("department") or "", className="text-muted small")]),
        html.Div(badges, className="badge-row"),
        html.Div([
            html.Div([html.Div(f"{score.value:.0f}" if score is not None else "—", className="big-number"),
                      html.Div("influence score", className="small text-muted")], className="me-3"),
            html.Div(getattr(score, "explanation", "") or "", className="small"),
        ], className="d-flex align-items-center score-block"),
    ]
    if leader is not None:
        sections.append(dbc.Alert([html.B(f"Leading 10 percenter, approach #{leader.rank}. "), leader.why],
                                  color="primary", className="py-2 small"))
    if antibody is not None:
        sections.append(dbc.Alert([html.B("Antibody. "), "Neutralise with facts, execution and results, and through "
                                   "people they trust: ", *(link.chain(antibody.neutralizers[:1]) if antibody.neutralizers
                                                            else ["nobody they trust is on our side yet"]),
                                   *([html.Span(", "), *link.chain(antibody.neutralizers[1:2])]
                                     if len(antibody.neutralizers) > 1 else [])],
                                  color="danger", className="py-2 small"))
    sections += [
        html.H6("Style tip"),
        html.P(tip or (f"{n.get('style')}: no tip for this style." if n.get("style") else
                       "Style not recorded: find out how they like to be approached."), className="small"),
        html.H6("Best path from our allies"),
        path_block,
        dbc.Button("Show the top 3 paths on the map", id=ids.CARD_PATHS_BUTTON, size="sm", color="primary",
                   outline=True, className="mb-3"),
        html.H6("Who influences them"), html.Ul(influenced_by, className="tie-list"),
        html.H6("Whom they influence"), html.Ul(influences, className="tie-list"),
    ]
    sections += [html.H6("Edit"), card_editor(n)]
    if reports:
        sections += [html.H6(f"Direct reports ({len(reports)})"),
                     link.names(reports, limit=30)]
    sections += [html.H6("Every attribute"), table]
    return sections


def card_editor(node: dict) -> html.Div:
    """The card's own fields: attitude, owner and notes, saved together as one snapshot."""
    return html.Div([
        dbc.Label("Attitude", html_for=ids.CARD_ATTITUDE, className="small-label"),
        dcc.Dropdown(id=ids.CARD_ATTITUDE, options=[{"label": f"{ATTITUDE_GLYPHS[a]} {a}", "value": a}
                                                    for a in ATTITUDES],
                     value=node.get("attitude") or "unknown", clearable=False, className="mb-2"),
        dbc.Label("Owner (our side)", html_for=ids.CARD_OWNER, className="small-label"),
        dbc.Input(id=ids.CARD_OWNER, value=node.get("owner") or "", size="sm", className="mb-2",
                  placeholder="Who on our side holds the relationship"),
        dbc.Label("Notes", html_for=ids.CARD_NOTES, className="small-label"),
        dbc.Textarea(id=ids.CARD_NOTES, value=node.get("notes") or "", size="sm", className="mb-2"),
        dbc.Button("Save changes", id=ids.CARD_SAVE, color="primary", size="sm"),
        html.Div(id=ids.CARD_STATUS, className="mt-2"),
    ], className="card-editor")


# --- panels -----------------------------------------------------------------------------

def support_summary(G: nx.MultiDiGraph, analysis) -> dbc.Card:
    """Expected support now vs with the leaders, and the executive-sponsor check."""
    total = max(1, G.number_of_nodes())
    now, later = analysis.support_now, analysis.support_with_leaders
    sponsor = analysis.executive_sponsor
    label = analysis.label() if hasattr(analysis, "label") else ""
    first = analysis.precision_note() if hasattr(analysis, "precision_note") else ""
    return dbc.Card(dbc.CardBody([
        # Under a what-if every figure below is the scenario's: say so first.
        *([what_if_banner(label)] if label else []),
        # A big map's quick first estimate, until the full analysis replaces it.
        *([html.Div([dbc.Spinner(size="sm", color="primary", spinner_class_name="me-2"), first],
                    className="small text-muted d-flex align-items-center mb-1", id="first-estimate",
                    role="status")] if first else []),
        html.Div("Expected support under the what-if" if label else "Expected support", className="small-label"),
        html.Div([
            html.Div([html.Div(_count(now.mean), className="big-number", id="support-now"),
                      html.Div(f"now ({_percent(now.mean / total)})", className="small text-muted")]),
            html.Div("→", className="support-arrow", **{"aria-hidden": "true"}),
            html.Div([html.Div(_count(later.mean), className="big-number text-success", id="support-later"),
                      html.Div(f"with the {len(analysis.leaders):,} leaders ({_percent(later.mean / total)})",
                               className="small text-muted")]),
        ], className="d-flex align-items-center justify-content-between"),
        html.Div([_bar(100 * now.mean / total, "bg-success", "Expected support now, percent of the map"),
                  _bar(100 * max(0.0, later.mean - now.mean) / total, "bg-info progress-bar-striped",
                       "More support with the leaders, percent of the map")],
                 className="progress mt-2 mb-1", style={"height": "8px"}),
        # In words a non-statistician reads: "about 35 of 60 on board (80%: 31–39)".
        html.Div(f"Now {_plain(now, G)}; with the leaders {_plain(later, G)}.", className="small mb-2",
                 id="support-plain"),
        dbc.Alert([html.B("✓ " if sponsor.ok else "✗ "), sponsor.message],
                  color="success" if sponsor.ok else "danger", className="py-2 mb-0 small", id="sponsor-check"),
    ]), className="side-card")


def analysis_pending(G: nx.MultiDiGraph) -> dbc.Card:
    """What the panels show while a big map is being analysed."""
    return dbc.Card(dbc.CardBody([
        html.Div([dbc.Spinner(size="sm", color="primary", spinner_class_name="me-2"),
                  html.B(f"Analysing {G.number_of_nodes():,} people…")], className="d-flex align-items-center"),
        html.Div("The map is ready to explore; leaders, antibodies and expected support appear here "
                 "in a few seconds.", className="small text-muted mt-1"),
    ]), className="side-card", id="analysis-pending")


def panels(G: nx.MultiDiGraph, analysis) -> dbc.Accordion:
    """Leading 10 percenters, antibodies, hesitant middle, coverage gaps."""
    link = _Links(G, "panel")
    leaders = []
    # A big map has hundreds of leaders; the panel shows the first ones (the order of
    # approach matters most at the top) and every name stays in the tables and exports.
    for leader in analysis.leaders[:PANEL_LIMIT]:
        chain = leader.approach_via or []
        # The library's wording of the route; the people on it are links to their cards.
        route = [link(part.who) if isinstance(part, Mention) else
                 html.Span(part, className="text-muted") if part == ARROW else part
                 for part in approach_parts(chain, owner=G.nodes[leader.id].get("owner"))]
        approach = ["via " if len(chain) > 1 else "approach " if chain else "", *route]
        if chain and leader.approach_probability is not None:
            approach.append(html.Span(f" ({_percent(leader.approach_probability)})", className="text-muted"))
        leaders.append(html.Li([
            html.Div([html.Span(str(leader.rank), className="rank-chip"), link(leader.id),
                      html.Span(G.nodes[leader.id].get("title") or "", className="small text-muted ms-1")]),
            html.Div(approach, className="small"),
            html.Div(leader.style_tip or "", className="small fst-italic"),
            html.Div(leader.why, className="small text-muted"),
        ], className="leader-item"))
    antibodies = [html.Li([
        html.Div([link(ab.id), html.Span(f" influence {ab.influence_score:.0f}", className="small text-muted")]),
        # Each neutraliser is an alternative ("A or B"), not a chain through both.
        html.Div(["neutralise through ", *[part for i, p in enumerate(ab.neutralizers[:3])
                                           for part in ([html.Span(" or ")] if i else []) + [link(p)]]]
                 if ab.neutralizers
                 else "nobody they trust is on our side yet", className="small"),
    ], className="leader-item") for ab in analysis.antibodies[:PANEL_LIMIT]]

    def more(items):
        extra = len(items) - PANEL_LIMIT
        return [html.Li(f"and {extra} more (see the People table or an export)", className="small text-muted")] \
            if extra > 0 else []


    # Each list is one static block (dashboards.static_html): hundreds of Dash components
    # took the browser seconds to mount on a big map.
    return dbc.Accordion([
        dbc.AccordionItem(static_block(html.Ol(leaders + more(analysis.leaders), className="leader-list",
                                               id="leader-list")),
                          title=f"Leading 10 percenters ({len(analysis.leaders)})", item_id="leaders"),
        dbc.AccordionItem(static_block(html.Ul(antibodies + more(analysis.antibodies), className="leader-list")
                                       if antibodies else
                                       html.Div("No antibodies: nobody influential is against us.", className="small")),
                          title=f"Antibodies ({len(analysis.antibodies)})", item_id="antibodies"),
        dbc.AccordionItem(static_block(link.names(analysis.hesitant_middle)),
                          title=f"Hesitant middle ({len(analysis.hesitant_middle)})", item_id="middle"),
        dbc.AccordionItem(static_block(link.names(analysis.coverage_gaps)),
                          title=f"Coverage gaps ({len(analysis.coverage_gaps)})", item_id="gaps"),
    ], active_item=["leaders"], always_open=True, className="panels-accordion")


# --- path finder, what-if ---------------------------------------------------------------

def path_results(G: nx.MultiDiGraph, paths: list, target: str) -> html.Div:
    """The top paths with their probabilities, coloured as on the map."""
    link = _Links(G, "paths")
    if not paths or not any(p.people for p in paths):
        return html.Div(f"No chain of influence reaches {display_name(G, target)}: conflicts or missing ties "
                        "block every route. Give someone close to them an owner.", className="small text-muted")
    def route(p):
        if len(p.people) == 1:
            owner = G.nodes[p.people[0]].get("owner")
            return [link(p.people[0]), html.Span(f" directly{f', by our owner {owner}' if owner else ''}",
                                                 className="text-muted")]
        return link.chain(p.people)

    return html.Ol([
        html.Li([
            html.Span(className="path-swatch", style={"backgroundColor": PATH_COLORS[i % len(PATH_COLORS)]}),
            html.Span(_percent(p.probability), className="path-prob"),
            html.Span(route(p), className="chain"),
        ], className="path-item") for i, p in enumerate(paths) if p.people
    ], className="path-list", id="path-list")


def what_if_banner(label: str) -> html.Div:
    """The banner that names an open what-if over the map and its panels."""
    return html.Div(label, className="what-if-banner small fw-bold", id="what-if-label")


def whatif_result(G: nx.MultiDiGraph, before, after, scenario) -> html.Div:
    """Expected support and the leading set, before and after the scenario.

    *scenario* is an :class:`influence.scenarios.Scenario` (or its stored form).
    """
    from influence.scenarios import Scenario

    scenario = Scenario.from_dict(scenario)
    link = _Links(G, "whatif")
    changes = {p: a for p, a in scenario.attitudes.items() if p not in scenario.on_board}
    if not scenario:
        return html.Div("Assume someone on board, approach someone or change an attitude to see the effect.",
                        className="small text-muted")
    total = max(1, G.number_of_nodes())
    lines = []
    if scenario.on_board:
        lines.append(html.Div(["Assumed on board (certain): ",
                               *[html.Span([link(p), " "]) for p in scenario.on_board if p in G]],
                              className="small"))
    if scenario.approach:
        lines.append(html.Div(["Approached (each won with probability r): ",
                               *[html.Span([link(p), " "]) for p in scenario.approach if p in G]],
                              className="small"))
    for p, attitude in changes.items():
        if p in G:
            lines.append(html.Div([link(p), f": {G.nodes[p].get('attitude') or 'unknown'} → ",
                                   attitude_badge(attitude)], className="small"))

    def row(label, a, b, fmt):
        delta = b - a
        return html.Tr([html.Th(label), html.Td(fmt(a)), html.Td(fmt(b)),
                        html.Td(f"{delta:+.1f}", className="text-success" if delta > 0 else
                                ("text-danger" if delta < 0 else ""))])

    before_leaders = [x.id for x in before.leaders]
    after_leaders = [x.id for x in after.leaders]
    table = html.Table([
        html.Thead(html.Tr([html.Th(""), html.Th("before"), html.Th("after"), html.Th("change")])),
        html.Tbody([
            row("support now", before.support_now.mean, after.support_now.mean, lambda v: f"{v:.1f}"),
            row("with leaders", before.support_with_leaders.mean, after.support_with_leaders.mean,
                lambda v: f"{v:.1f}"),
            html.Tr([html.Th("share now"), html.Td(_percent(before.support_now.mean / total)),
                     html.Td(_percent(after.support_now.mean / total)), html.Td("")]),
        ]),
    ], className="table table-sm whatif-table", id="whatif-table")
    new_leaders = [p for p in after_leaders if p not in before_leaders]
    dropped = [p for p in before_leaders if p not in after_leaders]
    leader_note = [html.Div("Leading set after:", className="small-label mt-1"),
                   html.Ol([html.Li(link(p), className="new" if p in new_leaders else "")
                            for p in after_leaders], className="small compact-list")]
    if dropped:
        leader_note.append(html.Div(["No longer needed: ", *[html.Span([link(p), " "]) for p in dropped]],
                                    className="small text-muted"))
    return html.Div([*lines, table, *leader_note])


# --- history ----------------------------------------------------------------------------

_ARROWS = {"warmer": ("▲ warmer", "text-success"), "cooler": ("▼ cooler", "text-danger"),
           "up": ("▲", "text-success"), "down": ("▼", "text-danger"), "gained": ("covered", "text-success"),
           "lost": ("coverage lost", "text-danger"), "now known": ("now known", "text-primary"),
           "now unknown": ("now unknown", "text-warning")}


def history_report(G_old: nx.MultiDiGraph, G_new: nx.MultiDiGraph, comparison) -> html.Div:
    """The quarterly review: who moved, from what to what; who came and went."""
    link = _Links(G_new, "history")
    if not comparison:
        return html.Div("No changes between these two snapshots.", className="text-muted mt-2")

    def shown(field, value):
        if field == "manager":
            graph = G_new if value in G_new else G_old
            return display_name(graph, value) if value in graph else value
        return value

    rows = []
    for c in comparison.moved:
        label, cls = _ARROWS.get(c.direction, (c.direction, ""))
        old, new = shown(c.field, c.old), shown(c.field, c.new)
        rows.append(html.Tr([
            html.Td(link(c.id) if c.id in G_new else c.name), html.Td(c.field),
            html.Td(attitude_badge(old) if c.field == "attitude" else ("—" if old in (None, "") else str(old))),
            html.Td(attitude_badge(new) if c.field == "attitude" else ("—" if new in (None, "") else str(new))),
            html.Td(label, className=cls),
        ]))
    moves = comparison.attitude_moves()
    warmer = sum(c.direction == "warmer" for c in moves)
    cooler = sum(c.direction == "cooler" for c in moves)
    parts = [
        html.Div([
            html.Span(f"{warmer} warmer", className="badge bg-success me-1"),
            html.Span(f"{cooler} cooler", className="badge bg-danger me-1"),
            html.Span(f"{len(comparison.added)} added", className="badge bg-secondary me-1"),
            html.Span(f"{len(comparison.removed)} removed", className="badge bg-secondary me-1"),
            html.Span(f"{len(comparison.relationships)} relationship changes", className="badge bg-secondary"),
        ], className="mb-2"),
    ]
    if rows:
        parts.append(html.Table([html.Thead(html.Tr([html.Th("Person"), html.Th("What"), html.Th("From"),
                                                     html.Th("To"), html.Th("")])), html.Tbody(rows)],
                                className="table table-sm table-hover history-table", id="history-table"))
    if comparison.added:
        parts.append(html.Div(["Added: ", *[html.Span([link(p), " "]) for p in comparison.added]],
                              className="small"))
    if comparison.removed:
        parts.append(html.Div("Removed: " + ", ".join(display_name(G_old, p) for p in comparison.removed),
                              className="small"))
    if comparison.relationships:
        def name(p):
            return display_name(G_new, p) if p in G_new else display_name(G_old, p)
        parts.append(html.Ul([html.Li(f"{r.change}: {name(r.source)} {r.type} {name(r.target)}", className="small")
                              for r in comparison.relationships], className="mt-2"))
    return html.Div(parts)


# --- upload -----------------------------------------------------------------------------

MAPPING_FIELDS = ("name", "id", "reports_to", "title", "department", "attitude", "authority", "influence",
                  "style", "owner", "role", "email", "first_name", "last_name", "notes")
"""People fields offered in the column-mapping step, most needed first."""


def _hint(problem) -> str | None:
    """What to do about *problem* here, in the Import tab's terms (never a command-line flag)."""
    from .import_preview import dashboard_hint

    return dashboard_hint(getattr(problem, "hint", None))


def _problem_table(problems, kind: str) -> html.Table:
    return html.Table([
        html.Thead(html.Tr([html.Th(h) for h in ("Sheet", "Row", "Column", "Value", "What to fix")])),
        html.Tbody([html.Tr([html.Td(p.sheet or "—"), html.Td(p.row or "—"), html.Td(p.column or "—"),
                             html.Td("" if p.value in (None, "") else str(p.value)),
                             html.Td(" ".join(filter(None, (p.message, _hint(p)))))])
                    for p in problems]),
    ], className=f"table table-sm problem-table {kind}")


def upload_report(filename: str, report, *, created: str | None = None, mapping: bool = False) -> html.Div:
    """The validation report of an uploaded file: every error and warning, located.

    With *mapping*, the headers were not recognised and the column-mapping step follows.
    """
    counts = report.counts or {}
    summary = (f"{counts.get('people', 0)} people, {counts.get('reporting_lines', 0)} reporting lines, "
               f"{counts.get('relationships', 0)} relationships")
    parts = []
    if report.errors:
        advice = ("Its headers were not recognised: match the columns below and import again."
                  if mapping else "Fix them in the file and drop it again.")
        parts.append(dbc.Alert([html.B(f"{filename} cannot be imported yet: "),
                                f"{len(report.errors)} error(s) to fix. {advice}"],
                               color="danger", className="py-2", id="upload-errors"))
        parts.append(_problem_table(report.errors, "errors"))
    else:
        parts.append(dbc.Alert([html.B(f"Imported {filename}: "), summary + "." +
                                (f" It is now the open map, “{created}”." if created else "")],
                               color="success", className="py-2", id="upload-ok"))
    if report.warnings:
        label = "as well (no need to fix them to import)" if report.errors else "(imported anyway)"
        parts.append(html.Details([html.Summary(f"{len(report.warnings)} warning(s) {label}"),
                                   _problem_table(report.warnings, "warnings")], open=len(report.warnings) <= 10))
    return html.Div(parts)


def mapping_form(headers: list[str], matched: dict[str, str]) -> html.Div:
    """The column-mapping step: which of the file's columns holds each field."""
    from influence.headers import FIELD_LABELS

    options = [{"label": h, "value": h} for h in headers if h]
    return dbc.Card(dbc.CardBody([
        html.H6("Match your columns"),
        html.P("Some headers were not recognised. Choose which column holds each field "
               "(Name, or First and Last Name, is needed), then import again.", className="small"),
        dbc.Row([dbc.Col([
            dbc.Label(FIELD_LABELS.get(f, f), className="small-label"),
            dcc.Dropdown(id={"type": ids.MAPPING_FIELD, "field": f}, options=options, value=matched.get(f),
                         placeholder="(not in the file)"),
        ], width=4, className="mb-2") for f in MAPPING_FIELDS]),
        dbc.Button("Import with these columns", id=ids.MAPPING_APPLY, color="primary"),
    ]), className="mt-3 mapping-card")


# --- tables -----------------------------------------------------------------------------

def people_columns() -> list[dict]:
    """Column definitions of the people table (every person field is editable)."""
    from influence.vocabulary import STYLES

    attitude_colors = {"styleConditions": [
        {"condition": f"params.value === '{a}'", "style": {"backgroundColor": ATTITUDE_COLORS[a] + "55"}}
        for a in ATTITUDES if a != "unknown"]}
    hints = {
        "attitude": "champion, supporter, neutral, skeptic, opponent, unknown (or mentor, ally, blocker, +2 … -2)",
        "authority": "1-5 or low / medium / high", "influence": "1-5 or low / medium / high",
        "style": ", ".join(STYLES) + " (or your own word)", "manager": "the manager's name or id",
        "owner": "who on our side holds the relationship",
    }
    widths = {"name": 170, "title": 220, "department": 140, "attitude": 120, "authority": 105, "influence": 105,
              "role": 130, "style": 115, "owner": 140, "manager": 170, "email": 240, "notes": 260}
    from influence.vocabulary import ROLES

    # Blank clears a value; style keeps a user's own word when typed in the workbook.
    choices = {"attitude": ATTITUDES, "style": ("", *STYLES), "role": ("", *ROLES),
               "authority": ("", "1", "2", "3", "4", "5"), "influence": ("", "1", "2", "3", "4", "5")}
    columns = [{"field": "id", "headerName": "ID", "editable": False, "pinned": "left", "width": 90}]
    for field in ("name", "title", "department", "attitude", "authority", "influence", "role", "style", "owner",
                  "manager", "email", "notes"):
        col = {"field": field, "headerName": field.capitalize() if field != "manager" else "Reports to",
               "editable": True, "width": widths[field]}
        if field in hints:
            col["headerTooltip"] = hints[field]
        if field in choices:  # a vocabulary column: a choice, not free text
            col.update(cellEditor="agSelectCellEditor", cellEditorParams={"values": list(choices[field])})
        if field == "attitude":
            col["cellStyle"] = attitude_colors
        if field == "name":
            col["pinned"] = "left"
        columns.append(col)
    return columns


def tie_columns() -> list[dict]:
    """Column definitions of the relationships table."""
    from influence.vocabulary import RELATIONSHIP_TYPES

    return [
        {"field": "from", "headerName": "From (influencer)", "editable": False},
        {"field": "to", "headerName": "To (influenced)", "editable": False},
        {"field": "type", "headerName": "Type", "editable": True, "cellEditor": "agSelectCellEditor",
         "cellEditorParams": {"values": list(RELATIONSHIP_TYPES)}},
        {"field": "strength", "headerName": "Strength", "editable": True,
         "headerTooltip": "1-5, a number in (0, 1], or weak / medium / strong"},
        {"field": "notes", "headerName": "Notes", "editable": True},
    ]
