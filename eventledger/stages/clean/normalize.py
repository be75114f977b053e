"""Character-level normalisation of an article body: line breaks, spaces, invisible characters.

Only whitespace and invisible characters change; letters, quotes, dashes and spelling never do,
because every later span points into the result.
"""

from __future__ import annotations

import re
import unicodedata

# Line and paragraph separators (U+2028/U+2029, NEL, VT, FF, the C0 separators) end a line.
_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")
# Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen,
# bidirectional marks and embeddings, the Arabic letter mark, the Mongolian vowel separator.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u180e" + \
    "".join(map(chr, range(0x202A, 0x202F))) + "".join(map(chr, range(0x2066, 0x206A)))
# Every other control character (C0 except tab and newline, DEL, C1) is dropped too.
_CONTROLS = "".join(chr(c) for c in [*range(0x09), *range(0x0E, 0x1C), 0x1F, 0x7F, *range(0x80, 0x85),
                                     *range(0x86, 0xA0)])
_DELETE = {ord(ch): None for ch in _INVISIBLE + _CONTROLS}
# Unicode spaces (no-break, narrow, figure, em/en, ideographic ...) become a plain space.
_SPACES = {cp: " " for cp in range(0x80, 0x3001) if unicodedata.category(chr(cp)) == "Zs"}
_TABLE = {**_DELETE, **_SPACES}


def normalize_text(body: str) -> str:
    """``body`` with LF line breaks, plain spaces, no invisible characters, lines stripped.

    The result's lines are the units the cleaner keeps or removes whole.
    """
    text = _BREAKS.sub("\n", body).translate(_TABLE)
    return "\n".join(line.strip() for line in text.split("\n"))


def normalized_lines(body: str) -> list[str]:
    """The lines of :func:`normalize_text` (blank lines are empty strings)."""
    return normalize_text(body).split("\n")
