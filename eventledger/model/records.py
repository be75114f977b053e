"""Typed records the extract and resolve stages attach to a Document.

Each class has ``to_dict()`` giving the export contract's shape (../shared/contract). Unknown is
``None``, never a default that looks like a fact. A value that did not come from a span says so
with ``inferred=True``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .span import Span


def _span(span: Span | None) -> list[int] | None:
    return span.to_list() if span is not None else None


# --------------------------------------------------------------------------- values


@dataclass(slots=True)
class DateValue:
    """A calendar interval with its precision: ``value`` is YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY."""

    value: str
    precision: str  # day | week | month | year
    text: str | None = None
    span: Span | None = None
    inferred: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "precision": self.precision, "text": self.text,
                               "span": _span(self.span)}
        if self.inferred:
            out["inferred"] = True
        return out


@dataclass(slots=True)
class TimeValue:
    """A resolved time expression: TIMEX3 type and value, plus the contract's date value if any."""

    type: str  # DATE | TIME | DURATION | SET
    timex3: str | None
    value: str | None = None  # contract date value (a calendar interval) or None
    precision: str | None = None
    anchored: bool = True  # False: relative expression with no anchor (no publication date)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "timex3": self.timex3, "value": self.value, "precision": self.precision}

    def as_date(self, text: str | None, span: Span | None) -> DateValue | None:
        """The calendar interval this expression names, as an event date, or None."""
        if self.value is None or self.precision is None:
            return None
        return DateValue(self.value, self.precision, text, span)


@dataclass(slots=True)
class Place:
    """A resolved place: a GeoNames feature, a first-level division or a country."""

    name: str
    country: str | None  # ISO 3166-1 alpha-3
    precision: str  # point | city | admin2 | admin1 | region | country
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    population: int | None = None
    score: float | None = None  # how sure the resolver is (0..1)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "admin1": self.admin1,
                "lat": None if self.lat is None else round(self.lat, 5),
                "lon": None if self.lon is None else round(self.lon, 5),
                "geonames_id": self.geonames_id, "precision": self.precision}


@dataclass(slots=True)
class EntityValue:
    """A person, organisation or described group, normalised against the actor knowledge base."""

    name: str
    type: str | None  # the contract's actor types
    country: str | None = None
    actor_id: str | None = None  # knowledge-base id, None for a new actor

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "country": self.country}
        if self.actor_id:
            out["actor_id"] = self.actor_id
        return out


@dataclass(slots=True)
class QuantityValue:
    """A counted quantity: a range with its unit ("people", "soldiers")."""

    low: int | None
    high: int | None
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "unit": self.unit}


MentionValue = TimeValue | Place | EntityValue | QuantityValue


@dataclass(slots=True)
class Mention:
    """One time expression, place, person, organisation, described actor or quantity in the text."""

    kind: str  # time | place | person | organization | actor | quantity
    span: Span
    value: MentionValue | None
    # Transient: a place named where something happened ("in Baghdad"), not as a modifier ("US").
    locative: bool = False

    def to_dict(self, doc_id: str) -> dict[str, Any]:
        return {"record": "mention", "doc_id": doc_id, "kind": self.kind, "text": self.span.text,
                "span": self.span.to_list(),
                "value": self.value.to_dict() if self.value is not None else None}


# --------------------------------------------------------------------------- events


@dataclass(slots=True)
class Location:
    """Where an event happened: a resolved place plus the words that named it."""

    place: Place
    span: Span | None
    inferred: bool = False

    def to_dict(self) -> dict[str, Any]:
        out = self.place.to_dict()
        out["text"] = self.span.text if self.span else None
        out["span"] = _span(self.span)
        if self.inferred:
            out["inferred"] = True
        return out


@dataclass(slots=True)
class ActorRef:
    """An actor taking part in an event, in a role."""

    role: str  # initiator | target | victim | participant
    name: str
    type: str | None
    span: Span | None
    country: str | None = None
    actor_id: str | None = None
    inferred: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "name": self.name,
                               "text": self.span.text if self.span else None,
                               "type": self.type, "country": self.country, "span": _span(self.span)}
        if self.actor_id:
            out["actor_id"] = self.actor_id
        if self.inferred:
            out["inferred"] = True
        return out


@dataclass(slots=True)
class Casualties:
    """Killed or injured as a range, the civilian share apart; ``None`` bounds are unknown."""

    low: int | None = None
    high: int | None = None
    civilian_low: int | None = None
    civilian_high: int | None = None
    span: Span | None = None

    def is_empty(self) -> bool:
        return self.low is None and self.high is None and self.civilian_low is None \
            and self.civilian_high is None

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "civilian_low": self.civilian_low,
                "civilian_high": self.civilian_high, "span": _span(self.span)}


@dataclass(slots=True)
class Source:
    """The sentence of a document an event was read from."""

    doc_id: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "sentence": self.span.text, "span": self.span.to_list()}


@dataclass(slots=True)
class Event:
    """One real-world happening as one document reports it."""

    event_id: str
    doc_id: str
    trigger: Span
    plover_type: str
    cameo: str | None
    event_type: str | None = None  # ACLED; None for verbal events
    sub_event_type: str | None = None
    plover_mode: str | None = None
    date: DateValue | None = None
    location: Location | None = None
    actors: list[ActorRef] = field(default_factory=list)
    fatalities: Casualties = field(default_factory=Casualties)
    injuries: Casualties = field(default_factory=Casualties)
    attributed_to: tuple[str, Span | None] | None = None
    sources: list[Source] = field(default_factory=list)
    confidence: float = 0.5
    summary: str = ""
    incident_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        attributed = None
        if self.attributed_to is not None:
            name, span = self.attributed_to
            attributed = {"name": name, "span": _span(span)}
        return {
            "record": "event", "event_id": self.event_id,
            # Until cross-source merging exists an event is its own incident.
            "incident_id": self.incident_id or self.event_id,
            "doc_id": self.doc_id, "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "plover": {"type": self.plover_type, "mode": self.plover_mode}, "cameo": self.cameo,
            "trigger": {"text": self.trigger.text, "span": self.trigger.to_list()},
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "actors": [a.to_dict() for a in self.actors],
            "fatalities": self.fatalities.to_dict(), "injuries": self.injuries.to_dict(),
            "attributed_to": attributed,
            "sources": [s.to_dict() for s in self.sources],
            "confidence": round(max(0.0, min(1.0, self.confidence)), 3),
            "summary": self.summary,
        }


# --------------------------------------------------------------------------- statements


@dataclass(slots=True)
class Speaker:
    """Who said something: a person or organisation, with title and role where the text gives them."""

    name: str
    span: Span | None
    title: str | None = None
    role: str | None = None
    organization: str | None = None
    type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "role": self.role,
                "organization": self.organization, "span": _span(self.span)}


@dataclass(slots=True)
class Statement:
    """Something a speaker said: quoted directly, or reported."""

    statement_id: str
    doc_id: str
    speaker: Speaker
    kind: str  # direct | indirect
    span: Span
    cue: str | None = None
    cue_span: Span | None = None
    date: DateValue | None = None
    about: list[str] = field(default_factory=list)
    # Transient: the sentence the cue stands in, and a time expression in the speaker's clause.
    sentence: Span | None = None
    time: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"record": "statement", "statement_id": self.statement_id, "doc_id": self.doc_id,
                "speaker": self.speaker.to_dict(), "kind": self.kind, "text": self.span.text,
                "cue": self.cue, "span": self.span.to_list(),
                "date": self.date.to_dict() if self.date else None, "about": list(self.about)}


# --------------------------------------------------------------------------- transient candidates


@dataclass(slots=True)
class EventMention:
    """One trigger of an event as the extract stage read it from one sentence (never exported).

    The resolve stage resolves the time and place spans, then merges mentions that report the
    same happening (coreference: "A US drone strike ..." / "The strike on Wednesday night ...")
    into one Event.
    """

    trigger: Span
    trigger_id: str  # the lexicon entry
    family: str  # violence | protest | arrest | strategic | verbal
    plover_type: str
    cameo: str | None
    sentence: Span
    event_type: str | None = None
    sub_event_type: str | None = None
    plover_mode: str | None = None
    generic: bool = False  # names no method ("the attack")
    anaphoric: bool = False  # definite reference back ("the strike", "Wednesday's attack")
    in_quote: bool = False
    actors: list[ActorRef] = field(default_factory=list)
    fatalities: Casualties = field(default_factory=Casualties)
    injuries: Casualties = field(default_factory=Casualties)
    attributed_to: tuple[str, Span | None] | None = None
    times: list[Span] = field(default_factory=list)  # attached time expressions, best first
    places: list[Span] = field(default_factory=list)  # attached place names, best first
    after: list[Span] = field(default_factory=list)  # triggers this one follows ("soon after the strike")
    fallback_country: bool = False  # "across the country": the document's own country
    unit: int = 0  # mentions of one clause that tell one happening share a unit number
    main_clause: bool = False  # the trigger is the sentence's main verb (or joined to it)


@dataclass(frozen=True, slots=True)
class FigureReading:
    """What a casualty figure's phrase says beyond its range (read by the extract stage, used
    when the resolve stage merges an event's figures)."""

    additive: bool = False  # "another five", "six others": adds to the figure told before it
    toll: bool = False  # "the death toll rose to 112"
    bare: bool = True  # "kills 4", "the death toll rose to 112": no counted noun at all
    unqualified: bool = False  # "six people", "kills 4": victims given no status at all
