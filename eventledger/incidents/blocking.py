"""Candidate pairs by blocking: never every pair, so merging grows linearly with the events.

Two blocks, whose pairs are scored alike:

- by time and place: events are grouped by (country, family); inside a group, those whose place
  pins down a first-level division are split by that division, and the "wide" ones (a
  country-level or border place, or no division) are compared with the whole group. Within a
  list sorted by date interval, an event is compared with the next ones whose interval starts no
  later than its end plus ``dates.window_days`` (a coarse date, a month or a year, counts as the
  week of it up to its publication: features.blocking_interval), at most ``blocking.max_candidates`` of them (the
  nearest in time): the work per event is bounded, whatever the volume. Events without a date or
  a country are not in this block.
- by wording: a copied wire story is one incident whatever the dates and places its copies were
  given (or not given: an undated copy), within one country. Each source sentence gets ``text_bands`` MinHash keys of
  ``text_rows`` hashes each (deterministic CRC32 hashes, so the same on every run); sentences that
  share a key are candidates. With 3 rows and 4 bands, sentences whose content words overlap 80 %
  (Jaccard) are found 94 % of the time, those at 30 % about 10 %; a key shared by more than
  ``max_candidates`` events (a stock phrase) is ignored.
"""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations

from .features import EventView
from .model import MergeModel


def block_key(ev: EventView, model: MergeModel) -> tuple[str, str] | None:
    """(country, family) of a mergeable, dated, placed event, else None."""
    if ev.family not in model.mergeable or ev.start is None or ev.country is None:
        return None
    return ev.country, ev.family


def _order(ev: EventView) -> tuple[int, int, str]:
    assert ev.bstart is not None and ev.bend is not None
    return ev.bstart, ev.bend, ev.event_id


def _scan(a: EventView, items: Sequence[EventView], start: int, model: MergeModel) -> Iterator[tuple[int, int]]:
    """``a`` with ``items[start:]`` (sorted, all after ``a``) inside its window, at most the cap.

    Indexes, not a slice: copying the rest of a long block for every event would be quadratic."""
    assert a.bend is not None
    limit, cap, taken = a.bend + model.window_days, model.max_candidates, 0
    for k in range(start, len(items)):
        b = items[k]
        assert b.bstart is not None
        if b.bstart > limit or taken >= cap:
            break
        if a.doc_id == b.doc_id:
            continue
        taken += 1
        yield (a.index, b.index) if a.index < b.index else (b.index, a.index)


def _sorted_pairs(items: Sequence[EventView], model: MergeModel) -> Iterator[tuple[int, int]]:
    """Pairs of one list sorted by date: each event with the next ones in its window."""
    for i, a in enumerate(items):
        yield from _scan(a, items, i + 1, model)


def _wide_pairs(members: Sequence[EventView], model: MergeModel) -> Iterator[tuple[int, int]]:
    """Pairs of a sorted group with at least one wide event, without scanning division pairs.

    A wide event scans every later event; a division event scans only the later wide ones.
    """
    wide = [ev for ev in members if ev.wide]
    keys = [_order(ev) for ev in wide]
    for i, a in enumerate(members):
        if a.wide:
            yield from _scan(a, members, i + 1, model)
        else:
            yield from _scan(a, wide, bisect_right(keys, _order(a)), model)


def _minhash_keys(tokens: frozenset[str], rows: int, bands: int) -> list[tuple[int, ...]]:
    """``bands`` keys of ``rows`` min-hashes each over a sentence's tokens (band number first)."""
    keys = []
    for band in range(bands):
        key: list[int] = [band]
        for row in range(rows):
            seed = f"{band}.{row}:".encode()
            key.append(min(zlib.crc32(seed + t.encode("utf-8")) for t in tokens))
        keys.append(tuple(key))
    return keys


def text_pairs(events: Sequence[EventView], model: MergeModel) -> Iterator[tuple[int, int]]:
    """Pairs of mergeable events of one family and country (or both without one) whose source
    sentences share a MinHash key (a pair sharing several keys comes several times)."""
    rows, bands = model.text_rows, model.text_bands
    if bands <= 0:
        return
    buckets: dict[tuple[str, str | None, tuple[int, ...]], list[int]] = defaultdict(list)
    for ev in events:
        if ev.family not in model.mergeable:
            continue
        seen: set[tuple[int, ...]] = set()
        for tokens in ev.sentences:
            if len(tokens) < model.text_min_tokens:
                continue  # a short sentence ("Six people were killed.") is no fingerprint
            for key in _minhash_keys(tokens, rows, bands):
                if key not in seen:
                    seen.add(key)
                    buckets[(ev.family, ev.country, key)].append(ev.index)
    for members in buckets.values():
        if 1 < len(members) <= model.max_candidates:
            for i, j in combinations(sorted(members), 2):
                if events[i].doc_id != events[j].doc_id:
                    yield i, j


def iter_candidate_pairs(events: Sequence[EventView], model: MergeModel) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth scoring, block by block (``events[i].index == i``); a pair two
    blocks share comes twice: the caller keeps the first (nothing holds every pair at once)."""
    groups: dict[tuple[str, str], list[EventView]] = defaultdict(list)
    for ev in events:
        key = block_key(ev, model)
        if key is not None:
            groups[key].append(ev)
    for members in groups.values():
        members.sort(key=_order)
        divisions: dict[str, list[EventView]] = defaultdict(list)
        for ev in members:
            if not ev.wide:
                assert ev.admin1 is not None
                divisions[ev.admin1].append(ev)
        for division in divisions.values():
            yield from _sorted_pairs(division, model)
        if any(ev.wide for ev in members):
            yield from _wide_pairs(members, model)
    yield from text_pairs(events, model)


def candidate_pairs(events: Sequence[EventView], model: MergeModel) -> list[tuple[int, int]]:
    """Every candidate pair once, sorted (for inspection and tests; merging streams them)."""
    return sorted(set(iter_candidate_pairs(events, model)))
