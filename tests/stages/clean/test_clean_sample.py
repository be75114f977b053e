"""The real sample article against its gold: removed lines, embeds, and every other line kept verbatim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventledger.model import Document
from eventledger.settings import Settings
from eventledger.stages.clean import clean_document
from eventledger.stages.ingest import iter_documents

pytestmark = pytest.mark.shared


@pytest.fixture
def sample(shared: Path, settings: Settings) -> tuple[Document, dict[str, Any]]:
    """The sample, ingested with its sidecar and cleaned, and its gold reading."""
    [doc] = iter_documents([shared / "samples" / "seed-cradle-2024-02-08.txt"], settings=settings)
    assert isinstance(doc, Document)
    clean_document(doc, settings)
    gold = json.loads((shared / "gold" / "seed-cradle-2024-02-08.gold.json").read_text(encoding="utf-8"))
    return doc, gold


def test_clean_sample_metadata_from_the_sidecar(sample: tuple[Document, dict[str, Any]]) -> None:
    doc, gold = sample
    assert doc.published == gold["doc"]["published"] == "2024-02-08"
    assert doc.outlet == gold["doc"]["outlet"]
    assert doc.language == "en"


def test_clean_sample_removed_lines(sample: tuple[Document, dict[str, Any]]) -> None:
    doc, gold = sample
    removed = [r.text for r in doc.removed]
    for line in gold["removed"]:
        assert line in removed
        assert line not in doc.text
    assert all(r.reason for r in doc.removed)
    assert doc.removed[0].reason == "photo credit"


def test_clean_sample_embeds(sample: tuple[Document, dict[str, Any]]) -> None:
    doc, gold = sample
    assert len(doc.embeds) == len(gold["embeds"])
    for want, got in zip(gold["embeds"], doc.embeds, strict=True):
        assert (got.platform, got.handle, got.date) == (want["platform"], want["handle"], want["date"])
        assert got.author and got.url and got.url.startswith("pic.twitter.com/")
        assert want["text_contains"] in got.text
        assert want["text_contains"] not in doc.text
        assert "pic.twitter.com" not in got.text
    assert "@TheCradleMedia" not in doc.text and "pic.twitter.com" not in doc.text


def test_clean_sample_every_other_line_is_kept_verbatim(sample: tuple[Document, dict[str, Any]]) -> None:
    doc, gold = sample
    lifted = {r.text for r in doc.removed}
    embed_texts = " ".join(e.text for e in doc.embeds)
    kept = doc.text.split("\n")
    expected = [line for line in doc.body.split("\n")
                if line.strip() and line not in lifted and not line.startswith("—")
                and line.split(" pic.twitter.com")[0] not in embed_texts]
    assert kept == expected
    assert len(kept) == len(doc.body.strip().split("\n")) - 1 - 2 * len(gold["embeds"])
