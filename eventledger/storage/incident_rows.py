"""Incident records and event links as every backend stores them, validated once, here.

An incident is the contract's ``incident`` record (events of any number of documents that report
one real-world incident); a link ties one stored event to one incident with the merge score and
the features behind it. Incidents are written apart from documents (cross-document merging runs
after extraction), so a document's re-put never changes its records' hash; what a reader sees is
the event's ``incident_id`` taken from its link when it has one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import StorageError
from .base import E_RECORD, _dict, _int_or_none, _num_or_none, _str_or_none, date_interval, dumps


@dataclass(slots=True)
class PreparedIncident:
    """An incident record ready to write: its id, JSON and indexed columns."""

    incident_id: str
    json: str
    columns: dict[str, Any]


@dataclass(slots=True)
class PreparedLink:
    """An event's link to its incident, ready to write (``features`` as JSON text)."""

    event_id: str
    incident_id: str
    score: float | None
    features: str | None


def incident_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """The indexed columns of an incident record (None where the record has no value)."""
    when, where = _dict(record.get("date")), _dict(record.get("location"))
    dead, hurt = _dict(record.get("fatalities")), _dict(record.get("injuries"))
    interval = date_interval(when.get("value"))
    country = _str_or_none(where.get("country"))
    return {
        "event_type": _str_or_none(record.get("event_type")),
        "sub_event_type": _str_or_none(record.get("sub_event_type")),
        "date_start": interval[0] if interval else None,
        "date_end": interval[1] if interval else None,
        "country": country.upper() if country else None,
        "lat": _num_or_none(where.get("lat")),
        "lon": _num_or_none(where.get("lon")),
        "fatalities_low": _int_or_none(dead.get("low")),
        "fatalities_high": _int_or_none(dead.get("high")),
        "injuries_low": _int_or_none(hurt.get("low")),
        "injuries_high": _int_or_none(hurt.get("high")),
    }


def _bad(message: str) -> StorageError:
    """A StorageError (E504) about the incidents given to put_incidents."""
    return StorageError(f"put_incidents: {message}; nothing was written", code=E_RECORD)


def _json_text(value: Any, what: str) -> str:
    """``value`` serialised as stored JSON, or E504 saying why it cannot be."""
    try:
        text = dumps(value)
        text.encode("utf-8")  # no lone surrogates (see base.prepare_document)
    except (TypeError, ValueError) as exc:
        raise _bad(f"{what} cannot be stored as JSON ({exc}); values must be JSON types "
                   "(no NaN, no lone surrogates)") from exc
    return text


def prepare_incidents(incidents: Sequence[Mapping[str, Any]],
                      links: Sequence[Mapping[str, Any]]) -> tuple[list[PreparedIncident], list[PreparedLink]]:
    """Check incident records and links and serialise them, without touching any store.

    Each incident must be an ``incident`` record with a unique ``incident_id``; each link a
    ``{"event_id", "incident_id", "score", "features"}`` object, one per event, with a finite
    score (or null) and a JSON object of features (or null). Whether the events and incidents
    they name exist is the store's check (it needs the stored rows).
    """
    if isinstance(incidents, Mapping | str) or isinstance(links, Mapping | str):
        raise _bad("incidents and links must be lists of objects")
    prepared: dict[str, PreparedIncident] = {}
    for position, record in enumerate(incidents):
        if not isinstance(record, Mapping) or record.get("record") != "incident":
            raise _bad(f"incident {position} is not an incident record (it needs \"record\": \"incident\")")
        incident_id = record.get("incident_id")
        if not isinstance(incident_id, str) or not incident_id:
            raise _bad(f"incident {position} has no incident_id string")
        if incident_id in prepared:
            raise _bad(f"incident {incident_id} is given twice; give each incident once")
        prepared[incident_id] = PreparedIncident(incident_id, _json_text(record, f"incident {incident_id}"),
                                                 incident_columns(record))
    out: dict[str, PreparedLink] = {}
    for position, link in enumerate(links):
        if not isinstance(link, Mapping):
            raise _bad(f"link {position} is a {type(link).__name__}, not an object")
        event_id, incident_id = link.get("event_id"), link.get("incident_id")
        if not isinstance(event_id, str) or not event_id or not isinstance(incident_id, str) or not incident_id:
            raise _bad(f"link {position} needs event_id and incident_id strings")
        if event_id in out:
            raise _bad(f"event {event_id} is linked twice; an event belongs to one incident")
        score = link.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)
                                  or not math.isfinite(score)):
            raise _bad(f"link of event {event_id} has score {score!r}; give a finite number or null")
        features = link.get("features")
        if features is not None and not isinstance(features, Mapping):
            raise _bad(f"link of event {event_id} has features {features!r}; give an object or null")
        out[event_id] = PreparedLink(event_id, incident_id, None if score is None else float(score),
                                     None if features is None else _json_text(features, f"features of {event_id}"))
    return list(prepared.values()), list(out.values())


def missing_events(event_ids: Sequence[str]) -> StorageError:
    """The error for links naming events that are not stored."""
    shown = ", ".join(event_ids[:3])
    return _bad(f"links name events that are not stored ({shown}); store their documents first")


def missing_incidents(incident_ids: Sequence[str]) -> StorageError:
    """The error for links naming incidents that are neither given nor stored."""
    shown = ", ".join(incident_ids[:3])
    return _bad(f"links name incidents that are neither given nor stored ({shown}); pass those "
                "incident records too")


def link_record(event_id: str, incident_id: str, score: float | None, features: str | None) -> dict[str, Any]:
    """A link as the stores return it (features decoded)."""
    return {"event_id": event_id, "incident_id": incident_id, "score": score,
            "features": None if features is None else json.loads(features)}


def with_incident(record: dict[str, Any], linked: str | None) -> dict[str, Any]:
    """An event record as read back: its incident_id is its link's when it has one."""
    if linked is not None:
        record["incident_id"] = linked
    return record


__all__ = ["PreparedIncident", "PreparedLink", "incident_columns", "link_record", "missing_events",
           "missing_incidents", "prepare_incidents", "with_incident"]
