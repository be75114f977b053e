"""Incidents (cross-document merging's output) in every backend: put_incidents, the links that
override an event's incident_id on reading, filters, and the atomicity of a put."""

from __future__ import annotations

from typing import Any

import pytest
from store_records import actor, doc_id, document, event, incident, link, place, records

from eventledger.errors import StorageError
from eventledger.storage import EventFilter, Store

A, B, C = doc_id(0xA1), doc_id(0xB2), doc_id(0xC3)
EA1, EA2 = records(A)[1]["event_id"], records(A)[2]["event_id"]
EB1, EB2 = records(B)[1]["event_id"], records(B)[2]["event_id"]


def _two_reports(store: Store) -> None:
    """Documents A and B, two events each; A's first and B's first report one incident."""
    store.put_document(records(A), run_id="r1")
    store.put_document(records(B), run_id="r1")
    store.put_incidents([incident("inc-1", [EA1, EB1]), incident("inc-2", [EA2], when="2024-03-01",
                                                                 country="SYR", event_type="Riots",
                                                                 sub_event_type="Mob violence", lat=35.0,
                                                                 lon=38.0)],
                        [link(EA1, "inc-1"), link(EB1, "inc-1", 0.75, {"date": 1.0, "distance_km": 2.5}),
                         link(EA2, "inc-2")])


def test_store_incidents_round_trip(store: Store) -> None:
    _two_reports(store)
    assert store.get_incident("inc-1") == incident("inc-1", [EA1, EB1])
    assert store.get_incident("nope") is None
    assert [i["incident_id"] for i in store.incidents()] == ["inc-1", "inc-2"]  # by date
    assert store.incident_links("inc-1") == [
        {"event_id": EA1, "incident_id": "inc-1", "score": 0.9, "features": {"date": 1.0}},
        {"event_id": EB1, "incident_id": "inc-1", "score": 0.75, "features": {"date": 1.0, "distance_km": 2.5}}]
    assert [(x["event_id"], x["incident_id"]) for x in store.incident_links(event_ids=[EA2, EB2])] == \
        [(EA2, "inc-2")]
    assert store.incident_links("inc-2", event_ids=[EA1]) == []
    assert len(store.incident_links()) == 3


def test_store_incidents_links_set_the_events_incident_id(store: Store) -> None:
    _two_reports(store)
    assert store.get_event(EB1)["incident_id"] == "inc-1"  # type: ignore[index]
    assert store.get_event(EB2)["incident_id"] == EB2  # no link: the record's own value
    assert [e["incident_id"] for e in store.events(EventFilter(doc_id=B))] == ["inc-1", EB2]
    assert [r.get("incident_id") for r in store.records_for(A) if r["record"] == "event"] == ["inc-1", "inc-2"]
    assert [e["event_id"] for e in store.events(EventFilter(incident_id="inc-1"))] == [EA1, EB1]
    assert [e["event_id"] for e in store.events(EventFilter(incident_id=EB2))] == [EB2]
    assert store.events(EventFilter(incident_id=EA1)) == []  # its own id is overridden by the link
    assert store.count_events(EventFilter(incident_id="inc-1")) == 2


def test_store_incidents_are_exported_after_the_documents(store: Store) -> None:
    _two_reports(store)
    everything = list(store.iter_records())
    assert [r["record"] for r in everything[-2:]] == ["incident", "incident"]
    assert [r["incident_id"] for r in everything[-2:]] == ["inc-1", "inc-2"]
    assert len(everything) == 12 + 2
    assert [r["incident_id"] for r in store.iter_records(["incident"])] == ["inc-1", "inc-2"]
    assert [r["incident_id"] for r in store.iter_records(["incident"], EventFilter(country="SYR"))] == ["inc-2"]
    assert [r["record"] for r in store.iter_records(filters=EventFilter(limit=2, offset=11))] == \
        ["mention", "incident"]  # paging runs over the whole stream
    assert store.records_for(A) == [{**r, "incident_id": i} if r["record"] == "event" else r
                                    for r, i in zip(records(A), ["", "inc-1", "inc-2", "", "", ""], strict=True)]


def test_store_incidents_reput_of_a_document_stays_idempotent(store: Store) -> None:
    _two_reports(store)
    before = store.dump()
    assert store.put_document(records(A), run_id="r1") is False  # records_hash ignores links
    assert store.dump() == before
    store.put_incidents([incident("inc-1", [EA1, EB1])], [link(EA1, "inc-1")])  # the same again
    assert store.dump() == before


def test_store_incidents_moving_links_drops_emptied_incidents(store: Store) -> None:
    _two_reports(store)
    store.put_incidents([incident("inc-3", [EA2, EB2], when="2024-02-10")],
                        [link(EA2, "inc-3"), link(EB2, "inc-3")])
    assert [i["incident_id"] for i in store.incidents()] == ["inc-1", "inc-3"]  # inc-2 lost its link
    assert store.get_incident("inc-2") is None
    store.put_incidents([], [link(EB1, "inc-3", None, None)])  # to an incident already stored
    assert [x["event_id"] for x in store.incident_links("inc-3")] == [EA2, EB1, EB2]
    assert store.incident_links(event_ids=[EB1])[0]["score"] is None
    store.put_incidents([incident("lonely", [])], [])  # an incident without any link is not kept
    assert store.get_incident("lonely") is None


def test_store_incidents_changed_document_keeps_links_of_surviving_events(store: Store) -> None:
    _two_reports(store)
    changed = [r for r in records(A) if r.get("event_id") != EA2]  # the same events but one
    changed[0] = document(A, title="Corrected")
    assert store.put_document(changed, run_id="r1") is True
    assert store.get_event(EA1)["incident_id"] == "inc-1"  # type: ignore[index]
    assert store.get_incident("inc-2") is None  # its only event is gone
    assert [x["event_id"] for x in store.incident_links("inc-1")] == [EA1, EB1]


@pytest.mark.parametrize("incidents, links, message", [
    ([incident("i", [])], [link("no-such-event", "i")], "not stored"),
    ([], [link(EA1, "unknown-incident")], "neither given nor stored"),
    ([{"incident_id": "x"}], [], "not an incident record"),
    ([incident("i", []), incident("i", [])], [], "given twice"),
    ([incident("i", [])], [link(EA1, "i"), link(EA1, "i")], "linked twice"),
    ([incident("i", [])], [link(EA1, "i", float("nan"))], "finite number"),
    ([incident("i", [])], [link(EA1, "i", True)], "finite number"),
    ([incident("i", [])], [{**link(EA1, "i"), "features": [1]}], "give an object"),
    ([incident("i", [])], [{"event_id": EA1}], "needs event_id and incident_id"),
    ([{**incident("i", []), "x": float("inf")}], [], "cannot be stored as JSON"),
    ([incident("i", [])], [link(EA1, "i", 0.5, {"bad": {1, 2}})], "cannot be stored as JSON"),
])
def test_store_incidents_bad_input_writes_nothing(store: Store, incidents: list[dict[str, Any]],
                                                  links: list[dict[str, Any]], message: str) -> None:
    _two_reports(store)
    before = store.dump()
    with pytest.raises(StorageError, match=message) as caught:
        store.put_incidents(incidents, links)
    assert caught.value.code == "E504"
    assert store.dump() == before


@pytest.mark.parametrize("calls", [0, 1, 2, 4])
def test_store_incidents_fault_mid_put_leaves_store_as_before(store: Store, calls: int) -> None:
    _two_reports(store)
    before = store.dump()
    point = "_upsert_row" if hasattr(store, "_upsert_row") else "_write_row"
    original = getattr(store, point)
    done = {"n": 0}

    def write(*args: Any, **kwargs: Any) -> None:
        """The write point, failing once the budget of calls is spent."""
        if done["n"] >= calls:
            raise RuntimeError("injected fault")
        done["n"] += 1
        original(*args, **kwargs)

    setattr(store, point, write)
    with pytest.raises(RuntimeError, match="injected fault"):
        store.put_incidents([incident("inc-1", [EA1], when="2024-02-07"), incident("inc-9", [EB2])],
                            [link(EA1, "inc-9"), link(EB2, "inc-9"), link(EA2, "inc-1")])
    assert store.dump() == before


def test_store_incidents_filters(store: Store) -> None:
    store.put_document([document(A), event(A, "x1", location=place("Mosul", "IRQ", 36.3, 43.1),
                                            actors=[actor("initiator", "Islamic State", "IS")])], run_id="r1")
    store.put_document([document(C, text="A ceasefire was announced."), event(C, "x2", start=3)], run_id="r1")
    store.put_incidents([incident("early", ["x1"], when="2024-01-05", lat=36.3, lon=43.1),
                         incident("late", ["x2"], when="2024-06", country="SYR", event_type="Riots",
                                  sub_event_type="Mob violence", lat=35.0, lon=38.0),
                         incident("undated", ["x1"], when=None, country=None)],
                        [link("x1", "early"), link("x2", "late")])
    assert [i["incident_id"] for i in store.incidents()] == ["early", "late"]  # "undated": no link
    store.put_incidents([incident("undated", [], when=None, country=None)], [link("x1", "undated")])

    def ids(**criteria: Any) -> list[str]:
        """The incidents a filter keeps."""
        return [i["incident_id"] for i in store.incidents(filters=EventFilter(**criteria))]

    assert ids() == ["late", "undated"]  # "early" lost its only link to "undated"; undated last
    store.put_incidents([incident("early", ["x1"], when="2024-01-05", lat=36.3, lon=43.1)], [link("x1", "early")])
    assert ids() == ["early", "late"]
    assert ids(date_from="2024-06-15") == ["late"]  # a month-precise incident overlaps
    assert ids(date_to="2024-01-31") == ["early"]
    assert ids(country="syr") == ["late"]
    assert ids(event_type="mob violence") == ["late"]
    assert ids(bbox=(40, 30, 45, 40)) == ["early"]
    assert ids(incident_id="late") == ["late"]
    assert ids(doc_id=C[:14]) == ["late"]
    assert ids(doc_id="sha256:ffff") == []
    assert ids(actor="islamic") == ["early"]
    assert ids(text="ceasefire") == ["late"]
    assert [i["incident_id"] for i in store.incidents(limit=1, offset=1)] == ["late"]
