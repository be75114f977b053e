"""What only the SQLite store does: files, migrations, locking, pragmas, FTS, open_store URLs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_records import doc_id, document, records

from eventledger.errors import StorageError
from eventledger.storage import EventFilter, MemoryStore, SQLiteStore, open_store
from eventledger.storage import sqlite as sqlite_module
from eventledger.storage.sqlite import Migration, migrations, split_statements

A, B = doc_id(0xA1), doc_id(0xB2)


def _filled(path: Path) -> SQLiteStore:
    """A SQLite store at path with run r1 and document A stored."""
    store = SQLiteStore(path)
    store.start_run("r1", command="test", config_hash="cfg", inputs=[])
    store.put_document(records(A), run_id="r1")
    return store


def _dump(path: Path) -> str:
    """The dump of the store at path."""
    with SQLiteStore(path) as store:
        return store.dump()


def test_sqlite_store_creates_file_and_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "events.sqlite"
    with SQLiteStore(path) as store:
        assert store.counts()["documents"] == 0
    assert path.is_file()


def test_sqlite_store_migrations_are_rerunnable(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    _filled(path).close()
    with SQLiteStore(path) as again:
        assert again.records_for(A) == records(A)
        assert again.schema_version() == max(m.version for m in migrations())
    conn = sqlite3.connect(path)
    versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    conn.close()
    assert versions == [m.version for m in migrations()]  # each applied exactly once


def test_sqlite_store_migrations_are_numbered_and_ordered() -> None:
    found = migrations()
    assert [m.version for m in found] == sorted({m.version for m in found})
    assert found[0].version == 1 and found[0].name == "init"
    for migration in found:
        assert split_statements(migration.sql)  # every file parses into statements


def test_sqlite_store_failed_migration_leaves_database_as_before(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.sqlite"
    _filled(path).close()
    before = _dump(path)
    broken = Migration(999, "broken", "CREATE TABLE extra (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n",
                       ())
    known = migrations()
    monkeypatch.setattr(sqlite_module, "migrations", lambda: [*known, broken])
    with pytest.raises(StorageError, match="migration 0999_broken failed") as caught:
        SQLiteStore(path)
    assert caught.value.code == "E503"
    monkeypatch.undo()
    assert _dump(path) == before  # the half-applied migration was rolled back


def test_sqlite_store_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (9999, 'future', 'later')")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="newer than this eventledger") as caught:
        SQLiteStore(path)
    assert caught.value.code == "E503"


def test_sqlite_store_wal_and_foreign_keys(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.sqlite") as store:
        conn = store._connection()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_sqlite_store_locked_database_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    _filled(path).close()
    store = SQLiteStore(path, timeout=0.05)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(StorageError, match="locked by another process.*retry or use another --db") \
                as caught:
            store.put_document(records(B), run_id="r1")
        assert caught.value.code == "E502"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.put_document(records(B), run_id="r1") is True  # works once the lock is gone
    store.close()


def test_sqlite_store_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StorageError, match="not an SQLite database"):
        SQLiteStore(path)


def test_sqlite_store_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        SQLiteStore(tmp_path)


def test_sqlite_store_refused_write_mid_transaction_rolls_back(tmp_path: Path) -> None:
    store = _filled(tmp_path / "events.sqlite")
    before = store.dump()

    def deny_mentions(action: int, table: str | None, *_: object) -> int:
        # Refuse inserts into mentions: the document and its events are already written by then.
        """An SQLite authorizer refusing inserts into mentions."""
        if action == sqlite3.SQLITE_INSERT and table == "mentions":
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    store._connection().set_authorizer(deny_mentions)
    with pytest.raises(StorageError):
        store.put_document(records(B), run_id="r1")
    with pytest.raises(StorageError):
        store.put_document([document(A, title="Corrected"), *records(A, tag="-v2")[1:]], run_id="r1")
    store._connection().set_authorizer(None)
    assert store.dump() == before
    store.close()


def test_sqlite_store_keeps_full_text_index_in_step(tmp_path: Path) -> None:
    store = _filled(tmp_path / "events.sqlite")
    if not store.search_available():
        pytest.skip("this SQLite has no FTS5; the index is optional")
    conn = store._connection()

    def hits(word: str) -> list[str]:
        """Documents whose indexed text matches a word."""
        return [r[0] for r in conn.execute("SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ?",
                                           (word,))]

    assert hits("checkpoint") == [A]
    store.put_document([document(A, text="A rewritten text about a ceasefire.")], run_id="r1")
    assert hits("checkpoint") == []
    assert hits("ceasefire") == [A]
    store.close()


def test_sqlite_store_split_statements_handles_triggers() -> None:
    script = ("-- a comment\nCREATE TABLE t (x);\nCREATE TRIGGER g AFTER INSERT ON t BEGIN\n"
              "  UPDATE t SET x = 1;\nEND;\n-- trailing comment\n")
    assert len(split_statements(script)) == 2
    with pytest.raises(StorageError, match="closing semicolon"):
        split_statements("CREATE TABLE t (x)")


def test_sqlite_store_open_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert isinstance(open_store("memory:"), MemoryStore)
    relative = open_store("sqlite:///rel/events.sqlite")
    assert isinstance(relative, SQLiteStore)
    assert (tmp_path / "rel" / "events.sqlite").is_file()
    absolute = open_store(f"sqlite:///{tmp_path}/abs.sqlite")
    assert (tmp_path / "abs.sqlite").is_file()
    plain = open_store(str(tmp_path / "plain.sqlite"))
    assert isinstance(plain, SQLiteStore)
    for store in (relative, absolute, plain):
        store.close()
    with open_store(tmp_path / "path-object.sqlite") as store:  # type: ignore[attr-defined]
        assert store.counts()["runs"] == 0


@pytest.mark.parametrize("url, message", [
    # Port 1 of the loopback: nothing listens there, so the connection is refused at once.
    ("postgresql://nobody@127.0.0.1:1/db", "cannot connect to PostgreSQL at postgresql://nobody@127.0.0.1:1/db"),
    ("postgresql+psycopg://nobody:secret@127.0.0.1:1/db", r"cannot connect .*nobody@127\.0\.0\.1:1/db \("),
    ("mysql://host/db", "unknown database scheme"),
    ("sqlite:relative", "unknown database scheme"),
    ("sqlite://host/x", "not a SQLite URL"),
    ("   ", "no database given"),
])
def test_sqlite_store_open_store_refuses(url: str, message: str) -> None:
    with pytest.raises(StorageError, match=message):
        open_store(url)


def test_sqlite_store_works_without_fts5_and_indexes_later(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.sqlite"
    monkeypatch.setattr(SQLiteStore, "_capable", lambda self, capability: False)
    store = _filled(path)
    assert store.search_available() is False
    assert store.put_document([document(A, title="Changed")], run_id="r1") is True  # no index needed
    store.close()
    monkeypatch.undo()
    with SQLiteStore(path) as again:
        if not again.search_available():
            pytest.skip("this SQLite has no FTS5")
        # The skipped migration ran on this open and indexed what was already stored.
        rows = again._connection().execute("SELECT doc_id, title FROM documents_fts").fetchall()
        assert rows == [(A, "Changed")]


def test_sqlite_store_text_search_without_fts5_uses_like(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SQLiteStore, "_capable", lambda self, capability: False)
    store = _filled(tmp_path / "events.sqlite")
    store.put_document([document(B, text="A ceasefire: 100% agreed_now.")], run_id="r1")
    assert store.search_available() is False
    assert [d["doc_id"] for d in store.documents(text="CHECKPOINT soldiers")] == [A]
    assert [d["doc_id"] for d in store.documents(text="agreed_now 100")] == [B]  # LIKE matches parts
    assert [d["doc_id"] for d in store.documents(text="%ceasefire_")] == [B]  # wildcards separate words
    assert store.documents(text="zz%") == []
    assert [e["event_id"] for e in store.events(EventFilter(text="checkpoint"))] == \
        [r["event_id"] for r in records(A)[1:3]]
    store.close()


def test_sqlite_store_event_page_reads_an_index(tmp_path: Path) -> None:
    # The API's common query: a date range, a country and a type, 50 at a time. Its plan must
    # start from an index of events and never sort the whole table.
    store = _filled(tmp_path / "events.sqlite")
    sql, params = store._records_query(["event"], EventFilter(date_from="2024-01-01", date_to="2024-03-01",
                                                             country="IRQ", event_type="Battles",
                                                             limit=50).normalised(), None)
    plan = " | ".join(row[3] for row in store._connection().execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "USING INDEX" in plan and "SCAN r" not in plan.replace("USING INDEX", ""), plan
    store.close()
