"""Publication dates: read when unambiguous, None (and a warning) otherwise, never guessed."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from eventledger.stages.ingest import normalize_published
from eventledger.stages.ingest.dates import published_or_warning


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-08", "2024-02-08"),
    ("  2024-02-08\n", "2024-02-08"),
    ("20240208", "2024-02-08"),
    ("2024-02-08T10:00:00+03:00", "2024-02-08"),
    ("2024-02-08T23:30:00Z", "2024-02-08"),  # the day as written, not shifted to another zone
    ("2024-02-08 10:15", "2024-02-08"),
    ("2024-02-08T10:00:00.123+0300", "2024-02-08"),
    ("Thu, 08 Feb 2024 10:00:00 GMT", "2024-02-08"),
    ("Fri, 19 Dec 2014 23:30:00 -0500", "2014-12-19"),
    ("8 Feb 24 10:00 GMT", "2024-02-08"),
    ("February 8, 2024", "2024-02-08"),
    ("8 February 2024", "2024-02-08"),
    ("Thursday, 8 February 2024", "2024-02-08"),
    ("Sept. 3, 2015", "2015-09-03"),
    (date(2024, 2, 8), "2024-02-08"),
    (datetime(2024, 2, 8, 23, 0), "2024-02-08"),
    (time.strptime("2024-02-08", "%Y-%m-%d"), "2024-02-08"),
])
def test_ingest_dates_readable_values(value: object, expected: str) -> None:
    assert normalize_published(value) == expected


@pytest.mark.parametrize("value", [
    "02/08/2024", "08.02.2024", "yesterday", "Wednesday night", "2024-02-30", "2024-13-01", "2024",
    "February 2024", "", "   ", None, 20240208, "Mon, 99 Foo 2024", "2024-02-08Tgarbage",
])
def test_ingest_dates_unreadable_values_are_none(value: object) -> None:
    assert normalize_published(value) is None


def test_ingest_dates_unreadable_value_leaves_a_warning() -> None:
    warnings: list[str] = []
    assert published_or_warning("02/08/2024", warnings, where="a.txt") is None
    assert len(warnings) == 1 and "a.txt" in warnings[0] and "02/08/2024" in warnings[0]
    assert published_or_warning(None, warnings, where="a.txt") is None
    assert published_or_warning("2024-02-08", warnings, where="a.txt") == "2024-02-08"
    assert len(warnings) == 1  # absent and readable values are not warned about
