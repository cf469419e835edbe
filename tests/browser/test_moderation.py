"""The moderation screen in Chromium: only a moderator sees its link; a moderator removes a
reported post from the queue, sees the decision in the audit and a reported chat message; the
screen never names a writer."""

from __future__ import annotations

import re

from secret_graph.identity import services as identity
from secret_graph.images import services as images
from secret_graph.posts import services as posts
from tests import imagefiles
from tests.browser.test_inbox import ME, friends, traces


def test_a_non_moderator_never_sees_the_moderation_link(people):
    ivy = people("+14155550501")
    ivy.sign_in()
    page = ivy.page
    with page.expect_response(lambda r: "/v1/moderation/queue" in r.url) as probe:
        page.goto(ivy.base + "/#/me")
    assert probe.value.status == 403
    page.get_by_role("link", name="Settings").wait_for()
    assert page.get_by_test_id("moderation-link").is_hidden()
    assert page.get_by_role("link", name="Moderation").count() == 0
    # Typing the address gives a plain answer, not a broken screen.
    page.goto(ivy.base + "/#/moderation")
    page.get_by_test_id("mod-forbidden").wait_for()


def test_a_moderator_removes_a_reported_post_from_the_queue(people, ctx):
    jay, kim = friends(people, "+14155550511", "+14155550512")
    jay.post("This is a perfectly ordinary post about the weather")
    kim_id = kim.page.evaluate(ME)
    writer = traces(jay)

    # Kim reports it (one report hides it here), and is then made a moderator.
    page = kim.page
    page.goto(kim.base + "/#/feed")
    page.locator("sg-post-card", has_text="ordinary post").locator("a.open").click()
    page.get_by_text("Report, hide or block").click()
    page.select_option("#flag-reason", "spam")
    page.get_by_role("button", name="Report it").click()
    page.wait_for_url(re.compile(r"#/feed"))
    identity.set_moderator(ctx=ctx, account_id=kim_id, is_moderator=True)

    page.goto(kim.base + "/#/me")
    page.get_by_test_id("moderation-link").click()
    item = page.get_by_test_id("queue-item").filter(has_text="ordinary post")
    item.wait_for()
    assert "Spam (1)" in item.text_content()
    shown = page.locator("body").inner_text()
    assert not [trace for trace in writer if trace in shown + re.sub(r"\D", "", shown)], "the queue names the writer"
    kim.screenshot("moderation")
    item.get_by_role("button", name="Remove").click()
    item.get_by_role("status").filter(has_text="Now removed").wait_for()

    page.get_by_role("tab", name="Audit").click()
    page.get_by_test_id("audit").filter(has_text="Remove (Post)").wait_for()
    page.get_by_role("tab", name="Queue").click()
    page.get_by_text("Nothing here.").wait_for()  # the queue is empty once decided

    # The writer's post is gone for good (removed, not pending).
    jay.page.goto(jay.base + "/#/feed")
    jay.page.get_by_text(re.compile("That's all for now|Nothing here yet")).wait_for()
    assert jay.page.locator("sg-post-card", has_text="ordinary post").count() == 0


def test_a_moderator_sees_a_reported_chat_message_without_its_sender(people, ctx):
    lou, max_ = friends(people, "+14155550521", "+14155550522")
    lou.post("Ask me anything about beekeeping")
    page = max_.page
    page.goto(max_.base + "/#/feed")
    page.locator("sg-post-card", has_text="beekeeping").locator("a.open").click()
    page.get_by_role("button", name="Chat with the author").click()
    page.fill("#chat-input", "Buy my honey at a discount, send me your card number")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_test_id("message-text").filter(has_text="honey").wait_for()

    lou.page.goto(lou.base + "/#/inbox")
    lou.page.get_by_test_id("chat-item").get_by_role("link").click()
    message = lou.page.get_by_test_id("message").filter(has_text="honey")
    message.get_by_text("Report this message").click()
    message.locator("select").select_option("spam")
    message.get_by_role("button", name="Send the report").click()
    message.get_by_role("status").filter(has_text="Reported").wait_for()

    identity.set_moderator(ctx=ctx, account_id=lou.page.evaluate(ME), is_moderator=True)
    lou.page.goto(lou.base + "/#/moderation/chats")
    flagged = lou.page.get_by_test_id("chat-flag").filter(has_text="honey")
    flagged.wait_for()
    assert "Spam" in flagged.text_content()
    assert not [trace for trace in traces(max_) if trace in flagged.text_content()]


def test_a_moderator_sees_a_reported_posts_picture(people, ctx):
    """A moderator judges what readers see: the reported post's picture is in the queue, loaded."""
    mia, ned = friends(people, "+14155550531", "+14155550532")
    mia_id, ned_id = mia.page.evaluate(ME), ned.page.evaluate(ME)
    image = images.upload(ctx=ctx, account_id=mia_id, data=imagefiles.jpeg(640, 480, seed=41), filename="a.jpg")
    post = posts.create(
        ctx=ctx, account_id=mia_id, text="A picture worth a second look", image_id=image["id"], audience="world"
    )
    posts.flag(ctx=ctx, viewer_id=ned_id, post_id=post["id"], reason="sexual")
    identity.set_moderator(ctx=ctx, account_id=ned_id, is_moderator=True)

    ned.page.goto(ned.base + "/#/moderation")
    item = ned.page.get_by_test_id("queue-item").filter(has_text="second look")
    picture = item.get_by_test_id("queue-picture")
    picture.wait_for()
    picture.scroll_into_view_if_needed()
    ned.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert picture.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [640, 480]
    assert picture.get_attribute("alt") == "The post's picture"
    ned.screenshot("moderation-picture")
