"""The inbox in Chromium: two people chat anonymously from a post. The author sees the opener only
under a per-post pseudonym, the opener sees "the author"; neither screen holds the other's number
or account id. #/notifications still works and now shows the inbox."""

from __future__ import annotations

import re

from tests.browser.conftest import vcard

ME = """async () => {
  const token = JSON.parse(localStorage.getItem('sg.session')).token;
  return (await (await fetch('/v1/me', {headers: {Authorization: 'Bearer ' + token}})).json()).id;
}"""


def friends(people, a: str, b: str):
    """Two people whose address books hold each other (a circle opens with one friend here)."""
    first, second = people(a), people(b)
    first.sign_in()
    first.import_contacts(vcard(b))
    second.sign_in()
    second.import_contacts(vcard(a))
    return first, second


def traces(person) -> list[str]:
    """What would reveal this person: the number's digits (any grouping) and the account id."""
    digits = re.sub(r"\D", "", person.number)
    return [digits, digits[1:], digits[-7:], person.page.evaluate(ME)]


def screen_text(person) -> str:
    return re.sub(r"\D", "", person.page.locator("body").inner_text()) + person.page.locator("body").inner_text()


def test_two_people_chat_anonymously_from_a_post(people):
    alice, bob = friends(people, "+14155550301", "+14155550302")
    alice_traces, bob_traces = traces(alice), traces(bob)
    alice.post("Thinking of moving abroad next spring, any advice?")

    # Bob opens a chat from the post screen and sends the one message allowed before an answer.
    page = bob.page
    page.goto(bob.base + "/#/feed")
    page.locator("sg-post-card", has_text="moving abroad").locator("a.open").click()
    page.get_by_role("button", name="Chat with the author").click()
    page.wait_for_url(re.compile(r"#/chat/"))
    page.get_by_role("heading", name="Chat with the author").wait_for()
    page.fill("#chat-input", "I moved last year, happy to share how it went")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_test_id("message-text").filter(has_text="happy to share").wait_for()
    page.locator("#chat-input").wait_for(state="detached")  # one message until the author accepts
    assert "not answered yet" in page.get_by_test_id("chat-status").text_content()

    # Alice finds the request in her inbox, under a pseudonym, and accepts it.
    alice.page.goto(alice.base + "/#/inbox")
    request = alice.page.get_by_test_id("chat-item").filter(has_text="wants to chat about your post")
    request.wait_for()
    pseudonym = request.text_content().split(" wants to chat")[0]
    assert pseudonym and "the author" not in pseudonym
    request.get_by_role("link").click()
    alice.page.get_by_role("heading", name=f"Chat with {pseudonym}").wait_for()
    alice.page.get_by_role("button", name="Accept").click()
    alice.page.fill("#chat-input", "Thank you! Was the paperwork hard?")
    alice.page.get_by_role("button", name="Send", exact=True).click()
    alice.page.get_by_test_id("message-text").filter(has_text="paperwork").wait_for()
    assert (
        alice.page.get_by_test_id("message").filter(has_text="happy to share").locator(".who").text_content()
        == pseudonym
    )
    alice.screenshot("chat-author")

    # Bob's screen picks the answer up by itself, from "the author".
    answer = page.get_by_test_id("message").filter(has_text="paperwork")
    answer.wait_for(timeout=20_000)
    assert answer.locator(".who").text_content() == "the author"
    bob.screenshot("chat-opener")

    # Neither side's screens ever showed the other's number or account id.
    for person, other in ((alice, bob_traces), (bob, alice_traces)):
        chat_route = person.page.url.split("#")[1]
        for route in ("/inbox", chat_route):
            person.page.goto(f"{person.base}/#{route}")
            person.page.locator("main h2").first.wait_for()
            person.page.get_by_test_id("chat-item").or_(person.page.get_by_test_id("message")).first.wait_for()
            shown = screen_text(person)
            assert not [trace for trace in other if trace in shown], f"{person.number}'s screen reveals the other side"

    # Bob reports the answer; Alice blocks him; the chat has ended on Bob's side, with no way to write.
    answer = page.get_by_test_id("message").filter(has_text="paperwork")
    answer.get_by_text("Report this message").click()
    answer.get_by_role("button", name="Send the report").click()
    answer.get_by_role("status").filter(has_text="Reported").wait_for()
    alice.page.get_by_role("button", name="Block", exact=True).click()
    alice.page.get_by_role("button", name="Block for good").click()
    alice.page.wait_for_url(re.compile(r"#/inbox"))
    page.reload()
    page.get_by_test_id("chat-status").filter(has_text="ended").wait_for()
    assert page.locator("#chat-input").count() == 0


def test_notifications_is_now_the_inbox_and_a_chat_request_is_announced(people):
    carol, dan = friends(people, "+14155550311", "+14155550312")
    carol.post("Does anyone else talk to their plants?")
    page = dan.page
    page.goto(dan.base + "/#/feed")
    page.locator("sg-post-card", has_text="plants").locator("a.open").click()
    page.get_by_role("button", name="Chat with the author").click()
    page.wait_for_url(re.compile(r"#/chat/"))
    chat_id = page.url.split("#/chat/")[1]

    # The old address shows the inbox; the notification (a job) links to the chat itself.
    notice = carol.page.get_by_test_id("notification").filter(has_text="Someone wants to chat")
    for _ in range(20):
        carol.page.goto(carol.base + "/#/feed")
        carol.page.goto(carol.base + "/#/notifications")
        carol.page.get_by_role("heading", name="Notifications").wait_for()
        carol.page.get_by_role("heading", name="Chats").wait_for()
        if notice.count():
            break
        carol.page.wait_for_timeout(500)
    carol.page.get_by_test_id("chat-item").first.wait_for()  # the chat list loads after the headings
    assert carol.page.get_by_test_id("chat-item").count() == 1
    assert carol.page.locator("#tabs a[aria-current=page]").text_content() == "Inbox"
    assert notice.get_by_role("link").get_attribute("href") == f"#/chat/{chat_id}"
    carol.screenshot("inbox")
    notice.get_by_role("link").click()
    carol.page.get_by_role("button", name="Decline").click()
    carol.page.get_by_test_id("chat-status").filter(has_text="You declined").wait_for()
    assert carol.page.locator("#tabs a[aria-current=page]").text_content() == "Inbox"
