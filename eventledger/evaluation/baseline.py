"""The regression gate: floors per evaluation and figure in ``eval/baseline.json`` (trafilatura's eval gate).

Each entry (``kind/name``, e.g. ``incidents/fakes-dev``) records the command that reproduces it,
the SHA-256 of the data it was measured on, the figures measured, and the gated figures' floors
(``floors``: higher is better) or ceilings (``ceilings``: lower is better, e.g. geo AUC). A check
fails when a figure falls more than ``EPSILON`` below its floor (or above its ceiling), when a
gated figure is no longer measured, or when the data's hash differs: a changed data set is a
clear failure, never a silent pass. An update raises floors to just under the new figures and
refuses to lower any unless ``allow_regression`` is given.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .report import LOWER_IS_BETTER, EvalReport

EPSILON = 0.005
# A new floor sits this far under today's figure (then rounded down to two decimals), so that
# noise-free code changes that move a figure by a document or two do not trip the gate.
MARGIN = 0.01

# Figures gated by default for a new entry. Diagnostics the shared scorers label as such and
# figures a correct improvement must be free to lower are reported, not gated: incidents'
# type_pair and date_exact (FA-KES's own date; tuning to it means outputting the dateline),
# merge precision (any real merging lowers it from a trivial 1.0), P/R apart from their F1.
GATED: dict[str, tuple[str, ...]] = {
    "incidents": ("coverage", "event_type", "sub_event_type", "date", "date_pm1", "country", "location",
                  "fatalities", "fatalities_20pct", "civilians", "fatalities_sum", "fatalities_sum_20pct",
                  "captured", "actor", "mean"),
    "merge": ("b3F1", "pairF1"),
    "plover": ("top", "any", "source"),
    "timex": ("relaxedF1", "strictF1", "valueF1"),
    "geo": ("F1", "acc161", "acc161all", "AUC"),
    "gold": ("precision", "recall", "f1", "fields", "statements", "doc_boilerplate_removed", "doc_embeds_found",
             "doc_embeds_out_of_text"),
}

ABOUT = ("Regression floors of `eventledger eval` (see eval/README.md). Per entry: the command that "
         "reproduces it, the SHA-256 of its data (docs.jsonl then gold.jsonl; a gold file, then its article "
         "and the article's .meta.json), the figures measured, and floors (higher is better) or ceilings "
         "(lower is better) of the gated figures. A figure more than `epsilon` past its floor fails the "
         "gate; `--update-baseline` only raises floors unless `--allow-regression` is given.")


def default_path() -> Path:
    """``eval/baseline.json`` of the source checkout this package lives in."""
    return Path(__file__).resolve().parents[2] / "eval" / "baseline.json"


def load(path: Path) -> dict[str, Any]:
    """The baseline file's content; an empty baseline when the file does not exist yet.

    Raises:
        ConfigError: the file exists but is not a baseline.
    """
    if not path.exists():
        return {"about": ABOUT, "epsilon": EPSILON, "entries": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable baseline ({exc}); restore it from version control") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        raise ConfigError(f"{path}: a baseline is a JSON object with an 'entries' object; restore it")
    return data


def save(data: dict[str, Any], path: Path) -> None:
    """Write the baseline with entries in sorted order (stable diffs)."""
    data = dict(data)
    data["entries"] = dict(sorted(data["entries"].items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def proposed_floor(value: float) -> float:
    """A floor a little under ``value``: value - MARGIN, rounded down to two decimals, at least 0."""
    return max(0.0, math.floor(round((value - MARGIN) * 100, 6)) / 100)


def proposed_ceiling(value: float) -> float:
    """A ceiling a little over ``value``: value + MARGIN, rounded up to two decimals."""
    return math.ceil(round((value + MARGIN) * 100, 6)) / 100


@dataclass(slots=True)
class CheckResult:
    """Outcome of comparing one report with its baseline entry."""

    key: str
    problems: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check(report: EvalReport, baseline: dict[str, Any]) -> CheckResult:
    """Compare a report with its entry: every gated figure, and the data's hash."""
    result = CheckResult(report.key)
    entry = baseline["entries"].get(report.key)
    eps = float(baseline.get("epsilon", EPSILON))
    if entry is None:
        result.problems.append(f"{report.key}: no floors in the baseline; record them with --update-baseline")
        return result
    if report.info.get("limit") is not None:
        result.problems.append(f"{report.key}: measured on the first {report.info['limit']} documents only; "
                               f"floors are for the whole set (drop --limit to check)")
        return result
    if entry.get("data_sha256") and report.data_sha256 != entry["data_sha256"]:
        result.problems.append(
            f"{report.key}: the data changed (sha256 {str(report.data_sha256)[:12]}…, baseline "
            f"{entry['data_sha256'][:12]}…); the floors were measured on other data. If the change is "
            f"intended, re-measure and record it with --update-baseline")
    for kind, sign in (("floors", 1), ("ceilings", -1)):
        for figure, bound in (entry.get(kind) or {}).items():
            result.checked += 1
            value = report.figures.get(figure)
            if value is None:
                result.problems.append(f"{report.key} {figure}: no longer measured (baseline {kind[:-1]} {bound})")
            elif sign * (value - bound) < -eps:
                word = "below its floor" if sign == 1 else "above its ceiling"
                result.problems.append(f"{report.key} {figure}: {value:.4f} is {word} {bound} "
                                       f"(by {abs(value - bound):.4f}, tolerance {eps})")
    return result


def data_path(path: Path, root: Path | None = None) -> str:
    """A data path as the baseline records it: relative to the checkout (``../shared/eval/x``)."""
    root = root or default_path().parents[1]
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return str(path)


def command_for(report: EvalReport, path: Path, root: Path | None = None) -> str:
    """The command that reproduces a report and checks it against its floors."""
    return f"eventledger eval {report.kind} {data_path(path, root)} --check"


def update(report: EvalReport, baseline: dict[str, Any], path: Path, *, allow_regression: bool = False,
           today: date | None = None) -> list[str]:
    """Record a report in the baseline (in memory): raise floors, never lower them unless allowed.

    Returns what changed, one line per figure. Raises ConfigError (naming every figure) when the
    report is a regression and ``allow_regression`` is false, or when it was a ``--limit`` run.
    """
    if report.info.get("limit") is not None:
        raise ConfigError(f"{report.key}: a --limit run cannot set floors for the whole set; drop --limit")
    old = baseline["entries"].get(report.key)
    if old is not None and not allow_regression:
        verdict = check(report, baseline)
        lowered = [p for p in verdict.problems if "data changed" not in p]
        if lowered:
            raise ConfigError("refusing to lower floors (pass --allow-regression to accept):\n  "
                              + "\n  ".join(lowered))
    # An entry keeps the figures it gates (edit the file to gate more or fewer); a new one gets GATED's.
    gated = [*(old or {}).get("floors", {}), *(old or {}).get("ceilings", {})] or list(GATED.get(report.kind, ()))
    floors: dict[str, float] = {}
    ceilings: dict[str, float] = {}
    changes: list[str] = []
    for figure in gated:
        value = report.figures.get(figure)
        if value is None:
            continue
        if figure in LOWER_IS_BETTER:
            new = proposed_ceiling(value)
            before = (old or {}).get("ceilings", {}).get(figure)
            ceilings[figure] = new if before is None or allow_regression else min(before, new)
            if before != ceilings[figure]:
                changes.append(f"{report.key} {figure}: ceiling {before} -> {ceilings[figure]}")
        else:
            new = proposed_floor(value)
            before = (old or {}).get("floors", {}).get(figure)
            floors[figure] = new if before is None or allow_regression else max(before, new)
            if before != floors[figure]:
                changes.append(f"{report.key} {figure}: floor {before} -> {floors[figure]}")
    if old is not None and old.get("data_sha256") != report.data_sha256:
        changes.append(f"{report.key}: data sha256 recorded anew ({str(report.data_sha256)[:12]}…)")
    entry = {"command": command_for(report, path), "data": data_path(path), "data_sha256": report.data_sha256,
             "measured_on": (today or date.today()).isoformat(),
             "measured": {k: round(v, 4) for k, v in report.figures.items() if v is not None},
             "floors": floors}
    if ceilings:
        entry["ceilings"] = ceilings
    baseline["entries"][report.key] = entry
    baseline.setdefault("about", ABOUT)
    baseline.setdefault("epsilon", EPSILON)
    return changes
