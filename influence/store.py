"""The workspace: influence maps kept on the user's machine, with a dated snapshot per save.

A workspace holds several maps (one per partner). Every :meth:`~MapStore.save` records a
new snapshot, so the quarterly review can compare any two (:mod:`influence.history`) and
nothing is lost on a restart or a crash: each write runs in one SQLite transaction and the
database runs in WAL mode.

Graphs are stored as node-link JSON (never pickle: a workspace file must be safe to open
and readable without this package). :class:`MapStore` is the interface the dashboard and
the CLI use; :class:`Workspace` implements it over an embedded SQLite file, and a server
database can implement the same few methods later.

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
"""

from __future__ import annotations

import abc
import contextlib
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx

from .errors import InfluenceError, Problem

__all__ = [
    "MapInfo",
    "SnapshotInfo",
    "ScenarioInfo",
    "MapNotFound",
    "MapStore",
    "Workspace",
    "default_workspace_path",
    "graph_to_json",
    "graph_from_json",
]

_SCHEMA_VERSION = 1


class MapNotFound(InfluenceError, KeyError):
    """Raised when a map, snapshot or scenario id is not in the workspace."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class MapInfo:
    """One map of the workspace, as listed: ``id``, ``name``, times, counts."""

    id: int
    name: str
    created: str
    updated: str
    snapshots: int
    people: int
    version: int
    """Id of the latest snapshot: changes on every save (a cache key for analyses)."""


@dataclass(frozen=True)
class SnapshotInfo:
    """One saved state of a map: ``id``, ``saved_at`` (ISO 8601, UTC), ``note``, ``people``."""

    id: int
    map_id: int
    saved_at: str
    note: str
    people: int


@dataclass(frozen=True)
class ScenarioInfo:
    """A saved what-if scenario: ``data`` is the scenario as the dashboard stores it."""

    id: int
    map_id: int
    name: str
    saved_at: str
    data: dict


def default_workspace_path() -> Path:
    """Where the workspace lives unless told otherwise.

    ``$XDG_DATA_HOME/influence-map/workspace.sqlite``, falling back to
    ``~/.local/share/influence-map/workspace.sqlite``: the user's own data directory,
    because an influence map holds personal judgements and stays on the user's machine.

    Examples
    --------
    >>> default_workspace_path().name
    'workspace.sqlite'
    """
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "influence-map" / "workspace.sqlite"


# --- serialisation ----------------------------------------------------------------------


def _json_default(value):
    # Spreadsheet cells may hold dates or other objects in `extra`; keep their text.
    if isinstance(value, Problem):
        return value.to_dict()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def graph_to_json(G: nx.MultiDiGraph) -> str:
    """Serialise an influence map as node-link JSON text.

    Examples
    --------
    >>> from influence.graph import new_map, add_person, add_reporting_line
    >>> G = new_map("Contoso")
    >>> _ = add_person(G, 1, "Ada"); _ = add_person(G, 2, "Bo")
    >>> add_reporting_line(G, 1, 2)
    >>> H = graph_from_json(graph_to_json(G))
    >>> sorted(H.edges(keys=True)), H.graph["name"]
    ([('1', '2', 'reports to')], 'Contoso')
    """
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def graph_from_json(text: str) -> nx.MultiDiGraph:
    """Rebuild an influence map from :func:`graph_to_json` text."""
    data = json.loads(text)
    G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    warnings = G.graph.get("warnings") or []
    G.graph["warnings"] = [Problem(**w) if isinstance(w, dict) else w for w in warnings]
    return G


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- the interface ----------------------------------------------------------------------


class MapStore(abc.ABC):
    """What a workspace does: the interface a server database would implement too."""

    @abc.abstractmethod
    def list_maps(self) -> list[MapInfo]:
        """Every map, most recently updated first."""

    @abc.abstractmethod
    def create_map(self, name: str, G: nx.MultiDiGraph, note: str = "created") -> int:
        """Store *G* as a new map called *name*; returns its id."""

    @abc.abstractmethod
    def load(self, map_id: int) -> nx.MultiDiGraph:
        """The latest saved state of a map."""

    @abc.abstractmethod
    def save(self, map_id: int, G: nx.MultiDiGraph, note: str = "") -> int:
        """Record *G* as the map's new state (a dated snapshot); returns the snapshot id."""

    @abc.abstractmethod
    def snapshots(self, map_id: int) -> list[SnapshotInfo]:
        """A map's snapshots, oldest first."""

    @abc.abstractmethod
    def load_snapshot(self, snapshot_id: int) -> nx.MultiDiGraph:
        """The map as it was at a snapshot."""

    @abc.abstractmethod
    def rename(self, map_id: int, name: str) -> None:
        """Give a map a new name."""

    @abc.abstractmethod
    def delete_map(self, map_id: int) -> None:
        """Remove a map with its snapshots and scenarios."""

    @abc.abstractmethod
    def save_scenario(self, map_id: int, name: str, data: dict) -> int:
        """Keep a what-if scenario (JSON-able *data*) with a map; returns its id."""

    @abc.abstractmethod
    def scenarios(self, map_id: int) -> list[ScenarioInfo]:
        """A map's saved scenarios, oldest first."""

    @abc.abstractmethod
    def delete_scenario(self, scenario_id: int) -> None:
        """Throw a saved scenario away."""

    def map_info(self, map_id: int) -> MapInfo:
        """The listing entry of one map."""
        for info in self.list_maps():
            if info.id == map_id:
                return info
        raise MapNotFound(f"no map with id {map_id} in the workspace; `influence serve` lists the maps")

    def version(self, map_id: int) -> int:
        """Id of the map's latest snapshot; changes whenever the map is saved."""
        return self.map_info(map_id).version


# --- the SQLite workspace ---------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS maps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    saved_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    people INTEGER NOT NULL,
    graph TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_by_map ON snapshots(map_id, id);
CREATE TABLE IF NOT EXISTS scenarios (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    data TEXT NOT NULL
);
"""


class Workspace(MapStore):
    """The maps of one user in an embedded SQLite file.

    Parameters
    ----------
    path : str or Path, optional
        The database file; created (with its folder) if missing. Default
        :func:`default_workspace_path`.

    Raises
    ------
    InfluenceError
        If *path* exists but is not an influence-map workspace.

    Notes
    -----
    One connection per thread (the dashboard's server is threaded); every write is a
    single transaction, so a crash leaves either the old or the new state.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_workspace_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        try:
            # executescript commits on its own, so the schema carries its own transaction.
            self._connection().executescript(
                f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {_SCHEMA_VERSION};COMMIT;")
        except sqlite3.DatabaseError as err:
            raise InfluenceError(
                f"{self.path} is not an influence-map workspace ({err}); "
                "pass another file with --workspace") from err

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # connections -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE), so
            # two writers queue instead of failing half-way.
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = NORMAL")
            self._local.db = db
        return db

    @contextlib.contextmanager
    def _transaction(self):
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # maps ------------------------------------------------------------------------------

    def list_maps(self) -> list[MapInfo]:
        rows = self._connection().execute(
            """SELECT m.id, m.name, m.created, m.updated, c.n, c.latest, s.people
               FROM maps m
               JOIN (SELECT map_id, COUNT(*) AS n, MAX(id) AS latest FROM snapshots GROUP BY map_id) c
                 ON c.map_id = m.id
               JOIN snapshots s ON s.id = c.latest
               ORDER BY m.updated DESC, m.id DESC""").fetchall()
        return [MapInfo(id=r[0], name=r[1], created=r[2], updated=r[3], snapshots=r[4],
                        version=r[5], people=r[6]) for r in rows]

    def create_map(self, name: str, G: nx.MultiDiGraph, note: str = "created") -> int:
        name = (name or "").strip() or G.graph.get("name") or "Influence map"
        now = _now()
        text = graph_to_json(G)
        with self._transaction() as db:
            map_id = db.execute("INSERT INTO maps (name, created, updated) VALUES (?, ?, ?)",
                                (name, now, now)).lastrowid
            db.execute("INSERT INTO snapshots (map_id, saved_at, note, people, graph) VALUES (?, ?, ?, ?, ?)",
                       (map_id, now, note, G.number_of_nodes(), text))
        return map_id

    def _check_map(self, db, map_id) -> None:
        if db.execute("SELECT 1 FROM maps WHERE id = ?", (map_id,)).fetchone() is None:
            raise MapNotFound(f"no map with id {map_id} in the workspace {self.path}")

    def load(self, map_id: int) -> nx.MultiDiGraph:
        row = self._connection().execute(
            "SELECT graph FROM snapshots WHERE map_id = ? ORDER BY id DESC LIMIT 1", (map_id,)).fetchone()
        if row is None:
            raise MapNotFound(f"no map with id {map_id} in the workspace {self.path}")
        return graph_from_json(row[0])

    def version(self, map_id: int) -> int:
        # One indexed lookup: the dashboard asks this on every interaction.
        row = self._connection().execute("SELECT MAX(id) FROM snapshots WHERE map_id = ?", (map_id,)).fetchone()
        if row[0] is None:
            raise MapNotFound(f"no map with id {map_id} in the workspace {self.path}")
        return row[0]

    def save(self, map_id: int, G: nx.MultiDiGraph, note: str = "") -> int:
        now = _now()
        text = graph_to_json(G)
        with self._transaction() as db:
            self._check_map(db, map_id)
            snapshot_id = db.execute(
                "INSERT INTO snapshots (map_id, saved_at, note, people, graph) VALUES (?, ?, ?, ?, ?)",
                (map_id, now, note or "", G.number_of_nodes(), text)).lastrowid
            db.execute("UPDATE maps SET updated = ? WHERE id = ?", (now, map_id))
        return snapshot_id

    def snapshots(self, map_id: int) -> list[SnapshotInfo]:
        db = self._connection()
        self._check_map(db, map_id)
        rows = db.execute("SELECT id, map_id, saved_at, note, people FROM snapshots WHERE map_id = ? ORDER BY id",
                          (map_id,)).fetchall()
        return [SnapshotInfo(*r) for r in rows]

    def load_snapshot(self, snapshot_id: int) -> nx.MultiDiGraph:
        row = self._connection().execute("SELECT graph FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        if row is None:
            raise MapNotFound(f"no snapshot with id {snapshot_id} in the workspace {self.path}")
        return graph_from_json(row[0])

    def rename(self, map_id: int, name: str) -> None:
        name = (name or "").strip()
        if not name:
            raise InfluenceError("a map needs a name; type at least one character")
        with self._transaction() as db:
            self._check_map(db, map_id)
            db.execute("UPDATE maps SET name = ?, updated = ? WHERE id = ?", (name, _now(), map_id))

    def delete_map(self, map_id: int) -> None:
        with self._transaction() as db:
            self._check_map(db, map_id)
            db.execute("DELETE FROM maps WHERE id = ?", (map_id,))

    # scenarios -------------------------------------------------------------------------

    def save_scenario(self, map_id: int, name: str, data: dict) -> int:
        text = json.dumps(data, default=_json_default, ensure_ascii=False)
        with self._transaction() as db:
            self._check_map(db, map_id)
            return db.execute("INSERT INTO scenarios (map_id, name, saved_at, data) VALUES (?, ?, ?, ?)",
                              (map_id, (name or "").strip() or "Scenario", _now(), text)).lastrowid

    def scenarios(self, map_id: int) -> list[ScenarioInfo]:
        rows = self._connection().execute(
            "SELECT id, map_id, name, saved_at, data FROM scenarios WHERE map_id = ? ORDER BY id",
            (map_id,)).fetchall()
        return [ScenarioInfo(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def delete_scenario(self, scenario_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM scenarios WHERE id = ?", (scenario_id,))
