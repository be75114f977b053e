"""The HTTP API over a real store: read endpoints, filters, paging, errors, headers, contract shapes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventledger.server.responses import CONTENT_SECURITY_POLICY


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


# --------------------------------------------------------------------------- reading


def test_api_stats_count_what_the_store_holds(client: TestClient) -> None:
    body = client.get("/api/stats").json()
    assert body["writes"] is False
    assert body["counts"]["documents"] >= 2 and body["counts"]["events"] >= 2
    assert events(client)["total"] == body["counts"]["events"]


def test_api_events_page_through_every_event_once(client: TestClient) -> None:
    total = events(client)["total"]
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = events(client, limit=7, offset=offset)
        assert page["limit"] == 7 and page["offset"] == offset and page["total"] == total
        seen += [e["event_id"] for e in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == total == len(set(seen))


def test_api_event_records_follow_the_export_contract(client: TestClient, shared: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared("contract", "record.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    page = events(client, limit=1000)
    doc = client.get(f"/api/documents/{page['items'][0]['doc_id']}").json()
    records = client.get(f"/api/documents/{doc['doc_id']}/records").json()["items"]
    for record in [*page["items"], doc, *records]:
        errors = [e.message for e in validator.iter_errors(record)]
        assert not errors, (record.get("record"), errors[:3])


def test_api_filters_by_date_country_and_type(client: TestClient) -> None:
    everything = events(client, limit=1000)["items"]
    first = everything[0]
    day = first["date"]["value"][:10]
    country = first["location"]["country"]
    by_day = events(client, date_from=day, date_to=day, limit=1000)["items"]
    assert first["event_id"] in {e["event_id"] for e in by_day}
    assert all(e["date"]["value"].startswith(day[:4]) for e in by_day)
    by_country = events(client, country=country.lower(), limit=1000)["items"]
    assert by_country and all(e["location"]["country"] == country for e in by_country)
    kind = first["sub_event_type"]
    by_type = events(client, type=kind.upper(), limit=1000)["items"]
    assert by_type and all(kind in (e["event_type"], e["sub_event_type"], e["plover"]["type"]) for e in by_type)
    assert len(by_day) < len(everything) or len(by_country) < len(everything)


def test_api_filters_by_bbox_actor_and_text(client: TestClient, hostile_doc: dict[str, Any],
                                            hostile_event: dict[str, Any]) -> None:
    lat, lon = hostile_event["location"]["lat"], hostile_event["location"]["lon"]
    box = f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}"
    inside = events(client, bbox=box, limit=1000)["items"]
    assert hostile_event["event_id"] in {e["event_id"] for e in inside}
    assert all(abs(e["location"]["lat"] - lat) <= 0.5 for e in inside)
    elsewhere = events(client, bbox="-10,-10,-9,-9")
    assert elsewhere["total"] == 0 and elsewhere["items"] == []
    actor = next(a for e in events(client, limit=1000)["items"] for a in e["actors"] if a.get("name"))
    named = events(client, actor=actor["name"][:6].lower(), limit=1000)["items"]
    assert named and all(any(actor["name"][:6].lower() in (a.get("name") or "").lower() + (a.get("text") or "").lower()
                             for a in e["actors"]) for e in named)
    found = events(client, text="scrawled wall", limit=1000)["items"]
    assert {e["doc_id"] for e in found} == {hostile_doc["doc_id"]}


def test_api_get_event_document_and_records(client: TestClient, hostile_doc: dict[str, Any],
                                            hostile_event: dict[str, Any]) -> None:
    got = client.get(f"/api/events/{hostile_event['event_id']}").json()
    assert got == hostile_event
    short = hostile_doc["doc_id"].split(":", 1)[1][:10]
    assert client.get(f"/api/documents/{short}").json() == hostile_doc
    records = client.get(f"/api/documents/{short}/records").json()["items"]
    assert records[0] == hostile_doc
    assert hostile_event in records
    text = hostile_doc["text"]
    start, end = hostile_event["location"]["span"]
    assert text[start:end] == hostile_event["location"]["text"]


def test_api_documents_statements_actors_places_histogram(client: TestClient, hostile_doc: dict[str, Any]) -> None:
    counts = client.get("/api/stats").json()["counts"]
    docs = client.get("/api/documents", params={"limit": 5}).json()
    assert len(docs["items"]) == min(5, counts["documents"]) and docs["next_offset"] in (5, None)
    searched = client.get("/api/documents", params={"text": "scrawled"}).json()["items"]
    assert [d["doc_id"] for d in searched] == [hostile_doc["doc_id"]]
    statements = client.get("/api/statements", params={"limit": 1000}).json()["items"]
    assert len(statements) == counts["statements"]
    for st in statements[:5]:
        about = client.get("/api/statements", params={"event_id": st["about"][0]}).json()["items"] \
            if st["about"] else []
        assert not st["about"] or st["statement_id"] in {s["statement_id"] for s in about}
    actors = client.get("/api/actors").json()["items"]
    assert actors and all(a["events"] >= 1 for a in actors)
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    places = client.get("/api/places", params={"name": "kabul"}).json()["items"]
    assert places and all("kabul" in p["name"].lower() for p in places)
    bins = client.get("/api/histogram").json()["items"]
    assert sum(b["count"] for b in bins) <= counts["events"] and all(b["count"] >= 1 for b in bins)
    dated = events(client, date_from="0001", limit=1)["total"]
    assert sum(b["count"] for b in bins) == dated


def test_api_incidents_list_and_lookup(client: TestClient) -> None:
    incidents = client.get("/api/incidents", params={"limit": 5}).json()["items"]
    for incident in incidents:
        got = client.get(f"/api/incidents/{incident['incident_id']}")
        assert got.status_code == 200 and got.json()["incident_id"] == incident["incident_id"]
    assert client.get("/api/incidents/no-such-incident").status_code == 404


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("path", "params", "names"), [
    ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"limit": 0}, "limit"),
    ("/api/events", {"limit": 100000}, "limit"),
    ("/api/events", {"offset": -1}, "offset"),
    ("/api/events", {"date_from": "yesterday"}, "date_from"),
    ("/api/events", {"date_from": "2024-02-30"}, "date_from"),
    ("/api/events", {"date_from": "2024-03-01", "date_to": "2024-02-01"}, "date_from"),
    ("/api/events", {"country": "Iraq"}, "country"),
    ("/api/events", {"bbox": "1,2,3"}, "bbox"),
    ("/api/events", {"bbox": "west,1,2,3"}, "bbox"),
    ("/api/events", {"bbox": "10,0,5,1"}, "west"),
    ("/api/events", {"bbox": "0,0,200,1"}, "bbox"),
    ("/api/events", {"text": "a\x00b"}, "text"),
    ("/api/events", {"text": "x" * 500}, "text"),
    ("/api/documents", {"offset": "1e3"}, "offset"),
    ("/api/actors", {"limit": "-"}, "limit"),
])
def test_api_malformed_parameters_get_422_naming_them(client: TestClient, path: str, params: dict[str, Any],
                                                      names: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert isinstance(body["detail"], str) and names in body["detail"]


@pytest.mark.parametrize("path", ["/api/events/ev-0000", "/api/documents/sha256:ffffffffffffffff",
                                  "/api/documents/ffffffff/records", "/api/incidents/nothing"])
def test_api_unknown_ids_get_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "no " in response.json()["detail"]


@pytest.mark.parametrize("value", ["' OR 1=1 --", "\"; DROP TABLE events; --", "%", "_", "\\", "*", "NEAR(a b)",
                                   "a\" OR \"b", "events)--"])
def test_api_sql_looking_filters_are_data(client: TestClient, value: str) -> None:
    before = client.get("/api/stats").json()["counts"]
    for params in ({"actor": value}, {"type": value}, {"doc_id": value}, {"incident_id": value}):
        response = client.get("/api/events", params=params)
        assert response.status_code == 200, (params, response.text)
        assert response.json()["total"] == 0
    for path, key in (("/api/actors", "name"), ("/api/places", "name"), ("/api/documents", "text")):
        response = client.get(path, params={key: value})
        assert response.status_code in (200, 422), response.text
    response = client.get("/api/events", params={"text": value})
    assert response.status_code in (200, 422)
    assert client.get("/api/stats").json()["counts"] == before


def test_api_sql_looking_text_is_found_as_words(client: TestClient, hostile_doc: dict[str, Any]) -> None:
    found = client.get("/api/documents", params={"text": "' OR 1=1; DROP TABLE events; --"}).json()["items"]
    assert [d["doc_id"] for d in found] == [hostile_doc["doc_id"]]


# --------------------------------------------------------------------------- headers and schema


@pytest.mark.parametrize("path", ["/", "/api/stats", "/static/dashboard.js", "/api/events/nothing",
                                  "/openapi.json"])
def test_api_every_answer_has_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_api_hostile_text_is_served_as_json_not_markup(client: TestClient, hostile_doc: dict[str, Any]) -> None:
    response = client.get(f"/api/documents/{hostile_doc['doc_id']}")
    assert response.headers["content-type"].startswith("application/json")
    assert "<script>" in response.json()["text"]  # kept verbatim: it is data, the page escapes it


def test_api_openapi_schema_is_published(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/events", "/api/events/{event_id}", "/api/documents", "/api/documents/{doc_id}",
                 "/api/statements", "/api/actors", "/api/places", "/api/incidents", "/api/histogram",
                 "/api/export/events.csv", "/api/export/events.geojson", "/api/export/records.jsonl"):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/documents"]
    assert client.get("/docs").status_code == 404  # the docs page would load scripts from a CDN


# --------------------------------------------------------------------------- exports


def test_api_exports_are_downloads_of_the_filtered_events(client: TestClient, hostile_event: dict[str, Any]) -> None:
    country = hostile_event["location"]["country"]
    wanted = {e["event_id"] for e in events(client, country=country, limit=1000)["items"]}
    jsonl = client.get("/api/export/events.jsonl", params={"country": country})
    assert jsonl.status_code == 200
    assert jsonl.headers["content-disposition"].startswith("attachment;")
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    assert {r["event_id"] for r in lines} == wanted and int(jsonl.headers["x-record-count"]) == len(lines)
    csv_text = client.get("/api/export/events.csv", params={"country": country}).text
    header, *rows = csv_text.splitlines()
    assert header.startswith("event_id_cnty,event_date") and len(rows) <= len(wanted)
    geo = client.get("/api/export/events.geojson", params={"country": country})
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert {f["id"] for f in features} <= wanted and hostile_event["event_id"] in {f["id"] for f in features}
    limited = client.get("/api/export/events.geojson", params={"limit": 1}).json()["features"]
    assert len(limited) <= 1
    everything = client.get("/api/export/records.jsonl", params={"doc_id": hostile_event["doc_id"]}).text
    kinds = {json.loads(line)["record"] for line in everything.splitlines()}
    assert {"document", "event"} <= kinds


def test_api_csv_export_neutralises_formulas(client: TestClient) -> None:
    text = client.get("/api/export/events.csv").text
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@")), cell
