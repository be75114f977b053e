"""The local engine: ingest -> pipeline -> store on one machine, in this process or N workers.

This process reads the inputs and is the only writer of the store; the pipeline runs here
(``workers=1``) or in worker processes that each load the model once (``workers=N``), with at
most ``engine.inflight_per_worker`` batches per worker in flight, so memory stays flat on any
corpus size. Outcomes are written in input order, so the store is the same whatever the number
of workers.

Nothing is lost and nothing is written twice:

- a run has an id; each document's outcome (stored, unchanged, failed with its reason) is
  committed with it, one transaction per document, as soon as it is known;
- an interrupted run (``kill -9``, Ctrl-C) stays unfinished in the store, and the same command
  resumes it (see :mod:`.runs`): inputs whose outcome is already committed are skipped without
  being parsed again, so only the missing ones are processed;
- a document already stored under the same fingerprint (settings, version, knowledge files) and
  from the same source is not parsed again on a later run: its outcome is "unchanged"
  (``reprocess=True`` parses it anyway);
- content-hash ids make every write idempotent in any case.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import ConfigError, StorageError
from ..model import Document, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from ..stages.ingest import STDIN_NAME, iter_documents
from ..storage.base import E_RECORD, ResumableStore, Store, unknown_run
from .runs import CommandLine, find_unfinished, fingerprint, job_key
from .runs import new_run_id as _new_run_id
from .workers import (
    DEFAULT_FACTORY,
    BatchResult,
    BrokenProcessPool,
    DocResult,
    InlinePool,
    WorkerPool,
    load_factory,
)

LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class RunReport:
    """What a run did: counts per outcome, every failure with its reason, and how long it took.

    ``documents == stored + unchanged + failed`` covers every input of the run, including those an
    earlier, interrupted attempt of the same run committed; ``skipped`` counts the inputs that were
    not parsed in this invocation because their outcome was already known (committed in this run,
    or stored under the same fingerprint). ``events``/``statements``/``mentions`` are those
    extracted in this invocation.
    """

    run_id: str
    documents: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    statements: int = 0
    mentions: int = 0
    seconds: float = 0.0
    workers: int = 1
    resumed: bool = False
    peak_rss_mb: float | None = None  # the largest peak resident memory of one worker
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return self.failed == 0

    def tally(self, outcome: DocOutcome) -> None:
        """Count one committed outcome (stored, unchanged or failed with its reason)."""
        self.documents += 1
        self.skipped += outcome.skipped
        if outcome.status == "stored":
            self.stored += 1
        elif outcome.status == "unchanged":
            self.unchanged += 1
        else:
            self.failed += 1
            if outcome.failure is not None:
                self.failures.append(outcome.failure)

    def summary(self) -> dict[str, Any]:
        """The counts recorded with the run (and printed at the end of ``eventledger process``)."""
        return {"documents": self.documents, "stored": self.stored, "unchanged": self.unchanged,
                "failed": self.failed, "skipped": self.skipped, "events": self.events,
                "statements": self.statements, "mentions": self.mentions, "seconds": round(self.seconds, 3),
                "workers": self.workers, "resumed": self.resumed, "peak_rss_mb": self.peak_rss_mb}


@dataclass(slots=True)
class DocOutcome:
    """One input's outcome as committed (what ``on_outcome`` receives)."""

    source: str | None
    doc_id: str | None
    status: str  # stored | unchanged | failed
    failure: Failure | None = None
    skipped: bool = False  # not parsed in this invocation: its outcome was already known


def new_run_id() -> str:
    """A sortable, unique run id: UTC time plus random hex."""
    return _new_run_id()


# --------------------------------------------------------------------------- the ordered writer


@dataclass(slots=True)
class _Slot:
    """A chunk of inputs in input order: what to write for each, and the batch being processed."""

    entries: list[tuple[str, Any]]  # ("failure", Failure) | ("known", row) | ("unchanged", Document) | ("doc", i)
    docs: list[Document]
    future: Future[BatchResult] | None = None
    results: list[DocResult] | None = None


class _Writer:
    """Classifies chunks of inputs, hands the new documents to the pool, writes outcomes in order."""

    def __init__(self, store: Store, report: RunReport, pool: InlinePool | WorkerPool, *, config_hash: str,
                 reprocess: bool, on_outcome: Callable[[DocOutcome], None] | None, max_inflight: int) -> None:
        self.store = store
        self.report = report
        self.pool = pool
        self.config_hash = config_hash
        self.reprocess = reprocess
        self.on_outcome = on_outcome
        self.max_inflight = max(1, max_inflight)
        self.resumable = isinstance(store, ResumableStore)
        self.slots: deque[_Slot] = deque()

    # -- reading

    def feed(self, chunk: list[Document | Failure]) -> None:
        """Classify a chunk against the store, submit what must be parsed, write what is ready."""
        known_docs: dict[str, dict[str, Any]] = {}
        known_sources: dict[str, dict[str, Any]] = {}
        latest: dict[str, tuple[str | None, str | None]] = {}
        docs = [item for item in chunk if isinstance(item, Document)]
        if self.resumable:
            store: Any = self.store
            # Standard input is read anew each time: its failures are never taken as already known.
            sources = [f.source for f in chunk if isinstance(f, Failure) and f.doc_id is None
                       and f.source != STDIN_NAME]
            for row in store.run_outcomes(self.report.run_id, doc_ids=[d.doc_id for d in docs], sources=sources):
                if row["doc_id"] is not None:
                    known_docs[row["doc_id"]] = row
                else:
                    known_sources[row["source"]] = row
            if not self.reprocess:
                latest = store.stored_state([d.doc_id for d in docs if d.doc_id not in known_docs])
        slot = _Slot([], [])
        for item in chunk:
            if isinstance(item, Failure):
                row = known_sources.get(item.source) if item.doc_id is None else known_docs.get(item.doc_id)
                slot.entries.append(("known", row) if row is not None else ("failure", item))
            elif item.doc_id in known_docs:
                slot.entries.append(("known", known_docs[item.doc_id]))
            elif latest.get(item.doc_id) == (self.config_hash, item.source_id):
                # Stored under the same fingerprint, from the same source: its records would be
                # byte-identical, so it is not parsed again.
                slot.entries.append(("unchanged", item))
            else:
                slot.entries.append(("doc", len(slot.docs)))
                slot.docs.append(item)
        if slot.docs:
            slot.future = self.pool.submit(slot.docs)
        else:
            slot.results = []
        self.slots.append(slot)
        self._write_ready()
        # The bound: at most max_inflight batches being processed, and a few times that many
        # chunks waiting to be written behind the oldest one (inputs that needed no parsing).
        while (sum(s.results is None for s in self.slots) >= self.max_inflight
               or len(self.slots) > 4 * self.max_inflight):
            self._wait_head()
            self._write_ready()

    # -- waiting

    def _wait_head(self) -> None:
        """Wait for the oldest batch in flight (recovering every batch in flight if a worker died)."""
        slot = next((s for s in self.slots if s.results is None), None)
        if slot is None or slot.future is None:
            return
        try:
            slot.results = self.pool.results(slot.future)
        except BrokenProcessPool:
            pending = [s for s in self.slots if s.results is None]
            LOGGER.error("a worker process died; re-running the %d batch(es) in flight one document at a time",
                         len(pending))
            for again, results in zip(pending, self.pool.recover([s.docs for s in pending]), strict=True):
                again.results = results

    def drain(self) -> None:
        """Wait for every batch in flight and write all outcomes."""
        while self.slots:
            if self.slots[0].results is None:
                self._wait_head()
            self._write_ready()

    # -- writing

    def _write_ready(self) -> None:
        """Write the outcomes of the leading slots whose batches are done, in input order."""
        while self.slots:
            head = self.slots[0]
            if head.results is None and head.future is not None and head.future.done():
                try:
                    head.results = self.pool.results(head.future)
                except BrokenProcessPool:
                    self._wait_head()
            if head.results is None:
                return
            self.slots.popleft()
            self._write(head)

    def _write(self, slot: _Slot) -> None:
        """Commit a slot's outcomes: unchanged ones in one transaction, then each in input order."""
        store: Any = self.store
        unchanged = [(doc.doc_id, doc.source_id) for kind, doc in slot.entries if kind == "unchanged"]
        if unchanged:
            store.record_unchanged(self.report.run_id, unchanged)
        assert slot.results is not None
        for kind, value in slot.entries:
            if kind == "failure":
                self._fail(value)
            elif kind == "known":
                self._known(value)
            elif kind == "unchanged":
                self._count(DocOutcome(value.source_id, value.doc_id, "unchanged", skipped=True))
            else:
                self._put(slot.results[value])

    def _fail(self, failure: Failure) -> None:
        """Record a failure of this run."""
        self.store.record_failure(self.report.run_id, failure)
        self._count(DocOutcome(failure.source, failure.doc_id, "failed", failure))

    def _known(self, row: dict[str, Any]) -> None:
        """Count an outcome committed earlier in this run (an interrupted attempt, or a repeated input)."""
        failure = None
        status = row["status"]
        if status == "failed":
            failure = Failure(row["source"], row["code"], row["reason"], row["doc_id"])
        elif not self.report.resumed:
            status = "unchanged"  # a fresh run stored it moments ago: this is a repeated input
        self._count(DocOutcome(row["source"], row["doc_id"], status, failure, skipped=True))

    def _put(self, result: DocResult) -> None:
        """Store a processed document (or record its failure)."""
        if result.failure is not None or result.records is None:
            self._fail(result.failure or Failure(result.source or result.doc_id, "E401", "no records", result.doc_id))
            return
        try:
            changed = self.store.put_document(result.records, run_id=self.report.run_id)
        except StorageError as exc:
            if exc.code != E_RECORD:  # the store itself is unusable: the job stops (and can resume)
                raise
            # These records cannot be stored (an extraction bug): this document fails, the job goes on.
            self._fail(Failure(result.source or result.doc_id, exc.code, exc.message, result.doc_id))
            return
        self.report.events += result.events
        self.report.statements += result.statements
        self.report.mentions += result.mentions
        self._count(DocOutcome(result.source, result.doc_id, "stored" if changed else "unchanged"))

    def _count(self, outcome: DocOutcome) -> None:
        """Add one committed outcome to the report and tell the caller."""
        self.report.tally(outcome)
        if self.on_outcome is not None:
            self.on_outcome(outcome)


# --------------------------------------------------------------------------- running


def _chunks(items: Iterable[Document | Failure], size: int) -> Iterator[list[Document | Failure]]:
    """``items`` in lists of at most ``size``, read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _workers(settings: Settings, workers: int | None) -> int:
    """The number of workers asked for (0 = one per CPU), validated."""
    count = settings["engine"]["workers"] if workers is None else workers
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ConfigError(f"workers must be a whole number >= 0 (0: one per CPU), not {count!r}")
    return count or os.cpu_count() or 1


def run(inputs: Sequence[str | Path], store: Store, settings: Settings, *, pipeline: Pipeline | None = None,
        published: str | None = None, outlet: str | None = None, command: str = "process",
        on_outcome: Callable[[DocOutcome], None] | None = None,
        documents: Iterable[Document | Failure] | None = None, workers: int | None = None,
        reprocess: bool = False, resume: bool = True, select: Callable[[Document | Failure], bool] | None = None,
        pipeline_factory: str = DEFAULT_FACTORY) -> RunReport:
    """Process inputs into a store and return the run's report.

    Args:
        inputs: files, folders or ``-`` (standard input), relative to the current folder.
        store: an open Store; each document is written in its own transaction. A store that is
            also a ResumableStore (SQLite, memory) lets runs resume and re-runs skip stored documents.
        settings: validated settings (``engine.*`` sets workers, batch size and queue bound).
        pipeline: a ready Pipeline for ``workers=1`` (built when omitted; unused with workers).
        published, outlet: metadata for bare text inputs (``--published``/``--outlet``).
        command: the command recorded with the run (``process``, or ``retry RUN`` from :func:`retry`).
        on_outcome: called after each input's outcome is committed (progress bars).
        documents: already ingested documents to process instead of reading ``inputs`` (such a
            run is never resumed: its inputs cannot be read again).
        workers: processes to run the pipeline in (default ``engine.workers``; 0 = one per CPU).
        reprocess: parse documents already stored under the same fingerprint again.
        resume: resume an unfinished run of the same job instead of starting a new one.
        select: only the ingested items for which it returns True are processed (retry).
        pipeline_factory: ``module:callable`` building each worker's pipeline from Settings.

    Raises:
        ConfigError, ResourceError: the job cannot run (bad settings, missing model).
        StorageError: the store cannot be written; the run stays unfinished and can be resumed.
    """
    started = time.perf_counter()
    count = _workers(settings, workers)
    engine = settings["engine"]
    config_hash = fingerprint(settings)
    given = [str(i) for i in inputs]
    line = CommandLine.parse(command) if command.split(" ", 1)[0] in ("process", "retry") else None
    if line is not None:  # the options that decide what is read are part of the recorded command
        line = CommandLine(line.name, line.target, published, outlet, reprocess)
    recorded = line.text() if line is not None else command
    resumable = isinstance(store, ResumableStore)
    workdir = os.getcwd() if resumable else None
    run_id = None
    if resume and resumable and documents is None:
        run_id = find_unfinished(store.runs(), command=recorded, inputs=given, workdir=workdir,
                                 config_hash=config_hash)
    report = RunReport(run_id or _new_run_id(job_key(recorded, given, workdir, config_hash)), workers=count,
                       resumed=run_id is not None)
    if run_id is None:
        if resumable:
            store.start_run(report.run_id, command=recorded, config_hash=config_hash, inputs=given,
                            workdir=workdir)  # type: ignore[call-arg]
        else:
            store.start_run(report.run_id, command=recorded, config_hash=config_hash, inputs=given)
    items: Iterable[Document | Failure] = documents if documents is not None else iter_documents(
        given, settings=settings, published=published, outlet=outlet)
    if select is not None:
        items = filter(select, items)
    if count == 1:
        processor = pipeline or (Pipeline(settings) if pipeline_factory == DEFAULT_FACTORY
                                 else load_factory(pipeline_factory)(settings))
        pool: InlinePool | WorkerPool = InlinePool(processor)
    else:
        pool = WorkerPool(settings, count, start_method=engine["start_method"], factory=pipeline_factory)
    stored: list[str] = []  # documents this run stored (an earlier attempt's too): merged into incidents

    def committed(outcome: DocOutcome) -> None:
        if outcome.status == "stored" and outcome.doc_id is not None:
            stored.append(outcome.doc_id)
        if on_outcome is not None:
            on_outcome(outcome)

    writer = _Writer(store, report, pool, config_hash=config_hash, reprocess=reprocess, on_outcome=committed,
                     max_inflight=count * int(engine["inflight_per_worker"]))
    finished = False
    try:
        for chunk in _chunks(items, max(1, int(engine["batch_docs"]))):
            writer.feed(chunk)
        writer.drain()
        finished = True
    finally:
        # Interrupted (Ctrl-C, a store error): drop the batches in flight; the run stays unfinished.
        pool.close(cancel=not finished)
    report.peak_rss_mb = max(pool.peaks.values(), default=None)
    # Before the run is finished: a merge that fails leaves the run unfinished, and resuming it merges.
    _merge_incidents(store, settings, stored)
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.summary())
    return report


def _merge_incidents(store: Store, settings: Settings, doc_ids: list[str]) -> None:
    """Merge the stored documents' events into cross-source incidents (``incidents.merge``);
    a store without incident tables keeps events without incidents."""
    from ..incidents.store import merge_documents, supports_incidents

    if doc_ids and settings.data.get("incidents", {}).get("merge", False) and supports_incidents(store):
        merge_documents(store, doc_ids, settings=settings)


def retry(run_id: str, store: Store, settings: Settings, *, pipeline: Pipeline | None = None,
          workers: int | None = None, on_outcome: Callable[[DocOutcome], None] | None = None,
          pipeline_factory: str = DEFAULT_FACTORY) -> RunReport:
    """Re-process the inputs that failed in run ``run_id``, as a new run ``retry RUN``.

    The run's inputs are read again (relative to the current folder; the CLI changes to the run's
    folder first) with the same ``--published``/``--outlet``; only the items that failed (by
    doc_id, or by source for inputs that failed before they had one) are processed.

    Raises:
        StorageError: no such run (E506). ConfigError: the run's command cannot be retried.
    """
    found = next((r for r in store.runs() if r["run_id"] == run_id), None)
    if found is None:
        raise unknown_run(run_id)
    line = CommandLine.parse(found.get("command"))
    failed = store.failures(run_id)
    doc_ids = {f["doc_id"] for f in failed if f["doc_id"]}
    # By source too: an input fixed since (new content, new doc_id) is still the one that failed.
    sources = {f["source"] for f in failed}

    def wanted(item: Document | Failure) -> bool:
        if isinstance(item, Document):
            return item.doc_id in doc_ids or item.source_id in sources
        return item.doc_id in doc_ids or item.source in sources

    return run(found["inputs"], store, settings, pipeline=pipeline, published=line.published, outlet=line.outlet,
               command=CommandLine("retry", run_id).text(), on_outcome=on_outcome, workers=workers,
               reprocess=line.reprocess, select=wanted, pipeline_factory=pipeline_factory)


__all__ = ["DocOutcome", "RunReport", "new_run_id", "retry", "run"]
