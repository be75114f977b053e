"""What an evaluation returns: figures, counts, misses and the one-line summary."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedInputError

# Figures where a smaller number is better (geo errors in km, Gritta et al.'s AUC): the
# baseline gives them a ceiling instead of a floor.
LOWER_IS_BETTER = frozenset({"medianKm", "meanKm", "AUC"})


@dataclass(slots=True)
class Miss:
    """One scored item the system got wrong (or a prediction with no gold), for ``--errors N``."""

    figure: str
    item: str
    gold: Any = None
    system: Any = None

    def line(self) -> str:
        """The miss as one readable line."""
        return f"{self.figure}: {self.item} gold={self.gold!r} system={self.system!r}"


@dataclass(slots=True)
class EvalReport:
    """Figures of one scorer on one data set.

    ``figures`` are in the shared scorer's print order; ``None`` where the set has no gold for a
    figure. ``counts[figure]`` is ``(right, scored)`` where the figure is a share of items.
    ``summary`` is the last line the shared scorer prints, character for character.
    """

    kind: str
    name: str
    figures: dict[str, float | None]
    summary: str
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    data_sha256: str | None = None

    @property
    def key(self) -> str:
        """``kind/name``: how the baseline names this evaluation."""
        return f"{self.kind}/{self.name}"

    def misses_of(self, figure: str, limit: int | None = None) -> list[Miss]:
        """The misses of one figure, at most ``limit`` of them (in scoring order)."""
        found = [m for m in self.misses if m.figure == figure]
        return found if limit is None else found[:limit]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (``--json``)."""
        return {"kind": self.kind, "name": self.name, "figures": self.figures,
                "counts": {k: list(v) for k, v in self.counts.items()}, "summary": self.summary,
                "info": self.info, "notes": self.notes, "failures": self.failures,
                "seconds": round(self.seconds, 3), "data_sha256": self.data_sha256,
                "misses": [{"figure": m.figure, "item": m.item, "gold": m.gold, "system": m.system}
                           for m in self.misses]}


def share(right: int, scored: int) -> float | None:
    """right / scored, or None when nothing was scored."""
    return right / scored if scored else None


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1); an empty denominator gives 0 (export_align.prf)."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON Lines file, blank lines skipped.

    Raises:
        InputError: the file cannot be read.
        MalformedInputError: a line is not a JSON object (named by its number).
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); give an evaluation set's file",
                         source=str(path)) from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedInputError(f"{path}: line {number} is not JSON ({exc.msg}); fix or remove it",
                                          source=str(path)) from exc
            if not isinstance(obj, dict):
                raise MalformedInputError(f"{path}: line {number} is not a JSON object", source=str(path))
            yield obj


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSON Lines file (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(path))


def doc_sources(records: Iterable[dict[str, Any]], *, fallback_to_doc_id: bool) -> dict[Any, Any]:
    """``doc_id -> source_id`` of an export's document records.

    The shared scorers differ here and we mirror each: score_incidents maps a document without
    ``source_id`` to its ``doc_id`` (``fallback_to_doc_id=True``); score_merge and score_plover keep
    the ``None``.
    """
    out: dict[Any, Any] = {}
    for r in records:
        if r.get("record") != "document":
            continue
        if fallback_to_doc_id:
            if r.get("doc_id") is not None:
                out[r["doc_id"]] = r.get("source_id") if r.get("source_id") is not None else r["doc_id"]
        else:
            out[r.get("doc_id")] = r.get("source_id")
    return out
