"""One batch of bad inputs beside a good one: each bad one is one Failure, the batch goes on."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from eventledger.model import Document, Failure
from eventledger.settings import Settings, load_settings
from eventledger.stages.ingest import iter_documents

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def _rss(items: str, entity: str = "&amp;") -> str:
    """A small RSS 2.0 feed around ``items``."""
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>CENTCOM {entity} partners</title><link>https://example.org/</link>{items}</channel></rss>")


@pytest.fixture
def batch(tmp_path: Path, centcom: list[str]) -> Path:
    """A folder with one good file and every kind of bad input."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_good.txt").write_text("\n".join(centcom[:3]), encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_blank.txt").write_text(" \n\t\n  \n")
    (folder / "d_image.txt").write_bytes(PNG_HEADER)
    # A CENTCOM line saved as Windows-1252: its curly apostrophe is byte 0x92, not UTF-8.
    (folder / "e_cp1252.txt").write_bytes("Near Mar’a, one strike destroyed three ISIL fighting positions."
                                          .encode("cp1252"))
    (folder / "f_utf16.txt").write_bytes(codecs.BOM_UTF16_LE + centcom[3].encode("utf-16-le"))
    (folder / "g_large.txt").write_text(" ".join(centcom) * 10, encoding="utf-8")
    (folder / "h_nobody.html").write_text(
        "<!DOCTYPE html><html><head><title>Home</title><script>var x = 1;</script></head>"
        "<body></body></html>")
    (folder / "i_garbage.rss").write_text("this is not <<< a feed &&& at all {")
    items = "".join(f"<item><title>Strike {n}</title><guid>centcom-{n}</guid>"
                    f"<description>{line}&nbsp;</description></item>" for n, line in enumerate(centcom[:2]))
    (folder / "j_entity.rss").write_text(_rss(items, entity="&nbsp;"))
    lines = [json.dumps({"id": "c1", "text": centcom[0], "published": "2014-12-19"}),
             '{"id": "broken", "text": ',
             json.dumps({"id": "c2", "text": centcom[1]})]
    (folder / "k_lines.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_ingest_bad_inputs_each_fail_alone(batch: Path, centcom: list[str]) -> None:
    settings = load_settings(overrides={"ingest.max_bytes": 1000}, environ={})
    results = list(iter_documents([batch], settings=settings))
    by_source = {r.source if isinstance(r, Failure) else r.source_id: r for r in results}
    failures = {Path(r.source).name: r for r in results if isinstance(r, Failure)}
    docs = [r for r in results if isinstance(r, Document)]

    expected = {"b_empty.txt": "E201", "c_blank.txt": "E201", "d_image.txt": "E202",
                "e_cp1252.txt": "E203", "g_large.txt": "E204", "h_nobody.html": "E201",
                "i_garbage.rss": "E205", "k_lines.jsonl:line 2": "E205"}
    assert {name: f.code for name, f in failures.items()} == expected
    for name, failure in failures.items():
        assert name in failure.reason, failure  # the reason names the input
        assert "\n" not in failure.reason
    assert "0x92 at offset 8" in failures["e_cp1252.txt"].reason  # where the bad byte is
    assert "1,000" in failures["g_large.txt"].reason
    assert "NUL" in failures["d_image.txt"].reason

    # The good file, the UTF-16 file, both feed items and the two good JSON Lines lines are read.
    assert by_source[str(batch / "a_good.txt")].body == "\n".join(centcom[:3])
    assert by_source[str(batch / "f_utf16.txt")].body == centcom[3]
    assert [d.source_id for d in docs if d.input_format == "feed"] == ["centcom-0", "centcom-1"]
    assert [d.source_id for d in docs if d.input_format == "jsonl"] == ["c1", "c2"]
    assert len(docs) == 6


def test_ingest_bad_inputs_broken_entity_feed_is_read_with_a_warning(batch: Path, settings: Settings,
                                                                    centcom: list[str]) -> None:
    docs = list(iter_documents([batch / "j_entity.rss"], settings=settings))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.body.strip() for d in docs] == centcom[:2]  # type: ignore[union-attr]
    assert all("not well-formed" in w for d in docs for w in d.warnings)  # type: ignore[union-attr]
    assert docs[0].outlet == "CENTCOM partners"  # type: ignore[union-attr]


def test_ingest_bad_inputs_size_is_checked_before_reading(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 5000)
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    settings = load_settings(overrides={"ingest.max_bytes": 1000}, environ={})
    monkeypatch.setattr(Path, "open", spy)
    [failure] = iter_documents([big], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E204"
    assert opened == []  # refused on its size alone


def test_ingest_bad_inputs_utf16_big_endian_and_utf8_bom_are_read(tmp_path: Path, settings: Settings,
                                                                  centcom: list[str]) -> None:
    (tmp_path / "be.txt").write_bytes(codecs.BOM_UTF16_BE + centcom[0].encode("utf-16-be"))
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + centcom[1].encode("utf-8"))
    docs = list(iter_documents([tmp_path], settings=settings))
    assert [d.body for d in docs] == centcom[:2]  # type: ignore[union-attr]


def test_ingest_bad_inputs_utf16_refused_when_not_allowed(tmp_path: Path, centcom: list[str]) -> None:
    (tmp_path / "le.txt").write_bytes(codecs.BOM_UTF16_LE + centcom[0].encode("utf-16-le"))
    settings = load_settings(overrides={"ingest.encodings": ["utf-8"]}, environ={})
    [failure] = iter_documents([tmp_path], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E203" and "utf-16" in failure.reason


def test_ingest_bad_inputs_control_characters_are_binary(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "ctl.txt").write_bytes(bytes(range(1, 9)) * 40)
    [failure] = iter_documents([tmp_path], settings=settings)
    assert isinstance(failure, Failure) and failure.code == "E202"
