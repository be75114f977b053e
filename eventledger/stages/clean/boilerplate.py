"""Recognising boilerplate lines (credits, share prompts, related links, bylines ...) by pattern."""

from __future__ import annotations

from .resources import boilerplate_patterns


def boilerplate_reason(line: str) -> str | None:
    """Why ``line`` (stripped, non-empty) is boilerplate, or None when it is article text.

    A pattern must match the whole line and the line must be no longer than the pattern's
    ``max_chars``: a long paragraph is never dropped for containing a keyword.
    """
    if not line:
        return None
    for pattern in boilerplate_patterns():
        if len(line) <= pattern.max_chars and pattern.regex.fullmatch(line):
            return pattern.reason
    return None
