"""Property tests: any JSON-shaped records round-trip through every store unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_records import BACKENDS, TEXT, actor, doc_id, document, event, fresh_store, incident, link, place

from eventledger.storage import EventFilter, Store, date_interval

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
    with fresh_store(backend) as store:
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


_PLACES = st.builds(place, name=st.sampled_from(["Mosul", "mosul", "Ḩalab"]),
                    country=st.none() | st.sampled_from(["IRQ", "SYR"]),
                    lat=st.none() | st.sampled_from([33.3, 0.0, 36.1]), lon=st.none() | st.sampled_from([44.4, 36.2]),
                    admin1=st.none() | st.sampled_from(["Nineveh", "Aleppo"]))
_ACTORS = st.builds(actor, role=st.just("initiator"),
                    name=st.none() | st.sampled_from(["Alpha", "alpha", "État", "Beta"]),
                    text=st.none() | st.sampled_from(["IS", "gunmen", "ÉTAT"]),
                    kind=st.none() | st.sampled_from(["armed_group", "person"]), country=st.none() | st.just("IRQ"))


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[list[dict[str, Any]]], list[str]]:
    """A few documents whose events have places, actors, dates and types, many of them null."""
    docs, event_ids = [], []
    for d in range(draw(st.integers(1, 3))):
        did = doc_id(d + 1)
        events = []
        for k in range(draw(st.integers(0, 4))):
            events.append(event(did, f"{did[-4:]}-e{k}", start=draw(st.integers(0, 40)),
                                when=draw(st.none() | st.sampled_from([("2024-02-06", "day"), ("2024-02", "month"),
                                                                       ("2024-W06", "week")])),
                                event_type=draw(st.none() | st.sampled_from(["Battles", "Riots"])),
                                location=draw(st.none() | _PLACES), actors=draw(st.lists(_ACTORS, max_size=3))))
            event_ids.append(events[-1]["event_id"])
        text = draw(st.sampled_from([TEXT, "A ceasefire in Mosul.", "État islamique a revendiqué."]))
        docs.append([document(did, text=text), *events])
    return docs, event_ids


def _everything(store: Store) -> list[Any]:
    """Every query's answer over the whole store."""
    flt = EventFilter
    return [list(store.iter_records()), store.actors(), store.actors(name="ÉT"), store.places(),
            store.places(name="MOSUL", limit=2), store.event_histogram(flt()),
            store.events(flt(actor="al", limit=3, offset=1)), store.events(flt(bbox=(36, 0, 45, 34))),
            store.events(flt(text="mosul ceasefire")), store.count_events(flt(text="état")),
            store.documents(text="the"), store.incidents(filters=flt(actor="alpha")),
            store.events(flt(incident_id="i1")), store.incident_links()]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(), linked=st.lists(st.booleans(), max_size=12))
def test_store_properties_backends_answer_alike(world: tuple[list[list[dict[str, Any]]], list[str]],
                                                linked: list[bool]) -> None:
    docs, event_ids = world
    links = [link(e, "i1" if n % 2 else "i2") for n, (e, keep) in enumerate(zip(event_ids, linked, strict=False))
             if keep]
    answers = []
    for backend in BACKENDS:
        with fresh_store(backend) as store:
            store.start_run("r", command="t", config_hash="c", inputs=[])
            for records in docs:
                store.put_document(records, run_id="r")
            store.put_incidents([incident("i1", []), incident("i2", [], when=None)], links)
            answers.append(_everything(store))
    assert answers[1] == answers[0]
    assert answers[2] == answers[0]
