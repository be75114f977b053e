"""The bad-input corpus through the CLI: no crash, every input accounted for, nothing stored disturbed."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from badinput_corpus import INPUT_ERRORS, STRIKE, STRIKE_3, Expect, build_corpus, surrogate_jsonl
from typer.testing import CliRunner

from eventledger.interfaces.cli import app
from eventledger.storage import SQLiteStore

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


def _outcomes(db: Path, run_id: str) -> list[tuple[str | None, str, str | None]]:
    """(source, status, code) of every outcome of a run, in the order they were committed."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT source, status, code FROM run_documents WHERE run_id = ? ORDER BY seq",
                            (run_id,)).fetchall()
    finally:
        conn.close()


def _check_accounted(expect: list[Expect], outcomes: list[tuple[str | None, str, str | None]]) -> None:
    """Each expected article has exactly one outcome, as expected; no outcome is unexplained."""
    left = list(outcomes)
    for item in expect:
        found = [o for o in left if o[0] in item.names]
        assert len(found) == 1, (item, found)
        source, status, code = found[0]
        left.remove(found[0])
        if item.outcome == "stored":
            assert status in ("stored", "unchanged"), (item, found)
        elif item.outcome == "any":
            assert status in ("stored", "unchanged") or code in INPUT_ERRORS or code == "E504", (item, found)
        else:
            assert (status, code) == ("failed", item.outcome), (item, found)
    assert not left, f"outcomes nobody expected: {left}"


@pytest.mark.parametrize("workers", [1, 2])
def test_badinput_cli_corpus_every_input_accounted_for(tmp_path: Path, workers: int) -> None:
    db = tmp_path / "ledger.sqlite"
    # Something already stored, which the bad inputs must leave exactly as it is.
    first = runner.invoke(app, ["process", str(EXAMPLES / "centcom-strikes.rss"), "--db", str(db), "--quiet"])
    assert first.exit_code == 0, first.output
    with SQLiteStore(db) as store:
        before = list(store.iter_records())
    expect = build_corpus(tmp_path / "corpus")
    started = time.perf_counter()
    result = runner.invoke(app, ["process", str(tmp_path / "corpus"), "--db", str(db), "--quiet",
                                 "--published", "2015-02-05", "--workers", str(workers)])
    seconds = time.perf_counter() - started
    assert result.exit_code == 1, result.output  # some inputs failed, each named; no crash
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    with SQLiteStore(db) as store:
        runs = store.runs()
        after = list(store.iter_records())
        # Incident records span documents (no doc_id of their own): compare the documents' records.
        kept = [r for r in after if r.get("doc_id") in {b.get("doc_id") for b in before}
                and r["record"] != "incident"]
        before = [b for b in before if b["record"] != "incident"]
        assert kept == before  # nothing already stored was disturbed
        summary = runs[-1]["summary"]
        assert summary["documents"] == len(expect)
        assert summary["stored"] + summary["unchanged"] + summary["failed"] == len(expect)
        assert sum(runs[-1]["outcomes"].values()) == len(expect)
        docs = [r for r in after if r["record"] == "document" and r not in before]
        for doc in docs:  # every stored article's spans slice its clean text
            for rec in store.records_for(doc["doc_id"]):
                if rec["record"] in ("mention", "statement"):
                    assert doc["text"][rec["span"][0]:rec["span"][1]] == rec["text"]
    _check_accounted(expect, _outcomes(db, runs[-1]["run_id"]))
    for name in ("empty.txt", "binary.txt", "invalid-utf8.txt", "huge-50mb.txt", "french.txt",
                 "malformed.jsonl:line 2"):
        assert name in result.output  # each failed input is named on the terminal
    assert seconds < 120  # the 50 MB file is refused from its size, never read whole


def test_badinput_cli_rerun_of_the_corpus_changes_nothing(tmp_path: Path) -> None:
    expect = build_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "huge-50mb.txt").unlink()  # already covered; keeps this test light
    expect = [e for e in expect if not e.names[0].endswith("huge-50mb.txt")]
    db = tmp_path / "ledger.sqlite"
    args = ["process", str(tmp_path / "corpus"), "--db", str(db), "--quiet", "--published", "2015-02-05"]
    assert runner.invoke(app, args).exit_code == 1
    with SQLiteStore(db) as store:
        before: list[dict[str, Any]] = list(store.iter_records())
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    with SQLiteStore(db) as store:
        assert list(store.iter_records()) == before
        last = store.runs()[-1]
    assert last["summary"]["documents"] == len(expect) and last["summary"]["stored"] == 0
    assert any(STRIKE_3 == r.get("text") or STRIKE in (r.get("text") or "") for r in before)


def test_badinput_cli_jsonl_lone_surrogate_fails_that_line_only(tmp_path: Path) -> None:
    path, expect = surrogate_jsonl(tmp_path / "corpus")
    db = tmp_path / "ledger.sqlite"
    result = runner.invoke(app, ["process", str(path), "--db", str(db), "--quiet"])
    assert result.exit_code in (0, 1), result.output
    with SQLiteStore(db) as store:
        run_id = store.runs()[-1]["run_id"]
    _check_accounted(expect, _outcomes(db, run_id))
