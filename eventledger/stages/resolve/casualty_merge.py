"""One event's killed (or injured) range from the figures its mentions give, and its civilian share.

An event told in several sentences carries several figures: the headline's and the lead's
restatements ("Air strikes kill 20" / "killed at least 20 people"), an earlier vague or running
figure ("Dozens of people have been killed" ... "put the death toll at 58"; "a previous toll of
112"), parts named apart ("At least 10 Kurdish fighters were killed", "five young siblings were
among the dead"), victims of a side event the coreference joined ("after a downed pilot was
killed"), groups told one after the other ("15 civilians were killed ... six others were
killed"), and negations that say nothing about the event's toll ("no immediate death toll").

The event's toll is the largest figure once additive groups are summed: restatements repeat it,
running tolls only grow, parts and side victims are smaller. (Claims that conflict inside one
sentence already became a range in :func:`.casualties.summarise`.) A figure's own words come from
what the extract stage read of its phrase (``Document.figure_readings``, looked up by the phrase).
"""

from __future__ import annotations

from collections.abc import Callable

from ...model.records import Casualties, FigureReading

__all__ = ["Reading", "civilian_share", "merge_figures"]

#: What the extract stage read of a figure's phrase, looked up by the phrase.
Reading = Callable[[str], FigureReading]


def _point(c: Casualties) -> int | None:
    """The figure a scorer reads: ``low``, else ``high``."""
    return c.low if c.low is not None else c.high


def _add_low(x: int | None, y: int | None) -> int | None:
    """Sum of two lower bounds, an unknown one counting as zero."""
    return None if x is None and y is None else (x or 0) + (y or 0)


def _add_high(x: int | None, y: int | None) -> int | None:
    """Sum of two upper bounds; unknown stays unknown."""
    return None if x is None or y is None else x + y


def _plus(a: Casualties, b: Casualties) -> Casualties:
    """Two distinct groups of victims together ("four civilians" + "another five rebel fighters")."""
    return Casualties(_add_low(a.low, b.low), _add_high(a.high, b.high),
                      _add_low(a.civilian_low, b.civilian_low), _add_high(a.civilian_high, b.civilian_high),
                      a.span)


def _has_civilians(c: Casualties) -> bool:
    return c.civilian_low is not None or c.civilian_high is not None


def _says_most(v: Casualties, order: int, reading: Reading) -> tuple[bool, bool, bool, bool, int]:
    """How much a figure says, to rank restatements: a civilian share (exact first), a counted
    noun, an exact figure, then the earlier one."""
    return (_has_civilians(v), v.civilian_low is not None and v.civilian_low == v.civilian_high,
            v.span is not None and not reading(v.span.text).bare, v.low is not None and v.low == v.high, order)


def merge_figures(values: list[Casualties], reading: Reading, *, unqualified_civilians: bool = False) -> Casualties:
    """One range from the figures of an event's mentions, in text order (see the module docstring).

    Zeros and negations count only when no figure is positive. Among figures of the same size
    the one that says most (a civilian share, a counted noun, an exact figure) wins, else the
    first. ``unqualified_civilians``:
    the event names no combatant victims, so an additive group given no status ("15 civilians
    ... six others were killed") adds to the civilian share too.
    """
    given = [v for v in values if not v.is_empty()]
    if not given:
        return Casualties()
    positive = [v for v in given if (_point(v) or 0) > 0]
    if not positive:
        return given[0]
    running: list[Casualties] = []
    for v in positive:
        trait = reading(v.span.text) if v.span is not None else FigureReading()
        if running and trait.additive:
            if unqualified_civilians and trait.unqualified and not _has_civilians(v):
                v = Casualties(v.low, v.high, v.low, v.high, v.span)
            running.append(_plus(running[-1], v))
        else:
            running.append(v)
    top = max(_point(v) or 0 for v in running)
    same = [v for v in running if _point(v) == top]
    if all(v.high is None for v in same):
        # "more than 100" (101..) restates "at least 100": a hedge's arithmetic, not a new toll.
        same = [v for v in running if _point(v) in (top, top - 1)]
    # The restatement that says most about the victims: "At least 20 members of IS were
    # killed" rather than the headline's "kill 20"; an exact figure rather than a floor.
    best = max(same, key=lambda v: _says_most(v, -same.index(v), reading))
    if best.low is None and best.high is not None:
        # "killed nearly 50" (..49) and "kill dozens" (24..): both claims allow 24..49.
        floors = [v.low for v in running if v.low is not None and v.low <= best.high]
        if floors:
            best = Casualties(max(floors), best.high, best.civilian_low, best.civilian_high, best.span)
    return best


def civilian_share(f: Casualties, reading: Reading, combatant_victims: bool,
                   combatant_targets: bool = False) -> Casualties:
    """The event coder's convention: victims given no status ("six people", "kills 4") are
    civilians unless the event names combatants among its victims (or, for a bare number with
    no noun at all, among its targets: "air strikes on IS-held Raqqa kill 19").

    Also where the text gives part of the share only ("10 people including seven children":
    civilians 7..10): the rest of the unqualified victims count as civilians too.
    """
    if f.span is None or combatant_victims or (f.low is None and f.high is None):
        return f
    trait = reading(f.span.text)
    if not trait.unqualified or (trait.bare and combatant_targets and not _has_civilians(f)):
        return f
    total_high = f.high if f.high is not None else f.low
    if _has_civilians(f) and f.civilian_high is not None and f.civilian_high < (total_high or 0):
        return f  # "30 people including 24 civilians": the rest are not civilians
    return Casualties(f.low, f.high, f.low, f.high, f.span)
