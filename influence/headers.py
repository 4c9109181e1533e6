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
        "Legal Name", "Executive", "Stakeholder", "Contact", "Contact Name",
    ),
    "first_name": ("First Name", "Given Name", "givenName", "First", "Forename",
                   "Preferred First Name", "Legal First Name"),
    "last_name": ("Last Name", "Surname", "sn", "Family Name", "Last", "Legal Last Name"),
    "title": ("Title", "Job Title", "jobTitle", "Business Title", "Position", "Position Title",
              "Job", "Job Name", "Designation"),
    "department": ("Department", "Dept", "Division", "Business Unit", "BU", "Team",
                   "Supervisory Organization", "Supervisory Organisation", "Organization",
                   "Organisation", "Org", "Org Unit", "Group", "Function"),
    "reports_to": (
        "Reports To", "Reports To ID", "Reports To Email", "Reports To Name", "Manager ID",
        "Manager Employee ID", "Manager Email", "Manager", "Manager Name", "managerId",
        "Supervisor ID", "Supervisor Email", "Supervisor", "Supervisor Name", "Line Manager",
        "Direct Manager", "Boss", "Parent", "Parent ID",
    ),
    "email": ("Email", "E-mail", "Email Address", "Work Email", "Business Email",
              "Primary Work Email", "mail", "userPrincipalName", "UPN"),
    "authority": ("Authority", "Authority Level", "Decision Authority", "Power", "Formal Power"),
    "role": ("Role", "Decision Role", "Buying Role", "Buyer Role"),
    "influence": ("Influence", "Influence Level", "Influence Rating", "Informal Influence"),
    "attitude": ("Attitude", "Attitude to Us", "Attitude Toward Us", "Stance", "Sentiment",
                 "Disposition", "Support"),
    "style": ("Style", "Social Style", "Personal Style", "Communication Style"),
    "owner": ("Owner", "Relationship Owner", "Account Owner", "Our Contact", "Covered By",
              "Coverage"),
    "notes": ("Notes", "Note", "Comments", "Comment", "Description", "Remarks"),
}
"""People-sheet fields and the headers that mean them, most specific first."""

RELATIONSHIP_SYNONYMS: dict[str, tuple[str, ...]] = {
    "from": ("From", "From ID", "From Name", "Source", "Source ID", "Influencer", "Who"),
    "to": ("To", "To ID", "To Name", "Target", "Target ID", "Influenced", "Influences Whom",
           "Whom"),
    "type": ("Type", "Relationship", "Relationship Type", "Relation", "Connection Type", "Kind"),
    "strength": ("Strength", "Weight", "Tie Strength"),
    "notes": ("Notes", "Note", "Comments", "Comment", "Description"),
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


def normalise_header(text) -> str:
    """Header text reduced to lower-case letters and digits; ``#`` reads as "number".

    Examples
    --------
    >>> normalise_header(" Employee # "), normalise_header("E-mail"), normalise_header(None)
    ('employeenumber', 'email', '')
    """
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    text = str(text).strip().lower().replace("#", " number ").replace("&", " and ")
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
