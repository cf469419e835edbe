"""How the stored `popular` rank compares with the old clock-dependent score, on a seeded database.

    NEO4J_URI=bolt://127.0.0.1:7687 python -m bench.rank_choice [--top 200]

The old score, `(hearts + 2*comments + 1) / (age_hours + 2)^1.5` over 7 days, scored at the newest
post's time, against `log10(max(hearts + w*comments, 1)) + created_at / period` for a few periods
and comment weights: how much of the old top N each keeps, and how old and how engaged its top N is.
docs/visibility.md ("Popular") records the run that chose the period and the weight.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics

from neo4j import GraphDatabase

HOUR_MS = 3_600_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=200)
    args = parser.parse_args()
    with GraphDatabase.driver(os.environ["NEO4J_URI"]) as driver:
        records = driver.execute_query(
            "MATCH (p:Post) RETURN p.created_at AS t, COUNT { (p)<-[:HEARTED]-() } AS h, COUNT { (p)<-[:ON]-() } AS c"
        ).records
    posts = [(r["t"], r["h"], r["c"]) for r in records]
    now = max(t for t, _, _ in posts)

    def old(post: tuple[int, int, int]) -> float:
        t, h, c = post
        return (h + 2 * c + 1) / (((now - t) / HOUR_MS + 2) ** 1.5) if now - t <= 7 * 24 * HOUR_MS else -1.0

    def describe(top: list[int], weight: int) -> str:
        age = statistics.median((now - posts[i][0]) / HOUR_MS for i in top)
        engagement = statistics.median(posts[i][1] + weight * posts[i][2] for i in top)
        return f"median age {age:.1f} h, median engagement {engagement}"

    order = sorted(range(len(posts)), key=lambda i: -old(posts[i]))[: args.top]
    print(f"{len(posts):,} posts; old score top {args.top}: {describe(order, 2)}")
    print(f"| period | comment weight | share of the old top {args.top} kept | top {args.top} |")
    print("|---|---:|---:|---|")
    for hours in (3, 6, 12.5, 24):
        for weight in (1, 2, 3):

            def hot(post: tuple[int, int, int], hours: float = hours, weight: int = weight) -> float:
                t, h, c = post
                return math.log10(max(h + weight * c, 1)) + t / (hours * HOUR_MS)

            top = sorted(range(len(posts)), key=lambda i: -hot(posts[i]))[: args.top]
            kept = len(set(order) & set(top)) / args.top
            print(f"| {hours:g} h | {weight} | {kept:.2f} | {describe(top, weight)} |")


if __name__ == "__main__":
    main()
