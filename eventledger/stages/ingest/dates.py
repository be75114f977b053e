"""Normalising an input's publication date to ``YYYY-MM-DD`` without ever guessing."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_tz

# ISO dates and timestamps: 2024-02-08, 2024-02-08T10:15:00+03:00, 2024-02-08 10:15, 20240208.
# The date part is kept as written: a timestamp's local calendar day is the day the outlet dated
# the article, so it is never shifted to UTC.
_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})"
                  r"(?:$|[T ]\d{1,2}(?::\d{2}){0,2}(?:[.,]\d+)?\s*(?:Z|[+-]\d{2}:?\d{2})?$)")
# Written-out English dates: "8 February 2024", "February 8, 2024", "Feb. 8 2024", with an
# optional weekday in front. Month names only: a numeric 02/08/2024 is ambiguous and refused.
_MONTHS = {m: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for m in names}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DMY = re.compile(rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{{4}})$")
_MDY = re.compile(rf"^{_WEEKDAY}([a-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")


def _valid(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar day, else None."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def normalize_published(value: object) -> str | None:
    """``YYYY-MM-DD`` for a date, ISO timestamp or RFC 822 date; None when it cannot be read.

    None is returned for anything that is not unambiguously a calendar day (the caller records a
    warning): relative dates are anchored on this value, so a wrong guess would be worse than none.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    lowered = text.lower()
    for pattern, order in ((_DMY, (1, 2, 3)), (_MDY, (2, 1, 3))):
        match = pattern.match(lowered)
        if match:
            day, month_name, year = (match[i] for i in order)
            month = _MONTHS.get(month_name)
            return _valid(int(year), month, int(day)) if month else None
    # RFC 822 / RFC 2822 ("Thu, 08 Feb 2024 10:00:00 +0300"), the date format of RSS.
    if re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}", text):
        # parsedate_tz already widens RFC 822's two-digit years.
        parsed = parsedate_tz(text)
        if parsed is not None:
            return _valid(parsed[0], parsed[1], parsed[2])
    return None


def published_or_warning(value: object, warnings: list[str], *, where: str) -> str | None:
    """Normalise ``value``; when it is given but unreadable, append a warning and return None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    result = normalize_published(value)
    if result is None:
        warnings.append(f"{where}: published value {str(value)[:80]!r} is not a date that can be read "
                        f"(give YYYY-MM-DD); relative dates in this article will not be anchored")
    return result
