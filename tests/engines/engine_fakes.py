"""A stand-in pipeline for engine tests: no model, deterministic, and able to fail on purpose.

Importable by worker processes (spawn copies the test's sys.path), so the parallel engine can be
tested in a second instead of loading spaCy in every worker. A body containing ``FAIL`` becomes a
failure (E206), ``BOOM`` raises inside the pipeline, and ``DIE`` kills the worker process that
reads it (only in a worker: never the test process).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator

from eventledger.errors import ResourceError
from eventledger.model import Document, Failure
from eventledger.pipeline import Outcome
from eventledger.settings import Settings

FACTORY = "engine_fakes:FakePipeline"
BROKEN_FACTORY = "engine_fakes:broken_pipeline"


class FakePipeline:
    """Cleans nothing and extracts nothing: each document is stored with its body as clean text."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.seen: list[str] = []  # source ids processed, in order (in-process runs only)

    def process(self, items: Iterable[Document | Failure]) -> Iterator[Outcome]:
        """One outcome per item, in order."""
        for item in items:
            if isinstance(item, Failure):
                yield Outcome(failure=item)
                continue
            self.seen.append(item.source_id or item.doc_id)
            if "DIE" in item.body and multiprocessing.parent_process() is not None:
                os._exit(3)  # what an out-of-memory kill or a native crash looks like to the parent
            if "BOOM" in item.body:
                raise RuntimeError("an unexpected bug")
            if "FAIL" in item.body:
                yield Outcome(failure=Failure(item.source_id or item.doc_id, "E206", "not English", item.doc_id))
                continue
            item.freeze_text(item.body.strip())
            yield Outcome(document=item)


def broken_pipeline(settings: Settings) -> FakePipeline:
    """A factory whose model cannot be loaded."""
    raise ResourceError("spaCy pipeline 'nope' is not installed")
