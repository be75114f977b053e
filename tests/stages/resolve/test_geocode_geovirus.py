"""Measure the geocoder on real data: GeoVirus gold toponyms and CENTCOM strike towns.

Oracle names: each GeoVirus document's gold toponym strings are resolved with the document's
other gold toponyms as context (what a geoparser would have), then scored like
``shared/tools/score_mentions.py geo``: right when within 161 km of the gold point. CENTCOM: the
town after "Near " resolved with no context must lie in the gold country (Iraq or Syria).
Reads ../shared at test time (never copied); skipped where it is absent.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from gazetteer_session import gazetteer, geocoder  # noqa: F401  (session fixtures)

from eventledger.model.geo import great_circle_km
from eventledger.stages.resolve.geocode import GazetteerGeocoder

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
pytestmark = [
    pytest.mark.gazetteer,
    pytest.mark.shared,
    pytest.mark.skipif(not (SHARED / "eval" / "geovirus").is_dir(),
                       reason="../shared/eval is absent (a user's clone): no evaluation data to measure on"),
]

# Floors a little under what the geocoder reaches (see the printed figures); raise them as it improves.
GEOVIRUS_FLOOR = 0.72
GEOVIRUS_NON_COUNTRY_FLOOR = 0.75
CENTCOM_FLOOR = 0.74


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle km on a sphere of radius 6371.0088 km (as the project's scorer)."""
    return great_circle_km(lat1, lon1, lat2, lon2)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_geocode_geovirus_accuracy_within_161_km(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    total = right = countries = countries_right = unresolved = 0
    for doc in _lines(SHARED / "eval" / "geovirus" / "gold.jsonl"):
        toponyms = doc["toponyms"]
        places = geocoder.resolve_many([t["text"] for t in toponyms])
        for gold, place in zip(toponyms, places, strict=True):
            total += 1
            unresolved += place is None or place.lat is None
            ok = place is not None and place.lat is not None and \
                math.log1p(_km(gold["lat"], gold["lon"], place.lat, place.lon)) < math.log(161)
            right += ok
            if place is not None and place.precision == "country":
                countries += 1
                countries_right += ok
    acc = right / total
    non_country = (right - countries_right) / (total - countries)
    print(f"\ngeovirus oracle names: acc161={acc:.3f} over {total} toponyms; unresolved={unresolved}; "
          f"resolved to a country: {countries} ({countries_right / countries:.2f} within 161 km); "
          f"acc161 on the rest={non_country:.3f}")
    assert acc >= GEOVIRUS_FLOOR
    assert non_country >= GEOVIRUS_NON_COUNTRY_FLOOR


def test_geocode_centcom_towns_land_in_gold_country(geocoder: GazetteerGeocoder) -> None:  # noqa: F811
    docs = _lines(SHARED / "eval" / "centcom" / "docs.jsonl")
    golds = {g["id"]: g["events"][0]["country"] for g in _lines(SHARED / "eval" / "centcom" / "gold.jsonl")}
    right = 0
    by_country: Counter[str] = Counter()
    right_by_country: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for doc in docs:
        m = re.match(r"Near ([^,]+?)(?:,| [a-z])", doc["text"])
        assert m, doc["text"]
        town, gold = m.group(1), golds[doc["id"]]
        place = geocoder.resolve(town)
        by_country[gold] += 1
        if place is not None and place.country == gold:
            right += 1
            right_by_country[gold] += 1
        else:
            misses[f"{town}->{place.country if place else None}"] += 1
    share = right / len(docs)
    per = ", ".join(f"{c} {right_by_country[c]}/{n}" for c, n in sorted(by_country.items()))
    print(f"\ncentcom towns in the gold country: {share:.3f} ({per}); misses: {misses.most_common(8)}")
    assert share >= CENTCOM_FLOOR
