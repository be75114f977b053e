"""What the HTTP API asks of a store, run against every backend: the new filters (box, actor,
full text, incident), counts, the histogram, documents, statements, actors and places."""

from __future__ import annotations

from typing import Any

import pytest
from store_records import actor, doc_id, document, event, place, statement

from eventledger.errors import StorageError
from eventledger.storage import EventFilter, Store

A, B, C = doc_id(0xA1), doc_id(0xB2), doc_id(0xC3)
DAMASCUS = "Protesters gathered in Damascus on Friday; shops closed. État islamique was not named."
MOSUL = place("Mosul", "IRQ", 36.34, 43.13, "Nineveh")
BAGHDAD = place("Baghdad", "IRQ", 33.34, 44.40, "Baghdad")
DAMASCUS_PLACE = place("Damascus", "SYR", 33.51, 36.29, "Dimashq")


def _world(store: Store) -> None:
    """Three documents: events in three places, with actors, dates, statements about them."""
    store.put_document([
        document(A, title="Checkpoint raid"),
        event(A, "a1", start=8, location=MOSUL, actors=[
            actor("initiator", "Islamic State", "IS"),
            actor("target", "Iraqi Army", "two soldiers", "state_forces", "IRQ")]),
        event(A, "a2", start=141, when=("2024-02-07", "day"), location=BAGHDAD, actors=[
            actor("initiator", "Iraqi Police", "Police", "state_forces", "IRQ"),
            actor("victim", "Brigade 100%", "three suspects")]),
        statement(A, "sa", about=["a1"])], run_id="r1")
    store.put_document([
        document(B, text=DAMASCUS, title="Protest in Damascus"),
        event(B, "b1", start=0, when=("2024-02-09", "day"), event_type="Protests",
              sub_event_type="Peaceful protest", plover="PROTEST", killed=(None, None),
              location=DAMASCUS_PLACE, actors=[
                  actor("participant", "Protesters (Syria)", "Protesters", "protesters", "SYR"),
                  actor("target", "État islamique", "État islamique")]),
        event(B, "b2", start=5, when=("2024-02-09", "day"), event_type=None, sub_event_type=None,
              plover="ACCUSE", location=DAMASCUS_PLACE, actors=[
                  actor("initiator", "Islamic State", "IS"),
                  actor("target", "Islamic State", "IS fighters")]),  # counted once in actors()
        statement(B, "sb", start=10, about=["b1", "a1"])], run_id="r1")
    store.put_document([document(C, text="Nothing to see here.", title="Unrelated"),
                        event(C, "c1", start=0, when=None, country=None)], run_id="r1")


def _ids(found: list[dict[str, Any]]) -> list[str]:
    """The ids of event or statement records."""
    return [r.get("event_id") or r["statement_id"] for r in found]


@pytest.mark.parametrize("bbox, expected", [
    ((43.0, 36.0, 44.0, 37.0), ["a1"]),
    ((36.29, 33.51, 36.29, 33.51), ["b1", "b2"]),  # the edges are inside
    ((-180, -90, 180, 90), ["a1", "a2", "b1", "b2"]),  # an event without a place never matches
    ((0, 0, 1, 1), []),
])
def test_store_queries_bbox(store: Store, bbox: tuple[float, float, float, float], expected: list[str]) -> None:
    _world(store)
    assert _ids(store.events(EventFilter(bbox=bbox))) == expected


@pytest.mark.parametrize("needle, expected", [
    ("islamic", ["a1", "b2"]),
    ("SOLDIERS", ["a1"]),  # an actor's text as well as its name
    ("ÉTAT", ["b1"]),  # case-insensitive beyond ASCII, the same on every backend
    ("100%", ["a2"]),
    ("%", ["a2"]),  # LIKE's wildcards are data
    ("_", []),
    ("police", ["a2"]),
    ("fighters", ["b2"]),
])
def test_store_queries_actor(store: Store, needle: str, expected: list[str]) -> None:
    _world(store)
    assert _ids(store.events(EventFilter(actor=needle))) == expected


@pytest.mark.parametrize("text, expected", [
    ("checkpoint", ["a1", "a2"]),
    ("DAMASCUS protesters", ["b1", "b2"]),  # every word, in any order and case
    ("unrelated", ["c1"]),  # the title counts
    ("état", ["b1", "b2"]),
    ("checkpoint damascus", []),
    # Search syntax of FTS5 or tsquery is data: it neither errors nor changes the meaning.
    ('"checkpoint', ["a1", "a2"]),
    ("checkpoint*", ["a1", "a2"]),
    ("-checkpoint", ["a1", "a2"]),
    ("(checkpoint) ^", ["a1", "a2"]),
    ("checkpoint:* & !soldiers", ["a1", "a2"]),
    ("checkpoint AND", []),
    ("NEAR(checkpoint soldiers)", []),
    ("title:checkpoint", []),
    ("' OR 1=1 --", []),
])
def test_store_queries_text(store: Store, text: str, expected: list[str]) -> None:
    _world(store)
    assert _ids(store.events(EventFilter(text=text))) == expected


def test_store_queries_combined_filters_and_incident(store: Store) -> None:
    _world(store)
    assert _ids(store.events(EventFilter(country="SYR", actor="islamic"))) == ["b2"]
    assert _ids(store.events(EventFilter(event_type="protests", text="damascus"))) == ["b1"]
    assert _ids(store.events(EventFilter(date_from="2024-02-07", bbox=(40, 30, 50, 40)))) == ["a2"]
    assert _ids(store.events(EventFilter(incident_id="a1"))) == ["a1"]  # the record's own incident
    assert _ids(store.events(EventFilter(text="checkpoint", limit=1, offset=1))) == ["a2"]
    assert [r["record"] for r in store.iter_records(filters=EventFilter(actor="protesters"))] == \
        ["document", "event", "statement"]  # B's document and statement, its matching event


def test_store_queries_get_and_count(store: Store) -> None:
    _world(store)
    assert store.get_event("b1") == store.events(EventFilter(doc_id=B))[0]
    assert store.get_event("b1")["location"]["name"] == "Damascus"  # type: ignore[index]
    assert store.get_event("nope") is None
    assert store.count_events(EventFilter()) == 5
    assert store.count_events(EventFilter(country="IRQ", limit=1, offset=5)) == 2  # paging ignored
    assert store.count_events(EventFilter(doc_id="sha256:ffff")) == 0
    assert store.count_events(EventFilter(text="damascus", actor="islamic")) == 1


def test_store_queries_histogram(store: Store) -> None:
    _world(store)
    assert store.event_histogram(EventFilter()) == [
        {"day": "2024-02-06", "event_type": "Battles", "count": 1},
        {"day": "2024-02-07", "event_type": "Battles", "count": 1},
        {"day": "2024-02-09", "event_type": None, "count": 1},  # no type first; undated left out
        {"day": "2024-02-09", "event_type": "Protests", "count": 1}]
    assert store.event_histogram(EventFilter(country="IRQ", date_to="2024-02-06")) == [
        {"day": "2024-02-06", "event_type": "Battles", "count": 1}]
    store.put_document([document(doc_id(0xD4)), event(doc_id(0xD4), "month", when=("2024-02", "month"))],
                       run_id="r1")
    assert store.event_histogram(EventFilter(date_from="2024-02-01", date_to="2024-02-01")) == [
        {"day": "2024-02-01", "event_type": "Battles", "count": 1}]  # a month counts on its first day


def test_store_queries_documents(store: Store) -> None:
    _world(store)
    assert [d["doc_id"] for d in store.documents()] == [A, B, C]
    assert [d["doc_id"] for d in store.documents(limit=1, offset=1)] == [B]
    assert [d["doc_id"] for d in store.documents(text="Damascus")] == [B]
    assert [d["doc_id"] for d in store.documents(text="nothing")] == [C]
    assert store.documents(text="absent") == []
    assert store.documents()[0] == store.get_document(A)


def test_store_queries_statements(store: Store) -> None:
    _world(store)
    assert _ids(store.statements()) == ["sa", "sb"]
    assert _ids(store.statements(event_id="a1")) == ["sa", "sb"]
    assert _ids(store.statements(event_id="b1")) == ["sb"]
    assert _ids(store.statements(doc_id=B[:12])) == ["sb"]
    assert _ids(store.statements(doc_id=A, event_id="a1")) == ["sa"]
    assert _ids(store.statements(limit=1, offset=1)) == ["sb"]
    assert store.statements(doc_id="sha256:ffff") == []
    assert store.statements(event_id="nope") == []


def test_store_queries_actors(store: Store) -> None:
    _world(store)
    assert store.actors() == [
        {"name": "Islamic State", "type": "armed_group", "country": None, "events": 2},
        {"name": "Brigade 100%", "type": "armed_group", "country": None, "events": 1},
        {"name": "Iraqi Army", "type": "state_forces", "country": "IRQ", "events": 1},
        {"name": "Iraqi Police", "type": "state_forces", "country": "IRQ", "events": 1},
        {"name": "Protesters (Syria)", "type": "protesters", "country": "SYR", "events": 1},
        {"name": "État islamique", "type": "armed_group", "country": None, "events": 1}]
    assert [a["name"] for a in store.actors(name="IRAQI")] == ["Iraqi Army", "Iraqi Police"]
    assert [a["name"] for a in store.actors(name="état")] == ["État islamique"]
    assert [a["name"] for a in store.actors(limit=2, offset=1)] == ["Brigade 100%", "Iraqi Army"]
    assert store.actors(name="_") == []


def test_store_queries_places(store: Store) -> None:
    _world(store)
    assert store.places() == [
        {"name": "Damascus", "country": "SYR", "admin1": "Dimashq", "lat": 33.51, "lon": 36.29, "events": 2},
        {"name": "Baghdad", "country": "IRQ", "admin1": "Baghdad", "lat": 33.34, "lon": 44.4, "events": 1},
        {"name": "Mosul", "country": "IRQ", "admin1": "Nineveh", "lat": 36.34, "lon": 43.13, "events": 1}]
    assert [p["name"] for p in store.places(name="BAGH")] == ["Baghdad"]
    assert [p["name"] for p in store.places(limit=1, offset=2)] == ["Mosul"]


def test_store_queries_changed_document_replaces_derived_rows(store: Store) -> None:
    _world(store)
    store.put_document([document(A, title="Corrected"),
                        event(A, "a3", location=BAGHDAD, actors=[actor("initiator", "New Group", "them")]),
                        statement(A, "sa2", about=["a3"])], run_id="r1")
    assert "Iraqi Army" not in [a["name"] for a in store.actors()]
    assert [a["name"] for a in store.actors(name="new")] == ["New Group"]
    assert store.statements(event_id="a1") == store.statements(doc_id=B)  # A's old statement is gone
    assert _ids(store.statements(event_id="a3")) == ["sa2"]
    assert [d["doc_id"] for d in store.documents(text="corrected")] == [A]
    assert [d["doc_id"] for d in store.documents(text="raid")] == []  # the old title is unindexed
    assert [(p["name"], p["events"]) for p in store.places(name="mosul")] == []


@pytest.mark.parametrize("bad", [
    EventFilter(bbox=(1, 2, 3)), EventFilter(bbox=(10, 0, 5, 1)), EventFilter(bbox=(0, 50, 1, 40)),
    EventFilter(bbox=(0, -91, 1, 0)), EventFilter(bbox=(-181, 0, 0, 1)),
    EventFilter(bbox=(float("nan"), 0, 1, 1)), EventFilter(bbox=(True, 0, 1, 1)),
    EventFilter(bbox=("a", 0, 1, 1)), EventFilter(bbox=5),  # type: ignore[arg-type]
    EventFilter(actor=""), EventFilter(actor="   "), EventFilter(actor=5),  # type: ignore[arg-type]
    EventFilter(text=""), EventFilter(text="!!! ..."), EventFilter(text="x " * 501),
    EventFilter(text="a" * 101), EventFilter(incident_id=""),
])
def test_store_queries_bad_filters_raise(store: Store, bad: EventFilter) -> None:
    _world(store)
    for call in (store.events, store.count_events, store.event_histogram,
                 lambda f: store.incidents(filters=f)):
        with pytest.raises(StorageError) as caught:
            call(bad)
        assert caught.value.code == "E505"


@pytest.mark.parametrize("call", [
    lambda s: s.documents(limit=-1), lambda s: s.documents(text=""), lambda s: s.documents(offset=True),
    lambda s: s.statements(event_id=""), lambda s: s.statements(limit=1.5),
    lambda s: s.actors(name=""), lambda s: s.places(name=" "), lambda s: s.places(limit=-3),
    lambda s: s.get_event(""), lambda s: s.get_event(7), lambda s: s.incidents(limit=-1),
    lambda s: s.get_incident(""), lambda s: s.incident_links(event_ids=[""]),
])
def test_store_queries_bad_arguments_raise(store: Store, call: Any) -> None:
    with pytest.raises(StorageError) as caught:
        call(store)
    assert caught.value.code == "E505"
    assert "give" in caught.value.message or "must" in caught.value.message  # says what is allowed
