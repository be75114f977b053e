"""eventledger.process: texts and paths in, typed documents and contract records out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import eventledger

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_api_process_text_returns_events_and_records() -> None:
    text = "A suicide bomber killed 12 people at a market in Kabul on Monday, police said. " * 4
    result = eventledger.process(text, published="2024-03-07")
    assert not result.failures
    assert [e["sub_event_type"] for e in result.events] == ["Suicide bomb"]
    records = result.records()
    assert records[0]["record"] == "document" and records[0]["published"] == "2024-03-07"
    json.dumps(records)  # every record is plain JSON


def test_api_process_paths_and_failures_together(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = eventledger.process([EXAMPLES / "centcom-strikes.rss", str(empty)])
    assert len(result.documents) == 12
    assert [f.code for f in result.failures] == ["E201"]
    assert all(e["event_type"] == "Explosions/Remote violence" for e in result.events if e["event_type"])
