"""Property tests: the number parser never raises and its ranges and spans are well formed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventledger.stages.extract.numbers import find_quantities, is_count_like, parse_quantity

WORDS = ["at", "least", "more", "than", "over", "nearly", "up", "to", "about", "between", "and", "or",
         "dozen", "dozens", "a", "half", "hundred", "thousand", "million", "one", "two", "twenty", "-",
         "several", "few", "number", "of", "1,500", "1.5", "17", "2011", "April", "years", "no", ",",
         "plus", "some", "scores", "tens", "thousands", "."]
phrases = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
texts = st.one_of(st.text(max_size=200), phrases)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_numbers_parse_never_raises_and_orders_bounds(text: str) -> None:
    q = parse_quantity(text)
    if q is not None:
        assert q.low is None or q.low >= 0
        assert q.low is None or q.high is None or q.low <= q.high
        assert not q.exact or q.low == q.high


@settings(max_examples=300, deadline=None)
@given(texts, st.booleans())
def test_numbers_find_quantities_spans_are_inside_and_ordered(text: str, counts_only: bool) -> None:
    last_end = 0
    for start, end, q in find_quantities(text, counts_only=counts_only):
        assert last_end <= start < end <= len(text)
        assert parse_quantity(text[start:end]) == q  # a found phrase parses alone to the same range
        assert is_count_like(text, start, end) or not counts_only
        last_end = end
