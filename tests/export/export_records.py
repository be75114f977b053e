"""Small, valid contract records built by hand for the export tests."""

from __future__ import annotations

from typing import Any

DOC = "sha256:" + "d0" * 32
TEXT = "A drone strike hit a car in Mosul on Tuesday, killing two men. The minister condemned it."


def document(**extra: Any) -> dict[str, Any]:
    """A document record."""
    return {"record": "document", "doc_id": DOC, "source_id": "a.txt", "url": "https://example.org/a",
            "outlet": "Example Wire", "title": "Strike", "published": "2024-02-08", "language": "en",
            "text": TEXT, "removed": [{"text": "Photo: X", "reason": "photo credit"}],
            "embeds": [{"platform": "twitter", "author": "X", "handle": "@x", "date": "2024-02-07",
                        "text": "BREAKING", "url": None}], **extra}


def actor(role: str, name: str, kind: str | None, country: str | None = None) -> dict[str, Any]:
    """An event actor without a span."""
    return {"role": role, "name": name, "text": None, "type": kind, "country": country, "span": None}


def event(event_id: str = "ev1", **extra: Any) -> dict[str, Any]:
    """A material event record (an air strike in Mosul, two killed)."""
    record: dict[str, Any] = {
        "record": "event", "event_id": event_id, "incident_id": event_id, "doc_id": DOC,
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "plover": {"type": "ASSAULT", "mode": "aerial"}, "cameo": "195",
        "trigger": {"text": "drone strike", "span": [2, 14]},
        "date": {"value": "2024-02-06", "precision": "day", "text": "Tuesday", "span": [37, 44]},
        "location": {"name": "Mosul", "country": "IRQ", "admin1": "Nineveh", "lat": 36.335,
                     "lon": 43.11889, "geonames_id": 99072, "precision": "city", "text": "Mosul",
                     "span": [29, 34]},
        "actors": [actor("initiator", "Unidentified Armed Group", "armed_group"),
                   actor("victim", "Two men", "civilians", "IRQ")],
        "fatalities": {"low": 2, "high": 2, "civilian_low": None, "civilian_high": None,
                       "span": [54, 57]},
        "injuries": {"low": None, "high": None, "civilian_low": None, "civilian_high": None,
                     "span": None},
        "attributed_to": None,
        "sources": [{"doc_id": DOC, "sentence": TEXT[:63], "span": [0, 63]}],
        "confidence": 0.9, "summary": "A drone strike in Mosul killed two men."}
    record.update(extra)
    return record


def verbal_event(event_id: str = "ev-verbal") -> dict[str, Any]:
    """A verbal event (a condemnation): no ACLED type."""
    return event(event_id, event_type=None, sub_event_type=None,
                 plover={"type": "ACCUSE", "mode": None}, cameo="122", location=None,
                 actors=[actor("initiator", "The minister", "government")],
                 fatalities={"low": None, "high": None}, summary="The minister condemned the strike.")


def statement() -> dict[str, Any]:
    """A reported statement."""
    return {"record": "statement", "statement_id": "st1", "doc_id": DOC,
            "speaker": {"name": "The minister", "title": None, "role": None, "organization": None,
                        "span": [64, 76]},
            "kind": "indirect", "text": "condemned it", "cue": "condemned", "span": [77, 89],
            "date": {"value": "2024-02-08", "precision": "day"}, "about": ["ev1"]}


def mentions() -> list[dict[str, Any]]:
    """A time, a place and a quantity mention, and one that could not be resolved."""
    return [
        {"record": "mention", "doc_id": DOC, "kind": "place", "text": "Mosul", "span": [29, 34],
         "value": {"name": "Mosul", "country": "IRQ", "admin1": "Nineveh", "lat": 36.335,
                   "lon": 43.11889, "geonames_id": 99072, "precision": "city"}},
        {"record": "mention", "doc_id": DOC, "kind": "time", "text": "Tuesday", "span": [37, 44],
         "value": {"type": "DATE", "timex3": "2024-02-06", "value": "2024-02-06", "precision": "day"}},
        {"record": "mention", "doc_id": DOC, "kind": "quantity", "text": "two", "span": [54, 57],
         "value": {"low": 2, "high": 2, "unit": "men"}},
        {"record": "mention", "doc_id": DOC, "kind": "person", "text": "minister", "span": [68, 76],
         "value": None},
    ]


def incident() -> dict[str, Any]:
    """An incident with one claim."""
    return {"record": "incident", "incident_id": "ev1", "event_ids": ["ev1"],
            "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
            "date": {"value": "2024-02-06", "precision": "day"}, "location": {"name": "Mosul"},
            "fatalities": {"low": 2, "high": 2}, "injuries": {"low": None, "high": None},
            "claims": [{"doc_id": DOC, "event_id": "ev1", "published": "2024-02-08",
                        "fatalities": {"low": 2, "high": 2}, "attributed_to": None}],
            "merge": [], "summary": None}


def all_records() -> list[dict[str, Any]]:
    """One of each kind, as a document's export would list them, plus an incident."""
    return [document(), event(), verbal_event(), statement(), *mentions(), incident()]
