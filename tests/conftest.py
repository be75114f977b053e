"""Shared fixtures: settings, the real spaCy pipeline and gazetteer (loaded once), ../shared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventledger.settings import Settings, load_settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test with a reason when it is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared evaluation data is not part of a user's clone)")
    return path


@pytest.fixture(scope="session")
def shared() -> Any:
    """``shared("tools", "score_gold.py")``: a path under ../shared, or skip when it is absent."""
    return shared_path


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    """Default settings, independent of the caller's environment."""
    return load_settings(environ={})


@pytest.fixture(scope="session")
def pipeline(base_settings: Settings) -> Any:
    """The real pipeline: the pinned spaCy English model and the offline gazetteer."""
    from eventledger.pipeline import Pipeline

    return Pipeline(base_settings)


@pytest.fixture(scope="session")
def nlp(base_settings: Settings) -> Any:
    from eventledger.stages.nlp import load_pipeline

    return load_pipeline(base_settings["nlp"]["model"])
