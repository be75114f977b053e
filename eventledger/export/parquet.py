"""Parquet layout of the contract records: one dataset per record kind, the contract's fields as columns.

The Spark engine writes this layout (``eventledger process --engine spark``) and ``eventledger
load`` reads it back into a store. An output folder holds::

    OUT/_eventledger.json     the manifest: job, settings fingerprint, summary, this layout
    OUT/document/*.parquet    one row per document record
    OUT/event/*.parquet       one row per event record
    OUT/statement/*.parquet   one row per statement record
    OUT/mention/*.parquet     one row per mention record
    OUT/failure/*.parquet     one row per input that could not be processed (code and reason)

Every top-level field of a record is a column of the same name, in the record's key order. Text
fields are strings, ``confidence`` is a double, and every nested value (spans, trigger, date,
location, actors, casualties, sources, speaker, mention values ...) is a string holding its JSON
text as :func:`eventledger.storage.base.dumps` writes it (a JSON ``null`` is a Parquet null). JSON
text keeps key order, absent keys and ``int`` versus ``float`` exactly, which Parquet structs would
not, so a row read back gives the very record that was written: ``dumps(row_to_record(row)) ==
dumps(record)`` byte for byte. In Spark, ``from_json(col, schema)`` opens a nested column.

Three more columns give the order: ``input_file`` (the input file's position in the sorted input
listing), ``input_item`` (the article's position in that file: a JSON Lines line, a feed item) and
``record_index`` (the record's position among its document's records, 0 for the document). Each
part file is sorted by them (a global sort would cost Spark a shuffle of every record), so
:func:`iter_output` merges a dataset's part files back into input order and joins the kinds
document by document, streaming, with bounded memory.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import StorageError
from ..model import Failure
from ..storage.base import DOCUMENT_KINDS, E_RECORD, dumps

#: Error code of a Parquet output that cannot be read (not one this version writes, incomplete).
E_PARQUET = "E515"
#: The manifest's name inside an output folder (a leading ``_``: Spark and Arrow skip it as data).
MANIFEST = "_eventledger.json"
#: What the manifest's ``format`` says, and the layout version this module reads and writes.
FORMAT = "eventledger-parquet"
LAYOUT_VERSION = 1
#: The dataset of failed inputs, beside the record kinds.
FAILURE = "failure"

# Column types: a Parquet string, a double, or a string holding the value's JSON text.
STRING, DOUBLE, JSON, LONG = "string", "double", "json", "long"

#: The contract's fields of each record kind, in the order the model writes them, with their type.
KIND_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "document": (("record", STRING), ("doc_id", STRING), ("source_id", STRING), ("url", STRING),
                 ("outlet", STRING), ("title", STRING), ("published", STRING), ("language", STRING),
                 ("text", STRING), ("removed", JSON), ("embeds", JSON)),
    "event": (("record", STRING), ("event_id", STRING), ("incident_id", STRING), ("doc_id", STRING),
              ("event_type", STRING), ("sub_event_type", STRING), ("plover", JSON), ("cameo", STRING),
              ("trigger", JSON), ("date", JSON), ("location", JSON), ("actors", JSON),
              ("fatalities", JSON), ("injuries", JSON), ("attributed_to", JSON), ("sources", JSON),
              ("confidence", DOUBLE), ("summary", STRING)),
    "statement": (("record", STRING), ("statement_id", STRING), ("doc_id", STRING), ("speaker", JSON),
                  ("kind", STRING), ("text", STRING), ("cue", STRING), ("span", JSON), ("date", JSON),
                  ("about", JSON)),
    "mention": (("record", STRING), ("doc_id", STRING), ("kind", STRING), ("text", STRING),
                ("span", JSON), ("value", JSON)),
}
#: The order columns every record dataset ends with.
ORDER_COLUMNS: tuple[tuple[str, str], ...] = (("input_file", LONG), ("input_item", LONG),
                                              ("record_index", LONG))
#: The failure dataset: the local engine's Failure fields plus the input order.
FAILURE_COLUMNS: tuple[tuple[str, str], ...] = (("source", STRING), ("code", STRING), ("reason", STRING),
                                                ("doc_id", STRING), ("input_file", LONG), ("input_item", LONG))
#: Every dataset of an output folder, in the order they are written.
DATASETS: tuple[str, ...] = (*DOCUMENT_KINDS, FAILURE)

#: Where an article stands in the input: (input_file, input_item).
InputKey = tuple[int, int]


def columns(dataset: str) -> tuple[tuple[str, str], ...]:
    """The (name, type) columns of a dataset, in order."""
    if dataset == FAILURE:
        return FAILURE_COLUMNS
    return KIND_COLUMNS[dataset] + ORDER_COLUMNS


def layout() -> dict[str, Any]:
    """The layout as the manifest records it: every dataset's columns and which hold JSON text."""
    return {"version": LAYOUT_VERSION, "nested": "json-text",
            "datasets": {name: [[col, kind] for col, kind in columns(name)] for name in DATASETS}}


# --------------------------------------------------------------------------- records <-> rows


def _bad(doc_id: Any, message: str) -> StorageError:
    """A record the layout cannot hold exactly (E504, as the store says of a record it cannot store)."""
    return StorageError(f"document {doc_id}: {message}; the Parquet layout (eventledger/export/parquet.py) "
                        "must follow the contract", code=E_RECORD)


def record_to_row(record: Mapping[str, Any], key: InputKey, index: int) -> tuple[str, tuple[Any, ...]]:
    """A contract record as ``(kind, row)``: its columns in layout order, then the order columns.

    Raises:
        StorageError (E504): the record's fields or value types are not the layout's, so it could
            not be read back byte-identical (a contract change the layout does not know yet).
    """
    kind = record.get("record")
    spec = KIND_COLUMNS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise _bad(record.get("doc_id"), f"record kind {kind!r} has no Parquet dataset")
    names = [name for name, _ in spec]
    if list(record) != names:
        raise _bad(record.get("doc_id"), f"a {kind} record has the fields {list(record)}, the layout "
                                         f"{names}")
    row: list[Any] = []
    for name, typ in spec:
        value = record[name]
        if typ == JSON:
            row.append(None if value is None else dumps(value))
        elif value is None or (typ == STRING and isinstance(value, str)) or (
                typ == DOUBLE and type(value) is float):
            row.append(value)
        else:
            raise _bad(record.get("doc_id"), f"{kind}.{name} holds a {type(value).__name__}, the layout a {typ}")
    return str(kind), (*row, key[0], key[1], index)


def row_to_record(kind: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The contract record a row holds (the order columns left out)."""
    record: dict[str, Any] = {}
    for name, typ in KIND_COLUMNS[kind]:
        value = row[name]
        record[name] = json.loads(value) if typ == JSON and value is not None else value
    return record


def failure_row(failure: Failure, key: InputKey) -> tuple[Any, ...]:
    """A failure as a row of the failure dataset."""
    return (failure.source, failure.code, failure.reason, failure.doc_id, key[0], key[1])


def row_failure(row: Mapping[str, Any]) -> Failure:
    """The Failure a failure row holds."""
    return Failure(row["source"], row["code"], row["reason"], row["doc_id"])


# --------------------------------------------------------------------------- writing without Spark


def arrow_schema(dataset: str) -> Any:
    """The pyarrow schema of a dataset (JSON columns are strings)."""
    import pyarrow as pa

    types = {STRING: pa.string(), JSON: pa.string(), DOUBLE: pa.float64(), LONG: pa.int64()}
    return pa.schema([pa.field(name, types[typ]) for name, typ in columns(dataset)])


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> None:
    """Write the manifest of a local output folder (last: it marks the output complete)."""
    (folder / MANIFEST).write_text(dumps(dict(manifest)) + "\n", encoding="utf-8")


def write_output(folder: Path, documents: Iterable[tuple[InputKey, Sequence[Mapping[str, Any]]]],
                 failures: Iterable[tuple[InputKey, Failure]], manifest: Mapping[str, Any]) -> dict[str, int]:
    """Write the layout with pyarrow (one part file per dataset), for small outputs and tests.

    ``documents`` are ``(input key, records)`` with the document record first, in input order. The
    Spark engine writes the same layout from its executors. Returns the rows written per dataset.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in DATASETS}
    for key, records in documents:
        for index, record in enumerate(records):
            kind, row = record_to_row(record, key, index)
            rows[kind].append(row)
    rows[FAILURE] = [failure_row(failure, key) for key, failure in failures]
    folder.mkdir(parents=True, exist_ok=True)
    for name in DATASETS:
        schema = arrow_schema(name)
        ordered = sorted(rows[name], key=lambda row: row[-3:] if name != FAILURE else row[-2:])
        table = pa.Table.from_pylist([dict(zip(schema.names, row, strict=True)) for row in ordered], schema=schema)
        (folder / name).mkdir(exist_ok=True)
        pq.write_table(table, folder / name / "part-00000.parquet")
    write_manifest(folder, manifest)
    return {name: len(rows[name]) for name in DATASETS}


# --------------------------------------------------------------------------- reading


def _unreadable(folder: Path, why: str) -> StorageError:
    """The error for an output folder that cannot be read."""
    return StorageError(f"{folder}: {why}", code=E_PARQUET)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of an output folder, checked to be one this version reads.

    Raises:
        StorageError (E515): no manifest (not an output, or its job did not finish), or another layout.
    """
    path = folder / MANIFEST
    if not folder.is_dir():
        raise _unreadable(folder, "no such folder; give the --out folder of `eventledger process --engine spark`")
    if not path.is_file():
        raise _unreadable(folder, f"no {MANIFEST} in it: not an eventledger Parquet output, or the job that "
                                  "wrote it did not finish; run it again")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unreadable(folder, f"{MANIFEST} cannot be read ({exc}); run the job again") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _unreadable(folder, f"{MANIFEST} is not an {FORMAT} manifest")
    version = (manifest.get("layout") or {}).get("version")
    if version != LAYOUT_VERSION:
        raise _unreadable(folder, f"layout version {version!r}; this eventledger reads version {LAYOUT_VERSION}: "
                                  "use the eventledger version that wrote it, or run the job again")
    return manifest


def _part_files(folder: Path, dataset: str) -> list[Path]:
    """The Parquet files of a dataset (Spark's ``_SUCCESS`` and hidden files are not data)."""
    where = folder / dataset
    if not where.is_dir():
        raise _unreadable(folder, f"the {dataset} dataset is missing; run the job again")
    return sorted(p for p in where.rglob("*.parquet") if not p.name.startswith(("_", ".")))


def _order(dataset: str) -> list[str]:
    """The order columns of a dataset."""
    return [name for name, _ in columns(dataset) if name.startswith(("input_", "record_"))]


def _file_rows(folder: Path, dataset: str, path: Path, batch_rows: int) -> Iterator[tuple[tuple[int, ...],
                                                                                          dict[str, Any]]]:
    """One part file's ``(order key, row)`` pairs, checked to be in order."""
    import pyarrow.parquet as pq

    order, expected = _order(dataset), [name for name, _ in columns(dataset)]
    handle = pq.ParquetFile(path)
    missing = [c for c in expected if c not in handle.schema_arrow.names]
    if missing:
        raise _unreadable(folder, f"{path.name} of {dataset} has no column(s) {missing}")
    previous: tuple[int, ...] | None = None
    for batch in handle.iter_batches(batch_size=batch_rows, columns=expected):
        for row in batch.to_pylist():
            key = tuple(row[c] for c in order)
            if previous is not None and key < previous:
                raise _unreadable(folder, f"{path.name} of {dataset} is not sorted by input order at {key}; "
                                          "the datasets were changed after the job wrote them")
            previous = key
            yield key, row


def _rows(folder: Path, dataset: str, batch_rows: int) -> Iterator[dict[str, Any]]:
    """A dataset's rows in input order: its part files (each sorted) merged by order key."""
    files = _part_files(folder, dataset)
    # Every part file is open at once: the rows buffered per file shrink as the files grow many.
    size = max(16, batch_rows // max(1, len(files)))
    streams = [_file_rows(folder, dataset, path, size) for path in files]
    for _, row in heapq.merge(*streams, key=lambda pair: pair[0]):
        yield row


@dataclass(slots=True)
class OutputItem:
    """One input's outcome read back: a document's records, or a failure, at its input key."""

    key: InputKey
    records: list[dict[str, Any]] | None = None
    failure: Failure | None = None


class _Kind:
    """A stream of one record kind's rows, consumed document by document."""

    def __init__(self, kind: str, rows: Iterator[dict[str, Any]]) -> None:
        self.kind = kind
        self.rows = rows
        self.head: dict[str, Any] | None = next(rows, None)

    def take(self, key: InputKey, folder: Path) -> list[tuple[int, dict[str, Any]]]:
        """The ``(record_index, record)`` pairs of the document at ``key``."""
        out = []
        while self.head is not None and (self.head["input_file"], self.head["input_item"]) <= key:
            row = self.head
            if (row["input_file"], row["input_item"]) < key:
                raise _unreadable(folder, f"a {self.kind} record of {row['doc_id']} has no document record; "
                                          "the datasets were changed after the job wrote them")
            out.append((row["record_index"], row_to_record(self.kind, row)))
            self.head = next(self.rows, None)
        return out


def iter_output(folder: Path, *, batch_rows: int = 4096) -> Iterator[OutputItem]:
    """Every document (its records in their original order) and every failure, in input order.

    Streams: about ``batch_rows`` rows per dataset are held at a time, shared by its part files.

    Raises:
        StorageError (E515): a dataset is missing, lacks a column, or is out of order.
    """
    read_manifest(folder)
    docs = _rows(folder, "document", batch_rows)
    kinds = [_Kind(kind, _rows(folder, kind, batch_rows)) for kind in DOCUMENT_KINDS[1:]]
    failures = _rows(folder, FAILURE, batch_rows)
    doc = next(docs, None)
    failed = next(failures, None)
    while doc is not None or failed is not None:
        doc_key = (doc["input_file"], doc["input_item"]) if doc is not None else None
        fail_key = (failed["input_file"], failed["input_item"]) if failed is not None else None
        if doc_key is None or (fail_key is not None and fail_key < doc_key):
            assert failed is not None and fail_key is not None
            yield OutputItem(fail_key, failure=row_failure(failed))
            failed = next(failures, None)
            continue
        assert doc is not None
        children = [pair for stream in kinds for pair in stream.take(doc_key, folder)]
        children.sort(key=lambda pair: pair[0])
        yield OutputItem(doc_key, records=[row_to_record("document", doc)] + [r for _, r in children])
        doc = next(docs, None)
    for stream in kinds:
        if stream.head is not None:
            raise _unreadable(folder, f"a {stream.kind} record of {stream.head['doc_id']} has no document "
                                      "record; the datasets were changed after the job wrote them")


__all__ = ["DATASETS", "E_PARQUET", "FAILURE", "FORMAT", "KIND_COLUMNS", "LAYOUT_VERSION", "MANIFEST",
           "OutputItem", "arrow_schema", "columns", "failure_row", "iter_output", "layout", "read_manifest",
           "record_to_row", "row_failure", "row_to_record", "write_manifest", "write_output"]
