"""SQLStore: the Store protocol written once in portable SQL, for SQLite and PostgreSQL.

Every query of both SQL backends is here (writes) or in sql_reads.py / sql_incidents.py
(queries, incidents), written with ``?`` placeholders in SQL that both dialects run. A dialect
(sqlite.SQLiteStore, postgres.PostgresStore) supplies only what must differ: the connection, its
placeholder style (``_sql``), how a write transaction takes the write lock, how a database error
reads as a StorageError, the full-text index, the record stream and the dump. Every value reaches
SQL as a parameter; table and column names come only from constants in these modules.

Schema: numbered migrations (see migrate.py), each applied in its own transaction and recorded in
``schema_migrations``, so opening a store any number of times, from several processes, is safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from ..errors import StorageError
from ..model.document import Failure
from .base import (
    E_MIGRATE,
    E_OPEN,
    E_RECORD,
    E_RUN,
    PreparedDocument,
    about_ids,
    actor_rows,
    chunks,
    dumps,
    not_stored,
    prepare_document,
    settle_outcome,
    unknown_run,
)
from .migrate import Migration, split_statements
from .sql_incidents import SQLIncidents
from .sql_reads import SQLReads

#: Child tables of a document, with each one's id column.
CHILD_TABLES: dict[str, str] = {"event": "events", "statement": "statements", "mention": "mentions"}
ID_COLUMNS: dict[str, str] = {"events": "event_id", "statements": "statement_id", "mentions": "mention_id"}


class SQLStore(SQLReads, SQLIncidents):
    """The shared SQL of the SQL stores; a subclass supplies the dialect (see the module doc)."""

    #: "sqlite" or "postgresql": which migration files apply (see migrate.load_migrations).
    dialect = ""
    #: The exception classes of the driver, mapped to StorageError by ``_error``.
    _db_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, where: str, clock: Callable[[], str]) -> None:
        """``where`` names the database in messages; ``clock`` gives timestamps."""
        self.where = where
        self._clock = clock
        self._conn: Any = None

    # ------------------------------------------------------------------ dialect hooks

    def _error(self, exc: BaseException, action: str) -> StorageError:
        """A driver error as a StorageError that says what to do."""
        raise NotImplementedError

    def _begin(self, conn: Any) -> None:
        """Start a write transaction holding the store's write lock (one writer at a time)."""
        raise NotImplementedError

    def _end(self, conn: Any, commit: bool) -> None:
        """Commit, or roll back when a transaction is open (never raising on a dead connection)."""
        raise NotImplementedError

    def _migrations(self) -> list[Migration]:
        """The migrations of this dialect, in version order."""
        raise NotImplementedError

    def _capable(self, capability: str) -> bool:
        """Whether the database has a capability a migration asks for (``-- requires:``)."""
        return False

    def _prepare_migrations(self, conn: Any) -> None:
        """Create ``schema_migrations`` when missing."""
        self._q(conn, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied TEXT NOT NULL)")

    def _sql(self, text: str) -> str:
        """SQL written with ``?`` placeholders in the driver's style."""
        return text

    def _params(self, params: Sequence[Any]) -> Sequence[Any]:
        """Parameter values as the driver must receive them."""
        return params

    def _index_text(self, conn: Any, doc_id: str, title: Any, text: Any) -> None:
        """Add a document to the full-text index (none by default)."""

    def _unindex_text(self, conn: Any, doc_id: str) -> None:
        """Remove a document from the full-text index (none by default)."""

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> SQLStore:
        """Use the store as a context manager; it closes on exit."""
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """Name the backend and its database."""
        return f"{type(self).__name__}({self.where!r})"

    def _closed(self) -> StorageError:
        """The error for a call on a closed store."""
        return StorageError(f"the store {self.where} is closed; open it again with open_store()", code=E_OPEN)

    def _connection(self) -> Any:
        """The open connection, or StorageError when the store is closed."""
        if self._conn is None:
            raise self._closed()
        return self._conn

    def _q(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute one statement (``?`` placeholders) and return its cursor."""
        return conn.execute(self._sql(sql), self._params(params))

    def _start(self) -> None:
        """Bring the schema up to date right after connecting; close and re-raise on failure."""
        try:
            self._migrate()
        except StorageError:
            self.close()
            raise
        except self._db_errors as exc:
            self.close()
            raise self._error(exc, "opening the database") from exc

    @contextmanager
    def _transaction(self, action: str) -> Iterator[Any]:
        """A write transaction holding the write lock; any exception rolls everything back."""
        conn = self._connection()
        try:
            self._begin(conn)
        except self._db_errors as exc:
            self._end(conn, commit=False)
            raise self._error(exc, action) from exc
        try:
            yield conn
            self._end(conn, commit=True)
        except BaseException as exc:
            self._end(conn, commit=False)
            if isinstance(exc, self._db_errors):
                raise self._error(exc, action) from exc
            raise

    @contextmanager
    def _reading(self, action: str) -> Iterator[Any]:
        """A connection for reads, with driver errors mapped to StorageError."""
        conn = self._connection()
        try:
            yield conn
        except self._db_errors as exc:
            raise self._error(exc, action) from exc

    def _write_row(self, conn: Any, table: str, row: dict[str, Any]) -> None:
        """Insert one row: the single write point of record data (tests inject faults here)."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self._q(conn, f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))

    # ------------------------------------------------------------------ migrations

    def _migrate(self) -> None:
        """Apply every packaged migration not yet recorded, each in its own transaction."""
        conn = self._connection()
        self._prepare_migrations(conn)
        known = self._migrations()
        newest = max((m.version for m in known), default=0)
        stored = self._q(conn, "SELECT MAX(version) FROM schema_migrations").fetchone()[0]
        if stored is not None and stored > newest:
            raise StorageError(f"{self.where} has schema version {stored}, newer than this "
                               f"eventledger knows ({newest}); upgrade eventledger or use another "
                               "--db", code=E_MIGRATE)
        applied = {row[0] for row in self._q(conn, "SELECT version FROM schema_migrations")}
        for migration in known:
            if migration.version in applied:
                continue
            missing = [c for c in migration.requires if not self._capable(c)]
            if missing:
                self._skip_migration(migration, missing)
                continue
            with self._transaction(f"applying migration {migration.version:04d}_{migration.name}"):
                # Checked inside the write lock: another process may have just applied it.
                if self._q(conn, "SELECT 1 FROM schema_migrations WHERE version = ?",
                           (migration.version,)).fetchone():
                    continue
                try:
                    for statement in split_statements(migration.sql):
                        conn.execute(statement)  # as written: no placeholders in migrations
                    self._after_migration(conn, migration.version)
                except self._db_errors as exc:
                    raise StorageError(f"migration {migration.version:04d}_{migration.name} failed "
                                       f"on {self.where}: {exc}; the database was left as it was "
                                       "before it, use another --db or report this",
                                       code=E_MIGRATE) from exc
                self._q(conn, "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
                        (migration.version, migration.name, self._clock()))

    def _skip_migration(self, migration: Migration, missing: list[str]) -> None:
        """A migration this database cannot run is skipped (tried again on the next open)."""

    def _after_migration(self, conn: Any, version: int) -> None:
        """The Python half of a migration, in its transaction: fill rows derived from stored JSON."""
        if version == 4:
            self._fill_derived_rows(conn)

    def _fill_derived_rows(self, conn: Any) -> None:
        """Fill what schema 4 derives from records stored before it (actors, about, order, places)."""
        seqs = dict(self._q(conn, "SELECT doc_id, seq FROM documents").fetchall())
        events = self._q(conn, "SELECT event_id, doc_id, json FROM events").fetchall()
        for event_id, doc_id, text in events:
            record = json.loads(text)
            where = record.get("location") if isinstance(record.get("location"), dict) else {}
            name = where.get("name")
            self._q(conn, "UPDATE events SET doc_seq = ?, location_key = ? WHERE event_id = ?",
                    (seqs[doc_id], name.lower() if isinstance(name, str) else None, event_id))
            actors = actor_rows(record)
            for actor in actors:
                self._write_row(conn, "event_actors", {"event_id": event_id, "doc_id": doc_id, **actor})
            self._add_actor_keys(conn, actors)
        for statement_id, doc_id, text in self._q(conn, "SELECT statement_id, doc_id, json FROM statements").fetchall():
            for event_id in about_ids(json.loads(text)):
                self._write_row(conn, "statement_about", {"statement_id": statement_id, "event_id": event_id,
                                                          "doc_id": doc_id})

    def schema_version(self) -> int:
        """The highest migration applied to this database."""
        with self._reading("reading the schema version") as conn:
            row = self._q(conn, "SELECT MAX(version) FROM schema_migrations").fetchone()
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
            if self._q(conn, "SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone():
                raise StorageError(f"run {run_id!r} already exists in {self.where}; use a new run id",
                                   code=E_RUN)
            self._q(conn, "INSERT INTO runs (run_id, started, command, config_hash, inputs, workdir) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                    (run_id, self._clock(), command, config_hash, inputs_json, workdir))

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        """Record that a run ended, with its summary."""
        try:
            summary_json = dumps(summary)
        except (TypeError, ValueError) as exc:
            raise StorageError(f"run {run_id}: the summary cannot be stored as JSON ({exc})",
                               code=E_RUN) from exc
        with self._transaction(f"finishing run {run_id}") as conn:
            cursor = self._q(conn, "UPDATE runs SET finished = ?, summary = ? WHERE run_id = ?",
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

    def _require_run(self, conn: Any, run_id: str) -> None:
        """Raise StorageError (E506) unless the run was started."""
        if self._q(conn, "SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone() is None:
            raise unknown_run(run_id)

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first, with ``outcomes``: how many inputs were stored/unchanged/failed."""
        with self._reading("listing runs") as conn:
            rows = self._q(conn, "SELECT run_id, started, finished, command, config_hash, inputs, "
                                 "summary, workdir FROM runs ORDER BY seq").fetchall()
            tallies = self._q(conn, "SELECT run_id, status, COUNT(*) FROM run_documents "
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
                rows = self._q(conn, "SELECT run_id, source, code, reason, doc_id FROM failures "
                                     "ORDER BY seq").fetchall()
            else:
                self._require_run(conn, run_id)
                rows = self._q(conn, "SELECT run_id, source, code, reason, doc_id FROM failures "
                                     "WHERE run_id = ? ORDER BY seq", (run_id,)).fetchall()
        return [{"run_id": r, "source": s, "code": c, "reason": why, "doc_id": d}
                for r, s, c, why, d in rows]

    # ------------------------------------------------------------------ resuming (ResumableStore)

    def run_outcomes(self, run_id: str, *, doc_ids: Sequence[str] = (),
                     sources: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Outcomes committed in a run for these doc_ids, or doc-less failures of these sources."""
        found: dict[int, tuple[Any, ...]] = {}
        head = "SELECT seq, doc_id, source, status, code, reason FROM run_documents WHERE run_id = ? AND "
        with self._reading(f"reading the outcomes of run {run_id}") as conn:
            for part in chunks(doc_ids):
                marks = ", ".join("?" for _ in part)
                for row in self._q(conn, head + f"doc_id IN ({marks})", (run_id, *part)):
                    found[row[0]] = tuple(row)
            for part in chunks(sources):
                marks = ", ".join("?" for _ in part)
                for row in self._q(conn, head + f"source IN ({marks}) AND doc_id IS NULL", (run_id, *part)):
                    found[row[0]] = tuple(row)
        return [{"doc_id": d, "source": src, "status": st, "code": c, "reason": why}
                for _, d, src, st, c, why in (found[k] for k in sorted(found))]

    def stored_state(self, doc_ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """For each stored doc_id: (config hash of the run that last stored it or found it unchanged,
        its stored source_id, read from the record so it is exact on every backend)."""
        out: dict[str, tuple[str | None, str | None]] = {}
        with self._reading("reading which runs stored documents") as conn:
            for part in chunks(doc_ids):
                marks = ", ".join("?" for _ in part)
                rows = self._q(conn,
                               "SELECT rd.doc_id, r.config_hash, d.json FROM run_documents rd "
                               "JOIN runs r ON r.run_id = rd.run_id JOIN documents d ON d.doc_id = rd.doc_id "
                               "WHERE rd.seq IN (SELECT MAX(x.seq) FROM run_documents x JOIN documents y "
                               f"ON y.doc_id = x.doc_id WHERE x.doc_id IN ({marks}) AND x.status <> 'failed' "
                               "GROUP BY x.doc_id)", tuple(part))
                for doc_id, config, text in rows:
                    source = json.loads(text).get("source_id")
                    out[doc_id] = (config, source if isinstance(source, str) else None)
        return out

    def record_unchanged(self, run_id: str, documents: Sequence[tuple[str, str | None]]) -> None:
        """Commit "unchanged" outcomes for stored documents in one transaction (no records written)."""
        if not documents:
            return
        with self._transaction(f"recording unchanged documents of run {run_id}") as conn:
            self._require_run(conn, run_id)
            for doc_id, source in documents:
                if self._q(conn, "SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is None:
                    raise not_stored(doc_id)
                row = self._q(conn, "SELECT 1 FROM run_documents WHERE run_id = ? AND doc_id = ? "
                                    "AND status <> 'failed'", (run_id, doc_id)).fetchone()
                if row is None:  # an outcome already in the run stays (see base.settle_outcome)
                    self._write_row(conn, "run_documents", {"run_id": run_id, "doc_id": doc_id,
                                                            "source": source, "status": "unchanged",
                                                            "code": None, "reason": None})

    # ------------------------------------------------------------------ documents

    def put_document(self, records: list[dict[str, Any]], *, run_id: str) -> bool:
        """Store one document's records atomically; False when it was already stored unchanged.

        A changed extraction for a stored doc_id replaces all of that document's records (it keeps
        its place in the insertion order); nothing else is touched, except that incident links of
        events that are gone go too (an incident left without any is deleted). The run records the
        outcome.
        """
        prepared = prepare_document(records)
        with self._transaction(f"storing document {prepared.doc_id}") as conn:
            self._require_run(conn, run_id)
            row = self._q(conn, "SELECT seq, records_hash FROM documents WHERE doc_id = ?",
                          (prepared.doc_id,)).fetchone()
            changed = row is None or row[1] != prepared.records_hash
            if changed:
                links: list[tuple[Any, ...]] = []
                if row is None:
                    seq = self._q(conn, "SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
                else:
                    seq = row[0]
                    links = self._delete_document(conn, prepared.doc_id)
                self._check_ids_free(conn, prepared)
                self._insert_document(conn, prepared, seq)
                if links:
                    self._keep_links(conn, prepared, links)
            self._record_outcome(conn, run_id, prepared, "stored" if changed else "unchanged")
        return changed

    def _delete_document(self, conn: Any, doc_id: str) -> list[tuple[Any, ...]]:
        """Remove a document and every row of it (explicitly, not relying on cascades); return
        the incident links its events had, as (event_id, incident_id, score, features)."""
        links = [tuple(r) for r in self._q(
            conn, "SELECT l.event_id, l.incident_id, l.score, l.features FROM incident_links l "
                  "JOIN events e ON e.event_id = l.event_id WHERE e.doc_id = ? ORDER BY l.event_id",
            (doc_id,)).fetchall()]
        self._q(conn, "DELETE FROM incident_links WHERE event_id IN "
                      "(SELECT event_id FROM events WHERE doc_id = ?)", (doc_id,))
        for table in ("event_actors", "statement_about", *CHILD_TABLES.values()):
            self._q(conn, f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self._unindex_text(conn, doc_id)
        self._q(conn, "DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return links

    def _keep_links(self, conn: Any, prepared: PreparedDocument, links: list[tuple[Any, ...]]) -> None:
        """Put back the links of events the new version still has; settle the incidents touched."""
        kept = {r.record_id for r in prepared.children if r.kind == "event"}
        for event_id, incident_id, score, features in links:
            if event_id in kept:
                self._write_row(conn, "incident_links", {"event_id": event_id, "incident_id": incident_id,
                                                         "score": score, "features": features})
        self._settle_incidents(conn, sorted({link[1] for link in links}))

    def _check_ids_free(self, conn: Any, prepared: PreparedDocument) -> None:
        """Refuse (E504) record ids another document already holds, before anything is written."""
        for kind, table in CHILD_TABLES.items():
            ids = [r.record_id for r in prepared.children if r.kind == kind]
            column = ID_COLUMNS[table]
            for part in chunks(ids):
                marks = ", ".join("?" for _ in part)
                owner = self._q(conn, f"SELECT {column}, doc_id FROM {table} WHERE {column} IN ({marks})",
                                tuple(part)).fetchone()
                if owner is not None:
                    raise StorageError(f"document {prepared.doc_id}: {kind} {owner[0]} is already stored "
                                       f"for document {owner[1]}; ids must be unique across documents "
                                       "(nothing was written)", code=E_RECORD)

    def _insert_document(self, conn: Any, prepared: PreparedDocument, seq: int) -> None:
        """Write a document's rows: the document, its records and derived rows, its search entry."""
        head = json.loads(prepared.document.json)
        self._write_row(conn, "documents", {
            "seq": seq, "doc_id": prepared.doc_id, "source_id": prepared.source_id,
            "url": _text(head.get("url")), "outlet": _text(head.get("outlet")),
            "title": _text(head.get("title")), "published": _text(head.get("published")),
            "language": _text(head.get("language")), "records_hash": prepared.records_hash,
            "json": prepared.document.json})
        for record in prepared.children:
            table = CHILD_TABLES[record.kind]
            row: dict[str, Any] = {ID_COLUMNS[table]: record.record_id, "doc_id": prepared.doc_id,
                                   "ord": record.ord, "span_start": record.span_start}
            if record.kind == "event":
                row.update(record.columns)
                row["doc_seq"] = seq
            elif record.kind == "mention":
                row["kind"] = _text(json.loads(record.json).get("kind"))
            row["json"] = record.json
            self._write_row(conn, table, row)
            for actor in record.actors:
                self._write_row(conn, "event_actors", {"event_id": record.record_id,
                                                       "doc_id": prepared.doc_id, **actor})
            for event_id in record.about:
                self._write_row(conn, "statement_about", {"statement_id": record.record_id,
                                                          "event_id": event_id, "doc_id": prepared.doc_id})
        self._add_actor_keys(conn, [a for r in prepared.children for a in r.actors])
        self._index_text(conn, prepared.doc_id, head.get("title"), head.get("text"))

    def _add_actor_keys(self, conn: Any, actors: Sequence[dict[str, Any]]) -> None:
        """Remember the lower-case names and texts of actors (see the actor_keys table)."""
        keys = sorted({k for a in actors for k in (a["name_key"], a["text_key"]) if k is not None})
        for part in chunks(keys):
            marks = ", ".join("(?)" for _ in part)
            self._q(conn, f"INSERT INTO actor_keys (key) VALUES {marks} ON CONFLICT (key) DO NOTHING", tuple(part))

    def _record_outcome(self, conn: Any, run_id: str, prepared: PreparedDocument, status: str) -> None:
        """Write the document's outcome in the run (see base.settle_outcome)."""
        row = self._q(conn, "SELECT seq, status FROM run_documents WHERE run_id = ? AND doc_id = ? "
                            "AND status <> 'failed'", (run_id, prepared.doc_id)).fetchone()
        settled = settle_outcome(row[1] if row else None, status)
        if settled is None:
            return
        if row is None:
            self._write_row(conn, "run_documents", {"run_id": run_id, "doc_id": prepared.doc_id,
                                                    "source": prepared.source_id, "status": settled,
                                                    "code": None, "reason": None})
        else:
            self._q(conn, "UPDATE run_documents SET status = ? WHERE seq = ?", (settled, row[0]))

    # ------------------------------------------------------------------ the rest

    def counts(self) -> dict[str, int]:
        """How many documents, events, statements, mentions, runs and failures are stored."""
        out: dict[str, int] = {}
        with self._reading("counting records") as conn:
            for name in ("documents", "events", "statements", "mentions", "runs", "failures"):
                out[name] = int(self._q(conn, f"SELECT COUNT(*) FROM {name}").fetchone()[0])
        return out

    def close(self) -> None:
        """Close the connection; later calls raise StorageError. Closing twice is harmless."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None


def _text(value: Any) -> str | None:
    """A column value that must be text (None for anything else)."""
    return value if isinstance(value, str) else None


__all__ = ["CHILD_TABLES", "ID_COLUMNS", "SQLStore"]
