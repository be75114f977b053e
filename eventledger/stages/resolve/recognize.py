"""Place names the NER model missed, found by matching capitalised runs against the gazetteer.

The small English model often misses names at the start of a headline ("Aleppo bomb blast kills
six") or transliterated ones ("Salah al-Din district"). A run of capitalised words (with Arabic
articles and hyphens inside) that is an exact gazetteer alias of a settlement of some size, a
first-level division or a country, and that no other mention covers, becomes a place mention.
Ordinary English words, names at the start of a sentence that are also common words, and
persons/organisations already found are left alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from ...knowledge import load_data
from ...model import Mention, Span

_RUN = re.compile(
    r"(?<![\w'’-])(?:(?:al|el|ad|ar|as|ash|az|an|at)-)?(?:[A-Z][\w'’]*(?:-[\w'’]+)*)"
    r"(?:\s+(?:(?:al|el|ad|ar|as|ash|az|an|at|ibn|bin|bani|abu|de|del|la|le)[-\s])?[A-Z][\w'’]*(?:-[\w'’]+)*){0,3}")
_LOCATIVE_BEFORE = re.compile(r"(?:\b(?:in|near|at|of|outside|around|across|from|into|to|toward|towards|"
                              r"inside|throughout|over|on|north|south|east|west|northern|southern|eastern|"
                              r"western|central)\s+(?:the\s+)?(?:\w+\s+)?)$", re.I)
MIN_POPULATION = 5000


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    words = set(load_data("place_words").get("common_words", []))
    words |= set(load_data("english_function_words").get("words", []))
    return frozenset(w.lower() for w in words)


class _Taken:
    """Character ranges already claimed by a mention, with a logarithmic overlap test.

    Mentions do not overlap each other, so the ranges sorted by start are also sorted by end; a
    range [s, e) overlaps one of them exactly when the last range starting before ``e`` ends
    after ``s``. (A linear scan here made long documents quadratic.)
    """

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(ranges):
            self.add(s, e)

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)  # ranges starting before e: indices < i
        # Nested or overlapping mentions are possible (a border phrase over its country names),
        # so look back over the few that start before e and could still reach past s.
        j = i - 1
        while j >= 0:
            if self.ends[j] > s:
                return True
            if self.starts[j] < s - 400:  # no mention is that long
                break
            j -= 1
        return False


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    words: set[str] = set()
    for title in load_data("speech")["titles"]:
        words |= {w.lower().rstrip(".") for w in title.split()}
    return frozenset(words)


def _sub_runs(words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every contiguous sub-run of word offsets, longest first."""
    out = []
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            out.append((words[i][0], words[i + n - 1][1]))
    return out


def find_missed_places(text: str, mentions: list[Mention], lookup: object) -> list[Mention]:
    """Place mentions for gazetteer names no existing mention covers.

    ``lookup(name)`` is the gazetteer's lookup (returns matches with ``entry`` and ``exact``).
    """
    taken = _Taken((m.span.start, m.span.end) for m in mentions)
    found: list[Mention] = []
    common = _common_words()
    titles = _title_words()
    for run in _RUN.finditer(text):
        if taken.overlaps(run.start(), run.end()):
            continue  # part of a person's or organisation's name phrase ("Major General X")
        words = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group(0))]
        words = [(s, e) for s, e in words if text[s:e].lower().rstrip(".") not in titles]
        for s, e in _sub_runs(words):
            if taken.overlaps(s, e):
                continue
            name = text[s:e].rstrip("'’")
            e = s + len(name)
            if name.lower() in common or len(name) < 3:
                continue
            line_start = text.rfind("\n", 0, s) + 1
            sentence_initial = not text[line_start:s].strip() or text[:s].rstrip().endswith((".", "!", "?", ":"))
            after = text[e:e + 16].lower()
            admin_word = re.match(r"\s+(province|district|governorate|region|county|state|oblast|prefecture)\b", after)
            found_matches = lookup(name)  # type: ignore[operator]
            # "Logar province": the division word vouches for a transliteration ("Lowgar").
            matches = [m for m in found_matches if m.exact or admin_word and m.entry.kind in ("admin1", "admin2")]
            good = [m for m in matches if m.entry.kind in ("country", "admin1", "region")
                    or m.entry.population >= MIN_POPULATION]
            if not good:
                continue
            if sentence_initial and len(name.split()) == 1 and not any(
                    m.entry.kind in ("country", "admin1") or m.entry.population >= 100_000 for m in good):
                continue  # a capitalised first word is weak evidence of a name
            locative = bool(_LOCATIVE_BEFORE.search(text[max(0, s - 40):s]))
            if admin_word:
                e += admin_word.end()
                name = text[s:e]
            found.append(Mention("place", Span(s, e, text[s:e]), None, locative=locative))
            taken.add(s, e)
    return found
