"""find_casualties on casualty phrasings of Syrian-war and wire reporting (written for these tests):
tolls whose group comes first, shares given after the verb or as lists of uncounted nouns, lists
split by places, asides and headline sources between a number and its noun, totals and parts."""

from __future__ import annotations

import pytest

from eventledger.stages.extract.casualties import CasualtyFigure, find_casualties, summarise

N = None
K, J = "killed", "injured"

Row = tuple[str, list[tuple[str, int | None, int | None, int | None, int | None]]]
ROWS: list[Row] = [
    # a second count is never a modifier of the first one's noun
    ("Evacuation of 4 towns resumes Six people were killed near the crossing",
     [(K, 6, 6, N, N)]),
    # shares without a number: the whole list of nouns belongs to the subject
    ("At least 10 people including women and children have been killed on Friday.", [(K, 10, N, N, N)]),
    ("At least 10 people, including women, children and the elderly, were killed.", [(K, 10, N, N, N)]),
    ("The agency said 160 civilians mostly women and children were killed in the raids.",
     [(K, 160, 160, 160, 160)]),
    ("Activists said dozens of civilians mostly families were killed.", [(K, 24, N, 24, N)]),
    # the share told after the verb
    ("The monitor said at least 20 people were killed including 13 civilians and more than 30 wounded.",
     [(K, 20, N, 13, 13), (J, 31, N, N, N)]),
    ("Twelve people were killed in the village, among them 10 children.", [(K, 12, 12, 10, 12)]),
    ("The air strikes killed 25 civilians eight of them children.", [(K, 25, 25, 25, 25)]),
    # words between the group and its verb
    ("The monitor said that 35 people in total had died.", [(K, 35, 35, N, N)]),
    ("Dozens of civilians have brutally been killed in the town.", [(K, 24, N, 24, N)]),
    ("All five people on board were presumed dead.", [(K, 5, 5, N, N)]),
    ("Five people near an army base were killed.", [(K, 5, 5, N, N)]),  # a place, not a membership
    # asides and a headline's source after the noun
    ("The army killed 35 Daesh (outlawed in Russia) militants in the province.", [(K, 35, 35, 0, 0)]),
    ("Air raids kill 20 Islamic State militants monitor AFP Wednesday", [(K, 20, 20, 0, 0)]),
    ("Shelling has cost the lives of 136 civilians northeast of the city.", [(K, 136, 136, 136, 136)]),
    ("Car bomb kills 10 Governor AFP Sunday", [(K, 10, 10, N, N)]),
    ("Strike Kills 5 Soldiers Near Border", [(K, 5, 5, 0, 0)]),
    # one noun shared by two verbs
    ("The army killed 28 and wounded 30 militants near the town.", [(K, 28, 28, 0, 0), (J, 30, 30, 0, 0)]),
    # lists whose items each carry a place
    ("A missile hit a car killing two men from one militia and three men from another group.",
     [(K, 5, 5, N, N)]),
    ("Two people in the north and three people in the south were killed.", [(K, 5, 5, N, N)]),
    ("Strikes killed 19 people including six children in one village and another 23 people among them "
     "10 children in a second town.", [(K, 42, 42, 16, 42)]),
    ("30 militants were killed near the town and another five outside the city.", [(K, 35, 35, 0, 5)]),
    ("The raids killed 12 people in the city and 5 people were wounded in the village.",
     [(K, 12, 12, N, N), (J, 5, 5, N, N)]),
    # tolls whose counted group comes before the casualty word
    ("The number of rebel fighters killed in battles against the group in the town of Markada in the "
     "south of the province has risen to 39, the monitor said.", [(K, 39, 39, 0, 0)]),
    ("State TV said the number of civilians who have been killed by the shelling on Saturday has "
     "become around 40 in addition to over 100 injured.", [(K, 40, 40, 40, 40), (J, 101, N, N, N)]),
    ("A number of people were killed in the blast.", [(K, 2, N, N, N)]),
    # other casualty words
    ("A total of 70 terrorists were eliminated in the area.", [(K, 70, 70, 0, 0)]),
    ("Twenty people fell as martyrs in the attack.", [(K, 20, 20, N, N)]),
    ("The shelling led to the martyrdom of 3 citizens.", [(K, 3, 3, 3, 3)]),
    ("It reported five more deaths in rebel fire.", [(K, 5, 5, N, N)]),
    # an unknown toll is no zero toll
    ("There was no immediate death toll from the raids.", []),
    ("No casualty figures were given.", []),
    ("No deaths were reported.", [(K, 0, 0, N, N)]),
]


def _summary(figs: list[CasualtyFigure]) -> list[tuple[str, int | None, int | None, int | None, int | None]]:
    return [(f.kind, f.low, f.high, f.civilian_low, f.civilian_high) for f in figs]


@pytest.mark.parametrize(("sentence", "expected"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_casualties_forms_table(sentence: str, expected: list) -> None:
    figs = find_casualties(sentence)
    assert _summary(figs) == expected
    for f in figs:
        assert sentence[f.start:f.end] == f.phrase


def test_casualties_forms_toll_and_additive_flags() -> None:
    toll = find_casualties("The number of soldiers killed in the fighting has risen to 12.")[0]
    assert toll.toll and (toll.low, toll.civilian_high) == (12, 0)
    assert find_casualties("It reported five more deaths.")[0].additive


def test_casualties_forms_additive_figure_joins_the_voice_before_it() -> None:
    # "others" adds to the figure before it even where the sentence credits only the second.
    text = ("As well as the 10 civilians killed in strikes on the bus, 21 others died in strikes on the "
            "east of the city, the rescuers said.")
    killed, _ = summarise(find_casualties(text))
    assert (killed.low, killed.high, killed.civilian_low) == (31, 31, 10)


def test_casualties_forms_trigger_gate_admits_every_new_phrase() -> None:
    # The gate refuses a text without a lexicon word; each new phrase must still get through.
    for sentence in ("Three people fell as martyrs.", "It caused the martyrdom of 2 citizens.",
                     "Four people were presumed dead.", "60 terrorists were eliminated."):
        assert find_casualties(sentence), sentence
