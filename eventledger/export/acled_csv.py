"""ACLED-style CSV export: our event records under ACLED's column names, in ACLED's order.

Only material events are ACLED events: a verbal event (``event_type`` null: a condemnation, an
appeal) has no ACLED category and is skipped and counted. Every text cell comes from untrusted
articles, so cells that a spreadsheet would run as a formula are neutralised (see
:func:`neutralise`). Values we do not have (region, admin2, admin3, source scale, tags,
timestamp) are left empty rather than guessed.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any, TextIO

import pycountry

from ..errors import StorageError
from ..storage.base import date_interval
from .jsonl import E_EXPORT

logger = logging.getLogger(__name__)

#: ACLED's columns, in ACLED's order (the 2023 layout, with disorder_type, civilian_targeting, tags).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

#: ACLED's time precision: 1 the actual day, 2 a week, 3 a month. ACLED records no event known
#: only to the year; such a date gets ACLED's coarsest code, 3.
TIME_PRECISION: dict[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}

#: ACLED's geo precision: 1 the town or point itself, 2 a nearby or small part of a region,
#: 3 only a larger region (a province, a border area, the country).
GEO_PRECISION: dict[str, int] = {"point": 1, "city": 1, "admin2": 2, "admin1": 3, "region": 3,
                                 "country": 3}

#: ACLED's inter codes by our actor types: 1 state forces, 2 rebel groups, 3 political militias,
#: 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces. Our
#: ``armed_group`` does not say whether a group seeks to overthrow the state (2) or not, so it gets
#: 3, ACLED's broadest non-state armed category; a ``person`` is coded by the group they belong
#: to, which the record does not give, so it stays empty.
INTER_CODES: dict[str, int] = {"state_forces": 1, "government": 1, "armed_group": 3,
                               "political_party": 3, "rioters": 5, "protesters": 6, "civilians": 7,
                               "media": 7, "international": 8, "other": 8}

_DEMONSTRATIONS = "Demonstrations"
_POLITICAL_VIOLENCE = "Political violence"

# Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula
# or a command: = + - @, and tab and carriage return, which some programs strip before parsing.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a text cell a spreadsheet would run as a formula (CSV injection).

    Article text is untrusted: "=HYPERLINK(...)" or "@SUM(...)" in an actor name or a summary
    must reach the analyst as text, never execute. The apostrophe is how spreadsheets mark
    "literal text"; numeric columns are never passed here, so negative longitudes stay numbers.

    >>> neutralise("=1+1"), neutralise("Mosul")
    ("'=1+1", 'Mosul')
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


@lru_cache(maxsize=512)
def _country(iso3: str) -> tuple[str, int | None]:
    """The country's name and ISO 3166 numeric code (ACLED's ``iso``) for an alpha-3 code."""
    found = pycountry.countries.get(alpha_3=iso3.upper())
    if found is None:
        return "", None
    # pycountry's common_name is the everyday name ("Syria", "Iran") where the ISO name is formal.
    name = getattr(found, "common_name", None) or found.name
    return name, int(found.numeric)


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder type of an event type (empty for a verbal event)."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type == "Excessive force against protesters":
        return f"{_POLITICAL_VIOLENCE}; {_DEMONSTRATIONS}"
    if event_type == "Protests" or (event_type == "Riots" and sub_event_type == "Violent demonstration"):
        return _DEMONSTRATIONS
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"):
        return _POLITICAL_VIOLENCE
    return ""


def event_date(value: Any) -> str:
    """The day ACLED codes for a date: the day itself, else the middle of its week/month/year."""
    interval = date_interval(value)
    if interval is None:
        return ""
    start, end = date.fromisoformat(interval[0]), date.fromisoformat(interval[1])
    return (start + (end - start) // 2).isoformat()


def _dict(value: Any) -> Mapping[str, Any]:
    """A mapping, else an empty one (tolerates malformed nested values)."""
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    """A string, else the empty string."""
    return value if isinstance(value, str) else ""


def _number(value: Any) -> int | float | str:
    """A number (not a bool), else the empty string."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _count(value: Any) -> int | None:
    """A count (an int, not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _interaction(inter1: int | str, inter2: int | str) -> int | str:
    """ACLED's interaction: the two inter codes as one number, lower first (a lone actor: N0)."""
    codes = sorted(c for c in (inter1, inter2) if isinstance(c, int))
    if not codes:
        return ""
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _sources(event: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]] | None) -> str:
    """The outlets of the documents an event was read from, in order, each once."""
    if not documents:
        return ""
    doc_ids = [event.get("doc_id")] + [_dict(s).get("doc_id") for s in event.get("sources") or []]
    outlets: list[str] = []
    for doc_id in doc_ids:
        outlet = _text(_dict(documents.get(doc_id) if isinstance(doc_id, str) else None).get("outlet"))
        if outlet and outlet not in outlets:
            outlets.append(outlet)
    return "; ".join(outlets)


def acled_row(event: Mapping[str, Any],
              documents: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any] | None:
    """One event record as an ACLED row (column -> value), or None for a verbal event."""
    if event.get("event_type") is None:
        return None
    actors = [_dict(a) for a in event.get("actors") or []]
    first = [a for a in actors if a.get("role") == "initiator"] \
        or [a for a in actors if a.get("role") == "participant"]
    second = [a for a in actors if a.get("role") == "target"] \
        + [a for a in actors if a.get("role") == "victim"]
    inter1 = INTER_CODES.get(_text(first[0].get("type")), "") if first else ""
    inter2 = INTER_CODES.get(_text(second[0].get("type")), "") if second else ""
    when = _dict(event.get("date"))
    where = _dict(event.get("location"))
    day = event_date(when.get("value"))
    country_name, iso = _country(where["country"]) if isinstance(where.get("country"), str) else ("", None)
    dead = _dict(event.get("fatalities"))
    low, high = _count(dead.get("low")), _count(dead.get("high"))
    targets_civilians = event.get("event_type") == "Violence against civilians" \
        or any(a.get("type") == "civilians" for a in second)
    return {
        "event_id_cnty": _text(event.get("event_id")),
        "event_date": day,
        "year": int(day[:4]) if day else "",
        "time_precision": TIME_PRECISION.get(_text(when.get("precision")), "") if day else "",
        "disorder_type": disorder_type(event.get("event_type"), event.get("sub_event_type")),
        "event_type": _text(event.get("event_type")),
        "sub_event_type": _text(event.get("sub_event_type")),
        "actor1": _text(first[0].get("name")) if first else "",
        "assoc_actor_1": "; ".join(_text(a.get("name")) for a in first[1:]),
        "inter1": inter1,
        "actor2": _text(second[0].get("name")) if second else "",
        "assoc_actor_2": "; ".join(_text(a.get("name")) for a in second[1:]),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
        "iso": "" if iso is None else iso,
        "region": "",
        "country": country_name,
        "admin1": _text(where.get("admin1")),
        "admin2": "",
        "admin3": "",
        "location": _text(where.get("name")),
        "latitude": _number(where.get("lat")),
        "longitude": _number(where.get("lon")),
        "geo_precision": GEO_PRECISION.get(_text(where.get("precision")), ""),
        "source": _sources(event, documents),
        "source_scale": "",
        "notes": _text(event.get("summary")),
        # ACLED records an unknown death toll as 0; we do so ONLY in this CSV, because it is
        # ACLED's convention. Everywhere else an unknown count stays null, never a made-up 0.
        "fatalities": low if low is not None else high if high is not None else 0,
        "tags": "",
        "timestamp": "",
    }


class AcledCsvWriter:
    """Writes ACLED rows to a text stream and counts what it wrote and what it skipped.

    ``out`` should be opened with ``newline=""`` (the csv module writes its own line ends).
    """

    def __init__(self, out: TextIO, documents: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """Write the header row now; ``documents`` (doc_id -> document record) gives outlets."""
        self._writer = csv.writer(out)
        self._documents = documents
        self.written = 0
        self.skipped_verbal = 0
        self._writer.writerow(ACLED_COLUMNS)

    def write(self, event: Mapping[str, Any]) -> bool:
        """Write one event; False (and counted) when it is a verbal event, not an ACLED event."""
        if not isinstance(event, Mapping) or event.get("record") != "event":
            kind = event.get("record") if isinstance(event, Mapping) else type(event).__name__
            raise StorageError(f"the ACLED export takes event records only, not {kind!r}; pass "
                               "store.events(...) or iter_records(['event'])", code=E_EXPORT)
        row = acled_row(event, self._documents)
        if row is None:
            self.skipped_verbal += 1
            return False
        self._writer.writerow([neutralise(v) if isinstance(v, str) else v
                               for v in (row[c] for c in ACLED_COLUMNS)])
        self.written += 1
        return True


def write_acled_csv(events: Iterable[Mapping[str, Any]], out: TextIO,
                    documents: Mapping[str, Mapping[str, Any]] | None = None) -> int:
    """Write event records as an ACLED-style CSV (header first) and return the rows written.

    Args:
        events: event records (e.g. ``store.events(EventFilter())``).
        out: a text stream opened with ``newline=""``.
        documents: doc_id -> document record, to fill ``source`` with the outlet; optional.

    Returns:
        The number of event rows written; verbal events (``event_type`` null) are not ACLED
        events and are skipped (use :class:`AcledCsvWriter` to get that count).

    Raises:
        StorageError: an item is not an event record.

    >>> import io
    >>> write_acled_csv([], io.StringIO())
    0
    """
    writer = AcledCsvWriter(out, documents)
    for event in events:
        writer.write(event)
    if writer.skipped_verbal:
        logger.info("ACLED CSV: skipped %d verbal events (no ACLED event type)", writer.skipped_verbal)
    return writer.written


__all__ = ["ACLED_COLUMNS", "GEO_PRECISION", "INTER_CODES", "TIME_PRECISION", "AcledCsvWriter",
           "acled_row", "disorder_type", "event_date", "neutralise", "write_acled_csv"]
