"""The editable PowerPoint briefing deck (python-pptx), 16:9.

Slides: a title slide with the numbers that matter; the map drawn with native shapes
(one rounded rectangle per person, coloured by attitude) and connectors *glued* to
them, so an executive can move a box in PowerPoint and its lines follow; the leading
10 percenters (order, name, title, attitude, approach via, style tip); antibodies and
their neutralisers, with the sponsor check and coverage gaps; and with a target, the
best paths to that person. Every slide carries speaker notes that summarise the
analysis.

The map slide reuses the diagram's page fitting (:mod:`influence.export.pagefit`) and
label measurement (:mod:`influence.export.text`) on the slide's own proportions, so the
deck and the one-page diagram agree. Colours, attitude glyphs and wording come from
:mod:`influence.theme`: every person's box carries its attitude as a colour and as a
glyph (``++``, ``+``, ``±``, ``−``, ``−−``, ``?``), readable without colour.
"""

from __future__ import annotations

import io
import math

from .. import theme
from ..phrases import approach_phrase
from ..theme import ANTIBODY_COLOUR, ATTITUDE_LEVELS, LEADER_COLOUR, about, attitude_key, attitude_style
from ..vocabulary import CONFLICT
from .briefing import Briefing
from .pagefit import fit_page, key_ties
from .text import box_label, glyph_split, label_lines

__all__ = ["deck_bytes", "SLIDE_SIZE"]

SLIDE_SIZE = (1280, 720)
"""Slide size in CSS pixels (13.33 x 7.5 in, 16:9)."""

_EMU_PER_PX = 9525  # 914,400 EMU per inch / 96 px per inch
_PT_PER_PX = 0.75
_FONT = "Arial"  # in every Office install; LibreOffice uses the metric-compatible Liberation Sans
_INK = theme.INK
_MUTED = theme.MUTED
_WHAT_IF = theme.WHAT_IF_COLOUR  # a what-if's label: dark amber, not an attitude colour
_LINE = theme.LINE
_TIE = "28468A"

# Connection sites of a (rounded) rectangle, counter-clockwise from the top.
_TOP, _LEFT, _BOTTOM, _RIGHT = 0, 1, 2, 3


def _emu(px: float) -> int:
    return int(round(px * _EMU_PER_PX))


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def deck_bytes(briefing: Briefing, *, max_people: int = 80, plan=None) -> bytes:
    """The briefing as an editable 16:9 PowerPoint deck (``.pptx`` bytes).

    Parameters
    ----------
    briefing : Briefing
        From :func:`~influence.export.briefing.prepare_briefing`.
    max_people : int, default 80
        Larger maps show their influential core on the map slide.
    plan : influence.plan.Plan or dict, optional
        A campaign plan: adds a slide of its actions by quarter and owner.

    Returns
    -------
    bytes
    """
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(_emu(SLIDE_SIZE[0])), Emu(_emu(SLIDE_SIZE[1]))
    prs.core_properties.title = briefing.document_title
    prs.core_properties.subject = briefing.scenario_label  # "" for the map as it stands
    prs.core_properties.keywords = "what-if" if briefing.scenario_label else ""
    prs.core_properties.author = ""  # the deck may travel; it should not name its maker
    prs.core_properties.last_modified_by = ""
    prs.core_properties.comments = ""
    summary = briefing.summary_lines()

    _title_slide(prs, briefing, summary)
    _map_slide(prs, briefing, summary, max_people)
    _leader_slides(prs, briefing)
    _antibody_slide(prs, briefing)
    if briefing.target is not None:
        _paths_slide(prs, briefing)
    _unsure_slide(prs, briefing)
    if plan is not None:
        _plan_slide(prs, briefing, plan)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# --- slide furniture ----------------------------------------------------------------------

def _blank(prs):
    return prs.slides.add_slide(prs.slide_layouts[6])  # the blank layout: we place everything


def _text(slide, x, y, w, h, text, *, size=12, bold=False, colour=_INK, align=None, name=None):
    """A text box; *text* may be a list of ``(text, size, bold, colour)`` paragraphs."""
    from pptx.util import Emu, Pt

    box = slide.shapes.add_textbox(Emu(_emu(x)), Emu(_emu(y)), Emu(_emu(w)), Emu(_emu(h)))
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, 0)
    paragraphs = text if isinstance(text, list) else [(text, size, bold, colour)]
    for i, (line, line_size, line_bold, line_colour) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(line_size)
        run.font.bold = line_bold
        run.font.name = _FONT
        run.font.color.rgb = _rgb(line_colour)
    return box


def _what_if(slide, briefing, x, y, w, *, colour=_WHAT_IF):
    """The scenario's label on a slide, so no slide of a what-if reads as the current state."""
    if briefing.scenario_label:
        _text(slide, x, y, w, 18, briefing.scenario_label, size=11, bold=True, colour=colour, name="What-if")


def _heading(slide, briefing, title, subtitle=None):
    _what_if(slide, briefing, 36, 3, 1208)
    _text(slide, 36, 22, 1000, 40, title, size=24, bold=True)
    _text(slide, 1020, 30, 224, 20, briefing.date_text + (" · anonymised" if briefing.anonymized else ""),
          size=11, colour=_MUTED, align=_right())
    if subtitle:
        _text(slide, 36, 62, 1208, 22, subtitle, size=12, colour=_MUTED)


def _right():
    from pptx.enum.text import PP_ALIGN

    return PP_ALIGN.RIGHT


def _notes(slide, lines):
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


# --- title slide ----------------------------------------------------------------------------

def _title_slide(prs, briefing, summary):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    slide = _blank(prs)
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Emu(_emu(250)))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(LEADER_COLOUR)
    band.line.fill.background()
    band.name = "Title band"
    _flat(band)
    _text(slide, 60, 70, 1160, 60, briefing.title, size=36, bold=True, colour="FFFFFF")
    _text(slide, 60, 140, 1160, 30, f"Briefing · {briefing.date_text}"
          + (" · anonymised for a wider audience" if briefing.anonymized else ""), size=16, colour="DCE3F0")
    _what_if(slide, briefing, 60, 190, 1160, colour="FFD580")

    tiles = [
        (f"{briefing.support_now:.0f} → {briefing.support_with_leaders:.0f}",
         [(f"of {len(briefing.people)} expected on our side: now → with the leading 10 percenters", 12, False,
           _MUTED)] + ([(_ranges(briefing), 11, False, _MUTED)] if _ranges(briefing) else [])),
        (str(len(briefing.leaders)), "leading 10 percenters to approach first"),
        (str(len(briefing.antibodies)), "antibodies to neutralise"),
        ("Yes" if briefing.sponsor_ok else "None", "executive sponsor" if briefing.sponsor_ok
         else "executive sponsor: a red flag"),
    ]
    width = (1160 - 3 * 24) / 4
    for i, (big, small) in enumerate(tiles):
        x = 60 + i * (width + 24)
        tile = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(_emu(x)), Emu(_emu(300)),
                                      Emu(_emu(width)), Emu(_emu(150)))
        tile.fill.solid()
        tile.fill.fore_color.rgb = _rgb("F4F6F9")
        tile.line.fill.background()
        tile.adjustments[0] = 0.08
        tile.name = f"Key figure {i + 1}"
        _flat(tile)
        warn = (i == 3 and not briefing.sponsor_ok)
        _text(slide, x + 18, 316, width - 36, 56, big, size=32, bold=True,
              colour=ANTIBODY_COLOUR if warn else LEADER_COLOUR)
        _text(slide, x + 18, 372, width - 36, 70, small, size=12, colour=_MUTED)
    _text(slide, 60, 480, 1160, 200, [(line, 13, False, _INK) for line in briefing.summary_lines(short=True)[1:]])
    _notes(slide, summary)


def _ranges(briefing) -> str:
    """"80% range: 23–46 → 27–48": how sure the two figures are, when the analysis says."""
    estimates = [getattr(briefing.analysis, name, None) for name in ("support_now", "support_with_leaders")]
    if not all(hasattr(e, "low") and hasattr(e, "high") for e in estimates):
        return ""
    return "80% range: " + " → ".join(f"{e.low:.0f}–{e.high:.0f}" for e in estimates)


# --- the map ---------------------------------------------------------------------------------

def _map_slide(prs, briefing, summary, max_people):
    slide = _blank(prs)
    page_w, page_h = SLIDE_SIZE
    legend_h = 42  # two rows: the attitudes, then the marks and lines
    # The figure works with y upwards from the bottom of the page; PowerPoint downwards.
    page = fit_page(briefing, max_people, lambda left_out: (30, 14 + legend_h, page_w - 30, page_h - 92))
    kept, left_out, font = page.kept, page.left_out, page.font
    _heading(slide, briefing, f"{briefing.partner}: who decides, who sways whom",
             left_out or briefing.headline() + ".")
    people = briefing.people
    bw, bh = page.box_size
    centre = {v: (x, page_h - y) for v, (x, y) in page.centres().items()}
    font_pt = max(7.0, math.floor(font * _PT_PER_PX * 2) / 2)  # never above the fitted size

    # Lines first so boxes sit on top of them.
    connectors = []
    ties, total = key_ties(briefing, set(kept))
    boxes = {}
    for v in kept:
        person = people[v]
        cx, cy = centre[v]
        marked = person.leader_rank is not None or person.antibody
        # A box with badges is grouped with them, so they move together.
        shapes = slide.shapes.add_group_shape().shapes if marked else slide.shapes
        # PowerPoint wraps text itself: measure against a slightly narrower box to be safe.
        glyph = attitude_style(person.attitude).glyph
        _, title_lines = label_lines(person, 0.92 * bw, bh, font, glyph)
        title = " ".join(glyph_split(line, glyph)[1] if i == 0 else line
                         for i, line in enumerate(title_lines)).replace("… ", " ")
        # The whole name: PowerPoint wraps it in the box.
        boxes[v] = _person(shapes, v, person.attitude, cx - bw / 2, cy - bh / 2, bw, bh, box_label(person)[0],
                           title, font_pt, ring=person.leader_rank is not None)
        if person.leader_rank is not None:
            # Off the box's top-left corner, clear of the name.
            _badge(shapes, "oval", cx - bw / 2 - 12, cy - bh / 2 - 13, 17, str(person.leader_rank),
                   LEADER_COLOUR, f"Rank {person.leader_rank}")
        if person.antibody:
            _badge(shapes, "triangle", cx + bw / 2 - 12, cy - bh / 2 - 10, 18, "!", ANTIBODY_COLOUR, "Antibody")

    sx, ox = page.scale[0], page.origin[0]
    for m, columns in page.chart.teams.items():
        for spine, column in columns:
            for c in column:
                if len(column) == 1:
                    connectors.append(_elbow_down(slide, boxes[m], boxes[c], centre[m], centre[c], bw, bh,
                                                  dashed=c in page.indirect))
                else:
                    spine_px = ox + spine * sx
                    connectors.append(_elbow_side(slide, boxes[m], boxes[c], centre[m], centre[c], bw, bh,
                                                  spine_px, dashed=c in page.indirect))
    for u, v, key, data, emphasis in ties:
        connectors.append(_tie(slide, boxes[u], boxes[v], centre[u], centre[v], bw, bh,
                               conflict=key == CONFLICT, emphasis=emphasis, strength=data.get("strength")))
    # Send every line behind the boxes (z-order is document order in the shape tree).
    tree = slide.shapes._spTree
    first_box = min(tree.index(b._element if b._element.getparent() is tree else b._element.getparent())
                    for b in boxes.values())
    for connector in connectors:
        tree.remove(connector._element)
        tree.insert(first_box, connector._element)

    _map_legend(slide, page_h - legend_h - 6, len(ties), total)
    notes = list(summary)
    if left_out:
        notes.append(left_out)
    notes.append("The boxes and lines are ordinary PowerPoint shapes: move a box and its lines follow. "
                 "Each box shows its attitude by colour and by sign: ++ champion, + supporter, "
                 "± neutral, − skeptic, −− opponent, ? unknown.")
    _notes(slide, notes)


def _person(shapes, pid, attitude, x, y, w, h, name, title, font_pt, *, ring=False, title_pt=None):
    """A person's box: rounded, filled by attitude, the title led by the attitude's sign.

    The sign ("± VP Sales") goes before the name when there is no title, so every box
    reads without colour. Returns the box, which connectors glue to.
    """
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Emu, Pt

    look = attitude_style(attitude)
    box = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(_emu(x)), Emu(_emu(y)), Emu(_emu(w)), Emu(_emu(h)))
    box.name = f"Person {pid}"
    box.adjustments[0] = 0.16
    box.fill.solid()
    box.fill.fore_color.rgb = _rgb(look.fill)
    box.line.color.rgb = _rgb(LEADER_COLOUR if ring else look.outline)
    box.line.width = Pt(2.25 if ring else 0.75)
    if look.dashed and not ring:
        from pptx.enum.dml import MSO_LINE_DASH_STYLE

        box.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    _flat(box)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = Emu(_emu(3))
    frame.margin_top = frame.margin_bottom = Emu(_emu(1))

    def paragraph(first, words, size, bold, sign):
        para = frame.paragraphs[0] if first else frame.add_paragraph()
        para.alignment = PP_ALIGN.CENTER
        for text, run_bold in (((look.glyph + " ", True),) if sign else ()) + ((words, bold),):
            run = para.add_run()
            run.text = text
            run.font.size, run.font.bold, run.font.name = Pt(size), run_bold, _FONT
            run.font.color.rgb = _rgb(look.text)

    paragraph(True, name, font_pt, True, sign=not title)
    if title:
        paragraph(False, title, title_pt or max(7.0, font_pt - 0.5), False, sign=True)
    return box


def _badge(shapes, kind, x, y, size, text, colour, name):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Emu, Pt

    shape = shapes.add_shape(MSO_SHAPE.OVAL if kind == "oval" else MSO_SHAPE.ISOSCELES_TRIANGLE,
                                   Emu(_emu(x)), Emu(_emu(y)), Emu(_emu(size)), Emu(_emu(size)))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.color.rgb = _rgb("FFFFFF")
    shape.line.width = Pt(1)
    _flat(shape)
    frame = shape.text_frame
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, 0)
    # The "!" sits low in a triangle, where the triangle is wide enough to hold it.
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if name == "Antibody" else MSO_ANCHOR.MIDDLE
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(8), True, _FONT
    run.font.color.rgb = _rgb("FFFFFF")


def _flat(shape) -> None:
    """No shadow: neither the shape's own nor the theme's effect style (LibreOffice
    ignores an empty effect list but honours the style reference)."""
    from pptx.oxml.ns import qn

    shape.shadow.inherit = False
    style = shape._element.find(qn("p:style"))
    if style is not None:
        ref = style.find(qn("a:effectRef"))
        if ref is not None:
            ref.set("idx", "0")


def _style_line(connector, colour, width_pt, *, dashed=False, arrow=False, alpha=None):
    from lxml import etree
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    line = connector.line
    line.color.rgb = _rgb(colour)
    line.width = Pt(width_pt)
    if dashed:
        from pptx.enum.dml import MSO_LINE_DASH_STYLE

        line.dash_style = MSO_LINE_DASH_STYLE.DASH
    ln = connector._element.spPr.find(qn("a:ln"))
    if alpha is not None:
        srgb = ln.find(qn("a:solidFill")).find(qn("a:srgbClr"))
        etree.SubElement(srgb, qn("a:alpha")).set("val", str(int(alpha * 100000)))
    if arrow:
        tail = etree.SubElement(ln, qn("a:tailEnd"))
        tail.set("type", "triangle")
        tail.set("w", "med")
        tail.set("len", "med")


def _set_geometry(connector, x, y, w, h, *, rot=0, flip_h=False, flip_v=False, adj=None):
    """Write the connector's frame (and bend position) exactly, in px."""
    from lxml import etree
    from pptx.oxml.ns import qn

    xfrm = connector._element.spPr.find(qn("a:xfrm"))
    for attr in ("rot", "flipH", "flipV"):
        xfrm.attrib.pop(attr, None)
    if rot:
        xfrm.set("rot", str(rot))
    if flip_h:
        xfrm.set("flipH", "1")
    if flip_v:
        xfrm.set("flipV", "1")
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    off.set("x", str(_emu(x)))
    off.set("y", str(_emu(y)))
    ext.set("cx", str(max(_emu(w), 0)))
    ext.set("cy", str(max(_emu(h), 0)))
    if adj is not None:
        av = connector._element.spPr.find(qn("a:prstGeom")).find(qn("a:avLst"))
        for gd in list(av):
            av.remove(gd)
        gd = etree.SubElement(av, qn("a:gd"))
        gd.set("name", "adj1")
        gd.set("fmla", f"val {int(round(adj))}")


def _elbow_down(slide, boss, report, boss_c, report_c, bw, bh, *, dashed=False):
    """Manager's bottom to report's top: down, across, down (a 90-degree-turned elbow)."""
    from pptx.enum.shapes import MSO_CONNECTOR

    (sx, sy), (ex, ey) = (boss_c[0], boss_c[1] + bh / 2), (report_c[0], report_c[1] - bh / 2)
    connector = slide.shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
    connector.begin_connect(boss, _BOTTOM)
    connector.end_connect(report, _TOP)
    # An elbow's own path runs across, down, across; turned by 90 degrees it runs down,
    # across, down. Its unturned frame is |dy| wide and |dx| high, centred on the ends'
    # midpoint; flipping vertically (before the turn) makes it go right instead of left.
    w, h = abs(ey - sy), abs(ex - sx)
    cx, cy = (sx + ex) / 2, (sy + ey) / 2
    _set_geometry(connector, cx - w / 2, cy - h / 2, w, h, rot=5400000, flip_v=ex > sx)
    connector.name = "Reports to"
    _style_line(connector, _LINE, 1.0, dashed=dashed)
    return connector


def _elbow_side(slide, boss, report, boss_c, report_c, bw, bh, spine_x, *, dashed=False):
    """Into a stacked report's left side from a spine beside the column."""
    from pptx.enum.shapes import MSO_CONNECTOR

    left, right = boss_c[0] - bw / 2, boss_c[0] + bw / 2
    if spine_x > right:  # the column is off to the right: leave from the right side
        site, sx = _RIGHT, right
    else:  # leave from the left side; keep the spine clear of the manager's box
        site, sx = _LEFT, left
        spine_x = min(spine_x, left - 0.06 * bw)
    sy = boss_c[1]
    ex, ey = report_c[0] - bw / 2, report_c[1]
    connector = slide.shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
    connector.begin_connect(boss, site)
    connector.end_connect(report, _LEFT)
    # Unturned elbow: across to the spine (adj1, a fraction of the frame's width measured
    # from the start, may be negative or above 1), down, across into the box.
    dx = ex - sx
    if abs(dx) < 0.5:  # keep the frame from collapsing so the bend position stays defined
        ex, dx = sx + 0.5, 0.5
    adj = (spine_x - sx) / dx * 100000
    _set_geometry(connector, min(sx, ex), min(sy, ey), abs(dx), abs(ey - sy),
                  flip_h=ex < sx, flip_v=ey < sy, adj=adj)
    connector.name = "Reports to"
    _style_line(connector, _LINE, 1.0, dashed=dashed)
    return connector


def _tie(slide, source, target, a, b, bw, bh, *, conflict, emphasis, strength):
    """A straight influence arrow between the facing sides of two boxes."""
    from pptx.enum.shapes import MSO_CONNECTOR

    dx, dy = b[0] - a[0], b[1] - a[1]
    if abs(dx) / bw > abs(dy) / bh:
        begin, end = (_RIGHT, _LEFT) if dx > 0 else (_LEFT, _RIGHT)
    else:
        begin, end = (_BOTTOM, _TOP) if dy > 0 else (_TOP, _BOTTOM)
    connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
    connector.begin_connect(source, begin)
    connector.end_connect(target, end)
    # The name (PowerPoint's selection pane) gives the strength on the workbook's own scale.
    connector.name = "Conflict" if conflict else f"Influences, strength {theme.strength_text(strength)}"
    strength = 0.5 if strength is None else strength
    if conflict:
        _style_line(connector, ANTIBODY_COLOUR, 1.0, dashed=True, alpha=0.7)
    else:
        width = (0.75 if strength < 0.45 else 1.0 if strength < 0.75 else 1.5) + (0.5 if emphasis else 0)
        _style_line(connector, LEADER_COLOUR if emphasis else _TIE, width, arrow=True,
                    alpha=0.9 if emphasis else 0.45)
    return connector


def _map_legend(slide, y, shown, total):
    """Two rows under the map: each attitude's colour and sign, then the marks and lines."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Emu, Pt

    x = 30
    for attitude in ATTITUDE_LEVELS:
        look = attitude_style(attitude)
        swatch = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(_emu(x)), Emu(_emu(y + 1)),
                                        Emu(_emu(24)), Emu(_emu(15)))
        swatch.name = f"Legend {attitude}"
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(look.fill)
        swatch.line.color.rgb = _rgb(look.outline)
        swatch.line.width = Pt(0.75)
        if look.dashed:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            swatch.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        _flat(swatch)
        frame = swatch.text_frame
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, 0)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.CENTER
        run = para.add_run()
        run.text = look.glyph
        run.font.size, run.font.bold, run.font.name = Pt(9), True, _FONT
        run.font.color.rgb = _rgb(look.text)
        _text(slide, x + 29, y + 1, 90, 16, look.label, size=10)
        x += 29 + 7 * len(look.label) + 22
    ties = f"{shown} key ties of {total}" if shown < total else "influence ties"
    _text(slide, 30, y + 22, 1220, 16,
          f"Blue ring and number: leading 10 percenter, in order of approach · Red triangle with !: antibody · "
          f"Grey lines: reports to · Blue arrows: {ties} · Red dashes: conflict", size=10, colour=_MUTED)


# --- tables ----------------------------------------------------------------------------------

def _table(slide, x, y, w, headers, rows, widths, *, row_h=34, size=11):
    from pptx.util import Emu

    shape = slide.shapes.add_table(len(rows) + 1, len(headers), Emu(_emu(x)), Emu(_emu(y)),
                                   Emu(_emu(w)), Emu(_emu(row_h * (len(rows) + 1))))
    shape.name = "Table"
    table = shape.table
    total = sum(widths)
    for i, share in enumerate(widths):
        table.columns[i].width = Emu(_emu(w * share / total))
    for r in range(len(rows) + 1):
        table.rows[r].height = Emu(_emu(row_h))
    for c, header in enumerate(headers):
        _cell(table.cell(0, c), header, size, bold=True, colour="FFFFFF", fill=LEADER_COLOUR)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            colour = _INK
            if isinstance(value, tuple):
                value, colour = value
            _cell(table.cell(r, c), value, size, colour=colour, fill="F4F6F9" if r % 2 == 0 else "FFFFFF")
    return shape


def _cell(cell, text, size, *, bold=False, colour=_INK, fill="FFFFFF"):
    from pptx.util import Emu, Pt

    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    cell.margin_left = cell.margin_right = Emu(_emu(6))
    cell.margin_top = cell.margin_bottom = Emu(_emu(3))
    frame = cell.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = str(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, _FONT
    run.font.color.rgb = _rgb(colour)


def _attitude_cell(attitude):
    """The attitude with its sign ("− Skeptic"), in the for-us or against-us colour."""
    colour = {"champion": "champion", "supporter": "champion", "skeptic": "opponent",
              "opponent": "opponent"}.get(attitude)
    return (attitude_key(attitude), theme.ATTITUDE_COLOURS[colour] if colour else _INK)


def _leader_slides(prs, briefing, per_slide: int = 10, most: int = 30):
    """The leading 10 percenters in tables of *per_slide* rows, the first *most* of them."""
    rows = [(str(r.rank), r.name, r.title, _attitude_cell(r.attitude),
             r.approach_text[:1].upper() + r.approach_text[1:],
             r.style_tip or "—") for r in briefing.leaders[:most]]
    pages = [rows[i:i + per_slide] for i in range(0, len(rows), per_slide)] or [[]]
    for number, page in enumerate(pages, start=1):
        slide = _blank(prs)
        more = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        rest = len(briefing.leaders) - len(rows)
        _heading(slide, briefing, f"Leading 10 percenters: approach in this order{more}",
                 f"Winning these {len(briefing.leaders)} people over raises expected support from "
                 f"{about(briefing.support_now)} to {about(briefing.support_with_leaders)} "
                 f"of {len(briefing.people)} people."
                 + (f" The first {len(rows)} are listed; the workbook and HTML exports list all."
                    if rest > 0 else ""))
        if page:
            _table(slide, 36, 100, 1208, ["#", "Name", "Title", "Attitude", "Approach via", "Style tip"],
                   page, [0.4, 1.6, 2.0, 1.0, 2.4, 3.0], row_h=min(52, 560 // (len(page) + 1)))
        else:
            _text(slide, 36, 110, 1208, 40, "Nobody left to approach: everyone is on board already.", size=16)
        notes = [f"{r.rank}. {r.name}, {r.title}: {r.why or 'high expected gain'}."
                 + f" {approach_phrase(r.name, r.approach_via, owner=r.owner, capitalize=True)}."
                 + (f" Style: {r.style_tip}" if r.style_tip else "")
                 for r in briefing.leaders[(number - 1) * per_slide:number * per_slide]]
        _notes(slide, [briefing.summary_lines()[0]] + notes)


def _antibody_slide(prs, briefing):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    slide = _blank(prs)
    _heading(slide, briefing, "Antibodies and how to neutralise them",
             "Neutralise with facts, good execution and results, and through the people they trust.")
    rows = [(a.name, a.title, _attitude_cell(a.attitude), "—" if a.score is None else f"{a.score:.0f}",
             # Each neutraliser on their own: alternatives, not a chain.
             " or ".join(a.neutralizers) or "Nobody they trust is on our side: facts and results")
            for a in briefing.antibodies[:10]]
    if len(briefing.antibodies) > 10:
        rows.append(("…", f"and {len(briefing.antibodies) - 10} more", "", "", "listed in the workbook and HTML exports"))
    if rows:
        _table(slide, 36, 100, 800, ["Antibody", "Title", "Attitude", "Score", "Neutralise through"],
               rows, [1.5, 1.8, 1.1, 0.6, 2.6], row_h=min(48, 520 // (len(rows) + 1)), size=11)
    else:
        _text(slide, 36, 110, 800, 40, "No antibodies: nobody influential resists.", size=16)
    # Go ugly early: the sponsor check and coverage gaps beside the table.
    panel = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(_emu(864)), Emu(_emu(100)),
                                   Emu(_emu(380)), Emu(_emu(560)))
    panel.name = "Risks"
    panel.adjustments[0] = 0.04
    panel.fill.solid()
    panel.fill.fore_color.rgb = _rgb("F4F6F9")
    panel.line.fill.background()
    _flat(panel)
    paragraphs = [("Executive sponsor" if briefing.sponsor_ok else "No executive sponsor: a red flag", 14, True,
                   _INK if briefing.sponsor_ok else ANTIBODY_COLOUR),
                  (briefing.sponsor_message, 12, False, _MUTED), ("", 8, False, _INK)]
    gaps = [briefing.name(v) for v in briefing.coverage_gaps]
    paragraphs.append((f"Coverage gaps: {len(gaps)}", 14, True, _INK))
    paragraphs.append(("Nobody on our side owns the relationship with: " + ", ".join(gaps[:18])
                       + (f" and {len(gaps) - 18} more" if len(gaps) > 18 else "") if gaps
                       else "Every executive on the map has an owner on our side.", 12, False, _MUTED))
    _text(slide, 884, 118, 340, 530, paragraphs)
    notes = [f"{a.name} ({a.title}): neutralise through {' or '.join(a.neutralizers) or 'facts and results'}."
             for a in briefing.antibodies] or ["No antibodies on this map."]
    notes.append(("Executive sponsor: " if briefing.sponsor_ok else "No executive sponsor: ") + briefing.sponsor_message)
    if gaps:
        notes.append(f"Coverage gaps ({len(gaps)}): {', '.join(gaps)}.")
    _notes(slide, notes)


def _paths_slide(prs, briefing):
    from pptx.enum.shapes import MSO_CONNECTOR

    slide = _blank(prs)
    target = briefing.name(briefing.target)
    _heading(slide, briefing, f"How to reach {target}",
             "The most likely chains of influence from people already on our side (or our owners) to the target.")
    if not briefing.paths:
        _text(slide, 36, 120, 1208, 40, f"No path of influence reaches {target}: approach directly "
              "or build a relationship first.", size=16)
        _notes(slide, [f"No path reaches {target}."])
        return
    notes = []
    for i, path in enumerate(briefing.paths[:4]):
        y = 130 + i * 140
        owner = getattr(briefing.people.get(path.ids[0]), "owner", None)
        heading = (f"Path {i + 1}: " + approach_phrase(target, path.people, owner=owner, probability=path.probability)
                   if len(path.ids) == 1 else
                   f"Path {i + 1}: {theme.chance_text(path.probability)} that support carries all the way")
        _text(slide, 36, y - 28, 1208, 22, heading, size=13, bold=True, colour=LEADER_COLOUR if i == 0 else _INK)
        n = len(path.ids)
        gap = 46
        width = min(200, (1208 - gap * (n - 1)) / max(n, 1))
        previous = None
        for j, (pid, name) in enumerate(zip(path.ids, path.people)):
            person = briefing.people.get(pid)
            box = _person(slide.shapes, pid, person.attitude if person else "unknown", 36 + j * (width + gap), y,
                          width, 64, name, (person.title if person else "") or "", 12, title_pt=10,
                          ring=pid == briefing.target)
            box.name = f"Path {i + 1} person {pid}"
            if previous is not None:
                connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
                connector.begin_connect(previous, _RIGHT)
                connector.end_connect(box, _LEFT)
                connector.name = "Influences"
                _style_line(connector, LEADER_COLOUR, 1.75, arrow=True)
            previous = box
        notes.append(f"Path {i + 1} ({path.probability:.0%}): {' → '.join(path.people)}.")
    _notes(slide, notes)


# --- what we are unsure of; the campaign plan ------------------------------------------------

def _unsure_slide(prs, briefing):
    """Go ugly early: disputed, stale and losing-touch people (influence.assessments), when any."""
    analysis = briefing.analysis
    found = analysis.attention() if analysis is not None else {}
    if not any(found.values()):
        return
    slide = _blank(prs)
    _heading(slide, briefing, "What we are unsure of",
             "Where the team disagrees, where our knowledge is old, and whom we are losing touch with.")
    titles = {"disputed": "Disputed: our raters disagree", "stale": "Stale: newest view older than the cadence",
              "losing_touch": "Losing touch: no contact within the cadence"}
    rows = []
    for key in ("disputed", "stale", "losing_touch"):
        for item in found.get(key, [])[:6]:
            # An anonymised deck names roles, not our raters or dates of meetings.
            why = "details in the named briefing" if briefing.anonymized else item["why"]
            rows.append((titles[key].split(":")[0], briefing.name(item["id"]), why))
    _table(slide, 36, 100, 1208, ["Concern", "Person", "Why"], rows, [1.0, 1.8, 5.2],
           row_h=min(44, 540 // (len(rows) + 1)), size=11)
    _notes(slide, [f"{c}: {p}: {w}." for c, p, w in rows])


def _plan_slide(prs, briefing, plan):
    """The campaign plan by quarter and owner (influence.plan), with its two figures."""
    from ..plan import Plan, quarter_label

    plan = plan if isinstance(plan, Plan) else Plan.from_dict(plan)
    slide = _blank(prs)
    _heading(slide, briefing, f"Campaign plan ({plan.goal} goal)", plan.headline(len(briefing.people)) + ".")
    verbs = {"approach": "Approach", "neutralise": "Neutralise", "find owner": "Find an owner for"}
    rows = []
    for quarter, owners in plan.by_quarter().items():
        for owner, actions in owners.items():
            for a in actions:
                via = f" via {' → '.join(briefing.name(v) for v in a.via)}" if a.via else ""
                rows.append((quarter_label(plan.start, quarter), owner or "no owner yet",
                             f"{a.order}. {verbs.get(a.kind, a.kind)} {briefing.name(a.target)}{via}",
                             f"+{a.expected_gain:.1f}" if a.expected_gain >= 0.05 else "—", a.status))
    shown = rows[:14]
    if len(rows) > len(shown):
        shown.append(("…", "", f"and {len(rows) - len(shown)} more actions: the workbook's Plan sheet lists all", "", ""))
    _table(slide, 36, 100, 1208, ["Quarter", "Our owner", "Action", "Gain", "Status"], shown,
           [1.0, 1.4, 5.0, 0.6, 0.8], row_h=min(40, 560 // (len(shown) + 1)), size=11)
    _notes(slide, [plan.headline(len(briefing.people)) + ".", f"Chosen: {plan.how}."]
           + [f"{r[0]}, {r[1]}: {r[2]} ({r[4]})." for r in rows])
