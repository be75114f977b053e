"""End-to-end throughput against raw spaCy, measured in the same run on the same texts and model.

    .venv/bin/python bench/throughput.py [--sets fakes-dev,isaf-dev,centcom] [--repeat 3] [--workers 2]

For each repeat, in turn (so both see the same machine load):

- raw spaCy: ``nlp.pipe`` over the article texts as given (the same model object the pipeline uses,
  the same ``nlp.batch_size``), and over the paragraphs the pipeline itself parses (the nlp stage
  parses each article line by line, which is cheaper than whole texts);
- end to end: ``eventledger process`` in this process (``engines.local.run`` with the loaded
  pipeline): read the JSON Lines file, ingest, clean, parse, extract, resolve, write a fresh SQLite
  store (no document is skipped: every run starts from an empty store).

The figure tracked is the ratio end-to-end articles/s over raw-spaCy articles/s (the issue's floor
is 0.8). Medians over the repeats are printed. With ``--workers N`` it also runs N worker processes
``--repeat`` times (startup included) and prints articles/s/core and the workers' peak resident
memory.
Not a test: nothing here passes or fails; copy the printed lines into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import DEFAULT_SETS, corpus_file, load_articles, machine, median, peak_rss_mb, temp_db  # noqa: E402


def main() -> int:
    """Measure and print."""
    ap = argparse.ArgumentParser(description="eventledger throughput vs raw spaCy")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help="../shared/eval sets, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="alternating measurements of each kind")
    ap.add_argument("--workers", type=int, default=2, help="also measure N worker processes (0: skip)")
    args = ap.parse_args()

    from eventledger.engines.local import run
    from eventledger.model import Document
    from eventledger.pipeline import Pipeline
    from eventledger.settings import load_settings
    from eventledger.stages.clean import clean_document
    from eventledger.stages.ingest import iter_documents
    from eventledger.stages.nlp import paragraphs_of
    from eventledger.storage import SQLiteStore

    settings = load_settings(environ={})
    started = time.perf_counter()
    pipeline = Pipeline(settings)
    load_seconds = time.perf_counter() - started
    nlp, batch = pipeline.nlp, int(settings["nlp"]["batch_size"])
    articles = load_articles(args.sets.split(","))
    texts = [a["text"] for a in articles]
    print(f"machine: {machine()}")
    print(f"sets: {args.sets}: {len(articles)} articles, {sum(map(len, texts)):,} characters; "
          f"model {settings['nlp']['model']} {nlp.meta.get('version')}; pipeline load {load_seconds:.1f} s")

    with corpus_file(articles) as corpus:
        # The paragraphs the nlp stage will parse (cleaning is not timed here).
        paragraphs: list[str] = []
        for item in iter_documents([corpus], settings=settings):
            if isinstance(item, Document):
                try:
                    clean_document(item, settings)
                except Exception:  # noqa: BLE001 - a refused article is parsed by nobody
                    continue
                paragraphs += [p for _, p in paragraphs_of(item.text, settings["nlp"]["max_paragraph_chars"])]
        # Warm-up: spaCy, and every lazily loaded table of the later stages (actor KB, gazetteer ...).
        list(nlp.pipe(texts[:20], batch_size=batch))
        list(pipeline.process(item for _, item in zip(range(20), iter_documents([corpus], settings=settings),
                                                        strict=False)))
        raw_texts, raw_paras, e2e = [], [], []
        report = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=batch):
                pass
            raw_texts.append(time.perf_counter() - t)
            t = time.perf_counter()
            for _doc in nlp.pipe(paragraphs, batch_size=batch):
                pass
            raw_paras.append(time.perf_counter() - t)
            with temp_db() as db:
                store = SQLiteStore(db)
                t = time.perf_counter()
                report = run([str(corpus)], store, settings, pipeline=pipeline, workers=1)
                e2e.append(time.perf_counter() - t)
                store.close()
        assert report is not None
        n = len(articles)
        raw_t, raw_p, end = median(raw_texts), median(raw_paras), median(e2e)
        print(f"raw spaCy nlp.pipe, article texts:   {raw_t:7.2f} s  {n / raw_t:6.2f} articles/s  "
              f"(runs: {', '.join(f'{x:.1f}' for x in raw_texts)})")
        print(f"raw spaCy nlp.pipe, their paragraphs: {raw_p:7.2f} s  {n / raw_p:6.2f} articles/s  "
              f"({len(paragraphs)} paragraphs; runs: {', '.join(f'{x:.1f}' for x in raw_paras)})")
        print(f"end to end, 1 process:               {end:7.2f} s  {n / end:6.2f} articles/s/core  "
              f"(runs: {', '.join(f'{x:.1f}' for x in e2e)}; stored {report.stored}, failed {report.failed})")
        print(f"RATIO end-to-end / raw spaCy (article texts): {raw_t / end:.3f}")
        print(f"RATIO end-to-end / raw spaCy (same paragraphs): {raw_p / end:.3f}")
        print(f"peak RSS of this process (model, pipeline, one run at a time): {peak_rss_mb()} MB")
        if args.workers > 1:
            walls = []
            for _ in range(args.repeat):
                with temp_db() as db:
                    store = SQLiteStore(db)
                    t = time.perf_counter()
                    report = run([str(corpus)], store, settings, workers=args.workers)
                    walls.append(time.perf_counter() - t)
                    store.close()
            wall = median(walls)
            print(f"end to end, {args.workers} workers (startup included): {wall:7.2f} s  {n / wall:6.2f} articles/s, "
                  f"{n / wall / args.workers:6.2f} articles/s/core (runs: {', '.join(f'{x:.1f}' for x in walls)}); "
                  f"peak RSS per worker {report.peak_rss_mb} MB (the largest); speed-up over 1 process "
                  f"{end / wall:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
