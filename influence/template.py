"""The influence-map workbook template: what ``influence template OUT.xlsx`` writes.

The template is the workbook format of the README made concrete: a People sheet (one row
per person), a Relationships sheet (who influences whom), the optional Assessments (who
judged what, when, how sure) and Interactions (our contacts) sheets, a README sheet explaining every
column and scale, dropdowns on the columns with a fixed vocabulary, and a few fictional
example rows. It imports with no errors and no warnings.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import write_file_atomic
from .errors import ExportError
from .vocabulary import ATTITUDES, RELATIONSHIP_TYPES, ROLES, STYLES

__all__ = ["write_template", "PEOPLE_COLUMNS", "RELATIONSHIP_COLUMNS", "ASSESSMENT_COLUMNS", "INTERACTION_COLUMNS"]

PEOPLE_COLUMNS = (
    ("ID", "Optional. A unique code per person (an employee number). Without it, names must be unique.",
     "any text or number"),
    ("Name", "Required. The person's full name (or use First Name and Last Name columns).", "text"),
    ("Title", "Job title.", "text"),
    ("Department", "Department, division or team.", "text"),
    ("Reports To", "The manager: their ID, e-mail or name. Blank, 0, -1 or the person "
                   "themselves for the top person.", "ID, e-mail or name"),
    ("Email", "Work e-mail.", "text"),
    ("Authority", "Formal power: 1 individual contributor ... 5 final decision maker.",
     "1-5, or low / medium / high (2 / 3 / 4)"),
    ("Role", "Decision role in our initiative.", ", ".join(ROLES) + " (or your own words)"),
    ("Influence", "Informal sway, if you want to rate it yourself.", "1-5, or low / medium / high"),
    ("Attitude", "Attitude toward our company.",
     "champion (+2), supporter (+1), neutral (0), skeptic (-1), opponent (-2), unknown; also "
     "mentor, ally, blocker, ..."),
    ("Style", "How they like to be approached (social style). Other words are kept as written.",
     ", ".join(STYLES)),
    ("Owner", "Who on OUR side holds the relationship. Blank = a coverage gap.", "text"),
    ("Notes", "Anything else. Any other column you add is kept too.", "text"),
)
"""People sheet columns: (header, what to enter, accepted values)."""

RELATIONSHIP_COLUMNS = (
    ("From", "The influencer: ID, e-mail or name of a person on the People sheet.", "ID, e-mail or name"),
    ("To", "The person influenced.", "ID, e-mail or name"),
    ("Type", "What kind of tie. Blank means influences; conflicts with never carries support.",
     ", ".join(RELATIONSHIP_TYPES)),
    ("Strength", "How strong the tie is. Blank means medium (0.5).",
     "1-5, a number in (0, 1], or weak / medium / strong"),
    ("Notes", "Anything else about the tie.", "text"),
)
"""Relationships sheet columns: (header, what to enter, accepted values)."""

ASSESSMENT_COLUMNS = (
    ("Person", "Who is assessed: ID, e-mail or name of a person on People.", "ID, e-mail or name"),
    ("Field", "What is assessed. Blank means attitude.", "attitude, influence, authority, style, strength"),
    ("Value", "The view, in the words of the People sheet.", "as on People (strength: as on Relationships)"),
    ("Assessed By", "Who on our side holds this view.", "text"),
    ("Assessed On", "When the view was formed (not in the future).", "a date, e.g. 2026-10-02"),
    ("Confidence", "How sure the rater is. Blank means medium.", "low / medium / high, or 0-1"),
    ("Evidence", "What the view rests on.", "text"),
    ("To", "For a strength only: the person influenced (Person is the influencer).", "ID, e-mail or name"),
)
"""Assessments sheet columns: each row one judgement, with its rater, date and evidence."""

INTERACTION_COLUMNS = (
    ("Person", "Whom we were in contact with.", "ID, e-mail or name"),
    ("Owner", "Who on our side.", "text"),
    ("Date", "When (not in the future).", "a date"),
    ("Kind", "How. Blank means meeting.", "meeting, call, email, event, other"),
    ("Notes", "What came of it.", "text"),
)
"""Interactions sheet columns: the log of our contacts (last contact, losing-touch warnings)."""

_ASSESSMENTS = (
    ("Marco Ruiz", "attitude", "skeptic", "Priya Nair", "2026-10-02", "high",
     "Asked for a three-year P&L before any commitment"),
    ("Marco Ruiz", "attitude", "neutral", "Chris Ward (our CEO)", "2026-09-15", "medium",
     "Warmer at the partner dinner"),
    ("Lena Okafor", "influence", 5, "Sam Lee", "2026-10-20", "high", "Chairs the architecture board", None),
)
_INTERACTIONS = (
    ("Dana Whitfield", "Chris Ward (our CEO)", "2026-10-28", "meeting", "QBR: asked for the joint go-to-market plan"),
    ("Marco Ruiz", "Priya Nair", "2026-10-02", "call", "Business case review"),
)

_PARTNER = "Example Partner Ltd"
_PEOPLE = (  # fictional people; Reports To shows each way of naming a manager
    (1, "Dana Whitfield", "Chief Executive Officer", "Executive", None, "dana.whitfield@example.com",
     5, "decision maker", 5, "neutral", "Driver", "Chris Ward (our CEO)",
     "Sponsor candidate; wants a joint go-to-market plan by Q3"),
    (2, "Marco Ruiz", "Chief Financial Officer", "Finance", 1, "marco.ruiz@example.com",
     4, "approver", 4, "skeptic", "Analytical", "Priya Nair", "Asks for the business case in numbers"),
    (3, "Lena Okafor", "Chief Technology Officer", "Engineering", 1, "lena.okafor@example.com",
     4, "evaluator", 5, "champion", "Expressive", "Sam Lee", "Our strongest advocate"),
    (4, "Tom Becker", "VP Sales", "Sales", "Dana Whitfield", "tom.becker@example.com",
     3, "influencer", 3, "supporter", "Amiable", None, "No owner yet: a coverage gap"),
    (5, "Aiko Tanaka", "Head of Procurement", "Finance", "marco.ruiz@example.com",
     "aiko.tanaka@example.com", 3, "gatekeeper", 2, "opponent", "Analytical", "Priya Nair",
     "Prefers the incumbent supplier"),
    (6, "Sven Larsen", "Director of Platform Engineering", "Engineering", 3,
     "sven.larsen@example.com", 2, "user", 3, "unknown", None, "Sam Lee", None),
)
_RELATIONSHIPS = (
    ("Lena Okafor", "Dana Whitfield", "influences", 4, "Dana asks Lena before any technology bet"),
    ("Marco Ruiz", "Aiko Tanaka", "advises", "strong", None),
    ("Tom Becker", "Marco Ruiz", "conflicts with", None, "Budget dispute over sales targets"),
    (6, 3, "trusts", 3, "IDs work too"),
    ("Sven Larsen", "Tom Becker", "dotted line", "weak", None),
)
_DROPDOWNS = {  # header -> (values, whether other words are allowed without a warning)
    "Authority": ("1,2,3,4,5,low,medium,high", False),
    "Influence": ("1,2,3,4,5,low,medium,high", False),
    "Role": (",".join(ROLES), True),
    "Attitude": (",".join(ATTITUDES), False),
    "Style": (",".join(STYLES), True),
    "Type": (",".join(RELATIONSHIP_TYPES), False),
    "Strength": ("1,2,3,4,5,weak,medium,strong", False),
}
_PEOPLE_HEADER_ROW = 3  # below the Partner row, as many real sheets have a title on top
_LAST_ROW = 2000


def write_template(path, *, force: bool = False) -> Path:
    """Write the influence-map workbook template to *path* (an ``.xlsx`` file).

    Parameters
    ----------
    path : str or os.PathLike
        Where to write; the name must end in ``.xlsx``.
    force : bool
        Overwrite an existing file.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ExportError
        When the file exists and *force* is false, or the name does not end in ``.xlsx``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from influence import read_workbook
    >>> out = write_template(pathlib.Path(tempfile.mkdtemp()) / "map.xlsx")
    >>> G = read_workbook(out)
    >>> G.graph["name"], G.number_of_nodes(), G.graph["warnings"]
    ('Example Partner Ltd', 6, [])
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"{path} does not end in .xlsx; the template is an Excel workbook, "
                          "so give a name such as influence_map.xlsx")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; choose another name, or allow overwriting it "
                          "(force=True)")
    workbook = _build()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist; create it first or choose another path")
    return write_file_atomic(path, workbook.save, force=force)


def _build():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")

    def headers(sheet, row, columns):
        for col, (header, help_text, _) in enumerate(columns, start=1):
            cell = sheet.cell(row=row, column=col, value=header)
            cell.font, cell.fill = bold, header_fill
            sheet.column_dimensions[cell.column_letter].width = max(12, min(40, len(header) + 8))
        sheet.freeze_panes = sheet.cell(row=row + 1, column=1)

    def dropdowns(sheet, row, columns):
        for col, (header, _, _) in enumerate(columns, start=1):
            if header not in _DROPDOWNS:
                continue
            values, open_list = _DROPDOWNS[header]
            check = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
            if open_list:
                check.showErrorMessage = False  # other words are kept as written
            else:
                check.errorStyle = "warning"  # synonyms (mentor, blocker, ...) are accepted too
                check.errorTitle = f"Not a usual {header.lower()}"
                check.error = f"Usual values: {values.replace(',', ', ')}. Keep it anyway?"
            letter = sheet.cell(row=row, column=col).column_letter
            check.add(f"{letter}{row + 1}:{letter}{_LAST_ROW}")
            sheet.add_data_validation(check)

    wb = Workbook()
    people = wb.active
    people.title = "People"
    people["A1"], people["B1"] = "Partner", _PARTNER
    people["A1"].font = bold
    headers(people, _PEOPLE_HEADER_ROW, PEOPLE_COLUMNS)
    people.column_dimensions["B"].width = 22
    people.column_dimensions["M"].width = 50
    for row in _PEOPLE:
        people.append(list(row))
    dropdowns(people, _PEOPLE_HEADER_ROW, PEOPLE_COLUMNS)

    relationships = wb.create_sheet("Relationships")
    headers(relationships, 1, RELATIONSHIP_COLUMNS)
    relationships.column_dimensions["E"].width = 50
    for row in _RELATIONSHIPS:
        relationships.append(list(row))
    dropdowns(relationships, 1, RELATIONSHIP_COLUMNS)

    assessments = wb.create_sheet("Assessments")
    headers(assessments, 1, ASSESSMENT_COLUMNS)
    assessments.column_dimensions["G"].width = 50
    for row in _ASSESSMENTS:
        assessments.append(list(row))
    check = DataValidation(type="list", formula1='"attitude,influence,authority,style,strength"', allow_blank=True)
    check.add(f"B2:B{_LAST_ROW}")
    assessments.add_data_validation(check)
    sure = DataValidation(type="list", formula1='"low,medium,high"', allow_blank=True)
    sure.showErrorMessage = False  # numbers from 0 to 1 work too
    sure.add(f"F2:F{_LAST_ROW}")
    assessments.add_data_validation(sure)

    interactions = wb.create_sheet("Interactions")
    headers(interactions, 1, INTERACTION_COLUMNS)
    interactions.column_dimensions["E"].width = 50
    for row in _INTERACTIONS:
        interactions.append(list(row))
    kind = DataValidation(type="list", formula1='"meeting,call,email,event,other"', allow_blank=True)
    kind.add(f"D2:D{_LAST_ROW}")
    interactions.add_data_validation(kind)

    readme = wb.create_sheet("README")
    wrap = Alignment(wrap_text=True, vertical="top")
    lines = [
        ("Influence map template", None, None),
        ("Fill in one row per person on People and one row per tie on Relationships, replacing "
         "the fictional examples; then run: influence validate this_file.xlsx", None, None),
        ("Put the partner's name next to 'Partner' at the top of People. Headers may be renamed "
         "to the usual synonyms (Employee ID, Job Title, Manager, Work Email, ...); any extra "
         "column is kept as a person attribute.", None, None),
        (None, None, None),
        ("Sheet / column", "What to enter", "Accepted values"),
        *[(f"People: {h}", text, accepted) for h, text, accepted in PEOPLE_COLUMNS],
        *[(f"Relationships: {h}", text, accepted) for h, text, accepted in RELATIONSHIP_COLUMNS],
        *[(f"Assessments: {h}", text, accepted) for h, text, accepted in ASSESSMENT_COLUMNS],
        *[(f"Interactions: {h}", text, accepted) for h, text, accepted in INTERACTION_COLUMNS],
        ("Combined view", "Each rater's latest assessment counts, weighted by its confidence and halved "
                          "every 180 days; the weighted median is the value the analysis uses.", None),
        (None, None, None),
        ("Direction", "A relationship runs from the influencer (From) to the person influenced (To).", None),
        ("Sensitive data", "An influence map holds personal judgements about named people: keep "
                           "it on your machine, share an anonymised copy.", None),
    ]
    for line in lines:
        readme.append(list(line))
    readme["A1"].font = Font(bold=True, size=14)
    for cell in readme[5]:
        cell.font, cell.fill = bold, header_fill
    for row in readme.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    readme.column_dimensions["A"].width = 26
    readme.column_dimensions["B"].width = 70
    readme.column_dimensions["C"].width = 50
    return wb
