"""Merge event mentions into events (in-document coreference) and settle each event's fields.

A mention joins an earlier event when it is the same happening told again: in the same sentence
and of the same family ("A drone strike ... killed X"), a generic or definite reference ("the
attack", "Wednesday's drone attack") to the latest compatible event, or the same kind of event
with nothing that tells them apart. Two mentions are incompatible when their resolved dates do not
overlap, their places are in different countries or far apart, their agents differ, or they are
specific events of different kinds. Incompatible mentions stay separate events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from ...model import ActorRef, Casualties, DateValue, Event, EventMention, Location, Place, Source, Span
from ...model.geo import great_circle_km
from ...model.ids import content_id
from ...model.records import FigureReading
from .casualty_merge import Reading, civilian_share, merge_figures

_AERIAL = ("drone", "air strike", "airstrike", "plane", "aircraft", "jet", "helicopter", "aerial", "air raid")
_COMBATANT_TYPES = frozenset({"state_forces", "armed_group"})
#: At most this much text between a date-less event and the dated one whose date it takes.
_NARRATIVE_GAP_CHARS = 400
_GENERIC_TYPES = {
    "air": ("Explosions/Remote violence", "Air/drone strike", "aerial", "195"),
    "attack": ("Violence against civilians", "Attack", None, "180"),
    "clash": ("Battles", "Armed clash", "firearms", "190"),
}


def interval(value: str | None) -> tuple[date, date] | None:
    """The first and last day of a contract date value (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY)."""
    if not value:
        return None
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return d, d
        if "-W" in value:
            first = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return first, first + timedelta(days=6)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:])
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), nxt - timedelta(days=1)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places with coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)


@dataclass(slots=True)
class Cluster:
    """Mentions of one event, with what is known so far."""

    mentions: list[EventMention] = field(default_factory=list)
    date: DateValue | None = None
    place: tuple[Place, Span] | None = None

    @property
    def family(self) -> str:
        return self.mentions[0].family

    def specific(self) -> EventMention | None:
        return next((m for m in self.mentions if not m.generic), None)

    def initiators(self) -> list[ActorRef]:
        return [a for m in self.mentions for a in m.actors if a.role == "initiator"]


class EventBuilder:
    """Builds the events of one document from its mentions and resolved times and places."""

    def __init__(self, doc_id: str, text: str, times: dict[tuple[int, int], DateValue],
                 places: dict[tuple[int, int], Place], doc_country: Place | None,
                 published: str | None, summarise: Callable[[Event], str],
                 outlet_actor: ActorRef | None = None,
                 country_place: Callable[[str], Place | None] | None = None,
                 focus: tuple[Place, Span] | None = None,
                 figure_readings: Mapping[str, FigureReading] | None = None) -> None:
        self.doc_id = doc_id
        # What the extract stage read of each casualty phrase (Document.figure_readings).
        readings = figure_readings or {}
        self.reading: Reading = lambda phrase: readings.get(phrase, FigureReading())
        self.text = text
        self.times = times
        self.places = places
        self.doc_country = doc_country
        self.published = published
        self.summarise = summarise
        # A military outlet reporting its own operations ("coalition aircraft struck ..." in a
        # CENTCOM release) is the agent of the violence it reports without naming one.
        self.outlet_actor = outlet_actor
        self.country_place = country_place
        # The place the document is about (its most named sub-national place), for material
        # events the text does not place on their own; used flagged as inferred.
        self.focus = focus

    # ----------------------------------------------------------------- per-unit facts
    def _date(self, unit: list[EventMention]) -> DateValue | None:
        """The unit's first resolved time; a date in parentheses ("KABUL, Afghanistan (Sept. 5) -
        forces captured a commander Saturday") is a dateline or an aside, taken only when the
        unit has no other."""
        found = [(self._parenthesised(s), n, d) for n, s in enumerate(s for em in unit for s in em.times)
                 if (d := self.times.get((s.start, s.end))) is not None]
        return min(found, key=lambda f: f[:2])[2] if found else None

    def _parenthesised(self, span: Span) -> bool:
        before = self.text[max(0, span.start - 2):span.start].rstrip()
        after = self.text[span.end:span.end + 2].lstrip()
        return before.endswith("(") and after.startswith(")")

    def _place(self, unit: list[EventMention]) -> tuple[Place, Span] | None:
        """The unit's place: the finest resolved one that agrees with the others named with it.

        "in Andar district, Ghazni province": a town that resolves outside the province (or the
        document's country) named beside it is a wrong reading; the province is kept instead.
        """
        found = [(p, s) for em in unit for s in em.places
                 if (p := self.places.get((s.start, s.end))) is not None]
        if not found:
            return None
        home = self.doc_country.country if self.doc_country is not None else None
        if home is not None and any(p.country == home for p, _ in found):
            found = [(p, s) for p, s in found if p.country == home or p.country is None]
        admins = [p for p, _ in found if p.precision == "admin1"]
        fine = [(p, s) for p, s in found if p.precision in ("point", "city", "admin2")]
        if admins and fine:
            names = {_fold(a.name) for a in admins}
            fine = [(p, s) for p, s in fine if p.admin1 is None or _fold(p.admin1) in names
                    or any(_fold(p.admin1).startswith(n) or n.startswith(_fold(p.admin1)) for n in names)]
        if fine:
            return fine[0]
        order = {"admin1": 0, "admin2": 0, "region": 1, "country": 2}
        return min(found, key=lambda ps: order.get(ps[0].precision, 3))

    @staticmethod
    def _toll(mentions: list[EventMention]) -> Casualties | None:
        return next((m.fatalities for m in mentions if not m.fatalities.is_empty()), None)

    # ----------------------------------------------------------------- compatibility
    def compatible(self, c: Cluster, unit: list[EventMention], anaphoric: bool) -> bool:
        """Could this unit of mentions report the same happening as the cluster?"""
        if c.family != unit[0].family:
            return False
        d = self._date(unit)
        if d is not None and c.date is not None:
            a, b = interval(d.value), interval(c.date.value)
            if a and b and (a[1] < b[0] or b[1] < a[0]):
                return False
        p = self._place(unit)
        if p is not None and c.place is not None:
            pa, pb = p[0], c.place[0]
            if pa.country and pb.country and pa.country != pb.country:
                return False
            dist = km(pa, pb)
            if dist is not None and dist > 100 and "country" not in (pa.precision, pb.precision) \
                    and "admin1" not in (pa.precision, pb.precision):
                return False
        mine = [a for m in unit for a in m.actors if a.role == "initiator"]
        theirs = c.initiators()
        if mine and theirs and not any(_same_actor(x, y) for x in mine for y in theirs):
            return False
        spec = c.specific()
        own = next((m for m in unit if not m.generic), None)
        if own is not None and spec is not None and spec.sub_event_type != own.sub_event_type:
            return False
        if not anaphoric:
            t1, t2 = self._toll(unit), self._toll(c.mentions)
            if t1 is not None and t2 is not None and (t1.low, t1.high) != (t2.low, t2.high):
                return False
        return True

    # ----------------------------------------------------------------- merging
    def cluster(self, mentions: list[EventMention]) -> list[Cluster]:
        """Group mentions into events, in text order: first per clause unit, then across the text."""
        units: dict[int, list[EventMention]] = {}
        for em in mentions:
            units.setdefault(em.unit, []).append(em)
        clusters: list[Cluster] = []
        for unit in units.values():
            generic = all(m.generic for m in unit)
            head = next((m for m in unit if not m.generic), unit[0])
            anaphoric = head.anaphoric or (generic and any(m.anaphoric for m in unit))
            in_quote = all(m.in_quote for m in unit)
            target: Cluster | None = None
            if unit[0].family != "verbal":
                if generic and anaphoric:
                    target = self._antecedent(clusters, unit)
                for c in reversed(clusters):
                    if target is not None:
                        break
                    if not self.compatible(c, unit, anaphoric):
                        continue
                    if generic or anaphoric or in_quote:
                        target = c
                        break
                    # A specific event told again with nothing new ("A bomb blast killed six").
                    if c.specific() is not None and (self._date(unit) is None or c.date is not None):
                        target = c
                        break
            if target is None:
                if in_quote and generic:
                    continue  # "this aggression" inside a quote with nothing to point back to
                target = Cluster()
                clusters.append(target)
            target.mentions.extend(unit)
            if target.date is None:
                target.date = self._date(unit)
            place = self._place(unit)
            if target.place is None or (place is not None and _finer(place[0], target.place[0])):
                target.place = place
        return clusters

    def _antecedent(self, clusters: list[Cluster], unit: list[EventMention]) -> Cluster | None:
        """What "the attack" points back to: an event of the same or the previous sentence if
        there is one, else the most told event of the document so far (the story's main one)."""
        fits = [c for c in clusters if self.compatible(c, unit, True)]
        if not fits:
            return None
        start = unit[0].sentence.start
        recent = [c for c in fits if c.mentions[-1].sentence.end >= start - 2
                  or self._previous_sentence(c, start)]
        if recent:
            return recent[-1]
        return max(fits, key=lambda c: (len(c.mentions), -clusters.index(c)))

    def _previous_sentence(self, c: Cluster, start: int) -> bool:
        """True when nothing but one sentence's worth of text separates the cluster from ``start``."""
        gap = self.text[c.mentions[-1].sentence.end:start]
        return gap.count(".") + gap.count("\n") <= 1 and len(gap) < 400

    # ----------------------------------------------------------------- fields
    def build(self, mentions: list[EventMention]) -> list[Event]:
        """The document's events."""
        clusters = self.cluster(mentions)
        by_trigger = {(m.trigger.start, m.trigger.end): c for c in clusters for m in c.mentions}
        events: list[Event] = []
        for n, c in enumerate(clusters):
            head = c.specific() or c.mentions[0]
            ev = Event(event_id=content_id(self.doc_id, head.trigger.start, head.trigger.end,
                                           head.trigger.text, prefix="ev-"),
                       doc_id=self.doc_id, trigger=head.trigger, plover_type=head.plover_type,
                       cameo=head.cameo, event_type=head.event_type, sub_event_type=head.sub_event_type,
                       plover_mode=head.plover_mode)
            ev.actors = _merge_actors(c.mentions)
            if self.outlet_actor is not None and c.family in ("violence", "arrest") and \
                    not any(a.role == "initiator" for a in ev.actors):
                ev.actors.insert(0, self.outlet_actor)
            if head.generic and head.family == "violence":
                self._type_generic(ev, c)
            ev.date = c.date
            if ev.date is None:
                ev.date = self._inherited_date(c, by_trigger)
            if ev.date is None and c.family != "verbal":
                ev.date = self._narrative_date(c, clusters)
            if ev.date is None and self.published:
                # Nothing in the text dates it: the report's own date, flagged as inferred. (The day
                # before was tried: the dev sets' annotators split evenly between the two.)
                ev.date = DateValue(self.published, "day", None, None, inferred=True)
            narrative_place = self._narrative_place(c, clusters) if c.place is None and \
                c.family != "verbal" else None
            if c.place is not None and c.place[0].precision == "country" and c.family != "verbal" and \
                    self.focus is not None and self.focus[0].country == c.place[0].country:
                # "killed 12 in Syria" in a story about one Syrian town: the town says more.
                ev.location = Location(self.focus[0], None, inferred=True)
            elif c.place is not None:
                ev.location = Location(c.place[0], c.place[1])
            elif narrative_place is not None:
                ev.location = narrative_place
            elif c.family != "verbal" and self.focus is not None:
                ev.location = Location(self.focus[0], None, inferred=True)
            elif c.family != "verbal" and self.doc_country is not None:
                ev.location = Location(self.doc_country, None, inferred=True)
            elif c.family == "verbal":
                # A government's or a state body's act happens in its own country.
                ev.location = self._actor_country(ev)
            ev.fatalities, ev.injuries = _merge_casualties(c.mentions, self.reading)
            _civilian_share(ev, self.reading)
            ev.attributed_to = next((m.attributed_to for m in c.mentions if m.attributed_to), None)
            seen: set[tuple[int, int]] = set()
            for m in c.mentions:
                key = (m.sentence.start, m.sentence.end)
                if key not in seen:
                    seen.add(key)
                    ev.sources.append(Source(self.doc_id, m.sentence))
            ev.confidence = _confidence(c, ev, n, self.published)
            ev.summary = self.summarise(ev)
            events.append(ev)
        return events

    def _actor_country(self, ev: Event) -> Location | None:
        init = next((a for a in ev.actors if a.role == "initiator" and a.country
                     and a.type in ("government", "state_forces")), None)
        if init is None or self.country_place is None:
            return None
        place = self.country_place(init.country)
        return Location(place, None, inferred=True) if place is not None else None

    def _inherited_date(self, c: Cluster, by_trigger: dict[tuple[int, int], Cluster]) -> DateValue | None:
        """'Soon after the strike, ...': the date of the event it follows, flagged inferred."""
        for m in c.mentions:
            for t in m.after:
                other = by_trigger.get((t.start, t.end))
                if other is not None and other is not c and other.date is not None:
                    d = other.date
                    return DateValue(d.value, d.precision, None, None, inferred=True)
        return None

    def _narrative(self, c: Cluster, donors: list[Cluster]) -> Cluster | None:
        """The event whose date or place the story still holds where date-less or place-less
        ``c`` is told: one of its own sentence ("forces targeted a leader and detained two men
        in X district yesterday": the parser hangs the time and place on one verb, they frame
        both), else the last material one just before it, if nothing but a sentence or two
        separates them ("... an operation in X, yesterday. Two suspects were detained")."""
        first = c.mentions[0].sentence
        donors = [o for o in donors if o is not c]
        same = [o for o in donors if any(m.sentence.start == first.start for m in o.mentions)]
        if same:
            return same[0]
        before = [o for o in donors if o.family != "verbal" and o.mentions[-1].sentence.end <= first.start]
        if not before:
            return None
        last = max(before, key=lambda o: o.mentions[-1].sentence.end)
        gap = self.text[last.mentions[-1].sentence.end:first.start]
        if len(gap) > _NARRATIVE_GAP_CHARS or gap.count("\n\n") > 1:
            return None
        return last

    def _narrative_date(self, c: Cluster, clusters: list[Cluster]) -> DateValue | None:
        """The story's date where a date-less material event is told, flagged inferred. Only a
        day or week is worth taking: a coarser date says less than the report's own day."""
        donor = self._narrative(c, [o for o in clusters if o.date is not None
                                    and o.date.precision in ("day", "week")])
        if donor is None or donor.date is None:
            return None
        d = donor.date
        return DateValue(d.value, d.precision, None, None, inferred=True)

    def _narrative_place(self, c: Cluster, clusters: list[Cluster]) -> Location | None:
        """The story's place where a place-less material event is told, flagged inferred."""
        donor = self._narrative(c, [o for o in clusters if o.place is not None])
        if donor is None or donor.place is None:
            return None
        return Location(donor.place[0], None, inferred=True)

    def _type_generic(self, ev: Event, c: Cluster) -> None:
        """ACLED type of an event told only in generic words ("the attack", "killed")."""
        sentences = " ".join(m.sentence.text.lower() for m in c.mentions)
        if any(w in sentences for w in _AERIAL):
            kind = "air"
        else:
            hit = [a for a in ev.actors if a.role in ("target", "victim")]
            init = [a for a in ev.actors if a.role == "initiator"]
            civilian = any(a.type == "civilians" for a in hit)
            armed_hit = any(a.type in _COMBATANT_TYPES for a in hit) or any(
                w in (a.name or "").lower() for a in hit for w in ("soldier", "troop", "fighter", "militant",
                                                                    "insurgent", "rebel", "police"))
            armed_init = any(a.type in _COMBATANT_TYPES for a in init)
            kind = "clash" if armed_hit and not civilian else "attack"
            if not hit and armed_init:
                kind = "clash"
        et, st, mode, cameo = _GENERIC_TYPES[kind]
        ev.event_type, ev.sub_event_type, ev.plover_mode, ev.cameo = et, st, mode, cameo


_RANK = {"point": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5}


def _finer(new: Place, old: Place) -> bool:
    """A later, finer reading of the same event's place: a town inside the country or
    province named first ("air raids in Syria" ... "the raids on the town of Ariha")."""
    if _RANK.get(new.precision, 9) >= _RANK.get(old.precision, 9):
        return False
    if old.precision == "country":
        return new.country == old.country
    if old.precision == "admin1":
        return new.country == old.country and (new.admin1 or "") == old.name
    return False


def _fold(name: str) -> str:
    """Lower-case ASCII letters only, for comparing division names across spellings."""
    import unicodedata

    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text.lower() if c.isalpha() and c.isascii())


def _same_actor(a: ActorRef, b: ActorRef) -> bool:
    if a.actor_id and a.actor_id == b.actor_id:
        return True
    if a.country and a.country == b.country and a.type == b.type:
        return True
    return a.name.lower() == b.name.lower()


def _merge_actors(mentions: list[EventMention]) -> list[ActorRef]:
    """Actors of all mentions, one per (role, name), in role order."""
    out: list[ActorRef] = []
    seen: set[tuple[str, str]] = set()
    initiators = {a.name.lower() for m in mentions for a in m.actors if a.role == "initiator"}
    for role in ("initiator", "target", "victim", "participant"):
        for m in mentions:
            for a in m.actors:
                key = (a.role, a.name.lower())
                if a.role != role or key in seen:
                    continue
                if role != "initiator" and a.name.lower() in initiators:
                    continue
                seen.add(key)
                out.append(a)
    return out


def _merge_casualties(mentions: list[EventMention], reading: Reading) -> tuple[Casualties, Casualties]:
    """The event's killed and injured ranges from its mentions' figures: the largest once additive
    groups are summed (restatements, running tolls, parts and side victims are not its toll)."""
    civilian = not any(a.role == "victim" and a.type in _COMBATANT_TYPES for m in mentions for a in m.actors)
    return (merge_figures([m.fatalities for m in mentions], reading, unqualified_civilians=civilian),
            merge_figures([m.injuries for m in mentions], reading, unqualified_civilians=civilian))


def _civilian_share(ev: Event, reading: Reading) -> None:
    """Unqualified victims ("six people", "kills 4") count as civilians when no combatant is among
    them (a bare number also when the event targets an armed group)."""
    victims = any(a.role == "victim" and a.type in _COMBATANT_TYPES for a in ev.actors)
    armed_targets = any(a.role == "target" and a.type == "armed_group" for a in ev.actors)
    ev.fatalities = civilian_share(ev.fatalities, reading, victims, armed_targets)


def _confidence(c: Cluster, ev: Event, order: int, published: str | None = None) -> float:
    """A score in [0, 1] that grows with the evidence the text gives for the event.

    News leads with its story: the events told first and most often, and those dated close to
    the report, are the ones the report is about; older events are usually background.
    """
    score = 0.3 if c.specific() is None else 0.42
    if c.family == "verbal":
        score = 0.35
    roles = {a.role for a in ev.actors}
    score += 0.1 if "initiator" in roles else 0.0
    score += 0.06 if roles & {"target", "victim"} else 0.0
    score += 0.08 if ev.date is not None and not ev.date.inferred else 0.0
    score += 0.08 if ev.location is not None and not ev.location.inferred else 0.0
    score += 0.08 if not ev.fatalities.is_empty() or not ev.injuries.is_empty() else 0.0
    score += min(0.12, 0.04 * (len(c.mentions) - 1))
    score += 0.05 if order == 0 else 0.0
    score += 0.06 if any(m.main_clause for m in c.mentions) else 0.0
    first = min(m.sentence.start for m in c.mentions)
    score += 0.08 if first < 400 else 0.0  # in the headline or the lead
    if published and ev.date is not None and not ev.date.inferred:
        span = interval(ev.date.value)
        try:
            pub = date.fromisoformat(published)
        except ValueError:
            span = None
        if span is not None and (pub - span[1]).days > 31:
            score -= 0.2  # a past event the story recalls
    if all(m.in_quote for m in c.mentions):
        score -= 0.15
    if c.specific() is None and ev.fatalities.is_empty() and ev.injuries.is_empty():
        score -= 0.1  # "targeted a leader": an operation whose outcome the text tells elsewhere
    return round(max(0.05, min(0.97, score)), 3)
