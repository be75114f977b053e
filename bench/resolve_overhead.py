"""What resolving every mention (time expressions and places) adds to processing an article.

    .venv/bin/python bench/resolve_overhead.py [--sets fakes-dev,geovirus] [--repeat 2] [--append]

The issue's budget: "resolving all mentions adds no more than 15 % to the time of processing an
article". One run, same documents, two ways:

- ``full``: the real pipeline (clean, spaCy, extract, resolve with the gazetteer geocoder), with
  the resolver's two mention-resolving steps timed inside it: ``_times`` (``resolve_all`` of the
  time expressions) and ``_places`` (gazetteer recognition of missed names + geocoding);
- ``no geocoding``: the same pipeline with ``Resolver(None)`` (places left unresolved), as a
  cross-check of the place share measured inside the full run.

Overhead = (time + place resolution) / (pipeline time without it). The gazetteer is opened (built
if needed) and spaCy warmed up before timing. ``--append`` adds the figures to bench/RESULTS.md.
The article texts are read from ../shared/eval at run time, never copied. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import corpus_file, load_articles, machine, median  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _timed(owner: Any, name: str, sink: list[float]) -> None:
    """Wrap ``owner.name`` (an instance method) so each call's duration is appended to ``sink``."""
    inner: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            sink.append(time.perf_counter() - started)

    setattr(owner, name, wrapper)


def _documents(corpus: Path, settings: Any) -> list[Any]:
    """Freshly ingested documents (processing mutates them, so each pass ingests anew)."""
    from eventledger.model import Document
    from eventledger.stages.ingest import iter_documents

    return [d for d in iter_documents([corpus], settings=settings) if isinstance(d, Document)]


def _pass(pipeline: Any, docs: list[Any]) -> float:
    """Seconds to process ``docs`` with ``pipeline`` (every outcome consumed)."""
    started = time.perf_counter()
    for _ in pipeline.process(docs):
        pass
    return time.perf_counter() - started


def main() -> int:
    """Measure and print (and optionally append) the resolution overhead."""
    ap = argparse.ArgumentParser(description="time+place resolution overhead per article")
    ap.add_argument("--sets", default="fakes-dev,geovirus")
    ap.add_argument("--repeat", type=int, default=2, help="passes of each kind; the median is reported")
    ap.add_argument("--append", action="store_true", help="append the figures to bench/RESULTS.md")
    args = ap.parse_args()

    from eventledger.pipeline import Pipeline
    from eventledger.settings import load_settings
    from eventledger.stages.nlp import load_pipeline
    from eventledger.stages.resolve import Resolver

    settings = load_settings(environ={})
    nlp = load_pipeline(settings["nlp"]["model"])
    opened = time.perf_counter()
    resolver = Resolver.from_settings(settings)  # opens (or builds) the gazetteer: not timed below
    open_s = time.perf_counter() - opened
    times: list[float] = []
    places: list[float] = []
    _timed(resolver, "_times", times)
    _timed(resolver, "_places", places)
    full = Pipeline(settings, nlp=nlp, resolver=resolver)
    bare = Pipeline(settings, nlp=nlp, resolver=Resolver(None))

    articles = load_articles(args.sets.split(","))
    with corpus_file(articles) as corpus:
        _pass(full, _documents(corpus, settings)[:16])  # warm spaCy and the geocoder's caches
        n = len(_documents(corpus, settings))
        full_s: list[float] = []
        bare_s: list[float] = []
        resolve_s: list[float] = []
        times_s: list[float] = []
        places_s: list[float] = []
        for _ in range(args.repeat):
            times.clear()
            places.clear()
            full_s.append(_pass(full, _documents(corpus, settings)))
            times_s.append(sum(times))
            places_s.append(sum(places))
            resolve_s.append(sum(times) + sum(places))
            bare_s.append(_pass(bare, _documents(corpus, settings)))
    total, res = median(full_s), median(resolve_s)
    without = total - res
    lines = [
        f"- machine: {machine()}",
        f"- command: `.venv/bin/python bench/resolve_overhead.py --sets {args.sets} --repeat {args.repeat}`",
        f"- documents: {n} ({args.sets}); gazetteer opened in {open_s:.2f} s before timing",
        f"- full pipeline: {total:.2f} s ({1000 * total / n:.1f} ms/article), median of {args.repeat}",
        f"- of which time resolution (`resolve_all`): {median(times_s):.2f} s; place recognition + geocoding: "
        f"{median(places_s):.2f} s",
        f"- pipeline without them: {without:.2f} s; **overhead {100 * res / without:.1f} %** (budget 15 %)",
        f"- cross-check, pipeline with `Resolver(None)` (no geocoding, times still resolved): "
        f"{median(bare_s):.2f} s; geocoding share from it {100 * (total - median(bare_s)) / median(bare_s):.1f} %",
    ]
    print("\n".join(lines))
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n## Time and place resolution overhead (bench/resolve_overhead.py)\n\n")
            handle.write("\n".join(lines) + "\n")
        print(f"appended to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
