"""Shared helpers of the benchmark scripts: the article sets, corpora built in a temporary folder,
the machine's description and process memory. Not a test: nothing here passes or fails.

The article texts are read from ../shared/eval at run time and written only to a temporary
folder that is deleted afterwards; nothing of them is ever copied into the repository.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEFAULT_SETS = ("fakes-dev", "isaf-dev", "centcom")


def load_articles(sets: list[str]) -> list[dict[str, Any]]:
    """Every article object (``id``, ``text``, ``published`` ...) of the named ../shared/eval sets."""
    articles: list[dict[str, Any]] = []
    for name in sets:
        path = SHARED_EVAL / name / "docs.jsonl"
        if not path.exists():
            raise SystemExit(f"{path} is missing: the benchmarks read the ../shared/eval article sets")
        with path.open(encoding="utf-8") as handle:
            articles += [json.loads(line) for line in handle if line.strip()]
    return articles


def copies(articles: list[dict[str, Any]], times: int) -> list[dict[str, Any]]:
    """The articles repeated ``times``; each copy gets its own outlet so it is a distinct document
    (the same text under the same identity would be skipped as a duplicate, which costs nothing)."""
    out = []
    for copy in range(times):
        for item in articles:
            out.append({**item, "id": f"{item['id']}#{copy}",
                        "outlet": f"{item.get('outlet') or 'bench'} (copy {copy})"})
    return out


@contextmanager
def corpus_file(articles: list[dict[str, Any]]) -> Iterator[Path]:
    """A temporary JSON Lines file of the articles (deleted afterwards)."""
    with tempfile.TemporaryDirectory(prefix="eventledger-bench-") as folder:
        path = Path(folder) / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for item in articles:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        yield path


@contextmanager
def temp_db() -> Iterator[Path]:
    """A fresh SQLite path in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="eventledger-bench-db-") as folder:
        yield Path(folder) / "bench.sqlite"


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def machine() -> str:
    """One line about where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM"
    except (ValueError, OSError):
        memory = "RAM unknown"
    load = ", load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return (f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; {os.cpu_count()} cores ({cpu}), {memory}; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}{load}")


def median(values: list[float]) -> float:
    """The median of a non-empty list."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
