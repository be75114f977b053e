"""PostgresStore: the Store protocol on PostgreSQL through psycopg 3 (``--db postgresql://...``).

The SQL is shared with SQLite (sql.SQLStore); this module is the PostgreSQL dialect: ``%s``
placeholders, a write transaction that first takes a transaction-scoped advisory lock (so
concurrent writers, in any number of processes, take turns exactly as SQLite's ``BEGIN
IMMEDIATE`` makes them, and a document's ``seq`` can never be handed out twice), psycopg errors
as StorageErrors (a lost connection says so), a tsvector + GIN full-text index filled with the
words every backend uses, records streamed through a server-side cursor, and a dump.

The database must exist (``createdb NAME``); the store creates its tables on first open.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql as pg_sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from ..errors import StorageError
from .base import E_LOCKED, E_OPEN, E_RECORD, document_words, utc_now
from .migrate import Migration, load_migrations
from .sql import SQLStore

#: The advisory lock every eventledger writer of a database takes (a fixed 64-bit key: "evledger").
WRITE_LOCK_KEY = int.from_bytes(b"evledger", "big")
#: Rows fetched per round trip when streaming records.
STREAM_ROWS = 500
_SCHEMES = ("postgresql://", "postgres://")


def normalise_url(url: str) -> str:
    """A libpq URL from the forms people write (``postgres://``, ``postgresql+psycopg://``)."""
    text = url.strip()
    if text.startswith("postgresql+"):
        text = "postgresql://" + text.split("://", 1)[1] if "://" in text else text
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    if not text.startswith(_SCHEMES):
        raise StorageError(f"{url!r} is not a PostgreSQL URL; write postgresql://user@host:port/dbname",
                           code=E_OPEN)
    return text


def describe(url: str) -> str:
    """The database a URL names, for messages: never its password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StorageError(f"cannot read the PostgreSQL URL ({exc}); write "
                           "postgresql://user@host:port/dbname", code=E_OPEN) from exc
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


@functools.lru_cache(maxsize=512)
def to_pyformat(text: str) -> str:
    """SQL written with ``?`` placeholders in psycopg's ``%s`` style (a literal ``%`` doubled)."""
    return text.replace("%", "%%").replace("?", "%s")


def _clean(value: Any) -> Any:
    """A parameter PostgreSQL can store: text cannot hold NUL, so NUL becomes U+FFFD.

    Only column values see this (record JSON escapes NUL as ``\\u0000``), so every record reads
    back exactly; a NUL in a run's command or a failure's reason reads back as U+FFFD.
    """
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


def tsquery_literal(words: Sequence[str]) -> str:
    """A tsquery matching documents with every word, each a quoted lexeme (data, not syntax)."""
    quoted = ("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)
    return " & ".join(quoted)


class PostgresStore(SQLStore):
    """The Store protocol on a PostgreSQL database.

    >>> PostgresStore("mysql://nowhere/db")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    eventledger.errors.StorageError: [E501] 'mysql://nowhere/db' is not a PostgreSQL URL; ...
    """

    dialect = "postgresql"
    _db_errors = (psycopg.Error,)
    _no_limit = None

    def __init__(self, url: str, *, timeout: float = 5.0, connect_timeout: int = 10,
                 clock: Callable[[], str] = utc_now) -> None:
        """Connect to the database at ``url`` and bring its schema up to date.

        Args:
            url: ``postgresql://user[:password]@host[:port]/dbname[?options]`` (libpq's URL).
            timeout: seconds to wait for another writer's lock before giving up (E502).
            connect_timeout: seconds to wait for the server to answer.
            clock: gives run start/finish timestamps (injectable for tests).

        Raises:
            StorageError: the server cannot be reached, the database does not exist or refuses
                the user, or it was written by a newer eventledger.
        """
        conninfo = normalise_url(url)
        super().__init__(describe(conninfo), clock)
        self.url = self.where
        self._cursors = 0
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=connect_timeout,
                                         application_name="eventledger")
        except psycopg.Error as exc:
            raise StorageError(f"cannot connect to PostgreSQL at {self.where} ({_first_line(exc)}); "
                               "check the URL, that the server is running and accepts connections, "
                               "and that the database exists (createdb NAME)", code=E_OPEN) from exc
        try:
            # A writer waiting longer than `timeout` for the lock gives up with E502 (as SQLite's
            # busy timeout); session-wide, so it covers the lock taken in every transaction.
            self._conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(timeout * 1000)}ms",))
        except psycopg.Error as exc:
            self.close()
            raise self._error(exc, "opening the database") from exc
        self._start()

    # ------------------------------------------------------------------ dialect

    def _sql(self, text: str) -> str:
        """``?`` placeholders as ``%s``."""
        return to_pyformat(text)

    def _params(self, params: Sequence[Any]) -> Sequence[Any]:
        """Parameters with NUL taken out of text (see _clean)."""
        return [_clean(v) for v in params]

    def _connection(self) -> Any:
        """The open connection; StorageError when the store is closed or the connection was lost."""
        conn = super()._connection()
        if conn.closed:
            raise self._lost("using the store", "the connection is closed")
        return conn

    def _lost(self, action: str, why: str) -> StorageError:
        """The error for a connection that went away."""
        return StorageError(f"lost the connection to PostgreSQL at {self.where} while {action} ({why}); "
                            "check that the server is running and reachable, then open the store again",
                            code=E_OPEN)

    def _error(self, exc: BaseException, action: str) -> StorageError:
        """A psycopg error as a StorageError that says what to do."""
        text = _first_line(exc)
        conn = self._conn
        if conn is None:
            return self._closed()
        if conn.closed or isinstance(exc, pg_errors.AdminShutdown | pg_errors.ConnectionFailure):
            return self._lost(action, text)
        if isinstance(exc, pg_errors.LockNotAvailable):
            return StorageError(f"database {self.where} is locked by another process (while {action}); "
                                "retry or use another --db", code=E_LOCKED)
        if isinstance(exc, pg_errors.InsufficientPrivilege):
            return StorageError(f"PostgreSQL refused {action} in {self.where} ({text}); grant the user "
                                "the rights to create and write tables in the database, or use another "
                                "--db", code=E_OPEN)
        if isinstance(exc, pg_errors.DiskFull | pg_errors.OutOfMemory):
            return StorageError(f"cannot write {self.where} ({text}); free disk space on the server or "
                                "use another --db", code=E_OPEN)
        if isinstance(exc, psycopg.IntegrityError | psycopg.DataError | pg_errors.ProgramLimitExceeded):
            return StorageError(f"{action} in {self.where} was refused ({text}); the records are "
                                "inconsistent or too large, report this with the input", code=E_RECORD)
        return StorageError(f"PostgreSQL error while {action} in {self.where}: {text}", code=E_OPEN)

    def _begin(self, conn: Any) -> None:
        """BEGIN, then the store's advisory lock (released by COMMIT or ROLLBACK)."""
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))

    def _end(self, conn: Any, commit: bool) -> None:
        """COMMIT, or ROLLBACK when a transaction is open and the connection still works."""
        if commit:
            conn.execute("COMMIT")
        elif not conn.closed and conn.info.transaction_status != TransactionStatus.IDLE:
            try:
                conn.execute("ROLLBACK")
            except psycopg.Error:  # the connection died; the server rolls back on its own
                pass

    def _prepare_migrations(self, conn: Any) -> None:
        """Create ``schema_migrations`` under the write lock (two processes opening a new database
        at once would otherwise race on CREATE TABLE)."""
        with self._transaction("preparing the schema"):
            super()._prepare_migrations(conn)

    def _migrations(self) -> list[Migration]:
        """The PostgreSQL migrations: the portable files, or their ``.pg.sql`` variants."""
        return load_migrations("postgresql")

    def _after_migration(self, conn: Any, version: int) -> None:
        """Also index documents stored before the full-text migration (schema 2)."""
        super()._after_migration(conn, version)
        if version == 2:
            for doc_id, text in self._q(conn, "SELECT doc_id, json FROM documents").fetchall():
                head = json.loads(text)
                self._index_text(conn, doc_id, head.get("title"), head.get("text"))

    def _index_text(self, conn: Any, doc_id: str, title: Any, text: Any) -> None:
        """The document's words as its tsvector (lexemes as given: no stemming, no stop words)."""
        self._q(conn, "INSERT INTO documents_search (doc_id, search) VALUES (?, array_to_tsvector(CAST(? AS TEXT[])))",
                (doc_id, document_words(title, text)))

    def _unindex_text(self, conn: Any, doc_id: str) -> None:
        """Remove the document's tsvector."""
        self._q(conn, "DELETE FROM documents_search WHERE doc_id = ?", (doc_id,))

    def _text_match(self, doc_column: str, words: tuple[str, ...]) -> tuple[str, list[Any]]:
        """The document's tsvector has every word (GIN index)."""
        return (f"{doc_column} IN (SELECT doc_id FROM documents_search WHERE search @@ CAST(? AS tsquery))",
                [tsquery_literal(words)])

    def _nocase_eq(self, expr: str) -> str:
        """ASCII case-insensitive equality: lower() of a COLLATE "C" column folds ASCII only, as
        SQLite's NOCASE does."""
        return f"lower({expr}) = ?"

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        """Stream rows through a server-side cursor WITH HOLD (the connection is in autocommit
        mode), so an export of millions of records never holds them all in memory."""
        with self._reading("reading records") as conn:
            self._cursors += 1
            cursor = conn.cursor(name=f"eventledger_records_{self._cursors}", withhold=True)
            cursor.itersize = STREAM_ROWS
            try:
                cursor.execute(self._sql(sql), self._params(params))
                yield from cursor
            finally:
                try:
                    cursor.close()
                except psycopg.Error:  # the connection is gone; so is the cursor
                    pass

    def dump(self) -> str:
        """Every table's rows in key order, one line each: equal dumps, equal data."""
        lines: list[str] = []
        with self._reading("dumping the database") as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"")]
            for table in tables:
                width = len(conn.execute(pg_sql.SQL("SELECT * FROM {} LIMIT 0").format(
                    pg_sql.Identifier(table))).description or ())
                order = pg_sql.SQL(", ").join(pg_sql.Literal(n) for n in range(1, width + 1))
                rows = conn.execute(pg_sql.SQL("SELECT * FROM {} ORDER BY {}").format(
                    pg_sql.Identifier(table), order)).fetchall()
                lines.append(f"-- {table}")
                lines += [repr(tuple(row)) for row in rows]
        return "\n".join(lines)


def _first_line(exc: BaseException) -> str:
    """The first line of an error's text (libpq adds detail lines)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = ["PostgresStore", "WRITE_LOCK_KEY", "describe", "normalise_url", "tsquery_literal"]
