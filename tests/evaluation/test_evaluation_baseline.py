"""The regression gate's rules: floors, ceilings, epsilon, data hashes, floors that only go up."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventledger.errors import ConfigError
from eventledger.evaluation import baseline as gate
from eventledger.evaluation.report import EvalReport

REPO = Path(__file__).resolve().parents[2]


def _report(figures: dict[str, float | None], kind: str = "incidents", digest: str = "abc",
            limit: int | None = None) -> EvalReport:
    report = EvalReport(kind, "toy", figures, f"{kind} toy", data_sha256=digest)
    report.info["limit"] = limit
    return report


def _baseline(floors: dict[str, float], ceilings: dict[str, float] | None = None, digest: str = "abc",
              kind: str = "incidents") -> dict:
    entry = {"command": "x", "data_sha256": digest, "floors": floors}
    if ceilings:
        entry["ceilings"] = ceilings
    return {"epsilon": gate.EPSILON, "entries": {f"{kind}/toy": entry}}


def test_baseline_proposed_floor_sits_a_little_under_and_ceiling_a_little_over() -> None:
    assert gate.proposed_floor(0.807) == 0.79
    assert gate.proposed_floor(0.80) == 0.79
    assert gate.proposed_floor(0.005) == 0.0
    assert gate.proposed_ceiling(0.33) == 0.34
    assert gate.proposed_ceiling(0.331) == 0.35


def test_baseline_check_passes_within_epsilon_and_fails_naming_the_figure() -> None:
    base = _baseline({"location": 0.57, "date": 0.70})
    assert gate.check(_report({"location": 0.566, "date": 0.9}), base).ok  # 0.004 under: within epsilon
    result = gate.check(_report({"location": 0.56, "date": 0.9}), base)
    assert not result.ok and result.checked == 2
    assert len(result.problems) == 1 and "incidents/toy location" in result.problems[0]
    assert "below its floor 0.57" in result.problems[0]


def test_baseline_check_ceiling_for_lower_is_better_figures() -> None:
    base = _baseline({"F1": 0.8}, {"AUC": 0.34}, kind="geo")
    assert gate.check(_report({"F1": 0.81, "AUC": 0.344}, kind="geo"), base).ok
    result = gate.check(_report({"F1": 0.81, "AUC": 0.36}, kind="geo"), base)
    assert result.problems and "AUC" in result.problems[0] and "above its ceiling" in result.problems[0]


def test_baseline_check_fails_on_changed_data_missing_figure_missing_entry_and_limit() -> None:
    base = _baseline({"location": 0.5})
    changed = gate.check(_report({"location": 0.9}, digest="other"), base)
    assert not changed.ok and "data changed" in changed.problems[0]
    gone = gate.check(_report({"location": None}), base)
    assert not gone.ok and "no longer measured" in gone.problems[0]
    unknown = gate.check(_report({"location": 0.9}, kind="timex"), base)
    assert not unknown.ok and "no floors" in unknown.problems[0]
    partial = gate.check(_report({"location": 0.9}, limit=10), base)
    assert not partial.ok and "first 10 documents" in partial.problems[0]


def test_baseline_update_new_entry_gates_the_default_figures(tmp_path: Path) -> None:
    data = gate.load(tmp_path / "baseline.json")
    assert data["entries"] == {}
    figures = {f: 0.8 for f in gate.GATED["incidents"]} | {"type_pair": 1.0, "date_exact": 0.6}
    gate.update(_report(figures), data, tmp_path / "set", today=date(2024, 1, 2))
    entry = data["entries"]["incidents/toy"]
    assert set(entry["floors"]) == set(gate.GATED["incidents"])  # diagnostics are measured, not gated
    assert entry["measured"]["type_pair"] == 1.0 and entry["measured_on"] == "2024-01-02"
    assert entry["data_sha256"] == "abc" and entry["command"].startswith("eventledger eval incidents ")
    gate.save(data, tmp_path / "baseline.json")
    assert gate.load(tmp_path / "baseline.json") == json.loads((tmp_path / "baseline.json").read_text())


def test_baseline_update_raises_floors_and_refuses_to_lower_them(tmp_path: Path) -> None:
    data = _baseline({"location": 0.57, "date": 0.70})
    changes = gate.update(_report({"location": 0.70, "date": 0.705}), data, tmp_path)
    floors = data["entries"]["incidents/toy"]["floors"]
    assert floors == {"location": 0.69, "date": 0.70}  # raised; never lowered by the margin
    assert any("location: floor 0.57 -> 0.69" in c for c in changes)
    with pytest.raises(ConfigError, match="location"):
        gate.update(_report({"location": 0.60, "date": 0.71}), data, tmp_path)
    assert data["entries"]["incidents/toy"]["floors"]["location"] == 0.69  # untouched after a refusal
    gate.update(_report({"location": 0.60, "date": 0.71}), data, tmp_path, allow_regression=True)
    assert data["entries"]["incidents/toy"]["floors"] == {"location": 0.59, "date": 0.70}


def test_baseline_update_accepts_new_data_hash_without_regression(tmp_path: Path) -> None:
    data = _baseline({"location": 0.57})
    changes = gate.update(_report({"location": 0.58}, digest="new"), data, tmp_path)
    assert data["entries"]["incidents/toy"]["data_sha256"] == "new"
    assert any("sha256" in c for c in changes)
    with pytest.raises(ConfigError, match="--limit"):
        gate.update(_report({"location": 0.58}, limit=3), data, tmp_path)


def test_baseline_load_rejects_a_file_that_is_not_a_baseline(tmp_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ConfigError, match="entries"):
        gate.load(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a readable baseline"):
        gate.load(bad)


def test_baseline_committed_file_is_complete() -> None:
    data = gate.load(REPO / "eval" / "baseline.json")
    assert data["epsilon"] == gate.EPSILON and data["entries"]
    for key, entry in data["entries"].items():
        kind, _, name = key.partition("/")
        assert kind in gate.GATED and name, key
        assert entry["command"].startswith(f"eventledger eval {kind} ") and entry["command"].endswith("--check")
        assert len(entry["data_sha256"]) == 64 and entry["floors"], key
        for figure, floor in entry["floors"].items():
            # A floor sits at or under what was measured when it was recorded.
            assert floor <= entry["measured"][figure] + 1e-9, (key, figure)
        for figure, ceiling in entry.get("ceilings", {}).items():
            assert ceiling >= entry["measured"][figure] - 1e-9, (key, figure)
