"""The sample article end to end: contract-valid export, and the scorer's figures above the floors."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import jsonschema
import pytest

from eventledger.stages.ingest import iter_documents

pytestmark = pytest.mark.model

# Floors for ../shared/gold/seed-cradle-2024-02-08.gold.json, a little under what was measured
# (see README "Accuracy"); the acceptance floors are 0.6 / 0.7 / 0.5.
SEED_FLOORS = {"f1": 0.95, "field_accuracy_overall": 0.85, "statement_recall": 0.95}


def _load_tool(shared: Any, name: str) -> Any:
    path = shared("tools", f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed_records(pipeline: Any, base_settings: Any, shared: Any) -> list[dict[str, Any]]:
    sample = shared("samples", "seed-cradle-2024-02-08.txt")
    records: list[dict[str, Any]] = []
    for outcome in pipeline.process(iter_documents([sample], settings=base_settings)):
        assert outcome.failure is None, outcome.failure
        records += outcome.document.records()
    return records


def test_end_to_end_seed_export_validates_against_the_contract(seed_records: list[dict[str, Any]],
                                                               shared: Any) -> None:
    schema = json.loads(shared("contract", "record.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for rec in seed_records:
        errors = list(validator.iter_errors(rec))
        assert not errors, (rec.get("record"), [e.message for e in errors[:3]])
    kinds = {r["record"] for r in seed_records}
    assert {"document", "event", "statement", "mention"} <= kinds


def test_end_to_end_seed_spans_point_into_the_clean_text(seed_records: list[dict[str, Any]]) -> None:
    text = seed_records[0]["text"]
    for rec in seed_records[1:]:
        if rec["record"] in ("mention", "statement"):
            s, e = rec["span"]
            assert text[s:e] == rec["text"]
        if rec["record"] == "event":
            for src in rec["sources"]:
                s, e = src["span"]
                assert text[s:e] == src["sentence"]
            for a in rec["actors"]:
                if a.get("span"):
                    assert text[a["span"][0]:a["span"][1]] == a["text"]
                else:
                    assert a.get("inferred") is True


def test_end_to_end_seed_scores_above_floors(seed_records: list[dict[str, Any]], shared: Any) -> None:
    scorer = _load_tool(shared, "score_gold")
    gold = json.loads(shared("gold", "seed-cradle-2024-02-08.gold.json").read_text(encoding="utf-8"))
    result = scorer.score(gold, seed_records)
    print({k: result[k] for k in ("precision", "recall", "f1", "field_accuracy_overall", "statement_recall")})
    assert all(result["document_checks"].values()), result["document_checks"]
    for key, floor in SEED_FLOORS.items():
        assert result[key] >= floor, (key, result[key], result["per_event"])
