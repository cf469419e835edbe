"""Shared benchmark plumbing: a throwaway Neo4j (or NEO4J_URI), timing and result files."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from secret_graph.adapters.sms import NullSender
from secret_graph.clock import SystemClock
from secret_graph.config import PROJECT_ROOT, Settings
from secret_graph.context import Context
from secret_graph.crypto import Keyring
from secret_graph.db import migrations
from secret_graph.db.cypher import Statement
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.db.database import Database
from secret_graph.jobs import JobQueue
from secret_graph.localneo4j import LocalNeo4j, free_port

RESULTS = PROJECT_ROOT / "bench" / "results"
NEO4J_PIDS: list[int] = []  # the throwaway server of the running benchmark, for memory figures
BENCH_PEPPER = "bench-pepper-0123456789abcdef0123456789abcdef"


@contextlib.contextmanager
def benchmark_context(heap: str = "2g", pagecache: str = "1g") -> Iterator[Context]:
    """A migrated, empty database for one benchmark run, wired like the API."""
    # A terminated benchmark still stops its Neo4j and removes its files (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="secret-graph-bench-") as home:
        server = None
        db = None
        uri = os.environ.get("NEO4J_URI")
        try:  # from before the start: a run stopped while Neo4j boots must stop it too
            if not uri:
                server = LocalNeo4j(
                    home=Path(home) / "neo4j",
                    lib_root=PROJECT_ROOT / "var" / "neo4j-lib",
                    bolt_port=free_port(),
                    heap=heap,
                    pagecache=pagecache,
                )
                uri = server.start()
                NEO4J_PIDS[:] = [server.pid() or 0]
            environ = {
                **os.environ,
                "NEO4J_URI": uri,
                "SECRET_GRAPH_PEPPER": BENCH_PEPPER,
                "SECRET_GRAPH_VAR_DIR": home,
                # Benchmarks repeat uploads far past the probing quotas; the quota bookkeeping still runs.
                "SECRET_GRAPH_CONTACT_RESETS_PER_DAY": "1000000000",
                "SECRET_GRAPH_NEW_CONTACTS_PER_DAY": "1000000000",
                # Seeded accounts are days old: the new-account limits (5 posts a day) would stop the writers.
                "SECRET_GRAPH_NEW_ACCOUNT_DAYS": "0",
            }
            settings = Settings.from_env(environ)
            db = Database.connect(settings)
            migrations.migrate(db=db)
            db.autocommit(migrations_cypher.wipe_data.text)
            yield Context(
                settings=settings, db=db, clock=SystemClock(), keyring=Keyring(settings.pepper), sms=NullSender()
            )
        finally:
            try:
                if db:
                    # A connection whose send failed mid-run (a stalled Neo4j under the write phase)
                    # keeps its buffer in use, and the driver's close then raises BufferError: the
                    # figures are taken by then, so it must neither lose them nor leave Neo4j running.
                    with contextlib.suppress(BufferError):
                        db.close()
            finally:
                if server:
                    server.stop()


def bulk_write(ctx: Context, statement: Statement, rows: list[dict], batch: int = 10_000) -> None:
    """Write ``rows`` with the named UNWIND query, ``batch`` rows per transaction."""

    for start in range(0, len(rows), batch):
        ctx.db.write(lambda tx, chunk=rows[start : start + batch]: statement(tx, rows=chunk))


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Milliseconds per call."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)

    return {
        "n": len(samples),
        "p50": round(statistics.median(samples), 2),
        "p95": pct(95),
        "p99": pct(99),
        "max": round(ordered[-1], 2),
    }


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a live process, in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def cpu_ms(pid: int) -> float | None:
    """CPU time (user + system, all threads) a live process has used so far, in milliseconds."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the command name may hold spaces; fields from `state` on
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")  # utime, stime


def machine_busy_ms() -> float:
    """CPU time every process on the machine has used since boot (all cores), in milliseconds."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) * 1000 / os.sysconf("SC_CLK_TCK")


def listening_pid(port: int) -> int | None:
    """The pid of a process (of ours: others' descriptors are unreadable) listening on TCP ``port``."""
    sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                parts = line.split()
                if parts[3] == "0A" and int(parts[1].rpartition(":")[2], 16) == port:  # 0A: LISTEN
                    sockets.add(f"socket:[{parts[9]}]")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in sockets:
                        return int(proc.name)
    return None


def neo4j_pid(uri: str) -> int | None:
    """The benchmark's own Neo4j, or the process listening on ``uri``'s port."""
    if NEO4J_PIDS and NEO4J_PIDS[0]:
        return NEO4J_PIDS[0]
    port = uri.rpartition(":")[2].split("/")[0]
    return listening_pid(int(port)) if port.isdigit() else None


def machine() -> dict[str, str | int]:
    return {"python": platform.python_version(), "cpus": os.cpu_count() or 0, "platform": platform.platform()}


def write_results(name: str, results: dict, table: str) -> Path:
    """Write bench/results/<name>-<timestamp>.json and <name>.md; returns the JSON path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps({"benchmark": name, "at": stamp, "machine": machine(), **results}, indent=2))
    (RESULTS / f"{name}.md").write_text(table)
    return path


class HeldJobs(JobQueue):
    """Keeps the jobs the timed writes send, unrun.

    A deployment runs jobs in `secret-graph jobs worker` on Redis, off the API's process and cores;
    in-process, the writes would share two cores with every post's notification fan-out (thousands of
    recipients at 100,000 accounts), so the write rates would measure the fan-out. The fan-out has
    its own benchmark (bench.notifications); here only the enqueue is timed."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[str] = []

    def send(self, job: str, args: dict[str, Any], *, delay_ms: int = 0) -> None:
        self.held.append(job)
