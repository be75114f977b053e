"""Mentions of a paragraph: places (literal or as a government), persons, organisations, groups.

Time expressions and casualty figures are found by their own modules; this one reads the spaCy
entities and the actor knowledge base, and decides metonymy: a country or capital named as the
subject of a verb or as a non-local argument ("Washington said", "severed contact with
Washington") is an organisation, not a place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...knowledge import ActorKB, CountryTable
from ...knowledge.actors import ActorMatch
from ...knowledge.lexicons import load_data
from ...model import EntityValue, Mention, Span

# Prepositions after which a place name is a location, not an actor.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "across", "into", "inside", "outside", "throughout",
                            "within", "around", "to", "toward", "towards", "over", "through", "of",
                            "off", "from", "between", "along", "on", "outskirts", "beyond", "onto",
                            "via", "north", "south", "east", "west"})
# Prepositions after which a country or capital reads as a government.
_ACTOR_PREPS = frozenset({"with", "against", "by", "for", "on"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class ParagraphMentions:
    """What the mention pass found in one paragraph (document offsets)."""

    places: list[Span] = field(default_factory=list)
    # Places that can locate an event: after a locative preposition, or a non-country name
    # modifying a noun ("Aleppo bomb blast"); a country modifier ("US drone strike") is an actor.
    event_places: list[Span] = field(default_factory=list)
    organizations: list[tuple[Span, EntityValue]] = field(default_factory=list)
    persons: list[Span] = field(default_factory=list)


def is_metonymic(ent: Any, countries: CountryTable) -> bool:
    """True when a country/capital entity stands for its government in this sentence."""
    if countries.by_name(ent.text) is None and countries.by_capital(ent.text) is None:
        return False
    root = ent.root
    if root.dep_ in ("nsubj", "nsubjpass", "agent", "dobj"):
        return True
    if root.dep_ == "pobj":
        prep = root.head.lower_
        if prep in _ACTOR_PREPS:
            return True
        if prep == "from" and root.head.head.lemma_.lower() in ("pressure", "support", "demand",
                                                                 "request", "call", "warning"):
            return True
    return False


def paragraph_mentions(text: str, para_start: int, sdoc: Any, kb: ActorKB, countries: CountryTable,
                       kb_matches: list[ActorMatch], out: list[Mention]) -> ParagraphMentions:
    """Add place, person, organisation and group mentions of a paragraph to ``out``."""
    found = ParagraphMentions()
    covered = [(m.start, m.end) for m in kb_matches]
    for m in kb_matches:
        span = Span(m.start, m.end, text[m.start:m.end])
        value = EntityValue(m.actor.name, m.actor.type, m.actor.country, m.actor.id)
        out.append(Mention("person" if m.actor.type == "person" else "organization", span, value))
        found.organizations.append((span, value))
    for ent in sdoc.ents:
        if ent[0].lower_ == "near" and len(ent) > 1:
            ent = ent[1:]  # "Near Kobani," read as one name by the model: the place is "Kobani"
        s, e = para_start + ent.start_char, para_start + ent.end_char
        if any(a < e and s < b for a, b in covered):
            continue
        span = Span(s, e, text[s:e])
        if ent.label_ in PLACE_LABELS or _locative_name(ent):
            if ent.label_ in PLACE_LABELS and is_metonymic(ent, countries):
                c = countries.by_name(ent.text) or countries.by_capital(ent.text)
                assert c is not None
                name = kb.state_forces["government_template"].format(country=c.name)
                value = EntityValue(name, "government", c.iso3)
                out.append(Mention("organization", span, value))
                found.organizations.append((span, value))
            elif _based(ent):
                # "the Britain-based monitor": where an organisation sits, not where anything happened.
                out.append(Mention("place", span, None, locative=False))
                found.places.append(span)
            else:
                locative = is_locative(ent)
                out.append(Mention("place", span, None, locative=locative))
                found.places.append(span)
                if locative or (countries.by_name(ent.text) is None and countries.by_demonym(ent.text) is None
                                and ent.root.dep_ not in ("poss",)):
                    found.event_places.append(span)
        elif ent.label_ == "PERSON":
            out.append(Mention("person", span, EntityValue(ent.text, "person")))
            found.persons.append(span)
        elif ent.label_ == "ORG":
            out.append(Mention("organization", span, EntityValue(ent.text, None)))
    _borders(text, para_start, sdoc, found, out)
    for tok in sdoc:
        if tok.pos_ != "NOUN":
            continue
        gtype = kb.group_type(tok.lemma_)
        if gtype is None or gtype == "civilians" and tok.lemma_.lower() in ("people", "family"):
            continue
        s = para_start + tok.idx
        if any(a <= s < b for a, b in covered) or tok.ent_type_:
            continue
        span = Span(s, s + len(tok.text), text[s:s + len(tok.text)])
        out.append(Mention("actor", span, EntityValue(tok.text.lower(), gtype)))
    return found


def _borders(text: str, para_start: int, sdoc: Any, found: ParagraphMentions, out: list[Mention]) -> None:
    """'the Syria-Jordan border', 'the Afghan-Pakistani border': one place, a border area."""
    for tok in sdoc:
        if tok.lower_ not in ("border", "frontier", "borders") or tok.i < 3:
            continue
        a, dash, b = sdoc[tok.i - 3], sdoc[tok.i - 2], sdoc[tok.i - 1]
        if dash.text not in ("-", "–", "/") or not (a.ent_type_ or a.pos_ == "PROPN") or not (
                b.ent_type_ or b.pos_ == "PROPN"):
            continue
        s, e = para_start + a.idx, para_start + tok.idx + len(tok.text)
        span = Span(s, e, text[s:e])
        # The two country names inside are no places of their own any more.
        inner = {(para_start + a.idx, para_start + a.idx + len(a.text)),
                 (para_start + b.idx, para_start + b.idx + len(b.text))}
        out[:] = [m for m in out if not (m.kind == "place" and (m.span.start, m.span.end) in inner)]
        found.places = [p for p in found.places if (p.start, p.end) not in inner]
        found.event_places = [p for p in found.event_places if (p.start, p.end) not in inner]
        locative = tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS
        out.append(Mention("place", span, None, locative=locative))
        found.places.append(span)
        found.event_places.append(span)


def _whole_name(ent: Any) -> bool:
    """False for the tail of a longer name the model cut ("Pech" of "Darah-ye Pech", "Alam" of
    "Pul-e ‘Alam"): a glued or hyphen-joined word before it."""
    if ent.start == 0:
        return True
    prev = ent.doc[ent.start - 1]
    if not prev.whitespace_:
        return False
    return not (ent.start >= 2 and ent.doc[ent.start - 2].text in ("-", "–") and prev.is_lower)


@lru_cache(maxsize=1)
def _vouching_suffixes() -> frozenset[str]:
    return frozenset(load_data("place_words")["place_vouching_suffixes"])


def _based(ent: Any) -> bool:
    """A place name followed by '-based' or '-headquartered'."""
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end].text in ("-", "–") and \
        doc[ent.end + 1].lower_ in ("based", "headquartered")


def is_locative(ent: Any) -> bool:
    """A place name in a locative role: after "in"/"near"/..., or heading a dateline phrase."""
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "near":
        return True
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return True
    if root.dep_ in ("conj", "appos") and root.head.ent_type_ in ("GPE", "LOC", "FAC"):
        head = root.head
        return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS
    return _in_place_list(ent)


def _in_place_list(ent: Any) -> bool:
    """"in Pech district, Kunar province": a name listed after the place a locative preposition
    governs (read on the words: the parser often makes the second name a subject)."""
    doc = ent.doc
    k, steps = ent.start - 1, 0
    if k < 1 or doc[k].text != "," or doc[k - 1].lower_ not in _vouching_suffixes() and \
            doc[k - 1].ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    while k >= 0 and steps < 10:
        tok = doc[k]
        if tok.lower_ in ("in", "near", "at", "outside", "around"):
            return True
        if not (tok.is_punct or tok.pos_ == "PROPN" or tok.ent_type_ or tok.lower_ in _vouching_suffixes()
                or tok.is_title or tok.is_lower and len(tok) <= 3 and tok.whitespace_):
            return False
        k, steps = k - 1, steps + 1
    return False


def _locative_name(ent: Any) -> bool:
    """An entity the model typed as a person or organisation but that stands after 'near'/'in',
    or names a division ("Logar province", "Pech district")."""
    if ent.label_ not in ("PERSON", "ORG", "NORP"):
        return False
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "near":
        return True
    if ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in _vouching_suffixes() and _whole_name(ent):
        return True
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in ("near", "in", "at", "outside", "around")
