"""Property tests: find_casualties never raises, its spans point into the text, its ranges are ordered."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventledger.stages.extract.casualties import find_casualties, summarise

WORDS = ["killed", "killing", "were", "was", "wounded", "injured", "dead", "at", "least", "more", "than",
         "nearly", "up", "to", "dozens", "of", "several", "a", "an", "the", "people", "civilians",
         "children", "soldiers", "rebels", "and", ",", ".", "including", "among", "them", "toll", "death",
         "rose", "no", "one", "casualties", "said", "according", "17", "1,500", "2011", "two", "dozen",
         "leader", "Taliban", "Abu", "al", "-", "Hassan", "others", "hurt", "between", "found", "him",
         "bodies", "lives", "claimed", "nurse", "mostly", "in", "village", "Syrians", "lost", "fighters"]
sentences = st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join)
texts = st.one_of(st.text(max_size=300), sentences)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=10_000))
def test_casualties_figures_are_well_formed(text: str, offset: int) -> None:
    for f in find_casualties(text, offset=offset):
        assert f.kind in ("killed", "injured")
        assert offset <= f.start < f.end <= offset + len(text)
        assert text[f.start - offset:f.end - offset] == f.phrase
        assert f.low is None or f.high is None or f.low <= f.high
        assert f.civilian_low is None or f.civilian_high is None or f.civilian_low <= f.civilian_high
        assert f.low is None or f.low >= 0
        assert not (f.low is None and f.high is None and f.civilian_low is None and f.civilian_high is None)
        if f.negated:
            assert f.low in (0, None) and f.high in (0, None)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_casualties_summary_is_well_formed(text: str) -> None:
    figs = find_casualties(text)
    for c in summarise(figs):
        assert c.low is None or c.high is None or c.low <= c.high
        assert c.civilian_low is None or c.civilian_high is None or c.civilian_low <= c.civilian_high
        if c.span is not None:
            assert text[c.span.start:c.span.end] == c.span.text
