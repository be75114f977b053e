"""Lookup keys for place names: a folded key and a looser transliteration key.

The gazetteer indexes every alias under both keys and the resolver queries with the same
functions, so "al-Qaim", "Al Qa'im" and "Qaim" meet, and so do "Ar Raqqah" and "Raqqa".
Pure functions of the string; the few word lists they need come from ``place_words.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

from ...errors import ResourceError

# Letters NFKD does not decompose into an ASCII base letter plus marks.
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l",
                          "ı": "i", "þ": "th", "ħ": "h", "ŀ": "l", "ŧ": "t", "ĸ": "k"})
# Apostrophes, ayin/hamza marks and backticks vanish: "Qa'im" -> "qaim", "Mar’a" -> "mara".
_DROP = re.compile(r"['\u2018\u2019\u201b\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u00b4`\u2032]")
# Everything else that is not a letter or digit (hyphens, periods, commas, brackets) separates words.
_SEP = re.compile(r"[\W_]+", re.UNICODE)
# Two or more one-letter words are an initialism: "u s" -> "us", "d c" -> "dc".
_INITIALS = re.compile(r"\b(?:[^\W\d_] ){1,}[^\W\d_]\b")
_VOWELS = re.compile(r"[aeiouy]")


def _strip_marks(text: str) -> str:
    """NFKD-decompose and drop combining marks (diacritics)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(name: str) -> str:
    """The folded key of a name: no diacritics, lower case, punctuation as single spaces.

    Idempotent (``fold(fold(x)) == fold(x)``) and total: any string gives a string.
    """
    if name.isascii():
        # Fast path (most names): nothing to decompose.
        text = name.lower()
    else:
        text = _fold_unicode(name)
    text = _DROP.sub("", text)
    text = _SEP.sub(" ", text).strip()
    if " " in text:
        text = _INITIALS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return text


def _fold_unicode(name: str) -> str:
    """Lower-case and strip diacritics from a non-ASCII string."""
    text = name
    # Decomposition and lower-casing can each expose work for the other ("İ", "ℌ"); repeat to a
    # fixed point, which two rounds reach for every character we have seen.
    for _ in range(3):
        before = text
        text = _strip_marks(text).lower().translate(_LETTERS)
        if text == before:
            break
    return text


@lru_cache(maxsize=1)
def place_words() -> dict[str, Any]:
    """The parsed ``place_words.json`` (articles, generic words, common-word place names)."""
    path = resources.files("eventledger").joinpath("data", "place_words.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResourceError("data file place_words.json is missing from the installed package; "
                            "reinstall eventledger") from exc
    except json.JSONDecodeError as exc:
        raise ResourceError(f"data file place_words.json is not valid JSON: {exc}") from exc


@lru_cache(maxsize=1)
def _articles() -> frozenset[str]:
    return frozenset(fold(a) for a in place_words()["articles"])


_DOUBLE = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"([aei])h$")
_DIPH_I = re.compile(r"ay|ai|ey|ei")
_DIPH_O = re.compile(r"aw|au|ow")


def _translit_token(token: str) -> str:
    """One word's transliteration-insensitive form: q~k, doubled letters once, -ah/-eh ~ -a."""
    token = _DOUBLE.sub(r"\1", token.replace("q", "k"))
    token = _FINAL_H.sub("a", token)
    # Diphthongs spelled several ways in romanised Arabic, Persian and Kurdish names:
    # Bayji/Baiji/Beiji, Dayr/Deir, Zawr/Zor, Kobani/Koubani.
    token = _DIPH_I.sub("ei", token)
    token = _DIPH_O.sub("o", token)
    return token.replace("ou", "u")


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A looser key: the folded name without Arabic articles, with common spelling variants merged.

    "Ar Raqqah", "Raqqa" and "al-Raqqa" share "raka"; "Deir ez-Zor" and "Dayr Az Zawr" share
    "deir zor"; "Bayji" and "Baiji" share "beiji". Never empty when the folded name is not empty.
    """
    folded = fold(name)
    tokens = folded.split()
    articles = _articles()
    kept = [t for t in tokens if t not in articles] or tokens
    # An article fused to the word after a hyphen was split by fold(); one fused without a
    # separator ("Alqaim") is left alone: too many real names start with "al".
    return " ".join(_translit_token(t) for t in kept)


def skeleton_key(name: str) -> str:
    """Consonant skeleton of the transliteration key, for diagnostics and loose comparison."""
    key = translit_key(name).replace(" ", "")
    return _VOWELS.sub("", key) + ("-" if key[-1:] in "aeiouy" and key else "")
