"""numbers.json is valid against its schema and consistent with what the parser assumes."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from eventledger.errors import ResourceError
from eventledger.stages.extract import numbers
from eventledger.stages.extract.numbers import load_data, parse_quantity


def _read(name: str) -> dict:
    return json.loads(resources.files("eventledger").joinpath("data", name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["numbers", "casualties"])
def test_numbers_data_files_match_their_schemas(name: str) -> None:
    schema = _read(f"schemas/{name}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(_read(f"{name}.json"))


def test_numbers_data_every_word_parses_to_its_value() -> None:
    data = _read("numbers.json")
    for word, value in {**data["units"], **data["tens"]}.items():
        assert parse_quantity(word) == numbers.QuantityRange(value, value, True), word
    for phrase, low in data["vague"].items():
        q = parse_quantity(phrase)
        assert q is not None and q.low == low and q.high is None, phrase


def test_numbers_data_missing_file_raises_resource_error() -> None:
    with pytest.raises(ResourceError, match="cannot read eventledger/data/no_such_file.json"):
        load_data("no_such_file.json")
