"""MemoryStore: the Store protocol in memory, the test double that ships with the package.

It keeps the same JSON strings the SQL stores keep (serialised by ``base.prepare_document``) and
returns fresh copies, so a caller can never alias stored data, and it behaves like the SQL stores
down to the errors, the outcome of re-puts, the filter semantics and the order of records: it is
the reference the shared contract tests hold SQLite and PostgreSQL to (queries in
memory_reads.py). A put is atomic: the tables are snapshotted first and restored if anything fails
half-way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from ..errors import StorageError
from ..model.document import Failure
from .base import (
    E_OPEN,
    E_RECORD,
    E_RUN,
    PreparedDocument,
    document_words,
    dumps,
    not_stored,
    prepare_document,
    settle_outcome,
    unknown_run,
    utc_now,
)
from .incident_rows import missing_events, missing_incidents, prepare_incidents
from .memory_reads import MemoryReads

_TABLES: dict[str, str] = {"event": "events", "statement": "statements", "mention": "mentions"}


@dataclass(slots=True)
class _Tables:
    """Everything a MemoryStore holds; copied whole to make a put atomic."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    statements: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentions: dict[str, dict[str, Any]] = field(default_factory=dict)
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    run_documents: list[dict[str, Any]] = field(default_factory=list)
    incidents: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)  # by event_id
    last_seq: int = 0  # the last document's insertion number

    def snapshot(self) -> _Tables:
        """A copy to restore on failure: rows are replaced, never mutated, except run outcomes."""
        return _Tables(dict(self.documents), dict(self.events), dict(self.statements),
                       dict(self.mentions), dict(self.runs), [dict(r) for r in self.run_documents],
                       dict(self.incidents), dict(self.links), self.last_seq)

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """A record table by name (events, statements, mentions)."""
        tables: dict[str, dict[str, dict[str, Any]]] = {
            "events": self.events, "statements": self.statements, "mentions": self.mentions}
        return tables[name]


class MemoryStore(MemoryReads):
    """The Store protocol in memory (nothing persists after the object goes away).

    >>> store = MemoryStore()
    >>> store.counts()["documents"]
    0
    """

    def __init__(self, *, clock: Callable[[], str] = utc_now) -> None:
        """An empty store; ``clock`` gives run timestamps (injectable for tests)."""
        self._clock = clock
        self._data: _Tables | None = _Tables()

    def __enter__(self) -> MemoryStore:
        """Use the store as a context manager; it closes on exit."""
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """Name the backend."""
        return "MemoryStore()"

    @property
    def _tables(self) -> _Tables:
        """The data, or StorageError when the store is closed."""
        if self._data is None:
            raise StorageError("the memory store is closed; create a new one", code=E_OPEN)
        return self._data

    def _write_row(self, table: dict[str, dict[str, Any]], key: str, row: dict[str, Any]) -> None:
        """Insert one row: the single write point of record data (tests inject faults here)."""
        table[key] = row

    # ------------------------------------------------------------------ runs

    def start_run(self, run_id: str, *, command: str, config_hash: str, inputs: list[str],
                  workdir: str | None = None) -> None:
        """Record that a run began (StorageError E506 if the run id is already used)."""
        tables = self._tables
        try:
            inputs_json = dumps(list(inputs))
        except (TypeError, ValueError) as exc:
            raise StorageError(f"run {run_id}: inputs must be a list of strings ({exc})",
                               code=E_RUN) from exc
        if run_id in tables.runs:
            raise StorageError(f"run {run_id!r} already exists in the memory store; use a new run id",
                               code=E_RUN)
        tables.runs[run_id] = {"started": self._clock(), "finished": None, "command": command,
                               "config_hash": config_hash, "inputs": inputs_json, "summary": None,
                               "workdir": workdir}

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        """Record that a run ended, with its summary."""
        try:
            summary_json = dumps(summary)
        except (TypeError, ValueError) as exc:
            raise StorageError(f"run {run_id}: the summary cannot be stored as JSON ({exc})",
                               code=E_RUN) from exc
        run = self._tables.runs.get(run_id)
        if run is None:
            raise unknown_run(run_id)
        run["finished"] = self._clock()
        run["summary"] = summary_json

    def record_failure(self, run_id: str, failure: Failure) -> None:
        """Record that an input of a run failed."""
        tables = self._tables
        if run_id not in tables.runs:
            raise unknown_run(run_id)
        tables.run_documents.append({"run_id": run_id, "doc_id": failure.doc_id,
                                     "source": failure.source, "status": "failed",
                                     "code": failure.code, "reason": failure.reason})

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first, with ``outcomes``: how many inputs were stored/unchanged/failed."""
        tables = self._tables
        out = []
        for run_id, run in tables.runs.items():
            outcomes = {status: 0 for status in ("stored", "unchanged", "failed")}
            for row in tables.run_documents:
                if row["run_id"] == run_id:
                    outcomes[row["status"]] += 1
            out.append({"run_id": run_id, "started": run["started"], "finished": run["finished"],
                        "command": run["command"], "config_hash": run["config_hash"],
                        "inputs": json.loads(run["inputs"]),
                        "summary": None if run["summary"] is None else json.loads(run["summary"]),
                        "outcomes": outcomes, "workdir": run["workdir"]})
        return out

    def failures(self, run_id: str | None = None) -> list[dict[str, Any]]:
        """Failures of one run (StorageError if unknown) or of every run, in recorded order."""
        tables = self._tables
        if run_id is not None and run_id not in tables.runs:
            raise unknown_run(run_id)
        return [{"run_id": r["run_id"], "source": r["source"], "code": r["code"],
                 "reason": r["reason"], "doc_id": r["doc_id"]}
                for r in tables.run_documents
                if r["status"] == "failed" and (run_id is None or r["run_id"] == run_id)]

    # ------------------------------------------------------------------ resuming (ResumableStore)

    def run_outcomes(self, run_id: str, *, doc_ids: Sequence[str] = (),
                     sources: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Outcomes committed in a run for these doc_ids, or doc-less failures of these sources."""
        wanted_docs, wanted_sources = set(doc_ids), set(sources)
        return [{key: row[key] for key in ("doc_id", "source", "status", "code", "reason")}
                for row in self._tables.run_documents
                if row["run_id"] == run_id and (row["doc_id"] in wanted_docs or (
                    row["doc_id"] is None and row["source"] in wanted_sources))]

    def stored_state(self, doc_ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """For each stored doc_id: (config hash of the run that last stored it or found it unchanged,
        its stored source_id)."""
        tables = self._tables
        wanted = {d for d in doc_ids if d in tables.documents}
        out: dict[str, tuple[str | None, str | None]] = {}
        for row in tables.run_documents:  # in insertion order: the last one wins
            if row["doc_id"] in wanted and row["status"] != "failed":
                source = json.loads(tables.documents[row["doc_id"]]["json"]).get("source_id")
                out[row["doc_id"]] = (tables.runs[row["run_id"]]["config_hash"],
                                      source if isinstance(source, str) else None)
        return out

    def record_unchanged(self, run_id: str, documents: Sequence[tuple[str, str | None]]) -> None:
        """Commit "unchanged" outcomes for stored documents, all or none (no records written)."""
        tables = self._tables
        if run_id not in tables.runs:
            raise unknown_run(run_id)
        missing = next((doc_id for doc_id, _ in documents if doc_id not in tables.documents), None)
        if missing is not None:
            raise not_stored(missing)
        for doc_id, source in documents:
            if not any(r["run_id"] == run_id and r["doc_id"] == doc_id and r["status"] != "failed"
                       for r in tables.run_documents):
                tables.run_documents.append({"run_id": run_id, "doc_id": doc_id, "source": source,
                                             "status": "unchanged", "code": None, "reason": None})

    # ------------------------------------------------------------------ documents

    def put_document(self, records: list[dict[str, Any]], *, run_id: str) -> bool:
        """Store one document's records atomically; False when it was already stored unchanged."""
        prepared = prepare_document(records)
        tables = self._tables
        if run_id not in tables.runs:
            raise unknown_run(run_id)
        existing = tables.documents.get(prepared.doc_id)
        if existing is not None and existing["records_hash"] == prepared.records_hash:
            # Unchanged: only the run's outcome may be written, one step that cannot half-fail.
            self._record_outcome(tables, run_id, prepared, "unchanged")
            return False
        before = tables.snapshot()
        try:
            self._replace(tables, prepared)
            self._record_outcome(tables, run_id, prepared, "stored")
        except BaseException:
            # Restore the snapshot: a put is all or nothing, as in a database transaction.
            self._data = before
            raise
        return True

    def _replace(self, tables: _Tables, prepared: PreparedDocument) -> None:
        """Write a new or changed document, dropping every record of its previous version (and
        the incident links of its events that are gone, as the SQL stores do)."""
        existing = tables.documents.get(prepared.doc_id)
        links: dict[str, dict[str, Any]] = {}
        if existing is None:
            tables.last_seq += 1
            seq = tables.last_seq
        else:
            seq = existing["seq"]  # a replaced document keeps its place in the order
            for name in _TABLES.values():
                table = tables.table(name)
                for key in [k for k, row in table.items() if row["doc_id"] == prepared.doc_id]:
                    del table[key]
                    if key in tables.links and name == "events":
                        links[key] = tables.links.pop(key)
            del tables.documents[prepared.doc_id]
        head = json.loads(prepared.document.json)
        self._write_row(tables.documents, prepared.doc_id, {
            "seq": seq, "records_hash": prepared.records_hash, "json": prepared.document.json,
            "words": frozenset(document_words(head.get("title"), head.get("text")))})
        for record in prepared.children:
            table = tables.table(_TABLES[record.kind])
            if record.record_id in table:
                owner = table[record.record_id]["doc_id"]
                raise StorageError(f"document {prepared.doc_id}: {record.kind} {record.record_id} "
                                   f"is already stored for document {owner}; ids must be unique "
                                   "across documents (nothing was written)", code=E_RECORD)
            self._write_row(table, record.record_id, {
                "doc_id": prepared.doc_id, "kind": record.kind, "ord": record.ord,
                "span_start": record.span_start, "columns": dict(record.columns),
                "actors": [dict(a) for a in record.actors], "about": list(record.about),
                "json": record.json})
        for event_id, link in links.items():
            if event_id in tables.events:
                self._write_row(tables.links, event_id, link)
        self._settle(tables, {link["incident_id"] for link in links.values()})

    def _record_outcome(self, tables: _Tables, run_id: str, prepared: PreparedDocument,
                        status: str) -> None:
        """Write the document's outcome in the run (see base.settle_outcome)."""
        previous = next((r for r in tables.run_documents if r["run_id"] == run_id
                         and r["doc_id"] == prepared.doc_id and r["status"] != "failed"), None)
        settled = settle_outcome(previous["status"] if previous else None, status)
        if settled is not None and previous is None:
            tables.run_documents.append({"run_id": run_id, "doc_id": prepared.doc_id,
                                         "source": prepared.source_id, "status": settled,
                                         "code": None, "reason": None})
        elif settled is not None and previous is not None:
            previous["status"] = settled

    # ------------------------------------------------------------------ incidents

    def put_incidents(self, incidents: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
        """Upsert incident records and event links atomically (see SQLStore.put_incidents)."""
        prepared, prepared_links = prepare_incidents(incidents, links)
        tables = self._tables
        absent = [link.event_id for link in prepared_links if link.event_id not in tables.events]
        if absent:
            raise missing_events(absent)
        given = {i.incident_id for i in prepared}
        named = sorted({link.incident_id for link in prepared_links} - given)
        unknown = [i for i in named if i not in tables.incidents]
        if unknown:
            raise missing_incidents(unknown)
        touched = given | set(named) | {tables.links[link.event_id]["incident_id"]
                                        for link in prepared_links if link.event_id in tables.links}
        before = tables.snapshot()
        try:
            now = self._clock()
            for incident in prepared:
                old = tables.incidents.get(incident.incident_id)
                if old is None or old["json"] != incident.json:  # unchanged: not even `updated` moves
                    self._write_row(tables.incidents, incident.incident_id, {
                        "columns": dict(incident.columns), "json": incident.json, "updated": now,
                        "n_events": 0, "n_documents": 0})
            for link in prepared_links:
                self._write_row(tables.links, link.event_id, {
                    "incident_id": link.incident_id, "score": link.score, "features": link.features})
            self._settle(tables, touched)
        except BaseException:
            self._data = before
            raise

    def _settle(self, tables: _Tables, incident_ids: set[str]) -> None:
        """Recount the links of these incidents and delete those left without any."""
        for incident_id in incident_ids:
            row = tables.incidents.get(incident_id)
            if row is None:
                continue
            events = [e for e, link in tables.links.items() if link["incident_id"] == incident_id]
            if not events:
                del tables.incidents[incident_id]
                continue
            documents = {tables.events[e]["doc_id"] for e in events}
            tables.incidents[incident_id] = {**row, "n_events": len(events), "n_documents": len(documents)}

    # ------------------------------------------------------------------ the rest

    def counts(self) -> dict[str, int]:
        """How many documents, events, statements, mentions, runs and failures are stored."""
        tables = self._tables
        return {"documents": len(tables.documents), "events": len(tables.events),
                "statements": len(tables.statements), "mentions": len(tables.mentions),
                "runs": len(tables.runs),
                "failures": sum(1 for r in tables.run_documents if r["status"] == "failed")}

    def dump(self) -> str:
        """A deterministic JSON dump of every table, in insertion order."""
        tables = self._tables
        documents = {k: {**v, "words": sorted(v["words"])} for k, v in tables.documents.items()}
        state = {"documents": documents, "events": tables.events,
                 "statements": tables.statements, "mentions": tables.mentions,
                 "runs": tables.runs, "run_documents": tables.run_documents,
                 "incidents": tables.incidents, "links": tables.links}
        return json.dumps(state, ensure_ascii=False, indent=1)

    def close(self) -> None:
        """Drop the data; later calls raise StorageError."""
        self._data = None


__all__ = ["MemoryStore"]
