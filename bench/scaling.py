"""Time and memory as the corpus grows: the article sets repeated 1x, 4x, 16x, end to end.

    .venv/bin/python bench/scaling.py [--sets fakes-dev,isaf-dev,centcom] [--factors 1,4,16] [--workers 2]

Each copy of an article gets its own outlet, so it is a distinct document that is parsed again
(identical copies would be skipped as duplicates). Each factor runs ``eventledger process`` into
a fresh SQLite store and prints the wall time, the time per article (flat = linear cost), the
CPU time per article of this process and its workers (unlike wall time, not inflated by other
jobs on a shared machine), the largest worker peak resident memory and this (writer) process's
peak so far (flat = memory does not grow with the corpus: the queue between reader and workers
is bounded). Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import DEFAULT_SETS, copies, corpus_file, load_articles, machine, peak_rss_mb, temp_db  # noqa: E402


def _cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    """Measure and print one line per factor."""
    ap = argparse.ArgumentParser(description="eventledger scaling with corpus size")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS))
    ap.add_argument("--factors", default="1,4,16")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    from eventledger.engines.local import run
    from eventledger.settings import load_settings
    from eventledger.storage import SQLiteStore

    settings = load_settings(environ={})
    articles = load_articles(args.sets.split(","))
    print(f"machine: {machine()}")
    print(f"sets: {args.sets}: {len(articles)} articles; workers {args.workers}")
    print(f"{'factor':>6} {'articles':>8} {'seconds':>8} {'ms/article':>10} {'CPU ms/article':>14} "
          f"{'articles/s':>10} {'worker peak MB':>14} {'writer peak MB':>14}")
    base = None
    for factor in (int(f) for f in args.factors.split(",")):
        with corpus_file(copies(articles, factor)) as corpus, temp_db() as db:
            store = SQLiteStore(db)
            cpu_before = _cpu_seconds()
            started = time.perf_counter()
            report = run([str(corpus)], store, settings, workers=args.workers)
            seconds = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu_before  # workers are joined (reaped) when the run ends
            store.close()
        n = report.documents
        per, cpu_per = 1000 * seconds / n, 1000 * cpu / n
        base = base or cpu_per
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{factor:>5}x {n:>8} {seconds:>8.1f} {per:>10.1f} {cpu_per:>14.1f} {n / seconds:>10.1f} "
              f"{report.peak_rss_mb!s:>14} {peak_rss_mb():>14}   (CPU per article {cpu_per / base:.2f}x of "
              f"{args.factors.split(',')[0]}x; load {load:.2f}; stored {report.stored}, failed {report.failed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
