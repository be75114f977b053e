"""Whitespace and invisible characters are normalised; nothing else of the text changes."""

from __future__ import annotations

from eventledger.model import Document
from eventledger.settings import Settings
from eventledger.stages.clean import clean_document, clean_text, normalize_text


def test_clean_normalize_spaces_and_separators(centcom: list[str]) -> None:
    line = centcom[0].replace(" ", "\u00a0", 2)
    body = f"{line}   \u2028{centcom[1]}\u2029\u2029{centcom[2]}\r\n{centcom[3]}\r{centcom[4]}\t"
    assert normalize_text(body) == f"{centcom[0]}\n{centcom[1]}\n\n{centcom[2]}\n{centcom[3]}\n{centcom[4]}"


def test_clean_normalize_invisible_characters_are_dropped() -> None:
    body = "Near\u200b Mo\u00adsul\u200d, two\ufeff air\u2060strikes\x07 struck\u202a an\u202c ISIL\x00 unit."
    assert normalize_text(body) == "Near Mosul, two airstrikes struck an ISIL unit."


def test_clean_normalize_letters_quotes_and_dashes_are_kept() -> None:
    body = "Iraq’s “new aggression” — the PMU’s vehicle…\nŞanlıurfa, Mar’a, al-Hakim 85 – 17 ½"
    assert normalize_text(body) == body


def test_clean_normalize_blank_line_runs_collapse(centcom: list[str]) -> None:
    body = f"\n\n  \n{centcom[0]}\n\n\n \n{centcom[1]}\n\n"
    assert clean_text(body).text == f"{centcom[0]}\n\n{centcom[1]}"


def test_clean_normalize_freezes_the_text_once(settings: Settings, centcom: list[str]) -> None:
    body = "\u00a0" + "\n".join(centcom) + "\u00a0\n"
    doc = clean_document(Document(doc_id="sha256:x", source_id="a", raw=body, body=body), settings)
    assert doc.is_clean and doc.text == "\n".join(centcom)
    assert doc.body == body  # the body is left as ingest made it
