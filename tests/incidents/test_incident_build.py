"""Incident records: each source's claim kept, later reports of a source revising earlier ones, ranges."""

from __future__ import annotations

from incident_records import TOWN_A, TOWN_A_POINT, document, event

from eventledger.incidents import bundled_model
from eventledger.incidents.build import attribution_kind, figure_range, incident_record
from eventledger.incidents.cluster import Cluster

MODEL = bundled_model()


def _incident(events: list[dict], published: dict[str, str | None], outlets: dict[str, str]) -> dict:
    docs = {d: document(d, published=published[d], outlet=outlets[d]) for d in published}
    return incident_record(Cluster("inc-test", list(range(len(events)))), events, docs, MODEL)


def test_build_claims_side_by_side_with_revisions_by_the_same_source() -> None:
    events = [
        event("e1", "d1", place=TOWN_A, killed=6, attributed="the health ministry", confidence=0.8),
        event("e2", "d2", place=TOWN_A_POINT, killed=9, attributed="a war monitor", confidence=0.95),
        event("e3", "d3", place=TOWN_A, killed=24, attributed="The health ministry"),
        event("e4", "d4", place=TOWN_A, killed=11, injured=30),  # the outlet's own voice
        event("e5", "d5", place=TOWN_A, killed=15),  # the same outlet, a day later
    ]
    published = {"d1": "2019-07-23", "d2": "2019-07-23", "d3": "2019-07-25", "d4": "2019-07-23", "d5": "2019-07-24"}
    outlets = {"d1": "One", "d2": "Two", "d3": "Three", "d4": "Four", "d5": "Four"}
    incident = _incident(events, published, outlets)
    claims = {c["event_id"]: c for c in incident["claims"]}
    assert [c["published"] for c in incident["claims"]] == sorted(published.values())
    assert claims["e1"]["revised_by"] == "e3"  # the ministry's later toll, whichever outlet carried it
    assert claims["e4"]["revised_by"] == "e5"  # the outlet revising itself
    assert "revised_by" not in claims["e2"] and "revised_by" not in claims["e3"]
    assert claims["e1"]["attribution"] == "government" and claims["e2"]["attribution"] == "monitor"
    assert claims["e4"]["attributed_to"] is None and claims["e4"]["attribution"] == "outlet"
    # The range runs over the claims in force: 9 (monitor), 24 (ministry), 15 (outlet).
    assert incident["fatalities"]["low"] == 9 and incident["fatalities"]["high"] == 24
    assert incident["injuries"] == {"low": None, "high": None, "civilian_low": None, "civilian_high": None}
    assert incident["location"]["precision"] == "point"  # the most precise place any report gives
    assert incident["sources"] == 5 and incident["summary"].endswith("(5 sources; killed: 9–24)")


def test_build_ranges_keep_open_claims_open_upwards() -> None:
    assert figure_range([{"low": 25, "high": None}, {"low": 30, "high": 30}])["high"] == 30
    assert figure_range([{"low": 40, "high": None}, {"low": 30, "high": 30}]) == {
        "low": 30, "high": 40, "civilian_low": None, "civilian_high": None}
    assert figure_range([{"low": None, "high": 3}])["low"] is None
    assert figure_range([]) == {"low": None, "high": None, "civilian_low": None, "civilian_high": None}


def test_build_attribution_kinds_come_from_the_data_file() -> None:
    assert attribution_kind(None, MODEL) == "outlet"
    assert attribution_kind({"name": "Syrian Observatory for Human Rights"}, MODEL) == "monitor"
    assert attribution_kind({"name": "state television"}, MODEL) == "media"
    assert attribution_kind({"name": "Abu Ahmad"}, MODEL) == "other"
