"""bench.feed's HTTP half: sessions, gunicorn, latency, throughput and the CPU each request costs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bench.common import BENCH_PEPPER, cpu_ms, machine_busy_ms, neo4j_pid, summary
from secret_graph.config import PROJECT_ROOT
from secret_graph.context import Context
from secret_graph.identity import services as identity
from secret_graph.localneo4j import free_port


def sessions(ctx: Context, viewers: list[str]) -> dict[str, str]:
    """A bearer token per viewer, made the way sign-in makes them."""
    return {viewer: identity.open_session(ctx=ctx, account_id=viewer).token for viewer in viewers}


def start_gunicorn(
    ctx: Context,
    workers: int,
    threads: int,
    port: int = 0,
    *,
    root: Path = PROJECT_ROOT,
    worker_class: str = "gthread",
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen, str]:
    """gunicorn serving the API from ``root`` (another checkout's code, for same-run comparisons)."""
    port = port or free_port()
    env = {
        **os.environ,
        "NEO4J_URI": ctx.settings.neo4j_uri,
        "SECRET_GRAPH_PEPPER": BENCH_PEPPER,
        "SECRET_GRAPH_VAR_DIR": str(ctx.settings.var_dir),
        "SECRET_GRAPH_RATE_LIMITS": "off",  # the benchmark measures the feed, not the limiter
        "PYTHONPATH": str(root),
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "gunicorn", "api.wsgi:app", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--worker-class", worker_class,
    ]  # fmt: skip
    # DEVNULL, not a pipe: a pipe nobody reads fills up with the request log and stalls the workers.
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if requests.get(f"{base}/readyz", timeout=1).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not become ready")


def http_latency(base: str, tokens: dict[str, str]) -> list[float]:
    samples = []
    with requests.Session() as http:
        for token in tokens.values():
            started = time.perf_counter()
            response = http.get(f"{base}/v1/feed", headers={"Authorization": f"Bearer {token}"})
            samples.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return samples


def http_throughput(
    base: str,
    tokens: dict[str, str],
    clients: int,
    seconds: float,
    processes: dict[str, list[int]] | None = None,
    path: str = "/v1/feed",
) -> dict[str, Any]:
    """Feed requests per second from ``clients`` threads, each cycling through the viewers.

    With ``processes`` (a name, e.g. neo4j / api / client, to its pids), also the CPU time each
    group used per request over the run, and the request rate that CPU cost allows on this machine."""
    before = cpu_snapshot(processes or {})
    stop = time.perf_counter() + seconds
    done = [0] * clients
    errors = [0] * clients
    latencies: list[float] = []
    token_list = list(tokens.values())

    def client(index: int) -> None:
        with requests.Session() as http:
            k = index
            while time.perf_counter() < stop:
                token = token_list[k % len(token_list)]
                k += clients
                sent = time.perf_counter()
                response = http.get(f"{base}{path}", headers={"Authorization": f"Bearer {token}"})
                latencies.append((time.perf_counter() - sent) * 1000)
                done[index] += 1
                errors[index] += response.status_code != 200

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    figures = {
        "rps": round(sum(done) / elapsed, 1),
        "requests": sum(done),
        "errors": sum(errors),
        "latency": summary(latencies) if latencies else None,
    }
    if processes:
        figures["cpu"] = cpu_per_request(before, cpu_snapshot(processes), sum(done), elapsed)
    return figures


def cpu_snapshot(processes: dict[str, list[int]]) -> dict[str, float]:
    """CPU milliseconds used so far by each group of processes, and by the whole machine."""
    taken = {name: sum(cpu_ms(pid) or 0.0 for pid in pids) for name, pids in processes.items()}
    return {**taken, "machine": machine_busy_ms()}


def cpu_per_request(before: dict[str, float], after: dict[str, float], requests_done: int, elapsed: float) -> dict:
    """CPU ms per request of each group, the rest of the machine's, and the rates that cost allows.

    ``ceiling_rps``: all cores for Neo4j and the API (a client elsewhere); ``ceiling_with_client_rps``:
    the client on the same cores too, as in this benchmark."""
    per = {name: round((after[name] - before[name]) / max(requests_done, 1), 2) for name in before}
    ours = sum(value for name, value in per.items() if name != "machine")
    cores = os.cpu_count() or 1
    served = per.get("neo4j", 0) + per.get("api", 0)
    return {
        "ms_per_request": {
            **{k: v for k, v in per.items() if k != "machine"},
            "others": round(per["machine"] - ours, 2),
        },
        "machine_busy_share": round((after["machine"] - before["machine"]) / (elapsed * 1000 * cores), 2),
        "ceiling_rps": round(cores * 1000 / served, 1) if served else None,
        "ceiling_with_client_rps": round(cores * 1000 / (served + per.get("client", 0)), 1) if served else None,
    }


def http_processes(ctx: Context, process: subprocess.Popen) -> dict[str, list[int]]:
    """The processes a feed request uses: Neo4j, gunicorn (arbiter and workers), this client."""
    server = neo4j_pid(ctx.settings.neo4j_uri)
    return {
        "neo4j": [server] if server else [],
        "api": [process.pid, *worker_pids(process)],
        "client": [os.getpid()],
    }


def worker_pids(process: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []
