"""Word tables and shared helpers for time-expression resolution (see ``timex``).

Reads ``data/timex.json`` once. ``Ctx`` is what one expression is resolved against: the
publication anchor, the story's narrative date, the tense, and whether the text is a history told
long after the fact. ``tv`` builds a ``TimeValue`` and derives the contract's calendar interval
from a clean TIMEX3 date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from eventledger.errors import ResourceError
from eventledger.model.records import TimeValue

from .timex_calendar import Ref, fmt_date, valid_day

# --------------------------------------------------------------------------- lexicon


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    """Return the parsed ``data/timex.json`` (the same file the recogniser reads)."""
    try:
        raw = resources.files("eventledger.data").joinpath("timex.json").read_text(encoding="utf-8")
        return json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read eventledger/data/timex.json ({exc}); "
                            "reinstall eventledger") from exc


def alt(words: Any) -> str:
    """Return a non-capturing alternation of ``words``, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


class Words:
    """Lookup tables and regex pieces for phrase parsing (lower-cased, single-spaced text)."""

    def __init__(self) -> None:
        lex = _lex()
        self.months: dict[str, int] = lex["months"]
        self.weekdays: dict[str, int] = lex["weekdays"]
        self.seasons: dict[str, str] = lex["seasons"]
        self.parts: dict[str, str] = lex["parts_of_day"]
        self.clock_words: dict[str, str] = lex["clock_words"]
        self.numbers: dict[str, float] = lex["number_words"]
        self.vague = set(lex["vague_numbers"])
        self.ordinals: dict[str, int] = lex["ordinal_words"]
        self.units: dict[str, dict[str, Any]] = lex["units"]
        self.unit_plurals: dict[str, str] = lex["unit_plurals"]
        self.sets: dict[str, str] = lex["set_words"]
        self.present = set(lex["present_ref"]) | {"at present", "to the present", "until the present",
                                                    "till the present", "up to the present"}
        self.past = set(lex["past_ref"])
        self.future = set(lex["future_ref"])
        self.holidays: dict[str, str] = lex["holidays"]
        self.quarters: dict[str, int] = lex["quarters"]
        self.future_markers: list[str] = lex["future_markers"]
        self.month = alt(self.months) + r"\.?"
        self.weekday = alt(self.weekdays) + r"\.?"
        self.season = alt(self.seasons)
        self.part = alt(self.parts)
        tens = [w for w, v in self.numbers.items() if isinstance(v, int) and 20 <= v <= 90]
        self.number = (rf"(?:(?:{alt(tens)})[- ](?:{alt(self.numbers)})|{alt(self.numbers)}|"
                       rf"{alt(self.vague)}|[0-9][0-9,]*(?:\.[0-9]+)?)")
        self.unit = alt([*self.units, *(u + "s" for u in self.units), *self.unit_plurals])
        self.era = r"(?:b\.? ?c\.?(?:e\.?)?|a\.? ?d\.?|c\.?e\.?)"
        self.year = rf"(?:[0-9]{{1,4}} ?{self.era}|(?:a\.? ?d\.?|c\.?e\.?) [0-9]{{1,4}}|[0-9]{{3,4}})"
        self.day = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
        ords = alt(self.ordinals)
        self.ordinal = rf"(?:(?:{alt(tens)})-{ords}|{ords}|[0-9]{{1,2}}(?:st|nd|rd|th))"
        # what a modifier looks like before the expression it modifies ("early", "the end of the");
        # the value ignores it, as the TIMEX3 corpora do
        fw, fin, fof = alt(lex["fuzzy_words"]), alt(lex["fuzzy_in"]), alt(lex["fuzzy_of"])
        self.fuzzy = re.compile(
            rf"^(?:(?:very )?{fw}(?:-| )(?!in\b|on\b|the next\b|the following\b)|mid(?=[0-9])|"
            rf"{fin} (?:the )?|(?:{fof}|the (?:first|last) [a-z]+ (?:days|weeks|months) of|"
            rf"the very (?:beginning|start|end) of) (?:the )?|(?:the )?{fw} |{alt(lex['approximators'])} ?)")
        self.qmod = re.compile(rf"^(?:{alt(lex['quantity_modifiers'])}|less than a|more than a) ")


@lru_cache(maxsize=1)
def words() -> Words:
    """Return the word tables (built once)."""
    return Words()


# --------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class Ctx:
    """What one expression is resolved against."""

    anchor: Ref | None  # deictic reference ("yesterday" counts from it)
    narrative: Ref | None  # story reference ("the next day" counts from it)
    tense: str  # past | future
    story: bool  # True: bare months and day-months take the narrative's year
    mentioned: Ref | None = None  # the date named last, flashbacks included ("that year")

    @property
    def story_ref(self) -> Ref | None:
        """What 'the next day' counts from: the narrative, else the publication date."""
        return self.narrative or self.anchor

    @property
    def that_ref(self) -> Ref | None:
        """What 'that year' and 'the same year' point back to: the year named last."""
        return self.mentioned or self.story_ref


def tv(type_: str, timex3: str | None, *, anchored: bool = True) -> TimeValue:
    """Build a TimeValue, deriving the contract's calendar interval from a clean TIMEX3 date."""
    value = precision = None
    if timex3 and "X" not in timex3 and not timex3.startswith("BC"):
        core = timex3.split("T")[0] if type_ in ("DATE", "TIME") else ""
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", core):
            value, precision = core, "day"
        elif type_ == "DATE" and re.fullmatch(r"[0-9]{4}-W[0-9]{2}", core):
            value, precision = core, "week"
        elif type_ == "DATE" and re.fullmatch(r"[0-9]{4}-[0-9]{2}", core):
            value, precision = core, "month"
        elif type_ == "DATE" and re.fullmatch(r"[0-9]{4}", core):
            value, precision = core, "year"
    return TimeValue(type_, timex3, value, precision, anchored)


def unanchored(type_: str, timex3: str) -> TimeValue:
    """A relative expression with nothing to count from: unresolved TIMEX3, no calendar value."""
    return TimeValue(type_, timex3, None, None, False)


def duration(amount: float | None, code: str, is_time: bool) -> str:
    """Return a TIMEX3 duration: (3, 'Y') -> 'P3Y', (48, 'H', time) -> 'PT48H', (None, 'D') -> 'PXD'."""
    return f"P{'T' if is_time else ''}{fmt_amount(amount)}{code}"


def number_of(word: str) -> float | None:
    """Return the number a word or numeral stands for; None for vague amounts ("several")."""
    w = words()
    word = word.strip().replace(",", "")
    if word in w.vague:
        return None
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", word):
        return float(word)
    if word in w.numbers:
        return float(w.numbers[word])
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in w.numbers and parts[1] in w.numbers:
        return float(w.numbers[parts[0]] + w.numbers[parts[1]])
    return None


def fmt_amount(n: float | None) -> str:
    """Write an amount as TIMEX3 does: 3, 2.5, or X when unknown."""
    if n is None:
        return "X"
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def unit_code(word: str) -> tuple[str, bool, int]:
    """Return (TIMEX3 unit code, is a time-of-day unit, factor) for a unit word in any number."""
    w = words()
    word = word.rstrip(".")
    base = w.unit_plurals.get(word) or (word[:-1] if word.endswith("s") and word[:-1] in w.units else word)
    info = w.units.get(base, {"code": "D", "time": False})
    return info["code"], bool(info.get("time")), int(info.get("factor", 1))


def year_value(text: str) -> int | None:
    """Return the astronomical year a written year stands for ('490 BC' -> -489), else None."""
    t = text.replace(" ", "").replace(".", "")
    m = re.fullmatch(r"([0-9]{1,4})(bce?|ad|ce)?|(ad|ce)([0-9]{1,4})", t)
    if not m:
        return None
    n = int(m.group(1) or m.group(4))
    era = m.group(2) or m.group(3)
    if era in ("bc", "bce"):
        return 1 - n if n > 0 else None
    return n if n > 0 else None


def story_year(month: int, day: int | None, ctx: Ctx) -> tuple[int | None, bool]:
    """Return (year, anchored) for a month or day-month written without a year."""
    if ctx.story and ctx.narrative is not None and ctx.narrative.year is not None:
        return ctx.narrative.year, True
    ref = ctx.anchor or ctx.narrative
    if ref is None or ref.year is None:
        return None, False
    if ref.month is None:
        return ref.year, True
    ry, rm, rd = ref.year, ref.month, ref.day or 15
    # Compare as (month, day) with a few days' slack: a past-tense report of "3 March" published
    # on 1 March most likely means last year only if it is clearly after the reference.
    target = (month, day if day is not None else 1)
    slack_ref = _shift_md(rm, rd, 7 if day is not None else 0)
    if ctx.tense == "future":
        back = _shift_md(rm, rd, -7 if day is not None else 0)
        if day is None:
            return (ry if month >= rm else ry + 1), True
        return (ry if target >= back else ry + 1), True
    if day is None:
        return (ry if month <= rm else ry - 1), True
    return (ry if target <= slack_ref else ry - 1), True


def _shift_md(month: int, day: int, days: int) -> tuple[int, int]:
    """Return (month, day) shifted by ``days`` within a non-leap year, clamped at the year's ends."""
    d = date(2001, month, min(day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))
    first, last = date(2001, 1, 1).toordinal(), date(2001, 12, 31).toordinal()
    ordinal = max(first, min(last, d.toordinal() + days))
    n = date.fromordinal(ordinal)
    return n.month, n.day


def day_value(year: int | None, month: int, day: int, *, anchored: bool, part: str | None = None,
               clock: str | None = None) -> TimeValue | None:
    """Return a day (or a time on it); None when the day does not exist (31 February)."""
    if not valid_day(year, month, day):
        return None
    stamp = fmt_date(year, month, day)
    if part or clock:
        stamp += "T" + (clock or part or "")
        return tv("TIME", stamp, anchored=anchored) if anchored else unanchored("TIME", stamp)
    return tv("DATE", stamp, anchored=anchored) if anchored else unanchored("DATE", stamp)


def rel_year(rel: str, ctx: Ctx) -> tuple[int | None, bool]:
    """Return the year named by 'that year', 'the following year', 'last year'..."""
    deictic = rel in ("this", "last", "next")
    ref = ctx.anchor if deictic else ctx.that_ref if rel in ("that", "the same") else ctx.story_ref
    if ref is None or ref.year is None:
        return None, False
    shift = {"last": -1, "next": 1, "the following": 1, "the next": 1, "the previous": -1,
             "the preceding": -1}.get(rel, 0)
    return ref.year + shift, True
