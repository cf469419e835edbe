"""The web client end to end in Chromium: two people, their address books, a post, its label,
a heart and a comment; the contact import sends only digests; markup in a post stays text."""

from __future__ import annotations

import hashlib
import json
import re

import requests

from tests import imagefiles
from tests.browser.conftest import vcard

# docs/contact-hashing.md's test vectors (input, region, E.164).
VECTORS = [
    ("+14155550100", "", "+14155550100"),
    ("(415) 555-0100", "US", "+14155550100"),
    ("415.555.0100", "US", "+14155550100"),
    ("+44 20 7946 0958", "", "+442079460958"),
    ("020 7946 0958", "GB", "+442079460958"),
    ("06 12 34 56 78", "FR", "+33612345678"),
    ("+49 151 23456789", "", "+4915123456789"),
]


def digest(e164: str) -> str:
    return hashlib.sha256(e164.encode()).hexdigest()


def test_two_friends_one_posts_the_other_sees_it_labelled_friend_hearts_and_comments(people):
    alice, bob = people("+14155550131"), people("+14155550132")
    alice.sign_in()
    alice.screenshot("contacts")
    assert "Friends here: 0" in alice.import_contacts(vcard("(415) 555-0132"))
    bob.sign_in()
    assert "Friends here: 1" in bob.import_contacts(vcard("+1 415 555 0131", "not a number"))

    alice.post("The tea at the corner café is better than they say", background=True)
    alice.screenshot("post")
    page = bob.page
    page.goto(bob.base + "/#/feed")
    card = page.locator("sg-post-card", has_text="corner café")
    card.wait_for()
    assert card.get_by_test_id("post-label").text_content() == "Friend"
    assert card.get_by_test_id("post-text").evaluate("e => e.style.backgroundColor || e.style.backgroundImage")
    assert card.locator("time").text_content()  # a coarse time ("just now", "1 minute ago")
    card.get_by_role("button", name="Heart").click()
    heart = card.get_by_role("button", name="Heart")
    heart.filter(has_text="1 heart").wait_for()
    assert heart.get_attribute("aria-pressed") == "true"
    bob.screenshot("feed")

    card.locator("a.open").click()
    page.fill("#comment-text", "Agreed, and the cake too")
    page.locator("form button[type=submit]").click()
    page.get_by_test_id("comment-text").filter(has_text="the cake too").wait_for()
    bob.screenshot("post-comments")

    # The author sees the heart and the comment, labelled as their own post.
    alice.page.goto(alice.base + "/#/feed")
    own = alice.page.locator("sg-post-card", has_text="corner café")
    own.get_by_role("button", name="Heart").filter(has_text="1 heart").wait_for()
    assert own.get_by_test_id("post-label").text_content() == "You"
    assert "1 comment" in own.locator("a.open").text_content()

    # ...and is told: the notifications are jobs (run in the server's process), so look again until they come.
    notices = alice.page.get_by_test_id("notification")
    for _ in range(20):
        alice.page.goto(alice.base + "/#/feed")
        alice.page.goto(alice.base + "/#/notifications")
        alice.page.get_by_role("heading", name="Notifications").wait_for()
        texts = " | ".join(notices.all_text_contents())
        if "heart" in texts and "comment" in texts:
            break
        alice.page.wait_for_timeout(500)
    assert "Your post got a heart" in texts and "A new comment on your post" in texts
    alice.screenshot("notifications")


def test_the_contact_import_sends_only_digests(people):
    carol = people("+14155550141")
    carol.sign_in()
    book = ["(415) 555-0142", "+44 20 7946 0958", "415.555.0143", "06 12 34 56 78"]
    carol.requests.clear()
    carol.import_contacts(vcard(*book))
    sent = [r for r in carol.requests if r.method != "GET" or "/v1/" in r.url]
    assert [(r.method, r.url.split("?")[0].removeprefix(carol.base)) for r in sent] == [("POST", "/v1/me/contacts")]
    body = json.loads(sent[0].post_data)
    expected = {digest(e) for e in ("+14155550142", "+442079460958", "+14155550143")}  # FR: a US book
    assert set(body) == {"digests"} and set(body["digests"]) == expected
    everything = " ".join(f"{r.url} {r.post_data or ''} {r.headers}" for r in carol.requests)
    for raw in [*book, "4155550142", "2079460958", "4155550143", "612345678"]:
        assert raw not in everything and re.sub(r"\D", "", raw) not in re.sub(r"[^\d ]", " ", everything).split()
    assert all(r.url.startswith(carol.base) for r in carol.requests), "a request left the origin"
    assert "never leave" in carol.page.get_by_test_id("privacy-note").text_content()


# Messy, foreign and invalid numbers: the browser must agree with the server's phonenumbers.
CROSS_CHECK = [
    ("+44 (0)20 7946 0958", "FR"),
    ("0044 20 7946 0958", "FR"),
    ("+1 011 555 0100", ""),
    ("12", "US"),
    ("555-0100", "US"),
    ("+33 6 12 34 56 78", "US"),
    ("0612345678", "BE"),
    ("+81 3-1234-5678", ""),
    ("(212) 555 1234 ext. 5", "US"),
    ("tel:+4915123456789", ""),
    ("+999 1234 5678", ""),
]


def server_e164(raw: str, region: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, region or None)
    except phonenumbers.NumberParseException:
        return None
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(number)
        else None
    )


def test_the_browser_digest_matches_the_documented_vectors(people):
    dave = people("+14155550151")
    dave.page.goto(dave.base + "/")
    answers = dave.page.evaluate(
        """async (vectors) => {
            const phone = await import("/web/js/phone.js");
            return Promise.all(vectors.map(async ([raw, region]) => {
                const e164 = phone.toE164(raw, region);
                return [e164, e164 && await phone.sha256Hex(e164)];
            }));
        }""",
        [[raw, region] for raw, region, _ in VECTORS] + [list(pair) for pair in CROSS_CHECK],
    )
    expected = [e164 for _, _, e164 in VECTORS] + [server_e164(raw, region) for raw, region in CROSS_CHECK]
    assert answers == [[e164, e164 and digest(e164)] for e164 in expected]
    assert digest("+14155550100") == "40d3f4e02db27d66cf4cfdda506c2c945f115a7955cc8491dda98ce5beabcda0"


def test_markup_in_a_post_renders_as_text(people):
    erin = people("+14155550161")
    erin.sign_in()
    payload = "<img src=x onerror=\"document.title='pwned'\"> <b>bold</b>"
    erin.post(payload)
    page = erin.page
    page.goto(erin.base + "/#/feed")
    card = page.locator("sg-post-card", has_text="<img src=x")
    card.wait_for()
    assert card.get_by_test_id("post-text").text_content() == payload
    assert card.locator("img").count() == 0 and card.locator("b").count() == 0
    assert page.title() != "pwned"
    erin.screenshot("markup-as-text")


def test_french_by_browser_language_and_errors_in_plain_words(people):
    fanny = people("+33612345671", locale="fr-FR")
    page = fanny.page
    page.goto(fanny.base + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.fill("#phone", "12")
    page.get_by_role("button", name="M'envoyer un code").click()
    status = page.locator("#status")
    status.wait_for()
    assert status.text_content().startswith("Vérifiez ce que vous avez saisi")
    fanny.screenshot("signin-fr")


def test_a_post_that_names_and_insults_someone_asks_to_rethink_then_is_held(people):
    gil = people("+14155550171")
    gil.sign_in()
    page = gil.page
    page.goto(gil.base + "/#/compose")
    page.fill("#post-text", "Kevin Durand you are a pathetic idiot")
    page.locator("form button[type=submit]").click()
    rethink = page.get_by_test_id("rethink")
    rethink.wait_for()
    assert "harassment" in rethink.text_content()
    gil.screenshot("compose-rethink")
    rethink.get_by_role("button", name="Post anyway").click()
    page.wait_for_url(re.compile(r"#/post/"))
    page.get_by_text("Held for review").wait_for()

    # A comment is screened the same way.
    page.fill("#comment-text", "Kevin Durand you are a pathetic idiot")
    page.get_by_role("button", name="Comment").click()
    page.get_by_test_id("rethink").get_by_role("button", name="Post anyway").click()
    page.get_by_text("only you see this comment").wait_for()


def test_deleting_the_account_signs_out_and_the_post_is_gone_for_friends(people):
    hana, ivan = people("+14155550181"), people("+14155550182")
    hana.sign_in()
    hana.import_contacts(vcard("+1 415 555 0182"))
    ivan.sign_in()
    ivan.import_contacts(vcard("+1 415 555 0181"))
    hana.post("Leaving soon, but first: the river walk at dawn")
    ivan.page.goto(ivan.base + "/#/feed")
    ivan.page.locator("sg-post-card", has_text="river walk").wait_for()

    page = hana.page
    page.goto(hana.base + "/#/me")
    page.get_by_role("button", name="Delete my account").click()
    hana.screenshot("me-delete-confirm")
    page.get_by_role("button", name="Delete for good").click()
    page.locator("#phone").wait_for()
    assert page.locator("#tabs").is_hidden()
    assert page.evaluate("localStorage.getItem('sg.session')") is None

    ivan.page.goto(ivan.base + "/#/me")
    ivan.page.goto(ivan.base + "/#/feed")
    ivan.page.get_by_text("Nothing here yet.").wait_for()
    assert ivan.page.locator("sg-post-card", has_text="river walk").count() == 0


def test_a_passcode_is_asked_at_the_next_sign_in(people):
    jane = people("+14155550191")
    jane.sign_in()
    page = jane.page
    page.goto(jane.base + "/#/me")
    page.fill("#new-passcode", "river-4321")
    page.get_by_role("button", name="Set the passcode").click()
    page.get_by_text("Passcode set.").wait_for()
    page.get_by_role("button", name="Sign out").click()
    page.locator("#phone").wait_for()

    page.fill("#phone", jane.number)
    page.get_by_role("button", name="Send me a code").click()
    code = re.search(r"\d{6}", page.get_by_test_id("dev-code").text_content()).group(0)
    page.fill("#code", code)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#passcode").wait_for()  # shown once the server says a passcode is needed
    jane.screenshot("signin-passcode")
    page.fill("#passcode", "river-4321")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"#/feed"))
    page.locator("#tabs").wait_for(state="visible")


def test_a_world_post_shows_under_everyone_and_a_flag_hides_it_pending_review(people):
    mia, noah = people("+14155550211"), people("+14155550212")
    mia.sign_in()
    mia.post("Anyone else hear the owls in the park tonight?", audience="world")
    noah.sign_in()
    page = noah.page
    page.goto(noah.base + "/#/feed/world")
    card = page.locator("sg-post-card", has_text="owls in the park")
    card.wait_for()
    assert card.get_by_test_id("post-label").text_content() == "Everyone"
    card.locator("a.open").click()
    page.get_by_text("Report, hide or block").click()
    page.select_option("#flag-reason", "spam")
    noah.screenshot("post-actions")
    page.get_by_role("button", name="Report it").click()
    page.wait_for_url(re.compile(r"#/feed$"))
    page.goto(noah.base + "/#/feed/world")
    page.get_by_text("Nothing here yet.").wait_for()

    mia.page.goto(mia.base + "/#/feed")
    mia.page.locator("sg-post-card", has_text="owls").get_by_text("Reported").wait_for()


def test_too_many_codes_is_a_wait_in_plain_words(people, live):
    olga = people("+14155550221")
    for _ in range(5):  # SECRET_GRAPH_CODES_PER_PHONE_PER_HOUR's default
        requests.post(f"{live}/v1/auth/codes", json={"phone": olga.number}, timeout=10)
    page = olga.page
    page.goto(olga.base + "/")
    page.fill("#phone", olga.number)
    page.get_by_role("button", name="Send me a code").click()
    status = page.locator("#status")
    status.wait_for()
    assert re.fullmatch(r"Too many tries\. Please wait \d+ (minutes|seconds) and try again\.", status.text_content())
    olga.screenshot("signin-429")


def test_a_post_with_a_picture_shows_it_from_the_media_store(people):
    pia = people("+14155550231")
    pia.sign_in()
    page = pia.page
    page.goto(pia.base + "/#/compose")
    page.fill("#post-text", "Sunset over the harbour")
    page.set_input_files(
        "#picture", files=[{"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": imagefiles.jpeg(320, 240)}]
    )
    page.get_by_test_id("picture-state").filter(has_text="Picture ready").wait_for()
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#/post/"))
    body = page.locator("sg-post-card").get_by_test_id("post-text")
    body.wait_for()
    url = body.evaluate("e => e.style.backgroundImage")
    assert url.startswith('url("/v1/media/')
    loaded = page.evaluate("u => fetch(u).then(r => r.status)", re.search(r'url\("(.*)"\)', url).group(1))
    assert loaded == 200
    pia.screenshot("post-picture")


def test_a_503_offers_a_retry_and_an_expired_token_is_refreshed(people):
    quinn = people("+14155550241")
    quinn.sign_in()
    page = quinn.page
    # The server is busy once (intercepted in the browser: the real server stays up).
    busy = {"left": 1}

    def feed_route(route):
        if busy["left"]:
            busy["left"] -= 1
            route.fulfill(
                status=503,
                headers={"Retry-After": "5"},
                json={"code": 503, "status": "Service Unavailable", "message": "busy"},
            )
        else:
            route.continue_()

    page.route(re.compile(r"/v1/feed\?"), feed_route)
    page.goto(quinn.base + "/#/me")
    page.goto(quinn.base + "/#/feed")
    status = page.locator("#status")
    status.get_by_role("button", name="Retry").wait_for()
    assert "busy" in status.text_content()
    quinn.screenshot("feed-503")
    status.get_by_role("button", name="Retry").click()
    page.get_by_text("Nothing here yet.").wait_for()
    assert status.is_hidden()
    quinn.errors.clear()  # the browser logs the intercepted 503

    # A token that no longer works: one refresh, then the call goes through.
    page.evaluate("""() => {
        const s = JSON.parse(localStorage.getItem('sg.session'));
        localStorage.setItem('sg.session', JSON.stringify({...s, token: 'expired'}));
    }""")
    page.goto(quinn.base + "/#/me")
    page.get_by_test_id("circle").wait_for()
    assert page.evaluate("JSON.parse(localStorage.getItem('sg.session')).token") != "expired"
    quinn.errors.clear()  # the browser logs the 401 before the refresh


def test_hiding_a_post_and_blocking_its_author_from_the_post_screen(people):
    rosa, sam = people("+14155550251"), people("+14155550252")
    rosa.sign_in()
    rosa.import_contacts(vcard("+1 415 555 0252"))
    sam.sign_in()
    sam.import_contacts(vcard("+1 415 555 0251"))
    rosa.post("First thought of the morning: more coffee")
    rosa.post("Second thought: even more coffee")
    page = sam.page

    def open_post(text: str) -> None:
        page.goto(sam.base + "/#/feed")
        page.locator("sg-post-card", has_text=text).locator("a.open").click()
        page.get_by_text("Report, hide or block").click()

    open_post("First thought")
    page.get_by_role("button", name="Hide this post").click()
    page.wait_for_url(re.compile(r"#/feed$"))
    page.locator("sg-post-card", has_text="Second thought").wait_for()
    assert page.locator("sg-post-card", has_text="First thought").count() == 0

    open_post("Second thought")
    page.get_by_role("button", name="Block whoever wrote it").click()
    page.wait_for_url(re.compile(r"#/feed$"))
    rosa.post("Third thought: tea, actually")
    page.goto(sam.base + "/#/me")
    page.goto(sam.base + "/#/feed")
    page.locator("#posts").wait_for(state="attached")
    page.get_by_text("Nothing here yet.").wait_for()
    assert page.locator("sg-post-card", has_text="Third thought").count() == 0
