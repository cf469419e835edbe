"""Background jobs on Dramatiq: a write never waits on a notification fan-out or a push.

One function enqueues: ``jobs.enqueue(ctx=ctx, job="notifications.x", delay_ms=..., **args)``.
Features register what a job does with ``@jobs.handler("notifications.x")``; a handler takes the
process's Context and the job's keyword arguments (ids only: job arguments are kept by the broker).

``SECRET_GRAPH_JOBS_BROKER`` picks the broker: ``memory://`` (development and tests) is Dramatiq's
StubBroker with worker threads inside the API process, started on the first job, so ``make run``
needs nothing else; ``redis://...`` is Dramatiq's RedisBroker, and ``secret-graph jobs worker``
runs the jobs in a process of its own. A failing job is retried with exponential backoff
(``SECRET_GRAPH_JOBS_RETRIES``); once the retries are spent it lands on the broker's dead-letter
list (``secret-graph jobs dead-letters``; Redis keeps them for a week).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker

from secret_graph.config import Settings

log = logging.getLogger(__name__)
QUEUE = "secret_graph"
ACTOR = "secret_graph_job"
# Dramatiq logs a failed message with its arguments (ids): our own lines say the job name only.
# (Dramatiq names an actor's logger after its module and actor: DEBUG lines there print the arguments.)
logging.getLogger("dramatiq").setLevel(logging.CRITICAL)
logging.getLogger(f"{__name__}.{ACTOR}").setLevel(logging.CRITICAL)

Handler = Callable[..., None]
HANDLERS: dict[str, Handler] = {}


def handler(name: str) -> Callable[[Handler], Handler]:
    """Register ``fn(ctx, **args)`` as what the job ``name`` does."""

    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


def enqueue(*, ctx: Any, job: str, delay_ms: int = 0, **args: Any) -> None:
    """THE way to run something later: after the caller's transaction, never inside it."""
    if job not in HANDLERS:
        raise LookupError(f"no handler registered for job {job!r}")
    ctx.jobs.send(job, args, delay_ms=delay_ms)


class JobQueue:
    """One broker (and, in-process, one worker) per Context."""

    def __init__(
        self,
        *,
        broker_url: str = "memory://",
        max_retries: int = 5,
        min_backoff_ms: int = 1000,
        threads: int = 2,
    ) -> None:
        self.in_process = broker_url.startswith("memory://")
        if self.in_process:
            self.broker: dramatiq.Broker = StubBroker()
        else:
            from dramatiq.brokers.redis import RedisBroker  # the `redis` extra

            self.broker = RedisBroker(url=broker_url)
        self.threads = threads
        self.actor = dramatiq.actor(
            self._run,
            broker=self.broker,
            actor_name=ACTOR,
            queue_name=QUEUE,
            max_retries=max_retries,
            min_backoff=min_backoff_ms,
            max_backoff=max(min_backoff_ms, 3_600_000),
        )
        self.ctx: Any = None
        self.worker: dramatiq.Worker | None = None
        self._lock = threading.Lock()
        # In-process, a delayed job waits here until the Context's clock says it is due (so a
        # test's FakeClock moves it too); a small thread hands due jobs to the broker.
        self._delayed: list[tuple[int, int, str, dict[str, Any]]] = []
        self._order = itertools.count()
        self._stopping = threading.Event()
        self._scheduler: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> JobQueue:
        return cls(
            broker_url=settings.jobs_broker,
            max_retries=settings.jobs_retries,
            min_backoff_ms=settings.jobs_min_backoff_ms,
            threads=settings.jobs_threads,
        )

    def bind(self, ctx: Any) -> None:
        """The Context the handlers run with."""
        self.ctx = ctx

    def send(self, job: str, args: dict[str, Any], *, delay_ms: int = 0) -> None:
        delay_ms = max(0, int(delay_ms))
        if not self.in_process:
            self.actor.send_with_options(args=(job, args), delay=delay_ms or None)
            return
        self.start_worker()
        if delay_ms:
            with self._lock:
                heapq.heappush(self._delayed, (self.ctx.clock.now_ms() + delay_ms, next(self._order), job, args))
            return
        self.actor.send(job, args)

    def release_due(self) -> int:
        """Hand the delayed in-process jobs that are due to the broker; how many."""
        now = self.ctx.clock.now_ms()
        due = []
        with self._lock:
            while self._delayed and self._delayed[0][0] <= now:
                due.append(heapq.heappop(self._delayed))
        for _, _, job, args in due:
            self.actor.send(job, args)
        return len(due)

    def _schedule(self) -> None:
        while not self._stopping.wait(0.2):
            self.release_due()

    def _run(self, job: str, args: dict[str, Any]) -> None:
        try:
            HANDLERS[job](self.ctx, **args)
        except Exception as error:
            # Name and kind only: the arguments are ids, and the message may hold more.
            log.warning("job %s failed: %s", job, type(error).__name__)
            raise

    def start_worker(self) -> None:
        """Start the worker threads (once)."""
        with self._lock:
            if self.worker is None:
                self.worker = dramatiq.Worker(self.broker, worker_threads=self.threads, worker_timeout=100)
                self.worker.start()
            if self.in_process and self._scheduler is None:
                self._stopping.clear()
                self._scheduler = threading.Thread(target=self._schedule, name="jobs-scheduler", daemon=True)
                self._scheduler.start()

    def stop(self) -> None:
        with self._lock:
            worker, self.worker = self.worker, None
            scheduler, self._scheduler = self._scheduler, None
        self._stopping.set()
        if scheduler is not None:
            scheduler.join()
        if worker is not None:
            worker.stop(timeout=5000)

    def drain(self, timeout_ms: int = 30_000) -> None:
        """Run every job that is due by the Context's clock, and the jobs they send, to the end
        (retries included: a job then ran or died). In-process only; for tests and tools."""
        if not self.in_process:
            raise RuntimeError("drain() is for the in-process broker")
        self.start_worker()
        while True:
            self.broker.join(QUEUE, timeout=timeout_ms, fail_fast=False)
            assert self.worker is not None
            self.worker.join()
            if not self.release_due():
                return

    def dead_letters(self) -> list[dict[str, Any]]:
        """Jobs whose retries are spent: name, retries, and the message id (never the arguments)."""
        if self.in_process:
            messages = list(self.broker.dead_letters)
        else:  # Redis keeps a dead message's payload in the `.XQ.msgs` hash
            client = self.broker.client
            raw = client.hvals(f"{self.broker.namespace}:{QUEUE}.XQ.msgs")
            messages = [dramatiq.Message.decode(item) for item in raw]
        return [
            {
                "message_id": message.message_id,
                "job": message.args[0],
                "retries": message.options.get("retries", 0),
            }
            for message in messages
        ]
