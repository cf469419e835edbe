"""The `circle` statement fetches enough outside friends for the matching rule to be exact.

Under `matching`, each counted friend needs `m` outside friends of its own. The statement cuts each
friend's list at k·m (a friend with that many is never short); cutting it at m would lose the
friends' own outsiders behind shared ones and close an honest circle.
"""

from __future__ import annotations

import dataclasses

from secret_graph import visibility
from secret_graph.db.cypher import bench

DAY = 86_400_000


def test_friends_whose_first_outsiders_are_shared_still_count_under_matching(ctx):
    settings = dataclasses.replace(ctx.settings, circle_rule="matching", min_trust=0.0)
    ctx = dataclasses.replace(ctx, settings=settings)
    k, m = settings.min_friends, settings.friend_min_outside
    assert m >= 2  # the point: more outsiders per friend than the m shared ones
    now = ctx.clock.now_ms()
    friends = [f"friend-{i}" for i in range(k)]
    own = [f"own-{i}-{j}" for i in range(k) for j in range(m)]
    shared = [f"shared-{j}" for j in range(m)]
    ids = ["viewer", *friends, *own, *shared]
    ctx.db.write(
        lambda tx: bench.bulk_accounts(
            tx, rows=[{"id": i, "created_at": now - 60 * DAY, "key": f"key-{i}"} for i in ids]
        )
    )

    def befriend(pairs: list[tuple[str, str]]) -> None:
        rows = [{"a": a, "b": b, "since": now - 30 * DAY} for a, b in pairs]
        ctx.db.write(lambda tx: bench.bulk_friendships(tx, rows=rows))

    befriend([("viewer", f) for f in friends])
    befriend([(f, f"own-{i}-{j}") for i, f in enumerate(friends) for j in range(m)])
    # Written last, the shared outsiders come first when Neo4j expands a friend's friendships
    # (newest first): a statement cut at m per friend would see only these m, for every friend.
    befriend([(f, s) for f in friends for s in shared])

    state = ctx.db.read(lambda tx: visibility.circle_state(tx, ctx=ctx, viewer_id="viewer", now=now))
    # Each friend has its own m outsiders: the matching gives every friend m of its own.
    assert state["counted_friends"] == k and state["open"]
