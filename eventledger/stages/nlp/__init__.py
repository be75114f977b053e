"""The nlp stage: spaCy over each document's clean text, paragraph by paragraph."""

from .build import Paragraph, ParsedText, annotate, load_pipeline, paragraphs_of

__all__ = ["Paragraph", "ParsedText", "annotate", "load_pipeline", "paragraphs_of"]
