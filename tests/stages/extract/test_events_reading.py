"""Event reading on sentences written for these tests (the real pipeline: spaCy model + gazetteer)."""

from __future__ import annotations

from typing import Any

import pytest

from eventledger.model import Document
from eventledger.stages.ingest import document_from_text

pytestmark = pytest.mark.model


def run(pipeline: Any, text: str, published: str | None = "2024-03-07") -> Document:
    doc = document_from_text(text, source_id="t", published=published, outlet="Test Wire")
    out = pipeline.process_one(doc)
    assert out.failure is None, out.failure
    assert out.document is not None
    return out.document


def material(doc: Document) -> list[Any]:
    return [e for e in doc.events if e.event_type is not None]


def test_events_suicide_bombing_with_place_date_and_toll(pipeline: Any) -> None:
    doc = run(pipeline, "A suicide bomber killed 12 people at a market in Kabul on Monday, police said.")
    ev = material(doc)[0]
    assert ev.sub_event_type == "Suicide bomb"
    assert ev.plover_type == "ASSAULT"
    assert ev.fatalities.low == 12 and ev.fatalities.high == 12
    assert ev.date is not None and ev.date.value == "2024-03-04" and ev.date.precision == "day"
    assert ev.location is not None and ev.location.place.country == "AFG"
    assert ev.location.span is not None and ev.location.span.text == "Kabul"


def test_events_negated_and_planned_attacks_are_not_events(pipeline: Any) -> None:
    doc = run(pipeline, "The army did not shell the town. Rebels are planning to attack the airport next week.")
    assert material(doc) == []


def test_events_passive_voice_roles(pipeline: Any) -> None:
    doc = run(pipeline, "Three soldiers were killed by Taliban fighters in Helmand province on Tuesday.")
    ev = material(doc)[0]
    roles = {(a.role, a.name) for a in ev.actors}
    assert ("initiator", "Taliban") in roles
    assert any(r == "victim" and "soldiers" in n for r, n in roles)
    assert ev.fatalities.low == 3


def test_events_definite_reference_merges_into_one_event(pipeline: Any) -> None:
    text = ("A car bomb exploded near a checkpoint in Mosul on Sunday, killing five people.\n"
            "The blast was the deadliest in the city this year, officials said.")
    doc = run(pipeline, text)
    evs = material(doc)
    assert len(evs) == 1
    assert evs[0].sub_event_type == "Remote explosive/landmine/IED"
    assert len(evs[0].sources) == 2


def test_events_different_dates_stay_separate(pipeline: Any) -> None:
    text = ("An air strike hit a convoy near Raqqa on Monday.\n"
            "The strike came days after 3 March, when warplanes bombed a bridge in Deir ez-Zor.")
    doc = run(pipeline, text)
    days = sorted(e.date.value for e in material(doc) if e.date is not None)
    assert days == ["2024-03-03", "2024-03-04"]


def test_events_verbal_condemnation_has_speaker_and_target(pipeline: Any) -> None:
    doc = run(pipeline, "The foreign minister of Jordan condemned Israel on Wednesday for the raid.")
    verbal = [e for e in doc.events if e.plover_type == "ACCUSE"]
    assert verbal, [e.to_dict() for e in doc.events]
    assert verbal[0].event_type is None
    assert any(a.role == "target" and a.country == "ISR" for a in verbal[0].actors)


def test_events_every_span_slices_the_clean_text(pipeline: Any) -> None:
    text = ("Gunmen abducted two aid workers in north Darfur on Friday, a UN spokesman said.\n"
            "“We call for their immediate release,” he said.")
    doc = run(pipeline, text)
    for rec in doc.records():
        for key in ("span",):
            if isinstance(rec.get(key), list):
                s, e = rec[key]
                assert doc.text[s:e] == rec.get("text", doc.text[s:e])
    for ev in doc.events:
        assert doc.text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
        for a in ev.actors:
            if a.span is not None:
                assert doc.text[a.span.start:a.span.end] == a.span.text


def test_events_quotes_resolve_pronouns_and_surnames(pipeline: Any) -> None:
    text = ("Defence Minister Anna Kowalska said on Monday that troops would stay.\n"
            "“We will not leave,” she said.\n"
            "“The mission goes on,” Kowalska added.")
    doc = run(pipeline, text)
    direct = [s for s in doc.statements if s.kind == "direct"]
    assert len(direct) == 2
    assert {s.speaker.name for s in direct} == {"Anna Kowalska"}
    indirect = [s for s in doc.statements if s.kind == "indirect"]
    assert indirect and "troops would stay" in indirect[0].span.text
    assert indirect[0].speaker.title == "Defence Minister"


def test_events_document_without_events_gives_none(pipeline: Any) -> None:
    doc = run(pipeline, "The central bank kept interest rates unchanged at its meeting in Frankfurt.")
    assert material(doc) == []


def test_events_no_publication_date_leaves_relative_dates_unresolved(pipeline: Any) -> None:
    doc = run(pipeline, "Militants attacked a police station in Quetta on Thursday.", published=None)
    ev = material(doc)[0]
    assert ev.date is None
    times = [m for m in doc.mentions if m.kind == "time"]
    assert times and times[0].value is not None and times[0].value.value is None


def test_events_promises_and_plans_are_intentions_not_material_events(pipeline: Any) -> None:
    doc = run(pipeline, "Norway will send medical aid to Sudan next month.\n"
                        "The rebels threatened to storm the capital if talks failed.")
    assert material(doc) == []
    types = {e.plover_type for e in doc.events}
    assert "AGREE" in types and "THREATEN" in types


def test_events_must_after_a_speech_verb_is_a_demand(pipeline: Any) -> None:
    doc = run(pipeline, "Germany said on Friday that Iran must release the detained journalists.")
    demands = [e for e in doc.events if e.plover_type == "REQUEST"]
    assert demands and any(a.role == "initiator" and a.country == "DEU" for a in demands[0].actors)


def test_events_background_toll_and_seized_weapons_are_not_events(pipeline: Any) -> None:
    doc = run(pipeline, "The war has killed more than 300,000 people since 2011.\n"
                        "Police seized rockets and mortar shells in a raid on a warehouse in Homs on Monday.")
    subs = {e.sub_event_type for e in material(doc)}
    assert "Shelling/artillery/missile attack" not in subs
    assert all((e.fatalities.low or 0) < 1000 for e in material(doc))


def test_events_role_descriptions_are_not_events(pipeline: Any) -> None:
    text = ("Security forces detained a militia commander in Kandahar province on Tuesday.\n"
            "The commander is responsible for roadside bomb attacks against the police.")
    doc = run(pipeline, text)
    subs = [e.sub_event_type for e in material(doc)]
    assert subs == ["Arrests"], subs


def test_events_unqualified_victims_count_as_civilians(pipeline: Any) -> None:
    doc = run(pipeline, "A car bomb killed seven people in a market in Idlib on Sunday.")
    ev = material(doc)[0]
    assert (ev.fatalities.low, ev.fatalities.civilian_low) == (7, 7)
    doc2 = run(pipeline, "Clashes killed seven fighters near Idlib on Sunday.")
    assert material(doc2)[0].fatalities.civilian_low == 0  # combatants: no civilian among them


def test_events_without_a_place_take_the_documents_place_as_inferred(pipeline: Any) -> None:
    text = ("In Maiwand district, Kandahar province, a joint patrol searched several compounds on Monday.\n"
            "Two suspected insurgents were detained during the search.")
    doc = run(pipeline, text)
    arrests = [e for e in material(doc) if e.sub_event_type == "Arrests"]
    assert arrests and arrests[0].location is not None
    assert arrests[0].location.place.country == "AFG"


def test_events_dateless_event_takes_the_narrative_date_as_inferred(pipeline: Any) -> None:
    # 2024-03-07 is a Thursday: "yesterday" is the 6th, the publication day is not the event's.
    doc = run(pipeline, "In Nawa district, Helmand province, a coalition patrol targeted a bomb-making "
                        "network during a security operation, yesterday. Two suspected insurgents "
                        "were detained and taken for questioning.")
    arrests = [e for e in doc.events if e.sub_event_type == "Arrests"]
    assert arrests, [e.sub_event_type for e in doc.events]
    assert arrests[0].date is not None and arrests[0].date.value == "2024-03-06"
    assert arrests[0].date.inferred and arrests[0].date.span is None


def test_events_a_parenthesised_dateline_yields_to_the_events_own_day(pipeline: Any) -> None:
    doc = run(pipeline, "KABUL, Afghanistan (March 7) - A security force captured a Taliban commander "
                        "in Paktiya province Tuesday.")
    ev = next(e for e in doc.events if e.sub_event_type == "Arrests")
    assert ev.date is not None and ev.date.value == "2024-03-05" and not ev.date.inferred
    assert ev.date.span is not None and ev.date.span.text == "Tuesday"


def test_events_a_division_word_vouches_for_a_place_the_model_read_as_a_person(pipeline: Any) -> None:
    doc = run(pipeline, "An Afghan and coalition security force detained numerous suspected insurgents "
                        "during an operation in Pul-e ‘Alam district, Logar province today.")
    places = [m for m in doc.mentions if m.kind == "place"]
    assert any(m.span.text.startswith("Logar") and m.locative for m in places), places
    ev = next(e for e in doc.events if e.sub_event_type == "Arrests")
    assert ev.location is not None and ev.location.place.country == "AFG"
    assert ev.location.place.precision == "admin1"
    # the cut tail of a longer name is not read as a place of its own
    assert not any(m.span.text == "Alam" for m in places)


def test_events_a_place_listed_after_the_located_one_is_locative_too(pipeline: Any) -> None:
    doc = run(pipeline, "Yesterday in Darah-ye Pech district, Kunar province, Afghan forces received small "
                        "arms fire from insurgents. Coalition forces responded with a precision strike, "
                        "killing two insurgents.")
    ev = next(e for e in doc.events if e.event_type is not None)
    assert ev.location is not None and ev.location.place.precision == "admin1"
    assert ev.location.place.country == "AFG"
    assert not any(m.kind == "place" and m.span.text == "Pech" for m in doc.mentions)


def test_events_a_country_place_yields_to_the_storys_town_in_that_country(pipeline: Any) -> None:
    doc = run(pipeline, "Government forces shelled a market in Douma on Monday. Residents in Douma said the "
                        "shelling lasted for hours.\nAn air strike killed 12 people in Syria on Tuesday.")
    strike = next(e for e in doc.events if e.sub_event_type == "Air/drone strike")
    assert strike.location is not None and strike.location.place.country == "SYR"
    assert strike.location.place.precision != "country" and strike.location.inferred
