"""Plotly traces of the briefing diagram: boxes, labels, badges, lines and ties.

Each function turns people already placed in page pixels (y upwards) into a few
``plotly.graph_objects.Scatter`` traces, one per colour and style rather than one per
person, so a 300-person page is still a small figure. Colours, glyphs and labels come
from :mod:`influence.theme`.
"""

from __future__ import annotations

import html as _html
import math

from ..theme import (
    ANTIBODY_COLOUR,
    ATTITUDE_LEVELS,
    CONFLICT_COLOUR,
    FONT,
    LEADER_COLOUR,
    LINE,
    PATH_COLOUR,
    TIE_COLOUR,
    attitude_style,
)
from ..vocabulary import CONFLICT
from .pagefit import MIN_FONT_PX
from .text import glyph_split, label_lines

__all__ = ["rounded_box", "clip_to_box", "bezier", "reporting_traces", "tie_traces", "box_traces",
           "label_traces", "marker_traces"]


def rounded_box(cx, cy, w, h, r):
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


def clip_to_box(x0, y0, x1, y1, w, h):
    """Where the segment from the centre (x0, y0) towards (x1, y1) leaves a w x h box."""
    dx, dy = x1 - x0, y1 - y0
    if dx == 0 and dy == 0:
        return x0, y0
    t = min(w / 2 / abs(dx) if dx else math.inf, h / 2 / abs(dy) if dy else math.inf)
    return x0 + dx * t, y0 + dy * t


def bezier(p0, c, p1, steps=14):
    """Points along the quadratic Bézier curve from *p0* to *p1* with control point *c*."""
    pts = []
    for i in range(steps + 1):
        t = i / steps
        pts.append(((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t * t * p1[0],
                    (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t * t * p1[1]))
    return pts


def reporting_traces(chart, ox, px, sx, sy, bw, bh, indirect):
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
    return [go.Scatter(x=solid_x, y=solid_y, line=dict(color=LINE, width=1), **style),
            go.Scatter(x=dot_x, y=dot_y, line=dict(color=LINE, width=1, dash="dot"), **style)]


def tie_traces(ties, px, bw, bh):
    """Influence ties as curved arrows (bent to their left), conflicts as dashed curves."""
    import plotly.graph_objects as go

    groups: dict[tuple, tuple[list, list, list, list]] = {}
    pad = 3.0
    for u, v, key, data, emphasis in ties:
        strength = data.get("strength") or 0.5
        width = 0.7 if strength < 0.45 else (1.0 if strength < 0.75 else 1.4)
        colour = CONFLICT_COLOUR if key == CONFLICT else (PATH_COLOUR if emphasis else TIE_COLOUR)
        if emphasis:
            width += 0.6
        lx, ly, ax, ay = groups.setdefault((colour, width, key == CONFLICT), ([], [], [], []))
        (x0, y0), (x1, y1) = px[u], px[v]
        start = clip_to_box(x0, y0, x1, y1, bw + pad, bh + pad)
        end = clip_to_box(x1, y1, x0, y0, bw + pad, bh + pad)
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy)
        if length < 4:
            continue
        # Bend every tie a little to its left, so the tie and a reporting line between
        # the same two people (or ties both ways) stay visible side by side.
        bend = min(0.18 * length, 36.0)
        ctrl = ((start[0] + end[0]) / 2 - dy / length * bend, (start[1] + end[1]) / 2 + dx / length * bend)
        pts = bezier(start, ctrl, end)
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


def box_traces(kept, people, px, bw, bh):
    """The boxes filled by attitude (unknown dashed), and the rings of the leading 10 percenters."""
    import plotly.graph_objects as go

    by_attitude: dict[str, tuple[list, list]] = {}
    ring_x, ring_y = [], []
    radius = min(bw, bh) * 0.16
    for v in kept:
        person = people[v]
        xs, ys = rounded_box(*px[v], bw, bh, radius)
        bx, by = by_attitude.setdefault(_level(person.attitude), ([], []))
        bx.extend(xs + [None])
        by.extend(ys + [None])
        if person.leader_rank is not None:
            xs, ys = rounded_box(*px[v], bw + 6, bh + 6, radius + 3)
            ring_x.extend(xs + [None])
            ring_y.extend(ys + [None])
    traces = []
    for attitude in ATTITUDE_LEVELS:
        if attitude not in by_attitude:
            continue
        style = attitude_style(attitude)
        bx, by = by_attitude[attitude]
        traces.append(go.Scatter(
            x=bx, y=by, mode="lines", fill="toself", fillcolor=style.fill, hoverinfo="skip", showlegend=False,
            line=dict(color=style.outline, width=1.2 if style.dashed else 0.8,
                      dash="dash" if style.dashed else "solid")))
    if ring_x:
        traces.append(go.Scatter(x=ring_x, y=ring_y, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=LEADER_COLOUR, width=2.4)))
    return traces


def label_traces(kept, people, px, bw, bh, font, interactive):
    """Each box's name (bold) and title, the title led by the attitude's sign; the
    person's summary on hover."""
    import plotly.graph_objects as go

    texts, colours, hovers = [], [], []
    for v in kept:
        person = people[v]
        look = attitude_style(person.attitude)
        name_lines, title_lines = label_lines(person, bw, bh, font, look.glyph)
        parts = [_line(line, look.glyph, "<b>{}</b>") for line in name_lines]
        parts += [_line(line, look.glyph, f"<span style='font-size:{font * 0.94:.1f}px'>{{}}</span>")
                  for line in title_lines]
        texts.append("<br>".join(parts))
        colours.append(look.text)
        hovers.append(_html.escape(person.summary()).replace("\n", "<br>"))
    return [go.Scatter(
        x=[px[v][0] for v in kept], y=[px[v][1] for v in kept], mode="text", text=texts,
        textposition="middle center", textfont=dict(size=font, color=colours, family=FONT),
        hovertext=hovers if interactive else None,
        hoverinfo="text" if interactive else "skip", showlegend=False, cliponaxis=False)]


def _line(line: str, glyph: str, template: str) -> str:
    """One label line as plotly text: the sign (if it leads the line) in bold, then the words."""
    sign, rest = glyph_split(line, glyph)
    body = template.format(_html.escape(rest))
    return f"<b>{_html.escape(sign)}</b> {body}" if sign else body


def marker_traces(kept, people, px, bw, bh, font):
    """The number badge of each leading 10 percenter and the "!" of each antibody."""
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


def _level(attitude) -> str:
    return attitude if attitude in ATTITUDE_LEVELS else "unknown"
