"""Where documents are processed: in this process, or in N worker processes with a bounded queue.

Both pools take a batch of ingested Documents and give back, in the same order, one
:class:`DocResult` per document: its contract records or its Failure. The engine (local.py) is
the only one that writes the store.

Worker processes are started with ``spawn`` (or ``forkserver``), never ``fork``: spaCy, SQLite
and threads do not survive a fork reliably. Each worker builds its Pipeline once, on its first
batch, and keeps it. A worker ignores Ctrl-C (the parent decides) and exits by itself when its
parent dies, so a ``kill -9`` of the parent leaves no orphan holding memory. When a worker dies
(out of memory, a crash in native code), the batches in flight are re-run one document at a time
in fresh workers, so the one document that kills a worker is recorded as failed and no other is.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .. import errors
from ..errors import ConfigError, EventLedgerError, ResourceError, StageError
from ..model import Document, Failure
from ..settings import Settings

LOGGER = logging.getLogger(__name__)

#: The default pipeline factory: ``module:callable`` taking Settings, returning a Pipeline.
DEFAULT_FACTORY = "eventledger.pipeline:Pipeline"
START_METHODS = ("spawn", "forkserver")
#: How often (seconds) a worker checks that its parent is still alive.
_WATCH_SECONDS = 0.5
#: Documents in a row that kill their worker, each alone, before the job is declared unable to run.
_DEAD_IN_A_ROW = 3


@dataclass(slots=True)
class DocResult:
    """What became of one document: its contract records, or a Failure (never both)."""

    doc_id: str
    source: str | None
    records: list[dict[str, Any]] | None = None
    failure: Failure | None = None
    events: int = 0
    statements: int = 0
    mentions: int = 0


@dataclass(slots=True)
class BatchResult:
    """A batch's results, and the worker that made them (pid, peak resident memory in MB)."""

    results: list[DocResult]
    pid: int
    peak_rss_mb: float | None
    #: An error that stops the whole job (the model cannot be loaded): (class name, code, message).
    fatal: tuple[str, str, str] | None = None


class Processor(Protocol):
    """What a pool needs from a pipeline: ``process(documents)`` yielding outcomes in order."""

    def process(self, items: Iterable[Document | Failure]) -> Iterable[Any]:
        """Outcomes (``.document`` / ``.failure``) for the items, in input order."""
        ...


def peak_rss_mb() -> float | None:
    """This process's peak resident memory in MB (None where the OS does not say).

    On Linux it is ``VmHWM`` of /proc/self/status: ``ru_maxrss`` survives ``exec``, so a spawned
    worker would report its parent's peak at the moment it was started.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def load_factory(spec: str) -> Callable[[Settings], Processor]:
    """The callable a ``module:callable`` spec names (ConfigError when it cannot be imported)."""
    module_name, _, attr = spec.partition(":")
    try:
        factory: Callable[[Settings], Processor] = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ConfigError(f"pipeline factory {spec!r} cannot be imported ({exc}); give module:callable") from exc
    return factory


def results_of(docs: Sequence[Document], outcomes: Iterable[Any]) -> list[DocResult]:
    """One DocResult per document from a pipeline's outcomes (records built here, in the worker)."""
    out: list[DocResult] = []
    for doc, outcome in zip(docs, outcomes, strict=True):
        if outcome.failure is not None:
            out.append(DocResult(doc.doc_id, doc.source_id, failure=outcome.failure))
            continue
        done = outcome.document
        out.append(DocResult(doc.doc_id, doc.source_id, records=done.records(), events=len(done.events),
                             statements=len(done.statements), mentions=len(done.mentions)))
    return out


def crashed(doc: Document, why: str) -> DocResult:
    """The result for a document whose processing killed its worker (or raised past the pipeline)."""
    err = StageError(f"{doc.source_id or doc.doc_id}: {why}; this is a bug or a resource limit, "
                     f"run `eventledger retry RUN` to try it again")
    return DocResult(doc.doc_id, doc.source_id, failure=Failure(doc.source_id or doc.doc_id, err.code,
                                                                err.message, doc.doc_id))


def process_batch(processor: Processor, docs: list[Document]) -> list[DocResult]:
    """Run one batch; an exception that escapes the pipeline fails the batch's documents, not the job."""
    try:
        return results_of(docs, processor.process(docs))
    except EventLedgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - the pipeline isolates documents; this is the last guard
        LOGGER.error("batch of %d documents failed", len(docs), exc_info=exc)
        return [crashed(doc, f"processing failed ({type(exc).__name__}: {exc})") for doc in docs]


def raise_fatal(fatal: tuple[str, str, str]) -> None:
    """Raise in the parent the error that stopped a worker (same class, code and message)."""
    name, code, message = fatal
    cls = getattr(errors, name, EventLedgerError)
    if not (isinstance(cls, type) and issubclass(cls, EventLedgerError)):
        cls = EventLedgerError
    raise cls(message, code=code)


# --------------------------------------------------------------------------- worker processes

_WORKER: dict[str, Any] = {}


def _watch_parent(parent: int) -> None:
    """Exit this worker as soon as its parent is gone (``kill -9`` gives it no chance to stop us)."""
    while True:
        time.sleep(_WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(70)


def _worker_init(settings: Settings, factory: str, parent: int, log_level: int) -> None:
    """Set up a worker process: settings kept, Ctrl-C left to the parent, parent watched."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s [worker %(process)d]: %(message)s")
    _WORKER.update(settings=settings, factory=factory, processor=None)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _worker_batch(docs: list[Document]) -> BatchResult:
    """Process one batch in a worker (the Pipeline is built on the first batch, then kept)."""
    try:
        if _WORKER["processor"] is None:
            _WORKER["processor"] = load_factory(_WORKER["factory"])(_WORKER["settings"])
        results = process_batch(_WORKER["processor"], docs)
    except EventLedgerError as exc:  # the model is missing, a setting is bad: the job cannot run
        return BatchResult([], os.getpid(), peak_rss_mb(), fatal=(type(exc).__name__, exc.code, exc.message))
    return BatchResult(results, os.getpid(), peak_rss_mb())


# --------------------------------------------------------------------------- pools


@dataclass(slots=True)
class InlinePool:
    """Processes each batch at once in this process (``--workers 1``)."""

    processor: Processor
    workers: int = 1
    peaks: dict[int, float] = field(default_factory=dict)

    def submit(self, docs: list[Document]) -> Future[BatchResult]:
        """The batch's results, already computed."""
        future: Future[BatchResult] = Future()
        future.set_result(BatchResult(process_batch(self.processor, docs), os.getpid(), peak_rss_mb()))
        return future

    def results(self, future: Future[BatchResult]) -> list[DocResult]:
        """The results of a submitted batch."""
        batch = future.result()
        if batch.peak_rss_mb is not None:
            self.peaks[batch.pid] = batch.peak_rss_mb
        return batch.results

    def recover(self, batches: Sequence[list[Document]]) -> list[list[DocResult]]:
        """Never needed in-process (nothing can break the pool)."""
        return [process_batch(self.processor, docs) for docs in batches]

    def close(self, *, cancel: bool = False) -> None:
        """Nothing to release."""


class WorkerPool:
    """N spawned worker processes; the caller bounds how many batches are in flight."""

    def __init__(self, settings: Settings, workers: int, *, start_method: str = "spawn",
                 factory: str = DEFAULT_FACTORY) -> None:
        if workers < 2:
            raise ConfigError(f"a worker pool needs at least 2 workers, not {workers}; use InlinePool")
        if start_method not in START_METHODS or start_method not in multiprocessing.get_all_start_methods():
            raise ConfigError(f"engine.start_method = {start_method!r} is not available here; use one of "
                              f"{', '.join(m for m in START_METHODS if m in multiprocessing.get_all_start_methods())}")
        self.settings = settings
        self.workers = workers
        self.start_method = start_method
        self.factory = factory
        self.peaks: dict[int, float] = {}
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        """A fresh executor (at start, and after a worker died)."""
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context(self.start_method),
                                   initializer=_worker_init,
                                   initargs=(self.settings, self.factory, os.getpid(),
                                             logging.getLogger().getEffectiveLevel()))

    def submit(self, docs: list[Document]) -> Future[BatchResult]:
        """Send a batch to the next free worker.

        A worker may die between two submissions; the executor then refuses new work. The batch
        gets a future that carries that failure, so it takes the same recovery path as the batches
        that were in flight (``results`` raises BrokenProcessPool).
        """
        try:
            return self._executor.submit(_worker_batch, docs)
        except BrokenProcessPool as exc:
            failed: Future[BatchResult] = Future()
            failed.set_exception(exc)
            return failed

    def results(self, future: Future[BatchResult]) -> list[DocResult]:
        """The results of a submitted batch (raises BrokenProcessPool when a worker died)."""
        batch = future.result()
        if batch.fatal is not None:
            raise_fatal(batch.fatal)
        if batch.peak_rss_mb is not None:
            self.peaks[batch.pid] = max(self.peaks.get(batch.pid, 0.0), batch.peak_rss_mb)
        return batch.results

    def recover(self, batches: Sequence[list[Document]]) -> list[list[DocResult]]:
        """Re-run the batches that were in flight when a worker died, one document at a time.

        A dead worker breaks the whole executor and every batch in it, so nothing says which
        document killed it: each one is run alone in a fresh pool, and only a document that
        kills its worker again is recorded as failed.
        """
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()
        out: list[list[DocResult]] = []
        in_a_row = 0
        for docs in batches:
            results: list[DocResult] = []
            for doc in docs:
                try:
                    results += self.results(self.submit([doc]))
                    in_a_row = 0
                except BrokenProcessPool:
                    in_a_row += 1
                    if in_a_row >= _DEAD_IN_A_ROW:
                        # Not one bad document: the workers cannot run at all (see their errors above).
                        raise ResourceError(f"worker processes died on {in_a_row} documents in a row, each "
                                            "alone; they cannot run here (see the errors above); try "
                                            "--workers 1") from None
                    LOGGER.error("a worker died while processing %s alone", doc.source_id or doc.doc_id)
                    results.append(crashed(doc, "the worker process died while processing this document "
                                                "(out of memory, or a crash in native code)"))
                    self._executor.shutdown(wait=True, cancel_futures=True)
                    self._executor = self._start()
            out.append(results)
        return out

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers (at once, dropping queued batches, when ``cancel``)."""
        self._executor.shutdown(wait=not cancel, cancel_futures=cancel)


Pool = InlinePool | WorkerPool

__all__ = ["DEFAULT_FACTORY", "BatchResult", "BrokenProcessPool", "DocResult", "InlinePool", "Pool",
           "WorkerPool", "crashed", "load_factory", "peak_rss_mb", "process_batch", "results_of"]
