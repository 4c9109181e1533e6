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

Examples
--------
>>> from influence.export import FORMATS, default_output_path
>>> FORMATS
('png', 'svg', 'pdf', 'pptx', 'html', 'xlsx')
>>> default_output_path("maps/northwind.xlsx", "pdf").name
'northwind-briefing.pdf'
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ExportError
from ..atomic import write_atomic
from .figure import start_renderer, stop_renderer

__all__ = ["FORMATS", "IMAGE_FORMATS", "MEDIA_TYPES", "export_bytes", "export_map",
           "default_output_path", "format_of", "start_renderer", "stop_renderer"]

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


def default_output_path(source, format: str) -> Path:
    """``<stem>-briefing.<ext>`` in the current folder, for a map read from *source*."""
    stem = Path(source).stem if source else "influence-map"
    return Path(f"{stem}-briefing.{format_of(format)}")


def export_bytes(G, format: str, *, analysis=None, target=None, anonymize: bool = False,
                 title: str | None = None, fraction: float = 0.10, seed: int = 0,
                 paper: str = "a4", max_people: int = 80, date=None) -> bytes:
    """The briefing of map *G* in *format*, as bytes (for the dashboard's downloads).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An influence map.
    format : str
        One of :data:`FORMATS`.
    analysis : influence.analysis.Analysis, optional
        The analysis to show (e.g. the dashboard's current what-if); computed with
        ``analyze(G, fraction=fraction, seed=seed)`` when not given.
    target : str, optional
        A person's name or id: adds the best paths to them.
    anonymize : bool, default False
        Replace names with roles everywhere (see :mod:`influence.anonymize`).
    title : str, optional
        The title (default "<partner>: influence map").
    fraction, seed
        Passed to ``analyze`` when the analysis is computed here.
    paper : {"a4", "letter"}
        Page size of the PNG/SVG/PDF diagram.
    max_people : int, default 80
        Bigger maps show their influential core in the diagrams and the deck.
    date : datetime.date, optional
        The date printed on the briefing (today by default).

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
                                fraction=fraction, seed=seed, date=date)
    if fmt in IMAGE_FORMATS:
        from .figure import figure_bytes

        return figure_bytes(briefing, fmt, paper=paper, max_people=max_people)
    if fmt == "pptx":
        from .deck import deck_bytes

        return deck_bytes(briefing, max_people=max_people)
    if fmt == "html":
        from .html import html_bytes

        return html_bytes(briefing, max_people=max_people)
    from .workbook import workbook_bytes

    return workbook_bytes(briefing)


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
        ``title``, ``fraction``, ``seed``, ``paper``, ``max_people``, ``date``: as for
        :func:`export_bytes`.

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
