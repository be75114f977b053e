"""Counted quantities in English news text: "17", "1,500", "twenty-one", "over two dozen", "dozens".

A quantity becomes a :class:`QuantityRange` (``low``/``high`` bounds, ``None`` = unknown) so that a
hedge keeps its meaning instead of being rounded into a fact:

==========================  ==============  ================================================
phrase                      range           why
==========================  ==============  ================================================
"17", "seventeen"           17..17 exact    a plain figure
"at least 37"               37..None        a floor
"more than 20", "over 20"   21..None        strictly more; "over two dozen" is 25..None
"nearly 40", "almost 40"    None..39        just under; we do not guess how far under
"up to 15", "as many as"    None..15        a ceiling
"about / around / some 30"  30..30          the stated figure, ``exact=False``
"between 10 and 15",
"10-15", "10 to 15",
"two or three"              10..15          a stated range
"dozens"                    24..None        at least two dozen
"scores"                    40..None        at least two score
"hundreds" / "thousands"    200.. / 2000..  at least two of the unit
"several", "numerous"       3..None         more than a couple
"a few", "a number of",
"multiple", "a handful"     2..None         more than one; the low bound is all we know
"several dozen"             36..None        the vague floor times the unit
"a couple of", "both"       2..2
==========================  ==============  ================================================

"many" and a bare "few" are not quantities here: they give no usable bound. Ordinals ("third",
"21st") never parse. Whether a number in running text is a *count* (not a year, a day of a month,
a measure, a time, a label such as "Route 5") is :func:`is_count_like`'s question; the vocabulary
for all of this is ``eventledger/data/numbers.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from eventledger.errors import ResourceError

__all__ = [
    "PhraseTable",
    "QuantityRange",
    "Token",
    "find_quantities",
    "is_count_like",
    "load_data",
    "match_quantity",
    "number_words",
    "parse_quantity",
    "tokenize",
]

# Digits (with , or . groups), words (letters, inner apostrophes), or any single other character.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
_INT_RE = re.compile(r"[1-9]\d*|0")
_COMMA_THOUSANDS_RE = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
_DOT_THOUSANDS_RE = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_DECIMAL_RE = re.compile(r"\d+\.\d+")


@dataclass(frozen=True, slots=True)
class QuantityRange:
    """A counted quantity as a range; ``None`` bounds are unknown, ``exact`` means a plain figure."""

    low: int | None
    high: int | None
    exact: bool = False

    def __post_init__(self) -> None:
        """Refuse a range whose low bound is above its high bound."""
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"quantity range out of order: {self.low}..{self.high}")

    @property
    def value(self) -> int | None:
        """The single figure a scorer would read: ``low``, else ``high``."""
        return self.low if self.low is not None else self.high


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text with its character offsets; ``lower`` is the case-folded text."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def is_digits(self) -> bool:
        """True for a digit token ("17", "1,500", "1.5")."""
        return self.text[0].isdigit()

    @property
    def is_word(self) -> bool:
        """True for a token made of letters."""
        return self.text[0].isalpha()


def tokenize(text: str) -> list[Token]:
    """Split text into digit, word and single-character tokens, keeping offsets."""
    return [Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


# --------------------------------------------------------------------------- vocabulary


def _phrase_key(phrase: str) -> tuple[str, ...]:
    """A phrase as the tuple of its lower-cased tokens."""
    return tuple(t.lower for t in tokenize(phrase))


@dataclass(frozen=True)
class _Vocab:
    """numbers.json, indexed for the parser."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    dozen: frozenset[str]
    exact_words: PhraseTable
    vague: PhraseTable
    hedges: PhraseTable
    range_connectors: frozenset[str]
    open_suffixes: PhraseTable
    months: frozenset[str]
    year_preceders: frozenset[str]
    measure_words: frozenset[str]
    label_words: frozenset[str]
    one_preceders: frozenset[str]
    # Every lower-cased word a quantity phrase can start with (digits aside): match_quantity runs
    # at each token of every sentence, and most tokens can be refused with this one lookup.
    starts: frozenset[str] = frozenset()


def load_data(name: str) -> dict[str, Any]:
    """Read one of the package's data files, or raise ResourceError saying which and why."""
    try:
        text = resources.files("eventledger").joinpath("data", name).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read eventledger/data/{name} ({exc}); reinstall the package "
                            "or restore the file from the repository") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"eventledger/data/{name} must hold a JSON object; "
                            "restore it from the repository")
    return data


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """The number vocabulary, loaded once."""
    d = load_data("numbers.json")
    try:
        open_suffixes = d["open_suffixes"]
        vocab = _Vocab(
            units={k.lower(): int(v) for k, v in d["units"].items()},
            tens={k.lower(): int(v) for k, v in d["tens"].items()},
            scales={k.lower(): int(v) for k, v in d["scales"].items()},
            dozen=frozenset(w.lower() for w in d["dozen"]),
            exact_words=_table({k: int(v) for k, v in d["exact_words"].items()}),
            vague=_table({k: int(v) for k, v in d["vague"].items()}),
            hedges=_table({k: str(v) for k, v in d["hedges"].items()}),
            range_connectors=frozenset(d["range_connectors"]),
            open_suffixes=_table({k: str(v) for k, v in open_suffixes.items()}),
            months=frozenset(w.lower() for w in d["months"]),
            year_preceders=frozenset(w.lower() for w in d["year_preceders"]),
            measure_words=frozenset(w.lower() for w in d["measure_words"]),
            label_words=frozenset(w.lower() for w in d["label_words"]),
            one_preceders=frozenset(w.lower() for w in d["one_preceders"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"eventledger/data/numbers.json is malformed ({exc!r}); it must match "
                            "data/schemas/numbers.schema.json") from exc
    # What can start a quantity (see match_quantity, _core, _words_value): a hedge, a fixed or
    # vague phrase, a written unit or tens word, "a"/"an" before a scale, "between".
    firsts = {key[0] for table in (vocab.hedges, vocab.exact_words, vocab.vague) for key in table}
    starts = frozenset(firsts | set(vocab.units) | set(vocab.tens) | {"a", "an", "between"})
    return replace(vocab, starts=starts)


class PhraseTable:
    """Phrases keyed by their lower-cased tokens, with a first-word index so a miss costs one lookup."""

    __slots__ = ("_firsts", "_phrases")

    def __init__(self, phrases: dict[tuple[str, ...], Any] | None = None) -> None:
        """Index the phrases by their first word."""
        self._phrases: dict[tuple[str, ...], Any] = dict(phrases or {})
        self._firsts: dict[str, int] = {}
        for key in self._phrases:
            self._firsts[key[0]] = max(self._firsts.get(key[0], 0), len(key))

    def __contains__(self, key: object) -> bool:
        """True for a known phrase key."""
        return key in self._phrases

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        """The phrase keys."""
        return iter(self._phrases)

    def __len__(self) -> int:
        """How many phrases."""
        return len(self._phrases)

    def longest(self, tokens: list[Token], i: int) -> tuple[Any, int] | None:
        """The longest phrase starting at token ``i``: (its value, index after it), or None."""
        if i >= len(tokens):
            return None
        longest = self._firsts.get(tokens[i].lower, 0)
        for length in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(t.lower for t in tokens[i:i + length])
            if key in self._phrases:
                return self._phrases[key], i + length
        return None


def _table(items: dict[str, Any]) -> PhraseTable:
    """A PhraseTable keyed by the tokens of each phrase."""
    return PhraseTable({_phrase_key(k): v for k, v in items.items()})


# --------------------------------------------------------------------------- cardinals


def _glued(a: Token, b: Token) -> bool:
    """True when two tokens touch (no space between them)."""
    return a.end == b.start


def _digits_value(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A digit figure at ``i``, with a following scale or "dozen" word: (value, index after)."""
    v = _vocab()
    tok = tokens[i]
    s = tok.text
    n = len(tokens)
    # "1st", "120mm", "AK47": digits glued to letters are labels, ordinals or measures.
    if i + 1 < n and _glued(tok, tokens[i + 1]) and tokens[i + 1].is_word:
        return None
    if i > 0 and _glued(tokens[i - 1], tok) and tokens[i - 1].is_word:
        return None
    nxt = tokens[i + 1].lower if i + 1 < n else ""
    scale = v.scales.get(nxt) or (12 if nxt in v.dozen else None)
    if _INT_RE.fullmatch(s) or _COMMA_THOUSANDS_RE.fullmatch(s):
        base = int(s.replace(",", ""))
        return (base * scale, i + 2) if scale else (base, i + 1)
    if _DOT_THOUSANDS_RE.fullmatch(s) and not scale:
        # "1.500" as a count: a three-decimal fraction of people is implausible, a European
        # thousands separator is not. With a scale word ("1.500 million") it is a decimal.
        return int(s.replace(".", "")), i + 1
    if _DECIMAL_RE.fullmatch(s) and scale and scale >= 1000:
        value = float(s) * scale
        return (int(value), i + 2) if value == int(value) else None
    return None


def _words_value(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A written-out cardinal at ``i`` ("one hundred and five", "twenty-one"): (value, index after)."""
    v = _vocab()
    n = len(tokens)
    total, current = 0, 0
    last: str | None = None
    last_scale = 10 ** 12
    had_hundred = False
    best: tuple[int, int] | None = None
    j = i
    # "a hundred", "a thousand": the article stands for one.
    if tokens[i].lower in ("a", "an") and i + 1 < n and tokens[i + 1].lower in v.scales:
        current, last, j = 1, "unit", i + 1
    while j < n:
        w = tokens[j].lower
        if w in v.units:
            val = v.units[w]
            if last in ("unit", "teen") or (last == "tens" and not 1 <= val <= 9):
                break
            if val == 0 and last is not None:
                break
            current += val
            last = "teen" if val >= 10 else "unit"
        elif w in v.tens:
            if last in ("unit", "teen", "tens"):
                break
            current += v.tens[w]
            last = "tens"
        elif w == "hundred":
            if last not in ("unit", "teen") or had_hundred:
                break
            current *= 100
            last, had_hundred = "hundred", True
        elif w in v.scales:
            scale = v.scales[w]
            if last in (None, "and", "hyphen", "scale") or current == 0 or scale >= last_scale:
                break
            total += current * scale
            current, last, last_scale, had_hundred = 0, "scale", scale, False
        elif w in ("-", "–") and last == "tens" and j + 1 < n and _glued(tokens[j - 1], tokens[j]) \
                and _glued(tokens[j], tokens[j + 1]) and 1 <= v.units.get(tokens[j + 1].lower, 0) <= 9:
            last = "hyphen"
            j += 1
            continue
        elif w == "and" and last in ("hundred", "scale") and j + 1 < n \
                and (tokens[j + 1].lower in v.units or tokens[j + 1].lower in v.tens):
            last = "and"
            j += 1
            continue
        else:
            break
        j += 1
        best = (total + current, j)
    if best is None:
        return None
    value, end = best
    # "two dozen": a cardinal times twelve.
    if end < n and tokens[end].lower in v.dozen:
        return value * 12, end + 1
    return best


def _cardinal(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A plain figure (digits or words) at ``i``: (value, index after)."""
    if tokens[i].is_digits:
        return _digits_value(tokens, i)
    return _words_value(tokens, i)


def _core(tokens: list[Token], i: int) -> tuple[QuantityRange, int] | None:
    """An unhedged quantity at ``i``: a figure, a stated range, a fixed phrase or a vague word."""
    v = _vocab()
    n = len(tokens)
    fixed = v.exact_words.longest(tokens, i)
    if fixed is not None:
        value, j = fixed
        return QuantityRange(value, value, True), j
    vague = v.vague.longest(tokens, i)
    if vague is not None:
        low, j = vague
        # "several dozen", "a few hundred": the vague floor times the unit.
        if j < n and tokens[j - 1].lower in ("several", "few", "numerous"):
            unit = v.scales.get(tokens[j].lower) or (12 if tokens[j].lower in v.dozen else None)
            if unit:
                return QuantityRange(low * unit, None), j + 1
        return QuantityRange(low, None), j
    card = _cardinal(tokens, i)
    if card is None:
        return None
    value, j = card
    # "10-15", "10 to 15", "two or three": a stated range (the second figure must be larger).
    if j + 1 < n and tokens[j].lower in v.range_connectors and v.open_suffixes.longest(tokens, j) is None:
        second = _cardinal(tokens, j + 1)
        if second is not None and second[0] > value:
            return QuantityRange(value, second[0]), second[1]
    return QuantityRange(value, value, True), j


def _apply_hedge(kind: str, q: QuantityRange) -> QuantityRange:
    """Turn a figure into the range a hedge gives it (see the module table)."""
    ref_hi = q.high if q.high is not None else q.low
    if kind == "min":
        return QuantityRange(q.low, None)
    if kind == "above":
        return QuantityRange(None if q.low is None else q.low + 1, None)
    if kind == "below":
        return QuantityRange(None, None if ref_hi is None else max(0, ref_hi - 1))
    if kind == "max":
        return QuantityRange(None, ref_hi)
    if kind == "approx":
        return QuantityRange(q.low, q.high, False)
    return q  # "exact", "a total of"


def match_quantity(tokens: list[Token], i: int) -> tuple[QuantityRange, int] | None:
    """The quantity phrase starting at token ``i`` (hedge included): (range, index after it)."""
    v = _vocab()
    n = len(tokens)
    if i >= n:
        return None
    if not tokens[i].is_digits and tokens[i].lower not in v.starts:
        return None
    if tokens[i].lower == "between":
        first = _cardinal(tokens, i + 1) if i + 1 < n else None
        if first is not None and first[1] + 1 < n and tokens[first[1]].lower in ("and", "to", "-", "–"):
            second = _cardinal(tokens, first[1] + 1)
            if second is not None and second[0] >= first[0]:
                return QuantityRange(first[0], second[0]), second[1]
        return None
    hedge = v.hedges.longest(tokens, i)
    if hedge is not None:
        kind, j = hedge
        core = _core(tokens, j) if j < n else None
        if core is None:
            return None  # "over the weekend", "about the attack"
        return _apply_hedge(kind, core[0]), core[1]
    core = _core(tokens, i)
    if core is None:
        return None
    q, j = core
    suffix = v.open_suffixes.longest(tokens, j) if j < n else None
    if suffix is not None:
        kind, k = suffix
        return _apply_hedge(kind, q), k
    return q, j


def number_words() -> frozenset[str]:
    """The written-out cardinal words ("four", "twenty", "hundred"): the words a figure can be spelt with."""
    v = _vocab()
    return frozenset(v.units) | frozenset(v.tens) | frozenset(v.scales) | v.dozen


def parse_quantity(text: str) -> QuantityRange | None:
    """The quantity that the whole of ``text`` spells ("at least 37", "two dozen"), or None.

    Surrounding whitespace and a trailing "of" ("dozens of") are ignored; anything else left over
    ("37 people") means the text is not a bare quantity phrase and the answer is None.
    """
    tokens = tokenize(text)
    candidates = [tokens]
    if len(tokens) > 1 and tokens[-1].lower == "of":  # "dozens of"; "a number of" keeps its "of"
        candidates.append(tokens[:-1])
    for toks in candidates:
        found = match_quantity(toks, 0) if toks else None
        if found is not None and found[1] == len(toks):
            return found[0]
    return None


# --------------------------------------------------------------------------- counts vs the rest


def is_count_like(text: str, start: int, end: int) -> bool:
    """True when the quantity at ``text[start:end]`` reads as a count of things.

    False for a year ("in 2011"), a day of a month ("April 18", "16 Apr"), a measure or duration
    ("120 mm", "40 years", "24 hours", "5%"), a clock time ("3:30"), a label ("Route 5", "No. 4",
    "F-16", "2013-01-S-025") and "one" in "no one" / "every one".
    """
    v = _vocab()
    if not (0 <= start < end <= len(text)):
        return False
    phrase = tokenize(text[start:end])
    if not phrase:
        return False
    before = text[max(0, start - 60):start]
    after = text[end:end + 60]
    # Glued to a code or label: "F-16", "2013-01", "AK47", "$5", "#3", "3:30", "4/19", "5%", "1st".
    if before and (before[-1].isalnum() or before[-1] in "$£€#@/\\_"):
        return False
    if len(before) >= 2 and before[-1] in "-–:" and before[-2].isalnum():
        return False
    if len(before) >= 2 and before[-1] in ".," and before[-2].isdigit():
        return False
    if after and (after[0].isalnum() or after[0] in "%/\\_°"):
        return False
    if len(after) >= 2 and after[0] in "-–" and after[1].isalnum():
        return False  # "12-year-old", "five-day"
    if len(after) >= 2 and after[0] in ":.," and after[1].isdigit():
        return False  # "3:30"
    prev_toks = tokenize(before)
    next_toks = tokenize(after)
    prev = prev_toks[-1] if prev_toks else None
    nxt = next_toks[0] if next_toks else None
    if prev is not None and prev.lower == "." and len(prev_toks) >= 2 and prev_toks[-2].lower == "no":
        return False  # "No. 4"
    if prev is not None and prev.is_word and prev.lower in v.label_words and prev.lower != "no" \
            and (prev.text[0].isupper() or prev.lower == "number"):
        return False  # "Route 5", "Brigade 93", "Resolution 2254"
    if len(phrase) == 1 and phrase[0].lower == "one" and prev is not None \
            and prev.lower in v.one_preceders:
        return False  # "no one was hurt"
    if nxt is not None and nxt.is_word and nxt.lower in v.measure_words:
        return False  # "40 years", "120 mm", "24 hours"
    if len(phrase) == 1 and phrase[0].is_digits and _INT_RE.fullmatch(phrase[0].text):
        value = int(phrase[0].text)
        prev_is_month = prev is not None and prev.lower in v.months and prev.text[0].isupper()
        next_is_month = nxt is not None and nxt.lower in v.months and nxt.text[0].isupper()
        if 1 <= value <= 31 and (prev_is_month or next_is_month):
            return False  # "April 18", "16 Apr"
        if len(phrase[0].text) == 4 and 1800 <= value <= 2100:
            if prev_is_month or next_is_month or (prev is not None and (
                    prev.lower in v.year_preceders or prev.is_digits)):
                return False  # "in 2011", "April 18 2017"
            if nxt is None or not nxt.is_word or not nxt.text[0].islower():
                return False  # "2017 Death toll", "(2011)", "2011."
    return True


def find_quantities(text: str, *, counts_only: bool = False) -> list[tuple[int, int, QuantityRange]]:
    """Every quantity phrase in ``text`` as (start, end, range), left to right, not overlapping.

    With ``counts_only`` the years, dates, measures and labels that :func:`is_count_like` rejects
    are left out.
    """
    tokens = tokenize(text)
    out: list[tuple[int, int, QuantityRange]] = []
    i = 0
    while i < len(tokens):
        found = match_quantity(tokens, i)
        if found is None:
            i += 1
            continue
        q, j = found
        start, end = tokens[i].start, tokens[j - 1].end
        if not counts_only or is_count_like(text, start, end):
            out.append((start, end, q))
        i = j
    return out
