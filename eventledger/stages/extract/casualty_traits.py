"""What a casualty figure's phrase says beyond its range: additive ("another five"), a toll,
a bare number, victims given no status. Read here, with the casualty vocabulary, and kept on
the Document (``figure_readings``) for the resolve stage, which merges an event's figures
(stages/resolve/casualty_merge.py) without re-reading text.
"""

from __future__ import annotations

from functools import lru_cache

from eventledger.model.records import FigureReading

from .casualties import KILLED, find_casualties
from .casualty_grammar import lexicon

__all__ = ["read_figure"]


@lru_cache(maxsize=4096)
def read_figure(phrase: str) -> FigureReading:
    """Re-read a figure's phrase ("Another five rebel fighters were killed") for its traits."""
    figures = find_casualties(phrase)
    if not figures:
        return FigureReading()
    killed = [f for f in figures if f.kind == KILLED] or figures
    first = killed[0]
    lex = lexicon()
    words = set((first.who or "").lower().split())
    # "six people", "six others": no status given ("others" takes none from the group before it)
    unqualified = first.who is None or bool(words & lex.counted_as_civilians) or any(
        lex.persons.get(w, ("", "", ""))[1] == "others" for w in words)
    return FigureReading(additive=first.additive, toll=any(f.toll for f in killed), bare=first.who is None,
                         unqualified=unqualified)
