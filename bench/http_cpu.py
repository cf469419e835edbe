"""Feed requests/s and CPU per request through gunicorn, for several servers in the same run.

    NEO4J_URI=bolt://127.0.0.1:7687 python -m bench.http_cpu \\
        --variant after . 2 4 gthread --variant before /tmp/before 2 4 gthread [--rounds 3] [--seconds 10]

On an already seeded database (`secret-graph seed` with the benchmark pepper, SECRET_GRAPH_PEPPER
unset). Each variant is a gunicorn serving the API from its own checkout (the code before and after
a change) or with its own worker settings, plus optional KEY=VALUE environment. The rounds alternate
the variants (and their order), so the machine's other load falls on each alike. Printed per round
and as medians: requests/s, errors, latency, and the CPU milliseconds per request of Neo4j, the API
(gunicorn) and the client, from /proc/<pid>/stat (bench.feed_http.http_throughput).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
from pathlib import Path

from bench.common import BENCH_PEPPER
from bench.feed import pick_viewers
from bench.feed_http import http_latency, http_processes, http_throughput, sessions, start_gunicorn
from secret_graph.adapters.sms import NullSender
from secret_graph.clock import SystemClock
from secret_graph.config import Settings
from secret_graph.context import Context
from secret_graph.crypto import Keyring
from secret_graph.db.database import Database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variant",
        nargs="+",
        action="append",
        required=True,
        metavar="NAME ROOT WORKERS THREADS CLASS [KEY=VALUE ...]",
    )
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--path", default="/v1/feed")
    parser.add_argument("--first-port", type=int, default=0, help="variant i listens on first-port + i")
    args = parser.parse_args()
    settings = Settings.from_env({**os.environ, "SECRET_GRAPH_PEPPER": BENCH_PEPPER})
    db = Database.connect(settings)
    ctx = Context(settings=settings, db=db, clock=SystemClock(), keyring=Keyring(settings.pepper), sms=NullSender())
    tokens = sessions(ctx, pick_viewers(ctx, args.viewers, random.Random(3)))
    servers = []
    try:
        for index, (name, root, workers, threads, worker_class, *env) in enumerate(args.variant):
            port = args.first_port + index if args.first_port else 0
            process, base = start_gunicorn(
                ctx,
                int(workers),
                int(threads),
                port,
                root=Path(root).resolve(),
                worker_class=worker_class,
                env=dict(item.split("=", 1) for item in env),
            )
            servers.append((name, process, base))
        runs: dict[str, list[dict]] = {name: [] for name, _, _ in servers}
        for round_number in range(args.rounds):
            order = servers if round_number % 2 == 0 else servers[::-1]
            for name, process, base in order:
                http_latency(base, dict(list(tokens.items())[:20]))  # warm the worker's connections
                run = http_throughput(base, tokens, args.clients, args.seconds, http_processes(ctx, process), args.path)
                runs[name].append(run)
                print(f"round {round_number + 1} {name}: {json.dumps(run)}", flush=True)
        print()
        print("| variant | requests/s | errors | p50 ms | p99 ms | CPU ms/request: neo4j | api | client | others "
              "| ceiling req/s (neo4j+api) | with client |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, done in runs.items():

            def med(pick, done=done):
                return round(statistics.median(pick(run) for run in done), 2)

            cpu = [run["cpu"]["ms_per_request"] for run in done]
            each = {key: round(statistics.median(c[key] for c in cpu), 2) for key in cpu[0]}
            print(
                f"| {name} | {med(lambda r: r['rps'])} | {sum(r['errors'] for r in done)} "
                f"| {med(lambda r: r['latency']['p50'])} | {med(lambda r: r['latency']['p99'])} "
                f"| {each.get('neo4j')} | {each.get('api')} | {each.get('client')} | {each.get('others')} "
                f"| {med(lambda r: r['cpu']['ceiling_rps'])} | {med(lambda r: r['cpu']['ceiling_with_client_rps'])} |"
            )
    finally:
        for _, process, _ in servers:
            process.terminate()
            process.wait(timeout=30)
        db.close()


if __name__ == "__main__":
    main()
