"""Fixtures for the stage tests: settings, public-domain CENTCOM lines, the shared sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventledger.settings import Settings, load_settings

# US CENTCOM / CJTF-OIR strike releases (../shared/eval/centcom): US federal government text,
# public domain (17 U.S.C. 105), so they may be copied into fixtures.
CENTCOM_LINES = [
    "Near Mosul, two airstrikes destroyed an ISIL vehicle and damaged an ISIL bridge.",
    "Near Sinjar, three airstrikes destroyed 3 ISIL vehicles and struck three ISIL tactical units.",
    "Near Kobani, six airstrikes destroyed three ISIL buildings, damaged an ISIL building, and struck an "
    "ISIL tactical unit.",
    "Near Mosul, two airstrikes destroyed an ISIL vehicle and an ISIL defensive position.",
    "Near Kisik, one strike struck an ISIL tactical unit and destroyed an ISIL tunnel entrance.",
]
CENTCOM_OUTLET = "U.S. Central Command (CJTF-OIR)"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture
def settings() -> Settings:
    """The default settings, independent of the caller's environment."""
    return load_settings(environ={})


@pytest.fixture
def centcom() -> list[str]:
    """A few public-domain CENTCOM strike lines."""
    return list(CENTCOM_LINES)


@pytest.fixture
def shared() -> Path:
    """../shared, or a skip when this clone has none (it holds data that is not ours to copy)."""
    if not (SHARED / "samples").is_dir():
        pytest.skip("../shared (sample article and evaluation sets) is not present beside this clone")
    return SHARED
