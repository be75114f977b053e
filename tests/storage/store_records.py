"""Hand-built contract records for the storage tests (small, valid, with real spans)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventledger.storage import MemoryStore, SQLiteStore, Store

TEXT = ("Gunmen attacked a checkpoint north of the city on Tuesday, killing two soldiers. "
        "The governor said the attack was a crime. Police arrested three suspects later.")


def doc_id(n: int) -> str:
    """A document id of the real form: sha256 plus 64 hex characters."""
    return "sha256:" + f"{n:02x}" * 32


def document(did: str, text: str = TEXT, **extra: Any) -> dict[str, Any]:
    """A document record."""
    record: dict[str, Any] = {"record": "document", "doc_id": did, "source_id": f"{did[-6:]}.txt",
                              "url": None, "outlet": "Example Wire", "title": "A title",
                              "published": "2024-02-08", "language": "en", "text": text,
                              "removed": [], "embeds": []}
    record.update(extra)
    return record


def event(did: str, event_id: str, *, start: int = 0, when: tuple[str, str] | None = ("2024-02-06", "day"),
          country: str | None = "IRQ", event_type: str | None = "Battles",
          sub_event_type: str | None = "Armed clash", plover: str = "ASSAULT",
          killed: tuple[int | None, int | None] = (2, 2), **extra: Any) -> dict[str, Any]:
    """An event record whose trigger starts at ``start``."""
    record: dict[str, Any] = {
        "record": "event", "event_id": event_id, "incident_id": event_id, "doc_id": did,
        "event_type": event_type, "sub_event_type": sub_event_type,
        "plover": {"type": plover, "mode": None}, "cameo": "190",
        "trigger": {"text": TEXT[start:start + 8], "span": [start, start + 8]},
        "date": None if when is None else {"value": when[0], "precision": when[1], "text": None,
                                           "span": None},
        "location": None if country is None else {
            "name": "Somewhere", "country": country, "admin1": None, "lat": 33.3, "lon": 44.4,
            "geonames_id": None, "precision": "city", "text": None, "span": None},
        "actors": [], "fatalities": {"low": killed[0], "high": killed[1], "civilian_low": None,
                                     "civilian_high": None, "span": None},
        "injuries": {"low": None, "high": None, "civilian_low": None, "civilian_high": None,
                     "span": None},
        "attributed_to": None,
        "sources": [{"doc_id": did, "sentence": TEXT[0:81], "span": [0, 81]}],
        "confidence": 0.8, "summary": "Gunmen attacked a checkpoint."}
    record.update(extra)
    return record


def statement(did: str, statement_id: str, start: int = 82) -> dict[str, Any]:
    """A statement record starting at ``start``."""
    return {"record": "statement", "statement_id": statement_id, "doc_id": did,
            "speaker": {"name": "The governor", "title": None, "role": None, "organization": None,
                        "span": [82, 94]},
            "kind": "indirect", "text": TEXT[start:start + 20], "cue": "said",
            "span": [start, start + 20], "date": None, "about": []}


def mention(did: str, kind: str, start: int, end: int, value: Any = None) -> dict[str, Any]:
    """A mention record of ``TEXT[start:end]``."""
    return {"record": "mention", "doc_id": did, "kind": kind, "text": TEXT[start:end],
            "span": [start, end], "value": value}


def records(did: str, tag: str = "", **event_options: Any) -> list[dict[str, Any]]:
    """A whole document in the stable order: document, 2 events, a statement, 2 mentions."""
    return [document(did),
            event(did, f"ev-{did[-4:]}-1{tag}", start=8, **event_options),
            event(did, f"ev-{did[-4:]}-2{tag}", start=141, **event_options),
            statement(did, f"st-{did[-4:]}-1{tag}"),
            mention(did, "actor", 0, 6, {"name": "gunmen", "type": "armed_group", "country": None}),
            mention(did, "time", 50, 57, {"type": "DATE", "timex3": "2024-02-06",
                                          "value": "2024-02-06", "precision": "day"})]


#: Backends the contract suite runs on; a later PostgreSQL store only adds an entry here.
BACKENDS = ("memory", "sqlite")


def _clock() -> str:
    """A fixed clock, so dumps taken at different moments compare equal."""
    return "2024-02-08T12:00:00+00:00"


def make_store(backend: str, where: Path | None = None) -> Store:
    """A fresh store of one backend (SQLite in a file under ``where``, or in memory without it)."""
    if backend == "memory":
        return MemoryStore(clock=_clock)
    if backend == "sqlite":
        return SQLiteStore(where / "db" / "events.sqlite" if where else ":memory:", clock=_clock)
    raise ValueError(backend)
