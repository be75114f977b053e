"""The noun-phrase machinery behind :mod:`.casualties`: vocabulary, counted groups, verb shapes.

:class:`Reader` walks the tokens of one text and answers the questions the casualty rules ask:
is there a counted group of people at token k ("at least 29 Syrian rebels", "a nurse", "militia
commander Abu Ali al-Hassan"), a list of them ("10 children and 13 rebels"), a subset
clause ("among them 10 children"), a passive casualty form after it ("were found dead")? The words
come from ``eventledger/data/casualties.json`` (schema ``data/schemas/casualties.schema.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from eventledger.errors import ResourceError

from .numbers import PhraseTable, QuantityRange, Token, is_count_like, load_data, match_quantity, number_words, tokenize

__all__ = ["CIV", "COMB", "NAME_PARTICLES", "NEUTRAL", "Group", "Item", "Lexicon", "Reader", "glue",
           "lexicon", "match_phrase"]

CIV, COMB, NEUTRAL = "civilian", "combatant", "neutral"
_PARTITIVE = frozenset({"the", "those", "these", "its", "their", "his", "her", "our"})
_LATE_SUBSET_PREPS = frozenset({"in", "on", "at", "near", "across", "inside", "around", "during", "outside",
                                 "along", "north", "south", "east", "west"})
_LATE_SUBSET_CUES = frozenset({"among", "including", "of"})
_MAX_MODS = 5  # words allowed between a number and its noun ("two Syrian civil defence workers")
_MAX_LATE = 10  # tokens of a place phrase between two counted groups of one list
_MAX_ASIDE = 8  # tokens of a parenthesised aside between a number and its noun, brackets included
# Words that can start a written-out number ("four", "twenty"): only at these (and digits) can a
# second count begin inside a noun phrase.
_NUMBER_STARTS = frozenset(number_words())
_MOD_PUNCT = frozenset({"-", "–", "(", ")", "[", "]", "'", "’", "&", "/"})
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abd", "ad", "as", "ud", "ul", "din", "de"})
# Plural demonyms ("Syrians", "Iraqis", "Lebanese", "Alawites", "Kurds") counted as people.
_DEMONYM_ENDINGS = ("ans", "is", "ese", "ites", "urds", "urks", "rabs", "ews")


def _key(phrase: str) -> tuple[str, ...]:
    """A phrase as the tuple of its lower-cased tokens."""
    return tuple(t.lower for t in tokenize(phrase))


def _plurals(word: str, irregular: dict[str, list[str]]) -> list[str]:
    """The plural forms of a person noun: listed ones ("people", "persons"), else by rule."""
    if word in irregular:
        return irregular[word]
    return [_plural(word)]


def _plural(word: str) -> str:
    """The regular English plural of a noun ("gunman" -> "gunmen", "militia" -> "militias")."""
    if word.endswith("man") and not word.endswith("human"):
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


@dataclass(frozen=True)
class Lexicon:
    """casualties.json, indexed for the rules."""

    active: PhraseTable
    person_only: PhraseTable
    passive: PhraseTable
    nominal: PhraseTable
    nouns: dict[str, str]
    tolls: PhraseTable
    life_verbs: frozenset[str]
    life_nouns: frozenset[str]
    passive_aux: frozenset[str]
    aux: frozenset[str]
    adverbs: frozenset[str]
    persons: dict[str, tuple[str, str, str]]  # form -> (lemma, class, "sg" | "pl")
    titles: frozenset[str]
    class_mods: dict[str, str]
    sg_dets: frozenset[str]
    additive: frozenset[str]
    subset_cues: PhraseTable
    joiners: PhraseTable
    pp_starters: PhraseTable
    relatives: frozenset[str]
    group_trailers: PhraseTable
    toll_openers: PhraseTable
    stop: frozenset[str]
    neg_openers: frozenset[str]
    neg_fillers: frozenset[str]
    neg_nouns: PhraseTable
    neg_subjects: PhraseTable
    neg_outcomes: dict[str, str]
    neg_not_before: frozenset[str]
    according: PhraseTable
    speech: frozenset[str]
    source_words: frozenset[str]
    attr_joiners: frozenset[str]
    attr_stop: frozenset[str]
    verb_words: frozenset[str] = field(default_factory=frozenset)
    # Every word of every killed/injured phrase, noun and negation outcome: a text with none of
    # them holds no casualty figure, and most sentences of a news article are refused by it.
    trigger_words: frozenset[str] = field(default_factory=frozenset)
    # Unqualified victims ("six people") the event coder counts as civilians (see casualties.json).
    counted_as_civilians: frozenset[str] = field(default_factory=frozenset)


def _phrases(phrases: list[str], value: str = "") -> dict[tuple[str, ...], str]:
    """Phrase keys mapped to ``value`` (or to the phrase itself)."""
    return {_key(p): value or p for p in phrases}


def _table(phrases: list[str], value: str = "") -> PhraseTable:
    """A PhraseTable of phrases mapped to ``value``."""
    return PhraseTable(_phrases(phrases, value))


def _distinctive(key: tuple[str, ...], function_words: set[str]) -> str:
    """The word of a phrase that best tells it apart: its longest non-function word (the last
    of equal length), or its longest word when all are function words."""
    content = [w for w in key if w not in function_words] or list(key)
    return max(reversed(content), key=len)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The casualty vocabulary, loaded once."""
    d: dict[str, Any] = load_data("casualties.json")
    try:
        active: dict[tuple[str, ...], str] = {}
        person_only: dict[tuple[str, ...], str] = {}
        passive: dict[tuple[str, ...], str] = {}
        nominal: dict[tuple[str, ...], str] = {}
        tolls: dict[tuple[str, ...], str] = {}
        nouns: dict[str, str] = {}
        for kind, forms in d["kinds"].items():
            active.update(_phrases(forms["active"], kind))
            person_only.update(_phrases(forms.get("active_persons_only", []), kind))
            passive.update(_phrases(forms["passive"], kind))
            nominal.update(_phrases(forms["nominal"], kind))
            tolls.update(_phrases(forms["tolls"], kind))
            nouns.update({w.lower(): kind for w in forms["nouns"]})
        irregular = {k.lower(): [v.lower()] if isinstance(v, str) else [x.lower() for x in v]
                     for k, v in d["irregular_plurals"].items()}
        invariant = {w.lower() for w in d["invariant"]}
        plural_only = {w.lower() for w in d["plural_only"]}
        persons: dict[str, tuple[str, str, str]] = {}
        for cls, lemmas in d["persons"].items():
            label = {"others": "others"}.get(cls, cls)
            for lemma in (w.lower() for w in lemmas):
                if lemma in invariant or lemma == "more":
                    persons.setdefault(lemma, (lemma, label, "pl"))
                    continue
                if lemma not in plural_only:
                    persons.setdefault(lemma, (lemma, label, "sg"))
                for plural in _plurals(lemma, irregular):
                    persons.setdefault(plural, (lemma, label, "pl"))
        class_mods = {w.lower(): cls for cls, words in d["class_modifiers"].items() for w in words}
        neg = d["negation"]
        attribution = d["attribution"]
        verb_words = {w for table in (active, passive, nominal) for key in table for w in key}
        # One word per phrase suffices (a match holds all of them): its longest non-function word.
        function_words = {w.lower() for w in (*d["stop_words"], *d["singular_determiners"], *d["aux"],
                                              *d["passive_aux"])}
        phrases = [key for table in (active, person_only, passive, nominal, tolls) for key in table]
        phrases += [_key(k) for k in (*neg["nouns"], *neg["outcomes"])]
        trigger_words = {_distinctive(key, function_words) for key in phrases if key}
        trigger_words |= set(nouns) | {w.lower() for w in d["life_verbs"]} | {w.lower() for w in d["life_nouns"]}
        return Lexicon(
            active=PhraseTable(active), person_only=PhraseTable(person_only), passive=PhraseTable(passive),
            nominal=PhraseTable(nominal), nouns=nouns, tolls=PhraseTable(tolls),
            life_verbs=frozenset(d["life_verbs"]), life_nouns=frozenset(d["life_nouns"]),
            passive_aux=frozenset(d["passive_aux"]), aux=frozenset(d["aux"]),
            adverbs=frozenset(d["adverbs"]), persons=persons,
            titles=frozenset(d["title_nouns"]), class_mods=class_mods,
            sg_dets=frozenset(d["singular_determiners"]), additive=frozenset(d["additive_markers"]),
            subset_cues=_table(d["subset_cues"]), joiners=_table(d["list_joiners"]),
            pp_starters=_table(d["pp_starters"]), relatives=frozenset(d["relatives"]),
            group_trailers=_table(d["group_trailers"]),
            toll_openers=PhraseTable({_key(k): int(v) for k, v in d["toll_openers"].items()}),
            stop=frozenset(d["stop_words"]),
            neg_openers=frozenset(neg["openers"]), neg_fillers=frozenset(neg["fillers"]),
            neg_nouns=PhraseTable({_key(k): v for k, v in neg["nouns"].items()}),
            neg_subjects=_table(neg["subjects"]), neg_outcomes=dict(neg["outcomes"]),
            neg_not_before=frozenset(neg["not_before"]),
            according=_table(attribution["according_to"]),
            speech=frozenset(attribution["speech_verbs"]),
            source_words=frozenset(attribution["source_words"]),
            attr_joiners=frozenset(attribution["joiners"]),
            attr_stop=frozenset(attribution["stop_words"]),
            verb_words=frozenset(verb_words - {"of", "the", "to", "their", "his", "her", "lives",
                                               "life", "among", "those"}),
            trigger_words=frozenset(trigger_words),
            counted_as_civilians=frozenset(w.lower() for w in d.get("counted_as_civilians", [])),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResourceError(f"eventledger/data/casualties.json is malformed ({exc!r}); it must "
                            "match data/schemas/casualties.schema.json") from exc


def match_phrase(toks: list[Token], i: int, table: PhraseTable) -> tuple[str, int] | None:
    """The longest phrase of ``table`` at token ``i``: (its value, index after it)."""
    return table.longest(toks, i)


# --------------------------------------------------------------------------- noun phrases


@dataclass
class Item:
    """One counted group: "at least 29 Syrian rebels", "a nurse", "dozens others"."""

    q: QuantityRange
    i: int  # first token
    j: int  # token after the last
    head: str | None = None  # lemma of the person noun, None for a bare number
    cls: str | None = None  # civilian | combatant | neutral | others
    who: tuple[int, int] | None = None  # token range of the counted noun phrase
    additive: bool = False
    titled: bool = False  # a title with no determiner ("commander Mullah Karim"): one named person


@dataclass
class Group:
    """A list of items with its subset clause: "48 people, among them 10 children"."""

    items: list[Item]
    subset: list[Item]
    i: int
    j: int

    @property
    def has_head(self) -> bool:
        """True when every item names its people (no bare numbers)."""
        return all(it.head is not None for it in self.items)


class Reader:
    """Token-level matcher over one text; every casualty rule reads through it."""

    def __init__(self, text: str) -> None:
        """Tokenise ``text`` and mark the tokens inside quantity phrases."""
        self.text = text
        self.toks = tokenize(text)
        self.lex = lexicon()
        self._items: dict[int, Item | None] = {}
        # Tokens inside a quantity phrase ("70" in "Nearly 70") never start one of their own.
        self._interior: set[int] = set()
        self._quantities: dict[int, tuple[QuantityRange, int] | None] = {}
        k = 0
        while k < len(self.toks):
            found = match_quantity(self.toks, k)
            if found is None:
                k += 1
                continue
            self._interior.update(range(k + 1, found[1]))
            k = found[1]

    def low(self, k: int) -> str:
        """The lower-cased token ``k``, or "" outside the text."""
        return self.toks[k].lower if 0 <= k < len(self.toks) else ""

    def is_word(self, k: int) -> bool:
        """True when token ``k`` exists and is a word."""
        return 0 <= k < len(self.toks) and self.toks[k].is_word

    # ---- quantities and heads

    def quantity(self, k: int) -> tuple[QuantityRange, int] | None:
        """A count-like quantity at token ``k`` (not "one" in "no one", not a year or measure)."""
        if k >= len(self.toks) or k in self._interior or self.low(k - 1) in ("no", "not", "without"):
            return None
        if k not in self._quantities:
            found = match_quantity(self.toks, k)
            if found is not None and not is_count_like(self.text, self.toks[k].start,
                                                       self.toks[found[1] - 1].end):
                found = None
            self._quantities[k] = found
        return self._quantities[k]

    def head(self, k: int, *, singular: bool) -> tuple[int, int, str, str] | None:
        """A person noun after up to ``_MAX_MODS`` modifiers: (first mod, end, lemma, class)."""
        lex = self.lex
        words = 0
        m = k
        while m < len(self.toks) and words <= _MAX_MODS:
            w = self.low(m)
            if m > k and (self.toks[m].is_digits or w in _NUMBER_STARTS) \
                    and match_quantity(self.toks, m) is not None:
                break  # "4 Syrian Towns Resumes Six people": another count starts, not a modifier
            if w == "(":
                close = next((c for c in range(m + 1, min(m + _MAX_ASIDE, len(self.toks))) if self.low(c) == ")"), None)
                if close is not None and close > m + 1:
                    m = close + 1  # "35 Daesh (outlawed in Russia) militants": an aside, skipped
                    continue
            entry = lex.persons.get(w)
            if entry is not None and (m + 1 >= len(self.toks) or self.low(m + 1) not in ("-", "–")) \
                    and not self._noun_follows(m + 1):
                end = m + 1
                # compound heads: "police officers", "aid workers"
                while end < len(self.toks) and self.low(end) in lex.persons:
                    entry = lex.persons[self.low(end)]
                    end += 1
                lemma, cls, number = entry
                if singular and number != "sg":
                    return None
                return k, end, lemma, cls
            tok = self.toks[m]
            if w in ("and", "or") and words > 0 and self.is_word(m + 1) \
                    and self.low(m + 1) not in lex.stop and self.low(m + 1) not in lex.verb_words:
                m += 1  # "regime and rebel fighters", "Syrian and Iraqi soldiers"
                continue
            if tok.is_word:
                # "US", "UN": an upper-case abbreviation is a modifier, not the pronoun "us".
                abbreviation = len(tok.text) > 1 and tok.text.isupper() and w not in lex.verb_words
                if not abbreviation and (w in lex.stop or w in lex.verb_words or w in lex.nouns):
                    break
                words += 1
            elif tok.text in _MOD_PUNCT or (tok.text == "." and m > 0 and len(self.toks[m - 1].text) == 1):
                pass
            else:
                break
            m += 1
        # "Two Syrians were killed": a capitalised plural (a demonym) right after the number.
        tok = self.toks[k] if k < len(self.toks) else None
        if tok is not None and not singular and tok.is_word and tok.text[0].isupper() and len(tok.text) > 3 \
                and tok.lower.endswith(_DEMONYM_ENDINGS) and tok.lower not in lex.stop \
                and tok.lower not in lex.attr_stop and tok.lower not in lex.verb_words:
            after = self.low(k + 1)
            if not self.is_word(k + 1) or after in lex.stop or after in lex.verb_words:
                return k, k + 1, tok.lower, NEUTRAL
        return None

    def _noun_follows(self, k: int) -> bool:
        """True when a plain lower-case noun follows ("sniper position"): the person word is a modifier."""
        lex = self.lex
        if not self.is_word(k) or not self.toks[k].text[0].islower():
            return False
        w = self.low(k)
        if w in lex.stop or w in lex.verb_words or w in lex.persons or w in lex.nouns or w in lex.adverbs \
                or w in _NUMBER_STARTS:
            return False  # "... 25 civilians eight of them children"
        if w in lex.source_words and not (self.is_word(k + 1) and self.toks[k + 1].text[0].islower()
                                          and self.low(k + 1) not in lex.speech):
            return False  # a source: "kill 20 militants monitor AFP", "killed 5 civilians observatory said"
        return not w.endswith(("ing", "ed", "ly"))  # "soldiers guarding", "civilians trapped"

    def classify(self, lemma: str, cls: str, mods: range) -> str:
        """Civilian/combatant status of a group from its noun, else from its modifiers."""
        if cls in (CIV, COMB):
            return cls
        for m in mods:
            found = self.lex.class_mods.get(self.low(m))
            if found:
                return found
        return cls

    def item(self, k: int) -> Item | None:
        """The counted group starting at token ``k``, or None."""
        if k not in self._items:
            self._items[k] = self._item(k)
        return self._items[k]

    def _item(self, k: int) -> Item | None:
        """Uncached :meth:`item`."""
        lex = self.lex
        n = len(self.toks)
        if k >= n:
            return None
        start, additive = k, False
        w = self.low(k)
        if w in ("the", "all", "another", "an") and k + 1 < n:
            nxt = self.low(k + 1)
            if w == "another" or (w == "an" and nxt == "additional"):
                additive = True
            if w == "an" and nxt == "additional":
                k += 1
            if self.quantity(k + 1) is not None:
                k += 1
        found = self.quantity(k)
        if found is not None:
            q, j = found
            if self.low(j) == "of" and self.low(j + 1) in _PARTITIVE:
                j += 2
            elif self.low(j) == "of" and self.low(j + 1) not in ("them", "whom", "which"):
                j += 1  # "dozens of people", "a number of civilians"
            if self.low(j) in lex.additive and self.low(j) in ("other", "more", "additional", "further"):
                # "12 other people", "dozens more civilians", "dozens more"
                additive = True
                if lex.persons.get(self.low(j), ("", "", ""))[1] == "others" and \
                        self.head(j + 1, singular=False) is None:
                    return Item(q, start, j + 1, "other", "others", (j, j + 1), True)
                j += 1
            hd = self.head(j, singular=False)
            if hd is not None and (q.low or 0) > 1 and lex.persons.get(self.low(hd[1] - 1), ("", "", ""))[2] == "sg" \
                    and self.toks[hd[1] - 1].text[0].isupper():
                hd = None  # a headline's source: "Car bomb kills 10 Governor AFP" (ten, not ten governors)
            if hd is None:
                return Item(q, start, found[1], additive=additive)
            h0, h1, lemma, cls = hd
            if cls == "others":
                additive = True
            cls = self.classify(lemma, cls, range(h0, h1))
            return Item(q, start, h1, lemma, cls, (h0, h1), additive)
        if w in lex.sg_dets and w != "one":
            hd = self.head(k + 1, singular=True)
            if hd is None:
                return None
            h0, h1, lemma, cls = hd
            cls = self.classify(lemma, cls, range(h0, h1))
            return Item(QuantityRange(1, 1, True), start, h1, lemma, cls, (h0, h1),
                        additive or w == "another")
        # "Taliban commander Mullah Omar", "militia leader Abu Ali al-Hassan": no determiner, a title.
        if self.toks[k].text[:1].isupper() or w in lex.titles:
            hd = self.head(k, singular=True)
            if hd is None or hd[2] not in lex.titles:
                return None
            h0, h1, lemma, cls = hd
            mods = range(h0, h1 - 1)
            named = h1 < n and self.toks[h1].text[:1].isupper() and self.low(h1) not in lex.stop
            if not (named or (mods and all(self.toks[m].text[:1].isupper() or not self.toks[m].is_word
                                           for m in mods))):
                return None
            end = self.name_end(h1)
            if end == h1 and self.low(h1) == "," and self.name_end(h1 + 1) > h1 + 1:
                end = self.name_end(h1 + 1)  # "Taliban leader, Mullah Karim, along with ..."
            cls = self.classify(lemma, cls, range(h0, h1))
            return Item(QuantityRange(1, 1, True), start, end, lemma, cls, (h0, h1), titled=True)
        return None

    def name_end(self, k: int) -> int:
        """The end of a personal name at ``k`` ("Abu Ali al-Hassan"), or ``k`` when none starts there."""
        end = k
        while end < len(self.toks) and end - k < 7:
            tok = self.toks[end]
            w = tok.lower
            if tok.is_word and tok.text[0].isupper() and w not in self.lex.stop \
                    and w not in self.lex.attr_stop and w not in self.lex.persons:
                end += 1
            elif w in NAME_PARTICLES and end + 1 < len(self.toks) and end > k \
                    and (self.low(end + 1) == "-" or self.toks[end + 1].text[0].isupper()):
                end += 1
            elif w == "-" and end > k and end + 1 < len(self.toks) and glue(self.toks, end) \
                    and self.toks[end + 1].is_word:
                end += 1
            else:
                break
        while end > k and self.low(end - 1) in NAME_PARTICLES | {"-"}:
            end -= 1
        return end

    def group(self, k: int, *, bare: bool, late: bool = True) -> Group | None:
        """A list of counted groups at ``k`` ("10 children and 13 rebels"), with its subset clause;
        ``late``: items after a place of their own join too ("two men from X and three men from Y")."""
        first = self.item(k)
        if first is None or (first.head is None and not bare):
            return None
        items = [first]
        j = first.j
        while True:
            join = match_phrase(self.toks, j, self.lex.joiners)
            nxt_at = join[1] if join else j
            if join and self.low(j) == ",":
                again = match_phrase(self.toks, nxt_at, self.lex.joiners)  # ", and", ", along with"
                if again is not None and again[0] != ",":
                    nxt_at = again[1]
            nxt = self.item(nxt_at)
            if nxt is None:
                break
            if join is not None and join[0] == "," and nxt_at == join[1] and nxt.titled:
                j = nxt.j  # apposition: "a Taliban leader, commander Mullah Karim" is one person
                continue
            if join is None and not (items[-1].head and nxt.head and (
                    self.low(nxt_at) in ("a", "an") or self.toks[nxt_at].is_digits)):
                # juxtaposed items only as in "a nurse a hospital employee" (no commas) or a
                # headline's "40 Civilians 25 YPG Fighters Killed"
                break
            if items[-1].head and nxt.head is None and self.passive_after(nxt.j) is not None:
                break  # "13 civilians and more than 30 wounded": a bare number counts another outcome
            items.append(nxt)
            j = nxt.j
        subset, end = self.subset(j)
        if not subset and self.low(j) in _LATE_SUBSET_PREPS:
            # "executed 48 people in the village, among them 10 children"
            m = j + 1
            while m < len(self.toks) and m - j <= 8 and self.low(m) not in self.lex.verb_words \
                    and self.low(m) not in self.lex.passive_aux and self.low(m) not in (".", ";", "and"):
                if self.low(m) == "," and self.low(m + 1) in _LATE_SUBSET_CUES:
                    late, late_end = self.subset(m)
                    if late:
                        subset, end = late, late_end
                    break
                m += 1
        while late and (found := self.late_item(end)) is not None:
            nxt, sub, end = found
            items.append(nxt)
            subset = subset + sub
        return Group(items, subset, k, end)

    def late_item(self, j: int) -> tuple[Item, list[Item], int] | None:
        """A further counted group after the place of the one before it: "killed 19 people in X and
        another 23 people in Y" (item, its subset clause, end), or None."""
        lex = self.lex
        if self.low(j) not in _LATE_SUBSET_PREPS and match_phrase(self.toks, j, lex.pp_starters) is None:
            return None
        m = j + 1
        while m < len(self.toks) and m - j <= _MAX_LATE:
            w = self.low(m)
            if w in lex.verb_words or w in lex.passive_aux or w in lex.aux or w in (".", ";", ":") \
                    or w in lex.relatives or w in lex.speech:
                return None
            if w == "and":
                nxt = self.item(m + 1)
                counted = self.quantity(m + 1) is not None or self.quantity(m + 2) is not None
                if nxt is None or not counted or (nxt.head is None and not nxt.additive):
                    return None  # only a counted group: not "... in the city and its surroundings"
                sub, end = self.subset(nxt.j)
                if self.passive_after(end) is not None:
                    return None  # "... and 5 people were wounded": a clause of its own
                return nxt, sub, end
            m += 1
        return None

    def heads_end(self, k: int) -> int | None:
        """The end of a list of uncounted person nouns at ``k`` ("women, children and the elderly")."""
        hd = self.head(k, singular=False)
        if hd is None:
            return None
        end = hd[1]
        while True:
            join = match_phrase(self.toks, end, self.lex.joiners)
            if join is None:
                return end
            at = join[1] + (self.low(join[1]) == "the")
            nxt = self.head(at, singular=False)
            if nxt is None or nxt[0] != at:
                return end
            end = nxt[1]

    def late_subset(self, j: int) -> tuple[list[Item], int]:
        """A subset clause a little after ``j``: "were killed in the village, among them 10 children",
        "were killed on Friday including 13 civilians" (items, end), else ([], j)."""
        m = j
        while m < len(self.toks) and m - j <= 8:
            w = self.low(m)
            if w in (",", *_LATE_SUBSET_CUES) or match_phrase(self.toks, m, self.lex.subset_cues):
                found, end = self.subset(m)
                if found:
                    return found, end
            if w in self.lex.verb_words or w in self.lex.passive_aux or w in (".", ";", "and", "while", "when"):
                break
            m += 1
        return [], j

    def subset(self, j: int) -> tuple[list[Item], int]:
        """A subset clause at ``j`` ("including three children", "30 of them children")."""
        m = j + 1 if self.low(j) == "," else j
        cue = match_phrase(self.toks, m, self.lex.subset_cues)
        if cue is not None:
            sub = self.group(cue[1], bare=False, late=False)
            if sub is not None:
                return sub.items, sub.j
            # "including women and children": a share with no number; consume it, count nothing.
            end = self.heads_end(cue[1])
            return [], (j if end is None else end)
        found = self.quantity(m)
        if found is not None and self.low(found[1]) == "of" and self.low(found[1] + 1) in ("them", "whom"):
            hd = self.head(found[1] + 2, singular=False)
            if hd is not None:
                cls = self.classify(hd[2], hd[3], range(hd[0], hd[1]))
                return [Item(found[0], m, hd[1], hd[2], cls, (hd[0], hd[1]))], hd[1]
        return [], j

    # ---- verb phrases

    def skip_aux(self, k: int) -> tuple[int, bool]:
        """Skip auxiliaries and adverbs after a subject: (next index, saw a form of "be")."""
        lex = self.lex
        saw_be = False
        steps = 0
        while k < len(self.toks) and steps < 6:
            w = self.low(k)
            if w in lex.passive_aux:
                saw_be = True
            elif w not in lex.aux and w not in lex.adverbs and w != "," and not self._manner_adverb(k):
                break
            k += 1
            steps += 1
        return k, saw_be

    def _manner_adverb(self, k: int) -> bool:
        """An unlisted "-ly" adverb before a participle ("were brutally killed")."""
        tok = self.toks[k]
        w = tok.lower
        return tok.is_word and tok.text[0].islower() and len(w) > 4 and w.endswith("ly") \
            and w not in self.lex.persons and w not in self.lex.stop

    def passive_after(self, k: int) -> tuple[str, int, bool] | None:
        """A passive or adjectival casualty form at ``k`` after auxiliaries: (kind, end, subset)."""
        k, saw_be = self.skip_aux(k)
        found = match_phrase(self.toks, k, self.lex.passive)
        if found is None:
            return None
        kind, end = found
        # "Two bombers killed five people": an active verb with its own object is not passive,
        # unless that "object" has a participle of its own ("2 Civilians Killed 9 Injured").
        obj = self.item(end) if not saw_be and (self.low(k), ) in self.lex.active else None
        if obj is not None:
            a, _ = self.skip_aux(obj.j)
            if match_phrase(self.toks, a, self.lex.passive) is None:
                return None
        return kind, end, self.low(k) == "among"

    def preceded_by_be(self, k: int) -> bool:
        """True when the verb at ``k`` follows "was/were/been" (passive, not active)."""
        m = k - 1
        while m >= 0 and (self.low(m) in self.lex.adverbs or self.low(m) == ",") \
                and self.low(m) not in self.lex.passive_aux:
            m -= 1
        return m >= 0 and self.low(m) in self.lex.passive_aux


def glue(toks: list[Token], k: int) -> bool:
    """True when token ``k`` touches both neighbours ("al-Hassan")."""
    return toks[k - 1].end == toks[k].start and toks[k].end == toks[k + 1].start
