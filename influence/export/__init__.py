"""Briefing exports: the map and its analysis as a diagram, a deck, a web page, a workbook.

One call per format, all drawing from the same prepared :class:`~.briefing.Briefing`:

========  ==============================================================================
``png``   one-page diagram (A4 landscape), rendered at twice the page's pixel size
``svg``   the same diagram as vector graphics
``pdf``   the same diagram as a one-page PDF, ready to print on A4
``pptx``  an editable PowerPoint deck: the map in native shapes with glued connectors,
          leading 10 percenters, antibodies, paths to a target, speaker notes
``html``  one self-contained web page: the interactive map and the tables, offline
``xlsx``  the input sheets plus computed columns; re-imports into the same map
========  ==============================================================================

A briefing made under a what-if (an analysis with a
:class:`~influence.scenarios.Scenario`, or ``scenario=``) says so on every page, slide
and sheet, in the document's metadata (PDF title and subject, PowerPoint and workbook
properties, the web page's ``<title>`` and ``<meta>``), and in its suggested file name
(:func:`default_output_path`).

Examples
--------
>>> from influence.export import FORMATS, default_output_path
>>> FORMATS
('png', 'svg', 'pdf', 'pptx', 'html', 'xlsx')
>>> default_output_path("maps/northwind.xlsx", "pdf").name
'northwind-briefing.pdf'
>>> from influence.scenarios import Scenario
>>> default_output_path("maps/northwind.xlsx", "pdf", scenario=Scenario(on_board=("NW081",))).name
'northwind-briefing-what-if.pdf'
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ExportError
from ..atomic import write_atomic
from .renderer import start_renderer, stop_renderer

__all__ = ["FORMATS", "IMAGE_FORMATS", "MEDIA_TYPES", "export_bytes", "export_map",
           "default_output_path", "briefing_file_name", "format_of", "pdf_with_info",
           "start_renderer", "stop_renderer"]

FORMATS = ("png", "svg", "pdf", "pptx", "html", "xlsx")
"""Every export format, by file extension."""

IMAGE_FORMATS = ("png", "svg", "pdf")
"""Formats drawn by the headless browser (the one-page diagram)."""

MEDIA_TYPES = {
    "png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
"""The media type of each format, for download buttons."""


def format_of(format: str | None = None, path=None) -> str:
    """The export format from an explicit name or, failing that, a file's extension.

    Raises
    ------
    ExportError
        If neither names a known format.

    Examples
    --------
    >>> format_of("PDF"), format_of(path="deck.pptx")
    ('pdf', 'pptx')
    """
    name = (format or (Path(path).suffix.lstrip(".") if path is not None else "")).lower()
    name = {"htm": "html", "ppt": "pptx", "xls": "xlsx", "excel": "xlsx", "powerpoint": "pptx"}.get(name, name)
    if name not in FORMATS:
        given = format or (str(path) if path is not None else "nothing")
        raise ExportError(f"unknown export format {given!r}; use one of: {', '.join(FORMATS)}")
    return name


def default_output_path(source, format: str, *, scenario=None, anonymize: bool = False) -> Path:
    """``<stem>-briefing.<ext>`` in the current folder, for a map read from *source*.

    A briefing of a what-if adds the scenario's :meth:`~influence.scenarios.Scenario.file_suffix`
    (``-what-if``), an anonymised one ``-anonymised``, so a file's name never passes a
    hypothetical or a named briefing off as the other.
    """
    stem = Path(source).stem if source else "influence-map"
    return Path(briefing_file_name(stem, format, scenario=scenario, anonymize=anonymize))


def briefing_file_name(stem: str, format: str, *, scenario=None, anonymize: bool = False) -> str:
    """The file name to suggest for a briefing of a map called *stem* (the dashboard's downloads).

    Examples
    --------
    >>> from influence.scenarios import Scenario
    >>> briefing_file_name("Northwind Systems", "pptx", scenario=Scenario(on_board=("a",), name="Q3"))
    'northwind-systems-briefing-what-if-q3.pptx'
    >>> briefing_file_name("Northwind Systems", "pdf", anonymize=True)
    'northwind-systems-anonymised-briefing.pdf'
    """
    from ..scenarios import Scenario

    safe = "".join(c if c.isalnum() or c in "-_ ." else "_" for c in str(stem or "influence-map"))
    safe = "-".join(safe.split()).lower() or "influence-map"
    suffix = Scenario.from_dict(scenario).file_suffix() if scenario else ""
    return (f"{safe}{'-anonymised' if anonymize else ''}-briefing"
            f"{'-' + suffix if suffix else ''}.{format_of(format)}")


def export_bytes(G, format: str, *, analysis=None, target=None, anonymize: bool = False,
                 title: str | None = None, fraction: float = 0.10, seed: int = 0, scenario=None,
                 paper: str = "a4", max_people: int = 80, date=None, plan=None) -> bytes:
    """The briefing of map *G* in *format*, as bytes (for the dashboard's downloads).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map.
    format : str
        One of :data:`FORMATS`.
    analysis : influence.analysis.Analysis, optional
        The analysis to show (e.g. the dashboard's current what-if, whose scenario is
        then labelled throughout); computed with ``analyze(G, scenario=scenario,
        fraction=fraction, seed=seed)`` when not given.
    target : str, optional
        A person's name or id: adds the best paths to them.
    anonymize : bool, default False
        Replace names with roles everywhere (see :mod:`influence.anonymize`).
    title : str, optional
        The title (default "<partner>: influence map").
    fraction, seed, scenario
        Passed to ``analyze`` when the analysis is computed here.
    paper : {"a4", "letter"}
        Page size of the PNG/SVG/PDF diagram.
    max_people : int, default 80
        Bigger maps show their influential core in the diagrams and the deck.
    date : datetime.date, optional
        The date printed on the briefing (today by default).
    plan : influence.plan.Plan or dict, optional
        A campaign plan (:func:`influence.plan.make_plan`): the deck gets a plan slide, the
        workbook a Plan sheet.

    Returns
    -------
    bytes

    Raises
    ------
    ExportError
        For an unknown format, or when no browser is available for an image.
    PersonNotFound
        If *target* matches nobody.
    """
    from .briefing import prepare_briefing

    fmt = format_of(format)
    briefing = prepare_briefing(G, analysis, target=target, anonymize=anonymize, title=title,
                                fraction=fraction, seed=seed, scenario=scenario, date=date)
    if fmt in IMAGE_FORMATS:
        from .figure import figure_bytes

        data = figure_bytes(briefing, fmt, paper=paper, max_people=max_people)
        if fmt == "pdf":
            data = pdf_with_info(data, title=briefing.document_title, subject=briefing.scenario_label)
        return data
    if fmt == "pptx":
        from .deck import deck_bytes

        return deck_bytes(briefing, max_people=max_people, plan=plan)
    if fmt == "html":
        from .html import html_bytes

        return html_bytes(briefing, max_people=max_people)
    from .workbook import workbook_bytes

    return workbook_bytes(briefing, plan=plan)


def export_map(G, path, format: str | None = None, *, analysis=None, target=None,
               anonymize: bool = False, force: bool = False, **options) -> Path:
    """Write the briefing of map *G* to *path*; the format defaults to the extension.

    The file is written atomically (a temporary file in the same folder, then renamed)
    and an existing file is only replaced with ``force=True``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map.
    path : str or os.PathLike
        The file to write.
    format : str, optional
        One of :data:`FORMATS`; by default taken from *path*'s extension.
    analysis, target, anonymize
        As for :func:`export_bytes`.
    force : bool, default False
        Overwrite an existing file.
    **options
        ``title``, ``fraction``, ``seed``, ``scenario``, ``paper``, ``max_people``,
        ``date``: as for :func:`export_bytes`.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ExportError
        If *path* exists and *force* is false (checked before any work is done), or the
        format is unknown.
    """
    path = Path(path)
    fmt = format_of(format, path)
    if path.exists() and not force:  # fail before a slow render, not after
        raise ExportError(f"{path} exists; use --force to overwrite")
    data = export_bytes(G, fmt, analysis=analysis, target=target, anonymize=anonymize, **options)
    return write_atomic(path, data, force=force)


def _pdf_text(text: str) -> bytes:
    """A PDF text string: UTF-16BE with its byte-order mark, hex-encoded (any character)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_with_info(data: bytes, *, title: str, subject: str = "") -> bytes:
    r"""*data* (a PDF) with its document title and subject set, by an incremental update.

    The browser that draws the diagram titles every PDF "Kaleido-fier"; this appends a
    new document-information object and a cross-reference section pointing at it (the
    original bytes stay as they are, as PDF's incremental updates allow). A PDF whose
    trailer cannot be read is returned unchanged.

    Examples
    --------
    >>> pdf = (b"%PDF-1.4\n1 0 obj\n<</Type /Catalog>>\nendobj\nxref\n0 2\n0000000000 65535 f \n"
    ...        b"0000000009 00000 n \ntrailer\n<</Size 2 /Root 1 0 R>>\nstartxref\n45\n%%EOF\n")
    >>> b"/Title <FEFF0041>" in pdf_with_info(pdf, title="A")
    True
    """
    import re

    tail = data[-2048:]
    trailer = tail.rfind(b"trailer")
    start = re.search(rb"startxref\s+(\d+)", tail[trailer:]) if trailer >= 0 else None
    size = re.search(rb"/Size\s+(\d+)", tail[trailer:]) if trailer >= 0 else None
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", tail[trailer:]) if trailer >= 0 else None
    if not (start and size and root):
        return data
    number = int(size.group(1))
    info = b"/Title " + _pdf_text(title) + b" /Creator (influence-map)"
    if subject:
        info += b" /Subject " + _pdf_text(subject) + b" /Keywords " + _pdf_text("what-if")
    body = data if data.endswith(b"\n") else data + b"\n"
    offset = len(body)
    body += b"%d 0 obj\n<<%s>>\nendobj\n" % (number, info)
    xref = len(body)
    body += b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    body += (b"trailer\n<</Size %d /Root %s /Info %d 0 R /Prev %s>>\nstartxref\n%d\n%%EOF\n"
             % (number + 1, root.group(1), number, start.group(1), xref))
    return body
