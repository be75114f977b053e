"""Finding social-media posts embedded in an article's lines (Twitter/X, Instagram).

A scraped Twitter/X embed is the post's text on one or more lines, then an attribution line
``— Author (@handle) Month D, YYYY``. The attribution is unmistakable; where the post begins is
not, so the walk upwards from it is cautious: the nearest line is the post, and a line further up
joins it only while it looks like part of a post (no sentence-final punctuation, or hashtags,
mentions or emoji), never a paragraph of the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from eventledger.model import Embed

from .resources import EmbedPattern, EmbedRules, embed_rules

# Longest line tried against the attribution patterns (attributions are short).
_MAX_ATTRIBUTION = 300
# A line above a post that ends like a sentence (or introduces a quote) belongs to the article.
_SENTENCE_END = (".", "!", "?", "…", ":", ";", ",", '"', "”", "’", "'", "»", ")")
_POST_MARKER = re.compile(r"(?:^|\s)[#@]\w|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_MDY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_DMY = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")
# The longest line that may continue a post upwards (a single post's line; Twitter's limit is 280).
_MAX_CONTINUATION = 280


@dataclass(slots=True)
class FoundEmbed:
    """An embed and the indices of the lines it takes out of the article."""

    embed: Embed
    lines: list[int]


def _embed_date(text: str | None, months: dict[str, int]) -> str | None:
    """``YYYY-MM-DD`` of an attribution's date ('February 7, 2024', '7 Feb 2024'), else None."""
    if not text:
        return None
    match = _MDY.fullmatch(text.strip())
    if match:
        month, day, year = months.get(match[1].lower()), int(match[2]), int(match[3])
    else:
        match = _DMY.fullmatch(text.strip())
        if not match:
            return None
        day, month, year = int(match[1]), months.get(match[2].lower()), int(match[3])
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _split_links(text: str, rules: EmbedRules) -> tuple[str, str | None]:
    """The post text without the media links it ends with, and the first of those links."""
    links: list[str] = []
    while True:
        found = list(rules.post_links.finditer(text))
        match = found[-1] if found else None
        if match is None or text[match.end():].strip():
            break
        links.insert(0, match.group(0))
        text = text[:match.start()].rstrip()
    return text, (links[0] if links else None)


class _Scanner:
    """One pass over an article's lines, collecting embeds."""

    def __init__(self, lines: list[str], skip: Callable[[int], bool], rules: EmbedRules) -> None:
        self.lines = lines
        self.skip = skip  # lines that are boilerplate: never part of a post
        self.rules = rules
        self.taken: set[int] = set()

    def attribution(self, index: int) -> tuple[EmbedPattern, re.Match[str]] | None:
        """The platform and match when line ``index`` is an embed's attribution line."""
        line = self.lines[index]
        if not line or len(line) > _MAX_ATTRIBUTION:
            return None
        for platform in self.rules.platforms:
            match = platform.attribution.fullmatch(line)
            if match:
                return platform, match
        return None

    def _has_text(self, indices: list[int]) -> bool:
        """Whether the lines hold post text beyond media links."""
        text = "\n".join(self.lines[i] for i in sorted(indices))
        return bool(_split_links(text, self.rules)[0].strip())

    def _continues_post(self, line: str) -> bool:
        """Whether a line above a post looks like more of the post rather than the article."""
        if len(line) > _MAX_CONTINUATION or line.endswith(":"):
            return False
        return not line.endswith(_SENTENCE_END) or bool(_POST_MARKER.search(line))

    def post_above(self, index: int) -> list[int]:
        """The lines of the post that ends just above attribution line ``index``."""
        taken: list[int] = []
        size = 0
        j = index - 1
        while j >= 0 and len(taken) < self.rules.max_post_lines:
            line = self.lines[j]
            if not line:
                # One blank line may sit inside a post or between it and its attribution.
                if j > 0 and self.lines[j - 1]:
                    j -= 1
                    continue
                break
            if j in self.taken or self.skip(j) or self.attribution(j) is not None:
                break
            needed = not self._has_text(taken)  # the nearest line with text is always the post
            if size + len(line) > self.rules.max_post_chars:
                break
            if not needed and not self._continues_post(line):
                break
            taken.append(j)
            size += len(line) + 1
            j -= 1
        return sorted(taken)

    def post_below_chrome(self, index: int, chrome: re.Pattern[str] | None) -> tuple[int | None, list[int]]:
        """The widget label line above attribution ``index`` (if any) and the caption between them."""
        if chrome is None:
            return None, []
        for k in range(index - 1, max(-1, index - self.rules.max_post_lines - 2), -1):
            if k in self.taken:
                break
            if chrome.fullmatch(self.lines[k]):
                return k, [m for m in range(k + 1, index) if self.lines[m]]
        return None, []

    def scan(self) -> list[FoundEmbed]:
        """Every embed, in the order of the article."""
        found: list[FoundEmbed] = []
        for index in range(len(self.lines)):
            if index in self.taken:
                continue
            hit = self.attribution(index)
            if hit is None:
                continue
            platform, match = hit
            if platform.text_before:
                body, extra = self.post_above(index), []
            else:
                chrome_line, body = self.post_below_chrome(index, platform.chrome)
                extra = [chrome_line] if chrome_line is not None else []
            text, link = _split_links("\n".join(self.lines[i] for i in body), self.rules)
            groups = match.groupdict()
            author = (groups.get("author") or "").strip() or None
            day = _embed_date(groups.get("date"), self.rules.months)
            embed = Embed(platform=platform.platform, text=text, author=author, handle=groups.get("handle"),
                          date=day, url=groups.get("url") or link)
            used = sorted([*body, *extra, index])
            self.taken.update(used)
            found.append(FoundEmbed(embed, used))
        return found


def find_embeds(lines: list[str], skip: Callable[[int], bool] | None = None) -> list[FoundEmbed]:
    """The embedded posts among ``lines`` (stripped lines, ``""`` for blank ones).

    ``skip(i)`` says line ``i`` is boilerplate and can never be part of a post.
    """
    return _Scanner(lines, skip or (lambda _i: False), embed_rules()).scan()
