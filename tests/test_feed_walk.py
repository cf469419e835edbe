"""The feed's walk is skipped for a reach too sparse to fill a batch within its budget, and the
gather alone then gives the same pages (feeds.cypher, `feed_recent_walk`)."""

from __future__ import annotations

import pytest

from secret_graph import visibility
from secret_graph.db.cypher import bench
from secret_graph.db.cypher import feeds as feed_statements
from secret_graph.feeds import services as feeds

DAY = 86_400_000


@pytest.mark.parametrize("sort", ["recent", "popular"])
def test_a_sparse_reach_skips_the_walk_and_gets_the_same_pages(api, ctx, clock, monkeypatch, sort):
    viewer = api.new_user()
    friends = api.open_circle(viewer, clock)
    posts = [api.create_post(author, f"post {i}")["id"] for i, author in enumerate(friends * 5)]
    # Many accounts outside the viewer's reach: 5 friends of degree 3 reach 15 of about 420.
    now = ctx.clock.now_ms()
    others = [{"id": f"other-{i}", "created_at": now - 60 * DAY, "key": f"key-{i}"} for i in range(400)]
    ctx.db.write(lambda tx: bench.bulk_accounts(tx, rows=others))
    walk = feed_statements.feed_recent_walk if sort == "recent" else feed_statements.feed_popular_walk

    def walked(budget: int) -> int:
        """Rows of the walk's first batch with this budget."""
        query = dict(viewer_id=viewer.id, circle_open=True, sort=sort, since=0, until=ctx.clock.now_ms())
        query["viewer_key"] = visibility.audience_key(ctx, viewer.id)
        return len(
            ctx.db.read(
                lambda tx: walk(
                    tx, **query, scan_budget=budget, list_factor=12, after_key=None, after_id=None, batch=12
                )
            )
        )

    def pages(budget: int) -> list[tuple[str, str]]:
        monkeypatch.setattr(feeds, "WALK_BUDGET", budget)
        return [(item["id"], item["label"]) for item in api.feed(viewer, sort=sort, limit=4)]

    assert walked(5_000) == 12, "a dense enough reach for this budget: the walk fills the batch"
    assert walked(50) == 0, "too sparse for this budget: no walk, the gather does it all"
    walking, gathering = pages(5_000), pages(50)
    assert walking == gathering
    assert sorted(post_id for post_id, _ in walking) == sorted(posts)


@pytest.mark.parametrize("sort", ["recent", "popular"])
def test_the_listed_reach_and_the_per_post_author_test_propose_the_same_posts(api, ctx, clock, db, sort):
    """The walk lists the friends' friends once, or tests each post's author through the author's own
    friends (a hub's reach: `$list_factor` decides); both must propose exactly the reach's posts."""
    viewer = api.new_user()
    friends = api.open_circle(viewer, clock)
    middle, far, stranger = api.new_user(), api.new_user(), api.new_user()
    api.befriend(friends[0], middle)
    api.befriend(middle, far)
    expected = {
        api.create_post(viewer, "own")["id"],
        api.create_post(friends[1], "a friend's")["id"],
        api.create_post(middle, "a friend of a friend's")["id"],
    }
    hearted = api.create_post(far, "three steps away, hearted by a friend")["id"]
    db.autocommit(
        "MATCH (a:Account {id: $a}), (p:Post {id: $p}) CREATE (a)-[:HEARTED {at: 0}]->(p)", a=friends[0].id, p=hearted
    )
    expected.add(hearted)
    outside = {api.create_post(far, "three steps away")["id"], api.create_post(stranger, "a stranger's")["id"]}
    walk = feed_statements.feed_recent_walk if sort == "recent" else feed_statements.feed_popular_walk
    query = dict(viewer_id=viewer.id, circle_open=True, sort=sort, since=0, until=ctx.clock.now_ms())
    query["viewer_key"] = visibility.audience_key(ctx, viewer.id)

    def proposed(list_factor: int) -> set[str]:
        rows = ctx.db.read(
            lambda tx: walk(
                tx, **query, scan_budget=5_000, list_factor=list_factor, after_key=None, after_id=None, batch=100
            )
        )
        return {row["id"] for row in rows}

    per_post, listed = proposed(0), proposed(10**9)
    assert per_post == listed
    assert listed >= expected and not listed & outside
