"""SQLiteStore: the Store protocol on the standard library's sqlite3 (WAL mode, foreign keys on).

The SQL itself is shared with PostgreSQL (sql.SQLStore); this module is the SQLite dialect: the
file and its pragmas, ``BEGIN IMMEDIATE`` as the write lock, sqlite3 errors as StorageErrors, the
FTS5 full-text index (a LIKE search where this SQLite has no FTS5) and the ``.dump`` text.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import StorageError
from .base import E_LOCKED, E_OPEN, E_RECORD, like_pattern, utc_now
from .migrate import Migration, load_migrations, split_statements
from .sql import SQLStore
from .sql_reads import LIKE_SQL

logger = logging.getLogger(__name__)


def migrations() -> list[Migration]:
    """The packaged migrations SQLite runs, in version order."""
    return load_migrations("sqlite")


def _storage_error(exc: sqlite3.Error, action: str, where: str) -> StorageError:
    """Turn a sqlite3 error into a StorageError that says what to do."""
    text = str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return StorageError(f"database {where} is locked by another process (while {action}); "
                            "retry or use another --db", code=E_LOCKED)
    if "closed database" in low:
        return StorageError(f"the store {where} is closed; open it again with open_store()", code=E_OPEN)
    if "not a database" in low or "malformed" in low:
        return StorageError(f"{where} is not an SQLite database or is damaged ({text}); "
                            "point --db at another file", code=E_OPEN)
    if "readonly" in low or "read-only" in low:
        return StorageError(f"cannot write {where}: it is read-only ({text}); check the file's "
                            "permissions or use another --db", code=E_OPEN)
    if "unable to open" in low:
        return StorageError(f"cannot open {where} ({text}); check the path and its permissions "
                            "or use another --db", code=E_OPEN)
    if "disk" in low or "full" in low:
        return StorageError(f"cannot write {where} ({text}); free disk space or use another --db",
                            code=E_OPEN)
    if isinstance(exc, sqlite3.IntegrityError):
        return StorageError(f"{action} in {where} broke a constraint ({text}); the records are "
                            "inconsistent, report this with the input", code=E_RECORD)
    return StorageError(f"SQLite error while {action} in {where}: {text}", code=E_OPEN)


class SQLiteStore(SQLStore):
    """The Store protocol on an SQLite file (created with its parent folder when missing).

    >>> store = SQLiteStore(":memory:")
    >>> store.counts()["documents"]
    0
    """

    dialect = "sqlite"
    _db_errors = (sqlite3.Error,)

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 5.0,
                 clock: Callable[[], str] = utc_now) -> None:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        Args:
            path: a file path, or ``":memory:"`` for a private in-memory database.
            timeout: seconds to wait for another process's write lock before giving up (E502).
            clock: gives run start/finish timestamps (injectable for tests).

        Raises:
            StorageError: the file cannot be created or opened, is not an SQLite database, is
                locked, or was written by a newer eventledger.
        """
        self.path = str(path)
        if self.path != ":memory:":
            target = Path(self.path).expanduser()
            if target.is_dir():
                raise StorageError(f"{target} is a folder; give a database file path such as "
                                   f"{target / 'eventledger.sqlite'}", code=E_OPEN)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create the folder {target.parent} for the database "
                                   f"({exc.strerror}); use another --db", code=E_OPEN) from exc
            self.path = str(target)
        super().__init__(self.path, clock)
        self._fts = False
        try:
            # isolation_level=None: no implicit transactions; every write opens its own BEGIN
            # IMMEDIATE, so the write lock is taken up front instead of on first write.
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise _storage_error(exc, "opening the database", self.path) from exc
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                # WAL lets readers (a dashboard, an export) run while a pipeline writes.
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            self.close()
            raise _storage_error(exc, "opening the database", self.path) from exc
        self._start()
        self._fts = self._has_table("documents_fts")

    # ------------------------------------------------------------------ dialect

    def _error(self, exc: BaseException, action: str) -> StorageError:
        """A sqlite3 error as a StorageError that says what to do."""
        assert isinstance(exc, sqlite3.Error)
        return _storage_error(exc, action, self.path)

    def _begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE: the write lock up front (another writer waits ``timeout`` then E502)."""
        conn.execute("BEGIN IMMEDIATE")

    def _end(self, conn: sqlite3.Connection, commit: bool) -> None:
        """COMMIT, or ROLLBACK when a transaction is open."""
        if commit:
            conn.execute("COMMIT")
        elif conn.in_transaction:
            conn.execute("ROLLBACK")

    def _migrations(self) -> list[Migration]:
        """The SQLite migrations (looked up at call time, so a test can substitute them)."""
        return migrations()

    def _skip_migration(self, migration: Migration, missing: list[str]) -> None:
        """Log a migration this SQLite cannot run (tried again on the next open)."""
        logger.info("skipping migration %04d_%s: this SQLite lacks %s", migration.version,
                    migration.name, ", ".join(missing))

    def _has_table(self, name: str) -> bool:
        """Whether a table of that name exists."""
        row = self._connection().execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        return row is not None

    def _capable(self, capability: str) -> bool:
        """Whether this SQLite build has a capability a migration asks for."""
        if capability != "fts5":
            return False
        try:
            self._connection().execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5 (x)")
            self._connection().execute("DROP TABLE temp.fts5_probe")
        except sqlite3.OperationalError:
            return False
        return True

    def _index_text(self, conn: sqlite3.Connection, doc_id: str, title: Any, text: Any) -> None:
        """Add the document's title and text to the FTS5 index (when this SQLite has one)."""
        if self._fts:
            self._write_row(conn, "documents_fts", {"doc_id": doc_id,
                                                    "title": title if isinstance(title, str) else None,
                                                    "text": text if isinstance(text, str) else None})

    def _unindex_text(self, conn: sqlite3.Connection, doc_id: str) -> None:
        """Remove the document from the FTS5 index."""
        if self._fts:
            conn.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))

    def _text_match(self, doc_column: str, words: tuple[str, ...]) -> tuple[str, list[Any]]:
        """FTS5 MATCH with every word a quoted string (data, never FTS5 syntax); LIKE per word
        over title and text where FTS5 is missing (substrings, ASCII case-insensitive)."""
        if self._fts:
            query = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            return (f"{doc_column} IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ?)",
                    [query])
        body = "(COALESCE(t.title, '') || ' ' || COALESCE(json_extract(t.json, '$.text'), ''))"
        likes = " AND ".join(f"{body} {LIKE_SQL}" for _ in words)
        return (f"{doc_column} IN (SELECT t.doc_id FROM documents t WHERE {likes})",
                [like_pattern(w) for w in words])

    def search_available(self) -> bool:
        """Whether the full-text index over documents exists (SQLite built with FTS5)."""
        return self._fts

    def dump(self) -> str:
        """The SQL text dump of the whole database (``sqlite3 .dump``): equal dumps, equal data."""
        with self._reading("dumping the database") as conn:
            return "\n".join(conn.iterdump())


__all__ = ["Migration", "SQLiteStore", "migrations", "split_statements"]
