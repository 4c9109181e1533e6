"""The embedded workspace: one SQLite file on the user's machine (the default)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import InfluenceError
from .base import StoreError, default_workspace_path
from .sql import SQLStore

__all__ = ["Workspace", "make_private_file"]


def make_private_file(path: Path) -> None:
    """Create *path* (and its missing folders) readable by the user only: 0600 and 0700."""
    missing = []
    folder = path.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            pass


def _wal(db, wait: float = 30.0) -> None:
    """Switch *db* to write-ahead logging. Several processes opening a new workspace at once
    can find it locked while one of them converts it (SQLite's busy timeout does not cover
    that step), so the switch is retried for up to *wait* seconds."""
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Workspace(SQLStore):
    """The maps of one user in an embedded SQLite file.

    Parameters
    ----------
    path : str or Path, optional
        The database file; created (with its folder, both private to the user) if missing.
        Default :func:`~influence.store.default_workspace_path`.

    Raises
    ------
    InfluenceError
        If *path* exists but is not an influence-map workspace, or was written by a newer
        release.

    Notes
    -----
    One connection per thread (the dashboard's server is threaded); every write is a
    single transaction (``BEGIN IMMEDIATE``: writers queue, and a crash leaves either the
    old or the new state); WAL mode, so readers never wait for a writer.
    """

    dialect = "sqlite"

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_workspace_path()
        if self.path.is_dir():
            raise InfluenceError(f"{self.path} is a folder; give a workspace file, e.g. {self.path / 'workspace.sqlite'}")
        try:
            make_private_file(self.path)
        except OSError as err:
            raise StoreError(f"cannot create the workspace {self.path} ({err.strerror or err}); "
                             "choose another place with --workspace") from None
        self.location = str(self.path)
        super().__init__()

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # --- what SQLStore needs ----------------------------------------------------------------

    def _connect(self):
        try:
            # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE), so
            # two writers queue instead of failing half-way.
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            _wal(db)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as err:
            raise self._store_error(err) from None
        return db

    def _begin(self, db, write: bool, consistent: bool = False) -> None:
        db.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def _database_errors(self) -> tuple:
        return (sqlite3.Error,)

    def _integrity_errors(self) -> tuple:
        return (sqlite3.IntegrityError,)

    def _store_error(self, err: Exception) -> StoreError:
        text = str(err)
        low = text.lower()
        if "not a database" in low or "file is encrypted" in low:
            return StoreError(f"{self.path} is not an influence-map workspace ({text}); pass another file with --workspace")
        if "disk is full" in low or "disk i/o" in low:
            return StoreError(f"the workspace {self.path} could not be written: the disk is full or failing "
                              f"({text}); free some space, then try again")
        if "locked" in low or "busy" in low:
            return StoreError(f"the workspace {self.path} is busy (another program holds it: {text}); try again")
        if "readonly" in low or "read-only" in low or "unable to open" in low:
            return StoreError(f"the workspace {self.path} cannot be written ({text}); check its permissions "
                              "or choose another file with --workspace")
        return StoreError(f"the workspace {self.path} refused the change ({text})")

    def _schema_version(self, q) -> int:
        return int(q.one("PRAGMA user_version")[0])

    def _set_schema_version(self, q, version: int) -> None:
        q.execute(f"PRAGMA user_version = {int(version)}")  # transactional in SQLite

    def _ids_unused(self, q) -> bool:
        return q.one("SELECT COUNT(*) FROM sqlite_sequence WHERE name IN ('maps', 'snapshots') AND seq > 0")[0] == 0

    def _check_unmigrated(self, q) -> None:
        tables = {r[0] for r in q.all("SELECT name FROM sqlite_master WHERE type = 'table'")}
        foreign = tables - {"maps", "snapshots", "scenarios", "sqlite_sequence"}
        if foreign:
            raise InfluenceError(f"{self.path} is not an influence-map workspace (it holds the tables "
                                 f"{', '.join(sorted(foreign)[:5])}); pass another file with --workspace")
