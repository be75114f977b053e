"""The resolve stage for one document: time values, places, events, statement dates.

Order matters: times and places are resolved first (mentions get their values), then event
mentions are merged into events that take their dates and places from those values, then
statements learn their dates and the events they are about.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from typing import Any

from ...knowledge import load_actor_kb, load_countries
from ...model import ActorRef, DateValue, Document, EntityValue, Mention, Place, Span, TimeValue
from ...settings import Settings
from .describe import summarise
from .events import EventBuilder
from .recognize import find_missed_places
from .timex import resolve_all

LOGGER = logging.getLogger(__name__)


def _published(doc: Document) -> date | None:
    try:
        return date.fromisoformat(doc.published) if doc.published else None
    except ValueError:
        return None


def _focus(doc: Document, places: dict[tuple[int, int], Place]) -> tuple[Place, Span] | None:
    """The sub-national place a document is about: named where something happened ("in X"),
    the most often (ties: the first), and the only such place of its country's top reading."""
    counts: Counter[tuple[str, str | None]] = Counter()
    first: dict[tuple[str, str | None], tuple[Place, Span]] = {}
    for m in doc.mentions:
        if m.kind != "place" or not m.locative:
            continue
        p = places.get((m.span.start, m.span.end))
        if p is None or p.precision in ("country", "region"):
            continue
        key = (p.name, p.country)
        counts[key] += 1
        first.setdefault(key, (p, m.span))
    if not counts:
        return None
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        # Two places named as often: the document is about more than one; fall back to their
        # shared first-level division when they have one.
        a, b = first[ranked[0][0]][0], first[ranked[1][0]][0]
        if a.precision == "admin1" and b.admin1 == a.name:
            return first[ranked[0][0]]
        if b.precision == "admin1" and a.admin1 == b.name:
            return first[ranked[1][0]]
        return None
    return first[ranked[0][0]]


def _country_place(iso3: str) -> Place | None:
    """A country as a place: the gazetteer's country point (see gazetteer_sources), country precision."""
    from .geocode import resolve_country

    place = resolve_country(iso3)
    if place is not None:
        return place
    c = load_countries().by_iso3.get(iso3)
    return Place(c.name, iso3, "country", lat=c.lat, lon=c.lon) if c is not None else None


def _attach_missed(doc: Document, places: list[Mention]) -> None:
    """Give places the model missed to the event mentions of their sentence that have none:
    the nearest one to the trigger, a locative one ("in X") first."""
    for em in doc.event_mentions:
        if em.places:
            continue
        here = [m for m in places if em.sentence.start <= m.span.start < em.sentence.end]
        if here:
            best = min(here, key=lambda m: (not m.locative, abs(m.span.start - em.trigger.start)))
            em.places.append(best.span)


def _outlet_actor(doc: Document) -> ActorRef | None:
    """The outlet as an actor when it is an armed force or alliance reporting its own actions."""
    if not doc.outlet:
        return None
    for m in load_actor_kb().find(doc.outlet):
        if m.actor.type in ("state_forces", "international"):
            a = m.actor
            return ActorRef("initiator", a.name, a.type, None, a.country, a.id, inferred=True)
    return None


class Resolver:
    """Resolves documents with one geocoder (shared across documents and threads of one process)."""

    def __init__(self, geocoder: Any | None) -> None:
        self.geocoder = geocoder

    @classmethod
    def from_settings(cls, settings: Settings) -> Resolver:
        """The default resolver: the offline gazetteer, built on first use."""
        from .gazetteer import Gazetteer
        from .geocode import GazetteerGeocoder

        return cls(GazetteerGeocoder(Gazetteer.open(settings)))

    # ----------------------------------------------------------------- pieces
    def _times(self, doc: Document) -> dict[tuple[int, int], DateValue]:
        mentions = [m for m in doc.mentions if m.kind == "time"]
        out: dict[tuple[int, int], DateValue] = {}
        for m, value in resolve_all(doc.text, [m.span for m in mentions], anchor=_published(doc)):
            for mention in mentions:
                if mention.span is m:
                    mention.value = value
            if isinstance(value, TimeValue):
                d = value.as_date(m.text, m)
                if d is not None:
                    out[(m.start, m.end)] = d
        return out

    def _country_evidence(self, doc: Document) -> Counter[str]:
        """ISO3 codes the document points at: country names, demonyms, actors' countries."""
        countries = load_countries()
        evidence: Counter[str] = Counter()
        for m in doc.mentions:
            if m.kind == "place":
                c = countries.by_name(m.span.text)
                if c is not None:
                    evidence[c.iso3] += 3 if m.locative else 1
            elif m.kind == "organization" and isinstance(m.value, EntityValue) and m.value.country:
                evidence[m.value.country] += 1
        for word in set(doc.text.replace("’", "'").split()):
            c = countries.by_demonym(word.strip(".,;:'\"()“”"))
            if c is not None:
                evidence[c.iso3] += 1
        return evidence

    def _places(self, doc: Document, evidence: Counter[str]) -> dict[tuple[int, int], Place]:
        out: dict[tuple[int, int], Place] = {}
        if self.geocoder is None:
            return out
        from .geocode import PlaceContext

        gazetteer = getattr(self.geocoder, "gazetteer", None)
        if gazetteer is not None:
            missed = find_missed_places(doc.text, doc.mentions, gazetteer.lookup)
            if missed:
                doc.mentions.extend(missed)
                doc.mentions.sort(key=lambda m: (m.span.start, m.span.end, m.kind))
                _attach_missed(doc, missed)

        names = [m.span.text for m in doc.mentions if m.kind == "place"]
        context = PlaceContext(countries=evidence, names=names)
        for m in doc.mentions:
            if m.kind != "place":
                continue
            place = self.geocoder.resolve(m.span.text, context)
            m.value = place
            if place is not None:
                out[(m.span.start, m.span.end)] = place
        return out

    def _doc_country(self, evidence: Counter[str], places: dict[tuple[int, int], Place]) -> Place | None:
        counts = Counter(evidence)
        for p in places.values():
            if p.country and p.precision != "country":
                counts[p.country] += 2
        if not counts:
            return None
        iso3, _ = counts.most_common(1)[0]
        return _country_place(iso3)

    # ----------------------------------------------------------------- main
    def resolve(self, doc: Document) -> Document:
        """Fill mention values, build events, date and link statements."""
        times = self._times(doc)
        evidence = self._country_evidence(doc)
        places = self._places(doc, evidence)
        builder = EventBuilder(doc.doc_id, doc.text, times, places, self._doc_country(evidence, places),
                               doc.published, summarise, outlet_actor=_outlet_actor(doc),
                               country_place=_country_place, focus=_focus(doc, places),
                               figure_readings=doc.figure_readings)
        doc.events = builder.build(doc.event_mentions)
        self._statements(doc, times)
        return doc

    def _statements(self, doc: Document, times: dict[tuple[int, int], DateValue]) -> None:
        by_sentence: dict[tuple[int, int], list[str]] = {}
        for ev in doc.events:
            for s in ev.sources:
                by_sentence.setdefault((s.span.start, s.span.end), []).append(ev.event_id)
        for st in doc.statements:
            if st.sentence is not None:
                st.about = list(dict.fromkeys(by_sentence.get((st.sentence.start, st.sentence.end), [])))
                own = [d for (s, e), d in times.items() if st.sentence.start <= s < st.sentence.end
                       and not (st.span.start <= s < st.span.end)]
                if own:
                    st.date = own[0]
            if st.date is None and doc.published:
                st.date = DateValue(doc.published, "day", None, None, inferred=True)
