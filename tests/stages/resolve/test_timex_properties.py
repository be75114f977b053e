"""Property tests: the resolver never raises on any text, and day arithmetic round-trips."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from eventledger.stages.extract.timex_rules import find_timexes
from eventledger.stages.resolve.timex import resolve_all, resolve_timex

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
          "twenty"]
_days = st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31))
_time_words = st.sampled_from(["yesterday", "last month", "Wednesday night", "3 February", "two days later",
                               "the following year", "the 1990s", "490 BC", "every Friday", "now",
                               "early October", "31 February", "the 38th", "Q3", "fiscal 24", "at 25:99",
                               "the first half of", "May", "the previous April", "9:34 p.m., March 19"])
_texty = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_texty, _time_words,
                      st.lists(st.one_of(_texty, _time_words), max_size=4).map(" ".join)),
       anchor=st.one_of(st.none(), _days), narrative=st.one_of(st.none(), _days),
       tense=st.sampled_from(["past", "future", "other"]))
def test_timex_property_resolve_never_raises(text: str, anchor: date | None, narrative: date | None,
                                             tense: str) -> None:
    tv = resolve_timex(text, anchor=anchor, tense=tense, narrative=narrative)
    if tv is not None:
        assert tv.type in ("DATE", "TIME", "DURATION", "SET")
        assert (tv.value is None) == (tv.precision is None)
        assert tv.precision in (None, "day", "week", "month", "year")
        if not tv.anchored:
            assert tv.value is None


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.one_of(_texty, _time_words), max_size=8).map(" ".join),
       anchor=st.one_of(st.none(), _days))
def test_timex_property_document_walk_never_raises(text: str, anchor: date | None) -> None:
    matches = find_timexes(text)
    out = resolve_all(text, matches, anchor=anchor)
    assert [m for m, _ in out] == sorted(matches, key=lambda m: (m.start, m.end))


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(100, 3, 1), max_value=date(9990, 1, 1)), n=st.integers(0, 400),
       spelled=st.booleans())
def test_timex_property_day_offsets_round_trip(day: date, n: int, spelled: bool) -> None:
    amount = _WORDS[n] if spelled and n < len(_WORDS) else str(n)
    unit = "day" if n == 1 else "days"
    later = resolve_timex(f"{amount} {unit} later", anchor=None, narrative=day)
    ago = resolve_timex(f"{amount} {unit} ago", anchor=day + timedelta(days=n))
    assert later is not None and ago is not None
    assert later.value == (day + timedelta(days=n)).isoformat()
    assert ago.value == day.isoformat()
    back = resolve_timex(f"{amount} {unit} earlier", anchor=None, narrative=day + timedelta(days=n))
    assert back is not None and back.value == day.isoformat()


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_timex_property_written_dates_resolve_to_themselves(day: date) -> None:
    month = day.strftime("%B")
    for text in (f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}", day.isoformat()):
        tv = resolve_timex(text, anchor=None)
        assert tv is not None and tv.value == day.isoformat(), text
