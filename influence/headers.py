"""Column headers: which spreadsheet column holds which field of the influence map.

Real exports name the same thing in many ways ("Employee #", "Worker ID", "userPrincipalName").
Headers are compared after :func:`normalise_header` (case, spaces and punctuation ignored),
against the synonyms below, most specific first. A user can always name the column
explicitly (``columns={"name": "Preferred Name"}``, ``--column name="Preferred Name"`` on
the command line) when guessing fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "PEOPLE_SYNONYMS",
    "RELATIONSHIP_SYNONYMS",
    "PEOPLE_SHEET_NAMES",
    "RELATIONSHIP_SHEET_NAMES",
    "FIELD_LABELS",
    "HeaderMatch",
    "normalise_header",
    "match_headers",
    "header_score",
]

PEOPLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "ID", "Employee ID", "Employee #", "Employee Number", "Employee No", "Emp ID", "EmpID",
        "Person ID", "Worker ID", "User ID", "Staff ID", "Staff Number", "Personnel Number",
        "Person Number", "Badge ID", "Identifier", "Key", "objectId",
    ),
    "name": (
        "Name", "Full Name", "Employee Name", "Display Name", "displayName", "Worker",
        "Worker Name", "Person", "Person Name", "Employee", "Label", "Preferred Name",
        "Legal Name", "Executive", "Stakeholder", "Contact", "Contact Name", "Employee Full Name",
        "Full Legal Name", "Person's Name", "Stakeholder Name", "Executive Name",
        "Names",
    ),
    "first_name": ("First Name", "Given Name", "givenName", "First", "Forename",
                   "Preferred First Name", "Legal First Name"),
    "last_name": ("Last Name", "Surname", "sn", "Family Name", "Last", "Legal Last Name"),
    "title": ("Title", "Job Title", "jobTitle", "Business Title", "Position", "Position Title",
              "Job", "Job Name", "Designation", "Job Role", "Position Name", "Job Position",
              "Role Title", "Title / Role", "Corporate Title", "Functional Title"),
    "department": ("Department", "Dept", "Division", "Business Unit", "BU", "Team",
                   "Supervisory Organization", "Supervisory Organisation", "Organization",
                   "Organisation", "Org", "Org Unit", "Group", "Function",
                   "Department Name", "Dept Name", "Unit", "Business Area", "Area", "Practice",
                   "Division Name", "Team Name", "Org Name", "Organisational Unit",
                   "Organizational Unit", "Sub Department", "Function Name"),
    "reports_to": (
        "Reports To", "Reports To ID", "Reports To Email", "Reports To Name", "Manager ID",
        "Manager Employee ID", "Manager Email", "Manager", "Manager Name", "managerId",
        "Supervisor ID", "Supervisor Email", "Supervisor", "Supervisor Name", "Line Manager",
        "Direct Manager", "Boss", "Parent", "Parent ID", "Boss Name", "Line Mgr", "Mgr",
        "Manager Full Name", "Manager's Name", "Reporting Manager", "Reporting To",
        "Superior", "Supervisor Full Name", "Line Manager Name", "Reports To Full Name",
        "Parent Name", "ReportsToId",
    ),
    "email": ("Email", "E-mail", "Email Address", "Work Email", "Business Email",
              "Primary Work Email", "mail", "userPrincipalName", "UPN", "E-mail Address",
              "Email ID", "Mail Address", "Work E-mail", "Corporate Email"),
    "authority": ("Authority", "Authority Level", "Decision Authority", "Power", "Formal Power",
                  "Formal Authority", "Decision Power", "Decision-making Power", "Decision Rights",
                  "Level of Authority", "Authority Rating", "Authority Score", "Seniority",
                  "Positional Power", "Budget Authority"),
    "role": ("Role", "Decision Role", "Buying Role", "Buyer Role", "Buying Center Role",
             "Buying Centre Role", "Role in Decision", "Decision-making Role", "Stakeholder Role",
             "DMU Role", "Deal Role"),
    "influence": ("Influence", "Influence Level", "Influence Rating", "Informal Influence", "Clout",
                  "Sway", "Informal Power", "Influence Score", "Political Influence", "Leverage",
                  "Pull", "Impact", "Influence on Decision"),
    "attitude": ("Attitude", "Attitude to Us", "Attitude Toward Us", "Stance", "Sentiment",
                 "Disposition", "Support", "Attitude Towards Us", "Stance Toward Us",
                 "Stance Towards Us", "Stance to Us", "Support Level", "Level of Support",
                 "Supporter Status", "Support Status", "Opinion of Us", "View of Us",
                 "Position on Us", "For or Against", "For / Against", "Temperature", "Attitude Level",
                 "Relationship Status", "Champion Status", "Sentiment Toward Us", "Sentiment to Us"),
    "style": ("Style", "Social Style", "Personal Style", "Communication Style", "Personality",
              "Personality Type", "Behavioural Style", "Behavioral Style", "Working Style",
              "Work Style", "Decision Style", "Decision-making Style", "DISC", "DISC Profile",
              "DISC Style", "DISC Type", "Temperament", "Social Style Type", "Character"),
    "owner": ("Owner", "Relationship Owner", "Account Owner", "Our Contact", "Covered By",
              "Coverage", "Relationship Manager", "Account Manager", "Our Owner", "Owned By",
              "Our Lead", "Contact Owner", "Internal Owner", "Our Relationship Owner",
              "Relationship Holder", "Coverage Owner", "Relationship Lead", "Our Person",
              "Engagement Owner", "Assigned To", "Owner Name"),
    "notes": ("Notes", "Note", "Comments", "Comment", "Description", "Remarks", "Observations",
              "Details", "Commentary", "Additional Info", "Additional Information", "Info",
              "Background", "Context", "Notes / Comments", "Free Text"),
}
"""People-sheet fields and the headers that mean them, most specific first."""

RELATIONSHIP_SYNONYMS: dict[str, tuple[str, ...]] = {
    "from": ("From", "From ID", "From Name", "Source", "Source ID", "Influencer", "Who",
             "Source Name", "Influencer Name", "From Person", "Person A", "Who Influences",
             "Influencer ID", "Actor", "Ego"),
    "to": ("To", "To ID", "To Name", "Target", "Target ID", "Influenced", "Influences Whom",
           "Whom", "Target Name", "Influencee", "Influenced Person", "To Person", "Person B",
           "Influenced ID", "Is Influenced", "Alter"),
    "type": ("Type", "Relationship", "Relationship Type", "Relation", "Connection Type", "Kind",
             "Relationship Kind", "Tie Type", "Link Type", "Edge Type", "Nature",
             "Nature of Relationship", "Relation Type"),
    "strength": ("Strength", "Weight", "Tie Strength", "How Strong", "Strength of Tie",
                 "Relationship Strength", "Link Strength", "Closeness", "How Close", "Intensity",
                 "Influence Strength", "Strength of Influence", "Strength of Relationship",
                 "Tie Weight", "Edge Weight"),
    "notes": ("Notes", "Note", "Comments", "Comment", "Description", "Remarks", "Details",
              "Context"),
}
"""Relationships-sheet fields (Kumu's From/To/Strength, Gephi's Source/Target/Weight)."""

PEOPLE_SHEET_NAMES = ("People", "Employees", "Org chart", "Orgchart", "Organisation",
                      "Organization", "Staff", "Persons", "Workers", "Executives",
                      "Stakeholders", "Contacts", "Influence map", "Elements", "Nodes")
RELATIONSHIP_SHEET_NAMES = ("Relationships", "Relations", "Connections", "Edges", "Links",
                            "Ties", "Influences")

FIELD_LABELS = {
    "id": "ID", "name": "Name", "first_name": "First Name", "last_name": "Last Name",
    "title": "Title", "department": "Department", "reports_to": "Reports To",
    "email": "Email", "authority": "Authority", "role": "Role", "influence": "Influence",
    "attitude": "Attitude", "style": "Style", "owner": "Owner", "notes": "Notes",
    "from": "From", "to": "To", "type": "Type", "strength": "Strength",
}
"""The template's header for each field, used in messages."""

_PUNCTUATION = re.compile(r"[\W_]+")
_BRACKETED = re.compile(r"[(\[{][^)\]}]*[)\]}]")


def normalise_header(text) -> str:
    """Header text reduced to lower-case letters and digits; ``#`` reads as "number".

    Examples
    --------
    >>> normalise_header(" Employee # "), normalise_header("E-mail"), normalise_header(None)
    ('employeenumber', 'email', '')
    >>> normalise_header("Clout (1-5)"), normalise_header("(1-5)")
    ('clout', '15')
    """
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    text = str(text).strip().lower().replace("#", " number ").replace("&", " and ")
    # A scale or unit in brackets says how to fill the column, not what it is:
    # "Clout (1-5)", "Strength [%]", "Authority (1 = low, 5 = high)".
    bare = _BRACKETED.sub(" ", text)
    if _PUNCTUATION.sub("", bare):
        text = bare
    return _PUNCTUATION.sub("", text)


def _lookup(synonyms: dict[str, tuple[str, ...]]) -> dict[str, tuple[int, str]]:
    # normalised header -> (rank, field); the first field to claim a header keeps it.
    table: dict[str, tuple[int, str]] = {}
    for name, words in synonyms.items():
        for rank, word in enumerate(words):
            table.setdefault(normalise_header(word), (rank, name))
    return table


_PEOPLE = _lookup(PEOPLE_SYNONYMS)
_RELATIONSHIPS = _lookup(RELATIONSHIP_SYNONYMS)


@dataclass
class HeaderMatch:
    """Which column (0-based index) holds each field, and the header as the user wrote it."""

    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    @property
    def has_name(self) -> bool:
        """True when the sheet names its people (a name column, or first and last names)."""
        return "name" in self.columns or "first_name" in self.columns or "last_name" in self.columns


def match_headers(cells, kind: str = "people", overrides: dict[str, str] | None = None) -> HeaderMatch:
    """Match a header row to the fields of a ``"people"`` or ``"relationships"`` sheet.

    Parameters
    ----------
    cells : sequence
        The header row's cells, as read.
    kind : {"people", "relationships"}
        Which sheet's fields to look for.
    overrides : dict, optional
        ``field -> header`` chosen by the user; it wins over any synonym.

    Returns
    -------
    HeaderMatch

    Examples
    --------
    >>> m = match_headers(["Worker ID", "Given Name", "Surname", "Manager", "Shoe size"])
    >>> m.columns
    {'id': 0, 'first_name': 1, 'last_name': 2, 'reports_to': 3}
    >>> match_headers(["Source", "Target", "Weight"], "relationships").headers
    {'from': 'Source', 'to': 'Target', 'strength': 'Weight'}
    """
    table = _PEOPLE if kind == "people" else _RELATIONSHIPS
    fields = PEOPLE_SYNONYMS if kind == "people" else RELATIONSHIP_SYNONYMS
    keys = [normalise_header(c) for c in cells]
    match = HeaderMatch()
    taken: set[int] = set()
    for name, header in (overrides or {}).items():
        if name not in fields:
            continue
        wanted = normalise_header(header)
        for i, key in enumerate(keys):
            if key and key == wanted and i not in taken:
                match.columns[name] = i
                taken.add(i)
                break
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    for i, key in enumerate(keys):
        if i in taken or key not in table:
            continue
        rank, name = table[key]
        if name in match.columns:
            continue
        if name not in best or rank < best[name][0]:
            best[name] = (rank, i)
    for name in fields:  # keep the fields' own order
        if name in best:
            match.columns[name] = best[name][1]
    match.columns = {k: match.columns[k] for k in sorted(match.columns, key=match.columns.get)}
    match.headers = {k: _label(cells[i]) for k, i in match.columns.items()}
    return match


def _label(cell) -> str:
    """A header cell as the user sees it (a number header 2024 is not "2024.0")."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def header_score(cells, overrides: dict[str, str] | None = None) -> tuple[int, int]:
    """How much a row looks like a header: (people fields, relationship fields) recognised.

    Examples
    --------
    >>> header_score(["Acme org chart", "", ""]), header_score(["Name", "Title", "Manager"])
    ((0, 0), (3, 0))
    """
    people = match_headers(cells, "people", overrides)
    relationships = match_headers(cells, "relationships", overrides)
    return len(people.columns), len(relationships.columns)
