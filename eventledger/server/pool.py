"""StorePool: store calls from async request handlers, on threads that each own a store.

A store's connection belongs to the thread that opened it (``sqlite3`` refuses to be used from
another thread, and one psycopg connection runs one statement at a time), so the pool starts
worker threads that each open their own store and run the jobs handed to them: ``readers``
threads for queries and one writer thread for submissions (the pipeline is slow; reads must not
wait behind it). An in-memory store exists only in the connection that made it, so for one the
pool runs a single thread that does both. The event loop never blocks on the database.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from ..errors import StorageError
from ..storage import Store, open_store
from ..storage.base import E_OPEN

LOGGER = logging.getLogger(__name__)
T = TypeVar("T")
Job = tuple[Callable[[Store], Any], "Future[Any]"]
#: How long to wait for each worker to open its store before giving up (a locked file waits 5 s).
OPEN_TIMEOUT_S = 60.0


def private_store(url: str) -> bool:
    """Whether a ``--db`` value names a store that only its own connection can see (in memory)."""
    text = url.strip()
    return text in ("memory:", ":memory:") or text.startswith("sqlite://") and \
        text[len("sqlite://"):] in ("", "/", "/:memory:")


class _Worker(threading.Thread):
    """A thread that opens one store and runs jobs from a queue until it reads ``None``."""

    def __init__(self, name: str, jobs: queue.SimpleQueue[Job | None],
                 opener: Callable[[], Store]) -> None:
        super().__init__(name=name, daemon=True)  # daemon: an abandoned pool never blocks exit
        self.jobs = jobs
        self.opener = opener
        self.opened: Future[None] = Future()

    def run(self) -> None:
        try:
            store = self.opener()
        except BaseException as exc:  # reported to the pool's constructor, which raises it
            self.opened.set_exception(exc)
            return
        self.opened.set_result(None)
        try:
            while (job := self.jobs.get()) is not None:
                call, result = job
                if not result.set_running_or_notify_cancel():  # the client went away
                    continue
                try:
                    result.set_result(call(store))
                except BaseException as exc:  # handed to the awaiting request handler
                    result.set_exception(exc)
        finally:
            store.close()


class StorePool:
    """Reader threads and a writer thread, each with its own store opened from the same URL.

    >>> pool = StorePool("memory:")
    >>> pool.call(lambda store: store.counts()["events"])
    0
    >>> pool.close()
    """

    def __init__(self, url: str, *, readers: int = 4,
                 opener: Callable[[str], Store] = open_store) -> None:
        """Start the threads and open every store now, so a bad ``--db`` fails here, at startup.

        Raises:
            StorageError: the store cannot be opened (the message says why and what to do).
        """
        if readers < 1:
            raise ValueError("a StorePool needs at least one reader thread")
        self.url = url
        self._reads: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._writes: queue.SimpleQueue[Job | None] = self._reads
        single = private_store(url)
        workers = [_Worker(f"eventledger-read-{n}", self._reads, lambda: opener(url))
                   for n in range(1 if single else readers)]
        if not single:
            self._writes = queue.SimpleQueue()
            workers.append(_Worker("eventledger-write", self._writes, lambda: opener(url)))
        self._workers = workers
        self._closed = False
        for worker in workers:
            worker.start()
        try:
            for worker in workers:
                worker.opened.result(timeout=OPEN_TIMEOUT_S)
        except TimeoutError as exc:
            self.close()
            raise StorageError(f"opening {url} took over {OPEN_TIMEOUT_S:.0f} s; is the database "
                               "reachable and not locked?", code=E_OPEN) from exc
        except BaseException:
            self.close()
            raise

    def _submit(self, jobs: queue.SimpleQueue[Job | None], call: Callable[[Store], T]) -> Future[T]:
        if self._closed:
            raise StorageError("the server's store pool is closed; restart the server", code=E_OPEN)
        result: Future[T] = Future()
        jobs.put((call, result))
        return result

    async def read(self, call: Callable[[Store], T]) -> T:
        """Run ``call(store)`` on a reader thread and await its result (or its exception)."""
        return await asyncio.wrap_future(self._submit(self._reads, call))

    async def write(self, call: Callable[[Store], T]) -> T:
        """Run ``call(store)`` on the writer thread (one at a time) and await its result."""
        return await asyncio.wrap_future(self._submit(self._writes, call))

    def call(self, call: Callable[[Store], T]) -> T:
        """Run ``call(store)`` on a reader thread and wait for it (for code outside the event loop)."""
        return self._submit(self._reads, call).result()

    @property
    def alive(self) -> int:
        """How many of the pool's threads are running (0 after close)."""
        return sum(worker.is_alive() for worker in self._workers)

    def close(self) -> None:
        """Stop every thread after the jobs already queued; each closes its own store. Idempotent."""
        if self._closed:
            return
        self._closed = True
        for worker in self._workers:
            (self._writes if worker.name == "eventledger-write" else self._reads).put(None)
        for worker in self._workers:
            if worker.is_alive():
                worker.join(timeout=OPEN_TIMEOUT_S)


__all__ = ["StorePool", "private_store"]
