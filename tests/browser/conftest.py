"""Browser tests: the web client (web/) in Debian's Chromium, driven by Playwright for Python,
against a real `secret-graph serve` (tests/live_server.py) with the development SMS backend.

Playwright never downloads its own browser here: it drives /usr/bin/chromium (apt-get install
chromium; .ci/run does). Without it, or without the playwright package, these tests skip.
Phone-sized screenshots go to var/screenshots/ (gitignored)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from secret_graph.config import PROJECT_ROOT, Settings
from tests import live_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
# The machine's network is closed: without these, Chromium tries Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


# Package scope: the browser and the server close when tests/browser is done, not at the end of the suite.
@pytest.fixture(scope="package")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def live(settings: Settings) -> Iterator[str]:
    """The server, with a circle that opens with one friend (two people can try the social feed)."""
    with live_server.serve(
        settings,
        SECRET_GRAPH_MIN_FRIENDS="1",
        SECRET_GRAPH_FRIEND_MIN_AGE_S="0",
        SECRET_GRAPH_FRIEND_MIN_OUTSIDE="0",
        SECRET_GRAPH_NEW_ACCOUNT_DAYS="0",
        SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR="1000",
        # Rate limits stay on (a 429 is part of the client's job), but every test signs in from 127.0.0.1.
        SECRET_GRAPH_RATE_LIMIT_RULES="codes=1000/hour;sessions=1000/hour",
        SECRET_GRAPH_FLAG_THRESHOLD="1",
        # live_server reads the server's stderr only when it exits: at INFO, a browser's requests
        # fill the pipe (64 KB) within a dozen tests and the server blocks writing its log.
        SECRET_GRAPH_LOG_LEVEL="WARNING",  # one flag hides a post pending review (the default is 3 people)
    ) as base:
        yield base


class Person:
    """One phone in one browser context: its page, every request it made, its console errors."""

    def __init__(self, browser, base: str, number: str, locale: str = "en-US") -> None:
        self.context = browser.new_context(viewport=PHONE, locale=locale, device_scale_factor=1)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.number = number
        self.requests: list = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def sign_in(self) -> None:
        page = self.page
        page.goto(self.base + "/")
        page.fill("#phone", self.number)
        page.get_by_role("button", name=re.compile("code|Send", re.I)).click()
        notice = page.get_by_test_id("dev-code").text_content()
        page.fill("#code", re.search(r"\d{6}", notice).group(0))
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"#/(contacts|feed)"))
        page.locator("#tabs").wait_for(state="visible")

    def import_contacts(self, vcard: str, region: str = "US") -> str:
        page = self.page
        page.goto(self.base + "/#/contacts")
        page.set_input_files(
            "#contacts-file", files=[{"name": "book.vcf", "mimeType": "text/vcard", "buffer": vcard.encode()}]
        )
        page.select_option("#region", region)
        page.get_by_role("button", name=re.compile("Import", re.I)).click()
        result = page.get_by_test_id("contacts-result")
        result.filter(has_text=re.compile("Sent|envoy")).wait_for()
        return result.text_content()

    def post(self, text: str, audience: str = "circle", background: bool = False) -> None:
        page = self.page
        page.goto(self.base + "/#/compose")
        page.fill("#post-text", text)
        page.select_option("#audience", audience)
        if background:  # the first suggestion
            page.get_by_role("button", name="Suggest backgrounds").click()
            page.get_by_test_id("swatch").first.click()
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"#/post/"))

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def people(chromium, live, db):
    """People with phones in their own browser contexts; every test starts on an empty database."""
    made: list[Person] = []

    def make(number: str, **kw) -> Person:
        made.append(Person(chromium, live, number, **kw))
        return made[-1]

    yield make
    for person in made:
        person.close()
    errors = [e for person in made for e in person.errors if "status of 4" not in e]
    assert errors == [], f"the page logged errors (a CSP violation, a script error): {errors}"


def vcard(*numbers: str) -> str:
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone {i}\r\nTEL;TYPE=CELL:{n}\r\nEND:VCARD" for i, n in enumerate(numbers)
    ]
    return "\r\n".join(cards) + "\r\n"
