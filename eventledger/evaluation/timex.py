"""Time expressions against TIMEX3 gold (WikiWars): the ``timex`` task of ../shared/tools/score_mentions.py.

TempEval-3 Task A as its official scorer computes it: a system and a gold timex match when
their extents overlap (one-to-one, greedily by overlap length); relaxed P/R/F1 over matches,
strict over matches with identical text; value F1 = (matched pairs with the identical value /
matched pairs) x relaxed F1. The system value is the mention's ``value.timex3`` when it is a
string, else ``value.value``. ``ceiling``: the share of gold values the contract's date record
can express at all.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .align import ExportDoc, is_kind, mapped_items, span_pairs
from .report import EvalReport, Miss, prf

CONTRACT_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?|-W[0-9]{2})?$")


def timex3_value(value: Any) -> str | None:
    """The TIMEX3 value a contract time value stands for (score_mentions.timex3_value)."""
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("timex3"), str):
        return value["timex3"]
    return value.get("value") if isinstance(value.get("value"), str) else None


def _fmt(x: float | None) -> str:
    """Two decimals, None as n/a (score_mentions.fmt)."""
    return "n/a" if x is None else f"{x:.2f}"


def score_timex(gold: dict[str, dict[str, Any]], texts: dict[str, str], export: dict[str, list[ExportDoc]],
                name: str) -> EvalReport:
    """TempEval-3 style figures of the export's time mentions (score_mentions.score_timex)."""
    t: Counter[str] = Counter()
    misses: list[Miss] = []
    notes: list[str] = []
    by_type: Counter[tuple[Any, str]] = Counter()
    for gid, g in gold.items():
        golds, text = g["timexes"], texts.get(gid, "")
        preds = mapped_items(export.get(gid, []), text, is_kind("time"))
        pairs = span_pairs(golds, preds)
        t["gold"] += len(golds)
        t["pred"] += len(preds)
        t["unplaced"] += sum(p["start"] is None for p in preds)
        t["ceiling"] += sum(bool(CONTRACT_DATE.match(x.get("value") or "")) for x in golds)
        for gi, x in enumerate(golds):
            by_type[(x.get("type"), "gold")] += 1
            if gi not in pairs:
                misses.append(Miss("miss", f"{gid} [{x['start']}:{x['end']}]", (x["text"], x.get("value")), None))
                continue
            p = preds[pairs[gi]]
            strict = p["text"].strip() == x["text"].strip()
            pv = timex3_value(p["record"].get("value"))
            ok = pv == x.get("value")
            t["relaxed"] += 1
            t["strict"] += strict
            t["value"] += ok
            by_type[(x.get("type"), "matched")] += 1
            by_type[(x.get("type"), "value")] += ok
            if not ok:
                misses.append(Miss("value", gid, (x["text"], x.get("value")), (p["text"], pv)))
            if not strict:
                misses.append(Miss("extent", gid, x["text"], p["text"]))
        used = set(pairs.values())
        misses += [Miss("extra", gid, None, (p["text"], timex3_value(p["record"].get("value")), p["how"]))
                   for pi, p in enumerate(preds) if pi not in used]
    rp, rr, rf = prf(t["relaxed"], t["pred"], t["relaxed"], t["gold"])
    sp, sr, sf = prf(t["strict"], t["pred"], t["strict"], t["gold"])
    acc = t["value"] / t["relaxed"] if t["relaxed"] else 0.0
    for kind in sorted({k for k, _ in by_type}, key=str):
        notes.append(f"type {kind}: gold {by_type[(kind, 'gold')]}, recognised {by_type[(kind, 'matched')]}, "
                     f"value right {by_type[(kind, 'value')]}")
    figures: dict[str, float | None] = {
        "relaxedF1": rf, "strictF1": sf, "valueF1": acc * rf, "relaxedP": rp, "relaxedR": rr,
        "strictP": sp, "strictR": sr, "valueAcc": acc, "ceiling": t["ceiling"] / t["gold"] if t["gold"] else 0.0}
    counts = {"relaxedP": (t["relaxed"], t["pred"]), "relaxedR": (t["relaxed"], t["gold"]),
              "strictP": (t["strict"], t["pred"]), "strictR": (t["strict"], t["gold"]),
              "valueAcc": (t["value"], t["relaxed"]), "ceiling": (t["ceiling"], t["gold"])}
    summary = (f"timex relaxedF1={_fmt(rf)} strictF1={_fmt(sf)} valueF1={_fmt(acc * rf)} "
               f"(P={_fmt(rp)} R={_fmt(rr)} valueAcc={_fmt(acc)} "
               f"ceiling={_fmt(figures['ceiling'])}; gold {t['gold']}, pred {t['pred']})")
    info = {"gold": t["gold"], "pred": t["pred"], "unplaced": t["unplaced"]}
    return EvalReport("timex", name, figures, summary, counts=counts, misses=misses, notes=notes, info=info)
