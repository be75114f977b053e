"""find_timexes: every written form of a time expression is found with its exact extent, and
numbers or words that only look like dates are left alone."""

from __future__ import annotations

import pytest

from eventledger.stages.extract.timex_rules import TimexMatch, explain, find_timexes


def _texts(text: str) -> list[str]:
    return [m.text for m in find_timexes(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # calendar dates
    ("The strike came on 8 February.", ["8 February"]),
    ("Published February 8, 2024 in Baghdad.", ["February 8, 2024"]),
    ("It happened on 3 February and again later.", ["3 February"]),
    ("Logged 2024-02-07 by the unit.", ["2024-02-07"]),
    ("Signed 13/02/2024 at noon.", ["13/02/2024", "noon"]),
    ("Dated Feb. 8 in the report.", ["Feb. 8"]),
    ("On the 8th of February 2024 they met.", ["the 8th of February 2024"]),
    ("Sept. 11, 2001 changed everything.", ["Sept. 11, 2001"]),
    ("On Saturday, June 25, 1950, the KPA crossed.", ["Saturday, June 25, 1950"]),
    ("The night of 10 May 1940 was quiet.", ["The night of 10 May 1940"]),
    # months and years
    ("The conflict ended in March 1940.", ["March 1940"]),
    ("It was February of 1940 when the pact failed.", ["February of 1940"]),
    ("In August of that year they attacked.", ["August of that year"]),
    ("Fighting resumed in April.", ["April"]),
    ("By 2011 the troops had left.", ["2011"]),
    ("The war began in 1939.", ["1939"]),
    ("Athens fell in 404 BC.", ["404 BC"]),
    ("the 1990s", ["the 1990s"]),
    ("It shaped the 19th century.", ["the 19th century"]),
    ("in the late 1960s", ["the late 1960s"]),
    # weekdays and relative words
    ("A US drone struck a car Wednesday night.", ["Wednesday night"]),
    ("He arrived on Monday.", ["Monday"]),
    ("It was signed last Friday.", ["last Friday"]),
    ("Officials said yesterday that", ["yesterday"]),
    ("Talks resume today and end tonight.", ["today", "tonight"]),
    ("Prices rose last month.", ["last month"]),
    ("Earlier this month the army said", ["Earlier this month"]),
    ("Talks were held this week.", ["this week"]),
    ("It had rained the previous week.", ["the previous week"]),
    ("The town fell two days ago.", ["two days ago"]),
    ("They returned three weeks later.", ["three weeks later"]),
    ("The following year, the treaty was signed.", ["The following year"]),
    ("Elections are due next year.", ["next year"]),
    # fuzzy, seasons, quarters
    ("by mid-January the front held", ["mid-January"]),
    ("expected in late 2023", ["late 2023"]),
    ("By early October, Poland was divided.", ["early October"]),
    ("in summer 1944 the Allies landed", ["summer 1944"]),
    ("They attacked in the spring.", ["the spring"]),
    ("Profits fell in the third quarter.", ["the third quarter"]),
    ("Revenue for Q3 2023 grew.", ["Q3 2023"]),
    ("The budget for fiscal 2024 passed.", ["fiscal 2024"]),
    ("at the end of the month", ["the end of the month"]),
    # present reference, durations, sets, times
    ("The group now controls the town.", ["now"]),
    ("It is currently unclear.", ["currently"]),
    ("At present, no one knows.", ["present"]),
    ("Nowadays the road is open.", ["Nowadays"]),
    ("The siege lasted three years.", ["three years"]),
    ("within 48 hours of the attack", ["48 hours"]),
    ("for two months", ["two months"]),
    ("It took a decade to rebuild.", ["a decade"]),
    ("Protesters gather every Friday.", ["every Friday"]),
    ("Shelling continues daily.", ["daily"]),
    ("The festival is held each year.", ["each year"]),
    ("The blast came at 3 p.m. local time.", ["3 p.m."]),
    ("Curfew starts at 09:30.", ["09:30"]),
    ("the 6-7 January 1916 battle", ["6", "7 January 1916"]),
    ("Throughout 1915-17, losses grew.", ["1915", "17"]),
])
def test_timex_rules_finds_each_form(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize("text", [
    "The militia killed 2000 people in the raid.",
    "Some 1500 soldiers crossed the river.",
    "The 1st Battalion advanced.",
    "Officials said they may return later if allowed.",
    "Thousands joined the March on Rome.",
    "They read the Sunday Times on the train.",
    "Resolution 1483 was adopted by the council.",
    "The Long March ended in Shaanxi.",
    "The fall of Paris shocked the allies.",
    "Operation Red Dawn captured him.",
    "the former an option",
])
def test_timex_rules_leaves_lookalikes_alone(text: str) -> None:
    assert _texts(text) == []


def test_timex_rules_may_is_a_month_only_as_a_date() -> None:
    assert _texts("In May Germany invaded the Low Countries.") == ["May"]
    assert _texts("May 10, 1940 was a Friday.") == ["May 10, 1940", "Friday"]
    assert _texts("May we ask a question?") == []


def test_timex_rules_offsets_slice_the_text() -> None:
    text = "On 3 February the army moved; two days later it withdrew, and by March 1940 it was over."
    found = find_timexes(text)
    assert [m.text for m in found] == ["3 February", "two days later", "March 1940"]
    assert all(text[m.start:m.end] == m.text for m in found)
    assert found == sorted(found, key=lambda m: m.start)


def test_timex_rules_accepts_checked_hints() -> None:
    text = "The ceasefire held through Ramadan and the Eid holiday period of the year."
    hint_start = text.index("the Eid holiday period of the year")
    hints = [(hint_start, hint_start + len("the Eid holiday period of the year")), (0, 3)]
    found = find_timexes(text, hints=hints)
    assert TimexMatch(hint_start, hint_start + 34, "the Eid holiday period of the year") in found
    assert all(m.text != "The" for m in found)  # a hint with no time word is refused


def test_timex_rules_ignores_hints_out_of_range_or_overlapping() -> None:
    text = "It ended on 3 February."
    assert _texts(text) == ["3 February"]
    found = find_timexes(text, hints=[(12, 14), (50, 60), (5, 2)])
    assert [m.text for m in found] == ["3 February"]


def test_timex_rules_explain_names_the_rule() -> None:
    assert explain("two days later") == [("offset", "two days later")]
    assert find_timexes("") == []
