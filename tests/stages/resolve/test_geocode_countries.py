"""Countries by name, code and demonym, and the StaticGeocoder test double (no gazetteer file)."""

from __future__ import annotations

import pytest

from eventledger.model import Place
from eventledger.stages.resolve.geocode import (
    Geocoder,
    PlaceContext,
    StaticGeocoder,
    country_of_demonym,
    resolve_country,
)


@pytest.mark.parametrize(("word", "iso3"), [
    ("Iraqi", "IRQ"), ("Iraqis", "IRQ"), ("American", "USA"), ("Americans", "USA"), ("Syrian", "SYR"),
    ("British", "GBR"), ("Briton", "GBR"), ("Filipinos", "PHL"), ("Swiss", "CHE"), ("Saudi", "SAU"),
    ("Kosovar", "XKX"), ("PALESTINIAN", "PSE"),
])
def test_geocode_country_of_demonym(word: str, iso3: str) -> None:
    assert country_of_demonym(word) == iso3


@pytest.mark.parametrize("word", ["Congolese", "Korean", "Martian", "", "the"])
def test_geocode_country_of_demonym_unknown_or_ambiguous(word: str) -> None:
    assert country_of_demonym(word) is None


@pytest.mark.parametrize(("name", "iso3"), [
    ("US", "USA"), ("U.S.", "USA"), ("United States", "USA"), ("the United States", "USA"),
    ("Iraq", "IRQ"), ("IRQ", "IRQ"), ("UK", "GBR"), ("Britain", "GBR"), ("DRC", "COD"), ("IN", "IND"),
    ("Syrian Arab Republic", "SYR"), ("Türkiye", "TUR"), ("Ivory Coast", "CIV"), ("Kosovo", "XKX"),
])
def test_geocode_resolve_country(name: str, iso3: str) -> None:
    place = resolve_country(name)
    assert place is not None
    assert (place.country, place.precision) == (iso3, "country")


@pytest.mark.parametrize("name", ["in", "Mosul", "Atlantis", "", "Kurdistan"])
def test_geocode_resolve_country_none(name: str) -> None:
    assert resolve_country(name) is None


def test_geocode_resolve_country_is_a_fresh_centroid() -> None:
    place = resolve_country("United States")
    assert place.lat is not None and place.lon is not None and place.name == "United States"
    place.name = "changed"
    assert resolve_country("US").name == "United States"


def test_geocode_static_geocoder() -> None:
    mosul = Place("Mosul", "IRQ", "city", admin1="Ninawa", lat=36.34, lon=43.12, score=0.9)
    geo = StaticGeocoder({"Mosul": mosul})
    assert isinstance(geo, Geocoder)
    assert geo.resolve("MOSUL", PlaceContext()) == mosul
    assert geo.resolve("mosul") is not mosul
    assert geo.candidates("Mosul") == [mosul]
    assert geo.resolve("Kirkuk") is None and geo.candidates("Kirkuk") == []
