"""merge_figures / civilian_share: one event's toll from the figures its sentences give."""

from __future__ import annotations

from typing import Any

from eventledger.model.records import Casualties
from eventledger.model.span import Span
from eventledger.stages.extract.casualty_traits import read_figure
from eventledger.stages.resolve import casualty_merge


def merge_figures(values: list[Casualties], **kw: Any) -> Casualties:
    """The resolve stage's merge, with what the extract stage reads of each phrase."""
    return casualty_merge.merge_figures(values, read_figure, **kw)


def civilian_share(f: Casualties, *args: Any) -> Casualties:
    return casualty_merge.civilian_share(f, read_figure, *args)

N = None


def _fig(phrase: str, low: int | None, high: int | None, civ: tuple[int | None, int | None] = (N, N),
         at: int = 0) -> Casualties:
    """A figure as a mention carries it: its range, civilian share and the phrase it was read from."""
    return Casualties(low, high, civ[0], civ[1], Span(at, at + len(phrase), phrase))


def _ranges(c: Casualties) -> tuple[int | None, int | None, int | None, int | None]:
    return c.low, c.high, c.civilian_low, c.civilian_high


def test_casualties_merge_nothing_and_one() -> None:
    assert merge_figures([]).is_empty()
    assert merge_figures([Casualties(), Casualties()]).is_empty()
    one = _fig("killed six people", 6, 6)
    assert merge_figures([one]) == one


def test_casualties_merge_an_earlier_vague_figure_yields_to_the_toll() -> None:
    merged = merge_figures([_fig("Dozens of people have been killed", 24, N), _fig("58 killed", 58, 58, at=90)])
    assert _ranges(merged)[:2] == (58, 58)
    merged = merge_figures([_fig("Dozens of children dead", 24, N), _fig("a previous toll of 112", 112, 112),
                            _fig("the 126 people killed", 126, 126)])
    assert merged.low == 126


def test_casualties_merge_parts_and_side_victims_are_not_the_toll() -> None:
    merged = merge_figures([_fig("killed at least 43 people", 43, N), _fig("a downed pilot was killed", 1, 1)])
    assert merged.low == 43
    merged = merge_figures([_fig("At least 18 people were killed", 18, N),
                            _fig("At least 10 Kurdish fighters were killed", 10, N, (0, 0))])
    assert merged.low == 18
    merged = merge_figures([_fig("five young siblings were among the dead", 5, N, (5, N)),
                            _fig("At least 16 civilians were killed", 16, N, (16, N))])
    assert _ranges(merged) == (16, N, 16, N)


def test_casualties_merge_additive_groups_add_up() -> None:
    merged = merge_figures([_fig("four civilians had been killed", 4, 4, (4, 4)),
                            _fig("Another five rebel fighters were killed", 5, 5, (0, 0))])
    assert _ranges(merged) == (9, 9, 4, 4)
    # "others" given no status: civilians too only when the event names no combatant victims
    parts = [_fig("At least 15 civilians were killed", 15, N, (15, N)), _fig("six others were killed", 6, 6)]
    assert _ranges(merge_figures(parts)) == (21, N, 15, N)
    assert _ranges(merge_figures(parts, unqualified_civilians=True)) == (21, N, 21, N)


def test_casualties_merge_negations_and_zeros_count_only_alone() -> None:
    merged = merge_figures([_fig("killed 31 jihadists and eight civilians", 39, 39, (8, 8)),
                            _fig("no deaths", 0, 0)])
    assert _ranges(merged) == (39, 39, 8, 8)
    assert _ranges(merge_figures([Casualties(), _fig("No casualties", 0, 0)])) == (0, 0, N, N)


def test_casualties_merge_a_hedge_is_no_new_toll() -> None:
    # "more than 100" (101..) restates "at least 100": the first statement stands.
    merged = merge_figures([_fig("killing at least 100 civilians", 100, N, (100, N)),
                            _fig("more than 100 civilians were killed", 101, N, (101, N))])
    assert merged.low == 100
    # an exact later toll one above a floor is a new toll
    assert merge_figures([_fig("killed at least 5 people", 5, N), _fig("killed 6 people", 6, 6)]).low == 6


def test_casualties_merge_a_ceiling_takes_the_floor_both_claims_allow() -> None:
    merged = merge_figures([_fig("kill dozens", 24, N), _fig("killed nearly 50 people", N, 49)])
    assert _ranges(merged)[:2] == (24, 49)


def test_casualties_merge_restatement_that_says_most_wins() -> None:
    headline, lead = _fig("kill 20", 20, 20), _fig("At least 20 members of IS were killed", 20, N, at=40)
    assert merge_figures([headline, lead]).span == lead.span
    shared = merge_figures([_fig("kills 15 including 4 children", 15, 15, (4, 15)),
                            _fig("killed 15 civilians including four children", 15, 15, (15, 15))])
    assert _ranges(shared) == (15, 15, 15, 15)  # the civilian share told exactly


def test_casualties_read_figure_traits() -> None:
    assert read_figure("kills 4").bare and read_figure("kills 4").unqualified
    assert read_figure("killed six people").unqualified and not read_figure("killed six people").bare
    assert not read_figure("killed six soldiers").unqualified
    assert read_figure("Another five rebel fighters were killed").additive
    assert read_figure("six others were killed").unqualified
    assert read_figure("The death toll rose to 112").toll
    assert read_figure("no figure here") == read_figure("")


def test_casualties_civilian_share_convention() -> None:
    people = _fig("killed six people", 6, 6)
    assert _ranges(civilian_share(people, False)) == (6, 6, 6, 6)
    assert civilian_share(people, True) == people  # a combatant among the victims: unknown stays unknown
    soldiers = _fig("killed six soldiers", 6, 6, (0, 0))
    assert civilian_share(soldiers, False) == soldiers


def test_casualties_civilian_share_fills_a_partial_share() -> None:
    partial = _fig("killed at least 10 people including seven children", 10, N, (7, N))
    assert _ranges(civilian_share(partial, False)) == (10, N, 10, N)
    told = _fig("At least 30 people including 24 civilians were killed", 30, N, (24, 24))
    assert civilian_share(told, False) == told  # the rest are not civilians


def test_casualties_civilian_share_bare_number_and_armed_targets() -> None:
    bare = _fig("kills 19", 19, 19)
    assert civilian_share(bare, False, True) == bare  # air strikes on an armed group's town
    assert _ranges(civilian_share(bare, False, False)) == (19, 19, 19, 19)
    toll = _fig("The death toll has risen to 86", 86, 86, (30, 86))
    assert _ranges(civilian_share(toll, False, True)) == (86, 86, 86, 86)
    assert civilian_share(Casualties(), False) == Casualties()
