"""Pair features: how two event records agree on type, date, place, figures, actors and wording.

Each feature gives a value in [-1, 1]: positive when the two reports agree, negative when they
conflict, 0 when either does not say. The pair's score is the logistic of the model's bias plus
the weighted values, so a missing field neither helps nor hurts. What decided is kept
(:meth:`PairScore.explain`) so the store can say why two events were merged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model.geo import great_circle_km
from ..storage.base import date_interval, span_start
from .model import DATE_PRECISIONS, PLACE_PRECISIONS, MergeModel, Params
from .text import content_tokens, fold

_PLACE_RANK = {p: i for i, p in enumerate(PLACE_PRECISIONS)}
_DATE_RANK = {p: i for i, p in enumerate(DATE_PRECISIONS)}
_REGION = _PLACE_RANK["region"]
_COUNTRY = _PLACE_RANK["country"]

#: ``related(a, b)``: whether two knowledge-base actor ids are one a member of the other (or
#: members of one parent). The merger builds it from the actor knowledge base.
Related = Callable[[str, str], bool]
Figure = tuple[float, float] | None  # a closed interval; an open end is infinity


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _range(fig: Mapping[str, Any]) -> Figure:
    """A figure as a closed interval: "at least 25" runs to infinity, "up to 3" from 0."""
    low, high = _int(fig.get("low")), _int(fig.get("high"))
    if low is None and high is None:
        return None
    return (float(low) if low is not None else 0.0, float(high) if high is not None else math.inf)


def day_ordinal(value: Any) -> int | None:
    """The ordinal of an ISO date or timestamp's day, else None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


@dataclass(slots=True)
class EventView:
    """What merging needs of one event record, parsed once."""

    index: int
    event_id: str
    doc_id: str
    family: str
    event_type: str | None
    sub_event_type: str | None
    start: int | None  # date interval as proleptic ordinals (inclusive)
    end: int | None
    date_precision: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    place_rank: int  # 0 point ... 5 country; an unknown precision counts as a country
    place_name: str | None
    dead: Figure
    hurt: Figure
    actors: dict[str, frozenset[str]] = field(default_factory=dict)
    sentences: tuple[frozenset[str], ...] = ()
    confidence: float = 0.0
    published: int | None = None  # the report's publication day (ordinal)
    bstart: int | None = None  # the days blocking compares it over (see blocking_interval)
    bend: int | None = None
    main: bool = False  # its document's most confident material event (what the report is about)
    position: int = -1  # where it starts in its document's text

    @property
    def wide(self) -> bool:
        """True when the place does not pin down a first-level division (compared across all of them)."""
        return self.admin1 is None or self.place_rank >= _REGION


#: A date interval longer than this (days) is blocked over a week of it, not all of it.
LONG_INTERVAL = 8


def blocking_interval(start: int, end: int, published: int | None) -> tuple[int, int]:
    """The days an event is compared over: its date interval, or for a coarse date (a month, a
    year) the week of it up to its report's publication day (else its last week). A report dated
    "in March" is most likely about days just before it appeared; comparing it with every event of
    a month would make one coarse date cost as much as a month of events."""
    if end - start <= LONG_INTERVAL:
        return start, end
    anchor = published if published is not None and start <= published <= end + 1 else end
    return max(start, anchor - 7), min(end, anchor)


def view(record: Mapping[str, Any], index: int, model: MergeModel, published: Any = None) -> EventView:
    """Parse an event record into an EventView (malformed values count as unknown).

    ``published``: the publication date of the event's document (ISO date or timestamp), if known.
    """
    p = model.params
    when, where = _dict(record.get("date")), _dict(record.get("location"))
    interval = date_interval(when.get("value"))
    start = end = None
    if interval is not None:
        start, end = date.fromisoformat(interval[0]).toordinal(), date.fromisoformat(interval[1]).toordinal()
    actors: dict[str, set[str]] = {}
    for a in record.get("actors") or []:
        a = _dict(a)
        # Only actors linked to the knowledge base: free names ("Tags Syria Idlib", "the Bab al-Nayrab")
        # are too often extraction debris to count against a merge.
        if (a.get("role") in p.actor_roles and isinstance(a.get("actor_id"), str)
                and a.get("type") not in p.actor_ignore):
            actors.setdefault(str(a["role"]), set()).add(a["actor_id"])
    sentences = tuple(t for s in record.get("sources") or []
                      if isinstance(_dict(s).get("sentence"), str)
                      and (t := content_tokens(_dict(s)["sentence"], p.min_token_chars)))
    country, name, admin1 = where.get("country"), where.get("name"), where.get("admin1")
    start_at = span_start(record)
    day = day_ordinal(published)
    bstart, bend = blocking_interval(start, end, day) if start is not None and end is not None else (None, None)
    return EventView(
        index=index, event_id=str(record.get("event_id")), doc_id=str(record.get("doc_id")),
        family=model.family(record.get("event_type"), record.get("sub_event_type")),
        event_type=record.get("event_type"), sub_event_type=record.get("sub_event_type"),
        start=start, end=end, date_precision=when.get("precision") if interval else None,
        country=country.upper() if isinstance(country, str) and country else None,
        admin1=fold(admin1) if isinstance(admin1, str) and admin1 else None,
        lat=_num(where.get("lat")), lon=_num(where.get("lon")),
        place_rank=_PLACE_RANK.get(str(where.get("precision")), _COUNTRY),
        place_name=fold(name) if isinstance(name, str) and name else None,
        dead=_range(_dict(record.get("fatalities"))), hurt=_range(_dict(record.get("injuries"))),
        actors={k: frozenset(v) for k, v in actors.items()}, sentences=sentences,
        confidence=_num(record.get("confidence")) or 0.0, published=day, bstart=bstart, bend=bend,
        position=start_at if start_at is not None else -1)


# ----------------------------------------------------------------------------- single features


def type_value(a: EventView, b: EventView, p: Params) -> float:
    """+1 same sub-event type; a commonly confused pair; same event type; same family only."""
    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        return 1.0
    ga, gb = p.type_groups.get(a.sub_event_type or ""), p.type_groups.get(b.sub_event_type or "")
    if ga and gb and ga & gb:
        return p.type_group
    if a.event_type and a.event_type == b.event_type:
        return p.type_same_event_type
    return p.type_same_family


def date_gap(a: EventView, b: EventView) -> int | None:
    """Days between the two date intervals (0 when they overlap), None when either has no date."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def date_value(a: EventView, b: EventView, p: Params) -> tuple[float, int | None]:
    """(value, gap in days): overlap scored by the coarser precision, a small gap by the slack."""
    gap = date_gap(a, b)
    if gap is None:
        return 0.0, None
    if gap == 0:
        ra, rb = _DATE_RANK.get(a.date_precision or "year", 3), _DATE_RANK.get(b.date_precision or "year", 3)
        return p.date_overlap.get(DATE_PRECISIONS[max(ra, rb)], 0.0), 0
    if gap <= p.slack_days:
        return p.slack_value * (1 - (gap - 1) / max(1, p.slack_days)), gap
    return -1.0, gap


def distance_km(a: EventView, b: EventView) -> float | None:
    """Great-circle distance between the two places (None without coordinates)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)


def place_value(a: EventView, b: EventView, p: Params) -> tuple[float, float | None, str]:
    """(value, km, relation): places compared at the coarser precision. Near points agree (the
    same point more than the same city), a town agrees weakly with its province or country, two
    precise places far apart conflict. Relation: unknown, near, apart, far, contained, other country."""
    if a.country is None or b.country is None:
        return 0.0, None, "unknown"
    km = distance_km(a, b)
    if a.country != b.country:
        return -1.0, km, "other country"
    coarse, fine = (a, b) if a.place_rank >= b.place_rank else (b, a)
    level = PLACE_PRECISIONS[coarse.place_rank]
    tol = p.tolerance_km[level]
    if km is None and a.place_name and a.place_name == b.place_name and a.place_rank == b.place_rank:
        km = 0.0  # the same name at the same precision, without coordinates
    if level in p.precise:
        if km is None:
            return 0.0, None, "unknown"
        # The same point says more than the same city: a city sees many incidents a day.
        top = p.same_place[level]
        far = p.far_factor * tol
        if km <= tol:
            return top * (1.0 - 0.5 * km / tol), km, "near"
        if km < far:
            return 0.5 * top - (1.0 + 0.5 * top) * (km - tol) / (far - tol), km, "apart"
        return -1.0, km, "far"
    # The coarser place is a division or the country: is the finer one inside it?
    if level == "country":
        inside = True
    elif level == "admin1":
        inside = fine.admin1 is not None and fine.admin1 == coarse.admin1
    else:
        inside = km is not None and km <= tol
    if inside:
        return p.contained[level], km, "contained"
    return -0.5, km, "apart"


def figure_value(ra: Figure, rb: Figure, p: Params) -> float | None:
    """One figure (fatalities or injuries) compared; None when either report gives none."""
    if ra is None or rb is None:
        return None
    lo, hi = (ra, rb) if ra[0] <= rb[0] else (rb, ra)
    if hi[0] <= lo[1]:  # the ranges overlap
        if lo[1] == 0 and hi[1] == 0:
            return p.zero_value
        if ra == rb:
            # Two reports agreeing on "1 killed" may well be about two incidents; on "45 killed", hardly.
            return p.exact_small + (1.0 - p.exact_small) * min(1.0, (ra[0] - 1) / max(1.0, p.exact_full - 1))
        # "at least 11" overlaps every larger toll: agreement, but weak.
        return p.open_value if math.inf in (ra[1], rb[1]) else p.overlap_value
    gap = (hi[0] - lo[1]) / hi[0]
    if gap <= p.close:
        return p.close_value
    if gap <= p.far:
        return 0.0
    return -1.0


def casualty_value(a: EventView, b: EventView, p: Params) -> tuple[float, float | None]:
    """(value, fatalities value): fatalities, with injuries counting ``injury_share`` as much."""
    dead = figure_value(a.dead, b.dead, p)
    hurt = figure_value(a.hurt, b.hurt, p)
    if dead is None and hurt is None:
        return 0.0, None
    if hurt is None:
        return dead or 0.0, dead
    if dead is None:
        return hurt, None
    return (dead + p.injury_share * hurt) / (1 + p.injury_share), dead


def actor_value(a: EventView, b: EventView, p: Params, related: Related | None) -> float:
    """Per role both name: the same actor +1, related ``related``, different ``different``; the mean."""
    if not a.actors or not b.actors:
        return 0.0
    values = []
    for role in p.actor_roles:
        left, right = a.actors.get(role), b.actors.get(role)
        if not left or not right:
            continue
        if left & right:
            values.append(1.0)
        elif related is not None and any(related(x, y) for x in left for y in right):
            values.append(p.actor_related)
        else:
            values.append(p.actor_different)
    return sum(values) / len(values) if values else 0.0


def reported_value(a: EventView, b: EventView, p: Params) -> tuple[float, int | None]:
    """(value, days between the two publication dates): reports of one incident mostly appear
    within a day of each other; one published days later needs other evidence to join."""
    if a.published is None or b.published is None:
        return 0.0, None
    gap = abs(a.published - b.published)
    return (p.reported_by_gap[gap] if gap < len(p.reported_by_gap) else p.reported_beyond), gap


def dice(x: frozenset[str], y: frozenset[str]) -> float:
    """Dice coefficient of two token sets."""
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def text_value(a: EventView, b: EventView, p: Params) -> tuple[float, float]:
    """(value, raw similarity): the best sentence pair's Dice, mapped from [floor, 1] onto [0, 1]."""
    if not a.sentences or not b.sentences:
        return 0.0, 0.0
    sim = max(dice(x, y) for x in a.sentences for y in b.sentences)
    return max(0.0, (sim - p.text_floor) / (1 - p.text_floor)), sim


# ----------------------------------------------------------------------------- the pair


@dataclass(slots=True)
class PairScore:
    """Two events compared: the score, whether a veto forbids the merge, and the evidence."""

    score: float
    veto: str | None
    values: dict[str, float]
    facts: tuple[int | None, int | None, float | None, str, float]  # date gap, published gap, km, relation, sim

    def explain(self) -> dict[str, Any]:
        """Every feature value and what it rested on, as stored with a merge (JSON-ready)."""
        gap, published_gap, km, relation, sim = self.facts
        out: dict[str, Any] = {k: round(v, 3) for k, v in self.values.items()}
        out.update({"date_gap_days": gap, "published_gap_days": published_gap,
                    "distance_km": None if km is None else round(km, 1), "place_relation": relation,
                    "text_similarity": round(sim, 3)})
        return out


def score_pair(a: EventView, b: EventView, model: MergeModel, related: Related | None = None) -> PairScore:
    """Compare two events; the score, the veto that forbids merging them (if any) and the values."""
    p, w = model.params, model.weights
    t = type_value(a, b, p)
    d, gap = date_value(a, b, p)
    pl, km, relation = place_value(a, b, p)
    c, dead = casualty_value(a, b, p)
    ac = actor_value(a, b, p, related)
    tx, sim = text_value(a, b, p)
    rep, published_gap = reported_value(a, b, p)
    z = (model.bias + w["type"] * t + w["date"] * d + w["place"] * pl + w["casualties"] * c + w["actors"] * ac
         + w["text"] * tx + w["reported"] * rep)
    score = 1.0 / (1.0 + math.exp(-z))
    veto = None
    if a.doc_id == b.doc_id and p.veto_same_document:
        veto = "same document"
    elif a.family != b.family:
        veto = "different families"
    elif gap is not None and d < 0:
        veto = "dates apart"
    elif relation in ("far", "other country") and p.veto_far_places:
        veto = "places far apart"
    elif (p.veto_figures and dead == -1.0 and gap == 0 and a.date_precision == "day"
          and b.date_precision == "day" and relation in ("apart", "far")):
        veto = "different figures on the same day at different places"
    values = {"type": t, "date": d, "place": pl, "casualties": c, "actors": ac, "text": tx, "reported": rep}
    return PairScore(score, veto, values, (gap, published_gap, km, relation, sim))
