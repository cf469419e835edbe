"""The `circle` statement fetches enough outside friends for the matching rule to be exact.

Under `matching`, each counted friend needs `m` outside friends of its own. The statement cuts each
friend's list at k·m (a friend with that many is never short); cutting it at m would lose the
friends' own outsiders behind shared ones and close an honest circle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from secret_graph import visibility
from secret_graph.db.cypher import bench
from secret_graph.db.cypher import visibility as visibility_cypher

DAY = 86_400_000


def _matching(ctx):
    """The context under the `matching` rule, trust off."""
    return dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, circle_rule="matching", min_trust=0.0))


def _accounts(ctx, ids: list[str], now: int) -> Callable[[list[tuple[str, str]]], None]:
    """Accounts two months old; returns a function making month-old friendships between them, a
    batch per call (Neo4j expands the newest first)."""
    rows = [{"id": i, "created_at": now - 60 * DAY, "key": f"key-{i}"} for i in ids]
    ctx.db.write(lambda tx: bench.bulk_accounts(tx, rows=rows))

    def befriend(pairs: list[tuple[str, str]]) -> None:
        friendships = [{"a": a, "b": b, "since": now - 30 * DAY} for a, b in pairs]
        ctx.db.write(lambda tx: bench.bulk_friendships(tx, rows=friendships))

    return befriend


def test_friends_whose_first_outsiders_are_shared_still_count_under_matching(ctx):
    ctx = _matching(ctx)
    k, m = ctx.settings.min_friends, ctx.settings.friend_min_outside
    assert m >= 2  # the point: more outsiders per friend than the m shared ones
    now = ctx.clock.now_ms()
    friends = [f"friend-{i}" for i in range(k)]
    own = [f"own-{i}-{j}" for i in range(k) for j in range(m)]
    shared = [f"shared-{j}" for j in range(m)]
    befriend = _accounts(ctx, ["viewer", *friends, *own, *shared], now)

    befriend([("viewer", f) for f in friends])
    befriend([(f, f"own-{i}-{j}") for i, f in enumerate(friends) for j in range(m)])
    # Written last, the shared outsiders come first when Neo4j expands a friend's friendships
    # (newest first): a statement cut at m per friend would see only these m, for every friend.
    befriend([(f, s) for f in friends for s in shared])

    state = ctx.db.read(lambda tx: visibility.circle_state(tx, ctx=ctx, viewer_id="viewer", now=now))
    # Each friend has its own m outsiders: the matching gives every friend m of its own.
    assert state["counted_friends"] == k and state["open"]


def test_a_circle_opened_only_by_friends_past_the_first_try_is_open(ctx):
    """`matching` first weighs FIRST_TRY_FACTOR * k candidate friends; when they do not open the
    circle, it weighs them all: here the first ones share the same m outsiders (one of them counts)
    and the rest have their own."""
    ctx = _matching(ctx)
    settings = ctx.settings
    k, m = settings.min_friends, settings.friend_min_outside
    now = ctx.clock.now_ms()
    first_try = visibility.FIRST_TRY_FACTOR * k
    rich = [f"rich-{i}" for i in range(k - 1)]
    poor = [f"poor-{i}" for i in range(first_try)]
    own = [f"own-{i}-{j}" for i in range(k - 1) for j in range(m)]
    shared = [f"shared-{j}" for j in range(m)]
    befriend = _accounts(ctx, ["viewer", *rich, *poor, *own, *shared], now)

    befriend([(f, f"own-{i}-{j}") for i, f in enumerate(rich) for j in range(m)])
    befriend([(f, s) for f in poor for s in shared])
    befriend([("viewer", f) for f in rich])
    befriend([("viewer", f) for f in poor])  # written last: expanded first, so the first try is these

    first = ctx.db.read(
        lambda tx: visibility_cypher.circle.single(
            tx,
            viewer_id="viewer",
            now=now,
            min_age_ms=settings.friend_min_age_s * 1000,
            min_outside=m,
            min_trust=0.0,
            cap=k * m,
            max_rows=first_try,
        )
    )
    first_counted = visibility.counted_friends(first["outside_friends"], rule="matching", min_friends=k, min_outside=m)
    assert first_counted < k, "the first try should fall short here, or this test shows nothing"
    state = ctx.db.read(lambda tx: visibility.circle_state(tx, ctx=ctx, viewer_id="viewer", now=now))
    assert state["open"] and state["counted_friends"] == k  # one poor friend and the k - 1 rich ones
