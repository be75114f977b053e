"""What the Spark engine runs on executors: inputs into articles, and the pipeline per partition.

Nothing here imports pyspark: these are plain functions over plain values, shipped to executors
by reference (the package must be installed there) and testable without a JVM.

- :func:`plan_local` lists local inputs exactly as the local engine reads them (same order, same
  source names, same failures for a missing input or an empty folder);
- :func:`read_input` turns one input file into ``(input key, Document | Failure)`` with the local
  engine's ingest code, from the local file system or from bytes Spark read;
- :func:`process_partition` runs one partition's documents through the local engine's own
  per-batch function (:func:`eventledger.engines.workers.process_batch`) with one pipeline per
  executor process, and turns each outcome into Parquet rows (:mod:`eventledger.export.parquet`)
  or a failure row.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ConfigError, EmptyInputError, EventLedgerError, InputError, StorageError
from ..export.parquet import FAILURE, InputKey, failure_row, record_to_row
from ..model import Document, Failure
from ..settings import Settings
from ..stages.ingest.core import _JSONL_EXT, _guarded, _Options, _read_bytes, _walk, sniff_format
from ..stages.ingest.jsonl import iter_jsonl
from ..stages.ingest.reading import (
    check_not_binary,
    check_size,
    check_text,
    decode_text,
    html_declared_charset,
    read_limited,
)
from ..stages.ingest.text import parse_sidecar, sidecar_path
from ..storage.base import DOCUMENT_KINDS, E_RECORD, prepare_document
from .workers import DEFAULT_FACTORY, DocResult, load_factory, process_batch

#: The key failures travel under through the de-duplicating shuffle (a doc_id never starts so).
FAILURE_KEY = "\0failure"
_HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
_FEED_EXT = frozenset({".rss", ".atom", ".xml"})


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file to read on an executor.

    ``name`` is the source name its documents and failures carry (the local engine's: the path as
    given, joined with the file's path under a given folder; a URI for an input Spark lists);
    ``guard`` names the input in a failure of the whole file; ``location`` is where to read it
    (an absolute local path, or the URI Spark lists); the sidecar is ``NAME.meta.json`` beside it;
    ``size`` is the length Spark listed (an input Spark lists).
    """

    index: int
    name: str
    guard: str
    location: str
    local: bool = True
    sidecar: str | None = None
    sidecar_location: str | None = None
    size: int | None = None


#: A planned input: a file to read, or a failure known before reading (a missing input).
Planned = InputFile | tuple[int, Failure]


def plan_local(given: str, start: int) -> list[Planned]:
    """The files of one local input (a file or a folder, read recursively), numbered from ``start``.

    Mirrors the local engine's ``iter_documents``: a folder's files in sorted order without hidden
    files and sidecars; a missing input or an empty folder is a failure, not an error.
    """
    if given == "-":
        raise ConfigError("the Spark engine cannot read standard input (-); give files or folders")
    path = Path(given)
    if path.is_dir():
        files = list(_walk(path))
        if not files:
            exc = EmptyInputError(f"{given}: folder with no input files in it", source=given)
            return [(start, Failure(source=given, code=exc.code, reason=exc.message))]
        return [_local_file(start + n, file, str(file)) for n, file in enumerate(files)]
    if path.exists():
        return [_local_file(start, path, given)]
    exc = InputError(f"{given}: no such file or folder", source=given)
    return [(start, Failure(source=given, code=exc.code, reason=exc.message))]


def _local_file(index: int, path: Path, guard: str) -> InputFile:
    """A local file with its sidecar, located absolutely (an executor's folder may differ)."""
    meta = sidecar_path(path)
    return InputFile(index, str(path), guard, str(path.resolve()), True,
                     str(meta) if meta else None, str(meta.resolve()) if meta else None)


def remote_sidecar(location: str, listed: set[str]) -> str | None:
    """The sidecar of a listed file among the listed paths (as :func:`sidecar_path` finds it)."""
    folder, _, name = location.rpartition("/")
    stem = PurePosixPath(name).stem
    for candidate in (f"{folder}/{stem}.meta.json", f"{folder}/{name}.meta.json"):
        if candidate != location and candidate in listed:
            return candidate
    return None


# --------------------------------------------------------------------------- reading


def _kind_of(name: str) -> str | None:
    """The format a file's extension decides (None: judged from the content), as the local engine does."""
    ext = Path(name).suffix.lower()
    return "html" if ext in _HTML_EXT else "feed" if ext in _FEED_EXT else "json" if ext == ".json" else None


def _article_bytes(data: bytes, entry: InputFile, options: _Options,
                   sidecar: Callable[[], bytes | None]) -> Iterator[Document | Failure]:
    """One non-JSON-Lines file's bytes, with its sidecar's metadata where the local engine applies it."""
    kind = _kind_of(entry.name)
    if entry.sidecar is not None and data.strip():
        # A sidecar applies to a text or HTML article only; judge the format first, as ingest does.
        sniffed = kind
        if sniffed is None:
            check_not_binary(data, source=entry.name)
            text = decode_text(data, source=entry.name, encodings=options.encodings,
                               fallback=html_declared_charset(data))
            sniffed = sniff_format(check_text(text, source=entry.name))
        raw = sidecar() if sniffed in ("html", "text") else None
        if raw is not None:
            meta = parse_sidecar(raw, entry.sidecar, entry.name)
            options = copy.copy(options)
            options.overrides = {**meta, **{k: v for k, v in options.overrides.items() if v is not None}}
    yield from _read_bytes(data, entry.name, None, options, kind)


def _local_items(entry: InputFile, options: _Options) -> Iterator[Document | Failure]:
    """A local file, read as the local engine reads it (JSON Lines streamed line by line)."""
    path = Path(entry.location)
    if path.suffix.lower() in _JSONL_EXT:
        with path.open("rb") as stream:
            yield from iter_jsonl(stream, entry.name, max_bytes=options.max_bytes, read_html=options.read_html,
                                  overrides=options.overrides)
        return
    data = read_limited(path, options.max_bytes, source=entry.name)

    def sidecar() -> bytes | None:
        return Path(entry.sidecar_location).read_bytes() if entry.sidecar_location else None

    yield from _article_bytes(data, entry, options, sidecar)


def _remote_items(entry: InputFile, data: bytes, options: _Options,
                  sidecars: dict[str, bytes]) -> Iterator[Document | Failure]:
    """A file whose bytes Spark read (any file system Spark reads)."""
    if Path(entry.name).suffix.lower() in _JSONL_EXT:
        yield from iter_jsonl(io.BytesIO(data), entry.name, max_bytes=options.max_bytes,
                              read_html=options.read_html, overrides=options.overrides)
        return
    check_size(data, options.max_bytes, source=entry.name)
    yield from _article_bytes(data, entry, options,
                              lambda: sidecars.get(entry.sidecar_location or "") if entry.sidecar_location else None)


def read_input(entry: InputFile, settings: Settings, published: str | None, outlet: str | None,
               data: bytes | None = None, sidecars: dict[str, bytes] | None = None
               ) -> Iterator[tuple[str, tuple[InputKey, Document | Failure, int]]]:
    """Every article of one input file as ``(shuffle key, (input key, Document | Failure, 1))``.

    The shuffle key is the document's id (so that the same article read twice is processed once)
    or, for a failure, a key of its own. Never raises for a bad input: it becomes a Failure.
    """
    options = _Options(settings, published, outlet)
    if entry.local:
        items = _guarded(entry.guard, lambda: _local_items(entry, options))
    else:
        items = _guarded(entry.guard, lambda: _remote_items(entry, data or b"", options, sidecars or {}))
    for number, item in enumerate(items):
        yield keyed((entry.index, number), item)


def keyed(key: InputKey, item: Document | Failure) -> tuple[str, tuple[InputKey, Document | Failure, int]]:
    """An item under its shuffle key (see :func:`read_input`)."""
    if isinstance(item, Failure):
        return f"{FAILURE_KEY}:{key[0]}:{key[1]}", (key, item, 1)
    return item.doc_id, (key, item, 1)


def first_of(a: tuple[InputKey, Any, int], b: tuple[InputKey, Any, int]) -> tuple[InputKey, Any, int]:
    """Of two reads of one article, the first in input order, counting the reads."""
    first = a if a[0] <= b[0] else b
    return first[0], first[1], a[2] + b[2]


# --------------------------------------------------------------------------- processing

_PIPELINES: dict[tuple[str, str], Any] = {}


def _pipeline(settings: Settings, factory: str) -> Any:
    """The executor process's pipeline for these settings (built once, kept for later partitions)."""
    key = (settings.config_hash(), factory)
    if key not in _PIPELINES:
        if factory == DEFAULT_FACTORY:
            from ..pipeline import Pipeline

            _PIPELINES[key] = Pipeline(settings)
        else:
            _PIPELINES[key] = load_factory(factory)(settings)
    return _PIPELINES[key]


#: What :func:`process_partition` yields, keyed by input key for sorting: ``(key, ("doc", {kind:
#: rows}, (events, statements, mentions, reads)))``, ``(key, ("failure", failure row, reads))`` or
#: ``(FATAL_KEY, ("fatal", (class name, code, message), 0))``.
Result = tuple[InputKey, tuple[str, Any, Any]]
FATAL_KEY: InputKey = (-1, -1)


def _doc_result(key: InputKey, result: DocResult, reads: int) -> Result:
    """One processed document as Parquet rows per kind, or its failure row."""
    failure = result.failure
    if failure is None and result.records is not None:
        try:
            prepare_document(result.records)  # what the store would refuse fails here, as in the local engine
            rows: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in DOCUMENT_KINDS}
            for index, record in enumerate(result.records):
                kind, row = record_to_row(record, key, index)
                rows[kind].append(row)
        except StorageError as exc:
            if exc.code != E_RECORD:
                raise
            failure = Failure(result.source or result.doc_id, exc.code, exc.message, result.doc_id)
        else:
            return key, ("doc", rows, (result.events, result.statements, result.mentions, reads))
    failure = failure or Failure(result.source or result.doc_id, "E401", "no records", result.doc_id)
    return key, (FAILURE, failure_row(failure, key), reads)


def process_partition(items: Iterable[tuple[InputKey, Document | Failure, int]], *,
                      settings: Settings, factory: str = DEFAULT_FACTORY, batch_docs: int = 16) -> Iterator[Result]:
    """Run one partition of ``(input key, Document | Failure, reads)``: failures pass through,
    documents go through the pipeline in batches.

    The pipeline is the executor process's own (one spaCy model per process, reused by every
    partition it runs); an error that stops the job (the model cannot be loaded) is yielded once
    as a ``fatal`` result for the driver to raise, and the partition stops.
    """
    iterator = iter(items)
    while chunk := list(islice(iterator, max(1, batch_docs))):
        docs: list[tuple[InputKey, Document, int]] = []
        for key, item, reads in chunk:
            if isinstance(item, Failure):
                yield key, (FAILURE, failure_row(item, key), reads)
            else:
                docs.append((key, item, reads))
        if not docs:
            continue
        try:
            results = process_batch(_pipeline(settings, factory), [doc for _, doc, _ in docs])
        except EventLedgerError as exc:
            yield FATAL_KEY, ("fatal", (type(exc).__name__, exc.code, exc.message), 0)
            return
        for (key, _, reads), result in zip(docs, results, strict=True):
            yield _doc_result(key, result, reads)


def kind_rows(kind: str) -> Callable[[Result], Sequence[tuple[Any, ...]]]:
    """The rows of one dataset a result holds (for ``flatMap``)."""
    def rows(result: Result) -> Sequence[tuple[Any, ...]]:
        tag, payload, _ = result[1]
        if tag == "doc":
            return payload.get(kind, ())
        if tag == FAILURE and kind == FAILURE:
            return [payload]
        return []
    return rows


def tally(result: Result) -> tuple[int, ...]:
    """(documents, failed, events, statements, mentions, reads, fatal) of one result (summed by the driver)."""
    tag, _, extra = result[1]
    if tag == "doc":
        events, statements, mentions, reads = extra
        return (1, 0, events, statements, mentions, reads, 0)
    if tag == FAILURE:
        return (0, 1, 0, 0, 0, extra, 0)
    return (0, 0, 0, 0, 0, 0, 1)


def add(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    """Element-wise sum of two tallies."""
    return tuple(x + y for x, y in zip(a, b, strict=True))


__all__ = ["FAILURE_KEY", "FATAL_KEY", "InputFile", "Planned", "Result", "add", "first_of", "keyed", "kind_rows",
           "plan_local", "process_partition", "read_input", "remote_sidecar", "tally"]
