"""summarise(): one killed and one injured range from a sentence's figures."""

from __future__ import annotations

from eventledger.model.records import Casualties
from eventledger.stages.extract.casualties import CasualtyFigure, find_casualties, summarise


def _fig(kind: str, low: int | None, high: int | None, *, start: int = 0, who: str | None = None,
         source: str | None = None, toll: bool = False, negated: bool = False,
         civ: tuple[int | None, int | None] = (None, None)) -> CasualtyFigure:
    phrase = "x" * 5
    return CasualtyFigure(kind, low, high, civ[0], civ[1], start, start + 5, phrase, who=who,
                          negated=negated, attributed_to=source, toll=toll)


def _ranges(c: Casualties) -> tuple[int | None, int | None, int | None, int | None]:
    return c.low, c.high, c.civilian_low, c.civilian_high


def test_casualties_summarise_distinct_groups_add_up() -> None:
    text = "Separate attacks killed 15 civilians in the north while six others were killed in the south."
    killed, injured = summarise(find_casualties(text))
    assert _ranges(killed) == (21, 21, 15, None)
    assert injured.is_empty() and injured.span is None


def test_casualties_summarise_one_list_is_one_figure() -> None:
    killed, _ = summarise(find_casualties("Government forces killed 10 children and 13 rebels."))
    assert _ranges(killed) == (23, 23, 10, 10)
    assert killed.span is not None and killed.span.text == "killed 10 children and 13 rebels"


def test_casualties_summarise_restatement_keeps_the_larger_figure() -> None:
    killed, _ = summarise([_fig("killed", 6, 6, who="people"), _fig("killed", 7, 7, start=20, who="people")])
    assert _ranges(killed) == (7, 7, None, None)
    assert killed.span is not None and killed.span.start == 20


def test_casualties_summarise_later_toll_supersedes() -> None:
    text = "Air strikes killed at least 12 civilians on Monday, bringing to 45 the number killed in 24 hours."
    killed, _ = summarise(find_casualties(text))
    assert (killed.low, killed.high) == (45, 45)
    assert killed.civilian_low == 12  # the civilian share the sentence gave still holds
    figs = [_fig("killed", 100, 100, toll=True), _fig("killed", 112, 112, start=30, toll=True),
            _fig("killed", 200, None, start=60, who="people")]
    assert _ranges(summarise(figs)[0])[:2] == (112, 112)


def test_casualties_summarise_conflicting_sources_become_a_range() -> None:
    killed, _ = summarise([_fig("killed", 4, 4, source="state television"),
                           _fig("killed", 6, 6, start=40, source="a monitor")])
    assert (killed.low, killed.high) == (4, 6)
    killed, _ = summarise([_fig("killed", 10, None, source="A"), _fig("killed", 12, 12, start=9, source="B")])
    assert (killed.low, killed.high) == (10, None)


def test_casualties_summarise_negation_only_counts_alone() -> None:
    killed, injured = summarise(find_casualties("No casualties were reported."))
    assert _ranges(killed) == (0, 0, None, None) and _ranges(injured) == (0, 0, None, None)
    figs = find_casualties("Two insurgents were killed and no civilians were harmed.")
    killed, injured = summarise(figs)
    assert _ranges(killed) == (2, 2, 0, 0)
    assert _ranges(injured) == (None, None, 0, 0)


def test_casualties_summarise_killed_and_injured_apart() -> None:
    killed, injured = summarise(find_casualties("A car bomb killed six people and injured 32."))
    assert _ranges(killed) == (6, 6, None, None)
    assert _ranges(injured) == (32, 32, None, None)
    assert injured.span is not None and injured.span.text == "injured 32"


def test_casualties_summarise_nothing() -> None:
    killed, injured = summarise([])
    assert killed == Casualties() and injured == Casualties()
