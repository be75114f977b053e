"""Schema migrations of the SQL stores, on SQLite and PostgreSQL: numbered alike, and a database
written before schema 4 gets its derived rows (actors, statements' events, order) filled."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from store_records import actor, doc_id, document, event, make_store, place, release, statement

from eventledger.storage import EventFilter, Store
from eventledger.storage import postgres as postgres_module
from eventledger.storage import sqlite as sqlite_module
from eventledger.storage.base import prepare_document
from eventledger.storage.migrate import load_migrations, split_statements

A, B = doc_id(0xA1), doc_id(0xB2)


def _documents() -> list[list[dict[str, Any]]]:
    """Two documents with actors, places and a statement about an event of the other one."""
    return [[document(A), event(A, "a1", start=8, location=place("Mosul", "IRQ", 36.3, 43.1), actors=[
                 actor("initiator", "Islamic State", "IS"), actor("target", "Iraqi Army", "soldiers")]),
             event(A, "a0", start=2, when=None, country=None), statement(A, "sa", about=["a1"])],
            [document(B, title="Second"), event(B, "b1", start=3, location=place("Mosul", "IRQ", 36.3, 43.1),
                                                actors=[actor("initiator", "Islamic State", "IS")]),
             statement(B, "sb", about=["a1", "b1"])]]


def _answers(store: Store) -> tuple[Any, ...]:
    """Everything schema 4 answers from its derived rows."""
    return (store.actors(), store.places(name="mosul"), store.statements(event_id="a1"),
            store.events(EventFilter(actor="army")), list(store.iter_records()),
            store.documents(text="second"))


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], Store]]:
    """A database at schema 3 holding the documents as a store of that schema wrote them;
    yields the function that opens it with every migration."""
    backend = str(request.param)
    if backend == "sqlite":
        known = sqlite_module.migrations()
        monkeypatch.setattr(sqlite_module, "migrations", lambda: [m for m in known if m.version <= 3])
    else:
        real = postgres_module.load_migrations
        monkeypatch.setattr(postgres_module, "load_migrations",
                            lambda dialect: [m for m in real(dialect) if m.version <= 3])
    old = make_store(backend, tmp_path, empty=True)
    assert old.schema_version() == 3  # type: ignore[attr-defined]
    old.start_run("r1", command="test", config_hash="cfg", inputs=[])
    conn = old._connection()  # type: ignore[attr-defined]
    old._begin(conn)  # type: ignore[attr-defined]
    for seq, given in enumerate(_documents(), start=1):
        prepared = prepare_document(given)
        head = prepared.document
        old._write_row(conn, "documents", {"seq": seq, "doc_id": prepared.doc_id, "source_id": prepared.source_id,  # type: ignore[attr-defined]
                                           "title": given[0]["title"], "records_hash": prepared.records_hash,
                                           "json": head.json})
        for record in prepared.children:
            table = {"event": "events", "statement": "statements"}[record.kind]
            columns = {k: v for k, v in record.columns.items() if k != "location_key"}
            old._write_row(conn, table, {f"{record.kind}_id": record.record_id, "doc_id": prepared.doc_id,  # type: ignore[attr-defined]
                                         "ord": record.ord, "span_start": record.span_start, **columns,
                                         "json": record.json})
        old._index_text(conn, prepared.doc_id, given[0]["title"], given[0]["text"])  # type: ignore[attr-defined]
    old._end(conn, commit=True)  # type: ignore[attr-defined]
    old.close()
    monkeypatch.undo()
    yield lambda: make_store(backend, tmp_path)
    release(backend, tmp_path)


def test_store_migrations_fill_derived_rows_of_older_databases(old_database: Callable[[], Store],
                                                               tmp_path: Path) -> None:
    with old_database() as upgraded:  # type: ignore[attr-defined]
        assert upgraded.schema_version() == max(m.version for m in load_migrations())
        got = _answers(upgraded)
    with make_store("memory") as fresh:  # type: ignore[attr-defined]
        fresh.start_run("r1", command="test", config_hash="cfg", inputs=[])
        for given in _documents():
            fresh.put_document(given, run_id="r1")
        assert got == _answers(fresh)
    assert got[0][0] == {"name": "Islamic State", "type": "armed_group", "country": None, "events": 2}
    assert [s["statement_id"] for s in got[2]] == ["sa", "sb"]
    assert [r.get("event_id") for r in got[4][:3]] == [None, "a0", "a1"]  # order by span start


def test_store_migrations_are_numbered_alike_in_both_dialects() -> None:
    portable, postgres = load_migrations("sqlite"), load_migrations("postgresql")
    assert [(m.version, m.name) for m in portable] == [(m.version, m.name) for m in postgres]
    assert [m.version for m in portable] == list(range(1, len(portable) + 1))
    differing = [m.version for m, p in zip(portable, postgres, strict=True) if m.sql != p.sql]
    assert differing == [1, 2, 4, 5]  # identity columns, tsvector, byte order, 8-byte floats
    for migration in postgres:
        assert split_statements(migration.sql)
        assert "requires:" not in migration.sql  # PostgreSQL has every capability they need
