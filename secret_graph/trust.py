"""The trust score: how well the honest part of the graph vouches for an account (sybil defence).

SybilRank's idea (Cao et al., NSDI 2012): a short random walk from trusted seeds spreads over the
honest region, and enters a region of fake accounts only through the few friendships fakes got
from real people (attack edges), so fakes end up with little of it. We run it as personalised
PageRank (Graph Data Science's ``gds.pageRank`` with ``sourceNodes``) stopped after
``ceil(log2 n)`` iterations (the early termination that keeps the walk from mixing into the fake
region), and divide each account's share by its degree, so that a fake cannot gain score by
piling up friendships with other fakes. The score is stored as ``Account.trust`` (deleted with
the account), never returned by the API, and read by the circle rule when SECRET_GRAPH_MIN_TRUST
is set. See docs/analytics.md and docs/threat-model.md.
"""

from __future__ import annotations

import math
import time
import uuid
from typing import Any

from secret_graph.context import Context
from secret_graph.db.cypher import graphs, trust

# The walk continues with this probability at each step (restarts at a seed otherwise).
DAMPING = 0.85


def recompute(*, ctx: Context) -> dict[str, Any]:
    """Recompute every account's trust score from the current friendship graph."""
    settings = ctx.settings
    started = time.monotonic()
    graph = f"trust-{uuid.uuid4().hex}"
    # In id order: Louvain's partition (and so the seeds) follows the order it visits the nodes in.
    projected = ctx.db.read(lambda tx: graphs.friends_in_id_order.single(tx, graph=graph))
    try:
        seeds = ctx.db.read(
            lambda tx: [
                row["id"]
                for row in trust.seeds(
                    tx,
                    graph=graph,
                    accounts=max(1, projected["accounts"]),
                    now=ctx.clock.now_ms(),
                    min_age_ms=settings.trust_seed_min_age_s * 1000,
                    min_friends=settings.min_friends,
                    limit=settings.trust_seeds,
                )
            ]
        )
        iterations = max(1, math.ceil(math.log2(max(2, projected["accounts"]))))
        if not seeds:
            # GDS would walk from every account (plain PageRank): fakes would score like anyone.
            # A young service has no account old enough yet; its scores stay as they are.
            return {"accounts": projected["accounts"], "seeds": 0, "iterations": 0, "reached": 0, "seconds": 0.0}
        # job: a periodic job (daily, after SECRET_GRAPH_FRIEND_MIN_AGE_S has aged new friends)
        result = ctx.db.write(
            lambda tx: trust.score.single(
                tx,
                graph=graph,
                seed_ids=seeds,
                damping=DAMPING,
                iterations=iterations,
                volume=projected["volume"],
            ),
            retry_window_s=600,
        )
    finally:
        ctx.db.read(lambda tx: graphs.drop(tx, graph=graph))
    return {
        "accounts": projected["accounts"],
        "seeds": len(seeds),
        "iterations": iterations,
        "reached": result["reached"] if result else 0,
        "seconds": round(time.monotonic() - started, 2),
    }
