"""The standalone HTML briefing: one file, works offline, nothing fetched from anywhere.

The page holds the interactive map (hover a box for the person's summary) and the
tables: leading 10 percenters, antibodies, coverage gaps, the sponsor check, the paths
to a target, and everyone on the map. plotly.js is embedded in the file; the few web
addresses inside the library (map tiles, CDNs and fonts that only map charts use) are
blanked, so the file contains no external URL at all and makes no network request.
All user text is HTML-escaped.
"""

from __future__ import annotations

import html
import re

from ..theme import about, attitude_key, attitude_style
from .briefing import SEGMENT_LABELS, Briefing
from .figure import briefing_figure

__all__ = ["html_bytes", "offline_plotlyjs"]

# Any web address except XML namespaces, which browsers never fetch and SVG needs
# verbatim. "$" ends a match so a JavaScript template literal stays well-formed.
_EXTERNAL_URL = re.compile(r"https?://(?!www\.w3\.org/)[^\s\"'`<>()\\$]*")

_plotlyjs_cache: str | None = None


def offline_plotlyjs() -> str:
    """plotly.js from the installed plotly package, with every external URL blanked.

    The addresses blanked are defaults for map tiles, map fonts, the topojson CDN and
    links to plotly.com; none is used by the briefing's charts.

    Examples
    --------
    >>> js = offline_plotlyjs()
    >>> "cdn.plot.ly" in js, "https://" in js, len(js) > 1_000_000
    (False, False, True)
    """
    global _plotlyjs_cache
    if _plotlyjs_cache is None:
        from plotly.offline import get_plotlyjs

        _plotlyjs_cache = _EXTERNAL_URL.sub("about:blank", get_plotlyjs())
    return _plotlyjs_cache


_CSS = """
:root { --ink: #1f2933; --muted: #5b6776; --line: #d5dae1; --navy: #1d3f8f; --red: #d62828; }
* { box-sizing: border-box; }
body { margin: 0; font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink);
       background: #fff; line-height: 1.4; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 2px solid var(--navy); padding-bottom: 4px; }
.date, .muted { color: var(--muted); }
.summary { background: #f4f6f9; border-radius: 8px; padding: 12px 18px; margin: 16px 0; }
.summary li { margin: 4px 0; }
.figure { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; margin-top: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th { background: var(--navy); color: #fff; text-align: left; padding: 6px 8px; font-weight: bold; }
td { padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:nth-child(even) td { background: #f8f9fb; }
.chip { display: inline-block; min-width: 76px; padding: 1px 8px; border-radius: 10px; font-size: 12px;
        text-align: center; border: 1px solid; }
.flag { color: var(--red); font-weight: bold; }
.ok { color: #1e7b45; font-weight: bold; }
details summary { cursor: pointer; font-weight: bold; margin: 8px 0; }
footer { margin: 40px auto 24px; font-size: 12px; color: var(--muted); }
.what-if { position: sticky; top: 0; z-index: 10; background: #fff4d6; border-bottom: 2px solid #b7791f;
           color: #5c3d00; font-weight: bold; padding: 8px 24px; text-align: center; }
@media print { .figure { border: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _chip(attitude: str) -> str:
    # Colour and a glyph ("++ Champion"), so the chip reads without colour too.
    look = attitude_style(attitude)
    style = f"background:{look.fill};color:{look.text};border-color:{look.outline}"
    if look.dashed:
        style += ";border-style:dashed"
    return f'<span class="chip" style="{style}">{_e(attitude_key(attitude))}</span>'


def _table(headers, rows) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_bytes(briefing: Briefing, *, max_people: int = 80) -> bytes:
    """The briefing as one self-contained HTML page (UTF-8 bytes).

    Parameters
    ----------
    briefing : Briefing
        From :func:`~influence.export.briefing.prepare_briefing`.
    max_people : int, default 80
        Larger maps show their influential core in the map; the tables list everyone.

    Returns
    -------
    bytes
    """
    fig = briefing_figure(briefing, max_people=max_people, interactive=True)
    config = {"displaylogo": False, "responsive": False, "scrollZoom": True,
              "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
              "topojsonURL": "about:blank", "plotlyServerURL": "about:blank"}
    plot = fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                       config=config, div_id="influence-map")
    people = briefing.people
    sections = []

    sections.append("<ul class=\"summary\">" + "".join(f"<li>{_e(line)}</li>" for line in briefing.summary_lines())
                    + "</ul>")
    sections.append('<h2 id="map">The map</h2><p class="muted">Hover over a person for their summary; '
                    "drag to pan, scroll to zoom, double-click to reset.</p>"
                    f'<div class="figure">{plot}</div>')

    rows = [(_e(r.rank), f"<b>{_e(r.name)}</b>", _e(r.title), _chip(r.attitude),
             _e(r.approach_text) if r.approach_via[:-1] else f'<span class="muted">{_e(r.approach_text)}</span>',
             _e(r.style_tip), _e(r.why)) for r in briefing.leaders]
    sections.append(f'<h2 id="leaders">Leading 10 percenters: approach in this order</h2>'
                    f"<p>Winning these {len(rows)} people over raises expected support from "
                    f"{about(briefing.support_now)} to {about(briefing.support_with_leaders)} of {len(people)} people.</p>"
                    + (_table(["#", "Name", "Title", "Attitude", "Approach via", "Style tip", "Why"], rows)
                       if rows else "<p>Nobody left to approach.</p>"))

    rows = [(f"<b>{_e(a.name)}</b>", _e(a.title), _chip(a.attitude),
             "" if a.score is None else _e(f"{a.score:.0f}"),
             _e(", ".join(a.neutralizers)) or '<span class="muted">facts, execution and results</span>')
            for a in briefing.antibodies]
    sections.append('<h2 id="antibodies">Antibodies and their neutralisers</h2>'
                    + (_table(["Antibody", "Title", "Attitude", "Influence score", "Neutralise through"], rows)
                       if rows else "<p>No antibodies: nobody influential resists.</p>"))

    rows = [(f"<b>{_e(people[v].name)}</b>", _e(people[v].title), _chip(people[v].attitude),
             "" if people[v].score is None else _e(f"{people[v].score:.0f}"))
            for v in briefing.coverage_gaps if v in people]
    sections.append('<h2 id="coverage">Coverage gaps</h2><p>Nobody on our side owns these relationships.</p>'
                    + (_table(["Name", "Title", "Attitude", "Influence score"], rows)
                       if rows else "<p>Every executive on the map has an owner on our side.</p>"))

    status = ('<span class="ok">Executive sponsor in place.</span>' if briefing.sponsor_ok
              else '<span class="flag">Red flag: no executive sponsor.</span>')
    sections.append(f'<h2 id="sponsor">Executive sponsor</h2><p>{status} {_e(briefing.sponsor_message)}</p>'
                    + (f"<p>Sponsors: {_e(', '.join(briefing.sponsors))}</p>" if briefing.sponsors else ""))

    if briefing.target is not None:
        target = briefing.name(briefing.target)
        rows = [(_e(i), _e(" → ".join(p.people) if len(p.people) > 1 else f"{p.people[0]}, directly (our owner)"),
                 _e(f"{p.probability:.0%}")) for i, p in enumerate(briefing.paths, 1)]
        sections.append(f'<h2 id="paths">Best paths to {_e(target)}</h2>'
                        + (_table(["#", "Path", "Chance support carries"], rows) if rows
                           else f"<p>No path of influence reaches {_e(target)}.</p>"))

    rows = [(f"<b>{_e(p.name)}</b>", _e(p.title), _e(p.department), _chip(p.attitude),
             "" if p.score is None else _e(f"{p.score:.0f}"), _e(SEGMENT_LABELS.get(p.segment, p.segment)),
             _e(p.owner or ""))
            for p in sorted(people.values(), key=lambda p: -(p.score or 0))]
    sections.append(f'<h2 id="everyone">Everyone on the map</h2><details><summary>{len(rows)} people, '
                    "most influential first</summary>"
                    + _table(["Name", "Title", "Department", "Attitude", "Influence score", "Segment", "Owner"], rows)
                    + "</details>")

    label = briefing.scenario_label
    # A what-if says so at the top of the page, in the window title and in the metadata.
    banner = f'<div class="what-if" role="note" id="what-if">{_e(label)}</div>' if label else ""
    meta = (f'<meta name="description" content="{_e(label)}"><meta name="influence-scenario" content="{_e(label)}">'
            if label else "")
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        f"{meta}<title>{_e(briefing.document_title)}</title><style>{_CSS}</style>"
        # plotly.js must load before the plot's own script runs.
        f"<script>{offline_plotlyjs()}</script></head><body>{banner}"
        f"<header><h1>{_e(briefing.title)}</h1><p class=\"date\">{_e(briefing.date_text)}"
        + (" · anonymised" if briefing.anonymized else "") + "</p></header>"
        "<main>" + "".join(sections) + "</main>"
        "<footer>Made with influence-map on this computer. "
        + ("Names are replaced by roles." if briefing.anonymized else
           "This page holds personal judgements about named people: share it only with those who need it.")
        + "</footer>"
        "</body></html>\n"
    )
    return page.encode("utf-8")
