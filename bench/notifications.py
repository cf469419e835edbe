"""Notification fan-out: what posting pays, and how long until every friend has heard.

    python -m bench.notifications [--accounts 1000] [--avg-friends 50] [--friends 150] [--posts 100]

A seeded network (`secret-graph seed`) plus one author with ``--friends`` friends, each of whose
circle is open. Figures:

* posting, p50/p95 over ``--posts`` posts: through the service with the notification hook, and
  with the hook replaced by nothing (the difference is what notifications add to posting), and the
  enqueue call alone;
* fan-out of one post by the author: the time until every "a friend posted" notification is
  written and every push sent (in-process broker, the dev push backend, one device per friend),
  with the number of notifications and pushes;
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time

from bench.common import HeldJobs, benchmark_context, summary, write_results
from secret_graph.adapters.push import DevPushSender
from secret_graph.context import Context
from secret_graph.notifications import services as notifications
from secret_graph.posts import services as posts
from secret_graph.seed import services as seeding

DAY_MS = 86_400_000


def add_author(ctx: Context, friends: int, rng: random.Random) -> tuple[str, list[str]]:
    """A new account with ``friends`` friends chosen among the seeded ones (friends for 30 days: past every new-account limit)."""
    now = ctx.clock.now_ms()
    ids = ctx.db.read(lambda tx: [r["id"] for r in tx.run("MATCH (a:Account) RETURN a.id AS id")])
    chosen = rng.sample(ids, min(friends, len(ids)))
    author = "bench-author-" + str(rng.randrange(10**9))

    def work(tx):
        tx.run("CREATE (:Account {id: $id, created_at: $at})", id=author, at=now - 30 * DAY_MS).consume()
        tx.run(
            "MATCH (a:Account {id: $id}) UNWIND $friends AS fid MATCH (f:Account {id: fid}) "
            "CREATE (a)-[:FRIEND {since: $at}]->(f)",
            id=author,
            friends=chosen,
            at=now - 30 * DAY_MS,
        ).consume()

    ctx.db.write(work)
    # Seeded accounts are as old as their seeding: make every circle count (age is not what is
    # measured). In batches: 2.5 million friendships at 100,000 accounts outgrow one transaction.
    ctx.db.autocommit(
        "MATCH (a:Account) CALL (a) { SET a.created_at = $at } IN TRANSACTIONS OF 20000 ROWS", at=now - 30 * DAY_MS
    )
    ctx.db.autocommit(
        "MATCH ()-[f:FRIEND]->() CALL (f) { SET f.since = $at } IN TRANSACTIONS OF 20000 ROWS", at=now - 30 * DAY_MS
    )
    for friend in chosen:
        notifications.put_device(ctx=ctx, account_id=friend, device_id="bench", platform="fcm", token="t" * 64)
    return author, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--avg-friends", type=int, default=50)
    parser.add_argument("--friends", type=int, default=150)
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--fanouts", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(1)
    with benchmark_context() as base:
        # Notices are capped per recipient per day; the bench sends many posts to the same friends.
        roomy = dataclasses.replace(base.settings, friend_post_notices_per_day=10**6)
        ctx = dataclasses.replace(base, settings=roomy, push=DevPushSender())
        seeding.create(ctx=ctx, plan=seeding.Plan(accounts=args.accounts, avg_friends=args.avg_friends, seed=1))
        author, friends = add_author(ctx, args.friends, rng)

        # Fan-out: one post, until every notification is written and pushed.
        fanout_ms, notified, pushed = [], [], []
        for n in range(args.fanouts):
            ctx.jobs.drain()
            sent_before = len(ctx.push.sent)
            started = time.perf_counter()
            post = posts.create(ctx=ctx, account_id=author, text=f"fan-out {n}")
            ctx.jobs.drain()
            fanout_ms.append((time.perf_counter() - started) * 1000)
            count = ctx.db.read(
                lambda tx, pid=post["id"]: tx.run(
                    "MATCH (n:Notification {post_id: $id}) RETURN count(n) AS n", id=pid
                ).single()["n"]
            )
            notified.append(count)
            pushed.append(len(ctx.push.sent) - sent_before)

        # Posting with and without the hook, interleaved. The fan-outs these posts send are held,
        # not run: a deployment runs them on a worker, and at 100,000 accounts each is thousands of
        # notices, which would share the cores with the posting being timed.
        original = posts.notifications.post_published
        holding = dataclasses.replace(ctx, jobs=HeldJobs())
        with_hook, without_hook = [], []
        try:
            for n in range(args.posts):
                for samples, hook in ((with_hook, original), (without_hook, lambda **_: None)):
                    posts.notifications.post_published = hook
                    started = time.perf_counter()
                    posts.create(ctx=holding, account_id=author, text=f"post {n}")
                    samples.append((time.perf_counter() - started) * 1000)
        finally:
            posts.notifications.post_published = original
        enqueue = []
        for _ in range(args.posts):
            started = time.perf_counter()
            notifications.post_published(ctx=ctx, post_id="no-such-post", delay_ms=0)
            enqueue.append((time.perf_counter() - started) * 1000)
        ctx.jobs.drain()
        ctx.jobs.stop()

    results = {
        "accounts": args.accounts,
        "author_friends": len(friends),
        "fanout_ms": summary(fanout_ms),
        "notifications_per_post": notified,
        "pushes_per_post": pushed,
        "posting_with_notifications_ms": summary(with_hook),
        "posting_without_notifications_ms": summary(without_hook),
        "enqueue_ms": summary(enqueue),
    }
    table = "\n".join(
        [
            f"# Notification fan-out ({args.accounts} accounts, an author with {len(friends)} friends)",
            "",
            "| figure | n | p50 ms | p95 ms | max ms |",
            "|---|---|---|---|---|",
            *(
                f"| {name} | {s['n']} | {s['p50']} | {s['p95']} | {s['max']} |"
                for name, s in (
                    ("post to every notice written and pushed", results["fanout_ms"]),
                    ("posting, with the notification hook", results["posting_with_notifications_ms"]),
                    ("posting, hook replaced by nothing", results["posting_without_notifications_ms"]),
                    ("the enqueue call alone", results["enqueue_ms"]),
                )
            ),
            "",
            f"Notifications per post: {notified}; pushes per post: {pushed}.",
            "",
        ]
    )
    path = write_results("notifications", results, table)
    print(table)
    print(path)


if __name__ == "__main__":
    main()
