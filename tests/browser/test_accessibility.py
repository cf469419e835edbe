"""axe-core (the copy bundled by axe-playwright-python) on every screen the client has:
no serious or critical violation (contrast, labels, names, ARIA)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import vcard

SEVERE = {"serious", "critical"}


def severe_violations(page) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page, options={"resultTypes": ["violations"], "runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


def test_no_serious_accessibility_violation_on_any_screen(people):
    kim, lee = people("+14155550201"), people("+14155550202")
    found: dict[str, list[str]] = {}
    page = kim.page
    page.goto(kim.base + "/")
    page.locator("#phone").wait_for()
    found["signin"] = severe_violations(page)
    kim.sign_in()
    kim.import_contacts(vcard("+1 415 555 0202"))
    found["contacts"] = severe_violations(page)
    lee.sign_in()
    lee.import_contacts(vcard("+1 415 555 0201"))
    lee.post("The library's new reading room is lovely")

    page.goto(kim.base + "/#/feed")
    card = page.locator("sg-post-card", has_text="reading room")
    card.wait_for()
    found["feed"] = severe_violations(page)
    card.get_by_role("button", name="Heart").click()
    card.locator("a.open").click()
    page.fill("#comment-text", "It really is")
    page.get_by_role("button", name="Comment").click()
    page.get_by_test_id("comment-text").wait_for()
    found["post"] = severe_violations(page)

    page.goto(kim.base + "/#/compose")
    page.fill("#post-text", "Kevin Durand you are a pathetic idiot")
    page.locator("form button[type=submit]").click()
    page.get_by_test_id("rethink").wait_for()
    found["compose-rethink"] = severe_violations(page)

    page.goto(kim.base + "/#/notifications")
    page.get_by_role("heading", name="Notifications").wait_for()
    found["notifications"] = severe_violations(page)
    page.goto(kim.base + "/#/me")
    page.get_by_role("button", name=re.compile("Delete my account")).wait_for()
    found["me"] = severe_violations(page)

    assert {screen: v for screen, v in found.items() if v} == {}


def test_no_serious_accessibility_violation_on_inbox_chat_settings_and_moderation(people, ctx):
    from secret_graph.identity import services as identity
    from tests.browser.test_inbox import ME, friends

    nia, oli = friends(people, "+14155550221", "+14155550222")
    nia.post("Who else is learning the cello as an adult?")
    page = oli.page
    page.goto(oli.base + "/#/feed")
    page.locator("sg-post-card", has_text="cello").locator("a.open").click()
    page.get_by_role("button", name="Chat with the author").click()
    page.fill("#chat-input", "Me! Two years in")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_test_id("message-text").wait_for()
    found: dict[str, list[str]] = {"chat-opener": severe_violations(page)}

    nia.page.goto(nia.base + "/#/inbox")
    nia.page.get_by_test_id("chat-item").wait_for()
    found["inbox"] = severe_violations(nia.page)
    nia.page.get_by_test_id("chat-item").get_by_role("link").click()
    nia.page.get_by_role("button", name="Accept").wait_for()
    found["chat-author"] = severe_violations(nia.page)

    page.goto(oli.base + "/#/settings")
    page.get_by_test_id("sessions").wait_for()
    page.get_by_role("button", name="Unlink my past posts").click()
    found["settings"] = severe_violations(page)

    identity.set_moderator(ctx=ctx, account_id=page.evaluate(ME), is_moderator=True)
    for view in ("queue", "chats", "audit"):
        page.goto(f"{oli.base}/#/moderation/{view}")
        page.get_by_role("tab", selected=True).wait_for()
        page.locator("main p, main article, main ul").first.wait_for()
        found[f"moderation-{view}"] = severe_violations(page)

    assert {screen: v for screen, v in found.items() if v} == {}
