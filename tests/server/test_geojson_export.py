"""GeoJSON export: events as RFC 7946 points, streamed; no point is ever made up."""

from __future__ import annotations

import io
import json
import math

import pytest

from eventledger.errors import StorageError
from eventledger.export.geojson import GeoJsonWriter, event_feature, write_geojson


def event(event_id: str, lat: object, lon: object, **extra: object) -> dict[str, object]:
    record: dict[str, object] = {
        "record": "event", "event_id": event_id, "incident_id": event_id, "doc_id": "sha256:ab",
        "event_type": "Battles", "sub_event_type": "Armed clash", "plover": {"type": "ASSAULT"}, "cameo": "190",
        "date": {"value": "2024-02-07", "precision": "day"},
        "location": {"name": "Mosul", "country": "IRQ", "admin1": "Ninawa", "lat": lat, "lon": lon,
                     "precision": "city"},
        "actors": [{"role": "initiator", "name": "A"}, {"role": "victim", "name": "B"},
                   {"role": "participant", "name": "C"}],
        "fatalities": {"low": 2, "high": 5}, "injuries": {"low": None, "high": None},
        "confidence": 0.8, "summary": "=HYPERLINK(\"x\") <script>",
    }
    record.update(extra)
    return record


def test_geojson_points_are_lon_lat_with_flat_properties() -> None:
    feature = event_feature(event("e1", 36.34, 43.13))
    assert feature is not None
    assert feature["geometry"] == {"type": "Point", "coordinates": [43.13, 36.34]}
    props = feature["properties"]
    assert props["event_id"] == "e1" and props["plover_type"] == "ASSAULT" and props["country"] == "IRQ"
    assert (props["fatalities_low"], props["fatalities_high"]) == (2, 5)
    assert props["initiators"] == ["A", "C"] and props["targets"] == ["B"]
    assert props["summary"] == "=HYPERLINK(\"x\") <script>"  # data stays data; JSON needs no neutralising


@pytest.mark.parametrize(("lat", "lon"), [(None, 43.0), (36.0, None), (91.0, 0.0), (0.0, 181.0),
                                          (math.nan, 0.0), (0.0, math.inf), (True, 1.0), ("36", "43")])
def test_geojson_skips_events_without_usable_coordinates(lat: object, lon: object) -> None:
    assert event_feature(event("e", lat, lon)) is None


def test_geojson_stream_is_a_valid_feature_collection() -> None:
    out = io.StringIO()
    writer = GeoJsonWriter(out)
    for record in (event("a", 1.0, 2.0), event("b", None, None), event("c", -3.5, -60.25)):
        writer.write(record)
    writer.close()
    parsed = json.loads(out.getvalue())
    assert parsed["type"] == "FeatureCollection"
    assert [f["id"] for f in parsed["features"]] == ["a", "c"]
    assert (writer.written, writer.skipped) == (2, 1)
    empty = io.StringIO()
    assert write_geojson([], empty) == 0 and json.loads(empty.getvalue())["features"] == []


def test_geojson_refuses_what_is_not_an_event() -> None:
    with pytest.raises(StorageError) as caught:
        write_geojson([{"record": "document", "doc_id": "d"}], io.StringIO())
    assert caught.value.code == "E507"
