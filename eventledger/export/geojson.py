"""GeoJSON export: event records as an RFC 7946 FeatureCollection of points, for GIS tools.

Each event with coordinates becomes one Point feature (``[lon, lat]``, WGS 84, as RFC 7946 says)
whose properties are the event's flat, tabular values (ids, types, codes, date, place, casualty
ranges, actors, summary); the full record stays in the JSON Lines export. An event without
usable coordinates cannot be drawn and is skipped and counted, never placed at a made-up point.
The collection is written as a stream, one feature at a time, so memory stays flat on any size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from ..errors import StorageError
from .jsonl import E_EXPORT


def _dict(value: Any) -> Mapping[str, Any]:
    """A mapping, else an empty one (tolerates malformed nested values)."""
    return value if isinstance(value, Mapping) else {}


def _number(value: Any) -> float | None:
    """A finite number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def coordinates(event: Mapping[str, Any]) -> list[float] | None:
    """``[lon, lat]`` of an event's location, or None when missing or outside the globe."""
    where = _dict(event.get("location"))
    lon, lat = _number(where.get("lon")), _number(where.get("lat"))
    if lon is None or lat is None or not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    return [lon, lat]


def feature_properties(event: Mapping[str, Any]) -> dict[str, Any]:
    """The flat properties of an event's feature (null where the record has no value)."""
    when, where = _dict(event.get("date")), _dict(event.get("location"))
    dead, hurt = _dict(event.get("fatalities")), _dict(event.get("injuries"))
    actors = [_dict(a) for a in event.get("actors") or []]

    def names(*roles: str) -> list[str]:
        return [a["name"] for a in actors if a.get("role") in roles and isinstance(a.get("name"), str)]

    return {
        "event_id": event.get("event_id"),
        "incident_id": event.get("incident_id"),
        "doc_id": event.get("doc_id"),
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("sub_event_type"),
        "plover_type": _dict(event.get("plover")).get("type"),
        "cameo": event.get("cameo"),
        "date": when.get("value"),
        "date_precision": when.get("precision"),
        "location": where.get("name"),
        "country": where.get("country"),
        "admin1": where.get("admin1"),
        "geo_precision": where.get("precision"),
        "fatalities_low": dead.get("low"),
        "fatalities_high": dead.get("high"),
        "injuries_low": hurt.get("low"),
        "injuries_high": hurt.get("high"),
        "initiators": names("initiator", "participant"),
        "targets": names("target", "victim"),
        "confidence": event.get("confidence"),
        "summary": event.get("summary"),
    }


def event_feature(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """One event record as a GeoJSON Point feature, or None when it has no usable coordinates.

    >>> event_feature({"record": "event", "event_id": "e1", "location": {"lat": 36.3, "lon": 43.1}})["geometry"]
    {'type': 'Point', 'coordinates': [43.1, 36.3]}
    """
    if not isinstance(event, Mapping) or event.get("record") != "event":
        kind = event.get("record") if isinstance(event, Mapping) else type(event).__name__
        raise StorageError(f"the GeoJSON export takes event records only, not {kind!r}; pass "
                           "store.events(...) or iter_records(['event'])", code=E_EXPORT)
    point = coordinates(event)
    if point is None:
        return None
    return {"type": "Feature", "id": event.get("event_id"),
            "geometry": {"type": "Point", "coordinates": point},
            "properties": feature_properties(event)}


class GeoJsonWriter:
    """Streams a FeatureCollection: ``open`` writes the head, ``write`` a feature, ``close`` the tail."""

    def __init__(self, out: TextIO) -> None:
        """Start the collection on ``out`` (a UTF-8 text stream)."""
        self._out = out
        self.written = 0
        self.skipped = 0
        out.write('{"type":"FeatureCollection","features":[')

    def write(self, event: Mapping[str, Any]) -> bool:
        """Write one event's feature; False (and counted) when it has no coordinates."""
        feature = event_feature(event)
        if feature is None:
            self.skipped += 1
            return False
        try:
            text = json.dumps(feature, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise StorageError(f"event {event.get('event_id')!r} cannot be written as GeoJSON: {exc}",
                               code=E_EXPORT) from exc
        self._out.write(("," if self.written else "") + "\n" + text)
        self.written += 1
        return True

    def close(self) -> None:
        """End the collection (call once, after the last feature)."""
        self._out.write("\n]}\n")


def write_geojson(events: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write event records as a GeoJSON FeatureCollection and return the features written.

    Args:
        events: event records (e.g. ``store.events(EventFilter())``).
        out: a UTF-8 text stream.

    Returns:
        The number of features; events without coordinates are skipped (see :class:`GeoJsonWriter`
        for the count).

    Raises:
        StorageError: an item is not an event record, or holds a value JSON cannot represent.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_geojson([], buf), json.loads(buf.getvalue())["features"]
    (0, [])
    """
    writer = GeoJsonWriter(out)
    for event in events:
        writer.write(event)
    writer.close()
    return writer.written


__all__ = ["GeoJsonWriter", "coordinates", "event_feature", "feature_properties", "write_geojson"]
