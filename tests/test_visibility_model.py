"""Model-based check: the service's feed equals a plain-set reference model of the visibility rules.

Hypothesis builds small random worlds (accounts of various ages, friendships formed at various
times, posts, hearts, a collection and its subscribers) through the real services on Neo4j; for
every viewer the feed must hold exactly the posts, with exactly the labels, the model predicts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secret_graph.collections import services as collections
from secret_graph.contacts import services as contacts
from secret_graph.db import queries
from secret_graph.db.database import run
from secret_graph.errors import NotFound
from secret_graph.feeds import services as feeds
from secret_graph.posts import services as posts
from tests.helpers import digest, phone

HOUR = 3_600_000
BASE = 1_900_000_000_000
NOW = BASE + 100 * HOUR
FEED = {"own", "friend", "friend_of_friend", "hearted_by_friend"}


@dataclass
class World:
    ages_h: list[int]
    friendships: dict[frozenset, int]  # pair -> hour formed
    posts: list[tuple[int, int, bool]]  # (author, hour, in the collection)
    hearts: list[tuple[int, int, int]]  # (account, post index, hour)
    subscribers: set[int]
    happened_hearts: dict[tuple[int, int], int] = field(default_factory=dict)


def model_feed(world: World, viewer: int, cfg) -> dict[int, str]:
    """The visibility table, in plain sets: {post index: label} for the viewer's feed."""

    def since(a, b):
        return world.friendships.get(frozenset((a, b)))

    def friends(x):
        return {y for pair in world.friendships for y in pair if x in pair and y != x}

    mine = friends(viewer)
    counted = [
        f
        for f in mine
        if world.ages_h[f] * HOUR >= cfg.friend_min_age_s * 1000
        and len(friends(f) - mine - {viewer}) >= cfg.friend_min_outside
    ]
    is_open = len(counted) >= cfg.min_friends
    feed = {}
    for index, (author, hour, in_collection) in enumerate(world.posts):
        label = None
        if author == viewer:
            label = "own"
        elif is_open and since(viewer, author) is not None and since(viewer, author) <= hour:
            label = "friend"
        elif is_open and any(
            since(viewer, m) is not None
            and since(m, author) is not None
            and max(since(viewer, m), since(m, author)) <= hour
            for m in mine - {author}
        ):
            label = "friend_of_friend"
        elif is_open and any(
            h in mine and since(viewer, h) <= at for (h, p), at in world.happened_hearts.items() if p == index
        ):
            label = "hearted_by_friend"
        elif in_collection:
            label = "collection"
        if label in FEED or (label == "collection" and viewer in world.subscribers):
            feed[index] = label
    return feed


@st.composite
def worlds(draw) -> World:
    n = draw(st.integers(min_value=3, max_value=6))
    pairs = [frozenset((a, b)) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    return World(
        ages_h=[draw(st.integers(min_value=0, max_value=72)) for _ in range(n)],
        friendships={pair: draw(st.integers(min_value=0, max_value=90)) for pair in chosen},
        posts=draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 95), st.booleans()), max_size=6)),
        hearts=draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 5), st.integers(0, 98)), max_size=5)),
        subscribers=set(draw(st.lists(st.integers(0, n - 1), max_size=n))),
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(world=worlds())
def test_feed_matches_the_reference_model(ctx, clock, world: World):
    cfg = dataclasses.replace(ctx.settings, min_friends=2, friend_min_outside=1, friend_min_age_s=86_400)
    ctx = dataclasses.replace(ctx, settings=cfg)
    ctx.db.autocommit(queries.get("migrations.wipe_data"))
    ids = [f"model-{i}" for i in range(len(world.ages_h))]
    numbers = [phone(6000 + i) for i in range(len(ids))]
    rows = [
        {"id": ids[i], "created_at": NOW - age * HOUR, "key": ctx.keyring.identifier_key("phone", digest(numbers[i]))}
        for i, age in enumerate(world.ages_h)
    ]
    ctx.db.write(lambda tx: run(tx, "bench.bulk_accounts", rows=rows))
    collections.create(ctx=ctx, slug="topic", title="Topic")
    for i in world.subscribers:
        collections.subscribe(ctx=ctx, viewer_id=ids[i], slug="topic", subscribed=True)

    events = [(hour, 0, pair) for pair, hour in world.friendships.items()]
    events += [(hour, 1, index) for index, (_, hour, _) in enumerate(world.posts)]
    events += [(hour, 2, (who, index)) for who, index, hour in world.hearts if index < len(world.posts)]
    post_ids: dict[int, str] = {}
    for hour, kind, what in sorted(events, key=lambda e: (e[0], e[1], str(e[2]))):
        clock.set(BASE + hour * HOUR)
        if kind == 0:
            a, b = sorted(what)
            contacts.add(ctx=ctx, account_id=ids[a], digests=[digest(numbers[b])], phones=[])
            contacts.add(ctx=ctx, account_id=ids[b], digests=[digest(numbers[a])], phones=[])
        elif kind == 1:
            author, _, in_collection = world.posts[what]
            made = posts.create(
                ctx=ctx, account_id=ids[author], text=f"post {what}", collection="topic" if in_collection else None
            )
            post_ids[what] = made["id"]
        elif what[1] in post_ids and (what[0], what[1]) not in world.happened_hearts:
            try:
                posts.heart(ctx=ctx, viewer_id=ids[what[0]], post_id=post_ids[what[1]], hearted=True)
                world.happened_hearts[(what[0], what[1])] = hour
            except NotFound:
                pass  # a viewer cannot heart what they cannot see

    clock.set(NOW)
    by_id = {post_id: index for index, post_id in post_ids.items()}
    for viewer in range(len(ids)):
        page = feeds.feed(ctx=ctx, viewer_id=ids[viewer], limit=50)
        actual = {by_id[item["id"]]: item["label"] for item in page.items}
        assert actual == model_feed(world, viewer, cfg), (viewer, world)
