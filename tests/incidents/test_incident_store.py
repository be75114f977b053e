"""The incremental path against real stores: new documents join stored incidents, re-runs change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from incident_records import TOWN_A, TOWN_A_POINT, TOWN_C, document, event

from eventledger.errors import StorageError
from eventledger.incidents.cluster import incident_id_for
from eventledger.incidents.store import merge_documents, merge_unlinked, supports_incidents
from eventledger.storage import EventFilter, Store, open_store

STRIKE = ("Warplanes struck a crowded vegetable market in the town on Tuesday, killing seven civilians "
          "and wounding twenty, the monitoring group said.")
REWORDED = ("Seven civilians were killed and twenty wounded when jets bombed a vegetable market in the "
            "town on Tuesday, rescuers said.")


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "incidents.sqlite" if request.param == "sqlite" else "memory:")
    opened.start_run("r1", command="test", config_hash="cfg", inputs=["in.jsonl"])
    yield opened
    opened.close()


def _put(store: Store, doc_id: str, events: list[dict[str, Any]], published: str = "2019-07-23") -> str:
    store.put_document([document(doc_id, published=published, outlet=f"outlet {doc_id}"), *events], run_id="r1")
    return doc_id


def _incident_of(store: Store, event_id: str) -> str:
    (link,) = store.incident_links(event_ids=[event_id])
    return str(link["incident_id"])


def test_store_reports_merge_into_one_stored_incident_linked_to_its_events(store: Store) -> None:
    assert supports_incidents(store)
    docs = [_put(store, "d1", [event("a1", "d1", place=TOWN_A_POINT, killed=7, sentence=STRIKE,
                                     attributed="a war monitor")]),
            _put(store, "d2", [event("a2", "d2", place=TOWN_A, killed=7, sentence=REWORDED)]),
            _put(store, "d3", [event("c1", "d3", place=TOWN_C, killed=2, sentence="A car bomb exploded.")])]
    counts = merge_documents(store, docs)
    assert counts["documents"] == 3 and counts["events"] == 3
    strike = _incident_of(store, "a1")
    assert strike == _incident_of(store, "a2") == incident_id_for(["a1", "a2"])
    assert _incident_of(store, "c1") != strike
    incident = store.get_incident(strike)
    assert incident is not None and incident["sources"] == 2
    assert sorted(c["event_id"] for c in incident["claims"]) == ["a1", "a2"]
    # Read back, each event carries its incident's id; the store lists and filters incidents.
    assert {e["incident_id"] for e in store.events(EventFilter(incident_id=strike))} == {strike}
    assert [i["incident_id"] for i in store.incidents(filters=EventFilter(country="SYR"))].count(strike) == 1
    (link,) = store.incident_links(event_ids=["a2"])
    assert link["score"] > 0.5 and link["features"]["with"] == "a1" and "text_similarity" in link["features"]


def test_store_a_later_document_joins_and_re_running_changes_nothing(store: Store) -> None:
    first = [_put(store, "d2", [event("a2", "d2", place=TOWN_A, killed=7, sentence=REWORDED)]),
             _put(store, "d3", [event("a3", "d3", place=TOWN_A_POINT, killed=7, sentence=STRIKE)])]
    merge_documents(store, first)
    kept = _incident_of(store, "a2")
    # A report whose event id sorts first arrives later: the incident keeps its id.
    later = _put(store, "d1", [event("a1", "d1", place=TOWN_A_POINT, killed=9, sentence=STRIKE,
                                     attributed="a war monitor")], published="2019-07-24")
    merge_documents(store, [later])
    assert _incident_of(store, "a1") == kept != incident_id_for(["a1", "a2", "a3"])
    incident = store.get_incident(kept)
    assert incident is not None and incident["sources"] == 3 and incident["fatalities"]["high"] == 9
    dump = store.dump()
    again = merge_documents(store, [*first, later])
    assert again["incidents_written"] == 0 and store.dump() == dump


def test_store_merge_unlinked_catches_up_a_store_filled_before(store: Store) -> None:
    _put(store, "d1", [event("a1", "d1", place=TOWN_A_POINT, killed=7, sentence=STRIKE)])
    _put(store, "d2", [event("a2", "d2", place=TOWN_A_POINT, killed=7, sentence=STRIKE)])
    assert store.incident_links() == []
    counts = merge_unlinked(store)
    assert counts["documents"] == 2
    assert _incident_of(store, "a1") == _incident_of(store, "a2")
    assert merge_unlinked(store)["documents"] == 0


def test_store_without_incident_tables_is_refused_clearly() -> None:
    class Plain:
        def events(self, filters: Any) -> list[dict[str, Any]]:
            return []

    with pytest.raises(StorageError, match="cannot keep incidents"):
        merge_documents(Plain(), ["d1"])  # type: ignore[arg-type]
