"""Incident scoring (FA-KES, ISAF press releases, CENTCOM lines): ../shared/tools/score_incidents.py.

The system's answer per gold document is its most confident material event (``event_type`` not
null), scored against whichever of the document's gold events it agrees with best. Each function
below names the shared scorer's rule it mirrors; the figures are the shared scorer's to the last
digit (tests/evaluation checks it). The scorer's reference tables (ACLED parents, place aliases,
actor patterns, folding word lists) are data: ``eventledger/data/eval_tables.json``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

from ..knowledge.lexicons import load_data
from .report import EvalReport, Miss, doc_sources

# The summary line's figures and the print order of every figure (score_incidents.SUMMARY/ORDER).
SUMMARY = ("coverage", "sub_event_type", "date", "country", "location", "fatalities", "civilians")
ORDER = ("coverage", "event_type", "sub_event_type", "type_pair", "date", "date_pm1", "date_exact",
         "country", "location", "fatalities", "fatalities_20pct", "civilians", "fatalities_sum",
         "fatalities_sum_20pct", "captured", "actor")

Verdict = tuple[bool, Any, Any]  # (right, gold shown, system shown)

_QUOTES = re.compile(r"['\u2018\u2019`\u00b4\u02bb\u02bc\u02be\u02bf]")
_WORD = re.compile(r"[a-z0-9]+")


class Tables:
    """The scorer's reference tables, loaded once from ``eval_tables.json``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.parent: dict[str, str] = dict(data["acled_parents"])
        self.aliases: list[list[str]] = [list(g) for g in data["place_aliases"]]
        self.actor_patterns: dict[str, str] = dict(data["actor_patterns"])
        self.articles = frozenset(data["articles"])
        self.izafe = frozenset(data["izafe"])
        self.generic = frozenset(data["generic_words"])
        self.country_names = frozenset(data["country_names"])
        # Folded name -> alias group; a later group wins a shared key, as the scorer's loop does.
        self.alias_group: dict[str, int] = {}
        for index, group in enumerate(self.aliases):
            for name in group:
                self.alias_group["".join(fold_tokens(name, self))] = index


@cache
def tables() -> Tables:
    """The shared scorer's tables (cached)."""
    return Tables(load_data("eval_tables"))


# ----------------------------------------------------------------------------- place names

def fold_tokens(name: str | None, tab: Tables | None = None) -> tuple[str, ...]:
    """Words of a place name after case, diacritic and transliteration folding (score_incidents.fold_tokens).

    Articles (al-, el-, ...) and izafe particles are dropped, then generic words (province,
    city, ...), each only if something is left; q = k, doubled letters collapse, final -ah/-eh
    loses its h.
    """
    tab = tab or tables()
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _QUOTES.sub("", text)
    toks = _WORD.findall(text)
    kept = [t for t in toks if t not in tab.articles and t not in tab.izafe] or toks
    kept = [t for t in kept if t not in tab.generic] or kept
    out = []
    for tok in kept:
        tok = tok.replace("q", "k")
        tok = re.sub(r"(.)\1+", r"\1", tok)
        tok = re.sub(r"(?<=[aeiou])h$", "", tok)
        out.append(tok)
    return tuple(out)


def skeleton(tokens: Sequence[str]) -> str:
    """Consonant skeleton of folded tokens plus a final-vowel mark (score_incidents.skeleton)."""
    joined = "".join(tokens)
    return re.sub(r"[aeiouwy]", "", joined) + ("-" if joined[-1:] in tuple("aeiouy") else "")


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    """``small`` occurs contiguously in ``big`` (score_incidents._contains)."""
    n = len(small)
    return n > 0 and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def _same_place(a: tuple[str, ...], b: tuple[str, ...], loose: bool = True) -> bool:
    """Equal folds, one alias group, or (loose) one skeleton of 3+ consonants (score_incidents._same_place)."""
    ja, jb = "".join(a), "".join(b)
    if ja == jb:
        return True
    group = tables().alias_group
    if ja in group and group[ja] == group.get(jb):
        return True
    if not loose:
        return False
    sa, sb = skeleton(a), skeleton(b)
    return len(sa.rstrip("-")) >= 3 and sa == sb


def names_match(gold_name: str, system_name: str) -> bool:
    """A gold and a system place name name one place (score_incidents.names_match)."""
    g, s = fold_tokens(gold_name), fold_tokens(system_name)
    if not g or not s:
        return False
    if _contains(s, g) or _contains(g, s) or _same_place(g, s):
        return True
    # A window of the longer name against the shorter, by exact fold or alias only.
    for big, small in ((s, g), (g, s)):
        for n in range(1, len(big)):
            for i in range(len(big) - n + 1):
                if _same_place(big[i:i + n], small, loose=False):
                    return True
    return False


def location_match(gold_loc: dict[str, Any] | None, sys_loc: dict[str, Any] | None) -> bool:
    """The answer's contract location matches the gold location (score_incidents.location_match).

    Candidates are ``name`` and ``text`` (and ``admin1`` for admin1/region gold) and their parts
    split at , ; / ( ); a country-precision location never matches, nor does a candidate that is
    a country name the gold does not list.
    """
    if not gold_loc or not sys_loc:
        return False
    if sys_loc.get("precision") == "country":
        return False
    fields = ["name", "text"] + (["admin1"] if gold_loc.get("level") in ("admin1", "region") else [])
    cands: list[str] = []
    for f in fields:
        v = sys_loc.get(f)
        if isinstance(v, str) and v.strip():
            cands.append(v)
            cands += [p for p in re.split(r"[,;/()]", v) if p.strip() and p.strip() != v]
    gold_names = gold_loc.get("names") or []
    gold_folded = {" ".join(fold_tokens(g)) for g in gold_names}
    countries = tables().country_names
    for c in cands:
        folded = " ".join(fold_tokens(c))
        if folded in countries and folded not in gold_folded:
            continue
        if any(names_match(g, c) for g in gold_names):
            return True
    return False


def actor_match(gold_actor: dict[str, Any], sys_actors: list[dict[str, Any]] | None) -> bool:
    """Some answer actor in the gold actor's role names it (score_incidents.actor_match)."""
    pat = tables().actor_patterns.get(gold_actor["name"].strip().lower())
    for a in sys_actors or []:
        if a.get("role") != gold_actor["role"]:
            continue
        for v in (a.get("name"), a.get("text")):
            if not isinstance(v, str):
                continue
            if pat and re.search(pat, v.lower()):
                return True
            if not pat and names_match(gold_actor["name"], v):
                return True
    return False


# ----------------------------------------------------------------------------- numbers and dates

def point(rng: Any, low: str = "low", high: str = "high") -> Any:
    """Point figure of a contract range: low, else high, else None (score_incidents.point)."""
    if not isinstance(rng, dict):
        return None
    v = rng.get(low)
    return v if v is not None else rng.get(high)


def same_count(sys_value: Any, gold_value: Any, tolerance: float = 0.0) -> bool:
    """The system count agrees with gold; null counts as 0, tolerance is relative (score_incidents.same_count)."""
    v = 0 if sys_value is None else sys_value
    if gold_value == 0:
        return bool(v == 0)
    return bool(abs(v - gold_value) <= tolerance * gold_value + 1e-9)


def sys_day(ev: dict[str, Any]) -> date | None:
    """The answer's date when it has day precision (score_incidents.sys_day)."""
    d = ev.get("date") or {}
    v = d.get("value") if isinstance(d, dict) else None
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        try:
            return date.fromisoformat(v)
        except ValueError:
            return None
    return None


# ----------------------------------------------------------------------------- scoring

def judge(alt: dict[str, Any], p: dict[str, Any], doc_events: list[dict[str, Any]],
          all_alts: list[dict[str, Any]]) -> dict[str, Verdict]:
    """Per-field verdicts of answer ``p`` against gold event ``alt`` (score_incidents.judge)."""
    parent = tables().parent
    out: dict[str, Verdict] = {}
    loc = p.get("location") or {}
    subs = alt.get("sub_event_types")
    if subs:
        out["sub_event_type"] = (p.get("sub_event_type") in subs, subs, p.get("sub_event_type"))
        parents = sorted({parent[s] for s in subs})
        out["event_type"] = (p.get("event_type") in parents, parents, p.get("event_type"))
    if p.get("sub_event_type") in parent:
        out["type_pair"] = (p.get("event_type") == parent[p["sub_event_type"]], parent[p["sub_event_type"]],
                            p.get("event_type"))
    _judge_date(alt, p, out)
    if alt.get("country"):
        out["country"] = (loc.get("country") == alt["country"], alt["country"], loc.get("country"))
    if alt.get("location"):
        out["location"] = (location_match(alt["location"], loc), alt["location"]["names"],
                           (loc.get("name"), loc.get("admin1"), loc.get("text")))
    _judge_counts(alt, p, doc_events, all_alts, out)
    gold_actors = [a for a in alt.get("actors") or [] if a.get("role") in ("initiator", "target")]
    if gold_actors:
        ok = all(actor_match(a, p.get("actors")) for a in gold_actors)
        out["actor"] = (ok, [a["name"] for a in gold_actors],
                        [(a.get("role"), a.get("name")) for a in p.get("actors") or []])
    return out


def _judge_date(alt: dict[str, Any], p: dict[str, Any], out: dict[str, Verdict]) -> None:
    """date / date_pm1 / date_exact: in the gold window, else the exact day (score_incidents.judge)."""
    d = sys_day(p)
    shown = (p.get("date") or {}).get("value") if isinstance(p.get("date"), dict) else None
    win = alt.get("date_window")
    if win:
        lo, hi = date.fromisoformat(win[0]), date.fromisoformat(win[1])
        out["date"] = (d is not None and lo <= d <= hi, win, shown)
        out["date_pm1"] = (d is not None and lo - timedelta(days=1) <= d <= hi + timedelta(days=1), win, shown)
        if alt.get("date"):
            out["date_exact"] = (shown == alt["date"], alt["date"], shown)
    elif alt.get("date"):
        g = date.fromisoformat(alt["date"])
        out["date"] = (d == g, alt["date"], shown)
        out["date_pm1"] = (d is not None and abs((d - g).days) <= 1, alt["date"], shown)
        out["date_exact"] = out["date"]


def _judge_counts(alt: dict[str, Any], p: dict[str, Any], doc_events: list[dict[str, Any]],
                  all_alts: list[dict[str, Any]], out: dict[str, Verdict]) -> None:
    """fatalities(_20pct), fatalities_sum(_20pct), civilians, captured (score_incidents.judge)."""
    fat = alt.get("fatalities") or {}
    f = p.get("fatalities")
    if fat.get("total") is not None:
        t = fat["total"]
        out["fatalities"] = (same_count(point(f), t), t, point(f))
        out["fatalities_20pct"] = (same_count(point(f), t, 0.2), t, point(f))
        total = sum(point(e.get("fatalities")) or 0 for e in doc_events)
        golds = {t}
        if len(all_alts) > 1:
            golds.add(sum((a.get("fatalities") or {}).get("total") or 0 for a in all_alts))
        out["fatalities_sum"] = (any(same_count(total, x) for x in golds), sorted(golds), total)
        out["fatalities_sum_20pct"] = (any(same_count(total, x, 0.2) for x in golds), sorted(golds), total)
    if fat.get("civilians") is not None:
        c = point(f, "civilian_low", "civilian_high")
        out["civilians"] = (same_count(c, fat["civilians"]), fat["civilians"], c)
    if alt.get("captured") is not None:
        has = any(e.get("sub_event_type") == "Arrests" for e in doc_events)
        out["captured"] = (has == (alt["captured"] > 0), alt["captured"], has)


def empty_verdicts(alt: dict[str, Any]) -> dict[str, Verdict]:
    """A document with no material event is wrong on every gold field (score_incidents.empty_verdicts)."""
    out = judge(alt, {}, [], [alt])
    return {k: (False, v[1], None) for k, v in out.items() if k != "type_pair"}


def score_incidents(gold: list[dict[str, Any]], records: list[dict[str, Any]], name: str) -> EvalReport:
    """Score export ``records`` against incident gold documents (score_incidents.score + main)."""
    src = doc_sources(records, fallback_to_doc_id=True)
    events: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if r.get("record") == "event" and r.get("event_type"):
            events[src.get(r.get("doc_id"), r.get("doc_id"))].append(r)
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[Miss] = []
    gold_ids = {g["id"] for g in gold}
    info = {"gold_docs": len(gold), "export_docs": len(src),
            "export_docs_in_gold": len(set(src.values()) & gold_ids),
            "material_events_in_gold_docs": sum(len(v) for k, v in events.items() if k in gold_ids)}
    for g in gold:
        cands = sorted(events.get(g["id"], []), key=lambda e: -(e.get("confidence") or 0))
        alts = g.get("events") or []
        tallies["coverage"][0] += bool(cands)
        tallies["coverage"][1] += 1
        if not cands:
            misses.append(Miss("coverage", g["id"]))
        if not alts:
            continue
        if cands:
            verdicts = [judge(a, cands[0], cands, alts) for a in alts]
            # Best agreement: most fields right, then fewest wrong, then the earliest gold event.
            best = max(range(len(alts)), key=lambda i: (sum(v[0] for v in verdicts[i].values()),
                                                        -sum(not v[0] for v in verdicts[i].values()), -i))
            chosen = verdicts[best]
        else:
            chosen = empty_verdicts(alts[0])
        for figure, (ok, gshown, sshown) in chosen.items():
            tallies[figure][0] += bool(ok)
            tallies[figure][1] += 1
            if not ok:
                misses.append(Miss(figure, g["id"], gshown, sshown))
    counts = {f: (tallies[f][0], tallies[f][1]) for f in ORDER if tallies[f][1]}
    figures: dict[str, float | None] = {f: (counts[f][0] / counts[f][1] if f in counts else None) for f in ORDER}
    misses.sort(key=lambda m: ORDER.index(m.figure))
    figures["mean"] = summary_mean(figures)
    return EvalReport("incidents", name, figures, incidents_line(name, figures), counts=counts,
                      misses=misses, info=info)


def summary_mean(figures: dict[str, float | None]) -> float:
    """Mean of the summary figures after coverage that the set scores; 0.0 when none (score_incidents.main)."""
    rest = [v for f in SUMMARY[1:] if (v := figures.get(f)) is not None]
    return sum(rest) / len(rest) if rest else 0.0


def incidents_line(name: str, figures: dict[str, float | None]) -> str:
    """The shared scorer's summary line: SUMMARY figures (``na`` where absent) and their mean."""
    parts = [f"{f}={v:.2f}" if (v := figures.get(f)) is not None else f"{f}=na" for f in SUMMARY]
    return f"incidents {name} " + " ".join(parts) + f" mean={summary_mean(figures):.2f}"
