"""Cross-source merging as the number of events grows: time, candidate pairs, memory, accuracy.

    .venv/bin/python bench/bench_merge.py [--sizes 1000,3000,10000,30000,100000] [--rate 200] [--repeat 1]
    .venv/bin/python bench/bench_merge.py --store 20000 [--batch 500]    # the incremental store path

Synthetic but realistic event records (nothing read from ../shared): incidents happen at ``--rate``
per day over 40 countries with a skewed share (the busiest country about a quarter of all, like
one war dominating a news feed), in hot-spot provinces and towns; each incident is reported by
one to six documents that disagree as real reports do (a day apart from time zones, a coarser
place, a revised toll, reworded or verbatim copied sentences, published a day or two later), and
one document in ten also reports a second incident. A larger corpus covers more days at the same
density, as a growing store does (``--span-days`` fixes the span instead, to see the blocking cap
at work on ever denser days).

For each size it prints the merge time (blocking, pair scores, clustering, incident records; the
median of ``--repeat`` runs) as wall time and as this process's CPU time (which, unlike wall
time, other jobs on a shared machine do not inflate), the CPU time per event (flat = linear), the
pairs scored per event (bounded by blocking: never all pairs), the memory the corpus itself
takes before merging (data MB: the event records in memory) and the peak, the slope of
log(CPU time) against log(events) from the previous size (1.0 = linear), and pairwise
precision/recall of the event grouping against the generated truth.

``--store N`` measures the path `eventledger process` takes instead: the same corpus stored in a
temporary SQLite file batch by batch, in publication order, each batch merged into the incidents
already stored (blocking queries, whole incidents read back, one transaction); the CPU time per
document should stay flat as the store grows. Not a test.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchlib import machine, median, peak_rss_mb  # noqa: E402

from eventledger.incidents import bundled_model, merge_events  # noqa: E402

SUB_TYPES = [("Explosions/Remote violence", "Air/drone strike", 30),
             ("Explosions/Remote violence", "Shelling/artillery/missile attack", 25),
             ("Explosions/Remote violence", "Remote explosive/landmine/IED", 8),
             ("Battles", "Armed clash", 20), ("Violence against civilians", "Attack", 10),
             ("Protests", "Peaceful protest", 5), ("Strategic developments", "Arrests", 2)]
# Sub-event types a second report may code instead (a shell reported as an air strike ...).
CONFUSED = {"Air/drone strike": "Shelling/artillery/missile attack",
            "Shelling/artillery/missile attack": "Air/drone strike", "Armed clash": "Attack"}
VERBS = ["struck", "shelled", "attacked", "hit", "targeted", "bombed", "raided", "fired on"]
TARGETS = ["a market", "a checkpoint", "a residential area", "a convoy", "a village", "a hospital",
           "positions", "a school", "a mosque", "farmland", "a bakery", "an army post"]
SOURCES = ["a war monitor", "the health ministry", "local rescuers", "state media", "residents",
           "the interior ministry", "activists", "medics", "the army"]
# The rest of a sentence: words of a 5,000-word vocabulary drawn with Zipf frequencies, so two
# reports of different incidents share the common words, as real ones do, and little else.
VOCABULARY = [f"w{n}" for n in range(5000)]
ZIPF = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def filler(rng: random.Random, n: int) -> list[str]:
    """``n`` words of the vocabulary, common ones more often."""
    return rng.choices(VOCABULARY, ZIPF, k=n)


class World:
    """Countries with provinces and towns (coordinates) and actors, skewed toward hot spots."""

    def __init__(self, rng: random.Random, countries: int = 40) -> None:
        self.countries = []
        for c in range(countries):
            code = f"X{c // 26 % 26 + 65:c}{c % 26 + 65:c}"
            lat0, lon0 = rng.uniform(-30, 50), rng.uniform(-20, 100)
            provinces = []
            for p in range(20):
                plat, plon = lat0 + rng.uniform(-4, 4), lon0 + rng.uniform(-4, 4)
                towns = [(f"Town {c}-{p}-{t}", plat + rng.uniform(-0.6, 0.6), plon + rng.uniform(-0.6, 0.6))
                         for t in range(12)]
                provinces.append((f"Province {c}-{p}", plat, plon, towns))
            actors = [f"state-forces-{code.lower()}"] + [f"group-{c}-{g}" for g in range(4)]
            self.countries.append((code, lat0, lon0, provinces, actors))
        self.weights = [1 / (rank + 1) for rank in range(countries)]  # Zipf: one war dominates

    def incident(self, rng: random.Random, day: date) -> dict[str, Any]:
        code, lat0, lon0, provinces, actors = rng.choices(self.countries, self.weights)[0]
        province = provinces[min(int(rng.expovariate(0.35)), len(provinces) - 1)]
        town = province[3][min(int(rng.expovariate(0.5)), len(province[3]) - 1)]
        etype, sub, _ = rng.choices(SUB_TYPES, [w for *_, w in SUB_TYPES])[0]
        killed = min(int(rng.expovariate(0.12)), 300)
        words = [rng.choice(actors).replace("-", " "), rng.choice(VERBS), rng.choice(TARGETS), "in", town[0],
                 "killing", str(killed), "people", "and", "wounding", str(killed * 2 + rng.randint(0, 9))]
        return {"country": code, "lat0": lat0, "lon0": lon0, "province": province, "town": town, "event_type": etype,
                "sub_event_type": sub, "killed": killed, "day": day, "actors": actors[:1] + rng.sample(actors[1:], 1),
                "words": words + filler(rng, 12)}


def report(rng: random.Random, inc: dict[str, Any], doc: str, n: int, eid: str) -> dict[str, Any]:
    """One document's event record of an incident, disagreeing with the others as reports do."""
    day, precision, value = inc["day"], "day", None
    roll = rng.random()
    if roll < 0.12:
        day += timedelta(days=rng.choice((-1, 1)))  # time zones, "last night"
    elif roll < 0.16:
        precision, value = "week", f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}"
    elif roll < 0.19:
        precision, value = "month", day.strftime("%Y-%m")
    name, lat, lon = inc["town"]
    place = {"name": name, "country": inc["country"], "admin1": inc["province"][0], "lat": lat, "lon": lon,
             "precision": "city"}
    roll = rng.random()
    if roll < 0.15:
        place = {**place, "name": inc["province"][0], "lat": inc["province"][1], "lon": inc["province"][2],
                 "precision": "admin1"}
    elif roll < 0.25:
        place = {"name": inc["country"], "country": inc["country"], "admin1": None, "lat": inc["lat0"],
                 "lon": inc["lon0"], "precision": "country"}
    killed, roll = inc["killed"], rng.random()
    if roll < 0.25:
        killed = int(killed * rng.uniform(1.1, 1.8)) + 1  # a revised toll
    elif roll < 0.35:
        killed = max(0, killed + rng.randint(-2, 2))
    words = list(inc["words"])
    if rng.random() > 0.2:  # reworded; else the wire copy verbatim
        for _ in range(len(words) // 3):
            words[rng.randrange(len(words))] = filler(rng, 1)[0]
    sub = CONFUSED.get(inc["sub_event_type"], inc["sub_event_type"]) if rng.random() < 0.1 else inc["sub_event_type"]
    return {"record": "event", "event_id": eid, "doc_id": doc, "event_type": inc["event_type"], "sub_event_type": sub,
            "date": {"value": value or day.isoformat(), "precision": precision},
            "location": place, "fatalities": {"low": killed, "high": killed},
            "injuries": {"low": None, "high": None},
            "actors": [{"role": "initiator", "name": inc["actors"][0], "actor_id": inc["actors"][0],
                        "type": "state_forces"}] if rng.random() < 0.5 else [],
            "attributed_to": {"name": rng.choice(SOURCES)}, "confidence": round(rng.uniform(0.6, 0.97), 2),
            "sources": [{"doc_id": doc, "sentence": " ".join(words) + f", {rng.choice(SOURCES)} said."}],
            "summary": None, "position": n}


def corpus(size: int, rate: float, span_days: int | None, seed: int) -> tuple[list[dict], dict, dict[str, int]]:
    """About ``size`` event records, their documents, and the true incident of each event."""
    rng = random.Random(seed)
    world = World(rng)
    start = date(2020, 1, 1)
    days = span_days or max(1, int(size / (rate * 1.9)))
    events: list[dict[str, Any]] = []
    documents: dict[str, dict[str, Any]] = {}
    truth: dict[str, int] = {}
    pending: list[tuple[str, int, dict[str, Any]]] = []  # a second incident for a later document
    k = 0
    while len(events) < size:
        inc = world.incident(rng, start + timedelta(days=rng.randrange(days)))
        reports = min(1 + int(rng.expovariate(0.9)), 6)
        for _ in range(reports):
            doc = f"doc-{len(documents):07d}"
            documents[doc] = {"doc_id": doc, "published": (inc["day"] + timedelta(days=rng.choice((0, 0, 0, 1, 2))))
                              .isoformat(), "outlet": f"outlet {rng.randrange(60)}"}
            for n, (label, item) in enumerate([(k, inc)] + ([pending.pop()[1:]] if pending and rng.random() < 0.1
                                                            else [])):
                eid = f"ev-{len(events):08d}"
                events.append(report(rng, item, doc, n, eid))
                truth[eid] = label
        if rng.random() < 0.1:
            pending.append(("", k, inc))
        k += 1
    return events, documents, truth


def pair_figures(assignment: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the event grouping against the generated incidents."""
    def pairs(groups: dict[Any, list[str]]) -> set[tuple[str, str]]:
        return {p for members in groups.values() for p in combinations(sorted(members), 2)}
    pred: dict[str, list[str]] = {}
    gold: dict[int, list[str]] = {}
    for eid, inc in assignment.items():
        pred.setdefault(inc, []).append(eid)
        gold.setdefault(truth[eid], []).append(eid)
    pp, gp = pairs(pred), pairs(gold)
    return (len(pp & gp) / len(pp) if pp else 1.0), (len(pp & gp) / len(gp) if gp else 1.0)


def rss_mb() -> float:
    """This process's resident memory now (MB; Linux), or nan where /proc is not available."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def store_growth(size: int, batch: int, rate: float, seed: int) -> None:
    """The incremental path: documents stored and merged batch after batch into one SQLite store
    (as successive `eventledger process` runs do); CPU time per batch should stay flat. ``written``:
    incidents created or changed by the batch."""
    import tempfile

    from eventledger.incidents.store import merge_documents
    from eventledger.storage import open_store

    events, documents, truth = corpus(size, rate, None, seed)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_doc.setdefault(ev["doc_id"], []).append({k: v for k, v in ev.items() if k != "position"})
    order = sorted(by_doc, key=lambda d: (documents[d]["published"], d))  # reports arrive in time order
    print(f"{'stored docs':>11} {'events':>8} {'batch CPU s':>11} {'CPU ms/doc':>10} {'written':>8}")
    with tempfile.TemporaryDirectory(prefix="eventledger-bench-merge-") as folder:
        store = open_store(Path(folder) / "merge.sqlite")
        store.start_run("bench", command="bench", config_hash="bench", inputs=[])
        stored = 0
        try:
            for start in range(0, len(order), batch):
                part = order[start:start + batch]
                for doc in part:
                    head = {"record": "document", "doc_id": doc, "source_id": doc, "text": "",
                            **{k: documents[doc][k] for k in ("published", "outlet")}}
                    store.put_document([head, *by_doc[doc]], run_id="bench")
                stored += sum(len(by_doc[d]) for d in part)
                cpu = time.process_time()
                counts = merge_documents(store, part, model=bundled_model())
                cpu = time.process_time() - cpu
                print(f"{start + len(part):>11} {stored:>8} {cpu:>11.2f} {1000 * cpu / len(part):>10.1f} "
                      f"{counts['incidents_written']:>8}", flush=True)
        finally:
            store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description="eventledger cross-source merging at growing volumes")
    ap.add_argument("--sizes", default="1000,3000,10000,30000,100000")
    ap.add_argument("--rate", type=float, default=200.0, help="incidents per day (default 200)")
    ap.add_argument("--span-days", type=int, default=None, help="a fixed span instead (density grows)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--store", type=int, default=None, metavar="N",
                    help="instead: store N events batch by batch in SQLite and merge each batch")
    ap.add_argument("--batch", type=int, default=500, help="documents per batch with --store")
    args = ap.parse_args()
    model = bundled_model()
    if args.store:
        print(f"# {machine()}")
        store_growth(args.store, args.batch, args.rate, args.seed)
        return 0
    print(f"# {machine()}")
    print(f"# rate {args.rate:g} incidents/day" + (f", span fixed at {args.span_days} days" if args.span_days else
                                                   ", span grows with the corpus") + f"; repeat {args.repeat}")
    print(f"{'events':>8} {'docs':>7} {'wall s':>7} {'CPU s':>7} {'CPU us/ev':>9} {'pairs/event':>11} "
          f"{'incidents':>9} {'data MB':>7} {'peak MB':>8} {'slope':>6} {'pairP':>6} {'pairR':>6}")
    previous: tuple[int, float] | None = None
    for size in (int(s) for s in args.sizes.split(",")):
        events, documents, truth = corpus(size, args.rate, args.span_days, args.seed)
        before = rss_mb()
        walls, cpus, result = [], [], None
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            result = merge_events(events, documents, model=model)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        assert result is not None
        seconds = median(cpus)
        slope = (math.log(seconds / previous[1]) / math.log(len(events) / previous[0])) if previous else float("nan")
        p, r = pair_figures(result.assignment, truth)
        print(f"{len(events):>8} {len(documents):>7} {median(walls):>7.2f} {seconds:>7.2f} "
              f"{1e6 * seconds / len(events):>9.0f} {result.pairs_scored / len(events):>11.2f} "
              f"{len(result.incidents):>9} {before:>7.0f} {peak_rss_mb():>8.0f} {slope:>6.2f} {p:>6.3f} {r:>6.3f}",
              flush=True)
        previous = (len(events), seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
