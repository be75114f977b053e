"""Fixtures for the storage tests: every store backend, so one suite runs against each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_records import BACKENDS, make_store

from eventledger.storage import Store


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


@pytest.fixture
def store_factory(backend: str, tmp_path: Path) -> Callable[[], Store]:
    """Opens the same store again (the same SQLite file); memory stores are fresh each time."""
    return lambda: make_store(backend, tmp_path)
