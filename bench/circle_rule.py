"""How many honest circles each circle rule opens: the table of docs/threat-model.md (issue 19).

    python -m bench.circle_rule --edges ../shared/data/facebook_combined.txt   # ego-Facebook
    python -m bench.circle_rule --accounts 10000                               # the seeded graph
    python -m bench.circle_rule --accounts 10000 --time 300     # seed Neo4j, time the check per page

For every account of an honest graph (an edge list read in place, or `secret-graph seed`'s
Holme-Kim network with the same generator and parameters), and every k (SECRET_GRAPH_MIN_FRIENDS)
in 3..10 and m (SECRET_GRAPH_FRIEND_MIN_OUTSIDE) in 1..3: is the circle open under the `shared`
rule and under the `matching` rule? Every account is taken as old enough and trusted (the age and
trust rules are the same under both). The decision is `secret_graph.visibility.counted_friends`
itself, fed the neighbourhood the `circle` statement fetches (each friend's outside friends, up to
k*m), so the numbers are the service's. Also times that decision per account (the Python half of
the per-page cost; the statement's half is in docs/performance.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import time
from pathlib import Path

from bench.common import RESULTS, benchmark_context, summary
from secret_graph import visibility
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.seed import services as seeding
from secret_graph.seed.graphgen import holme_kim, read_edge_list
from secret_graph.seed.services import Plan
from secret_graph.visibility import counted_friends

KS = range(3, 11)
MS = range(1, 4)


def neighbourhoods(n: int, edges: list[tuple[int, int]]) -> list[set[int]]:
    friends: list[set[int]] = [set() for _ in range(n)]
    for a, b in edges:
        friends[a].add(b)
        friends[b].add(a)
    return friends


def outside_lists(friends: list[set[int]], viewer: int, m: int, cap: int) -> list[list[str]]:
    """What the `circle` statement returns for ``viewer``: per friend with ``m`` outside friends, up to ``cap``."""
    mine = friends[viewer]
    rows = []
    for f in mine:
        outside = []
        for x in friends[f]:
            if x != viewer and x not in mine:
                outside.append(str(x))
                if len(outside) >= cap:
                    break
        if len(outside) >= m:
            rows.append(outside)
    return rows


def measure(friends: list[set[int]], sample: int = 0, seed: int = 1) -> dict:
    n = len(friends)
    # A uniform sample of viewers estimates each share within about +-1 point at 10,000 (95%);
    # every account of a 100,000-account graph, 24 times over, is about 40 minutes of Python.
    viewers = sorted(random.Random(seed).sample(range(n), sample)) if 0 < sample < n else range(n)
    table, slowest = [], 0.0
    for k in KS:
        for m in MS:
            opened = {"shared": 0, "matching": 0}
            started = time.perf_counter()
            for viewer in viewers:
                rows = outside_lists(friends, viewer, m, k * m)
                shared = counted_friends(rows, rule="shared", min_friends=k, min_outside=m)
                opened["shared"] += shared >= k
                if shared >= k:  # matching never opens what shared keeps closed
                    one = time.perf_counter()
                    opened["matching"] += counted_friends(rows, rule="matching", min_friends=k, min_outside=m) >= k
                    slowest = max(slowest, time.perf_counter() - one)
            elapsed = time.perf_counter() - started
            table.append(
                {
                    "k": k,
                    "m": m,
                    "shared": round(100 * opened["shared"] / len(viewers), 1),
                    "matching": round(100 * opened["matching"] / len(viewers), 1),
                    "ms_per_account": round(1000 * elapsed / len(viewers), 3),
                }
            )
            print(json.dumps(table[-1]), flush=True)
    return {"accounts": n, "viewers": len(viewers), "table": table, "slowest_matching_ms": round(1000 * slowest, 2)}


def time_circle_check(accounts: int, viewers: int, seed: int) -> dict:
    """Seed ``accounts`` (secret-graph seed) and time `visibility.circle_state` per viewer under each rule."""
    with benchmark_context() as ctx:
        seeding.create(ctx=ctx, plan=seeding.Plan(accounts=accounts, seed=seed))
        ids = [row["id"] for row in ctx.db.read(lambda tx: list(bench_cypher.sample_accounts(tx, n=viewers)))]
        result = {}
        for rule in ("shared", "matching"):
            rule_ctx = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, circle_rule=rule))
            samples, opened = [], 0
            for index, viewer in enumerate([*ids[:20], *ids]):  # the first 20 warm the caches
                started = time.perf_counter()
                state = ctx.db.read(
                    lambda tx, v=viewer, c=rule_ctx: visibility.circle_state(
                        tx, ctx=c, viewer_id=v, now=c.clock.now_ms()
                    )
                )
                samples.append((time.perf_counter() - started) * 1000)
                opened += state["open"] and index >= 20
            result[rule] = {**summary(samples[20:]), "open_share": round(100 * opened / len(ids), 1)}
            print(json.dumps({rule: result[rule]}), flush=True)
        return {"accounts": accounts, "viewers": len(ids), "ms": result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=Path, help="a SNAP edge list, read in place")
    parser.add_argument("--accounts", type=int, default=10_000, help="seeded graph size (without --edges)")
    parser.add_argument("--avg-friends", type=int, default=50, help="seeded graph's average friends")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=0, help="judge this many random accounts (default: all)")
    parser.add_argument("--time", type=int, default=0, help="seed Neo4j and time the check for this many viewers")
    args = parser.parse_args()
    if args.time:
        timing = time_circle_check(args.accounts, args.time, args.seed)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"circle_rule_timing_{args.accounts}.json").write_text(json.dumps(timing, indent=1) + "\n")
        return
    if args.edges:
        n, edges = read_edge_list(args.edges)
        source = args.edges.name
    else:
        plan = Plan(accounts=args.accounts, avg_friends=args.avg_friends, seed=args.seed)
        edges = holme_kim(plan.accounts, max(1, plan.avg_friends // 2), plan.triad_p, random.Random(plan.seed))
        n, source = plan.accounts, f"seeded Holme-Kim, {plan.accounts} accounts, avg {plan.avg_friends} friends"
    result = {"graph": source, **measure(neighbourhoods(n, edges), args.sample, args.seed)}
    RESULTS.mkdir(exist_ok=True)
    name = "circle_rule_" + ("ego_facebook" if args.edges else f"seeded_{n}_{args.avg_friends}") + ".json"
    (RESULTS / name).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "table"}))


if __name__ == "__main__":
    main()
