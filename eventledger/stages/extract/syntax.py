"""Small helpers over spaCy parses: document offsets, tree distance, quotes, clause checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ...model import Span

Token = Any  # spacy.tokens.Token
SpacySpan = Any  # spacy.tokens.Span

_OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "‘": "’"}
_QUOTE_RX = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?|«[^»\n]*»")


def doc_span(text: str, para_start: int, start: int, end: int) -> Span:
    """A document Span from paragraph-relative character offsets."""
    return Span(para_start + start, para_start + end, text[para_start + start:para_start + end])


def token_span(text: str, para_start: int, tokens: Iterable[Token]) -> Span:
    """The document Span covering the given tokens (first to last)."""
    toks = sorted(tokens, key=lambda t: t.i)
    return doc_span(text, para_start, toks[0].idx, toks[-1].idx + len(toks[-1].text))


def quote_regions(paragraph: str) -> list[tuple[int, int]]:
    """Character ranges of quoted passages in a paragraph (curly or straight quotes).

    An opening quote with no closing one in the paragraph runs to the paragraph's end: a quote
    that continues into the next paragraph opens again there, as news style does.
    """
    out = []
    for m in _QUOTE_RX.finditer(paragraph):
        if m.end() - m.start() >= 3:
            out.append((m.start(), m.end()))
    return out


def in_regions(pos: int, regions: list[tuple[int, int]]) -> bool:
    """True when character ``pos`` lies inside one of the ranges."""
    return any(a <= pos < b for a, b in regions)


def ancestors_path(tok: Token) -> list[Token]:
    """The token and its heads up to the root, in order."""
    path = [tok]
    while path[-1].head.i != path[-1].i and len(path) < 64:
        path.append(path[-1].head)
    return path


def tree_distance(a: Token, b: Token) -> int:
    """Number of edges between two tokens of one sentence's dependency tree."""
    pa, pb = ancestors_path(a), ancestors_path(b)
    ib = {t.i: n for n, t in enumerate(pb)}
    for n, t in enumerate(pa):
        if t.i in ib:
            return n + ib[t.i]
    return 99


def clause_verb(tok: Token) -> Token | None:
    """The nearest verb (or auxiliary) at or above ``tok``."""
    for t in ancestors_path(tok):
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def is_negated(tok: Token, stop_at: Token | None = None) -> bool:
    """True when ``tok`` or a governing word up to its clause verb carries a negation."""
    for t in ancestors_path(tok)[:4]:
        if any(c.dep_ == "neg" for c in t.children):
            return True
        at_stop = stop_at is not None and t.i == stop_at.i
        if at_stop or t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "advcl", "conj"):
            # Stop at the clause that holds the trigger; a negated main clause above
            # ("denied that X attacked") is handled by the caller's cue rules.
            break
    return False


def subtree_span(text: str, para_start: int, tok: Token) -> Span:
    """The document Span of a token's whole subtree."""
    return doc_span(text, para_start, tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))


def finite_acl(verb: Token) -> bool:
    """A main verb the parser hung under its subject noun as a clause ("The leader, X, called ...").

    A finite form counts; a past participle counts only right after a comma that closes the
    noun phrase (a reduced relative, "the man called John", has no comma).
    """
    if verb.dep_ != "acl" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return verb.tag_ == "VBN" and verb.i > 0 and verb.doc[verb.i - 1].text == ","
