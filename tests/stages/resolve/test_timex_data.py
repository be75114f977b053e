"""data/timex.json validates against its schema and covers the calendar."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema


def _load(name: str) -> dict:
    root = resources.files("eventledger").joinpath("data")
    return json.loads(root.joinpath(name).read_text(encoding="utf-8"))


def test_timex_data_file_matches_schema() -> None:
    schema = _load("schemas/timex.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(_load("timex.json"))]
    assert errors == []


def test_timex_data_covers_every_month_weekday_and_season() -> None:
    data = _load("timex.json")
    assert sorted(set(data["months"].values())) == list(range(1, 13))
    assert sorted(set(data["weekdays"].values())) == list(range(1, 8))
    assert set(data["seasons"].values()) == {"SP", "SU", "FA", "WI"}
    assert {"january", "december", "monday", "sunday"} <= set(data["months"]) | set(data["weekdays"])


def test_timex_data_fixed_holidays_are_real_days() -> None:
    from eventledger.stages.resolve.timex_calendar import valid_day

    for name, rule in _load("timex.json")["holidays"].items():
        if not rule.startswith("easter"):
            month, day = (int(x) for x in rule.split("-"))
            assert valid_day(2001, month, day), name
