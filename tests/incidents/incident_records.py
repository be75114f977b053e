"""Hand-built contract records for the incident tests: documents and events as the pipeline writes them.

The place names, coordinates and figures are invented for the tests; no article text is copied.
"""

from __future__ import annotations

from typing import Any

# Two towns 40 km apart in one province, a third in another province, and the country itself.
TOWN_A = {"name": "Town A", "country": "SYR", "admin1": "North", "lat": 35.90, "lon": 36.60, "precision": "city"}
TOWN_A_POINT = {**TOWN_A, "name": "Town A market", "lat": 35.905, "lon": 36.605, "precision": "point"}
TOWN_B = {"name": "Town B", "country": "SYR", "admin1": "North", "lat": 36.20, "lon": 36.85, "precision": "city"}
TOWN_C = {"name": "Town C", "country": "SYR", "admin1": "South", "lat": 32.60, "lon": 36.10, "precision": "city"}
PROVINCE_NORTH = {"name": "North", "country": "SYR", "admin1": "North", "lat": 35.80, "lon": 36.70,
                  "precision": "admin1"}
COUNTRY = {"name": "Syria", "country": "SYR", "admin1": None, "lat": 35.0, "lon": 38.0, "precision": "country"}


def document(doc_id: str, published: str | None = "2019-07-23", outlet: str | None = "Outlet",
             text: str = "") -> dict[str, Any]:
    """A document record."""
    return {"record": "document", "doc_id": doc_id, "source_id": doc_id, "url": None, "outlet": outlet,
            "title": None, "published": published, "language": "en", "text": text, "removed": [], "embeds": []}


def event(event_id: str, doc_id: str, *, sub: str = "Air/drone strike", etype: str = "Explosions/Remote violence",
          day: str | None = "2019-07-23", precision: str = "day", place: dict[str, Any] | None = None,
          killed: int | None = None, killed_high: int | None = -1, injured: int | None = None,
          sentence: str = "", initiator: str | None = None, attributed: str | None = None,
          confidence: float = 0.9, start: int = 0) -> dict[str, Any]:
    """An event record; ``killed_high=-1`` means the same as ``killed`` (an exact figure)."""
    high = killed if killed_high == -1 else killed_high
    actors = []
    if initiator is not None:
        actors.append({"role": "initiator", "name": initiator, "text": initiator, "type": "state_forces",
                       "country": None, "actor_id": initiator, "span": [0, 1]})
    return {
        "record": "event", "event_id": event_id, "incident_id": event_id, "doc_id": doc_id,
        "event_type": etype, "sub_event_type": sub,
        "plover": {"type": "ASSAULT" if etype else "ACCUSE", "mode": None}, "cameo": "190",
        "trigger": {"text": "strike", "span": [start, start + 6]},
        "date": None if day is None else {"value": day, "precision": precision, "text": None, "span": None,
                                          "inferred": True},
        "location": place, "actors": actors,
        "fatalities": {"low": killed, "high": high, "civilian_low": None, "civilian_high": None, "span": None},
        "injuries": {"low": injured, "high": injured, "civilian_low": None, "civilian_high": None, "span": None},
        "attributed_to": None if attributed is None else {"name": attributed, "span": None},
        "sources": ([{"doc_id": doc_id, "sentence": sentence, "span": [start, start + len(sentence)]}]
                    if sentence else []),
        "confidence": confidence, "summary": f"summary of {event_id}",
    }
