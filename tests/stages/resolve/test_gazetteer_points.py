"""Country points: the compact main landmass's centroid where the Factbook point is off-centre."""

from __future__ import annotations

import math

import pytest
from gazetteer_session import gazetteer  # noqa: F401  (session fixture)

from eventledger.stages.resolve.gazetteer import Gazetteer
from eventledger.stages.resolve.gazetteer_sources import (
    FACTBOOK_SLACK_KM,
    _country_point,
    _km,
    landmass_point,
)
from eventledger.stages.resolve.geocode import resolve_country


def _square(lon: float, lat: float, size: float) -> list[tuple[float, float]]:
    return [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size)]


def test_gazetteer_points_square_centroid() -> None:
    lat, lon = landmass_point([_square(10.0, 0.0, 4.0)])
    assert lat == pytest.approx(2.0, abs=0.05) and lon == pytest.approx(12.0, abs=0.05)


def test_gazetteer_points_equal_area_pulls_south() -> None:
    # On a sphere a square in degrees has more area at its low-latitude edge.
    lat, _ = landmass_point([_square(0.0, 40.0, 20.0)])
    assert 49.0 < lat < 50.0


def test_gazetteer_points_across_the_antimeridian() -> None:
    lat, lon = landmass_point([[(178.0, -18.0), (-178.0, -18.0), (-178.0, -16.0), (178.0, -16.0)]])
    assert lat == pytest.approx(-17.0, abs=0.05) and abs(lon) == pytest.approx(180.0, abs=0.05)


def test_gazetteer_points_long_bent_shape_has_no_centre() -> None:
    # An L of two thin arms fills well under the solidity threshold of its hull.
    ell = [(0.0, 0.0), (10.0, 0.0), (10.0, 1.0), (1.0, 1.0), (1.0, 10.0), (0.0, 10.0)]
    assert landmass_point([ell]) is None


def test_gazetteer_points_archipelago_has_no_centre() -> None:
    islands = [_square(0.0, 0.0, 2.0), _square(5.0, 0.0, 2.0), _square(10.0, 0.0, 1.5)]
    assert landmass_point(islands) is None
    assert landmass_point([]) is None


def test_gazetteer_points_factbook_point_kept_when_close() -> None:
    assert _country_point([1, 38], (0.6, 37.8)) == (1.0, 38.0)
    assert _country_point([38, -97], (39.1, -98.7)) == (39.1, -98.7)  # 190 km off: replaced
    assert _country_point(None, (5.0, 5.0)) == (5.0, 5.0)
    assert _country_point([5, 5], None) == (5.0, 5.0)
    assert _country_point(None, None) == (None, None)
    assert _km((0.0, 0.0), (1.0, 1.0)) < FACTBOOK_SLACK_KM + 10


@pytest.mark.parametrize(("name", "centre"), [
    # Geographic centres as surveys give them (not the eval's points).
    ("United States", (39.83, -98.58)),   # contiguous United States, near Lebanon, Kansas
    ("Australia", (-25.61, 134.35)),      # Lambert Gravitational Centre
    ("China", (35.84, 103.45)),           # Lanzhou area
    ("Kenya", (0.5, 38.0)),
])
def test_gazetteer_points_real_country_near_its_centre(name: str, centre: tuple[float, float]) -> None:
    place = resolve_country(name)
    assert place is not None and place.lat is not None and place.lon is not None
    assert _km((place.lat, place.lon), centre) < 161


def test_gazetteer_points_archipelago_keeps_factbook_point() -> None:
    place = resolve_country("Indonesia")
    assert (place.lat, place.lon) == (-5.0, 120.0)


def test_gazetteer_points_gazetteer_matches_resolve_country(gazetteer: Gazetteer) -> None:  # noqa: F811
    for iso3 in ("USA", "CHN", "AUS", "IDN", "KEN"):
        entry = gazetteer.country(iso3)
        place = resolve_country(iso3)
        assert entry is not None and place is not None
        assert math.isclose(entry.lat, place.lat) and math.isclose(entry.lon, place.lon)
