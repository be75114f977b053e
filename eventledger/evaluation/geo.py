"""Toponyms against gold with coordinates (GeoVirus): the ``geo`` task of ../shared/tools/score_mentions.py.

Recognition: place mentions paired one-to-one with gold toponyms by overlap; a prediction on an
``associative`` gold toponym (metonym, demonym) is neutral, left out of precision. Resolution
over the recognised gold toponyms with coordinates: great-circle error in km (sphere of radius
6371.0088 km; a mention without coordinates is the maximum, 20039 km), ``acc161`` (ln(1 + err)
< ln(161), CamCoder's rule), median and mean error, and Gritta et al.'s AUC. ``acc161all``: the
same hit rule over every gold toponym with coordinates, unrecognised ones counting as misses.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from typing import Any

from ..model.geo import great_circle_km
from .align import ExportDoc, is_kind, mapped_items, span_pairs
from .report import EvalReport, Miss, prf

EARTH_KM = 6371.0088
MAX_KM = 20039.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km, haversine (score_mentions.km)."""
    return great_circle_km(lat1, lon1, lat2, lon2, radius=EARTH_KM)


def hit161(err: float) -> bool:
    """An error counts as within 161 km: ln(1 + err) < ln(161) (score_mentions.hit161)."""
    return math.log1p(err) < math.log(161)


def auc(errors: list[float]) -> float | None:
    """Trapezoid area under sorted ln(1 + err) / ln(20039), over n - 1 (score_mentions.auc)."""
    if len(errors) < 2:
        return min(1.0, math.log1p(errors[0]) / math.log(MAX_KM)) if errors else None
    ys = sorted(min(1.0, math.log1p(e) / math.log(MAX_KM)) for e in errors)
    return sum((a + b) / 2 for a, b in zip(ys, ys[1:], strict=False)) / (len(ys) - 1)


def place_error(gold_top: dict[str, Any], record: dict[str, Any]) -> float:
    """km between a gold toponym and a place mention's coordinates, MAX_KM if it has none (score_mentions)."""
    v = record.get("value") if isinstance(record.get("value"), dict) else {}
    lat, lon = v.get("lat"), v.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return MAX_KM
    return km(gold_top["lat"], gold_top["lon"], lat, lon)


def _fmt(x: float | None) -> str:
    """Two decimals, None as n/a (score_mentions.fmt)."""
    return "n/a" if x is None else f"{x:.2f}"


def score_geo(gold: dict[str, dict[str, Any]], texts: dict[str, str], export: dict[str, list[ExportDoc]],
              name: str) -> EvalReport:
    """Recognition and resolution figures of the export's place mentions (score_mentions.score_geo)."""
    t: Counter[str] = Counter()
    errors: list[float] = []
    misses: list[Miss] = []
    for gid, g in gold.items():
        text = texts.get(gid, "")
        required = [x for x in g["toponyms"] if x.get("group") != "associative"]
        neutral = [x for x in g["toponyms"] if x.get("group") == "associative"]
        preds = mapped_items(export.get(gid, []), text, is_kind("place"))
        pairs = span_pairs(required, preds)
        left = [p for i, p in enumerate(preds) if i not in pairs.values()]
        t["neutral"] += len(span_pairs(neutral, left))
        t["gold"] += len(required)
        t["pred"] += len(preds)
        t["matched"] += len(pairs)
        for gi, x in enumerate(required):
            has_coords = x.get("lat") is not None and x.get("lon") is not None
            t["gold_coords"] += has_coords
            if gi not in pairs:
                misses.append(Miss("miss", f"{gid} [{x['start']}:{x['end']}]", x["text"], None))
                continue
            if not has_coords:
                continue
            err = place_error(x, preds[pairs[gi]]["record"])
            errors.append(err)
            t["unresolved"] += err == MAX_KM
            t["hits_all"] += hit161(err)
            if not hit161(err):
                misses.append(Miss("far", gid, (x["text"], x["lat"], x["lon"]), round(err)))
        misses += [Miss("extra", gid, None, (p["text"], p["how"])) for p in left]
    p, r, f = prf(t["matched"], t["pred"] - t["neutral"], t["matched"], t["gold"])
    n = len(errors)
    figures: dict[str, float | None] = {
        "P": p, "R": r, "F1": f,
        "acc161": sum(map(hit161, errors)) / n if n else None,
        "medianKm": statistics.median(errors) if n else None,
        "meanKm": statistics.fmean(errors) if n else None,
        "AUC": auc(errors),
        "acc161all": t["hits_all"] / t["gold_coords"] if t["gold_coords"] else None}
    counts = {"P": (t["matched"], t["pred"] - t["neutral"]), "R": (t["matched"], t["gold"]),
              "acc161": (sum(map(hit161, errors)), n), "acc161all": (t["hits_all"], t["gold_coords"])}
    med = "n/a" if figures["medianKm"] is None else f"{figures['medianKm']:.0f}"
    mean = "n/a" if figures["meanKm"] is None else f"{figures['meanKm']:.0f}"
    summary = (f"geo P={_fmt(p)} R={_fmt(r)} F1={_fmt(f)} acc161={_fmt(figures['acc161'])} "
               f"medianKm={med} meanKm={mean} AUC={_fmt(figures['AUC'])} acc161all={_fmt(figures['acc161all'])} "
               f"(gold {t['gold']}, pred {t['pred']}, neutral {t['neutral']}, scored for distance {n})")
    notes = [f"neutral predictions on associative toponyms: {t['neutral']}; recognised with coordinates: {n}; "
             f"place mentions without coordinates on those: {t['unresolved']}"]
    info = {"gold": t["gold"], "pred": t["pred"], "neutral": t["neutral"], "resolvedN": n,
            "unresolved": t["unresolved"]}
    return EvalReport("geo", name, figures, summary, counts=counts, misses=misses, notes=notes, info=info)
