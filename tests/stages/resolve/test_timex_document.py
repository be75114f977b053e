"""resolve_all: a document's expressions in order, the narrative date carried along."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eventledger.stages.resolve.timex import resolve_all


@dataclass(frozen=True)
class _M:
    start: int
    end: int
    text: str


def _matches(text: str, *phrases: str) -> list[_M]:
    """Locate each phrase in order (the recogniser's job; kept out of these tests)."""
    out, pos = [], 0
    for p in phrases:
        i = text.index(p, pos)
        out.append(_M(i, i + len(p), p))
        pos = i + len(p)
    return out


def _values(text: str, *phrases: str, anchor: date | None) -> list[str | None]:
    return [v.timex3 if v else None for _, v in resolve_all(text, _matches(text, *phrases), anchor=anchor)]


def test_timex_document_news_article_counts_from_publication() -> None:
    text = ("A US drone strike killed a commander in Baghdad on Wednesday night. The Pentagon said on "
            "Thursday that the strike answered an attack on 28 January. Talks will resume next week.")
    got = _values(text, "Wednesday night", "Thursday", "28 January", "next week", anchor=date(2024, 2, 8))
    assert got == ["2024-02-07TNI", "2024-02-08", "2024-01-28", "2024-W07"]


def test_timex_document_narrative_carries_relative_days() -> None:
    text = "On 3 February the army moved north. Two days later it took the bridge."
    got = _values(text, "3 February", "Two days later", anchor=date(2024, 2, 8))
    assert got == ["2024-02-03", "2024-02-05"]


def test_timex_document_history_anchors_to_the_story_not_the_publication() -> None:
    text = ("On September 1, 1939, Germany attacked Poland. By early October, Poland was divided. "
            "The following year, France fell. In April, Norway was invaded; twelve days later the "
            "fighting moved south.")
    got = _values(text, "September 1, 1939", "early October", "The following year", "April",
                  "twelve days later", anchor=date(2009, 12, 19))
    assert got == ["1939-09-01", "1939-10", "1940", "1940-04", "1940-04-XX"]


def test_timex_document_range_ends_share_month_and_year() -> None:
    text = "Heavy fighting on 6-7 January 1916 and again on May 4 and 5, 1916; throughout 1915-17."
    got = _values(text, "6", "7 January 1916", "May 4", "5, 1916", "1915", "17", anchor=date(2009, 12, 19))
    assert got == ["1916-01-06", "1916-01-07", "1916-05-04", "1916-05-05", "1915", "1917"]


def test_timex_document_month_range_across_new_year() -> None:
    text = "In 1944 the siege began. The army held the line from October to March, then advanced."
    got = _values(text, "1944", "October", "March", anchor=date(2009, 12, 19))
    assert got == ["1944", "1944-10", "1945-03"]


def test_timex_document_bc_range_takes_the_era() -> None:
    text = ("The Ionian Revolt (499-493 BC) failed. In 490 BC the Persians landed; "
            "the following year they left.")
    got = _values(text, "499", "493 BC", "490 BC", "the following year", anchor=date(2009, 12, 19))
    assert got == ["BC0499", "BC0493", "BC0490", "BC0489"]


def test_timex_document_flashback_does_not_move_the_story() -> None:
    text = ("On 10 March 1975 the offensive began, aimed at a campaign planned for 1976. "
            "The defence collapsed on 11 March. The previous year had been quiet. On 12 March it fled.")
    got = _values(text, "10 March 1975", "1976", "11 March", "The previous year", "12 March",
                  anchor=date(2009, 12, 19))
    assert got == ["1975-03-10", "1976", "1975-03-11", "1974", "1975-03-12"]


def test_timex_document_clock_takes_the_following_date() -> None:
    text = "At 5:00 am on October 3, 1935, the army crossed the river."
    assert _values(text, "5:00 am", "October 3, 1935", anchor=date(2009, 12, 19)) == \
        ["1935-10-03T05:00", "1935-10-03"]


def test_timex_document_future_tense_from_the_sentence() -> None:
    text = "The ministers met on Monday. They will meet again on Monday to sign the deal."
    got = _values(text, "Monday", "Monday", anchor=date(2024, 2, 8))
    assert got == ["2024-02-05", "2024-02-12"]


def test_timex_document_without_publication_date_leaves_deixis_unresolved() -> None:
    text = "Officials said yesterday that the attack on 3 March 2023 was planned. Two days later talks began."
    results = resolve_all(text, _matches(text, "yesterday", "3 March 2023", "Two days later"), anchor=None)
    values = [(v.timex3, v.anchored) if v else None for _, v in results]
    assert values == [("XXXX-XX-XX", False), ("2023-03-03", True), ("2023-03-05", True)]


def test_timex_document_keeps_match_objects_and_order() -> None:
    text = "In 1940 and 1939."
    ms = _matches(text, "1940", "1939")
    out = resolve_all(text, list(reversed(ms)), anchor=None)
    assert [m for m, _ in out] == ms
    assert resolve_all("", [], anchor=None) == []
