"""Regular-expression building blocks for time expressions, built from ``data/timex.json``.

The recogniser (``timex_rules``) composes these pieces into its rules. Month and weekday names are
matched case-sensitively (capitalised or all upper case) so that "may" the modal verb never reads as
a month; everything else is case-insensitive.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from eventledger.errors import ResourceError

SP = r"[ \t\u00a0]+"  # a space inside one expression: never a line break
OSP = r"[ \t\u00a0]*"
DASH = r"[-\u2010\u2011\u2012\u2013\u2014]"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Return the parsed ``timex.json`` word lists (cached)."""
    try:
        raw = resources.files("eventledger.data").joinpath("timex.json").read_text(encoding="utf-8")
        return json.loads(raw)
    except (OSError, ValueError) as exc:  # a broken install, not a user error
        raise ResourceError(f"cannot read eventledger/data/timex.json ({exc}); "
                            "reinstall eventledger") from exc


def alt(words: Any, *, cased: bool = False) -> str:
    """Return a non-capturing alternation of ``words``, longest first, spaces matching any blank.

    ``cased``: match only the Capitalised and UPPER forms (case-sensitive even inside an
    IGNORECASE pattern).
    """
    forms: set[str] = set()
    for w in words:
        if cased:
            forms.update({w[:1].upper() + w[1:], w.upper()})
        else:
            forms.add(w)
    parts = [re.escape(w).replace(r"\ ", SP) for w in sorted(forms, key=len, reverse=True)]
    body = "|".join(parts)
    return f"(?-i:{body})" if cased else f"(?:{body})"


class Pieces:
    """The shared regular-expression pieces (strings, not compiled)."""

    def __init__(self) -> None:
        lex = lexicon()
        months = lex["months"]
        full = [m for m in months if len(m) > 4 or m in ("may", "june", "july")]
        abbr = [m for m in months if m not in full]
        # Abbreviations take an optional full stop: "Feb. 8", "Sept 3".
        self.month = rf"(?:{alt(full, cased=True)}|{alt(abbr, cased=True)}\.?)(?![\w])"
        self.month_full = rf"{alt(full, cased=True)}(?![\w])"
        days = lex["weekdays"]
        self.weekday_full = rf"{alt([d for d in days if len(d) > 5], cased=True)}(?![\w])"
        self.weekday = (rf"(?:{alt([d for d in days if len(d) > 5], cased=True)}|"
                        rf"{alt([d for d in days if len(d) <= 5], cased=True)}\.?)(?![\w])")
        self.season = rf"{alt(lex['seasons'])}(?![\w])"
        self.part = rf"{alt(lex['parts_of_day'])}(?![\w])"
        self.day = r"(?<![\d,.])(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
        self.era = r"(?-i:B\.?[ ]?C\.?(?:E\.?)?|A\.?[ ]?D\.?|C\.?E\.?)(?![\w])"
        self.year4 = r"(?<![\w$£€,.])(?:1[0-9]{3}|20[0-9]{2})(?![\w]|[,.][0-9])"
        self.year_era = (rf"(?:(?<![\w$£€,.])[0-9]{{1,4}}{OSP}{self.era}|"
                         rf"(?-i:A\.?D\.?|C\.?E\.?){SP}[0-9]{{1,4}}(?![\w]))")
        self.year = rf"(?:{self.year_era}|{self.year4})"
        numbers = lex["number_words"]
        tens = [w for w, v in numbers.items() if isinstance(v, int) and 20 <= v <= 90 and " " not in w]
        units_ = [w for w, v in numbers.items() if isinstance(v, int) and 1 <= v <= 9 and len(w) > 2]
        compound = rf"(?:{alt(tens)}(?:{DASH}|{SP}){alt(units_)})"
        self.number_word = rf"(?:{compound}|{alt(numbers)})(?![\w])"
        self.vague = rf"{alt(lex['vague_numbers'])}(?![\w])"
        digits = r"(?<![\w.,])[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?(?![\w]|[.,][0-9])"
        self.number = rf"(?:{digits}|{self.number_word}|{self.vague})"
        ords = lex["ordinal_words"]
        self.ordinal_word = rf"(?:(?:{alt(tens)}{DASH}{alt(ords)})|{alt(ords)})(?![\w])"
        self.ordinal_num = r"(?<![\w])[0-9]{1,2}(?:st|nd|rd|th)(?![\w])"
        unit_names = list(lex["units"])
        plural = [u + "s" for u in unit_names if u not in ("century", "millennium")]
        extra = list(lex["unit_plurals"])
        self.unit_one = rf"{alt(unit_names)}(?![\w])"
        self.unit_many = rf"{alt(plural + extra)}(?![\w])"
        self.unit = rf"{alt(unit_names + plural + extra)}(?![\w])"
        self.qmod = alt(lex["quantity_modifiers"])
        self.clock = (r"(?<![\w:.])(?:[01]?[0-9]|2[0-4])(?::[0-5][0-9](?::[0-5][0-9])?"
                      r"(?:[ \t]?(?:a\.?m\.?|p\.?m\.?|hrs?\.?|hours|h)(?![\w]))?"
                      r"|\.[0-5][0-9][ \t]?(?:a\.?m\.?|p\.?m\.?)(?![\w])"
                      r"|[ \t]?(?:a\.m\.?|p\.m\.?|am|pm)(?![\w])"
                      r"|[ \t]?o'clock(?![\w]))"
                      r"|(?<![\w:.])(?:[01][0-9]|2[0-3])[0-5][0-9][ \t]?(?:hrs\.?|hours|h)(?![\w])")
        self.clock_words = rf"{alt(lex['clock_words'])}(?![\w])"
        self.timezone = r"(?-i:[A-Z]{2,4}T|UTC|GMT|Z)(?![\w])"
