"""A throwaway PostgreSQL cluster for tests: ``initdb`` + ``pg_ctl`` in a temporary folder.

One cluster per test session (started on first use, stopped and deleted at the end of the
session, also when tests fail or the run is interrupted), listening on a free port of 127.0.0.1
only, with trust authentication for 127.0.0.1 and its unix socket inside its own folder. Each test
gets a fresh database of its own. Run as root, the server runs as the ``postgres`` user (the
server refuses to run as root). Without the PostgreSQL server binaries the tests that need it are
skipped, saying how to install them.

Use from a conftest.py (both fixtures share the one cluster)::

    from pg_cluster import pg_cluster, pg_url  # noqa: F401  (pytest fixtures)

or in code: ``shared_cluster().create_database()`` gives a ``postgresql://`` URL.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

#: Where the server binaries are looked for, in order (PATH first).
SEARCH_DIRS = ("/usr/local/bin", *sorted(map(str, Path("/usr/lib/postgresql").glob("*/bin")), reverse=True))
SERVER_USER = "postgres"
SUPERUSER = "postgres"
_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    # Throwaway data: durability off makes CREATE DATABASE and commits fast.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
}


def find_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    on_path = shutil.which("pg_ctl")
    candidates = ([str(Path(on_path).parent)] if on_path else []) + list(SEARCH_DIRS)
    for folder in candidates:
        base = Path(folder)
        if all((base / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return base
    return None


def _free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgCluster:
    """One PostgreSQL server on a data folder of its own; ``stop()`` removes everything."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="eventledger-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self.running = False
        self._as_root = os.geteuid() == 0
        self._names = itertools.count(1)
        self._templates: dict[str, str] = {}
        self._admin_conn: Any = None

    def _run(self, *args: str, timeout: float = 120) -> None:
        """Run a server binary, as the postgres user when we are root."""
        command = [str(self.binaries / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")

    def start(self) -> None:
        """initdb, configure (loopback only, trust for 127.0.0.1), start; retries a taken port."""
        if self._as_root:
            shutil.chown(self.root, SERVER_USER)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        # Only TCP from 127.0.0.1 may connect, with no password (a throwaway, private cluster).
        (self.data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n", encoding="utf-8")
        for attempt in range(3):
            self.port = _free_port()
            settings = {**_SETTINGS, "port": str(self.port), "unix_socket_directories": f"'{self.root}'"}
            (self.data / "postgresql.auto.conf").write_text(
                "".join(f"{key} = {value}\n" for key, value in settings.items()), encoding="utf-8")
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                          "-t", "60", "start")
            except RuntimeError:
                if attempt == 2:
                    raise RuntimeError(f"PostgreSQL did not start; its log: {self.log_tail()}") from None
                continue
            self.running = True
            return

    def log_tail(self) -> str:
        """The end of the server's log (for error messages)."""
        log = self.root / "server.log"
        return log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else "(no log)"

    def url(self, dbname: str = "postgres") -> str:
        """The URL of a database of this cluster."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def _admin(self, statement: str) -> None:
        """Run one statement (CREATE/DROP DATABASE) on the maintenance database (one connection
        kept for the session: connecting costs more than creating a database)."""
        import psycopg

        if self._admin_conn is None or self._admin_conn.closed:
            self._admin_conn = psycopg.connect(self.url(), autocommit=True, connect_timeout=10)
        self._admin_conn.execute(statement)

    def create_database(self, prefix: str = "test", *, template: str = "template0") -> str:
        """A new database, a copy of ``template`` (by default empty); returns its URL."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return self.url(name)

    def template(self, key: str, prepare: Callable[[str], None]) -> str:
        """The name of a database made once per session by ``prepare(url)`` (e.g. a migrated
        schema), to pass as ``create_database(template=...)``: copying it is cheaper than
        preparing every database again. ``prepare`` must close its connections."""
        if key not in self._templates:
            url = self.create_database(f"template_{key}")
            prepare(url)
            self._templates[key] = url.rsplit("/", 1)[1]
        return self._templates[key]

    def drop_database(self, url: str) -> None:
        """Drop a database made by create_database (its connections are ended first)."""
        name = url.rsplit("/", 1)[1]
        if self.running:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder. Safe to call twice."""
        if self._admin_conn is not None:
            self._admin_conn.close()
            self._admin_conn = None
        if self.running:
            self.running = False
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


_SHARED: PgCluster | None = None
_FAILED: str | None = None


def shared_cluster() -> PgCluster:
    """The session's cluster, started on first use; skips the calling test when there is none."""
    global _SHARED, _FAILED
    if _SHARED is not None:
        return _SHARED
    if _FAILED is not None:
        pytest.skip(_FAILED)
    binaries = find_binaries()
    if binaries is None:
        _FAILED = ("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH nor in "
                   f"{', '.join(SEARCH_DIRS) or '/usr/lib/postgresql/*/bin'}; install them "
                   "(apt-get install postgresql) to run the PostgreSQL tests")
        pytest.skip(_FAILED)
    cluster = PgCluster(binaries)
    atexit.register(cluster.stop)  # also when the session dies before its fixtures finish
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    _SHARED = cluster
    return cluster


def stop_shared_cluster() -> None:
    """Stop and delete the session's cluster if one was started."""
    global _SHARED
    if _SHARED is not None:
        _SHARED.stop()
        _SHARED = None


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The session's throwaway PostgreSQL cluster (skips when PostgreSQL is not installed)."""
    cluster = shared_cluster()
    try:
        yield cluster
    finally:
        stop_shared_cluster()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """The URL of a fresh, empty database, dropped after the test."""
    url = pg_cluster.create_database()
    try:
        yield url
    finally:
        pg_cluster.drop_database(url)


__all__ = ["PgCluster", "find_binaries", "pg_cluster", "pg_url", "shared_cluster", "stop_shared_cluster"]

