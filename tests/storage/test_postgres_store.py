"""What only the PostgreSQL store does: URLs, its migrations, concurrent writers, the write lock,
a lost connection, NUL in text, streaming records through a server-side cursor."""

from __future__ import annotations

import gc
import threading
from typing import Any

import psycopg
import pytest
from store_records import _clock, doc_id, document, records

from eventledger.errors import StorageError
from eventledger.model import Failure
from eventledger.storage import EventFilter, PostgresStore, ResumableStore, open_store
from eventledger.storage import postgres as postgres_module
from eventledger.storage.migrate import Migration, load_migrations
from eventledger.storage.postgres import WRITE_LOCK_KEY

A, B = doc_id(0xA1), doc_id(0xB2)


def _filled(url: str, **options: Any) -> PostgresStore:
    """A store on ``url`` with run r1 and document A stored."""
    store = PostgresStore(url, clock=_clock, **options)
    store.start_run("r1", command="test", config_hash="cfg", inputs=[])
    store.put_document(records(A), run_id="r1")
    return store


def _admin(url: str) -> psycopg.Connection[Any]:
    """Another connection to the same database, as another process would have."""
    return psycopg.connect(url, autocommit=True)


def test_postgres_store_open_store_urls(pg_url: str) -> None:
    for given in (pg_url, pg_url.replace("postgresql://", "postgres://"),
                  pg_url.replace("postgresql://", "postgresql+psycopg://")):
        with open_store(given) as store:  # type: ignore[attr-defined]
            assert isinstance(store, PostgresStore)
            assert store.counts()["documents"] == 0
    assert repr(store) == f"PostgresStore({pg_url!r})"


def test_postgres_store_connection_errors_say_what_to_do(pg_cluster: Any) -> None:
    with pytest.raises(StorageError, match="cannot connect to PostgreSQL .*database exists") as caught:
        PostgresStore(pg_cluster.url("no_such_database"))
    assert caught.value.code == "E501"
    with pytest.raises(StorageError) as hidden:
        PostgresStore("postgresql://someone:hunter2@127.0.0.1:1/db")  # nothing listens on port 1
    assert "hunter2" not in str(hidden.value) and "someone@127.0.0.1:1/db" in str(hidden.value)


def test_postgres_store_migrations_are_recorded_once(pg_url: str) -> None:
    _filled(pg_url).close()
    with PostgresStore(pg_url) as again:
        assert again.records_for(A) == records(A)
        assert again.schema_version() == max(m.version for m in load_migrations("postgresql"))
    with _admin(pg_url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        # The PostgreSQL variants' types: 8-byte floats and byte-order text.
        types = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_name = 'events' AND column_name IN ('lat', 'doc_seq')").fetchall())
        collation = conn.execute("SELECT collation_name FROM information_schema.columns WHERE "
                                 "table_name = 'documents' AND column_name = 'doc_id'").fetchone()
    assert versions == [m.version for m in load_migrations("postgresql")]
    assert types == {"lat": "double precision", "doc_seq": "bigint"}
    assert collation == ("C",)


def test_postgres_store_failed_migration_leaves_database_as_before(pg_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _filled(pg_url).close()
    with PostgresStore(pg_url) as store:
        before = store.dump()
    broken = Migration(999, "broken", "CREATE TABLE extra (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n", ())
    real = postgres_module.load_migrations
    monkeypatch.setattr(postgres_module, "load_migrations", lambda dialect: [*real(dialect), broken])
    with pytest.raises(StorageError, match="migration 0999_broken failed") as caught:
        PostgresStore(pg_url)
    assert caught.value.code == "E503"
    monkeypatch.undo()
    with PostgresStore(pg_url) as store:
        assert store.dump() == before  # the half-applied migration was rolled back


def test_postgres_store_refuses_newer_schema(pg_url: str) -> None:
    PostgresStore(pg_url).close()
    with _admin(pg_url) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (9999, 'future', 'later')")
    with pytest.raises(StorageError, match="newer than this eventledger") as caught:
        PostgresStore(pg_url)
    assert caught.value.code == "E503"


def test_postgres_store_concurrent_writers_take_turns(pg_url: str) -> None:
    PostgresStore(pg_url).close()
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def writer(n: int) -> None:
        """One process's worth of writes: its own connection, run and documents."""
        try:
            with PostgresStore(pg_url, timeout=30) as store:
                barrier.wait()
                store.start_run(f"run-{n}", command="test", config_hash="cfg", inputs=[])
                for k in range(12):
                    did = doc_id(16 * n + k)
                    store.put_document(records(did, tag=f"-{n}"), run_id=f"run-{n}")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with PostgresStore(pg_url) as store:
        assert store.counts()["documents"] == 36 and store.counts()["events"] == 72
        assert sorted(r["outcomes"]["stored"] for r in store.runs()) == [12, 12, 12]
    with _admin(pg_url) as conn:
        seqs = [r[0] for r in conn.execute("SELECT seq FROM documents ORDER BY seq")]
    assert seqs == list(range(1, 37))  # no seq handed out twice, none skipped


def test_postgres_store_waits_for_the_write_lock_then_says_locked(pg_url: str) -> None:
    store = _filled(pg_url, timeout=0.2)
    other = _admin(pg_url)
    other.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))  # another writer is busy
    try:
        with pytest.raises(StorageError, match="locked by another process.*retry or use another --db") as caught:
            store.put_document(records(B), run_id="r1")
        assert caught.value.code == "E502"
        assert store.counts()["documents"] == 1  # reads do not wait for writers
    finally:
        other.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK_KEY,))
        other.close()
    assert store.put_document(records(B), run_id="r1") is True
    store.close()


def test_postgres_store_lost_connection_says_so(pg_url: str) -> None:
    store = _filled(pg_url)
    pid = store._connection().info.backend_pid
    with _admin(pg_url) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))
    for call in (store.counts, lambda: store.put_document(records(B), run_id="r1"),
                 lambda: list(store.iter_records())):
        with pytest.raises(StorageError, match="lost the connection to PostgreSQL at .*open the store again") \
                as caught:
            call()
        assert caught.value.code == "E501"
    store.close()
    with PostgresStore(pg_url) as again:  # nothing half-written
        assert again.counts()["documents"] == 1


def test_postgres_store_nul_in_text(pg_url: str) -> None:
    store = _filled(pg_url)
    given = [document(B, source_id="odd\x00name.txt", title="a\x00b"), *records(B)[1:]]
    store.put_document(given, run_id="r1")
    assert store.records_for(B) == given  # records are JSON, where NUL is escaped
    assert store.stored_state([B]) == {B: ("cfg", "odd\x00name.txt")}
    store.record_failure("r1", Failure(source="in\x00put", code="E201", reason="empty"))
    assert store.failures("r1")[0]["source"] == "in\ufffdput"  # a column: NUL cannot be stored
    store.close()


def test_postgres_store_streams_records_through_a_cursor(pg_url: str) -> None:
    store = _filled(pg_url)
    for n in range(1, 40):
        store.put_document(records(doc_id(n)), run_id="r1")
    expected = list(store.iter_records())
    stream = store.iter_records()
    first = [next(stream) for _ in range(10)]
    store.put_document(records(B), run_id="r1")  # a write while a stream is open
    assert first + list(stream) == expected  # the stream reads the data as it was when it began
    abandoned = store.iter_records(["mention"], EventFilter(country="IRQ"))
    next(abandoned)
    del abandoned
    gc.collect()
    with _admin(pg_url) as other:
        pid = store._connection().info.backend_pid
        assert other.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() == (1,)
    assert store._connection().execute("SELECT count(*) FROM pg_cursors").fetchone() == (0,)
    store.close()


def test_postgres_store_search_uses_its_index(pg_url: str) -> None:
    store = _filled(pg_url)
    with _admin(pg_url) as conn:
        conn.execute("SET enable_seqscan = off")  # a tiny table: make the planner show its index
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN SELECT doc_id FROM documents_search WHERE search @@ CAST(%s AS tsquery)", ("'checkpoint'",)))
        words = conn.execute("SELECT search FROM documents_search").fetchone()[0]
    assert "documents_search_words" in plan
    assert "'checkpoint'" in words and "'the'" in words  # every word, no stemming nor stop words
    assert store.search_available() is True
    store.close()


def test_postgres_store_is_resumable(pg_url: str) -> None:
    store = _filled(pg_url)
    assert isinstance(store, ResumableStore)
    assert store.stored_state([A, B]) == {A: ("cfg", records(A)[0]["source_id"])}
    store.start_run("r2", command="test", config_hash="cfg2", inputs=[])
    store.record_unchanged("r2", [(A, "a.txt")])
    assert store.run_outcomes("r2", doc_ids=[A]) == [
        {"doc_id": A, "source": "a.txt", "status": "unchanged", "code": None, "reason": None}]
    store.close()
