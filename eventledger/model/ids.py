"""Deterministic content-hash identifiers, so that re-running a job is idempotent."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def content_id(*parts: Any, prefix: str = "") -> str:
    """A stable hex id (24 hex chars of SHA-256) over JSON-serialised ``parts``."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]
    return f"{prefix}{digest}"


def document_id(raw: str, *, outlet: str | None, url: str | None, published: str | None) -> str:
    """``sha256:<hex>`` over the article's own content and identity.

    The source file name is deliberately left out: the same article read from two paths is one
    document. The outlet and URL are in: the same wire text printed by two outlets is two sources
    (cross-source merging later joins them as one incident). ``published`` is in because it
    anchors every relative date, so the same text with another date reads differently.
    """
    blob = json.dumps([raw, outlet, url, published], ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()
