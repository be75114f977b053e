"""The clean stage's data files are valid against their JSON Schemas and compile."""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import pytest

from eventledger.stages.clean.resources import boilerplate_patterns, embed_rules, language_rules

NAMES = ["boilerplate", "social_embeds", "english_function_words"]


@pytest.mark.parametrize("name", NAMES)
def test_clean_data_files_match_their_schemas(name: str) -> None:
    data_dir = resources.files("eventledger").joinpath("data")
    schema = json.loads(data_dir.joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8"))
    data = json.loads(data_dir.joinpath(f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_clean_data_patterns_compile_and_load() -> None:
    assert len(boilerplate_patterns()) >= 10
    assert all(p.reason and p.max_chars > 0 for p in boilerplate_patterns())
    rules = embed_rules()
    assert {p.platform for p in rules.platforms} >= {"twitter", "instagram"}
    assert all({"handle"} <= set(p.attribution.groupindex) for p in rules.platforms)
    words = language_rules().words
    assert {"the", "of", "and", "said"} <= words
    assert all(re.fullmatch(r"[a-z][a-z']*", w) for w in words)
