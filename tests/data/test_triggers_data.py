"""Cross-references of the trigger lexicon: the entries the event reader retypes to exist, frames
are well formed, word lists are lower case."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

DATA = resources.files("eventledger").joinpath("data")


def load() -> dict[str, Any]:
    return json.loads(DATA.joinpath("triggers.json").read_text(encoding="utf-8"))


def test_triggers_entries_the_reader_retypes_to_exist() -> None:
    ids = {t["id"]: t for t in load()["triggers"]}
    # events.py gives a mention these entries' codes: a labour strike, a complaint, a refusal, an
    # intention, an air strike, a blockade by state forces.
    expected = {"labour_strike": "PROTEST", "complain": "ACCUSE", "reject": "REJECT", "agree": "AGREE",
                "air_strike": "ASSAULT", "blockade": "COERCE", "obstruct": "PROTEST"}
    for tid, plover in expected.items():
        assert tid in ids and ids[tid]["plover"] == plover, tid
    assert ids["air_strike"]["sub_event_type"] == "Air/drone strike"


def test_triggers_ids_unique_and_every_entry_matches_something() -> None:
    triggers = load()["triggers"]
    ids = [t["id"] for t in triggers]
    assert len(ids) == len(set(ids))
    for t in triggers:
        assert t["phrases"] or t.get("frames"), t["id"]


def test_triggers_frames_and_word_lists_are_lower_case_lemmas() -> None:
    data = load()
    for t in data["triggers"]:
        for frame in t.get("frames", []):
            for word in frame["verbs"] + frame["objects"]:
                assert word == word.lower() and word.strip() == word, (t["id"], word)
            assert all(len(v.split()) <= 2 for v in frame["verbs"]), t["id"]  # a verb and a particle at most
    for key, value in data.items():
        if isinstance(value, list) and key != "triggers":
            assert all(isinstance(w, str) and w == w.strip() for w in value), key
