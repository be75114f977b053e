"""Property tests: find_timexes never raises, and every match slices the text it came from."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventledger.stages.extract.timex_rules import find_timexes

_pieces = st.sampled_from(["on 8 February", "Wednesday night", "1939", "two days later", "May", "the 1990s",
                           "2000 people", "6-7 January 1916", "490 BC", "9:34 p.m.", "every Friday", "now",
                           "mid-", "the end of", " - ", ", ", "\n", "BC.", "'90s", "Q3", "31/31/2024"])
_text = st.lists(st.one_of(st.text(max_size=30), _pieces), max_size=10).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=_text, hints=st.lists(st.tuples(st.integers(-5, 200), st.integers(-5, 200)), max_size=4))
def test_timex_rules_property_matches_slice_the_text(text: str, hints: list[tuple[int, int]]) -> None:
    found = find_timexes(text, hints=hints)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.text == m.text.strip()
    spans = [(m.start, m.end) for m in found]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlaps


@settings(max_examples=100, deadline=None)
@given(prefix=st.text(max_size=20), suffix=st.text(max_size=20))
def test_timex_rules_property_offsets_follow_the_text(prefix: str, suffix: str) -> None:
    core = "The strike on 8 February 2024 killed a commander."
    text = f"{prefix}\n{core}\n{suffix}"
    found = [m for m in find_timexes(text) if m.text == "8 February 2024"]
    assert found and found[0].start == len(prefix) + 1 + core.index("8 February")
