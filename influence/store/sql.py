"""The store over SQL: one implementation of :class:`~influence.store.base.MapStore` that
SQLite and PostgreSQL share; the subclasses supply connections, transactions and errors.

How a map's history is kept: every save writes a snapshot row (who, when, note) and one
change record per changed field (which person or tie, which field, from → to). Some
snapshots also hold the whole map (a checkpoint): the first one, and then whenever the
changes since the last checkpoint add up to about its size or :data:`CHECKPOINT_EVERY`
saves have passed. A version is rebuilt from its nearest checkpoint and the changes after
it; rebuilt states are cached by snapshot id, which never changes meaning (ids are never
reused), so the cache is right in every process sharing the database.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import OrderedDict

import networkx as nx

from ..errors import InfluenceError
from .base import (
    ROLES, ChangeRecord, Conflict, EventInfo, MapInfo, MapNotFound, MapStore, ScenarioInfo, SchemaTooNew,
    SnapshotInfo, StoreError, TokenInfo, UserInfo, UserNotFound, dumps, now,
)
from .base import _overlap_message
from .changes import (
    State, apply_changes, clashes_of, decode_target, diff_states, graph_of, state_from_data, state_of, target_name,
)
from .migrations import LATEST, MIGRATIONS

__all__ = ["SQLStore", "CHECKPOINT_EVERY"]

CHECKPOINT_EVERY = 500
"""At most this many saves between two full copies of a map."""

_USER_FIELDS = ("role", "password_hash", "maps", "email", "disabled", "last_login")


class _States:
    """Rebuilt map states by snapshot id (a small LRU, shared by the store's threads)."""

    def __init__(self, size: int = 12):
        self.size = size
        self._data: OrderedDict[int, tuple[int, State]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, snapshot_id: int, map_id: int) -> State | None:
        with self._lock:
            hit = self._data.get(snapshot_id)
            if hit is None or hit[0] != map_id:
                return None
            self._data.move_to_end(snapshot_id)
            return hit[1]

    def nearest(self, map_id: int, low: int, high: int) -> tuple[int, State] | None:
        """The cached state of *map_id* with the largest id in [low, high)."""
        with self._lock:
            found = [(sid, st) for sid, (mid, st) in self._data.items() if mid == map_id and low <= sid < high]
        return max(found, key=lambda item: item[0]) if found else None

    def put(self, snapshot_id: int, map_id: int, state: State) -> None:
        with self._lock:
            self._data[snapshot_id] = (map_id, state)
            self._data.move_to_end(snapshot_id)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


class _Query:
    """A connection inside a transaction, with ``?`` placeholders for either database."""

    def __init__(self, store: "SQLStore", db, *, retry: bool = False):
        self.store, self.db, self.retry = store, db, retry

    def execute(self, sql: str, params=()):
        try:
            return self.db.execute(self.store._sql(sql), params)
        except self.store._database_errors():
            # Outside a transaction (plain reads), a statement that failed because the
            # server dropped the connection is simply run again on a new one.
            if not self.retry or not self.store._is_broken(self.db):
                raise
            self.retry = False
            self.store._reconnect(self)
            return self.db.execute(self.store._sql(sql), params)

    def one(self, sql: str, params=()):
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params=()) -> list:
        return self.execute(sql, params).fetchall()

    def many(self, sql: str, rows) -> None:
        rows = list(rows)
        if rows:
            self.store._executemany(self.db, self.store._sql(sql), rows)

    def insert(self, sql: str, params=()) -> int:
        """Run an INSERT ending in ``RETURNING id``; the new id."""
        return self.execute(sql, params).fetchone()[0]


class SQLStore(MapStore):
    """The shared SQL implementation; see :class:`~influence.store.sqlite.Workspace` and
    :class:`~influence.store.postgres.PostgresStore`."""

    dialect = ""

    POOL_IDLE = 8
    """Idle connections kept for the next transactions (more are opened when needed)."""

    def __init__(self):
        self._local = threading.local()
        self._pool: list = []
        self._pool_lock = threading.Lock()
        self._states = _States()
        self._migrate()

    # --- what a subclass provides ------------------------------------------------------

    def _connect(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql

    def _executemany(self, db, sql, rows) -> None:
        db.executemany(sql, rows)

    def _begin(self, db, write: bool, consistent: bool = False) -> bool | None:  # pragma: no cover - abstract
        """Open a transaction; return False when none was needed (each statement then
        commits on its own)."""
        raise NotImplementedError

    def _is_broken(self, db) -> bool:
        return False

    def _database_errors(self) -> tuple:  # pragma: no cover - abstract
        raise NotImplementedError

    def _integrity_errors(self) -> tuple:  # pragma: no cover - abstract
        raise NotImplementedError

    def _store_error(self, err: Exception) -> StoreError:  # pragma: no cover - abstract
        raise NotImplementedError

    def _lock_map(self, q: _Query, map_id: int) -> None:
        """Hold *map_id* against other writers until the transaction ends."""

    def _schema_version(self, q: _Query) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def _set_schema_version(self, q: _Query, version: int) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _migration_lock(self, q: _Query) -> None:
        """Keep other processes from migrating at the same time (inside the transaction;
        SQLite's BEGIN IMMEDIATE already does)."""

    def _migration_guard(self):
        """Keep other processes from migrating at the same time (around the transaction)."""
        return contextlib.nullcontext()

    def _check_unmigrated(self, q: _Query) -> None:
        """Refuse a database that holds something else (version 0 with foreign tables)."""

    def _ids_written(self, q: _Query) -> None:
        """After rows were inserted with explicit ids: move the id counters past them."""

    def _ids_unused(self, q: _Query) -> bool:
        """Whether no map or snapshot id was ever handed out (so copied ids cannot meet an
        id some process still remembers from a deleted map)."""
        return q.one("SELECT COUNT(*) FROM maps")[0] == 0 and q.one("SELECT COUNT(*) FROM snapshots")[0] == 0

    # --- connections and transactions -----------------------------------------------------

    def _checkout(self):
        """An idle connection of the pool, or a new one: ``(connection, is_new)``."""
        with self._pool_lock:
            db = self._pool.pop() if self._pool else None
        if db is not None and not self._is_broken(db):
            return db, False
        if db is not None:
            self._discard(db)
        return self._connect(), True

    def _checkin(self, db) -> None:
        """Give a connection back to the pool (a broken one, or one too many, is closed)."""
        if db is None:
            return
        if not self._is_broken(db):
            with self._pool_lock:
                if len(self._pool) < self.POOL_IDLE:
                    self._pool.append(db)
                    return
        self._discard(db)

    @staticmethod
    def _discard(db) -> None:
        with contextlib.suppress(Exception):
            db.close()

    def _reconnect(self, query: "_Query") -> None:
        """Replace the connection of the running transaction (after the server dropped it)."""
        self._discard(query.db)
        query.db = self._local.db = self._connect()

    def _connection(self):
        """A connection outside any transaction, for maintenance (checkpoints, pragmas);
        it goes back to the pool with :meth:`close`."""
        db, _ = self._checkout()
        self._checkin(db)
        return db

    @contextlib.contextmanager
    def _tx(self, write: bool = False, *, consistent: bool = False):
        """A transaction on a pooled connection (nested calls on a thread share the outer one)."""
        local = self._local
        if getattr(local, "depth", 0):
            local.depth += 1
            try:
                yield _Query(self, local.db)
            finally:
                local.depth -= 1
            return
        errors = self._database_errors()
        for attempt in (1, 2):
            db, fresh = self._checkout()
            try:
                opened = self._begin(db, write, consistent) is not False
                break
            except errors as err:
                self._discard(db)
                if fresh or attempt == 2:  # a pooled connection may just have gone stale
                    raise self._store_error(err) from None
        local.db, local.depth = db, 1
        query = _Query(self, db, retry=not opened)
        try:
            try:
                yield query
            except BaseException as exc:
                if opened:
                    try:
                        query.db.execute("ROLLBACK")
                    except Exception:
                        self._discard(query.db)
                        query.db = None
                if isinstance(exc, errors):
                    raise self._store_error(exc) from None
                raise
            if opened:
                try:
                    query.db.execute("COMMIT")
                except errors as err:
                    with contextlib.suppress(Exception):
                        query.db.execute("ROLLBACK")
                    raise self._store_error(err) from None
        finally:
            local.db, local.depth = None, 0
            self._checkin(query.db)

    # Kept for scripts and tests written against the first release.
    def _transaction(self):
        return self._tx(write=True)

    def __del__(self):
        with contextlib.suppress(Exception):
            self.close()

    def close(self) -> None:
        """Close the idle connections (a store stays usable: it connects again when needed)."""
        with self._pool_lock:
            idle, self._pool = self._pool, []
        for db in idle:
            self._discard(db)

    # --- migrations -----------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._tx() as q:
            current = self._schema_version(q)
        if current == LATEST:
            return
        if current > LATEST:
            raise self._too_new(current)
        with self._migration_guard(), self._tx(write=True) as q:
            self._migration_lock(q)
            current = self._schema_version(q)  # another process may have done it meanwhile
            if current > LATEST:
                raise self._too_new(current)
            if current == 0:
                self._check_unmigrated(q)
            for number in range(current + 1, LATEST + 1):
                for statement in MIGRATIONS[number - 1][self.dialect]:
                    q.execute(statement)
            self._set_schema_version(q, LATEST)

    def _too_new(self, version: int) -> SchemaTooNew:
        return SchemaTooNew(
            f"{self.location} was written by a newer release of influence-map (schema {version}; this release "
            f"reads up to {LATEST}); upgrade influence-map (pip install -U influence-map) to open it")

    # --- map states -------------------------------------------------------------------------

    def _missing_map(self, map_id) -> MapNotFound:
        return MapNotFound(f"no map with id {map_id} in the workspace {self.location}")

    def _head(self, q: _Query, map_id: int) -> int:
        row = q.one("SELECT MAX(id) FROM snapshots WHERE map_id = ?", (map_id,))
        if row is None or row[0] is None:
            raise self._missing_map(map_id)
        return int(row[0])

    def _state_at(self, q: _Query, map_id: int, snapshot_id: int) -> State:
        state = self._states.get(snapshot_id, map_id)
        if state is not None:
            return state
        row = q.one("SELECT MAX(id) FROM snapshots WHERE map_id = ? AND id <= ? AND graph IS NOT NULL",
                    (map_id, snapshot_id))
        if row is None or row[0] is None:
            raise StoreError(f"map {map_id} in {self.location} has no full copy before version {snapshot_id}; "
                             "restore the workspace from a backup")
        checkpoint = int(row[0])
        start = self._states.nearest(map_id, checkpoint, snapshot_id)
        if start is None:
            text = q.one("SELECT graph FROM snapshots WHERE id = ?", (checkpoint,))[0]
            start = (checkpoint, state_from_data(json.loads(text)))
            self._states.put(checkpoint, map_id, start[1])
        if start[0] != snapshot_id:
            rows = q.all("SELECT kind, target, field, old, new FROM changes "
                         "WHERE map_id = ? AND snapshot_id > ? AND snapshot_id <= ? ORDER BY snapshot_id, id",
                         (map_id, start[0], snapshot_id))
            state = apply_changes(start[1], rows)
        else:
            state = start[1]
        self._states.put(snapshot_id, map_id, state)
        return state

    def _records(self, q: _Query, map_id: int, after: int | None, upto: int | None = None,
                 names: State | None = None) -> list[ChangeRecord]:
        sql = ("SELECT c.snapshot_id, s.saved_at, s.author, s.note, c.kind, c.target, c.field, c.old, c.new "
               "FROM changes c JOIN snapshots s ON s.id = c.snapshot_id WHERE c.map_id = ?")
        params: list = [map_id]
        if after is not None:
            sql += " AND c.snapshot_id > ?"
            params.append(after)
        if upto is not None:
            sql += " AND c.snapshot_id <= ?"
            params.append(upto)
        records = []
        for sid, saved_at, author, note, kind, target, field, old, new in q.all(sql + " ORDER BY c.snapshot_id, c.id",
                                                                                 params):
            target_value = decode_target(kind, target)
            old_value = json.loads(old) if old is not None else None
            new_value = json.loads(new) if new is not None else None
            records.append(ChangeRecord(
                version=int(sid), map_id=map_id, saved_at=saved_at, author=author, kind=kind, target=target_value,
                field=field, old=old_value, new=new_value, note=note or "",
                name=target_name(kind, target_value, names, old_value, new_value)))
        return records

    # --- maps -------------------------------------------------------------------------------

    def list_maps(self) -> list[MapInfo]:
        with self._tx() as q:
            rows = q.all(
                """SELECT m.id, m.name, m.created, m.updated, c.n, c.latest, s.people
                   FROM maps m
                   JOIN (SELECT map_id, COUNT(*) AS n, MAX(id) AS latest FROM snapshots GROUP BY map_id) c
                     ON c.map_id = m.id
                   JOIN snapshots s ON s.id = c.latest
                   ORDER BY m.updated DESC, m.id DESC""")
        return [MapInfo(id=int(r[0]), name=r[1], created=r[2], updated=r[3], snapshots=int(r[4]),
                        version=int(r[5]), people=int(r[6])) for r in rows]

    def map_info(self, map_id: int) -> MapInfo:
        with self._tx() as q:
            r = q.one("""SELECT m.id, m.name, m.created, m.updated,
                                (SELECT COUNT(*) FROM snapshots WHERE map_id = m.id),
                                (SELECT MAX(id) FROM snapshots WHERE map_id = m.id)
                         FROM maps m WHERE m.id = ?""", (int(map_id),))
            if r is None or r[5] is None:
                raise self._missing_map(map_id)
            people = q.one("SELECT people FROM snapshots WHERE id = ?", (r[5],))[0]
        return MapInfo(id=int(r[0]), name=r[1], created=r[2], updated=r[3], snapshots=int(r[4]),
                       version=int(r[5]), people=int(people))

    def create_map(self, name: str, G: nx.MultiDiGraph, note: str = "created", *, author: str | None = None) -> int:
        name = (name or "").strip() or G.graph.get("name") or "Influence map"
        stamp = now()
        text = dumps(nx.node_link_data(G, edges="edges"))
        with self._tx(write=True) as q:
            map_id = q.insert("INSERT INTO maps (name, created, updated) VALUES (?, ?, ?) RETURNING id",
                              (name, stamp, stamp))
            snapshot = q.insert(
                "INSERT INTO snapshots (map_id, saved_at, note, people, author, graph, size) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (map_id, stamp, note or "", G.number_of_nodes(), author, text, len(text)))
        self._states.put(snapshot, map_id, state_from_data(json.loads(text)))
        return int(map_id)

    def load(self, map_id: int) -> nx.MultiDiGraph:
        map_id = int(map_id)
        with self._tx() as q:
            state = self._state_at(q, map_id, self._head(q, map_id))
        return graph_of(state)

    def version(self, map_id: int) -> int:
        # One indexed lookup: the dashboard asks this on every interaction.
        with self._tx() as q:
            return self._head(q, int(map_id))

    def save(self, map_id: int, G: nx.MultiDiGraph, note: str = "", *, base_version: int | None = None,
             author: str | None = None) -> int:
        return self._save(int(map_id), state_of(G), note, base_version, author, rebase=False)[0]

    def save_merged(self, map_id: int, G: nx.MultiDiGraph, note: str = "", *, base_version: int,
                    author: str | None = None) -> tuple[int, list[ChangeRecord]]:
        """:meth:`save_rebased`, also returning what others saved since *base_version*
        (empty when the map had not moved on). The edit is carried over while the map is
        locked, so others saving all the time cannot keep it from being saved."""
        return self._save(int(map_id), state_of(G), note, int(base_version), author, rebase=True)

    def save_rebased(self, map_id: int, G: nx.MultiDiGraph, note: str = "", *, base_version: int,
                     author: str | None = None, attempts: int = 5) -> int:
        return self.save_merged(map_id, G, note, base_version=base_version, author=author)[0]

    def _save(self, map_id: int, new_state: State, note: str, base_version: int | None, author: str | None,
              *, rebase: bool) -> tuple[int, list[ChangeRecord]]:
        others: list[ChangeRecord] = []
        with self._tx(write=True) as q:
            self._lock_map(q, map_id)
            head = self._head(q, map_id)
            if base_version is not None and int(base_version) != head:
                conflict = self._conflict(q, map_id, int(base_version), head)
                if not rebase or conflict.foreign:
                    raise conflict
                mine = diff_states(self._state_at(q, map_id, int(base_version)), new_state)
                clashes = clashes_of(mine, conflict.changes)
                if clashes:
                    raise Conflict(_overlap_message(clashes), map_id=map_id, base_version=int(base_version),
                                   current_version=head, changes=conflict.changes, overlaps=clashes)
                others = conflict.changes
                new_state = apply_changes(self._state_at(q, map_id, head), mine)
            changes = diff_states(self._state_at(q, map_id, head), new_state)
            delta = sum(len(c[1] or "") + len(c[2] or "") + len(c[3] or "") + len(c[4] or "") + 16 for c in changes)
            checkpoint, checkpoint_size = q.one(
                "SELECT id, size FROM snapshots WHERE map_id = ? AND graph IS NOT NULL ORDER BY id DESC LIMIT 1",
                (map_id,))
            saves, since = q.one("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM snapshots WHERE map_id = ? AND id > ?",
                                 (map_id, checkpoint))
            whole = None
            if saves + 1 >= CHECKPOINT_EVERY or int(since) + delta >= int(checkpoint_size):
                whole = dumps(_data_of_state(new_state))
            stamp = now()
            snapshot = q.insert(
                "INSERT INTO snapshots (map_id, saved_at, note, people, author, graph, size) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (map_id, stamp, note or "", len(new_state.nodes), author, whole,
                 len(whole) if whole is not None else delta))
            q.many("INSERT INTO changes (snapshot_id, map_id, kind, target, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(snapshot, map_id, *c) for c in changes])
            q.execute("UPDATE maps SET updated = ? WHERE id = ?", (stamp, map_id))
        self._states.put(snapshot, map_id, new_state)
        return int(snapshot), others

    def _conflict(self, q: _Query, map_id: int, base: int, head: int) -> Conflict:
        owner = q.one("SELECT map_id FROM snapshots WHERE id = ?", (base,))
        if owner is None or int(owner[0]) != map_id or base > head:
            where = f" (it is a version of map {owner[0]})" if owner is not None and int(owner[0]) != map_id else ""
            return Conflict(f"version {base} is not a version of map {map_id}{where}; nothing was saved: "
                            "reload the map and make the edit again", map_id=map_id, base_version=base,
                            current_version=head, foreign=True)
        records = self._records(q, map_id, base, head, names=self._state_at(q, map_id, head))
        if records:
            first = records[0]
            more = f", and {len(records) - 1} more change(s)" if len(records) > 1 else ""
            what = f": {first}{more}"
        else:
            what = ""
        return Conflict(f"map {map_id} was saved by someone else since your version {base}{what}; "
                        "nothing was saved: reload the map and make the edit again",
                        map_id=map_id, base_version=base, current_version=head, changes=records)

    def snapshots(self, map_id: int) -> list[SnapshotInfo]:
        map_id = int(map_id)
        with self._tx() as q:
            self._check_map(q, map_id)
            rows = q.all("SELECT id, map_id, saved_at, note, people, author FROM snapshots WHERE map_id = ? ORDER BY id",
                         (map_id,))
        return [SnapshotInfo(int(r[0]), int(r[1]), r[2], r[3], int(r[4]), r[5]) for r in rows]

    def load_snapshot(self, snapshot_id: int) -> nx.MultiDiGraph:
        snapshot_id = int(snapshot_id)
        with self._tx() as q:
            row = q.one("SELECT map_id FROM snapshots WHERE id = ?", (snapshot_id,))
            if row is None:
                raise MapNotFound(f"no snapshot with id {snapshot_id} in the workspace {self.location}")
            state = self._state_at(q, int(row[0]), snapshot_id)
        return graph_of(state)

    def changes(self, map_id: int, since_version: int | None = None) -> list[ChangeRecord]:
        map_id = int(map_id)
        with self._tx() as q:
            head = self._head(q, map_id)
            return self._records(q, map_id, None if since_version is None else int(since_version), head,
                                 names=self._state_at(q, map_id, head))

    def _check_map(self, q: _Query, map_id: int) -> None:
        if q.one("SELECT 1 FROM maps WHERE id = ?", (map_id,)) is None:
            raise self._missing_map(map_id)

    def rename(self, map_id: int, name: str) -> None:
        name = (name or "").strip()
        if not name:
            raise InfluenceError("a map needs a name; type at least one character")
        with self._tx(write=True) as q:
            self._check_map(q, int(map_id))
            q.execute("UPDATE maps SET name = ?, updated = ? WHERE id = ?", (name, now(), int(map_id)))

    def delete_map(self, map_id: int) -> None:
        with self._tx(write=True) as q:
            self._check_map(q, int(map_id))
            self._lock_map(q, int(map_id))
            q.execute("DELETE FROM maps WHERE id = ?", (int(map_id),))

    # --- scenarios --------------------------------------------------------------------------

    def save_scenario(self, map_id: int, name: str, data: dict) -> int:
        with self._tx(write=True) as q:
            self._check_map(q, int(map_id))
            return int(q.insert("INSERT INTO scenarios (map_id, name, saved_at, data) VALUES (?, ?, ?, ?) RETURNING id",
                                (int(map_id), (name or "").strip() or "Scenario", now(), dumps(data))))

    def scenarios(self, map_id: int) -> list[ScenarioInfo]:
        with self._tx() as q:
            rows = q.all("SELECT id, map_id, name, saved_at, data FROM scenarios WHERE map_id = ? ORDER BY id",
                         (int(map_id),))
        return [ScenarioInfo(int(r[0]), int(r[1]), r[2], r[3], json.loads(r[4])) for r in rows]

    def delete_scenario(self, scenario_id: int) -> None:
        with self._tx(write=True) as q:
            q.execute("DELETE FROM scenarios WHERE id = ?", (int(scenario_id),))

    # --- forecasts and plans -------------------------------------------------------------------

    def record_forecast(self, snapshot_id: int, data: dict) -> None:
        snapshot_id = int(snapshot_id)
        with self._tx(write=True) as q:
            row = q.one("SELECT map_id FROM snapshots WHERE id = ?", (snapshot_id,))
            if row is None:
                raise MapNotFound(f"no snapshot with id {snapshot_id} in the workspace {self.location}")
            q.execute("INSERT INTO forecasts (snapshot_id, map_id, saved_at, data) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (snapshot_id) DO UPDATE SET saved_at = excluded.saved_at, data = excluded.data",
                      (snapshot_id, int(row[0]), now(), dumps(data)))

    def forecast(self, snapshot_id: int) -> dict | None:
        with self._tx() as q:
            row = q.one("SELECT data FROM forecasts WHERE snapshot_id = ?", (int(snapshot_id),))
        return json.loads(row[0]) if row else None

    def forecasts(self, map_id: int) -> list[tuple[int, dict]]:
        with self._tx() as q:
            rows = q.all("SELECT snapshot_id, data FROM forecasts WHERE map_id = ? ORDER BY snapshot_id",
                         (int(map_id),))
        return [(int(r[0]), json.loads(r[1])) for r in rows]

    def save_plan(self, map_id: int, data: dict, *, author: str | None = None) -> int:
        with self._tx(write=True) as q:
            self._check_map(q, int(map_id))
            return int(q.insert("INSERT INTO plans (map_id, saved_at, author, data) VALUES (?, ?, ?, ?) RETURNING id",
                                (int(map_id), now(), author, dumps(data))))

    def plan(self, map_id: int) -> dict | None:
        with self._tx() as q:
            row = q.one("SELECT data FROM plans WHERE map_id = ? ORDER BY id DESC LIMIT 1", (int(map_id),))
        return json.loads(row[0]) if row else None

    # --- accounts -------------------------------------------------------------------------------

    @staticmethod
    def _user(row) -> UserInfo:
        maps = json.loads(row[3]) if row[3] is not None else None
        return UserInfo(name=row[0], role=row[1], password_hash=row[2],
                        maps=tuple(int(m) for m in maps) if maps is not None else None, email=row[4],
                        created=row[5], updated=row[6], disabled=bool(row[7]), last_login=row[8])

    _USER_COLUMNS = "name, role, password_hash, maps, email, created, updated, disabled, last_login"

    @staticmethod
    def _check_role(role) -> str:
        if role not in ROLES:
            raise InfluenceError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
        return role

    @staticmethod
    def _maps_text(maps) -> str | None:
        if maps is None:
            return None
        if isinstance(maps, (int, str)):
            maps = [maps]
        try:
            return json.dumps(sorted({int(m) for m in maps}))
        except (TypeError, ValueError):
            raise InfluenceError(f"map ids must be numbers, not {maps!r}") from None

    def add_user(self, name: str, *, role: str, password_hash: str | None = None, maps=None,
                 email: str | None = None) -> UserInfo:
        name = (name or "").strip()
        if not name:
            raise InfluenceError("a user needs a name; give at least one character")
        self._check_role(role)
        stamp = now()
        try:
            with self._tx(write=True) as q:
                if q.one("SELECT 1 FROM users WHERE name = ?", (name,)) is not None:
                    raise InfluenceError(f"a user called {name!r} exists already; choose another name")
                q.execute(f"INSERT INTO users ({self._USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL)",
                          (name, role, password_hash, self._maps_text(maps), email, stamp, stamp))
        except StoreError as err:
            if self.user(name) is not None:  # another process added it meanwhile
                raise InfluenceError(f"a user called {name!r} exists already; choose another name") from err
            raise
        return self.user(name)

    def user(self, name: str) -> UserInfo | None:
        with self._tx() as q:
            row = q.one(f"SELECT {self._USER_COLUMNS} FROM users WHERE name = ?", (name,))
        return self._user(row) if row else None

    def users(self) -> list[UserInfo]:
        with self._tx() as q:
            rows = q.all(f"SELECT {self._USER_COLUMNS} FROM users ORDER BY name")
        return [self._user(r) for r in rows]

    def update_user(self, name: str, /, **fields) -> UserInfo:
        unknown = set(fields) - set(_USER_FIELDS)
        if unknown:
            raise InfluenceError(f"cannot change {', '.join(sorted(unknown))} of a user; "
                                 f"these can change: {', '.join(_USER_FIELDS)}")
        if "role" in fields:
            self._check_role(fields["role"])
        if "maps" in fields:
            fields["maps"] = self._maps_text(fields["maps"])
        if "disabled" in fields:
            fields["disabled"] = 1 if fields["disabled"] else 0
        with self._tx(write=True) as q:
            if q.one("SELECT 1 FROM users WHERE name = ?", (name,)) is None:
                raise UserNotFound(f"no user called {name!r}; `influence users list` shows them")
            if fields:
                columns = ", ".join(f"{k} = ?" for k in fields)
                q.execute(f"UPDATE users SET {columns}, updated = ? WHERE name = ?", (*fields.values(), now(), name))
        return self.user(name)

    def delete_user(self, name: str) -> None:
        with self._tx(write=True) as q:
            if q.one("SELECT 1 FROM users WHERE name = ?", (name,)) is None:
                raise UserNotFound(f"no user called {name!r}; `influence users list` shows them")
            q.execute("DELETE FROM api_tokens WHERE user_name = ?", (name,))
            q.execute("DELETE FROM users WHERE name = ?", (name,))

    _TOKEN_COLUMNS = "id, user_name, label, token_hash, created, last_used, revoked"

    @staticmethod
    def _token(row) -> TokenInfo:
        return TokenInfo(id=int(row[0]), user=row[1], label=row[2], token_hash=row[3], created=row[4],
                         last_used=row[5], revoked=bool(row[6]))

    def add_api_token(self, user: str, token_hash: str, label: str = "") -> int:
        with self._tx(write=True) as q:
            if q.one("SELECT 1 FROM users WHERE name = ?", (user,)) is None:
                raise UserNotFound(f"no user called {user!r}; add the user first")
            return int(q.insert("INSERT INTO api_tokens (user_name, token_hash, label, created) VALUES (?, ?, ?, ?) "
                                "RETURNING id", (user, token_hash, label or "", now())))

    def api_token(self, token_hash: str) -> TokenInfo | None:
        with self._tx() as q:
            row = q.one(f"SELECT {self._TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?", (token_hash,))
        return self._token(row) if row else None

    def api_tokens(self, user: str | None = None) -> list[TokenInfo]:
        with self._tx() as q:
            if user is None:
                rows = q.all(f"SELECT {self._TOKEN_COLUMNS} FROM api_tokens ORDER BY id")
            else:
                rows = q.all(f"SELECT {self._TOKEN_COLUMNS} FROM api_tokens WHERE user_name = ? ORDER BY id", (user,))
        return [self._token(r) for r in rows]

    def touch_api_token(self, token_id: int) -> None:
        with self._tx(write=True) as q:
            q.execute("UPDATE api_tokens SET last_used = ? WHERE id = ?", (now(), int(token_id)))

    def revoke_api_token(self, token_id: int) -> None:
        with self._tx(write=True) as q:
            if q.one("SELECT 1 FROM api_tokens WHERE id = ?", (int(token_id),)) is None:
                raise UserNotFound(f"no API token with id {token_id}")
            q.execute("UPDATE api_tokens SET revoked = 1 WHERE id = ?", (int(token_id),))

    # --- audit trail and settings -----------------------------------------------------------------

    def record_event(self, actor: str | None, action: str, *, map_id: int | None = None,
                     detail: dict | None = None) -> int:
        with self._tx(write=True) as q:
            return int(q.insert("INSERT INTO events (at, actor, action, map_id, detail) VALUES (?, ?, ?, ?, ?) "
                                "RETURNING id", (now(), actor, action, None if map_id is None else int(map_id),
                                                 dumps(detail) if detail is not None else None)))

    def events(self, *, map_id: int | None = None, actor: str | None = None, since: str | None = None,
               limit: int | None = None) -> list[EventInfo]:
        where, params = [], []
        if map_id is not None:
            where.append("map_id = ?")
            params.append(int(map_id))
        if actor is not None:
            where.append("actor = ?")
            params.append(actor)
        if since is not None:
            where.append("at >= ?")
            params.append(since.isoformat() if hasattr(since, "isoformat") else str(since))
        sql = "SELECT id, at, actor, action, map_id, detail FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        with self._tx() as q:
            rows = q.all(sql, params)
        return [EventInfo(int(r[0]), r[1], r[2], r[3], None if r[4] is None else int(r[4]),
                          json.loads(r[5]) if r[5] else {}) for r in reversed(rows)]

    def setting(self, key: str) -> str | None:
        with self._tx() as q:
            row = q.one("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else None

    def set_setting(self, key: str, value: str | None) -> None:
        with self._tx(write=True) as q:
            if value is None:
                q.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                q.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, str(value)))


def _data_of_state(state: State) -> dict:
    from .changes import data_of

    return data_of(state)
