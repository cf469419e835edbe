"""Attack: differencing with the personal controls. The attacker mutes, hides, blocks, subscribes or
unsubscribes, and compares their feed, notifications, explore and tag pages before and after. Each
action may only change what its own target names (the post hidden or blocked from, the posts holding
the muted word, the collection's posts); anything more would be a set of posts the action linked,
i.e. learnt authorship. docs/threat-model.md, "Differencing with the personal controls"."""

from __future__ import annotations

from secret_graph.collections import services as collections


def _pages(api, user, path: str) -> dict[str, str]:
    items, cursor = {}, None
    while True:
        page = api.get(path, user, query_string={"cursor": cursor} if cursor else {}).get_json()
        items.update({item["id"]: item["label"] for item in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return items


def _views(api, ctx, user) -> dict[str, dict]:
    ctx.jobs.drain()
    notes = api.get("/v1/notifications", user).get_json()["items"]
    return {
        "feed": api.labels(user),
        "explore": _pages(api, user, "/v1/explore"),
        "tag": _pages(api, user, "/v1/tags/weekend/posts"),
        "collection": _pages(api, user, "/v1/collections/open/posts"),
        "notifications": {n["post_id"]: n["kind"] for n in notes if n.get("post_id")},
    }


def _changed(before: dict[str, dict], after: dict[str, dict]) -> set[str]:
    """Every post id whose presence or label changed on any surface."""
    ids = set()
    for surface in before:
        old, new = before[surface], after[surface]
        ids |= {pid for pid in old.keys() | new.keys() if old.get(pid) != new.get(pid)}
    return ids


def _scene(api, ctx, clock):
    collections.create(ctx=ctx, slug="open", title="Open")
    attacker = api.new_user()
    circle = api.open_circle(attacker, clock)
    suspect, others = circle[0], circle[1:3]
    posts: dict[str, list[str]] = {"suspect": [], "others": []}
    texts = ["my weekend #weekend", "a quiet weekend, rain", "nothing about it"]
    for i, text in enumerate(texts):
        for who, author in (("suspect", suspect), *(("others", o) for o in others)):
            posts[who].append(api.create_post(author, text, audience="world")["id"])
            clock.advance(seconds=1)
        posts["suspect"].append(api.create_post(suspect, f"in the collection {i}", collection="open")["id"])
        posts["others"].append(api.create_post(others[0], f"also in it {i}", collection="open")["id"])
    clock.advance(seconds=60)
    return attacker, posts


def test_hiding_muting_and_blocking_change_only_what_they_name(api, ctx, clock):
    attacker, posts = _scene(api, ctx, clock)
    views = _views(api, ctx, attacker)
    assert set(posts["suspect"]) <= set(views["feed"]) | set(views["collection"])
    target = posts["suspect"][0]  # "my weekend #weekend", by the suspect

    assert api.put(f"/v1/posts/{target}/hidden", attacker).status_code == 204
    after = _views(api, ctx, attacker)
    assert _changed(views, after) == {target}, "hiding one post moved another"
    views = after

    assert api.put("/v1/me/muted-words", attacker, json={"words": ["rain"]}).status_code == 200
    after = _views(api, ctx, attacker)
    rainy = {pid for pid in views["explore"] if "rain" in api.get(f"/v1/posts/{pid}", attacker).get_json()["text"]}
    assert _changed(views, after) == rainy and len(rainy) == 3, "muting moved a post without the word"
    views = after

    blocked_from = posts["suspect"][3]  # the suspect's second collection post
    assert api.post(f"/v1/posts/{blocked_from}/block", attacker).status_code == 204
    after = _views(api, ctx, attacker)
    assert _changed(views, after) == {blocked_from}, "a block made another of the author's posts vanish"


def test_subscribing_and_unsubscribing_change_only_the_collections_posts(api, ctx, clock):
    attacker, _ = _scene(api, ctx, clock)
    in_collection = set(_pages(api, attacker, "/v1/collections/open/posts"))
    assert len(in_collection) == 6
    before = _views(api, ctx, attacker)
    assert api.put("/v1/collections/open/subscription", attacker).status_code in (200, 204)
    subscribed = _views(api, ctx, attacker)
    # Friends' collection posts were already in the feed as `friend`: subscribing changes no label, and
    # whatever it adds is the collection's posts, all of them, whoever wrote them.
    assert _changed(before, subscribed) <= in_collection
    assert in_collection <= set(subscribed["feed"])
    assert api.delete("/v1/collections/open/subscription", attacker).status_code in (200, 204)
    assert _views(api, ctx, attacker) == before
