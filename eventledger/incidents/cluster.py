"""Clustering scored pairs into incidents, deterministically and cautiously.

Pairs are taken best first (ties by event ids, so the input order never matters). Two clusters
join when the pair reaches the threshold, no pair across them is vetoed, they share no document
(one report never gives one incident twice: the extractor kept its events apart), and the pairs
compared across them score ``cluster.min_average`` on average, so a chain of near misses does not
glue unrelated reports together.

Incident ids: a cluster holding events of existing incidents keeps the id of the one with most
of its events (ties: the smallest id), so an incident keeps its id when a new report joins it; a
new cluster's id is a content hash of its smallest event id, the same whatever order the events
came in and on every re-run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.ids import content_id
from .features import EventView, PairScore
from .model import MergeModel

VETO = -1.0  # the score recorded for a vetoed pair


class PairTable:
    """Every scored pair in little memory: a float per pair (``VETO`` when a veto forbids it), and
    the full evidence only for the pairs good enough to join or explain a cluster (score at
    least ``keep``). At 100,000 events there are millions of candidate pairs."""

    def __init__(self, n: int, keep: float) -> None:
        self.n, self.keep = n, keep
        self.scores: dict[int, float] = {}
        self.kept: dict[int, PairScore] = {}

    def add(self, i: int, j: int, pair: PairScore) -> None:
        """Record the pair ``(i, j)``, ``i < j``."""
        key = i * self.n + j
        if pair.veto is not None:
            self.scores[key] = VETO
            return
        self.scores[key] = pair.score
        if pair.score >= self.keep:
            self.kept[key] = pair

    def has(self, i: int, j: int) -> bool:
        """Whether the pair ``(i, j)``, ``i < j``, was recorded."""
        return i * self.n + j in self.scores

    def score(self, i: int, j: int) -> float | None:
        """The pair's score (``VETO`` if vetoed), None when it was not compared."""
        return self.scores.get(i * self.n + j if i < j else j * self.n + i)

    def pair(self, i: int, j: int) -> PairScore | None:
        """The pair's evidence, when it was kept."""
        return self.kept.get(i * self.n + j if i < j else j * self.n + i)

    def joinable(self, threshold: float) -> list[tuple[float, int, int]]:
        """(score, i, j) of the pairs that may join two clusters."""
        return [(p.score, key // self.n, key % self.n) for key, p in self.kept.items() if p.score >= threshold]

    def __len__(self) -> int:
        return len(self.scores)


def incident_id_for(event_ids: Sequence[str]) -> str:
    """The id of a new incident: a content hash of its smallest event id."""
    return content_id("incident", min(event_ids), prefix="inc-")


@dataclass(slots=True)
class Edge:
    """A pair that joined two clusters: the evidence the store keeps."""

    a: str
    b: str
    score: float
    features: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"events": [self.a, self.b], "score": round(self.score, 4), "features": self.features}


@dataclass(slots=True)
class Cluster:
    """One incident: its events (as indexes into the views) and the edges that made it."""

    incident_id: str
    members: list[int]
    edges: list[Edge] = field(default_factory=list)
    previous_ids: list[str] = field(default_factory=list)  # existing incident ids it absorbed


class _Clusters:
    """Union-find over event indexes that keeps each root's members and documents."""

    def __init__(self, views: Sequence[EventView]) -> None:
        self.parent = list(range(len(views)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(views))}
        self.docs: dict[int, set[str]] = {i: {v.doc_id} for i, v in enumerate(views)}
        self.edges: dict[int, list[Edge]] = {i: [] for i in range(len(views))}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:  # path compression
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, ra: int, rb: int, edge: Edge | None) -> int:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.docs[ra] |= self.docs.pop(rb)
        self.edges[ra].extend(self.edges.pop(rb))
        if edge is not None:
            self.edges[ra].append(edge)
        return ra


def cluster(views: Sequence[EventView], scores: PairTable, model: MergeModel,
            existing: Mapping[int, str] | None = None) -> list[Cluster]:
    """Group events into incidents.

    Args:
        views: every event considered (indexes are positions in this list).
        scores: the scored candidate pairs.
        model: thresholds.
        existing: event index -> its current incident id; events of one existing incident start
            in one cluster (an incremental merge never splits an incident).

    Returns:
        Every cluster, singletons included, sorted by incident id.
    """
    state = _Clusters(views)
    existing = dict(existing or {})
    first_of: dict[str, int] = {}
    for i in sorted(existing, key=lambda k: views[k].event_id):
        inc = existing[i]
        if inc in first_of:
            ra, rb = state.find(first_of[inc]), state.find(i)
            if ra != rb:
                state.union(ra, rb, None)
        else:
            first_of[inc] = i
    # Two reports are first taken to be about their main events: pairs of main events come
    # first, then pairs with one, then the rest, each tier best first (a report that repeats its
    # incident in a side event would otherwise pair crosswise with the other report's side event
    # and split one incident in two). Equal scores (to 3 decimals): the more confident events
    # first; event ids last, so the input order never matters.
    ranked = sorted(scores.joinable(model.threshold),
                    key=lambda t: (-(views[t[1]].main + views[t[2]].main), -round(t[0], 3),
                                   -(views[t[1]].confidence + views[t[2]].confidence),
                                   views[t[1]].event_id, views[t[2]].event_id))
    for _, i, j in ranked:
        ra, rb = state.find(i), state.find(j)
        if ra == rb or state.docs[ra] & state.docs[rb]:
            continue
        if not _agree(state.members[ra], state.members[rb], scores, model):
            continue
        pair = scores.pair(i, j)
        assert pair is not None
        state.union(ra, rb, Edge(views[i].event_id, views[j].event_id, pair.score, pair.explain()))
    out = []
    for root, members in state.members.items():
        members.sort(key=lambda k: views[k].event_id)
        ids = [existing[k] for k in members if k in existing]
        counts: dict[str, int] = {}
        for inc in ids:
            counts[inc] = counts.get(inc, 0) + 1
        if counts:
            keep = min(counts, key=lambda inc: (-counts[inc], inc))
        else:
            keep = incident_id_for([views[k].event_id for k in members])
        edges = sorted(state.edges[root], key=lambda e: (e.a, e.b))
        out.append(Cluster(keep, members, edges, sorted(set(ids) - {keep})))
    out.sort(key=lambda c: c.incident_id)
    return out


def _agree(left: Sequence[int], right: Sequence[int], scores: PairTable, model: MergeModel) -> bool:
    """No vetoed pair across the two clusters, and the compared pairs' mean score is high enough."""
    total, n = 0.0, 0
    for x in left:
        for y in right:
            score = scores.score(x, y)
            if score is None:
                continue
            if score == VETO:
                return False
            total += score
            n += 1
    return n > 0 and total / n >= model.min_average
