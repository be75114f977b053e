"""JSON Lines of articles (the contract's input format): one article per line, read as a stream."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from eventledger.errors import (
    EmptyInputError,
    EncodingError,
    InputError,
    MalformedInputError,
    TooLargeError,
)
from eventledger.model import Document, Failure

from .reading import check_text
from .text import META_KEYS, document_from_text

# Turns one article given as HTML into a Document (the html module's reader, passed in so that
# this module does not import lxml/trafilatura for inputs that never carry HTML).
HtmlReader = Callable[..., Document]


def iter_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line_number, bytes)`` for every line; ``bytes`` is None for a line over ``max_bytes``.

    A line is read at most ``max_bytes + 1`` bytes at a time, so one huge line cannot exhaust
    memory; the rest of such a line is skipped.
    """
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def _has_lone_surrogate(text: str) -> bool:
    """True when the string holds a code point in the surrogate range (not encodable as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _article(obj: dict[str, Any], where: str) -> tuple[str | None, dict[str, Any]]:
    """Validate one line's object: its ``id`` and its fields, or MalformedInputError naming the field."""
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int | None):
        raise MalformedInputError(f"{where}: 'id' must be a string, not {type(ident).__name__}", source=where)
    fields: dict[str, Any] = {}
    for key in ("text", "html", *META_KEYS):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise MalformedInputError(f"{where}: {key!r} must be a string or null, not "
                                      f"{type(value).__name__}", source=where)
        if isinstance(value, str) and _has_lone_surrogate(value):
            # JSON may escape half a UTF-16 pair ("\ud800"): no Unicode text has one.
            raise EncodingError(f"{where}: {key!r} holds an unpaired UTF-16 surrogate escape; "
                                f"the line is not valid Unicode text", source=where)
        fields[key] = value
    if isinstance(ident, str) and _has_lone_surrogate(ident):
        raise EncodingError(f"{where}: 'id' holds an unpaired UTF-16 surrogate escape", source=where)
    if fields["text"] is None and fields["html"] is None:
        raise MalformedInputError(f"{where}: the object has neither 'text' nor 'html' (keys: "
                                  f"{', '.join(sorted(obj)) or 'none'}); every line needs the article",
                                  source=where)
    return (str(ident) if ident is not None and str(ident).strip() else None), fields


def parse_line(line: bytes, where: str, *, first: bool) -> tuple[str | None, dict[str, Any]]:
    """Decode and validate one JSON Lines line (``where`` = ``path:line N`` for messages)."""
    if first and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"{where}: not valid UTF-8 (byte at offset {exc.start} of the line); "
                            f"JSON Lines must be UTF-8", source=where) from exc
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})",
                                  source=where) from exc
    if not isinstance(obj, dict):
        raise MalformedInputError(f"{where}: a line must be a JSON object, not {type(obj).__name__}",
                                  source=where)
    return _article(obj, where)


def iter_jsonl(stream: BinaryIO, name: str, *, max_bytes: int, read_html: HtmlReader,
               overrides: dict[str, str | None]) -> Iterator[Document | Failure]:
    """One Document per good line, one Failure per bad line (named ``NAME:line N``)."""
    seen_any = False
    for number, line in iter_lines(stream, max_bytes):
        where = f"{name}:line {number}"
        if line is not None and not line.strip():
            continue  # blank lines (a trailing newline, a spacer) are not articles
        seen_any = True
        try:
            if line is None:
                raise TooLargeError(f"{where}: line over {max_bytes:,} bytes (setting ingest.max_bytes)",
                                    source=where)
            ident, fields = parse_line(line, where, first=number == 1)
            yield document_from_fields(fields, source_id=ident or where, where=where,
                                       read_html=read_html, overrides=overrides)
        except InputError as exc:
            yield Failure(source=where, code=exc.code, reason=exc.message)
    if not seen_any:
        exc = EmptyInputError(f"{name}: no lines, there is no article to read", source=name)
        yield Failure(source=name, code=exc.code, reason=exc.message)


def document_from_fields(fields: dict[str, Any], *, source_id: str, where: str, read_html: HtmlReader,
                         overrides: dict[str, str | None]) -> Document:
    """A Document from a validated article object (``text`` preferred over ``html``)."""
    meta = {key: fields.get(key) for key in META_KEYS}
    meta.update({key: value for key, value in overrides.items() if value is not None})
    if fields.get("text") is not None:
        check_text(fields["text"], source=where)
        return document_from_text(fields["text"], source_id=source_id, input_format="jsonl", **meta)
    doc = read_html(fields["html"], source_id=source_id, where=where, meta=meta)
    doc.input_format = "jsonl"
    return doc
