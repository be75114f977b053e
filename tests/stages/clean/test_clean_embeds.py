"""Embedded social-media posts are lifted out of the text into ``embeds``, article lines stay."""

from __future__ import annotations

from eventledger.stages.clean import clean_text, find_embeds


def test_clean_embeds_twitter_single_line(centcom: list[str]) -> None:
    body = "\n".join([centcom[0], f"{centcom[1]} pic.twitter.com/AbC123xyz",
                      "— U.S. Central Command (@CENTCOM) December 25, 2014", centcom[2]])
    result = clean_text(body)
    [embed] = result.embeds
    assert (embed.platform, embed.author, embed.handle, embed.date, embed.text, embed.url) == (
        "twitter", "U.S. Central Command", "@CENTCOM", "2014-12-25", centcom[1], "pic.twitter.com/AbC123xyz")
    assert result.text == f"{centcom[0]}\n{centcom[2]}"
    assert result.removed == []


def test_clean_embeds_multi_line_post_stops_at_the_article(centcom: list[str]) -> None:
    body = "\n".join([centcom[0], "The command said on X:", "🚨 UPDATE 🚨", f"{centcom[1]} #CENTCOM",
                      "https://t.co/AbCdEf123", "- CENTCOM (@CENTCOM) 25 Dec 2014", centcom[2]])
    result = clean_text(body)
    [embed] = result.embeds
    assert embed.text == f"🚨 UPDATE 🚨\n{centcom[1]} #CENTCOM"
    assert (embed.url, embed.date, embed.author) == ("https://t.co/AbCdEf123", "2014-12-25", "CENTCOM")
    # The line that introduces the post (it ends with a colon) and the article around it stay.
    assert result.text == f"{centcom[0]}\nThe command said on X:\n{centcom[2]}"


def test_clean_embeds_never_swallow_an_article_sentence(centcom: list[str]) -> None:
    body = "\n".join(centcom[:3] + [f"{centcom[3]} pic.twitter.com/q1w2e3",
                                    "— CENTCOM (@CENTCOM) May 3, 2015", centcom[4]])
    result = clean_text(body)
    assert [e.text for e in result.embeds] == [centcom[3]]
    assert result.text.split("\n") == [*centcom[:3], centcom[4]]


def test_clean_embeds_status_url_and_blank_lines(centcom: list[str]) -> None:
    attribution = "— CENTCOM (@CENTCOM) Dec. 25, 2014 https://twitter.com/CENTCOM/status/12345"
    body = "\n\n".join([centcom[0], centcom[1], "pic.twitter.com/abc123", attribution, centcom[2]])
    result = clean_text(body)
    [embed] = result.embeds
    # A post that is only a media link takes its text from the line above.
    assert (embed.text, embed.url) == (centcom[1], "https://twitter.com/CENTCOM/status/12345")
    assert result.text == f"{centcom[0]}\n\n{centcom[2]}"


def test_clean_embeds_handle_only_attribution(centcom: list[str]) -> None:
    body = f"{centcom[0]}\n— @CENTCOM December 25, 2014\n{centcom[1]}"
    [found] = find_embeds(body.split("\n"))
    assert (found.embed.handle, found.embed.author, found.embed.text, found.lines) == (
        "@CENTCOM", None, centcom[0], [0, 1])


def test_clean_embeds_instagram_post(centcom: list[str]) -> None:
    body = "\n".join([centcom[0], "View this post on Instagram", centcom[1],
                      "A post shared by CENTCOM (@centcom.official)", centcom[2]])
    result = clean_text(body)
    [embed] = result.embeds
    assert (embed.platform, embed.handle, embed.author, embed.text) == (
        "instagram", "@centcom.official", "CENTCOM", centcom[1])
    assert result.text == f"{centcom[0]}\n{centcom[2]}"


def test_clean_embeds_boilerplate_is_never_part_of_a_post(centcom: list[str]) -> None:
    body = "\n".join(["Share this article", f"{centcom[0]} pic.twitter.com/zz9",
                      "— CENTCOM (@CENTCOM) December 19, 2014"])
    result = clean_text(body)
    assert [e.text for e in result.embeds] == [centcom[0]]
    assert [r.text for r in result.removed] == ["Share this article"]


def test_clean_embeds_impossible_date_is_none(centcom: list[str]) -> None:
    [found] = find_embeds([centcom[0], "— CENTCOM (@CENTCOM) Smarch 45, 2014"])
    assert found.embed.date is None and found.embed.handle == "@CENTCOM"
