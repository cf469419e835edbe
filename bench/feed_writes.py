"""bench.feed's write figures: posts, then hearts, per second through the services, jobs held,
each beside its baseline without the stored rank (issue 15: "no slower with the rank maintenance
included"): the post through the same service with `bench.naive_post` (posts.create without the
rank) served in place of `posts.create`, the heart as it was before the rank (`bench.naive_heart`).
A write and its baseline alternate round by round, ABBA, on the same process and database, so the
machine's drift and Neo4j's warming favour neither; the two rates compare, the absolute ones follow
the machine.

Each write is first warmed up untimed (``warmup`` writes per writer, through the same threads). On a
fresh process and database the first post takes seconds (every write statement's plan compiled,
YAKE's first run) and the next few hundred are slower while Neo4j's JIT warms up (one writer at
10,000 accounts: p50 39 ms over the first 50 posts, 18 ms by the 200th, 11 to 16 ms after 400); the
first writes also create the shared `#bench` tag concurrently, where a transaction can fail with
"read outdated data" and the driver sleeps 1 to 4 s before retrying it. The warm-up's own rate is
reported (``*_cold_per_s``), and so are the driver's retries (``*_retries``, ``*_warmup_retries``),
so a figure shows whether retries explain it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import HeldJobs
from secret_graph import visibility
from secret_graph.context import Context
from secret_graph.db.cypher import Statement
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.db.cypher import posts as posts_cypher
from secret_graph.feeds import services as feeds
from secret_graph.posts import services as posts
from secret_graph.seed.generate import ENDINGS, OPENINGS

WARMUP = 100
ROUNDS = 2  # timed rounds per write, alternated with its baseline's (ABBA)


class RetryCount(logging.Handler):
    """Counts the driver's "Transaction failed and will be retried" warnings (logger neo4j.pool)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:  # called under the handler's lock
        if "will be retried" in str(record.msg):
            self.count += 1


def write_throughput(
    ctx: Context,
    viewers: list[str],
    seconds: float,
    *,
    limit: int,
    writers: int = 2,
    warmup: int = WARMUP,
    rounds: int = ROUNDS,
) -> dict[str, Any]:
    """Posts, then hearts on those posts, per second through the services (their jobs enqueued, not
    run), each beside its baseline without the stored rank, the two alternated round by round."""
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
    figures: dict[str, Any] = {"warmup_per_writer": warmup, "rounds": rounds}
    naive = functools.partial(_served_as, posts_cypher.create, bench_cypher.naive_post.text)
    try:
        figures.update(
            _alternated(("posts", post, None), ("posts_naive", post, naive), seconds, writers, warmup, rounds, retries)
        )
        for viewer in viewers:
            page = feeds.feed(ctx=ctx, viewer_id=viewer, sort="recent", limit=limit)
            visible.extend((viewer, item["id"]) for item in page.items)
        figures.update(
            _alternated(
                ("hearts", heart, None), ("hearts_naive", naive_heart, None), seconds, writers, warmup, rounds, retries
            )
        )
    finally:
        driver_log.removeHandler(retries)
    figures["jobs_enqueued"] = len(held.held)
    return figures


@contextlib.contextmanager
def _served_as(statement: Statement, text: str) -> Iterator[None]:
    """``statement`` runs ``text`` meanwhile (how the mutation check serves other text): the post
    baseline is the same service with `bench.naive_post` for `posts.create`."""
    original, statement.text = statement.text, text
    try:
        yield
    finally:
        statement.text = original


Write = tuple[str, Callable[[int], None], Callable[[], contextlib.AbstractContextManager[None]] | None]


def _alternated(
    first: Write, second: Write, seconds: float, writers: int, warmup: int, rounds: int, retries: RetryCount
) -> dict[str, Any]:
    """Each write warmed up (``warmup`` per writer, untimed), then ``rounds`` timed rounds of each,
    alternated ABBA... (a machine speeding up or slowing down through the run favours neither):
    ``seconds`` in all per write."""
    figures: dict[str, Any] = {}
    next_k = {first[0]: 0, second[0]: 0}  # per write: no write repeats an earlier one
    timed: dict[str, list[dict[str, float]]] = {first[0]: [], second[0]: []}
    for write in (first, second):
        cold = _round(write, next_k, writers, count=warmup * writers, retries=retries)
        figures[f"{write[0]}_cold_per_s"] = round(cold["done"] / cold["seconds"], 1) if warmup else None
        figures[f"{write[0]}_warmup_retries"] = cold["retries"]
    for index in range(rounds):
        for write in (first, second) if index % 2 == 0 else (second, first):
            timed[write[0]].append(_round(write, next_k, writers, seconds=seconds / rounds, retries=retries))
    for name, measured in timed.items():
        figures[f"{name}_per_s"] = round(sum(m["done"] for m in measured) / sum(m["seconds"] for m in measured), 1)
        figures[f"{name}_rounds_per_s"] = [round(m["done"] / m["seconds"], 1) for m in measured]
        figures[f"{name}_retries"] = sum(m["retries"] for m in measured)
    return figures


def _round(
    write: Write,
    next_k: dict[str, int],
    writers: int,
    *,
    retries: RetryCount,
    count: int | None = None,
    seconds: float | None = None,
) -> dict[str, float]:
    """``writers`` threads doing one write ``count`` times in all or for ``seconds``, starting together."""
    name, work, serve = write
    done = [0] * writers
    reached = [0] * writers
    failures: list[BaseException] = []
    marks: dict[str, float] = {}
    barrier = threading.Barrier(writers, action=lambda: marks.update(start=time.perf_counter(), retries=retries.count))
    start_k = next_k[name]

    def loop(index: int) -> None:
        k = start_k + index
        try:
            barrier.wait()
            while (count is None or sum(done) < count) and (
                seconds is None or time.perf_counter() < marks["start"] + seconds
            ):
                work(k)
                done[index] += 1
                k += writers
        except threading.BrokenBarrierError:
            return  # another writer failed: its error is reported
        except Exception as error:  # a dead writer would quietly halve the figure
            failures.append(error)
            barrier.abort()
        finally:
            reached[index] = k

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(writers)]
    with serve() if serve else contextlib.nullcontext():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failures:
        raise RuntimeError(f"a {name} writer failed") from failures[0]
    next_k[name] = max(reached)  # every k used so far is below it
    return {
        "done": sum(done),
        "seconds": time.perf_counter() - marks["start"],
        "retries": retries.count - marks["retries"],
    }
