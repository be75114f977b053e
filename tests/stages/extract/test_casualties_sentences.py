"""find_casualties on a table of wire-news, ISAF- and CENTCOM-style sentences (written for these tests)."""

from __future__ import annotations

import pytest

from eventledger.stages.extract.casualties import CasualtyFigure, find_casualties

N = None
K, J = "killed", "injured"  # J: injured

# (sentence, [(kind, low, high, civilian_low, civilian_high), ...] in reading order)
Row = tuple[str, list[tuple[str, int | None, int | None, int | None, int | None]]]
ROWS: list[Row] = [
    # active voice, figure after the verb
    ("US Central Command said the strikes hit 85 locations, killing 17 and injuring over two dozen, "
     "including civilians.", [(K, 17, 17, N, N), (J, 25, N, N, N)]),
    ("A car bomb killed six people and injured 32 in the city centre, state television reported.",
     [(K, 6, 6, N, N), (J, 32, 32, N, N)]),
    ("The blast killed a nurse, a hospital employee and two soldiers, the director said.",
     [(K, 4, 4, 2, 2)]),
    ("The blast killed a nurse a hospital employee and two soldiers the director said",
     [(K, 4, 4, 2, 2)]),
    ("Government forces killed 10 children and 13 rebels in the village.", [(K, 23, 23, 10, 10)]),
    ("An Afghan and coalition security force killed the Taliban leader during an operation in "
     "Kandahar province.", [(K, 1, 1, 0, 0)]),
    ("Coalition aircraft killed several insurgents in Helmand province yesterday.", [(K, 3, N, 0, 0)]),
    ("A suicide bomber killed 14 fighters and wounded several others at a checkpoint.",
     [(K, 14, 14, 0, 0), (J, 3, N, N, N)]),
    ("Air strikes killed at least 18 civilians, including five children and two women, on Saturday.",
     [(K, 18, N, 18, N)]),
    ("Gunmen killed two teachers and a student.", [(K, 3, 3, 3, 3)]),
    ("The bombing killed more than 20 people, according to the health ministry.", [(K, 21, N, N, N)]),
    ("The airstrike killed two suspected insurgents and detained nine others.", [(K, 2, 2, 0, 0)]),
    ("Militants killed the village chief and his son.", [(K, 2, 2, N, N)]),
    ("A coalition airstrike killed an insurgent leader and two of his associates.", [(K, 3, 3, 0, 2)]),
    ("The attack killed 30 people, mostly civilians, and wounded 50.",
     [(K, 30, 30, N, N), (J, 50, 50, N, N)]),
    ("Troops executed 48 people in the village, among them 10 children.", [(K, 48, 48, 10, 48)]),
    ("A joint patrol killed a militia commander, along with one other insurgent.",
     [(K, 2, 2, 0, 0)]),
    ("The force responded to the threat, killing him.", [(K, 1, 1, N, N)]),
    ("Separate attacks killed 15 civilians in the north while six others were killed in the south.",
     [(K, 15, 15, 15, 15), (K, 6, 6, N, N)]),
    # nominal and "claimed the lives of"
    ("The drone strike followed the killing of three US soldiers at a base near the border last month.",
     [(K, 3, 3, 0, 0)]),
    ("The attack claimed the lives of 22 people.", [(K, 22, 22, N, N)]),
    ("The bodies of 12 men were found in a ditch.", [(K, 12, 12, N, N)]),
    ("The operation resulted in the death of Mullah Karim, a local commander.", [(K, 1, 1, N, N)]),
    ("Fighting has cost at least 30 lives since Monday.", [(K, 30, N, N, N)]),
    # passive voice, figure before the verb
    ("At least 29 rebels were killed in clashes with government troops overnight, a monitor said.",
     [(K, 29, N, 0, 0)]),
    ("Four people were killed in the attack on the market.", [(K, 4, 4, N, N)]),
    ("A man was found dead near the checkpoint on Tuesday.", [(K, 1, 1, N, N)]),
    ("Dozens were wounded when the shells hit the square.", [(J, 24, N, N, N)]),
    ("An insurgent was killed during the operation.", [(K, 1, 1, 0, 0)]),
    ("Officials said 48 people executed by the militia were buried on Friday.", [(K, 48, 48, N, N)]),
    ("Ten civilians were killed and 15 others were wounded when a rocket hit a school.",
     [(K, 10, 10, 10, 10), (J, 15, 15, N, N)]),
    ("The explosion left at least 27 people dead.", [(K, 27, N, N, N)]),
    ("Three policemen were shot dead at a checkpoint.", [(K, 3, 3, 0, 0)]),
    ("Nearly 40 people were killed in the fighting.", [(K, N, 39, N, N)]),
    ("Up to 15 people may have been killed, officials said.", [(K, N, 15, N, N)]),
    ("About 30 people were injured in the stampede.", [(J, 30, 30, N, N)]),
    ("Between 10 and 15 militants were killed in the air strike.", [(K, 10, 15, 0, 0)]),
    ("Hundreds were wounded in the protests.", [(J, 200, N, N, N)]),
    ("Scores of civilians were killed in the bombardment.", [(K, 40, N, 40, N)]),
    ("Five soldiers were killed and a dozen wounded in the ambush.", [(K, 5, 5, 0, 0), (J, 12, 12, N, N)]),
    ("Two people died in hospital from their wounds.", [(K, 2, 2, N, N)]),
    ("At least 11 civilians, including three children, were killed in the raid.", [(K, 11, N, 11, N)]),
    ("Fourteen members of the rebel group were killed in the blast.", [(K, 14, 14, 0, 0)]),
    ("Seven people were killed on Monday, the police said, and 20 were injured.",
     [(K, 7, 7, N, N), (J, 20, 20, N, N)]),
    ("Ten children were among at least 48 people killed in the village last week.", [(K, 48, N, 10, N)]),
    ("The monitor said 10 children and 13 rebels were among 48 people executed by government forces.",
     [(K, 48, 48, 10, 35)]),
    ("There were also 20 women among the dead.", [(K, 20, N, 20, N)]),
    ("Two Syrians were killed and 5 others were injured in the shelling.",
     [(K, 2, 2, N, N), (J, 5, 5, N, N)]),
    ("At least 17 people, most of them members of opposition groups, were killed in the car bomb blast.",
     [(K, 17, N, N, N)]),
    # headlines (no commas, title case)
    ("112 dead in market bombing", [(K, 112, 112, N, N)]),
    ("Six Killed in Market Bombing", [(K, 6, 6, N, N)]),
    ("2 Civilians Killed 9 Injured in Rocket Attack", [(K, 2, 2, 2, 2), (J, 9, 9, N, N)]),
    ("8 persons killed 58 others injured in rocket attacks on the city",
     [(K, 8, 8, N, N), (J, 58, 58, N, N)]),
    ("40 Civilians 25 Fighters Killed 110 Injured Near the Border",
     [(K, 65, 65, 40, 40), (J, 110, 110, N, N)]),
    # tolls and counted nouns
    ("The death toll rose to 112 on Sunday.", [(K, 112, 112, N, N)]),
    ("The death toll from the earthquake has risen to 86, 30 of them children.", [(K, 86, 86, 30, 86)]),
    ("Air strikes killed at least 12 civilians on Monday, bringing to 45 the number killed in 24 hours.",
     [(K, 12, N, 12, N), (K, 45, 45, N, N)]),
    ("The toll stood at 45 dead and 120 injured.", [(K, 45, 45, N, N), (J, 120, 120, N, N)]),
    ("Eight civilian deaths were reported after the shelling.", [(K, 8, 8, 8, 8)]),
    ("The army said it had eliminated over 60 terrorists.", [(K, 61, N, 0, 0)]),
    # negations
    ("No casualties were reported.", [(K, 0, 0, N, N), (J, 0, 0, N, N)]),
    ("No one was hurt in the explosion.", [(K, 0, 0, N, N), (J, 0, 0, N, N)]),
    ("Nobody was killed, police said.", [(K, 0, 0, N, N)]),
    ("The blast occurred without casualties.", [(K, 0, 0, N, N), (J, 0, 0, N, N)]),
    ("No civilians were harmed during the operation.", [(K, N, N, 0, 0), (J, N, N, 0, 0)]),
    ("There were no injuries.", [(J, 0, 0, N, N)]),
    # nothing to count (never invent)
    ("The security force returned fire, killing all individuals.", []),
    ("The fighters were killed trying to reopen the road.", []),
    ("A bomb blast hit a bus convoy killing and wounding dozens of people.", []),
    ("The ministry deployed 2,000 troops to the area in 2011.", []),
    ("The family had lived in the town for 40 years.", []),
    ("The strikes hit 85 locations across the country.", []),
    ("Near Mosul, two airstrikes destroyed an ISIL vehicle and damaged an ISIL bridge.", []),
    ("Near Ramadi, five strikes destroyed an ISIL sniper position and two ISIL fighting positions.", []),
    ("Near Abu Kamal, five strikes damaged 10 ISIL supply routes and destroyed two oil well heads.", []),
    ("The war began in March 2011 and has killed hundreds of thousands since.", [(K, 200000, N, N, N)]),
    ("He was killed.", []),
]


def _summary(figs: list[CasualtyFigure]) -> list[tuple[str, int | None, int | None, int | None, int | None]]:
    return [(f.kind, f.low, f.high, f.civilian_low, f.civilian_high) for f in figs]


@pytest.mark.parametrize(("sentence", "expected"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_casualties_sentence_table(sentence: str, expected: list) -> None:
    figs = find_casualties(sentence)
    assert _summary(figs) == expected
    for f in figs:
        assert sentence[f.start:f.end] == f.phrase
        assert f.low is None or f.high is None or f.low <= f.high


def test_casualties_table_is_large_enough() -> None:
    assert len(ROWS) >= 40


def test_casualties_offset_shifts_spans() -> None:
    doc = "Intro paragraph. A car bomb killed six people."
    start = doc.index("A car")
    figs = find_casualties(doc[start:], offset=start)
    assert len(figs) == 1
    f = figs[0]
    assert doc[f.start:f.end] == f.phrase == "killed six people"
    assert f.span.start == f.start and f.span.text == "killed six people"


@pytest.mark.parametrize(("sentence", "who"), [
    ("The drone strike followed the killing of three US soldiers at a base.", "US soldiers"),
    ("A car bomb killed six people.", "people"),
    ("At least 29 Syrian rebels were killed.", "Syrian rebels"),
    ("Gunmen killed two teachers and a student.", "teachers, student"),
    ("Dozens were wounded.", None),
])
def test_casualties_who_is_the_counted_noun(sentence: str, who: str | None) -> None:
    assert find_casualties(sentence)[0].who == who


@pytest.mark.parametrize(("sentence", "source"), [
    ("A car bomb killed six people in the city centre, state television reported.", "state television"),
    ("The bombing killed more than 20 people, according to the Ministry of Health.", "Ministry of Health"),
    ('"Four people were killed in the attack," said Observatory director Rami Haddad.',
     "Observatory director Rami Haddad"),
    ("Shelling killed four civilians on Sunday, a Britain-based monitor and a medical source said.",
     "Britain-based monitor and a medical source"),
    ("Five people died, he said.", None),
    ("A car bomb killed six people.", None),
])
def test_casualties_attribution(sentence: str, source: str | None) -> None:
    assert find_casualties(sentence)[0].attributed_to == source


def test_casualties_attribution_stays_in_its_sentence() -> None:
    text = "A car bomb killed six people. Later, the police said the road was closed."
    assert find_casualties(text)[0].attributed_to is None


def test_casualties_negation_flags() -> None:
    figs = find_casualties("No casualties were reported after the strike.")
    assert [f.negated for f in figs] == [True, True]
    assert all(f.phrase == "No casualties" for f in figs)
    assert not any(f.negated for f in find_casualties("Six people were killed."))


def test_casualties_toll_and_additive_flags() -> None:
    toll = find_casualties("The death toll rose to 112.")[0]
    assert toll.toll and not toll.additive
    others = find_casualties("Six people were killed and 12 others wounded.")
    assert [f.additive for f in others] == [False, True]


def test_casualties_empty_and_blank_text() -> None:
    assert find_casualties("") == []
    assert find_casualties("   \n ") == []
