"""Boilerplate lines go to ``removed`` with a reason; sentences of news never do."""

from __future__ import annotations

import pytest

from eventledger.errors import EmptyInputError
from eventledger.model import Document
from eventledger.settings import Settings
from eventledger.stages.clean import boilerplate_reason, clean_document, clean_text

REMOVED = [
    ("Above photo: Twitter/X.", "photo credit"),
    ("Photo: Reuters", "photo credit"),
    ("Image credit: AFP", "photo credit"),
    ("Caption: A damaged vehicle.", "photo credit"),
    ("(Photo by AHMAD AL-RUBAYE / AFP)", "photo credit"),
    ("Photo courtesy of the ministry", "photo credit"),
    ("Getty Images", "photo credit"),
    ("AFP via Getty Images", "photo credit"),
    ("(AP Photo/Hadi Mizban)", "photo credit"),
    ("Smoke rises over the city on Monday. (Photo by Mahmud Hams / AFP via Getty Images)", "photo caption"),
    ("Smoke rises over the city on Monday. (Mahmud Hams / AFP)", "photo caption"),
    ("Share this article", "share prompt"),
    ("Share", "share prompt"),
    ("Click to share on WhatsApp (Opens in new window)", "share prompt"),
    ("Facebook Twitter WhatsApp Email", "share prompt"),
    ("Follow us on Twitter", "follow prompt"),
    ("Follow The Outlet on Telegram for the latest updates.", "follow prompt"),
    ("Join our Telegram channel", "follow prompt"),
    ("Sign up for our daily newsletter", "subscribe prompt"),
    ("Subscribe to our newsletter to get the latest news.", "subscribe prompt"),
    ("Subscribe", "subscribe prompt"),
    ("Read more: US strikes targets in Iraq", "related link"),
    ("READ MORE", "related link"),
    ("Related:", "related link"),
    ("Related articles", "related link"),
    ("Read also - Iraq condemns strike", "related link"),
    ("We use cookies to improve your experience. By continuing to browse the site you agree.",
     "cookie notice"),
    ("By John Smith", "byline"),
    ("By John Smith and Jane Doe, Reuters", "byline"),
    ("BY JANE DOE", "byline"),
    ("Reporting by Timour Azhari; Editing by Sharon Singleton", "byline"),
    ("© 2024 The Outlet. All rights reserved.", "copyright"),
    ("Copyright 2024 Associated Press.", "copyright"),
    ("Advertisement", "page chrome"),
    ("Story continues below advertisement", "page chrome"),
    ("Download PDF", "page chrome"),
    ("For Immediate Release", "page chrome"),
    ("Tags: Iraq, US, drone", "tag list"),
]

KEPT = [
    "Photographs showed the damage, witnesses said.",
    "Photos from the scene showed bodies in the street.",
    "Photo by photo, the archive documents the war.",
    "By Monday, troops had withdrawn from the town.",
    "By late afternoon the fighting had stopped.",
    "Related fighting in the north killed five people.",
    "Read the full statement on the ministry website, he said.",
    "Copyright lawsuits against the agency have multiplied.",
    "Getty Images said it had withdrawn the photograph.",
    "Share prices fell sharply after the attack.",
    "Follow-up strikes hit the same area on Tuesday.",
    "The group said on Telegram that it would continue its operations.",
    "Subscribers to the channel received the message on Tuesday.",
    "Image of the burned car circulated widely on social media.",
    "Source: the provincial health directorate",
    "KABUL, Afghanistan (Jan. 25, 2013)",
    "Near Mosul, two airstrikes destroyed an ISIL vehicle and damaged an ISIL bridge.",
    "Near Mar’a, one strike destroyed three ISIL fighting positions.",
]


@pytest.mark.parametrize(("line", "reason"), REMOVED)
def test_clean_boilerplate_lines_are_recognised(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", KEPT)
def test_clean_boilerplate_sentences_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_clean_boilerplate_long_paragraph_with_a_keyword_is_kept(centcom: list[str]) -> None:
    paragraph = "Read more: " + " ".join(centcom)  # far longer than any related-link line
    assert boilerplate_reason(paragraph) is None


def test_clean_boilerplate_removed_lines_are_kept_whole_in_order(centcom: list[str]) -> None:
    body = "\n".join(["By John Smith", centcom[0], "Share this article", "", "", centcom[1],
                      "Photo: Reuters  ", "Advertisement"])
    result = clean_text(body)
    assert result.text == f"{centcom[0]}\n\n{centcom[1]}"
    assert [(r.text, r.reason) for r in result.removed] == [
        ("By John Smith", "byline"), ("Share this article", "share prompt"),
        ("Photo: Reuters", "photo credit"), ("Advertisement", "page chrome")]


def test_clean_boilerplate_only_is_an_empty_article(settings: Settings) -> None:
    body = "Share this article\nAdvertisement\nFollow us on Twitter\n"
    doc = Document(doc_id="sha256:x", source_id="chrome.txt", raw=body, body=body)
    with pytest.raises(EmptyInputError, match="chrome.txt") as info:
        clean_document(doc, settings)
    assert "3 boilerplate lines" in str(info.value)
    assert not doc.is_clean
