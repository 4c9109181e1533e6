"""A throwaway PostgreSQL cluster for the tests: ``initdb`` into a temporary folder, then
``pg_ctl start`` on a free port of 127.0.0.1, as an unprivileged user (PostgreSQL refuses to
run as root: under root the server runs as the ``postgres`` system user).

Used by the session fixture ``postgres`` in ``conftest.py``; also runnable by hand::

    python tests/pg.py      # starts a cluster, prints its URL, stops it on Enter
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "influence-test-password"
USER = "influence"


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: $INFLUENCE_PG_BIN, Debian's folder, or the PATH."""
    candidates = [os.environ.get("INFLUENCE_PG_BIN")]
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        candidates += [str(p / "bin") for p in sorted(root.iterdir(), reverse=True)]
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    bindir: Path
    as_user: list

    @property
    def admin_url(self) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_schema(self) -> str:
        """A URL whose tables go into a new schema of the shared ``influence`` database:
        as empty as a new database, and much quicker to make."""
        import psycopg

        name = "s_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("influence"), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return self.url("influence") + f"?options=-csearch_path%3D{name}"

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run(self.as_user + [str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
                                       "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """Start a private cluster (password authentication over TCP); raises RuntimeError."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb/pg_ctl); apt-get install postgresql")
    folder = Path(tempfile.mkdtemp(prefix="influence-pg-"))
    as_user: list = []
    if os.geteuid() == 0:
        import pwd

        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("running as root, and there is no 'postgres' user to run PostgreSQL as") from None
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
        uid, gid = account.pw_uid, account.pw_gid
    else:
        uid = gid = None
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if uid is not None:
        os.chown(pwfile, uid, gid)
    run = lambda args, **kw: subprocess.run(as_user + args, capture_output=True, text=True, timeout=120, **kw)  # noqa: E731
    done = run([str(bindir / "initdb"), "-D", str(folder / "data"), "-U", USER, f"--pwfile={pwfile}",
                "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync", "--no-instructions"])
    if done.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    for attempt in range(3):
        port = free_port()
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        done = run([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l", str(folder / "log"),
                    "-w", "-t", "60", "start"])
        if done.returncode == 0:
            cluster = Cluster(folder, port, bindir, as_user)
            cluster.create_database("influence")
            return cluster
        time.sleep(0.5)
    log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()} {log[-500:]}")


if __name__ == "__main__":
    cluster = start_cluster()
    try:
        print(cluster.create_database("influence"))
        input("PostgreSQL is running; press Enter to stop it. ")
    finally:
        cluster.stop()
