"""The annotated workbook: the input sheets plus the analysis, ready to re-import.

The People and Relationships sheets use the importer's own headers, so
:func:`influence.read_workbook` reads the file back into the same map (same people,
attributes, reporting lines and ties). The computed columns (Influence Score, Segment,
Leading Rank, Approach Via) sit to the right with a different header colour; on
re-import they land in each person's ``extra`` like any other extra column. A Briefing
sheet at the end summarises the analysis.

Text that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is written
as a plain string with Excel's quote prefix, so no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import io

from ..theme import attitude_style, strength_scale
from ..vocabulary import REPORTING
from .briefing import LEADER_COLOUR, SEGMENT_LABELS, Briefing

__all__ = ["workbook_bytes", "PEOPLE_HEADERS", "RELATIONSHIP_HEADERS", "COMPUTED_HEADERS"]

PEOPLE_HEADERS = ("ID", "Name", "Title", "Department", "Reports To", "Email", "Authority", "Role",
                  "Influence", "Attitude", "Style", "Owner", "Notes")
"""The People sheet's headers, as the importer's template names them."""

RELATIONSHIP_HEADERS = ("From", "To", "Type", "Strength", "Notes")

COMPUTED_HEADERS = ("Influence Score", "Segment", "Leading Rank", "Approach Via")
"""Columns the analysis adds; the importer keeps them as extra columns."""

_FIELD_OF = {"Name": "name", "Title": "title", "Department": "department", "Email": "email",
             "Authority": "authority", "Role": "role", "Influence": "influence", "Attitude": "attitude",
             "Style": "style", "Owner": "owner", "Notes": "notes"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_MAX_CELL_CHARACTERS = 32_767  # what an Excel cell holds; openpyxl would cut the rest silently


def _put(ws, row: int, col: int, value):
    """Write one cell; text that a spreadsheet would run as a formula stays text.

    Text longer than a cell holds is refused with a message, never cut.
    """
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str) and len(value) > _MAX_CELL_CHARACTERS:
        from ..errors import ExportError

        raise ExportError(f"sheet {ws.title!r}, cell {cell.coordinate}: the text has {len(value):,} "
                          f"characters, more than the {_MAX_CELL_CHARACTERS:,} an Excel cell holds, so the "
                          "workbook cannot hold it whole. Shorten it (a note, usually), or export the "
                          "briefing as HTML or PDF, which hold it in full")
    if isinstance(value, str):
        cell.value = value
        if value.startswith(_FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    return cell


ASSESSMENT_HEADERS = ("Person", "To", "Field", "Value", "Assessed By", "Assessed On", "Confidence", "Evidence")
"""The Assessments sheet's headers (``To`` names the person influenced, for a tie's strength)."""

INTERACTION_HEADERS = ("Person", "Owner", "Date", "Kind", "Notes")
"""The Interactions sheet's headers."""


def _annotation_sheets(wb, G, header_font, header_fill) -> None:
    """The Assessments and Interactions sheets, in the importer's format (only when there are any)."""
    from ..assessments import assessments_of, interactions_of

    rows = []
    for person, data in G.nodes(data=True):
        rows += [(str(person), None, a) for a in assessments_of(data)]
    for u, v, key, data in G.edges(keys=True, data=True):
        if key != REPORTING:
            rows += [(str(u), str(v), a) for a in assessments_of(data)]
    contacts = [(str(p), i) for p, data in G.nodes(data=True) for i in interactions_of(data)]
    if rows:
        ws = wb.create_sheet("Assessments")
        for col, header in enumerate(ASSESSMENT_HEADERS, start=1):
            cell = _put(ws, 1, col, header)
            cell.font, cell.fill = header_font, header_fill
        for r, (person, other, a) in enumerate(rows, start=2):
            value = strength_scale(a.value) if a.field == "strength" else a.value
            for col, cell in enumerate((person, other, a.field, value, a.rater,
                                        a.date.isoformat() if a.date else None, round(a.confidence, 3),
                                        a.evidence), start=1):
                _put(ws, r, col, cell)
        ws.freeze_panes = "A2"
    if contacts:
        ws = wb.create_sheet("Interactions")
        for col, header in enumerate(INTERACTION_HEADERS, start=1):
            cell = _put(ws, 1, col, header)
            cell.font, cell.fill = header_font, header_fill
        for r, (person, i) in enumerate(contacts, start=2):
            for col, cell in enumerate((person, i.owner, i.date.isoformat() if i.date else None, i.kind, i.notes),
                                       start=1):
                _put(ws, r, col, cell)
        ws.freeze_panes = "A2"


PLAN_HEADERS = ("Quarter", "Order", "Owner", "Action", "Target", "Via", "Expected Gain", "Status", "Talking Point",
                "Target ID", "Via IDs", "Quarter #", "Kind", "After IDs", "Chance")
"""The Plan sheet's headers: what a reader needs, then the ids the importer reads the plan back from."""

PLAN_DATA_LABEL = "Plan settings (read back on import)"
"""Row 3 of the Plan sheet: this label, then the plan's settings and figures as JSON."""


def _plan_sheet(wb, G, plan, header_font, header_fill) -> None:
    """The campaign plan (:mod:`influence.plan`), by quarter and order, with its two figures."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from ..plan import Plan, quarter_label

    plan = plan if isinstance(plan, Plan) else Plan.from_dict(plan)
    name = lambda p: (G.nodes[p].get("name") or p) if p in G else p
    ws = wb.create_sheet("Plan")
    _put(ws, 1, 1, f"Campaign plan, goal {plan.goal}: {plan.headline(len(G))}").font = Font(bold=True)
    _put(ws, 2, 1, f"Required for the decision: {', '.join(name(p) for p in plan.required) or 'nobody marked'}")
    import json

    settings = {k: v for k, v in plan.to_dict().items() if k != "actions"}
    _put(ws, 3, 1, PLAN_DATA_LABEL).font = Font(italic=True, color="5B6776")
    _put(ws, 3, 2, json.dumps(settings, ensure_ascii=False)).font = Font(color="5B6776")
    for col, header in enumerate(PLAN_HEADERS, start=1):
        cell = _put(ws, 4, col, header)
        cell.font, cell.fill = header_font, header_fill
    verbs = {"approach": "approach", "neutralise": "neutralise", "find owner": "find an owner"}
    actions = sorted(plan.actions, key=lambda a: (a.quarter is None, a.quarter or 0, a.order))
    for r, a in enumerate(actions, start=5):
        for col, value in enumerate((quarter_label(plan.start, a.quarter), a.order, a.owner, verbs.get(a.kind, a.kind),
                                     name(a.target), " → ".join(name(v) for v in a.via) or None,
                                     round(a.expected_gain, 4), a.status, a.talking_point or None,
                                     a.target, json.dumps(a.via, ensure_ascii=False), a.quarter, a.kind,
                                     json.dumps(a.after, ensure_ascii=False), round(a.probability, 4)), start=1):
            _put(ws, r, col, value)
    for col, width in enumerate((14, 7, 18, 14, 24, 36, 13, 10, 80, 12, 16, 10, 12, 16, 8), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A5"


def workbook_bytes(briefing: Briefing, *, plan=None) -> bytes:
    """The annotated workbook of *briefing* (``.xlsx`` bytes).

    Parameters
    ----------
    briefing : Briefing
        From :func:`~influence.export.briefing.prepare_briefing`.
    plan : influence.plan.Plan or dict, optional
        A campaign plan: adds a Plan sheet.

    Returns
    -------
    bytes
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    G = briefing.graph
    people = briefing.people
    wb = Workbook()
    ws = wb.active
    ws.title = "People"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=LEADER_COLOUR.lstrip("#"))
    computed_fill = PatternFill("solid", fgColor="5B6776")

    # A "Partner | name" pair above the header is how the importer learns the partner.
    _put(ws, 1, 1, "Partner").font = Font(bold=True)
    _put(ws, 1, 2, briefing.partner)
    _put(ws, 1, 4, f"Annotated by influence-map on {briefing.date_text}"
         + ("; names replaced by roles" if briefing.anonymized else "")).font = Font(italic=True, color="5B6776")
    label = briefing.scenario_label
    what_if_font = Font(bold=True, color="7A4B00")
    what_if_fill = PatternFill("solid", fgColor="FFF4D6")
    if label:  # row 2 is free: the importer finds its headers on row 3
        cell = _put(ws, 2, 4, label)
        cell.font, cell.fill = what_if_font, what_if_fill
    extra_headers: list[str] = []
    for v in G:
        for key in (G.nodes[v].get("extra") or {}):
            if key not in extra_headers and key not in COMPUTED_HEADERS:
                extra_headers.append(key)
    headers = list(PEOPLE_HEADERS) + extra_headers + list(COMPUTED_HEADERS)
    header_row = 3
    for col, header in enumerate(headers, start=1):
        cell = _put(ws, header_row, col, header)
        cell.font = header_font
        cell.fill = computed_fill if header in COMPUTED_HEADERS else header_fill
        if header in COMPUTED_HEADERS:
            cell.comment = Comment("Computed by influence-map. Re-importing keeps it as an extra column; "
                                   "it is not read as input.", "influence-map")
    ranks = {row.id: row for row in briefing.leaders}
    attitude_col = headers.index("Attitude") + 1
    for r, v in enumerate(G, start=header_row + 1):
        data = G.nodes[v]
        person = people.get(v)
        manager = data.get("manager")
        # A filtered map may name a manager who is not on it: leave the cell blank so the
        # workbook still imports cleanly.
        values = {"ID": str(v), "Reports To": manager if manager in G else None}
        for header, field in _FIELD_OF.items():
            values[header] = data.get(field)
        extra = data.get("extra") or {}
        for key in extra_headers:
            values[key] = extra.get(key)
        if person is not None:
            values["Influence Score"] = None if person.score is None else round(person.score, 1)
            values["Segment"] = SEGMENT_LABELS.get(person.segment, person.segment)
            values["Leading Rank"] = person.leader_rank
            leader = ranks.get(v)
            values["Approach Via"] = " → ".join(leader.approach_via[:-1]) if leader and leader.approach_via[:-1] else None
        for col, header in enumerate(headers, start=1):
            _put(ws, r, col, values.get(header))
        fill, text = attitude_style(data.get("attitude"))[:2]
        cell = ws.cell(row=r, column=attitude_col)
        cell.fill = PatternFill("solid", fgColor=fill.lstrip("#"))
        cell.font = Font(color=text.lstrip("#"))
    widths = {"ID": 10, "Name": 24, "Title": 32, "Department": 18, "Reports To": 11, "Email": 30,
              "Notes": 50, "Approach Via": 36, "Segment": 20}
    for col, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(header, max(12, len(header) + 3))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + G.number_of_nodes()}"

    rel = wb.create_sheet("Relationships")
    for col, header in enumerate(RELATIONSHIP_HEADERS, start=1):
        cell = _put(rel, 1, col, header)
        cell.font, cell.fill = header_font, header_fill
    if label:  # beside the table, under no header: the importer reads only headed columns
        cell = _put(rel, 1, len(RELATIONSHIP_HEADERS) + 2, label)
        cell.font, cell.fill = what_if_font, what_if_fill
    r = 2
    for u, v, key, data in G.edges(keys=True, data=True):
        if key == REPORTING:
            continue
        for col, value in enumerate((str(u), str(v), key, strength_scale(data.get("strength")), data.get("notes")),
                                    start=1):
            _put(rel, r, col, value)
        r += 1
    for col, width in enumerate((12, 12, 16, 10, 60), start=1):
        rel.column_dimensions[get_column_letter(col)].width = width
    rel.freeze_panes = "A2"
    if not briefing.anonymized:  # raters, evidence and contacts name people: never in an anonymised file
        _annotation_sheets(wb, G, header_font, header_fill)
    if plan is not None:
        _plan_sheet(wb, G, plan, header_font, header_fill)

    summary = wb.create_sheet("Briefing")
    _put(summary, 1, 1, briefing.title).font = Font(bold=True, size=14)
    _put(summary, 2, 1, briefing.date_text + (f" · {label}" if label else "")).font = (
        what_if_font if label else Font(color="5B6776"))
    row = 4
    for line in briefing.summary_lines():
        _put(summary, row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    _put(summary, row, 1, "Leading 10 percenters, in order of approach").font = Font(bold=True, size=12)
    row += 1
    for col, header in enumerate(("#", "Name", "Title", "Attitude", "Approach via", "Style tip"), start=1):
        cell = _put(summary, row, col, header)
        cell.font, cell.fill = header_font, header_fill
    for leader in briefing.leaders:
        row += 1
        for col, value in enumerate((leader.rank, leader.name, leader.title, leader.attitude,
                                     leader.approach_text, leader.style_tip), start=1):
            _put(summary, row, col, value)
    row += 2
    _put(summary, row, 1, "Antibodies and their neutralisers").font = Font(bold=True, size=12)
    row += 1
    for col, header in enumerate(("Name", "Title", "Attitude", "Influence Score", "Neutralise through"), start=1):
        cell = _put(summary, row, col, header)
        cell.font, cell.fill = header_font, header_fill
    for a in briefing.antibodies:
        row += 1
        for col, value in enumerate((a.name, a.title, a.attitude, None if a.score is None else round(a.score, 1),
                                     ", ".join(a.neutralizers)), start=1):
            _put(summary, row, col, value)
    for col, width in enumerate((6, 24, 32, 12, 40, 60), start=1):
        summary.column_dimensions[get_column_letter(col)].width = width
    summary.column_dimensions["A"].width = 6
    for r in range(4, 4 + len(briefing.summary_lines())):
        summary.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        summary.row_dimensions[r].height = 32

    wb.properties.creator = "influence-map"
    wb.properties.title = briefing.document_title
    if label:
        wb.properties.subject = label
        wb.properties.keywords = "what-if"
    for sheet in wb.worksheets if label else ():  # printed, every page of every sheet says so too
        sheet.oddHeader.center.text = label.replace("&", "&&")
        sheet.sheet_properties.tabColor = "B7791F"
        if sheet.title not in ("People", "Relationships", "Briefing"):  # those say so in a cell already
            # Beside the table, under no header, as on the Relationships sheet.
            cell = _put(sheet, 1, sheet.max_column + 2, label)
            cell.font, cell.fill = what_if_font, what_if_fill
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
