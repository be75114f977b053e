"""parse_quantity / find_quantities / is_count_like on a table of real-world number phrases."""

from __future__ import annotations

import pytest

from eventledger.stages.extract.numbers import (
    QuantityRange,
    find_quantities,
    is_count_like,
    parse_quantity,
    tokenize,
)

N = None

# (phrase, low, high, exact)
PARSE_ROWS: list[tuple[str, int | None, int | None, bool]] = [
    # digits and separators
    ("17", 17, 17, True),
    ("0", 0, 0, True),
    ("1,500", 1500, 1500, True),
    ("12,345,678", 12345678, 12345678, True),
    ("1.500", 1500, 1500, True),
    ("2.300.000", 2300000, 2300000, True),
    ("2 million", 2000000, 2000000, True),
    ("1.5 million", 1500000, 1500000, True),
    ("3 thousand", 3000, 3000, True),
    ("2.5 billion", 2500000000, 2500000000, True),
    # written out
    ("one", 1, 1, True),
    ("seventeen", 17, 17, True),
    ("Seventeen", 17, 17, True),
    ("twenty", 20, 20, True),
    ("twenty-one", 21, 21, True),
    ("ninety nine", 99, 99, True),
    ("one hundred", 100, 100, True),
    ("a hundred", 100, 100, True),
    ("one hundred and five", 105, 105, True),
    ("two hundred thirty-four", 234, 234, True),
    ("three thousand", 3000, 3000, True),
    ("three thousand five hundred", 3500, 3500, True),
    ("a thousand", 1000, 1000, True),
    ("nineteen hundred", 1900, 1900, True),
    ("two million", 2000000, 2000000, True),
    # dozens and couples
    ("a dozen", 12, 12, True),
    ("half a dozen", 6, 6, True),
    ("a half-dozen", 6, 6, True),
    ("two dozen", 24, 24, True),
    ("3 dozen", 36, 36, True),
    ("a couple of", 2, 2, True),
    ("a couple", 2, 2, True),
    ("both", 2, 2, True),
    # hedges
    ("at least 37", 37, N, False),
    ("at least seven", 7, N, False),
    ("no fewer than 12", 12, N, False),
    ("more than 20", 21, N, False),
    ("over 20", 21, N, False),
    ("over two dozen", 25, N, False),
    ("more than a dozen", 13, N, False),
    ("more than 1,000", 1001, N, False),
    ("upwards of 50", 51, N, False),
    ("nearly 40", N, 39, False),
    ("almost 40", N, 39, False),
    ("almost a dozen", N, 11, False),
    ("less than 10", N, 9, False),
    ("fewer than 5", N, 4, False),
    ("up to 15", N, 15, False),
    ("as many as 300", N, 300, False),
    ("about 30", 30, 30, False),
    ("around 30", 30, 30, False),
    ("some 30", 30, 30, False),
    ("approximately 2,000", 2000, 2000, False),
    ("an estimated 500", 500, 500, False),
    ("a total of 12", 12, 12, True),
    # stated ranges
    ("between 10 and 15", 10, 15, False),
    ("10-15", 10, 15, False),
    ("10 - 15", 10, 15, False),
    ("10 to 15", 10, 15, False),
    ("two or three", 2, 3, False),
    ("one or two", 1, 2, False),
    ("20 or more", 20, N, False),
    ("20-plus", 20, N, False),
    ("20 or so", 20, 20, False),
    # vague quantities
    ("dozens", 24, N, False),
    ("dozens of", 24, N, False),
    ("scores", 40, N, False),
    ("scores of", 40, N, False),
    ("hundreds", 200, N, False),
    ("thousands", 2000, N, False),
    ("tens of thousands", 20000, N, False),
    ("hundreds of thousands", 200000, N, False),
    ("several", 3, N, False),
    ("a few", 2, N, False),
    ("a number of", 2, N, False),
    ("a handful of", 2, N, False),
    ("multiple", 2, N, False),
    ("numerous", 3, N, False),
    ("several dozen", 36, N, False),
    ("a few hundred", 200, N, False),
    ("several thousand", 3000, N, False),
]


@pytest.mark.parametrize(("phrase", "low", "high", "exact"), PARSE_ROWS, ids=[r[0] for r in PARSE_ROWS])
def test_numbers_parse_table(phrase: str, low: int | None, high: int | None, exact: bool) -> None:
    assert parse_quantity(phrase) == QuantityRange(low, high, exact)


@pytest.mark.parametrize("phrase", [
    "", "   ", "many", "few", "third", "the third", "21st", "1st", "3rd", "120mm", "people",
    "over the weekend", "about the attack", "some of them", "at least", "1.5", "0.5", "3,4",
    "one hundred five hundred", "thousand", "dozen", "37 people", "hundred", "a", "no one", "007",
])
def test_numbers_parse_rejects_non_quantities(phrase: str) -> None:
    assert parse_quantity(phrase) is None


def test_numbers_range_needs_a_larger_second_figure() -> None:
    # "15-10" is not a range; the first figure alone is not the whole phrase either.
    assert parse_quantity("15-10") is None
    assert parse_quantity("2013-01") is None


def test_numbers_quantity_range_value_and_order() -> None:
    assert QuantityRange(None, 39).value == 39
    assert QuantityRange(25, None).value == 25
    with pytest.raises(ValueError, match="out of order"):
        QuantityRange(5, 3)


def test_numbers_tokenize_keeps_offsets() -> None:
    text = "Killed 1,500 — twenty-one, al-Bab's"
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text
    assert [t.text for t in tokenize("twenty-one")] == ["twenty", "-", "one"]


# ------------------------------------------------------------------ locating and counts


def test_numbers_find_quantities_locates_phrases() -> None:
    text = "At least 37 people died and over two dozen were hurt; 10-15 homes burned."
    found = [(text[s:e], q) for s, e, q in find_quantities(text)]
    assert found == [
        ("At least 37", QuantityRange(37, None)),
        ("over two dozen", QuantityRange(25, None)),
        ("10-15", QuantityRange(10, 15)),
    ]


def test_numbers_find_quantities_does_not_restart_inside_a_phrase() -> None:
    text = "Nearly 70 children"
    assert [(s, e) for s, e, _ in find_quantities(text)] == [(0, 9)]


@pytest.mark.parametrize(("text", "phrase", "expected"), [
    ("the war began in 2011 when", "2011", False),
    ("Sun 16 Apr 2017 Death toll", "16", False),
    ("Sun 16 Apr 2017 Death toll", "2017", False),
    ("on April 18 2017 a bomb", "18", False),
    ("the clan ruled for 40 years", "40", False),
    ("in the past 24 hours", "24", False),
    ("fired 120 mm rounds", "120", False),
    ("at 3:30 a.m.", "3", False),
    ("at 3:30 a.m.", "30", False),
    ("on Route 5 near", "5", False),
    ("Resolution 2254 demands", "2254", False),
    ("No. 4 squadron", "4", False),
    ("a 12-year-old boy", "12", False),
    ("an F-16 jet", "16", False),
    ("release 2013-01-S-025", "2013", False),
    ("rose by 5% this year", "5", False),
    ("no one was hurt", "one", False),
    ("cost $5 million", "5 million", False),
    ("killed 2000 people", "2000", True),
    ("2,000 troops deployed", "2,000", True),
    ("killed 17 people", "17", True),
    ("one soldier died", "one", True),
    ("dozens were wounded", "dozens", True),
    ("killed 5.", "5", True),
])
def test_numbers_is_count_like(text: str, phrase: str, expected: bool) -> None:
    start = text.index(phrase)
    assert is_count_like(text, start, start + len(phrase)) is expected


def test_numbers_find_quantities_counts_only_filters_dates_and_measures() -> None:
    text = "In 2011, on April 18, some 2,000 troops deployed for 40 years; 85 locations were hit."
    counts = [text[s:e] for s, e, _ in find_quantities(text, counts_only=True)]
    assert counts == ["some 2,000", "85"]
    everything = [text[s:e] for s, e, _ in find_quantities(text)]
    assert "2011" in everything and "40" in everything


def test_numbers_is_count_like_rejects_bad_offsets() -> None:
    assert is_count_like("five", 3, 2) is False
    assert is_count_like("five", 0, 99) is False
