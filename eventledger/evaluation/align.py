"""Carry export spans (offsets into the clean text) back onto the input text: ../shared/tools/export_align.py.

Gold of the timex and geo sets indexes the *input* text; the export's spans index the document's
*clean* text. A document joins its input by ``source_id`` (else ``doc_id``) and spans are mapped
by aligning the two texts with ``difflib.SequenceMatcher(autojunk=False)``: token by token
(runs of non-space characters), then character by character inside every stretch between
matched tokens; a span maps through its first and last aligned characters when at least half of
its non-space characters aligned, else its text is looked up in the input (exact, then ignoring
case and whitespace runs), nearest to where the alignment puts it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

TOKEN_RE = re.compile(r"\S+")
MAX_GAP_CELLS = 4_000_000  # len x len above which a stretch between tokens is not aligned by character

Block = tuple[int, int, int]  # (clean start, input start, size)


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """How many characters two [start, end) ranges share (export_align.overlap)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def greedy_pairs(n_gold: int, n_pred: int, score: Callable[[int, int], float | None]) -> dict[int, int]:
    """Pair gold and predicted items one-to-one, best score first (export_align.greedy_pairs).

    Ties go to the earlier gold item, then the earlier prediction; a score must be > 0.
    """
    cands = []
    for gi in range(n_gold):
        for pi in range(n_pred):
            s = score(gi, pi)
            if s is not None and s > 0:
                cands.append((-s, gi, pi))
    cands.sort()
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in cands:
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def char_blocks(a: str, b: str) -> list[Block]:
    """Matching character blocks between a and b: tokens first, then the gaps (export_align.char_blocks)."""
    ta = [m.span() for m in TOKEN_RE.finditer(a)]
    tb = [m.span() for m in TOKEN_RE.finditer(b)]
    sm = SequenceMatcher(None, [a[s:e] for s, e in ta], [b[s:e] for s, e in tb], autojunk=False)
    blocks: list[Block] = []
    a_pos = b_pos = 0
    for i, j, n in sm.get_matching_blocks():
        a_stop = ta[i][0] if i < len(ta) else len(a)
        b_stop = tb[j][0] if j < len(tb) else len(b)
        blocks.extend(gap_blocks(a, b, a_pos, a_stop, b_pos, b_stop))
        for k in range(n):
            (sa, ea), (sb, _) = ta[i + k], tb[j + k]
            blocks.append((sa, sb, ea - sa))
        if n:
            a_pos, b_pos = ta[i + n - 1][1], tb[j + n - 1][1]
    return sorted(blocks)


def gap_blocks(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> list[Block]:
    """Align a[a0:a1] with b[b0:b1] by character, in whole-string offsets (export_align.gap_blocks)."""
    if a1 <= a0 or b1 <= b0 or (a1 - a0) * (b1 - b0) > MAX_GAP_CELLS:
        return []
    sm = SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
    return [(a0 + i, b0 + j, n) for i, j, n in sm.get_matching_blocks() if n]


def find_text(haystack: str, needle: str, near: int | None = None) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``haystack``, nearest to ``near`` (export_align.find_text).

    Exact first; failing that, ignoring case with any whitespace run equal to any other.
    """
    needle = needle.strip()
    if not needle:
        return None
    hits = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), haystack)]
    if not hits:
        loose = r"\s+".join(re.escape(part) for part in needle.split())
        hits = [(m.start(), m.end()) for m in re.finditer(loose, haystack, re.IGNORECASE)]
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - near)) if near is not None else hits[0]


class Aligner:
    """Maps character offsets of an export's clean text onto the input text (export_align.Aligner)."""

    def __init__(self, clean: str, source: str) -> None:
        self.clean, self.source = clean, source
        self.identity = clean == source
        self.blocks = [] if self.identity else char_blocks(clean, source)
        self.starts = [blk[0] for blk in self.blocks]

    def map_offset(self, i: int) -> int | None:
        """The input offset of clean character i, or None when it did not align."""
        if self.identity:
            return i if 0 <= i < len(self.source) else None
        k = bisect.bisect_right(self.starts, i) - 1
        if k >= 0:
            a, b, n = self.blocks[k]
            if i < a + n:
                return b + (i - a)
        return None

    def map_span(self, start: Any, end: Any, text: str | None = None) -> tuple[int | None, int | None, str]:
        """``(start, end, how)`` in input offsets; how is identity, aligned, text or failed."""
        valid = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(self.clean)
        if valid and self.identity:
            return start, end, "identity"
        if valid:
            text = self.clean[start:end]
            mapped = self._through_blocks(start, end)
            if mapped is not None:
                return mapped[0], mapped[1], "aligned"
        near = self._estimate(start) if valid else None
        found = find_text(self.source, text, near) if text else None
        if found is not None:
            return found[0], found[1], "text"
        return None, None, "failed"

    def _through_blocks(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a span through its first and last aligned characters, if half of it aligned."""
        hits = [(i, self.map_offset(i)) for i in range(start, end) if not self.clean[i].isspace()]
        aligned = [(i, j) for i, j in hits if j is not None]
        if not aligned or len(aligned) * 2 < len(hits):
            return None
        (fi, fj), (li, lj) = aligned[0], aligned[-1]
        if fj is None or lj is None:  # cannot happen (filtered above); keeps the types exact
            return None
        s = max(0, fj - (fi - start))
        e = min(len(self.source), lj + 1 + (end - 1 - li))
        return (s, e) if s < e else None

    def _estimate(self, start: int) -> int:
        """Where clean offset ``start`` falls in the input: the nearest aligned character before it."""
        for i in range(start, max(-1, start - 5000), -1):
            j = self.map_offset(i)
            if j is not None:
                return j + (start - i)
        return round(start * len(self.source) / max(1, len(self.clean)))


@dataclass(slots=True)
class ExportDoc:
    """One exported document: its clean text, its records, and an aligner to the input (cached)."""

    doc_id: Any
    text: str | None
    records: list[dict[str, Any]] = field(default_factory=list)
    _aligner: Aligner | None = None

    def aligner(self, input_text: str) -> Aligner:
        """The aligner from this document's clean text to ``input_text``."""
        if self._aligner is None:
            self._aligner = Aligner(self.text if self.text is not None else input_text, input_text)
        return self._aligner


def join_export(records: list[dict[str, Any]], gold_ids: set[str]) -> tuple[dict[str, list[ExportDoc]], dict[str, int]]:
    """Group export records by the gold id their document came from (export_align.join_export).

    A document joins by ``source_id`` when that is a gold id, else by ``doc_id``; other records
    join through their ``doc_id`` (a ``doc_id`` that is itself a gold id is accepted too).
    """
    docs: dict[Any, tuple[Any, ExportDoc]] = {}
    stats = {"documents_unmatched": 0, "records_unmatched": 0, "documents": 0}
    for r in records:
        if r.get("record") == "document":
            stats["documents"] += 1
            gid = r.get("source_id") if r.get("source_id") in gold_ids else r.get("doc_id")
            docs[r.get("doc_id")] = (gid, ExportDoc(r.get("doc_id"), r.get("text")))
    by_id: dict[str, list[ExportDoc]] = {}
    for gid, doc in docs.values():
        if gid in gold_ids:
            by_id.setdefault(gid, []).append(doc)
        else:
            stats["documents_unmatched"] += 1
    bare: dict[Any, ExportDoc] = {}  # records whose doc_id is a gold id but have no document record
    for r in records:
        if r.get("record") == "document":
            continue
        did = r.get("doc_id")
        if did in docs and docs[did][0] in gold_ids:
            docs[did][1].records.append(r)
        elif did in gold_ids:
            if did not in bare:
                bare[did] = ExportDoc(did, None)
                by_id.setdefault(did, []).append(bare[did])
            bare[did].records.append(r)
        else:
            stats["records_unmatched"] += 1
    return by_id, stats


def mapped_items(export_docs: list[ExportDoc], input_text: str,
                 keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The records ``keep`` accepts, spans mapped to input offsets (export_align.mapped_items).

    Each item is ``{"start", "end", "text", "how", "record", "aligner"}``; start/end are None
    when the span could not be placed. Sorted by start, unplaced last.
    """
    items = []
    for doc in export_docs:
        aligner = doc.aligner(input_text)
        for r in doc.records:
            if not keep(r):
                continue
            span = r.get("span") or [None, None]
            s, e, how = aligner.map_span(span[0], span[1], r.get("text"))
            items.append({"start": s, "end": e, "how": how, "record": r, "aligner": aligner,
                          "text": input_text[s:e] if s is not None else (r.get("text") or "")})
    return sorted(items, key=lambda x: (x["start"] is None, x["start"] or 0))


def is_kind(kind: str) -> Callable[[dict[str, Any]], bool]:
    """A filter accepting mention records of one kind (score_mentions.is_kind)."""
    return lambda r: r.get("record") == "mention" and r.get("kind") == kind


def span_pairs(gold_items: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[int, int]:
    """Pair gold spans with placed predictions one-to-one by overlap length (score_mentions.span_pairs)."""
    def score(gi: int, pi: int) -> float | None:
        g, p = gold_items[gi], preds[pi]
        if p["start"] is None:
            return None
        return overlap(g["start"], g["end"], p["start"], p["end"])
    return greedy_pairs(len(gold_items), len(preds), score)
