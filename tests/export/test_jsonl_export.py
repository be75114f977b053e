"""JSON Lines export: exact records, one per line, valid against the shared contract schema."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from export_records import DOC, all_records, document, event, mentions, statement

from eventledger.errors import StorageError
from eventledger.export import write_jsonl
from eventledger.model import (
    ActorRef,
    Casualties,
    DateValue,
    Document,
    Event,
    Location,
    Mention,
    Place,
    Source,
    Span,
    TimeValue,
)
from eventledger.storage import MemoryStore, SQLiteStore, Store

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "contract" / "record.schema.json"


def _validator() -> Any:
    """The contract schema's validator (skips without jsonschema or ../shared)."""
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"the shared contract schema is not at {SCHEMA} (a clone without ../shared)")
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _model_document() -> Document:
    """A document built through the model, as the pipeline builds it."""
    text = "Gunmen killed three villagers in Kirkuk on 3 March 2024."
    doc = Document(doc_id="sha256:" + "5e" * 32, source_id="k.txt", raw=text, body=text,
                   outlet="Wire", published="2024-03-04", language="en")
    doc.freeze_text(text)
    span = Span.of
    kirkuk = Place("Kirkuk", "IRQ", "city", admin1="Kirkuk", lat=35.46806, lon=44.39222)
    doc.events.append(Event(
        event_id="ev-k", doc_id=doc.doc_id, trigger=span(text, 7, 13), plover_type="ASSAULT",
        cameo="190", event_type="Violence against civilians", sub_event_type="Attack",
        date=DateValue("2024-03-03", "day", "3 March 2024", span(text, 43, 55)),
        location=Location(kirkuk, span(text, 33, 39)),
        actors=[ActorRef("initiator", "Unidentified Armed Group", "armed_group", span(text, 0, 6)),
                ActorRef("victim", "Civilians", "civilians", span(text, 20, 29))],
        fatalities=Casualties(3, 3, 3, 3, span(text, 14, 19)),
        sources=[Source(doc.doc_id, span(text, 0, len(text)))], confidence=0.8,
        summary="Gunmen killed three villagers in Kirkuk."))
    doc.mentions.append(Mention("place", span(text, 33, 39), kirkuk))
    doc.mentions.append(Mention("time", span(text, 43, 55),
                                TimeValue("DATE", "2024-03-03", "2024-03-03", "day")))
    return doc


def _lines(records: list[dict[str, Any]]) -> list[str]:
    """Write records as JSON Lines and return the lines."""
    out = io.StringIO()
    assert write_jsonl(records, out) == len(records)
    text = out.getvalue()
    assert text.endswith("\n")
    return text.split("\n")[:-1]


def test_jsonl_export_lines_validate_against_contract() -> None:
    validator = _validator()
    given = all_records() + _model_document().records()
    for line in _lines(given):
        record = json.loads(line)
        errors = [e.message for e in validator.iter_errors(record)]
        assert errors == [], (record["record"], errors)


def test_jsonl_export_is_exact(tmp_path: Path) -> None:
    given = all_records()
    lines = _lines(given)
    assert [json.loads(line) for line in lines] == given
    # Key order is kept, so the file reads in the contract's order.
    assert list(json.loads(lines[1])) == list(given[1])


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_jsonl_export_from_store_round_trips(backend: str, tmp_path: Path) -> None:
    validator = _validator()
    store: Store = MemoryStore() if backend == "memory" else SQLiteStore(tmp_path / "e.sqlite")
    store.start_run("r", command="t", config_hash="c", inputs=[])
    hand = [document(), event(), statement(), *mentions()]
    model = _model_document().records()
    store.put_document(hand, run_id="r")
    store.put_document(model, run_id="r")
    out = io.StringIO()
    assert write_jsonl(store.iter_records(), out) == len(hand) + len(model)
    back = [json.loads(line) for line in out.getvalue().splitlines()]
    assert back == hand + model
    assert all(not list(validator.iter_errors(r)) for r in back)
    store.close()


def test_jsonl_export_keeps_unicode_and_one_record_per_line() -> None:
    tricky = document(title="Ḥamāh – \u2028 \u2029 \x85 line\nbreak", text="مقتل ثلاثة\r\n")
    (line,) = _lines([tricky])
    assert "Ḥamāh" in line and "مقتل" in line  # UTF-8 kept, not \u-escaped
    assert line.splitlines() == [line]  # no character any reader takes for a line break
    assert json.loads(line) == tricky


@pytest.mark.parametrize("bad, message", [
    ({"record": "event", "confidence": float("nan")}, "cannot be written as JSON"),
    ({"record": "mention", "value": {1, 2}}, "cannot be written as JSON"),
    ({"doc_id": DOC}, "not a contract record"),
    ({"record": "documents"}, "not a contract record"),
])
def test_jsonl_export_refuses_what_is_not_json(bad: dict[str, Any], message: str) -> None:
    out = io.StringIO()
    with pytest.raises(StorageError, match=message) as caught:
        write_jsonl([document(), bad], out)
    assert caught.value.code == "E507"
    assert out.getvalue().count("\n") == 1  # the good line before it was written


def test_jsonl_export_empty() -> None:
    out = io.StringIO()
    assert write_jsonl([], out) == 0
    assert out.getvalue() == ""
