"""The Spark engine on local[2] against one local worker, on the same articles.

    .venv/bin/python bench/bench_spark.py [--sets fakes-dev,isaf-dev,centcom] [--docs 600] [--repeat 1]

The articles of the ../shared/eval sets (repeated, each copy a distinct document, when fewer than
``--docs``) are written to a temporary JSON Lines file, then, alternately ``--repeat`` times:

- one local worker: ``engines.local.run`` in this process with a loaded pipeline (what
  ``eventledger process`` does), into a fresh SQLite store;
- Spark: ``engines.spark.run_spark`` on ``local[2]`` into a fresh Parquet folder. The first job of
  the session is "cold" (each executor process loads the model); a second job right after it is
  "warm" (the executors keep their pipeline). Starting the session (the JVM) is timed apart.

Printed: seconds and articles/s of each, and the ratio Spark / one local worker (the target is at
least 1.6x). Wall times on a machine shared with other jobs are noisy, so the CPU seconds each
engine used are printed too (Linux: this process for the local run; this process, the JVM and its
Python workers for Spark), and the speed-up they imply on two free cores: 2 x local CPU / Spark CPU.

The local run does not merge incidents (``incidents.merge = false`` where the setting exists): the
Spark job does not either (``eventledger load`` does, after it), so both time the same work.
Not a test: nothing here passes or fails; copy the printed lines into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import DEFAULT_SETS, copies, corpus_file, load_articles, machine, median, temp_db  # noqa: E402


def tree_cpu() -> float | None:
    """CPU seconds used so far by this process and every process under it (the JVM, its Python
    workers), including descendants that already exited and were waited for; None off Linux."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        stats: dict[int, tuple[int, float]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue  # exited meanwhile
                # After the command: state, ppid, ... utime(12) stime(13) cutime(14) cstime(15).
                stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / ticks)
    except (OSError, ValueError, IndexError):
        return None
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0.0, [os.getpid()]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        todo += children.get(pid, [])
    return total


def main() -> int:
    """Measure and print."""
    ap = argparse.ArgumentParser(description="eventledger: Spark local[2] vs one local worker")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help="../shared/eval sets, comma-separated")
    ap.add_argument("--docs", type=int, default=600, help="articles to process (the sets repeated if fewer)")
    ap.add_argument("--repeat", type=int, default=1, help="alternating measurements of each engine")
    ap.add_argument("--master", default="local[2]", help="Spark master")
    args = ap.parse_args()

    from eventledger.engines.local import run
    from eventledger.engines.spark import run_spark, spark_session
    from eventledger.pipeline import Pipeline
    from eventledger.settings import load_settings
    from eventledger.storage import SQLiteStore

    base = load_settings(environ={})
    overrides = {"incidents.merge": False} if "incidents" in base.data else {}
    settings = load_settings(overrides=overrides, environ={})
    articles = load_articles(args.sets.split(","))
    pool = articles if len(articles) >= args.docs else copies(articles, -(-args.docs // len(articles)))
    chosen = random.Random(7).sample(pool, args.docs)
    print(f"machine: {machine()}")
    print(f"sets: {args.sets}: {len(chosen)} articles ({len(articles)} distinct texts), "
          f"{sum(len(a['text']) for a in chosen):,} characters; Spark master {args.master}")

    started = time.perf_counter()
    pipeline = Pipeline(settings)
    print(f"local: pipeline load {time.perf_counter() - started:.1f} s (not in the figures below)")
    started = time.perf_counter()
    spark = spark_session(args.master)
    print(f"spark: session start {time.perf_counter() - started:.1f} s (the JVM; not in the figures below)")

    local_s: list[float] = []
    cold_s: list[float] = []
    warm_s: list[float] = []
    cpu: dict[str, list[float]] = {"local": [], "cold": [], "warm": []}
    stored = written = 0
    with corpus_file(chosen) as corpus:
        for repeat in range(args.repeat):
            with temp_db() as db:
                store = SQLiteStore(db)
                started, before = time.perf_counter(), time.process_time()
                report = run([str(corpus)], store, settings, pipeline=pipeline)
                local_s.append(time.perf_counter() - started)
                cpu["local"].append(time.process_time() - before)
                store.close()
                stored = report.stored
            for runs, kind in ((cold_s, "cold"), (warm_s, "warm")) if repeat == 0 else ((warm_s, "warm"),):
                out = Path(tempfile.mkdtemp(prefix="eventledger-bench-spark-"))
                try:
                    started, before = time.perf_counter(), tree_cpu()
                    job = run_spark([str(corpus)], out / "out", settings, spark=spark)
                    runs.append(time.perf_counter() - started)
                    after = tree_cpu()
                    if before is not None and after is not None:
                        cpu[kind].append(after - before)
                    written = job.written
                finally:
                    shutil.rmtree(out, ignore_errors=True)
            print(f"repeat {repeat + 1}: local {local_s[-1]:.1f} s, spark "
                  + (f"cold {cold_s[-1]:.1f} s, " if repeat == 0 else "") + f"warm {warm_s[-1]:.1f} s"
                  + (f"; load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""))
    spark.stop()

    n = len(chosen)
    local, cold, warm = median(local_s), median(cold_s), median(warm_s)
    print(f"stored by the local run: {stored}; written by Spark: {written} (the rest refused, e.g. not English)")
    print("| engine | seconds | articles/s | vs one local worker |")
    print("|---|---:|---:|---:|")
    print(f"| one local worker (in-process) | {local:.1f} | {n / local:.2f} | 1.00x |")
    print(f"| Spark {args.master}, cold job (executors load the model) | {cold:.1f} | {n / cold:.2f} | "
          f"{local / cold:.2f}x |")
    print(f"| Spark {args.master}, warm job | {warm:.1f} | {n / warm:.2f} | {local / warm:.2f}x |")
    if cpu["local"] and cpu["cold"] and cpu["warm"]:
        used = {kind: median(values) for kind, values in cpu.items()}
        print("| engine | CPU seconds | CPU ms/article | implied on 2 free cores |")
        print("|---|---:|---:|---:|")
        print(f"| one local worker | {used['local']:.1f} | {1000 * used['local'] / n:.0f} | 1.00x |")
        for kind in ("cold", "warm"):
            print(f"| Spark {args.master}, {kind} job | {used[kind]:.1f} | {1000 * used[kind] / n:.0f} | "
                  f"{2 * used['local'] / used[kind]:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
