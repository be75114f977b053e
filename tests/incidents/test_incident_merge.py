"""Merging as pure functions: determinism, stable ids, incremental joins, and the bad inputs of issue 5."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from incident_records import COUNTRY, TOWN_A, TOWN_A_POINT, TOWN_B, TOWN_C, document, event

from eventledger.incidents import bundled_model, merge_events, merge_records
from eventledger.incidents.blocking import candidate_pairs
from eventledger.incidents.cluster import incident_id_for
from eventledger.incidents.features import view

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
STRIKE = ("Warplanes struck a crowded vegetable market in the town on Tuesday, killing seven civilians "
          "and wounding twenty, the monitoring group said.")
STRIKE_REWORDED = ("Seven civilians were killed and twenty wounded when jets bombed a vegetable market in the "
                   "town on Tuesday, rescuers said.")


def _docs(*ids: str, published: str = "2019-07-23") -> dict[str, dict[str, Any]]:
    return {d: document(d, published=published, outlet=f"outlet of {d}") for d in ids}


def _groups(result: Any) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for eid, inc in result.assignment.items():
        by.setdefault(inc, set()).add(eid)
    return {frozenset(v) for v in by.values()}


def _strike_reports() -> list[dict[str, Any]]:
    return [
        event("a1", "d1", place=TOWN_A_POINT, killed=7, injured=20, sentence=STRIKE, attributed="a war monitor"),
        event("a2", "d2", place=TOWN_A, killed=7, injured=20, sentence=STRIKE_REWORDED, attributed="rescuers"),
        event("a3", "d3", place=TOWN_A_POINT, killed=9, injured=20, sentence=STRIKE, attributed="a war monitor"),
    ]


def test_merge_reports_of_one_strike_form_one_incident_with_explanations() -> None:
    result = merge_events(_strike_reports(), _docs("d1", "d2", "d3"))
    assert _groups(result) == {frozenset({"a1", "a2", "a3"})}
    (incident,) = result.incidents
    assert incident["sources"] == 3 and len(incident["claims"]) == 3
    assert incident["fatalities"]["low"] == 7 and incident["fatalities"]["high"] == 9
    assert len(incident["merge"]) == 2  # two pairs joined three reports
    for m in incident["merge"]:
        assert m["score"] >= bundled_model().threshold and {"date", "place", "text"} <= set(m["features"])
    links = {link["event_id"]: link for link in result.links}
    assert all(link["incident_id"] == incident["incident_id"] and link["score"] for link in links.values())


def test_merge_same_inputs_in_any_order_give_the_same_ids() -> None:
    events = _strike_reports() + [event("b1", "d4", place=TOWN_C, killed=2, sentence="A car bomb exploded.")]
    first = merge_events(events, _docs("d1", "d2", "d3", "d4"))
    for seed in range(5):
        shuffled = list(events)
        random.Random(seed).shuffle(shuffled)
        again = merge_events(shuffled, _docs("d1", "d2", "d3", "d4"))
        assert again.assignment == first.assignment
        assert again.incidents == first.incidents
    assert first.assignment["b1"] == incident_id_for(["b1"])
    assert first.assignment["a1"] == incident_id_for(["a1", "a2", "a3"])


def test_merge_a_new_report_joins_and_the_incident_keeps_its_id() -> None:
    reports = _strike_reports()
    before = merge_events(reports[1:], _docs("d2", "d3"))
    (old_id,) = set(before.assignment.values())
    # a1 has the smallest event id: a fresh merge would name the incident after it.
    after = merge_events(reports, _docs("d1", "d2", "d3"), existing=before.assignment,
                         existing_incidents={r["incident_id"]: r for r in before.incidents})
    assert set(after.assignment.values()) == {old_id}
    assert old_id != incident_id_for(["a1", "a2", "a3"])
    (incident,) = after.incidents
    assert len(incident["merge"]) == 2 and incident["sources"] == 3


def test_merge_existing_incidents_are_never_split() -> None:
    far = event("c1", "d9", place=TOWN_C, killed=1)
    result = merge_events([*_strike_reports(), far], _docs("d1", "d2", "d3", "d9"),
                          existing={"a1": "inc-kept", "c1": "inc-kept"})
    assert result.assignment["a1"] == result.assignment["c1"] == "inc-kept"


def test_merge_two_events_of_one_document_never_merge() -> None:
    twin = event("a1b", "d1", place=TOWN_A_POINT, killed=7, injured=20, sentence=STRIKE, start=200)
    result = merge_events([*_strike_reports(), twin], _docs("d1", "d2", "d3"))
    assert result.assignment["a1"] != result.assignment["a1b"]
    for incident in result.incidents:
        docs = [c["doc_id"] for c in incident["claims"]]
        assert len(docs) == len(set(docs))


def test_merge_bad_input_two_strikes_on_one_town_the_same_day_stay_apart() -> None:
    morning = "An air strike hit a bakery in the town on Monday morning, killing three people, a monitor said."
    evening = "A roadside bomb tore through a minibus in the town on Monday evening, killing nine soldiers."
    events = [
        event("m1", "d1", place=TOWN_A, killed=3, sentence=morning),
        event("m2", "d2", place=TOWN_A, killed=3, sentence=morning.replace("a monitor said", "residents said")),
        event("e1", "d3", place=TOWN_A, killed=9, sub="Remote explosive/landmine/IED", sentence=evening),
        event("e2", "d4", place=TOWN_A, killed=9, sub="Remote explosive/landmine/IED",
              sentence=evening.replace("tore through", "destroyed")),
    ]
    result = merge_events(events, _docs("d1", "d2", "d3", "d4"))
    assert _groups(result) == {frozenset({"m1", "m2"}), frozenset({"e1", "e2"})}


def test_merge_bad_input_one_strike_dated_a_day_apart_by_time_zones_is_one_incident() -> None:
    events = [event("t1", "d1", day="2019-07-22", place=TOWN_A_POINT, killed=7, sentence=STRIKE),
              event("t2", "d2", day="2019-07-23", place=TOWN_A_POINT, killed=7, sentence=STRIKE_REWORDED)]
    result = merge_events(events, _docs("d1", "d2"))
    assert _groups(result) == {frozenset({"t1", "t2"})}
    (incident,) = result.incidents
    assert incident["merge"][0]["features"]["date_gap_days"] == 1


def test_merge_bad_input_one_article_reporting_three_incidents() -> None:
    places = [TOWN_A, TOWN_B, TOWN_C]
    sentences = ["Shelling hit the old market district, killing four people and wounding ten.",
                 "Separately, a drone strike on a fuel depot killed eleven fighters overnight.",
                 "In the south, a car bomb near the courthouse killed two police officers."]
    subs = ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"]
    tolls = [4, 11, 2]
    roundup = [event(f"r{n}", "round", place=places[n], killed=tolls[n], sub=subs[n], sentence=sentences[n],
                     start=100 * n) for n in range(3)]
    singles = [event(f"s{n}", f"single{n}", place=places[n], killed=tolls[n], sub=subs[n], sentence=sentences[n])
               for n in range(3)]
    result = merge_events(roundup + singles, _docs("round", "single0", "single1", "single2"))
    assert _groups(result) == {frozenset({f"r{n}", f"s{n}"}) for n in range(3)}


def test_merge_bad_input_an_article_repeated_word_for_word_by_two_outlets() -> None:
    events = [event("w1", "wire-1", place=TOWN_A, killed=7, sentence=STRIKE, attributed="a war monitor"),
              event("w2", "wire-2", place=TOWN_A, killed=7, sentence=STRIKE, attributed="a war monitor")]
    result = merge_events(events, _docs("wire-1", "wire-2"))
    (incident,) = result.incidents
    assert incident["sources"] == 2 and [c["doc_id"] for c in incident["claims"]] == ["wire-1", "wire-2"]
    assert all("revised_by" not in c for c in incident["claims"])  # the same day: no revision


def test_merge_a_verbatim_copy_without_a_date_joins_by_its_wording() -> None:
    events = [event("w1", "wire-1", place=TOWN_A, killed=7, sentence=STRIKE),
              event("w2", "wire-2", day=None, place=TOWN_A, killed=7, sentence=STRIKE)]
    docs = {"wire-1": document("wire-1"), "wire-2": document("wire-2", published=None)}
    assert _groups(merge_events(events, docs)) == {frozenset({"w1", "w2"})}


def test_merge_verbal_and_unplaced_events_stay_their_own_incident() -> None:
    verbal = event("v1", "d1", etype=None, sub=None, place=TOWN_A)
    verbal2 = event("v2", "d2", etype=None, sub=None, place=TOWN_A)
    country_only = [event("c1", "d3", place=COUNTRY, killed=5, sentence=STRIKE),
                    event("c2", "d4", place=COUNTRY, killed=5, sentence=STRIKE)]
    result = merge_events([verbal, verbal2, *country_only], _docs("d1", "d2", "d3", "d4"))
    assert result.assignment["v1"] != result.assignment["v2"]
    assert result.assignment["c1"] == result.assignment["c2"]  # a country-level copy still matches its copy
    assert len(result.incidents) == 3


def test_merge_blocking_never_compares_every_pair() -> None:
    model = bundled_model()
    rng = random.Random(3)
    events = [event(f"x{n:05d}", f"doc{n:05d}", place={**TOWN_A, "lat": TOWN_A["lat"] + rng.uniform(-0.1, 0.1)},
                    killed=rng.randrange(50)) for n in range(3000)]
    views = [view(e, i, model) for i, e in enumerate(events)]
    pairs = candidate_pairs(views, model)
    assert len(pairs) <= len(events) * model.max_candidates < len(events) * (len(events) - 1) // 2
    # Different countries, or days further apart than the window, are never candidates.
    spread = [event("y1", "e1", place=TOWN_A), event("y2", "e2", place={**TOWN_A, "country": "IRQ"}),
              event("y3", "e3", place=TOWN_A, day="2019-07-26")]
    spread_views = [view(e, i, model) for i, e in enumerate(spread)]
    assert candidate_pairs(spread_views, model) == []


def test_merge_records_sets_every_incident_id_and_matches_the_contract() -> None:
    records = [document("d1"), document("d2"), document("d3"), *_strike_reports()]
    out = merge_records(records)
    events = [r for r in out if r["record"] == "event"]
    incidents = [r for r in out if r["record"] == "incident"]
    assert len({e["incident_id"] for e in events}) == 1 and len(incidents) == 1
    assert merge_records(out) == out  # merging a merged export again changes nothing
    schema_path = SHARED / "contract" / "record.schema.json"
    if not schema_path.is_file():
        pytest.skip(f"{schema_path} is not available (../shared is not part of a user's clone)")
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    for record in out:
        assert not list(validator.iter_errors(record)), record
