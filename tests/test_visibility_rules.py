"""One deterministic test for each visibility rule the table-by-table tests in test_visibility.py
leave open: the viewer-friend edge's age, the deliberate reading of friend-of-friend, hearts under a
closed circle, delivery time, held and removed posts, and paging (walk, gather, mostly invisible pages).
Each is the killer of a mutant in tests/mutation/mutants.py.
"""

import dataclasses
from types import SimpleNamespace

from api.app import create_app
from secret_graph.collections import services as collections
from secret_graph.feeds import services as feeds
from secret_graph.posts import services as post_services
from tests.helpers import ApiClient

PARIS = {"lat": 48.8584, "lon": 2.2945}


def test_a_new_viewer_friend_edge_reveals_no_older_friend_of_friend_posts(api, clock):
    viewer = api.new_user()
    api.open_circle(viewer, clock)
    middle, author = api.new_user(), api.new_user()
    api.befriend(middle, author)
    clock.advance(seconds=60)
    old = api.create_post(author, "before the viewer knew the middle friend")
    clock.advance(seconds=60)
    api.befriend(viewer, middle)  # the friend-author edge predates the post; the viewer-friend edge does not
    clock.advance(seconds=60)
    new = api.create_post(author, "after")
    labels = api.labels(viewer)
    assert old["id"] not in labels
    assert labels[new["id"]] == "friend_of_friend"
    assert api.get(f"/v1/posts/{old['id']}", viewer).status_code == 404


def test_a_new_friendship_hides_no_friend_of_friend_post(api, clock):
    """docs/visibility.md, "One deliberate reading": befriending the author keeps the label."""
    viewer = api.new_user()
    circle = api.open_circle(viewer, clock)
    author = api.new_user()
    api.befriend(circle[0], author)
    clock.advance(seconds=60)
    post = api.create_post(author)
    assert api.labels(viewer)[post["id"]] == "friend_of_friend"
    clock.advance(seconds=60)
    api.befriend(viewer, author)  # younger than the post: `friend` does not apply
    assert api.labels(viewer)[post["id"]] == "friend_of_friend"
    assert api.get(f"/v1/posts/{post['id']}", viewer).get_json()["label"] == "friend_of_friend"


def test_hearts_under_a_closed_circle_show_nothing(api, clock):
    viewer, hearter = api.new_user(), api.new_user()
    hearter_circle = api.open_circle(hearter, clock)
    post = api.create_post(hearter_circle[0], "the hearter sees this as a friend's post")
    clock.advance(seconds=60)
    api.befriend(viewer, hearter)  # the viewer's only friend: a closed circle
    clock.advance(seconds=60)
    assert api.put(f"/v1/posts/{post['id']}/heart", hearter).status_code == 200
    assert post["id"] not in api.labels(viewer)
    assert api.get(f"/v1/posts/{post['id']}", viewer).status_code == 404
    assert api.put(f"/v1/posts/{post['id']}/heart", viewer).status_code == 404

    api.open_circle(viewer, clock)  # the same heart, once the circle opens
    assert api.labels(viewer)[post["id"]] == "hearted_by_friend"


def test_a_post_reaches_others_only_at_its_delivery_time(ctx, clock, monkeypatch):
    jittered = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, delivery_jitter_s=300))
    api = ApiClient(create_app(ctx=jittered).test_client())
    # The longest wait the jitter can draw, so the boundary is exact.
    monkeypatch.setattr(post_services, "secrets", SimpleNamespace(randbelow=lambda n: n - 1))
    collections.create(ctx=ctx, slug="late", title="Late")
    viewer = api.new_user()
    circle = api.open_circle(viewer, clock)
    posted = [
        api.create_post(circle[0], "friend"),
        api.create_post(api.new_user(), "collection", collection="late"),
        api.create_post(api.new_user(), "nearby", location=PARIS),
    ]
    assert api.labels(circle[0])[posted[0]["id"]] == "own"  # the author sees it at once
    clock.advance(ms=300_000 - 1)
    assert posted[0]["id"] not in api.labels(viewer)
    for post in posted:
        assert api.get(f"/v1/posts/{post['id']}", viewer).status_code == 404
    assert api.get("/v1/nearby", viewer, query_string=PARIS).get_json()["items"] == []
    clock.advance(ms=1)
    assert api.labels(viewer)[posted[0]["id"]] == "friend"
    assert [api.get(f"/v1/posts/{p['id']}", viewer).status_code for p in posted] == [200, 200, 200]
    assert api.get("/v1/nearby", viewer, query_string=PARIS).get_json()["items"][0]["id"] == posted[2]["id"]
    assert api.foreign_ids_seen() == []


def test_held_and_removed_posts_are_hidden(api, clock, moderator):
    author, reader = api.new_user(), api.new_user()
    held = api.create_post(author, "flagged three times", location=PARIS)
    removed = api.create_post(author, "removed by a moderator", location=PARIS)
    kept = api.create_post(author, "untouched", location=PARIS)
    for _ in range(3):  # SECRET_GRAPH_FLAG_THRESHOLD
        flagger = api.new_user()
        assert api.post(f"/v1/posts/{held['id']}/flags", flagger, json={"reason": "spam"}).status_code == 202
    decision = api.post(f"/v1/moderation/posts/{removed['id']}/decision", moderator, json={"action": "remove"})
    assert decision.status_code == 200, decision.get_json()

    nearby = api.get("/v1/nearby", reader, query_string=PARIS).get_json()["items"]
    assert [item["id"] for item in nearby] == [kept["id"]]
    assert api.get(f"/v1/posts/{held['id']}", reader).status_code == 404
    assert api.get(f"/v1/posts/{removed['id']}", reader).status_code == 404
    # The author still sees the held post (pending review), but not the removed one.
    assert api.labels(author) == {held["id"]: "own", kept["id"]: "own"}
    assert api.get(f"/v1/posts/{held['id']}", author).get_json()["label"] == "own"
    assert api.get(f"/v1/posts/{removed['id']}", author).status_code == 404


def _viewer_with_hidden_crowd(api, clock, *, visible: int, hidden_between: int):
    """An open-circle viewer and ``visible`` friend posts, each older than ``hidden_between`` posts that are
    candidates (their authors are the viewer's friends) but invisible (the friendships came later)."""
    viewer = api.new_user()
    circle = api.open_circle(viewer, clock)
    newcomers = [api.new_user() for _ in range(3)]
    shown = []
    for i in range(visible):
        clock.advance(seconds=1)
        shown.append(api.create_post(circle[i % len(circle)], f"visible {i}")["id"])
        for j in range(hidden_between):
            clock.advance(seconds=1)
            api.create_post(newcomers[j % 3], f"hidden {i}.{j}")
    clock.advance(seconds=60)
    api.befriend(viewer, *newcomers)
    return viewer, shown[::-1]


def _walk(api, viewer, **query):
    ids, cursor, pages = [], None, 0
    while True:
        page = api.get("/v1/feed", viewer, query_string={**query, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200
        ids += [item["id"] for item in page.get_json()["items"]]
        cursor, pages = page.get_json()["next_cursor"], pages + 1
        if not cursor:
            return ids, pages


def test_pages_of_mostly_invisible_posts_return_every_visible_post_once(api, clock):
    viewer, newest_first = _viewer_with_hidden_crowd(api, clock, visible=5, hidden_between=9)
    ids, pages = _walk(api, viewer, limit=2)
    assert ids == newest_first and pages == 3
    ids, _ = _walk(api, viewer, limit=2, sort="popular")
    assert sorted(ids) == sorted(newest_first) and len(ids) == 5


def test_the_walk_hands_over_to_the_gather_after_its_budget(api, clock, monkeypatch):
    viewer, newest_first = _viewer_with_hidden_crowd(api, clock, visible=4, hidden_between=6)
    monkeypatch.setattr(feeds, "WALK_BUDGET", 3)  # the walk gives up after 3 index entries per batch
    assert _walk(api, viewer, limit=3)[0] == newest_first
    assert _walk(api, viewer, limit=50)[0] == newest_first


def test_screened_held_posts_and_comments_show_to_their_author_only(api, clock):
    author, reader = api.new_user(), api.new_user()
    held = api.post("/v1/posts", author, json={"text": "you idiot", "confirm": True, "location": PARIS}).get_json()
    shown = api.create_post(author, "a thread", location=PARIS)
    assert held["status"] == "held"
    assert [item["id"] for item in api.get("/v1/nearby", reader, query_string=PARIS).get_json()["items"]] == [
        shown["id"]
    ]
    assert api.get(f"/v1/posts/{held['id']}", reader).status_code == 404
    assert api.get(f"/v1/posts/{held['id']}", author).get_json()["status"] == "held"
    path = f"/v1/posts/{shown['id']}/comments"
    comment = api.post(path, reader, json={"text": "you idiot", "confirm": True}).get_json()
    assert comment["status"] == "held"
    assert api.get(path, author).get_json()["items"] == []
    assert [c["id"] for c in api.get(path, reader).get_json()["items"]] == [comment["id"]]


def test_a_block_hides_only_what_its_author_writes_afterwards(api, clock):
    blocker, author = api.new_user(), api.new_user()
    older = api.create_post(author, "older", location=PARIS)
    thread = api.create_post(api.new_user(), "a thread", location=PARIS)
    path = f"/v1/posts/{thread['id']}/comments"
    old_comment = api.post(path, author, json={"text": "old comment"}).get_json()
    clock.advance(seconds=60)
    blocked_from = api.create_post(author, "blocked from here", location=PARIS)
    clock.advance(seconds=60)
    assert api.post(f"/v1/posts/{blocked_from['id']}/block", blocker).status_code == 204
    clock.advance(seconds=60)
    newer = api.create_post(author, "newer", location=PARIS)
    api.post(path, author, json={"text": "new comment"})
    assert api.get(f"/v1/posts/{older['id']}", blocker).status_code == 200
    assert api.get(f"/v1/posts/{blocked_from['id']}", blocker).status_code == 200  # written before: hidden only
    assert api.get(f"/v1/posts/{newer['id']}", blocker).status_code == 404
    assert [c["id"] for c in api.get(path, blocker).get_json()["items"]] == [old_comment["id"]]


def test_a_hidden_post_leaves_listings_but_stays_reachable(api, clock):
    viewer = api.new_user()
    post = api.create_post(api.new_user(), "hide me", location=PARIS)
    assert api.put(f"/v1/posts/{post['id']}/hidden", viewer).status_code == 204
    assert api.get("/v1/nearby", viewer, query_string=PARIS).get_json()["items"] == []
    assert api.get(f"/v1/posts/{post['id']}", viewer).status_code == 200
