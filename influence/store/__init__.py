"""The workspace: influence maps with their whole history, in SQLite or PostgreSQL.

A workspace holds several maps (one per partner). Every :meth:`~MapStore.save` records a
new dated snapshot, kept as change records (who changed which person's or tie's field,
from what to what) with a full copy now and then, so the quarterly review can compare any
two states (:mod:`influence.history`) and nothing is lost on a restart or a crash.

:class:`MapStore` is the one interface the dashboard, the CLI and scripts use, with two
implementations: :class:`Workspace`, an embedded SQLite file (one person's default), and
:class:`PostgresStore`, a PostgreSQL database that several servers share.
:func:`open_store` picks one from a URL. A save given the version its edit started from
(``base_version``) is refused with :class:`Conflict` when someone saved in between, so
edits never overwrite each other.

Graphs are stored as node-link JSON (never pickle: a workspace must be safe to open and
readable without this package).

Examples
--------
>>> import tempfile, os
>>> from influence.graph import new_map, add_person
>>> G = new_map("Contoso")
>>> _ = add_person(G, "1", "Ada", attitude="neutral")
>>> with tempfile.TemporaryDirectory() as folder:
...     ws = Workspace(os.path.join(folder, "ws.sqlite"))
...     map_id = ws.create_map("Contoso", G)
...     G.nodes["1"]["attitude"] = "supporter"
...     _ = ws.save(map_id, G, note="Ada warmed up after the QBR")
...     [s.note for s in ws.snapshots(map_id)], ws.load(map_id).nodes["1"]["attitude"]
(['created', 'Ada warmed up after the QBR'], 'supporter')

Two people editing the same version: the second save is refused, saying what changed.

>>> with tempfile.TemporaryDirectory() as folder:
...     ws = open_store("sqlite:///" + os.path.join(folder, "team.sqlite"))
...     map_id = ws.create_map("Contoso", G)
...     start = ws.version(map_id)
...     mine, theirs = ws.load(map_id), ws.load(map_id)
...     theirs.nodes["1"]["attitude"] = "champion"
...     _ = ws.save(map_id, theirs, base_version=start, author="bo")
...     mine.nodes["1"]["attitude"] = "skeptic"
...     try:
...         ws.save(map_id, mine, base_version=start, author="ana")
...     except Conflict as conflict:
...         print(conflict.changes[0].what(), "by", conflict.changes[0].author)
Ada: attitude supporter → champion by bo
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InfluenceError
from .base import (
    ROLES, ChangeRecord, Conflict, EventInfo, MapInfo, MapNotFound, MapStore, ScenarioInfo, SchemaTooNew,
    SnapshotInfo, StoreError, StoreUnavailable, TokenInfo, UserInfo, UserNotFound, default_workspace_path,
    graph_from_json, graph_to_json,
)
from .postgres import PostgresStore, mask_url
from .sqlite import Workspace

__all__ = [
    "open_store", "DATABASE_ENV", "MapStore", "Workspace", "PostgresStore",
    "MapInfo", "SnapshotInfo", "ScenarioInfo", "ChangeRecord", "UserInfo", "TokenInfo", "EventInfo",
    "MapNotFound", "UserNotFound", "Conflict", "StoreError", "StoreUnavailable", "SchemaTooNew", "ROLES",
    "default_workspace_path", "graph_to_json", "graph_from_json", "mask_url",
]

DATABASE_ENV = "INFLUENCE_DATABASE_URL"
"""The environment variable :func:`open_store` reads when given no URL."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def open_store(url: str | os.PathLike | None = None) -> MapStore:
    """Open the workspace at *url*: ``sqlite:///path``, ``postgresql://…`` or a file path.

    Parameters
    ----------
    url : str or path, optional
        ``sqlite:///home/ana/maps.sqlite`` (after ``sqlite://`` comes the path, as in a
        ``file://`` URL, so three slashes start an absolute path), a plain file path (an
        SQLite workspace), or ``postgresql://user:password@host:5432/dbname``. Without it,
        :data:`INFLUENCE_DATABASE_URL <DATABASE_ENV>`, else the default SQLite workspace.

    Raises
    ------
    InfluenceError
        A malformed or unsupported URL, a database that cannot be reached or refuses the
        credentials, or a workspace written by a newer release: one line saying what to do.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> open_store("sqlite:///" + os.path.join(folder, "a.sqlite")).path.name
    'a.sqlite'
    >>> open_store(os.path.join(folder, "b.sqlite")).location.endswith("b.sqlite")
    True
    >>> open_store("mysql://db/maps")
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: unsupported database URL mysql://db/maps: use sqlite:///path/to/workspace.sqlite or postgresql://user:password@host:5432/dbname
    """
    if url is None:
        url = os.environ.get(DATABASE_ENV) or None
        if url is None:
            return Workspace(default_workspace_path())
    if isinstance(url, os.PathLike):
        return Workspace(Path(url))
    text = str(url).strip()
    if not text:
        raise InfluenceError("empty database URL: use sqlite:///path/to/workspace.sqlite or "
                             "postgresql://user:password@host:5432/dbname")
    match = _SCHEME.match(text)
    scheme = match.group(1).lower() if match and len(match.group(1)) > 1 else None  # "C:" is a drive
    if scheme is None:
        return Workspace(Path(text).expanduser())
    if scheme == "sqlite":
        rest = text[len("sqlite:"):]
        if not rest.startswith("//") or len(rest) <= 2:
            raise InfluenceError(f"malformed SQLite URL {text}: write sqlite:///absolute/path.sqlite "
                                 "or sqlite://relative/path.sqlite")
        path = rest[2:].split("?", 1)[0]
        if path.startswith("//"):  # sqlite:////abs/path, as SQLAlchemy writes it
            path = path[1:]
        return Workspace(Path(path).expanduser())
    if scheme in ("postgresql", "postgres"):
        return PostgresStore(text)
    raise InfluenceError(f"unsupported database URL {mask_url(text)}: use sqlite:///path/to/workspace.sqlite "
                         "or postgresql://user:password@host:5432/dbname")
