"""Cross-source incident merging: ../shared/tools/score_merge.py, and ``eval incidents-merge``.

Gold groups: documents whose first gold event has the same date, first location name and cause
report one incident (documents without a gold date are left out). A document's predicted
incident is the ``incident_id`` of its most confident material event; a document without one is
a singleton. B-cubed and pairwise precision/recall/F1 over the gold documents.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..settings import Settings
from .report import EvalReport, Miss, doc_sources, read_jsonl

#: The evaluation that merges the pipeline's events into incidents before scoring them.
MERGED_KIND = "incidents-merge"


def _best_events(records: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    """Source id -> its most confident material event; the first one wins a tie (score_merge.main)."""
    src = doc_sources(records, fallback_to_doc_id=False)
    best: dict[Any, dict[str, Any]] = {}
    for r in records:
        if r.get("record") == "event" and r.get("event_type"):
            sid = src.get(r.get("doc_id"), r.get("doc_id"))
            if sid not in best or (r.get("confidence") or 0) > (best[sid].get("confidence") or 0):
                best[sid] = r
    return best


def score_merge(gold: list[dict[str, Any]], records: list[dict[str, Any]], name: str) -> EvalReport:
    """B-cubed and pairwise figures of the export's incident ids against gold groups (score_merge.main)."""
    best = _best_events(records)
    gkey: dict[str, tuple[Any, ...]] = {}
    pkey: dict[str, Any] = {}
    for g in gold:
        ev = (g.get("events") or [{}])[0]
        names = (ev.get("location") or {}).get("names") or [None]
        if not ev.get("date"):
            continue
        gkey[g["id"]] = (ev.get("date"), names[0], ev.get("cause"))
        p = best.get(g["id"])
        pkey[g["id"]] = p["incident_id"] if p and p.get("incident_id") else ("single", g["id"])
    docs = list(gkey)
    gcl: dict[Any, set[str]] = defaultdict(set)
    pcl: dict[Any, set[str]] = defaultdict(set)
    for d in docs:
        gcl[gkey[d]].add(d)
        pcl[pkey[d]].add(d)
    p_sum = r_sum = 0.0
    for d in docs:
        G, P = gcl[gkey[d]], pcl[pkey[d]]
        inter = len(G & P)
        p_sum += inter / len(P)
        r_sum += inter / len(G)
    # The shared scorer divides by the number of documents unguarded; an empty set scores 0 here.
    b3p, b3r = (p_sum / len(docs), r_sum / len(docs)) if docs else (0.0, 0.0)
    b3f = 2 * b3p * b3r / (b3p + b3r) if b3p + b3r else 0.0
    gp = {frozenset(x) for c in gcl.values() for x in combinations(sorted(c), 2)}
    pp = {frozenset(x) for c in pcl.values() for x in combinations(sorted(c), 2)}
    tp = len(gp & pp)
    pr = tp / len(pp) if pp else 1.0  # no predicted pair: precision 1, as the shared scorer has it
    rc = tp / len(gp) if gp else 1.0
    pf = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    misses = [Miss("wrong merge", " + ".join(sorted(pair)), [gkey[d] for d in sorted(pair)], None)
              for pair in sorted(pp - gp, key=sorted)]
    misses += [Miss("missed merge", " + ".join(sorted(pair)), [gkey[d] for d in sorted(pair)], None)
               for pair in sorted(gp - pp, key=sorted)]
    multi = sum(1 for c in gcl.values() if len(c) > 1)
    figures: dict[str, float | None] = {"b3P": b3p, "b3R": b3r, "b3F1": b3f, "pairP": pr, "pairR": rc, "pairF1": pf}
    summary = (f"merge b3P={b3p:.3f} b3R={b3r:.3f} b3F1={b3f:.3f} pairP={pr:.3f} pairR={rc:.3f} pairF1={pf:.3f} "
               f"(docs {len(docs)}, gold groups >1: {multi}, gold pairs {len(gp)}, predicted pairs {len(pp)})")
    info = {"docs": len(docs), "gold_groups_multi": multi, "gold_pairs": len(gp), "predicted_pairs": len(pp)}
    counts = {"pairP": (tp, len(pp)), "pairR": (tp, len(gp))}
    return EvalReport("merge", name, figures, summary, counts=counts, misses=misses, info=info)


def merge_across_documents(records: list[dict[str, Any]], settings: Settings | None) -> list[dict[str, Any]]:
    """The records merged into incidents as ``eventledger process`` merges a run, with the merge
    model the ``incidents.model`` setting names."""
    from ..incidents import kb_relations, merge_records
    from ..incidents.store import model_from_settings

    return merge_records(records, model=model_from_settings(settings), related=kb_relations())


def evaluate_merged(kinds: Sequence[str], path: Path, *, settings: Settings, pipeline: Any = None,
                    limit: int | None = None, export: Path | None = None,
                    records: list[dict[str, Any]] | None = None) -> list[EvalReport]:
    """``eventledger eval incidents-merge``: the pipeline over a set, then cross-source merging
    (eventledger.incidents, the model ``incidents.model`` names), scored as score_merge.py does.

    The same arguments as runner.evaluate_many. ``records``: merge and score this export instead
    of processing the set (its incident ids are recomputed, so the merge model can be tuned on
    one export without processing again).

    Raises:
        ConfigError: another kind than ``incidents-merge``, or a bad merge model.
        InputError: the set cannot be read.
    """
    from .runner import Processed, data_sha256, process, set_files, set_name, write_export

    if list(kinds) != [MERGED_KIND]:
        raise ConfigError(f"evaluate_merged scores {MERGED_KIND} only, not {', '.join(kinds)}")
    _, gold_path = set_files(path)
    if records is not None:
        if limit is not None:
            raise ConfigError("--limit applies to processing; an export given to score is scored whole")
        processed = Processed(records=records)
    else:
        processed = process("incidents", path, settings=settings, pipeline=pipeline, limit=limit)
    started = time.perf_counter()
    merged = merge_across_documents(processed.records, settings)
    merge_seconds = time.perf_counter() - started
    if export is not None:
        write_export(merged, export)
    gold = read_jsonl(gold_path)
    if processed.ids is not None:
        keep = set(processed.ids)
        gold = [g for g in gold if g.get("id") in keep]
    report = score_merge(gold, merged, set_name(MERGED_KIND, path))
    report.kind = MERGED_KIND
    report.failures = list(processed.failures)
    report.seconds = processed.seconds + merge_seconds
    report.data_sha256 = data_sha256(MERGED_KIND, path)
    report.info.update({"limit": limit, "merge_seconds": round(merge_seconds, 3),
                        "incidents": sum(1 for r in merged if r.get("record") == "incident")})
    return [report]
