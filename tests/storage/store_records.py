"""Hand-built contract records for the storage tests (small, valid, with real spans)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from pg_cluster import shared_cluster
from psycopg import sql as pg_sql

from eventledger.storage import MemoryStore, SQLiteStore, Store
from eventledger.storage.postgres import PostgresStore

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


def statement(did: str, statement_id: str, start: int = 82, about: list[str] | None = None) -> dict[str, Any]:
    """A statement record starting at ``start``, about the events ``about``."""
    return {"record": "statement", "statement_id": statement_id, "doc_id": did,
            "speaker": {"name": "The governor", "title": None, "role": None, "organization": None,
                        "span": [82, 94]},
            "kind": "indirect", "text": TEXT[start:start + 20], "cue": "said",
            "span": [start, start + 20], "date": None, "about": about or []}


def place(name: str, country: str | None, lat: float | None, lon: float | None,
          admin1: str | None = None) -> dict[str, Any]:
    """An event location."""
    return {"name": name, "country": country, "admin1": admin1, "lat": lat, "lon": lon,
            "geonames_id": None, "precision": "city", "text": None, "span": None}


def actor(role: str, name: str | None, text: str | None, kind: str | None = "armed_group",
          country: str | None = None) -> dict[str, Any]:
    """An event actor."""
    return {"role": role, "name": name, "text": text, "type": kind, "country": country, "span": None}


def incident(incident_id: str, event_ids: list[str], *, when: str | None = "2024-02-06",
             country: str | None = "IRQ", event_type: str | None = "Battles",
             sub_event_type: str | None = "Armed clash", lat: float | None = 33.3,
             lon: float | None = 44.4, killed: int | None = 2) -> dict[str, Any]:
    """An incident record (the contract's shape)."""
    return {"record": "incident", "incident_id": incident_id, "event_ids": event_ids,
            "event_type": event_type, "sub_event_type": sub_event_type,
            "date": None if when is None else {"value": when, "precision": "day"},
            "location": None if country is None else {"name": "Somewhere", "country": country,
                                                      "lat": lat, "lon": lon},
            "fatalities": {"low": killed, "high": killed}, "injuries": {"low": None, "high": None},
            "claims": [], "merge": [], "summary": f"Incident {incident_id}."}


def link(event_id: str, incident_id: str, score: float | None = 0.9,
         features: dict[str, Any] | None = None) -> dict[str, Any]:
    """An event's link to an incident."""
    return {"event_id": event_id, "incident_id": incident_id, "score": score,
            "features": {"date": 1.0} if features is None else features}


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


#: Backends the contract suite runs on (PostgreSQL in a throwaway cluster, see tests/pg_cluster.py).
BACKENDS = ("memory", "sqlite", "postgresql")
#: The PostgreSQL database of each test folder, so a store opened again finds the same data.
_PG_DATABASES: dict[Path, str] = {}
#: Databases with the current schema whose test is over, emptied for the next one: emptying
#: takes milliseconds, creating a database a tenth of a second or more.
_SPARE: list[str] = []
#: Databases created without a schema (migration tests): dropped after use, never reused.
_UNMIGRATED: set[str] = set()


def _clock() -> str:
    """A fixed clock, so dumps taken at different moments compare equal."""
    return "2024-02-08T12:00:00+00:00"


def _migrate(url: str) -> None:
    """Bring a database's schema up to date (the template every test database copies)."""
    PostgresStore(url, clock=_clock).close()


def pg_database(where: Path | None, *, empty: bool = False) -> str:
    """A PostgreSQL database with the current schema and no rows, or ``empty`` (no schema
    either); the same one again for a folder."""
    if where is not None and where in _PG_DATABASES:
        return _PG_DATABASES[where]
    cluster = shared_cluster()
    if empty:
        url = cluster.create_database()
        _UNMIGRATED.add(url)
    elif _SPARE:
        url = _SPARE.pop()
    else:
        url = cluster.create_database(template=cluster.template("eventledger", _migrate))
    if where is not None:
        _PG_DATABASES[where] = url
    return url


def recycle(url: str) -> None:
    """Empty a test's database for the next test (or drop it when it cannot be reused)."""
    if url not in _UNMIGRATED:
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("SET lock_timeout = '5s'")  # a store left open mid-write: drop instead
                tables = [r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'schema_migrations'")]
                conn.execute(pg_sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                    pg_sql.SQL(", ").join(pg_sql.Identifier(name) for name in tables)))
        except psycopg.Error:
            pass
        else:
            _SPARE.append(url)
            return
    _UNMIGRATED.discard(url)
    shared_cluster().drop_database(url)


def release(backend: str, where: Path) -> None:
    """Give back the PostgreSQL database a test folder used (nothing for the other backends)."""
    url = _PG_DATABASES.pop(where, None) if backend == "postgresql" else None
    if url is not None:
        recycle(url)


def make_store(backend: str, where: Path | None = None, *, empty: bool = False) -> Store:
    """A store of one backend: SQLite in a file under ``where`` (in memory without it), a
    PostgreSQL database of its own (the folder's, or a fresh one; ``empty``: not even a schema
    yet, for migration tests), or a memory store."""
    if backend == "memory":
        return MemoryStore(clock=_clock)
    if backend == "sqlite":
        return SQLiteStore(where / "db" / "events.sqlite" if where else ":memory:", clock=_clock)
    if backend == "postgresql":
        return PostgresStore(pg_database(where, empty=empty), clock=_clock)
    raise ValueError(backend)


@contextmanager
def fresh_store(backend: str) -> Iterator[Store]:
    """A fresh store of one backend, closed (and its PostgreSQL database dropped) afterwards."""
    store = make_store(backend)
    try:
        yield store
    finally:
        store.close()
        if isinstance(store, PostgresStore):
            recycle(store.url)  # the cluster's URLs carry no password
