"""Moving workspaces between databases, whole history included, and backing them up.

:func:`copy_store` copies every map with all its snapshots, change records, scenarios,
forecasts and plans (and the accounts, API tokens, settings and audit trail) from one store
to another, e.g. from the SQLite file of a pilot to the team's PostgreSQL. The source is
read in one consistent transaction, each map is written in one transaction, so a copy
interrupted half-way leaves whole maps only. Into an empty destination the ids are kept
(versions, bookmarks and audit entries stay valid); into one that has, or ever had, maps
the copied maps get new ids.

:func:`backup` writes a new SQLite workspace file (private to the user) holding all of it:
a backup that ``influence serve --workspace FILE`` opens as it is, and that
``influence workspace copy FILE postgresql://…`` restores.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InfluenceError
from .sql import SQLStore
from .sqlite import Workspace

__all__ = ["CopyReport", "copy_store", "backup"]


@dataclass
class CopyReport:
    """What :func:`copy_store` copied."""

    maps: int = 0
    snapshots: int = 0
    changes: int = 0
    users: int = 0
    skipped_users: int = 0
    events: int = 0
    kept_ids: bool = False

    def __str__(self) -> str:
        text = (f"{self.maps} map(s) with {self.snapshots} snapshot(s) and {self.changes} change record(s), "
                f"{self.users} user(s), {self.events} audit event(s)")
        if self.skipped_users:
            text += f" ({self.skipped_users} user(s) already there were left as they were)"
        return text

    @property
    def ids_note(self) -> str:
        """How the ids came out: kept (into an empty workspace) or new."""
        return "the ids were kept" if self.kept_ids else "the copied maps got new ids"


_MAP_TABLES = {
    "snapshots": "id, map_id, saved_at, note, people, author, graph, size",
    "changes": "id, snapshot_id, map_id, kind, target, field, old, new",
    "scenarios": "id, map_id, name, saved_at, data",
    "forecasts": "snapshot_id, map_id, saved_at, data",
    "plans": "id, map_id, saved_at, author, data",
}


def _placeholders(columns: str) -> str:
    return ", ".join("?" for _ in columns.split(","))


def copy_store(source: SQLStore, destination: SQLStore) -> CopyReport:
    """Copy everything in *source* into *destination*; returns what was copied."""
    if not isinstance(source, SQLStore) or not isinstance(destination, SQLStore):
        raise InfluenceError("both workspaces must be SQLite or PostgreSQL stores")
    if source.location == destination.location:
        raise InfluenceError(f"the source and the destination are the same workspace ({source.location})")
    report = CopyReport()
    with destination._tx() as q:
        report.kept_ids = destination._ids_unused(q) and q.one("SELECT COUNT(*) FROM events")[0] == 0
    map_ids: dict[int, int] = {}
    with source._tx(consistent=True) as src:
        for map_row in src.all("SELECT id, name, created, updated FROM maps ORDER BY id"):
            old_id = int(map_row[0])
            rows = {table: src.all(f"SELECT {columns} FROM {table} WHERE map_id = ? ORDER BY "
                                   f"{'snapshot_id' if table == 'forecasts' else 'id'}", (old_id,))
                    for table, columns in _MAP_TABLES.items()}
            map_ids[old_id] = _write_map(destination, map_row, rows, report.kept_ids)
            report.maps += 1
            report.snapshots += len(rows["snapshots"])
            report.changes += len(rows["changes"])
        users = src.all("SELECT name, role, password_hash, maps, email, created, updated, disabled, last_login "
                        "FROM users ORDER BY name")
        tokens = src.all("SELECT id, user_name, token_hash, label, created, last_used, revoked FROM api_tokens ORDER BY id")
        events = src.all("SELECT id, at, actor, action, map_id, detail FROM events ORDER BY id")
        settings = src.all("SELECT key, value FROM settings ORDER BY key")
    with destination._tx(write=True) as q:
        for row in users:
            if q.one("SELECT 1 FROM users WHERE name = ?", (row[0],)) is not None:
                report.skipped_users += 1
                continue
            q.execute("INSERT INTO users (name, role, password_hash, maps, email, created, updated, disabled, "
                      "last_login) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tuple(row))
            report.users += 1
        copied_users = {row[0] for row in users}
        for row in tokens:
            if row[1] not in copied_users or q.one("SELECT 1 FROM api_tokens WHERE token_hash = ?", (row[2],)):
                continue
            if report.kept_ids:
                q.execute("INSERT INTO api_tokens (id, user_name, token_hash, label, created, last_used, revoked) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)", tuple(row))
            else:
                q.execute("INSERT INTO api_tokens (user_name, token_hash, label, created, last_used, revoked) "
                          "VALUES (?, ?, ?, ?, ?, ?)", tuple(row[1:]))
        for row in events:
            map_id = map_ids.get(int(row[4])) if row[4] is not None else None
            if report.kept_ids:
                q.execute("INSERT INTO events (id, at, actor, action, map_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                          (row[0], row[1], row[2], row[3], row[4], row[5]))
            else:
                q.execute("INSERT INTO events (at, actor, action, map_id, detail) VALUES (?, ?, ?, ?, ?)",
                          (row[1], row[2], row[3], map_id, row[5]))
            report.events += 1
        for key, value in settings:
            if q.one("SELECT 1 FROM settings WHERE key = ?", (key,)) is None:
                q.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))
        if report.kept_ids:
            destination._ids_written(q)
    return report


def _write_map(destination: SQLStore, map_row, rows: dict, keep_ids: bool) -> int:
    with destination._tx(write=True) as q:
        if keep_ids:
            new_id = int(map_row[0])
            q.execute("INSERT INTO maps (id, name, created, updated) VALUES (?, ?, ?, ?)", tuple(map_row))
            for table, columns in _MAP_TABLES.items():
                q.many(f"INSERT INTO {table} ({columns}) VALUES ({_placeholders(columns)})", rows[table])
            destination._ids_written(q)
            return new_id
        new_id = q.insert("INSERT INTO maps (name, created, updated) VALUES (?, ?, ?) RETURNING id", tuple(map_row[1:]))
        snapshot_ids = {}
        for row in rows["snapshots"]:
            snapshot_ids[int(row[0])] = q.insert(
                "INSERT INTO snapshots (map_id, saved_at, note, people, author, graph, size) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", (new_id, *row[2:]))
        q.many("INSERT INTO changes (snapshot_id, map_id, kind, target, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [(snapshot_ids[int(r[1])], new_id, *r[3:]) for r in rows["changes"]])
        q.many("INSERT INTO scenarios (map_id, name, saved_at, data) VALUES (?, ?, ?, ?)",
               [(new_id, *r[2:]) for r in rows["scenarios"]])
        q.many("INSERT INTO forecasts (snapshot_id, map_id, saved_at, data) VALUES (?, ?, ?, ?)",
               [(snapshot_ids[int(r[0])], new_id, *r[2:]) for r in rows["forecasts"]])
        q.many("INSERT INTO plans (map_id, saved_at, author, data) VALUES (?, ?, ?, ?)",
               [(new_id, *r[2:]) for r in rows["plans"]])
        return int(new_id)


def backup(source: SQLStore, file: str | os.PathLike, *, force: bool = False) -> CopyReport:
    """Write everything in *source* to a new SQLite workspace *file* (created 0600).

    The file is written beside its final name and renamed into place when complete, so a
    failed backup leaves no half-written file; an existing *file* is refused unless *force*.
    """
    path = Path(file)
    if path.is_dir():
        raise InfluenceError(f"{path} is a folder; give a file name, e.g. {path / 'influence-backup.sqlite'}")
    if path.exists() and not force:
        raise InfluenceError(f"{path} exists; choose a new file name or pass --force to replace it")
    if not path.parent.is_dir():
        raise InfluenceError(f"folder {path.parent} does not exist; create it or choose another place")
    partial = path.with_name(f".{path.name}.partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        target = Workspace(partial)
        report = copy_store(source, target)
        target.close()
        # Fold the WAL into the file: one self-contained file.
        import sqlite3

        db = sqlite3.connect(partial)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA journal_mode = DELETE")
        finally:
            db.close()
        os.replace(partial, path)
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    return report
