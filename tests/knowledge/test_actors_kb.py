"""The shipped knowledge base: both data files, the rule-made country actors, curated overrides."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from eventledger.knowledge.actors import load_actor_kb
from eventledger.knowledge.countries import load_countries

DATA = resources.files("eventledger").joinpath("data")


def _json(*parts: str) -> dict:
    return json.loads(DATA.joinpath(*parts).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["actors", "actors_phoenix"])
def test_actors_kb_data_files_validate_against_their_schemas(name: str) -> None:
    jsonschema.validate(_json(f"{name}.json"), _json("schemas", f"{name}.schema.json"))


def test_actors_kb_phoenix_file_keeps_the_mit_notice() -> None:
    doc = _json("actors_phoenix.json")
    assert "MIT License" in doc["licence"] and "Permission is hereby granted" in doc["licence"]
    assert doc["source"]["repository"] == "openeventdata/petrarch2"


def test_actors_kb_ids_unique_and_every_parent_resolves() -> None:
    kb = load_actor_kb()
    curated = [a["id"] for a in _json("actors.json")["actors"]]
    phoenix = [a["id"] for a in _json("actors_phoenix.json")["actors"]]
    assert len(set(curated)) == len(curated) and len(set(phoenix)) == len(phoenix)
    assert not set(curated) & set(phoenix)
    dangling = [(a.id, p) for a in kb.actors.values() for p in a.member_of if p not in kb.actors]
    assert not dangling


def _link(text: str) -> list[tuple[str, str, str | None]]:
    kb = load_actor_kb()
    return [(text[m.start:m.end], m.actor.type, m.actor.country) for m in kb.find(text)]


def test_actors_kb_every_country_has_state_forces_and_a_government() -> None:
    kb = load_actor_kb()
    countries = load_countries()
    missing = [iso3 for iso3 in countries.by_iso3 if kb.state_forces_of(iso3) is None or kb.government_of(iso3) is None]
    assert not missing
    assert kb.state_forces_of("NGA").name == "Nigeria Armed Forces"
    assert kb.government_of("NGA").name == "Government of Nigeria"


@pytest.mark.parametrize(("text", "iso3"), [("Nigerian army", "NGA"), ("Malian troops", "MLI"), ("Iraqi police", "IRQ"),
                                            ("Lebanese military", "LBN"), ("Syria's army", "SYR"),
                                            ("U.S. forces", "USA")])
def test_actors_kb_demonym_force_phrases_link_to_the_country_forces(text: str, iso3: str) -> None:
    assert _link(text) == [(text, "state_forces", iso3)]


def test_actors_kb_curated_groups_the_2014_dictionaries_lack() -> None:
    text = ("Islamic State, the Houthis, Ansarallah, the Popular Mobilization Units, Kataib Hezbollah, the Islamic "
            "Resistance in Iraq, Asaib Ahl al-Haq, Hayat Tahrir al-Sham, the Wagner Group and the RSF")
    found = _link(text)
    assert len(found) == 10
    assert ("Ansarallah", "armed_group", "YEM") in found  # Phoenix codes it Lebanese
    assert ("Popular Mobilization Units", "state_forces", "IRQ") in found


def test_actors_kb_curated_override_beats_phoenix_for_the_same_alias() -> None:
    kb = load_actor_kb()
    phoenix = {a.id: a for a in kb.actors.values() if a.source == "phoenix"}
    shared = [a for a in phoenix.values() if "Ansar Allah" in a.aliases]
    assert shared and all(a.country == "LBN" for a in shared)
    assert kb.owner("Ansar Allah").id == "houthis"


def test_actors_kb_phoenix_actors_match_where_nothing_curated_does() -> None:
    assert _link("the Lord's Resistance Army attacked") == [("Lord's Resistance Army", "armed_group", None)]
    assert _link("Jaish-e-Mohammad claimed it") == [("Jaish-e-Mohammad", "armed_group", None)]


def test_actors_kb_persons_have_roles_and_members_resolve() -> None:
    kb = load_actor_kb()
    sudani = kb.owner("Mohammed Shia al-Sudani")
    assert sudani is not None and sudani.type == "person" and sudani.role == "Prime Minister"
    assert [p.type for p in kb.parents(sudani.id)] == ["government"]
    assert sudani in kb.members(kb.government_of("IRQ").id)
    nasrallah = kb.owner("Hassan Nasrallah")
    assert nasrallah.role_to == "2024-09-27" and kb.parents(nasrallah.id)[0].id == "hezbollah"


def test_actors_kb_old_roles_keep_their_end_date() -> None:
    kb = load_actor_kb()
    old = [a for a in kb.actors.values() if a.source == "phoenix" and a.type == "person" and a.role_to]
    assert len(old) > 1000 and all(a.role_to <= "2015-12-31" for a in old)
