"""The Parquet layout without Spark: exact round trips, input order across part files, bad outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from export_records import DOC, document, event, mentions, statement, verbal_event

from eventledger.errors import StorageError
from eventledger.export.parquet import (
    DATASETS,
    FAILURE,
    FORMAT,
    KIND_COLUMNS,
    MANIFEST,
    arrow_schema,
    failure_row,
    iter_output,
    layout,
    read_manifest,
    record_to_row,
    row_to_record,
    write_output,
)
from eventledger.model import Failure
from eventledger.storage.base import E_RECORD, dumps

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

MANIFEST_DATA = {"format": FORMAT, "job": "run-test", "config_hash": "abc", "layout": layout()}


def _doc(n: int) -> list[dict[str, Any]]:
    """A document's records (document, two events, a statement, mentions) under its own doc_id."""
    doc_id = f"{DOC}-{n}"
    records = [document(doc_id=doc_id, source_id=f"in.jsonl:line {n}"), event(f"ev{n}"), verbal_event(f"vb{n}"),
               statement(), *mentions()]
    for record in records[1:]:
        record["doc_id"] = doc_id
    records[3]["statement_id"] = f"st{n}"
    return records


def _rows_of(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each record through a Parquet row (as a dict of its columns) and back."""
    out = []
    for index, record in enumerate(records):
        kind, row = record_to_row(record, (0, 0), index)
        names = [name for name, _ in KIND_COLUMNS[kind]] + ["input_file", "input_item", "record_index"]
        out.append(row_to_record(kind, dict(zip(names, row, strict=True))))
    return out


def test_rows_give_back_byte_identical_records() -> None:
    records = _doc(1)
    records[1]["confidence"] = 0.1 + 0.2  # a float whose shortest repr is long: it must survive exactly
    records[1]["location"]["text"] = "Mosul \u2028 \"quoted\" \U0001f600"
    back = _rows_of(records)
    assert [dumps(r) for r in back] == [dumps(r) for r in records]
    # Absent keys stay absent and null stays null (a nested value is JSON text, not a struct).
    assert "civilian_low" not in back[2]["fatalities"] and back[2]["location"] is None


def test_layout_refuses_a_record_it_could_not_give_back() -> None:
    extra = event()
    extra["new_field"] = 1
    with pytest.raises(StorageError) as info:
        record_to_row(extra, (0, 0), 1)
    assert info.value.code == E_RECORD and "new_field" in info.value.message
    whole = event(confidence=1)  # an int where the contract's double stands: "1" would come back "1.0"
    with pytest.raises(StorageError) as info:
        record_to_row(whole, (0, 0), 1)
    assert "confidence" in info.value.message


def test_write_then_read_keeps_input_order_and_failures(tmp_path: Path) -> None:
    docs = [((0, 2), _doc(2)), ((2, 0), _doc(3)), ((0, 0), _doc(1))]
    failures = [((0, 1), Failure("in.jsonl:line 2", "E205", "in.jsonl:line 2: not valid JSON", None)),
                ((1, 0), Failure("empty.txt", "E201", "empty.txt: empty", None))]
    counts = write_output(tmp_path / "out", docs, failures, MANIFEST_DATA)
    assert counts["document"] == 3 and counts[FAILURE] == 2 and counts["mention"] == 12
    items = list(iter_output(tmp_path / "out"))
    assert [item.key for item in items] == [(0, 0), (0, 1), (0, 2), (1, 0), (2, 0)]
    assert [dumps(r) for r in items[0].records or []] == [dumps(r) for r in _doc(1)]
    assert items[1].failure == failures[0][1] and items[3].failure == failures[1][1]
    assert read_manifest(tmp_path / "out")["job"] == "run-test"


def _write_parts(folder: Path, dataset: str, parts: list[list[tuple[Any, ...]]]) -> None:
    """Rows of a dataset as several part files (what a Spark job with several partitions writes)."""
    schema = arrow_schema(dataset)
    for n, rows in enumerate(parts):
        table = pa.Table.from_pylist([dict(zip(schema.names, row, strict=True)) for row in rows], schema=schema)
        pq.write_table(table, folder / dataset / f"part-{n:05d}-x.snappy.parquet")


def _rows_by_kind(docs: list[tuple[tuple[int, int], list[dict[str, Any]]]]) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in DATASETS}
    for key, records in docs:
        for index, record in enumerate(records):
            kind, row = record_to_row(record, key, index)
            rows[kind].append(row)
    return rows


def test_part_files_each_sorted_are_merged_into_input_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_output(out, [], [], MANIFEST_DATA)  # the folders and the manifest
    docs = [((n // 3, n % 3), _doc(n)) for n in range(9)]
    rows = _rows_by_kind(docs)
    for dataset in DATASETS:
        for old in (out / dataset).glob("*.parquet"):
            old.unlink()
        # Partition by a hash of the document, as Spark's shuffle does: each part sorted, none in order.
        parts: list[list[tuple[Any, ...]]] = [[], [], []]
        for row in rows[dataset]:
            parts[(row[-3] * 7 + row[-2]) % 3].append(row)
        _write_parts(out, dataset, [sorted(p, key=lambda r: r[-3:]) for p in parts])
    items = list(iter_output(out, batch_rows=4))
    assert [item.key for item in items] == [key for key, _ in docs]
    assert [[dumps(r) for r in item.records or []] for item in items] == [[dumps(r) for r in recs] for _, recs in docs]


def test_unreadable_outputs_are_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as info:
        list(iter_output(tmp_path / "missing"))
    assert info.value.code == "E515" and "--out" in info.value.message
    out = tmp_path / "out"
    write_output(out, [((0, 0), _doc(0))], [], MANIFEST_DATA)
    (out / MANIFEST).unlink()
    with pytest.raises(StorageError, match="did not finish"):
        list(iter_output(out))
    # A part file out of order (changed after the job wrote it).
    write_output(out, [((0, 0), _doc(0)), ((0, 1), _doc(1))], [], MANIFEST_DATA)
    rows = _rows_by_kind([((0, 0), _doc(0)), ((0, 1), _doc(1))])
    for old in (out / "event").glob("*.parquet"):
        old.unlink()
    _write_parts(out, "event", [list(reversed(rows["event"]))])
    with pytest.raises(StorageError, match="not sorted"):
        list(iter_output(out))
    # A record whose document is gone.
    write_output(out, [((0, 0), _doc(0)), ((0, 1), _doc(1))], [], MANIFEST_DATA)
    for old in (out / "document").glob("*.parquet"):
        old.unlink()
    _write_parts(out, "document", [rows["document"][:1]])
    with pytest.raises(StorageError, match="no document record"):
        list(iter_output(out))


def test_failure_rows_carry_code_and_reason() -> None:
    failure = Failure("a.txt", "E202", "a.txt: binary data, not text", None)
    row = failure_row(failure, (4, 0))
    assert row == ("a.txt", "E202", "a.txt: binary data, not text", None, 4, 0)
    assert [name for name, _ in layout()["datasets"][FAILURE]] == ["source", "code", "reason", "doc_id",
                                                                   "input_file", "input_item"]
