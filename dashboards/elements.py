"""Pure functions from a map and its analysis to what the browser draws.

Cytoscape elements and stylesheet, the stakeholder grid figure, and the filters that
decide who is shown. Nothing here touches Dash callbacks or the workspace, so every
function is tested without a browser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import networkx as nx

from influence.graph import display_name
from influence.vocabulary import ATTITUDE_VALUE, ATTITUDES, CONFLICT, REPORTING, STYLES

__all__ = [
    "ATTITUDE_COLORS",
    "STYLE_SHAPES",
    "SLOT_PX",
    "QUADRANTS",
    "positions_px",
    "visible_people",
    "map_elements",
    "stylesheet",
    "network_stylesheet",
    "fast_stylesheet",
    "grid_figure",
    "legend_items",
    "score_of",
    "quadrant",
]

ATTITUDE_COLORS = {
    # A diverging scale: green for us, grey in the middle, red against; unknown is not on
    # the scale at all (white with a dashed border) so it never reads as "neutral".
    "champion": "#1a7f44",
    "supporter": "#7cc47f",
    "neutral": "#b9bec5",
    "skeptic": "#f08a5d",
    "opponent": "#c62f2f",
    "unknown": "#ffffff",
}
"""Fill colour of each attitude."""

STYLE_SHAPES = {"Driver": "round-rectangle", "Expressive": "star", "Amiable": "ellipse", "Analytical": "diamond"}
"""Node shape of each social style; other styles are hexagons, no style a small circle."""

OTHER_STYLE_SHAPE = "hexagon"
NO_STYLE_SHAPE = "ellipse"

SLOT_PX = 100
"""Pixels per layout slot (one person's box in :mod:`influence.layout`)."""

LEADER_RING = "#1f3a93"
ANTIBODY_MARK = "#7a0c0c"
PATH_COLORS = ("#ff8c00", "#8e44ad", "#00897b")
"""Highlight colours of the 1st, 2nd and 3rd path."""

QUADRANTS = {
    # Influence up, attitude across: the classic stakeholder grid read for a partner.
    ("high", "against"): "Manage closely",
    ("high", "for"): "Keep satisfied",
    ("low", "for"): "Keep informed",
    ("low", "against"): "Monitor",
}
_HIGH_SCORE = 50.0


def score_of(analysis, person: str) -> float:
    """The 0-100 influence score, 0 when the analysis has none for *person*."""
    if analysis is None:
        return 0.0
    score = analysis.scores.get(person)
    return float(getattr(score, "value", score) or 0.0)


def quadrant(score: float, attitude: str | None) -> str:
    """The stakeholder-grid quadrant of a person.

    Unknown attitudes count as "against" until someone finds out: "go ugly early".

    Examples
    --------
    >>> quadrant(80, "opponent"), quadrant(80, "champion"), quadrant(10, "neutral")
    ('Manage closely', 'Keep satisfied', 'Monitor')
    """
    value = ATTITUDE_VALUE.get(attitude or "unknown")
    side = "for" if value is not None and value > 0 else "against"
    return QUADRANTS[("high" if score >= _HIGH_SCORE else "low", side)]


def positions_px(layout: Mapping[str, tuple[float, float]]) -> dict[str, dict[str, float]]:
    """Layout slots (y up) to Cytoscape pixels (y down).

    Examples
    --------
    >>> positions_px({"a": (1.0, 2.0)})
    {'a': {'x': 100.0, 'y': -200.0}}
    """
    return {p: {"x": round(x * SLOT_PX, 1), "y": round(-y * SLOT_PX, 1)} for p, (x, y) in layout.items()}


def _hops_around(G: nx.MultiDiGraph, person: str, hops: int) -> set[str]:
    seen, frontier = {person}, {person}
    for _ in range(max(0, int(hops))):
        nxt = set()
        for p in frontier:
            nxt.update(G.successors(p))
            nxt.update(G.predecessors(p))
        frontier = nxt - seen
        seen |= nxt
    return seen


def visible_people(G: nx.MultiDiGraph, analysis=None, *, departments: Iterable[str] | None = None,
                   attitudes: Iterable[str] | None = None, min_influence: float = 0,
                   focus: str | None = None, hops: int = 1) -> set[str]:
    """Who passes the filters: department, attitude, minimum influence score, focus.

    Empty or ``None`` filters let everybody through. *focus* keeps the people within
    *hops* ties (reporting lines or relationships, either direction) of that person.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p, d in [("a", "Sales"), ("b", "Sales"), ("c", "IT")]:
    ...     _ = add_person(G, p, p, department=d)
    >>> add_reporting_line(G, "a", "b")
    >>> sorted(visible_people(G, departments=["Sales"])), sorted(visible_people(G, focus="b", hops=1))
    (['a', 'b'], ['a', 'b'])
    """
    people = set(G)
    if departments:
        wanted = set(departments)
        people = {p for p in people if (G.nodes[p].get("department") or "(no department)") in wanted}
    if attitudes:
        wanted = set(attitudes)
        people = {p for p in people if (G.nodes[p].get("attitude") or "unknown") in wanted}
    if min_influence and analysis is not None:
        people = {p for p in people if score_of(analysis, p) >= float(min_influence)}
    if focus and focus in G:
        people &= _hops_around(G, focus, hops)
        people.add(focus)
    return people


def _node_size(score: float) -> float:
    # At most 0.6 of a layout slot, so neighbours in the org chart never touch.
    return round(22 + 0.38 * max(0.0, min(100.0, score)), 1)


def _summary(G, analysis, person: str, rank: int | None, is_antibody: bool) -> str:
    n = G.nodes[person]
    head = display_name(G, person) + (f" - {n['title']}" if n.get("title") else "")
    facts = [n.get("department"), f"attitude {n.get('attitude') or 'unknown'}"]
    if analysis is not None:
        facts.append(f"influence {score_of(analysis, person):.0f}")
    lines = [head, " · ".join(f for f in facts if f)]
    if rank:
        lines.append(f"Leading 10 percenter #{rank}: approach early")
    if is_antibody:
        lines.append("Antibody: neutralise through people they trust")
    if n.get("style"):
        lines.append(f"Style: {n['style']}")
    lines.append("Owner: " + (n.get("owner") or "none (coverage gap)"))
    return "\n".join(lines)


def map_elements(G: nx.MultiDiGraph, analysis, positions: Mapping[str, Mapping[str, float]], *,
                 visible: set[str] | None = None, search: str | None = None,
                 paths: list | None = None, won: Iterable[str] = ()) -> list[dict]:
    """Cytoscape elements for the map.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The influence map.
    analysis : influence.analysis.Analysis or None
        Scores (node size), leaders (ring and number), antibodies (marker).
    positions : mapping
        Person -> ``{"x": .., "y": ..}`` in pixels (:func:`positions_px`).
    visible : set, optional
        Only these people (and ties between them); default everybody.
    search : str, optional
        Name or title text: matching people are highlighted, the others faded.
    paths : list of InfluencePath, optional
        Up to three paths drawn on top in :data:`PATH_COLORS`.
    won : iterable of str
        People marked as won over in a what-if (drawn with a check ring).

    Returns
    -------
    list of dict
        Nodes (class ``person``), badge nodes (``badge``) and edges (``reporting``,
        ``tie``, ``conflict``, ``path``).
    """
    visible = set(G) if visible is None else set(visible) & set(G)
    ranks = {leader.id: leader.rank for leader in (analysis.leaders if analysis is not None else [])}
    antibodies = {ab.id for ab in (analysis.antibodies if analysis is not None else [])}
    won = set(won)
    needle = (search or "").strip().lower()
    path_nodes: dict[str, int] = {}
    for i, path in enumerate(paths or []):
        for p in path.people:
            path_nodes.setdefault(p, i)

    elements: list[dict] = []
    for person in G:
        if person not in visible or person not in positions:
            continue
        n = G.nodes[person]
        attitude = n.get("attitude") or "unknown"
        style = n.get("style")
        score = score_of(analysis, person)
        size = _node_size(score)
        rank = ranks.get(person)
        classes = ["person", f"att-{attitude}"]
        if rank:
            classes.append("leader")
        if person in antibodies:
            classes.append("antibody")
        if person in won:
            classes.append("won")
        if needle:
            text = f"{n.get('name') or ''} {n.get('title') or ''} {person}".lower()
            classes.append("match" if needle in text else "faded")
        if person in path_nodes:
            classes.append(f"on-path path-{path_nodes[person]}")
        elif path_nodes:
            classes.append("off-path")
        pos = positions[person]
        elements.append({
            "data": {
                "id": person, "label": display_name(G, person), "title": n.get("title") or "",
                "attitude": attitude, "color": ATTITUDE_COLORS.get(attitude, ATTITUDE_COLORS["unknown"]),
                "shape": STYLE_SHAPES.get(style, OTHER_STYLE_SHAPE if style else NO_STYLE_SHAPE),
                "size": size, "score": round(score, 1), "rank": rank or 0,
                "summary": _summary(G, analysis, person, rank, person in antibodies),
            },
            "position": dict(pos),
            "classes": " ".join(classes),
        })
        # Badges are separate little nodes pinned to the person's top corners: Cytoscape
        # gives a node one label, and the name needs it.
        if rank:
            elements.append({
                "data": {"id": f"rank::{person}", "label": str(rank), "owner": person},
                "position": {"x": pos["x"] + size / 2, "y": pos["y"] - size / 2},
                "classes": "badge rank-badge", "selectable": False, "grabbable": False,
            })
        if person in antibodies:
            elements.append({
                "data": {"id": f"antibody::{person}", "label": "!", "owner": person},
                "position": {"x": pos["x"] - size / 2, "y": pos["y"] - size / 2},
                "classes": "badge antibody-badge", "selectable": False, "grabbable": False,
            })

    for u, v, key, data in G.edges(keys=True, data=True):
        if u not in visible or v not in visible:
            continue
        dim = " off-path" if path_nodes else ""
        if key == REPORTING:
            elements.append({"data": {"id": f"{u}->{v}::{key}", "source": u, "target": v, "type": key},
                             "classes": "reporting" + dim})
            continue
        strength = data.get("strength")
        width = round(0.8 + 4 * (strength if strength is not None else 0.5), 2)
        elements.append({
            "data": {"id": f"{u}->{v}::{key}", "source": u, "target": v, "type": key,
                     "strength": strength, "width": width},
            "classes": ("conflict" if key == CONFLICT else "tie") + dim,
        })

    for i, path in enumerate(paths or []):
        people = [p for p in path.people if p in visible]
        for a, b in zip(people, people[1:]):
            elements.append({
                "data": {"id": f"path{i}::{a}->{b}", "source": a, "target": b, "type": "path",
                         "label": f"{i + 1}" if a == people[0] else ""},
                "classes": f"path path-{i}",
            })
    return elements


def stylesheet() -> list[dict]:
    """The Cytoscape stylesheet: attitude colours, style shapes, rings, ties, paths."""
    sheet = [
        {"selector": "node.person", "style": {
            "background-color": "data(color)", "shape": "data(shape)",
            "width": "data(size)", "height": "data(size)",
            "border-width": 1.5, "border-color": "#4a4f57",
            "label": "data(label)", "font-size": 12, "font-family": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
            "color": "#1f2329", "text-valign": "bottom", "text-margin-y": 3,
            "text-wrap": "ellipsis", "text-max-width": 96, "min-zoomed-font-size": 5,
            "text-background-color": "#ffffff", "text-background-opacity": 0.75,
            "text-background-padding": 1, "text-background-shape": "roundrectangle",
        }},
        {"selector": "node.att-unknown", "style": {"border-style": "dashed", "border-width": 2,
                                                   "border-color": "#6c757d"}},
        {"selector": "node.leader", "style": {
            "outline-width": 4, "outline-color": LEADER_RING, "outline-offset": 2, "outline-opacity": 1,
            "font-weight": "bold", "font-size": 16, "min-zoomed-font-size": 3, "z-index": 10,
            "text-max-width": 160}},
        {"selector": "node.antibody", "style": {"font-size": 15, "min-zoomed-font-size": 3, "color": "#7a0c0c"}},
        {"selector": "node.won", "style": {"underlay-color": "#1a7f44", "underlay-padding": 9,
                                           "underlay-opacity": 0.35, "underlay-shape": "ellipse"}},
        {"selector": "node.badge", "style": {
            "width": 18, "height": 18, "label": "data(label)", "font-size": 11, "font-weight": "bold",
            "color": "#ffffff", "text-valign": "center", "text-halign": "center", "events": "no",
            "border-width": 1.5, "border-color": "#ffffff", "z-index": 20}},
        {"selector": "node.rank-badge", "style": {"background-color": LEADER_RING, "shape": "ellipse"}},
        {"selector": "node.antibody-badge", "style": {"background-color": ANTIBODY_MARK, "shape": "round-triangle",
                                                      "width": 20, "height": 18}},
        {"selector": "node.faded", "style": {"opacity": 0.18}},
        {"selector": "node.off-path", "style": {"opacity": 0.35}},
        {"selector": "edge.off-path", "style": {"opacity": 0.06}},
        {"selector": "node.match", "style": {"underlay-color": "#ffd60a", "underlay-padding": 10,
                                             "underlay-opacity": 0.7, "underlay-shape": "ellipse"}},
        {"selector": "node:selected", "style": {"border-width": 4, "border-color": "#0d6efd"}},
        {"selector": "edge", "style": {"curve-style": "bezier", "opacity": 0.9}},
        {"selector": "edge.reporting", "style": {
            "width": 1.5, "line-color": "#9aa3ae", "curve-style": "taxi", "taxi-direction": "downward",
            "taxi-turn": 30, "target-arrow-shape": "none"}},
        {"selector": "edge.tie", "style": {
            "width": "data(width)", "line-color": "#5b7fb5", "target-arrow-color": "#5b7fb5",
            "target-arrow-shape": "triangle", "arrow-scale": 0.9, "opacity": 0.16}},
        {"selector": "edge.conflict", "style": {
            "width": 2, "line-color": "#d62828", "line-style": "dashed", "line-dash-pattern": [6, 4],
            "target-arrow-shape": "none", "opacity": 0.85}},
        {"selector": "edge.path", "style": {
            "width": 6, "target-arrow-shape": "triangle", "arrow-scale": 1.2, "opacity": 0.95, "z-index": 30,
            "label": "data(label)", "font-size": 12, "font-weight": "bold", "color": "#ffffff",
            "text-background-opacity": 1, "text-background-shape": "roundrectangle", "text-background-padding": 3}},
    ]
    for i, color in enumerate(PATH_COLORS):
        sheet.append({"selector": f"edge.path-{i}", "style": {
            "line-color": color, "target-arrow-color": color, "text-background-color": color}})
        sheet.append({"selector": f"node.path-{i}", "style": {"border-width": 5, "border-color": color}})
    return sheet


def network_stylesheet() -> list[dict]:
    """The stylesheet for the network layout: straight reporting lines, ties in front."""
    sheet = stylesheet()
    for rule in sheet:
        if rule["selector"] == "edge.reporting":
            rule["style"] = {k: v for k, v in rule["style"].items() if not k.startswith("taxi")}
            rule["style"].update({"curve-style": "straight", "width": 1, "line-color": "#c3c8cf"})
        elif rule["selector"] == "edge.tie":
            # In the org chart ties sit behind the hierarchy; here they are the picture.
            rule["style"] = {**rule["style"], "opacity": 0.55}
    return sheet



def fast_stylesheet(sheet: list[dict]) -> list[dict]:
    """A cheaper variant of *sheet* for thousands of people.

    Straight "haystack" lines instead of right-angled ones and no label backgrounds: the
    browser draws a 5,000-person chart several times faster and it reads the same when
    zoomed out (labels appear on zooming in).
    """
    fast = []
    for rule in sheet:
        style = {k: v for k, v in rule["style"].items()
                 if not k.startswith(("taxi", "text-background", "outline", "underlay"))}
        if rule["selector"] == "edge.reporting":
            style["curve-style"] = "haystack"
        if rule["selector"] == "node.person":
            style["min-zoomed-font-size"] = 9
        fast.append({"selector": rule["selector"], "style": style})
    fast.append({"selector": "node.leader", "style": {"border-width": 4, "border-color": LEADER_RING}})
    return fast


def legend_items() -> dict[str, list[tuple[str, str]]]:
    """What the legend shows: attitude colours and style shapes, in scale order."""
    return {
        "attitude": [(a, ATTITUDE_COLORS[a]) for a in ATTITUDES],
        "style": [(s, STYLE_SHAPES[s]) for s in STYLES] + [("other style", OTHER_STYLE_SHAPE)],
    }


def _jitter(person: str, width: float) -> float:
    # Stable across reloads (hash() is salted per process): the same dot stays put.
    digest = hashlib.blake2b(person.encode(), digest_size=4).digest()
    return (int.from_bytes(digest, "big") / 2**32 - 0.5) * width


def grid_figure(G: nx.MultiDiGraph, analysis, *, visible: set[str] | None = None):
    """The stakeholder grid: influence score up, attitude across, four quadrants.

    Unknown attitudes sit in their own column on the left. Each dot's ``customdata`` is
    the person id, so a click can open the card.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    import plotly.graph_objects as go

    visible = set(G) if visible is None else visible
    x_of = {a: (v if v is not None else -3.2) for a, v in ATTITUDE_VALUE.items()}
    fig = go.Figure()
    # Quadrant shading: against on the left, for us on the right; powerful on top.
    for (level, side), label in QUADRANTS.items():
        x0, x1 = (-2.6, 0.5) if side == "against" else (0.5, 2.6)
        y0, y1 = (_HIGH_SCORE, 105) if level == "high" else (-5, _HIGH_SCORE)
        tint = {"Manage closely": "rgba(214,40,40,0.07)", "Keep satisfied": "rgba(26,127,68,0.07)",
                "Keep informed": "rgba(26,127,68,0.03)", "Monitor": "rgba(108,117,125,0.05)"}[label]
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line_width=0, fillcolor=tint, layer="below")
        fig.add_annotation(x=x0 + 0.08 if side == "against" else x1 - 0.08, y=y1 - 2, text=f"<b>{label}</b>",
                           showarrow=False, xanchor="left" if side == "against" else "right", yanchor="top",
                           font=dict(size=13, color="#495057"))
    fig.add_shape(type="rect", x0=-3.7, x1=-2.7, y0=-5, y1=105, line_width=0, fillcolor="rgba(108,117,125,0.08)",
                  layer="below")
    ranks = {leader.id: leader.rank for leader in (analysis.leaders if analysis is not None else [])}
    for attitude in ATTITUDES:
        people = [p for p in G if p in visible and (G.nodes[p].get("attitude") or "unknown") == attitude]
        if not people:
            continue
        scores = [score_of(analysis, p) for p in people]
        fig.add_trace(go.Scatter(
            x=[x_of[attitude] + _jitter(p, 0.55) for p in people], y=scores, mode="markers+text",
            name=attitude, customdata=people,
            text=[f"{ranks[p]}" if p in ranks else "" for p in people], textposition="middle center",
            textfont=dict(color="white", size=10),
            hovertext=[f"<b>{display_name(G, p)}</b><br>{G.nodes[p].get('title') or ''}<br>"
                       f"influence {s:.0f} · {attitude}" + (f"<br>leading 10 percenter #{ranks[p]}" if p in ranks else "")
                       for p, s in zip(people, scores)],
            hoverinfo="text",
            marker=dict(size=[12 + s / 5 for s in scores], color=ATTITUDE_COLORS[attitude],
                        line=dict(width=[3 if p in ranks else 1 for p in people],
                                  color=[LEADER_RING if p in ranks else "#4a4f57" for p in people])),
        ))
    fig.add_vline(x=0.5, line=dict(color="#adb5bd", width=1, dash="dot"))
    fig.add_hline(y=_HIGH_SCORE, line=dict(color="#adb5bd", width=1, dash="dot"))
    fig.update_layout(
        template="plotly_white", margin=dict(l=60, r=20, t=20, b=50), showlegend=False,
        xaxis=dict(title="attitude toward us", range=[-3.75, 2.65], zeroline=False, fixedrange=True,
                   tickvals=[-3.2, -2, -1, 0, 1, 2],
                   ticktext=["unknown", "opponent", "skeptic", "neutral", "supporter", "champion"]),
        yaxis=dict(title="influence score", range=[-5, 105], zeroline=False, fixedrange=True),
        clickmode="event", hoverlabel=dict(bgcolor="white"), dragmode=False,
    )
    return fig
