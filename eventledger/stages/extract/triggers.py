"""Find event triggers in a parsed sentence with the data-driven lexicon (data/triggers.json).

Three kinds of lexicon items: phrases (lemma sequences of consecutive tokens, longest first),
frames (a verb, or its noun, with an object of one of a set of words: "lifted a night curfew",
"the expulsion of two diplomats", where the object decides the event: lifting a curfew is a
concession, lifting a car is nothing), and, for verbs the curated lexicon does not know, the
CAMEO verb dictionary (verbal codes only).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...knowledge import load_data

Token = Any

_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon entry: its phrases' lemma sequences and the codes it gives."""

    id: str
    family: str
    plover: str
    cameo: str | None
    event_type: str | None
    sub_event_type: str | None
    mode: str | None
    generic: bool
    pos: frozenset[str]


@dataclass(frozen=True, slots=True)
class Frame:
    """A verb (and an optional particle) whose object, one of ``objects``, makes it an event."""

    particle: str | None
    objects: frozenset[str]
    preps: frozenset[str]
    entry: TriggerEntry


@dataclass(slots=True)
class TriggerMatch:
    """A lexicon phrase found over tokens ``start..end`` (exclusive) of a sentence; ``head`` its syntactic head."""

    entry: TriggerEntry
    tokens: list[Token]
    head: Token


def _entry(raw: dict[str, Any]) -> TriggerEntry:
    return TriggerEntry(raw["id"], raw["family"], raw["plover"], raw.get("cameo"), raw.get("event_type"),
                        raw.get("sub_event_type"), raw.get("mode"), bool(raw.get("generic", False)),
                        frozenset(raw.get("pos", [])))


def _fits(tok: Token, entry: TriggerEntry) -> bool:
    """The token's part of speech is one the entry allows."""
    return not entry.pos or tok.pos_ in entry.pos


def _head(tokens: list[Token]) -> Token:
    """The token closest to the root ("took" in "took to the streets", "strike" in "drone strike")."""
    return min(tokens, key=lambda t: (len(list(t.ancestors)), t.i))


class TriggerLexicon:
    """Longest-match lookup of lemma sequences, object frames and the CAMEO verb fallback."""

    def __init__(self, data: dict[str, Any], cameo: dict[str, Any] | None = None,
                 exclude: Any = None) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], TriggerEntry]]] = {}
        self.entries: dict[str, TriggerEntry] = {}
        self.frames: dict[str, list[Frame]] = {}
        for raw in data["triggers"]:
            entry = _entry(raw)
            self.entries[entry.id] = entry
            for phrase in raw.get("phrases", []):
                words = tuple(phrase.lower().replace("-", " - ").split())
                self.index.setdefault(words[0], []).append((words, entry))
            for frame in raw.get("frames", []):
                objects = frozenset(w.lower() for w in frame["objects"])
                preps = frozenset(frame.get("preps", []))
                for verb in frame["verbs"]:
                    words = verb.lower().split()
                    self.frames.setdefault(words[0], []).append(
                        Frame(words[1] if len(words) > 1 else None, objects, preps, entry))
        for cands in self.index.values():
            cands.sort(key=lambda c: -len(c[0]))
        self.negation = frozenset(data.get("negation_words", []))
        self.irrealis = frozenset(data.get("irrealis_words", []))
        self.realis = frozenset(data.get("realis_governors", []))
        self.motion = frozenset(data.get("motion_verbs", []))
        self.combatant = frozenset(data.get("combatant_words", []))
        self.aerial = frozenset(data.get("aerial_words", []))
        self.background = frozenset(data.get("background_subjects", []))
        self.frames_bg = tuple(data.get("background_frames", []))
        self.handling = frozenset(data.get("weapon_handling_verbs", []))
        self.handling_nouns = frozenset(data.get("weapon_handling_nouns", []))
        self.intent_adjectives = frozenset(data.get("intent_adjectives", []))
        self.stative = frozenset(data.get("stative_participles", []))
        self.saying_nouns = frozenset(data.get("saying_nouns", []))
        self.reporting = frozenset(data.get("reporting_verbs", []))
        self.labour = frozenset(data.get("labour_strike_words", []))
        self.harm = frozenset(data.get("harm_words", []))
        self.content_types = frozenset(data.get("content_taking_types", []))
        self.institutions = frozenset(data.get("institution_nouns", []))
        self.armed_groups = frozenset(data.get("armed_group_nouns", []))
        self.accusing = frozenset(data.get("accusing_verbs", []))
        self.reaction_verbs = frozenset(data.get("reaction_verbs", []))
        self.agent_preps = frozenset(data.get("agent_preps", []))
        self.aerial_lemmas = frozenset(data.get("aerial_retyped_lemmas", []))
        # Verbs the curated lexicon does not know, coded by the CAMEO verb dictionary (verbal only).
        self.cameo_verbs: dict[str, TriggerEntry] = {}
        skip = set(exclude or ()) | set(data.get("cameo_exclude", []))
        for lemma, v in (cameo or {}).items():
            if lemma in skip:
                continue
            self.cameo_verbs[lemma] = TriggerEntry(f"cameo:{v['cameo']}", "verbal", v["plover"], v["cameo"],
                                                   None, None, v.get("mode"), False, frozenset({"VERB"}))

    @staticmethod
    def _keys(tok: Token) -> tuple[str, str]:
        return tok.lemma_.lower(), tok.lower_

    def find(self, sent: Any) -> list[TriggerMatch]:
        """Every trigger in a spaCy sentence, longest first, no two sharing a token."""
        toks = [t for t in sent]
        # Each token's (lemma, form) once: spaCy's string attributes are slow to read, and the
        # lookup runs on every sentence.
        keys = [(t.lemma_.lower(), t.lower_) for t in toks]
        pos = [t.pos_ for t in toks]
        out: list[TriggerMatch] = []
        taken: set[int] = set()
        for i, tok in enumerate(toks):
            if pos[i] in ("VERB", "NOUN") and (keys[i][0] in self.frames or keys[i][1] in self.frames) \
                    and tok.i not in taken:
                fm = self._frame(tok, keys[i])
                if fm is not None:
                    out.append(fm)
                    taken.update(t.i for t in fm.tokens)
        i = 0
        while i < len(toks):
            if toks[i].i in taken:
                i += 1
                continue
            best: tuple[int, TriggerEntry] | None = None
            for key in set(keys[i]):
                for words, entry in self.index.get(key, []):
                    n = len(words)
                    if n <= (best[0] if best else 0) or i + n > len(toks):
                        continue
                    if all(w in keys[i + k] and toks[i + k].i not in taken for k, w in enumerate(words)):
                        best = (n, entry)
            if best is None:
                split = self._split_phrase(toks[i]) if pos[i] == "VERB" else None
                if split is not None:
                    out.append(split)
                elif pos[i] == "VERB" and keys[i][0] in self.cameo_verbs and \
                        not (i + 1 < len(toks) and keys[i + 1][1] == "to" and keys[i][1] == "according"):
                    out.append(TriggerMatch(self.cameo_verbs[keys[i][0]], [toks[i]], toks[i]))
                i += 1
                continue
            n, entry = best
            span_toks = toks[i:i + n]
            head = _head(span_toks)
            if not _fits(head, entry):
                # Another entry with the same words may fit this part of speech
                # ("strike" the noun vs. "struck" the verb).
                alt = [e for w, e in self.index.get(keys[i][0], []) + self.index.get(keys[i][1], [])
                       if len(w) == n and _fits(head, e) and all(ww in keys[i + k] for k, ww in enumerate(w))]
                if not alt:
                    i += 1
                    continue
                entry = alt[0]
            out.append(TriggerMatch(entry, span_toks, head))
            i += n
        return self._join_methods(out)

    def _frame(self, tok: Token, keys: tuple[str, str]) -> TriggerMatch | None:
        """A verb (or its noun: "the lifting of the curfew") whose object makes it an event."""
        frames = self.frames.get(keys[0]) or self.frames.get(keys[1])
        if not frames:
            return None
        for frame in frames:
            particle = None
            if frame.particle is not None:
                particle = next((c for c in tok.children if c.dep_ in ("prt", "prep", "advmod")
                                 and c.lower_ == frame.particle), None)
                if particle is None:
                    continue
            for obj in self._objects(tok, frame, particle):
                if self._object_words(obj) & frame.objects:
                    toks = [tok, obj] + ([particle] if particle is not None else [])
                    return TriggerMatch(frame.entry, sorted(toks, key=lambda t: t.i), tok)
        return None

    @staticmethod
    def _objects(tok: Token, frame: Frame, particle: Token | None) -> list[Token]:
        out: list[Token] = []
        preps = frame.preps | ({"of"} if tok.pos_ == "NOUN" else set())
        for c in tok.children:
            if tok.pos_ == "VERB" and c.dep_ in _OBJECT_DEPS:
                out.append(c)
            elif c.dep_ in ("prep", "prt") and (c.lower_ in preps or particle is not None and c.i == particle.i):
                out += [o for o in c.children if o.dep_ == "pobj"]
        return out

    @staticmethod
    def _object_words(obj: Token) -> set[str]:
        """The object's head word, its modifiers ("night curfew") and an "of" noun ("a mission of observers")."""
        words = {obj.lemma_.lower(), obj.lower_}
        for c in obj.children:
            if c.dep_ in _MODIFIER_DEPS:
                words.add(c.lemma_.lower())
            elif c.dep_ == "prep" and c.lower_ == "of":
                words.update(o.lemma_.lower() for o in c.children if o.dep_ == "pobj")
        return words

    @staticmethod
    def _join_methods(out: list[TriggerMatch]) -> list[TriggerMatch]:
        """A method word modifying a generic event noun is one trigger of that method:
        "a shelling attack", "barrel bomb attacks", "a rocket terrorist attack"."""
        by_head = {m.head.i: m for m in out}
        drop: set[int] = set()
        for m in out:
            h = m.head
            if m.entry.generic or h.dep_ not in _MODIFIER_DEPS or h.head.i == h.i:
                continue
            other = by_head.get(h.head.i)
            if other is None or other is m or other.entry.family != m.entry.family or \
                    not (other.entry.generic or other.entry.id == m.entry.id):
                continue
            other.tokens = sorted(other.tokens + m.tokens, key=lambda t: t.i)
            other.entry = m.entry
            drop.add(id(m))
        return [m for m in out if id(m) not in drop]

    def _split_phrase(self, tok: Token) -> TriggerMatch | None:
        """A verb + particle phrase with words between ("called after the attack for ...")."""
        if tok.pos_ != "VERB":
            return None
        for key in set(self._keys(tok)):
            for words, entry in self.index.get(key, []):
                if len(words) != 2:
                    continue
                # The particle may hang lower when the parser attached it to a nested clause.
                for child in tok.subtree:
                    if child.dep_ in ("prep", "prt", "dative", "mark") and child.lower_ == words[1] \
                            and child.i > tok.i + 1:
                        if entry.pos and tok.pos_ not in entry.pos:
                            continue
                        return TriggerMatch(entry, [tok], tok)
        return None


@lru_cache(maxsize=1)
def load_trigger_lexicon() -> TriggerLexicon:
    """The trigger lexicon from data/triggers.json (cached)."""
    # Speech verbs introduce statements; the quote reader handles them, never as CAMEO events.
    triggers = load_data("triggers")
    return TriggerLexicon(triggers, load_data("cameo_verbs")["verbs"],
                          exclude=[*load_data("speech")["cue_verbs"], *triggers.get("light_verbs", [])])
