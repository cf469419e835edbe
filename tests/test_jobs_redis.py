"""The job queue on a real Redis (RedisBroker), as production runs it: the API only enqueues, a
worker (`secret-graph jobs worker`, here started in-process) runs jobs, and dead letters are read
back from Redis. Skipped where redis-server or the `redis` package is missing (.ci/run installs
both)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import subprocess
import time

import pytest

from api.app import create_app
from secret_graph import cli, jobs
from secret_graph.collections import services as collections
from secret_graph.jobs import JobQueue
from secret_graph.localneo4j import free_port
from tests.conftest import TEST_PEPPER
from tests.helpers import ApiClient

pytest.importorskip("redis")
pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_notifications_flow_through_redis_and_a_worker(ctx, redis_url):
    api_queue = JobQueue(broker_url=redis_url)
    wired = dataclasses.replace(ctx, jobs=api_queue)
    api = ApiClient(create_app(ctx=wired).test_client())
    collections.create(ctx=wired, slug="redis", title="Redis")
    author, fan = api.new_user(), api.new_user()
    post = api.create_post(author, "over redis", collection="redis")
    api.put(f"/v1/posts/{post['id']}/heart", fan)
    assert api_queue.worker is None  # the API process only enqueues
    worker_queue = JobQueue(broker_url=redis_url)
    worker_ctx = dataclasses.replace(ctx, jobs=worker_queue)  # what `secret-graph jobs worker` builds
    try:
        worker_queue.start_worker()
        wait_for(lambda: api.get("/v1/notifications", author).get_json()["items"])
        assert api.get("/v1/notifications", author).get_json()["items"][0]["kind"] == "hearts"
    finally:
        worker_queue.stop()
    assert worker_ctx.jobs is worker_queue


def test_a_failing_job_is_retried_then_dead_lettered_in_redis(ctx, redis_url, monkeypatch, capsys, tmp_path):
    calls = []

    @jobs.handler("tests.redis_fails")
    def redis_fails(context, *, n):
        calls.append(n)
        raise RuntimeError("boom")

    queue = JobQueue(broker_url=redis_url, max_retries=2, min_backoff_ms=10)
    wired = dataclasses.replace(ctx, jobs=queue)
    try:
        jobs.enqueue(ctx=wired, job="tests.redis_fails", n=7)
        queue.start_worker()
        wait_for(lambda: queue.dead_letters())
        assert calls == [7, 7, 7]
        # Redis keeps the message as it was last enqueued: after its second retry was scheduled
        assert [(d["job"], d["retries"]) for d in queue.dead_letters()] == [("tests.redis_fails", 2)]
        # the operator's view: `secret-graph jobs dead-letters` (names and counts, never arguments)
        monkeypatch.setenv("SECRET_GRAPH_JOBS_BROKER", redis_url)
        monkeypatch.setenv("SECRET_GRAPH_PEPPER", TEST_PEPPER)
        monkeypatch.setenv("SECRET_GRAPH_VAR_DIR", str(tmp_path))
        monkeypatch.setenv("NEO4J_URI", ctx.settings.neo4j_uri)
        capsys.readouterr()
        assert cli.main(["jobs", "dead-letters"]) == 0
        printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [(p["job"], p["retries"]) for p in printed] == [("tests.redis_fails", 2)]
        monkeypatch.setenv("SECRET_GRAPH_JOBS_BROKER", "memory://")
        assert cli.main(["jobs", "worker"]) == 1  # in-process jobs need no worker: refused, with the reason
    finally:
        queue.stop()
        jobs.HANDLERS.pop("tests.redis_fails")
