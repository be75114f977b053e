"""`eventledger eval incidents-merge`: the pipeline's events merged, then scored exactly as
../shared/tools/score_merge.py scores the merged export."""

from __future__ import annotations

import gc
import importlib.util
import json
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from incident_records import TOWN_A, TOWN_A_POINT, TOWN_C, document, event
from typer.testing import CliRunner

from eventledger.evaluation.merge import MERGED_KIND, evaluate_merged
from eventledger.evaluation.report import read_jsonl
from eventledger.interfaces.cli import app
from eventledger.settings import Settings

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
STRIKE = ("Warplanes struck a crowded vegetable market in the town on Tuesday, killing seven civilians "
          "and wounding twenty, the monitoring group said.")
runner = CliRunner()


def _scorer() -> ModuleType:
    path = SHARED / "tools" / "score_merge.py"
    if not path.is_file():
        pytest.skip(f"{path} is not available (the shared scorers are not part of a user's clone)")
    spec = importlib.util.spec_from_file_location("shared_score_merge_for_incidents", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shared_summary(gold: Path, export: Path, capsys: pytest.CaptureFixture[str],
                    monkeypatch: pytest.MonkeyPatch) -> str:
    module = _scorer()
    monkeypatch.setattr(sys, "argv", ["score_merge.py", str(gold), str(export)])
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # the shared scorer leaves its files open
        module.main()
        gc.collect()
    return capsys.readouterr().out.strip().splitlines()[-1]


def _gold(doc_id: str, day: str, place: str) -> dict[str, Any]:
    return {"id": doc_id, "set": "toy", "events": [{"date": day, "country": "SYR", "cause": "shelling",
                                                    "location": {"names": [place], "level": "admin1"}}]}


def _toy_set(folder: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Three reports of one strike, one of another; gold groups the three."""
    folder.mkdir()
    ids = ["t1", "t2", "t3", "t4"]
    (folder / "docs.jsonl").write_text("".join(json.dumps({"id": i, "text": "(not processed here)"}) + "\n"
                                               for i in ids), encoding="utf-8")
    gold = [_gold("t1", "2019-07-23", "north"), _gold("t2", "2019-07-23", "north"),
            _gold("t3", "2019-07-23", "north"), _gold("t4", "2019-07-23", "south")]
    (folder / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    records: list[dict[str, Any]] = []
    for n, (place, sentence) in enumerate([(TOWN_A_POINT, STRIKE), (TOWN_A, STRIKE), (TOWN_A_POINT, STRIKE),
                                           (TOWN_C, "A car bomb exploded near the court house.")]):
        doc = document(f"doc-{n}", outlet=f"outlet {n}")
        doc["source_id"] = ids[n]
        records += [doc, event(f"e{n}", f"doc-{n}", place=place, killed=7 if n < 3 else 2, sentence=sentence)]
    return folder, records


def test_eval_merged_scores_the_merged_export_as_the_shared_scorer(tmp_path: Path, base_settings: Settings,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder, records = _toy_set(tmp_path / "toy")
    export = tmp_path / "merged.jsonl"
    (report,) = evaluate_merged([MERGED_KIND], folder, settings=base_settings, records=records, export=export)
    assert report.kind == MERGED_KIND and report.key == f"{MERGED_KIND}/toy"
    assert report.figures["pairP"] == 1.0 and report.figures["pairR"] == 1.0
    assert report.info["incidents"] == 2
    merged = read_jsonl(export)
    assert sum(r["record"] == "incident" for r in merged) == 2
    assert report.summary == _shared_summary(folder / "gold.jsonl", export, capsys, monkeypatch)


def test_eval_cli_incidents_merge_scores_an_export(tmp_path: Path) -> None:
    folder, records = _toy_set(tmp_path / "toy")
    export = tmp_path / "raw.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(app, ["eval", "incidents-merge", str(folder), "--score-export", str(export), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("merge b3P=1.000 b3R=1.000 b3F1=1.000 pairP=1.000")
    # `eval merge` merges an export that holds no incidents yet, as `eventledger process` would ...
    plain = runner.invoke(app, ["eval", "merge", str(folder), "--score-export", str(export), "--quiet"])
    assert "pairR=1.000" in plain.stdout
    # ... and scores one that already holds incidents as it is (here: every event its own incident).
    singles = [dict(r, incident_id=r["event_id"]) if r.get("record") == "event" else r for r in records]
    singles.append({"record": "incident", "incident_id": "none"})
    export.write_text("".join(json.dumps(r) + "\n" for r in singles), encoding="utf-8")
    as_is = runner.invoke(app, ["eval", "merge", str(folder), "--score-export", str(export), "--quiet"])
    assert "pairR=0.000" in as_is.stdout


@pytest.mark.model
@pytest.mark.shared
def test_eval_merged_on_fakes_dev_documents_matches_the_shared_scorer(tmp_path: Path, pipeline: Any,
                                                                      base_settings: Settings,
                                                                      capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from eventledger.evaluation.runner import process

    folder = SHARED / "eval" / "fakes-dev"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not available (../shared evaluation data is not part of a user's clone)")
    processed = process("incidents", folder, settings=base_settings, pipeline=pipeline, limit=60)
    export = tmp_path / "merged.jsonl"
    (report,) = evaluate_merged([MERGED_KIND], folder, settings=base_settings, records=processed.records,
                                export=export)
    assert report.summary == _shared_summary(folder / "gold.jsonl", export, capsys, monkeypatch)
