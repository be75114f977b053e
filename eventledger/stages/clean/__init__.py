"""Clean: a Document's body becomes its frozen clean text.

Boilerplate lines (credits, share prompts, related links, bylines, ...) go to ``doc.removed``
with a reason, embedded social-media posts to ``doc.embeds``; whitespace and invisible
characters are normalised and nothing else of the text is rewritten, because every later span
points into it. Raises EmptyInputError or LanguageError for the engine to record.
"""

from .boilerplate import boilerplate_reason
from .core import CleanResult, clean_document, clean_text
from .embeds import FoundEmbed, find_embeds
from .language import LanguageGuess, detect_english
from .normalize import normalize_text, normalized_lines

__all__ = [
    "CleanResult",
    "FoundEmbed",
    "LanguageGuess",
    "boilerplate_reason",
    "clean_document",
    "clean_text",
    "detect_english",
    "find_embeds",
    "normalize_text",
    "normalized_lines",
]
