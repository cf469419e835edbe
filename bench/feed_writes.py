"""bench.feed's write figures: posts, then hearts, per second through the services, jobs held."""

from __future__ import annotations

import dataclasses
import threading
import time

from bench.common import HeldJobs
from secret_graph import visibility
from secret_graph.context import Context
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.feeds import services as feeds
from secret_graph.posts import services as posts
from secret_graph.seed.generate import ENDINGS, OPENINGS


def write_throughput(
    ctx: Context, viewers: list[str], seconds: float, *, limit: int, writers: int = 2
) -> dict[str, float]:
    """Posts, then hearts on those posts, per second through the services (their jobs enqueued, not run)."""
    held = HeldJobs()
    ctx = dataclasses.replace(ctx, jobs=held)
    created: list[str] = []
    lock = threading.Lock()

    failures: list[BaseException] = []

    def loop(work, index: int) -> None:
        stop = time.perf_counter() + seconds
        k = index
        try:
            while time.perf_counter() < stop:
                work(k)
                k += writers
        except Exception as error:  # a dead writer would quietly halve the figure
            failures.append(error)

    def post(k: int) -> None:
        # The seed's phrases, not a counter: a long digit run reads as a phone number, which posts refuse.
        text = f"{OPENINGS[k % len(OPENINGS)]} {ENDINGS[k // len(OPENINGS) % len(ENDINGS)]} #bench"
        made = posts.create(ctx=ctx, account_id=viewers[k % len(viewers)], text=text)
        with lock:
            created.append(made["id"])

    # A viewer may only heart what it can see, so hearts go to posts from each viewer's own feed.
    visible: list[tuple[str, str]] = []

    def heart(k: int) -> None:
        viewer_id, post_id = visible[(2 * k) % len(visible)]
        posts.heart(ctx=ctx, viewer_id=viewer_id, post_id=post_id, hearted=True)

    def naive_heart(k: int) -> None:
        """The heart without rank maintenance, on the other half of the pairs."""
        viewer_id, post_id = visible[(2 * k + 1) % len(visible)]
        now = ctx.clock.now_ms()

        def work(tx):
            visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
            return bench_cypher.naive_heart.single(tx, viewer_id=viewer_id, post_id=post_id, now=now)

        ctx.db.write(work)

    figures = {}
    for name, work in (("posts", post), ("hearts", heart), ("hearts_naive", naive_heart)):
        if work is heart:
            for viewer in viewers:
                page = feeds.feed(ctx=ctx, viewer_id=viewer, sort="recent", limit=limit)
                visible.extend((viewer, item["id"]) for item in page.items)
        done = [0] * writers

        def counted(k: int, work=work, done=done) -> None:
            work(k)
            done[k % writers] += 1

        threads = [threading.Thread(target=loop, args=(counted, i)) for i in range(writers)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise RuntimeError(f"a {name} writer failed") from failures[0]
        figures[f"{name}_per_s"] = round(sum(done) / (time.perf_counter() - started), 1)
    figures["jobs_enqueued"] = len(held.held)
    return figures
