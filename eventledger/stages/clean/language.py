"""A cheap, dependency-free check that a text is English: function words and script."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .resources import language_rules

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_RARE_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What the check saw: ``language`` is ``"en"`` or None (not English, or cannot tell)."""

    language: str | None
    words: int
    function_share: float
    latin_share: float
    script: str | None  # the main non-Latin script when the text is mostly in one

    def describe(self) -> str:
        """A short account for messages, e.g. '3% English function words among 40 words'."""
        parts = [f"{self.function_share:.0%} English function words among {self.words} words"]
        if self.latin_share < 1.0:
            parts.append(f"{self.latin_share:.0%} Latin letters")
        if self.script:
            parts.append(f"mostly {self.script} script")
        return ", ".join(parts)


def _script(ch: str) -> str:
    """The script of a letter as the first word of its Unicode name (LATIN, ARABIC, CYRILLIC ...)."""
    if ch < "\u0250":  # ASCII, Latin-1 and Latin Extended-A/B letters: no name lookup needed
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def detect_english(text: str) -> LanguageGuess:
    """Whether ``text`` reads as English.

    Long texts (``min_words`` words or more) must have enough English function words among
    their words; shorter texts count as English unless their letters are clearly in another
    script. Quoting a sentence in another language inside an English article does not change
    the verdict: the share is over the whole text.
    """
    rules = language_rules()
    letters = len(_LETTER.findall(text))
    # Only letters outside the common Latin blocks need a (slow) script lookup.
    scripts = Counter(_script(ch) for ch in _RARE_LETTER.findall(text))
    latin = letters - sum(n for s, n in scripts.items() if s != "LATIN")
    latin_share = latin / letters if letters else 1.0
    other = [(n, s) for s, n in scripts.items() if s != "LATIN"]
    script = max(other)[1].title() if other and latin_share < rules.min_latin_share else None
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower())]
    hits = sum(1 for w in words if w in rules.words)
    share = hits / len(words) if words else 0.0
    if letters >= rules.min_letters_for_script and latin_share < rules.min_latin_share:
        language = None
    elif len(words) < rules.min_words:
        language = "en"
    else:
        language = "en" if share >= rules.min_share else None
    return LanguageGuess(language, len(words), share, latin_share, script)
