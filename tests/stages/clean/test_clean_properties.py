"""Properties of clean_document on arbitrary text: only InputErrors, and nothing invented."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventledger.errors import InputError
from eventledger.model import Document
from eventledger.settings import Settings, load_settings
from eventledger.stages.clean import clean_document, normalize_text

SETTINGS: Settings = load_settings(environ={})

# Article-like lines mixed with boilerplate, embeds, odd whitespace and arbitrary Unicode.
PIECES = st.sampled_from([
    "Near Mosul, two airstrikes destroyed an ISIL vehicle and damaged an ISIL bridge.",
    "Near Kisik, one strike struck an ISIL tactical unit and destroyed an ISIL tunnel entrance.",
    "Above photo: Twitter/X.", "Share this article", "By John Smith", "Read more: x", "© 2024 X",
    "— CENTCOM (@CENTCOM) December 25, 2014", "pic.twitter.com/abc", "View this post on Instagram",
    "A post shared by CENTCOM (@centcom)", "\u00a0", "\u2028", "\u200b", "\r\n", "\n", "\n\n", " ", "\t",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=25).map("".join)


def _check(body: str) -> None:
    doc = Document(doc_id="sha256:p", source_id="p", raw=body, body=body)
    lines = set(normalize_text(body).split("\n"))
    try:
        clean_document(doc, SETTINGS)
    except InputError:
        pass
    else:
        assert all(line in lines for line in doc.text.split("\n"))
        assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()
    for removed in doc.removed:
        assert removed.text in lines and removed.reason
    for embed in doc.embeds:
        assert embed.platform in ("twitter", "instagram")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_clean_properties_only_input_errors_and_lines_from_the_input(body: str) -> None:
    _check(body)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_clean_properties_arbitrary_unicode(body: str) -> None:
    _check(body)
