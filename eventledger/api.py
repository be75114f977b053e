"""The library's front door: ``eventledger.process(...)`` for notebooks and scripts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Document, Failure
from .pipeline import Pipeline
from .settings import Settings, load_settings
from .stages.ingest import document_from_text, iter_documents

_PIPELINES: dict[str, Pipeline] = {}


@dataclass(slots=True)
class ProcessResult:
    """Documents processed (with their events, statements and mentions) and the failures."""

    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Every contract record (../shared/contract), documents first then their records."""
        return [r for d in self.documents for r in d.records()]

    @property
    def events(self) -> list[dict[str, Any]]:
        """The event records of every document."""
        return [e.to_dict() for d in self.documents for e in d.events]

    @property
    def statements(self) -> list[dict[str, Any]]:
        return [s.to_dict() for d in self.documents for s in d.statements]


def _pipeline(settings: Settings) -> Pipeline:
    key = settings.config_hash()
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
    return _PIPELINES[key]


def _items(inputs: Iterable[str | Path], settings: Settings, published: str | None,
           outlet: str | None) -> Iterator[Document | Failure]:
    for n, item in enumerate(inputs):
        if isinstance(item, Path) or (isinstance(item, str) and _is_path(item)):
            yield from iter_documents([item], settings=settings, published=published, outlet=outlet)
        else:
            yield document_from_text(str(item), source_id=f"text-{n}", published=published, outlet=outlet)


def _is_path(item: str) -> bool:
    """True when a string names an existing file or folder (or is '-'), not article text."""
    if item == "-":
        return True
    if "\n" in item or len(item) > 1024:
        return False
    try:
        return Path(item).exists()
    except OSError:  # a name too long for the file system: text, not a path
        return False


def process(texts_or_paths: str | Path | Iterable[str | Path], *, published: str | None = None,
            outlet: str | None = None, settings: Settings | None = None) -> ProcessResult:
    """Read articles and return what they report.

    Args:
        texts_or_paths: article texts, or paths of files/folders (text, HTML, RSS/Atom, JSON Lines);
            one string or an iterable of them.
        published: publication date (YYYY-MM-DD) for bare texts, anchoring "yesterday" etc.
        outlet: outlet name for bare texts.
        settings: settings from :func:`eventledger.load_settings` (defaults when omitted).

    Returns:
        A ProcessResult: ``.documents`` (typed), ``.records()`` (contract dicts), ``.failures``.

    Raises:
        ResourceError: the spaCy model or the gazetteer cannot be loaded.

    >>> r = process("A suicide bomber killed 12 people in Kabul on Monday.", published="2024-03-05")
    >>> r.events[0]["sub_event_type"]
    'Suicide bomb'
    """
    settings = settings or load_settings()
    items = [texts_or_paths] if isinstance(texts_or_paths, str | Path) else list(texts_or_paths)
    result = ProcessResult()
    for outcome in _pipeline(settings).process(_items(items, settings, published, outlet)):
        if outcome.document is not None:
            result.documents.append(outcome.document)
        elif outcome.failure is not None:
            result.failures.append(outcome.failure)
    return result
