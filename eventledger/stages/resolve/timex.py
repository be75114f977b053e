"""Resolve time expressions to TIMEX3 values and the contract's calendar intervals.

``resolve_timex(text, anchor=..., tense=..., narrative=...)`` reads one expression ("Wednesday
night", "two days later", "the 1990s") and returns a ``TimeValue``. Deictic expressions
("yesterday", "last month", weekdays) count from ``anchor`` (the publication date); expressions
relative to the story ("the following year", "two days later", "that month") count from
``narrative`` (the last date the text mentioned). Without an anchor a deictic expression comes back
``anchored=False`` with an unresolved TIMEX3 value ("XXXX-XX-XX") and no calendar value.

``resolve_all(text, matches, anchor=...)`` walks a document's matches in order: it moves the
narrative with each absolute date it resolves, picks the tense from the words around each match, and
decides once per document whether the text is a story told far from its publication date (a history:
then "the next year" and even "two years ago" count from the story, not from the publication date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol, TypeVar

from eventledger.model.records import TimeValue

from .timex_calendar import Ref
from .timex_phrase import resolve_phrase
from .timex_words import Ctx, alt, words


class TimexSpan(Protocol):
    """What ``resolve_all`` needs of a recognised expression (``extract``'s ``TimexMatch`` has it)."""

    @property
    def start(self) -> int:
        """Offset of the first character."""
        ...

    @property
    def end(self) -> int:
        """Offset after the last character."""
        ...

    @property
    def text(self) -> str:
        """The expression as written."""
        ...


M = TypeVar("M", bound=TimexSpan)

# A TIMEX3 value that names a point the story can stand on: a year, and maybe a month (or season,
# quarter, half, week) and a day. PRESENT_REF, durations, decades and centuries do not.
_CALENDAR_POINT = re.compile(r"^(BC)?([0-9]{4})(?:-([0-9]{2}|XX|SP|SU|FA|WI|Q[1-4]|H[12]|W[0-9]{2}))?"
                             r"(?:-([0-9]{2}|XX))?")


def resolve_timex(text: str, *, anchor: date | None, tense: str = "past",
                  narrative: date | None = None) -> TimeValue | None:
    """Return the TIMEX3 value of one time expression, or None when it names no time.

    ``anchor``: publication date (for "yesterday", "last month", "Wednesday"); ``narrative``: the
    last date the story mentioned (for "the next day", "two days later"; defaults to ``anchor``);
    ``tense``: "past" or "future" (which way a bare weekday or day-month points). A narrative more
    than about a year from the anchor is a history: a bare "April" then takes the narrative's year.
    Never raises on text.
    """
    if not isinstance(text, str):
        return None
    a, n = Ref.of(anchor), Ref.of(narrative)
    story = a is None or (n is not None and _far(n, a))
    ctx = Ctx(anchor=a, narrative=n, tense="future" if tense == "future" else "past", story=story)
    try:
        return resolve_phrase(text, ctx)
    except (ValueError, OverflowError, KeyError, IndexError):  # a rule met a form it did not expect
        return None


# --------------------------------------------------------------------------- document walk


@dataclass(slots=True)
class _Walk:
    """The state of a document walk: the text, the publication date, and the story so far."""

    text: str
    anchor: Ref | None
    story: bool
    narrative: Ref | None = None
    mentioned: Ref | None = None


_DAY_FRAGMENT = re.compile(r"(?i)^(3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?:,?\s+([0-9]{3,4}))?$")
_YEAR_FRAGMENT = re.compile(r"^[0-9]{2}$")
_JOINER = re.compile(r"(?i)^\s*(?:[-\u2010-\u2014/]|and|or|to|through|till|until)\s*$")
_PAST_WORDS = re.compile(r"(?i)\b(?:said|says|told|was|were|had|did|took|held|met|struck|hit|left|began|"
                         r"went|came|made|fled|fought|led|won|lost|saw|spoke|gave|sent|shot|ago|yesterday|"
                         r"last|earlier|[a-z]{3,}ed)\b")


# The month a season, quarter or half stands for when a story's next step is read from it (winter
# is labelled by the year of its January, as the TIMEX3 corpora do).
_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1, "Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11, "H1": 3, "H2": 9}


def _ref_of(value: TimeValue | None) -> Ref | None:
    """Return the calendar point a resolved DATE/TIME names (year known), else None."""
    if value is None or value.type not in ("DATE", "TIME") or not value.timex3:
        return None
    m = _CALENDAR_POINT.match(value.timex3)
    if not m:
        return None
    year = int(m.group(2))
    year = 1 - year if m.group(1) else year
    month = int(m.group(3)) if m.group(3) and m.group(3).isdigit() else None
    day = int(m.group(4)) if m.group(4) and m.group(4).isdigit() else None
    if m.group(3) in _SEASON_MONTH:
        return Ref(year, _SEASON_MONTH[m.group(3)], None, approx=True)
    if m.group(3) and m.group(3).startswith("W"):
        try:
            monday = date.fromisocalendar(year, int(m.group(3)[1:]), 4)
            month = monday.month
        except ValueError:
            month = None
    return Ref(year, month, day)


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """Return the text of the sentence before and after a match (same line)."""
    left = text[max(0, start - 200):start]
    cut = max(left.rfind(". "), left.rfind("\n"), left.rfind("? "), left.rfind("! "))
    right = text[end:end + 200]
    stops = [i for i in (right.find(". "), right.find("\n"), right.find("? "), right.find("! ")) if i >= 0]
    return left[cut + 1:], right[:min(stops)] if stops else right


def _tense(text: str, start: int, end: int) -> str:
    """Return 'future' when the nearest tense cue around a match is a future marker, else 'past'."""
    before, after = _sentence(text, start, end)
    best: tuple[int, str] | None = None
    for side, chunk in (("before", before.lower()), ("after", after.lower())):
        for cue, kind in ((_future_words(), "future"), (_PAST_WORDS, "past")):
            for m in cue.finditer(chunk):
                dist = len(chunk) - m.end() if side == "before" else m.start()
                if best is None or dist < best[0]:
                    best = (dist, kind)
    return best[1] if best else "past"


@lru_cache(maxsize=1)
def _future_words() -> re.Pattern[str]:
    """The future markers of ``data/timex.json`` as one pattern ("will", "next", "to be held")."""
    markers = words().future_markers
    clitics = [m for m in markers if m.startswith("'")]  # "'ll" follows its word directly
    whole = alt([m for m in markers if not m.startswith("'")])
    return re.compile(rf"(?:(?<![\w']){whole}|{alt(clitics) if clitics else '(?!)'})(?![\w])")


def _is_story(matches: Sequence[TimexSpan], anchor: Ref | None) -> bool:
    """True when most absolute years a text names lie more than a year from its publication year."""
    if anchor is None or anchor.year is None:
        return True
    bare = Ctx(anchor=None, narrative=None, tense="past", story=True)
    years = []
    for m in matches:
        try:
            v = resolve_phrase(m.text, bare)
        except (ValueError, OverflowError, KeyError, IndexError):
            continue
        ref = _ref_of(v) if v is not None and v.anchored else None
        if ref is not None and ref.year is not None:
            years.append(ref.year)
    if len(years) < 2:
        return False
    near = sum(abs(y - anchor.year) <= 1 for y in years)
    return near < 0.5 * len(years)


def _far(a: Ref | None, b: Ref | None) -> bool:
    """True when two references are more than about a year apart (or one is missing)."""
    if a is None or b is None or a.year is None or b.year is None:
        return True
    return abs((a.year * 12 + (a.month or 6)) - (b.year * 12 + (b.month or 6))) > 13


def _ctx(walk: _Walk, tense: str) -> Ctx:
    """The context for the next expression: in a history the story's date stands in for 'now'; in
    news, a bare 'April' after a date long before publication still belongs to that date's year."""
    deictic = (walk.narrative or walk.anchor) if walk.story else walk.anchor
    story = walk.story or (walk.narrative is not None and _far(walk.narrative, walk.anchor))
    return Ctx(anchor=deictic, narrative=walk.narrative, tense=tense, story=story,
               mentioned=walk.mentioned)


def _resolve_safe(text: str, ctx: Ctx) -> TimeValue | None:
    """resolve_phrase, with a rule's unexpected failure read as 'no value' (never raises)."""
    try:
        return resolve_phrase(text, ctx)
    except (ValueError, OverflowError, KeyError, IndexError):
        return None


def _fragment(walk: _Walk, matches: Sequence[TimexSpan], i: int, ctx: Ctx) -> tuple[bool, TimeValue | None]:
    """Resolve a range's bare end ('6' in '6-7 January 1916', '17' in '1915-17') from its neighbour.

    Returns (handled, value): ``handled`` is False when the match is not such a fragment.
    """
    m = matches[i]
    prev = matches[i - 1] if i > 0 else None
    nxt = matches[i + 1] if i + 1 < len(matches) else None
    joined_prev = prev is not None and bool(_JOINER.match(walk.text[prev.end:m.start]))
    joined_next = nxt is not None and bool(_JOINER.match(walk.text[m.end:nxt.start]))
    if _YEAR_FRAGMENT.match(m.text) and joined_prev and prev is not None:
        pv = _resolve_safe(prev.text, ctx)
        ref = _ref_of(pv)
        if ref is not None and ref.year is not None and ref.year > 0 and re.fullmatch(r"[0-9]{4}", prev.text):
            year = ref.year // 100 * 100 + int(m.text)
            if year > ref.year:
                return True, TimeValue("DATE", f"{year:04d}", f"{year:04d}", "year", True)
    dm = _DAY_FRAGMENT.match(m.text)
    if not dm:
        return False, None
    day = int(dm.group(1))
    if joined_next and nxt is not None:
        ref = _ref_of(_resolve_safe(nxt.text, ctx))
        if ref is not None and ref.month is not None and ref.day is not None:
            return True, _resolve_safe(_day_text(day, ref), ctx)
    if joined_prev and prev is not None:
        ref = _ref_of(_resolve_safe(prev.text, ctx))
        if ref is not None and ref.month is not None and ref.day is not None:
            year = int(dm.group(2)) if dm.group(2) else None
            return True, _resolve_safe(_day_text(day, ref, year), ctx)
    return True, None


def _day_text(day: int, ref: Ref, year: int | None = None) -> str:
    """Write a day of ``ref``'s month as text the phrase grammar reads ('6 january 1916')."""
    y = year if year is not None else ref.year
    month = max((name for name, n in words().months.items() if n == ref.month), key=len)
    if y is None:
        return f"{day} {month}"
    return f"{day} {month} {y}" if y > 0 else f"{day} {month} {1 - y} BC"


_EXPLICIT_YEAR = re.compile(r"(?<![\w,.])([0-9]{3,4})(?:\s*(B\.?\s?C\.?(?:E\.?)?|A\.?\s?D\.?))?(?![\w])")
_MONTH_WORD = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")


def _with_range_year(walk: _Walk, matches: Sequence[TimexSpan], i: int, prev: TimeValue | None) -> str:
    """A range's first end takes the year written after the second: 'August and September 1914',
    '26 June - 4 August 1952', 'May 4 and 5, 1865'; 'from October to March' crosses a year."""
    m = matches[i]
    before = walk.text[matches[i - 1].end:m.start] if i > 0 else ""
    if i > 0 and _MONTH_WORD.search(m.text) and not _EXPLICIT_YEAR.search(m.text) \
            and _RANGE_JOINER.fullmatch(before):
        start = _ref_of(prev)
        end = _ref_of(_resolve_safe(m.text, _ctx(walk, "past")))
        if start is not None and end is not None and start.year is not None and start.month and end.month:
            year = start.year + 1 if (end.month, end.day or 0) < (start.month, start.day or 0) else start.year
            return f"{m.text}, {year}" if year > 0 else f"{m.text}, {1 - year} BC"
    if i + 1 >= len(matches):
        return m.text
    nxt = matches[i + 1]
    gap = walk.text[m.end:nxt.start]
    if re.fullmatch(r"[0-9]{1,4}", m.text) and _JOINER.match(gap):
        era = re.search(r"(?i)B\.?\s?C\.?(?:E\.?)?|A\.?\s?D\.?", nxt.text)
        return f"{m.text} {era.group(0)}" if era else m.text  # "499-493 BC"
    if _CLOCK_ONLY.match(m.text) and _CLOCK_TO_DATE.fullmatch(gap):
        return f"{m.text} on {nxt.text}"  # "5:00 am on October 3, 1935"
    if _EXPLICIT_YEAR.search(m.text) or not _MONTH_WORD.search(m.text) or not _JOINER.match(gap):
        return m.text
    found = _EXPLICIT_YEAR.search(nxt.text)
    if found and (_MONTH_WORD.search(nxt.text) or _DAY_FRAGMENT.match(nxt.text)):
        return f"{m.text}, {found.group(0)}"
    if _MONTH_WORD.search(nxt.text) and _RANGE_JOINER.fullmatch(gap):
        # "from October to March": the range ends where the story is; a start later in the year
        # than the end belongs to the year before
        if walk.narrative is not None and walk.narrative.month is None:
            return m.text  # "In 1944 ... from October to March": the range starts in the story's year
        ctx = _ctx(walk, "past")
        end, start = _ref_of(_resolve_safe(nxt.text, ctx)), _ref_of(_resolve_safe(m.text, ctx))
        if end is not None and start is not None and end.year is not None and end.month and start.month:
            year = end.year - 1 if (start.month, start.day or 0) > (end.month, end.day or 0) else end.year
            return f"{m.text}, {year}" if year > 0 else f"{m.text}, {1 - year} BC"
    return m.text


_CLOCK_ONLY = re.compile(r"(?i)^(?:at |around |about )?(?:[0-9]{1,2}[:.][0-9]{2}|[0-9]{1,2}\s?[ap]\.?m\.?|"
                         r"noon|midnight)(?:\s?[ap]\.?m\.?|\s?hrs?\.?|\s?hours)?$")
# what may sit between a clock time and its date: "5:34 AM Baghdad time on March 20"
_CLOCK_TO_DATE = re.compile(r"\s*(?:(?:[A-Z][a-z]+|local) time)?,?\s*(?:on|of)?\s*")
_RANGE_JOINER = re.compile(r"(?i)\s*(?:[-\u2010-\u2014]|to|through|till|until)\s*")
_BACKWARD = re.compile(r"(?i)\b(?:previous|preceding|earlier|before|ago|prior|previously|last)\b")


def _words_before(text: str, start: int) -> int:
    """Return how many words come before ``start`` in its sentence."""
    before, _ = _sentence(text, start, start)
    return len(re.findall(r"[A-Za-z]+", before))


def _moves_narrative(walk: _Walk, m: TimexSpan, ref: Ref) -> bool:
    """Whether a resolved expression becomes the story's new reference date.

    A look back ("the previous year", "two years earlier") is a flashback, not a step forward, and
    so is a far date after "since" or "until". A bare year deep in a sentence ("a campaign planned
    for 1976") is background when the story already has a month or day; a year near the start of
    its sentence ("In 1942, ...") sets the scene.
    """
    if _BACKWARD.search(m.text):
        return False
    if ref.approx and not _EXPLICIT_YEAR.search(m.text):
        return False  # "the winter" read from the story restates it, it does not move it
    cur = walk.narrative
    if cur is None:
        return True
    prev = walk.text[max(0, m.start - 12):m.start].lower().split()
    if prev and prev[-1] in ("since", "until", "till", "before") and cur.year is not None \
            and ref.year is not None and abs(ref.year - cur.year) > 1:
        return False
    if ref.month is not None or cur.month is None:
        return True
    return _words_before(walk.text, m.start) <= 6


def _advance(walk: _Walk, m: TimexSpan, value: TimeValue | None, ctx: Ctx) -> None:
    """Move the story on after ``m`` resolved to ``value``."""
    ref = _ref_of(value) if value is not None and value.anchored else None
    written = _EXPLICIT_YEAR.search(m.text)
    if ref is None and value is not None and value.type == "DURATION" and written:
        ref = _ref_of(_resolve_safe(written.group(0), ctx))  # "the first ten months of 1915" is in 1915
    if ref is None or ref.year is None:
        return
    if written:
        walk.mentioned = ref
    if _moves_narrative(walk, m, ref):
        walk.narrative = ref if walk.narrative is None else walk.narrative.merge(ref)


def resolve_all(text: str, matches: Sequence[M], *, anchor: date | None) -> list[tuple[M, TimeValue | None]]:
    """Resolve a document's time expressions in order, carrying the narrative date along.

    Each absolute day, month or year moves the narrative; story-relative expressions ("the
    following year", "two days later") count from it. Tense comes from the words around each match.
    Returns ``(match, value)`` pairs in text order; value None where an expression names no time.
    """
    ordered = sorted(matches, key=lambda m: (m.start, m.end))
    walk = _Walk(text=text, anchor=Ref.of(anchor), story=_is_story(ordered, Ref.of(anchor)))
    out: list[tuple[M, TimeValue | None]] = []
    for i, m in enumerate(ordered):
        ctx = _ctx(walk, _tense(text, m.start, m.end))
        handled, value = _fragment(walk, ordered, i, ctx)
        if not handled:
            value = _resolve_safe(_with_range_year(walk, ordered, i, out[-1][1] if out else None), ctx)
        out.append((m, value))
        _advance(walk, m, value, ctx)
    return out


__all__ = ["TimexSpan", "resolve_all", "resolve_timex"]
