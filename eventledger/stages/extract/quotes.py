"""Statements: direct quotes and reported speech with their speakers.

Direct quotes are the quoted passages of a paragraph; the speaker is the subject of the nearest
speech verb outside the quotes in the same paragraph ("..., the minister said"), a pronoun resolved to
the last named speaker or person, or (for a paragraph that is only a quote) the speaker of the
quote before it. Reported speech is a speech verb whose complement follows it ("X said that ...",
"X called for ...", "X condemned ..."); its text is that complement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...knowledge import ActorKB, load_data
from ...model import Span, Speaker, Statement, content_id
from .actors import ActorFinder
from .syntax import finite_acl, in_regions

Token = Any
# Verbs that only say something happened in words; the others carry their own act ("urge").
_PURE_SPEECH = frozenset({"say", "tell", "add", "state", "note", "explain", "write", "tweet", "report",
                          "remark", "comment", "reply", "respond", "continue"})


@dataclass(slots=True)
class SpeakerMemory:
    """What later quotes in the document can point back to."""

    last_speaker: Speaker | None = None
    last_person: Speaker | None = None
    speakers: dict[str, Speaker] = field(default_factory=dict)  # full name (lower) -> speaker


def _speech() -> dict[str, Any]:
    return load_data("speech")  # type: ignore[no-any-return]


def _title_and_role(text: str, para_start: int, name_start: int, np_start: int) -> tuple[str | None, str | None]:
    """Split the words before a name ("Iraqi army spokesman Major General") into role and title."""
    before = text[np_start:name_start].strip().rstrip(",").strip()
    if not before:
        return None, None
    title = None
    for t in sorted(_speech()["titles"], key=len, reverse=True):
        if re.search(rf"(?:^|\s){re.escape(t)}$", before):
            title = t
            before = before[: len(before) - len(t)].strip().rstrip(",").strip()
            break
    before = re.sub(r"^(?:the|a|an)\s+", "", before, flags=re.I)
    return title, (before or None)


class StatementReader:
    """Finds statements in one paragraph; keeps speaker memory across paragraphs."""

    def __init__(self, text: str, doc_id: str, kb: ActorKB, memory: SpeakerMemory) -> None:
        self.text = text
        self.doc_id = doc_id
        self.kb = kb
        self.memory = memory
        sp = _speech()
        self.cues = frozenset(sp["cue_verbs"])
        self.indirect = frozenset(sp["indirect_cues"])
        self.pronouns = frozenset(sp["pronouns"])

    # ----------------------------------------------------------------- speakers
    def speaker_of(self, verb: Token, finder: ActorFinder, para_start: int) -> Speaker | None:
        """The speaker who is the subject of a speech verb, resolved and described."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        exclude = None
        if subj is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.pos_ == "VERB":
            return self.speaker_of(verb.head, finder, para_start)
        if subj is None and finite_acl(verb):
            subj, exclude = verb.head, verb
        if subj is None:
            return None
        if subj.lower_ in self.pronouns and subj.pos_ == "PRON":
            who = self.memory.last_speaker or self.memory.last_person
            if who is None:
                return None
            span = Span(para_start + subj.idx, para_start + subj.idx + len(subj.text), subj.text)
            return Speaker(who.name, span, who.title, who.role, who.organization, who.type)
        actors = finder.actors_in(subj, "verbal", exclude=exclude)
        persons = [a for a in actors if a.type == "person"]
        orgs = [a for a in actors if a.type != "person"]
        if persons:
            p = persons[0]
            known = self.memory.speakers.get(p.name.lower())
            np_start = para_start + subj.left_edge.idx
            title, role = _title_and_role(self.text, para_start, p.span.start, np_start)
            if known is not None and title is None and role is None:
                title, role = known.title, known.role
            org = orgs[0].name if orgs else (known.organization if known else None)
            if role is None and subj.i != p.span.start and orgs:
                role = None
            sp = Speaker(p.name, p.span, title, role, org, "person")
            finder.register_person(p.name)
            self.memory.speakers.setdefault(p.name.lower(), sp)
            self.memory.last_person = sp
            return sp
        if orgs:
            o = orgs[0]
            return Speaker(o.name, o.span, None, None, None, o.type)
        return None

    # ----------------------------------------------------------------- reading
    def read(self, para_start: int, sdoc: Any, finder: ActorFinder,
             quotes: list[tuple[int, int]]) -> list[Statement]:
        """Direct and indirect statements of one paragraph."""
        out: list[Statement] = []
        cues = [t for t in sdoc if t.pos_ == "VERB" and t.lemma_.lower() in self.cues
                and not in_regions(t.idx, quotes)]
        speakers = {t.i: self.speaker_of(t, finder, para_start) for t in cues}
        # Remember persons named as subjects anywhere, for "he said" later.
        for t in sdoc:
            if t.dep_ == "nsubj" and t.ent_type_ == "PERSON" and not in_regions(t.idx, quotes):
                for a in finder.actors_in(t, "verbal"):
                    if a.type == "person":
                        finder.register_person(a.name)
                        np_start = para_start + t.left_edge.idx
                        title, role = _title_and_role(self.text, para_start, a.span.start, np_start)
                        sp = Speaker(a.name, a.span, title, role, None, "person")
                        self.memory.speakers.setdefault(a.name.lower(), sp)
                        self.memory.last_person = self.memory.speakers[a.name.lower()]
        for qs, qe in quotes:
            inner_s, inner_e = qs + 1, qe - 1 if self.text[para_start + qe - 1] in "”\"»" else qe
            body = self.text[para_start + inner_s:para_start + inner_e]
            stripped = body.strip().rstrip(",").strip()
            if len(stripped.split()) < 3:
                continue  # a scare quote or a name in quotes, not a statement
            lead = len(body) - len(body.lstrip())
            s = para_start + inner_s + lead
            span = Span(s, s + len(stripped), self.text[s:s + len(stripped)])
            # Nearest cue: before or after the quote, whichever is closer.
            best = None
            for t in cues:
                d = t.idx - qe if t.idx >= qe else qs - t.idx
                if speakers.get(t.i) is not None and (best is None or d < best[0]):
                    best = (d, t)
            speaker = speakers.get(best[1].i) if best else None
            cue = best[1] if best else None
            if speaker is None and qs <= 1 and self.memory.last_speaker is not None:
                speaker = self.memory.last_speaker  # a quote running over paragraphs
            if speaker is None:
                continue
            sent = sdoc[0].sent if cue is None else cue.sent
            out.append(self._statement(speaker, "direct", span, cue, para_start, sent))
            self.memory.last_speaker = speaker
        for t in cues:
            if t.lemma_.lower() not in self.indirect or speakers.get(t.i) is None:
                continue
            if t.lemma_.lower() in _PURE_SPEECH:
                # "said" reports speech only with a clause after it ("said that ...").
                comp = [c for c in t.children if c.i > t.i and c.dep_ in ("ccomp", "xcomp")]
            else:
                comp = [c for c in t.children if c.i > t.i and c.dep_ in ("ccomp", "xcomp", "dobj", "prep",
                                                                           "advcl", "dative")]
            if not comp:
                continue
            start_tok = comp[0].left_edge if comp[0].left_edge.i > t.i else comp[0]
            if start_tok.lower_ == "that" and start_tok.dep_ == "mark":
                start_tok = start_tok.nbor(1)
            end_tok = t.right_edge
            s = para_start + start_tok.idx
            e = para_start + end_tok.idx + len(end_tok.text)
            piece = self.text[s:e].rstrip(" .,;:")
            if len(piece.split()) < 3:
                continue
            e = s + len(piece)
            quoted = sum(min(e, para_start + b) - max(s, para_start + a) for a, b in quotes
                         if para_start + a < e and s < para_start + b)
            if quoted > 0.5 * (e - s):
                continue  # the complement is a direct quote, already a statement
            span = Span(s, e, self.text[s:e])
            speaker = speakers[t.i]
            assert speaker is not None
            out.append(self._statement(speaker, "indirect", span, t, para_start, t.sent))
            self.memory.last_speaker = speaker
        return out

    def _statement(self, speaker: Speaker, kind: str, span: Span, cue: Token | None, para_start: int,
                   sent: Any) -> Statement:
        cue_span = None
        if cue is not None:
            cs = para_start + cue.idx
            cue_span = Span(cs, cs + len(cue.text), cue.text)
        sent_span = Span(para_start + sent.start_char, para_start + sent.end_char,
                         self.text[para_start + sent.start_char:para_start + sent.end_char])
        sid = content_id(self.doc_id, kind, span.start, span.end, prefix="st-")
        return Statement(sid, self.doc_id, speaker, kind, span, cue.lemma_.lower() if cue is not None else None,
                         cue_span, sentence=sent_span)
