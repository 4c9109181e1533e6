"""The one-page briefing diagram: a plotly figure of the org chart, and its PNG/SVG/PDF.

The figure is laid out in page pixels (CSS pixels at 96 dpi, A4 or Letter landscape), so
sizes are decided here and not by plotly: boxes, fonts and arrowheads come out the same
in every format, and text is sized to stay at least 7 pt when the page is printed.

This module puts the page together; its parts live beside it:

* :mod:`~influence.export.pagefit`: who fits on the page (a big map shows its
  influential core) and how their org chart is arranged and scaled;
* :mod:`~influence.export.text`: text widths, wrapping and abbreviations for the labels;
* :mod:`~influence.export.traces`: the plotly traces of boxes, glyphs, labels and lines;
* :mod:`~influence.export.renderer`: the headless browser that draws PNG, SVG and PDF;
* :mod:`influence.theme`: colours, attitude glyphs and wording, shared with the
  dashboard and the other exports.

Every box carries its attitude twice: the fill colour and a glyph (``++``, ``+``, ``±``,
``−``, ``−−``, ``?``), so the page reads in greyscale and for colour-blind readers.
"""

from __future__ import annotations

import html as _html

from .. import theme
from ..theme import (
    ANTIBODY_COLOUR,
    ATTITUDE_LEVELS,
    CONFLICT_COLOUR,
    FONT,
    INK,
    LEADER_COLOUR,
    LINE,
    MUTED,
    PATH_COLOUR,
    attitude_style,
)
from .briefing import Briefing
from .pagefit import MIN_FONT_PX, core_people, fit_page, key_ties
from .renderer import render, start_renderer, stop_renderer
from .text import abbreviate_title, box_label, text_width, wrap
from .traces import box_traces, label_traces, marker_traces, reporting_traces, tie_traces

__all__ = ["PAPER_SIZES", "MIN_FONT_PX", "WHAT_IF_COLOUR", "briefing_figure", "figure_bytes", "render",
           "start_renderer", "stop_renderer", "core_people", "fit_page", "abbreviate_title", "box_label"]

PAPER_SIZES = {"a4": (1123, 794), "letter": (1056, 816)}
"""Landscape page sizes in CSS pixels (96 per inch): A4 297x210 mm, Letter 11x8.5 in."""

WHAT_IF_COLOUR = theme.WHAT_IF_COLOUR
"""Text colour of a what-if's label on the page (dark amber: not an attitude colour)."""

_SMALL = 10.0  # footer and legend text, px (7.5 pt printed)


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

    page = fit_page(briefing, max_people, area)
    kept, font, (sx, sy) = page.kept, page.font, page.scale
    px = page.centres()
    bw, bh = page.box_size

    ties, total_ties = key_ties(briefing, set(kept))
    traces = []
    traces += reporting_traces(page.chart, page.origin[0], px, sx, sy, bw, bh, page.indirect)
    traces += tie_traces(ties, px, bw, bh)
    traces += box_traces(kept, people, px, bw, bh)
    traces += label_traces(kept, people, px, bw, bh, font, interactive)
    traces += marker_traces(kept, people, px, bw, bh, font)

    fig = go.Figure(traces)
    shapes, annotations = [], []
    _title(briefing, page.left_out, page_w, page_h, annotations)
    tie_note = f"Influences ({len(ties)} key ties of {total_ties})" if len(ties) < total_ties else "Influences"
    _legend(margin, page_w - 2 * margin, shapes, annotations, fig, tie_note)
    if footer:
        top = margin + legend_band + footer_band
        shapes.append(dict(type="line", x0=margin, x1=page_w - margin, y0=top - 2, y1=top - 2,
                           xref="x", yref="y", line=dict(color="#d5dae1", width=0.8)))
        annotations.append(dict(
            x=margin, y=top - 7, xref="x", yref="y", xanchor="left", yanchor="top", align="left",
            showarrow=False, text="<br>".join(footer), font=dict(size=_SMALL, color=INK, family=FONT)))
    axis = dict(visible=False, fixedrange=not interactive, showgrid=False, zeroline=False)
    fig.update_layout(
        width=page_w, height=page_h, margin=dict(l=0, r=0, t=0, b=0),
        paper_bgcolor="white", plot_bgcolor="white", showlegend=False,
        font=dict(family=FONT, color=INK, size=font),
        xaxis=dict(range=[0, page_w], **axis), yaxis=dict(range=[0, page_h], **axis),
        shapes=shapes, annotations=annotations,
        hovermode="closest" if interactive else False,
        dragmode="pan" if interactive else False,
        hoverlabel=dict(font=dict(family=FONT, size=12), align="left", bgcolor="white"),
    )
    return fig


def figure_bytes(briefing: Briefing, format: str, *, paper: str = "a4", max_people: int = 80,
                 renderer=None) -> bytes:
    """The briefing diagram as PNG, SVG or PDF bytes.

    *renderer* is a :class:`~influence.export.renderer.Renderer`; by default the shared one.
    """
    fig = briefing_figure(briefing, paper=paper, max_people=max_people)
    return renderer.render(fig, format) if renderer is not None else render(fig, format)


# --- page furniture: title, legend, footer ---------------------------------------------------

def _what_if_lines(briefing, page_w) -> list[str]:
    """The scenario's label wrapped to the page (none for the map as it stands)."""
    label = getattr(briefing, "scenario_label", "")
    return wrap(label, page_w - 28, 11, 2, bold=True) if label else []


def _title(briefing, left_out, page_w, page_h, annotations):
    annotations.append(dict(
        x=14, y=page_h - 10, xref="x", yref="y", xanchor="left", yanchor="top", showarrow=False,
        text=f"<b>{_html.escape(briefing.title)}</b>", font=dict(size=19, color=INK, family=FONT)))
    annotations.append(dict(
        x=page_w - 14, y=page_h - 13, xref="x", yref="y", xanchor="right", yanchor="top", showarrow=False,
        text=_html.escape(briefing.date_text + (" · anonymised" if briefing.anonymized else "")),
        font=dict(size=11, color=MUTED, family=FONT)))
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
        align="left", text=sub, font=dict(size=11, color=MUTED, family=FONT)))


def _legend(margin, width, shapes, annotations, traces_out, tie_note):
    """One row of keys at the foot of the page, spread to the page's width."""
    import plotly.graph_objects as go

    y = margin + 9
    size = _SMALL
    keys = [(a, attitude_style(a).label) for a in ATTITUDE_LEVELS] + [
        ("leader", "Leading 10 percenter, in order of approach"), ("antibody", "Antibody"),
        ("reports", "Reports to"), ("tie", tie_note), ("conflict", "Conflict")]
    key_w = 22
    # Text widths are estimates: leave slack so the last key never runs off the page.
    natural = sum(key_w + 5 + 1.1 * text_width(text, size) for _, text in keys)
    gap = max(6.0, (width - natural) / (len(keys) - 1))
    x = margin
    for kind, text in keys:
        if kind in ATTITUDE_LEVELS:
            style = attitude_style(kind)
            shapes.append(dict(type="rect", x0=x, x1=x + key_w, y0=y - 7, y1=y + 7, fillcolor=style.fill,
                               line=dict(color=style.outline, width=1.2 if style.dashed else 0.8,
                                         dash="dash" if style.dashed else "solid"),
                               xref="x", yref="y", layer="below"))
            annotations.append(dict(x=x + key_w / 2, y=y, xref="x", yref="y", xanchor="center", yanchor="middle",
                                    showarrow=False, text=f"<b>{_html.escape(style.glyph)}</b>",
                                    font=dict(size=size + 1, color=style.text, family=FONT)))
        elif kind in ("leader", "antibody"):
            traces_out.add_trace(go.Scatter(
                x=[x + key_w / 2], y=[y], mode="markers+text", text=["1" if kind == "leader" else "!"],
                textposition="middle center", textfont=dict(size=MIN_FONT_PX, color="white", family=FONT),
                marker=dict(size=15, color=LEADER_COLOUR if kind == "leader" else ANTIBODY_COLOUR,
                            symbol="circle" if kind == "leader" else "triangle-up"),
                hoverinfo="skip", showlegend=False))
        elif kind == "tie":
            annotations.append(dict(x=x + key_w, y=y, ax=x, ay=y, xref="x", yref="y", axref="x", ayref="y",
                                    showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=1.2,
                                    arrowcolor=PATH_COLOUR, text=""))
        else:
            shapes.append(dict(type="line", x0=x - 4, x1=x + key_w + 2, y0=y, y1=y, xref="x", yref="y",
                               line=dict(color=LINE if kind == "reports" else CONFLICT_COLOUR, width=1.1,
                                         dash="dash" if kind == "conflict" else "solid")))
        annotations.append(dict(x=x + key_w + 5, y=y, xref="x", yref="y", xanchor="left", yanchor="middle",
                                showarrow=False, text=text, font=dict(size=size, color=INK, family=FONT)))
        x += key_w + 5 + 1.1 * text_width(text, size) + gap


def _footer_lines(briefing: Briefing, width_limit: float) -> list[str]:
    """Whom to approach and through whom, whom to neutralise, the sponsor: one line each."""
    lines = []

    def add(label, items, colour=INK):
        items = list(items)
        # Take items while the line (with its "+N more" tail) still fits the width.
        used, shown = text_width(label + "  ", _SMALL), 0
        for i, item in enumerate(items):
            tail = f"  · +{len(items) - i - 1} more" if i + 1 < len(items) else ""
            width = text_width(("  ·  " if i else "") + item, _SMALL)
            if shown and used + width + text_width(tail, _SMALL) > width_limit:
                break
            used += width
            shown += 1
        rest = len(items) - shown
        text = "  ·  ".join(_html.escape(i) for i in items[:shown]) + (f"  · +{rest} more" if rest else "")
        while shown == 1 and len(text) > 10 and text_width(label + "  " + _html.unescape(text), _SMALL) > width_limit:
            text = text[:-6] + "…"  # a single long item: cut it
        lines.append(f"<b style='color:{colour}'>{_html.escape(label)}</b>  {text}")

    if briefing.leaders:
        add("Approach first:", [f"{row.rank} {row.name}" + (f" via {' → '.join(row.approach_via[:-1])}"
                                                               if row.approach_via[:-1] else " (direct)")
                                for row in briefing.leaders], LEADER_COLOUR)
    if briefing.antibodies:
        # Neutralisers are alternatives, each on their own: "through A or B", never "A → B".
        add("Neutralise:", [row.name + (f" through {' or '.join(row.neutralizers[:2])}" if row.neutralizers
                                        else " with facts and results") for row in briefing.antibodies],
            ANTIBODY_COLOUR)
    label = "Executive sponsor:" if briefing.sponsor_ok else "No executive sponsor:"
    add(label, [briefing.sponsor_message], INK if briefing.sponsor_ok else ANTIBODY_COLOUR)
    if briefing.target and briefing.paths:
        add(f"Best path to {briefing.name(briefing.target)}:", [briefing.paths[0].describe()], LEADER_COLOUR)
    return lines
