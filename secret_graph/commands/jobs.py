"""``secret-graph jobs``: background jobs (notifications, push) on the Redis queue."""

from __future__ import annotations

import argparse
import sys

from secret_graph.config import Settings


def _job_context(settings: Settings):
    # The features that register job handlers (importing them is what registers them).
    from secret_graph.chats import services as _chats  # noqa: F401
    from secret_graph.context import Context
    from secret_graph.notifications import services as _notifications  # noqa: F401

    if settings.jobs_broker.startswith("memory://"):
        raise RuntimeError("SECRET_GRAPH_JOBS_BROKER=memory:// runs jobs inside the API process; set a redis:// URI")
    return Context.create(settings)


def worker(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading

    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    with _job_context(settings) as ctx:
        ctx.jobs.start_worker()
        print(f"running jobs with {settings.jobs_threads} threads; Ctrl-C stops", file=sys.stderr)
        stop.wait()
    return 0


def dead_letters(args: argparse.Namespace, settings: Settings) -> int:
    import json

    with _job_context(settings) as ctx:
        for entry in ctx.jobs.dead_letters():
            print(json.dumps(entry))
    return 0
