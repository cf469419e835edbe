"""Settings in Chromium: a muted word takes a post out of the feed, notification preferences and
quiet hours persist, unlinking past posts asks first and then leaves them without an owner."""

from __future__ import annotations

import re

from tests.browser.test_inbox import friends

API = """async ([method, path]) => {
  const token = JSON.parse(localStorage.getItem('sg.session')).token;
  return (await fetch(path, {method, headers: {Authorization: 'Bearer ' + token}})).json();
}"""


def test_a_muted_word_takes_a_post_out_of_the_feed(people):
    alice, bob = friends(people, "+14155550401", "+14155550402")
    alice.post("Pineapple on pizza is underrated and delicious")
    alice.post("The park was full of dogs this morning")
    page = bob.page
    page.goto(bob.base + "/#/feed")
    page.locator("sg-post-card", has_text="Pineapple").wait_for()

    page.goto(bob.base + "/#/me")
    page.get_by_role("link", name="Settings").click()
    page.fill("#mute-word", "pineapple")
    page.get_by_role("button", name="Mute", exact=True).click()
    page.get_by_test_id("muted-words").get_by_text("pineapple").wait_for()
    bob.screenshot("settings")
    page.reload()
    page.get_by_test_id("muted-words").get_by_text("pineapple").wait_for()  # saved, not just drawn

    page.goto(bob.base + "/#/feed")
    page.locator("sg-post-card", has_text="park was full of dogs").wait_for()
    assert page.locator("sg-post-card", has_text="Pineapple").count() == 0

    # Unmuting brings it back.
    page.goto(bob.base + "/#/settings")
    page.get_by_role("button", name="Unmute pineapple").click()
    page.get_by_text("No muted words.").wait_for()
    page.goto(bob.base + "/#/feed")
    page.locator("sg-post-card", has_text="Pineapple").wait_for()


def test_notification_preferences_and_quiet_hours_persist(people):
    erin = people("+14155550411")
    erin.sign_in()
    page = erin.page
    page.goto(erin.base + "/#/settings")
    page.get_by_label("my post gets hearts").uncheck()
    page.get_by_label("chat requests and messages").uncheck()
    page.get_by_label("Quiet hours").check()
    page.fill("#quiet-start", "23:00")
    page.fill("#quiet-end", "06:30")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_test_id("prefs-status").filter(has_text="Saved").wait_for()

    page.reload()
    page.get_by_label("my post gets hearts").wait_for()
    assert not page.get_by_label("my post gets hearts").is_checked()
    assert not page.get_by_label("chat requests and messages").is_checked()
    assert page.get_by_label("someone comments on my post").is_checked()
    assert page.get_by_label("Quiet hours").is_checked()
    assert (page.input_value("#quiet-start"), page.input_value("#quiet-end")) == ("23:00", "06:30")
    # The screen shows the phone's time; the server holds UTC.
    offset = page.evaluate("new Date().getTimezoneOffset()")

    def utc(hhmm: str) -> str:
        hours, minutes = map(int, hhmm.split(":"))
        total = (hours * 60 + minutes + offset) % 1440
        return f"{total // 60:02d}:{total % 60:02d}"

    stored = page.evaluate(API, ["GET", "/v1/me/notification-settings"])
    assert stored["kinds"]["hearts"] is False and stored["kinds"]["chat"] is False and stored["kinds"]["comment"]
    assert stored["quiet_hours"] == {"start": utc("23:00"), "end": utc("06:30")}


def test_unlinking_past_posts_asks_first_then_they_are_no_longer_yours(people):
    gil = people("+14155550421")
    gil.sign_in()
    gil.post("An old post I would rather not be tied to")
    page = gil.page
    page.goto(gil.base + "/#/feed")
    own = page.locator("sg-post-card", has_text="rather not be tied")
    assert own.get_by_test_id("post-label").text_content() == "You"

    page.goto(gil.base + "/#/settings")
    page.get_by_role("button", name="Unlink my past posts").click()
    warning = page.get_by_role("alertdialog")
    assert "cannot be undone" in warning.text_content()
    gil.screenshot("settings-unlink-confirm")
    page.get_by_role("button", name="Keep them linked").click()
    assert warning.is_hidden()
    page.goto(gil.base + "/#/feed")
    assert own.get_by_test_id("post-label").text_content() == "You"  # "keep" changed nothing

    page.goto(gil.base + "/#/settings")
    page.get_by_role("button", name="Unlink my past posts").click()
    page.get_by_role("button", name="Unlink for good").click()
    page.get_by_test_id("unlink-status").filter(has_text="1 post unlinked").wait_for()
    page.goto(gil.base + "/#/feed")
    page.get_by_text(re.compile("That's all for now|Nothing here yet")).wait_for()
    labels = own.get_by_test_id("post-label").all_text_contents() if own.count() else []
    assert "You" not in labels


def test_sessions_list_this_device_and_sign_out_the_others(people):
    hal = people("+14155550431")
    hal.sign_in()
    other = people("+14155550431")  # the same number on a second phone
    other.sign_in()
    page = hal.page
    page.goto(hal.base + "/#/settings")
    sessions = page.get_by_test_id("sessions")
    sessions.get_by_text("Another device").wait_for()
    assert sessions.get_by_text("This device").count() == 1
    page.get_by_role("button", name="Sign out everywhere else").click()
    sessions.get_by_text("Another device").wait_for(state="detached")
    # The other phone is signed out at its next call.
    other.page.goto(other.base + "/#/me")
    other.page.locator("#phone").wait_for()


def test_removing_the_passcode_needs_it_and_sign_in_no_longer_asks(people):
    kai = people("+14155550441")
    kai.sign_in()
    page = kai.page
    page.goto(kai.base + "/#/settings")
    page.get_by_test_id("sessions").wait_for()
    assert page.get_by_role("button", name="Remove it").count() == 0  # no passcode, nothing to remove
    page.goto(kai.base + "/#/me")
    page.fill("#new-passcode", "lake-9876")
    page.get_by_role("button", name="Set the passcode").click()
    page.get_by_text("Passcode set.").wait_for()

    page.goto(kai.base + "/#/settings")
    page.fill("#remove-passcode", "wrong-one")
    page.get_by_role("button", name="Remove it").click()
    page.locator("#status").wait_for()  # a wrong passcode is refused, in words
    page.fill("#remove-passcode", "lake-9876")
    page.get_by_role("button", name="Remove it").click()
    page.get_by_text("Passcode removed.").wait_for()

    page.goto(kai.base + "/#/me")
    page.get_by_role("button", name="Sign out").click()
    page.locator("#phone").wait_for()
    kai.sign_in()  # the SMS code alone again: conftest's sign-in never fills a passcode
    assert page.locator("#passcode").is_hidden()
