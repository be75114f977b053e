"""Incident records (the contract's ``incident``) from clustered event records.

An incident says what its reports agree on (type, the most precise date and place) and keeps
what they do not agree on side by side: one claim per report with its own fatalities and injuries,
its publication date and who it attributes the figures to (a ministry, a monitor, or the outlet
itself). A later report from the same source (the same attributed body, or the same outlet in its
own voice) revises that source's earlier claim: the earlier one is marked ``revised_by`` and the
incident's ranges run over the claims in force.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .cluster import Cluster, Edge
from .model import DATE_PRECISIONS, PLACE_PRECISIONS, MergeModel
from .text import fold

_LOCATION_KEYS = ("name", "country", "admin1", "lat", "lon", "geonames_id", "precision")
_PLACE_RANK = {p: i for i, p in enumerate(PLACE_PRECISIONS)}
_DATE_RANK = {p: i for i, p in enumerate(DATE_PRECISIONS)}


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def attribution_kind(attributed: Mapping[str, Any] | None, model: MergeModel) -> str:
    """What kind of source a claim rests on: ``outlet`` (its own voice) or a kind of the model's list."""
    name = _dict(attributed).get("name")
    if not isinstance(name, str) or not name.strip():
        return "outlet"
    folded = f" {fold(name)} "
    for kind, words in model.attribution_kinds:
        if any(f" {w} " in folded for w in words):
            return kind
    return "other"


def source_key(claim: Mapping[str, Any]) -> str:
    """Whose figure a claim is: the attributed body (folded name), else the outlet (or document)."""
    name = _dict(claim.get("attributed_to")).get("name")
    if isinstance(name, str) and fold(name):
        return "by:" + re.sub(r"^the ", "", fold(name))
    outlet = claim.get("outlet")
    return "outlet:" + (fold(outlet) if isinstance(outlet, str) and fold(outlet) else str(claim.get("doc_id")))


def _figure(value: Any) -> dict[str, int | None]:
    d = _dict(value)
    return {k: _int(d.get(k)) for k in ("low", "high", "civilian_low", "civilian_high")}


def _has_figure(fig: Mapping[str, Any]) -> bool:
    return fig.get("low") is not None or fig.get("high") is not None


def figure_range(figures: Sequence[Mapping[str, Any]]) -> dict[str, int | None]:
    """The range a set of claims spans: the smallest low to the largest figure any claim gives
    (an open claim, "at least 25", reaches up with its low)."""
    out: dict[str, int | None] = {}
    for lo_key, hi_key in (("low", "high"), ("civilian_low", "civilian_high")):
        lows = [f[lo_key] for f in figures if f.get(lo_key) is not None]
        tops = [f[hi_key] if f.get(hi_key) is not None else f[lo_key] for f in figures
                if f.get(hi_key) is not None or f.get(lo_key) is not None]
        out[lo_key] = min(lows) if lows else None
        out[hi_key] = max(tops) if tops else None
    return out


def _claims(events: Sequence[Mapping[str, Any]], documents: Mapping[str, Mapping[str, Any]],
            model: MergeModel) -> list[dict[str, Any]]:
    """One claim per report, oldest first; a source's later figure revises its earlier ones."""
    claims = []
    for ev in events:
        doc = _dict(documents.get(str(ev.get("doc_id"))))
        claims.append({
            "doc_id": ev.get("doc_id"), "event_id": ev.get("event_id"),
            "published": doc.get("published") if isinstance(doc.get("published"), str) else None,
            "outlet": doc.get("outlet") if isinstance(doc.get("outlet"), str) else None,
            "fatalities": _figure(ev.get("fatalities")), "injuries": _figure(ev.get("injuries")),
            "attributed_to": ({"name": _dict(ev.get("attributed_to")).get("name")}
                              if _dict(ev.get("attributed_to")).get("name") else None),
            "attribution": attribution_kind(_dict(ev.get("attributed_to")), model),
        })
    # Undated reports sort last: they cannot revise anything.
    claims.sort(key=lambda c: (c["published"] is None, c["published"] or "", str(c["doc_id"]), str(c["event_id"])))
    # Per source, the claims of its latest day stay in force; each earlier one is revised by the
    # source's next later claim (the same day twice, e.g. one wire story in two outlets, is no revision).
    by_source: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        if (_has_figure(claim["fatalities"]) or _has_figure(claim["injuries"])) and claim["published"] is not None:
            by_source.setdefault(source_key(claim), []).append(claim)
    for group in by_source.values():
        for claim in group:
            later = next((c for c in group if c["published"] > claim["published"]), None)
            if later is not None:
                claim["revised_by"] = later["event_id"]
    return claims


def _majority(values: Sequence[Any], weights: Sequence[float]) -> Any:
    """The value with the largest total weight (ties: the smallest value as a string)."""
    totals: dict[Any, float] = {}
    for v, w in zip(values, weights, strict=True):
        totals[v] = totals.get(v, 0.0) + w
    return min(totals, key=lambda v: (-totals[v], str(v))) if totals else None


def _date(events: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The most precise date the reports give (the most reported value among those)."""
    dated = [_dict(e.get("date")) for e in events if _dict(e.get("date")).get("value")]
    if not dated:
        return None
    finest = min(_DATE_RANK.get(str(d.get("precision")), len(_DATE_RANK)) for d in dated)
    best = [d for d in dated if _DATE_RANK.get(str(d.get("precision")), len(_DATE_RANK)) == finest]
    value = Counter(str(d["value"]) for d in best).most_common()
    top = min((v for v, n in value if n == value[0][1]))
    chosen = next(d for d in best if d["value"] == top)
    return {"value": chosen["value"], "precision": chosen.get("precision")}


def _location(events: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The most precise place the reports give (the most reported name among those)."""
    placed = [_dict(e.get("location")) for e in events if _dict(e.get("location")).get("country")]
    if not placed:
        return None
    finest = min(_PLACE_RANK.get(str(p.get("precision")), len(_PLACE_RANK)) for p in placed)
    best = [p for p in placed if _PLACE_RANK.get(str(p.get("precision")), len(_PLACE_RANK)) == finest]
    counts = Counter(str(p.get("name")) for p in best)
    name = min(counts, key=lambda n: (-counts[n], n))
    chosen = next(p for p in best if str(p.get("name")) == name)
    return {k: chosen.get(k) for k in _LOCATION_KEYS}


def _summary(events: Sequence[Mapping[str, Any]], claims: Sequence[Mapping[str, Any]],
             fatalities: Mapping[str, Any]) -> str | None:
    """The most confident report's summary, with how many sources tell it and the range of the toll."""
    ranked = sorted(events, key=lambda e: (-(e.get("confidence") or 0.0), str(e.get("event_id"))))
    head = next((e.get("summary") for e in ranked if isinstance(e.get("summary"), str)), None)
    if head is None:
        return None
    docs = len({c["doc_id"] for c in claims})
    if docs < 2:
        return head
    toll = ""
    lo, hi = fatalities.get("low"), fatalities.get("high")
    if lo is not None or hi is not None:
        toll = f"; killed: {lo if lo is not None else '?'}" + (f"–{hi}" if hi is not None and hi != lo else "")
    return f"{head} ({docs} sources{toll})"


def incident_record(cluster: Cluster, events: Sequence[Mapping[str, Any]],
                    documents: Mapping[str, Mapping[str, Any]], model: MergeModel,
                    extra_edges: Sequence[Edge | Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The contract ``incident`` record of one cluster.

    Args:
        cluster: the cluster (its id and the edges that joined it).
        events: its member event records.
        documents: doc_id -> document record (``published``, ``outlet``) for the claims.
        model: the merge model (attribution kinds).
        extra_edges: merge explanations kept from earlier merges (incremental runs).
    """
    claims = _claims(events, documents, model)
    in_force = [c for c in claims if "revised_by" not in c]
    fatalities = figure_range([c["fatalities"] for c in in_force])
    injuries = figure_range([c["injuries"] for c in in_force])
    weights = [float(e.get("confidence") or 0.0) + 1e-6 for e in events]
    sub = _majority([e.get("sub_event_type") for e in events], weights)
    etype = next((e.get("event_type") for e in events if e.get("sub_event_type") == sub), None) \
        if sub is not None else _majority([e.get("event_type") for e in events], weights)
    members = {str(e.get("event_id")) for e in events}
    merge: dict[tuple[str, str], dict[str, Any]] = {}
    for edge in [*extra_edges, *cluster.edges]:
        d = edge.to_dict() if isinstance(edge, Edge) else dict(edge)
        pair = tuple(d.get("events") or ())
        if len(pair) == 2 and set(pair) <= members:
            merge[(str(pair[0]), str(pair[1]))] = d
    return {
        "record": "incident", "incident_id": cluster.incident_id,
        "event_ids": [c["event_id"] for c in claims],
        "doc_ids": list(dict.fromkeys(c["doc_id"] for c in claims)),
        "sources": len({c["doc_id"] for c in claims}),
        "event_type": etype, "sub_event_type": sub,
        "date": _date(events), "location": _location(events),
        "fatalities": fatalities, "injuries": injuries,
        "claims": claims,
        "merge": [merge[k] for k in sorted(merge)],
        "summary": _summary(events, claims, fatalities),
    }
