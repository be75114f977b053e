"""Phrase grammar for time-expression resolution: one expression's text to a TIMEX3 value.

``resolve_phrase(text, ctx)`` reads a single expression ("Wednesday night", "two days later", "the
1990s") against a ``Ctx`` (publication anchor, story narrative, tense). Absolute forms are parsed in
``timex_absolute``; this module adds times of day and everything relative, and dispatches. The
document-level walk that builds the context lives in ``timex``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eventledger.model.records import TimeValue

from .timex_absolute import (
    clock_of,
    normalise,
    parse_date,
    parse_decade_century,
    parse_duration,
    parse_month,
    parse_numeric,
    parse_quarter,
    parse_season,
    parse_set,
    parse_year,
    strip_qmod,
)
from .timex_calendar import (
    Ref,
    add_days,
    add_months,
    add_years,
    easter,
    fmt_date,
    fmt_decade,
    fmt_week,
    fmt_year,
    weekday_near,
)
from .timex_words import (
    Ctx,
    alt,
    day_value,
    duration,
    number_of,
    tv,
    unanchored,
    unit_code,
    words,
    year_value,
)

_CLOCK_HEAD = re.compile(
    r"(?:(?:at|around|about|by|until|before|after|from) )?"
    r"([0-9]{1,2}(?:[:.][0-9]{2})?(?::[0-9]{2})?(?: ?(?:a\.?m\.?|p\.?m\.?|hrs?\.?|hours|h|o'clock))?"
    r"|[0-9]{4} ?(?:hrs?\.?|hours|h)|noon|midnight|midday)"
    r"(?: ?(?:[a-z]{2,4}t|utc|gmt|z))?(?:(?:,? (?:(?:on|of) )?)(.+))?")


def _parse_clock(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'at 3 p.m.', '09:30', 'noon', '11 a.m. on 11 November 1918': a time on the day named or the
    story's day."""
    w = words()
    m = _CLOCK_HEAD.fullmatch(t)
    if not m:
        return False
    clock = clock_of(m.group(1))
    if clock is None:
        return False
    if m.group(2):
        when = resolve_phrase(re.sub(rf"^{w.weekday},? ", "", m.group(2)), ctx)
        day_stamp = r"(?:BC)?[0-9X]{4}-[0-9X]{2}-[0-9X]{2}"
        if when is None or when.timex3 is None or not re.fullmatch(day_stamp, when.timex3):
            return None
        return tv("TIME", f"{when.timex3}T{clock}", anchored=when.anchored) if when.anchored \
            else unanchored("TIME", f"{when.timex3}T{clock}")
    ref = ctx.narrative or ctx.anchor
    if ref is None:
        return unanchored("TIME", f"XXXX-XX-XXT{clock}")
    return tv("TIME", f"{fmt_date(ref.year, ref.month, ref.day)}T{clock}")


# --------------------------------------------------------------------------- relative expressions


def _at_gran(ref: Ref, gran: str, *, part: str | None = None) -> TimeValue:
    """Return ``ref`` written at one granularity (day, week, month, year, decade, century)."""
    if ref.approx:
        ref = Ref(ref.year)  # a season's stand-in month is not a month the text named
    if gran == "day":
        stamp = fmt_date(ref.year, ref.month, ref.day)
        return tv("TIME", f"{stamp}T{part}") if part else tv("DATE", stamp)
    if gran == "week":
        d = ref.as_date()
        return tv("DATE", fmt_week(d) if d else f"{fmt_year(ref.year)}-WXX")
    if gran == "weekend":
        d = ref.as_date()
        return tv("DATE", (fmt_week(d) if d else f"{fmt_year(ref.year)}-WXX") + "-WE")
    if gran == "month":
        return tv("DATE", fmt_date(ref.year, ref.month, gran="month"))
    if gran == "decade" and ref.year is not None:
        return tv("DATE", fmt_decade(ref.year))
    if gran == "century" and ref.year is not None:
        y = ref.year
        return tv("DATE", f"BC{(-y) // 100:02d}" if y <= 0 else f"{(y - 1) // 100:02d}")
    return tv("DATE", fmt_year(ref.year))


_UNANCHORED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
               "year": "XXXX", "decade": "XXX", "century": "XX", "quarter": "XXXX-QX"}
_GRAN = {"day": "day", "night": "day", "morning": "day", "afternoon": "day", "evening": "day", "week": "week",
         "weekend": "weekend", "month": "month", "year": "year", "decade": "decade", "century": "century",
         "quarter": "quarter", "fortnight": "week"}


def _shift(ref: Ref, gran: str, n: int) -> Ref:
    """Return ``ref`` moved by ``n`` units of ``gran``."""
    if gran == "day":
        return add_days(ref, n)
    if gran in ("week", "weekend"):
        return add_days(ref, 7 * n)
    if gran == "month":
        return add_months(ref, n)
    if gran == "quarter":
        return add_months(ref, 3 * n)
    if gran == "decade":
        return add_years(ref, 10 * n)
    if gran == "century":
        return add_years(ref, 100 * n)
    return add_years(ref, n) if ref.month is None else Ref(None if ref.year is None else ref.year + n)


def _relative(ref: Ref | None, unit: str, n: int) -> TimeValue:
    """Return the ``unit`` (day, week, month, year...) ``n`` steps from ``ref``, written at that unit."""
    gran = _GRAN.get(unit, unit)
    part = words().parts.get(unit) if unit in ("night", "morning", "afternoon", "evening") else None
    if ref is None:
        stamp = _UNANCHORED.get(gran, "XXXX-XX-XX")
        return unanchored("TIME" if part else "DATE", f"{stamp}T{part}" if part else stamp)
    if gran == "quarter":
        if ref.month is None:
            return tv("DATE", f"{fmt_year(ref.year)}-QX")
        moved = add_months(ref, 3 * n)
        return tv("DATE", f"{fmt_year(moved.year)}-Q{((moved.month or 1) - 1) // 3 + 1}")
    return _at_gran(_shift(ref, gran, n), gran, part=part)


_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "overnight": 0,
              "the day before yesterday": -2, "the day after tomorrow": 2}


def _parse_relative_words(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'yesterday', 'today', 'tomorrow morning', 'tonight', 'the day before yesterday'."""
    w = words()
    m = re.fullmatch(rf"(?:(?:early|late) )?({alt(_DAY_WORDS)})(?: ({w.part}))?", t)
    if not m:
        return False
    word, part_s = m.group(1), m.group(2)
    shift = _DAY_WORDS[word]
    part = w.parts[part_s] if part_s else ("NI" if word in ("tonight", "overnight") else None)
    # In a history told long after the fact, a quoted "today" or "tomorrow" is the speaker's day,
    # which the text does not give: leave it unresolved rather than guess.
    if ctx.anchor is None or ctx.story:
        return unanchored("TIME" if part else "DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""))
    return _at_gran(add_days(ctx.anchor, shift), "day", part=part)


def _parse_deictic(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'last week', 'this month', 'next year', 'last night', 'this morning', 'the past year'."""
    w = words()
    m = re.fullmatch(rf"(?:the (?=past|last|coming)|this (?=past))?(last|next|this|past|coming) "
                     rf"(day|week|weekend|month|year|decade|century|quarter|{w.part})", t)
    if not m:
        return False
    which, unit = m.group(1), m.group(2)
    if which == "past" and unit in ("day", "week", "month", "year", "decade", "century") \
            and not t.startswith("this"):
        code, _, _ = unit_code(unit)
        return tv("DURATION", f"P1{code}")  # "the past year": the year up to now
    if unit in w.parts:
        shift = {"last": -1, "next": 1}.get(which, 0)
        part = w.parts[unit]
        if ctx.anchor is None:
            return unanchored("TIME", f"XXXX-XX-XXT{part}")
        return _at_gran(add_days(ctx.anchor, shift), "day", part=part)
    n = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
    return _relative(ctx.anchor, unit, n)


_STORY_SHIFT = {"next": 1, "following": 1, "subsequent": 1, "previous": -1, "preceding": -1, "prior": -1}


def _parse_story(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'the next day', 'the following year', 'that month', 'the same day', 'the day before'."""
    w = words()
    units = r"(day|night|morning|afternoon|evening|week|weekend|month|year|decade|century|quarter)"
    m = re.fullmatch(rf"(?:the )?((?:very )?(?:next|following|subsequent|previous|preceding|prior|same)|"
                     rf"(?:that|this)(?: same| very)?) {units}", t)
    if m:
        which, unit = m.group(1), m.group(2)
        n = _STORY_SHIFT.get(which.removeprefix("very "), 0)  # same, that, this: 0
        ref = ctx.anchor if which == "this" else ctx.story_ref
        if unit == "year" and n == 0 and which != "this":
            ref = ctx.that_ref
        return _relative(ref, unit, n)
    m = re.fullmatch(r"the (day|night|morning|evening|week|month|year) (before|after|following|prior)", t)
    if m:
        n = 1 if m.group(2) in ("after", "following") else -1
        unit = m.group(1)
        ref = ctx.story_ref
        if unit in ("night", "morning", "evening"):
            return _relative(None if ref is None else add_days(ref, n), unit, 0)
        return _relative(ref, unit, n)
    m = re.fullmatch(rf"(?:the )?(next|following|previous|preceding) ({w.weekday})", t)
    if m:
        ref = ctx.story_ref
        day = w.weekdays[m.group(2).rstrip(".")]
        d = ref.as_date() if ref else None
        if d is None:
            return unanchored("DATE", f"XXXX-WXX-{day}")
        return tv("DATE", weekday_near(d, day, "after" if m.group(1) in ("next", "following") else "before")
                   .isoformat())
    return False


def _parse_offset(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'two days later', 'three weeks ago', 'a year after', 'weeks earlier'."""
    w = words()
    t = strip_qmod(t)
    m = re.fullmatch(rf"(?:({w.number})(?: and a half)?[- ])?({w.unit}) (ago|later|earlier|afterwards?|after|"
                     rf"before|previously|prior|hence|since|on)", t)
    if not m:
        return False
    amount_s, unit_s, direction = m.group(1), m.group(2), m.group(3)
    code, is_time, factor = unit_code(unit_s)
    backwards = direction in ("ago", "earlier", "before", "previously", "prior", "since")
    amount = number_of(amount_s) if amount_s else None
    if amount is None or not float(amount).is_integer():
        return tv("DATE", "PAST_REF" if backwards else "FUTURE_REF")
    n = int(amount) * factor * (-1 if backwards else 1)
    ref = ctx.anchor if direction in ("ago", "hence", "since") else ctx.story_ref
    # "a decade earlier" names a year; "two centuries later" too
    unit = {"D": "day", "W": "week", "M": "month", "Y": "year", "DE": "year", "CE": "year"}.get(code, "day")
    n *= {"DE": 10, "CE": 100}.get(code, 1)
    if is_time:
        if ref is None:
            return unanchored("TIME", "XXXX-XX-XXTXX")
        return tv("TIME", f"{fmt_date(ref.year, ref.month, ref.day)}TXX")
    if unit == "week":
        return _relative(None if ref is None else add_days(ref, 7 * n), "week", 0)
    return _relative(ref, unit, n)


def _parse_weekday(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'Wednesday night', 'last Friday', 'on Monday': the nearest such day, the way the tense points."""
    w = words()
    m = re.fullmatch(rf"(?:(last|next|this|coming|past|early|late) )?({w.weekday})(?: ({w.part}))?", t)
    if not m:
        return False
    which, day = m.group(1), w.weekdays[m.group(2).rstrip(".")]
    part = w.parts[m.group(3)] if m.group(3) else None
    d = ctx.anchor.as_date() if ctx.anchor else None
    if d is None:
        stamp = f"XXXX-WXX-{day}" + (f"T{part}" if part else "")
        return unanchored("TIME" if part else "DATE", stamp)
    direction = {"last": "before", "past": "before", "next": "after", "coming": "after"}.get(
        which or "", "future" if ctx.tense == "future" else "past")
    found = weekday_near(d, day, direction)
    return _at_gran(Ref(found.year, found.month, found.day), "day", part=part)


def _parse_part(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'that afternoon' (the story's day), 'this morning' (today), a bare 'night' (no day)."""
    w = words()
    m = re.fullmatch(rf"(?:(?:early|late) (?:in )?)?(?:(the|that|this|one|each) )?(?:(?:early|late) )?"
                     rf"({w.part})(s)?", t)
    if not m:
        return False
    det, part = m.group(1), w.parts[m.group(2)]
    if det == "each":
        return tv("SET", f"XXXX-XX-XXT{part}")
    if det == "this":
        ref = ctx.anchor
    elif det in ("the", "that"):
        ref = ctx.story_ref
    else:
        return tv("TIME", f"XXXX-XX-XXT{part}")
    if ref is None:
        return unanchored("TIME", f"XXXX-XX-XXT{part}")
    return tv("TIME", f"{fmt_date(ref.year, ref.month, ref.day)}T{part}")


def _parse_holiday(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'Christmas 1944', 'Christmas night', 'Easter' (computed for the year), 'New Year's Day'."""
    w = words()
    m = re.fullmatch(rf"({alt(w.holidays)})(?: (day|eve|night|sunday|monday))?(?: ({w.year}))?", t)
    if not m:
        return False
    name = m.group(1) if not m.group(2) else f"{m.group(1)} {m.group(2)}"
    rule = w.holidays.get(name) or w.holidays[m.group(1)]
    part = "NI" if m.group(2) == "night" or name.endswith(" night") else None
    if m.group(3):
        year: int | None = year_value(m.group(3))
    else:
        ref = ctx.story_ref
        year = ref.year if ref else None
    if rule.startswith("easter"):
        e = easter(year) if year is not None else None
        if e is None:
            return tv("DATE", fmt_year(year)) if year is not None else unanchored("DATE", "XXXX-XX-XX")
        shift = int(rule[6:] or 0)
        return _at_gran(add_days(Ref(e.year, e.month, e.day), shift), "day")
    month, day = (int(x) for x in rule.split("-"))
    if year is None:
        return unanchored("DATE", f"XXXX-{month:02d}-{day:02d}")
    return day_value(year, month, day, anchored=True, part=part)


def _parse_ordinal_day(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'the 13th', 'the 20th of that month': a day of the story's month."""
    m = re.fullmatch(r"(?:the )?(3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)"
                     r"(?: of (?:that|this|the same) month)?", t)
    if not m:
        return False
    ref = ctx.story_ref
    day = int(m.group(1))
    if ref is None or ref.month is None:
        return unanchored("DATE", f"{fmt_year(ref.year if ref else None)}-XX-{day:02d}")
    return day_value(ref.year, ref.month, day, anchored=True)


def _parse_bare_unit(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """What is left after 'the end of the month', 'later in the year': the story's month or year."""
    if t not in ("day", "week", "month", "year", "decade", "century", "war"):
        return False
    if t == "war":
        return None
    return _relative(ctx.story_ref, t, 0)


def _parse_refs(t: str) -> TimeValue | None | bool:
    """'now', 'currently', 'former', 'the future': PRESENT_REF, PAST_REF, FUTURE_REF."""
    w = words()
    if t in w.present or t in ("now", "present", "right now", "current", "just now", "by now", "until now"):
        return tv("DATE", "PRESENT_REF")
    if t in w.past:
        return tv("DATE", "PAST_REF")
    if t in w.future:
        return tv("DATE", "FUTURE_REF")
    return False


def _parse_part_of(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'the first ten months of 1915' is a duration; 'the second half of 2008' is '2008-H2'."""
    w = words()
    m = re.fullmatch(r"the (first|second|latter|last) half of (.+)", t)
    if m:
        whole = resolve_phrase(m.group(2), ctx)
        if whole is None or whole.timex3 is None or not re.fullmatch(r"(?:BC)?[0-9X]{4}", whole.timex3):
            return False
        return tv("DATE", f"{whole.timex3}-H{1 if m.group(1) == 'first' else 2}")
    m = re.fullmatch(rf"the (?:first|last|final|opening|closing) (?:({w.number}) )?({w.unit}) of .+", t)
    if m and m.group(2) not in ("day", "night"):
        code, is_time, factor = unit_code(m.group(2))
        n = number_of(m.group(1)) if m.group(1) else (1.0 if not m.group(2).endswith("s") else None)
        return tv("DURATION", duration(None if n is None else n * factor, code, is_time))
    return False


_STRIP_LATER = re.compile(r"^(?:later|earlier)(?: on)? (?=(?:that|this|the same) )")


def resolve_phrase(text: str, ctx: Ctx) -> TimeValue | None:
    """Return the value of one time expression in context, or None when it has none."""
    t = normalise(text)
    if not t:
        return None
    refs = _parse_refs(t)
    if refs is not False:
        return refs
    t = _STRIP_LATER.sub("", t)
    part = _parse_part_of(t, ctx)
    if part is not False:
        return part
    for _ in range(3):  # "the end of early 1940" is not English, but "early in the year" is two steps
        stripped = words().fuzzy.sub("", t, count=1)
        if stripped == t or not stripped:
            break
        t = stripped
    for parse in _PARSERS:
        r = parse(t, ctx)
        if r is not False:
            return r if isinstance(r, TimeValue) else None
    r = _parse_refs(t)
    return r if isinstance(r, TimeValue) else None


# The order matters: sets before durations ("every two weeks"), dates before relative forms,
# durations before clock times ("3 hours" is not 03:00).
_PARSERS: tuple[Callable[[str, Ctx], TimeValue | None | bool], ...] = (
    lambda t, ctx: parse_set(t), lambda t, ctx: parse_numeric(t),
    parse_date, parse_month, parse_year, parse_decade_century, parse_season, parse_quarter,
    _parse_relative_words, _parse_deictic, _parse_story, _parse_offset, _parse_weekday, _parse_part,
    _parse_holiday, _parse_ordinal_day, _parse_bare_unit,
    lambda t, ctx: parse_duration(t), _parse_clock,
)

