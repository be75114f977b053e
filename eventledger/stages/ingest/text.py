"""Plain-text articles: building a Document, and the ``NAME.meta.json`` sidecar beside a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventledger.errors import MalformedInputError
from eventledger.model import Document, document_id

from .dates import published_or_warning
from .reading import check_text, normalize_newlines

# The metadata keys an input may carry (a sidecar, a JSON Lines line): all optional strings.
META_KEYS = ("outlet", "published", "url", "language", "title")


def normalize_language(value: str | None) -> str | None:
    """A declared language as its lower-case primary subtag (``en-GB`` -> ``en``), or None."""
    if not value or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower() or None


def _clean_meta(value: str | None) -> str | None:
    """A metadata string with surrounding space removed; blank becomes None (unknown)."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def build_document(raw: str, body: str, *, source_id: str | None, url: str | None = None,
                   outlet: str | None = None, title: str | None = None, published: Any = None,
                   language: str | None = None, input_format: str = "text",
                   warnings: list[str] | None = None) -> Document:
    """A Document whose ``body`` has LF line endings and whose id hashes body and identity."""
    notes = list(warnings or [])
    body = normalize_newlines(body)
    outlet, url, title = _clean_meta(outlet), _clean_meta(url), _clean_meta(title)
    day = published_or_warning(published, notes, where=source_id or "input")
    doc = Document(
        # The body (not the raw bytes) is hashed: the same article with CRLF or LF line endings,
        # or re-saved with another page template around it, is one document.
        doc_id=document_id(body, outlet=outlet, url=url, published=day),
        source_id=source_id, raw=raw, body=body, url=url, outlet=outlet, title=title,
        published=day, language=normalize_language(language), input_format=input_format)
    doc.warnings.extend(notes)
    return doc


def document_from_text(raw: str, *, source_id: str | None, url: str | None = None,
                       outlet: str | None = None, title: str | None = None,
                       published: str | None = None, language: str | None = None,
                       input_format: str = "text") -> Document:
    """A Document for an article given as text: ``body`` is ``raw`` with LF line endings.

    Raises:
        EmptyInputError: ``raw`` is empty or whitespace only.
        BinaryInputError: ``raw`` is mostly control characters.
    """
    check_text(raw, source=source_id or "input")
    return build_document(raw, raw, source_id=source_id, url=url, outlet=outlet, title=title,
                          published=published, language=language, input_format=input_format)


def sidecar_path(path: Path) -> Path | None:
    """The ``NAME.meta.json`` beside ``NAME.txt`` (or ``NAME.txt.meta.json``), if one exists."""
    for candidate in (path.with_name(path.stem + ".meta.json"), path.with_name(path.name + ".meta.json")):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> dict[str, str | None]:
    """The metadata in the sidecar beside ``path`` (empty when there is none).

    Raises:
        MalformedInputError: the sidecar is not a JSON object of strings (a wrong sidecar would
            silently give the article a wrong date or outlet, so it is refused, not skipped).
    """
    meta_path = sidecar_path(path)
    if meta_path is None:
        return {}
    try:
        data = meta_path.read_bytes()
    except OSError as exc:
        raise MalformedInputError(f"{meta_path}: sidecar metadata is not readable JSON ({exc}); "
                                  f"fix or remove it", source=str(path)) from exc
    return parse_sidecar(data, str(meta_path), str(path))


def parse_sidecar(data: bytes, name: str, source: str) -> dict[str, str | None]:
    """The metadata a sidecar's bytes hold (``name`` names the sidecar in messages, ``source`` the
    article), validated: a JSON object whose known keys are strings or null.

    Raises:
        MalformedInputError: anything else.
    """
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedInputError(f"{name}: sidecar metadata is not readable JSON ({exc}); fix or remove it",
                                  source=source) from exc
    if not isinstance(parsed, dict):
        raise MalformedInputError(f"{name}: sidecar metadata must be a JSON object", source=source)
    meta: dict[str, str | None] = {}
    for key in META_KEYS:
        value = parsed.get(key)
        if value is not None and not isinstance(value, str):
            raise MalformedInputError(f"{name}: sidecar key {key!r} must be a string or null, not "
                                      f"{type(value).__name__}", source=source)
        meta[key] = value
    return meta
