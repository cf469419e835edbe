"""The trust score against planted sybil regions: the measurements of docs/threat-model.md.

    python -m bench.sybil --edges ../shared/data/facebook_combined.txt     # ego-Facebook
    python -m bench.sybil --accounts 10000                                  # the seeded graph

On an honest graph (an edge list, or `secret-graph seed`'s Holme-Kim network), for each region size
and number of attack edges: plant a region of fake accounts (two days old: past
SECRET_GRAPH_FRIEND_MIN_AGE_S, never seeds; about 8 fake friends each), joined to random honest
accounts by the attack edges; recompute the trust score; report the AUC (the chance that a random
honest account outscores a random fake), and the share of honest and of fake accounts whose circle
is open at each threshold. Then the cheapest isolation attack (secret_graph/threats.py) at each
threshold: how many real friendships per fake it takes before the attacker's circle opens.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from bench.common import RESULTS, benchmark_context, bulk_write
from secret_graph import trust
from secret_graph.db.cypher import bench as bench_cypher
from secret_graph.db.cypher import sybil
from secret_graph.seed import services as seeding
from secret_graph.seed.graphgen import holme_kim
from secret_graph.threats import isolation_attack_cost

DAY = 86_400_000
PREFIX = "sybil-"
THRESHOLDS = [0.0, 0.05, 0.1, 0.2, 0.3, 0.5]
SIZES = [10, 100, 1000]
ATTACK_EDGES = [1, 10, 100]
PER_FAKE = [0, 1, 2, 3, 4, 6, 8, 12, 16]


def auc(scores: list[dict]) -> float:
    """Mann-Whitney: the share of (honest, fake) pairs where the honest account scores higher (ties half)."""
    ordered = sorted(scores, key=lambda row: row["trust"])
    ranks, i = [0.0] * len(ordered), 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1]["trust"] == ordered[i]["trust"]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    honest = [r for r, row in zip(ranks, ordered, strict=True) if not row["planted"]]
    fakes = len(ordered) - len(honest)
    if not honest or not fakes:
        return float("nan")
    return (sum(honest) - len(honest) * (len(honest) + 1) / 2) / (len(honest) * fakes)


def circles(ctx) -> dict[bool, dict]:
    settings = ctx.settings
    rows = ctx.db.read(
        lambda tx: sybil.circles(
            tx,
            prefix=PREFIX,
            now=ctx.clock.now_ms(),
            min_age_ms=settings.friend_min_age_s * 1000,
            min_outside=settings.friend_min_outside,
            min_friends=settings.min_friends,
            thresholds=THRESHOLDS,
        )
    )
    return {row["planted"]: {"accounts": row["accounts"], "open": row["open"]} for row in rows}


def plant(ctx, rng: random.Random, *, size: int, attack_edges: int, internal: int = 4) -> None:
    """``size`` fakes, each befriending ``internal`` random fakes, and ``attack_edges`` fake-honest friendships."""
    now = ctx.clock.now_ms()
    ids = [f"{PREFIX}{k}" for k in range(size)]
    bulk_write(ctx, bench_cypher.bulk_accounts, [{"id": i, "created_at": now - 2 * DAY, "key": f"v1:{i}"} for i in ids])
    pairs = set()
    for a in range(size):
        for b in rng.sample(range(size), min(internal, size - 1) + 1):
            if a != b:
                pairs.add((min(a, b), max(a, b)))
    honest = [row["id"] for row in ctx.db.read(lambda tx: sybil.honest_sample(tx, prefix=PREFIX, count=attack_edges))]
    edges = [(ids[a], ids[b]) for a, b in sorted(pairs)]
    edges += [(ids[rng.randrange(size)], far) for far in honest]
    since = now - 2 * DAY + 3_600_000
    bulk_write(ctx, bench_cypher.bulk_friendships, [{"a": a, "b": b, "since": since} for a, b in edges])


def plant_isolation(ctx, rng: random.Random, *, per_fake: int) -> None:
    """The cheapest isolation of threats.py: attacker, fakes, shared outsiders (all two days old), the
    victim (a random honest account), and ``per_fake`` real friendships for each fake."""
    cost = isolation_attack_cost(ctx.settings)
    now = ctx.clock.now_ms()
    attacker = f"{PREFIX}attacker"
    fakes = [f"{PREFIX}fake-{k}" for k in range(cost.fake_friends)]
    outsiders = [f"{PREFIX}outsider-{k}" for k in range(cost.outsiders)]
    ids = [attacker, *fakes, *outsiders]
    bulk_write(ctx, bench_cypher.bulk_accounts, [{"id": i, "created_at": now - 2 * DAY, "key": f"v1:{i}"} for i in ids])
    honest = [
        row["id"]
        for row in ctx.db.read(lambda tx: sybil.honest_sample(tx, prefix=PREFIX, count=1 + per_fake * len(fakes)))
    ]
    edges = [(attacker, honest[0])] + [(attacker, fake) for fake in fakes]
    edges += [(fake, outsider) for fake in fakes for outsider in outsiders]
    edges += [(fake, honest[1 + k * per_fake + j]) for k, fake in enumerate(fakes) for j in range(per_fake)]
    since = now - 2 * DAY + 3_600_000
    bulk_write(ctx, bench_cypher.bulk_friendships, [{"a": a, "b": b, "since": since} for a, b in edges])


def attacker_open(ctx) -> list[bool]:
    """Whether the attacker's circle is open at each threshold."""
    settings = ctx.settings
    rows = ctx.db.read(
        lambda tx: sybil.counted_scores.single(
            tx,
            viewer_id=f"{PREFIX}attacker",
            now=ctx.clock.now_ms(),
            min_age_ms=settings.friend_min_age_s * 1000,
            min_outside=settings.friend_min_outside,
        )["counted"]
    )
    return [sum(1 for s in rows if s >= t) >= ctx.settings.min_friends for t in THRESHOLDS]


def bulk_load(ctx, rng: random.Random, *, accounts: int, avg_friends: int) -> int:
    """Accounts joining over 180 days, befriending by Holme-Kim (as `secret-graph seed` does)."""
    now = ctx.clock.now_ms()
    rows = [
        {"id": f"acct-{n}", "created_at": now - rng.randrange(180) * DAY, "key": f"v1:b-{n}"} for n in range(accounts)
    ]
    bulk_write(ctx, bench_cypher.bulk_accounts, rows, batch=5000)
    edges = holme_kim(accounts, max(1, avg_friends // 2), 0.5, rng)
    since = now - 100 * DAY
    bulk_write(
        ctx, bench_cypher.bulk_friendships, [{"a": f"acct-{a}", "b": f"acct-{b}", "since": since} for a, b in edges]
    )
    return accounts


def remove(ctx) -> None:
    while ctx.db.write(lambda tx: sybil.remove.single(tx, prefix=PREFIX))["removed"]:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=Path, help="an edge list (ego-Facebook); else a seeded graph")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--avg-friends", type=int, default=50)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--attack-edges", default=",".join(map(str, ATTACK_EDGES)))
    parser.add_argument("--trials", type=int, default=5, help="isolation attacks per step (random victims)")
    parser.add_argument("--skip-regions", action="store_true", help="only the isolation attack")
    parser.add_argument("--bulk", action="store_true", help="bulk-load the seeded graph (friendships only; faster)")
    args = parser.parse_args()
    rng = random.Random(5)
    name = args.edges.stem if args.edges else f"seeded-{args.accounts}"
    results: dict = {"graph": name, "thresholds": THRESHOLDS, "regions": [], "isolation": []}
    with benchmark_context() as ctx:
        plan = seeding.Plan(accounts=args.accounts, avg_friends=args.avg_friends, posts=0, hearts=0, comments=0)
        if args.edges:
            results["load"] = seeding.import_edges(ctx=ctx, path=args.edges, plan=plan)["accounts"]
        elif args.bulk:
            results["load"] = bulk_load(ctx, rng, accounts=args.accounts, avg_friends=args.avg_friends)
        else:
            results["load"] = seeding.create(ctx=ctx, plan=plan)["accounts"]
        results["baseline"] = {"recompute": trust.recompute(ctx=ctx), "circles": circles(ctx)[False]}
        print(json.dumps(results["baseline"]), flush=True)
        for size in map(int, args.sizes.split(",") if not args.skip_regions else []):
            for edges in map(int, args.attack_edges.split(",")):
                plant(ctx, rng, size=size, attack_edges=edges)
                report = trust.recompute(ctx=ctx)
                scores = ctx.db.read(lambda tx: sybil.scores(tx, prefix=PREFIX))
                state = circles(ctx)
                row = {"size": size, "attack_edges": edges, "auc": round(auc(scores), 4), "recompute": report}
                row["honest_open"] = state[False]["open"]
                row["fake_open"] = state[True]["open"]
                row["honest"], row["fakes"] = state[False]["accounts"], state[True]["accounts"]
                results["regions"].append(row)
                print(json.dumps(row), flush=True)
                remove(ctx)
        for per_fake in PER_FAKE:
            opened = [0] * len(THRESHOLDS)  # in how many trials the attacker's circle opened, per threshold
            for _ in range(args.trials):
                plant_isolation(ctx, rng, per_fake=per_fake)
                trust.recompute(ctx=ctx)
                opened = [n + is_open for n, is_open in zip(opened, attacker_open(ctx), strict=True)]
                remove(ctx)
            row = {"per_fake": per_fake, "trials": args.trials, "opened": opened}
            results["isolation"].append(row)
            print(json.dumps(row), flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"sybil-{name}-{int(time.time())}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
