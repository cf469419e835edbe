"""Whisper's half: image upload (a 3 MB, 12-megapixel JPEG) and explore page latency.

    python -m bench.whisper [--accounts 1000] [--posts 20000] [--world-share 0.3] [--uploads 15] [--pages 50]

Upload: `images.upload` end to end (decode, orientation, downscale to 1600 px, re-encode, blurhash,
perceptual hash, blocklist check, local media store, Neo4j), and the pipeline alone (wall and CPU time).
Explore: one 20-post page (`feeds.explore.explore`, recent and popular, and near Paris) for random
viewers on a bulk-loaded graph; the lead's issue asks for 100,000 accounts, the default here is small.
"""

from __future__ import annotations

import argparse
import io
import random
import time

import numpy
from PIL import Image

from bench.common import benchmark_context, bulk_write, summary, timed, write_results
from secret_graph import geo
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.feeds import explore
from secret_graph.images import pipeline
from secret_graph.images import services as images
from secret_graph.seed.graphgen import holme_kim

DAY = 86_400_000
PARIS = (48.8606, 2.3376)


def twelve_megapixel_jpeg(seed: int) -> bytes:
    """A 4000x3000 JPEG of about 3 MB: a smooth picture with sensor-like noise (as a phone photo)."""
    rng = numpy.random.default_rng(seed)
    small = Image.fromarray(rng.integers(0, 256, (12, 16, 3), dtype=numpy.uint8))
    base = numpy.asarray(small.resize((4000, 3000), Image.Resampling.BICUBIC), dtype=numpy.int16)
    noisy = numpy.clip(base + rng.normal(0, 9, base.shape), 0, 255).astype(numpy.uint8)
    out = io.BytesIO()
    Image.fromarray(noisy).save(out, "JPEG", quality=88)
    return out.getvalue()


def load(ctx, accounts: int, posts: int, world_share: float, rng: random.Random) -> None:
    now = ctx.clock.now_ms()
    rows = [
        {"id": f"acct-{n}", "created_at": now - rng.randrange(180) * DAY, "key": f"v1:b-{n}"} for n in range(accounts)
    ]
    bulk_write(ctx, bench_cypher.bulk_accounts, rows, batch=5000)
    edges = holme_kim(accounts, 10, 0.5, rng)
    friendships = [{"a": f"acct-{a}", "b": f"acct-{b}", "since": now - rng.randrange(90) * DAY} for a, b in edges]
    bulk_write(ctx, bench_cypher.bulk_friendships, friendships)
    post_rows = [
        {
            "id": f"post-{n}",
            "author": f"acct-{rng.randrange(accounts)}",
            "text": "bench",
            "created_at": now - rng.randrange(30 * DAY),
            "collection": None,
        }
        for n in range(posts)
    ]
    bulk_write(ctx, bench_cypher.bulk_posts, post_rows)
    world = [
        {
            "id": row["id"],
            # A third of world posts near Paris (within ~20 km), the rest anywhere or nowhere.
            "geohash": geo.encode(PARIS[0] + rng.uniform(-0.2, 0.2), PARIS[1] + rng.uniform(-0.3, 0.3))
            if rng.random() < 0.33
            else None,
        }
        for row in post_rows
        if rng.random() < world_share
    ]
    bulk_write(ctx, bench_cypher.bulk_world, world)
    hearts = [
        {"account": f"acct-{rng.randrange(accounts)}", "post": f"post-{rng.randrange(posts)}", "at": now}
        for _ in range(posts)
    ]
    bulk_write(ctx, bench_cypher.bulk_hearts, hearts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--world-share", type=float, default=0.3)
    parser.add_argument("--uploads", type=int, default=15)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(17)
    photos = [twelve_megapixel_jpeg(seed) for seed in range(3)]
    with benchmark_context(heap="1g", pagecache="512m") as ctx:
        load(ctx, args.accounts, args.posts, args.world_share, rng)
        count = iter(range(10**9))
        pipeline_ms = timed(lambda: pipeline.process(photos[next(count) % 3]), args.uploads)
        pipeline_cpu_ms = []  # the machine may be shared: CPU time says what the work costs
        for n in range(args.uploads):
            started = time.process_time()
            pipeline.process(photos[n % 3])
            pipeline_cpu_ms.append((time.process_time() - started) * 1000)
        upload_ms = timed(
            lambda: images.upload(ctx=ctx, account_id="acct-0", data=photos[next(count) % 3], filename="a.jpg"),
            args.uploads,
        )
        viewers = [f"acct-{rng.randrange(args.accounts)}" for _ in range(args.pages)]
        results = {
            "accounts": args.accounts,
            "posts": args.posts,
            "world_share": args.world_share,
            "photo_bytes": [len(photo) for photo in photos],
            "pipeline_ms": summary(pipeline_ms),
            "pipeline_cpu_ms": summary(pipeline_cpu_ms),
            "upload_ms": summary(upload_ms),
        }
        for name, extra in (
            ("explore_recent", {"sort": "recent"}),
            ("explore_popular", {"sort": "popular"}),
            ("explore_paris_10km", {"sort": "recent", "lat": PARIS[0], "lon": PARIS[1], "radius_km": 10}),
        ):
            who = iter(viewers * 2)
            results[f"{name}_ms"] = summary(
                timed(
                    lambda extra=extra, who=who: explore.explore(ctx=ctx, viewer_id=next(who), limit=20, **extra),
                    len(viewers) - 1,
                )
            )
    table = [
        f"# Whisper: image upload and explore ({args.accounts} accounts, {args.posts} posts, "
        f"{args.world_share:.0%} to the world)\n",
        f"Photos: 4000x3000 JPEG, {min(results['photo_bytes']) / 1e6:.1f}-{max(results['photo_bytes']) / 1e6:.1f} MB.\n",
        "| what | n | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
    ]
    for key in (
        "pipeline_ms",
        "pipeline_cpu_ms",
        "upload_ms",
        "explore_recent_ms",
        "explore_popular_ms",
        "explore_paris_10km_ms",
    ):
        row = results[key]
        table.append(f"| {key[:-3]} | {row['n']} | {row['p50']} | {row['p95']} | {row['max']} |")
    text = "\n".join(table) + "\n"
    write_results("whisper", results, text)
    print(text)


if __name__ == "__main__":
    main()
