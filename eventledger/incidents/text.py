"""Text keys for merging: folded names and the content words of source sentences."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

from ..knowledge.lexicons import load_data

_WORD = re.compile(r"[^\W_]+")


@cache
def _function_words() -> frozenset[str]:
    return frozenset(load_data("english_function_words")["words"])


def fold(text: str) -> str:
    """Lower case without diacritics or punctuation: the key two spellings of one name share."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain.lower()))


def content_tokens(sentence: str, min_chars: int) -> frozenset[str]:
    """Content words of a sentence (folded, no function words); numbers are kept whatever their length."""
    stop = _function_words()
    # Interned: a hundred thousand events share a vocabulary, not a copy of each word per event.
    return frozenset(sys.intern(w) for w in _WORD.findall(fold(sentence))
                     if (w.isdigit() or len(w) >= min_chars) and w not in stop)
