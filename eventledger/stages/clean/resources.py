"""Loading the clean stage's data files (patterns, word lists) once, validated and compiled."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eventledger.errors import ResourceError


def load_json(name: str) -> dict[str, Any]:
    """A JSON object from ``eventledger/data/NAME``; ResourceError when missing or broken."""
    try:
        text = resources.files("eventledger").joinpath("data").joinpath(name).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise ResourceError(f"data file eventledger/data/{name} cannot be read ({exc}); "
                            f"reinstall the package") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"data file eventledger/data/{name} must hold a JSON object")
    return data


def _compile(pattern: str, flags: int, name: str) -> re.Pattern[str]:
    """A compiled pattern, or ResourceError naming the data file."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ResourceError(f"eventledger/data/{name}: bad pattern {pattern[:60]!r} ({exc})") from exc


@dataclass(frozen=True, slots=True)
class LinePattern:
    """A whole-line boilerplate pattern and the reason recorded when it matches."""

    regex: re.Pattern[str]
    reason: str
    max_chars: int


@dataclass(frozen=True, slots=True)
class EmbedPattern:
    """How one platform's embedded posts look once scraped."""

    platform: str
    attribution: re.Pattern[str]
    text_before: bool
    chrome: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class EmbedRules:
    """Every embed pattern plus the limits and vocabulary they share."""

    platforms: tuple[EmbedPattern, ...]
    post_links: re.Pattern[str]
    months: dict[str, int]
    max_post_chars: int
    max_post_lines: int


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """The English function words and the thresholds of the language check."""

    words: frozenset[str]
    min_words: int
    min_share: float
    min_latin_share: float
    min_letters_for_script: int


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[LinePattern, ...]:
    """The patterns of ``boilerplate.json``, compiled."""
    name = "boilerplate.json"
    data = load_json(name)
    out = []
    try:
        for item in data["patterns"]:
            flags = re.IGNORECASE if item.get("ignore_case", True) else 0
            out.append(LinePattern(_compile(item["pattern"], flags, name), str(item["reason"]),
                                   int(item["max_chars"])))
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"eventledger/data/{name}: malformed entry ({exc})") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def embed_rules() -> EmbedRules:
    """The embed patterns of ``social_embeds.json``, compiled."""
    name = "social_embeds.json"
    data = load_json(name)
    try:
        platforms = tuple(
            EmbedPattern(str(item["platform"]), _compile(item["attribution"], re.IGNORECASE, name),
                         bool(item["text_before"]),
                         _compile(item["chrome"], re.IGNORECASE, name) if item.get("chrome") else None)
            for item in data["platforms"])
        return EmbedRules(platforms, _compile(data["post_links"], re.IGNORECASE, name),
                          {str(k): int(v) for k, v in data["months"].items()},
                          int(data["max_post_chars"]), int(data["max_post_lines"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"eventledger/data/{name}: malformed entry ({exc})") from exc


@lru_cache(maxsize=1)
def language_rules() -> LanguageRules:
    """The word list and thresholds of ``english_function_words.json``."""
    name = "english_function_words.json"
    data = load_json(name)
    try:
        detector = data["detector"]
        return LanguageRules(frozenset(str(w).lower() for w in data["words"]), int(detector["min_words"]),
                             float(detector["min_share"]), float(detector["min_latin_share"]),
                             int(detector["min_letters_for_script"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"eventledger/data/{name}: malformed entry ({exc})") from exc
