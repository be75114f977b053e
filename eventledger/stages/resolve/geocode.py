"""Resolve place names to gazetteer features, using the document's country evidence.

``GazetteerGeocoder(gazetteer).resolve("Kirkuk", context)`` looks the name up by folded key and
transliteration key, ranks the candidates (country agreement with the document, feature kind,
log population, own name vs alternate name), and returns the best as a :class:`Place` with a
0..1 ``score``, or ``None`` where no honest answer exists (an unknown name, or an ordinary
English word such as "Nice" or "Reading" with nothing in the document pointing to its country).

``StaticGeocoder`` is a dictionary-backed test double; ``country_of_demonym`` and
``resolve_country`` answer the two questions extractors ask most without a gazetteer file.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol, runtime_checkable

from ...model import Place
from .gazetteer import Gazetteer, Match
from .gazetteer_build import strip_admin_affixes
from .gazetteer_sources import country_records, data_json
from .placekeys import fold, place_words

__all__ = ["GazetteerGeocoder", "Geocoder", "PlaceContext", "RankWeights", "StaticGeocoder",
           "country_of_demonym", "parse_border", "parse_place_name", "resolve_country"]


# --------------------------------------------------------------------------- context


@dataclass(slots=True)
class PlaceContext:
    """What a document says about where it is, for disambiguating one place name.

    ``countries``: ISO3 -> evidence weight (country names, demonyms, actors' countries);
    ``outlet_country``: where the publisher is, if known (weak evidence);
    ``admin1``: folded first-level division names the document mentions or a parenthesised
    hierarchy gives ("Ndele (Ndele, Bamingui-Bangoran)" -> "bamingui bangoran");
    ``names``: the document's place names: each one's readings are evidence for the *others*
    (a name never votes for itself), the way a geoparser uses the rest of the article.
    """

    countries: Counter[str] = field(default_factory=Counter)
    outlet_country: str | None = None
    admin1: Counter[str] = field(default_factory=Counter)
    names: list[str] = field(default_factory=list)
    # Per-name evidence from ``names``, computed once by the first geocoder that needs it.
    _evidence: dict[str, PlaceContext] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_places(cls, places: Iterable[Place | None], *, demonyms: Iterable[str] = (),
                    outlet_country: str | None = None) -> PlaceContext:
        """Context from places already resolved in the document and demonyms it uses ("Iraqi")."""
        ctx = cls(outlet_country=outlet_country)
        for place in places:
            if place is None or place.country is None:
                continue
            weight = place.score if place.score is not None else 1.0
            ctx.countries[place.country] += weight
            if place.admin1:
                ctx.admin1[strip_admin_affixes(place.admin1)] += weight
        for word in demonyms:
            iso3 = country_of_demonym(word)
            if iso3:
                ctx.countries[iso3] += 1.0
        return ctx

    def evidence_only(self) -> PlaceContext:
        """A copy without ``names`` (the fixed evidence alone)."""
        return PlaceContext(Counter(self.countries), self.outlet_country, Counter(self.admin1))

    def is_empty(self) -> bool:
        """True when the context holds no evidence at all."""
        return not (self.countries or self.admin1 or self.names) and self.outlet_country is None


# --------------------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A place phrase split into the name to look up and what surrounds it."""

    core: str
    kind_hint: str | None = None  # "admin" | "city" from words like "province" or "city of"
    qualifiers: tuple[str, ...] = ()  # "California" in "Santa Ana, California"


@lru_cache(maxsize=1)
def _word_lists() -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...], frozenset[str]]:
    """(affix, side, kind) longest first; modifiers longest first; common words."""
    words = place_words()
    affixes: list[tuple[str, str, str]] = []
    for key, side, kind in (("admin_prefixes", "pre", "admin"), ("admin_suffixes", "suf", "admin"),
                            ("city_prefixes", "pre", "city"), ("city_suffixes", "suf", "city")):
        affixes += [(fold(w), side, kind) for w in words[key]]
    affixes.sort(key=lambda a: len(a[0]), reverse=True)
    modifiers = tuple(sorted({fold(m) for m in words["modifiers"]}, key=len, reverse=True))
    return tuple(affixes), modifiers, frozenset(fold(w) for w in words["common_words"])


_QUALIFIED = re.compile(r"^\s*(?P<core>[^(),]+?)\s*(?:\((?P<paren>[^)]*)\)|,(?P<comma>.+))\s*$")


def parse_place_name(name: str) -> ParsedName:
    """Split "Santa Ana, California" or "Ndele (Ndele, Bamingui-Bangoran)" into core and qualifiers."""
    m = _QUALIFIED.match(name)
    if not m:
        return ParsedName(name.strip())
    tail = m.group("paren") if m.group("paren") is not None else m.group("comma")
    quals = tuple(q.strip() for q in tail.split(",") if q.strip() and fold(q) != fold(m.group("core")))
    return ParsedName(m.group("core").strip(), None, quals)


_BORDER = (
    re.compile(r"^(?:the\s+)?(?P<a>[^-–—/]+?)\s*[-–—/]\s*(?P<b>[^-–—/]+?)\s+(?:border|frontier|boundary)s?"
               r"(?:\s+(?:area|region|zone|crossing|strip|line))?$", re.IGNORECASE),
    re.compile(r"^(?:the\s+)?(?:border|frontier|boundary)(?:\s+(?:area|region|zone))?\s+between\s+"
               r"(?:the\s+)?(?P<a>.+?)\s+and\s+(?:the\s+)?(?P<b>.+)$", re.IGNORECASE),
    re.compile(r"^(?:the\s+)?(?P<a>.+?)(?:'s|’s)?\s+(?:border|frontier)\s+with\s+(?:the\s+)?(?P<b>.+)$",
               re.IGNORECASE),
)


def parse_border(name: str) -> tuple[str, str] | None:
    """The two sides named in a border phrase ("Syria-Jordan border" -> ("Syria", "Jordan")), or None."""
    text = " ".join(name.split())
    for pattern in _BORDER:
        m = pattern.match(text)
        if m:
            return m.group("a").strip(), m.group("b").strip()
    return None


def _variants(core: str) -> list[tuple[str, str | None, bool]]:
    """Names to try, in order: as given; without a kind word; without position modifiers.

    Each is (text, kind hint, loose); a loose variant (modifier dropped: "east Baghdad") may only
    match a feature's own name exactly, since "West Prince" is not whatever has "Prince" as an
    alternate name.
    """
    affixes, modifiers, _ = _word_lists()
    out: list[tuple[str, str | None, bool]] = [(core, None, False)]
    key = fold(core)
    for affix, side, kind in affixes:
        if side == "pre" and key.startswith(affix + " ") and len(key) > len(affix) + 1:
            out.append((key[len(affix) + 1:], kind, False))
            break
        if side == "suf" and key.endswith(" " + affix) and len(key) > len(affix) + 1:
            out.append((key[: -len(affix) - 1], kind, False))
            break
    for text, kind, _loose in list(out):
        k = fold(text)
        for mod in modifiers:
            if k.startswith(mod + " ") and len(k) > len(mod) + 1:
                out.append((k[len(mod) + 1:], kind, True))
                break
    return out


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True, slots=True)
class RankWeights:
    """Weights of the candidate score (a log-linear model), set by hand and checked on GeoVirus dev.

    A grid over ``population`` (0.55-1.0), ``country_share`` (2-4), ``country_any`` (0.75-1.5),
    the admin1 prior (0.5-1.5) and ``namesake`` (0-4.5) moved GeoVirus accuracy by under one
    point: what is left there is coordinates and missing features, not ranking.
    """

    kind: Mapping[str, float] = field(default_factory=lambda: {
        "country": 3.0, "continent": 2.5, "region": 4.0, "admin1": 1.5, "admin2": 0.3, "city": 0.0})
    population: float = 0.7  # per decade of population
    unknown_population: int = 5000  # what a city of unknown population counts as
    region_population: int = 10_000_000  # what a curated region or sea without one counts as
    namesake: float = 3.0  # x the share of a same-named division's people living in the city
    own_name: float = 1.0  # the feature's own/official name, against an alternate name
    translit: float = -2.5  # matched only through the transliteration key
    country_share: float = 3.0  # x the share of the document's country evidence
    country_any: float = 1.0  # the document has any evidence for the candidate's country
    outlet: float = 0.5
    admin1_hint: float = 2.5
    kind_hint: float = 3.0
    qualifier: float = 4.0  # "Santa Ana, California": the qualifier names the candidate's division
    confidence_mid: float = 3.0  # absolute score at which a lone candidate is 50 % plausible
    common_word_min: float = 0.5  # country evidence a common-word name needs
    # A document whose country evidence (at least dominant_min, dominant_share of it on one
    # country) points elsewhere refuses a foreign candidate that is small or alternate-spelt.
    dominant_min: float = 2.0
    dominant_share: float = 0.6
    foreign_min_population: int = 100_000


def _score(m: Match, ctx: PlaceContext, kind_hint: str | None, quals: PlaceContext, w: RankWeights,
           divisions: Mapping[tuple[str | None, str, str], int]) -> float:
    """The log-linear score of one candidate (``divisions``: same-named divisions' populations)."""
    e = m.entry
    # Population 0 means unknown: GeoNames keeps such places in cities500 because they are seats
    # of administrative divisions (Tall Afar, Makhmur), which are seldom villages; a curated region
    # or sea is there because news names it often.
    population = e.population or {"city": w.unknown_population, "region": w.region_population}.get(e.kind, 1)
    s = w.kind.get(e.kind, 0.0) + w.population * math.log10(population)
    if e.kind == "city" and e.admin1:
        # The namesake seat of a division that is also a candidate ("Baghdad", "Kirkuk"): the
        # more of the division's people live in the city, the more the name means the city.
        # A same-named division elsewhere in the country counts too (Sanaa city lies in the
        # capital's own division, not in Sanaa governorate).
        admin1 = strip_admin_affixes(e.admin1)
        division = (divisions.get((e.country, admin1, "")) or divisions.get((e.country, admin1, fold(e.name)))
                    or divisions.get((e.country, strip_admin_affixes(e.name), "")))
        if division:
            s += w.namesake * min(1.0, e.population / division)
    s += w.own_name if m.quality >= 2 else 0.0
    s += 0.0 if m.exact else w.translit
    if e.country:
        total = sum(ctx.countries.values())
        if total > 0:
            s += w.country_share * ctx.countries[e.country] / total
            s += w.country_any if ctx.countries[e.country] > 0 else 0.0
        if ctx.outlet_country and ctx.outlet_country == e.country:
            s += w.outlet
        if quals.countries[e.country] > 0:
            s += w.qualifier
    if e.admin1 and e.kind in ("city", "admin2"):
        key = strip_admin_affixes(e.admin1)
        if ctx.admin1.get(key, 0) > 0:
            s += w.admin1_hint * min(1.0, ctx.admin1[key])
        if quals.admin1.get(key, 0) > 0:
            s += w.qualifier
    if kind_hint == "admin":
        s += w.kind_hint if e.kind in ("admin1", "admin2", "region") else -w.kind_hint
    elif kind_hint == "city":
        s += w.kind_hint if e.kind == "city" else -w.kind_hint
    return s


# --------------------------------------------------------------------------- geocoders


@runtime_checkable
class Geocoder(Protocol):
    """Anything that turns a place name (with document context) into a Place."""

    def resolve(self, name: str, context: PlaceContext | None = None) -> Place | None:
        """The best reading of ``name``, or None where there is no honest answer."""
        ...

    def candidates(self, name: str, context: PlaceContext | None = None) -> list[Place]:
        """Every reading of ``name``, best first, each with its probability as ``score``."""
        ...


def _acronym(name: str) -> bool:
    """An all-capitals short name ("SANA", "NGO"): a city never, a division ("NSW") may be one."""
    letters = name.replace(".", "").strip()
    return 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()


class GazetteerGeocoder:
    """The real geocoder: ranks gazetteer candidates against the document's context."""

    def __init__(self, gazetteer: Gazetteer, weights: RankWeights | None = None) -> None:
        self.gazetteer = gazetteer
        self.weights = weights or RankWeights()

    def _ranked(self, name: str, context: PlaceContext | None
                ) -> tuple[list[tuple[Match, float, float]], bool]:
        """(match, score, probability) best first, and whether the name is a common English word."""
        ctx = self._effective(name, context)
        parsed = parse_place_name(name)
        quals = self._qualifier_context(parsed.qualifiers)
        matches: list[Match] = []
        hint: str | None = None
        used = parsed.core
        for text, kind, loose in _variants(parsed.core):
            matches = self.gazetteer.lookup(text)
            if loose:
                matches = [m for m in matches if m.exact and m.quality >= 2]
            if matches:
                hint, used = kind, text
                break
        if not matches:
            return [], False
        # Same-named divisions among the candidates: an admin1 keyed by its bare name, an admin2
        # by its admin1 and its name (for the namesake-seat feature of _score).
        divisions: dict[tuple[str | None, str, str], int] = {}
        for m in matches:
            e = m.entry
            if e.population > 0 and e.kind == "admin1":
                divisions[(e.country, strip_admin_affixes(e.name), "")] = e.population
            elif e.population > 0 and e.kind == "admin2" and e.admin1:
                divisions[(e.country, strip_admin_affixes(e.admin1), fold(e.name))] = e.population
        scored = [(m, _score(m, ctx, hint, quals, self.weights, divisions)) for m in matches]
        top = max(s for _, s in scored)
        z = sum(math.exp(s - top) for _, s in scored)
        ranked = sorted(((m, s, math.exp(s - top) / z) for m, s in scored), key=lambda t: -t[1])
        common = fold(used) in _word_lists()[2]
        return ranked, common

    def _effective(self, name: str, context: PlaceContext | None) -> PlaceContext:
        """The context's fixed evidence plus what the document's *other* place names point at."""
        if context is None:
            return PlaceContext()
        if not context.names:
            return context
        if context._evidence is None:
            base = context.evidence_only()
            context._evidence = {}
            for other in context.names:
                key = fold(other)
                if key not in context._evidence:
                    context._evidence[key] = self._name_evidence(other, base)
        out = context.evidence_only()
        own = fold(name)
        for key, ev in context._evidence.items():
            if key != own:
                out.countries.update(ev.countries)
                out.admin1.update(ev.admin1)
        return out

    def _name_evidence(self, name: str, base: PlaceContext) -> PlaceContext:
        """A name's readings (alone, plus the fixed evidence) as probability-weighted evidence."""
        ev = PlaceContext()
        ranked, common = self._ranked(name, base)
        if common:
            return ev  # "Reading" is not evidence for England until something else says so
        for m, _, p in ranked[:10]:
            e = m.entry
            if e.country:
                ev.countries[e.country] += p
            if e.admin1:
                # A division named outright counts fully; a city's division counts half.
                ev.admin1[strip_admin_affixes(e.admin1)] += p if e.kind in ("admin1", "admin2") else 0.5 * p
        return ev

    def _qualifier_context(self, qualifiers: tuple[str, ...]) -> PlaceContext:
        """Evidence from "…, California" / "(…, Bamingui-Bangoran)": divisions and countries named."""
        quals = PlaceContext()
        for q in qualifiers:
            for m in self.gazetteer.lookup(q):
                e = m.entry
                if not m.exact or e.kind not in ("admin1", "admin2", "country"):
                    continue
                if e.country:
                    quals.countries[e.country] += 1
                if e.kind == "admin1" and e.admin1:
                    quals.admin1[strip_admin_affixes(e.admin1)] += 1
                elif e.kind == "admin2" and e.admin1:
                    quals.admin1[strip_admin_affixes(e.admin1)] += 1
        return quals

    def candidates(self, name: str, context: PlaceContext | None = None) -> list[Place]:
        """Every reading of ``name``, best first, ``score`` = its probability among them."""
        ranked, _ = self._ranked(name, context)
        return [m.entry.to_place(round(p, 4)) for m, _, p in ranked]

    def resolve(self, name: str, context: PlaceContext | None = None) -> Place | None:
        """The best reading of ``name`` with a 0..1 confidence, or None (unknown or unsupported)."""
        border = self.border(name)
        if border is not None:
            return border
        ranked, common = self._ranked(name, context)
        if not ranked:
            return None
        match, score, prob = ranked[0]
        ctx = self._effective(name, context)
        if common and not self._supported(match, ctx):
            return None  # an ordinary English word with nothing in the document pointing here
        if _acronym(name) and match.entry.kind == "city":
            return None  # "SANA", "NGO": an agency or a common acronym, not Sanaa or Ngo
        if self._foreign_and_weak(match, ctx):
            return None  # "Fuaa" in a Syrian story is no French village: honest null
        plausible = 1.0 / (1.0 + math.exp(-(score - self.weights.confidence_mid)))
        confidence = prob * plausible * (1.0 if match.exact else 0.85)
        return match.entry.to_place(round(confidence, 4))

    def border(self, name: str) -> Place | None:
        """A border between two neighbouring countries ("the Syria-Jordan border", "Turkish-Syrian
        border", "border between Iraq and Syria"), as a point on it with precision "region"."""
        sides = parse_border(name)
        if sides is None:
            return None
        isos: list[str | None] = []
        for side in sides:
            country = resolve_country(side)
            isos.append(country.country if country is not None else country_of_demonym(side))
        if None in isos or isos[0] == isos[1]:
            return None
        a, b = str(isos[0]), str(isos[1])
        point = self.gazetteer.border(a, b)
        if point is None:
            return None  # not neighbours in the outlines: no honest single point
        names = [self.gazetteer.country(iso).name if self.gazetteer.country(iso) else iso for iso in (a, b)]
        return Place(name=f"{names[0]}–{names[1]} border", country=a, precision="region",
                     lat=point[0], lon=point[1], score=0.9)

    def _foreign_and_weak(self, match: Match, ctx: PlaceContext) -> bool:
        """A small place, or one reached only through an alternate spelling, outside the
        country the whole document points at, with nothing pointing at its own country or
        division: more likely a local name the gazetteer lacks than a foreign namesake."""
        e = match.entry
        total = sum(ctx.countries.values())
        if not e.country or e.kind == "country" or total < self.weights.dominant_min:
            return False
        top, weight = ctx.countries.most_common(1)[0]
        if top == e.country or weight < self.weights.dominant_share * total:
            return False
        if ctx.countries.get(e.country, 0) > 0 or self._supported(match, ctx):
            return False
        return not match.exact or e.population < self.weights.foreign_min_population

    def _supported(self, match: Match, ctx: PlaceContext) -> bool:
        """True when the document's evidence points at this candidate's country or division."""
        e = match.entry
        if e.country and ctx.countries.get(e.country, 0) >= self.weights.common_word_min:
            return True
        return bool(e.admin1 and ctx.admin1.get(strip_admin_affixes(e.admin1), 0) > 0)

    def resolve_many(self, names: Iterable[str], *, context: PlaceContext | None = None
                     ) -> list[Place | None]:
        """Resolve every place name of one document, each in the light of the others."""
        names = list(names)
        base = context.evidence_only() if context is not None else PlaceContext()
        ctx = PlaceContext(base.countries, base.outlet_country, base.admin1,
                           [*(context.names if context is not None else []), *names])
        return [self.resolve(name, ctx) for name in names]


class StaticGeocoder:
    """A test double: a fixed mapping of (folded) names to Places; context is ignored."""

    def __init__(self, mapping: Mapping[str, Place]) -> None:
        self._places = {fold(k): v for k, v in mapping.items()}

    def resolve(self, name: str, context: PlaceContext | None = None) -> Place | None:
        """The mapped Place (a copy), or None."""
        place = self._places.get(fold(name))
        return replace(place) if place is not None else None

    def candidates(self, name: str, context: PlaceContext | None = None) -> list[Place]:
        """The mapped Place as the only candidate, or nothing."""
        place = self.resolve(name, context)
        return [place] if place is not None else []


# --------------------------------------------------------------------------- countries


@lru_cache(maxsize=1)
def _demonyms() -> tuple[dict[str, str], frozenset[str]]:
    data = data_json("demonyms.json")
    return ({fold(k): v for k, v in data["demonyms"].items()},
            frozenset(fold(w) for w in data.get("ambiguous", [])))


def country_of_demonym(word: str) -> str | None:
    """ISO3 of a nationality word: "Iraqi" -> IRQ, "Americans" -> USA; None if unknown or ambiguous."""
    table, ambiguous = _demonyms()
    key = fold(word)
    candidates = [key]
    if key.endswith("es"):
        candidates.append(key[:-2])
    if key.endswith("s"):
        candidates.append(key[:-1])
    for k in candidates:
        if k in ambiguous:
            return None
        if k in table:
            return table[k]
    return None


@lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, str], dict[str, Place]]:
    """(folded name -> ISO3, ISO3 -> country Place) from pycountry, countryinfo and places.json."""
    names: dict[str, str] = {}
    places: dict[str, Place] = {}
    # Own/official/curated names first so an alternative spelling never overrides them.
    records = country_records()
    for rec in records:
        for n in rec.names:
            names.setdefault(fold(n), rec.iso3)
    for rec in records:
        for n in rec.alt_names:
            if len(n) > 3:
                names.setdefault(fold(n), rec.iso3)
        places[rec.iso3] = Place(name=rec.name, country=rec.iso3, precision="country", lat=rec.lat,
                                 lon=rec.lon, geonames_id=rec.geonames_id, population=rec.population or None,
                                 score=1.0)
    return names, places


_CODE = re.compile(r"^(?:[A-Z]\.?){2,3}$")


def resolve_country(name: str) -> Place | None:
    """The country a name or ISO code denotes ("US", "U.S.", "United States", "IRQ"), or None.

    Codes count only written in capitals ("IN" is India, "in" is not); the Place has the
    country's centroid and precision "country".
    """
    names, places = _country_index()
    iso3 = names.get(fold(name))
    text = name.strip()
    if iso3 is None and _CODE.match(text):
        code = text.replace(".", "")
        for rec in country_records():
            if code in (rec.iso2, rec.iso3):
                iso3 = rec.iso3
                break
    return replace(places[iso3]) if iso3 in places else None


def curated_place_names() -> list[str]:
    """Names of the curated places (places.json), for tests and diagnostics."""
    return [p["name"] for p in data_json("places.json")["places"]]
