"""End to end with the real pipeline: `process` merges new reports into incidents (the engine hook),
`incidents` lists them with source counts and ranges, `show-incident` puts the claims side by side.

The articles are invented for these tests (no publisher's text)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventledger.engines.local import run
from eventledger.interfaces.cli import app
from eventledger.settings import Settings, load_settings
from eventledger.storage import open_store

pytestmark = pytest.mark.model
runner = CliRunner()

MARKET = ("An air strike killed 12 civilians in the town of Maarat al-Numan in Idlib province on Tuesday, "
          "the Syrian Observatory for Human Rights said.")
FIRST = [
    {"id": "a1", "text": MARKET, "published": "2019-07-23", "outlet": "Outlet One"},
    {"id": "a2", "text": "At least 15 people were killed when warplanes struck a market in Maarat al-Numan on "
                         "Tuesday, local rescuers said.", "published": "2019-07-23", "outlet": "Outlet Two"},
    {"id": "a3", "text": MARKET, "published": "2019-07-23", "outlet": "Outlet Three"},  # word for word
    {"id": "b1", "text": "A car bomb exploded in the city of Azaz on Tuesday, killing four people, the Turkish "
                         "defence ministry said.", "published": "2019-07-23", "outlet": "Outlet One"},
]
LATER = [{"id": "a4", "text": "The death toll from Tuesday's air strike on a market in Maarat al-Numan rose to 20, "
                              "the Syrian Observatory for Human Rights said on Wednesday.",
          "published": "2019-07-24", "outlet": "Outlet Four"}]


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _process(db: Path, inputs: Path, pipeline: Any, settings: Settings) -> None:
    store = open_store(db)
    try:
        report = run([str(inputs)], store, settings, pipeline=pipeline)
        assert report.ok
    finally:
        store.close()


def _incident_ids(db: Path) -> dict[str, str]:
    """source_id -> the incident of the document's events (one incident each here)."""
    store = open_store(db)
    try:
        sources = {r["doc_id"]: r["source_id"] for r in store.iter_records(["document"])}
        found: dict[str, set[str]] = {}
        for e in store.iter_records(["event"]):
            if e.get("event_type"):
                found.setdefault(sources[e["doc_id"]], set()).add(e["incident_id"])
    finally:
        store.close()
    assert all(len(ids) == 1 for ids in found.values()), found
    return {source: ids.pop() for source, ids in found.items()}


def test_cli_process_merges_reports_incrementally_with_stable_ids(tmp_path: Path, pipeline: Any,
                                                                 base_settings: Settings) -> None:
    db = tmp_path / "ledger.sqlite"
    _process(db, _jsonl(tmp_path / "first.jsonl", FIRST), pipeline, base_settings)
    ids = _incident_ids(db)
    assert ids["a1"] == ids["a2"] == ids["a3"] != ids["b1"]
    _process(db, _jsonl(tmp_path / "later.jsonl", LATER), pipeline, base_settings)
    later = _incident_ids(db)
    assert later["a4"] == ids["a1"] and {k: later[k] for k in ids} == ids
    store = open_store(db)
    before = list(store.iter_records())
    store.close()
    _process(db, tmp_path / "first.jsonl", pipeline, base_settings)  # re-run: nothing changes
    store = open_store(db)
    assert list(store.iter_records()) == before and _incident_ids(db) == later
    incident = store.get_incident(ids["a1"])
    store.close()
    assert incident is not None and incident["sources"] == 4
    by_outlet = {c["outlet"]: c for c in incident["claims"]}
    # The monitor's later toll revises its earlier one; the rescuers' figure stays in force.
    assert by_outlet["Outlet One"].get("revised_by") == by_outlet["Outlet Four"]["event_id"]
    assert "revised_by" not in by_outlet["Outlet Two"] and "revised_by" not in by_outlet["Outlet Four"]
    assert incident["fatalities"]["high"] == 20

    listed = runner.invoke(app, ["incidents", "--db", str(db), "--format", "jsonl", "--min-sources", "2"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["incident_id"] for r in rows] == [ids["a1"]]
    table = runner.invoke(app, ["incidents", "--db", str(db)], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and ids["a1"] in table.stdout and ids["b1"] in table.stdout
    shown = runner.invoke(app, ["show-incident", ids["a1"], "--db", str(db)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    for outlet in ("Outlet One", "Outlet Two", "Outlet Three", "Outlet Four"):
        assert outlet in shown.stdout
    assert "revised by Outlet Four" in shown.stdout and "why these reports were merged" in shown.stdout
    missing = runner.invoke(app, ["show-incident", "inc-000000000000000000000000", "--db", str(db)])
    assert missing.exit_code == 1 and "no incident" in missing.output


def test_cli_merge_off_then_incidents_merge_catches_up(tmp_path: Path, pipeline: Any) -> None:
    settings = load_settings(environ={}, overrides={"incidents.merge": "false"})
    db = tmp_path / "ledger.sqlite"
    _process(db, _jsonl(tmp_path / "first.jsonl", FIRST), pipeline, settings)
    store = open_store(db)
    assert store.incident_links() == [] and store.incidents() == []
    store.close()
    caught = runner.invoke(app, ["incidents", "--db", str(db), "--merge", "--format", "jsonl"])
    assert caught.exit_code == 0, caught.output
    ids = _incident_ids(db)
    assert ids["a1"] == ids["a2"] == ids["a3"] != ids["b1"]
    assert len(caught.stdout.splitlines()) == 2
