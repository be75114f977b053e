"""Where the time beyond spaCy goes: one end-to-end run under cProfile, split by stage.

    .venv/bin/python bench/profile_stages.py [--sets fakes-dev,isaf-dev,centcom] [--top 25]

Prints the cumulative time of each stage's entry point (ingest, clean, spaCy, extract, resolve,
records, store) as a share of the run, then the functions with the most time of their own.
cProfile slows Python code more than spaCy's compiled code, so shares of Python stages are upper
bounds; bench/throughput.py has the unprofiled figures. Not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import DEFAULT_SETS, corpus_file, load_articles, machine, temp_db  # noqa: E402

# (label, file suffix, function name) of each stage's entry point.
STAGES = [
    ("ingest (read, decode, hash)", "stages/ingest/core.py", "iter_documents"),
    ("clean", "stages/clean/core.py", "clean_document"),
    ("nlp: spaCy nlp.pipe", "spacy/language.py", "pipe"),
    ("extract", "stages/extract/__init__.py", "extract_document"),
    ("resolve", "stages/resolve/document.py", "resolve"),
    ("records (to contract dicts)", "model/document.py", "records"),
    ("store: put_document", "storage/sqlite.py", "put_document"),
    ("store: resume/skip queries", "storage/sqlite.py", "run_outcomes"),
    ("store: resume/skip queries (latest)", "storage/sqlite.py", "stored_state"),
]


def main() -> int:
    """Profile one run and print the split."""
    ap = argparse.ArgumentParser(description="profile the pipeline by stage")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS))
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()

    from eventledger.engines.local import run
    from eventledger.pipeline import Pipeline
    from eventledger.settings import load_settings
    from eventledger.storage import SQLiteStore

    settings = load_settings(environ={})
    pipeline = Pipeline(settings)
    articles = load_articles(args.sets.split(","))
    print(f"machine: {machine()}\nsets: {args.sets}: {len(articles)} articles")
    with corpus_file(articles) as corpus, temp_db() as db:
        store = SQLiteStore(db)
        profile = cProfile.Profile()
        profile.enable()
        run([str(corpus)], store, settings, pipeline=pipeline, workers=1)
        profile.disable()
        store.close()
    stats = pstats.Stats(profile)
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in raw.values())
    print(f"profiled run: {total:.1f} s")
    for label, suffix, name in STAGES:
        cumulative = sum(ct for (file, _, func), (_, _, _, ct, _) in raw.items()
                         if file.replace("\\", "/").endswith(suffix) and func == name)
        print(f"  {label:38s} {cumulative:8.2f} s  {100 * cumulative / total:5.1f} %")
    print("\nfunctions by own time:")
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
