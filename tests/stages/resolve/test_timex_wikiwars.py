"""Measure recognition and resolution on WikiWars (22 Wikipedia war articles, 2,636 TIMEX3s).

Runs ``find_timexes`` + ``resolve_all`` with the documents' ``published`` date (2009-12-19, not the
story's date: relative expressions must count from the narrative) and scores the result exactly as
``shared/tools/score_mentions.py timex`` does (its own functions, imported from ../shared): relaxed
and strict extent F1, and TempEval-3 value F1 over ``value.timex3``. Prints the figures and the time
per 1,000 words. Reads ../shared at test time (never copied); skipped where it is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from eventledger.stages.extract.timex_rules import find_timexes
from eventledger.stages.resolve.timex import resolve_all

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
WIKIWARS = SHARED / "eval" / "wikiwars"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not (WIKIWARS / "gold.jsonl").is_file() or not (SHARED / "tools").is_dir(),
                       reason="../shared/eval is absent (a user's clone): no evaluation data to measure on"),
]

# Floors a little under what the recogniser and resolver reach (see the printed figures).
RELAXED_F1_FLOOR = 0.95
STRICT_F1_FLOOR = 0.90
VALUE_F1_FLOOR = 0.88
MS_PER_1000_WORDS_CEILING = 400.0  # generous: shared CI machines are slow; we measure about 30 ms


def _scorer() -> ModuleType:
    tools = str(SHARED / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)  # score_mentions imports export_align from its own folder
    spec = importlib.util.spec_from_file_location("score_mentions", SHARED / "tools" / "score_mentions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_timex_wikiwars_extent_and_value_f1() -> None:
    sm = _scorer()
    docs = _lines(WIKIWARS / "docs.jsonl")
    records: list[dict] = []
    words = 0
    started = time.perf_counter()
    for doc in docs:
        text = doc["text"]
        words += len(text.split())
        published = date.fromisoformat(doc["published"]) if doc.get("published") else None
        for m, value in resolve_all(text, find_timexes(text), anchor=published):
            records.append({"record": "mention", "doc_id": doc["id"], "kind": "time", "text": m.text,
                            "span": [m.start, m.end], "value": value.to_dict() if value else None})
    elapsed = time.perf_counter() - started
    gold = {g["id"]: g for g in _lines(WIKIWARS / "gold.jsonl")}
    texts = {d["id"]: d["text"] for d in docs}
    export, _ = sm.join_export(records, set(gold))
    m = sm.score_timex(gold, texts, export)
    ms_per_1000 = 1000 * elapsed / words * 1000
    print(f"\nWikiWars {sm.timex_line(m)}; {ms_per_1000:.1f} ms per 1,000 words ({words} words)")
    assert m["relaxedF1"] >= RELAXED_F1_FLOOR
    assert m["strictF1"] >= STRICT_F1_FLOOR
    assert m["valueF1"] >= VALUE_F1_FLOOR
    assert ms_per_1000 <= MS_PER_1000_WORDS_CEILING
