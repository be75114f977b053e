"""resolve_timex: one expression to its TIMEX3 value and the contract's calendar interval.

Tables in the manner of dateparser's tests: expression, anchor (publication date), expected
TIMEX3 value, expected contract value and precision.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventledger.stages.resolve.timex import resolve_timex

THURSDAY = date(2024, 2, 8)  # a Thursday


@pytest.mark.parametrize(("text", "type_", "timex3", "value", "precision"), [
    # the must-pass case: an article published Thursday 8 February 2024
    ("Wednesday night", "TIME", "2024-02-07TNI", "2024-02-07", "day"),
    ("on 8 February", "DATE", "2024-02-08", "2024-02-08", "day"),
    ("3 February", "DATE", "2024-02-03", "2024-02-03", "day"),
    ("last month", "DATE", "2024-01", "2024-01", "month"),
    ("Earlier this month", "DATE", "2024-02", "2024-02", "month"),
    ("February 7, 2024", "DATE", "2024-02-07", "2024-02-07", "day"),
    # deictic days, weeks, months, years
    ("yesterday", "DATE", "2024-02-07", "2024-02-07", "day"),
    ("today", "DATE", "2024-02-08", "2024-02-08", "day"),
    ("tomorrow", "DATE", "2024-02-09", "2024-02-09", "day"),
    ("tonight", "TIME", "2024-02-08TNI", "2024-02-08", "day"),
    ("last night", "TIME", "2024-02-07TNI", "2024-02-07", "day"),
    ("this morning", "TIME", "2024-02-08TMO", "2024-02-08", "day"),
    ("on Thursday", "DATE", "2024-02-08", "2024-02-08", "day"),
    ("Monday", "DATE", "2024-02-05", "2024-02-05", "day"),
    ("last Friday", "DATE", "2024-02-02", "2024-02-02", "day"),
    ("last week", "DATE", "2024-W05", "2024-W05", "week"),
    ("this week", "DATE", "2024-W06", "2024-W06", "week"),
    ("the previous week", "DATE", "2024-W05", "2024-W05", "week"),
    ("this month", "DATE", "2024-02", "2024-02", "month"),
    ("last year", "DATE", "2023", "2023", "year"),
    ("next year", "DATE", "2025", "2025", "year"),
    ("two days ago", "DATE", "2024-02-06", "2024-02-06", "day"),
    ("three months ago", "DATE", "2023-11", "2023-11", "month"),
    # absolute dates in every written form
    ("2024-02-07", "DATE", "2024-02-07", "2024-02-07", "day"),
    ("13/02/2024", "DATE", "2024-02-13", "2024-02-13", "day"),
    ("Feb. 8", "DATE", "2024-02-08", "2024-02-08", "day"),
    ("8th of February 2024", "DATE", "2024-02-08", "2024-02-08", "day"),
    ("Saturday, June 25, 1950", "DATE", "1950-06-25", "1950-06-25", "day"),
    ("September 1, 1939", "DATE", "1939-09-01", "1939-09-01", "day"),
    ("March 1940", "DATE", "1940-03", "1940-03", "month"),
    ("February of 1940", "DATE", "1940-02", "1940-02", "month"),
    ("1939", "DATE", "1939", "1939", "year"),
    ("the year 1812", "DATE", "1812", "1812", "year"),
    # fuzzy modifiers do not change the value (as in the TIMEX3 corpora)
    ("early October", "DATE", "2023-10", "2023-10", "month"),
    ("mid-January", "DATE", "2024-01", "2024-01", "month"),
    ("late 2023", "DATE", "2023", "2023", "year"),
    ("the end of 1940", "DATE", "1940", "1940", "year"),
    ("the middle of December 1944", "DATE", "1944-12", "1944-12", "month"),
    # names with no calendar interval of the contract's kinds
    ("the 1990s", "DATE", "199", None, None),
    ("the late 1960s", "DATE", "196", None, None),
    ("the 19th century", "DATE", "18", None, None),
    ("the twentieth century", "DATE", "19", None, None),
    ("summer 1944", "DATE", "1944-SU", None, None),
    ("the spring of 1940", "DATE", "1940-SP", None, None),
    ("Q3 2023", "DATE", "2023-Q3", None, None),
    ("the third quarter", "DATE", "2024-Q3", None, None),
    ("the second half of 2008", "DATE", "2008-H2", None, None),
    ("now", "DATE", "PRESENT_REF", None, None),
    ("currently", "DATE", "PRESENT_REF", None, None),
    ("at present", "DATE", "PRESENT_REF", None, None),
    ("nowadays", "DATE", "PRESENT_REF", None, None),
    ("former", "DATE", "PAST_REF", None, None),
    ("the future", "DATE", "FUTURE_REF", None, None),
    # BC years as the WikiWars corpus writes them
    ("490 BC", "DATE", "BC0490", None, None),
    ("146 B.C.", "DATE", "BC0146", None, None),
    ("April 480 BC", "DATE", "BC0480-04", None, None),
    ("the 470s BC", "DATE", "BC047", None, None),
    ("the 4th century BC", "DATE", "BC03", None, None),
    ("AD 79", "DATE", "0079", "0079", "year"),
    # durations
    ("three years", "DURATION", "P3Y", None, None),
    ("48 hours", "DURATION", "PT48H", None, None),
    ("two months", "DURATION", "P2M", None, None),
    ("a decade", "DURATION", "P1DE", None, None),
    ("two centuries", "DURATION", "P2CE", None, None),
    ("several days", "DURATION", "PXD", None, None),
    ("more than three years", "DURATION", "P3Y", None, None),
    ("two and a half years", "DURATION", "P2.5Y", None, None),
    ("ten-day", "DURATION", "P10D", None, None),
    ("month-long", "DURATION", "P1M", None, None),
    ("nineteen years old", "DURATION", "P19Y", None, None),
    ("the next two weeks", "DURATION", "P2W", None, None),
    ("30 minutes", "DURATION", "PT30M", None, None),
    ("a fortnight", "DURATION", "P2W", None, None),
    # sets
    ("every Friday", "SET", "XXXX-WXX-5", None, None),
    ("daily", "SET", "P1D", None, None),
    ("each year", "SET", "P1Y", None, None),
    ("weekly", "SET", "P1W", None, None),
    ("twice a week", "SET", "P1W", None, None),
    ("every morning", "SET", "XXXX-XX-XXTMO", None, None),
    # times of day
    ("at 3 p.m.", "TIME", "2024-02-08T15:00", "2024-02-08", "day"),
    ("09:30", "TIME", "2024-02-08T09:30", "2024-02-08", "day"),
    ("noon", "TIME", "2024-02-08T12:00", "2024-02-08", "day"),
    ("11 a.m. on 11 November 1918", "TIME", "1918-11-11T11:00", "1918-11-11", "day"),
    ("Christmas 1944", "DATE", "1944-12-25", "1944-12-25", "day"),
    ("Easter 2024", "DATE", "2024-03-31", "2024-03-31", "day"),
])
def test_timex_resolves_each_form(text: str, type_: str, timex3: str, value: str | None,
                                  precision: str | None) -> None:
    tv = resolve_timex(text, anchor=THURSDAY)
    assert tv is not None
    assert (tv.type, tv.timex3, tv.value, tv.precision) == (type_, timex3, value, precision)
    assert tv.anchored


@pytest.mark.parametrize(("text", "narrative", "timex3"), [
    ("two days later", date(2024, 2, 3), "2024-02-05"),
    ("twelve days later", date(1940, 6, 10), "1940-06-22"),
    ("the next day", date(1918, 11, 10), "1918-11-11"),
    ("the following day", date(2024, 2, 29), "2024-03-01"),
    ("the day before", date(1918, 2, 23), "1918-02-22"),
    ("that same day", date(1940, 5, 10), "1940-05-10"),
    ("the following year", date(1939, 9, 1), "1940"),
    ("the previous year", date(1942, 4, 1), "1941"),
    ("that month", date(2005, 5, 2), "2005-05"),
    ("the next month", date(2005, 2, 4), "2005-03"),
    ("later that month", date(1943, 7, 9), "1943-07"),
    ("a year later", date(1791, 10, 1), "1792"),
    ("four months earlier", date(1988, 7, 1), "1988-03"),
    ("that afternoon", date(1789, 7, 14), "1789-07-14TAF"),
    ("the next morning", date(1865, 4, 14), "1865-04-15TMO"),
    ("the following decade", date(1990, 1, 1), "200"),
    ("April", date(1940, 2, 10), "1940-04"),
    ("June 10", date(1940, 5, 28), "1940-06-10"),
    ("the 13th", date(1950, 10, 2), "1950-10-13"),
])
def test_timex_story_relative_counts_from_the_narrative(text: str, narrative: date, timex3: str) -> None:
    tv = resolve_timex(text, anchor=date(2009, 12, 19), narrative=narrative)
    assert tv is not None and tv.timex3 == timex3


@pytest.mark.parametrize(("text", "tense", "timex3"), [
    ("Friday", "past", "2024-02-02"),
    ("Friday", "future", "2024-02-09"),
    ("on Thursday", "past", "2024-02-08"),
    ("next Friday", "past", "2024-02-09"),
    ("3 March", "past", "2023-03-03"),
    ("3 March", "future", "2024-03-03"),
    ("10 February", "past", "2024-02-10"),  # two days ahead: a slip, not last year
    ("in March", "past", "2023-03"),
    ("in March", "future", "2024-03"),
    ("December", "past", "2023-12"),
])
def test_timex_tense_picks_the_direction(text: str, tense: str, timex3: str) -> None:
    tv = resolve_timex(text, anchor=THURSDAY, tense=tense)
    assert tv is not None and tv.timex3 == timex3


@pytest.mark.parametrize(("text", "timex3"), [
    ("yesterday", "XXXX-XX-XX"),
    ("Wednesday night", "XXXX-WXX-3TNI"),
    ("last month", "XXXX-XX"),
    ("last week", "XXXX-WXX"),
    ("next year", "XXXX"),
    ("3 February", "XXXX-02-03"),
    ("two days ago", "XXXX-XX-XX"),
    ("at 3 p.m.", "XXXX-XX-XXT15:00"),
])
def test_timex_without_anchor_is_unresolved_not_guessed(text: str, timex3: str) -> None:
    tv = resolve_timex(text, anchor=None)
    assert tv is not None
    assert (tv.timex3, tv.value, tv.precision, tv.anchored) == (timex3, None, None, False)


@pytest.mark.parametrize("text", ["February 7, 2024", "1939", "March 1940", "the 1990s", "three years"])
def test_timex_absolute_forms_need_no_anchor(text: str) -> None:
    tv = resolve_timex(text, anchor=None)
    assert tv is not None and tv.anchored and "X" not in (tv.timex3 or "X")


@pytest.mark.parametrize("text", ["31 February", "February 30, 2023", "29 February 2023", "07/02/2024",
                                  "", "   ", "the war", "banana", "32 March"])
def test_timex_impossible_or_not_a_time_is_none(text: str) -> None:
    assert resolve_timex(text, anchor=THURSDAY) is None


def test_timex_leap_day_exists_in_a_leap_year() -> None:
    tv = resolve_timex("29 February 2024", anchor=THURSDAY)
    assert tv is not None and tv.value == "2024-02-29"


def test_timex_value_becomes_an_event_date() -> None:
    tv = resolve_timex("Wednesday night", anchor=THURSDAY)
    assert tv is not None
    assert tv.to_dict() == {"type": "TIME", "timex3": "2024-02-07TNI", "value": "2024-02-07",
                            "precision": "day"}
    date_value = tv.as_date("Wednesday night", None)
    assert date_value is not None and (date_value.value, date_value.precision) == ("2024-02-07", "day")
    assert resolve_timex("three years", anchor=THURSDAY).as_date("three years", None) is None  # type: ignore[union-attr]
