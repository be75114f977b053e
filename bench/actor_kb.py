"""Time the actor knowledge base: loading it, and ``find`` over the FA-KES dev texts.

    .venv/bin/python bench/actor_kb.py [--docs ../shared/eval/fakes-dev/docs.jsonl] [--repeat 3]

Prints the load time (cold: the first load in this process, country table and JSON included), the
counts, and the best of ``--repeat`` passes of ``find`` over every text (the texts are read from
../shared at run time, never copied here). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

DEFAULT_DOCS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fakes-dev" / "docs.jsonl"


def main() -> int:
    """Measure and print."""
    ap = argparse.ArgumentParser(description="actor KB timings")
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from eventledger.knowledge.actors import load_actor_kb

    t1 = time.perf_counter()
    kb = load_actor_kb()
    t2 = time.perf_counter()
    by_type = Counter(a.type for a in kb.actors.values())
    by_source = Counter(a.source for a in kb.actors.values())
    print(f"import {t1 - t0:.3f} s, load_actor_kb {t2 - t1:.3f} s")
    print(f"actors {len(kb.actors)} by source {dict(by_source)}")
    print(f"by type {dict(by_type.most_common())}")
    print(f"aliases (key sequences in the matcher) {kb.alias_count}")
    if not args.docs.exists():
        print(f"{args.docs} not found: no find timing")
        return 0
    texts = [json.loads(line)["text"] for line in args.docs.read_text(encoding="utf-8").splitlines() if line]
    best = float("inf")
    matches = 0
    for _ in range(max(1, args.repeat)):
        t = time.perf_counter()
        matches = sum(len(kb.find(x)) for x in texts)
        best = min(best, time.perf_counter() - t)
    chars = sum(len(x) for x in texts)
    print(f"find over {len(texts)} texts ({chars / 1e6:.2f} M chars): {best:.3f} s best of {args.repeat}, "
          f"{matches} matches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
