"""Page fitting: who fits on one page, how their org chart is arranged, which ties to draw.

The diagram and the deck's map slide both ask :func:`fit_page` for the people to draw
and the chart's scale in page pixels, so the two show the same people in the same
arrangement. Maps too big to read on one page show their *influential core* (the most
influential people, the leading 10 percenters and the antibodies, with their managers)
and say what was left out.
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

from ..layout import BOX_HEIGHT, BOX_WIDTH, org_charts
from ..vocabulary import CONFLICT, REPORTING
from .text import LEADING, PAD, box_label, labels_cut, lines_em

__all__ = ["MIN_FONT_PX", "PageFit", "core_people", "fit_page", "key_ties"]

MIN_FONT_PX = 9.4
"""The smallest text on the map: 7 pt once the page is printed at its paper size."""


class PageFit(NamedTuple):
    """The people on a page and their chart, in page pixels with y upwards.

    A slot ``(x, y)`` of ``chart.pos`` is at page pixel ``(origin[0] + x * scale[0],
    origin[1] + y * scale[1])``; a box is ``BOX_WIDTH * scale[0]`` by
    ``BOX_HEIGHT * scale[1]`` px.
    """

    kept: list  # ids drawn, in map order
    left_out: str  # the sentence saying who is not drawn ("" when everyone is)
    tree: object  # networkx graph of the kept people, each under their nearest kept manager
    indirect: set  # people drawn under a manager further up than their own (dotted line)
    chart: object  # the org chart (influence.layout), positions in slots
    scale: tuple  # (sx, sy) px per slot
    font: float  # label font size, px
    origin: tuple  # page px of slot (0, 0)

    @property
    def box_size(self) -> tuple[float, float]:
        """(width, height) of a person's box in px."""
        return BOX_WIDTH * self.scale[0], BOX_HEIGHT * self.scale[1]

    def centres(self) -> dict:
        """Page pixel (x, y) of each drawn person's box centre (y upwards)."""
        (sx, sy), (ox, oy) = self.scale, self.origin
        return {v: (ox + x * sx, oy + y * sy) for v, (x, y) in self.chart.pos.items()}


def core_people(briefing, max_people: int = 80) -> tuple[list[str], str]:
    """The people to draw and, when some are left out, a sentence saying which.

    Up to *max_people* are drawn: everyone on a small map. On a larger one people are
    taken in order of importance, each with their manager for context, until the page is
    full: the best path to the target, the leading 10 percenters in order of approach
    (up to 40% of the page), the most influential antibodies (up to 20%), then the most
    influential of everyone else.

    Parameters
    ----------
    briefing : Briefing
        The prepared briefing.
    max_people : int, default 80
        How many boxes one page can hold legibly.

    Returns
    -------
    (list of str, str)
        Ids to draw in map order, and the note for the subtitle ("" when nobody is left out).
    """
    people = briefing.people
    ids = list(people)
    if len(ids) <= max_people:
        return ids, ""
    chosen: set[str] = set()

    def take(v) -> bool:
        """Add *v* with their manager if both fit; True if *v* is on the page."""
        if v in chosen:
            return True
        boss = people[v].manager
        need = {v} | ({boss} if boss in people else set())
        if len(chosen | need) > max_people:
            return False
        chosen.update(need)
        return True

    for path in briefing.paths[:1]:
        for v in path.ids:
            take(v)
    leaders = [r.id for r in briefing.leaders]
    shown_leaders = 0
    for v in leaders:
        if len(chosen) >= 0.4 * max_people or not take(v):
            break
        shown_leaders += 1
    antibodies = sorted(briefing.antibodies, key=lambda a: -(a.score or 0.0))
    shown_antibodies = 0
    cap = len(chosen) + 0.2 * max_people
    for a in antibodies:
        if len(chosen) >= cap or not take(a.id):
            break
        shown_antibodies += 1
    before = len(chosen)
    for v in sorted(ids, key=lambda v: -(people[v].score or 0.0)):
        if len(chosen) >= max_people:
            break
        take(v)
    order = {v: i for i, v in enumerate(ids)}
    kept = sorted(chosen, key=order.get)

    parts = []
    if leaders:
        parts.append("the leading 10 percenters" if shown_leaders == len(leaders)
                     else f"the first {shown_leaders} of {len(leaders):,} leading 10 percenters")
    if antibodies:
        parts.append("the antibodies" if shown_antibodies == len(antibodies)
                     else f"the {shown_antibodies} most influential of {len(antibodies):,} antibodies")
    if len(chosen) > before:
        parts.append("the most influential others")
    what = (", ".join(parts[:-1]) + " and " + parts[-1]) if len(parts) > 1 else (parts[0] if parts else "the core")
    note = (f"Showing {len(kept)} of {len(ids):,} people: {what}, with their managers "
            f"({len(ids) - len(kept):,} left out; the HTML and workbook exports hold everyone).")
    return kept, note


def _drawn_tree(briefing, kept: list[str]):
    """A small graph of the kept people, each linked to the nearest kept manager above."""
    import networkx as nx

    keep = set(kept)
    people = briefing.people
    H = nx.MultiDiGraph()
    indirect = set()
    for v in kept:
        H.add_node(v, manager=None)
    for v in kept:
        boss, hops, seen = people[v].manager, 1, {v}
        while boss is not None and boss in people and boss not in keep and boss not in seen:
            seen.add(boss)
            boss, hops = people[boss].manager, hops + 1
        if boss in keep and boss != v:
            H.add_edge(boss, v, key=REPORTING, type=REPORTING)
            H.nodes[v]["manager"] = boss
            if hops > 1:
                indirect.add(v)
    return H, indirect


def fit_page(briefing, max_people: int, area) -> PageFit:
    """The people to draw and their chart, as many as fit with labels of at least 7 pt.

    Starts from :func:`core_people` with *max_people* and leaves out more (15% at a
    time) while the labels would come out smaller than :data:`MIN_FONT_PX`.

    Parameters
    ----------
    briefing : Briefing
        The prepared briefing.
    max_people : int
        At most this many people.
    area : callable
        ``area(left_out)`` gives the drawing area ``(x0, y0, x1, y1)`` in page pixels (y
        up); *left_out* is the note saying who is left out, so a caller can make room for it.

    Returns
    -------
    PageFit
    """
    people = briefing.people
    limit = max_people
    while True:
        kept, left_out = core_people(briefing, limit)
        H, indirect = _drawn_tree(briefing, kept)
        labels = [box_label(people[v]) for v in kept]
        chart, scale, font, origin = _fit_chart(H, labels, area(left_out))
        if font >= MIN_FONT_PX or len(kept) <= 12:
            return PageFit(kept, left_out, H, indirect, chart, scale, max(font, MIN_FONT_PX), origin)
        limit = max(12, int(len(kept) * 0.85))


def _fit_chart(H, labels: list[tuple[str, str]], area):
    """Choose the team arrangement and scale that give the largest legible labels.

    *labels* holds each box's ``(name, title)``. A label is the name on one or two lines
    plus at least one line of title (which starts with the attitude's sign), or, when no
    box shows a title (an anonymised map, where the name is the title), the sign and the
    name on up to four lines. Team arrangements are tried per level (a row of sub-teams, a single hanging
    stack, or between); the one whose labels come out largest wins.

    Returns the chart, the ``(sx, sy)`` pixels per slot, the font size in px and the
    pixel position of slot ``(0, 0)``.
    """
    area_w, area_h = area[2] - area[0], area[3] - area[1]
    titled = any(title for _, title in labels)
    # (width in em of the widest name, lines per box) for each way of breaking names.
    # Breaking names costs a line the title could use: a layout that breaks them must
    # give a noticeably bigger font (3% per extra line) to be preferred.
    # Untitled boxes put the sign before the name: measure with the widest sign.
    options = [(max((lines_em(name if titled else f"−− {name}", k) for name, _ in labels), default=1.0),
                k + titled, 0.97 ** (k - 1))
               for k in ((1, 2) if titled else (1, 2, 3, 4))]

    tops = [v for v in H if H.nodes[v].get("manager") is None]
    top_reports = [c for t in tops for c in H.successors(t)] if len(tops) == 1 else []

    def score(aspect, chart):
        xs = [p[0] for p in chart.pos.values()] or [0.0]
        ys = [p[1] for p in chart.pos.values()] or [0.0]
        span_x, span_y = max(xs) - min(xs) + 1.0, max(ys) - min(ys) + BOX_HEIGHT + 0.25
        sx, sy = min(area_w / span_x, 210.0), min(area_h / span_y, 96.0)
        inner_w, inner_h = BOX_WIDTH * sx - PAD, BOX_HEIGHT * sy - 4
        fonts = [(min(12.5, inner_w / em, inner_h / (LEADING * lines)), worth) for em, lines, worth in options]
        legible = [f for f in fonts if f[0] >= MIN_FONT_PX] or fonts
        font, worth = max(legible, key=lambda f: f[0] * f[1])
        # The top person's direct reports read best side by side on one row; folding
        # them into columns must buy a clearly bigger font.
        if len({chart.pos[c][1] for c in top_reports}) > 1:
            worth *= 0.95
        # Legible first (7 pt), then the best font for what it shows.
        key = (font >= MIN_FONT_PX, round(font * worth, 1), sx * sy)
        return key, chart, (sx, sy), font, (min(xs), max(ys), span_x, span_y)

    # Per level: the top's teams side by side or folded, then rows, stacks or between.
    aspects = list(itertools.product((0.7, 1.0, 1.5, 2.5), (0.0, 0.3, 0.6, 1.0), (0.0, 0.5)))
    results = sorted((score(aspect, chart) for aspect, chart in zip(aspects, org_charts(H, aspects))),
                     key=lambda r: r[0], reverse=True)
    # Among the arrangements nearly as good as the best, keep the one that cuts the
    # fewest labels short ("Dir., Ent.…"): what the boxes say matters most.
    top = results[0][0]
    close = [r for r in results[:8] if r[0][0] == top[0] and r[0][1] >= 0.94 * top[1]]
    best = min(close, key=lambda r: labels_cut(labels, BOX_WIDTH * r[2][0], BOX_HEIGHT * r[2][1],
                                               max(r[3], MIN_FONT_PX)))
    _, chart, (sx, sy), font, (xmin, ymax, span_x, span_y) = best
    ox = area[0] + (area_w - span_x * sx) / 2 + 0.5 * sx - xmin * sx
    oy = area[3] - (area_h - span_y * sy) / 2 - (BOX_HEIGHT / 2 + 0.125) * sy - ymax * sy
    return chart, (sx, sy), font, (ox, oy)


def key_ties(briefing, keep: set[str], limit: int = 30):
    """The ties worth drawing on one page, most telling first, and how many there are.

    All approach paths of the leading 10 percenters and the best paths to the target
    (drawn stronger), the ties along each neutraliser's chain to their antibody (each
    neutraliser is an alternative: their chains are drawn side by side, never joined),
    conflicts, then the strongest remaining ties between people on the page, up to
    *limit* ties in all.

    Returns
    -------
    (list, int)
        ``(u, v, key, data, emphasis)`` for each tie to draw, and the number of ties
        between people on the page.
    """
    edges = {}
    for u, v, key, data in briefing.graph.edges(keys=True, data=True):
        if key != REPORTING and u != v and u in keep and v in keep:
            edges.setdefault((u, v), []).append((key, data))
    total = sum(len(e) for e in edges.values())
    chosen: dict[tuple, tuple] = {}  # (u, v, key) -> (data, emphasis)

    def take(u, v, emphasis):
        for key, data in edges.get((u, v), []):
            if key != CONFLICT and (u, v, key) not in chosen:
                chosen[(u, v, key)] = (data, emphasis)
                return

    for row in briefing.leaders:
        for u, v in zip(row.via_ids, row.via_ids[1:]):
            take(u, v, True)
    for path in briefing.paths:
        for u, v in zip(path.ids, path.ids[1:]):
            take(u, v, True)
    for row in briefing.antibodies:
        chains = getattr(row, "neutralizer_chains", None) or [[n, row.id] for n in row.neutralizer_ids]
        for chain in chains:
            for u, v in zip(chain, chain[1:]):
                take(u, v, False)
    for (u, v), ties in edges.items():
        for key, data in ties:
            if key == CONFLICT:
                chosen[(u, v, key)] = (data, False)
    people = briefing.people
    rest = sorted(((data.get("strength") or 0.5, (people[u].score or 0) + (people[v].score or 0), u, v, key, data)
                   for (u, v), ties in edges.items() for key, data in ties
                   if (u, v, key) not in chosen and key != CONFLICT),
                  key=lambda t: (-t[0], -t[1]))
    for strength, _, u, v, key, data in rest:
        if len(chosen) >= limit or strength < 0.6:
            break
        chosen[(u, v, key)] = (data, False)
    return [(u, v, key, data, emphasis) for (u, v, key), (data, emphasis) in chosen.items()], total
