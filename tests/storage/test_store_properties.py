"""Property tests: any JSON-shaped records round-trip through every store unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_records import BACKENDS, make_store

from eventledger.storage import EventFilter, date_interval

# JSON values: no NaN/Infinity (the contract forbids them), text without lone surrogates (not
# valid Unicode, refused on purpose); -0.0 and huge ints are fine.
_text = st.text(st.characters(codec="utf-8"), max_size=30)  # utf-8: no lone surrogates
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12)
_dates = st.one_of(
    st.none(),
    st.dates().map(lambda d: {"value": d.isoformat(), "precision": "day"}),
    st.dates().map(lambda d: {"value": d.isoformat()[:7], "precision": "month"}),
    st.dates().map(lambda d: {"value": d.isoformat()[:4], "precision": "year"}),
    st.builds(lambda y, w: {"value": f"{y:04d}-W{w:02d}", "precision": "week"},
              st.integers(1, 9999), st.integers(1, 53)),
    _json)


@st.composite
def documents(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A document's records in the stable order: spans strictly increasing within each kind."""
    did = "sha256:" + draw(st.text("0123456789abcdef", min_size=8, max_size=64))
    doc = {"record": "document", "doc_id": did, "source_id": draw(st.none() | _text),
           "text": draw(_text), "published": None, "removed": [], "embeds": [],
           "extra": draw(_json)}
    out: list[dict[str, Any]] = [doc]
    for kind in ("event", "statement", "mention"):
        starts = sorted(draw(st.sets(st.integers(0, 10_000), max_size=4)))
        for n, start in enumerate(starts):
            record: dict[str, Any] = {"record": kind, "doc_id": did, "span": [start, start + 3],
                                      "payload": draw(_json)}
            if kind == "event":
                record = {"record": "event", "doc_id": did, "event_id": f"{did}/e{n}",
                          "trigger": {"text": "abc", "span": [start, start + 3]},
                          "event_type": draw(st.none() | st.sampled_from(["Battles", "Riots"])),
                          "date": draw(_dates),
                          "location": draw(st.none() | st.fixed_dictionaries(
                              {"country": st.none() | st.sampled_from(["IRQ", "SYR"]),
                               "lat": st.floats(-90, 90), "lon": _json})),
                          "fatalities": draw(_json), "confidence": draw(_json)}
            elif kind == "statement":
                record["statement_id"] = f"{did}/s{n}"
            else:
                record["kind"] = draw(st.sampled_from(["time", "place", "actor"]))
            out.append(record)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(documents(), min_size=1, max_size=3, unique_by=lambda d: d[0]["doc_id"]))
def test_store_properties_round_trip(backend: str, docs: list[list[dict[str, Any]]]) -> None:
    with make_store(backend) as store:  # type: ignore[attr-defined]
        store.start_run("r", command="t", config_hash="c", inputs=[])
        for records in docs:
            assert store.put_document(records, run_id="r") is True
        before = store.dump()
        for records in docs:
            assert store.records_for(records[0]["doc_id"]) == records
            assert store.get_document(records[0]["doc_id"]) == records[0]
            assert store.put_document(records, run_id="r") is False
        assert store.dump() == before
        assert list(store.iter_records()) == [r for records in docs for r in records]
        # Every event lands in exactly one of "dated and in range" or not: a wide filter finds
        # exactly the events whose date parses.
        dated = [r for records in docs for r in records[1:] if r["record"] == "event"
                 and isinstance(r["date"], dict) and date_interval(r["date"].get("value"))]
        assert store.events(EventFilter(date_from="0001", date_to="9999")) == dated


@given(value=st.text(max_size=12))
def test_store_properties_date_interval_never_crashes(value: str) -> None:
    interval = date_interval(value)
    assert interval is None or interval[0] <= interval[1]
