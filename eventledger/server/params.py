"""Query parameters shared by the API's routes, declared once so the OpenAPI schema states them.

FastAPI checks each parameter's form (a number, a length, a pattern) and answers 422 naming the
parameter; what only the store can judge (a date that does not exist, a bounding box whose south
is north of its north) is judged by ``EventFilter.normalised()``, whose StorageError E505 the app
turns into the same 422. Every value reaches SQL as a bound parameter, never as SQL text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import HTTPException, Query

from ..storage import EventFilter

#: Largest page a list endpoint returns; the exports stream everything instead.
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
#: Offsets beyond this are refused (SQLite integers are 64-bit; nobody pages this far).
MAX_OFFSET = 1_000_000_000
#: Longest free-text parameter (a search, a name): long enough for any real query.
MAX_TEXT = 200
#: No control characters: PostgreSQL cannot store NUL, and none belongs in a search.
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
#: An ISO date at the day, ISO week, month or year (the contract's date forms).
DATE_FORM = r"^[0-9]{4}(-W[0-9]{2}|-[0-9]{2}(-[0-9]{2})?)?$"
_BBOX_HELP = ("bounding box west,south,east,north in decimal degrees (WGS 84), e.g. 38.8,29.0,48.6,37.4; "
              "an event matches when its point is inside")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Name = Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT,
                                   description="case-insensitive part of the name")]
Search = Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT,
                                     description="full-text search over the documents' titles and text")]


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``"w,s,e,n"`` as four finite floats, or 422 saying what is wrong with it."""
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        numbers = ()
    if len(parts) != 4 or len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise HTTPException(422, f"bbox {value!r} is not four numbers west,south,east,north; "
                                 "e.g. bbox=38.8,29.0,48.6,37.4")
    west, south, east, north = numbers
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise HTTPException(422, f"bbox {value!r} is off the globe: longitudes go from -180 to 180, "
                                 "latitudes from -90 to 90")
    return west, south, east, north


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The event criteria of a request (no paging): what EventFilter takes, parsed."""

    values: dict[str, Any]

    def filter(self, *, limit: int | None = None, offset: int = 0) -> EventFilter:
        """The store's filter for these criteria and a page."""
        return EventFilter(**self.values, limit=limit, offset=offset)


def event_query(
    date_from: Annotated[str | None, Query(pattern=DATE_FORM, description=(
        "first day (YYYY-MM-DD; or YYYY-Www, YYYY-MM, YYYY for its first day); events whose date "
        "interval overlaps the range match"))] = None,
    date_to: Annotated[str | None, Query(pattern=DATE_FORM, description=(
        "last day (YYYY-MM-DD; or YYYY-Www, YYYY-MM, YYYY for its last day)"))] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$",
                                         description="ISO 3166-1 alpha-3 country code, e.g. IRQ")] = None,
    type: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT, description=(
        "ACLED event type, ACLED sub-event type or PLOVER type (case-insensitive)"))] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT,
                                       description="an actor's name (case-insensitive part of it)")] = None,
    text: Search = None,
    bbox: Annotated[str | None, Query(max_length=MAX_TEXT, description=_BBOX_HELP)] = None,
    doc_id: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT, description=(
        "only events of this document (a unique short id is enough)"))] = None,
    incident_id: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT,
                                             description="only events of this incident")] = None,
) -> EventQuery:
    """The event filter parameters every event-listing route takes."""
    values: dict[str, Any] = {"date_from": date_from, "date_to": date_to, "country": country,
                              "event_type": type, "doc_id": doc_id}
    # Only the criteria given are passed, so a filter without them works on any store version.
    extra = {"actor": actor, "text": text, "bbox": parse_bbox(bbox), "incident_id": incident_id}
    values.update({k: v for k, v in extra.items() if v is not None})
    return EventQuery(values)


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """The paging keys of a list answer: a full page may have a next one."""
    return {"limit": limit, "offset": offset,
            "next_offset": offset + len(items) if len(items) >= limit else None}


__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "EventQuery", "Limit", "Name", "Offset", "Search", "event_query",
           "page", "parse_bbox"]
