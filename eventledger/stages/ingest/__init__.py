"""Ingest: files, folders, stdin, HTML pages, feeds and JSON Lines become Documents.

Never raises for a bad input: an input (or one JSON Lines line, one feed item) that cannot be
read becomes a :class:`~eventledger.model.Failure` naming it precisely, and the batch goes on.
No network access: HTML and feeds are parsed from the bytes given, never fetched.
"""

from .core import STDIN_NAME, iter_documents, sniff_format
from .dates import normalize_published
from .html import extract_html, fragment_to_text
from .text import document_from_text, normalize_language

__all__ = [
    "STDIN_NAME",
    "document_from_text",
    "extract_html",
    "fragment_to_text",
    "iter_documents",
    "normalize_language",
    "normalize_published",
    "sniff_format",
]
