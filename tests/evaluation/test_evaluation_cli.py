"""``eventledger eval ...`` end to end (the typer sub-app), on a small hand-written set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval_helpers import write_jsonl
from eval_toyset import make_set
from typer.testing import CliRunner

from eventledger.evaluation import evaluate
from eventledger.interfaces.cli_eval import eval_app

runner = CliRunner()


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory, pipeline: Any, base_settings: Any) -> tuple[Path, Path, str]:
    """The toy set, the pipeline's export of it, and the summary line our scorer prints for it."""
    folder = make_set(tmp_path_factory.mktemp("sets") / "toy")
    export = folder.parent / "export.jsonl"
    report = evaluate("incidents", folder, settings=base_settings, pipeline=pipeline, export=export)
    return folder, export, report.summary


def _invoke(*args: str) -> Any:
    return runner.invoke(eval_app, list(args))


def test_cli_eval_incidents_prints_table_misses_and_the_summary_line_last(toy: tuple[Path, Path, str]) -> None:
    folder, export, summary = toy
    result = _invoke("incidents", str(folder), "--score-export", str(export), "--errors", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == summary
    assert "incidents/toy" in result.stdout and "sub_event_type" in result.stdout and "3/3" in result.stdout


def test_cli_eval_check_and_update_baseline_gate(toy: tuple[Path, Path, str], tmp_path: Path) -> None:
    folder, export, _ = toy
    baseline = tmp_path / "baseline.json"
    common = ["incidents", str(folder), "--score-export", str(export), "--baseline", str(baseline)]
    missing = _invoke(*common, "--check")
    assert missing.exit_code == 1 and "no floors" in missing.stderr
    recorded = _invoke(*common, "--update-baseline")
    assert recorded.exit_code == 0, recorded.output
    entry = json.loads(baseline.read_text(encoding="utf-8"))["entries"]["incidents/toy"]
    assert entry["floors"]["coverage"] == 0.99 and entry["data_sha256"]
    passed = _invoke(*common, "--check")
    assert passed.exit_code == 0 and "check ok" in passed.stderr
    # Raise a floor above what the set can reach: the check names the figure and exits 1.
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["entries"]["incidents/toy"]["floors"]["coverage"] = 1.2
    baseline.write_text(json.dumps(data), encoding="utf-8")
    failed = _invoke(*common, "--check")
    assert failed.exit_code == 1 and "REGRESSION incidents/toy coverage" in failed.stderr
    refused = _invoke(*common, "--update-baseline")
    assert refused.exit_code == 1 and "refusing to lower" in refused.stderr
    assert json.loads(baseline.read_text(encoding="utf-8"))["entries"]["incidents/toy"]["floors"]["coverage"] == 1.2
    allowed = _invoke(*common, "--update-baseline", "--allow-regression")
    assert allowed.exit_code == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["entries"]["incidents/toy"]["floors"]["coverage"] == 0.99


def test_cli_eval_changed_data_fails_the_check(toy: tuple[Path, Path, str], tmp_path: Path) -> None:
    folder, export, _ = toy
    copy = make_set(tmp_path / "toy")
    baseline = tmp_path / "baseline.json"
    assert _invoke("incidents", str(copy), "--score-export", str(export), "--baseline", str(baseline),
                   "--update-baseline").exit_code == 0
    with (copy / "gold.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("\n")  # a change nobody would see
    result = _invoke("incidents", str(copy), "--score-export", str(export), "--baseline", str(baseline), "--check")
    assert result.exit_code == 1 and "the data changed" in result.stderr


def test_cli_eval_usage_errors(toy: tuple[Path, Path, str], tmp_path: Path) -> None:
    folder, export, _ = toy
    no_set = _invoke("incidents", str(tmp_path / "nowhere"), "--score-export", str(export))
    assert no_set.exit_code == 2 and "not a folder" in no_set.stderr
    assert _invoke("incidents", str(folder), "--limit", "2", "--check").exit_code == 2
    assert _invoke("incidents", str(folder), "--allow-regression").exit_code == 2
    bad_export = write_jsonl(tmp_path / "bad.jsonl", [])
    bad_export.write_text("{broken\n", encoding="utf-8")
    assert _invoke("incidents", str(folder), "--score-export", str(bad_export)).exit_code == 2
    assert _invoke("all", str(tmp_path / "empty-root")).exit_code == 2


@pytest.mark.model
def test_cli_eval_runs_the_pipeline_and_writes_the_export(toy: tuple[Path, Path, str], tmp_path: Path) -> None:
    folder, _, summary = toy
    out = tmp_path / "out.jsonl"
    result = _invoke("incidents", str(folder), "--export", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == summary
    assert sum(json.loads(line)["record"] == "document" for line in out.read_text("utf-8").splitlines()) == 3
    merged = _invoke("all", str(folder.parent), "--quiet")
    assert merged.exit_code == 0 and merged.stdout.strip().splitlines()[-1] == summary
