"""JSON Lines of articles: good lines become Documents, each bad line one Failure naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventledger.model import Document, Failure
from eventledger.settings import Settings, load_settings
from eventledger.stages.ingest import iter_documents


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ingest_jsonl_reads_the_contract_fields(tmp_path: Path, settings: Settings,
                                                centcom: list[str]) -> None:
    path = _write(tmp_path / "docs.jsonl", [json.dumps(
        {"id": "centcom-20141219-004", "text": centcom[0], "published": "2014-12-19",
         "outlet": "U.S. Central Command (CJTF-OIR)", "url": "https://example.org/r", "title": "Strikes",
         "language": "en"})])
    [doc] = iter_documents([path], settings=settings)
    assert isinstance(doc, Document)
    assert (doc.source_id, doc.body, doc.published, doc.outlet, doc.url, doc.title, doc.language,
            doc.input_format) == ("centcom-20141219-004", centcom[0], "2014-12-19",
                                  "U.S. Central Command (CJTF-OIR)", "https://example.org/r", "Strikes",
                                  "en", "jsonl")


@pytest.mark.parametrize(("line", "needle"), [
    ('{"id": "x", "text": ', "not valid JSON"),
    ('["a", "list"]', "must be a JSON object"),
    ('{"id": "x", "published": "2014-12-19"}', "neither 'text' nor 'html'"),
    ('{"id": "x", "text": 42}', "'text' must be a string"),
    ('{"id": ["x"], "text": "Near Mosul."}', "'id' must be a string"),
    ('{"id": "x", "text": "Near Mosul.", "published": 20141219}', "'published' must be a string"),
    ('{"id": "x", "text": "   "}', "whitespace only"),
])
def test_ingest_jsonl_malformed_line_is_one_failure(tmp_path: Path, settings: Settings, centcom: list[str],
                                                   line: str, needle: str) -> None:
    path = _write(tmp_path / "docs.jsonl", [json.dumps({"id": "a", "text": centcom[0]}), line,
                                            json.dumps({"id": "b", "text": centcom[1]})])
    results = list(iter_documents([path], settings=settings))
    assert [type(r).__name__ for r in results] == ["Document", "Failure", "Document"]
    failure = results[1]
    assert isinstance(failure, Failure)
    assert failure.source == f"{path}:line 2"
    assert needle in failure.reason and f"{path}:line 2" in failure.reason


def test_ingest_jsonl_source_id_defaults_to_the_line(tmp_path: Path, settings: Settings,
                                                    centcom: list[str]) -> None:
    path = _write(tmp_path / "docs.ndjson", ["", json.dumps({"text": centcom[0]}),
                                             json.dumps({"id": 7, "text": centcom[1]})])
    docs = list(iter_documents([path], settings=settings))
    assert [d.source_id for d in docs] == [f"{path}:line 2", "7"]  # type: ignore[union-attr]


def test_ingest_jsonl_html_field_is_extracted(tmp_path: Path, settings: Settings, centcom: list[str]) -> None:
    page = ("<html><head><meta property='og:site_name' content='Page Outlet'></head><body><article>"
            + "".join(f"<p>{line}</p>" for line in centcom) + "</article></body></html>")
    path = _write(tmp_path / "docs.jsonl", [json.dumps({"id": "h", "html": page, "outlet": "Line Outlet",
                                                        "published": "2016-04-22"})])
    [doc] = iter_documents([path], settings=settings)
    assert isinstance(doc, Document)
    assert doc.body.split("\n") == centcom
    assert doc.raw == page
    assert (doc.outlet, doc.published, doc.input_format) == ("Line Outlet", "2016-04-22", "jsonl")


def test_ingest_jsonl_overlong_line_fails_alone(tmp_path: Path, centcom: list[str]) -> None:
    path = _write(tmp_path / "docs.jsonl", [json.dumps({"id": "long", "text": " ".join(centcom) * 20}),
                                            json.dumps({"id": "short", "text": centcom[0]})])
    settings = load_settings(overrides={"ingest.max_bytes": 500}, environ={})
    results = list(iter_documents([path], settings=settings))
    assert isinstance(results[0], Failure) and results[0].code == "E204"
    assert results[0].source == f"{path}:line 1"
    assert isinstance(results[1], Document) and results[1].source_id == "short"


def test_ingest_jsonl_invalid_utf8_line_fails_alone(tmp_path: Path, settings: Settings,
                                                   centcom: list[str]) -> None:
    path = tmp_path / "docs.jsonl"
    good = json.dumps({"id": "ok", "text": centcom[0]}).encode()
    path.write_bytes(b'{"id": "bad", "text": "Near Mar\x92a"}\n' + good)
    results = list(iter_documents([path], settings=settings))
    assert isinstance(results[0], Failure) and results[0].code == "E203"
    assert isinstance(results[1], Document)


def test_ingest_jsonl_empty_file_is_a_failure(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path / "docs.jsonl", ["", ""])
    [failure] = iter_documents([path], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E201"


def test_ingest_jsonl_explicit_arguments_override_lines(tmp_path: Path, settings: Settings,
                                                       centcom: list[str]) -> None:
    path = _write(tmp_path / "docs.jsonl", [json.dumps({"id": "a", "text": centcom[0], "outlet": "X",
                                                        "published": "2014-12-19"})])
    [doc] = iter_documents([path], settings=settings, published="2015-01-01", outlet="Y")
    assert (doc.published, doc.outlet) == ("2015-01-01", "Y")  # type: ignore[union-attr]


def test_ingest_jsonl_json_file_with_a_list_of_articles(tmp_path: Path, settings: Settings,
                                                       centcom: list[str]) -> None:
    path = tmp_path / "docs.json"
    path.write_text(json.dumps([{"id": "a", "text": centcom[0]}, {"id": "b"}]))
    results = list(iter_documents([path], settings=settings))
    assert isinstance(results[0], Document) and results[0].source_id == "a"
    assert isinstance(results[1], Failure) and results[1].source == f"{path}#item 2"


@pytest.mark.shared
def test_ingest_jsonl_reads_every_eval_document(shared: Path, settings: Settings) -> None:
    for name in ("centcom", "isaf-dev", "fakes-dev"):
        path = shared / "eval" / name / "docs.jsonl"
        ids = [json.loads(line)["id"] for line in path.read_text().split("\n") if line.strip()]
        results = list(iter_documents([path], settings=settings))
        assert [r.source_id for r in results if isinstance(r, Document)] == ids
