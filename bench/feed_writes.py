"""bench.feed's write figures: posts, then hearts, per second through the services, jobs held.

Each timed window follows an untimed warm-up (``warmup`` writes per writer, through the same
threads). On a fresh process and database the first post takes seconds (every write statement's
plan compiled, YAKE's first run) and the next few hundred are slower while Neo4j's JIT warms up
(one writer at 10,000 accounts: p50 39 ms over the first 50 posts, 18 ms by the 200th, 11 to 16 ms
after 400); the first writes also create the shared `#bench` tag concurrently, where a transaction
can fail with "read outdated data" and the driver sleeps 1 to 4 s before retrying it. The warm-up
does not reach the steady state on a fresh Neo4j: a window right after a fresh seed ran at 100 to
115 posts/s where later windows of the same process ran 139 to 186 (`--write-warmup` widens it). The warm-up's own rate is reported beside the window's (``*_cold_per_s``), and
so are the driver's retries in each (``*_retries``, ``*_warmup_retries``), so a figure shows
whether retries explain it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

from bench.common import HeldJobs
from secret_graph import visibility
from secret_graph.context import Context
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.feeds import services as feeds
from secret_graph.posts import services as posts
from secret_graph.seed.generate import ENDINGS, OPENINGS

WARMUP = 100


class RetryCount(logging.Handler):
    """Counts the driver's "Transaction failed and will be retried" warnings (logger neo4j.pool)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:  # called under the handler's lock
        if "will be retried" in str(record.msg):
            self.count += 1


def write_throughput(
    ctx: Context, viewers: list[str], seconds: float, *, limit: int, writers: int = 2, warmup: int = WARMUP
) -> dict[str, float]:
    """Posts, then hearts on those posts, per second through the services (their jobs enqueued, not run)."""
    held = HeldJobs()
    ctx = dataclasses.replace(ctx, jobs=held)
    created: list[str] = []
    lock = threading.Lock()

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

    retries = RetryCount()
    driver_log = logging.getLogger("neo4j")
    driver_log.addHandler(retries)
    figures: dict[str, float] = {"warmup_per_writer": warmup}
    try:
        for name, work in (("posts", post), ("hearts", heart), ("hearts_naive", naive_heart)):
            if work is heart:
                for viewer in viewers:
                    page = feeds.feed(ctx=ctx, viewer_id=viewer, sort="recent", limit=limit)
                    visible.extend((viewer, item["id"]) for item in page.items)
            figures.update(_window(name, work, seconds, writers, warmup, retries))
    finally:
        driver_log.removeHandler(retries)
    figures["jobs_enqueued"] = len(held.held)
    return figures


def _window(name: str, work, seconds: float, writers: int, warmup: int, retries: RetryCount) -> dict[str, float]:
    """``warmup`` untimed writes per writer, then ``seconds`` timed, the writers starting together."""
    done = [0] * writers
    marks: dict[str, float] = {}
    failures: list[BaseException] = []
    barrier = threading.Barrier(writers, action=lambda: marks.update(warm=time.perf_counter(), retries=retries.count))

    def loop(index: int) -> None:
        k = index  # warm-up and window go on through the same k: no write repeats an earlier one
        try:
            for _ in range(warmup):
                work(k)
                k += writers
            barrier.wait()
            stop = marks["warm"] + seconds
            while time.perf_counter() < stop:
                work(k)
                done[index] += 1
                k += writers
        except threading.BrokenBarrierError:
            return  # another writer failed: its error is reported
        except Exception as error:  # a dead writer would quietly halve the figure
            failures.append(error)
            barrier.abort()

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(writers)]
    retries_before = retries.count
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"a {name} writer failed") from failures[0]
    ended = time.perf_counter()
    figures = {
        f"{name}_per_s": round(sum(done) / (ended - marks["warm"]), 1),
        f"{name}_retries": retries.count - marks["retries"],
        f"{name}_warmup_retries": marks["retries"] - retries_before,
    }
    if warmup:
        figures[f"{name}_cold_per_s"] = round(writers * warmup / (marks["warm"] - started), 1)
    return figures
