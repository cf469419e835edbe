"""`make load`: gunicorn on a throwaway local Neo4j, locust against it on loopback, a summary.

python -m load.run [--users 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bench.common import BENCH_PEPPER, benchmark_context
from secret_graph.config import PROJECT_ROOT
from secret_graph.localneo4j import free_port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with benchmark_context() as ctx, tempfile.TemporaryDirectory() as out:
        port = free_port()
        env = {
            **os.environ,
            "NEO4J_URI": ctx.settings.neo4j_uri,
            "SECRET_GRAPH_PEPPER": BENCH_PEPPER,
            "SECRET_GRAPH_VAR_DIR": str(ctx.settings.var_dir),
            "SECRET_GRAPH_SMS_BACKEND": "dev",
            "SECRET_GRAPH_RATE_LIMITS": "off",  # measure capacity, not the limiter
            "SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR": "1000000",
            "SECRET_GRAPH_CODES_PER_PHONE_PER_HOUR": "1000000",
            "SECRET_GRAPH_CONTACT_RESETS_PER_DAY": "1000000",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "api.wsgi:app", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--threads", "4", "--worker-class", "gthread"],
            cwd=PROJECT_ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    if requests.get(f"{base}/readyz", timeout=5).ok:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.1)
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(PROJECT_ROOT / "load" / "locustfile.py"), "--headless",
                 "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
                 "--host", base, "--csv", f"{out}/load", "--only-summary"],
                check=False,
            )  # fmt: skip
            print(summary(Path(out) / "load_stats.csv"))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


def summary(stats_file: Path) -> str:
    rows = list(csv.DictReader(stats_file.open()))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests_n, failures = int(total["Request Count"]), int(total["Failure Count"])
    line = (
        f"requests {requests_n}, {float(total['Requests/s']):.1f}/s, p50 {total['50%']} ms, "
        f"p99 {total['99%']} ms, errors {failures} ({failures / max(requests_n, 1):.2%})"
    )
    # An error rate alone cannot tell an intended 429 from a fault: name each kind of failure.
    failures_file = stats_file.with_name(stats_file.name.replace("_stats.csv", "_failures.csv"))
    if failures and failures_file.exists():
        for row in csv.DictReader(failures_file.open()):
            line += f"\n  {row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error']}"
    return line


if __name__ == "__main__":
    sys.exit(main())
