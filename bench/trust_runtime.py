"""Runtime of `secret-graph trust recompute` on a bulk-loaded graph (default 100,000 accounts).

    python -m bench.trust_runtime [--accounts 100000] [--avg-friends 20] [--runs 2]

Accounts join over 180 days and befriend by Holme-Kim (as bench/analytics_runtime.py loads them);
the recompute (projection, Louvain seed choice, personalised PageRank, writing every score) runs
``--runs`` times. Large graphs: wipe the database in batches afterwards (the bench's own wipe is
one transaction).
"""

from __future__ import annotations

import argparse
import json
import random
import time

from bench.common import benchmark_context, bulk_write
from secret_graph import trust
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.seed.graphgen import holme_kim

DAY = 86_400_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--avg-friends", type=int, default=20)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(3)
    with benchmark_context() as ctx:
        now = ctx.clock.now_ms()
        started = time.perf_counter()
        rows = [
            {"id": f"acct-{n}", "created_at": now - rng.randrange(180) * DAY, "key": f"v1:bench-{n}"}
            for n in range(args.accounts)
        ]
        bulk_write(ctx, bench_cypher.bulk_accounts, rows, batch=5000)
        edges = holme_kim(args.accounts, max(1, args.avg_friends // 2), 0.5, rng)
        friendships = [{"a": f"acct-{a}", "b": f"acct-{b}", "since": now - 100 * DAY} for a, b in edges]
        bulk_write(ctx, bench_cypher.bulk_friendships, friendships)
        load_s = round(time.perf_counter() - started, 1)
        print(json.dumps({"accounts": args.accounts, "friendships": len(edges), "load_s": load_s}), flush=True)
        for _ in range(args.runs):
            print(json.dumps(trust.recompute(ctx=ctx)), flush=True)


if __name__ == "__main__":
    main()
