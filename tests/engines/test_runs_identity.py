"""Run identity (command line, fingerprint, unfinished runs) and the store's resume queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventledger.engines.runs import CommandLine, find_unfinished, fingerprint, job_key, new_run_id
from eventledger.errors import ConfigError, StorageError
from eventledger.model import Failure
from eventledger.settings import load_settings
from eventledger.storage import MemoryStore, ResumableStore, SQLiteStore

SETTINGS = load_settings(environ={})


def _doc(doc_id: str, source: str) -> list[dict[str, Any]]:
    return [{"record": "document", "doc_id": doc_id, "source_id": source, "url": None, "outlet": None,
             "title": None, "published": None, "language": "en", "text": "x", "removed": [], "embeds": []}]


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    opened = SQLiteStore(tmp_path / "s.sqlite") if request.param == "sqlite" else MemoryStore()
    yield opened
    opened.close()


def test_runs_identity_command_line_round_trips() -> None:
    line = CommandLine("process", published="2024-02-08", outlet="AP News", reprocess=True)
    assert line.text() == "process --published 2024-02-08 --outlet 'AP News' --reprocess"
    assert CommandLine.parse(line.text()) == line
    retry = CommandLine("retry", "run-20240101T000000-abcdef-0123", outlet="it's")
    assert CommandLine.parse(retry.text()) == retry
    for bad in ("", "export --format jsonl", "retry", "process --unknown", "process 'unclosed"):
        with pytest.raises(ConfigError):
            CommandLine.parse(bad)


def test_runs_identity_fingerprint_follows_what_changes_records() -> None:
    base = fingerprint(SETTINGS)
    assert fingerprint(load_settings(environ={}, overrides={"engine.workers": "4", "store.db": "x"})) == base
    assert fingerprint(load_settings(environ={}, overrides={"extract.min_confidence": "0.9"})) != base
    assert fingerprint(load_settings(environ={}, overrides={"nlp.model": "en_core_web_sm"})) != base
    assert len(base) == 12


def test_runs_identity_finds_the_latest_unfinished_run_of_the_same_job() -> None:
    row = {"command": "process", "inputs": ["a"], "workdir": "/w", "config_hash": "c", "finished": None}
    runs = [{**row, "run_id": "old"}, {**row, "run_id": "done", "finished": "t"}, {**row, "run_id": "new"},
            {**row, "run_id": "other", "inputs": ["b"]}]
    assert find_unfinished(runs, command="process", inputs=["a"], workdir="/w", config_hash="c") == "new"
    assert find_unfinished(runs, command="process", inputs=["a"], workdir="/elsewhere", config_hash="c") is None
    assert find_unfinished(runs, command="process", inputs=["a"], workdir="/w", config_hash="d") is None
    key = job_key("process", ["a"], "/w", "c")
    assert new_run_id(key).split("-")[2] == key[:6] and new_run_id(key) != new_run_id(key)


def test_runs_identity_store_answers_resume_queries(store: Any) -> None:
    assert isinstance(store, ResumableStore)
    store.start_run("r1", command="process", config_hash="A", inputs=["in"], workdir="/w")
    store.put_document(_doc("sha256:01", "one"), run_id="r1")
    store.put_document(_doc("sha256:02", "two"), run_id="r1")
    store.record_failure("r1", Failure("bad.txt", "E201", "empty"))
    store.record_failure("r1", Failure("three", "E206", "not English", "sha256:03"))
    rows = store.run_outcomes("r1", doc_ids=["sha256:01", "sha256:03", "sha256:99"], sources=["bad.txt", "x"])
    assert [(r["doc_id"], r["source"], r["status"]) for r in rows] == [
        ("sha256:01", "one", "stored"), (None, "bad.txt", "failed"), ("sha256:03", "three", "failed")]
    assert store.runs()[0]["workdir"] == "/w"
    assert store.stored_state(["sha256:01", "sha256:03", "sha256:99"]) == {"sha256:01": ("A", "one")}
    store.start_run("r2", command="process", config_hash="B", inputs=["in"])
    store.record_unchanged("r2", [("sha256:01", "one"), ("sha256:01", "one")])
    assert store.stored_state(["sha256:01", "sha256:02"]) == {"sha256:01": ("B", "one"), "sha256:02": ("A", "two")}
    assert store.runs()[1]["outcomes"] == {"stored": 0, "unchanged": 1, "failed": 0}
    with pytest.raises(StorageError) as missing:
        store.record_unchanged("r2", [("sha256:02", "two"), ("sha256:77", "nope")])
    assert missing.value.code == "E504"
    assert store.runs()[1]["outcomes"]["unchanged"] == 1  # all or nothing
    with pytest.raises(StorageError):
        store.record_unchanged("r9", [("sha256:01", "one")])
    store.record_unchanged("r2", [])


def test_runs_identity_resume_queries_are_chunked(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "big.sqlite") as store:
        store.start_run("r1", command="process", config_hash="A", inputs=[])
        ids = [f"sha256:{n:05x}" for n in range(1200)]  # more than one SQL statement's worth of values
        for doc_id in ids[::100]:
            store.put_document(_doc(doc_id, doc_id), run_id="r1")
        assert len(store.run_outcomes("r1", doc_ids=ids, sources=ids)) == 12
        assert len(store.stored_state(ids)) == 12
