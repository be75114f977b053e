"""Plain-text files: metadata from the sidecar and the caller, line endings, ids, the real sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventledger.errors import ConfigError, EmptyInputError
from eventledger.model import Document, Failure
from eventledger.settings import Settings
from eventledger.stages.ingest import document_from_text, iter_documents


def _one(inputs: list[str | Path], settings: Settings, **kwargs: str) -> Document:
    """The single Document ``inputs`` give (fails the test on a Failure)."""
    results = list(iter_documents(inputs, settings=settings, **kwargs))
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


@pytest.mark.shared
def test_ingest_text_reads_the_sample_with_its_sidecar(shared: Path, settings: Settings) -> None:
    path = shared / "samples" / "seed-cradle-2024-02-08.txt"
    doc = _one([str(path)], settings)
    meta = json.loads((shared / "samples" / "seed-cradle-2024-02-08.meta.json").read_text())
    assert doc.published == "2024-02-08" == meta["published"]
    assert doc.outlet == meta["outlet"]
    assert doc.language == "en"
    assert doc.source_id == str(path)
    assert doc.input_format == "text"
    assert doc.body == path.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert doc.doc_id.startswith("sha256:") and len(doc.doc_id) == 7 + 64


def test_ingest_text_sidecar_supplies_metadata(tmp_path: Path, settings: Settings,
                                               centcom: list[str]) -> None:
    (tmp_path / "strike.txt").write_text("\n".join(centcom), encoding="utf-8")
    (tmp_path / "strike.meta.json").write_text(json.dumps(
        {"outlet": "CENTCOM", "published": "2014-12-19T09:00:00-05:00", "url": "https://example.org/a",
         "title": "Strikes", "language": "en-US", "note": "ignored"}), encoding="utf-8")
    doc = _one([tmp_path / "strike.txt"], settings)
    assert (doc.outlet, doc.published, doc.url, doc.title, doc.language) == (
        "CENTCOM", "2014-12-19", "https://example.org/a", "Strikes", "en")


def test_ingest_text_explicit_arguments_override_the_sidecar(tmp_path: Path, settings: Settings,
                                                           centcom: list[str]) -> None:
    (tmp_path / "strike.txt").write_text(centcom[0], encoding="utf-8")
    (tmp_path / "strike.meta.json").write_text('{"outlet": "Sidecar", "published": "2014-12-19"}')
    doc = _one([tmp_path / "strike.txt"], settings, published="2015-01-03", outlet="Given")
    assert (doc.published, doc.outlet) == ("2015-01-03", "Given")


def test_ingest_text_malformed_sidecar_is_a_failure(tmp_path: Path, settings: Settings,
                                                   centcom: list[str]) -> None:
    (tmp_path / "strike.txt").write_text(centcom[0], encoding="utf-8")
    (tmp_path / "strike.meta.json").write_text('{"published": 20141219}')
    [result] = iter_documents([tmp_path], settings=settings)
    assert isinstance(result, Failure)
    assert result.code == "E205" and "published" in result.reason and result.source.endswith("strike.txt")


def test_ingest_text_unreadable_published_becomes_none_with_a_warning(tmp_path: Path, settings: Settings,
                                                                     centcom: list[str]) -> None:
    (tmp_path / "strike.txt").write_text(centcom[0], encoding="utf-8")
    (tmp_path / "strike.meta.json").write_text('{"published": "last Tuesday"}')
    doc = _one([tmp_path / "strike.txt"], settings)
    assert doc.published is None
    assert any("last Tuesday" in w and "not a date" in w for w in doc.warnings)


def test_ingest_text_explicit_published_must_be_a_date(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        list(iter_documents([tmp_path], settings=settings, published="02/08/2024"))


def test_ingest_text_line_endings_become_lf(tmp_path: Path, settings: Settings, centcom: list[str]) -> None:
    (tmp_path / "crlf.txt").write_bytes("\r\n".join(centcom[:2]).encode() + b"\r" + centcom[2].encode())
    doc = _one([tmp_path / "crlf.txt"], settings)
    assert doc.body == "\n".join(centcom[:3])
    assert "\r" not in doc.body


def test_ingest_text_doc_id_is_a_content_hash(centcom: list[str]) -> None:
    one = document_from_text(centcom[0], source_id="a.txt", outlet="X", published="2014-12-19")
    two = document_from_text(centcom[0] + "\r\n", source_id="copy/b.txt", outlet="X",
                             published="2014-12-19T08:00:00Z")
    other = document_from_text(centcom[0], source_id="a.txt", outlet="Y", published="2014-12-19")
    assert one.doc_id != two.doc_id  # a trailing line break is content: the texts differ
    assert document_from_text(centcom[0], source_id="elsewhere.txt", outlet="X",
                              published="2014-12-19").doc_id == one.doc_id
    assert other.doc_id != one.doc_id
    assert (one.raw, one.body, one.source_id, one.published) == (
        centcom[0], centcom[0], "a.txt", "2014-12-19")


def test_ingest_text_document_from_text_refuses_blank_text() -> None:
    with pytest.raises(EmptyInputError, match="whitespace only"):
        document_from_text(" \n\t ", source_id="blank.txt")


def test_ingest_text_folder_is_read_recursively_sorted_without_hidden_files(
        tmp_path: Path, settings: Settings, centcom: list[str]) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text(centcom[1])
    (tmp_path / "a.txt").write_text(centcom[0])
    (tmp_path / "a.meta.json").write_text('{"outlet": "CENTCOM"}')
    (tmp_path / ".secret.txt").write_text(centcom[2])
    (tmp_path / ".hidden" / "3.txt").write_text(centcom[3])
    results = list(iter_documents([tmp_path], settings=settings))
    assert [r.source_id for r in results if isinstance(r, Document)] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt")]
    assert len(results) == 2


def test_ingest_text_missing_input_is_a_failure(tmp_path: Path, settings: Settings) -> None:
    [result] = iter_documents([tmp_path / "nope.txt"], settings=settings)
    assert isinstance(result, Failure)
    assert result.code == "E200" and "no such file" in result.reason


def test_ingest_text_empty_folder_is_a_failure(tmp_path: Path, settings: Settings) -> None:
    [result] = iter_documents([tmp_path], settings=settings)
    assert isinstance(result, Failure) and result.code == "E201"
