"""The actor knowledge base: named organisations and their aliases, matched in text.

Matching is by regular expression over the clean text, longest alias first, on word boundaries.
Acronyms and short aliases ("IS", "PMU", "UN") match case-sensitively, everything else ignoring
case, so "is" the verb never becomes the Islamic State.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicons import load_data


@dataclass(slots=True)
class KBActor:
    """One actor of the knowledge base."""

    id: str
    name: str
    type: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ActorMatch:
    """An alias of a knowledge-base actor found at ``text[start:end]``."""

    start: int
    end: int
    actor: KBActor


def _case_sensitive(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(alias) <= 4 or (bool(letters) and all(c.isupper() for c in letters))


def _alias_pattern(alias: str) -> str:
    # Apostrophes and hyphens vary between outlets ("Asa'ib", "Asa’ib", "Asaib").
    out = []
    for ch in alias:
        if ch in "'’":
            out.append("['’]?")
        elif ch == "-":
            out.append(r"[-\s]?")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


class ActorKB:
    """Actors by id and a compiled alias matcher."""

    def __init__(self, actors: list[KBActor], groups: dict[str, str], state_forces: dict) -> None:
        self.actors = {a.id: a for a in actors}
        self.group_types = groups
        self.state_forces = state_forces
        sensitive: dict[str, KBActor] = {}
        insensitive: dict[str, KBActor] = {}
        for a in actors:
            for alias in {a.name, *a.aliases}:
                (sensitive if _case_sensitive(alias) else insensitive).setdefault(
                    alias if _case_sensitive(alias) else alias.lower(), a)
        self._sensitive = sensitive
        self._insensitive = insensitive
        self._rx_sensitive = self._compile(sensitive, 0)
        self._rx_insensitive = self._compile(insensitive, re.IGNORECASE)

    @staticmethod
    def _compile(table: dict[str, KBActor], flags: int) -> re.Pattern[str] | None:
        if not table:
            return None
        alts = sorted(table, key=len, reverse=True)
        body = "|".join(f"(?:{_alias_pattern(a)})" for a in alts)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)

    def _lookup(self, matched: str) -> KBActor | None:
        if matched in self._sensitive:
            return self._sensitive[matched]
        norm = re.sub(r"\s+", " ", matched).lower()
        if norm in self._insensitive:
            return self._insensitive[norm]
        squashed = re.sub(r"['’\-\s]", "", norm)
        for alias, actor in self._insensitive.items():
            if re.sub(r"['’\-\s]", "", alias) == squashed:
                return actor
        return None

    def find(self, text: str) -> list[ActorMatch]:
        """Every alias occurrence in ``text``, longest first where two overlap."""
        found: list[ActorMatch] = []
        for rx in (self._rx_insensitive, self._rx_sensitive):
            if rx is None:
                continue
            for m in rx.finditer(text):
                actor = self._lookup(m.group(0))
                if actor is not None:
                    found.append(ActorMatch(m.start(), m.end(), actor))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        kept: list[ActorMatch] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        return kept

    def group_type(self, word: str) -> str | None:
        """The contract actor type of a described group ('gunmen' -> armed_group), else None."""
        return self.group_types.get(word.lower())

    def parents(self, actor_id: str) -> list[KBActor]:
        """The organisations an actor is a member of (transitively, no cycles)."""
        seen: list[KBActor] = []
        todo = list(self.actors[actor_id].member_of) if actor_id in self.actors else []
        while todo:
            pid = todo.pop(0)
            if pid in self.actors and self.actors[pid] not in seen:
                seen.append(self.actors[pid])
                todo.extend(self.actors[pid].member_of)
        return seen


@lru_cache(maxsize=1)
def load_actor_kb() -> ActorKB:
    """The actor knowledge base from ``data/actors.json`` (cached)."""
    data = load_data("actors")
    actors = [KBActor(a["id"], a["name"], a["type"], a.get("country"), list(a.get("aliases", [])),
                      list(a.get("member_of", []))) for a in data["actors"]]
    groups: dict[str, str] = {}
    for g in data.get("groups", []):
        for w in g["words"]:
            groups.setdefault(w.lower(), g["type"])
    return ActorKB(actors, groups, data["state_forces"])
