"""PLOVER event typing on single sentences: ../shared/tools/score_plover.py.

``top``: the most confident event's ``plover.type`` is the gold type; ``any``: some event of the
sentence has it; ``source``: the most confident event's first initiator has a country among the
gold source codes (only sentences whose gold codes include a three-letter country code).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..errors import InputError
from .report import EvalReport, Miss, doc_sources


def score_plover(gold: list[dict[str, Any]], records: list[dict[str, Any]], name: str) -> EvalReport:
    """Top / any / source figures of an export against PLOVER gold sentences (score_plover.main).

    Raises:
        InputError: the gold has no sentence (the shared scorer divides by zero there).
    """
    if not gold:
        raise InputError(f"{name}: the PLOVER gold has no sentence to score; give the set's gold.jsonl")
    src = doc_sources(records, fallback_to_doc_id=False)
    evs: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if r.get("record") == "event":  # every event, verbal ones included (event_type may be null)
            evs[src.get(r.get("doc_id"), r.get("doc_id"))].append(r)
    top = anyhit = srcn = srcd = 0
    conf: Counter[tuple[Any, Any]] = Counter()
    misses: list[Miss] = []
    for g in gold:
        cands = sorted(evs.get(g["id"], []), key=lambda e: -(e.get("confidence") or 0))
        types = [(e.get("plover") or {}).get("type") for e in cands]
        t0 = types[0] if types else None
        top += t0 == g["plover"]
        anyhit += g["plover"] in types
        conf[(g["plover"], t0)] += 1
        if t0 != g["plover"]:
            misses.append(Miss("top", g["id"], g["plover"], t0))
        codes = {a["code"] for a in g["source"] if a.get("code") and len(a["code"]) == 3 and a["code"].isalpha()}
        if codes:
            srcd += 1
            if cands:
                init = [a for a in cands[0].get("actors") or [] if a.get("role") == "initiator"]
                ok = bool(init) and init[0].get("country") in codes
                srcn += ok
                if not ok:
                    misses.append(Miss("source", g["id"], sorted(codes), init[0].get("country") if init else None))
            else:
                misses.append(Miss("source", g["id"], sorted(codes), None))
    n = len(gold)
    notes = [f"confusion gold {g} -> {p}: {c}" for (g, p), c in conf.most_common(12) if g != p]
    figures: dict[str, float | None] = {"top": top / n, "any": anyhit / n, "source": srcn / max(srcd, 1)}
    counts = {"top": (top, n), "any": (anyhit, n), "source": (srcn, srcd)}
    summary = (f"plover top={figures['top']:.2f} any={figures['any']:.2f} source={figures['source']:.2f} "
               f"({n} sentences)")
    return EvalReport("plover", name, figures, summary, counts=counts, misses=misses, notes=notes,
                      info={"sentences": n})
