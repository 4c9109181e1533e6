"""The Import tab's preview: how each column and each unknown value was read, to change
before a map is created. Pure functions of an :class:`influence.importing.ImportReport`."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from influence.headers import FIELD_LABELS, PEOPLE_SYNONYMS, RELATIONSHIP_SYNONYMS
from influence.importing.choices import ImportChoices
from influence.vocabulary import ATTITUDES, RELATIONSHIP_TYPES, STYLES

from . import ids

__all__ = ["preview", "choices_from", "preview_summary", "dashboard_hint"]

_LEVELS = {
    "attitude": [(a, a) for a in ATTITUDES],
    "style": [(s, s) for s in STYLES],
    "authority": [(str(n), str(n)) for n in range(1, 6)],
    "influence": [(str(n), str(n)) for n in range(1, 6)],
    "type": [(t, t) for t in RELATIONSHIP_TYPES],
    "strength": [("weak (0.2)", "weak"), ("medium (0.5)", "medium"), ("strong (0.8)", "strong")],
}
_EXTRA = "(kept as an extra column)"


def dashboard_hint(hint) -> str | None:
    """A problem's hint (:class:`influence.errors.Hint`) in the Import tab's own terms.

    >>> from influence.errors import Hint
    >>> dashboard_hint(Hint("column-override", "name"))
    'Choose the column that holds Name in the step below.'
    """
    if hint is None:
        return None
    label = FIELD_LABELS.get(hint.field, hint.field) if hint.field else "each field"
    limit = f" (now {hint.value:,})" if isinstance(hint.value, int) else ""
    return {
        "column-override": f"Choose the column that holds {label} in the step below.",
        "value-mapping": "Say what it means under “Values not understood” below.",
        "sheet-override": "Rename the sheet you mean to People or Relationships in the workbook, "
                          "or delete the other one, and drop the file again.",
        "row-limit": f"Ask whoever runs this dashboard to raise the row limit{limit}.",
        "people-limit": f"Ask whoever runs this dashboard to raise the people limit{limit}.",
        "tie-limit": f"Ask whoever runs this dashboard to raise the ties limit{limit}.",
    }.get(hint.kind)


def _field_options(kind: str) -> list[dict]:
    fields = PEOPLE_SYNONYMS if kind == "people" else RELATIONSHIP_SYNONYMS
    empty = _EXTRA if kind == "people" else "(not read)"
    return [{"label": empty, "value": ""}] + [{"label": FIELD_LABELS.get(f, f), "value": f} for f in fields]


def preview_summary(filename: str, report) -> dbc.Alert:
    """The line above the preview: the file can be imported; check it, then create the map."""
    counts = report.counts or {}
    return dbc.Alert([html.B(f"{filename} can be imported: "),
                      f"{counts.get('people', 0)} people, {counts.get('reporting_lines', 0)} reporting "
                      f"lines, {counts.get('relationships', 0)} relationships. Check how it was read below, "
                      "change what is wrong, then create the map."],
                     color="info", className="py-2", id="upload-preview-ready")


def preview(report, remembered: ImportChoices | None = None) -> dbc.Card:
    """Every column with the field it was read as, every unknown value with what it became,
    each one a control to change; *remembered* choices from earlier imports are pre-set."""
    remembered = remembered or ImportChoices()
    by_header = {h: f for f, h in remembered.columns.items()}
    rows = []
    for c in report.columns:
        chosen = by_header.get(c.header, c.field or "")
        might = ", ".join(FIELD_LABELS.get(f, f) for f in c.suggestions)
        rows.append(html.Tr([
            html.Td(c.sheet or "—"), html.Td(c.header),
            html.Td(dcc.Dropdown(id={"type": ids.PREVIEW_COLUMN, "kind": c.kind, "header": c.header,
                                     "auto": c.field or ""},
                                 options=_field_options(c.kind), value=chosen, clearable=False,
                                 className="preview-dropdown")),
            html.Td(f"might be: {might}" if might and not c.field else "", className="small text-muted"),
        ]))
    parts = [html.H6("How the file was read"),
             html.P("Each column and the field it is read as. A column read as nothing is kept with "
                    "each person as an extra column.", className="small"),
             html.Table([html.Thead(html.Tr([html.Th(h) for h in ("Sheet", "Column", "Read as", "")])),
                         html.Tbody(rows)], className="table table-sm preview-columns")]
    if report.unknown_values:
        value_rows = []
        for v in report.unknown_values:
            levels = _LEVELS.get(v["field"], [])
            chosen = remembered.values.get(v["field"], {}).get(v["value"])
            read = "kept as written" if v["read_as"] == v["value"] else f"read as {v['read_as'] or 'blank'}"
            value_rows.append(html.Tr([
                html.Td(FIELD_LABELS.get(v["field"], v["field"])), html.Td(str(v["value"])),
                html.Td(f"{v['count']:,}"),
                html.Td(dcc.Dropdown(id={"type": ids.PREVIEW_VALUE, "field": v["field"], "value": str(v["value"])},
                                     options=[{"label": label, "value": value} for label, value in levels],
                                     value=chosen, placeholder=read, className="preview-dropdown")),
            ]))
        parts += [html.H6("Values not understood", className="mt-3"),
                  html.P("Say what each one means (for example “on the fence” is neutral); the "
                         "choices are remembered for your next import.", className="small"),
                  html.Table([html.Thead(html.Tr([html.Th(h) for h in ("Field", "Value", "Rows", "Means")])),
                              html.Tbody(value_rows)], className="table table-sm preview-values")]
    parts.append(dbc.Button("Create the map", id=ids.PREVIEW_CREATE, color="primary", className="mt-2"))
    return dbc.Card(dbc.CardBody(parts), className="mt-3 preview-card", id="upload-preview")


def choices_from(column_ids, column_values, value_ids, value_values) -> ImportChoices:
    """The choices made in the preview's controls (only where they change the reading)."""
    columns = {}
    for cid, field in zip(column_ids or [], column_values or []):
        if field and field != cid.get("auto"):
            columns[field] = cid["header"]
    values: dict = {}
    for vid, level in zip(value_ids or [], value_values or []):
        if level:
            values.setdefault(vid["field"], {})[vid["value"]] = level
    return ImportChoices(columns, values)
