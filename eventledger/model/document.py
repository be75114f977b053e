"""Document: the one record that flows through ingest -> clean -> nlp -> extract -> resolve -> store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .records import Event, EventMention, FigureReading, Mention, Statement


@dataclass(slots=True)
class Removed:
    """A piece of the raw input the cleaner dropped, and why (kept so nothing is lost silently)."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Embed:
    """A social-media post quoted inside an article: lifted out of the body, a source of its own."""

    platform: str
    text: str
    author: str | None = None
    handle: str | None = None
    date: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"platform": self.platform, "author": self.author, "handle": self.handle,
                "date": self.date, "text": self.text, "url": self.url}


class FrozenTextError(AttributeError):
    """Raised when something tries to change a Document's clean text after cleaning ended."""


@dataclass(slots=True)
class Document:
    """One article.

    ``raw`` is the input as ingested (text, or the HTML of a page); ``body`` is the article text
    ingest extracted from it (for plain text the same as ``raw``). ``text`` is the clean text the
    cleaner produced: once set with :meth:`freeze_text` it can never change, because every span
    of every later stage points into it.
    """

    doc_id: str
    source_id: str | None
    raw: str
    body: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD, or None when the input gave none
    language: str | None = None
    input_format: str = "text"  # text | jsonl | html | feed
    removed: list[Removed] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Transient: event mentions the extract stage found, merged into ``events`` by resolve.
    event_mentions: list[EventMention] = field(default_factory=list, repr=False)
    # Transient: the nlp stage's parse (never serialised, never stored).
    nlp: Any = field(default=None, repr=False, compare=False)
    # Transient: what the extract stage read of each casualty figure's phrase, by phrase (the
    # resolve stage merges an event's figures with it).
    figure_readings: dict[str, FigureReading] = field(default_factory=dict, repr=False, compare=False)
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The frozen clean text; raises if cleaning has not run yet."""
        if self._text is None:
            raise FrozenTextError(f"document {self.doc_id}: clean text is not set yet (run the clean stage)")
        return self._text

    @property
    def is_clean(self) -> bool:
        return self._text is not None

    def freeze_text(self, text: str) -> None:
        """Set the clean text once; a second call raises FrozenTextError."""
        if self._text is not None:
            raise FrozenTextError(f"document {self.doc_id}: clean text is frozen and cannot change")
        self._text = text

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``document`` record."""
        return {"record": "document", "doc_id": self.doc_id, "source_id": self.source_id,
                "url": self.url, "outlet": self.outlet, "title": self.title,
                "published": self.published, "language": self.language, "text": self.text,
                "removed": [r.to_dict() for r in self.removed],
                "embeds": [e.to_dict() for e in self.embeds]}

    def records(self) -> list[dict[str, Any]]:
        """Every contract record of this document: the document, then events, statements, mentions."""
        out = [self.to_dict()]
        out += [e.to_dict() for e in self.events]
        out += [s.to_dict() for s in self.statements]
        out += [m.to_dict(self.doc_id) for m in self.mentions]
        return out


@dataclass(slots=True)
class Failure:
    """An input or document that could not be processed: which one, the stable code and why."""

    source: str
    code: str
    reason: str
    doc_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "code": self.code, "reason": self.reason, "doc_id": self.doc_id}
