"""The team workspace: maps in a PostgreSQL database that several servers share (psycopg 3)."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit, urlunsplit

from ..errors import InfluenceError
from .base import StoreError, StoreUnavailable
from .sql import SQLStore

__all__ = ["PostgresStore", "mask_url"]

_MIGRATION_LOCK = 0x1F1E_7A11  # pg_advisory_xact_lock key: one migrating process at a time


def mask_url(url: str) -> str:
    """*url* without its password, for messages.

    Examples
    --------
    >>> mask_url("postgresql://ana:s3cret@db.example.com:5432/influence")
    'postgresql://ana:***@db.example.com:5432/influence'
    >>> mask_url("postgresql:///influence?host=/run/postgresql")
    'postgresql:///influence?host=/run/postgresql'
    """
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "the database URL"
    url = re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)
    if password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}", query=urlsplit(url).query))


class PostgresStore(SQLStore):
    """Maps in a PostgreSQL database: the store of a team server.

    Parameters
    ----------
    url : str
        ``postgresql://user:password@host:port/dbname`` (any libpq connection URI). The
        database must exist; its tables are created (and migrated) on first use.

    Notes
    -----
    One connection per thread. A save locks the map's row (``SELECT … FOR UPDATE``) for
    the length of its transaction, so two servers saving one map take turns and the
    second one sees the first one's version (and gets :class:`~influence.store.Conflict`
    when its edit was made on an older one).
    """

    dialect = "postgresql"

    def __init__(self, url: str):
        try:
            import psycopg  # noqa: F401
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise InfluenceError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from None
        from psycopg.conninfo import conninfo_to_dict

        self.url = url
        self.location = mask_url(url)
        try:
            params = conninfo_to_dict(url)
            if not all(p.strip().isdigit() for p in str(params.get("port") or "5432").split(",")):
                raise ValueError(f"port {params['port']!r} is not a number")
        except Exception as err:
            raise InfluenceError(f"malformed database URL {self.location} ({_first_line(err)}); "
                                 "write it as postgresql://user:password@host:5432/dbname") from None
        super().__init__()

    def __repr__(self) -> str:
        return f"PostgresStore({self.location!r})"

    # --- what SQLStore needs ----------------------------------------------------------------

    def _connect(self):
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10, application_name="influence-map")
        except psycopg.Error as err:
            raise self._connect_error(err) from None

    def _connect_error(self, err) -> StoreUnavailable:
        text = _first_line(err)
        low = str(err).lower()
        if "password authentication failed" in low or "no password supplied" in low or "authentication" in low:
            hint = "check the user name and password in the database URL"
        elif "does not exist" in low and "database" in low:
            hint = "create it first (createdb NAME, see the README's Team server section)"
        elif "role" in low and "does not exist" in low:
            hint = "create that PostgreSQL user first (createuser NAME) or use another one"
        elif "connection refused" in low or "no such file" in low or "could not connect" in low:
            hint = "is PostgreSQL running there? start it or fix the host and port in the database URL"
        elif "timeout" in low or "timed out" in low:
            hint = "the server did not answer; check the host and port, and any firewall between"
        elif "translate host name" in low or "name or service not known" in low:
            hint = "the host name is not known; check the host in the database URL"
        else:
            hint = "check the database URL and that PostgreSQL is running"
        return StoreUnavailable(f"cannot connect to the database {self.location}: {text}; {hint}")

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def _executemany(self, db, sql, rows) -> None:
        with db.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _begin(self, db, write: bool, consistent: bool = False) -> bool:
        if not write and not consistent:
            # READ COMMITTED gives each statement its own view anyway: plain reads need no
            # BEGIN/COMMIT round trips (snapshots never change once committed).
            if db.closed or db.broken:
                raise _closed_error()
            return False
        db.execute("BEGIN")
        if consistent:
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return True

    def _is_broken(self, db) -> bool:
        return db.closed or db.broken

    def _database_errors(self) -> tuple:
        import psycopg

        return (psycopg.Error,)

    def _integrity_errors(self) -> tuple:
        import psycopg

        return (psycopg.IntegrityError,)

    def _store_error(self, err: Exception) -> StoreError:
        import psycopg

        if isinstance(err, StoreError):
            return err
        if isinstance(err, psycopg.OperationalError):
            return StoreUnavailable(f"lost the connection to the database {self.location} ({_first_line(err)}); "
                                    "nothing was changed: check that PostgreSQL is running, then try again")
        if isinstance(err, psycopg.errors.InsufficientPrivilege):
            return StoreError(f"the database {self.location} refused the change ({_first_line(err)}); "
                              "grant the PostgreSQL user rights on the database (see the README's Team server section)")
        if isinstance(err, psycopg.errors.DiskFull):
            return StoreError(f"the database {self.location} is out of disk space ({_first_line(err)}); "
                              "free some space, then try again")
        return StoreError(f"the database {self.location} refused the change ({_first_line(err)})")

    def _lock_map(self, q, map_id: int) -> None:
        q.one("SELECT id FROM maps WHERE id = ? FOR UPDATE", (map_id,))

    def _schema_version(self, q) -> int:
        # One statement: outside a transaction two would let another process's migration
        # commit in between.
        versioned, maps = q.one("SELECT to_regclass('influence_schema'), to_regclass('maps')")
        if versioned is None:
            if maps is not None:
                raise InfluenceError(f"{self.location} holds a table called maps that influence-map did not make; "
                                     "give influence-map a database of its own (createdb influence)")
            return 0
        row = q.one("SELECT version FROM influence_schema")
        return int(row[0]) if row else 0

    def _set_schema_version(self, q, version: int) -> None:
        q.execute("CREATE TABLE IF NOT EXISTS influence_schema (version INTEGER NOT NULL)")
        q.execute("DELETE FROM influence_schema")
        q.execute("INSERT INTO influence_schema (version) VALUES (?)", (int(version),))

    @contextlib.contextmanager
    def _migration_guard(self):
        # A session lock on a connection of its own, taken before the migration's
        # transaction begins: that transaction then sees (tables included) whatever a
        # process that migrated first committed.
        db = self._connect()
        try:
            db.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            yield
        finally:
            with contextlib.suppress(Exception):
                db.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
            db.close()

    def _ids_unused(self, q) -> bool:
        for table in ("maps", "snapshots"):
            sequence = q.one(f"SELECT pg_get_serial_sequence('{table}', 'id')")[0]
            if q.one(f"SELECT is_called FROM {sequence}")[0]:
                return False
        return True

    def _ids_written(self, q) -> None:
        for table in ("maps", "snapshots", "changes", "scenarios", "plans", "api_tokens", "events"):
            q.one(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                  f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1), "
                  f"(SELECT COUNT(*) FROM {table}) > 0)")


def _closed_error():
    import psycopg

    return psycopg.OperationalError("the connection is closed")


def _first_line(err) -> str:
    text = " ".join(str(err).split())
    return text[:300] or type(err).__name__
