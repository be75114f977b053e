"""Every data file in eventledger/data validates against its schema, and cross-references hold."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

DATA = resources.files("eventledger").joinpath("data")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".json"))


def test_data_every_file_has_a_schema() -> None:
    schemas = {p.name for p in DATA.joinpath("schemas").iterdir()}
    missing = [f for f in FILES if f.replace(".json", ".schema.json") not in schemas]
    assert not missing, f"data files without a schema: {missing}"


@pytest.mark.parametrize("name", FILES)
def test_data_file_validates(name: str) -> None:
    data = json.loads(DATA.joinpath(name).read_text(encoding="utf-8"))
    schema = json.loads(DATA.joinpath("schemas", name.replace(".json", ".schema.json")).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_data_actor_parents_exist_and_ids_unique() -> None:
    actors = json.loads(DATA.joinpath("actors.json").read_text(encoding="utf-8"))["actors"]
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids))
    for a in actors:
        for parent in a.get("member_of", []):
            assert parent in ids, f"{a['id']} is a member of unknown actor {parent}"


def test_data_trigger_sub_types_match_acled_parents() -> None:
    from eventledger.export.acled_csv import disorder_type  # noqa: F401 - the export knows ACLED's tree

    parents = {
        "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
        "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                       "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                       "Grenade"},
        "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
        "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
        "Riots": {"Violent demonstration", "Mob violence"},
        "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                                   "Headquarters or base established", "Looting/property destruction",
                                   "Non-violent transfer of territory", "Other"},
    }
    triggers = json.loads(DATA.joinpath("triggers.json").read_text(encoding="utf-8"))["triggers"]
    for t in triggers:
        if t["event_type"] is None:
            assert t["sub_event_type"] is None, t["id"]
            assert t["family"] == "verbal" or t.get("generic"), t["id"]
        else:
            assert t["sub_event_type"] in parents[t["event_type"]], t["id"]
