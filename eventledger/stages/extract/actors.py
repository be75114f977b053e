"""Read actors out of noun phrases: knowledge-base organisations, persons, countries, groups.

An ``ActorFinder`` is built once per paragraph; ``actors_in(token)`` looks at the subtree of an
argument's head token and returns every actor it names, most specific first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...knowledge import ActorKB, CountryTable
from ...knowledge.actors import ActorMatch
from ...model import ActorRef, Span

Token = Any

_PLACE_PREPS = frozenset({"in", "near", "at", "around", "outside", "inside", "across", "throughout"})


@dataclass(slots=True)
class FoundActor:
    """An actor read from text, before it gets a role."""

    name: str
    type: str | None
    country: str | None
    span: Span
    actor_id: str | None = None
    is_place_name: bool = False  # a country or capital standing for its state


class ActorFinder:
    """Actors of one paragraph (offsets are document offsets)."""

    def __init__(self, text: str, para_start: int, sdoc: Any, kb: ActorKB, countries: CountryTable,
                 kb_matches: list[ActorMatch], persons: dict[str, str]) -> None:
        self.text = text
        self.para_start = para_start
        self.sdoc = sdoc
        self.kb = kb
        self.countries = countries
        self.kb_matches = kb_matches  # document offsets, this paragraph only
        self.persons = persons  # surname/full name (lower) -> full name, shared across the document
        self._ents: dict[int, Any] | None = None

    # ------------------------------------------------------------------ helpers
    def _span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def _tok_range(self, tok: Token) -> tuple[int, int]:
        start = self.para_start + tok.left_edge.idx
        end = self.para_start + tok.right_edge.idx + len(tok.right_edge.text)
        return start, end

    def _ent_of(self, tok: Token) -> Any | None:
        # spaCy rebuilds the Doc.ents tuple on every access: index the entities once per paragraph.
        if self._ents is None:
            self._ents = {i: ent for ent in self.sdoc.ents for i in range(ent.start, ent.end)}
        return self._ents.get(tok.i)

    def state_actor(self, iso3: str, span: Span, family: str) -> FoundActor:
        """A country named as an actor: its armed forces in violence, its government otherwise."""
        country = self.countries.by_iso3.get(iso3)
        cname = country.name if country else iso3
        if family in ("violence", "arrest"):
            name = self.kb.state_forces["name_template"].format(country=cname)
            return FoundActor(name, "state_forces", iso3, span, is_place_name=True)
        name = self.kb.state_forces["government_template"].format(country=cname)
        return FoundActor(name, "government", iso3, span, is_place_name=True)

    def person_name(self, ent_text: str) -> str:
        """A person's canonical name: titles dropped, a known full name for a surname."""
        words = ent_text.split()
        key = ent_text.lower()
        if key in self.persons:
            return self.persons[key]
        folded = re.sub(r"^(al|el)-", "", words[-1].lower()) if words else key
        return self.persons.get(folded, ent_text)

    def register_person(self, name: str) -> None:
        """Remember a full name so a later surname-only mention resolves to it."""
        words = name.split()
        if len(words) >= 2:
            self.persons.setdefault(name.lower(), name)
            last = words[-1].lower()
            self.persons.setdefault(last, name)
            self.persons.setdefault(re.sub(r"^(al|el)-", "", last), name)

    # ------------------------------------------------------------------ main entry
    def actors_in(self, tok: Token, family: str, *, whole_subtree: bool = True,
                  exclude: Token | None = None) -> list[FoundActor]:
        """Actors named in the noun phrase headed by ``tok`` (KB orgs, persons, states, groups).

        ``exclude``: a token whose subtree is left out (a clause hanging under the phrase).
        """
        start, end = self._tok_range(tok) if whole_subtree else (
            self.para_start + tok.idx, self.para_start + tok.idx + len(tok.text))
        if exclude is not None:
            ex_s, ex_e = self._tok_range(exclude)
            if ex_s > start:
                end = min(end, ex_s)
        found: list[FoundActor] = []
        covered: list[tuple[int, int]] = []
        for m in self.kb_matches:
            if start <= m.start and m.end <= end:
                a = m.actor
                found.append(FoundActor(a.name, a.type, a.country, self._span(m.start, m.end), a.id))
                covered.append((m.start, m.end))
        subtree = [t for t in (tok.subtree if whole_subtree else [tok])
                   if self.para_start + t.idx < end]
        seen_ents: set[int] = set()
        for t in subtree:
            pos = self.para_start + t.idx
            if any(a <= pos < b for a, b in covered):
                continue
            ent = self._ent_of(t)
            if ent is not None and any(a < self.para_start + ent.end_char and self.para_start + ent.start_char < b
                                       for a, b in covered):
                continue  # the knowledge base already read this name
            if ent is not None and (ent.root.dep_ == "pobj" and ent.root.head.lower_ in _PLACE_PREPS
                                    or ent[0].lower_ == "near"
                                    or ent.start > 0 and ent.doc[ent.start - 1].lower_ == "near"):
                continue  # "near Sinjar": a place, never an actor
            if ent is not None and ent.start not in seen_ents:
                seen_ents.add(ent.start)
                es, ee = self.para_start + ent.start_char, self.para_start + ent.end_char
                if ent.label_ == "PERSON":
                    name = self.person_name(ent.text)
                    found.append(FoundActor(name, "person", None, self._span(es, ee)))
                    continue
                if ent.label_ in ("GPE", "NORP", "ORG", "LOC") and ent.text.lower() in self.persons:
                    # A surname the model took for a place or group ("Smith said").
                    found.append(FoundActor(self.persons[ent.text.lower()], "person", None,
                                            self._span(es, ee)))
                    continue
                if ent.label_ in ("GPE", "NORP", "ORG", "LOC"):
                    c = (self.countries.by_name(ent.text) or self.countries.by_capital(ent.text)
                         or self.countries.by_demonym(ent.text))
                    if c is not None:
                        # A demonym modifying a group noun ("Iraqi citizens") is that group's
                        # country, handled below; alone it stands for the state.
                        root = ent.root
                        if root.head.pos_ == "NOUN" and root.head.i != root.i and root.dep_ in (
                                "amod", "compound", "nmod") and (self.kb.group_type(root.head.lemma_)
                                                                 or self.kb.group_type(root.head.text)):
                            continue
                        found.append(self.state_actor(c.iso3, self._span(es, ee), family))
                        continue
                    if ent.label_ == "ORG":
                        found.append(FoundActor(ent.text, None, None, self._span(es, ee)))
                        continue
            if t.pos_ == "NOUN":
                gtype = self.kb.group_type(t.text) or self.kb.group_type(t.lemma_)
                if gtype is not None and not any(a <= pos < b for a, b in covered):
                    country = None
                    for c in t.children:
                        if c.dep_ in ("amod", "compound", "nmod"):
                            cc = self.countries.by_demonym(c.text) or self.countries.by_name(c.text)
                            if cc is not None:
                                country = cc.iso3
                    left = min([c for c in t.children if c.dep_ in ("amod", "compound", "nmod", "nummod")
                                and c.i < t.i] + [t], key=lambda x: x.i)
                    s = self.para_start + left.idx
                    e = self.para_start + t.idx + len(t.text)
                    name = re.sub(r"\s+", " ", self.text[s:e])
                    found.append(FoundActor(name, gtype, country, self._span(s, e)))
        return found


def to_ref(actor: FoundActor, role: str) -> ActorRef:
    """An ActorRef in a role from a found actor."""
    return ActorRef(role=role, name=actor.name, type=actor.type, span=actor.span, country=actor.country,
                    actor_id=actor.actor_id)
