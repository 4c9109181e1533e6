"""Pure functions from a map and its analysis to what the browser draws.

Cytoscape elements and stylesheet and the stakeholder grid figure; who is shown and
which cell of the grid a person is in are the library's rules (:mod:`influence.filters`,
:mod:`influence.stakeholder_grid`). Nothing here touches Dash callbacks or the workspace,
so every function is tested without a browser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import networkx as nx

from influence.filters import visible_people  # the library's filters; re-exported for the callbacks
from influence.graph import display_name
from influence.layout import BOX_WIDTH
from influence.people import normalize_name
from influence.stakeholder_grid import HIGH_INFLUENCE, LEVELS, QUADRANTS, SIDES, stakeholder_quadrant
from influence.theme import (ANTIBODY_COLOUR, ATTITUDE_COLOURS, ATTITUDE_GLYPHS, ATTITUDE_TEXT_COLOURS,
                            LEADER_COLOUR)
from influence.vocabulary import ATTITUDES, CONFLICT, REPORTING, STYLES

__all__ = [
    "ATTITUDE_COLORS",
    "STYLE_SHAPES",
    "SLOT_PX",
    "ORG_SLOT_PX",
    "org_chart_px",
    "node_size",
    "short_title",
    "LABEL_PX",
    "QUADRANTS",
    "positions_px",
    "network_px",
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

ATTITUDE_COLORS = ATTITUDE_COLOURS
"""Fill colour of each attitude: the theme's (:mod:`influence.theme`), as in every export."""

STYLE_SHAPES = {"Driver": "round-rectangle", "Expressive": "star", "Amiable": "ellipse", "Analytical": "diamond"}
"""Node shape of each social style; other styles are hexagons, no style a small circle."""

OTHER_STYLE_SHAPE = "hexagon"
NO_STYLE_SHAPE = "ellipse"

SLOT_PX = 130
"""Pixels per layout slot of the network layout (before stretching it to the canvas)."""

ORG_SLOT_PX = (200, 54)
"""(Width, height) in pixels of a slot of the org chart: a person with name and title beside."""

_NODE_SIZES = {"org": (16, 36), "network": (18, 46)}  # px at influence score 0 and 100
_SPINE_OFFSET = 26  # px the spine of a stacked column runs left of its people's centres
_DROP = 27  # px a stacked column's line drops below its manager before running to the spine
LABEL_PX = 13
"""Font size of names (and titles) on the map, px at zoom 1."""
_STYLE_CLASS = {style: f"sty-{style.lower()}" for style in STYLES}

LEADER_RING = LEADER_COLOUR  # the exports' ring and badges (influence.theme)
ANTIBODY_MARK = ANTIBODY_COLOUR
PATH_COLORS = ("#ff8c00", "#8e44ad", "#00897b")
"""Highlight colours of the 1st, 2nd and 3rd path."""

_HIGH_SCORE = HIGH_INFLUENCE

GRID_X = {"opponent": -2, "skeptic": -1, "unknown": 0, "neutral": 1, "supporter": 2, "champion": 3}
"""Where each attitude's column is drawn across the stakeholder grid (the middle holds unknown and neutral)."""

_GRID_BANDS = {"against": (-2.6, -0.5), "middle": (-0.5, 1.5), "for": (1.5, 3.6)}
_GRID_TINTS = {"Manage closely": "rgba(214,40,40,0.07)", "Win over": "rgba(240,173,78,0.09)",
               "Keep satisfied": "rgba(26,127,68,0.07)", "Keep informed": "rgba(26,127,68,0.03)",
               "Monitor": "rgba(108,117,125,0.05)"}


def score_of(analysis, person: str) -> float:
    """The 0-100 influence score, 0 when the analysis has none for *person*."""
    if analysis is None:
        return 0.0
    score = analysis.scores.get(person)
    return float(getattr(score, "value", score) or 0.0)


def quadrant(score: float, attitude: str | None) -> str:
    """The stakeholder-grid cell of a person (:func:`influence.stakeholder_grid.stakeholder_quadrant`).

    Examples
    --------
    >>> quadrant(80, "opponent"), quadrant(80, "champion"), quadrant(80, "unknown"), quadrant(10, "skeptic")
    ('Manage closely', 'Keep satisfied', 'Win over', 'Monitor')
    """
    return stakeholder_quadrant(score, attitude)


def positions_px(layout: Mapping[str, tuple[float, float]], slot: tuple[float, float] = (SLOT_PX, SLOT_PX),
                 *, shift: float = 0.0) -> dict[str, dict[str, int]]:
    """Layout slots (y up) to Cytoscape pixels (y down), rounded to whole pixels.

    *slot* is the (width, height) of one slot in pixels; *shift* moves everybody right.

    Examples
    --------
    >>> positions_px({"a": (1.0, 2.0)}, (100, 50))
    {'a': {'x': 100, 'y': -100}}
    """
    w, h = slot
    return {p: {"x": round(x * w + shift), "y": round(-y * h)} for p, (x, y) in layout.items()}


def network_px(layout: Mapping[str, tuple[float, float]], shape: float = 1.0) -> dict[str, dict[str, int]]:
    """Network layout slots to pixels, stretched to a canvas *shape* (width / height).

    A force-directed layout has no natural proportions, so it takes the canvas's.

    Examples
    --------
    >>> network_px({"a": (0.0, 0.0), "b": (1.0, 1.0)}, 2.0)
    {'a': {'x': 0, 'y': 0}, 'b': {'x': 184, 'y': -92}}
    """
    xs = [x for x, _ in layout.values()] or [0.0]
    ys = [y for _, y in layout.values()] or [0.0]
    width, height = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    stretch = (shape * height / width) ** 0.5  # keep the area, change the proportions
    return positions_px(layout, (SLOT_PX * stretch, SLOT_PX / stretch))


def _fit_zoom(pos: Mapping[str, tuple[float, float]], canvas: tuple[float, float]) -> float:
    """How far a chart in slots can be zoomed to fit *canvas* (px) with its labels."""
    w, h = ORG_SLOT_PX
    xs = [x for x, _ in pos.values()] or [0.0]
    ys = [y for _, y in pos.values()] or [0.0]
    return min(canvas[0] / ((max(xs) - min(xs) + 1) * w), canvas[1] / ((max(ys) - min(ys) + 1) * h))


def org_chart_px(G: nx.MultiDiGraph, canvas: tuple[float, float] = (1200, 800), *,
                 candidates: int = 9) -> tuple[dict, dict]:
    """The org chart that fills a *canvas* of (width, height) pixels best, in pixels.

    The layout's aspect ratio is chosen for the canvas: the canvas's own ratio (in
    slots, which are wider than tall here because labels sit beside people) and, for a
    map of up to 400 people, a few ratios around it and the classic hanging stacks; the
    one that can be drawn largest wins. Returns ``(positions, spines)``: pixel positions
    and, for each person in a stacked column, the x of the column's spine (their
    reporting line runs down it, as on a printed org chart).

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map()
    >>> for p in ("ceo", "a", "b", "c"):
    ...     _ = add_person(G, p, p)
    >>> for p in "abc":
    ...     add_reporting_line(G, "ceo", p)
    >>> wide, _ = org_chart_px(G, (2000, 300))
    >>> tall, spines = org_chart_px(G, (300, 2000))
    >>> len({v["y"] for v in wide.values()}), len({v["y"] for v in tall.values()}), sorted(spines)
    (2, 4, ['a', 'b', 'c'])
    """
    from influence.layout import org_charts

    w, h = ORG_SLOT_PX
    base = max(0.02, canvas[0] / max(canvas[1], 1.0) * h / w)
    aspects: list = [base]
    if G.number_of_nodes() <= 400 and candidates > 1:
        aspects += [base * f for f in (0.5, 0.7, 1.4, 2.0, 3.0)] + [(base, 0.0), (2 * base, 0.0), (4 * base, 0.0)]
    charts = org_charts(G, aspects[:max(1, candidates)])
    chart = max(charts, key=lambda c: _fit_zoom(c.pos, canvas))
    # The person sits at the left of their slot and the name and title to their right,
    # so a manager's drop line meets the middle of the team below.
    shift = -(BOX_WIDTH * w - _NODE_SIZES["org"][1]) / 2
    pos = positions_px(chart.pos, ORG_SLOT_PX, shift=shift)
    spines = {}
    for columns in chart.teams.values():
        for _, column in columns:
            if len(column) > 1:
                x = min(pos[p]["x"] for p in column) - _SPINE_OFFSET
                spines.update({p: x for p in column})
    return pos, spines


def node_size(score: float, kind: str = "org") -> float:
    """The drawn size of a person (px) of influence *score* (0-100) in the *kind* of map.

    The same linear map as the stylesheet's ``mapData(score, ...)``.

    Examples
    --------
    >>> node_size(0), node_size(100), node_size(50, "network")
    (16.0, 36.0, 32.0)
    """
    low, high = _NODE_SIZES[kind]
    return round(low + (high - low) * max(0.0, min(100.0, score)) / 100, 1)


def short_title(title: str | None, limit: int = 22) -> str:
    """A title short enough for a label: common words abbreviated, then cut with "…".

    Examples
    --------
    >>> short_title("Vice President, Enterprise Sales Operations")
    'VP, Ent. Sales Ops'
    """
    from influence.export.figure import abbreviate_title  # the briefing's abbreviations, so both read alike

    text = (title or "").strip()
    if len(text) > limit:
        text = abbreviate_title(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ,;-&") + "…"


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
                 paths: list | None = None, won: Iterable[str] = (), kind: str = "org",
                 spines: Mapping[str, float] | None = None, summaries: bool = True,
                 matches: set[str] | None = None) -> list[dict]:
    """Cytoscape elements for the map.

    Only what differs from person to person travels: the id, the label, the score (the
    stylesheet sizes by it), the rank and the hover summary; colour, shape and marks are
    classes the stylesheet draws (``att-champion``, ``sty-driver``, ``leader``, …).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The influence map.
    analysis : influence.analysis.Analysis or None
        Scores (node size), leaders (ring and number), antibodies (marker).
    positions : mapping
        Person -> ``{"x": .., "y": ..}`` in pixels (:func:`positions_px`, :func:`org_chart_px`).
    visible : set, optional
        Only these people (and ties between them); default everybody.
    search : str, optional
        Name or title text: matching people are highlighted, the others faded.
    matches : set, optional
        The people the *search* matches, when already found (:func:`influence.search.matching_people`,
        which also knows abbreviations such as "CFO").
    paths : list of InfluencePath, optional
        Up to three paths drawn on top in :data:`PATH_COLORS`.
    won : iterable of str
        People marked as won over in a what-if (drawn with a check ring).
    kind : {"org", "network"}
        The org chart labels people with name and short title beside them; the network
        with the name below.
    spines : mapping, optional
        Person -> x of the spine their reporting line runs down (:func:`org_chart_px`).
    summaries : bool
        Carry the hover summary of each person (left out on big maps to keep the reply small;
        the browser then shows the label and score).

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
    spines = spines or {}
    needle = normalize_name(search)  # a name matches however it is typed (influence.people)
    if needle and matches is None:
        from influence.search import matching_people

        matches = set(matching_people(G, search))
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
        size = node_size(score, kind)
        rank = ranks.get(person)
        classes = ["person", f"att-{attitude}", _STYLE_CLASS.get(style, "sty-other" if style else "sty-none")]
        if rank:
            classes.append("leader")
        if person in antibodies:
            classes.append("antibody")
        if person in won:
            classes.append("won")
        if needle:
            classes.append("match" if person in matches else "faded")
        if person in path_nodes:
            classes.append(f"on-path path-{path_nodes[person]}")
        elif path_nodes:
            classes.append("off-path")
        pos = positions[person]
        label = display_name(G, person)
        if kind == "org" and n.get("title"):
            label += "\n" + short_title(n["title"])
        data = {"id": person, "label": label, "score": round(score)}
        if rank:
            data["rank"] = rank
        if summaries:
            data["summary"] = _summary(G, analysis, person, rank, person in antibodies)
        elements.append({"data": data, "position": {"x": pos["x"], "y": pos["y"]}, "classes": " ".join(classes)})
        # Badges are separate little nodes pinned to the person's top corners: Cytoscape
        # gives a node one label, and the name needs it.
        if rank:
            elements.append({
                "data": {"id": f"rank::{person}", "label": str(rank), "owner": person},
                "position": {"x": round(pos["x"] + size / 2), "y": round(pos["y"] - size / 2)},
                "classes": "badge rank-badge", "selectable": False, "grabbable": False,
            })
        if person in antibodies:
            elements.append({
                "data": {"id": f"antibody::{person}", "label": "!", "owner": person},
                "position": {"x": round(pos["x"] - size / 2), "y": round(pos["y"] - size / 2)},
                "classes": "badge antibody-badge", "selectable": False, "grabbable": False,
            })

    dim = " off-path" if path_nodes else ""
    # A collapsed big chart shows a few of its people: read only their lines.
    edges = (G.edges(keys=True, data=True) if 2 * len(visible) > G.number_of_nodes() else
             G.out_edges([p for p in G if p in visible], keys=True, data=True))
    for u, v, key, data in edges:
        if u not in visible or v not in visible:
            continue
        if key == REPORTING:
            edge = {"data": {"id": f"{u}>{v}", "source": u, "target": v}, "classes": "reporting" + dim}
            if kind == "org" and v in spines and u in positions and v in positions:
                edge["data"].update(_spine_route(positions[u], positions[v], spines[v]))
                edge["classes"] += " spine"
            elements.append(edge)
            continue
        strength = data.get("strength")
        elements.append({
            "data": {"id": f"{u}>{v}:{key}", "source": u, "target": v,
                     "strength": round(strength if strength is not None else 0.5, 2)},
            "classes": ("conflict" if key == CONFLICT else "tie") + dim,
        })

    for i, path in enumerate(paths or []):
        people = [p for p in path.people if p in visible]
        for a, b in zip(people, people[1:]):
            elements.append({
                "data": {"id": f"path{i}::{a}->{b}", "source": a, "target": b,
                         "label": f"{i + 1}" if a == people[0] else ""},
                "classes": f"path path-{i}",
            })
    return elements


def _spine_route(source: Mapping[str, float], target: Mapping[str, float], spine_x: float) -> dict:
    """Segment points taking a reporting line across to the spine, down it, and in.

    Cytoscape places segment points by a weight along the source-target line and a
    distance square to it (``edge-distances: node-position``).
    """
    sx, sy, tx, ty = source["x"], source["y"], target["x"], target["y"]
    dx, dy = tx - sx, ty - sy
    length2 = dx * dx + dy * dy or 1.0
    length = length2 ** 0.5
    weights, distances = [], []
    for px, py in ((sx, sy + _DROP), (spine_x, sy + _DROP), (spine_x, ty)):
        weights.append(round(((px - sx) * dx + (py - sy) * dy) / length2, 4))
        distances.append(round((-(px - sx) * dy + (py - sy) * dx) / length, 1))
    return {"sw": weights, "sd": distances}


_FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"


def stylesheet(kind: str = "org") -> list[dict]:
    """The Cytoscape stylesheet: attitude colours, style shapes, rings, ties, paths.

    In the org chart influence ties are faint until a person is hovered or selected
    (class ``hl``, set in the browser), so the hierarchy reads first.
    """
    low, high = _NODE_SIZES[kind]
    person = {
        "background-color": ATTITUDE_COLORS["unknown"], "shape": NO_STYLE_SHAPE,
        "width": f"mapData(score, 0, 100, {low}, {high})", "height": f"mapData(score, 0, 100, {low}, {high})",
        "border-width": 1.5, "border-color": "#4a4f57",
        "label": "data(label)", "font-size": LABEL_PX, "font-family": _FONT, "color": "#1f2329",
        "min-zoomed-font-size": 5, "text-wrap": "wrap", "line-height": 1.15,
    }
    if kind == "org":
        person.update({"text-halign": "right", "text-valign": "center", "text-justification": "left",
                       "text-margin-x": 5, "text-max-width": 400})
    else:
        person.update({"font-size": 13, "text-valign": "bottom", "text-margin-y": 3, "text-max-width": 160,
                       "text-background-color": "#ffffff", "text-background-opacity": 0.75,
                       "text-background-padding": 1, "text-background-shape": "roundrectangle"})
    sheet = [{"selector": "node.person", "style": person}]
    # Colour and the attitude's sign (++ + ± − −− ?) drawn on the node: readable without colour.
    sheet += [{"selector": f"node.att-{a}", "style": {"background-color": c, "background-image": _glyph_image(a),
                                                       "background-fit": "contain", "background-clip": "node"}}
              for a, c in ATTITUDE_COLORS.items()]
    sheet += [{"selector": f"node.{cls}", "style": {"shape": STYLE_SHAPES[style]}} for style, cls in _STYLE_CLASS.items()]
    sheet += [
        {"selector": "node.sty-other", "style": {"shape": OTHER_STYLE_SHAPE}},
        {"selector": "node.att-unknown", "style": {"border-style": "dashed", "border-width": 2,
                                                   "border-color": "#6c757d"}},
        {"selector": "node.leader", "style": {
            "outline-width": 3, "outline-color": LEADER_RING, "outline-offset": 2, "outline-opacity": 1,
            "font-weight": "bold", "color": LEADER_RING, "z-index": 10,
            **({"text-margin-x": 11} if kind == "org" else {})}},  # clear of the rank badge
        {"selector": "node.antibody", "style": {"color": ANTIBODY_MARK}},
        {"selector": "node.won", "style": {"underlay-color": "#1a7f44", "underlay-padding": 7,
                                           "underlay-opacity": 0.35, "underlay-shape": "ellipse"}},
        {"selector": "node.badge", "style": {
            "width": 15, "height": 15, "label": "data(label)", "font-size": 10, "font-weight": "bold",
            "color": "#ffffff", "text-valign": "center", "text-halign": "center", "events": "no",
            "border-width": 1.2, "border-color": "#ffffff", "z-index": 20, "min-zoomed-font-size": 4}},
        {"selector": "node.rank-badge", "style": {"background-color": LEADER_RING, "shape": "ellipse"}},
        {"selector": "node.antibody-badge", "style": {"background-color": ANTIBODY_MARK, "shape": "round-triangle",
                                                      "width": 16, "height": 15}},
        # A closed or open team's head count under its manager (dashboards.orgchart).
        {"selector": "node.fold", "style": {
            "shape": "round-rectangle", "width": 40, "height": 15, "label": "data(label)", "font-size": 10,
            "font-weight": "bold", "text-valign": "center", "text-halign": "center", "background-color": "#e7ecf6",
            "border-width": 1, "border-color": LEADER_RING, "color": LEADER_RING, "z-index": 25,
            "min-zoomed-font-size": 4}},
        {"selector": "node.fold-open", "style": {"background-color": "#ffffff", "width": 18}},
        {"selector": "node.faded", "style": {"opacity": 0.18}},
        {"selector": "node.off-path", "style": {"opacity": 0.35}},
        {"selector": "edge.off-path", "style": {"opacity": 0.06}},
        {"selector": "node.match", "style": {"underlay-color": "#ffd60a", "underlay-padding": 8,
                                             "underlay-opacity": 0.7, "underlay-shape": "ellipse"}},
        {"selector": "node:selected", "style": {"border-width": 4, "border-color": "#0d6efd"}},
        {"selector": "edge", "style": {"curve-style": "bezier", "opacity": 0.9}},
        {"selector": "edge.reporting", "style": {
            "width": 1.2, "line-color": "#a3abb5", "curve-style": "taxi", "taxi-direction": "downward",
            "taxi-turn": "50%", "target-arrow-shape": "none"}},
        {"selector": "edge.reporting.spine", "style": {
            "curve-style": "segments", "edge-distances": "node-position", "segment-weights": "data(sw)",
            "segment-distances": "data(sd)", "segment-radius": 0}},
        {"selector": "edge.tie", "style": {
            "width": "mapData(strength, 0, 1, 0.8, 4.8)", "line-color": "#5b7fb5", "target-arrow-color": "#5b7fb5",
            "target-arrow-shape": "triangle", "arrow-scale": 0.9, "opacity": 0.06 if kind == "org" else 0.3}},
        {"selector": "edge.conflict", "style": {
            "width": 2, "line-color": "#d62828", "line-style": "dashed", "line-dash-pattern": [6, 4],
            "target-arrow-shape": "none", "opacity": 0.45 if kind == "org" else 0.85}},
        # The ties of the person under the pointer or selected (set by assets/influence.js).
        {"selector": "edge.hl", "style": {"opacity": 1, "z-index": 40}},
        {"selector": "edge.tie.hl", "style": {"line-color": "#1f5fbf", "target-arrow-color": "#1f5fbf"}},
        {"selector": "edge.path", "style": {
            "width": 6, "target-arrow-shape": "triangle", "arrow-scale": 1.2, "opacity": 0.95, "z-index": 30,
            "label": "data(label)", "font-size": 12, "font-weight": "bold", "color": "#ffffff",
            "text-background-opacity": 1, "text-background-shape": "roundrectangle", "text-background-padding": 3}},
    ]
    if kind != "org":
        sheet.append({"selector": "edge.reporting", "style": {
            "curve-style": "straight", "width": 1, "line-color": "#c3c8cf"}})
    for i, color in enumerate(PATH_COLORS):
        sheet.append({"selector": f"edge.path-{i}", "style": {
            "line-color": color, "target-arrow-color": color, "text-background-color": color}})
        sheet.append({"selector": f"node.path-{i}", "style": {"border-width": 5, "border-color": color}})
    return sheet


def _glyph_image(attitude: str) -> str:
    """The attitude's sign as an SVG data URI, in the attitude's text colour, for a node's background."""
    from urllib.parse import quote

    glyph = ATTITUDE_GLYPHS[attitude]
    svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40' viewBox='0 0 40 40'>"
           "<text x='20' y='20' font-family='Arial, Helvetica, sans-serif' font-weight='bold' "
           f"font-size='{22 if len(glyph) == 1 else 17}' text-anchor='middle' dominant-baseline='central' "
           f"fill='{ATTITUDE_TEXT_COLOURS[attitude]}'>{glyph}</text></svg>")
    return "data:image/svg+xml;utf8," + quote(svg)


def network_stylesheet() -> list[dict]:
    """The stylesheet for the network layout: names below people, straight reporting lines."""
    return stylesheet("network")


def fast_stylesheet(sheet: list[dict]) -> list[dict]:
    """A cheaper variant of *sheet* for thousands of people.

    Straight "haystack" lines instead of right-angled ones and no label backgrounds: the
    browser draws a 5,000-person chart several times faster and it reads the same when
    zoomed out; labels appear on zooming in.
    """
    fast = []
    for rule in sheet:
        style = {k: v for k, v in rule["style"].items()
                 if not k.startswith(("taxi", "segment", "edge-distances", "text-background", "outline",
                                      "underlay", "background-image", "background-fit", "background-clip"))}
        if rule["selector"] in ("edge.reporting", "edge.reporting.spine"):
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
    """The stakeholder grid: influence score up, attitude across, in the cells of
    :mod:`influence.stakeholder_grid` (antibodies, the hesitant middle, allies).

    Unknown attitudes sit beside neutral ones, in the middle. Each dot's ``customdata``
    is the person id, so a click can open the card.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    import plotly.graph_objects as go

    visible = set(G) if visible is None else visible
    x_of = GRID_X
    fig = go.Figure()
    # Cell shading: against on the left, the middle, for us on the right; powerful on top.
    # Neighbouring cells that say the same ("Keep informed") are one cell.
    for level in LEVELS:
        y0, y1 = (_HIGH_SCORE, 105) if level == "high" else (-5, _HIGH_SCORE)
        cells = []
        for side in SIDES:
            label = QUADRANTS[(level, side)]
            if cells and cells[-1][0] == label:
                cells[-1][2] = _GRID_BANDS[side][1]
            else:
                cells.append([label, *_GRID_BANDS[side]])
        for label, x0, x1 in cells:
            fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line_width=0, fillcolor=_GRID_TINTS[label],
                          layer="below")
            fig.add_annotation(x=(x0 + x1) / 2, y=y1 - 2, text=f"<b>{label}</b>", showarrow=False, xanchor="center",
                               yanchor="top", font=dict(size=13, color="#495057"))
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
    for side in SIDES[1:]:
        fig.add_vline(x=_GRID_BANDS[side][0], line=dict(color="#adb5bd", width=1, dash="dot"))
    fig.add_hline(y=_HIGH_SCORE, line=dict(color="#adb5bd", width=1, dash="dot"))
    order = sorted(GRID_X, key=GRID_X.get)
    fig.update_layout(
        template="plotly_white", margin=dict(l=60, r=20, t=20, b=50), showlegend=False,
        xaxis=dict(title="attitude toward us", range=[_GRID_BANDS["against"][0], _GRID_BANDS["for"][1]],
                   zeroline=False, fixedrange=True, tickvals=[GRID_X[a] for a in order], ticktext=order),
        yaxis=dict(title="influence score", range=[-5, 105], zeroline=False, fixedrange=True),
        clickmode="event", hoverlabel=dict(bgcolor="white"), dragmode=False,
    )
    return fig
