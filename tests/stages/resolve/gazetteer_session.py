"""The built gazetteer for the resolve tests: built once per checkout, reused across test runs.

The file lives in pytest's cache directory under its versioned name (builder version + source
package versions + data hashes), so a change to any of them builds a fresh one (~25 s); an
unchanged checkout reopens the existing file in milliseconds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from eventledger.settings import load_settings
from eventledger.stages.resolve.gazetteer import Gazetteer, default_path, remove_stale
from eventledger.stages.resolve.geocode import GazetteerGeocoder


@lru_cache(maxsize=1)
def _open(directory: str) -> Gazetteer:
    name = default_path(load_settings(environ={})).name
    path = Path(directory) / name
    gazetteer = Gazetteer.open(load_settings(overrides={"gazetteer.path": str(path)}, environ={}))
    remove_stale(path)  # earlier versions' files in the cache directory
    return gazetteer


@pytest.fixture(scope="session")
def gazetteer(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The real gazetteer (built on first use)."""
    cache = getattr(request.config, "cache", None)
    directory = cache.mkdir("eventledger-gazetteer") if cache is not None else tmp_path_factory.mktemp("gaz")
    return _open(str(directory))


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> GazetteerGeocoder:
    """The real geocoder over the real gazetteer."""
    return GazetteerGeocoder(gazetteer)
