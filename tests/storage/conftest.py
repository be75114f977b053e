"""Fixtures for the storage tests: every store backend, so one suite runs against each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_cluster import pg_cluster, pg_url, stop_shared_cluster  # noqa: F401  (pytest fixtures)
from store_records import BACKENDS, make_store, release

from eventledger.storage import Store


@pytest.fixture(scope="session", autouse=True)
def _postgres_stops_at_the_end() -> Iterator[None]:
    """Stop the throwaway PostgreSQL cluster (if a test started one) when the session ends."""
    yield
    stop_shared_cluster()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The name of each backend in turn."""
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[Store]:
    """A fresh store of each backend, with a run ``r1`` started."""
    opened = make_store(backend, tmp_path)
    opened.start_run("r1", command="test", config_hash="cfg", inputs=["a.txt", "b.txt"])
    yield opened
    opened.close()
    release(backend, tmp_path)


@pytest.fixture
def store_factory(backend: str, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Opens the same store again (the same SQLite file or PostgreSQL database); memory stores
    are fresh each time."""
    yield lambda: make_store(backend, tmp_path)
    release(backend, tmp_path)
