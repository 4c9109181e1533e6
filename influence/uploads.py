"""Files uploaded to the team server or the dashboard: the name kept for the file and for its map.

An upload arrives with the name the user's browser gives it and is imported from a
temporary copy. The map made from it is named after what the file says (the partner's
name, when the workbook states one) or else after the uploaded file, never after the
temporary copy, and it remembers the file it came from.
"""

from __future__ import annotations

from pathlib import PurePath, PurePosixPath, PureWindowsPath

import networkx as nx

__all__ = ["DEFAULT_UPLOAD_NAME", "upload_file_name", "name_uploaded_map"]

DEFAULT_UPLOAD_NAME = "upload.xlsx"
"""The name of an upload that arrives without one."""


def upload_file_name(filename: str | None) -> str:
    """The file name of an upload without any folder a browser put in front of it.

    Examples
    --------
    >>> upload_file_name("C:\\\\Users\\\\ann\\\\Contoso map.xlsx"), upload_file_name("../../etc/acme.csv")
    ('Contoso map.xlsx', 'acme.csv')
    >>> upload_file_name(""), upload_file_name(None), upload_file_name("..")
    ('upload.xlsx', 'upload.xlsx', 'upload.xlsx')
    """
    text = str(filename or "").strip()
    # Old browsers send the whole Windows path; either separator can appear.
    name = PureWindowsPath(PurePosixPath(text).name).name
    return name if name not in ("", ".", "..") else DEFAULT_UPLOAD_NAME


def name_uploaded_map(G: nx.MultiDiGraph, filename: str, *, read_from: str | PurePath | None = None) -> str:
    """Name the map *G* imported from the upload *filename*; returns the name.

    The map keeps the partner's name its file states; a map named after the file it was
    read from (the temporary copy *read_from*, whose name is the importer's default) or
    not named at all is named after the uploaded file's stem. ``G.graph["source"]``
    becomes the uploaded file's name.

    Examples
    --------
    >>> from influence.graph import new_map
    >>> G = new_map("tmp1234"); name_uploaded_map(G, "Contoso 2026.xlsx", read_from="/tmp/x/tmp1234.xlsx")
    'Contoso 2026'
    >>> G.graph["source"]
    'Contoso 2026.xlsx'
    >>> name_uploaded_map(new_map("Fabrikam"), "export.csv", read_from="/tmp/x/export.csv")
    'Fabrikam'
    """
    name = upload_file_name(filename)
    G.graph["source"] = name
    current = (G.graph.get("name") or "").strip()
    copy_stem = PurePath(read_from).stem if read_from is not None else None
    if not current or current == copy_stem:
        G.graph["name"] = PurePath(name).stem
    return G.graph["name"]
