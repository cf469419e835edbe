"""Seeding: a realistic network written in UNWIND batches, synthetic or from a real edge list."""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from secret_graph.collections import services as collections_service
from secret_graph.context import Context
from secret_graph.db.cypher import Statement, posts
from secret_graph.db.cypher import seed as seed_cypher
from secret_graph.errors import Conflict, InvalidInput
from secret_graph.seed import generate
from secret_graph.seed.graphgen import holme_kim, read_edge_list
from secret_graph.seed.progress import Progress

ACCOUNT_BATCH = 10_000
FRIEND_BATCH = 20_000  # friendships per transaction
ADDRESS_BOOK_BATCH = 1_000  # accounts whose address book one transaction writes
WRITERS = 2


@dataclass(frozen=True)
class Plan:
    """What to seed. ``avg_friends`` is ignored when the friendships come from an edge list."""

    accounts: int
    avg_friends: int = 50
    posts: int = 0
    hearts: int = 0
    comments: int = 0
    collections: int = 0
    seed: int = 1
    triad_p: float = 0.5


def create(*, ctx: Context, plan: Plan, progress: Progress | None = None) -> dict[str, Any]:
    """Seed an empty database with a Holme-Kim network and its activity; returns counts and timings."""
    if plan.accounts < 1 or plan.avg_friends < 0 or min(plan.posts, plan.hearts, plan.comments, plan.collections) < 0:
        raise InvalidInput("accounts must be positive and the other counts non-negative")
    rng = random.Random(plan.seed)
    started = time.perf_counter()
    edges = holme_kim(plan.accounts, max(1, plan.avg_friends // 2), plan.triad_p, rng) if plan.avg_friends else []
    graph_s = time.perf_counter() - started
    return _write(ctx=ctx, plan=plan, n=plan.accounts, edges=edges, rng=rng, progress=progress, graph_s=graph_s)


def import_edges(*, ctx: Context, path: Path, plan: Plan, progress: Progress | None = None) -> dict[str, Any]:
    """Seed an empty database from a SNAP-style edge list: one account per node, books of neighbours."""
    started = time.perf_counter()
    try:
        n, edges = read_edge_list(path)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(f"cannot read the edge list: {error}", field="file") from error
    if n == 0:
        raise InvalidInput("the edge list holds no edges", field="file")
    rng = random.Random(plan.seed)
    return _write(
        ctx=ctx, plan=plan, n=n, edges=edges, rng=rng, progress=progress, graph_s=time.perf_counter() - started
    )


def _write(
    *,
    ctx: Context,
    plan: Plan,
    n: int,
    edges: list[tuple[int, int]],
    rng: random.Random,
    progress: Progress | None,
    graph_s: float,
) -> dict[str, Any]:
    progress = progress or Progress(stream=None)
    if not ctx.db.read(lambda tx: seed_cypher.is_empty.single(tx)["empty"]):
        raise Conflict("the database already holds accounts; seed an empty database")
    seconds: dict[str, float] = {"graph": graph_s}

    writer = _Writer(ctx, progress)
    try:
        return _stages(ctx=ctx, plan=plan, n=n, edges=edges, rng=rng, progress=progress, writer=writer, seconds=seconds)
    finally:
        writer.close()


def _stages(
    *,
    ctx: Context,
    plan: Plan,
    n: int,
    edges: list[tuple[int, int]],
    rng: random.Random,
    progress: Progress,
    writer: _Writer,
    seconds: dict[str, float],
) -> dict[str, Any]:
    now = ctx.clock.now_ms()

    def stage(name: str) -> None:
        writer.drain()
        seconds[name] = progress.end()

    progress.begin("accounts", n)
    net = generate.network(n, edges, keyring=ctx.keyring, now=now, rng=rng)
    for start in range(0, n, ACCOUNT_BATCH):
        rows = [
            {"id": net.ids[k], "created_at": net.created_at[k], "key": net.keys[k]}
            for k in range(start, min(n, start + ACCOUNT_BATCH))
        ]
        writer.submit(seed_cypher.accounts, len(rows), rows=rows)
    stage("accounts")

    progress.begin("friendships", len(edges))
    for rows in _friend_batches(net):
        writer.submit(seed_cypher.friendships, sum(len(row["friends"]) for row in rows), rows=rows)
    stage("friendships")

    progress.begin("address books", n)
    # 1,000 books (about 50,000 contact edges) a transaction: 2,500 took over a minute on a loaded
    # machine, past the local server's 60 s transaction timeout, and `seed --accounts 100000` died.
    for start in range(0, n, ADDRESS_BOOK_BATCH):
        ids = net.ids[start : start + ADDRESS_BOOK_BATCH]
        writer.submit(seed_cypher.address_books, len(ids), ids=ids)
    stage("address_books")

    slugs = generate.collection_slugs(plan.collections)
    progress.begin("collections", n)
    for slug in slugs:
        collections_service.create(ctx=ctx, slug=slug, title=slug.replace("-", " ").title())
    if slugs:
        subscriptions = [
            {"id": net.ids[k], "slug": slug, "since": net.created_at[k] + rng.randrange(generate.DAY_MS)}
            for k in range(n)
            for slug in rng.sample(slugs, k=min(len(slugs), rng.choices((0, 1, 2, 3), (40, 35, 15, 10))[0]))
        ]
        for start in range(0, len(subscriptions), FRIEND_BATCH):
            writer.submit(seed_cypher.subscriptions, 0, rows=subscriptions[start : start + FRIEND_BATCH])
    stage("collections")

    progress.begin("posts", plan.posts)
    table, post_batches = generate.posts(
        net,
        plan.posts,
        collections=slugs,
        now=now,
        jitter_ms=ctx.settings.delivery_jitter_s * 1000,
        backgrounds_file=ctx.settings.backgrounds_file,
        rng=rng,
    )
    for rows in post_batches:
        writer.submit(seed_cypher.posts, sum(len(row["posts"]) for row in rows), rows=rows)
    stage("posts")

    progress.begin("hearts", plan.hearts)
    hearts = generate.reactors(net, table, plan.hearts, now=now, mean_delay_ms=6 * generate.HOUR_MS, rng=rng)
    for rows in generate.heart_batches(net, table, hearts):
        writer.submit(seed_cypher.hearts, sum(len(row["hearts"]) for row in rows), rows=rows)
    stage("hearts")

    progress.begin("comments", plan.comments)
    comments = generate.reactors(net, table, plan.comments, now=now, mean_delay_ms=3 * generate.HOUR_MS, rng=rng)
    key = ctx.keyring.subkey("pseudonym")
    for rows in generate.comment_batches(net, table, comments, key=key, rng=rng):
        writer.submit(seed_cypher.comments, sum(len(row["comments"]) for row in rows), rows=rows)
    stage("comments")

    # The stored `popular` rank, by the API's own statement, once every heart and comment is in.
    progress.begin("ranks", len(table.ids))
    for start in range(0, len(table.ids), ACCOUNT_BATCH):
        batch = table.ids[start : start + ACCOUNT_BATCH]
        writer.submit(posts.rerank, len(batch), post_ids=batch, heart=None)
    stage("ranks")

    return {
        "plan": asdict(plan),
        "accounts": n,
        "friendships": len(edges),
        "posts": len(table.ids),
        "hearts": sum(len(v) for v in hearts.values()),
        "comments": sum(len(v) for v in comments.values()),
        "collections": len(slugs),
        "seconds": {stage: round(value, 2) for stage, value in seconds.items()},
        "total_s": round(sum(seconds.values()), 2),
    }


def _friend_batches(net: generate.Network) -> Iterable[list[dict]]:
    """Friendship rows grouped by the newer account, about FRIEND_BATCH edges per batch."""
    by_account: dict[int, list[dict]] = {}
    for (a, b), since in zip(net.edges, net.since, strict=True):
        by_account.setdefault(a, []).append({"id": net.ids[b], "since": since})
    rows = ({"id": net.ids[account], "friends": friends} for account, friends in by_account.items())
    return generate.batched(rows, lambda row: len(row["friends"]), FRIEND_BATCH)


# A batch takes seconds; with the API's 5 s window, a batch that met a deadlock or an outdated
# read on a hub (seen at 300,000 accounts) failed the whole seed after one attempt.
BATCH_RETRY_WINDOW_S = 300.0


class _Writer:
    """Runs write batches on WRITERS threads, so the server uses both cores while Python generates.

    Batches of one stage never share the node they group by; where they share others (a hub, a
    collection), a deadlock or an outdated read makes the driver retry the batch's transaction.
    """

    def __init__(self, ctx: Context, progress: Progress) -> None:
        self.ctx = ctx
        self.progress = progress
        self.pool = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="seed-writer")
        self.pending: list[Future] = []

    def submit(self, statement: Statement, size: int, **params: Any) -> None:
        while len(self.pending) >= 2 * WRITERS:
            self.pending.pop(0).result()
        future = self.pool.submit(
            self.ctx.db.write, lambda tx: statement(tx, **params), retry_window_s=BATCH_RETRY_WINDOW_S
        )
        future.add_done_callback(lambda _: self.progress.advance(size))
        self.pending.append(future)

    def drain(self) -> None:
        """Wait for every submitted batch; re-raises the first failure."""
        pending, self.pending = self.pending, []
        for future in pending:
            future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
