"""Find event triggers in a parsed sentence with the data-driven lexicon (data/triggers.json)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...knowledge import load_data

Token = Any


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


@dataclass(slots=True)
class TriggerMatch:
    """A lexicon phrase found over tokens ``start..end`` (exclusive) of a sentence; ``head`` its syntactic head."""

    entry: TriggerEntry
    tokens: list[Token]
    head: Token


class TriggerLexicon:
    """Longest-match lookup of lemma sequences."""

    def __init__(self, data: dict[str, Any], cameo: dict[str, Any] | None = None,
                 exclude: Any = None) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], TriggerEntry]]] = {}
        for raw in data["triggers"]:
            entry = TriggerEntry(raw["id"], raw["family"], raw["plover"], raw.get("cameo"),
                                 raw.get("event_type"), raw.get("sub_event_type"), raw.get("mode"),
                                 bool(raw.get("generic", False)), frozenset(raw.get("pos", [])))
            for phrase in raw["phrases"]:
                words = tuple(phrase.lower().replace("-", " - ").split())
                self.index.setdefault(words[0], []).append((words, entry))
        for cands in self.index.values():
            cands.sort(key=lambda c: -len(c[0]))
        self.negation = frozenset(data.get("negation_words", []))
        self.irrealis = frozenset(data.get("irrealis_words", []))
        self.combatant = frozenset(data.get("combatant_words", []))
        self.aerial = frozenset(data.get("aerial_words", []))
        self.background = frozenset(data.get("background_subjects", []))
        self.frames = tuple(data.get("background_frames", []))
        self.handling = frozenset(data.get("weapon_handling_verbs", []))
        self.intent_adjectives = frozenset(data.get("intent_adjectives", []))
        # Verbs the curated lexicon does not know, coded by the CAMEO verb dictionary (verbal only).
        self.cameo_verbs: dict[str, TriggerEntry] = {}
        skip = set(exclude or ())
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
        out: list[TriggerMatch] = []
        i = 0
        while i < len(toks):
            best: tuple[int, TriggerEntry] | None = None
            for key in set(self._keys(toks[i])):
                for words, entry in self.index.get(key, []):
                    n = len(words)
                    if n <= (best[0] if best else 0) or i + n > len(toks):
                        continue
                    if all(w in self._keys(toks[i + k]) for k, w in enumerate(words)):
                        best = (n, entry)
            if best is None:
                split = self._split_phrase(toks[i])
                if split is not None:
                    out.append(split)
                elif toks[i].pos_ == "VERB" and toks[i].lemma_.lower() in self.cameo_verbs and \
                        not (i + 1 < len(toks) and toks[i + 1].lower_ == "to" and toks[i].lower_ == "according"):
                    out.append(TriggerMatch(self.cameo_verbs[toks[i].lemma_.lower()], [toks[i]], toks[i]))
                i += 1
                continue
            n, entry = best
            span_toks = toks[i:i + n]
            if entry.pos:
                head0 = min(span_toks, key=lambda t: (len(list(t.ancestors)), t.i))
                if head0.pos_ not in entry.pos:
                    # Another entry with the same words may fit this part of speech
                    # ("strike" the noun vs. "struck" the verb).
                    alt = [e for w, e in self.index.get(self._keys(toks[i])[0], []) + self.index.get(
                        self._keys(toks[i])[1], []) if len(w) == n and head0.pos_ in e.pos and all(
                        ww in self._keys(toks[i + k]) for k, ww in enumerate(w))]
                    if alt:
                        entry = alt[0]
            ids = {t.i for t in span_toks}
            # The phrase's syntactic head: the token closest to the root ("took" in "took to
            # the streets", "strike" in "drone strike").
            head = min(span_toks, key=lambda t: (len(list(t.ancestors)), t.i))
            del ids
            if entry.pos and head.pos_ not in entry.pos:
                i += 1
                continue
            out.append(TriggerMatch(entry, span_toks, head))
            i += n
        return out


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
