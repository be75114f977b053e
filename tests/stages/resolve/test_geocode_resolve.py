"""Resolving place names against the real gazetteer: precedence, context, honest refusals."""

from __future__ import annotations

from collections import Counter

import pytest
from gazetteer_session import gazetteer, geocoder  # noqa: F401  (session fixtures)

from eventledger.model import Place
from eventledger.stages.resolve.geocode import (
    GazetteerGeocoder,
    Geocoder,
    PlaceContext,
    parse_border,
    parse_place_name,
)

pytestmark = pytest.mark.gazetteer


def _ctx(**countries: float) -> PlaceContext:
    return PlaceContext(countries=Counter(countries))


def test_geocode_country_resolves_to_its_centroid(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    place = geocoder.resolve("Iraq")
    assert place is not None
    assert (place.country, place.precision, place.name) == ("IRQ", "country", "Iraq")
    assert place.lat == pytest.approx(33, abs=1) and place.lon == pytest.approx(44, abs=1)
    # The centroid, not Baghdad.
    assert (place.lat, place.lon) != pytest.approx((33.34, 44.40), abs=0.2)
    assert 0.8 < place.score <= 1.0


@pytest.mark.parametrize(("name", "iso3", "admin1"), [
    ("Texas", "USA", "Texas"),
    ("Anbar", "IRQ", "Anbar"),
    ("Nineveh", "IRQ", "Ninawa"),
    ("Helmand", "AFG", "Helmand"),
    ("Kirkuk province", "IRQ", "Muhafazat Kirkuk"),
    ("Queensland", "AUS", "Queensland"),
])
def test_geocode_admin1_resolves_with_precision_admin1(geocoder: GazetteerGeocoder, name: str, iso3: str,  # noqa: F811
                                                       admin1: str) -> None:
    place = geocoder.resolve(name)
    assert place is not None
    assert (place.precision, place.country, place.admin1) == ("admin1", iso3, admin1)


def test_geocode_georgia_country_unless_context_says_us(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    alone = geocoder.resolve("Georgia")
    assert (alone.country, alone.precision) == ("GEO", "country")
    in_us = geocoder.resolve("Georgia", _ctx(USA=3))
    assert (in_us.country, in_us.precision, in_us.name) == ("USA", "admin1", "Georgia")
    in_caucasus = geocoder.resolve("Georgia", PlaceContext(names=["Tbilisi", "Georgia", "Armenia"]))
    assert in_caucasus.country == "GEO"
    by_names = geocoder.resolve("Georgia", PlaceContext(names=["Atlanta", "Georgia", "Alabama"]))
    assert by_names.country == "USA"


@pytest.mark.parametrize(("word", "iso3"), [("Reading", "GBR"), ("Nice", "FRA"), ("Mobile", "USA"),
                                            ("Hit", "IRQ")])
def test_geocode_common_word_needs_country_evidence(geocoder: GazetteerGeocoder, word: str,  # noqa: F811
                                                    iso3: str) -> None:
    assert geocoder.resolve(word) is None
    assert geocoder.resolve(word, _ctx(JPN=5)) is None
    place = geocoder.resolve(word, _ctx(**{iso3: 2}))
    assert place is not None and place.country == iso3
    # The candidates are still listed for a caller that wants them.
    assert any(c.country == iso3 for c in geocoder.candidates(word))


@pytest.mark.parametrize(("name", "iso3"), [
    ("Mosul", "IRQ"), ("Kobani", "SYR"), ("Al Qaim", "IRQ"), ("Ar Raqqah", "SYR"), ("Bayji", "IRQ"),
    ("Tal Afar", "IRQ"), ("Dayr Az Zawr", "SYR"), ("Fallujah", "IRQ"), ("Manbij", "SYR"),
])
def test_geocode_centcom_towns_without_context(geocoder: GazetteerGeocoder, name: str, iso3: str) -> None:  # noqa: F811
    place = geocoder.resolve(name)
    assert place is not None and place.country == iso3
    # "Dayr Az Zawr" is also the governorate's ISO 3166-2 name: either reading is in Syria.
    assert place.precision in ("city", "admin1")


def test_geocode_namesake_city_beats_its_division(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    # Most of the governorate's people live in the city: the bare name means the city ...
    for name in ("Baghdad", "Kirkuk", "Paris"):
        assert geocoder.resolve(name).precision == "city", name
    # ... unless the text says "province".
    assert geocoder.resolve("Baghdad province").precision == "admin1"


def test_geocode_modifiers_and_kind_words(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    east = geocoder.resolve("east Baghdad")
    assert (east.name, east.precision, east.country) == ("Baghdad", "city", "IRQ")
    city = geocoder.resolve("the city of Kirkuk")
    assert (city.precision, city.country) == ("city", "IRQ")
    # "West Prince" is not whatever has "Prince" as an alternate name.
    assert geocoder.resolve("West Prince") is None


def test_geocode_qualifiers_pick_the_division(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    santa_ana = geocoder.resolve("Santa Ana, California")
    assert (santa_ana.country, santa_ana.admin1) == ("USA", "California")
    ndele = geocoder.resolve("Ndele (Ndele, Bamingui-Bangoran)")
    assert (ndele.country, ndele.admin1) == ("CAF", "Bamingui-Bangoran")


def test_geocode_context_from_other_names(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    assert geocoder.resolve("Tripoli").country == "LBY"
    assert geocoder.resolve("Tripoli", PlaceContext(names=["Beirut", "Tripoli", "Sidon"])).country == "LBN"
    places = geocoder.resolve_many(["Victoria", "Melbourne", "Geelong"])
    assert [p.country for p in places] == ["AUS", "AUS", "AUS"]


def test_geocode_regions_seas_and_borders(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    for name, iso3 in [("Gaza Strip", "PSE"), ("West Bank", "PSE"), ("Kurdistan Region", "IRQ"),
                       ("Middle East", None), ("Sahel", None), ("Red Sea", None), ("Mediterranean", None)]:
        place = geocoder.resolve(name)
        assert place is not None and place.country == iso3, name
        assert place.precision in ("region", "admin1") and place.lat is not None
    border = geocoder.resolve("the Syria-Jordan border")
    assert (border.precision, border.country) == ("region", "SYR")
    assert 32 < border.lat < 34 and 35.5 < border.lon < 39
    assert geocoder.resolve("Turkish-Syrian border").country == "TUR"
    assert geocoder.resolve("Syria-Japan border") is None


def test_geocode_unknown_names_are_none(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    assert geocoder.resolve("Xqzzyville") is None
    assert geocoder.resolve("") is None
    assert geocoder.resolve("   ") is None
    assert geocoder.candidates("Xqzzyville") == []


def test_geocode_scores_are_probabilities(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    candidates = geocoder.candidates("Santa Ana")
    assert len(candidates) > 10
    assert sum(c.score for c in candidates) == pytest.approx(1.0, abs=0.01)
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    best = geocoder.resolve("Santa Ana")
    assert 0.0 < best.score < candidates[0].score + 1e-9
    assert isinstance(geocoder, Geocoder)


def test_geocode_parse_helpers() -> None:
    assert parse_place_name("Santa Ana, California").qualifiers == ("California",)
    assert parse_place_name("Ndele (Ndele, Bamingui-Bangoran)").qualifiers == ("Bamingui-Bangoran",)
    assert parse_place_name("Mosul").core == "Mosul"
    assert parse_border("the Syria–Jordan border area") == ("Syria", "Jordan")
    assert parse_border("border between Iraq and Syria") == ("Iraq", "Syria")
    assert parse_border("Iraq's border with Syria") == ("Iraq", "Syria")
    assert parse_border("Mosul") is None


def test_geocode_from_places_context() -> None:
    ctx = PlaceContext.from_places([Place("Mosul", "IRQ", "city", admin1="Ninawa", score=0.5), None],
                                   demonyms=["Syrians", "Martian"], outlet_country="GBR")
    assert ctx.countries == Counter({"SYR": 1.0, "IRQ": 0.5})
    assert ctx.admin1 == Counter({"ninawa": 0.5})
    assert not ctx.is_empty() and PlaceContext().is_empty()


def test_geocode_acronyms_are_no_cities(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    # A news agency or an acronym in capitals is not the city it spells.
    assert geocoder.resolve("SANA", _ctx(SYR=3)) is None
    assert geocoder.resolve("NGO") is None
    # ... while a capitalised country name still resolves.
    uk = geocoder.resolve("UK")
    assert uk is not None and uk.country == "GBR"


def test_geocode_small_foreign_namesake_refused_in_a_one_country_story(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    syria = _ctx(SYR=4)
    # A village spelling the gazetteer only knows abroad: null, not a confident foreign place.
    place = geocoder.resolve("Fuaa", syria)
    assert place is None or place.country == "SYR"
    # A large foreign city named in the same story still resolves.
    beirut = geocoder.resolve("Beirut", syria)
    assert beirut is not None and beirut.country == "LBN"
    # Without a dominant country nothing is refused.
    assert geocoder.resolve("Fuaa") is not None
