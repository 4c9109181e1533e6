"""Maps in and out of other tools: GraphML, GEXF (Gephi), Kumu JSON, Salesforce, Sales Navigator.

:func:`read_map` reads any file the product understands, choosing the source by the file's
extension (``.graphml``, ``.gexf``, ``.json`` for Kumu, else a workbook or CSV file, which
may be a Salesforce Contacts export or a LinkedIn Sales Navigator lead list). Every source
produces the importer's located records, and the importer's one validator turns them into
the map, so every format gets the same header synonyms, vocabularies, checks and problem
codes. :func:`map_bytes` writes the map as GraphML, GEXF 1.3 or a Kumu blueprint; reading
such a file back gives the same people, ties and attributes.

Examples
--------
>>> import tempfile, pathlib, influence
>>> G = influence.load_sample()
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for fmt in INTERCHANGE_FORMATS:
...     path = folder / f"northwind.{EXTENSIONS[fmt]}"
...     _ = path.write_bytes(map_bytes(G, fmt))
...     H = read_map(path)
...     print(fmt, len(H), H.number_of_edges() == G.number_of_edges())
graphml 60 True
gexf 60 True
kumu 60 True
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..errors import ExportError, WorkbookError

__all__ = ["INTERCHANGE_FORMATS", "EXTENSIONS", "MEDIA_TYPES", "read_map", "validate_map",
           "read_map_records", "map_bytes", "source_kind"]

INTERCHANGE_FORMATS = ("graphml", "gexf", "kumu")
"""Formats :func:`map_bytes` writes (and :func:`read_map` reads back)."""

EXTENSIONS = {"graphml": "graphml", "gexf": "gexf", "kumu": "json"}
"""The file extension of each interchange format."""

MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
               "kumu": "application/json"}
"""The media type of each interchange format, for download buttons."""

_SUFFIX_KIND = {".graphml": "graphml", ".gexf": "gexf", ".json": "kumu"}


def source_kind(path) -> str:
    """Which source reads *path*: ``graphml``, ``gexf``, ``kumu`` or ``workbook`` (by extension).

    Examples
    --------
    >>> source_kind("team.GEXF"), source_kind("org.xlsx"), source_kind("map.json")
    ('gexf', 'workbook', 'kumu')
    """
    return _SUFFIX_KIND.get(Path(path).suffix.lower(), "workbook")


def read_map_records(path, **workbook_options):
    """The located records of *path*, by the source its extension names.

    *workbook_options* (``sheet``, ``relationships_sheet``, ``columns``, ``max_rows``,
    ``max_people``) apply to workbooks and CSV files.
    """
    kind = source_kind(path)
    if kind != "workbook":
        missing = _missing(path)
        if missing is not None:
            from ..importing.records import ImportRecords
            return ImportRecords(str(path), problems=[missing])
    if kind == "graphml":
        from .graphml import read_graphml_records
        return read_graphml_records(path)
    if kind == "gexf":
        from .gexf import read_gexf_records
        return read_gexf_records(path)
    if kind == "kumu":
        from .kumu import read_kumu_records
        return read_kumu_records(path)
    from ..importing import read_workbook_records
    from .crm import adapt_crm_records
    return adapt_crm_records(read_workbook_records(path, **workbook_options))


def _missing(path):
    from ..errors import Problem
    p = Path(path)
    if not p.exists():
        return Problem("error", "no such file; check the path", str(path), code="file-not-found")
    if p.is_dir():
        return Problem("error", "this is a folder, not a file", str(path), code="not-a-file")
    if p.stat().st_size == 0:
        return Problem("error", "the file is empty (0 bytes)", str(path), code="empty-file")
    return None


def validate_map(path, *, max_people: int | None = None, max_ties: int | None = None,
                 values: dict | None = None, **workbook_options):
    """Check a file of any supported format: an :class:`~influence.importing.ImportReport`
    with every problem (never raises for a bad file).

    *workbook_options* are :func:`influence.read_workbook`'s (``sheet``,
    ``relationships_sheet``, ``columns``, ``max_rows``); they apply to workbooks and CSV files.
    *values* (the user's reading of unknown vocabulary values) applies to every format.
    """
    from ..importing import ImportReport, people_limit, tie_limit, validate_records

    try:
        limit = people_limit(max_people)
        tie_limit(max_ties)
    except WorkbookError as err:
        return ImportReport(str(path), None, list(err.problems), [], {}, {})
    if source_kind(path) == "workbook":
        records = read_map_records(path, max_people=limit, **workbook_options)
    else:
        records = read_map_records(path)
    report = validate_records(records, max_people=limit, max_ties=max_ties, values=values)
    if source_kind(path) == "workbook":
        from ..importing.annotation_sheets import annotate_report  # Assessments and Interactions sheets

        annotate_report(path, records, report)
    if report.graph is not None:
        report.graph.graph.setdefault("source", str(path))
    return report


def read_map(path, **options) -> nx.MultiDiGraph:
    """Read a map from a workbook, CSV, GraphML, GEXF or Kumu JSON file.

    Raises
    ------
    WorkbookError
        With every problem, when the file cannot be imported.
    """
    report = validate_map(path, **options)
    if not report.ok:
        raise WorkbookError(report.problems)
    return report.graph


def map_bytes(G: nx.MultiDiGraph, format: str) -> bytes:
    """The map as ``graphml``, ``gexf`` or ``kumu`` (JSON) bytes.

    Raises
    ------
    ExportError
        For another format name.
    """
    name = str(format).lower()
    if name == "graphml":
        from .graphml import graphml_bytes
        return graphml_bytes(G)
    if name == "gexf":
        from .gexf import gexf_bytes
        return gexf_bytes(G)
    if name in ("kumu", "json"):
        from .kumu import kumu_bytes
        return kumu_bytes(G)
    raise ExportError(f"unknown interchange format {format!r}; use one of: {', '.join(INTERCHANGE_FORMATS)}")
