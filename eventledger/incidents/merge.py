"""Merging event records into incidents: pure functions over lists of contract records.

``merge_events`` is the whole decision (blocking, pair scores, clustering, incident records),
with no store: the evaluation, the benchmark and the store path (:mod:`.store`) all call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .blocking import iter_candidate_pairs
from .build import incident_record
from .cluster import VETO, Cluster, PairTable, cluster
from .features import Related, score_pair, view
from .model import MergeModel, bundled_model


@dataclass(slots=True)
class MergeResult:
    """Incidents, the link of every event to its incident, and how much work it took."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    assignment: dict[str, str] = field(default_factory=dict)  # event_id -> incident_id
    absorbed: list[str] = field(default_factory=list)  # existing incident ids merged into others
    events: int = 0
    pairs_scored: int = 0
    pairs_merged: int = 0

    def stats(self) -> dict[str, int]:
        """Counts for a run summary or a benchmark line."""
        return {"events": self.events, "incidents": len(self.incidents), "pairs_scored": self.pairs_scored,
                "pairs_merged": self.pairs_merged,
                "multi_source": sum(1 for i in self.incidents if i.get("sources", 0) > 1)}


@cache
def kb_relations() -> Related:
    """``related(a, b)`` from the actor knowledge base: one is a member of the other, or both of one parent."""
    from ..knowledge.actors import load_actor_kb

    kb = load_actor_kb()

    @cache
    def lineage(actor_id: str) -> frozenset[str]:
        return frozenset(p.id for p in kb.parents(actor_id)) if actor_id in kb.actors else frozenset()

    def related(a: str, b: str) -> bool:
        pa, pb = lineage(a), lineage(b)
        return a in pb or b in pa or bool(pa & pb)

    return related


def _link(cl: Cluster, idx: int, views: Sequence[Any], scores: PairTable) -> dict[str, Any]:
    """An event's link to its incident: its best pair with another member (what tied it in)."""
    best: tuple[float, int] | None = None
    for other in cl.members:
        score = scores.score(idx, other) if other != idx else None
        if score is not None and score != VETO and (best is None or (score, -other) > (best[0], -best[1])):
            best = (score, other)
    me = views[idx]
    if best is None:
        return {"event_id": me.event_id, "incident_id": cl.incident_id, "score": None,
                "features": {"main": me.main, "members": len(cl.members)}}
    pair = scores.pair(idx, best[1])
    explained = pair.explain() if pair is not None else {}
    return {"event_id": me.event_id, "incident_id": cl.incident_id, "score": round(best[0], 4),
            "features": {**explained, "with": views[best[1]].event_id, "main": me.main,
                         "members": len(cl.members)}}


def merge_events(events: Iterable[Mapping[str, Any]], documents: Mapping[str, Mapping[str, Any]] | None = None, *,
                 model: MergeModel | None = None, related: Related | None = None,
                 existing: Mapping[str, str] | None = None,
                 existing_incidents: Mapping[str, Mapping[str, Any]] | None = None,
                 main: Mapping[str, bool] | None = None) -> MergeResult:
    """Group event records (from any number of documents) into incidents.

    Args:
        events: contract event records; an event id given twice counts once.
        documents: doc_id -> document record, for each claim's publication date and outlet.
        model: the merge model (default: the bundled one).
        related: actor relation test (default: none; :func:`kb_relations` uses the knowledge base).
        existing: event_id -> its current incident id (an incremental merge keeps those incidents
            whole and their ids).
        existing_incidents: incident_id -> its stored record, whose ``merge`` explanations are kept.
        main: event_id -> whether it is its document's main event, where decided before (the
            store path reads only part of an older document's events); others are decided here.

    Returns:
        Every incident (singletons too) with its links, sorted by incident id.
    """
    model = model or bundled_model()
    records: list[Mapping[str, Any]] = []
    seen: set[str] = set()
    for ev in events:
        eid = str(ev.get("event_id"))
        if eid not in seen:
            seen.add(eid)
            records.append(ev)
    records.sort(key=lambda r: str(r.get("event_id")))
    docs = documents or {}
    views = [view(r, i, model, docs.get(str(r.get("doc_id")), {}).get("published")) for i, r in enumerate(records)]
    mark_main(views, records, main or {})
    # Evidence is kept for the pairs that can join clusters or explain a member's link.
    scores = PairTable(len(views), keep=min(model.threshold, model.min_average))
    for i, j in iter_candidate_pairs(views, model):
        if not scores.has(i, j):
            scores.add(i, j, score_pair(views[i], views[j], model, related))
    index = {v.event_id: v.index for v in views}
    current = {index[e]: inc for e, inc in (existing or {}).items() if e in index}
    clusters = cluster(views, scores, model, current)
    result = MergeResult(events=len(views), pairs_scored=len(scores))
    for cl in clusters:
        members = [records[k] for k in cl.members]
        kept = [e for inc in [cl.incident_id, *cl.previous_ids]
                for e in (_kept_edges((existing_incidents or {}).get(inc)))]
        result.incidents.append(incident_record(cl, members, docs, model, kept))
        result.pairs_merged += len(cl.edges)
        result.absorbed.extend(cl.previous_ids)
        for k in cl.members:
            result.assignment[views[k].event_id] = cl.incident_id
            result.links.append(_link(cl, k, views, scores))
    return result


def mark_main(views: Sequence[Any], records: Sequence[Mapping[str, Any]], known: Mapping[str, bool]) -> None:
    """Flag each document's main event: its most confident material event (ties: the first in the
    text), the one a report is about, as the shared merge scorer reads a document's incident.
    ``known`` decides for the events it names (and their documents)."""
    decided = {v.doc_id for v in views if v.event_id in known}
    for v in views:
        v.main = bool(known.get(v.event_id, False))
    best: dict[str, int] = {}
    for v, r in zip(views, records, strict=True):
        if not r.get("event_type") or v.doc_id in decided:
            continue
        k = best.get(v.doc_id)
        if k is None or (-v.confidence, v.position, v.event_id) < (-views[k].confidence, views[k].position,
                                                                   views[k].event_id):
            best[v.doc_id] = v.index
    for k in best.values():
        views[k].main = True


def _kept_edges(incident: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    merge = incident.get("merge") if incident else None
    return [m for m in merge if isinstance(m, Mapping)] if isinstance(merge, list) else []


def merge_records(records: Sequence[Mapping[str, Any]], *, model: MergeModel | None = None,
                  related: Related | None = None) -> list[dict[str, Any]]:
    """An export with incidents: every event's ``incident_id`` set, incident records appended.

    ``records`` are contract records of any kinds (documents give the claims' dates and outlets);
    incident records already present are replaced.
    """
    documents = {str(r.get("doc_id")): r for r in records if r.get("record") == "document"}
    result = merge_events((r for r in records if r.get("record") == "event"), documents, model=model,
                          related=related)
    out: list[dict[str, Any]] = []
    for r in records:
        if r.get("record") == "incident":
            continue
        if r.get("record") == "event":
            r = {**r, "incident_id": result.assignment.get(str(r.get("event_id")), r.get("incident_id"))}
        out.append(dict(r))
    out.extend(result.incidents)
    return out
