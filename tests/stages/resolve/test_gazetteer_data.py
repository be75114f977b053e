"""The gazetteer's curated data files validate against their schemas and agree with each other."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pycountry
import pytest

from eventledger.stages.resolve.gazetteer_sources import iso2_to_iso3
from eventledger.stages.resolve.placekeys import fold


def _load(name: str) -> dict:
    root = resources.files("eventledger").joinpath("data")
    return json.loads(root.joinpath(name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["places", "place_words", "demonyms"])
def test_gazetteer_data_file_matches_schema(name: str) -> None:
    schema = _load(f"schemas/{name}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(_load(f"{name}.json"))]
    assert errors == []


def test_gazetteer_data_codes_are_real_countries() -> None:
    known = set(iso2_to_iso3().values())
    places = _load("places.json")
    codes = set(places["country_aliases"]) | {a[0] for a in places["admin1_aliases"]}
    for place in places["places"]:
        codes |= {place["country"]} - {None}
        codes |= set(place.get("members", {}).get("countries", []))
        codes |= {m[0] for m in place.get("members", {}).get("admin1", [])}
    codes |= set(_load("demonyms.json")["demonyms"].values())
    assert codes - known == set()
    assert len(known) >= len(pycountry.countries)


def test_gazetteer_data_no_duplicate_curated_names() -> None:
    names = [fold(p["name"]) for p in _load("places.json")["places"]]
    assert len(names) == len(set(names))


def test_gazetteer_data_ambiguous_demonyms_are_not_mapped() -> None:
    data = _load("demonyms.json")
    mapped = {fold(k) for k in data["demonyms"]}
    assert not mapped & {fold(a) for a in data["ambiguous"]}


def test_gazetteer_data_common_words_are_not_countries() -> None:
    # A country name must never need context: keep countries out of the common-word list.
    countries = {fold(c.name) for c in pycountry.countries}
    assert not countries & set(_load("place_words.json")["common_words"])
