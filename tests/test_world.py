"""Posts to the world, explore, keywords, tag pages, trending tags and campaigns, through the API."""

from __future__ import annotations

import pytest

from secret_graph.collections import services as collections
from secret_graph.identity import services as identity
from secret_graph.keywords import extract, language

PARIS = {"lat": 48.8584, "lon": 2.2945}
TOKYO = {"lat": 35.6586, "lon": 139.7454}
HOUR_S = 3600


def pages(api, user, path: str, **query) -> list[dict]:
    """Every item of a paged listing, walking the cursors."""
    items, cursor = [], None
    while True:
        answer = api.get(path, user, query_string={**query, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.get_json()
        items += answer.get_json()["items"]
        cursor = answer.get_json()["next_cursor"]
        if not cursor:
            return items


def test_a_world_post_reaches_anyone_signed_in_labelled_world(api):
    author, stranger = api.new_user(), api.new_user()
    world = api.create_post(author, "to everyone", audience="world")
    circle = api.create_post(author, "to my circle")
    assert world["audience"] == "world" and circle["audience"] == "circle" and world["label"] == "own"
    seen = api.get(f"/v1/posts/{world['id']}", stranger)
    assert seen.status_code == 200 and seen.get_json()["label"] == "world"
    assert api.get(f"/v1/posts/{circle['id']}", stranger).status_code == 404
    assert world["id"] not in {item["id"] for item in api.feed(stranger)}  # the world is in explore, not the feed
    assert api.post("/v1/posts", author, json={"text": "x", "audience": "galaxy"}).status_code == 422


def test_a_friends_world_post_still_shows_friend(api, clock):
    viewer = api.new_user()
    friends = api.open_circle(viewer, clock)
    post = api.create_post(friends[0], "hello world", audience="world")
    assert api.get(f"/v1/posts/{post['id']}", viewer).get_json()["label"] == "friend"
    assert {item["id"]: item["label"] for item in pages(api, viewer, "/v1/explore")} == {post["id"]: "friend"}


def test_a_located_world_post_keeps_only_its_cell(api):
    author = api.new_user()
    post = api.create_post(author, "from the tower", audience="world", location=PARIS)
    seen = api.get(f"/v1/posts/{post['id']}", api.new_user()).get_json()
    assert seen["label"] == "nearby" and len(seen["location"]["area"]) == 5


def test_explore_pages_world_posts_newest_first_with_cursors(api, clock):
    authors = [api.new_user() for _ in range(3)]
    viewer = api.new_user()
    made = []
    for index in range(7):
        made.append(api.create_post(authors[index % 3], f"world {index}", audience="world")["id"])
        clock.advance(seconds=61)
    api.create_post(authors[0], "circle only")
    api.create_post(authors[1], "located, circle", location=PARIS)  # visible as nearby, but not to the world
    listed = pages(api, viewer, "/v1/explore", limit=3)
    assert [item["id"] for item in listed] == made[::-1]
    assert {item["label"] for item in listed} == {"world"}
    popular = pages(api, viewer, "/v1/explore", sort="popular", limit=2)
    assert sorted(item["id"] for item in popular) == sorted(made)
    first = api.get("/v1/explore", viewer, query_string={"limit": 2}).get_json()
    assert (
        api.get("/v1/explore", viewer, query_string={"cursor": first["next_cursor"], "sort": "popular"}).status_code
        == 400
    )


def test_explore_popular_ranks_hearted_posts_first(api, clock):
    author, viewer = api.new_user(), api.new_user()
    quiet = api.create_post(author, "quiet", audience="world")
    loved = api.create_post(author, "loved", audience="world")
    clock.advance(seconds=HOUR_S)
    for _ in range(3):
        api.put(f"/v1/posts/{quiet['id']}/heart", api.new_user())
    listed = [item["id"] for item in pages(api, viewer, "/v1/explore", sort="popular")]
    assert listed == [quiet["id"], loved["id"]]


def test_explore_near_a_place_lists_the_world_posts_located_there(api):
    author, viewer = api.new_user(), api.new_user()
    paris = api.create_post(author, "paris", audience="world", location=PARIS)
    api.create_post(author, "tokyo", audience="world", location=TOKYO)
    api.create_post(author, "nowhere", audience="world")
    api.create_post(author, "paris, circle", location=PARIS)
    near = pages(api, viewer, "/v1/explore", radius_km=10, **PARIS)
    assert [item["id"] for item in near] == [paris["id"]]
    assert api.get("/v1/explore", viewer, query_string={"lat": 48.8}).status_code == 422


def hold(api, post_id: str) -> None:
    """Three flags hide a post pending review (SECRET_GRAPH_FLAG_THRESHOLD)."""
    for _ in range(3):
        assert api.post(f"/v1/posts/{post_id}/flags", api.new_user(), json={"reason": "spam"}).status_code == 202


def test_explore_hides_held_and_removed_world_posts(api, moderator):
    author, viewer = api.new_user(), api.new_user()
    removed = api.create_post(author, "soon gone", audience="world")
    api.post(f"/v1/moderation/posts/{removed['id']}/decision", moderator, json={"action": "remove"})
    held = api.create_post(author, "soon held", audience="world")
    hold(api, held["id"])
    assert pages(api, viewer, "/v1/explore") == []
    assert api.get(f"/v1/posts/{held['id']}", viewer).status_code == 404


def test_keywords_in_english_and_french():
    english = "I am so tired of my job, my boss never listens and the Monday meetings are horrible"
    french = (
        "Je suis tellement fatigué de mon travail, mon patron ne comprend rien et la réunion du lundi était horrible"
    )
    assert language(english) == "en" and language(french) == "fr"
    found_en, found_fr = extract(english), extract(french)
    assert {"job", "boss"} <= set(found_en) and len(found_en) <= 5
    assert {"travail", "patron"} <= set(found_fr) and len(found_fr) <= 5
    assert not {"the", "and", "my"} & set(found_en) and not {"je", "mon", "la", "et"} & set(found_fr)
    assert extract("#only #hashtags") == [] and extract("123 456 !!!") == []


def test_the_post_object_returns_keywords_besides_hashtags(api):
    post = api.create_post(api.new_user(), "My boss never listens to anyone at work #monday")
    assert post["tags"] == ["monday"]
    assert "boss" in post["keywords"] and "monday" not in post["keywords"] and len(post["keywords"]) <= 5


def test_tag_pages_list_visible_posts_with_the_hashtag_or_keyword(api, clock):
    author, viewer = api.new_user(), api.new_user()
    by_hashtag = api.create_post(author, "Sunday blues again #weekend", audience="world")
    clock.advance(seconds=60)
    by_keyword = api.create_post(author, "The weekend went by far too quickly", audience="world")
    hidden = api.create_post(author, "A lonely weekend, only my circle knows #weekend")
    api.create_post(author, "nothing to do with it", audience="world")
    listed = pages(api, viewer, "/v1/tags/weekend/posts", limit=1)
    assert [item["id"] for item in listed] == [by_keyword["id"], by_hashtag["id"]]
    mine = {item["id"] for item in pages(api, author, "/v1/tags/weekend/posts")}
    assert mine == {by_hashtag["id"], by_keyword["id"], hidden["id"]}
    assert {item["id"] for item in pages(api, viewer, "/v1/tags/WEEKEND/posts", sort="popular")} == {
        by_hashtag["id"],
        by_keyword["id"],
    }
    assert api.get("/v1/tags/not-a-tag!/posts", viewer).status_code == 404


def _trending(api, user, **query) -> dict[str, int]:
    answer = api.get("/v1/tags/trending", user, query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return {item["tag"]: item["posts"] for item in answer.get_json()["items"]}


def test_trending_leaves_out_tags_of_fewer_than_five_accounts_and_rounds_counts_down(api, clock):
    """The disclosure rule: a trend must not point at a person, nor count exactly."""
    viewer = api.new_user()
    four = [api.new_user() for _ in range(4)]
    for _ in range(3):  # 12 posts, but only 4 accounts
        for user in four:
            api.create_post(user, "#fourfriends", audience="world")
    assert "fourfriends" not in _trending(api, viewer)
    fifth = api.new_user()
    api.create_post(fifth, "#fourfriends", audience="world")
    assert _trending(api, viewer)["fourfriends"] == 10  # 13 posts by 5 accounts, rounded down to 10
    five = [api.new_user() for _ in range(5)]
    for user in five:
        api.create_post(user, "#seven", audience="world")
    api.create_post(five[0], "#seven", audience="world")
    api.create_post(five[1], "#seven", audience="world")
    assert _trending(api, viewer)["seven"] == 5  # 7 posts: 5
    for user in five:  # circle posts never count: a trend must not reveal them
        api.create_post(user, "#circleonly")
    assert "circleonly" not in _trending(api, viewer)
    assert all(count % 5 == 0 and count >= 5 for count in _trending(api, viewer).values())
    clock.advance(seconds=25 * HOUR_S)
    assert "seven" not in _trending(api, viewer)  # counts cover the last 24 hours only


def test_trending_ranks_the_fastest_rising_first_and_narrows_to_a_place(api, clock):
    viewer = api.new_user()
    users = [api.new_user() for _ in range(5)]
    for user in users:
        for _ in range(3):
            api.create_post(user, "#steady", audience="world")
    clock.advance(seconds=24 * HOUR_S + 60)
    for user in users:
        api.create_post(user, "#steady", audience="world")
        api.create_post(user, "#rising", audience="world", location=PARIS)
    trending = _trending(api, viewer)
    assert list(trending)[:2] == ["rising", "steady"] and trending == {"rising": 5, "steady": 5}
    assert _trending(api, viewer, **PARIS) == {"rising": 5}
    assert _trending(api, viewer, **TOKYO) == {}


def test_collection_posts_count_in_trending(api, ctx):
    collections.create(ctx=ctx, slug="night", title="Night")
    users = [api.new_user() for _ in range(5)]
    for user in users:
        api.create_post(user, "#insomnia", collection="night")
    assert _trending(api, users[0]) == {"insomnia": 5}


@pytest.fixture
def campaign(ctx, moderator):
    collections.create(ctx=ctx, slug="kind", title="Be kind")
    collections.set_campaign(ctx=ctx, slug="kind", sponsor="Anti-Bullying Alliance")
    return "kind"


def test_campaign_posts_carry_the_label_and_sponsor_everywhere(api, clock, moderator, campaign):
    reader = api.new_user()
    api.put(f"/v1/collections/{campaign}/subscription", reader)
    post = api.create_post(moderator, "Words hurt. #bekind", collection=campaign, audience="world")
    assert post["sponsor"] == "Anti-Bullying Alliance"
    surfaces = {
        "post": [api.get(f"/v1/posts/{post['id']}", reader).get_json()],
        "feed": api.feed(reader),
        "explore": pages(api, reader, "/v1/explore"),
        "tag": pages(api, reader, "/v1/tags/bekind/posts"),
        "collection": pages(api, reader, f"/v1/collections/{campaign}/posts"),
    }
    for surface, items in surfaces.items():
        assert [(item["id"], item["label"], item["sponsor"]) for item in items] == [
            (post["id"], "campaign", "Anti-Bullying Alliance")
        ], surface


def test_a_campaign_never_poses_as_a_friends_post(api, ctx, clock, campaign):
    """Even to a friend of its (moderator) writer, a campaign post is labelled `campaign`, not `friend`."""
    viewer = api.new_user()
    friends = api.open_circle(viewer, clock)
    identity.set_moderator(ctx=ctx, account_id=friends[0].id, is_moderator=True)
    ordinary = api.create_post(friends[0], "Just me")
    post = api.create_post(friends[0], "Be kind online", collection=campaign)
    assert api.get(f"/v1/posts/{ordinary['id']}", viewer).get_json()["label"] == "friend"
    assert api.get(f"/v1/posts/{post['id']}", viewer).get_json()["label"] == "campaign"


def test_only_moderators_post_to_a_campaign_and_ending_it_makes_an_ordinary_collection(api, ctx, campaign):
    user = api.new_user()
    refused = api.post("/v1/posts", user, json={"text": "sponsored?", "collection": campaign})
    assert refused.status_code == 422 and "moderators" in refused.get_json()["message"]
    collections.set_campaign(ctx=ctx, slug=campaign, sponsor=None)
    post = api.create_post(user, "ordinary now", collection=campaign)
    seen = api.get(f"/v1/posts/{post['id']}", api.new_user()).get_json()
    assert (seen["label"], seen["sponsor"]) == ("collection", None)


def test_held_campaign_posts_are_hidden(api, moderator, campaign):
    post = api.create_post(moderator, "Be kind, always", collection=campaign, audience="world")
    hold(api, post["id"])
    reader = api.new_user()
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 404
    assert pages(api, reader, f"/v1/collections/{campaign}/posts") == []
