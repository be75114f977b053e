"""The extract stage: mentions, event mentions and statements read from the parsed clean text.

Reads ``doc.nlp`` (set by the nlp stage) and adds ``doc.mentions``, ``doc.event_mentions`` and
``doc.statements``. Nothing is resolved here (no dates, no coordinates): that is the resolve
stage's job, so every value it fills can point back at a span found here.
"""

from __future__ import annotations

from ...errors import StageError
from ...knowledge import load_actor_kb, load_countries
from ...knowledge.actors import ActorMatch
from ...model import Document, Mention, QuantityValue, Span
from ...settings import Settings
from .actors import ActorFinder
from .casualties import find_casualties
from .casualty_traits import read_figure
from .events import SentenceReader
from .mentions import paragraph_mentions
from .quotes import SpeakerMemory, StatementReader
from .syntax import quote_regions
from .timex_rules import find_timexes
from .triggers import load_trigger_lexicon

__all__ = ["extract_document"]


def extract_document(doc: Document, settings: Settings) -> Document:
    """Add mentions, event mentions and statements to a parsed Document."""
    if doc.nlp is None:
        raise StageError(f"document {doc.doc_id}: the nlp stage has not run (doc.nlp is empty)")
    del settings  # no extract settings are read yet; kept for the stage signature
    kb = load_actor_kb()
    countries = load_countries()
    lex = load_trigger_lexicon()
    text = doc.text
    persons: dict[str, str] = {}
    memory = SpeakerMemory()
    statements = StatementReader(text, doc.doc_id, kb, memory)
    for para in doc.nlp.paragraphs:
        ps = para.start
        ptext = para.doc.text
        kb_matches = [ActorMatch(ps + m.start, ps + m.end, m.actor) for m in kb.find(ptext)]
        finder = ActorFinder(text, ps, para.doc, kb, countries, kb_matches, persons)
        found = paragraph_mentions(text, ps, para.doc, kb, countries, kb_matches, doc.mentions)
        hints = [(e.start_char, e.end_char) for e in para.doc.ents if e.label_ in ("DATE", "TIME")]
        times = []
        for tm in find_timexes(ptext, hints=hints):
            span = Span(ps + tm.start, ps + tm.end, text[ps + tm.start:ps + tm.end])
            doc.mentions.append(Mention("time", span, None))
            times.append(span)
        quotes = quote_regions(ptext)
        doc.statements.extend(statements.read(ps, para.doc, finder, quotes))
        for sent in para.doc.sents:
            s0, s1 = ps + sent.start_char, ps + sent.end_char
            figures = [f for f in find_casualties(text[s0:s1], offset=s0) if not _in_time(f, times)]
            for f in figures:
                span = Span(f.start, f.end, text[f.start:f.end])
                doc.figure_readings[span.text] = read_figure(span.text)
                doc.mentions.append(Mention("quantity", span, QuantityValue(f.low, f.high, f.who)))
            reader = SentenceReader(text, ps, sent, lex, finder, quotes)
            sent_times = [t for t in times if s0 <= t.start < s1]
            sent_places = [p for p in found.event_places if s0 <= p.start < s1]
            doc.event_mentions.extend(reader.read(sent_times, sent_places, figures))
    doc.mentions.sort(key=lambda m: (m.span.start, m.span.end, m.kind))
    return doc


def _in_time(figure: object, times: list[Span]) -> bool:
    """A 'casualty' figure that is really part of a time expression ("48 hours")."""
    start = getattr(figure, "start", -1)
    return any(t.start <= start < t.end for t in times)
