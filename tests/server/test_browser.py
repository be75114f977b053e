"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a live uvicorn.

Loads the dashboard, filters it, opens an event, opens its document view and checks the
highlighted span; then checks that the hostile article renders inert everywhere (no script ran,
no javascript: link, no element made from article markup). A screenshot of each page is taken;
set EVENTLEDGER_SCREENSHOTS=docs/screenshots (``make screenshots``) to keep them, otherwise they
go to the test's temporary folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
from server_helpers import HOSTILE, LiveServer, hostile_records

CHROMIUM = Path("/usr/bin/chromium")
#: Chromium without a sandbox (containers), GPU, or any background traffic to the internet.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 860}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                reason="needs /usr/bin/chromium (make test installs Debian's chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test on any script error, CSP violation or dialog."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

    def console(message: ConsoleMessage) -> None:
        # An API answer of 4xx is logged by Chromium too; pages show those to the user on purpose.
        if message.type == "error" and not message.text.startswith(
                "Failed to load resource: the server responded with a status of 4"):
            problems.append(f"console error: {message.text}")

    opened.on("console", console)
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield opened
    context.close()
    assert not problems, problems


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kept = os.environ.get("EVENTLEDGER_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 10_000


def row_count(page: Page) -> int:
    return page.locator("#events tbody tr").count()


def test_browser_dashboard_shows_map_timeline_and_table(page: Page, live_server: LiveServer, sqlite_client: Any,
                                                        shots: Path) -> None:
    total = sqlite_client.get("/api/events").json()["total"]
    page.goto(live_server.url + "/")
    expect(page.locator("#events tbody tr").first).to_be_visible()
    assert row_count(page) == min(total, 50)
    expect(page.locator("#count")).to_have_text(f"{total:,} matching")
    assert page.locator("svg#map path.country").count() > 150
    assert page.locator("svg#map circle.point").count() >= 2
    assert page.locator("svg#timeline rect.bar").count() >= 2
    assert page.locator("#legend li").count() >= 1
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 1180})  # map, timeline and table
    screenshot(page, shots, "dashboard")


def test_browser_filtering_updates_table_and_url(page: Page, live_server: LiveServer, sqlite_client: Any) -> None:
    hostile_event = hostile_records(sqlite_client)[1]
    country = hostile_event["location"]["country"]
    expected = sqlite_client.get("/api/events", params={"country": country}).json()["total"]
    page.goto(live_server.url + "/")
    expect(page.locator("#events tbody tr").first).to_be_visible()
    page.fill("input[name=country]", country.lower())
    page.click("#filters button[type=submit]")
    expect(page.locator("#count")).to_have_text(f"{expected:,} matching")
    assert f"country={country}" in page.url
    assert row_count(page) == expected
    assert page.locator("svg#map circle.point").count() >= 1
    # The filter survives a reload: it lives in the page's URL.
    page.reload()
    expect(page.locator("#count")).to_have_text(f"{expected:,} matching")
    expect(page.locator("input[name=country]")).to_have_value(country)


def test_browser_bad_filter_shows_the_api_message(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?bbox=10,0,5,1")
    expect(page.locator("#status")).to_have_class(re.compile("error"))
    expect(page.locator("#status")).to_contain_text("west")
    assert row_count(page) == 0


def test_browser_event_page_and_document_view_highlight_the_span(page: Page, live_server: LiveServer,
                                                                 sqlite_client: Any, shots: Path) -> None:
    page.goto(live_server.url + "/")
    first = page.locator("#events tbody tr").first
    event_id = first.get_attribute("data-event-id")
    assert event_id
    event = sqlite_client.get(f"/api/events/{event_id}").json()
    first.locator("td.summary a").click()
    expect(page.locator("h1.summary")).to_have_text(event["summary"])
    assert page.url.endswith(f"/events/{event_id}")
    if event["sub_event_type"]:
        expect(page.locator("table.facts").first).to_contain_text(event["sub_event_type"])
    if event["cameo"]:
        expect(page.locator("table.facts").first).to_contain_text(event["cameo"])
    for actor in event["actors"]:
        expect(page.locator("table.actors")).to_contain_text(actor["name"])
    assert page.locator("ol.sources li.source").count() == len(event["sources"])
    screenshot(page, shots, "event")

    page.locator("a.open-document").first.click()
    expect(page.locator("#doc-text")).to_be_visible()
    document = sqlite_client.get(f"/api/documents/{event['doc_id']}").json()
    source = event["sources"][0]
    expect(page.locator("#doc-text")).to_have_text(document["text"])
    # Opened from the source: the sentence is the highlighted span.
    marked = "".join(page.locator("#doc-text .seg.active").all_text_contents())
    assert marked == document["text"][source["span"][0]:source["span"][1]] == source["sentence"]
    # Click another field: its span, and only its span, is highlighted.
    field = f"{event_id}:location" if event["location"].get("span") else f"{event_id}:trigger"
    value = event["location"] if field.endswith("location") else event["trigger"]
    page.locator(f'button.field[data-field="{field}"]').click()
    start, end = value["span"]
    expect(page.locator("#selection")).to_have_attribute("data-start", str(start))
    marked = "".join(page.locator("#doc-text .seg.active").all_text_contents())
    assert marked == document["text"][start:end] == value["text"]
    screenshot(page, shots, "document")


def test_browser_hostile_article_renders_inert(page: Page, live_server: LiveServer, sqlite_client: Any,
                                               shots: Path) -> None:
    hostile_doc, hostile_event = hostile_records(sqlite_client)

    def assert_inert() -> None:
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert page.locator("main img, main b, main script, main a[onclick]").count() == 0
        # The only scripts are the page's own module and its imports (all from /static).
        sources = page.evaluate("() => [...document.scripts].map((s) => s.getAttribute('src'))")
        assert sources and all(s and s.startswith("/static/") for s in sources)

    page.goto(f"{live_server.url}/events/{hostile_event['event_id']}")
    expect(page.locator("h1.summary")).to_have_text(hostile_event["summary"])
    expect(page.locator(".source-meta").first).to_contain_text(HOSTILE["outlet"])
    expect(page.locator(".unsafe-url").first).to_have_text(HOSTILE["url"])
    expect(page.locator("strong.range[data-range=fatalities]")).to_have_text("12")
    assert_inert()

    page.goto(f"{live_server.url}/documents/{hostile_doc['doc_id']}")
    expect(page.locator("#doc-text")).to_have_text(hostile_doc["text"])
    expect(page.locator("h1")).to_have_text(HOSTILE["title"])
    assert_inert()
    # Spans count code points: with an emoji before it, the place still lands on its own word.
    field = f"{hostile_event['event_id']}:location"
    page.locator(f'button.field[data-field="{field}"]').click()
    marked = "".join(page.locator("#doc-text .seg.active").all_text_contents())
    assert marked == hostile_event["location"]["text"]
    assert_inert()
    screenshot(page, shots, "hostile-document")
