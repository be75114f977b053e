"""HTML pages: main text and metadata, hostile markup, and no network access ever."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from eventledger.errors import EmptyInputError, MalformedInputError
from eventledger.model import Document, Failure
from eventledger.settings import Settings
from eventledger.stages.ingest import extract_html, fragment_to_text, iter_documents, sniff_format


def _page(lines: list[str], head: str = "", extra_body: str = "") -> str:
    """An article page around ``lines`` with navigation and a footer to leave out."""
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (f"<!DOCTYPE html><html lang='en-US'><head><meta charset='utf-8'>"
            f"<title>Strike update</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav>"
            f"<article><h1>Strike update</h1>{paragraphs}{extra_body}</article>"
            f"<footer><a href='/privacy'>Privacy</a> <a href='/terms'>Terms of use</a></footer>"
            f"</body></html>")


HEAD = ("<meta property='article:published_time' content='2015-01-03T08:00:00+03:00'>"
        "<meta property='og:site_name' content='U.S. Central Command'>"
        "<link rel='canonical' href='https://example.org/releases/1'>")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_ingest_html_extracts_text_and_metadata(tmp_path: Path, settings: Settings,
                                                centcom: list[str]) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page(centcom, HEAD), encoding="utf-8")
    [doc] = iter_documents([path], settings=settings)
    assert isinstance(doc, Document)
    lines = doc.body.split("\n")
    assert lines[-len(centcom):] == centcom
    assert "Privacy" not in doc.body and "About" not in doc.body
    assert (doc.published, doc.outlet, doc.url, doc.title, doc.language, doc.input_format) == (
        "2015-01-03", "U.S. Central Command", "https://example.org/releases/1", "Strike update", "en", "html")
    assert doc.raw == path.read_text(encoding="utf-8")


def test_ingest_html_sniffed_from_content(tmp_path: Path, settings: Settings, centcom: list[str]) -> None:
    path = tmp_path / "saved_page"  # no extension
    path.write_text(_page(centcom), encoding="utf-8")
    [doc] = iter_documents([path], settings=settings)
    assert isinstance(doc, Document) and doc.input_format == "html"
    assert sniff_format("\ufeff  <!-- saved --><HTML><body>x</body></HTML>") == "html"


def test_ingest_html_keeps_an_embedded_post_for_the_cleaner(centcom: list[str]) -> None:
    embed = ("<blockquote class='twitter-tweet'><p lang='en'>" + centcom[4] +
             " <a href='https://t.co/abc'>pic.twitter.com/abc</a></p>&mdash; CENTCOM (@CENTCOM) "
             "<a href='https://twitter.com/CENTCOM/status/1'>April 22, 2016</a></blockquote>")
    found = extract_html(_page(centcom[:3], extra_body=embed), where="page")
    assert (found["text"] or "").split("\n")[-2:] == [f"{centcom[4]} pic.twitter.com/abc",
                                                      "— CENTCOM (@CENTCOM) April 22, 2016"]


def test_ingest_html_date_is_never_guessed_from_running_text(centcom: list[str]) -> None:
    found = extract_html(_page([*centcom, "Published on 3 January 2015."]), where="page")
    assert found["published"] is None


def test_ingest_html_page_without_body_text_is_empty() -> None:
    with pytest.raises(EmptyInputError, match="no article text"):
        extract_html("<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>",
                     where="page.html")
    with pytest.raises(EmptyInputError):
        extract_html("", where="page.html")


def test_ingest_html_deeply_nested_does_not_crash(centcom: list[str]) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in centcom)
    for depth in (300, 5_000):
        page = "<html><body>" + "<div>" * depth + paragraphs + "</div>" * depth + "</body></html>"
        try:
            found = extract_html(page, where="deep.html")
        except (MalformedInputError, EmptyInputError) as exc:
            assert "deep.html" in str(exc)
        else:
            assert centcom[0] in (found["text"] or "")


def test_ingest_html_truncated_page_keeps_what_is_there(centcom: list[str]) -> None:
    page = _page(centcom)
    cut = page[:page.index(centcom[3]) + 12]
    found = extract_html(cut, where="cut.html")
    assert (found["text"] or "").split("\n")[-4:-1] == centcom[:3]


def test_ingest_html_declared_charset_is_honoured(tmp_path: Path, settings: Settings) -> None:
    line = "Near Mar’a, one strike destroyed three ISIL fighting positions."
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'></head>"
            f"<body><article><p>{line}</p><p>{line}</p></article></body></html>")
    path = tmp_path / "cp1252.html"
    path.write_bytes(page.encode("cp1252"))
    [doc] = iter_documents([path], settings=settings)
    assert isinstance(doc, Document) and line in doc.body


def test_ingest_html_no_body_in_a_batch_is_a_failure(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty.htm").write_text("<html><body><script>x()</script></body></html>")
    [failure] = iter_documents([tmp_path], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E201" and "empty.htm" in failure.reason


def test_ingest_html_fragment_to_text_makes_one_line_per_block() -> None:
    fragment = ("<p>Near Mosul, two&nbsp;airstrikes <b>destroyed</b>\n an ISIL vehicle.</p>"
                "<ul><li>one</li><li>two</li></ul><script>var x;</script>tail &amp; end")
    assert fragment_to_text(fragment) == ("Near Mosul, two airstrikes destroyed an ISIL vehicle.\none\ntwo\n"
                                          "tail & end")
    assert fragment_to_text("no markup at all") == "no markup at all"
