"""Turning inputs (files, folders, stdin) into Documents, one Failure per input that cannot be read."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventledger.errors import ConfigError, EmptyInputError, InputError, MalformedInputError
from eventledger.model import Document, Failure
from eventledger.settings import Settings

from .dates import normalize_published
from .feeds import iter_feed
from .html import document_from_html
from .jsonl import document_from_fields, iter_jsonl, parse_line
from .reading import (
    check_not_binary,
    check_text,
    decode_text,
    html_declared_charset,
    read_limited,
    read_stream_limited,
)
from .text import META_KEYS, document_from_text, read_sidecar

LOGGER = logging.getLogger(__name__)

STDIN_NAME = "<stdin>"
_JSONL_EXT = frozenset({".jsonl", ".ndjson"})
_HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
_FEED_EXT = frozenset({".rss", ".atom", ".xml"})
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>/]")
# What may stand before the root element of an HTML page or a feed.
_PROLOGUE = re.compile(r"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*", re.S)


class _Options:
    """What every reader needs from the settings and the caller, resolved once per batch."""

    def __init__(self, settings: Settings, published: str | None, outlet: str | None) -> None:
        ingest = settings["ingest"]
        self.max_bytes: int = int(ingest["max_bytes"])
        self.encodings: list[str] = list(ingest.get("encodings") or ["utf-8", "utf-16"])
        self.favor_precision: bool = bool(ingest.get("html_favor_precision", False))
        day = normalize_published(published) if published is not None else None
        if published is not None and day is None:
            raise ConfigError(f"--published {published!r} is not a date; give it as YYYY-MM-DD")
        # Explicit values (CLI --published / --outlet) win over anything an input says.
        self.overrides: dict[str, str | None] = {"published": day, "outlet": outlet}

    def read_html(self, html: str, *, source_id: str | None, where: str,
                  meta: dict[str, str | None] | None = None) -> Document:
        """An HTML article, with this batch's extraction options."""
        return document_from_html(html, source_id=source_id, where=where, meta=meta,
                                  favor_precision=self.favor_precision)


def sniff_format(text: str) -> str:
    """``html``, ``feed``, ``jsonl`` or ``text``, judged from how the content starts."""
    head = _PROLOGUE.sub("", text[:4096].lstrip("\ufeff"), count=1).lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("<") and _FEED_ROOT.search(head[:1024]):
        return "feed"
    if head.startswith("{"):
        try:
            first = json.loads(text.lstrip("\ufeff \t\r\n").split("\n", 1)[0])
        except json.JSONDecodeError:
            return "text"
        if isinstance(first, dict) and ("text" in first or "html" in first):
            return "jsonl"
    return "text"


def iter_documents(inputs: Iterable[str | Path], *, settings: Settings, published: str | None = None,
                   outlet: str | None = None) -> Iterator[Document | Failure]:
    """One Document per article in ``inputs``, or a Failure for an input that cannot be read.

    ``inputs`` are files, folders (read recursively in sorted order, skipping hidden files and
    ``*.meta.json`` sidecars) or ``-`` for standard input. Never raises for a bad input: one bad
    document never stops a batch. ``published`` and ``outlet`` override what the inputs say.

    Raises:
        ConfigError: ``published`` is given but is not a date.
    """
    options = _Options(settings, published, outlet)
    for given in inputs:
        name = str(given)
        if name == "-":
            yield from _guarded(STDIN_NAME, lambda: _read_stdin(options))
            continue
        path = Path(given)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                exc = EmptyInputError(f"{name}: folder with no input files in it", source=name)
                yield Failure(source=name, code=exc.code, reason=exc.message)
            for file in files:
                yield from _guarded(str(file), lambda file=file: _read_file(file, options))
        elif path.exists():
            yield from _guarded(name, lambda path=path: _read_file(path, options))
        else:
            exc = InputError(f"{name}: no such file or folder", source=name)
            yield Failure(source=name, code=exc.code, reason=exc.message)


def _walk(folder: Path) -> Iterator[Path]:
    """Every input file under ``folder``, sorted, without hidden entries or sidecars."""
    for root, dirs, files in os.walk(folder):  # does not follow symlinked folders: no loops
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith(".") and not file.endswith(".meta.json"):
                yield Path(root) / file


def _guarded(source: str, read: Any) -> Iterator[Document | Failure]:
    """Run one input's reader, turning any error into a Failure naming ``source``."""
    try:
        yield from read()
    except InputError as exc:
        yield Failure(source=source, code=exc.code, reason=exc.message)
    except OSError as exc:
        err = InputError(f"{source}: cannot be read ({exc.strerror or exc})", source=source)
        yield Failure(source=source, code=err.code, reason=err.message)
    except ConfigError:
        raise
    except Exception as exc:  # a bug must not stop the batch; it is reported as a stage failure
        LOGGER.exception("ingest failed on %s", source)
        yield Failure(source=source, code="E401",
                      reason=f"{source}: ingest failed unexpectedly ({type(exc).__name__}: {exc}); "
                             f"this is a bug, please report it")


def _read_stdin(options: _Options) -> Iterator[Document | Failure]:
    """Standard input: read whole (up to the size limit), format judged from its content."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(f"{STDIN_NAME}: there is no standard input to read (give a file instead of -)",
                         source=STDIN_NAME)
    data = read_stream_limited(stream, options.max_bytes, source=STDIN_NAME)
    yield from _read_bytes(data, STDIN_NAME, None, options, kind=None)


def _read_file(path: Path, options: _Options) -> Iterator[Document | Failure]:
    """One file, by its extension, else by its content."""
    name = str(path)
    ext = path.suffix.lower()
    if ext in _JSONL_EXT:
        # Streamed line by line: a large JSON Lines file is many articles, each under the limit.
        with path.open("rb") as stream:
            yield from iter_jsonl(stream, name, max_bytes=options.max_bytes, read_html=options.read_html,
                                  overrides=options.overrides)
        return
    data = read_limited(path, options.max_bytes, source=name)
    kind = "html" if ext in _HTML_EXT else "feed" if ext in _FEED_EXT else "json" if ext == ".json" else None
    yield from _read_bytes(data, name, path, options, kind=kind)


def _read_bytes(data: bytes, name: str, path: Path | None, options: _Options,
                kind: str | None) -> Iterator[Document | Failure]:
    """Bytes of one input in format ``kind`` (None: judge from the content)."""
    if not data.strip():
        what = "empty" if not data else "whitespace only"
        raise EmptyInputError(f"{name}: {what}, there is no article to read", source=name)
    check_not_binary(data, source=name)
    if kind == "feed":
        # feedparser reads the XML encoding declaration itself (feeds in Latin-1 exist).
        yield from iter_feed(data, name, overrides=options.overrides)
        return
    fallback = html_declared_charset(data) if kind in (None, "html") else None
    text = check_text(decode_text(data, source=name, encodings=options.encodings, fallback=fallback),
                      source=name)
    kind = kind or sniff_format(text)
    if kind == "feed":
        yield from iter_feed(data, name, overrides=options.overrides)
    elif kind == "jsonl":
        yield from iter_jsonl(io.BytesIO(text.encode("utf-8")), name, max_bytes=options.max_bytes,
                              read_html=options.read_html, overrides=options.overrides)
    elif kind == "json":
        yield from _read_json(text, name, options)
    else:
        meta = read_sidecar(path) if path is not None else {}
        meta.update({key: value for key, value in options.overrides.items() if value is not None})
        if kind == "html":
            yield options.read_html(text, source_id=name, where=name, meta=meta)
        else:
            yield document_from_text(text, source_id=name, input_format="text", **meta)


def _read_json(text: str, name: str, options: _Options) -> Iterator[Document | Failure]:
    """A ``.json`` file: one article object, a list of them, or JSON Lines under another name."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several objects, one per line: JSON Lines
            yield from iter_jsonl(io.BytesIO(text.encode("utf-8")), name, max_bytes=options.max_bytes,
                                  read_html=options.read_html, overrides=options.overrides)
            return
        raise MalformedInputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})",
                                  source=name) from exc
    items = data if isinstance(data, list) else [data]
    for number, obj in enumerate(items, start=1):
        where = name if not isinstance(data, list) else f"{name}#item {number}"
        try:
            if not isinstance(obj, dict):
                raise MalformedInputError(f"{where}: an article must be a JSON object, not "
                                          f"{type(obj).__name__}", source=where)
            # The same validation as a JSON Lines line.
            ident, fields = parse_line(json.dumps(obj).encode("utf-8"), where, first=False)
            yield document_from_fields(fields, source_id=ident or where, where=where,
                                       read_html=options.read_html, overrides=options.overrides)
        except InputError as exc:
            yield Failure(source=where, code=exc.code, reason=exc.message)


__all__ = ["META_KEYS", "STDIN_NAME", "iter_documents", "sniff_format"]
