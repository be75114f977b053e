"""Calendar arithmetic for time-expression resolution, BC years included.

Years are astronomical internally (1 BC = 0, 2 BC = -1) so that "the following year" of 492 BC is
491 BC by plain addition; ``fmt_year`` writes them the way TIMEX3 corpora do ("BC0491"). Day
arithmetic uses ``datetime.date`` and so only works for years 1..9999; outside that range a day is
left unknown ("XX") rather than guessed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Ref:
    """A point a relative expression can be anchored to: a year, month or day (None = unknown)."""

    year: int | None  # astronomical
    month: int | None = None
    day: int | None = None
    approx: bool = False  # the month only stands for a season or quarter ("autumn 1940" ~ October)

    @classmethod
    def of(cls: type[Ref], d: date | None) -> Ref | None:
        """Return the day ``d`` as a Ref (None stays None)."""
        return None if d is None else cls(d.year, d.month, d.day)

    def as_date(self) -> date | None:
        """Return the day as a ``date`` when year, month and day are known and in range."""
        if self.year is None or self.month is None or self.day is None or self.approx \
                or not 1 <= self.year <= 9999:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def merge(self, new: Ref) -> Ref:
        """Return the narrative after ``new`` is mentioned: a coarser mention of the same year or
        month keeps the finer day already known ("in 1939" after "1 September 1939")."""
        if new.year is None:
            return self
        if new.year == self.year and (new.month is None or new.approx):
            return self
        if new.year == self.year and new.month == self.month and new.day is None:
            return self
        return new


def fmt_year(year: int | None) -> str:
    """Return a TIMEX3 year: '1939', '0079', 'BC0490' (astronomical 0 is 1 BC), 'XXXX' if unknown."""
    if year is None:
        return "XXXX"
    if year <= 0:
        return f"BC{1 - year:04d}"
    return f"{year:04d}"


def fmt_date(year: int | None, month: int | None = None, day: int | None = None, *, gran: str = "day") -> str:
    """Return 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' (per ``gran``) with 'XX' for unknown parts."""
    out = fmt_year(year)
    if gran in ("month", "day"):
        out += "-" + (f"{month:02d}" if month else "XX")
    if gran == "day":
        out += "-" + (f"{day:02d}" if day else "XX")
    return out


def fmt_week(d: date) -> str:
    """Return the ISO week of ``d`` as 'YYYY-Www'."""
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def fmt_decade(year: int) -> str:
    """Return the TIMEX3 decade of an astronomical year: 1994 -> '199', 475 BC -> 'BC047'."""
    if year <= 0:
        return f"BC{(1 - year) // 10:03d}"
    return f"{year // 10:03d}"


def fmt_century(number: int, bc: bool) -> str:
    """Return the TIMEX3 century for the ``number``-th century: 19th -> '18', 4th BC -> 'BC03'."""
    return f"{'BC' if bc else ''}{max(number - 1, 0):02d}"


def valid_day(year: int | None, month: int, day: int) -> bool:
    """True when ``day`` exists in ``month`` (of ``year`` when known; 29 February needs a leap year)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None or not 1 <= year <= 9999:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return day <= calendar.monthrange(year, month)[1]


def add_days(ref: Ref, days: int) -> Ref:
    """Return ``ref`` moved by ``days``; an unknown or out-of-range day stays unknown."""
    d = ref.as_date()
    if d is None:
        return replace(ref, day=None)
    try:
        n = d + timedelta(days=days)
    except OverflowError:
        return replace(ref, day=None)
    return Ref(n.year, n.month, n.day)


def add_months(ref: Ref, months: int) -> Ref:
    """Return ``ref`` moved by whole months (the day is dropped)."""
    if ref.year is None or ref.month is None:
        return Ref(ref.year, None, None) if ref.year is None else ref
    total = ref.year * 12 + (ref.month - 1) + months
    return Ref(total // 12, total % 12 + 1, None)


def add_years(ref: Ref, years: int) -> Ref:
    """Return ``ref`` moved by whole years (month and day dropped)."""
    return Ref(None if ref.year is None else ref.year + years)


def easter(year: int) -> date | None:
    """Return Western Easter Sunday of ``year`` (anonymous Gregorian algorithm), None out of range."""
    if not 1583 <= year <= 9999:
        return None
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def weekday_near(ref: date, weekday: int, direction: str) -> date:
    """Return the ``weekday`` (1 = Monday) nearest ``ref``: 'past' on or before it, 'future' on or
    after it, 'before' strictly before, 'after' strictly after."""
    delta = (ref.isoweekday() - weekday) % 7
    if direction == "past":
        return ref - timedelta(days=delta)
    if direction == "before":
        return ref - timedelta(days=delta or 7)
    ahead = (weekday - ref.isoweekday()) % 7
    if direction == "after":
        return ref + timedelta(days=ahead or 7)
    return ref + timedelta(days=ahead)
