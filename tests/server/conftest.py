"""Fixtures for the HTTP API and dashboard tests: real stores built by the real pipeline.

Each store holds what ``make demo`` processes (the bundled CENTCOM releases) plus one hostile
article (script tags, javascript: links, HTML attributes in its title, outlet and URL, an
SQL-looking string, an emoji before the extracted spans), processed once per session and backend
by the same engine ``eventledger process`` uses. The API tests run against every backend (SQLite,
and PostgreSQL on a throwaway cluster); the browser and command-line tests, which test the
dashboard and not the store, use SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pg_cluster import shared_cluster, stop_shared_cluster
from server_helpers import BACKENDS, LiveServer, build_store, hostile_records

from eventledger.server import create_app


@pytest.fixture(scope="session")
def stores(tmp_path_factory: pytest.TempPathFactory, pipeline: Any,
           base_settings: Any) -> Iterator[Callable[[str], str]]:
    """``stores(backend)``: the URL of that backend's store, built on first use."""
    built: dict[str, str] = {}

    def get(backend: str) -> str:
        if backend not in built:
            folder = tmp_path_factory.mktemp(f"api-{backend}")
            url = shared_cluster().create_database("api") if backend == "postgresql" else str(folder / "api.sqlite")
            build_store(url, folder, pipeline, base_settings)
            built[backend] = url
        return built[backend]

    yield get
    stop_shared_cluster()  # drops every database of the cluster with it


@pytest.fixture(scope="session", params=BACKENDS)
def store_url(request: pytest.FixtureRequest, stores: Callable[[str], str]) -> str:
    """A store of each backend, holding the examples and the hostile article."""
    return stores(str(request.param))


@pytest.fixture(scope="session")
def sqlite_url(stores: Callable[[str], str]) -> str:
    """The SQLite store (for the tests of the dashboard and the command)."""
    return stores("sqlite")


def _client(url: str, settings: Any) -> Iterator[TestClient]:
    with TestClient(create_app(url, settings=settings)) as test_client:  # lifespan closes the pool
        yield test_client


@pytest.fixture(scope="session")
def client(store_url: str, base_settings: Any) -> Iterator[TestClient]:
    """A client of the read-only app over each backend's store."""
    yield from _client(store_url, base_settings)


@pytest.fixture(scope="session")
def sqlite_client(sqlite_url: str, base_settings: Any) -> Iterator[TestClient]:
    """A client of the read-only app over the SQLite store."""
    yield from _client(sqlite_url, base_settings)


@pytest.fixture(scope="session")
def hostile_doc(client: TestClient) -> dict[str, Any]:
    return hostile_records(client)[0]


@pytest.fixture(scope="session")
def hostile_event(client: TestClient) -> dict[str, Any]:
    return hostile_records(client)[1]


@pytest.fixture(scope="session")
def live_server(sqlite_url: str, base_settings: Any) -> Iterator[LiveServer]:
    """The dashboard and API over the SQLite store, served by uvicorn on a free loopback port."""
    with LiveServer(create_app(sqlite_url, settings=base_settings)) as server:
        yield server
