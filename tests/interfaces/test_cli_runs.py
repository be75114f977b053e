"""Crash safety end to end: `kill -9` a real `eventledger process`, run it again, nothing lost or doubled.

The kill is triggered by what the store says (N outcomes committed), never by a sleep, so the test
is not timing-dependent: whatever the machine's speed, the process dies mid-run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventledger.engines.local import run
from eventledger.interfaces.cli import app
from eventledger.settings import load_settings
from eventledger.storage import MemoryStore, SQLiteStore

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COPIES = 3  # 24 public-domain CENTCOM lines x 3 publication days = 72 distinct documents
KILL_AFTER = 16  # committed outcomes observed in the store before the kill (one batch)
runner = CliRunner()


def _corpus(folder: Path) -> Path:
    """72 distinct articles: the bundled CENTCOM lines, each published on three days."""
    lines = EXAMPLES.joinpath("centcom-strikes.jsonl").read_text(encoding="utf-8").splitlines()
    out = []
    for copy in range(COPIES):
        for line in lines:
            item = json.loads(line)
            item["id"] = f"{item['id']}-{copy}"
            item["published"] = f"2015-0{copy + 1}-15"
            out.append(json.dumps(item))
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, pipeline: Any, base_settings: Any) -> list[dict[str, Any]]:
    """The records of an uninterrupted run over the same corpus."""
    corpus = _corpus(tmp_path_factory.mktemp("reference"))
    store = MemoryStore()
    report = run([str(corpus)], store, base_settings, pipeline=pipeline)
    assert report.documents == 24 * COPIES and report.failed == 0
    return list(store.iter_records())


def _committed(db: Path) -> int:
    """Outcomes committed so far, read as another process would (0 before the schema exists)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM run_documents").fetchone()[0])
    except sqlite3.OperationalError:  # not migrated yet, or busy for a moment
        return 0


def _children(pid: int) -> list[int]:
    """The direct children of a process (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = entry.joinpath("stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the worker processes")
@pytest.mark.parametrize("workers", [1, 2])
def test_cli_runs_kill_9_then_the_same_command_finishes_only_the_rest(tmp_path: Path, workers: int,
                                                                      reference: list[dict[str, Any]]) -> None:
    _corpus(tmp_path)
    db = tmp_path / "ledger.sqlite"
    command = [sys.executable, "-m", "eventledger", "process", "corpus.jsonl", "--db", "ledger.sqlite", "--quiet",
               "--workers", str(workers)]
    log = (tmp_path / "first.log").open("wb")
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    children: set[int] = set()
    while _committed(db) < KILL_AFTER:
        assert proc.poll() is None, (tmp_path / "first.log").read_text()
        assert time.monotonic() < deadline, "no outcome committed in 180 s"
        children.update(_children(proc.pid))
        time.sleep(0.01)
    children.update(_children(proc.pid))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    log.close()
    done = _committed(db)
    with SQLiteStore(db) as store:
        [killed] = store.runs()
    assert killed["finished"] is None and KILL_AFTER <= done < 24 * COPIES, done
    # No orphan: the workers notice their parent is gone and exit by themselves.
    if workers > 1:
        assert len(children) >= workers
    give_up = time.monotonic() + 20
    while any(_alive(pid) for pid in children) and time.monotonic() < give_up:
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], "worker processes outlived their parent"

    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    with SQLiteStore(db) as store:
        [resumed] = store.runs()
        records = list(store.iter_records())
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT doc_id, status FROM run_documents WHERE run_id = ?",
                            (resumed["run_id"],)).fetchall()
        conn.close()
    assert resumed["run_id"] == killed["run_id"] and resumed["finished"]
    summary = resumed["summary"]
    assert summary["resumed"] is True and summary["skipped"] == done  # only the rest was processed
    assert summary["documents"] == summary["stored"] == 24 * COPIES
    assert len(rows) == 24 * COPIES and len({doc for doc, _ in rows}) == 24 * COPIES  # once each
    assert records == reference  # nothing lost, nothing half-written, nothing twice


def test_cli_runs_lists_unfinished_runs_and_failures_then_retry_fixes_them(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("in")
    folder.mkdir()
    (folder / "strike.txt").write_text("Near Mosul, two airstrikes destroyed an ISIL vehicle.\n", encoding="utf-8")
    (folder / "french.txt").write_text(
        "Les forces gouvernementales ont bombardé la ville pendant la nuit et les habitants ont fui vers "
        "les villages voisins, selon les témoins.", encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    first = runner.invoke(app, ["process", "in", "--db", str(db), "--quiet", "--published", "2015-01-02"])
    assert first.exit_code == 1, first.output
    with SQLiteStore(db) as store:
        [done] = store.runs()
        store.start_run("run-20000101T000000-abcdef-0000", command="process", config_hash="x", inputs=["gone"])
    run_id = done["run_id"]
    listing = runner.invoke(app, ["runs", "--db", str(db)])
    assert listing.exit_code == 0
    assert run_id in listing.output and "unfinished" in listing.output and "french.txt" in listing.output
    one = runner.invoke(app, ["runs", run_id, "--db", str(db)])
    assert one.exit_code == 0 and "E206" in one.output and "process --published 2015-01-02" in one.output
    assert runner.invoke(app, ["runs", "run-nope", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["retry", "run-nope", "--db", str(db)]).exit_code == 2

    (folder / "french.txt").write_text("Near Raqqa, one airstrike struck an ISIL tactical unit.\n", encoding="utf-8")
    monkeypatch.chdir(folder)  # retry reads the inputs from the folder the run was started in
    fixed = runner.invoke(app, ["retry", run_id, "--db", str(db), "--quiet"])
    assert fixed.exit_code == 0, fixed.output
    with SQLiteStore(db) as store:
        last = store.runs()[-1]
        assert last["command"] == f"retry {run_id} --published 2015-01-02"
        assert last["outcomes"] == {"stored": 1, "unchanged": 0, "failed": 0}
        assert store.counts()["documents"] == 2
    nothing = runner.invoke(app, ["retry", last["run_id"], "--db", str(db)])
    assert nothing.exit_code == 0 and "nothing to retry" in nothing.output


def test_cli_runs_process_with_workers_reports_them(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    result = runner.invoke(app, ["process", str(EXAMPLES / "centcom-strikes.rss"), "--db", str(db), "--quiet",
                                 "--workers", "2"])
    assert result.exit_code == 0, result.output
    with SQLiteStore(db) as store:
        summary = store.runs()[0]["summary"]
    assert summary["workers"] == 2 and summary["stored"] == 12 and 0 < summary["peak_rss_mb"] < 1024
    again = runner.invoke(app, ["process", str(EXAMPLES / "centcom-strikes.rss"), "--db", str(db), "--quiet",
                                "--set", "engine.workers=2"])
    assert again.exit_code == 0 and "skipped" in again.output
    assert load_settings(environ={})["engine"]["workers"] == 1
