"""Absolute and self-contained time expressions: dates, months, years, decades, seasons, quarters,
durations and sets.

Each ``parse_*`` reads normalised text (lower case, single spaces) and returns a ``TimeValue``,
None (the form, but no such time: "31 February"), or False (not this form: try the next parser).
"""

from __future__ import annotations

import re

from eventledger.model.records import TimeValue

from .timex_calendar import fmt_century, fmt_date, fmt_decade, fmt_year
from .timex_words import (
    Ctx,
    alt,
    day_value,
    duration,
    number_of,
    rel_year,
    story_year,
    tv,
    unanchored,
    unit_code,
    words,
    year_value,
)

_REL_YEAR = r"(that|this|last|next|the same|the following|the next|the previous|the preceding)"


def normalise(text: str) -> str:
    """Lower-case, single-space, plain-dash text without a leading preposition ("On 3 May")."""
    t = text.strip().lower()
    t = re.sub(r"[\u2010-\u2015]", "-", t)
    t = t.replace("\u2019", "'").replace("\u00a0", " ")
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"^(?:on|at|in|by|from|until|since|during) ", "", t)
    return t.strip(" ,;")


def _split_part(t: str) -> tuple[str, str | None]:
    """Split a trailing or leading part of day off ('wednesday night' -> ('wednesday', 'NI'))."""
    w = words()
    m = re.fullmatch(rf"(.+?) (?:in the )?({w.part})", t)
    if m and not re.fullmatch(r"(?:the|that|this|one|each|early|late)(?: (?:early|late))?", m.group(1)):
        return m.group(1), w.parts[m.group(2)]
    m = re.fullmatch(rf"(?:(?:very )?(?:early|late) (?:in |on )?)?(?:on )?(?:the )?(?:(?:early|late) )?"
                     rf"({w.part})(?: hours)? of (.+)", t)
    if m:
        return m.group(2), w.parts[m.group(1)]
    return t, None


def parse_date(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """Day-month(-year) in any written order; False when ``t`` is not such a date."""
    w = words()
    core, part = _split_part(t)
    core = re.sub(rf"^{w.weekday},? (?:the )?", "", core)
    rel = rf"(?: of {_REL_YEAR} year)?"
    m = re.fullmatch(rf"(?:the )?({w.day})(?: of)? ({w.month})(?:,? ({w.year}))?{rel}", core)
    if m:
        day_s, month_s, year_s, rel_s = m.group(1), m.group(2), m.group(3), m.group(4)
    else:
        m = re.fullmatch(rf"({w.month}) ({w.day})(?:(?:, ?| | of )({w.year}))?{rel}", core)
        if not m:
            return False
        month_s, day_s, year_s, rel_s = m.group(1), m.group(2), m.group(3), m.group(4)
    month = w.months[month_s.rstrip(".")]
    day = int(re.sub(r"[a-z]", "", day_s))
    year: int | None
    anchored = True
    if year_s:
        year = year_value(year_s)
    elif rel_s:
        year, anchored = rel_year(rel_s, ctx)
    else:
        year, anchored = story_year(month, day, ctx)
    return day_value(year, month, day, anchored=anchored, part=part)


def parse_numeric(t: str) -> TimeValue | None | bool:
    """'2024-02-07' (with an optional time), '13/02/2024'; an ambiguous '07/02/2024' is None."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:t([0-9]{2}:[0-9]{2}))?", t)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return day_value(year, month, day, anchored=True, clock=m.group(4))
    m = re.fullmatch(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([12][0-9]{3})", t)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return day_value(year, b, a, anchored=True)
        if b > 12 >= a:
            return day_value(year, a, b, anchored=True)
        if a == b:
            return day_value(year, a, a, anchored=True)
        return None  # 07/02/2024: day and month cannot be told apart
    return False


def parse_month(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'March 1940', 'August of that year', 'the previous April', a bare 'April'."""
    w = words()
    m = re.fullmatch(rf"({w.month})(?:,? | of )({w.year})", t)
    if m:
        year = year_value(m.group(2))
        return tv("DATE", fmt_date(year, w.months[m.group(1).rstrip(".")], gran="month"))
    m = re.fullmatch(rf"({w.month}) of {_REL_YEAR} year", t)
    if m:
        year, ok = rel_year(m.group(2), ctx)
        stamp = fmt_date(year, w.months[m.group(1).rstrip(".")], gran="month")
        return tv("DATE", stamp) if ok else unanchored("DATE", stamp)
    m = re.fullmatch(rf"(?:(the previous|the preceding|last|the following|the next|next|this|the same) )?"
                     rf"({w.month})", t)
    if not m:
        return False
    month = w.months[m.group(2).rstrip(".")]
    which = m.group(1)
    if which:
        ref = ctx.anchor if which in ("last", "next", "this") else ctx.story_ref
        if ref is None or ref.year is None:
            return unanchored("DATE", fmt_date(None, month, gran="month"))
        rm = ref.month or 0
        if which in ("the previous", "the preceding", "last"):
            year = ref.year if month < rm else ref.year - 1
        elif which in ("the following", "the next", "next"):
            year = ref.year if month > rm else ref.year + 1
        else:
            year = ref.year
        return tv("DATE", fmt_date(year, month, gran="month"))
    year, ok = story_year(month, None, ctx)
    stamp = fmt_date(year, month, gran="month")
    return tv("DATE", stamp) if ok else unanchored("DATE", stamp)


def parse_year(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'1939', '490 BC', 'AD 79', 'the year 1812'; a bare '396' in a BC story is 396 BC."""
    w = words()
    m = re.fullmatch(rf"(?:the years? )?({w.year})", t)
    if not m:
        return False
    year = year_value(m.group(1))
    if year is None:
        return None
    if re.fullmatch(r"[0-9]{1,3}", m.group(1)):
        # a bare short number is a year only in a BC narrative (the recogniser checked the context)
        nar = ctx.narrative
        if nar is not None and nar.year is not None and nar.year <= 0:
            year = 1 - year
    return tv("DATE", fmt_year(year))


def parse_decade_century(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'the 1990s' -> '199', "the '90s", 'the 470s BC' -> 'BC047', 'the 19th century' -> '18'."""
    w = words()
    m = re.fullmatch(rf"(?:the )?(?:(?:early|mid|late)-? ?)?([0-9]{{2,3}}0|'[0-9]0|[0-9]0)'?s"
                     rf"(?: ({w.era}))?", t)
    if m:
        digits, era = m.group(1).lstrip("'"), m.group(2)
        if len(digits) == 2:
            ref = ctx.anchor or ctx.narrative
            century = (ref.year // 100) if ref and ref.year and ref.year > 0 else 19
            digits = f"{century}{digits}"
        year = int(digits)
        if era and era.replace(".", "").replace(" ", "").startswith("b"):
            return tv("DATE", f"BC{year // 10:03d}")
        return tv("DATE", fmt_decade(year))
    m = re.fullmatch(rf"(?:the )?(?:(?:early|mid|late)-? ?)?({w.ordinal})[- ]century(?: ({w.era}))?", t)
    if m:
        o = m.group(1)
        n = int(re.sub(r"[a-z]", "", o)) if o[0].isdigit() else ordinal_value(o)
        if n is None or n < 1:
            return None
        bc = bool(m.group(2)) and m.group(2).replace(".", "").replace(" ", "").startswith("b")
        return tv("DATE", fmt_century(n, bc))
    return False


def ordinal_value(word: str) -> int | None:
    """Return the number an ordinal word stands for ('nineteenth' -> 19, 'twenty-first' -> 21)."""
    w = words()
    if word in w.ordinals:
        return w.ordinals[word]
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in w.numbers and parts[1] in w.ordinals:
        return int(w.numbers[parts[0]]) + w.ordinals[parts[1]]
    return None


_SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_SEASON_OF_MONTH = {1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA",
                    10: "FA", 11: "FA", 12: "WI"}


def parse_season(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'summer 1944' -> '1944-SU', 'the spring of that year', 'next summer', 'the winter'."""
    w = words()
    pre = r"(?:(?:early|late|mid)-? ?)?"
    m = (re.fullmatch(rf"(?:the )?{pre}({w.season})(?: of)? ({w.year})", t)
         or re.fullmatch(rf"()({w.year}) ({w.season})", t))
    if m:
        season_s, year_s = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(2))
        return tv("DATE", f"{fmt_year(year_value(year_s))}-{w.seasons[season_s]}")
    m = re.fullmatch(rf"(?:the )?{pre}({w.season}) of {_REL_YEAR} year", t)
    if m:
        year, ok = rel_year(m.group(2), ctx)
        stamp = f"{fmt_year(year)}-{w.seasons[m.group(1)]}"
        return tv("DATE", stamp) if ok else unanchored("DATE", stamp)
    m = re.fullmatch(rf"(?:(the next|the following|next|the previous|the preceding|last|this|that|the same|"
                     rf"the coming|the past|the|that same|this same) )?{pre}({w.season})", t)
    if not m:
        return False
    code = w.seasons[m.group(2)]
    which = m.group(1) or ""
    if which in ("next", "last", "this"):
        ref = ctx.anchor
    else:
        ref = ctx.that_ref if which in ("that", "that same", "the same") else ctx.story_ref
    if ref is None or ref.year is None:
        return unanchored("DATE", f"XXXX-{code}")
    year = ref.year
    here = _SEASON_OF_MONTH.get(ref.month or 0)
    if not which or which in ("the", "that", "that same", "this same", "the same"):
        # the winter after an autumn is labelled by the coming January's year
        if code == "WI" and (ref.month or 0) >= 9 and which not in ("the same", "that same"):
            year += 1
        return tv("DATE", f"{fmt_year(year)}-{code}")
    if which in ("the next", "the following", "next", "the coming") and here is not None:
        if _SEASON_ORDER[code] <= _SEASON_ORDER[here]:
            year += 1
    elif which in ("the previous", "the preceding", "last", "the past") and here is not None:
        if _SEASON_ORDER[code] >= _SEASON_ORDER[here]:
            year -= 1
    return tv("DATE", f"{fmt_year(year)}-{code}")


def parse_quarter(t: str, ctx: Ctx) -> TimeValue | None | bool:
    """'the third quarter' -> '2024-Q3', 'Q3 2023', 'H1 2024', 'fiscal 2024' -> 'FY2024'."""
    w = words()
    m = re.fullmatch(rf"(?:the )?({alt(w.quarters)}) quarter(?: of ({w.year}|(?:that|this|last|next|the same|"
                     rf"the following|the previous) year))?", t)
    if m:
        q = w.quarters[m.group(1)]
        if m.group(2) and re.match(r"[0-9]", m.group(2)):
            year: int | None = year_value(m.group(2))
            ok = True
        elif m.group(2):
            year, ok = rel_year(m.group(2).removesuffix(" year"), ctx)
        else:
            ref = ctx.anchor or ctx.narrative
            year, ok = (ref.year, True) if ref else (None, False)
        stamp = f"{fmt_year(year)}-Q{q}"
        return tv("DATE", stamp) if ok else unanchored("DATE", stamp)
    m = re.fullmatch(rf"(q[1-4]|h[12])(?: ?({w.year}))?", t)
    if m:
        year = year_value(m.group(2)) if m.group(2) else (ctx.anchor.year if ctx.anchor else None)
        stamp = f"{fmt_year(year)}-{m.group(1).upper()}"
        return tv("DATE", stamp) if year is not None else unanchored("DATE", stamp)
    m = re.fullmatch(r"(?:fiscal|fy) ?(?:year )?([0-9]{4}|[0-9]{2})", t)
    if m:
        digits = m.group(1)
        year = int(digits) if len(digits) == 4 else 2000 + int(digits)
        return tv("DATE", f"FY{year:04d}")
    return False


def strip_qmod(t: str) -> str:
    """Drop an approximating or limiting word ("about", "more than", "a mere") before an amount."""
    for _ in range(2):
        stripped = words().qmod.sub("", t, count=1)
        if stripped == t:
            break
        t = stripped
    return t


def parse_duration(t: str) -> TimeValue | None | bool:
    """'three years' -> 'P3Y', '48 hours' -> 'PT48H', 'several days' -> 'PXD', 'ten-day', 'month-long'."""
    w = words()
    m = re.fullmatch(rf"(?:the )?(?:(?:following|succeeding|coming|next|past|previous|preceding|intervening|"
                     rf"last|first|early|final|remaining) )?({w.unit})", t)
    if m and m.group(1).endswith("s") and m.group(1) not in ("hrs", "mins", "secs", "yrs"):
        code, is_time, _ = unit_code(m.group(1))
        return tv("DURATION", duration(None, code, is_time))  # "for days", "the following months"
    t = re.sub(r"^(?:the )?(?:next|past|last|previous|following|coming|first|final|remaining|subsequent|"
               r"preceding|four previous) (?=\S+ )", "", t)
    t = strip_qmod(t)
    t = re.sub(r" and half\b", " and a half", t)
    m = re.fullmatch(rf"({w.number}) ([a-z]{{3,}}) ({w.unit})", t)
    if m and m.group(2) not in w.numbers and number_of(m.group(1)) is not None \
            and m.group(2) not in ("few", "couple", "dozen", "per", "more", "other"):
        t = f"{m.group(1)} {m.group(3)}"  # "two bloody weeks"
    m = (re.fullmatch(rf"({w.number})(?: and a half)?[- ]({w.unit})(?: and an? half)?(?:[- ](?:long|old))?"
                      rf"(?: (?:old|of age))?", t)
         or re.fullmatch(rf"()({w.unit})-long", t))
    half = False
    if m:
        plural_only = not m.group(1) and m.group(2).endswith("s")  # "months-long": some months
        amount: float | None = None if plural_only else number_of(m.group(1)) if m.group(1) else 1.0
        unit_s = m.group(2)
        half = " and a half" in t or " and an half" in t
    else:
        m = re.fullmatch(rf"half an? ({w.unit})", t) or re.fullmatch(rf"an? ({w.unit}) and an? half", t)
        if not m:
            return False
        unit_s = m.group(1)
        amount = 0.5 if t.startswith("half") else 1.5
    code, is_time, factor = unit_code(unit_s)
    if amount is not None:
        amount = amount * factor + (0.5 if half else 0)
    return tv("DURATION", duration(amount, code, is_time))


def parse_set(t: str) -> TimeValue | None | bool:
    """'every Friday' -> 'XXXX-WXX-5', 'daily' -> 'P1D', 'twice a week' -> 'P1W', 'on Fridays'."""
    w = words()
    if t in w.sets:
        return tv("SET", w.sets[t])
    m = re.fullmatch(r"(?:every|each)(?: (other|single))? (.+)", t)
    if m:
        other, what = m.group(1) == "other", m.group(2)
        if what.rstrip("s") in w.weekdays or what in w.weekdays:
            return tv("SET", f"XXXX-WXX-{w.weekdays[what if what in w.weekdays else what.rstrip('s')]}")
        if what in w.months:
            return tv("SET", f"XXXX-{w.months[what]:02d}")
        if what in w.parts:
            return tv("SET", f"XXXX-XX-XXT{w.parts[what]}")
        if what in w.seasons:
            return tv("SET", f"XXXX-{w.seasons[what]}")
        m2 = re.fullmatch(rf"({w.number}) ({w.unit})", what)
        if m2:
            code, is_time, factor = unit_code(m2.group(2))
            n = number_of(m2.group(1))
            return tv("SET", duration(None if n is None else n * factor, code, is_time))
        if re.fullmatch(w.unit, what):
            code, is_time, factor = unit_code(what)
            return tv("SET", duration(factor * (2 if other else 1), code, is_time))
        return None
    m = re.fullmatch(rf"(?:once|twice|thrice|{w.number} times) (?:a|an|per|every|each) ({w.unit})", t) \
        or re.fullmatch(rf"per ({w.unit})", t)
    if m:
        code, is_time, factor = unit_code(m.group(1))
        return tv("SET", duration(factor, code, is_time))
    m = re.fullmatch(r"(mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)", t)
    if m:
        return tv("SET", f"XXXX-WXX-{w.weekdays[m.group(1)[:-1]]}")
    return False


def clock_of(t: str) -> str | None:
    """Return 'HH:MM' for a written clock time ('3 p.m.', '09:30', '0600 hours', 'noon'), or None."""
    w = words()
    if t in w.clock_words:
        return w.clock_words[t]
    m = re.fullmatch(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?(?::[0-9]{2})? ?"
                     r"(a\.?m\.?|p\.?m\.?|hrs?\.?|hours|h|o'clock)?", t)
    if m is None:
        m = re.fullmatch(r"([0-9]{2})([0-9]{2}) ?(hrs?\.?|hours|h)()", t)
        if m is None:
            return None
        hour, minute = int(m.group(1)), int(m.group(2))
        suffix = ""
    else:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        suffix = (m.group(3) or "").replace(".", "")
        if not suffix and m.group(2) is None:
            return None
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


