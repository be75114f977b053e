"""The command line end to end: process, idempotent re-runs, bad inputs, events, export, show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventledger.interfaces.cli import app
from eventledger.storage import open_store

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


def _records(db: Path) -> list[dict]:
    store = open_store(str(db))
    try:
        return list(store.iter_records())
    finally:
        store.close()


def test_cli_process_examples_then_rerun_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    inputs = [str(EXAMPLES / "centcom-strikes.jsonl"), str(EXAMPLES / "centcom-strikes.rss")]
    first = runner.invoke(app, ["process", *inputs, "--db", str(db), "--quiet"])
    assert first.exit_code == 0, first.output
    before = _records(db)
    store = open_store(str(db))
    counts = store.counts()
    store.close()
    assert counts["documents"] == 36 and counts["events"] >= 36
    second = runner.invoke(app, ["process", *inputs, "--db", str(db), "--quiet"])
    assert second.exit_code == 0, second.output
    # Every stored record is identical; only the run bookkeeping grows (a second run, all unchanged).
    assert _records(db) == before
    store = open_store(str(db))
    runs = store.runs()
    store.close()
    assert len(runs) == 2 and runs[-1]["summary"]["unchanged"] == 36


def test_cli_bad_inputs_fail_one_by_one_and_keep_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Near Mosul, two airstrikes destroyed an ISIL vehicle and damaged an "
                                     "ISIL bridge.\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes("Les frappes a\xe9riennes ont touch\xe9 la ville.".encode("latin-1"))
    (folder / "french.txt").write_text(
        "Les forces gouvernementales ont bombardé la ville pendant la nuit et les habitants ont fui vers "
        "les villages voisins, selon les témoins qui ont parlé à notre correspondant sur place.",
        encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"id": "a", "text": "Near Sinjar, three airstrikes destroyed 3 ISIL '
                                         'vehicles.", "published": "2014-12-25"}\n{"id": "b", "text": \n',
                                         encoding="utf-8")
    (folder / "nobody.html").write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    good = runner.invoke(app, ["process", str(folder / "good.txt"), "--db", str(db), "--quiet",
                               "--published", "2015-01-02", "--outlet", "CENTCOM"])
    assert good.exit_code == 0, good.output
    before = open_store(str(db))
    kept = before.records_for(next(iter(before.iter_records(["document"])))["doc_id"])
    before.close()
    result = runner.invoke(app, ["process", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1, result.output
    out = result.output
    for name, code in (("empty.txt", "E201"), ("binary.txt", "E202"), ("latin1.txt", "E203"),
                       ("french.txt", "E206"), ("broken.jsonl:line 2", "E205"), ("nobody.html", "E201")):
        assert name in out and code in out, (name, code, out)
    store = open_store(str(db))
    try:
        fails = store.failures()
        assert len(fails) == 6
        # What was stored before is still there, unchanged.
        doc_id = kept[0]["doc_id"]
        assert store.records_for(doc_id) == kept
        assert store.counts()["documents"] == 3  # good.txt twice (other outlet) + the good JSON line
    finally:
        store.close()


def test_cli_events_export_and_show(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    runner.invoke(app, ["process", str(EXAMPLES / "centcom-strikes.jsonl"), "--db", str(db), "--quiet"])
    table = runner.invoke(app, ["events", "--db", str(db), "--country", "IRQ", "--limit", "5"])
    assert table.exit_code == 0 and "5 events" in table.output
    rows = runner.invoke(app, ["events", "--db", str(db), "--country", "IRQ", "--format", "csv"]).output.splitlines()
    assert rows[0].startswith("date,type,location") and len(rows) > 5
    assert all(",Air/drone strike," in r and "(IRQ)" in r for r in rows[1:])
    lines = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", "--type", "Air/drone strike"])
    events = [json.loads(x) for x in lines.output.splitlines() if x.startswith("{")]
    assert events and all(e["sub_event_type"] == "Air/drone strike" for e in events)
    out_file = tmp_path / "export.jsonl"
    exported = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out_file)])
    assert exported.exit_code == 0, exported.output
    records = [json.loads(x) for x in out_file.read_text(encoding="utf-8").splitlines()]
    assert {r["record"] for r in records} >= {"document", "event", "mention"}
    csv_out = runner.invoke(app, ["export", "--db", str(db), "--format", "acled-csv"])
    assert csv_out.output.startswith("event_id_cnty,event_date,year")
    doc_id = records[0]["doc_id"]
    shown = runner.invoke(app, ["show", doc_id.split(":")[1][:10], "--db", str(db)])
    assert shown.exit_code == 0 and records[0]["text"][:30] in shown.output
