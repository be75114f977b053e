"""The Store protocol, the event filter, and the record preparation every backend shares.

A store persists CONTRACT RECORDS (the dicts of ../shared/contract), not model objects, so a JSON
export is exactly what was stored and every backend (SQLite, PostgreSQL, memory) keeps the
same rows. Everything a backend must agree on byte for byte lives here: how a record is
serialised, which id keys it, how a document is judged unchanged, the date interval of an event,
the filter semantics and the stable order of records. Backends only move rows.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from ..errors import StorageError
from ..model.document import Failure
from ..model.ids import content_id

# Stable error codes of the storage layer (StorageError is the E5xx family).
E_OPEN = "E501"  # cannot open / create / migrate the store
E_LOCKED = "E502"  # another process holds the write lock
E_MIGRATE = "E503"  # a migration failed or the file is from a newer version
E_RECORD = "E504"  # a record cannot be stored (shape, serialisation, id conflict)
E_QUERY = "E505"  # a bad filter or reference (unknown kind, ambiguous short id)
E_RUN = "E506"  # unknown or duplicate run id
# E507 (an export cannot be written) is raised by eventledger.export.

#: Kinds a document contributes, in the order records of one document are listed.
DOCUMENT_KINDS: tuple[str, ...] = ("document", "event", "statement", "mention")
#: Every kind of the export contract; incidents span documents (put_incidents stores them apart).
ALL_KINDS: tuple[str, ...] = (*DOCUMENT_KINDS, "incident")
KIND_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(ALL_KINDS)}
#: The key that identifies each kind's records (mentions get a derived id, see mention_id).
ID_KEYS: dict[str, str] = {"document": "doc_id", "event": "event_id", "statement": "statement_id"}
RUN_STATUSES: tuple[str, ...] = ("stored", "unchanged", "failed")

_HEX = re.compile(r"[0-9a-f]+")
_DOC_PREFIX = "sha256:"
#: Shortest hex prefix accepted as a short document id (as git does for commits).
MIN_SHORT_ID = 4


# --------------------------------------------------------------------------- dates

#: Days between the first and the last day of the longest date interval (a leap year: 365), plus one.
MAX_INTERVAL_DAYS = 366


def date_interval(value: Any) -> tuple[str, str] | None:
    """The first and last ISO day of a contract date value (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY).

    The form of ``value`` decides the interval (the contract makes it match the precision);
    anything unparseable gives None, so a malformed date is stored but never matches a date filter.
    """
    if not isinstance(value, str):
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day.isoformat(), day.isoformat()
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
        if re.fullmatch(r"\d{4}", value):
            year = int(value)
            if year < 1:
                return None
            return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    except ValueError:  # month 13, week 54, day 31 of February, year 0 ...
        return None
    return None


def _bound(value: str | date | None, which: str) -> str | None:
    """A filter bound as an ISO day: a coarser value uses its interval's first or last day."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    interval = date_interval(value.strip()) if isinstance(value, str) else None
    if interval is None:
        raise StorageError(f"date filter {which}={value!r} is not a date; use YYYY-MM-DD, YYYY-Www, "
                           "YYYY-MM or YYYY", code=E_QUERY)
    return interval[0] if which == "date_from" else interval[1]


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return.

    ``date_from``/``date_to`` keep an event whose date interval overlaps ``[date_from, date_to]``
    (a month-precision date overlaps a day range inside that month); a coarse bound such as
    ``"2024-02"`` means its first day as ``date_from`` and its last day as ``date_to``. Events
    without a date never match a date filter. ``country`` is ISO 3166-1 alpha-3; ``event_type``
    matches the ACLED event type, the ACLED sub-event type or the PLOVER type (ASCII
    case-insensitive); ``doc_id`` may be a unique short id. ``limit``/``offset`` paginate.

    ``bbox`` is (west, south, east, north) in degrees: events whose point lies inside or on its
    edge (not across the antimeridian: west <= east). ``actor`` is part of an actor's name or
    text, case-insensitive. ``text`` keeps events whose document's title and text hold every word
    of it (letters and digits; any search syntax is a separator). ``incident_id`` is the event's
    incident: its incident link's when it has one, else the record's own. Invalid values raise
    StorageError E505 saying what is allowed.
    """

    date_from: str | date | None = None
    date_to: str | date | None = None
    country: str | None = None
    event_type: str | None = None
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0
    bbox: tuple[float, float, float, float] | None = None
    actor: str | None = None
    text: str | None = None
    incident_id: str | None = None

    def normalised(self) -> NormalisedFilter:
        """Validate the filter and return the bounds in the form every backend compares."""
        start, end = _bound(self.date_from, "date_from"), _bound(self.date_to, "date_to")
        if start is not None and end is not None and start > end:
            raise StorageError(f"date_from {self.date_from!r} is after date_to {self.date_to!r}; "
                               "swap them", code=E_QUERY)
        country = None
        if self.country is not None:
            if not re.fullmatch(r"[A-Za-z]{3}", self.country.strip()):
                raise StorageError(f"country {self.country!r} is not an ISO 3166-1 alpha-3 code; "
                                   "use e.g. IRQ, SYR, UKR", code=E_QUERY)
            country = self.country.strip().upper()
        event_type = self.event_type.strip().lower() if self.event_type is not None else None
        limit, offset = check_page(self.limit, self.offset)
        incident_id = None
        if self.incident_id is not None:
            if not isinstance(self.incident_id, str) or not self.incident_id.strip():
                raise StorageError(f"incident_id {self.incident_id!r} is not an incident id; give the "
                                   "id of a stored incident (incidents() lists them)", code=E_QUERY)
            incident_id = self.incident_id.strip()
        return NormalisedFilter(start, end, country, event_type, self.doc_id, limit, offset,
                                bbox=check_bbox(self.bbox),
                                actor=like_needle(self.actor, "actor") if self.actor is not None else None,
                                text=query_tokens(self.text) if self.text is not None else None,
                                incident_id=incident_id)


@dataclass(frozen=True, slots=True)
class NormalisedFilter:
    """An EventFilter after validation: ISO day bounds, upper-case country, lower-case type."""

    start: str | None
    end: str | None
    country: str | None
    event_type: str | None
    doc_id: str | None
    limit: int | None
    offset: int
    bbox: tuple[float, float, float, float] | None = None
    actor: str | None = None  # lower-case, matched as a substring of actor names and texts
    text: tuple[str, ...] | None = None  # search words (see query_tokens), all must occur
    incident_id: str | None = None

    @property
    def start_floor(self) -> str | None:
        """No event whose interval reaches ``start`` begins before this day: the longest interval
        (a year) is under 367 days. SQL adds it as a bound so a date index range stays narrow."""
        if self.start is None:
            return None
        try:
            return (date.fromisoformat(self.start) - timedelta(days=MAX_INTERVAL_DAYS)).isoformat()
        except OverflowError:  # within a year of 0001-01-01: there is nothing before it
            return None

    @property
    def selects_events(self) -> bool:
        """True when the filter says something about events (not only a document or a page)."""
        return any(v is not None for v in (self.start, self.end, self.country, self.event_type,
                                           self.bbox, self.actor, self.text, self.incident_id))


def event_matches(columns: Mapping[str, Any], flt: NormalisedFilter, *,
                  actor_keys: Sequence[str] = (), doc_tokens: Set[str] | None = None,
                  incident_id: str | None = None) -> bool:
    """Whether an event passes the event criteria of a filter (not doc_id, not paging).

    ``columns`` are the event's indexed columns (event_columns), ``actor_keys`` the lower-case
    names and texts of its actors, ``doc_tokens`` the search words of its document and
    ``incident_id`` its effective incident (the linked one, else its own). The SQL backends
    implement the same test in SQL; this is the reference the memory store uses.
    """
    if flt.bbox is not None and not in_bbox(columns.get("lat"), columns.get("lon"), flt.bbox):
        return False
    if flt.actor is not None and not any(flt.actor in key for key in actor_keys):
        return False
    if flt.text is not None and (doc_tokens is None or not doc_tokens.issuperset(flt.text)):
        return False
    if flt.incident_id is not None and incident_id != flt.incident_id:
        return False
    if flt.start is not None or flt.end is not None:
        lo, hi = columns.get("date_start"), columns.get("date_end")
        if lo is None or hi is None:
            return False
        if flt.end is not None and lo > flt.end:
            return False
        if flt.start is not None and hi < flt.start:
            return False
    if flt.country is not None and columns.get("country") != flt.country:
        return False
    if flt.event_type is not None:
        names = (columns.get("event_type"), columns.get("sub_event_type"), columns.get("plover_type"))
        if not any(isinstance(n, str) and _ascii_lower(n) == flt.event_type for n in names):
            return False
    return True


def in_bbox(lat: Any, lon: Any, bbox: tuple[float, float, float, float]) -> bool:
    """Whether a point lies inside (or on the edge of) a west, south, east, north box."""
    if lat is None or lon is None:
        return False
    west, south, east, north = bbox
    return bool(south <= lat <= north and west <= lon <= east)


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, as SQLite's NOCASE collation does."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# --------------------------------------------------------------------------- query values

#: Longest free text a filter takes (a search, an actor or place name): any real query fits.
MAX_QUERY_CHARS = 1000
#: Longest word indexed and searched for (PostgreSQL refuses lexemes over 2 KB).
MAX_WORD_CHARS = 100
#: Most bytes of distinct words indexed per document (PostgreSQL caps a tsvector at 1 MB).
MAX_INDEX_BYTES = 900_000
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as SQLite FTS5's unicode61 tokenizer splits


def check_page(limit: Any, offset: Any) -> tuple[int | None, int]:
    """Validate paging arguments: ``limit`` a whole number >= 0 or None, ``offset`` >= 0."""
    for name, number in (("limit", limit), ("offset", offset)):
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 0):
            raise StorageError(f"{name} must be a whole number >= 0, not {number!r}", code=E_QUERY)
    return limit, offset or 0


def check_bbox(bbox: Any) -> tuple[float, float, float, float] | None:
    """Validate a west, south, east, north box in degrees (no box across the antimeridian)."""
    if bbox is None:
        return None
    try:
        values = tuple(bbox)
    except TypeError:
        values = ()
    if len(values) != 4 or not all(isinstance(v, int | float) and not isinstance(v, bool)
                                   and math.isfinite(v) for v in values):
        raise StorageError(f"bbox {bbox!r} is not four numbers (west, south, east, north) in degrees",
                           code=E_QUERY)
    west, south, east, north = (float(v) for v in values)
    if not (-180 <= west <= east <= 180):
        raise StorageError(f"bbox longitudes west={west} east={east} must satisfy -180 <= west <= east "
                           "<= 180 (a box across the antimeridian is two queries)", code=E_QUERY)
    if not (-90 <= south <= north <= 90):
        raise StorageError(f"bbox latitudes south={south} north={north} must satisfy -90 <= south <= "
                           "north <= 90", code=E_QUERY)
    return west, south, east, north


def like_needle(value: Any, name: str) -> str:
    """A name filter as the lower-case text every backend looks for as a substring."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_QUERY_CHARS:
        raise StorageError(f"{name} {value!r} is not a name to look for; give 1 to {MAX_QUERY_CHARS} "
                           "characters (matched case-insensitively as part of a name)", code=E_QUERY)
    return value.strip().lower()


def like_pattern(needle: str) -> str:
    """A LIKE pattern finding ``needle`` anywhere, its ``%``, ``_`` and ``\\`` taken literally
    (the SQL says ``ESCAPE '\\'``)."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(text: str) -> list[str]:
    """The distinct lower-case words of a text, in order of first use (what full text indexes)."""
    return list(dict.fromkeys(w for w in _WORD.findall(text.lower()) if len(w) <= MAX_WORD_CHARS))


def document_words(title: Any, text: Any) -> list[str]:
    """The words a document is found by: those of its title and text, up to MAX_INDEX_BYTES."""
    words = search_words(" ".join(v for v in (title, text) if isinstance(v, str)))
    kept, size = [], 0
    for word in words:
        size += len(word.encode("utf-8")) + 8  # a tsvector entry: the lexeme plus its header
        if size > MAX_INDEX_BYTES:
            break
        kept.append(word)
    return kept


def query_tokens(text: Any) -> tuple[str, ...]:
    """Validate a full-text search and return its words: a document matches if it has them all.

    The words are data, never search syntax: quotes, operators and brackets in the input are
    separators, so nothing a user types can make the search fail or mean something else.
    """
    if not isinstance(text, str) or len(text) > MAX_QUERY_CHARS:
        raise StorageError(f"text search {text!r} must be a string of at most {MAX_QUERY_CHARS} "
                           "characters", code=E_QUERY)
    words = _WORD.findall(text.lower())
    if any(len(w) > MAX_WORD_CHARS for w in words):
        raise StorageError(f"text search words are at most {MAX_WORD_CHARS} letters long; shorten "
                           f"{text[:40]!r}...", code=E_QUERY)
    if not words:
        raise StorageError(f"text search {text!r} has no word to look for; give at least one word of "
                           "letters or digits", code=E_QUERY)
    return tuple(dict.fromkeys(words))


# --------------------------------------------------------------------------- short ids


def short_id_prefix(ref: str) -> str | None:
    """The ``sha256:<hex>`` prefix a short document reference stands for, or None if it is not one.

    Raises StorageError when the reference is hex but too short to be useful.
    """
    hex_part = ref.strip().lower()
    if hex_part.startswith(_DOC_PREFIX):
        hex_part = hex_part[len(_DOC_PREFIX):]
    if not hex_part or not _HEX.fullmatch(hex_part):
        return None
    if len(hex_part) < MIN_SHORT_ID:
        raise StorageError(f"document id {ref!r} is too short; type at least {MIN_SHORT_ID} hex "
                           "characters of the id", code=E_QUERY)
    return _DOC_PREFIX + hex_part


def ambiguous(ref: str, matches: Sequence[str]) -> StorageError:
    """The error for a short id that matches several documents."""
    shown = ", ".join(matches[:3])
    return StorageError(f"short document id {ref!r} matches several documents ({shown} ...); "
                        "type more characters", code=E_QUERY)


# --------------------------------------------------------------------------- records


def dumps(obj: Any) -> str:
    """The one serialisation of stored JSON: key order kept, UTF-8 text, no NaN or Infinity."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def mention_id(doc_id: str, kind: Any, span: Any) -> str:
    """A mention's id: a content hash of its document, kind and span (mentions carry no id)."""
    return content_id(doc_id, kind, span, prefix="m:")


def _int_or_none(value: Any) -> int | None:
    """An int (not a bool) that fits a 64-bit column, else None (the JSON keeps the exact value)."""
    if isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63:
        return value
    return None


def _num_or_none(value: Any) -> float | None:
    """A number (not a bool) as a float, else None (also for an int too large for a float)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _str_or_none(value: Any) -> str | None:
    """A string, else None."""
    return value if isinstance(value, str) else None


def _dict(value: Any) -> Mapping[str, Any]:
    """A mapping, else an empty one (tolerates malformed nested values)."""
    return value if isinstance(value, Mapping) else {}


def span_start(record: Mapping[str, Any]) -> int | None:
    """Where a record starts in its document's text (an event: its trigger, else its first source)."""
    span: Any = record.get("span")
    if record.get("record") == "event":
        span = _dict(record.get("trigger")).get("span")
        if not isinstance(span, list) or not span:
            sources = record.get("sources")
            first = sources[0] if isinstance(sources, list) and sources else None
            span = _dict(first).get("span")
    if isinstance(span, list) and span:
        return _int_or_none(span[0])
    return None


def event_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """The indexed columns of an event record (every value None where the record has none)."""
    when = _dict(record.get("date"))
    where = _dict(record.get("location"))
    dead, hurt = _dict(record.get("fatalities")), _dict(record.get("injuries"))
    interval = date_interval(when.get("value"))
    country = _str_or_none(where.get("country"))
    confidence = _num_or_none(record.get("confidence"))
    return {
        "incident_id": _str_or_none(record.get("incident_id")),
        "event_type": _str_or_none(record.get("event_type")),
        "sub_event_type": _str_or_none(record.get("sub_event_type")),
        "plover_type": _str_or_none(_dict(record.get("plover")).get("type")),
        "cameo": _str_or_none(record.get("cameo")),
        "date_value": _str_or_none(when.get("value")),
        "date_start": interval[0] if interval else None,
        "date_end": interval[1] if interval else None,
        "precision": _str_or_none(when.get("precision")),
        "country": country.upper() if country else None,
        "admin1": _str_or_none(where.get("admin1")),
        "lat": _num_or_none(where.get("lat")),
        "lon": _num_or_none(where.get("lon")),
        "location_name": _str_or_none(where.get("name")),
        "location_key": where["name"].lower() if isinstance(where.get("name"), str) else None,
        "fatalities_low": _int_or_none(dead.get("low")),
        "fatalities_high": _int_or_none(dead.get("high")),
        "injuries_low": _int_or_none(hurt.get("low")),
        "injuries_high": _int_or_none(hurt.get("high")),
        "confidence": confidence,
    }


def actor_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``event_actors`` rows of an event: each actor's position, role, name, text, type and
    country, with the lower-case name and text that actor filters look in."""
    actors = record.get("actors")
    rows: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for position, actor in enumerate(actors if isinstance(actors, list) else ()):
        if not isinstance(actor, Mapping):
            continue
        name, text = _str_or_none(actor.get("name")), _str_or_none(actor.get("text"))
        kind, country = _str_or_none(actor.get("type")), _str_or_none(actor.get("country"))
        # 1 on the first actor of the event with this name, type and country: summing it counts
        # events per actor without COUNT(DISTINCT), which costs twice as much on large stores.
        first = 0 if (name, kind, country) in seen else 1
        seen.add((name, kind, country))
        rows.append({"ord": position, "role": _str_or_none(actor.get("role")), "name": name,
                     "text": text, "type": kind, "country": country,
                     "name_key": name.lower() if name is not None else None,
                     "text_key": text.lower() if text is not None else None, "first_in_event": first})
    return rows


def about_ids(record: Mapping[str, Any]) -> list[str]:
    """The distinct event ids a statement is ``about``, in order."""
    about = record.get("about")
    return list(dict.fromkeys(a for a in (about if isinstance(about, list) else ()) if isinstance(a, str)))


@dataclass(slots=True)
class PreparedRecord:
    """One record ready to write: its kind, id, position, start offset, JSON and indexed columns
    (an event's also its actors, a statement's the events it is about)."""

    kind: str
    record_id: str
    ord: int
    span_start: int | None
    json: str
    columns: dict[str, Any] = field(default_factory=dict)
    actors: list[dict[str, Any]] = field(default_factory=list)
    about: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PreparedDocument:
    """A document's records validated and serialised, with the hash that says "unchanged"."""

    doc_id: str
    source_id: str | None
    document: PreparedRecord
    children: list[PreparedRecord]
    records_hash: str


def _fail(doc_id: str | None, message: str) -> StorageError:
    """A StorageError (E504) about a record of a document."""
    where = f"document {doc_id}: " if doc_id else ""
    return StorageError(f"{where}{message}", code=E_RECORD)


def prepare_document(records: Sequence[Mapping[str, Any]]) -> PreparedDocument:
    """Check one document's records and serialise them, without touching any store.

    The first record must be the ``document``; the others are events, statements and mentions of
    that same ``doc_id``, each with its id. Ids must be unique within the document. Anything that
    cannot be stored raises StorageError (E504) saying which record and why.
    """
    if not records:
        raise _fail(None, "no records given; pass the document record first, then its events, "
                          "statements and mentions (Document.records())")
    head = records[0]
    if not isinstance(head, Mapping) or head.get("record") != "document":
        raise _fail(None, "the first record must be the document record (Document.records() "
                          "lists it first)")
    doc_id = head.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise _fail(None, "the document record has no doc_id string")
    prepared: list[PreparedRecord] = []
    seen: dict[tuple[str, str], int] = {}
    for position, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise _fail(doc_id, f"record {position} is a {type(record).__name__}, not a JSON object")
        kind = record.get("record")
        if position and kind not in DOCUMENT_KINDS[1:]:
            raise _fail(doc_id, f"record {position} has record={kind!r}; a document holds only "
                                "event, statement and mention records after its document record")
        if position and record.get("doc_id") != doc_id:
            raise _fail(doc_id, f"record {position} ({kind}) has doc_id {record.get('doc_id')!r}; "
                                "every record put with a document must carry that document's id")
        given_id = (mention_id(doc_id, record.get("kind"), record.get("span")) if kind == "mention"
                    else record.get(ID_KEYS[str(kind)]))
        if not isinstance(given_id, str) or not given_id:
            raise _fail(doc_id, f"record {position} ({kind}) has no {ID_KEYS[str(kind)]} string")
        record_id: str = given_id
        key = (str(kind), record_id)
        if key in seen:
            what = "kind and span" if kind == "mention" else ID_KEYS[str(kind)]
            raise _fail(doc_id, f"records {seen[key]} and {position} are two {kind}s with the same "
                                f"{what} ({record_id}); the extractor must emit each once")
        seen[key] = position
        try:
            text = dumps(record)
            # SQLite (and PostgreSQL) store UTF-8: a lone surrogate would fail half-way through a
            # write, so it is refused here, before anything is written.
            text.encode("utf-8")
        except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
            raise _fail(doc_id, f"record {position} ({kind}) cannot be stored as JSON: {exc}; "
                                "values must be JSON types (no NaN, no lone surrogates)") from exc
        columns = event_columns(record) if kind == "event" else {}
        prepared.append(PreparedRecord(str(kind), record_id, position, span_start(record), text, columns,
                                       actor_rows(record) if kind == "event" else [],
                                       about_ids(record) if kind == "statement" else []))
    # The exact serialisation of every record in order: equal hashes mean byte-identical records.
    digest = hashlib.sha256("\n".join(p.json for p in prepared).encode("utf-8")).hexdigest()
    return PreparedDocument(doc_id, _str_or_none(head.get("source_id")), prepared[0], prepared[1:],
                            digest)


def order_key(doc_seq: int, kind: str, start: int | None, ord_: int) -> tuple[int, int, bool, int, int]:
    """The stable order of records: document insertion order, kind, span start (a record without
    one first, as SQL's ``NULLS FIRST``), then position in the document."""
    return (doc_seq, KIND_RANK[kind], start is not None, start or 0, ord_)


def check_kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    """Validate a kinds argument; None means every kind."""
    if kinds is None:
        return ALL_KINDS
    if isinstance(kinds, str):  # a lone "event" would otherwise iterate as characters
        kinds = [kinds]
    unknown = [k for k in kinds if k not in ALL_KINDS]
    if unknown:
        raise StorageError(f"unknown record kind(s) {unknown}; use {', '.join(ALL_KINDS)}", code=E_QUERY)
    return tuple(k for k in ALL_KINDS if k in kinds)


def unknown_run(run_id: str) -> StorageError:
    """The error for a run id that was never started."""
    return StorageError(f"no run {run_id!r} in this store; start it with start_run() first "
                        "(runs() lists the known runs)", code=E_RUN)


def settle_outcome(previous: str | None, new: str) -> str | None:
    """The status to write for a document put again in the same run (None: leave the row alone).

    A re-put that finds the document unchanged keeps the earlier outcome, so putting the same
    document twice in a run changes nothing; a changed re-put upgrades "unchanged" to "stored".
    """
    if previous is None:
        return new
    if new == "stored" and previous != "stored":
        return "stored"
    return None


# --------------------------------------------------------------------------- protocol


@runtime_checkable
class Store(Protocol):
    """Where contract records live between runs (SQLite, PostgreSQL, memory)."""

    def start_run(self, run_id: str, *, command: str, config_hash: str, inputs: list[str]) -> None:
        """Record that a run began (raises StorageError E506 if the id is taken)."""
        ...

    def put_document(self, records: list[dict[str, Any]], *, run_id: str) -> bool:
        """Store one document's records in one transaction; False when already stored unchanged."""
        ...

    def record_failure(self, run_id: str, failure: Failure) -> None:
        """Record that an input of a run could not be processed, with its code and reason."""
        ...

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        """Record that a run ended, with its summary (counts, timings)."""
        ...

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first, with its outcome counts."""
        ...

    def failures(self, run_id: str | None = None) -> list[dict[str, Any]]:
        """Failures of one run, or of every run, in the order they were recorded."""
        ...

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document record for a full or unique short id, or None if no document has it."""
        ...

    def records_for(self, doc_id: str) -> list[dict[str, Any]]:
        """Every record of one document in the stable order ([] when unknown)."""
        ...

    def iter_records(self, kinds: Sequence[str] | None = None,
                     filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Stored records in the stable order, optionally of some kinds and matching a filter."""
        ...

    def events(self, filters: EventFilter) -> list[dict[str, Any]]:
        """Event records matching a filter, in the stable order, paginated."""
        ...

    def counts(self) -> dict[str, int]:
        """How many documents, events, statements, mentions, runs and failures are stored."""
        ...

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event record by its id (with its effective incident_id), or None."""
        ...

    def count_events(self, filters: EventFilter) -> int:
        """How many events match a filter (its limit and offset are ignored)."""
        ...

    def documents(self, *, limit: int | None = None, offset: int = 0,
                  text: str | None = None) -> list[dict[str, Any]]:
        """Document records in insertion order, optionally those a full-text search finds."""
        ...

    def statements(self, *, doc_id: str | None = None, event_id: str | None = None,
                   limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Statement records in the stable order: of one document, and/or about one event."""
        ...

    def event_histogram(self, filters: EventFilter) -> list[dict[str, Any]]:
        """``{"day", "event_type", "count"}`` per first day of the matching events' dates and type."""
        ...

    def actors(self, *, name: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """``{"name", "type", "country", "events"}`` over the actors of stored events, most events first."""
        ...

    def places(self, *, name: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """``{"name", "country", "admin1", "lat", "lon", "events"}`` over events' locations."""
        ...

    def put_incidents(self, incidents: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
        """Upsert incident records and event links in one transaction; drop incidents left unlinked."""
        ...

    def incidents(self, *, filters: EventFilter | None = None, limit: int | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Incident records matching a filter, by date then id, paginated by limit/offset."""
        ...

    def get_incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident record, or None."""
        ...

    def incident_links(self, incident_id: str | None = None,
                       event_ids: Sequence[str] = ()) -> list[dict[str, Any]]:
        """``{"event_id", "incident_id", "score", "features"}`` of an incident and/or of events."""
        ...

    def dump(self) -> str:
        """A deterministic text dump of every table (for tests and debugging)."""
        ...

    def close(self) -> None:
        """Release the store; later calls raise StorageError."""
        ...


@runtime_checkable
class ResumableStore(Protocol):
    """What a store offers beyond :class:`Store` so that a run can resume and re-runs are cheap.

    Optional: an engine given a store without these methods processes every input (still
    idempotent, only slower). SQLiteStore, PostgresStore and MemoryStore implement them.
    """

    def run_outcomes(self, run_id: str, *, doc_ids: Sequence[str] = (),
                     sources: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Outcomes already committed in a run for these doc_ids, or failures without a doc_id
        of these sources: ``{"doc_id", "source", "status", "code", "reason"}`` in recorded order."""
        ...

    def stored_state(self, doc_ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """For each stored doc_id among ``doc_ids``: ``(config hash of the run that last stored it or
        found it unchanged, the stored source_id)``; a doc_id that is not stored is absent."""
        ...

    def record_unchanged(self, run_id: str, documents: Sequence[tuple[str, str | None]]) -> None:
        """Commit "unchanged" outcomes for already stored documents ``(doc_id, source)`` in one
        transaction, without their records (StorageError E504 for a doc_id that is not stored)."""
        ...


def not_stored(doc_id: str) -> StorageError:
    """The error for an "unchanged" outcome of a document that is not stored."""
    return StorageError(f"document {doc_id} is not stored, so it cannot be recorded as unchanged; "
                        "store its records with put_document()", code=E_RECORD)


#: Most values bound in one SQL statement (SQLite allows 32766 since 3.32, 999 before).
SQL_CHUNK = 500


def chunks(values: Sequence[str], size: int = SQL_CHUNK) -> Iterator[Sequence[str]]:
    """``values`` in slices of at most ``size`` (distinct, order kept)."""
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), size):
        yield unique[start:start + size]


def utc_now() -> str:
    """The current UTC time as an ISO timestamp to the second (run start and finish times)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
