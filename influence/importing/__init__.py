"""Importing org charts and influence maps: sources produce located records, one validator
turns records into the map.

* A **source** reads one kind of file into :class:`~influence.importing.records.ImportRecords`:
  people and ties as raw text, each with the sheet, row and column it came from. The Excel
  and CSV source is :func:`read_workbook_records`.
* The **validator**, :func:`validate_records`, turns records from any source into the graph
  of :mod:`influence.graph`, collecting *every* problem (with a code from
  :data:`influence.errors.PROBLEM_CODES`, its location and a hint) before the user sees any,
  so a file is fixed in one pass.

:func:`read_workbook` and :func:`validate_workbook` run both for a workbook or CSV file.
A new source (GraphML, GEXF, Kumu, a CRM export) only has to build records::

    records = ImportRecords(file, people=PeopleRecords.from_rows(...), ties=TieRecords.from_rows(...))
    report = validate_records(records)
"""

from __future__ import annotations

import networkx as nx

from ..errors import WorkbookError
from .records import (
    PEOPLE_FIELDS, TIE_FIELDS, ColumnReading, ImportRecords, Location, PeopleRecords,
    PersonRecord, TieRecord, TieRecords,
)
from .validate import (
    VALUE_FIELDS, DEFAULT_MAX_PEOPLE, DEFAULT_MAX_TIES, ImportReport, people_limit, tie_limit, validate_records,
)
from .workbook_source import FIELDS, read_workbook_records

__all__ = [
    "read_workbook", "validate_workbook", "read_workbook_records", "validate_records",
    "ImportReport", "ImportRecords", "PeopleRecords", "TieRecords", "PersonRecord", "TieRecord",
    "Location", "ColumnReading", "FIELDS", "PEOPLE_FIELDS", "TIE_FIELDS",
    "DEFAULT_MAX_PEOPLE", "DEFAULT_MAX_TIES", "people_limit", "tie_limit", "VALUE_FIELDS",
]


def read_workbook(path, *, sheet: str | None = None, relationships_sheet: str | None = None,
                  columns: dict[str, str] | None = None, max_rows: int | None = None,
                  max_people: int | None = None, max_ties: int | None = None,
                  values: dict | None = None) -> nx.MultiDiGraph:
    """Read an org chart or influence map from an ``.xlsx``, ``.xlsm`` or ``.csv`` file.

    Parameters
    ----------
    path : str or os.PathLike
        The workbook or CSV file (never modified).
    sheet : str, optional
        The people sheet; by default the sheet called People (Employees, Org chart, …) or
        else the sheet whose headers look most like people.
    relationships_sheet : str, optional
        The relationships sheet; by default Relationships (Connections, Edges, …) or the
        sheet with From/To (Source/Target) columns. It is optional.
    columns : dict, optional
        ``field -> header`` for columns the synonyms do not catch, e.g.
        ``{"name": "Preferred Name", "reports_to": "Line Mgr"}``; fields are in :data:`FIELDS`.
    max_rows : int, optional
        The most rows a sheet may have; a longer sheet is refused with a message. By
        default ``$INFLUENCE_MAX_ROWS``, else 1,000,000 (see :func:`influence.readers.row_limit`).
    max_people, max_ties : int, optional
        The most people and relationships the map may hold: by default
        ``$INFLUENCE_MAX_PEOPLE`` / ``$INFLUENCE_MAX_TIES``, else 50,000 and 500,000. More
        is refused (code ``too-many-people`` / ``too-many-ties``) before the map is built.
    values : dict, optional
        What values the vocabularies do not know mean, per field:
        ``{"attitude": {"on the fence": "neutral"}}`` (see :func:`validate_records`).

    Returns
    -------
    networkx.MultiDiGraph
        The influence map (schema in :mod:`influence.graph`); ``G.graph["warnings"]`` lists
        the warnings (:class:`~influence.errors.Problem`).

    Raises
    ------
    WorkbookError
        When the file cannot be imported; ``problems`` holds every error and warning.

    Notes
    -----
    IDs are text, kept as written ("007"). A reference is looked up as an exact ID, the ID
    ignoring case, the ID without leading zeros (7 finds "007", since Excel drops the zeros
    of a number, unless two IDs read 7 that way), the e-mail, then the name ignoring case,
    spacing, invisible characters and Unicode form. Names and every other text are kept
    exactly as written, HTML included: escaping is the job of whatever displays them;
    control characters are removed, with a warning. Formulas are never evaluated; the
    value Excel saved with each is read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "acme.csv"
    >>> _ = f.write_text("Name,Title,Reports To,Attitude\\nAda,CEO,,champion\\n"
    ...                  "Bob,CFO,Ada,blocker\\n", encoding="utf-8")
    >>> G = read_workbook(f)
    >>> G.graph["name"], sorted(G.nodes), G.nodes["Bob"]["attitude"], G.nodes["Bob"]["manager"]
    ('acme', ['Ada', 'Bob'], 'opponent', 'Ada')
    """
    report = validate_workbook(path, sheet=sheet, relationships_sheet=relationships_sheet,
                               columns=columns, max_rows=max_rows, max_people=max_people,
                               max_ties=max_ties, values=values)
    if not report.ok:
        raise WorkbookError(report.errors + report.warnings)
    return report.graph


def validate_workbook(path, *, sheet: str | None = None, relationships_sheet: str | None = None,
                      columns: dict[str, str] | None = None, max_rows: int | None = None,
                      max_people: int | None = None, max_ties: int | None = None,
                      values: dict | None = None) -> ImportReport:
    """Import *path* as :func:`read_workbook` does, but report instead of raising.

    Parameters are those of :func:`read_workbook`.

    Returns
    -------
    ImportReport
        ``graph`` is ``None`` when there is any error; ``counts`` has ``people``,
        ``reporting_lines`` and ``relationships``; ``columns`` and ``unknown_values`` are
        the import preview (how each column and each unrecognised value was read).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "org.csv"
    >>> _ = f.write_text("Name,Manager\\nAda,\\nBob,Zed\\n", encoding="utf-8")
    >>> report = validate_workbook(f)
    >>> report.ok, report.counts["people"], report.warnings[0].row, report.warnings[0].code
    (True, 2, 3, 'manager-not-found')
    """
    try:
        limit = people_limit(max_people)
        tie_limit(max_ties)
    except WorkbookError as err:
        return ImportReport(str(path), None, [p for p in err.problems], [], {}, {})
    records = read_workbook_records(path, sheet=sheet, relationships_sheet=relationships_sheet,
                                    columns=columns, max_rows=max_rows, max_people=limit)
    from .annotation_sheets import annotate_report  # the Assessments and Interactions sheets

    return annotate_report(path, records, validate_records(records, max_people=limit, max_ties=max_ties,
                                                           values=values))
