"""Standard input (``-``): text, JSON Lines or HTML, judged from the content."""

from __future__ import annotations

import io
import json
import sys

import pytest

from eventledger.model import Document, Failure
from eventledger.settings import Settings, load_settings
from eventledger.stages.ingest import STDIN_NAME, iter_documents


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_ingest_stdin_plain_text(monkeypatch: pytest.MonkeyPatch, settings: Settings,
                                 centcom: list[str]) -> None:
    _stdin(monkeypatch, "\r\n".join(centcom[:2]).encode())
    [doc] = iter_documents(["-"], settings=settings, published="2014-12-19", outlet="CENTCOM")
    assert isinstance(doc, Document)
    assert (doc.source_id, doc.body, doc.published, doc.outlet) == (
        STDIN_NAME, "\n".join(centcom[:2]), "2014-12-19", "CENTCOM")


def test_ingest_stdin_json_lines(monkeypatch: pytest.MonkeyPatch, settings: Settings,
                                 centcom: list[str]) -> None:
    lines = [json.dumps({"id": f"c{n}", "text": line}) for n, line in enumerate(centcom[:3])]
    _stdin(monkeypatch, "\n".join(lines).encode())
    docs = list(iter_documents(["-"], settings=settings))
    assert [d.source_id for d in docs] == ["c0", "c1", "c2"]  # type: ignore[union-attr]


def test_ingest_stdin_over_the_limit(monkeypatch: pytest.MonkeyPatch, centcom: list[str]) -> None:
    _stdin(monkeypatch, (" ".join(centcom) * 10).encode())
    settings = load_settings(overrides={"ingest.max_bytes": 100}, environ={})
    [failure] = iter_documents(["-"], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E204" and STDIN_NAME in failure.reason


def test_ingest_stdin_absent_is_a_failure(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    [failure] = iter_documents(["-"], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E200"
