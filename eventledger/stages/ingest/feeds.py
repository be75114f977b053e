"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: every item is one article."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import feedparser

from eventledger.errors import EmptyInputError, InputError, MalformedInputError
from eventledger.model import Document, Failure

from .dates import normalize_published
from .html import fragment_to_text
from .text import build_document

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def parse_feed(data: bytes, *, where: str) -> Any:
    """feedparser's result for ``data``; MalformedInputError when nothing at all could be read.

    The bytes go in as a stream: given a string, feedparser would try it as a URL or a file name.
    """
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # feedparser's own bugs on hostile input must not stop the batch
        raise MalformedInputError(f"{where}: feed cannot be parsed ({type(exc).__name__}: {exc})",
                                  source=where) from exc
    if not parsed.entries:
        if parsed.bozo:
            reason = parsed.get("bozo_exception") or "not a feed"
            raise MalformedInputError(f"{where}: not a readable RSS/Atom feed ({reason}); check that the "
                                      f"file is a feed and not truncated", source=where)
        raise EmptyInputError(f"{where}: the feed has no items, there is no article to read", source=where)
    return parsed


def _item_text(entry: Any) -> tuple[str, str]:
    """``(raw, text)`` of an item: its longest ``content`` value, else its ``summary``."""
    candidates: list[tuple[str, str]] = []
    for part in entry.get("content") or []:
        value = part.get("value") or ""
        candidates.append((value, part.get("type") or ""))
    if not candidates and entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry.get("summary") or "", detail.get("type") or "text/html"))
    best = ("", "")
    for value, kind in candidates:
        text = fragment_to_text(value) if kind in _HTML_TYPES or "<" in value else value
        if len(text.strip()) > len(best[1].strip()):
            best = (value, text)
    return best


def _item_published(entry: Any) -> str | None:
    """The item's day as the feed wrote it, else as feedparser parsed it (UTC)."""
    for key in ("published", "updated", "created"):
        day = normalize_published(entry.get(key))
        if day is not None:
            return day
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key) is not None:
            day = normalize_published(entry.get(key))
            if day is not None:
                return day
    return None


def iter_feed(data: bytes, name: str, *, overrides: dict[str, str | None]) -> Iterator[Document | Failure]:
    """One Document per feed item (``NAME#item N`` names an item that cannot be read).

    Raises:
        MalformedInputError / EmptyInputError: the feed as a whole cannot be read (the caller
            records one Failure for the file).
    """
    parsed = parse_feed(data, where=name)
    feed = parsed.get("feed") or {}
    warning = None
    if parsed.bozo:
        # A lenient parse that still found items (a broken entity, bad markup): read, but say so.
        warning = (f"{name}: the feed is not well-formed ({parsed.get('bozo_exception')}); "
                   f"its items were read with a lenient parser")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{name}#item {number}"
        try:
            raw, text = _item_text(entry)
            if not text.strip():
                raise EmptyInputError(f"{where}: feed item with no text (no content or summary)",
                                      source=where)
            ident = entry.get("id") or entry.get("link") or where
            fields = {"url": entry.get("link"), "outlet": feed.get("title"), "title": entry.get("title"),
                      "published": _item_published(entry),
                      "language": (entry.get("content") or [{}])[0].get("language") or feed.get("language")}
            fields.update({key: value for key, value in overrides.items() if value is not None})
            doc = build_document(raw, text, source_id=str(ident), input_format="feed",
                                 warnings=[warning] if warning else None, **fields)
        except InputError as exc:
            yield Failure(source=where, code=exc.code, reason=exc.message)
            continue
        yield doc
