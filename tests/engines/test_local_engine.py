"""The local engine with a stand-in pipeline: outcomes, cheap re-runs, resuming, retry, bad records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from engine_fakes import FakePipeline

from eventledger.engines.local import DocOutcome, retry, run
from eventledger.model import Document
from eventledger.settings import Settings, load_settings
from eventledger.storage import MemoryStore, SQLiteStore, Store

SETTINGS: Settings = load_settings(environ={})
ARTICLE = "Near Mosul, {n} airstrikes destroyed an ISIL vehicle and damaged an ISIL bridge."


def _corpus(folder: Path, count: int = 40, *, bad: dict[int, str] | None = None) -> Path:
    """A JSON Lines file of ``count`` distinct articles; ``bad`` puts FAIL/BOOM/garbage on some lines."""
    lines = []
    for n in range(count):
        text = ARTICLE.format(n=n)
        if bad and n in bad:
            if bad[n] == "malformed":
                lines.append('{"id": "broken", "text": ')
                continue
            text += " " + bad[n]
        lines.append(json.dumps({"id": f"doc-{n}", "text": text, "published": "2015-01-02"}))
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """Each resumable backend."""
    opened: Store = SQLiteStore(tmp_path / "ledger.sqlite") if request.param == "sqlite" else MemoryStore()
    yield opened
    opened.close()


def _outcome_rows(store: Any, run_id: str) -> list[tuple[Any, ...]]:
    """Every committed outcome of a run as (doc_id, source, status)."""
    docs = [r["doc_id"] for r in store.iter_records(["document"])]
    docs += [f["doc_id"] for f in store.failures(run_id) if f["doc_id"]]
    fails = [f["source"] for f in store.failures(run_id)]
    rows = store.run_outcomes(run_id, doc_ids=docs, sources=fails)
    return [(r["doc_id"], r["source"], r["status"]) for r in rows]


def test_local_engine_commits_every_outcome(store: Any, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, bad={3: "FAIL", 7: "malformed"})
    fake = FakePipeline(SETTINGS)
    seen: list[DocOutcome] = []
    report = run([str(corpus)], store, SETTINGS, pipeline=fake, on_outcome=seen.append)
    assert (report.documents, report.stored, report.unchanged, report.failed) == (40, 38, 0, 2)
    assert {f.code for f in report.failures} == {"E206", "E205"}
    assert [o.status for o in seen].count("stored") == 38 and len(seen) == 40
    rows = _outcome_rows(store, report.run_id)
    assert len(rows) == 40 and len({r[0] or r[1] for r in rows}) == 40  # one outcome per input
    assert store.counts()["documents"] == 38
    assert store.runs()[0]["summary"]["documents"] == 40 and store.runs()[0]["finished"]


def test_local_engine_rerun_skips_stored_documents_without_parsing(store: Any, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, bad={5: "FAIL"})
    run([str(corpus)], store, SETTINGS, pipeline=FakePipeline(SETTINGS))
    before = list(store.iter_records())
    again = FakePipeline(SETTINGS)
    report = run([str(corpus)], store, SETTINGS, pipeline=again)
    # Only the input that failed is parsed again; the stored ones are "unchanged" at no cost.
    assert again.seen == ["doc-5"]
    assert (report.documents, report.stored, report.unchanged, report.failed, report.skipped) == (40, 0, 39, 1, 39)
    assert list(store.iter_records()) == before
    assert store.runs()[1]["outcomes"] == {"stored": 0, "unchanged": 39, "failed": 1}


def test_local_engine_reprocess_and_other_settings_parse_again(store: Any, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, count=10)
    run([str(corpus)], store, SETTINGS, pipeline=FakePipeline(SETTINGS))
    forced = FakePipeline(SETTINGS)
    report = run([str(corpus)], store, SETTINGS, pipeline=forced, reprocess=True)
    assert len(forced.seen) == 10 and report.unchanged == 10 and report.skipped == 0
    # Engine and store settings do not change what is extracted: no re-parse.
    same = load_settings(environ={}, overrides={"engine.batch_docs": "3", "store.db": "x.sqlite"})
    assert run([str(corpus)], store, same, pipeline=FakePipeline(same)).skipped == 10
    other = load_settings(environ={}, overrides={"extract.min_confidence": "0.5"})
    changed = FakePipeline(other)
    run([str(corpus)], store, other, pipeline=changed)
    assert len(changed.seen) == 10  # another extraction setting: stored records may be stale
    # The records now stored were made under `other`: going back to the defaults parses again.
    back = FakePipeline(SETTINGS)
    run([str(corpus)], store, SETTINGS, pipeline=back)
    assert len(back.seen) == 10


def test_local_engine_interrupted_run_resumes_with_the_rest_only(store: Any, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, count=50, bad={4: "FAIL", 9: "malformed"})

    def interrupt_after_20(outcome: DocOutcome) -> None:
        interrupt_after_20.count += 1  # type: ignore[attr-defined]
        if interrupt_after_20.count == 20:  # type: ignore[attr-defined]
            raise KeyboardInterrupt

    interrupt_after_20.count = 0  # type: ignore[attr-defined]
    with pytest.raises(KeyboardInterrupt):
        run([str(corpus)], store, SETTINGS, pipeline=FakePipeline(SETTINGS), on_outcome=interrupt_after_20)
    [first] = store.runs()
    assert first["finished"] is None
    done = sum(first["outcomes"].values())
    assert 20 <= done < 50
    resumed = FakePipeline(SETTINGS)
    report = run([str(corpus)], store, SETTINGS, pipeline=resumed)
    assert report.run_id == first["run_id"] and report.resumed
    assert len(resumed.seen) == 50 - done - (1 if done <= 9 else 0)  # the malformed line is not parsed
    assert (report.documents, report.stored, report.failed, report.skipped) == (50, 48, 2, done)
    rows = _outcome_rows(store, report.run_id)
    assert len(rows) == 50 and len({r[0] or r[1] for r in rows}) == 50  # nothing twice, nothing lost
    assert [r["run_id"] for r in store.runs()] == [first["run_id"]] and store.runs()[0]["finished"]


def test_local_engine_finished_run_is_not_resumed_and_other_inputs_start_a_new_run(store: Any,
                                                                                  tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, count=5)
    first = run([str(corpus)], store, SETTINGS, pipeline=FakePipeline(SETTINGS))
    second = run([str(corpus)], store, SETTINGS, pipeline=FakePipeline(SETTINGS))
    third = run([str(corpus)], store, SETTINGS, pipeline=FakePipeline(SETTINGS), published="2015-01-03")
    assert len({first.run_id, second.run_id, third.run_id}) == 3 and not second.resumed
    assert store.runs()[2]["command"] == "process --published 2015-01-03"
    assert store.counts()["documents"] == 10  # another publication date is another document


def test_local_engine_duplicate_inputs_get_one_outcome(store: Any, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, count=20)
    report = run([str(corpus), str(corpus)], store, SETTINGS, pipeline=FakePipeline(SETTINGS))
    assert report.documents == 40 and report.stored == 20 and report.unchanged == 20
    assert store.runs()[0]["outcomes"] == {"stored": 20, "unchanged": 0, "failed": 0}


def test_local_engine_unstorable_records_fail_that_document_only(store: Any, tmp_path: Path) -> None:
    good = Document(doc_id="sha256:aa", source_id="good", raw="x", body="A good article about a strike.")
    bad = Document(doc_id="sha256:bb", source_id="bad", raw="x", body="Text with a lone surrogate \ud800.")
    report = run([], store, SETTINGS, pipeline=FakePipeline(SETTINGS), documents=[bad, good])
    assert report.stored == 1 and report.failed == 1
    assert report.failures[0].code == "E504" and report.failures[0].source == "bad"
    assert store.get_document("sha256:aa") is not None


def test_local_engine_bug_in_a_batch_fails_its_documents_and_the_job_goes_on(store: Any) -> None:
    docs = [Document(doc_id=f"sha256:{n:02x}", source_id=f"d{n}", raw="x", body=f"Article {n} " + ("BOOM" if n == 20
                                                                                             else "fine"))
            for n in range(40)]
    report = run([], store, SETTINGS, pipeline=FakePipeline(SETTINGS), documents=docs)
    # engine.batch_docs = 16: the batch holding the bug (documents 16..31) fails, with the reason.
    assert report.failed == 16 and report.stored == 24
    assert all(f.code == "E401" and "RuntimeError" in f.reason for f in report.failures)


def test_local_engine_retry_processes_the_failed_inputs_only(store: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    for n in range(6):
        Path(f"in/{n}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")
    Path("in/3.txt").write_text(ARTICLE.format(n=3) + " FAIL", encoding="utf-8")
    Path("in/empty.txt").write_text("", encoding="utf-8")
    first = run(["in"], store, SETTINGS, pipeline=FakePipeline(SETTINGS), published="2015-01-02")
    assert first.failed == 2 and first.stored == 5
    Path("in/3.txt").write_text(ARTICLE.format(n=3), encoding="utf-8")  # fixed; empty.txt is not
    again = FakePipeline(SETTINGS)
    report = retry(first.run_id, store, SETTINGS, pipeline=again)
    assert again.seen == [str(Path("in/3.txt"))]  # the stored ones are not even looked at
    assert (report.documents, report.stored, report.failed) == (2, 1, 1)
    assert report.failures[0].source == str(Path("in/empty.txt"))
    assert store.runs()[-1]["command"] == f"retry {first.run_id} --published 2015-01-02"
    assert store.counts()["documents"] == 6
    # A retry of the retry: only what still failed.
    Path("in/empty.txt").write_text(ARTICLE.format(n=99), encoding="utf-8")
    last = retry(report.run_id, store, SETTINGS, pipeline=FakePipeline(SETTINGS))
    assert (last.documents, last.stored, last.failed) == (1, 1, 0)


def test_local_engine_same_article_from_another_source_is_parsed_again(store: Any, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE.format(n=1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.format(n=1), encoding="utf-8")
    run([str(tmp_path / "a.txt")], store, SETTINGS, pipeline=FakePipeline(SETTINGS))
    again = FakePipeline(SETTINGS)
    report = run([str(tmp_path / "b.txt")], store, SETTINGS, pipeline=again)
    # One document (its id ignores the path), but its record names its source: it is re-read and updated.
    assert again.seen == [str(tmp_path / "b.txt")] and report.stored == 1
    [doc] = list(store.iter_records(["document"]))
    assert doc["source_id"] == str(tmp_path / "b.txt")
