"""Event typing by verb class and sense (PLOVER / CAMEO), on sentences written for these tests.

The real pipeline (spaCy model, gazetteer, lexicon): each test states one class of reading — an
object that decides the event ("lifted a curfew"), the content of a demand or refusal that has not
happened, an intention stated with an adjective, a pronoun standing for its speaker, a labour
strike against an air strike, a bombing from the air, the weapon an attack was made with.
"""

from __future__ import annotations

from typing import Any

import pytest

from eventledger.model import Document
from eventledger.stages.ingest import document_from_text

pytestmark = pytest.mark.model


def run(pipeline: Any, text: str) -> Document:
    out = pipeline.process_one(document_from_text(text, source_id="t", published="2024-03-07", outlet="Test Wire"))
    assert out.failure is None, out.failure
    assert out.document is not None
    return out.document


def top(doc: Document) -> Any:
    assert doc.events, "no event"
    return max(doc.events, key=lambda e: e.confidence)


def types(doc: Document) -> set[str | None]:
    return {e.plover_type for e in doc.events}


def material(doc: Document) -> list[Any]:
    return [e for e in doc.events if e.event_type is not None]


@pytest.mark.parametrize(("text", "plover"), [
    ("The government lifted the night curfew in the capital on Monday.", "CONCEDE"),
    ("Pakistan expelled two Indian diplomats on Friday.", "SANCTION"),
    ("Norway suspended its financial assistance to the junta on Tuesday.", "SANCTION"),
    ("Canada has restored diplomatic relations with Bhutan.", "SUPPORT"),
    ("The army has reinforced its troops along the northern frontier.", "MOBILIZE"),
    ("The watchdog dispatched investigators to the mine on Monday.", "ACCUSE"),
    ("The militia handed back the bodies of three fishermen on Sunday.", "RETREAT"),
    ("The opposition party has violated a ban on public rallies.", "REJECT"),
    ("The governor reneged on his promise to hold a referendum.", "REJECT"),
    ("Peru has apologized to Chile for the border incident.", "SUPPORT"),
    ("Halvorsen Shipping is suing the government for damages.", "ACCUSE"),
    ("Guards beat up several detainees at the prison, witnesses said.", "ASSAULT"),
])
def test_plover_verb_class_and_object_decide_the_type(pipeline: Any, text: str, plover: str) -> None:
    assert top(run(pipeline, text)).plover_type == plover


def test_plover_the_object_keeps_an_ordinary_use_out(pipeline: Any) -> None:
    doc = run(pipeline, "The minister released a statement on Monday. He returned to the capital on Tuesday.")
    assert not {"RETREAT", "CONCEDE"} & types(doc)


def test_plover_reacting_to_an_act_is_not_doing_it(pipeline: Any) -> None:
    doc = run(pipeline, "Residents welcomed the lifting of the curfew.")
    assert top(doc).plover_type == "SUPPORT"
    assert not any(e.plover_type == "CONCEDE" and any(a.role == "initiator" for a in e.actors) for e in doc.events)


def test_plover_what_a_refusal_or_demand_is_about_has_not_happened(pipeline: Any) -> None:
    refused = run(pipeline, "Egypt refused to meet the delegation on Tuesday.")
    assert types(refused) == {"REJECT"}
    demanded = run(pipeline, "The union demanded that the ministry provide funds to the hospitals.")
    assert top(demanded).plover_type == "REQUEST"
    assert "AID" not in types(demanded) and "COOPERATE" not in types(demanded)


def test_plover_negated_acceptance_is_a_refusal(pipeline: Any) -> None:
    doc = run(pipeline, "Iran said it would not accept the demands.")
    ev = top(doc)
    assert ev.plover_type == "REJECT"
    assert any(a.role == "initiator" and a.country == "IRN" for a in ev.actors)


def test_plover_ready_or_committed_to_act_is_an_intention(pipeline: Any) -> None:
    doc = run(pipeline, "Aides said Chile is committed to reforming its pension system.")
    ev = top(doc)
    assert ev.plover_type == "AGREE"
    assert any(a.role == "initiator" and a.country == "CHL" for a in ev.actors)


def test_plover_a_pronoun_in_reported_speech_stands_for_the_speaker(pipeline: Any) -> None:
    doc = run(pipeline, "Ghana announced on Monday that it would pull its observers out of Mali.")
    ev = top(doc)
    assert ev.plover_type == "THREATEN"
    assert any(a.role == "initiator" and a.country == "GHA" for a in ev.actors)


def test_plover_an_act_carried_on_or_attempted_happened(pipeline: Any) -> None:
    assert top(run(pipeline, "Sweden kept supplying medicine to the clinics through the winter.")).plover_type == "AID"
    doc = run(pipeline, "Gunmen tried to assassinate a provincial governor on Sunday, police said.")
    assert top(doc).plover_type == "ASSAULT"


def test_plover_a_name_the_actor_base_does_not_know_still_acts(pipeline: Any) -> None:
    doc = run(pipeline, "The Quarvian Assembly demanded new elections on Tuesday.")
    ev = top(doc)
    assert ev.plover_type == "REQUEST"
    assert any(a.role == "initiator" and "Quarvian" in a.name for a in ev.actors)


def test_plover_a_strike_by_workers_is_a_protest_not_an_air_strike(pipeline: Any) -> None:
    doc = run(pipeline, "Teachers began an open-ended strike over unpaid salaries on Monday.")
    ev = top(doc)
    assert ev.plover_type == "PROTEST" and ev.sub_event_type == "Peaceful protest"
    air = run(pipeline, "A coalition strike killed four militants near Raqqa on Monday.")
    assert material(air)[0].sub_event_type == "Air/drone strike"


def test_plover_blocking_roads_by_protesters_or_by_troops(pipeline: Any) -> None:
    assert top(run(pipeline, "Hundreds of protesters blocked the main highway on Monday.")).plover_type == "PROTEST"
    troops = run(pipeline, "Israeli troops blocked the road to the village on Monday.")
    assert top(troops).plover_type == "COERCE" and material(troops) == []


def test_plover_a_protest_with_a_clause_is_a_complaint(pipeline: Any) -> None:
    doc = run(pipeline, "The union protested that the government had broken its promises.")
    assert top(doc).plover_type == "ACCUSE"
    assert material(doc) == []


def test_acled_bombing_from_the_air_is_an_air_strike(pipeline: Any) -> None:
    doc = run(pipeline, "Government warplanes bombed a market in Idlib on Sunday, killing nine people.")
    assert {e.sub_event_type for e in material(doc)} == {"Air/drone strike"}
    ied = run(pipeline, "A roadside bomb exploded near a bus in Kabul on Sunday, killing nine people.")
    assert {e.sub_event_type for e in material(ied)} == {"Remote explosive/landmine/IED"}


def test_acled_the_weapon_of_an_attack_types_it(pipeline: Any) -> None:
    doc = run(pipeline, "Five people were killed in a mortar attack on the town on Monday.")
    assert [e.sub_event_type for e in material(doc)] == ["Shelling/artillery/missile attack"]
    doc = run(pipeline, "Two civilians were killed and six wounded on Monday in attacks with rockets on the city.")
    evs = material(doc)
    assert len(evs) == 1 and evs[0].sub_event_type == "Shelling/artillery/missile attack"
    assert evs[0].fatalities.low == 2


def test_acled_the_accused_is_the_agent_of_the_act(pipeline: Any) -> None:
    doc = run(pipeline, "Activists accused the Syrian army of using chemical weapons in the town on Monday.")
    chem = [e for e in material(doc) if e.sub_event_type == "Chemical weapon"]
    assert chem and any(a.role == "initiator" and a.country == "SYR" for a in chem[0].actors)


def test_acled_weapons_talked_about_and_groups_described_are_not_attacks(pipeline: Any) -> None:
    doc = run(pipeline, "Police announced the discovery of rockets near the border on Monday.\n"
                        "The coalition fighting the militants said it had opened an inquiry.")
    assert material(doc) == []
    doc = run(pipeline, "The army carried out strikes on militant positions near Mosul on Monday.")
    assert material(doc)
