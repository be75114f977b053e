"""Scoring against a hand-coded gold reading of one article: ../shared/tools/score_gold.py.

Events are matched greedily (best field score first) to gold events whose type they share and
with which they agree on an anchor (date, initiator or target); then per-field accuracy over the
matched required events, statement recall, and document checks (boilerplate removed, embeds).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from ..model.geo import great_circle_km
from .report import EvalReport, Miss


def interval(d: dict[str, Any] | None) -> tuple[date, date] | None:
    """A contract date record -> (first day, last day) of its interval (score_gold.interval)."""
    if not d or not d.get("value"):
        return None
    v = d["value"]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            x = date.fromisoformat(v)
            return x, x
        if re.fullmatch(r"\d{4}-W\d{2}", v):
            y, w = int(v[:4]), int(v[6:])
            first = date.fromisocalendar(y, w, 1)
            return first, first + timedelta(days=6)
        if re.fullmatch(r"\d{4}-\d{2}", v):
            y, m = int(v[:4]), int(v[5:])
            first = date(y, m, 1)
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        if re.fullmatch(r"\d{4}", v):
            return date(int(v), 1, 1), date(int(v), 12, 31)
    except ValueError:
        return None
    return None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle km on a sphere of diameter 12742 km (score_gold.km; the geo scorer's radius differs)."""
    return great_circle_km(lat1, lon1, lat2, lon2, radius=6371.0)


def actor_hit(pattern: str | None, actors: list[dict[str, Any]] | None, roles: tuple[str, ...]) -> bool | None:
    """Some actor in ``roles`` matches the gold pattern; None when gold has no pattern (score_gold.actor_hit)."""
    if pattern is None:
        return None
    rx = re.compile(pattern, re.I)
    for a in actors or []:
        if a.get("role") in roles:
            for key in ("name", "text"):
                if a.get(key) and rx.search(a[key]):
                    return True
    return False


def field_scores(g: dict[str, Any], p: dict[str, Any]) -> dict[str, bool]:
    """Per-field agreement of predicted event ``p`` with gold event ``g`` (score_gold.field_scores)."""
    s: dict[str, bool] = {}
    if g.get("sub_event_type"):
        s["sub_event_type"] = p.get("sub_event_type") in g["sub_event_type"]
    gd = g.get("date")
    if gd:
        iv = interval(p.get("date"))
        lo, hi = date.fromisoformat(gd["earliest"]), date.fromisoformat(gd["latest"])
        s["date"] = bool(iv) and iv is not None and lo <= iv[0] and iv[1] <= hi
    gl = g.get("location")
    if gl:
        pl = p.get("location") or {}
        ok = pl.get("country") in gl["country"]
        if ok and "lat" in gl:
            ok = (pl.get("lat") is not None and pl.get("lon") is not None
                  and km(gl["lat"], gl["lon"], pl["lat"], pl["lon"]) <= gl["within_km"])
        s["location"] = ok
    for role, roles in (("initiator", ("initiator",)), ("target", ("target", "victim"))):
        hit = actor_hit(g.get(role), p.get("actors"), roles)
        if hit is not None:
            s[role] = hit
    for key in ("fatalities", "injuries"):
        if key in g and g[key]:
            pr = p.get(key) or {}
            s[key] = pr.get("low") in g[key]["low"] and pr.get("high") in g[key]["high"]
    return s


def type_ok(g: dict[str, Any], p: dict[str, Any]) -> bool:
    """The event has one of the gold PLOVER types, or one of its ACLED event types (score_gold.type_ok)."""
    pt = (p.get("plover") or {}).get("type")
    if pt in g["plover"]:
        return True
    ets = [e for e in g.get("event_type") or [] if e]
    return bool(ets) and p.get("event_type") in ets


def _match_events(gold_events: list[dict[str, Any]],
                  events: list[dict[str, Any]]) -> dict[int, tuple[int, dict[str, bool]]]:
    """Greedy one-to-one pairing, best share of right fields first (score_gold.score)."""
    pairs = []
    for gi, g in enumerate(gold_events):
        for pi, p in enumerate(events):
            if not type_ok(g, p):
                continue
            fs = field_scores(g, p)
            if not (fs.get("date", False) or fs.get("initiator", False) or fs.get("target", False)):
                continue
            pairs.append((sum(fs.values()) / max(len(fs), 1), gi, pi, fs))
    pairs.sort(key=lambda t: -t[0])  # stable: ties keep gold then prediction order
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: dict[int, tuple[int, dict[str, bool]]] = {}
    for _, gi, pi, fs in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched[gi] = (pi, fs)
    return matched


def _statement_hits(gold: dict[str, Any], stmts: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Each gold statement: some statement contains its text, the speaker matches, the kind agrees."""
    hits = []
    for gs in gold["statements"]:
        want = gs["text_contains"].lower()
        ok = False
        for s in stmts:
            speaker = (s.get("speaker") or {}).get("name") or ""
            if want in (s.get("text") or "").lower() and re.search(gs["speaker"], speaker, re.I):
                ok = s.get("kind") == gs["kind"]
                if ok:
                    break
        hits.append((gs["id"], ok))
    return hits


def _document_checks(gold: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, bool]:
    """Boilerplate removed, embeds found with their dates, embeds kept out of the text (score_gold.score)."""
    if not docs:
        return {}
    d = docs[0]
    text = d.get("text") or ""
    emb = d.get("embeds") or []
    return {
        "boilerplate_removed": all(r not in text for r in gold.get("removed", [])),
        "embeds_found": all(
            any(e["text_contains"].lower() in (x.get("text") or "").lower() and x.get("date") == e["date"]
                for x in emb)
            for e in gold.get("embeds", [])),
        "embeds_out_of_text": all(e["text_contains"].lower() not in text.lower() for e in gold.get("embeds", [])),
    }


def _shown(event: dict[str, Any], field: str) -> Any:
    """What a predicted event says for a gold field, for the misses list."""
    if field in ("initiator", "target"):
        return [(a.get("role"), a.get("name"), a.get("text")) for a in event.get("actors") or []]
    value = event.get(field)
    if field == "location" and isinstance(value, dict):
        return {k: value.get(k) for k in ("name", "country", "lat", "lon")}
    return value


def score_gold(gold: dict[str, Any], records: list[dict[str, Any]], name: str) -> EvalReport:
    """Score an export of the gold's article (score_gold.score + main)."""
    events = [r for r in records if r.get("record") == "event"]
    stmts = [r for r in records if r.get("record") == "statement"]
    docs = [r for r in records if r.get("record") == "document"]
    gold_events = gold["events"]
    matched = _match_events(gold_events, events)
    required = [i for i, g in enumerate(gold_events) if not g.get("optional")]
    tp = sum(1 for i in required if i in matched)
    optional_hits = sum(1 for i in matched if gold_events[i].get("optional"))
    fp = len(events) - tp - optional_hits
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / len(required) if required else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    fields: dict[str, list[bool]] = {}
    misses: list[Miss] = []
    per_event = []
    for i in required:
        gid = gold_events[i]["id"]
        if i in matched:
            pi, fs = matched[i]
            for k, v in fs.items():
                fields.setdefault(k, []).append(v)
                if not v:
                    misses.append(Miss(f"field {k}", gid, gold_events[i].get(k), _shown(events[pi], k)))
            per_event.append((gid, "found", dict(fs)))
        else:
            per_event.append((gid, "MISSED", gold_events[i]["what"]))
            misses.append(Miss("events", gid, gold_events[i]["what"], None))
    all_fields = [x for v in fields.values() for x in v]
    overall = sum(all_fields) / len(all_fields) if all_fields else 0.0
    st_hits = _statement_hits(gold, stmts)
    st_recall = sum(ok for _, ok in st_hits) / len(st_hits) if st_hits else 1.0
    misses += [Miss("statements", sid, None, None) for sid, ok in st_hits if not ok]
    checks = _document_checks(gold, docs)
    misses += [Miss("document", check, True, False) for check, ok in checks.items() if not ok]
    figures: dict[str, float | None] = {"precision": prec, "recall": rec, "f1": f1, "fields": overall,
                                        "statements": st_recall}
    counts = {"precision": (tp, tp + fp), "recall": (tp, len(required)),
              "statements": (sum(ok for _, ok in st_hits), len(st_hits))}
    for k in sorted(fields):
        figures[f"field_{k}"] = sum(fields[k]) / len(fields[k])
        counts[f"field_{k}"] = (sum(fields[k]), len(fields[k]))
    for check, ok in checks.items():
        figures[f"doc_{check}"] = 1.0 if ok else 0.0
    summary = (f"events P={prec:.2f} R={rec:.2f} F1={f1:.2f} fields={overall:.2f} statements={st_recall:.2f} "
               f"(pred {len(events)}, fp {fp})")
    info = {"events_predicted": len(events), "events_required": len(required), "true_positives": tp,
            "false_positives": fp, "per_event": per_event, "statements": st_hits, "document_checks": checks}
    return EvalReport("gold", name, figures, summary, counts=counts, misses=misses, info=info)
