"""RSS 2.0, Atom and RSS 1.0 feeds built from public-domain CENTCOM lines: one article per item."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from eventledger.model import Document, Failure
from eventledger.settings import Settings
from eventledger.stages.ingest import iter_documents, sniff_format

OUTLET = "U.S. Central Command"


def rss2(lines: list[str]) -> str:
    """An RSS 2.0 feed, one item per line, the text as escaped HTML in <description>."""
    items = "".join(
        f"<item><title>Strike report {n}</title><link>https://example.org/r/{n}</link>"
        f"<guid isPermaLink='false'>centcom-{n}</guid><pubDate>Fri, 19 Dec 2014 23:30:00 -0500</pubDate>"
        f"<description>{escape(f'<p>{line}</p><p>{line}</p>')}</description></item>"
        for n, line in enumerate(lines, start=1))
    return (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>{OUTLET}</title>"
            f"<link>https://example.org/</link><language>en-us</language>{items}</channel></rss>")


def atom(lines: list[str]) -> str:
    """An Atom feed, one entry per line, the text as HTML <content>."""
    entries = "".join(
        f"<entry><title>Strike report {n}</title><id>urn:centcom:{n}</id>"
        f"<link href='https://example.org/a/{n}'/><updated>2015-01-04T02:00:00Z</updated>"
        f"<published>2015-01-03T23:00:00+03:00</published>"
        f"<content type='html'>{escape(f'<p>{line}</p>')}</content></entry>"
        for n, line in enumerate(lines, start=1))
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>{OUTLET}</title><id>urn:centcom</id><updated>2015-01-04T02:00:00Z</updated>{entries}</feed>")


def rss1(lines: list[str]) -> str:
    """An RSS 1.0 (RDF) feed with plain-text descriptions and Dublin Core dates."""
    items = "".join(
        f"<item rdf:about='https://example.org/d/{n}'><title>Strike report {n}</title>"
        f"<link>https://example.org/d/{n}</link><description>{escape(line)}</description>"
        f"<dc:date>2016-04-22</dc:date></item>" for n, line in enumerate(lines, start=1))
    return ("<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
            "xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
            f"<channel rdf:about='https://example.org/'><title>{OUTLET}</title><link>https://example.org/</link>"
            f"<description>Releases</description></channel>{items}</rdf:RDF>")


def test_ingest_feeds_rss2_items_become_documents(tmp_path: Path, settings: Settings,
                                                  centcom: list[str]) -> None:
    path = tmp_path / "releases.rss"
    path.write_text(rss2(centcom[:3]), encoding="utf-8")
    docs = list(iter_documents([path], settings=settings))
    assert all(isinstance(d, Document) for d in docs) and len(docs) == 3
    first = docs[0]
    assert isinstance(first, Document)
    assert first.body == f"{centcom[0]}\n{centcom[0]}"
    # The day as the feed wrote it (local time), not shifted to UTC (which would be 20 December).
    assert (first.source_id, first.url, first.title, first.outlet, first.published, first.input_format,
            first.language) == ("centcom-1", "https://example.org/r/1", "Strike report 1", OUTLET,
                                "2014-12-19", "feed", "en")
    assert "<p>" in first.raw
    assert first.warnings == []


def test_ingest_feeds_atom_entries_become_documents(tmp_path: Path, settings: Settings,
                                                    centcom: list[str]) -> None:
    path = tmp_path / "releases.atom"
    path.write_text(atom(centcom[:2]), encoding="utf-8")
    docs = list(iter_documents([path], settings=settings))
    assert [d.body for d in docs] == centcom[:2]  # type: ignore[union-attr]
    assert [d.source_id for d in docs] == ["urn:centcom:1", "urn:centcom:2"]  # type: ignore[union-attr]
    assert {d.published for d in docs} == {"2015-01-03"}  # type: ignore[union-attr]


def test_ingest_feeds_rss1_items_become_documents(tmp_path: Path, settings: Settings,
                                                  centcom: list[str]) -> None:
    path = tmp_path / "releases.xml"
    path.write_text(rss1(centcom[3:5]), encoding="utf-8")
    docs = list(iter_documents([path], settings=settings))
    assert [d.body for d in docs] == centcom[3:5]  # type: ignore[union-attr]
    assert [d.source_id for d in docs] == ["https://example.org/d/1",  # type: ignore[union-attr]
                                           "https://example.org/d/2"]
    assert {d.published for d in docs} == {"2016-04-22"}  # type: ignore[union-attr]


@pytest.mark.parametrize("build", [rss2, atom, rss1])
def test_ingest_feeds_sniffed_from_content(tmp_path: Path, settings: Settings, centcom: list[str],
                                           build: object) -> None:
    text = build(centcom[:1])  # type: ignore[operator]
    assert sniff_format(text) == "feed"
    path = tmp_path / "download.txt"
    path.write_text(text, encoding="utf-8")
    [doc] = iter_documents([path], settings=settings)
    assert isinstance(doc, Document) and doc.input_format == "feed"


def test_ingest_feeds_item_without_text_fails_alone(tmp_path: Path, settings: Settings,
                                                    centcom: list[str]) -> None:
    feed = rss2(centcom[:2]).replace("</channel>", "<item><title>No body</title></item></channel>")
    path = tmp_path / "feed.rss"
    path.write_text(feed, encoding="utf-8")
    results = list(iter_documents([path], settings=settings))
    assert [type(r).__name__ for r in results] == ["Document", "Document", "Failure"]
    failure = results[2]
    assert isinstance(failure, Failure)
    assert failure.source == f"{path}#item 3" and failure.code == "E201"


def test_ingest_feeds_item_without_id_or_link_is_named_by_position(tmp_path: Path, settings: Settings,
                                                                   centcom: list[str]) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(f"<rss version='2.0'><channel><title>{OUTLET}</title><item>"
                    f"<description>{centcom[0]}</description></item></channel></rss>")
    [doc] = iter_documents([path], settings=settings)
    assert isinstance(doc, Document) and doc.source_id == f"{path}#item 1"


def test_ingest_feeds_garbage_is_malformed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<rss><channel><item><title>cut off here")
    [failure] = iter_documents([path], settings=settings)
    assert isinstance(failure, Failure) and failure.code in ("E205", "E201")
    (tmp_path / "broken.xml").write_text("{ not xml at all")
    [failure] = iter_documents([path], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E205" and "broken.xml" in failure.reason


def test_ingest_feeds_valid_feed_without_items_is_empty(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "none.rss"
    path.write_text(rss2([]))
    [failure] = iter_documents([path], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E201" and "no items" in failure.reason
