"""The parallel engine: same store as one process, bounded read-ahead, a dying worker, a missing model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engine_fakes import BROKEN_FACTORY, FACTORY

from eventledger.engines.local import run
from eventledger.engines.workers import WorkerPool, peak_rss_mb
from eventledger.errors import ConfigError, ResourceError
from eventledger.model import Document, Failure
from eventledger.settings import load_settings
from eventledger.storage import SQLiteStore

SETTINGS = load_settings(environ={}, overrides={"engine.batch_docs": "4"})
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _docs(count: int, *, marks: dict[int, str] | None = None) -> list[Document | Failure]:
    """``count`` distinct documents; ``marks`` appends DIE/FAIL to some; every 7th is an ingest failure."""
    out: list[Document | Failure] = []
    for n in range(count):
        if n % 7 == 6:
            out.append(Failure(f"bad-{n}", "E201", "empty"))
            continue
        body = f"Article number {n} about an airstrike near a town. " + (marks or {}).get(n, "")
        out.append(Document(doc_id=f"sha256:{n:04x}", source_id=f"doc-{n}", raw=body, body=body))
    return out


def _dump(path: Path) -> list[dict[str, Any]]:
    with SQLiteStore(path) as store:
        return list(store.iter_records())


def test_workers_pool_store_equals_one_process(tmp_path: Path) -> None:
    docs = _docs(60, marks={10: "FAIL"})
    one = run([], SQLiteStore(tmp_path / "one.sqlite"), SETTINGS, documents=docs, pipeline_factory=FACTORY,
              workers=1)
    two = run([], SQLiteStore(tmp_path / "two.sqlite"), SETTINGS, documents=_docs(60, marks={10: "FAIL"}),
              pipeline_factory=FACTORY, workers=2)
    assert one.summary() | {"seconds": 0, "workers": 0, "peak_rss_mb": 0} == \
        two.summary() | {"seconds": 0, "workers": 0, "peak_rss_mb": 0}
    assert _dump(tmp_path / "one.sqlite") == _dump(tmp_path / "two.sqlite")
    assert [f.source for f in one.failures] == [f.source for f in two.failures]  # in input order
    assert two.peak_rss_mb is not None and two.peak_rss_mb > 0


def test_workers_pool_reads_ahead_a_bounded_number_of_inputs(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "ledger.sqlite")
    pulled = 0
    committed = 0
    worst = 0

    def source() -> Iterator[Document | Failure]:
        nonlocal pulled
        for item in _docs(200):
            pulled += 1
            yield item

    def tick(_: Any) -> None:
        nonlocal committed, worst
        committed += 1
        worst = max(worst, pulled - committed)

    report = run([], store, SETTINGS, documents=source(), pipeline_factory=FACTORY, workers=2, on_outcome=tick)
    store.close()
    assert report.documents == 200
    # 2 workers x 2 batches in flight x 4 documents, plus the chunk being read: never the whole corpus.
    assert worst <= 2 * 2 * 4 + 4


def test_workers_pool_a_dying_worker_fails_only_its_document(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "ledger.sqlite")
    report = run([], store, SETTINGS, documents=_docs(40, marks={9: "DIE"}), pipeline_factory=FACTORY, workers=2)
    assert report.documents == 40 and report.failed == 1 + 5  # the one that kills + the ingest failures
    died = [f for f in report.failures if f.code == "E401"]
    assert [f.source for f in died] == ["doc-9"] and "worker process died" in died[0].reason
    assert store.counts()["documents"] == 40 - 6
    store.close()


def test_workers_pool_missing_model_stops_the_job_with_its_error(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "ledger.sqlite")
    with pytest.raises(ResourceError, match="not installed") as caught:
        run([], store, SETTINGS, documents=_docs(10), pipeline_factory=BROKEN_FACTORY, workers=2)
    assert caught.value.code == "E301" and caught.value.message.count("[E301]") == 0
    assert store.runs()[0]["finished"] is None  # resumable once the model is installed
    store.close()


def test_workers_pool_rejects_bad_engine_settings() -> None:
    with pytest.raises(ConfigError, match="at least 2"):
        WorkerPool(SETTINGS, 1)
    with pytest.raises(ConfigError, match="start_method"):
        WorkerPool(SETTINGS, 2, start_method="fork")
    with pytest.raises(ConfigError, match="workers must be"):
        run([], SQLiteStore(":memory:"), SETTINGS, documents=[], workers=-1)
    assert (peak_rss_mb() or 1) > 0


@pytest.mark.model
def test_workers_pool_real_pipeline_two_workers_equal_one(tmp_path: Path, shared: Any) -> None:
    inputs = [str(EXAMPLES / "centcom-strikes.jsonl"), str(EXAMPLES / "centcom-strikes.rss")]
    articles = shared("eval", "fakes-dev", "docs.jsonl")
    subset = tmp_path / "fakes-subset.jsonl"  # a few long articles, read at test time, never committed
    with articles.open(encoding="utf-8") as handle:
        subset.write_text("".join(line for _, line in zip(range(4), handle, strict=False)), encoding="utf-8")
    inputs.append(str(subset))
    settings = load_settings(environ={})
    stores = {n: SQLiteStore(tmp_path / f"w{n}.sqlite") for n in (1, 2)}
    reports = {n: run(inputs, stores[n], settings, workers=n) for n in (1, 2)}
    for store in stores.values():
        store.close()
    assert reports[1].documents == reports[2].documents == 40 and reports[2].failed == reports[1].failed
    assert _dump(tmp_path / "w1.sqlite") == _dump(tmp_path / "w2.sqlite")
    assert reports[2].peak_rss_mb is not None and reports[2].peak_rss_mb < 1024
    assert json.dumps(_dump(tmp_path / "w2.sqlite"))  # records are plain JSON
