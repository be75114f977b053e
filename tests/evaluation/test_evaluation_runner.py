"""The runner: reading sets and gold files, processing with the real pipeline, scoring, discovery."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from eval_helpers import write_jsonl
from eval_toyset import DOCS, GOLD, make_set

from eventledger.errors import ConfigError, InputError, MalformedInputError
from eventledger.evaluation import detect_kinds, discover, evaluate, evaluate_many, score
from eventledger.evaluation.runner import data_sha256, gold_article, set_name

pytestmark = pytest.mark.model


def test_runner_evaluate_processes_the_set_and_scores_it(tmp_path: Path, pipeline: Any, base_settings: Any) -> None:
    folder = make_set(tmp_path / "toy")
    export = tmp_path / "export.jsonl"
    report = evaluate("incidents", folder, settings=base_settings, pipeline=pipeline, export=export)
    assert report.key == "incidents/toy" and not report.failures
    assert report.counts["coverage"] == (3, 3)
    assert report.figures["sub_event_type"] == 1.0 and report.figures["location"] == 1.0
    assert report.summary.startswith("incidents toy coverage=1.00 sub_event_type=1.00 ")
    assert report.data_sha256 == data_sha256("incidents", folder) and report.seconds > 0
    records = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert {r["source_id"] for r in records if r["record"] == "document"} == {d["id"] for d in DOCS}
    # Scoring the written export again gives the same figures.
    assert score("incidents", folder, records).figures == report.figures


def test_runner_limit_scores_only_the_documents_processed(tmp_path: Path, pipeline: Any, base_settings: Any) -> None:
    folder = make_set(tmp_path / "toy")
    report = evaluate("incidents", folder, settings=base_settings, pipeline=pipeline, limit=2)
    assert report.counts["coverage"] == (2, 2) and report.info["limit"] == 2
    with pytest.raises(ConfigError, match="positive"):
        evaluate("incidents", folder, settings=base_settings, pipeline=pipeline, limit=0)


def test_runner_a_document_the_pipeline_rejects_counts_as_a_miss(tmp_path: Path, pipeline: Any,
                                                                base_settings: Any) -> None:
    docs = [*DOCS[:2], {"id": "toy-3", "text": "Les frappes aériennes ont touché la ville pendant la nuit, selon "
                                               "les habitants du quartier et les témoins sur place.",
                        "published": "2015-03-05"}]
    folder = make_set(tmp_path / "toy", docs=docs)
    report = evaluate("incidents", folder, settings=base_settings, pipeline=pipeline)
    assert len(report.failures) == 1 and report.failures[0].startswith("toy-3")
    assert report.counts["coverage"] == (2, 3)
    assert [m.item for m in report.misses_of("coverage")] == ["toy-3"]


def test_runner_gold_file_reads_its_article_and_sidecar(tmp_path: Path, pipeline: Any, base_settings: Any) -> None:
    (tmp_path / "samples").mkdir()
    (tmp_path / "gold").mkdir()
    article = tmp_path / "samples" / "a.txt"
    article.write_text("A suicide bomber killed 12 people at a market in Kabul on Monday, police said.\n",
                       encoding="utf-8")
    (tmp_path / "samples" / "a.meta.json").write_text(json.dumps({"published": "2024-03-07", "outlet": "Wire"}),
                                                      encoding="utf-8")
    gold = {"doc": {"file": "samples/a.txt", "published": "2024-03-07"}, "removed": [], "embeds": [],
            "statements": [],
            "events": [{"id": "E1", "what": "bombing", "plover": ["ASSAULT"],
                        "event_type": ["Explosions/Remote violence"], "sub_event_type": ["Suicide bomb"],
                        "date": {"earliest": "2024-03-04", "latest": "2024-03-04"},
                        "fatalities": {"low": [12], "high": [12]}}]}
    gold_path = tmp_path / "gold" / "a.gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    assert gold_article(gold_path)[1] == article and set_name("gold", gold_path) == "a"
    report = evaluate("gold", gold_path, settings=base_settings, pipeline=pipeline)
    assert report.key == "gold/a"
    assert report.figures["recall"] == 1.0 and report.figures["field_date"] == 1.0  # Monday before 7 March
    assert report.summary.startswith("events P=") and "statements=1.00" in report.summary
    digest = hashlib.sha256(gold_path.read_bytes() + article.read_bytes()
                            + (tmp_path / "samples" / "a.meta.json").read_bytes()).hexdigest()
    assert report.data_sha256 == digest


def test_runner_bad_sets_fail_with_a_clear_reason(tmp_path: Path, base_settings: Any) -> None:
    with pytest.raises(InputError, match="not a folder"):
        evaluate("incidents", tmp_path / "nowhere", settings=base_settings, pipeline=object())  # type: ignore[arg-type]
    (tmp_path / "half").mkdir()
    write_jsonl(tmp_path / "half" / "docs.jsonl", DOCS)
    with pytest.raises(InputError, match="has no gold.jsonl"):
        score("incidents", tmp_path / "half", [])
    (tmp_path / "half" / "gold.jsonl").write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(MalformedInputError, match="line 2"):
        score("incidents", tmp_path / "half", [])
    with pytest.raises(ConfigError, match="unknown evaluation"):
        score("sentiment", tmp_path / "half", [])
    (tmp_path / "g.gold.json").write_text('{"doc": {}}', encoding="utf-8")
    with pytest.raises(MalformedInputError, match="doc.file"):
        gold_article(tmp_path / "g.gold.json")
    with pytest.raises(ConfigError, match="alone"):
        evaluate_many(["gold", "incidents"], tmp_path, settings=base_settings, records=[])


def test_runner_detect_kinds_and_discover_by_gold_shape(tmp_path: Path) -> None:
    make_set(tmp_path / "eval" / "toy")
    grouped = [dict(g, id=f"{g['id']}-{n}") for n in range(2) for g in GOLD]
    for g in grouped:
        g["events"] = [dict(g["events"][0], date="2015-03-02")]
    make_set(tmp_path / "eval" / "pairs", gold=grouped)
    make_set(tmp_path / "eval" / "times", gold=[{"id": "toy-1", "timexes": []}])
    make_set(tmp_path / "eval" / "places", gold=[{"id": "toy-1", "toponyms": []}])
    make_set(tmp_path / "eval" / "quotes", gold=[{"id": "toy-1", "attributions": []}])
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "x.gold.json").write_text("{}", encoding="utf-8")
    assert detect_kinds(tmp_path / "eval" / "toy") == ["incidents"]  # no two documents share a gold incident
    assert detect_kinds(tmp_path / "eval" / "pairs") == ["incidents", "merge"]
    found = {p.name: kinds for p, kinds in discover(tmp_path)}
    assert found == {"pairs": ["incidents", "merge"], "places": ["geo"], "times": ["timex"], "toy": ["incidents"],
                     "x.gold.json": ["gold"]}
    assert [p.name for p, _ in discover(tmp_path / "eval")][-1] == "x.gold.json"
