"""Casualty figures in one sentence (or paragraph) of clean text: who was killed or injured, how many.

Rules over tokens, driven by the vocabulary in ``eventledger/data/casualties.json``:

* active verb + victims: "a blast killed six people and injured 32", "killing 17 and injuring over
  two dozen", "killed a nurse, a hospital employee and two soldiers" (one figure: 4, civilians 2);
* victims + passive/adjectival form: "At least 29 Syrian rebels were killed", "112 dead", "a man was
  found dead", "48 people executed by ...", "Six killed in ..." (a bare number only right before it);
* nominal: "the killing of three US soldiers", "the bodies of 12 men";
* counted nouns: "11 civilian deaths", "claimed 30 lives";
* tolls: "the death toll rose to 112", "the number of rebel fighters killed in ... has risen to
  39" (``toll=True``: supersedes the sentence's other figures);
* subsets: "48 people, among them 10 children" / "Ten children were among at least 48 people
  killed" / "20 people were killed including 13 civilians" set the civilian share within the
  stated total; "including women and children" (no number) is consumed and counts nothing;
* lists: "10 children and 13 rebels", and items that each carry a place ("19 people in X and
  another 23 in Y") add up;
* negations: "no casualties were reported" (killed 0..0 and injured 0..0, ``negated=True``),
  "no one was hurt", "No civilians were harmed" (civilians 0..0, total unknown).

A figure is never invented: "killing all individuals", "the fighters were killed" give nothing.
Numbers that count something else ("85 locations", "2,000 troops deployed", "in 2011", "for 40
years") are not casualties: a figure needs a casualty word in one of the shapes above, and dates,
measures and labels are filtered by :func:`numbers.is_count_like`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventledger.model.records import Casualties
from eventledger.model.span import Span

from .casualty_grammar import CIV, COMB, NAME_PARTICLES, NEUTRAL, Group, Item, Reader, glue, lexicon, match_phrase
from .numbers import QuantityRange, tokenize

__all__ = ["CasualtyFigure", "find_casualties", "summarise"]

KILLED, INJURED = "killed", "injured"
_MAX_PP = 10  # tokens of "of the local rebel group" between a subject and its verb
_TOLL_WINDOW = 20
_TOLL_LINKED_WINDOW = 32  # "the number of X killed in battles against Y in the town of Z ... has risen to 39"
_SENTENCE_END = frozenset({".", ";", "!", "?", "\u2028", "\u2029"})
_SINGLE_VICTIM = frozenset({"him", "her"})
# Prepositions that place a group rather than say whom it belongs to ("members of the rebel group").
_PLACE_PPS = frozenset({"in", "inside", "near", "on", "at", "on board", "aboard"})
_APPOSITIVE = frozenset({"mostly", "most", "mainly", "many", "all", "largely", "predominantly"})
_CLAUSE_BREAKS = frozenset({"when", "while", "where", "which", "whereas", "because", ";"})
_TOLL_LINKS = frozenset({"to", "at", "of", "reached", "reach", "reaches", "hit", "hits", "is", "was",
                         "stands", "stood", "topped", "exceeded", "passed", "surpassed", "rose",
                         "risen", "climbed", "jumped", "now", "as", "become", "becomes", "became"})


@dataclass(frozen=True, slots=True)
class CasualtyFigure:
    """One casualty figure read from the text; offsets are the caller's (``offset`` added)."""

    kind: str  # "killed" | "injured"
    low: int | None
    high: int | None
    civilian_low: int | None
    civilian_high: int | None
    start: int
    end: int
    phrase: str
    who: str | None = None  # the counted noun phrase: "people", "civilians", "US soldiers"
    negated: bool = False
    attributed_to: str | None = None
    toll: bool = False  # an overall toll ("the death toll rose to 112"): supersedes other figures
    additive: bool = False  # "six others", "another 50": adds to the figures before it

    @property
    def span(self) -> Span:
        """The figure's words as a Span of the caller's text."""
        return Span(self.start, self.end, self.phrase)

    @property
    def value(self) -> int | None:
        """The single figure a scorer reads: ``low``, else ``high``."""
        return self.low if self.low is not None else self.high


# --------------------------------------------------------------------------- figure arithmetic


def _sum(values: list[int | None]) -> int | None:
    """The sum, or None when any part is unknown."""
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _civilians(items: list[Item], subset: list[Item],
               total_high: int | None) -> tuple[int | None, int | None]:
    """The civilian share of a group: from its nouns, else from its subset clause."""
    classes = {it.cls for it in items}
    if classes & {CIV, COMB}:
        civ = [it for it in items if it.cls == CIV]
        unknown = [it for it in items if it.cls not in (CIV, COMB)]
        low = _sum([it.q.low for it in civ]) if civ else 0
        high = _sum([it.q.high for it in civ + unknown]) if (civ or unknown) else 0
        return low, high
    if not subset:
        return None, None
    civ_sub = [it for it in subset if it.cls == CIV]
    comb_sub = [it for it in subset if it.cls == COMB]
    comb_low = _sum([it.q.low for it in comb_sub]) if comb_sub else 0
    if civ_sub:
        low = _sum([it.q.low for it in civ_sub])
        if any(it.head == "civilian" for it in civ_sub):
            return low, _sum([it.q.high for it in civ_sub])
        if total_high is None or comb_low is None:
            return low, None
        return low, max(low or 0, total_high - comb_low)
    if comb_sub:
        if total_high is not None and comb_low is not None:
            return None, max(0, total_high - comb_low)
    return None, None


def _who(reader: Reader, items: list[Item]) -> str | None:
    """The counted noun phrases of a list, as written ("teachers, student")."""
    parts = [reader.text[reader.toks[it.who[0]].start:reader.toks[it.who[1] - 1].end]
             for it in items if it.who is not None]
    return ", ".join(parts) if parts else None


@dataclass
class _Raw:
    """A figure before attribution and offsets."""

    kind: str
    low: int | None
    high: int | None
    civ_low: int | None
    civ_high: int | None
    s: int  # first token
    e: int  # token after the last
    who: str | None = None
    negated: bool = False
    toll: bool = False
    additive: bool = False
    claim: tuple[int, int] = (0, 0)  # tokens of the counted group (for de-duplication)


def _from_group(reader: Reader, kind: str, grp: Group, s: int, e: int) -> _Raw | None:
    """A figure from a list of counted groups (None when it has no bound at all)."""
    items = grp.items
    low = _sum([it.q.low for it in items])
    high = _sum([it.q.high for it in items])
    if low is None and high is None:
        return None
    civ_low, civ_high = _civilians(items, grp.subset, high)
    return _Raw(kind, low, high, civ_low, civ_high, s, e, _who(reader, items),
                additive=items[0].additive, claim=(grp.i, grp.j))


# --------------------------------------------------------------------------- rules


def _rule_negation(r: Reader) -> list[_Raw]:
    """ "no casualties were reported", "without casualties", "no one was hurt", "No civilians were harmed"."""
    lex = r.lex
    out: list[_Raw] = []
    n = len(r.toks)
    for i in range(n):
        kinds: str | None = None
        end = i
        civilian_only = False
        if r.low(i) in lex.neg_openers:
            m = i + 1
            while m < n and m - i <= 5:
                found = match_phrase(r.toks, m, lex.neg_nouns)
                if found is not None:
                    if r.low(found[1]) in lex.neg_not_before:
                        break  # "no immediate death toll": the figure is unknown, not zero
                    kinds, end = found
                    civilian_only = any(r.low(x) == "civilian" for x in range(i + 1, m))
                    break
                if r.low(m) not in lex.neg_fillers:
                    break
                m += 1
        if kinds is None:
            subj = match_phrase(r.toks, i, lex.neg_subjects)
            k = subj[1] if subj else None
            if subj is None and r.low(i) == "no" and r.low(i + 1) in lex.persons:
                lemma, cls, _ = lex.persons[r.low(i + 1)]
                if cls in (CIV, NEUTRAL):
                    k, civilian_only = i + 2, cls == CIV
            if k is not None:
                if r.low(k) == "of":  # "none of the passengers"
                    k = min(k + 4, n)
                    while k > i and r.low(k - 1) in lex.aux | lex.passive_aux:
                        k -= 1
                k, _ = r.skip_aux(k)
                outcome = lex.neg_outcomes.get(r.low(k))
                if outcome is not None:
                    kinds, end = outcome, k + 1
        if kinds is None:
            continue
        for kind in ((KILLED, INJURED) if kinds == "both" else (kinds,)):
            if civilian_only:
                out.append(_Raw(kind, None, None, 0, 0, i, end, "civilians", negated=True))
            else:
                out.append(_Raw(kind, 0, 0, None, None, i, end, None, negated=True))
    return out


def _rule_toll(r: Reader) -> list[_Raw]:
    """ "the death toll rose to 112", "put the death toll at 58", "bringing the number killed to 45"."""
    out: list[_Raw] = []
    n = len(r.toks)
    i = 0
    while i < n:
        found = match_phrase(r.toks, i, r.lex.tolls)
        counted: str | None = None  # the status of a group named inside the toll phrase
        if found is None and (opened := _toll_opener(r, i)) is not None:
            found, counted = opened[:2], opened[2]
        if found is None:
            i += 1
            continue
        kind, j = found
        candidates: list[tuple[int, QuantityRange, int]] = []
        # "bringing to 45 the number killed": the figure comes first.
        if r.low(i - 1) == "the":
            for p in range(i - 2, max(-1, i - 8), -1):
                q = r.quantity(p)
                if q is not None and q[1] == i - 1 and r.low(p - 1) == "to":
                    candidates.append((p, q[0], q[1]))
                    break
        m = j
        while m < n and m - j < _TOLL_LINKED_WINDOW and r.low(m) not in _SENTENCE_END:
            q = r.quantity(m)
            if q is not None:
                candidates.append((m, q[0], q[1]))
                m = q[1]
            else:
                m += 1
        linked = [c for c in candidates if r.low(c[0] - 1) in _TOLL_LINKS or c[0] < i]
        # A figure far from the toll words counts only when a link word ties it to them.
        plain = [c for c in candidates if c[0] - j < _TOLL_WINDOW and not (
            r.is_word(c[2]) and r.low(c[2]) not in r.lex.persons and r.low(c[2]) not in r.lex.passive_aux)]
        pick = (linked or plain or [None])[0]
        if pick is not None and (pick[1].low is not None or pick[1].high is not None):
            m0, q, m1 = pick
            # "has risen to 86, 30 of them children"
            subset, _ = r.subset(m1)
            civ = _civilians([], subset, q.high) if subset else (None, None)
            if counted in (CIV, COMB) and civ == (None, None):
                civ = (0, 0) if counted == COMB else (q.low, q.high)
            out.append(_Raw(kind, q.low, q.high, civ[0], civ[1], min(i, m0), max(j, m1), None,
                            toll=True, claim=(m0, m1)))
            i = max(j, m1)
        else:
            i = j
    return out


def _toll_opener(r: Reader, i: int) -> tuple[str, int, str | None] | None:
    """A toll whose group comes before its casualty word: "the number of rebel fighters killed in
    battles against ISIL has risen to 39" (kind, index after the casualty word, the group's status)."""
    lex = r.lex
    opener = match_phrase(r.toks, i, lex.toll_openers)
    if opener is None or r.low(i - 1) != "the":  # not "a number of people were killed"
        return None
    limit, m = opener
    start = m
    while m < len(r.toks) and m - start <= limit and r.low(m) not in _SENTENCE_END:
        found = match_phrase(r.toks, m, lex.passive)
        if found is not None and m > start:
            head = r.head(start, singular=False)
            cls = r.classify(head[2], head[3], range(head[0], head[1])) if head and head[1] <= m else None
            return found[0], found[1], cls
        if r.low(m) in lex.verb_words or r.quantity(m) is not None:
            return None
        m += 1
    return None


def _rule_active(r: Reader) -> list[_Raw]:
    """ "killed six people", "killing 17 and injuring over two dozen", "the killing of three soldiers"."""
    lex = r.lex
    out: list[_Raw] = []
    n = len(r.toks)
    i = 0
    while i < n:
        nominal = match_phrase(r.toks, i, lex.nominal)
        person_only = None if nominal else match_phrase(r.toks, i, lex.person_only)
        verb = nominal or person_only or match_phrase(r.toks, i, lex.active)
        if verb is None:
            if r.low(i) in lex.life_verbs:
                out.extend(_life(r, i))
            i += 1
            continue
        kind, j = verb
        if nominal is None and r.preceded_by_be(i):
            i = j
            continue
        # "killing and wounding dozens": one number for two outcomes; we cannot split it.
        if r.low(j) in ("and", "or", "/") and match_phrase(r.toks, j + 1, lex.active) is not None:
            i = match_phrase(r.toks, j + 1, lex.active)[1]  # type: ignore[index]
            continue
        grp = r.group(j, bare=nominal is None and person_only is None)
        # "8 persons killed 58 others injured": the "object" is the subject of the next participle.
        if grp is not None and r.passive_after(grp.j) is None:
            raw = _from_group(r, kind, grp, i, grp.j)
            if raw is not None:
                if not grp.has_head and raw.civ_low is None and raw.civ_high is None:
                    shared = _shared_class(r, grp.j)
                    if shared is not None:
                        raw.civ_low, raw.civ_high = (0, 0) if shared == COMB else (raw.low, raw.high)
                out.append(raw)
        elif grp is None and person_only is None:
            end = j + 1 if r.low(j) in _SINGLE_VICTIM and nominal is None else None
            if nominal is not None and not r.toks[j - 2].lower.endswith("s"):
                # a singular nominal ("death of", not "deaths of") + a name: one named person.
                end = r.name_end(j) if r.name_end(j) > j else None
            if end is not None:
                out.append(_Raw(kind, 1, 1, None, None, i, end, None, claim=(j, end)))
        i = j
    return out


def _shared_class(r: Reader, k: int) -> str | None:
    """The status of a noun two verbs share: "killed 28 and wounded 30 Daesh militants" (combatant)."""
    if r.low(k) != "and":
        return None
    verb = match_phrase(r.toks, k + 1, r.lex.active)
    grp = r.group(verb[1], bare=False) if verb is not None else None
    if grp is None or len(grp.items) != 1 or grp.items[0].cls not in (CIV, COMB):
        return None
    return grp.items[0].cls


def _life(r: Reader, i: int) -> list[_Raw]:
    """ "claimed 30 lives", "cost the lives of ..." (the latter is a nominal phrase)."""
    k = i + 1
    found = r.quantity(k)
    if found is None:
        return []
    q, m = found
    for extra in range(3):
        if r.low(m + extra) in r.lex.life_nouns:
            if q.low is None and q.high is None:
                return []
            return [_Raw(KILLED, q.low, q.high, None, None, i, m + extra + 1, None, claim=(k, m + extra + 1))]
        if not r.is_word(m + extra) or r.low(m + extra) in r.lex.stop:
            break
    return []


def _rule_passive(r: Reader) -> list[_Raw]:
    """ "At least 29 Syrian rebels were killed", "112 dead", "Ten children were among 48 people killed"."""
    lex = r.lex
    out: list[_Raw] = []
    n = len(r.toks)
    i = 0
    while i < n:
        grp = r.group(i, bare=True)
        if grp is None:
            i += 1
            continue
        k = grp.j
        raw: _Raw | None = None
        pp_class: str | None = None
        trailer = match_phrase(r.toks, k, lex.group_trailers)
        if trailer is not None and r.low(trailer[1]) != "of":
            k = trailer[1]  # "35 people in total had died"
        if grp.has_head:
            # "At least 17 people, most members of opposition groups, were killed"
            a = k + 1 if r.low(k) == "," else k
            if r.low(a) in _APPOSITIVE:
                a += 1
                if r.low(a) == "of" and r.low(a + 1) == "them":
                    a += 2
                end = r.heads_end(a)
                if end is None:
                    # "dozens of civilians mostly families were killed": a noun that is no person
                    end = next((a + x for x in range(1, 3) if r.passive_after(a + x) is not None
                                and all(r.is_word(y) and r.low(y) not in lex.stop for y in range(a, a + x))), None)
                if end is not None:
                    k = end + 1 if r.low(end) == "," else end
            # "Fourteen members of the local rebel group were killed"
            pp = match_phrase(r.toks, k, lex.pp_starters)
            if pp is not None:
                m = pp[1]
                while m < n and m - k <= _MAX_PP and r.low(m) not in _SENTENCE_END:
                    if r.low(m) == "and" and r.item(m + 1) is not None:
                        break  # "12 people in Aleppo and 5 people were wounded": another subject
                    if r.low(m) == ",":  # "..., most of them members of opposition groups, were killed"
                        if r.low(m + 1) in lex.passive_aux or r.low(m + 1) in lex.aux:
                            k = m + 1
                        break
                    if r.low(m) in lex.passive_aux or r.low(m) in lex.relatives:
                        if pp[0] not in _PLACE_PPS:  # "people near an army base" are no soldiers
                            pp_class = next((lex.class_mods[r.low(x)] for x in range(pp[1], m)
                                             if r.low(x) in lex.class_mods), None)
                        k = m
                        break
                    if r.low(m) in lex.verb_words:
                        break
                    m += 1
            if r.low(k) in lex.relatives:
                k += 1
        passive = r.passive_after(k)
        if passive is None:
            # "Ten children were among at least 48 people killed"
            a, _ = r.skip_aux(k)
            if r.low(a) == "among":
                b = a + 1 + (r.low(a + 1) in ("the", "those"))
                total = r.group(b, bare=True)
                if total is not None:
                    after = match_phrase(r.toks, total.j, lex.passive)
                    if after is not None:
                        tot_low = _sum([it.q.low for it in total.items])
                        tot_high = _sum([it.q.high for it in total.items])
                        if tot_low is not None or tot_high is not None:
                            civ = _civilians(total.items, grp.items, tot_high)
                            if civ == (None, None) or {it.cls for it in total.items} <= {NEUTRAL}:
                                civ = _civilians([], grp.items, tot_high)
                            raw = _Raw(after[0], tot_low, tot_high, civ[0], civ[1], i, after[1],
                                       _who(r, total.items), claim=(grp.i, total.j))
        else:
            kind, end, subset_of_unknown = passive
            raw = _from_group(r, kind, grp, i, end)
            if raw is not None and not grp.subset and not subset_of_unknown:
                # "At least 20 people were killed including 13 civilians": the share after the verb
                late, late_end = r.late_subset(end)
                if late:
                    raw.civ_low, raw.civ_high = _civilians(grp.items, late, raw.high)
                    raw.e = late_end
            more = r.late_item(end) if raw is not None else None
            if raw is not None and more is not None and more[0].additive:
                # "30 militants were killed around X and another five outside Y"
                extra = more[0]
                raw.low, raw.high = _add_low(raw.low, extra.q.low), _add(raw.high, extra.q.high)
                # their civilians: all of them, none, or (status unknown) up to all of them
                civ = {CIV: (extra.q.low, extra.q.high), COMB: (0, 0)}.get(extra.cls or "", (0, extra.q.high))
                if raw.civ_low is not None or raw.civ_high is not None:
                    raw.civ_low, raw.civ_high = _add_low(raw.civ_low, civ[0]), _add(raw.civ_high, civ[1])
                raw.e = more[2]
            if raw is not None and pp_class and raw.civ_low is None and raw.civ_high is None \
                    and all(it.cls == NEUTRAL for it in grp.items):
                # "members of the ... rebel group": the group the members belong to says who they are.
                raw.civ_low, raw.civ_high = (0, 0) if pp_class == COMB else (raw.low, raw.high)
            if raw is not None and subset_of_unknown:
                # "11 children among the dead": part of a total the sentence does not give.
                raw.high = None
                if raw.civ_low is not None and raw.civ_low > 0:
                    raw.civ_high = None
                else:
                    raw.civ_low, raw.civ_high = None, None
                if raw.low is None:
                    raw = None
        if raw is not None:
            out.append(raw)
            i = max(i + 1, grp.j)
        else:
            i += 1
    return out


def _rule_nouns(r: Reader) -> list[_Raw]:
    """ "11 civilian deaths", "30 fatalities", "five injuries"."""
    lex = r.lex
    out: list[_Raw] = []
    for i in range(len(r.toks)):
        found = r.quantity(i)
        if found is None:
            continue
        q, m = found
        civ = additive = False
        for extra in range(3):
            w = r.low(m + extra)
            if w in lex.nouns:
                if q.low is None and q.high is None:
                    break
                kind = lex.nouns[w]
                c = (q.low, q.high) if civ else (None, None)
                out.append(_Raw(kind, q.low, q.high, c[0], c[1], i, m + extra + 1, None,
                                additive=additive, claim=(i, m + extra + 1)))
                break
            if lex.class_mods.get(w) == CIV:  # "eight civilian deaths"
                civ = True
                continue
            if w in lex.additive:  # "five more deaths", "two other fatalities"
                additive = True
                continue
            if not r.is_word(m + extra) or w in lex.stop or w in lex.persons or w in lex.verb_words:
                break
    return out


# --------------------------------------------------------------------------- attribution


_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|[\u2028\u2029]")


def _attributions(r: Reader) -> list[tuple[int, str]]:
    """Every "according to X" / "X said" / "said X" source in the text: (token index of the cue, name)."""
    lex = r.lex
    n = len(r.toks)
    out: list[tuple[int, str]] = []

    def word_ok(k: int) -> bool:
        """A word that can be part of a source name."""
        t = r.toks[k]
        if not t.is_word or t.lower in lex.attr_stop or t.lower in lex.speech:
            return False
        if t.lower in NAME_PARTICLES and k + 1 < n and r.low(k + 1) == "-":
            return True  # "al-Sudani"
        return t.text[0].isupper() or t.lower in lex.source_words

    def joins(k: int, left: int, right: int) -> bool:
        """A joiner between two name words: "Ministry of Health", "Britain-based"."""
        if not (0 <= left and right < n and r.low(k) in lex.attr_joiners):
            return False
        if not (word_ok(left) and word_ok(right)):
            return False
        if r.low(k) in ("-", "–"):
            return glue(r.toks, k)
        return r.toks[left].text[0].isupper() and r.toks[right].text[0].isupper()

    def forward(b: int) -> int:
        """The end of a source name starting at ``b``."""
        start = b
        if r.low(b) in ("a", "an", "the"):
            b += 1
        while b < n and b - start < 10:
            if word_ok(b) or joins(b, b - 1, b + 1):
                b += 1
            else:
                break
        return b

    def name(a: int, b: int) -> str | None:
        """The name between tokens ``a`` and ``b``, determiners and joiners trimmed."""
        while a < b and (r.low(a) in lex.attr_joiners or r.low(a) in ("a", "an", "the")):
            a += 1
        while b > a and r.low(b - 1) in lex.attr_joiners:
            b -= 1
        return r.text[r.toks[a].start:r.toks[b - 1].end] if a < b else None

    for i in range(n):
        acc = match_phrase(r.toks, i, lex.according)
        if acc is not None:
            got = name(acc[1], forward(acc[1]))
            if got:
                out.append((i, got))
            continue
        if r.low(i) not in lex.speech:
            continue
        a = i
        while a > 0 and i - a < 10:
            k = a - 1
            if word_ok(k) or joins(k, k - 1, a):
                a = k
            elif r.low(k) in ("the", "a", "an") and a < i:
                a = k
                if r.low(k - 1) != "and" or k < 2 or not word_ok(k - 2):
                    break
                a = k - 1  # "a monitor and a medical source"
            else:
                break
        got = name(a, i)
        if got is None and (i == 0 or r.low(i - 1) not in lex.attr_stop) and i + 1 < n \
                and r.toks[i + 1].text[0].isupper():
            got = name(i + 1, forward(i + 1))  # '"...," said Observatory director Rami Abdel Rahman'
        if got:
            out.append((i, got))
    return out


def _clause_break(r: Reader, cue: int, figure: int) -> bool:
    """True when a subordinate clause starts between a speech cue and the figure after it.

    "X announced that ... after 3 February, when the army hit 85 sites, killing 17": the figure
    sits in a clause of its own and is the outlet's statement, not X's.
    """
    return cue < figure and any(r.low(m) in _CLAUSE_BREAKS for m in range(cue + 1, figure))


def _sentence_ids(r: Reader) -> list[int]:
    """For each token, the index of its sentence (for matching figures to attributions)."""
    bounds = [m.end() for m in _SENT_SPLIT.finditer(r.text)]
    ids, s = [], 0
    for t in r.toks:
        while s < len(bounds) and t.start >= bounds[s]:
            s += 1
        ids.append(s)
    return ids


# --------------------------------------------------------------------------- public API


def find_casualties(text: str, *, offset: int = 0) -> list[CasualtyFigure]:
    """Every killed/injured figure in ``text``, in reading order, offsets shifted by ``offset``."""
    triggers = lexicon().trigger_words
    if not any(tok.lower in triggers for tok in tokenize(text)):
        return []
    r = Reader(text)
    if not r.toks:
        return []
    raws: list[_Raw] = []
    claimed: set[tuple[str, int]] = set()
    for rule in (_rule_negation, _rule_toll, _rule_active, _rule_passive, _rule_nouns):
        for raw in rule(r):
            cells = {(raw.kind, t) for t in range(*raw.claim)} if raw.claim != (0, 0) else set()
            if cells & claimed or any(o.kind == raw.kind and o.s == raw.s and o.e == raw.e for o in raws):
                continue
            if raw.negated and any(o.negated and o.kind == raw.kind and o.s <= raw.s < o.e for o in raws):
                continue
            claimed |= cells
            raws.append(raw)
    raws.sort(key=lambda x: (r.toks[x.s].start, x.kind != KILLED))
    sources = _attributions(r)
    sent = _sentence_ids(r)
    out = []
    for raw in raws:
        start, end = r.toks[raw.s].start, r.toks[raw.e - 1].end
        near = [(abs(k - raw.s), name) for k, name in sources
                if sent[k] == sent[raw.s] and not _clause_break(r, k, raw.s)]
        attributed = min(near)[1] if near else None
        out.append(CasualtyFigure(
            kind=raw.kind, low=raw.low, high=raw.high, civilian_low=raw.civ_low,
            civilian_high=raw.civ_high, start=start + offset, end=end + offset,
            phrase=text[start:end], who=raw.who, negated=raw.negated, attributed_to=attributed,
            toll=raw.toll, additive=raw.additive))
    return out


def _restates(a: CasualtyFigure, b: CasualtyFigure) -> bool:
    """True when two figures probably count the same people (the same or a generic noun)."""
    if b.additive:
        return False
    wa, wb = (a.who or "").lower(), (b.who or "").lower()
    generic = {"", "people", "persons", "person", "individuals"}
    return wa == wb or wa in generic or wb in generic or wa.split()[-1:] == wb.split()[-1:]


def _add(x: int | None, y: int | None) -> int | None:
    """Sum of two upper bounds; unknown stays unknown."""
    return None if x is None or y is None else x + y


def _add_low(x: int | None, y: int | None) -> int | None:
    """Sum of two lower bounds, an unknown one counting as zero."""
    return None if x is None and y is None else (x or 0) + (y or 0)


def _bigger(a: CasualtyFigure, b: CasualtyFigure) -> CasualtyFigure:
    """The larger of two restatements (by value, then by upper bound)."""
    ka = (a.value or 0, a.high if a.high is not None else 10 ** 12)
    kb = (b.value or 0, b.high if b.high is not None else 10 ** 12)
    return b if kb > ka else a


def _combine_one_voice(figs: list[CasualtyFigure]) -> tuple[int | None, int | None, int | None, int | None,
                                                             CasualtyFigure]:
    """Sum distinct groups, keep the larger of two restatements: (low, high, civ_low, civ_high, main)."""
    main = figs[0]
    low, high, cl, ch = main.low, main.high, main.civilian_low, main.civilian_high
    for f in figs[1:]:
        if _restates(main, f):
            bigger = _bigger(main, f)
            if bigger is f:
                main = f
                low, high, cl, ch = f.low, f.high, f.civilian_low, f.civilian_high
        else:
            # Lower bounds add with unknown as zero; an unknown upper bound stays unknown.
            low = _add_low(low, f.low)
            high = _add(high, f.high)
            cl = _add_low(cl, f.civilian_low)
            ch = _add(ch, f.civilian_high)
    return low, high, cl, ch, main


def summarise(figures: list[CasualtyFigure]) -> tuple[Casualties, Casualties]:
    """One killed range and one injured range for a sentence's figures.

    A toll ("the death toll rose to 112") supersedes the rest, the last toll winning; otherwise
    distinct groups add up ("15 civilians ... six others"), restatements keep the larger figure,
    and figures from different attributions become one range (low = min, high = max). Negations
    count only when nothing positive is reported for that kind.
    """
    result = []
    for kind in (KILLED, INJURED):
        figs = sorted((f for f in figures if f.kind == kind), key=lambda f: f.start)
        positive = [f for f in figs if not f.negated and (f.low is not None or f.high is not None)]
        if not positive:
            neg = [f for f in figs if f.negated]
            if not neg:
                result.append(Casualties())
                continue
            first = neg[0]
            low = 0 if any(f.low == 0 for f in neg) else None
            result.append(Casualties(low, low, 0 if any(f.civilian_low == 0 for f in neg) else None,
                                     0 if any(f.civilian_high == 0 for f in neg) else None, first.span))
            continue
        tolls = [f for f in positive if f.toll]
        if tolls:
            t = tolls[-1]
            civ = [f for f in positive if f.civilian_low is not None or f.civilian_high is not None]
            cl = civ[-1].civilian_low if civ and t.civilian_low is None else t.civilian_low
            ch = civ[-1].civilian_high if civ and t.civilian_high is None else t.civilian_high
            if ch is not None and t.high is not None:
                ch = min(ch, t.high)
            if cl is not None and ch is not None and cl > ch:
                cl, ch = None, None
            result.append(Casualties(t.low, t.high, cl, ch, t.span))
            continue
        voices: dict[str | None, list[CasualtyFigure]] = {}
        voice: str | None = None
        for n, f in enumerate(positive):
            # "10 civilians killed ... 21 others died, the White Helmets said": "others" adds to
            # the figure before it, whoever the sentence credits it to.
            voice = voice if f.additive and n else f.attributed_to
            voices.setdefault(voice, []).append(f)
        combined = [_combine_one_voice(v) for v in voices.values()]
        if len(combined) == 1:
            low, high, cl, ch, main = combined[0]
        else:
            lows = [c[0] for c in combined]
            highs = [c[1] for c in combined]
            low = min((x for x in lows if x is not None), default=None)
            high = None if any(x is None for x in highs) else max(x for x in highs if x is not None)
            cls_ = [c[2] for c in combined if c[2] is not None]
            chs = [c[3] for c in combined]
            cl = min(cls_) if cls_ else None
            ch = None if any(x is None for x in chs) else max(x for x in chs if x is not None)
            main = max((c[4] for c in combined), key=lambda f: f.value or 0)
        if low is not None and high is not None and low > high:
            low, high = high, low
        if cl is not None and ch is not None and cl > ch:
            cl, ch = None, None
        result.append(Casualties(low, high, cl, ch, main.span))
    return result[0], result[1]
