"""Countries by name, alias, demonym and capital (ISO 3166 via pycountry, countryinfo's extras).

Used by the extractors to read "US", "U.S.", "Iraqi", "Washington" (a capital as metonymy for a
government) without the full gazetteer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .lexicons import load_data

# Aliases that are ordinary English words or too ambiguous to read as a country on their own.
_UNSAFE = {"us", "chad", "jordan", "georgia", "niger", "guinea", "turkey", "china", "japan",
           "man", "oman", "peru", "mali", "togo", "cuba"}


@dataclass(slots=True)
class Country:
    """One country: ISO3, its short English name, and every name that points to it."""

    iso3: str
    iso2: str
    name: str
    lat: float | None = None
    lon: float | None = None
    capital: str | None = None
    demonyms: list[str] = field(default_factory=list)


class CountryTable:
    """Look countries up by (folded) name, alias, demonym or capital."""

    def __init__(self, countries: list[Country], aliases: dict[str, str], demonyms: dict[str, str],
                 capitals: dict[str, str]) -> None:
        self.by_iso3 = {c.iso3: c for c in countries}
        self._aliases = aliases
        self._demonyms = demonyms
        self._capitals = capitals

    @staticmethod
    def fold(name: str) -> str:
        """Lower-case, dots dropped, whitespace collapsed: 'U.S.' -> 'us'."""
        return re.sub(r"\s+", " ", name.replace(".", "").replace("’", "'")).strip().lower()

    def by_name(self, name: str) -> Country | None:
        """The country a name or alias denotes ('Iraq', 'United States', 'US'), else None."""
        iso3 = self._aliases.get(self.fold(name))
        return self.by_iso3.get(iso3) if iso3 else None

    def by_demonym(self, word: str) -> Country | None:
        """The country of a demonym ('Iraqi', 'American', 'Syrian'), else None."""
        key = self.fold(word)
        iso3 = self._demonyms.get(key) or self._demonyms.get(key.rstrip("s"))
        return self.by_iso3.get(iso3) if iso3 else None

    def by_capital(self, name: str) -> Country | None:
        """The country whose capital this is ('Washington', 'Baghdad'), else None."""
        iso3 = self._capitals.get(self.fold(name))
        return self.by_iso3.get(iso3) if iso3 else None

    def names(self) -> dict[str, str]:
        """Every folded alias -> ISO3 (for building matchers)."""
        return dict(self._aliases)

    def demonyms(self) -> dict[str, str]:
        return dict(self._demonyms)


def _countryinfo_dir() -> Path | None:
    try:
        dist = metadata.distribution("countryinfo")
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("countryinfo/data")))
    return path if path.is_dir() else None


@lru_cache(maxsize=1)
def load_countries() -> CountryTable:
    """Build the country table once per process (pycountry + countryinfo + data/countries.json)."""
    import pycountry

    countries: dict[str, Country] = {}
    aliases: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        countries[c.alpha_3] = Country(c.alpha_3, c.alpha_2, name)
        for n in (c.name, name, getattr(c, "official_name", None)):
            if n:
                aliases.setdefault(CountryTable.fold(n), c.alpha_3)
    info_dir = _countryinfo_dir()
    if info_dir is not None:
        for f in sorted(info_dir.glob("*.json")):
            try:
                info = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue
            iso3 = (info.get("ISO") or {}).get("alpha3")
            if iso3 not in countries:
                continue
            c = countries[iso3]
            latlng = info.get("latlng") or []
            if len(latlng) == 2:
                c.lat, c.lon = float(latlng[0]), float(latlng[1])
            capital = info.get("capital") or None
            # A few countries list several capitals.
            caps = capital if isinstance(capital, list) else [capital] if capital else []
            c.capital = caps[0] if caps else None
            for cap in caps:
                if isinstance(cap, str):
                    capitals.setdefault(CountryTable.fold(cap), iso3)
            for alt in info.get("altSpellings") or []:
                if isinstance(alt, str) and len(alt) > 3 and CountryTable.fold(alt) not in _UNSAFE:
                    aliases.setdefault(CountryTable.fold(alt), iso3)
            dem = info.get("demonym")
            if isinstance(dem, str) and dem:
                c.demonyms.append(dem)
                demonyms.setdefault(CountryTable.fold(dem), iso3)
    extra = load_data("countries")
    for iso3, names in extra["aliases"].items():
        for n in names:
            aliases[CountryTable.fold(n)] = iso3
    for iso3, names in extra["demonyms"].items():
        for n in names:
            demonyms[CountryTable.fold(n)] = iso3
            if iso3 in countries:
                countries[iso3].demonyms.append(n)
    for iso3, names in extra.get("capitals", {}).items():
        for n in names:
            capitals[CountryTable.fold(n)] = iso3
    for n in extra.get("not_countries", []):
        aliases.pop(CountryTable.fold(n), None)
    return CountryTable(list(countries.values()), aliases, demonyms, capitals)
