"""The Discover half of the web client in Chromium: collections (subscribe, a collection's posts,
posting into one), trending tags and tag pages, Nearby behind an opt-in position, the Contact
Picker, and markup in collection names and tags rendered as text."""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import quote

import pytest
import requests

from secret_graph import geo
from secret_graph.collections import services as collections
from tests import live_server
from tests.browser.test_accessibility import severe_violations

PARIS = {"latitude": 48.8566, "longitude": 2.3522}
# About 3 km from PARIS, in another ~5 km cell: within the 10 km that Nearby asks by default.
MONTMARTRE = {"latitude": 48.8867, "longitude": 2.3431}


@pytest.fixture
def collection(ctx):
    """make("slug", "Title", "description"): a collection, as an operator's CLI creates one."""

    def make(slug: str, title: str, description: str = "") -> None:
        collections.create(ctx=ctx, slug=slug, title=title, description=description)

    return make


def located(person, where: dict) -> None:
    """Let this person's browser share a position (as if they had allowed it)."""
    person.context.grant_permissions(["geolocation"], origin=person.base)
    person.context.set_geolocation(where)


def cell_centre(where: dict) -> dict:
    lat, lon = geo.center(geo.encode(where["latitude"], where["longitude"]))
    return {"lat": lat, "lon": lon}


def sent_post(page, submit) -> dict:
    """Submit the compose form; the JSON body of its POST /v1/posts."""
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/v1/posts")) as info:
        submit()
    page.wait_for_url(re.compile(r"#/post/"))
    return json.loads(info.value.post_data)


def test_compose_into_a_collection_subscribe_and_see_it_in_the_feed(people, collection):
    collection("night-owls", "Night owls", "For people awake at 3 am")
    alice, bob = people("+14155550301"), people("+14155550302")
    alice.sign_in()
    page = alice.page
    page.goto(alice.base + "/#/compose")
    page.fill("#post-text", "Who else hears the trains at night?")
    page.select_option("#collection", "night-owls")  # waits for the option GET /v1/collections adds
    assert "anyone who opens the collection" in page.locator("#collection-hint").text_content()
    alice.screenshot("compose-collection")
    body = sent_post(page, lambda: page.locator("form button[type=submit]").click())
    assert body["collection"] == "night-owls" and "location" not in body

    bob.sign_in()
    page = bob.page
    page.goto(bob.base + "/#/discover")
    item = page.get_by_test_id("collection").filter(has_text="Night owls")
    assert item.get_by_test_id("collection-description").text_content() == "For people awake at 3 am"
    assert item.get_by_test_id("subscribers").text_content() == "0 subscribers"
    item.get_by_role("button", name="Subscribe", exact=True).click()
    item.get_by_role("button", name="Unsubscribe", exact=True).wait_for()
    assert item.get_by_test_id("subscribers").text_content() == "1 subscriber · in your feed"
    bob.screenshot("discover")

    # Subscribed: the collection's post joins the feed, labelled with the collection, which leads to it.
    page.goto(bob.base + "/#/feed")
    card = page.locator("sg-post-card", has_text="trains at night")
    label = card.get_by_test_id("post-label")
    assert label.text_content() == "In night-owls"
    label.click()
    page.wait_for_url(re.compile(r"#/collection/night-owls$"))
    page.locator("sg-post-card", has_text="trains at night").wait_for()  # after the title is known
    assert page.get_by_test_id("collection-heading").text_content() == "Night owls"
    assert page.locator('#tabs a[data-tab="discover"]').get_attribute("aria-current") == "page"
    bob.screenshot("collection")

    # Unsubscribed: it leaves the feed (the collection still shows it).
    page.get_by_role("button", name="Unsubscribe", exact=True).click()
    page.get_by_role("button", name="Subscribe", exact=True).wait_for()
    page.goto(bob.base + "/#/feed")
    page.get_by_text("Nothing here yet.").wait_for()
    assert page.locator("sg-post-card", has_text="trains at night").count() == 0


def test_trending_tags_lead_to_a_tag_page_that_shows_a_tagged_world_post(people, live):
    # Trending leaves out a tag fewer than 5 accounts used: five people post #lanterns to the world.
    for i in range(5):
        token = live_server.sign_in(live, f"+1415555031{i}")
        answer = requests.post(
            f"{live}/v1/posts",
            json={"text": f"Paper lanterns on the river tonight, number {i + 1} #lanterns", "audience": "world"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
    carol, dan = people("+14155550321"), people("+14155550322")
    carol.sign_in()
    carol.post("Owls calling across the valley #owls", audience="world")

    dan.sign_in()
    page = dan.page
    page.goto(dan.base + "/#/discover")
    tag = page.get_by_test_id("trending-tag").filter(has_text="#lanterns")
    assert "5 posts in 24 hours" in page.get_by_test_id("trending").locator("li", has=tag).text_content()
    tag.click()
    page.wait_for_url(re.compile(r"#/tag/lanterns$"))
    assert page.get_by_test_id("tag-heading").text_content() == "#lanterns"
    expect_cards = page.locator("sg-post-card", has_text="Paper lanterns")
    expect_cards.nth(4).wait_for()
    assert page.locator("sg-post-card", has_text="Owls calling").count() == 0  # a world post without the tag
    dan.screenshot("tag")

    # A tag typed in the search box; the post's own tag links back to the page.
    page.goto(dan.base + "/#/discover")
    page.fill("#tag-search", "#owls")
    page.get_by_role("button", name="Show posts").click()
    page.wait_for_url(re.compile(r"#/tag/owls$"))
    card = page.locator("sg-post-card", has_text="Owls calling")
    assert card.get_by_test_id("post-label").text_content() == "Everyone"
    assert card.get_by_test_id("post-tags").get_by_role("link").all_text_contents() == ["#owls"]
    page.get_by_role("tab", name="Popular").click()
    assert page.get_by_role("tab", name="Popular").get_attribute("aria-selected") == "true"
    page.locator("sg-post-card", has_text="Owls calling").wait_for()


def test_the_browser_coarsens_a_position_to_the_servers_cell(people):
    erin = people("+14155550331")
    erin.page.goto(erin.base + "/")
    points = [(48.8566, 2.3522), (-33.8688, 151.2093), (89.99, -179.99), (-89.99, 179.99), (0.0, 0.0), (64.1, -21.9)]
    answers = erin.page.evaluate(
        """async (points) => {
            const geo = await import("/web/js/geo.js");
            return points.map(([lat, lon]) => [geo.encode(lat, lon), geo.coarse(lat, lon)]);
        }""",
        [list(p) for p in points],
    )
    assert answers == [
        [geo.encode(*p), dict(zip(("lat", "lon"), geo.center(geo.encode(*p)), strict=True))] for p in points
    ]


def test_nearby_asks_for_the_position_only_on_request_and_shows_a_nearby_post(people):
    fay, gus = people("+14155550341"), people("+14155550342")
    located(fay, PARIS)
    fay.sign_in()
    page = fay.page
    page.goto(fay.base + "/#/compose")
    page.fill("#post-text", "The bakery on the corner opened again")
    assert "Anyone nearby can read" in page.get_by_test_id("location-warning").text_content()
    page.get_by_label("Add my area").check()
    page.get_by_test_id("location-state").filter(has_text="will be added").wait_for()
    fay.screenshot("compose-location")
    body = sent_post(page, lambda: page.locator("form button[type=submit]").click())
    # Only the ~5 km cell's centre leaves the browser, never the exact point.
    assert body["location"] == cell_centre(PARIS) and body["location"]["lat"] != PARIS["latitude"]

    located(gus, MONTMARTRE)
    gus.sign_in()
    page = gus.page
    page.goto(gus.base + "/#/discover")
    page.get_by_role("link", name="Posts near you").click()
    page.wait_for_url(re.compile(r"#/nearby$"))
    assert "can be read by anyone nearby" in page.get_by_test_id("nearby-warning").text_content()
    page.wait_for_timeout(300)
    assert not [r for r in gus.requests if "/v1/nearby" in r.url], "Nearby asked before the button"
    with page.expect_request(lambda r: "/v1/nearby?" in r.url) as info:
        page.get_by_role("button", name="Use my position").click()
    query = dict(re.findall(r"[?&](\w+)=([^&]*)", info.value.url))
    assert {"lat": float(query["lat"]), "lon": float(query["lon"])} == cell_centre(MONTMARTRE)
    assert query["radius_km"] == "10"
    card = page.locator("sg-post-card", has_text="bakery on the corner")
    assert card.get_by_test_id("post-label").text_content() == "Nearby"
    gus.screenshot("nearby")

    # Their own area only (radius 0): a post ~3 km away in another cell is out.
    page.select_option("#radius", "0")
    page.get_by_test_id("posts-end").filter(has_text="Nothing here yet.").wait_for()


def test_nearby_without_permission_says_so(people):
    hal = people("+14155550351")
    # No permission granted: headless Chromium has nobody to ask, so the browser refuses.
    hal.sign_in()
    page = hal.page
    page.goto(hal.base + "/#/nearby")
    page.get_by_role("button", name="Use my position").click()
    page.get_by_test_id("nearby-state").filter(has_text=re.compile("did not share|could not be found")).wait_for()
    assert not [r for r in hal.requests if "/v1/nearby" in r.url]


def test_markup_in_a_collection_name_or_a_tag_renders_as_text(people, collection):
    title = "<img src=x onerror=\"document.title='pwned'\">"
    description = "<b>bold</b><script>document.title='pwned'</script>"
    collection("markup", title, description)
    ida = people("+14155550361")
    ida.sign_in()
    page = ida.page
    page.goto(ida.base + "/#/discover")
    item = page.get_by_test_id("collection").filter(has_text="<img src=x")
    assert item.get_by_test_id("collection-title").text_content() == title
    assert item.get_by_test_id("collection-description").text_content() == description
    item.get_by_test_id("collection-title").click()
    page.get_by_test_id("collection-heading").filter(has_text="<img").wait_for()
    assert page.get_by_test_id("collection-heading").text_content() == title
    page.goto(ida.base + "/#/compose")
    page.locator("#collection option", has_text="<img src=x").wait_for(state="attached")

    # A tag from the URL (not a valid tag: the API answers 404) is shown as typed, as text.
    page.goto(ida.base + "/#/tag/<img src=x onerror=\"document.title='pwned'\">")
    heading = page.get_by_test_id("tag-heading")
    assert heading.text_content() == "#" + title
    page.locator("#status").filter(has_text="Not found").wait_for()
    page.goto(ida.base + "/#/collection/" + quote("<b>x</b>", safe=""))
    page.get_by_text("There is no such collection.").wait_for()
    assert page.get_by_test_id("collection-heading").text_content() == "<b>x</b>"
    assert page.locator("main img, main b, main script").count() == 0
    assert page.title() != "pwned"
    ida.screenshot("discover-markup")


PICKER = """
window.ContactsManager = class ContactsManager {};
Object.defineProperty(navigator, "contacts", { value: {
    select: async (properties, options) => {
        window.pickerAsked = { properties, options };
        return [{ tel: ["(415) 555-0372", "+1 415 555 0373"] }, { tel: [] }, { tel: ["not a number"] }];
    },
} });
"""


def test_the_contact_picker_where_the_browser_has_it_sends_only_digests(people):
    jon, kay = people("+14155550371"), people("+14155550374")
    jon.context.add_init_script(PICKER)
    jon.sign_in()
    page = jon.page
    page.goto(jon.base + "/#/contacts")
    jon.requests.clear()
    page.get_by_role("button", name="Choose from my contacts").click()
    page.get_by_test_id("contacts-result").filter(has_text="Sent 2 fingerprints").wait_for()
    assert page.evaluate("window.pickerAsked") == {"properties": ["tel"], "options": {"multiple": True}}
    sent = [r for r in jon.requests if "/v1/" in r.url]
    assert [(r.method, r.url.removeprefix(jon.base)) for r in sent] == [("POST", "/v1/me/contacts")]
    expected = {hashlib.sha256(e.encode()).hexdigest() for e in ("+14155550372", "+14155550373")}
    body = json.loads(sent[0].post_data)
    assert set(body) == {"digests"} and sorted(body["digests"]) == sorted(expected)
    assert "4155550372" not in " ".join(f"{r.url} {r.post_data or ''}" for r in jon.requests)

    # Without the API (desktop Chromium), no picker button: the file import only.
    kay.sign_in()
    kay.page.goto(kay.base + "/#/contacts")
    kay.page.locator("#contacts-file").wait_for()
    assert kay.page.get_by_test_id("contact-picker").count() == 0


def test_no_serious_accessibility_violation_on_the_discover_screens(people, collection):
    """Kept here rather than in test_accessibility.py's walk, which another helper extends at the same time."""
    collection("gardens", "Gardens", "Allotments, balconies, windowsills")
    lia = people("+14155550381")
    located(lia, PARIS)
    lia.sign_in()
    lia.post("Tomatoes at last #garden")
    found: dict[str, list[str]] = {}
    page = lia.page
    page.goto(lia.base + "/#/discover")
    page.get_by_test_id("collection").first.wait_for()
    found["discover"] = severe_violations(page)
    page.get_by_test_id("collection").get_by_role("button", name="Subscribe", exact=True).click()
    page.get_by_role("button", name="Unsubscribe", exact=True).wait_for()
    page.goto(lia.base + "/#/collection/gardens")
    page.get_by_role("tab", name="Recent").wait_for()
    found["collection"] = severe_violations(page)
    page.goto(lia.base + "/#/tag/garden")
    page.locator("sg-post-card").first.wait_for()
    found["tag"] = severe_violations(page)
    page.goto(lia.base + "/#/nearby")
    page.get_by_role("button", name="Use my position").click()
    page.get_by_test_id("posts-end").wait_for()
    found["nearby"] = severe_violations(page)
    page.goto(lia.base + "/#/compose")
    page.get_by_label("Add my area").check()
    page.get_by_test_id("location-state").filter(has_text="will be added").wait_for()
    found["compose-where"] = severe_violations(page)
    assert {screen: v for screen, v in found.items() if v} == {}
