"""Property tests on hostile text: the cleaner, the number and casualty parser and the date resolver.

The stage property tests (tests/stages/...) draw mostly English-like words; these draw from the
alphabets of the bad-input corpus (right-to-left scripts, emoji with modifiers, combining marks,
invisible and control characters, Unicode line separators, digit soup) and chain the stages as
the pipeline does: whatever survives cleaning is what every later span must slice.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventledger.errors import InputError
from eventledger.model import Document
from eventledger.settings import load_settings
from eventledger.stages.clean import clean_document, clean_text, normalize_text
from eventledger.stages.extract.casualties import find_casualties, summarise
from eventledger.stages.extract.numbers import find_quantities, parse_quantity
from eventledger.stages.extract.timex_rules import find_timexes
from eventledger.stages.resolve.timex import resolve_all, resolve_timex

SETTINGS = load_settings(environ={})
HOSTILE = st.sampled_from([
    "قُتل خمسة أشخاص", "נהרגו חמישה", "\u202eevil\u202c", "\u200f", "\u061c", "🔥", "👨‍👩‍👧", "🙏🏽", "🇮🇶",
    "e\u0301\u0302\u0303", "\u0000", "\x07", "\x1b[31m", "\u2028", "\u2029", "\x85", "\r", "\r\n", "\u00a0", "\u3000",
    "\ufeff", "\ufffd", "١٢٣", "۴۵", "१२३", "½", "²", "12", "1,500", "3.5", "0", "-7", "1e9", "99999999999999999999",
    "killed", "wounded", "at least", "dozens of", "people", "civilians", "on Monday", "yesterday", "March 3",
    "2015", "Near Mosul,", " ", "\n", "\t", ".", "\"", "“", "”", "'", "—",
])
TEXTS = st.one_of(st.lists(HOSTILE, max_size=40).map("".join),
                  st.lists(st.one_of(HOSTILE, st.text(max_size=12)), max_size=30).map(" ".join),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
DAYS = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(TEXTS)
def test_badinput_properties_cleaner_raises_only_input_errors(body: str) -> None:
    doc = Document(doc_id="sha256:p", source_id="p", raw=body, body=body)
    lines = set(normalize_text(body).split("\n"))
    try:
        clean_document(doc, SETTINGS)
    except InputError as exc:
        assert exc.code in ("E201", "E206")  # too short, or not English: a reason, never a crash
        return
    assert all(line in lines for line in doc.text.split("\n"))  # nothing invented, nothing rewritten
    assert all(removed.text in lines for removed in doc.removed)


@PROPS
@given(TEXTS, st.integers(min_value=0, max_value=5_000))
def test_badinput_properties_number_and_casualty_spans_slice_the_clean_text(body: str, offset: int) -> None:
    text = clean_text(body).text
    for start, end, quantity in find_quantities(text, counts_only=True):
        assert 0 <= start < end <= len(text)
        assert parse_quantity(text[start:end]) == quantity
    figures = find_casualties(text, offset=offset)
    for figure in figures:
        assert text[figure.start - offset:figure.end - offset] == figure.phrase
        assert figure.low is None or figure.high is None or figure.low <= figure.high
    for total in summarise(find_casualties(text)):
        if total.span is not None:
            assert text[total.span.start:total.span.end] == total.span.text


@PROPS
@given(TEXTS, DAYS)
def test_badinput_properties_date_resolver_never_raises_and_spans_slice(body: str, anchor: date | None) -> None:
    text = clean_text(body).text
    matches = find_timexes(text)
    for match, value in resolve_all(text, matches, anchor=anchor):
        assert text[match.start:match.end] == match.text
        if value is not None:
            assert value.type in ("DATE", "TIME", "DURATION", "SET")
    whole = resolve_timex(body, anchor=anchor)  # the raw input as one phrase: no exception either
    if whole is not None:
        assert (whole.value is None) == (whole.precision is None)
