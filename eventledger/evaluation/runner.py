"""Run the real pipeline on an evaluation set and score what it exports.

A set is a folder with ``docs.jsonl`` (the input) and ``gold.jsonl`` (the answers), as in
``../shared/eval``; the ``gold`` kind takes a hand-coded gold JSON file instead, whose
``doc.file`` names the article (relative to the gold file's folder or the folder above it) and
its ``.meta.json`` sidecar. The export's contract records stay in memory (``export`` writes them
as JSON Lines too) and are scored with the shared scorers' definitions.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, MalformedInputError
from ..model import Document, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from ..stages.ingest import iter_documents
from .align import join_export
from .geo import score_geo
from .gold import score_gold
from .incidents import score_incidents
from .merge import merge_across_documents, score_merge
from .plover import score_plover
from .report import EvalReport, read_jsonl
from .timex import score_timex

KINDS = ("incidents", "merge", "plover", "timex", "geo", "gold")
SET_KINDS = KINDS[:-1]


@dataclass(slots=True)
class Processed:
    """What the pipeline made of a set's inputs: contract records, the input ids, failures, time."""

    records: list[dict[str, Any]] = field(default_factory=list)
    ids: list[str] | None = None
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


# ----------------------------------------------------------------------------- data sets

def set_files(data_dir: Path) -> tuple[Path, Path]:
    """``(docs.jsonl, gold.jsonl)`` of an evaluation set folder.

    Raises:
        InputError: the folder or one of its two files is missing.
    """
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: not a folder; give an evaluation set folder with docs.jsonl and gold.jsonl "
                         f"(e.g. ../shared/eval/fakes-dev)", source=str(data_dir))
    docs, gold = data_dir / "docs.jsonl", data_dir / "gold.jsonl"
    for path in (docs, gold):
        if not path.is_file():
            raise InputError(f"{data_dir}: has no {path.name}; an evaluation set folder holds docs.jsonl "
                             f"(the input) and gold.jsonl (the answers)", source=str(data_dir))
    return docs, gold


def gold_article(gold_path: Path) -> tuple[dict[str, Any], Path]:
    """A gold JSON file's content and the article it codes (``doc.file``).

    Raises:
        InputError: the gold file cannot be read or its article is not found.
        MalformedInputError: the gold file is not a JSON object with ``doc.file``.
    """
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{gold_path}: cannot be read ({exc.strerror or exc}); give a gold JSON file "
                         f"such as ../shared/gold/X.gold.json", source=str(gold_path)) from exc
    except json.JSONDecodeError as exc:
        raise MalformedInputError(f"{gold_path}: not valid JSON ({exc.msg} at line {exc.lineno})",
                                  source=str(gold_path)) from exc
    doc = gold.get("doc") if isinstance(gold, dict) else None
    if not isinstance(doc, dict) or not isinstance(doc.get("file"), str):
        raise MalformedInputError(f"{gold_path}: a gold file must name its article in doc.file",
                                  source=str(gold_path))
    for base in (gold_path.parent, gold_path.parent.parent):
        if (base / doc["file"]).is_file():
            return gold, base / doc["file"]
    raise InputError(f"{gold_path}: its article {doc['file']} is neither beside it nor in the folder above",
                     source=str(gold_path))


def set_name(kind: str, path: Path) -> str:
    """The name a report carries: the set folder's name, or the gold file's name without .gold.json."""
    if kind == "gold":
        return path.name.removesuffix(".json").removesuffix(".gold")
    return path.name


def data_sha256(kind: str, path: Path) -> str:
    """SHA-256 of the data a figure rests on, so a silent change of the data is noticed.

    A set: docs.jsonl's bytes then gold.jsonl's. A gold file: its bytes, then the article's,
    then the article's ``.meta.json`` sidecar's when there is one.
    """
    if kind == "gold":
        _, article = gold_article(path)
        sidecar = article.with_name(article.stem + ".meta.json")
        files = [path, article] + ([sidecar] if sidecar.is_file() else [])
    else:
        files = list(set_files(path))
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def detect_kinds(data_dir: Path) -> list[str]:
    """The scorers that apply to a set, judged from its gold records' shape.

    ``events`` -> incidents (and merge where the gold forms groups of two or more documents,
    by score_merge's rule); ``plover`` -> plover; ``timexes`` -> timex; ``toponyms`` -> geo.
    A set of another shape (e.g. quote attributions) gets no scorer.
    """
    _, gold_path = set_files(data_dir)
    gold = read_jsonl(gold_path)
    if not gold:
        return []
    first = gold[0]
    if "timexes" in first:
        return ["timex"]
    if "toponyms" in first:
        return ["geo"]
    if "plover" in first:
        return ["plover"]
    if "events" not in first:
        return []
    groups: dict[tuple[Any, ...], int] = defaultdict(int)
    for g in gold:
        ev = (g.get("events") or [{}])[0]
        if ev.get("date"):
            names = (ev.get("location") or {}).get("names") or [None]
            groups[(ev.get("date"), names[0], ev.get("cause"))] += 1
    return ["incidents", "merge"] if any(n > 1 for n in groups.values()) else ["incidents"]


def discover(root: Path) -> list[tuple[Path, list[str]]]:
    """Every evaluation under ``root`` (a ../shared-like folder, or its ``eval`` folder): ``(path, kinds)``.

    Set folders (``eval/*`` with docs.jsonl + gold.jsonl) first, sorted, then the gold files
    (``gold/*.gold.json`` beside ``eval``).
    """
    eval_dir = root / "eval" if (root / "eval").is_dir() else root
    found: list[tuple[Path, list[str]]] = []
    for folder in sorted(p for p in eval_dir.iterdir() if p.is_dir()):
        if (folder / "docs.jsonl").is_file() and (folder / "gold.jsonl").is_file():
            kinds = detect_kinds(folder)
            if kinds:
                found.append((folder, kinds))
    gold_dir = eval_dir.parent / "gold"
    if gold_dir.is_dir():
        found += [(p, ["gold"]) for p in sorted(gold_dir.glob("*.gold.json"))]
    return found


# ----------------------------------------------------------------------------- processing

def process_inputs(items: Iterable[Document | Failure], *, pipeline: Pipeline) -> Processed:
    """Run the pipeline over ingested items, keeping every contract record in memory."""
    started = time.perf_counter()
    out = Processed()
    for outcome in pipeline.process(items):
        if outcome.document is not None:
            out.records.extend(outcome.document.records())
        elif outcome.failure is not None:
            f = outcome.failure
            out.failures.append(f"{f.source}: [{f.code}] {f.reason}")
    out.seconds = time.perf_counter() - started
    return out


def process(kind: str, path: Path, *, settings: Settings, pipeline: Pipeline | None = None,
            limit: int | None = None) -> Processed:
    """Run the pipeline on a set's docs.jsonl (its first ``limit`` lines) or a gold file's article."""
    pipe = pipeline or Pipeline(settings)
    if kind == "gold":
        gold, article = gold_article(path)
        has_sidecar = article.with_name(article.stem + ".meta.json").is_file()
        doc = gold["doc"]
        # The sidecar says when and where the article appeared; the gold's own doc fields stand in
        # for it only when it is missing.
        items = iter_documents([article], settings=settings,
                               published=None if has_sidecar else doc.get("published"),
                               outlet=None if has_sidecar else doc.get("outlet"))
        return process_inputs(items, pipeline=pipe)
    docs_path, _ = set_files(path)
    stream: Iterable[Document | Failure] = iter_documents([docs_path], settings=settings)
    ids = None
    if limit is not None:
        if limit < 1:
            raise ConfigError(f"--limit {limit}: give a positive number of documents")
        ids = [str(d.get("id")) for d in read_jsonl(docs_path)[:limit]]
        stream = itertools.islice(stream, limit)
    processed = process_inputs(stream, pipeline=pipe)
    processed.ids = ids
    return processed


def write_export(records: Sequence[dict[str, Any]], path: Path) -> None:
    """Write contract records as JSON Lines (what ``eventledger export --format jsonl`` writes)."""
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")


# ----------------------------------------------------------------------------- scoring

def score(kind: str, path: Path, records: list[dict[str, Any]], *, ids: Sequence[str] | None = None,
          settings: Settings | None = None) -> EvalReport:
    """Score export ``records`` of the set (or gold file) at ``path`` with one scorer.

    ``ids`` restricts the gold to those documents (a ``limit``-ed run scores what it processed).

    Raises:
        ConfigError: ``kind`` is not a scorer.
        InputError: the set's files cannot be read.
    """
    if kind not in KINDS:
        raise ConfigError(f"unknown evaluation {kind!r}; choose one of {', '.join(KINDS)}")
    name = set_name(kind, path)
    if kind == "gold":
        gold, _ = gold_article(path)
        return score_gold(gold, records, name)
    docs_path, gold_path = set_files(path)
    gold_rows = read_jsonl(gold_path)
    if ids is not None:
        keep = set(ids)
        gold_rows = [g for g in gold_rows if g.get("id") in keep]
    if kind == "incidents":
        return score_incidents(gold_rows, records, name)
    if kind == "merge":
        if not any(r.get("record") == "incident" for r in records):
            # The pipeline's own output, not yet merged across documents: merge it as
            # `eventledger process` does (an export that holds incidents is scored as it is).
            records = merge_across_documents(records, settings)
        return score_merge(gold_rows, records, name)
    if kind == "plover":
        return score_plover(gold_rows, records, name)
    gold = {g["id"]: g for g in gold_rows}
    texts = {d["id"]: d.get("text") or "" for d in read_jsonl(docs_path)}
    export, stats = join_export(records, set(gold))
    report = score_timex(gold, texts, export, name) if kind == "timex" else score_geo(gold, texts, export, name)
    report.info["join"] = stats
    return report


def evaluate_many(kinds: Sequence[str], path: Path, *, settings: Settings, pipeline: Pipeline | None = None,
                  limit: int | None = None, export: Path | None = None,
                  records: list[dict[str, Any]] | None = None) -> list[EvalReport]:
    """Process a set once and score it with each of ``kinds`` (e.g. incidents and merge).

    ``records``: score this export (e.g. read from a file) instead of running the pipeline.
    """
    for kind in kinds:
        if kind not in KINDS:
            raise ConfigError(f"unknown evaluation {kind!r}; choose one of {', '.join(KINDS)}")
    if "gold" in kinds and len(kinds) > 1:
        raise ConfigError("a gold file is scored by the gold scorer alone")
    kind0 = kinds[0]
    if records is not None:
        processed = Processed(records=records)
        if limit is not None:
            raise ConfigError("--limit applies to processing; an export given to score is scored whole")
    else:
        processed = process(kind0, path, settings=settings, pipeline=pipeline, limit=limit)
    if export is not None:
        write_export(processed.records, export)
    digest = data_sha256(kind0, path)
    reports = []
    for kind in kinds:
        report = score(kind, path, processed.records, ids=processed.ids, settings=settings)
        report.failures = list(processed.failures)
        report.seconds = processed.seconds
        report.data_sha256 = digest
        report.info["limit"] = limit
        reports.append(report)
    return reports


def evaluate(kind: str, data_dir: Path, *, settings: Settings, limit: int | None = None,
             pipeline: Pipeline | None = None, export: Path | None = None) -> EvalReport:
    """Process an evaluation set with the real pipeline and score it.

    Args:
        kind: one of ``KINDS`` (``gold`` takes a gold JSON file as ``data_dir``).
        data_dir: a set folder with docs.jsonl and gold.jsonl, or a gold JSON file.
        settings: the settings the pipeline runs with.
        limit: process only the first N documents and score the gold of those.
        pipeline: a loaded Pipeline to reuse (one is built from ``settings`` otherwise).
        export: also write the contract records to this JSON Lines file.

    Returns:
        The figures, the misses and the one-line summary, as the shared scorer computes them.

    Raises:
        InputError: the set cannot be read. ConfigError: unknown kind or bad limit.
        ResourceError: the spaCy model or the gazetteer cannot be loaded.
    """
    return evaluate_many([kind], Path(data_dir), settings=settings, pipeline=pipeline, limit=limit,
                         export=export)[0]
