"""Runtime of every analytics query on a synthetic graph (default 10,000 accounts).

    python -m bench.analytics_runtime [--accounts 10000] [--avg-friends 20] [--posts 50000]

The graph is bulk-loaded (Holme-Kim friendships, skewed posters, hearts, three collections); each
query runs three times and the median is reported.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from neo4j.exceptions import ClientError

from bench.common import benchmark_context, bulk_write, write_results
from secret_graph import analytics
from secret_graph.collections import services as collections
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.seed.graphgen import holme_kim

DAY = 86_400_000


def load(ctx, accounts: int, avg_friends: int, posts: int, rng: random.Random) -> None:
    now = ctx.clock.now_ms()
    rows = [
        {"id": f"acct-{n}", "created_at": now - rng.randrange(180) * DAY, "key": f"v1:bench-{n}"}
        for n in range(accounts)
    ]
    bulk_write(ctx, bench_cypher.bulk_accounts, rows, batch=5000)
    edges = holme_kim(accounts, max(1, avg_friends // 2), 0.5, rng)
    friendships = [{"a": f"acct-{a}", "b": f"acct-{b}", "since": now - rng.randrange(90) * DAY} for a, b in edges]
    bulk_write(ctx, bench_cypher.bulk_friendships, friendships)
    for slug in ("work", "school", "love"):
        collections.create(ctx=ctx, slug=slug, title=slug.title())
    weights = [1 / (rank + 1) for rank in range(accounts)]  # Zipf-like: a few heavy posters
    authors = rng.choices(range(accounts), weights=weights, k=posts)
    post_rows = [
        {
            "id": f"post-{n}",
            "author": f"acct-{author}",
            "text": "bench",
            "created_at": now - rng.randrange(30 * DAY),
            "collection": rng.choice(["work", "school", "love", None, None, None]),
        }
        for n, author in enumerate(authors)
    ]
    bulk_write(ctx, bench_cypher.bulk_posts, post_rows, batch=10_000)
    hearts = [
        {
            "account": f"acct-{rng.randrange(accounts)}",
            "post": f"post-{rng.randrange(posts)}",
            "at": now - rng.randrange(DAY),
        }
        for _ in range(posts)
    ]
    bulk_write(ctx, bench_cypher.bulk_hearts, hearts, batch=10_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--avg-friends", type=int, default=20)
    parser.add_argument("--posts", type=int, default=50_000)
    args = parser.parse_args()
    results: dict = {"accounts": args.accounts, "avg_friends": args.avg_friends, "posts": args.posts, "queries": {}}
    with benchmark_context() as ctx:
        started = time.perf_counter()
        load(ctx, args.accounts, args.avg_friends, args.posts, random.Random(11))
        results["load_s"] = round(time.perf_counter() - started, 1)
        for name in analytics.catalogue():
            samples, rows = [], []
            try:
                for _ in range(3):
                    started = time.perf_counter()
                    _, rows = analytics.run(ctx=ctx, name=name)
                    samples.append((time.perf_counter() - started) * 1000)
                results["queries"][name] = {"median_ms": round(statistics.median(samples), 1), "rows": len(rows)}
            except ClientError as error:  # the query's own timeout (analytics.TIMEOUT_S)
                results["queries"][name] = {"median_ms": f"timeout ({error.code.rsplit('.', 1)[-1]})", "rows": 0}
            print(name, results["queries"][name], flush=True)
    lines = [
        f"Analytics on {args.accounts:,} accounts, ~{args.avg_friends} friends each, {args.posts:,} posts "
        f"(load {results['load_s']} s; median of 3 runs)",
        "",
        "| query | median ms | rows |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {r['median_ms']} | {r['rows']} |" for name, r in results["queries"].items()]
    text = "\n".join(lines) + "\n"
    path = write_results("analytics_runtime", results, text)
    print(text)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
