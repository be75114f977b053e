"""StorePool: store calls on threads that own their store, errors handed back, clean shutdown."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from eventledger.errors import StorageError
from eventledger.server.pool import StorePool, private_store


@pytest.mark.parametrize(("url", "private"), [("memory:", True), (":memory:", True), ("sqlite://", True),
                                              ("sqlite:///:memory:", True), ("x.sqlite", False),
                                              ("sqlite:///x.sqlite", False), ("postgresql://h/db", False)])
def test_pool_knows_which_stores_only_one_connection_sees(url: str, private: bool) -> None:
    assert private_store(url) is private


def test_pool_runs_each_call_on_a_thread_that_owns_its_store(tmp_path: Path) -> None:
    pool = StorePool(str(tmp_path / "p.sqlite"), readers=3)
    try:
        names = {pool.call(lambda store: threading.current_thread().name) for _ in range(30)}
        assert pool.alive == 4  # three readers and the writer
        assert names <= {f"eventledger-read-{n}" for n in range(3)}
        assert threading.current_thread().name not in names

        async def both() -> tuple[int, str]:
            count = await pool.read(lambda store: store.counts()["documents"])
            writer = await pool.write(lambda store: threading.current_thread().name)
            return count, writer

        assert asyncio.run(both()) == (0, "eventledger-write")
    finally:
        pool.close()
    assert pool.alive == 0


def test_pool_memory_store_is_one_thread_for_reads_and_writes() -> None:
    pool = StorePool("memory:", readers=4)
    try:
        pool.call(lambda store: store.start_run("r1", command="t", config_hash="c", inputs=[]))

        async def seen() -> int:
            return await pool.write(lambda store: len(store.runs()))

        assert asyncio.run(seen()) == 1  # the write thread sees what the read thread wrote
    finally:
        pool.close()


def test_pool_hands_errors_back_and_keeps_working() -> None:
    pool = StorePool("memory:")
    try:
        with pytest.raises(ZeroDivisionError):
            pool.call(lambda store: 1 / 0)
        assert pool.call(lambda store: store.counts()["events"]) == 0
    finally:
        pool.close()
        pool.close()  # closing twice is harmless
    with pytest.raises(StorageError, match="closed"):
        pool.call(lambda store: None)


def test_pool_bad_store_fails_at_startup(tmp_path: Path) -> None:
    before = threading.active_count()
    with pytest.raises(StorageError) as caught:
        StorePool(str(tmp_path))  # a folder, not a database file
    assert caught.value.code == "E501"
    assert threading.active_count() == before  # every thread it started has ended
