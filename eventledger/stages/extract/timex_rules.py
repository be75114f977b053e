"""Recognise time expressions in text: dates, times, durations, sets and relative expressions.

``find_timexes(text)`` returns ``TimexMatch`` extents (character offsets into ``text``). It is a rule
recogniser: each rule is a regular expression built from the word lists in ``data/timex.json``;
candidates from every rule are checked against their context (a year must not be a count of people,
"May" must not be the modal verb, "March" must not be a procession) and the longest non-overlapping
ones win. Values are not computed here: ``stages.resolve.timex`` reads the matched text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .timex_grammar import Grammar, grammar


@dataclass(frozen=True, slots=True)
class TimexMatch:
    """One recognised time expression: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Cand:
    """A rule's match before overlaps are settled."""

    start: int
    end: int
    rule: str
    rank: int  # length used to rank overlapping candidates (a range ranks by its whole extent)
    group: int = -1  # candidates split from one range share a group and stand or fall together


# --------------------------------------------------------------------------- context checks

_SENT_END = re.compile(r"(?:^|[.!?:;\"“”()\[\]\n]|\n\s*)\s*$")


def _prev_word(text: str, start: int) -> str:
    """Return the word just before ``start`` (lower case), '' at a sentence or text start."""
    left = text[max(0, start - 40):start]
    m = re.search(r"([\w'’.$£€-]+)[ \t\u00a0]*$", left)
    return m.group(1).lower() if m else ""


def _prev_token_raw(text: str, start: int) -> str:
    """Return the word just before ``start`` as written (its capital tells a name)."""
    left = text[max(0, start - 40):start]
    m = re.search(r"([\w'’$£€-]+)[ \t\u00a0]*$", left)
    return m.group(1) if m else ""


def _next_word(text: str, end: int) -> str:
    """Return the word just after ``end`` as written, '' before punctuation or the end."""
    m = re.match(r"[ \t\u00a0]*([\w'’%-]+)", text[end:end + 40])
    return m.group(1) if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    """True when ``start`` opens a sentence, a line, a quotation or a bracket."""
    return bool(_SENT_END.search(text[max(0, start - 5):start])) or start == 0


def _ok_year(g: Grammar, text: str, s: int, e: int) -> bool:
    """A bare number reads as a year unless its context makes it a count or an identifier."""
    span = text[s:e]
    if g.era.search(span):
        return True
    if re.search(r"(?i)^(?:the\s+years?|c\.|ca\.|circa)", span) or not re.fullmatch(r"[0-9]{3,4}", span):
        return True  # a fuzzy or explicit prefix already says it is a year
    prev = _prev_word(text, s)
    nxt = _next_word(text, e).lower()
    if prev in g.number_prefixes or text[max(0, s - 1):s] in ("$", "£", "€", "#"):
        return prev in ("about", "around", "some", "only", "just", "over") and nxt not in g.count_nouns \
            and not re.match(r"\s*[0-9]", text[e:e + 3])
    if nxt in g.count_nouns or nxt.rstrip("s") in g.count_nouns or nxt.startswith("%"):
        return False
    if re.match(r"[ \t]*(?:x|×|by)\s*[0-9]", text[e:e + 6]):
        return False
    return True


def _ok_month(g: Grammar, text: str, s: int, e: int) -> bool:
    """A bare month name must not be a verb ("March on Rome"), a modal ("May we") or a name."""
    word = text[s:e]
    if not re.fullmatch(r"[A-Za-z]+", word):
        return True  # a fuzzy or "the previous" prefix makes it a date
    name = word.lower()
    prev_raw = _prev_token_raw(text, s)
    prev = prev_raw.lower()
    nxt = _next_word(text, e)
    initial = _sentence_initial(text, s)
    if prev in g.prepositions and prev not in ("that", "this"):
        return not (name in ("march", "may") and nxt.lower() in ("on", "to", "of", "be", "have"))
    if name in ("march", "may"):
        if initial or prev in g.determiners:
            return False
        if nxt.lower() in ("on", "to", "of", "be", "have", "not", "also", "well", "we", "i", "you"):
            return False
    if prev in g.determiners and nxt[:1].isupper():
        return False
    if prev_raw[:1].isupper() and not initial:
        return False  # "Long March", "Theresa May"
    if nxt.lower() in g.name_particles:
        return False  # "August von Mackensen"
    # "the February Revolution", "the August Decrees" name their month: a time expression too
    return True


def _ok_weekday(g: Grammar, text: str, s: int, e: int) -> bool:
    """A weekday must not be part of a name ("Sunday Times", "Bloody Sunday")."""
    nxt = _next_word(text, e)
    prev_raw = _prev_token_raw(text, s)
    initial = _sentence_initial(text, s)
    if nxt[:1].isupper() and nxt.lower() not in g.months:
        return False
    if prev_raw[:1].isupper() and not initial and prev_raw.lower() not in g.prepositions:
        return False
    return True


def _ok_season(g: Grammar, text: str, s: int, e: int) -> bool:
    """'fall' is a season only with a year or after 'in'/'during'; 'the fall of Paris' is not."""
    span = text[s:e].lower()
    if not span.endswith("fall") or re.search(r"[0-9]", span):
        return True
    if re.match(r"[ \t]+of\b", text[e:e + 4]):
        return False
    prev = _prev_word(text, s)
    return prev in ("in", "during", "by", "until", "since", "that", "this", "last", "next", "throughout",
                    "through", "till", "before", "after", "the") or \
        span.split()[0] in ("early", "late", "last", "next", "this", "that")


def _ok_ordinal_day(g: Grammar, text: str, s: int, e: int) -> bool:
    """'the 13th' is a date only after a preposition and not before a noun ("the 1st Battalion")."""
    if text[s:e].lower().endswith("month"):
        return True
    prev = _prev_word(text, s)
    nxt = _next_word(text, e)
    if prev not in ("on", "by", "until", "till", "from", "of", "since", "before", "after", "and", "to"):
        return False
    return not nxt[:1].isalnum() or nxt.lower() in ("and", "or", "to", "when", "the", "a", "at", "in")


def _ok_duration(g: Grammar, text: str, s: int, e: int) -> bool:
    """A number followed by a unit is a duration unless the unit names something else."""
    nxt = _next_word(text, e).lower()
    span = text[s:e].lower()
    if nxt in g.unit_blockers:
        return False
    if re.fullmatch(r"(?i)(?:all|the same|only|just|the first|the last)\s+(?:day|time|year|week|month)s?|"
                    r"some\s+(?:day|time|year|week|month)", span):
        return False
    if re.fullmatch(r"(?i)an?\s+second", span):
        return False  # "a second attack"
    if re.fullmatch(r"(?i)an?\s+(?:day|week|month|year)", span):
        return _prev_word(text, s) not in ("such", "what", "quite", "once", "twice", "times")
    return True


def _ok_part(g: Grammar, text: str, s: int, e: int) -> bool:
    """A bare part of day must not be a name ("Night of the Long Knives") or a plural count."""
    span = text[s:e]
    nxt = _next_word(text, e)
    if span[:1].isupper() and not _sentence_initial(text, s):
        return False  # "Operation Dawn", "Night of the Long Knives"
    if re.search(r"(?i)(?:dawn|dusk)$", span) and nxt.lower() == "of":
        return False  # "the dawn of national reconciliation"
    return not (span.lower() == "one night" and nxt.lower() in ("stand", "stands"))


def _ok_former(g: Grammar, text: str, s: int, e: int) -> bool:
    """'former' is a past reference only as an adjective ("the former regime"), not 'the former'."""
    if text[s:e].lower() != "former":
        return True
    nxt = _next_word(text, e).lower()
    return bool(nxt) and nxt not in ("a", "an", "the", "was", "is", "were", "had", "has", "and", "or", "but",
                                     "to", "of", "in", "on", "at", "by", "with", "as", "would", "could")


def _ok_now(g: Grammar, text: str, s: int, e: int) -> bool:
    """'now' is PRESENT_REF except as a discourse marker joined with 'that' ("now that")."""
    return _next_word(text, e).lower() != "that"


def _ok_offset(g: Grammar, text: str, s: int, e: int) -> bool:
    """'for about a week before moving back' is a duration: an offset is never after 'for'."""
    return _prev_word(text, s) != "for"


def _ok_set(g: Grammar, text: str, s: int, e: int) -> bool:
    """'a day' is a rate only after an amount ("30 a day", "twice a day"), not in "for a day"."""
    span = text[s:e].lower()
    if span.startswith(("a ", "per ")):
        prev = _prev_word(text, s)
        return span.startswith("per") or prev in ("once", "twice", "times", "thrice") or \
            bool(re.fullmatch(r"[0-9][0-9,.]*|[a-z]*illion|thousand|hundred|dozen|km|kilometers|kilometres|"
                              r"miles|metres|meters|dollars|euros|pounds|people|attacks|acts|bombs", prev))
    return True


def _ok_clock(g: Grammar, text: str, s: int, e: int) -> bool:
    """A clock time: '09:30' yes; a score or ratio ('3:1') or a verse reference no."""
    span = text[s:e]
    if re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", span):
        before, after = text[max(0, s - 1):s], text[e:e + 1]
        return not (before in (":", "/") or after in (":", "/"))
    return True


def _ok_date_num(g: Grammar, text: str, s: int, e: int) -> bool:
    """'13/02/2024' is a day; '07/02/2024' could be 7 February or 2 July: not taken."""
    a, b = (int(x) for x in re.split(r"[/.]", text[s:e])[:2])
    return a > 12 or b > 12 or a == b


def _ok_holiday(g: Grammar, text: str, s: int, e: int) -> bool:
    """A holiday after a capitalised word is part of a name ("White Christmas", "Orthodox Easter" aside)."""
    prev_raw = _prev_token_raw(text, s)
    initial = _sentence_initial(text, s)
    return not (prev_raw[:1].isupper() and not initial and prev_raw.lower() not in g.prepositions)


def _ok_past_ref(g: Grammar, text: str, s: int, e: int) -> bool:
    """'former' as an adjective only; 'the past' not when it starts 'the past year'."""
    if text[s:e].lower().endswith("past"):
        nxt = _next_word(text, e).lower()
        return not re.fullmatch(r"(?:[0-9]+|few|several|two|three|four|five|six|seven|eight|nine|ten|"
                                r"(?:day|week|month|year|decade)s?|century|centuries)", nxt)
    return _ok_former(g, text, s, e)


_CHECKS: dict[str, Callable[[Grammar, str, int, int], bool]] = {
    "year": _ok_year, "month": _ok_month, "weekday": _ok_weekday, "season_bare": _ok_season,
    "ordinal_day": _ok_ordinal_day, "duration": _ok_duration, "part": _ok_part, "past_ref": _ok_past_ref,
    "holiday": _ok_holiday, "offset": _ok_offset, "date_num": _ok_date_num,
    "now": _ok_now, "set": _ok_set, "clock": _ok_clock, "season": _ok_season,
}


# --------------------------------------------------------------------------- candidates


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop surrounding blanks, a trailing comma and a leading 'at'/'on'-style preposition."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    # a final full stop belongs to the sentence unless the last word is dotted ("B.C.", "p.m.")
    last = text[s:e].rsplit(None, 1)[-1] if e > s else ""
    if last.endswith(".") and "." not in last[:-1] and e - s > 1:
        e -= 1
    m = re.match(r"(?i)(?:on|at|around|about|by|until|before|after|from)[ \t\u00a0]+", text[s:e])
    if m and e - s > m.end():
        s += m.end()
    return s, e


def _candidates(text: str) -> list[_Cand]:
    """Return every rule's checked matches, range parts included (they may overlap)."""
    g = grammar()
    out: list[_Cand] = []
    rules, ranges = g.open_rules(text)
    for name, rx in rules:
        check = _CHECKS.get(name)
        for m in rx.finditer(text):
            s, e = _trim(text, m.start(), m.end())
            if e <= s:
                continue
            if check is not None and not check(g, text, s, e):
                continue
            out.append(_Cand(s, e, name, e - s))
    group = 0
    for name, rx in ranges:
        for m in rx.finditer(text):
            group += 1
            whole = m.end() - m.start()
            if name == "range_year" and not _range_year_ok(text, m):
                continue
            if name == "range_md" and m.group("c"):
                out.append(_Cand(m.start("a"), m.end("a"), name, whole, group))
                out.append(_Cand(m.start("b"), m.end("c"), name, whole, group))
                continue
            out.append(_Cand(m.start("a"), m.end("a"), name, whole, group))
            out.append(_Cand(m.start("b"), m.end("b"), name, whole, group))
    if g.bc_text.search(text):
        out.extend(_bc_bare_years(text))
    return out


def _range_year_ok(text: str, m: re.Match[str]) -> bool:
    """'1915-17' is two years when the second is later than the first; '1939-1945' is handled by year."""
    a, b = int(m.group("a")), int(m.group("b"))
    return b > a % 100 and _ok_year(grammar(), text, m.start("a"), m.end("a"))


def _bc_bare_years(text: str) -> list[_Cand]:
    """In a text that dates by BC, a bare 3-digit number after 'in'/'by'/'until' and before
    punctuation is a year ("until 396, when ...")."""
    g = grammar()
    out: list[_Cand] = []
    for m in g.year3.finditer(text):
        prev = _prev_word(text, m.start())
        if prev not in ("in", "by", "until", "till", "since", "of", "from", "during") or prev == "of" and \
                _prev_word(text, m.start() - 3) not in ("summer", "winter", "spring", "autumn", "rest"):
            continue
        if not re.match(r"[ \t]*(?:[,.;:)]|and\b|to\b|$|\n)", text[m.end():m.end() + 6]):
            continue
        if _next_word(text, m.end()).lower() in g.count_nouns:
            continue
        out.append(_Cand(m.start(), m.end(), "year_bc", m.end() - m.start()))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest candidates that do not overlap (a range's parts stand or fall together)."""
    order = sorted(cands, key=lambda c: (-c.rank, c.start, -(c.end - c.start)))
    taken: list[tuple[int, int]] = []
    chosen: list[_Cand] = []
    groups: dict[int, list[_Cand]] = {}
    for c in cands:
        if c.group >= 0:
            groups.setdefault(c.group, []).append(c)
    done_groups: set[int] = set()

    def free(s: int, e: int) -> bool:
        """True when nothing kept so far overlaps [s, e)."""
        return all(e <= ts or s >= te for ts, te in taken)

    for c in order:
        if c.group >= 0:
            if c.group in done_groups:
                continue
            done_groups.add(c.group)
            parts = groups[c.group]
            if all(free(p.start, p.end) for p in parts):
                # the gap between the parts must stay free too, or the range is not a range
                lo, hi = min(p.start for p in parts), max(p.end for p in parts)
                if free(lo, hi):
                    taken.append((lo, hi))
                    chosen.extend(parts)
            continue
        if free(c.start, c.end):
            taken.append((c.start, c.end))
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _hint_ok(text: str, s: int, e: int) -> bool:
    """Accept an outside candidate (a spaCy DATE/TIME entity) when it contains a time word."""
    span = text[s:e]
    if not span.strip() or len(span) > 80:
        return False
    if not grammar().time_word.search(span):
        return False
    return not re.fullmatch(r"[0-9,.\s]+", span)


def find_timexes(text: str, *, hints: Sequence[tuple[int, int]] = ()) -> list[TimexMatch]:
    """Return the time expressions in ``text``, in order, non-overlapping.

    ``hints`` are extra candidate extents (for example a parser's DATE/TIME entities); one is kept
    only if it overlaps no rule match and contains a time word.
    """
    if not isinstance(text, str) or not text:
        return []
    chosen = _select(_candidates(text))
    spans = [(c.start, c.end) for c in chosen]
    for hs, he in hints:
        if not (0 <= hs < he <= len(text)):
            continue
        s, e = _trim(text, hs, he)
        if e > s and all(e <= a or s >= b for a, b in spans) and _hint_ok(text, s, e):
            spans.append((s, e))
    spans.sort()
    return [TimexMatch(s, e, text[s:e]) for s, e in spans]


def explain(text: str) -> list[tuple[str, str]]:
    """Return ``(rule, matched text)`` for each selected candidate (a debugging aid)."""
    return [(c.rule, text[c.start:c.end]) for c in _select(_candidates(text))]


__all__ = ["TimexMatch", "explain", "find_timexes"]
