"""The local engine: ingest -> pipeline -> store in this process, one document at a time in order.

Every document's outcome is committed to the store as it is produced (its records in one
transaction, or its failure with the reason), so a crash loses at most the batch in flight and
re-running the same command stores nothing twice (content-hash ids make writes idempotent).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..model import Document, Failure
from ..pipeline import Outcome, Pipeline
from ..settings import Settings
from ..stages.ingest import iter_documents
from ..storage.base import Store


@dataclass(slots=True)
class RunReport:
    """What a run did: counts per outcome, every failure with its reason, and how long it took."""

    run_id: str
    documents: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0
    statements: int = 0
    mentions: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> dict[str, Any]:
        return {"documents": self.documents, "stored": self.stored, "unchanged": self.unchanged,
                "failed": self.failed, "events": self.events, "statements": self.statements,
                "mentions": self.mentions, "seconds": round(self.seconds, 3)}


def new_run_id() -> str:
    """A sortable, unique run id: UTC time plus random hex."""
    return datetime.now(UTC).strftime("run-%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]


def run(inputs: Sequence[str | Path], store: Store, settings: Settings, *, pipeline: Pipeline | None = None,
        published: str | None = None, outlet: str | None = None, command: str = "process",
        on_outcome: Callable[[Outcome], None] | None = None,
        documents: Iterable[Document | Failure] | None = None) -> RunReport:
    """Process inputs into a store and return the run's report.

    Args:
        inputs: files, folders or ``-`` (standard input).
        store: an open Store; each document is written in its own transaction.
        settings: validated settings.
        pipeline: a ready Pipeline (loads the spaCy model and gazetteer when omitted).
        published, outlet: metadata for bare text inputs (``--published``/``--outlet``).
        on_outcome: called after each outcome is committed (progress bars).
        documents: already ingested documents to process instead of reading ``inputs``.
    """
    started = time.perf_counter()
    report = RunReport(new_run_id())
    store.start_run(report.run_id, command=command, config_hash=settings.config_hash(),
                    inputs=[str(i) for i in inputs])
    pipe = pipeline or Pipeline(settings)
    items = documents if documents is not None else iter_documents(
        inputs, settings=settings, published=published, outlet=outlet)
    for outcome in pipe.process(items):
        report.documents += 1
        if outcome.failure is not None:
            report.failed += 1
            report.failures.append(outcome.failure)
            store.record_failure(report.run_id, outcome.failure)
        elif outcome.document is not None:
            doc = outcome.document
            changed = store.put_document(doc.records(), run_id=report.run_id)
            report.stored += bool(changed)
            report.unchanged += not changed
            report.events += len(doc.events)
            report.statements += len(doc.statements)
            report.mentions += len(doc.mentions)
        if on_outcome is not None:
            on_outcome(outcome)
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.summary())
    return report
