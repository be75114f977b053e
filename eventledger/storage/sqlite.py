"""SQLiteStore: the Store protocol on the standard library's sqlite3 (WAL mode, foreign keys on).

The schema comes from numbered SQL migrations (``migrations/0001_init.sql`` ...), applied in order,
each in its own transaction, and recorded in ``schema_migrations``, so opening a store any number
of times is safe. Every value reaches SQL as a parameter; table and column names come only from
constants in this module.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import StorageError
from ..model.document import Failure
from .base import (
    E_LOCKED,
    E_MIGRATE,
    E_OPEN,
    E_RECORD,
    E_RUN,
    KIND_RANK,
    EventFilter,
    NormalisedFilter,
    PreparedDocument,
    ambiguous,
    check_kinds,
    chunks,
    dumps,
    not_stored,
    prepare_document,
    settle_outcome,
    short_id_prefix,
    unknown_run,
    utc_now,
)

logger = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")
_REQUIRES = re.compile(r"^--\s*requires:\s*(.+)$", re.MULTILINE)
#: Child tables of a document, with each one's id column.
_CHILD_TABLES: dict[str, str] = {"event": "events", "statement": "statements", "mention": "mentions"}
_ID_COLUMNS: dict[str, str] = {"events": "event_id", "statements": "statement_id",
                               "mentions": "mention_id"}


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema migration and the SQLite capabilities it needs (e.g. ``fts5``)."""

    version: int
    name: str
    sql: str
    requires: tuple[str, ...]


def migrations() -> list[Migration]:
    """The packaged migrations, in version order."""
    folder = resources.files("eventledger.storage").joinpath("migrations")
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.fullmatch(entry.name)
        if match is None:
            continue
        sql = entry.read_text(encoding="utf-8")
        requires = tuple(word.strip() for line in _REQUIRES.findall(sql) for word in line.split(",")
                         if word.strip())
        found.append(Migration(int(match[1]), match[2], sql, requires))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StorageError(f"two packaged migrations share a version number ({versions}); "
                           "the installation is broken, reinstall eventledger", code=E_MIGRATE)
    return found


def split_statements(sql: str) -> list[str]:
    """Split a SQL script into complete statements (triggers' inner semicolons included)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    rest = "\n".join(ln for ln in buffer.splitlines() if not ln.strip().startswith("--")).strip()
    if rest:
        raise StorageError(f"migration ends with an unfinished statement: {rest[:60]!r}; every "
                           "statement needs a closing semicolon", code=E_MIGRATE)
    return statements


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


class SQLiteStore:
    """The Store protocol on an SQLite file (created with its parent folder when missing).

    >>> store = SQLiteStore(":memory:")
    >>> store.counts()["documents"]
    0
    """

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
        self._clock = clock
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
        try:
            # isolation_level=None: no implicit transactions; every write below opens its own
            # BEGIN IMMEDIATE, so the write lock is taken up front instead of on first write.
            self._conn: sqlite3.Connection | None = sqlite3.connect(self.path, timeout=timeout,
                                                                    isolation_level=None)
        except sqlite3.Error as exc:
            raise _storage_error(exc, "opening the database", self.path) from exc
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                # WAL lets readers (a dashboard, an export) run while a pipeline writes.
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            self._fts = self._has_table("documents_fts")
        except StorageError:
            self.close()
            raise
        except sqlite3.Error as exc:
            self.close()
            raise _storage_error(exc, "opening the database", self.path) from exc

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> SQLiteStore:
        """Use the store as a context manager; it closes on exit."""
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """Name the backend (and its file)."""
        return f"SQLiteStore({self.path!r})"

    def _connection(self) -> sqlite3.Connection:
        """The open connection, or StorageError when the store is closed."""
        if self._conn is None:
            raise StorageError(f"the store {self.path} is closed; open it again with open_store()",
                               code=E_OPEN)
        return self._conn

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; any exception rolls everything back and is re-raised."""
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _storage_error(exc, action, self.path) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _storage_error(exc, action, self.path) from exc
            raise

    @contextmanager
    def _reading(self, action: str) -> Iterator[sqlite3.Connection]:
        """A connection for reads, with sqlite3 errors mapped to StorageError."""
        conn = self._connection()
        try:
            yield conn
        except sqlite3.Error as exc:
            raise _storage_error(exc, action, self.path) from exc

    def _write_row(self, conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
        """Insert one row: the single write point of record data (tests inject faults here)."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))

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

    def _migrate(self) -> None:
        """Apply every packaged migration not yet recorded, each in its own transaction."""
        conn = self._connection()
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                     "name TEXT NOT NULL, applied TEXT NOT NULL)")
        known = migrations()
        newest = max((m.version for m in known), default=0)
        stored = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
        if stored is not None and stored > newest:
            raise StorageError(f"{self.path} has schema version {stored}, newer than this "
                               f"eventledger knows ({newest}); upgrade eventledger or use another "
                               "--db", code=E_MIGRATE)
        applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for migration in known:
            if migration.version in applied:
                continue
            missing = [c for c in migration.requires if not self._capable(c)]
            if missing:
                logger.info("skipping migration %04d_%s: this SQLite lacks %s", migration.version,
                            migration.name, ", ".join(missing))
                continue
            with self._transaction(f"applying migration {migration.version:04d}_{migration.name}"):
                # Checked inside the write lock: another process may have just applied it.
                done = conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?",
                                    (migration.version,)).fetchone()
                if done:
                    continue
                try:
                    for statement in split_statements(migration.sql):
                        conn.execute(statement)
                except sqlite3.Error as exc:
                    raise StorageError(f"migration {migration.version:04d}_{migration.name} failed "
                                       f"on {self.path}: {exc}; the database was left as it was "
                                       "before it, use another --db or report this",
                                       code=E_MIGRATE) from exc
                conn.execute("INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
                             (migration.version, migration.name, self._clock()))

    def schema_version(self) -> int:
        """The highest migration applied to this database."""
        with self._reading("reading the schema version") as conn:
            row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # ------------------------------------------------------------------ runs

    def start_run(self, run_id: str, *, command: str, config_hash: str, inputs: list[str],
                  workdir: str | None = None) -> None:
        """Record that a run began (StorageError E506 if the run id is already used).

        ``workdir`` is the folder relative inputs are read from (so a run can be resumed or retried).
        """
        try:
            inputs_json = dumps(list(inputs))
        except (TypeError, ValueError) as exc:
            raise StorageError(f"run {run_id}: inputs must be a list of strings ({exc})",
                               code=E_RUN) from exc
        with self._transaction(f"starting run {run_id}") as conn:
            if conn.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone():
                raise StorageError(f"run {run_id!r} already exists in {self.path}; use a new run id",
                                   code=E_RUN)
            conn.execute("INSERT INTO runs (run_id, started, command, config_hash, inputs, workdir) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (run_id, self._clock(), command, config_hash,
                                                       inputs_json, workdir))

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        """Record that a run ended, with its summary."""
        try:
            summary_json = dumps(summary)
        except (TypeError, ValueError) as exc:
            raise StorageError(f"run {run_id}: the summary cannot be stored as JSON ({exc})",
                               code=E_RUN) from exc
        with self._transaction(f"finishing run {run_id}") as conn:
            cursor = conn.execute("UPDATE runs SET finished = ?, summary = ? WHERE run_id = ?",
                                  (self._clock(), summary_json, run_id))
            if cursor.rowcount == 0:
                raise unknown_run(run_id)

    def record_failure(self, run_id: str, failure: Failure) -> None:
        """Record that an input of a run failed (listed by failures() and in the run's outcomes)."""
        with self._transaction(f"recording a failure of run {run_id}") as conn:
            self._require_run(conn, run_id)
            self._write_row(conn, "run_documents", {
                "run_id": run_id, "doc_id": failure.doc_id, "source": failure.source,
                "status": "failed", "code": failure.code, "reason": failure.reason})

    def _require_run(self, conn: sqlite3.Connection, run_id: str) -> None:
        """Raise StorageError (E506) unless the run was started."""
        if conn.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone() is None:
            raise unknown_run(run_id)

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first, with ``outcomes``: how many inputs were stored/unchanged/failed."""
        with self._reading("listing runs") as conn:
            rows = conn.execute("SELECT run_id, started, finished, command, config_hash, inputs, "
                                "summary, workdir FROM runs ORDER BY seq").fetchall()
            tallies = conn.execute("SELECT run_id, status, COUNT(*) FROM run_documents "
                                   "GROUP BY run_id, status").fetchall()
        outcomes: dict[str, dict[str, int]] = {}
        for run_id, status, count in tallies:
            outcomes.setdefault(run_id, {})[status] = count
        return [{"run_id": run_id, "started": started, "finished": finished, "command": command,
                 "config_hash": config_hash, "inputs": json.loads(inputs),
                 "summary": json.loads(summary) if summary is not None else None,
                 "outcomes": {s: outcomes.get(run_id, {}).get(s, 0)
                              for s in ("stored", "unchanged", "failed")}, "workdir": workdir}
                for run_id, started, finished, command, config_hash, inputs, summary, workdir in rows]

    def failures(self, run_id: str | None = None) -> list[dict[str, Any]]:
        """Failures of one run (StorageError if unknown) or of every run, in recorded order."""
        with self._reading("listing failures") as conn:
            if run_id is None:
                rows = conn.execute("SELECT run_id, source, code, reason, doc_id FROM failures "
                                    "ORDER BY seq").fetchall()
            else:
                self._require_run(conn, run_id)
                rows = conn.execute("SELECT run_id, source, code, reason, doc_id FROM failures "
                                    "WHERE run_id = ? ORDER BY seq", (run_id,)).fetchall()
        return [{"run_id": r, "source": s, "code": c, "reason": why, "doc_id": d}
                for r, s, c, why, d in rows]

    # ------------------------------------------------------------------ resuming (ResumableStore)

    def run_outcomes(self, run_id: str, *, doc_ids: Sequence[str] = (),
                     sources: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Outcomes committed in a run for these doc_ids, or doc-less failures of these sources."""
        found: dict[int, tuple[Any, ...]] = {}
        with self._reading(f"reading the outcomes of run {run_id}") as conn:
            for part in chunks(doc_ids):
                marks = ", ".join("?" for _ in part)
                for row in conn.execute("SELECT seq, doc_id, source, status, code, reason FROM run_documents "
                                        f"WHERE run_id = ? AND doc_id IN ({marks})", (run_id, *part)):
                    found[row[0]] = row
            for part in chunks(sources):
                marks = ", ".join("?" for _ in part)
                for row in conn.execute("SELECT seq, doc_id, source, status, code, reason FROM run_documents "
                                        f"WHERE run_id = ? AND source IN ({marks}) AND doc_id IS NULL",
                                        (run_id, *part)):
                    found[row[0]] = row
        return [{"doc_id": d, "source": src, "status": st, "code": c, "reason": why}
                for _, d, src, st, c, why in (found[k] for k in sorted(found))]

    def stored_state(self, doc_ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """For each stored doc_id: (config hash of the run that last stored it or found it unchanged,
        its stored source_id)."""
        out: dict[str, tuple[str | None, str | None]] = {}
        with self._reading("reading which runs stored documents") as conn:
            for part in chunks(doc_ids):
                marks = ", ".join("?" for _ in part)
                rows = conn.execute(
                    "SELECT rd.doc_id, r.config_hash, d.source_id FROM run_documents rd "
                    "JOIN runs r ON r.run_id = rd.run_id JOIN documents d ON d.doc_id = rd.doc_id "
                    "WHERE rd.seq IN (SELECT MAX(x.seq) FROM run_documents x JOIN documents y "
                    f"ON y.doc_id = x.doc_id WHERE x.doc_id IN ({marks}) AND x.status <> 'failed' "
                    "GROUP BY x.doc_id)", tuple(part))
                out.update((doc_id, (config, source)) for doc_id, config, source in rows)
        return out

    def record_unchanged(self, run_id: str, documents: Sequence[tuple[str, str | None]]) -> None:
        """Commit "unchanged" outcomes for stored documents in one transaction (no records written)."""
        if not documents:
            return
        with self._transaction(f"recording unchanged documents of run {run_id}") as conn:
            self._require_run(conn, run_id)
            for doc_id, source in documents:
                if conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is None:
                    raise not_stored(doc_id)
                row = conn.execute("SELECT 1 FROM run_documents WHERE run_id = ? AND doc_id = ? "
                                   "AND status <> 'failed'", (run_id, doc_id)).fetchone()
                if row is None:  # an outcome already in the run stays (see base.settle_outcome)
                    self._write_row(conn, "run_documents", {"run_id": run_id, "doc_id": doc_id,
                                                            "source": source, "status": "unchanged",
                                                            "code": None, "reason": None})

    # ------------------------------------------------------------------ documents

    def put_document(self, records: list[dict[str, Any]], *, run_id: str) -> bool:
        """Store one document's records atomically; False when it was already stored unchanged.

        A changed extraction for a stored doc_id replaces all of that document's records (it keeps
        its place in the insertion order); nothing else is touched. The run records the outcome.
        """
        prepared = prepare_document(records)
        with self._transaction(f"storing document {prepared.doc_id}") as conn:
            self._require_run(conn, run_id)
            row = conn.execute("SELECT seq, records_hash FROM documents WHERE doc_id = ?",
                               (prepared.doc_id,)).fetchone()
            changed = row is None or row[1] != prepared.records_hash
            if changed:
                if row is None:
                    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
                else:
                    seq = row[0]
                    self._delete_document(conn, prepared.doc_id)
                self._insert_document(conn, prepared, seq)
            self._record_outcome(conn, run_id, prepared, "stored" if changed else "unchanged")
        return changed

    def _delete_document(self, conn: sqlite3.Connection, doc_id: str) -> None:
        """Remove a document and every record of it (explicitly, not relying on cascades)."""
        for table in _CHILD_TABLES.values():
            conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        if self._fts:
            conn.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def _insert_document(self, conn: sqlite3.Connection, prepared: PreparedDocument, seq: int) -> None:
        """Write a document's rows: the document, its records, its full-text entry."""
        head = json.loads(prepared.document.json)
        self._write_row(conn, "documents", {
            "seq": seq, "doc_id": prepared.doc_id, "source_id": prepared.source_id,
            "url": _text(head.get("url")), "outlet": _text(head.get("outlet")),
            "title": _text(head.get("title")), "published": _text(head.get("published")),
            "language": _text(head.get("language")), "records_hash": prepared.records_hash,
            "json": prepared.document.json})
        for record in prepared.children:
            table = _CHILD_TABLES[record.kind]
            row: dict[str, Any] = {_ID_COLUMNS[table]: record.record_id, "doc_id": prepared.doc_id,
                                   "ord": record.ord, "span_start": record.span_start}
            if record.kind == "event":
                row.update(record.columns)
            elif record.kind == "mention":
                row["kind"] = _text(json.loads(record.json).get("kind"))
            row["json"] = record.json
            try:
                self._write_row(conn, table, row)
            except sqlite3.IntegrityError as exc:
                owner = conn.execute(f"SELECT doc_id FROM {table} WHERE {_ID_COLUMNS[table]} = ?",
                                     (record.record_id,)).fetchone()
                if owner is None:
                    raise
                raise StorageError(f"document {prepared.doc_id}: {record.kind} {record.record_id} is "
                                   f"already stored for document {owner[0]}; ids must be unique "
                                   "across documents (nothing was written)", code=E_RECORD) from exc
        if self._fts:
            self._write_row(conn, "documents_fts", {"doc_id": prepared.doc_id,
                                                    "title": _text(head.get("title")),
                                                    "text": _text(head.get("text"))})

    def _record_outcome(self, conn: sqlite3.Connection, run_id: str, prepared: PreparedDocument,
                        status: str) -> None:
        """Write the document's outcome in the run (see base.settle_outcome)."""
        row = conn.execute("SELECT seq, status FROM run_documents WHERE run_id = ? AND doc_id = ? "
                           "AND status <> 'failed'", (run_id, prepared.doc_id)).fetchone()
        settled = settle_outcome(row[1] if row else None, status)
        if settled is None:
            return
        if row is None:
            self._write_row(conn, "run_documents", {"run_id": run_id, "doc_id": prepared.doc_id,
                                                    "source": prepared.source_id, "status": settled,
                                                    "code": None, "reason": None})
        else:
            conn.execute("UPDATE run_documents SET status = ? WHERE seq = ?", (settled, row[0]))

    def _resolve(self, conn: sqlite3.Connection, ref: str) -> str | None:
        """The full doc_id a reference names (exact, or a unique short id), or None."""
        if conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (ref,)).fetchone():
            return ref
        prefix = short_id_prefix(ref)
        if prefix is None:
            return None
        # A range over the unique index; U+10FFFF sorts after every character after the prefix.
        rows = conn.execute("SELECT doc_id FROM documents WHERE doc_id >= ? AND doc_id < ? "
                            "ORDER BY doc_id LIMIT 3", (prefix, prefix + "\U0010ffff")).fetchall()
        matches = [r[0] for r in rows if r[0].startswith(prefix)]
        if len(matches) > 1:
            raise ambiguous(ref, matches)
        return matches[0] if matches else None

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document record for a full or unique short id (``sha256:1a2b`` or ``1a2b``), or None."""
        with self._reading(f"reading document {doc_id}") as conn:
            resolved = self._resolve(conn, doc_id)
            if resolved is None:
                return None
            row = conn.execute("SELECT json FROM documents WHERE doc_id = ?", (resolved,)).fetchone()
        return json.loads(row[0]) if row else None

    def records_for(self, doc_id: str) -> list[dict[str, Any]]:
        """Every record of one document (full or short id), in the stable order; [] if unknown."""
        return list(self.iter_records(None, EventFilter(doc_id=doc_id)))

    # ------------------------------------------------------------------ queries

    def iter_records(self, kinds: Sequence[str] | None = None,
                     filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Stored records in the stable order (document insertion, kind, span start).

        With a filter, events must match it; documents, statements and mentions are those of the
        documents with at least one matching event (only when the filter names dates, a country
        or a type), and ``doc_id`` restricts every kind. ``limit``/``offset`` page the whole
        stream. Incidents are not stored per document, so asking for them yields none.
        """
        wanted = check_kinds(kinds)
        flt = (filters or EventFilter()).normalised()
        with self._reading("querying records") as conn:
            doc_id = None
            if flt.doc_id is not None:
                doc_id = self._resolve(conn, flt.doc_id)
                if doc_id is None:
                    return iter(())
            sql, params = self._records_query(wanted, flt, doc_id)
            if not sql:
                return iter(())
            cursor = conn.execute(sql, params)
        return self._stream(cursor)

    def _stream(self, cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
        """Yield the records of an executed query, mapping sqlite3 errors."""
        with self._reading("reading records"):
            for row in cursor:
                yield json.loads(row[-1])  # the last column is the record's JSON

    @staticmethod
    def _event_criteria(flt: NormalisedFilter, alias: str) -> tuple[list[str], list[Any]]:
        """SQL conditions for the event criteria of a filter (the same test as event_matches)."""
        where: list[str] = []
        params: list[Any] = []
        if flt.end is not None:
            where.append(f"{alias}.date_start <= ?")
            params.append(flt.end)
        if flt.start is not None:
            where.append(f"{alias}.date_end >= ?")
            params.append(flt.start)
        if flt.country is not None:
            where.append(f"{alias}.country = ?")
            params.append(flt.country)
        if flt.event_type is not None:
            where.append(f"({alias}.event_type = ? COLLATE NOCASE OR {alias}.sub_event_type = ? "
                         f"COLLATE NOCASE OR {alias}.plover_type = ? COLLATE NOCASE)")
            params += [flt.event_type] * 3
        return where, params

    def _records_query(self, kinds: Sequence[str], flt: NormalisedFilter,
                       doc_id: str | None) -> tuple[str, list[Any]]:
        """One UNION ALL query over the wanted kinds, ordered, with every value a parameter."""
        parts: list[str] = []
        params: list[Any] = []
        for kind in kinds:
            if kind == "incident":
                continue
            where: list[str] = []
            local: list[Any] = []
            if doc_id is not None:
                where.append("d.doc_id = ?")
                local.append(doc_id)
            if kind == "event":
                criteria, values = self._event_criteria(flt, "r")
                where += criteria
                local += values
            elif flt.selects_events:
                criteria, values = self._event_criteria(flt, "m")
                where.append("d.doc_id IN (SELECT m.doc_id FROM events m"
                             + (" WHERE " + " AND ".join(criteria) if criteria else "") + ")")
                local += values
            if kind == "document":
                select = f"SELECT d.seq, {KIND_RANK[kind]}, -1, 0, d.json FROM documents d"
            else:
                select = (f"SELECT d.seq, {KIND_RANK[kind]}, COALESCE(r.span_start, -1), r.ord, r.json "
                          f"FROM {_CHILD_TABLES[kind]} r JOIN documents d ON d.doc_id = r.doc_id")
            parts.append(select + (" WHERE " + " AND ".join(where) if where else ""))
            params += local
        if not parts:
            return "", []
        # Columns by position: document seq, kind rank, span start, position in the document.
        sql = " UNION ALL ".join(parts) + " ORDER BY 1, 2, 3, 4 LIMIT ? OFFSET ?"
        params += [-1 if flt.limit is None else flt.limit, flt.offset]
        return sql, params

    def events(self, filters: EventFilter) -> list[dict[str, Any]]:
        """Event records matching ``filters``, in the stable order, paginated by limit/offset."""
        return list(self.iter_records(["event"], filters))

    def counts(self) -> dict[str, int]:
        """How many documents, events, statements, mentions, runs and failures are stored."""
        out: dict[str, int] = {}
        with self._reading("counting records") as conn:
            for name in ("documents", "events", "statements", "mentions", "runs", "failures"):
                out[name] = conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
        return out

    def search_available(self) -> bool:
        """Whether the full-text index over documents exists (SQLite built with FTS5)."""
        return self._fts

    def dump(self) -> str:
        """The SQL text dump of the whole database (``sqlite3 .dump``): equal dumps, equal data."""
        with self._reading("dumping the database") as conn:
            return "\n".join(conn.iterdump())

    def close(self) -> None:
        """Close the connection; later calls raise StorageError. Closing twice is harmless."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _text(value: Any) -> str | None:
    """A column value that must be text (None for anything else)."""
    return value if isinstance(value, str) else None


__all__ = ["Migration", "SQLiteStore", "migrations", "split_statements"]
