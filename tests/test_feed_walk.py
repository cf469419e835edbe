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
            ctx.db.read(lambda tx: walk(tx, **query, scan_budget=budget, after_key=None, after_id=None, batch=12))
        )

    def pages(budget: int) -> list[tuple[str, str]]:
        monkeypatch.setattr(feeds, "WALK_BUDGET", budget)
        return [(item["id"], item["label"]) for item in api.feed(viewer, sort=sort, limit=4)]

    assert walked(5_000) == 12, "a dense enough reach for this budget: the walk fills the batch"
    assert walked(50) == 0, "too sparse for this budget: no walk, the gather does it all"
    walking, gathering = pages(5_000), pages(50)
    assert walking == gathering
    assert sorted(post_id for post_id, _ in walking) == sorted(posts)
