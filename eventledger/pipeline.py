"""The pipeline: clean -> nlp -> extract -> resolve over a stream of ingested Documents.

Documents are processed in batches so spaCy sees many paragraphs per ``nlp.pipe`` call. A
document that cannot be processed becomes a ``Failure`` with a stable code and a one-line
reason; the batch goes on. An unexpected exception in a stage is a bug: it is logged with its
traceback and recorded as E401 for that document only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import EventLedgerError, StageError
from .model import Document, Failure
from .settings import Settings
from .stages.clean import clean_document
from .stages.extract import extract_document
from .stages.nlp import annotate, load_pipeline
from .stages.resolve import Resolver

LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class Outcome:
    """What became of one input: a processed Document, or a Failure."""

    document: Document | None = None
    failure: Failure | None = None


def _failure(doc: Document, exc: BaseException) -> Failure:
    source = doc.source_id or doc.doc_id
    if isinstance(exc, EventLedgerError):
        return Failure(source, exc.code, exc.message, doc.doc_id)
    LOGGER.error("bug while processing %s", source, exc_info=exc)
    err = StageError(f"internal error {type(exc).__name__}: {exc} (please report it with the input)")
    return Failure(source, err.code, err.message, doc.doc_id)


class Pipeline:
    """Runs the stages with one loaded spaCy model and one resolver."""

    def __init__(self, settings: Settings, *, nlp: Any | None = None, resolver: Resolver | None = None,
                 batch_docs: int = 16) -> None:
        self.settings = settings
        self.nlp = nlp if nlp is not None else load_pipeline(settings["nlp"]["model"])
        self.resolver = resolver if resolver is not None else Resolver.from_settings(settings)
        self.batch_docs = batch_docs

    def process(self, items: Iterable[Document | Failure]) -> Iterator[Outcome]:
        """Process ingested documents (failures pass through), yielding outcomes in input order."""
        batch: list[Document | Failure] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_docs:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def process_one(self, doc: Document) -> Outcome:
        """Process a single document."""
        return next(iter(self._batch([doc])))

    def _batch(self, batch: list[Document | Failure]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        clean: list[Document] = []
        for item in batch:
            if isinstance(item, Failure):
                outcomes.append(Outcome(failure=item))
                continue
            try:
                clean_document(item, self.settings)
            except Exception as exc:  # noqa: BLE001 - one bad document never stops a batch
                outcomes.append(Outcome(failure=_failure(item, exc)))
                continue
            clean.append(item)
            outcomes.append(Outcome(document=item))
        if clean:
            nlp_cfg = self.settings["nlp"]
            try:
                annotate(clean, self.nlp, batch_size=nlp_cfg["batch_size"],
                         max_paragraph_chars=nlp_cfg["max_paragraph_chars"])
            except Exception:  # noqa: BLE001 - fall back to one document at a time to isolate it
                for doc in clean:
                    try:
                        annotate([doc], self.nlp, batch_size=nlp_cfg["batch_size"],
                                 max_paragraph_chars=nlp_cfg["max_paragraph_chars"])
                    except Exception as exc:  # noqa: BLE001
                        self._fail(outcomes, doc, exc)
        for out in outcomes:
            doc = out.document
            if doc is None or out.failure is not None:
                continue
            try:
                extract_document(doc, self.settings)
                self.resolver.resolve(doc)
            except Exception as exc:  # noqa: BLE001
                self._fail(outcomes, doc, exc)
            finally:
                doc.nlp = None  # the parse is transient: free it as soon as the document is done
        return outcomes

    @staticmethod
    def _fail(outcomes: list[Outcome], doc: Document, exc: BaseException) -> None:
        for out in outcomes:
            if out.document is doc:
                out.document = None
                out.failure = _failure(doc, exc)
