"""The regression gate: the real pipeline on every dev set in eval/baseline.json, no figure under its floor.

Select it alone with ``pytest -m eval_gate`` (about two minutes: fakes-dev, geovirus and wikiwars
take some 30-45 s each, the others a few seconds); leave it out with ``-m "not eval_gate"``. Skips
a set whose data is absent (../shared is not part of a user's clone).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from eventledger.evaluation import baseline as gate
from eventledger.evaluation.runner import KINDS, evaluate_many

REPO = Path(__file__).resolve().parents[2]
BASELINE = gate.load(REPO / "eval" / "baseline.json")


def _sets() -> dict[str, list[str]]:
    """Data path (as the baseline records it) -> the scorers gated on it, in KINDS order."""
    found: dict[str, list[str]] = defaultdict(list)
    for key, entry in BASELINE["entries"].items():
        found[entry["data"]].append(key.partition("/")[0])
    return {data: sorted(kinds, key=KINDS.index) for data, kinds in found.items()}


SETS = _sets()

pytestmark = [pytest.mark.eval_gate, pytest.mark.model, pytest.mark.shared]


@pytest.mark.parametrize("data", sorted(SETS))
def test_eval_gate_figures_hold_their_floors(data: str, pipeline: Any, base_settings: Any) -> None:
    path = (REPO / data).resolve()
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared evaluation data is not part of a user's clone)")
    reports = evaluate_many(SETS[data], path, settings=base_settings, pipeline=pipeline)
    problems: list[str] = []
    for report in reports:
        problems += gate.check(report, BASELINE).problems
    failures = reports[0].failures
    detail = f"\n{len(failures)} input(s) failed, e.g. {failures[:3]}" if failures else ""
    summaries = "\n".join(r.summary for r in reports)
    assert not problems, ("\n".join(problems) + f"\nnow: {summaries}{detail}\n"
                          "If the change is intended, run the entry's command with --update-baseline "
                          "(see eval/README.md).")
