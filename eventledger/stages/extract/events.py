"""Event mentions of a sentence: triggers, who did what to whom, attached times, places, tolls.

Each trigger the lexicon finds becomes an ``EventMention`` unless it is negated, hypothetical
(planned, threatened, pledged) or a verbal act with no one doing it. Roles come from the
dependency parse: the agent (subject of an active verb, "by" phrase of a passive, a nominal
modifier of a noun trigger: "US drone strike", "the resistance's killing"), the target (object,
"on"/"against" phrase), the victims (object of a killing verb, "of" phrase of a killing noun,
or the object of the verb a noun trigger is the subject of: "a strike killed X"). Time
expressions, places and casualty figures in the sentence attach to the trigger nearest to them in
the dependency tree.

Verbal acts (PLOVER / CAMEO) are read with their sense: what a demand, refusal, offer or threat is
about has not happened ("refused to meet"), a negated acceptance is a refusal, "X is ready to ..."
is an intention, a pronoun in reported speech stands for its speaker, a name the actor base does
not know still names the doer, and a few words change sense with their surroundings (a strike by
workers, a protest that is a complaint, a road blocked by troops, a bombing from the air). A
general word of violence and the weapon it was done with ("killed in attacks with shells") are one
happening.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...model import Casualties, EventMention, Span
from .actors import ActorFinder, FoundActor, to_ref
from .syntax import ancestors_path, clause_verb, finite_acl, in_regions, is_negated, token_span, tree_distance
from .triggers import TriggerLexicon, TriggerMatch

Token = Any

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_KILL_LEMMAS = frozenset({"kill", "killing", "assassinate", "assassination", "execute", "execution",
                          "murder", "slay", "behead", "massacre", "shoot", "stab"})
# Verbs through which a noun trigger takes its agent ("carried out a strike", "announce a truce").
_LIGHT_VERBS = frozenset({"carry", "launch", "conduct", "stage", "mount", "perform", "make", "undertake",
                          "announce", "declare", "begin", "start", "continue", "resume", "order", "claim",
                          "become", "be", "hold", "organize", "organise", "lead", "step", "impose"})
_MODALS = frozenset({"would", "could", "might", "may", "will", "shall", "should", "must"})
_UNDATING_PREPS = frozenset({"after", "since", "before", "until", "by", "following", "ahead", "prior"})
_VICTIM_TYPES = frozenset({"person", "civilians"})
_OPERATIONS = frozenset({"operation", "raid", "mission", "sweep", "search", "patrol", "conduct"})
_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "ACCUSE", "REJECT", "PROTEST"})
_SAYING = frozenset({"say", "declare", "insist", "reiterate", "conclude", "tell", "state", "announce", "stress",
                     "warn", "argue", "add", "maintain", "write"})
_COUNTRY_WIDE = ("the country", "nationwide", "across the nation", "throughout the nation")
_MEANS_PREPS = frozenset({"in", "with", "by", "from", "during", "amid"})
_MEANS_VERBS = frozenset({"use", "employ"})
_NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LAW",
                             "WORK_OF_ART", "EVENT", "PRODUCT", "LANGUAGE"})
# Words that open a place phrase: a subject starting with one is a place, never a doer.
_PLACE_PREPS = frozenset({"near", "in", "at", "outside", "around", "inside"})
# Edges by which a clause or noun hangs under a verbal act as what it is about ("demanded that X
# cancel", "refused to meet", "rejected calls to", "demands for the release of").
_CONTENT_EDGES = frozenset({"ccomp", "xcomp", "acl", "dobj", "advcl", "pcomp", "prep"})


def _is_hypothetical(head: Token, lex: TriggerLexicon, family: str = "violence") -> str | None:
    """'intent' for a planned, promised or modal act ("will provide", "plans to attack"),
    'purpose' for an act named as an aim ("pressure to facilitate a withdrawal"), else None.

    An act under a verb of carrying on or trying ("continued to send arms", "attempted to
    assassinate", "ordered X to suspend") happened, and a verbal act someone travelled or was
    sent for ("sent experts to investigate") is what the trip was.
    """
    path = ancestors_path(head)[:3]
    for t in path:
        if t.pos_ == "VERB" and t.dep_ in ("advcl", "xcomp", "acl", "relcl") and t.i != head.i or \
                t.i == head.i and t.dep_ in ("advcl", "acl"):
            gov = t.head.lemma_.lower()
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and \
                    gov not in ("be", "become", "remain") and gov not in lex.irrealis and gov not in lex.realis \
                    and not (family == "verbal" and gov in lex.motion):
                return "purpose"
    for t in path:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS for c in t.children):
            return "intent"
        if t.i != head.i and (t.lemma_.lower() in lex.irrealis or t.lower_ in lex.intent_adjectives):
            return "intent"
    return None


def _means_of(general: EventMention, ghead: Token, specific: EventMention, shead: Token) -> bool:
    """A weapon or an attack named as the means of an event told in general words: "killed and
    injured in attacks with shells", "killed 1,300 people using chemical weapons" (within a few
    edges below the general word, through phrases and coordinated verbs, never another clause)."""
    if not general.generic or general.family != "violence":
        return False
    t, steps, means = shead, 0, False
    while t.i != ghead.i:
        if steps >= 4 or t.head.i == t.i:
            return False
        if t.dep_ in ("relcl", "ccomp", "csubj", "parataxis") or \
                t.dep_ in ("advcl", "acl", "xcomp") and t.lemma_.lower() not in _MEANS_VERBS:
            return False
        # Only as a means ("in", "with", "by" a weapon, "using" it); as an object it is the victim
        # ("killed a number of suicide bombers").
        means = means or t.dep_ == "pobj" and t.head.lower_ in _MEANS_PREPS or t.lemma_.lower() in _MEANS_VERBS
        t, steps = t.head, steps + 1
    return means


def _anaphoric(head: Token, time_starts: set[int]) -> bool:
    """A definite noun phrase ("the strike") or one owned by a time ("Wednesday's attack")."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    for c in head.children:
        if c.dep_ == "det" and c.lower_ in _DEFINITE:
            return True
        if c.dep_ == "poss" and (c.idx in time_starts or c.ent_type_ in ("DATE", "TIME")):
            return True
    return False


class SentenceReader:
    """Reads the event mentions of one sentence."""

    def __init__(self, text: str, para_start: int, sent: Any, lex: TriggerLexicon, finder: ActorFinder,
                 quotes: list[tuple[int, int]]) -> None:
        self.text = text
        self.para_start = para_start
        self.sent = sent
        self.lex = lex
        self.finder = finder
        self.quotes = quotes  # paragraph-relative

    # ----------------------------------------------------------------- roles
    def _actors(self, tok: Token, family: str) -> list[FoundActor]:
        return self.finder.actors_in(tok, family)

    def _modifier_actors(self, head: Token, family: str) -> list[FoundActor]:
        out: list[FoundActor] = []
        for c in head.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < head.i:
                out += self.finder.actors_in(c, family)
        return out

    def _pobj_actors(self, head: Token, preps: Sequence[str], family: str) -> list[FoundActor]:
        out: list[FoundActor] = []
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in preps:
                for o in c.children:
                    if o.dep_ == "pobj":
                        out += self._actors(o, family)
        return out

    def _subject(self, verb: Token, family: str) -> tuple[list[FoundActor], bool]:
        """Actors of a verb's subject; the flag says the verb is passive (subject = patient)."""
        for c in verb.children:
            if c.dep_ == "nsubj":
                return self._agent(c, verb, family), False
            if c.dep_ == "nsubjpass":
                if verb.lemma_.lower() in self.lex.stative:
                    # "Israel is opposed to ...": a participle of state, its subject holds the view.
                    return self._agent(c, verb, family), False
                return self._actors(c, family), True
        if finite_acl(verb):
            # "The group's leader, X, called ...": a main verb the parser hung under its subject.
            return self.finder.actors_in(verb.head, family, exclude=verb), False
        return [], False

    def _agent(self, subj: Token, verb: Token, family: str) -> list[FoundActor]:
        """The actors a subject names; a pronoun in reported speech stands for the speaker ("X
        said it would ..."), and for a verbal act a name the knowledge base does not know still
        names who did it ("The PRC demanded ...")."""
        found = self._actors(subj, family)
        if found:
            return found
        if subj.pos_ == "PRON":
            return self._speaker(verb, family)
        return self._named(subj, family)

    def _speaker(self, verb: Token, family: str) -> list[FoundActor]:
        for t in ancestors_path(verb)[1:7]:
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.lex.reporting:
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON":
                        # The speaker acts at least by saying: a name stands even for a material act.
                        return self._actors(c, family) or self._named(c, "verbal")
        return []

    def _named(self, subj: Token, family: str) -> list[FoundActor]:
        if family != "verbal" or subj.ent_type_ in _NOT_ACTOR_ENTS:
            return []
        if subj.pos_ == "PROPN":
            toks = [subj] + [c for c in subj.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"]
        elif subj.pos_ == "NOUN" and subj.lemma_.lower() in self.lex.institutions:
            # "The government of Sindh province", "Turkish authorities": a body that acts.
            toks = [t for t in subj.subtree if t.dep_ not in ("relcl", "acl", "punct", "appos")]
            toks = [t for t in toks if t.i <= subj.i + 4]
        else:
            return []
        if any(t.lower_ in _PLACE_PREPS or t.ent_type_ in ("GPE", "LOC", "FAC") for t in toks):
            return []  # "Near Kirkuk, one strike suppressed ...": a place the parser made a subject
        span = token_span(self.text, self.para_start, toks)
        country = self.finder.countries.by_name(span.text) if subj.pos_ == "PROPN" else None
        if country is not None:
            return [self.finder.state_actor(country.iso3, span, family)]  # a country the tagger missed
        return [FoundActor(span.text, None, None, span)]

    def _reacted_to(self, noun: Token) -> bool:
        """"Residents welcomed the lifting of the curfew": the object of a reaction is someone
        else's act, its subject did not do it."""
        return noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.lex.reaction_verbs

    def _accused(self, head: Token, family: str) -> list[FoundActor]:
        """"X accused Y of using chemical weapons", "blamed Y for the attack": Y is the one the act
        is laid on (the accusation itself is a verbal event of X's)."""
        cur = head
        if cur.dep_ == "dobj" and cur.head.tag_ == "VBG":
            cur = cur.head  # "of using chemical weapons": the gerund carries the act
        prep = cur.head
        if cur.dep_ not in ("pcomp", "pobj") or prep.lower_ not in ("of", "for"):
            return []
        if prep.head.dep_ == "dobj" and prep.head.head.lemma_.lower() in self.lex.accusing:
            # The parser hung "for the strikes" on the accused.
            return self.finder.actors_in(prep.head, family, exclude=prep)
        verb = prep.head
        if verb.lemma_.lower() not in self.lex.accusing:
            return []
        for c in verb.children:
            if c.dep_ == "dobj" or c.dep_ == "nsubjpass":
                return self._actors(c, family)
        return []

    def roles(self, m: TriggerMatch) -> tuple[list[FoundActor], list[FoundActor], list[FoundActor]]:
        """(initiators, targets, victims) of a trigger."""
        head, family = m.head, m.entry.family
        killing = head.lemma_.lower() in _KILL_LEMMAS
        init: list[FoundActor] = []
        targ: list[FoundActor] = []
        vict: list[FoundActor] = []
        if head.pos_ in ("VERB", "AUX"):
            subj, passive = self._subject(head, family)
            if passive:
                (vict if killing else targ).extend(subj)
                init += self._pobj_actors(head, ("by",), family)
            else:
                init += subj
                for c in head.children:
                    if c.dep_ in ("dobj", "attr") and c.i > head.i:
                        (vict if killing else targ).extend(self._actors(c, family))
            targ += self._pobj_actors(head, ("on", "against", "with", "at", "toward", "towards"), family)
            if not subj and head.dep_ in ("advcl", "xcomp", "conj", "acl", "relcl"):
                # "..., killing 17": the agent is the governing clause's subject.
                gov = head.head
                if gov.pos_ == "ADJ" and gov.dep_ in ("acomp", "amod"):
                    gov = gov.head  # "France is ready to contribute": the subject of "is"
                if head.dep_ in ("acl", "relcl") and gov.pos_ in ("NOUN", "PROPN"):
                    init += self._modifier_actors(gov, family)
                else:
                    s, p = self._subject(gov, family)
                    if not p:
                        init += s
        else:
            init += [a for a in self._modifier_actors(head, family)]
            init += self._pobj_actors(head, ("by",), family)
            targ += self._pobj_actors(head, ("on", "against", "targeting", "at", "with"), family)
            of_actors = self._pobj_actors(head, ("of",), family)
            (vict if killing else targ).extend(of_actors)
            # The verb this noun is the subject of ("a drone strike killed X").
            if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ == "VERB":
                verb = head.head
                for c in verb.children:
                    if c.dep_ == "dobj":
                        kill = verb.lemma_.lower() in _KILL_LEMMAS
                        (vict if kill else targ).extend(self._actors(c, family))
                targ += self._pobj_actors(verb, ("on", "against"), family)
            # Climb through light verbs to the one that carries this noun ("X carried out a strike",
            # "X became the first to announce a truce"); stop at any other verb, whose subject is
            # someone talking about the event, not doing it.
            if not init and family != "verbal":
                for t in ancestors_path(head)[1:6]:
                    if t.pos_ == "ADP" and t.lower_ != "of":
                        break  # "imposed a curfew after a demonstration": the demonstrators did not impose it
                    if t.pos_ not in ("VERB", "AUX"):
                        continue
                    if t.lemma_.lower() not in _LIGHT_VERBS:
                        break
                    s, p = self._subject(t, family)
                    if s and not p:
                        init += s
                        break
            if not init and family == "verbal" and not self._reacted_to(head):
                s, p = self._subject(head.head, family) if head.head.i != head.i else ([], False)
                if not p:
                    init += s
        if not init and family != "verbal":
            init += self._accused(head, family)
        # An organisation named inside a victim phrase ("killed the Taliban leader") is the
        # target; the persons and described groups are the victims.
        orgs = [a for a in vict if a.type not in _VICTIM_TYPES and (a.actor_id is not None or a.is_place_name)]
        vict = [a for a in vict if a not in orgs]
        targ += orgs
        # A news agency named in the sentence reports the event; it takes no part in it.
        init = [a for a in init if a.type != "media"]
        targ = [a for a in targ if a.type != "media"]
        # The agent is never also its own target.
        init_ids = {(a.name, a.span.start) for a in init}
        targ = [a for a in targ if (a.name, a.span.start) not in init_ids]
        vict = [a for a in vict if (a.name, a.span.start) not in init_ids]
        return init, targ, vict

    # ----------------------------------------------------------------- mentions
    def read(self, time_spans: list[Span], place_spans: list[Span],
             figures: list[Any]) -> list[EventMention]:
        """Event mentions of the sentence with their attached times, places and tolls."""
        matches = self.lex.find(self.sent)
        ps = self.para_start
        sent_span = Span(ps + self.sent.start_char, ps + self.sent.end_char,
                         self.text[ps + self.sent.start_char:ps + self.sent.end_char])
        time_starts = {s.start - ps for s in time_spans}
        kept: list[tuple[TriggerMatch, EventMention]] = []
        content = {m.head.i: m.entry.plover for m in matches
                   if m.entry.family == "verbal" and m.entry.plover in self.lex.content_types}
        for m in matches:
            self._retype(m)
            head = m.head
            in_quote = in_regions(head.idx, self.quotes)
            family = m.entry.family
            refusal = False
            if is_negated(head):
                if family != "verbal" or m.entry.plover not in ("AGREE", "CONCEDE") or "reject" not in self.lex.entries:
                    continue
                m.entry = self.lex.entries["reject"]  # "would not accept the demands": a refusal (CAMEO 12)
                refusal = True
            if family == "verbal" and self._about(head, content, m.entry.plover):
                continue  # what a demand, refusal, offer or threat is about has not happened
            if family == "violence" and self._descriptive(head):
                continue  # "militants fighting the regime", "troops trying to storm": who they are
            mood = _is_hypothetical(head, self.lex, family)
            if mood == "purpose" and family == "arrest" and head.dep_ in ("acl", "relcl", "advcl") and \
                    head.head.lemma_.lower() in _OPERATIONS:
                mood = None  # "conducted an operation to detain a leader": the operation is the arrest
            if mood == "purpose" or mood == "intent" and not self._intent_allowed(head):
                continue
            if mood == "intent" and self._demander(clause_verb(head)) is not None:
                continue  # "X said Y must release ...": X's demand, read by _demands
            intent = mood == "intent" and not refusal
            if m.entry.generic and self._background(head):
                continue  # "the war has killed 400,000 people since 2011": background, not an event
            if family == "violence" and head.pos_ in ("NOUN", "PROPN") and self._handled(head):
                continue  # "seized rockets", "found an IED": weapons, not an attack
            if family != "verbal" and self._habitual(head):
                continue  # "he coordinates IED attacks", "responsible for attacks": a record, not an event
            if head.dep_ in ("compound", "amod") and head.head.pos_ in ("NOUN", "PROPN") and \
                    head.head.i not in {t.i for t in m.tokens}:
                continue  # a modifier, not an event: "fighting positions", "attack helicopters"
            if family == "verbal" and in_quote:
                continue
            init, targ, vict = self.roles(m)
            if family == "violence":
                self._aerial(m, init)
            if m.entry.id == "obstruct" and "blockade" in self.lex.entries and \
                    any(a.type in ("state_forces", "government") for a in init):
                m.entry = self.lex.entries["blockade"]  # "troops blocked the road": restricting movement
                family = m.entry.family
            if family == "verbal" and not init:
                init = self._verbal_agent(head)
            passive_target = family == "verbal" and not intent and bool(targ) and any(
                c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
            if (family == "verbal" or intent) and not init and not passive_target:
                continue  # a verbal act needs someone doing it (or, in the passive, someone it was done to)
            if intent:
                # Said, planned or promised, not done: an expression of intent ("will provide aid",
                # "plans to attack") is PLOVER AGREE or THREATEN, and never a material event.
                if not init or in_quote:
                    continue
                hostile = m.entry.plover in _HOSTILE
                em = EventMention(
                    trigger=token_span(self.text, ps, m.tokens), trigger_id=f"intent:{m.entry.id}",
                    family="verbal", plover_type="THREATEN" if hostile else "AGREE",
                    cameo="138" if hostile and m.entry.family == "violence" else ("130" if hostile else "030"),
                    sentence=sent_span)
            else:
                em = EventMention(
                    trigger=token_span(self.text, ps, m.tokens), trigger_id=m.entry.id, family=family,
                    plover_type=m.entry.plover, cameo=m.entry.cameo, sentence=sent_span,
                    event_type=m.entry.event_type, sub_event_type=m.entry.sub_event_type,
                    plover_mode=m.entry.mode, generic=m.entry.generic,
                    anaphoric=_anaphoric(head, time_starts), in_quote=in_quote)
            em.main_clause = head.dep_ == "ROOT" or head.dep_ == "conj" and head.head.dep_ == "ROOT"
            em.actors = ([to_ref(a, "initiator") for a in init] + [to_ref(a, "target") for a in targ]
                         + [to_ref(a, "victim") for a in vict])
            kept.append((m, em))
        kept += self._demands(sent_span, {m.head.i for m, _ in kept})
        kept += self._intents(sent_span, {t.i for m in matches for t in m.tokens})
        if not kept:
            return []
        self._units(kept)
        self._attach(kept, time_spans, "times", material_first=False)
        self._attach(kept, place_spans, "places", material_first=True)
        self._share_places(kept)
        self._attach_figures(kept, figures)
        self._attach_after(kept)
        low = sent_span.text.lower()
        for _, em in kept:
            if not em.places and any(w in low for w in _COUNTRY_WIDE):
                em.fallback_country = True
        return [em for _, em in kept]

    @staticmethod
    def _about(tok: Token, content: dict[int, str], plover: str) -> bool:
        """True when ``tok`` hangs (within a few edges) under a verbal act of another type as its
        content: "demanded that the US cancel ...", "refused to meet", "rejected calls to ..."."""
        cur = tok
        for _ in range(5):
            parent = cur.head
            if parent.i == cur.i:
                return False
            if parent.i in content and cur.dep_ in _CONTENT_EDGES and content[parent.i] != plover:
                return True
            cur = parent
        return False

    def _descriptive(self, head: Token) -> bool:
        """A violent verb in a participle that describes an armed group ("a coalition fighting
        militants", "troops trying to storm the district"): it says who they are, not what happened.
        (Under an operation noun it tells the operation: "searches targeting a Haqqani leader".)"""
        verb = head.head if head.dep_ == "xcomp" and head.tag_ == "VB" else head
        if verb.tag_ != "VBG" or verb.dep_ != "acl":
            return False
        noun = verb.head
        lemma = noun.lemma_.lower()
        return noun.pos_ == "PROPN" or noun.pos_ == "NOUN" and (
            lemma in self.lex.combatant or lemma in self.lex.institutions or lemma in self.lex.armed_groups
            or self.finder.kb.group_type(lemma) is not None)

    def _retype(self, m: TriggerMatch) -> None:
        """Senses the words alone do not tell: a labour strike, a protest that is a complaint."""
        head, entries = m.head, self.lex.entries
        if head.lemma_.lower() == "strike" and head.pos_ in ("NOUN", "PROPN") and m.entry.family == "violence" \
                and "labour_strike" in entries and self._labour(head):
            m.entry = entries["labour_strike"]
        elif m.entry.family == "protest" and head.pos_ == "VERB" and "complain" in entries and \
                any(c.dep_ == "ccomp" for c in head.children):
            m.entry = entries["complain"]  # "X is failing ..., a rights group protested": a complaint

    def _labour(self, head: Token) -> bool:
        """A strike by workers: a labour word beside it ("an open-ended strike", "a general strike")
        or in a sentence that tells of no air raid and no one hurt."""
        mods = {c.lemma_.lower() for c in head.subtree if c.i < head.i and c.dep_ in ("amod", "compound", "nmod")}
        if mods & self.lex.labour:
            return True
        words = {t.lemma_.lower() for t in self.sent}
        return bool(words & self.lex.labour) and not words & (self.lex.aerial | self.lex.harm)

    def _aerial(self, m: TriggerMatch, init: list[FoundActor]) -> None:
        """A bombing or an attack told in general words, carried out from the air: "war planes
        bombed", "a bomb dropped by a helicopter", "bombings of the warplanes", "regime bombing"."""
        head = m.head
        if m.entry.generic or "air_strike" not in self.lex.entries or \
                not any(t.lemma_.lower() in self.lex.aerial_lemmas for t in m.tokens):
            return  # a generic attack is typed from its sentence when its event is built
        scope: list[Token] = list(head.subtree) if head.pos_ in ("NOUN", "PROPN") else []
        for c in head.children:
            if c.dep_ in ("nsubj", "agent") or c.dep_ == "prep" and c.lower_ in ("by", "from"):
                scope += list(c.subtree)
        aerial = any(t.lemma_.lower() in self.lex.aerial or t.lower_ in self.lex.aerial for t in scope)
        state = any(a.type in ("state_forces", "government") for a in init)
        if aerial or state:
            m.entry = self.lex.entries["air_strike"]

    def _intents(self, sent_span: Span, taken: set[int]) -> list[tuple[TriggerMatch, EventMention]]:
        """"X is ready / prepared / committed to <do something>": an expression of intent (PLOVER
        AGREE) whatever the act is; acts the lexicon knows are coded by the intent rule instead."""
        entry = self.lex.entries.get("agree")
        out: list[tuple[TriggerMatch, EventMention]] = []
        if entry is None:
            return out
        for tok in self.sent:
            if tok.i in taken or tok.lower_ not in self.lex.intent_adjectives or tok.pos_ not in ("ADJ", "VERB"):
                continue
            comp = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
            comp += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"
                     for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"]
            if not comp or comp[0].i in taken or in_regions(tok.idx, self.quotes):
                continue
            holder = tok.head if tok.dep_ == "acomp" else tok
            if is_negated(tok) or is_negated(holder) or any(
                    c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in holder.children):
                continue
            init, passive = self._subject(holder, "verbal")
            if not init or passive and tok.lemma_.lower() not in self.lex.stative:
                continue
            em = EventMention(trigger=token_span(self.text, self.para_start, [tok]),
                              trigger_id=f"intent:{entry.id}", family="verbal", plover_type="AGREE",
                              cameo="030", sentence=sent_span)
            em.main_clause = holder.dep_ == "ROOT"
            em.actors = [to_ref(a, "initiator") for a in init]
            out.append((TriggerMatch(entry, [tok], tok), em))
        return out

    def _demander(self, verb: Token | None) -> Token | None:
        """The verb whose subject demands when ``verb`` says what someone "must" or "should" do:
        "X said Y must ..." (said), "X issued a reminder that Y must ..." (issued)."""
        if verb is None or not any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children):
            return None
        gov = verb.head
        if verb.dep_ == "ccomp" and gov.lemma_.lower() in _SAYING:
            return gov
        if verb.dep_ in ("acl", "ccomp") and gov.pos_ == "NOUN" and gov.lemma_.lower() in self.lex.saying_nouns \
                and gov.dep_ == "dobj" and gov.head.pos_ in ("VERB", "AUX"):
            return gov.head
        return None

    def _intent_allowed(self, head: Token) -> bool:
        """An intention worth coding: stated in the main clause, not a condition ("if attacked")."""
        return not any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in head.children)

    def _verbal_agent(self, head: Token) -> list[FoundActor]:
        """The doer of a verbal act whose verb has no subject of its own: climb to the clause that
        carries it ("issued a declaration demanding ...", "the decision to reject ...")."""
        if head.dep_ in ("csubj", "csubjpass"):
            return []  # "removing the sanctions is out of the question": an act talked about
        place = head
        while place.dep_ == "pobj" and place.head.lower_ == "of" and place.head.head.pos_ in ("NOUN", "NUM"):
            place = place.head.head  # "gave 5 million dollars of aid": the aid stands where the dollars do
        if head.pos_ in ("NOUN", "PROPN") and place.dep_ == "pobj" and place.head.lower_ in self.lex.agent_preps \
                and place.head.head.pos_ == "VERB":
            s, p = self._subject(place.head.head, "verbal")  # "insisted on its demands", "came for talks"
            return [] if p else s
        if head.pos_ in ("NOUN", "PROPN") and place.dep_ not in ("dobj", "attr", "nsubjpass"):
            return []  # "under pressure from X": no one here does the act
        for t in ancestors_path(place)[1:5]:
            if t.pos_ in ("VERB", "AUX"):
                light = t.lemma_.lower() in _LIGHT_VERBS | {"issue"}
                if head.pos_ in ("NOUN", "PROPN") and self._reacted_to(place):
                    return []
                s, p = self._subject(t, "verbal")
                if s and not p:
                    return s
                if not light:
                    break
        return []

    def _demands(self, sent_span: Span, taken: set[int]) -> list[tuple[TriggerMatch, EventMention]]:
        """"X said Y must do Z": a demand (PLOVER REQUEST) by X of Y, whatever Z is."""
        out = []
        for tok in self.sent:
            if tok.i in taken or tok.pos_ not in ("VERB", "AUX"):
                continue
            gov = self._demander(tok)
            if gov is None:
                continue
            init, passive = self._subject(gov, "verbal")
            if not init or passive:
                continue
            target = [a for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for a in self._actors(c, "verbal")]
            entry = next(iter(e for _, e in self.lex.index.get("demand", [])), None)
            if entry is None:
                continue
            em = EventMention(trigger=token_span(self.text, self.para_start, [gov]), trigger_id="demand:must",
                              family="verbal", plover_type="REQUEST", cameo="100", sentence=sent_span)
            em.actors = [to_ref(a, "initiator") for a in init] + [to_ref(a, "target") for a in target]
            out.append((TriggerMatch(entry, [gov], gov), em))
        return out

    def _handled(self, head: Token) -> bool:
        """A weapon noun that is the object of a verb of finding, seizing or carrying."""
        if head.dep_ not in ("dobj", "pobj", "conj", "nsubjpass", "appos", "attr"):
            return False  # "airstrikes destroyed ...": the weapon is the doer
        if head.dep_ == "pobj" and head.head.lower_ == "of" and \
                head.head.head.lemma_.lower() in self.lex.handling_nouns:
            return True  # "the discovery of rockets", "the destruction of its chemical weapons"
        for t in ancestors_path(head)[1:4]:
            if t.pos_ in ("VERB", "AUX"):
                # "carried out strikes" performs them; "carried rockets" handles them.
                return t.lemma_.lower() in self.lex.handling and not any(
                    c.dep_ == "prt" and c.lower_ == "out" for c in t.children)
        return False

    def _habitual(self, head: Token) -> bool:
        """A material trigger told as someone's role or habit, not as something that happened.

        Present simple outside the headline ("The leader coordinates attacks against ...") or a
        record frame ("responsible for conducting attacks", "suspected of kidnapping").
        """
        frame_heads = {f.split()[0] for f in self.lex.frames_bg}
        # Only a habitual, plural or bare reading ("responsible for conducting IED attacks"); a
        # determined single event ("responsible for a gas attack that killed ...") is an event.
        generic_np = head.tag_ in ("NNS", "VBG", "NNPS") or not any(c.dep_ == "det" for c in head.children)
        if generic_np and any(t.lemma_.lower() in frame_heads or t.lower_ in frame_heads
                              for t in ancestors_path(head)[1:5]):
            return True
        verb = clause_verb(head)
        if verb is None or self.para_start == 0:
            return False  # the headline is written in the present: "Bomb kills six"
        if verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
            return verb.lemma_.lower() not in ("say", "be", "tell", "report", "claim")
        return False

    def _background(self, head: Token) -> bool:
        """A generic killing told as the conflict's running toll, not as one happening."""
        subj = next((c for c in head.children if c.dep_ in ("nsubj",)), None)
        if subj is not None and subj.lemma_.lower() in self.lex.background:
            return True
        return any(t.lower_ == "since" and t.dep_ == "prep" for t in head.children)

    def _units(self, kept: list[tuple[TriggerMatch, EventMention]]) -> None:
        """Triggers of one clause that tell one happening ("a strike killed", "targeted ...,
        killing") share a unit: same family, at most two edges apart in the tree."""
        parent = list(range(len(kept)))

        def find(i: int) -> int:
            while parent[i] != i:
                i = parent[i]
            return i

        for i, (mi, ei) in enumerate(kept):
            for j in range(i):
                mj, ej = kept[j]
                same = ei.family == ej.family and (ei.family != "verbal" or ei.plover_type == ej.plover_type)
                if same and (tree_distance(mi.head, mj.head) <= 2 or _means_of(ei, mi.head, ej, mj.head)
                             or _means_of(ej, mj.head, ei, mi.head)):
                    parent[find(i)] = find(j)
        base = self.para_start * 1000 + self.sent.start
        for i, (_, em) in enumerate(kept):
            em.unit = base + find(i)

    def _token_at(self, doc_pos: int) -> Token | None:
        rel = doc_pos - self.para_start
        for t in self.sent:
            if t.idx <= rel < t.idx + len(t.text):
                return t
        return None

    def _attach(self, kept: list[tuple[TriggerMatch, EventMention]], spans: list[Span], attr: str,
                material_first: bool) -> None:
        """Give each span to the trigger closest to it in the tree (ties: the earlier trigger)."""
        for span in spans:
            toks = [t for t in self.sent if span.start <= self.para_start + t.idx < span.end]
            if not toks:
                continue
            root = min(toks, key=lambda t: len(list(t.ancestors)))
            undating = attr == "times" and root.dep_ == "pobj" and root.head.lower_ in _UNDATING_PREPS
            usable = []
            for k in kept:
                # The time owns this trigger ("3 February, when X struck"): it dates it.
                own = any(a.i == root.i for a in list(k[0].head.ancestors)[:2])
                if undating and not own:
                    continue  # "after 3 February" does not date what happened after it
                usable.append(k)
            if not usable:
                continue
            if root.head.pos_ in ("VERB", "AUX") and root.dep_ in ("npadvmod", "advmod") and \
                    all(k[0].head.i != root.head.i for k in usable):
                # "X came in response to Y last month": a time hung on a verb that is no event
                # goes to the nearest event in the text.
                ranked = sorted(usable, key=lambda k: (abs(k[0].head.i - root.i), k[0].head.i))
            else:
                ranked = sorted(usable, key=lambda k: (tree_distance(root, k[0].head),
                                                       material_first and k[1].family == "verbal",
                                                       k[0].head.i))
            getattr(ranked[0][1], attr).append(span)

    @staticmethod
    def _share_places(kept: list[tuple[TriggerMatch, EventMention]]) -> None:
        """"In X district, forces targeted A and detained B": a place that frames the clause
        belongs to every event of it, not only to the first verb."""
        for m, em in kept:
            if em.places:
                continue
            above = {t.i for t in ancestors_path(m.head)[1:4]}
            for m2, em2 in kept:
                if em2 is not em and em2.places and (m2.head.i in above or m2.head.head.i == m.head.head.i):
                    em.places = list(em2.places)
                    break

    def _attach_figures(self, kept: list[tuple[TriggerMatch, EventMention]], figures: list[Any]) -> None:
        violent = [k for k in kept if k[1].family == "violence"]
        if not violent:
            return
        per: dict[int, list[Any]] = {}
        for f in figures:
            tok = self._token_at(f.start)
            if tok is None:
                continue
            best = min(violent, key=lambda k: (tree_distance(tok, k[0].head), k[0].head.i))
            per.setdefault(id(best[1]), []).append(f)
        from .casualties import summarise

        for _, em in violent:
            figs = per.get(id(em), [])
            if figs:
                em.fatalities, em.injuries = summarise(figs)
                named = [f.attributed_to for f in figs if getattr(f, "attributed_to", None)]
                if named:
                    em.attributed_to = (named[0], None)
            elif any(a.role == "victim" and a.type == "person" for a in em.actors):
                # "killed commander X": one named person killed, the figure is the name itself.
                victims = [a for a in em.actors if a.role == "victim" and a.type == "person"]
                em.fatalities = Casualties(len(victims), len(victims), None, None, victims[0].span)

    def _attach_after(self, kept: list[tuple[TriggerMatch, EventMention]]) -> None:
        """'Soon after the strike, X protested': X follows the strike (dates inherit later)."""
        for m, em in kept:
            h = m.head
            if h.dep_ == "pobj" and h.head.lower_ in ("after", "following"):
                for _, em2 in kept:
                    if em2 is not em and em2.family != em.family:
                        em2.after.append(em.trigger)
