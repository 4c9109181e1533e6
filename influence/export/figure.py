"""The one-page briefing diagram: a plotly figure of the org chart, and its PNG/SVG/PDF.

The figure is laid out in page pixels (CSS pixels at 96 dpi, A4 or Letter landscape), so
sizes are decided here and not by plotly: boxes, fonts and arrowheads come out the same
in every format, and text is sized to stay at least 7 pt when the page is printed.

Maps too big to read on one page show their *influential core* (the most influential
people, the leading 10 percenters and the antibodies, with their managers) and say in
the subtitle what was left out.

Static images are rendered by kaleido in a headless Chromium. :func:`start_renderer`
keeps one browser running (the dashboard calls it once), so later images take a fraction
of a second; :func:`render` starts it on first use.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading

from ..layout import BOX_HEIGHT, BOX_WIDTH, org_charts
from ..vocabulary import CONFLICT, REPORTING
from .briefing import (
    ANTIBODY_COLOUR,
    ATTITUDE_COLOURS,
    ATTITUDE_LABELS,
    LEADER_COLOUR,
    Briefing,
)

__all__ = ["PAPER_SIZES", "MIN_FONT_PX", "briefing_figure", "render", "figure_bytes",
           "start_renderer", "stop_renderer", "core_people", "fit_page", "abbreviate_title"]

PAPER_SIZES = {"a4": (1123, 794), "letter": (1056, 816)}
"""Landscape page sizes in CSS pixels (96 per inch): A4 297x210 mm, Letter 11x8.5 in."""

MIN_FONT_PX = 9.4
"""The smallest text on the map: 7 pt once the page is printed at its paper size."""

FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
_INK = "#1f2933"
_MUTED = "#5b6776"
_LINE = "#98a2ae"
_TIE = "rgba(40, 70, 135, 0.35)"
_PATH = "rgba(29, 63, 143, 0.85)"
_CONFLICT = "rgba(200, 40, 30, 0.6)"
_SMALL = 10.0  # footer and legend text, px (7.5 pt printed)
_LEADING = 1.2  # line height as a multiple of the font size
_PAD = 6.0  # horizontal room between a label and its box's edges, px

# Title abbreviations tried when a title does not fit its box; the common ones an
# executive reads without thinking.
_ABBREVIATIONS = [
    ("Executive Vice President", "EVP"), ("Senior Vice President", "SVP"),
    ("Vice President", "VP"), ("Chief Executive Officer", "CEO"),
    ("Chief Financial Officer", "CFO"), ("Chief Operating Officer", "COO"),
    ("Chief Technology Officer", "CTO"), ("Chief Information Officer", "CIO"),
    ("Chief Marketing Officer", "CMO"), ("Chief Revenue Officer", "CRO"),
    ("Senior Director", "Sr Dir."), ("Director", "Dir."), ("Senior", "Sr"),
    ("Manager", "Mgr"), ("Management", "Mgmt"), ("Operations", "Ops"),
    ("Information Technology", "IT"), ("Human Resources", "HR"),
    ("Research and Development", "R&D"), ("Development", "Dev."),
    ("Engineering", "Eng."), ("International", "Intl"), ("Technology", "Tech."),
    ("Procurement", "Procur."), ("Strategic", "Strat."), ("Partnerships", "Partners"),
    ("Associate", "Assoc."), ("Communications", "Comms"), ("Corporate", "Corp."),
    ("Enterprise", "Ent."), ("Infrastructure", "Infra."), ("Integrations", "Integr."),
    ("Financial", "Fin."), ("Professional", "Prof."), ("Business", "Bus."),
    (" and ", " & "),
]


# --- which people fit on one page ------------------------------------------------------

def core_people(briefing: Briefing, max_people: int = 80) -> tuple[list[str], str]:
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


def _drawn_tree(briefing: Briefing, kept: list[str]):
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


# --- text fitting ------------------------------------------------------------------------

_NARROW = frozenset("iljtfr.,;:'|!() ")


@functools.lru_cache(maxsize=8192)
def _char_em(c: str) -> float:
    if c.isupper() or c in "mw@%":
        return 0.66
    return 0.3 if c in _NARROW else 0.53


@functools.lru_cache(maxsize=65536)
def _text_em(text: str) -> float:
    return sum(_char_em(c) for c in text)


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Approximate width in px of *text* in Arial-like fonts (good enough to wrap)."""
    return _text_em(text) * size * (1.07 if bold else 1.0)


def _wrap(text: str, width_px: float, size: float, max_lines: int, *, bold: bool = False) -> list[str]:
    """Wrap *text* into at most *max_lines* lines of *width_px*, ending in … if cut."""
    if not text:
        return []
    if _text_width(text, size, bold=bold) <= width_px:
        return [text]
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if _text_width(trial, size, bold=bold) <= width_px or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1] + "…"
    # A single word longer than the box is cut rather than spilling over a neighbour.
    out = []
    for line in lines:
        while len(line) > 2 and _text_width(line, size, bold=bold) > width_px:
            line = line[:-2].rstrip() + "…"
        out.append(line)
    return out


def _shorten_title(title: str, width_px: float, size: float, max_lines: int) -> list[str]:
    if not title or max_lines <= 0:
        return []
    lines = _wrap(title, width_px, size, 99)
    for long, short in _ABBREVIATIONS:
        if len(lines) <= max_lines and not lines[-1].endswith("…"):
            break
        if long in title:
            title = title.replace(long, short)
            lines = _wrap(title, width_px, size, 99)
    return _wrap(title, width_px, size, max_lines)


def _rounded_box(cx, cy, w, h, r):
    """Polygon points of a rounded rectangle (x list, y list), closed, for a filled trace."""
    r = min(r, w / 2, h / 2)
    xs, ys = [], []
    corners = [(cx + w / 2 - r, cy + h / 2 - r, 0), (cx - w / 2 + r, cy + h / 2 - r, 90),
               (cx - w / 2 + r, cy - h / 2 + r, 180), (cx + w / 2 - r, cy - h / 2 + r, 270)]
    for ox, oy, start in corners:
        for step in range(4):
            a = math.radians(start + step * 30)
            xs.append(ox + r * math.cos(a))
            ys.append(oy + r * math.sin(a))
    xs.append(xs[0])
    ys.append(ys[0])
    return xs, ys


def _clip_to_box(x0, y0, x1, y1, w, h):
    """Where the segment from the centre (x0, y0) towards (x1, y1) leaves a w x h box."""
    dx, dy = x1 - x0, y1 - y0
    if dx == 0 and dy == 0:
        return x0, y0
    t = min(w / 2 / abs(dx) if dx else math.inf, h / 2 / abs(dy) if dy else math.inf)
    return x0 + dx * t, y0 + dy * t


def _bezier(p0, c, p1, steps=14):
    pts = []
    for i in range(steps + 1):
        t = i / steps
        pts.append(((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t * t * p1[0],
                    (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t * t * p1[1]))
    return pts


# --- the figure ---------------------------------------------------------------------------

def briefing_figure(briefing: Briefing, *, paper: str = "a4", max_people: int = 80,
                    interactive: bool = False):
    """The one-page briefing diagram of *briefing* as a plotly figure.

    Parameters
    ----------
    briefing : Briefing
        From :func:`~influence.export.briefing.prepare_briefing`.
    paper : {"a4", "letter"}
        Landscape page proportions and size.
    max_people : int, default 80
        Larger maps show their influential core (see :func:`core_people`).
    interactive : bool, default False
        Add hover text (a person summary) for the HTML export.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ExportError
        If *paper* is not a known paper size.
    """
    import plotly.graph_objects as go

    try:
        page_w, page_h = PAPER_SIZES[paper.lower()]
    except KeyError:
        from ..errors import ExportError
        raise ExportError(f"unknown paper size {paper!r}; use one of {', '.join(PAPER_SIZES)}") from None

    people = briefing.people
    margin, legend_band = 14, 26
    footer = _footer_lines(briefing, page_w - 2 * margin)
    footer_band = 14 * len(footer) + 10

    def area(left_out):
        top_band = 58 + (14 if left_out else 0) + 14 * len(_what_if_lines(briefing, page_w))
        return (margin, margin + legend_band + footer_band, page_w - margin, page_h - top_band)

    kept, left_out, H, indirect, chart, (sx, sy), font, (ox, oy) = fit_page(briefing, max_people, area)
    px = {v: (ox + x * sx, oy + y * sy) for v, (x, y) in chart.pos.items()}
    bw, bh = BOX_WIDTH * sx, BOX_HEIGHT * sy

    ties, total_ties = _key_ties(briefing, set(kept))
    traces = []
    traces += _reporting_traces(chart, ox, px, sx, sy, bw, bh, indirect)
    traces += _tie_traces(ties, px, bw, bh)
    traces += _box_traces(kept, people, px, bw, bh)
    traces += _label_traces(kept, people, px, bw, bh, font, interactive)
    traces += _marker_traces(kept, people, px, bw, bh, font)

    fig = go.Figure(traces)
    shapes, annotations = [], []
    _title(briefing, left_out, page_w, page_h, annotations)
    tie_note = f"Influences ({len(ties)} key ties of {total_ties})" if len(ties) < total_ties else "Influences"
    _legend(margin, page_w - 2 * margin, shapes, annotations, fig, tie_note)
    if footer:
        top = margin + legend_band + footer_band
        shapes.append(dict(type="line", x0=margin, x1=page_w - margin, y0=top - 2, y1=top - 2,
                           xref="x", yref="y", line=dict(color="#d5dae1", width=0.8)))
        annotations.append(dict(
            x=margin, y=top - 7, xref="x", yref="y", xanchor="left", yanchor="top", align="left",
            showarrow=False, text="<br>".join(footer), font=dict(size=_SMALL, color=_INK, family=FONT)))
    axis = dict(visible=False, fixedrange=not interactive, showgrid=False, zeroline=False)
    fig.update_layout(
        width=page_w, height=page_h, margin=dict(l=0, r=0, t=0, b=0),
        paper_bgcolor="white", plot_bgcolor="white", showlegend=False,
        font=dict(family=FONT, color=_INK, size=font),
        xaxis=dict(range=[0, page_w], **axis), yaxis=dict(range=[0, page_h], **axis),
        shapes=shapes, annotations=annotations,
        hovermode="closest" if interactive else False,
        dragmode="pan" if interactive else False,
        hoverlabel=dict(font=dict(family=FONT, size=12), align="left", bgcolor="white"),
    )
    return fig


def fit_page(briefing: Briefing, max_people: int, area):
    """The people to draw and their chart, as many as fit with labels of at least 7 pt.

    Starts from :func:`core_people` with *max_people* and leaves out more (15% at a
    time) while the labels would come out smaller than :data:`MIN_FONT_PX`.
    *area(left_out)* gives the drawing area ``(x0, y0, x1, y1)`` in page pixels (y up).

    Returns ``(kept, left_out, H, indirect, chart, (sx, sy), font, (ox, oy))``.
    """
    people = briefing.people
    limit = max_people
    while True:
        kept, left_out = core_people(briefing, limit)
        H, indirect = _drawn_tree(briefing, kept)
        labels = [box_label(people[v]) for v in kept]
        chart, scale, font, origin = _fit_chart(H, labels, area(left_out))
        if font >= MIN_FONT_PX or len(kept) <= 12:
            return kept, left_out, H, indirect, chart, scale, max(font, MIN_FONT_PX), origin
        limit = max(12, int(len(kept) * 0.85))


def _fit_chart(H, labels: list[tuple[str, str]], area):
    """Choose the team arrangement and scale that give the largest legible labels.

    *labels* holds each box's ``(name, title)``. A label is the name on one or two
    lines plus at least one line of title, or, when no box shows a title (an anonymised
    map, where the name is the title), the name on up to four lines. Team arrangements are tried per level (a row of sub-teams, a single
    hanging stack, or between); the one whose labels come out largest wins.

    Returns the chart, the ``(sx, sy)`` pixels per slot, the font size in px and the
    pixel position of slot ``(0, 0)``.
    """
    area_w, area_h = area[2] - area[0], area[3] - area[1]
    titled = any(title for _, title in labels)
    # (width in em of the widest name, lines per box) for each way of breaking names.
    # Breaking names costs a line the title could use: a layout that breaks them must
    # give a noticeably bigger font (3% per extra line) to be preferred.
    options = [(max((_lines_em(name, k) for name, _ in labels), default=1.0), k + titled, 0.97 ** (k - 1))
               for k in ((1, 2) if titled else (1, 2, 3, 4))]

    tops = [v for v in H if H.nodes[v].get("manager") is None]
    top_reports = [c for t in tops for c in H.successors(t)] if len(tops) == 1 else []

    def score(aspect, chart):
        xs = [p[0] for p in chart.pos.values()] or [0.0]
        ys = [p[1] for p in chart.pos.values()] or [0.0]
        span_x, span_y = max(xs) - min(xs) + 1.0, max(ys) - min(ys) + BOX_HEIGHT + 0.25
        sx, sy = min(area_w / span_x, 210.0), min(area_h / span_y, 96.0)
        inner_w, inner_h = BOX_WIDTH * sx - _PAD, BOX_HEIGHT * sy - 4
        fonts = [(min(12.5, inner_w / em, inner_h / (_LEADING * lines)), worth) for em, lines, worth in options]
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
    best = min(close, key=lambda r: _labels_cut(labels, BOX_WIDTH * r[2][0], BOX_HEIGHT * r[2][1],
                                                 max(r[3], MIN_FONT_PX)))
    _, chart, (sx, sy), font, (xmin, ymax, span_x, span_y) = best
    ox = area[0] + (area_w - span_x * sx) / 2 + 0.5 * sx - xmin * sx
    oy = area[3] - (area_h - span_y * sy) / 2 - (BOX_HEIGHT / 2 + 0.125) * sy - ymax * sy
    return chart, (sx, sy), font, (ox, oy)


def _labels_cut(labels, bw, bh, font) -> int:
    """How many labels lose text (end in "…") in boxes of *bw* x *bh* px at *font* px."""
    cut = 0
    for name, title in labels:
        lines = _label_text(name, title, bw, bh, font)
        cut += any(line.endswith("…") for line in lines[0] + lines[1])
    return cut


def _lines_em(name: str, k: int) -> float:
    """Width of *name* in em (bold) when broken over at most *k* lines at the best word breaks."""
    words = name.split()
    best = _text_width(name, 1.0, bold=True)
    for cuts in itertools.combinations(range(1, len(words)), min(k - 1, max(len(words) - 1, 0))):
        bounds = (0, *cuts, len(words))
        best = min(best, max(_text_width(" ".join(words[i:j]), 1.0, bold=True) for i, j in zip(bounds, bounds[1:])))
    return best


def box_label(person) -> tuple[str, str]:
    """The name and title a box shows.

    An anonymised name is the title plus a letter ("Director, Enterprise Sales (B)"): the
    box shows it alone, abbreviated like a title.

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> box_label(P(name="Chief Executive Officer (B)", title="Chief Executive Officer"))
    ('CEO (B)', '')
    >>> box_label(P(name="Ann Lee", title="Vice President, Sales"))
    ('Ann Lee', 'Vice President, Sales')
    """
    title = person.title or ""
    if title and person.name.startswith(title):
        return _abbreviate(person.name), ""
    return person.name, title


def abbreviate_title(text: str) -> str:
    """*text* with the briefing's usual abbreviations of job-title words (VP, Dir., Ops, ...).

    The dashboard labels people with it too, so a map and its briefing read alike.

    Parameters
    ----------
    text : str
        A job title or any label containing one.

    Returns
    -------
    str
        The text with each known long form replaced by its short form.

    Examples
    --------
    >>> abbreviate_title("Senior Vice President, Human Resources")
    'SVP, HR'
    """
    return _abbreviate(text)


def _abbreviate(text: str) -> str:
    for long, short in _ABBREVIATIONS:
        text = text.replace(long, short)
    return text


def _key_ties(briefing: Briefing, keep: set[str], limit: int = 30):
    """The ties worth drawing on one page, most telling first, and how many there are.

    All approach paths of the leading 10 percenters and the best paths to the target
    (drawn stronger), ties from neutralisers to their antibodies, conflicts, then the
    strongest remaining ties between people on the page, up to *limit* ties in all.
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
        for n in row.neutralizer_ids:
            take(n, row.id, False)
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


def _footer_lines(briefing: Briefing, width_limit: float) -> list[str]:
    """Whom to approach and through whom, whom to neutralise, the sponsor: one line each."""
    import html as _html

    lines = []

    def add(label, items, colour=_INK):
        items = list(items)
        # Take items while the line (with its "+N more" tail) still fits the width.
        used, shown = _text_width(label + "  ", _SMALL), 0
        for i, item in enumerate(items):
            tail = f"  · +{len(items) - i - 1} more" if i + 1 < len(items) else ""
            width = _text_width(("  ·  " if i else "") + item, _SMALL)
            if shown and used + width + _text_width(tail, _SMALL) > width_limit:
                break
            used += width
            shown += 1
        rest = len(items) - shown
        text = "  ·  ".join(_html.escape(i) for i in items[:shown]) + (f"  · +{rest} more" if rest else "")
        while shown == 1 and len(text) > 10 and _text_width(label + "  " + _html.unescape(text), _SMALL) > width_limit:
            text = text[:-6] + "…"  # a single long item: cut it
        lines.append(f"<b style='color:{colour}'>{_html.escape(label)}</b>  {text}")

    if briefing.leaders:
        add("Approach first:", [f"{row.rank} {row.name}" + (f" via {' → '.join(row.approach_via[:-1])}"
                                                               if row.approach_via[:-1] else " (direct)")
                                for row in briefing.leaders], LEADER_COLOUR)
    if briefing.antibodies:
        add("Neutralise:", [row.name + (f" through {', '.join(row.neutralizers[:2])}" if row.neutralizers
                                        else " with facts and results") for row in briefing.antibodies],
            ANTIBODY_COLOUR)
    label = "Executive sponsor:" if briefing.sponsor_ok else "No executive sponsor:"
    add(label, [briefing.sponsor_message], _INK if briefing.sponsor_ok else ANTIBODY_COLOUR)
    if briefing.target and briefing.paths:
        add(f"Best path to {briefing.name(briefing.target)}:", [briefing.paths[0].describe()], LEADER_COLOUR)
    return lines


def _reporting_traces(chart, ox, px, sx, sy, bw, bh, indirect):
    """Reporting lines: manager down to a bus, then a drop to each column's head, or a
    spine down a stacked column with a stub into each report's box."""
    import plotly.graph_objects as go

    solid_x, solid_y, dot_x, dot_y = [], [], [], []

    def seg(points, dotted=False):
        xs, ys = (dot_x, dot_y) if dotted else (solid_x, solid_y)
        for x, y in points:
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)

    for m, columns in chart.teams.items():
        mx, my = px[m]
        bus_y = my - 0.5 * sy
        attach = []
        for spine, column in columns:
            if len(column) == 1:
                cx, cy = px[column[0]]
                attach.append(cx)
                seg([(cx, bus_y), (cx, cy + bh / 2)], dotted=column[0] in indirect)
            else:
                x = ox + spine * sx
                attach.append(x)
                seg([(x, bus_y), (x, px[column[-1]][1])])
                for c in column:
                    cx, cy = px[c]
                    seg([(x, cy), (cx - bw / 2, cy)], dotted=c in indirect)
        seg([(mx, my - bh / 2), (mx, bus_y)])
        seg([(min(attach + [mx]), bus_y), (max(attach + [mx]), bus_y)])
    style = dict(mode="lines", hoverinfo="skip", showlegend=False)
    return [go.Scatter(x=solid_x, y=solid_y, line=dict(color=_LINE, width=1), **style),
            go.Scatter(x=dot_x, y=dot_y, line=dict(color=_LINE, width=1, dash="dot"), **style)]


def _tie_traces(ties, px, bw, bh):
    import plotly.graph_objects as go

    groups: dict[tuple, tuple[list, list, list, list]] = {}
    pad = 3.0
    for u, v, key, data, emphasis in ties:
        strength = data.get("strength") or 0.5
        width = 0.7 if strength < 0.45 else (1.0 if strength < 0.75 else 1.4)
        colour = _CONFLICT if key == CONFLICT else (_PATH if emphasis else _TIE)
        if emphasis:
            width += 0.6
        lx, ly, ax, ay = groups.setdefault((colour, width, key == CONFLICT), ([], [], [], []))
        (x0, y0), (x1, y1) = px[u], px[v]
        start = _clip_to_box(x0, y0, x1, y1, bw + pad, bh + pad)
        end = _clip_to_box(x1, y1, x0, y0, bw + pad, bh + pad)
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy)
        if length < 4:
            continue
        # Bend every tie a little to its left, so the tie and a reporting line between
        # the same two people (or ties both ways) stay visible side by side.
        bend = min(0.18 * length, 36.0)
        ctrl = ((start[0] + end[0]) / 2 - dy / length * bend, (start[1] + end[1]) / 2 + dx / length * bend)
        pts = _bezier(start, ctrl, end)
        lx.extend([p[0] for p in pts] + [None])
        ly.extend([p[1] for p in pts] + [None])
        if key != CONFLICT:  # an arrowhead along the curve's last direction
            tx, ty = end[0] - ctrl[0], end[1] - ctrl[1]
            tl = math.hypot(tx, ty) or 1.0
            tx, ty = tx / tl, ty / tl
            size = 5.0 + 1.5 * width
            bx, by = end[0] - tx * size, end[1] - ty * size
            ax.extend([end[0], bx - ty * size * 0.45, bx + ty * size * 0.45, end[0], None])
            ay.extend([end[1], by + tx * size * 0.45, by - tx * size * 0.45, end[1], None])
    traces = []
    for (colour, width, conflict), (lx, ly, ax, ay) in groups.items():
        traces.append(go.Scatter(x=lx, y=ly, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=colour, width=width, dash="dash" if conflict else "solid")))
        if ax:
            traces.append(go.Scatter(x=ax, y=ay, mode="lines", fill="toself", fillcolor=colour,
                                     hoverinfo="skip", showlegend=False, line=dict(color=colour, width=0.5)))
    return traces


def _box_traces(kept, people, px, bw, bh):
    import plotly.graph_objects as go

    by_attitude: dict[str, tuple[list, list]] = {}
    ring_x, ring_y = [], []
    radius = min(bw, bh) * 0.16
    for v in kept:
        person = people[v]
        attitude = person.attitude if person.attitude in ATTITUDE_COLOURS else "unknown"
        xs, ys = _rounded_box(*px[v], bw, bh, radius)
        bx, by = by_attitude.setdefault(attitude, ([], []))
        bx.extend(xs + [None])
        by.extend(ys + [None])
        if person.leader_rank is not None:
            xs, ys = _rounded_box(*px[v], bw + 6, bh + 6, radius + 3)
            ring_x.extend(xs + [None])
            ring_y.extend(ys + [None])
    traces = []
    for attitude in ATTITUDE_COLOURS:
        if attitude not in by_attitude:
            continue
        fill, _, outline = ATTITUDE_COLOURS[attitude]
        bx, by = by_attitude[attitude]
        traces.append(go.Scatter(
            x=bx, y=by, mode="lines", fill="toself", fillcolor=fill, hoverinfo="skip", showlegend=False,
            line=dict(color=outline, width=1.2 if attitude == "unknown" else 0.8,
                      dash="dash" if attitude == "unknown" else "solid")))
    if ring_x:
        traces.append(go.Scatter(x=ring_x, y=ring_y, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=LEADER_COLOUR, width=2.4)))
    return traces


def _label_lines(person, bw, bh, font):
    """The name (up to two lines, more if there is no title) and as much title as fits."""
    return _label_text(*box_label(person), bw, bh, font)


def _label_text(name, title, bw, bh, font):
    inner = bw - _PAD
    lines_fit = max(2, int((bh - 4) / (_LEADING * font) + 1e-6))
    name_lines = _wrap(name, inner, font, 2 if title else lines_fit, bold=True)
    title_lines = _shorten_title(title, inner, font * 0.94, lines_fit - len(name_lines))
    return name_lines, title_lines


def _label_traces(kept, people, px, bw, bh, font, interactive):
    import html as _html

    import plotly.graph_objects as go

    texts, colours, hovers = [], [], []
    for v in kept:
        person = people[v]
        name_lines, title_lines = _label_lines(person, bw, bh, font)
        parts = [f"<b>{_html.escape(line)}</b>" for line in name_lines]
        parts += [f"<span style='font-size:{font * 0.94:.1f}px'>{_html.escape(line)}</span>" for line in title_lines]
        texts.append("<br>".join(parts))
        colours.append(ATTITUDE_COLOURS.get(person.attitude, ATTITUDE_COLOURS["unknown"])[1])
        hovers.append(_html.escape(person.summary()).replace("\n", "<br>"))
    return [go.Scatter(
        x=[px[v][0] for v in kept], y=[px[v][1] for v in kept], mode="text", text=texts,
        textposition="middle center", textfont=dict(size=font, color=colours, family=FONT),
        hovertext=hovers if interactive else None,
        hoverinfo="text" if interactive else "skip", showlegend=False, cliponaxis=False)]


def _marker_traces(kept, people, px, bw, bh, font):
    import plotly.graph_objects as go

    traces = []
    leaders = [v for v in kept if people[v].leader_rank is not None]
    if leaders:
        badge = max(15.0, font * 1.55)
        traces.append(go.Scatter(
            # On the ring's corner, clear of the name.
            x=[px[v][0] - bw / 2 - 2 for v in leaders], y=[px[v][1] + bh / 2 + 2 for v in leaders],
            mode="markers+text", text=[str(people[v].leader_rank) for v in leaders],
            textposition="middle center",
            textfont=dict(size=max(MIN_FONT_PX, font * 0.85), color="white", family=FONT),
            marker=dict(size=badge, color=LEADER_COLOUR, line=dict(color="white", width=1.2)),
            hoverinfo="skip", showlegend=False, cliponaxis=False))
    antibodies = [v for v in kept if people[v].antibody]
    if antibodies:
        size = max(15.0, font * 1.6)
        traces.append(go.Scatter(
            x=[px[v][0] + bw / 2 - 1 for v in antibodies], y=[px[v][1] + bh / 2 - 1 for v in antibodies],
            mode="markers+text", text=["!"] * len(antibodies), textposition="middle center",
            textfont=dict(size=max(MIN_FONT_PX, font * 0.85), color="white", family=FONT),
            marker=dict(size=size, symbol="triangle-up", color=ANTIBODY_COLOUR, line=dict(color="white", width=1.2)),
            hoverinfo="skip", showlegend=False, cliponaxis=False))
    return traces


WHAT_IF_COLOUR = "#8a5a00"
"""Text colour of a what-if's label on the page (dark amber: not an attitude colour)."""


def _what_if_lines(briefing, page_w) -> list[str]:
    """The scenario's label wrapped to the page (none for the map as it stands)."""
    label = getattr(briefing, "scenario_label", "")
    return _wrap(label, page_w - 28, 11, 2, bold=True) if label else []


def _title(briefing, left_out, page_w, page_h, annotations):
    import html as _html

    annotations.append(dict(
        x=14, y=page_h - 10, xref="x", yref="y", xanchor="left", yanchor="top", showarrow=False,
        text=f"<b>{_html.escape(briefing.title)}</b>", font=dict(size=19, color=_INK, family=FONT)))
    annotations.append(dict(
        x=page_w - 14, y=page_h - 13, xref="x", yref="y", xanchor="right", yanchor="top", showarrow=False,
        text=_html.escape(briefing.date_text + (" · anonymised" if briefing.anonymized else "")),
        font=dict(size=11, color=_MUTED, family=FONT)))
    sub = _html.escape(briefing.headline() + ".")
    if left_out:
        sub += "<br>" + _html.escape(left_out)
    # A what-if says so above everything else the page says about the map.
    what_if = _what_if_lines(briefing, page_w)
    if what_if:
        sub = "<br>".join(f"<b><span style='color:{WHAT_IF_COLOUR}'>{_html.escape(line)}</span></b>"
                          for line in what_if) + "<br>" + sub
    annotations.append(dict(
        x=14, y=page_h - 36, xref="x", yref="y", xanchor="left", yanchor="top", showarrow=False,
        align="left", text=sub, font=dict(size=11, color=_MUTED, family=FONT)))


def _legend(margin, width, shapes, annotations, traces_out, tie_note):
    """One row of keys at the foot of the page, spread to the page's width."""
    import plotly.graph_objects as go

    y = margin + 9
    size = _SMALL
    keys = [(a, ATTITUDE_LABELS[a]) for a in ATTITUDE_COLOURS] + [
        ("leader", "Leading 10 percenter, in order of approach"), ("antibody", "Antibody"),
        ("reports", "Reports to"), ("tie", tie_note), ("conflict", "Conflict")]
    glyph = 18
    # Text widths are estimates: leave slack so the last key never runs off the page.
    natural = sum(glyph + 5 + 1.1 * _text_width(text, size) for _, text in keys)
    gap = max(6.0, (width - natural) / (len(keys) - 1))
    x = margin
    for kind, text in keys:
        if kind in ATTITUDE_COLOURS:
            fill, _, outline = ATTITUDE_COLOURS[kind]
            shapes.append(dict(type="rect", x0=x, x1=x + glyph, y0=y - 6, y1=y + 6, fillcolor=fill,
                               line=dict(color=outline, width=1.2 if kind == "unknown" else 0.8,
                                         dash="dash" if kind == "unknown" else "solid"),
                               xref="x", yref="y", layer="above"))
        elif kind in ("leader", "antibody"):
            traces_out.add_trace(go.Scatter(
                x=[x + glyph / 2], y=[y], mode="markers+text", text=["1" if kind == "leader" else "!"],
                textposition="middle center", textfont=dict(size=MIN_FONT_PX, color="white", family=FONT),
                marker=dict(size=15, color=LEADER_COLOUR if kind == "leader" else ANTIBODY_COLOUR,
                            symbol="circle" if kind == "leader" else "triangle-up"),
                hoverinfo="skip", showlegend=False))
        elif kind == "tie":
            annotations.append(dict(x=x + glyph, y=y, ax=x, ay=y, xref="x", yref="y", axref="x", ayref="y",
                                    showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=1.2,
                                    arrowcolor=_PATH, text=""))
        else:
            shapes.append(dict(type="line", x0=x - 4, x1=x + glyph + 2, y0=y, y1=y, xref="x", yref="y",
                               line=dict(color=_LINE if kind == "reports" else _CONFLICT, width=1.1,
                                         dash="dash" if kind == "conflict" else "solid")))
        annotations.append(dict(x=x + glyph + 5, y=y, xref="x", yref="y", xanchor="left", yanchor="middle",
                                showarrow=False, text=text, font=dict(size=size, color=_INK, family=FONT)))
        x += glyph + 5 + 1.1 * _text_width(text, size) + gap


# --- rendering ------------------------------------------------------------------------------

_START_TIMEOUT = 60.0  # seconds for the browser to start
_RENDER_TIMEOUT = 90.0  # seconds for one image


class _Renderer:
    """One headless browser (kaleido) on a background thread, answering render requests.

    kaleido's own sync server waits forever when its browser fails to start; this one
    reports the failure, and gives up on a request after a timeout, so an export never
    hangs. Requests reach the browser's event loop with ``call_soon_threadsafe`` (no
    worker thread blocks on a queue, so nothing holds up the interpreter's exit).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop = None
        self._inbox = None

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        import atexit

        from ..errors import ExportError

        with self._lock:
            if self.running():
                return
            ready, handle = threading.Event(), {}
            thread = threading.Thread(target=self._serve, args=(ready, handle),
                                      name="influence-renderer", daemon=True)
            thread.start()
            if not ready.wait(_START_TIMEOUT):
                raise ExportError(f"the headless browser that draws images did not start within "
                                  f"{_START_TIMEOUT:.0f} s; try again, or export pptx, html or xlsx")
            if "failure" in handle:
                raise ExportError(_browser_problem(handle["failure"])) from handle["failure"]
            self._thread, self._loop, self._inbox = thread, handle["loop"], handle["inbox"]
            atexit.register(self.stop)

    def _send(self, item) -> bool:
        try:
            self._loop.call_soon_threadsafe(self._inbox.put_nowait, item)
            return True
        except (RuntimeError, AttributeError):  # the loop has already closed
            return False

    def stop(self) -> None:
        with self._lock:
            if self.running() and self._send(None):
                self._thread.join(timeout=10)
            self._thread = self._loop = self._inbox = None

    def render(self, fig: dict, opts: dict) -> bytes:
        import concurrent.futures

        from ..errors import ExportError

        self.start()
        answer = concurrent.futures.Future()
        if not self._send((fig, opts, answer)):
            self.stop()
            self.start()
            self._send((fig, opts, answer))
        try:
            return answer.result(timeout=_RENDER_TIMEOUT)
        except concurrent.futures.TimeoutError:
            self.stop()  # a stuck browser is replaced on the next request
            raise ExportError(f"drawing the image took longer than {_RENDER_TIMEOUT:.0f} s; try again") from None

    @staticmethod
    def _serve(ready, handle) -> None:
        import asyncio

        async def serve():
            import kaleido

            try:
                # plotly.js comes from the installed plotly package; MathJax (a CDN by
                # default) is off, so drawing never touches the network.
                async with kaleido.Kaleido(mathjax=False) as browser:
                    inbox = asyncio.Queue()
                    handle.update(loop=asyncio.get_running_loop(), inbox=inbox)
                    ready.set()
                    while True:
                        request = await inbox.get()
                        if request is None:
                            return
                        fig, opts, answer = request
                        try:
                            answer.set_result(await browser.calc_fig(fig, opts))
                        except Exception as err:  # reported to the caller, the browser stays up
                            answer.set_exception(err)
            except BaseException as err:  # the browser could not start
                if not ready.is_set():
                    handle["failure"] = err
                    ready.set()
                else:
                    raise

        asyncio.run(serve())


def _browser_problem(err: BaseException) -> str:
    from kaleido.errors import ChromeNotFoundError

    if isinstance(err, ChromeNotFoundError):
        return ("no Chrome or Chromium browser found to draw the image; install chromium "
                "(e.g. apt-get install chromium) or run kaleido_get_chrome, or export pptx, html or xlsx")
    return f"the headless browser that draws images failed to start ({err}); export pptx, html or xlsx instead"


_renderer = _Renderer()


def start_renderer() -> None:
    """Start (once) the headless browser that renders images, so later renders are fast.

    The first image otherwise starts it (a few seconds); the dashboard calls this at
    start-up. The browser loads plotly.js from the installed plotly package and MathJax is
    off, so rendering never fetches anything from the network. It stops when Python
    exits, or with :func:`stop_renderer`.

    Raises
    ------
    ExportError
        If no browser is installed or it does not start.
    """
    _renderer.start()


def stop_renderer() -> None:
    """Stop the rendering browser (if running); the next image starts a new one."""
    _renderer.stop()


def render(fig, format: str, *, scale: float | None = None) -> bytes:
    """Render a figure to PNG, SVG or PDF bytes at the figure's page size.

    PNG is rendered at twice the page's pixel size (sharp on screen and in print).

    Raises
    ------
    ExportError
        If no Chromium browser can be found or started, or drawing times out.
    """
    format = format.lower()
    if scale is None:
        scale = 2 if format == "png" else 1
    data = fig if isinstance(fig, dict) else fig.to_dict()
    layout = data.get("layout", {})
    opts = dict(format=format, width=layout.get("width"), height=layout.get("height"), scale=scale)
    return _renderer.render(data, opts)


def figure_bytes(briefing: Briefing, format: str, *, paper: str = "a4", max_people: int = 80) -> bytes:
    """The briefing diagram as PNG, SVG or PDF bytes."""
    return render(briefing_figure(briefing, paper=paper, max_people=max_people), format)
