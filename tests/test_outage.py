"""A database outage mid-traffic: 503 with Retry-After, /readyz not ready, recovery, nothing acknowledged lost."""

from __future__ import annotations

import dataclasses
import threading
import time

from api.app import create_app
from secret_graph.config import PROJECT_ROOT
from secret_graph.context import Context
from secret_graph.db import migrations
from secret_graph.db.database import Database
from secret_graph.localneo4j import LocalNeo4j
from tests.helpers import ApiClient


def test_the_api_survives_a_neo4j_restart_without_losing_acknowledged_writes(settings, tmp_path, clock):
    # A server of its own: stopping the suite's shared one would break every other test.
    server = LocalNeo4j(home=tmp_path / "neo4j", lib_root=PROJECT_ROOT / "var" / "neo4j-lib",
                        bolt_port=_port(), heap="512m", pagecache="128m")  # fmt: skip
    server.start()
    chosen = dataclasses.replace(settings, neo4j_uri=server.uri)
    db = Database.connect(chosen)
    ctx = None
    try:
        migrations.migrate(db=db)
        ctx = Context.create(chosen, db=db, clock=clock)
        app = create_app(chosen, ctx=ctx)
        api = ApiClient(app.test_client())
        author = api.new_user()
        acknowledged: list[str] = []
        statuses: list[int] = []
        retry_after: list[str] = []
        stop = threading.Event()

        def writer() -> None:
            client = app.test_client()
            n = 0
            while not stop.is_set():
                n += 1
                response = client.post("/v1/posts", headers=author.headers, json={"text": f"post {n}"})
                statuses.append(response.status_code)
                if response.status_code == 201:
                    acknowledged.append(response.get_json()["id"])
                elif response.status_code == 503:
                    retry_after.append(response.headers.get("Retry-After", ""))
                    time.sleep(0.05)

        thread = threading.Thread(target=writer)
        thread.start()
        _wait_until(lambda: len(acknowledged) >= 5)
        server.stop()
        _wait_until(lambda: 503 in statuses)
        ready = api.get("/readyz")
        assert ready.status_code == 503 and ready.get_json()["code"] == 503
        assert api.get("/v1/feed", author).status_code == 503
        server.start()
        before = len(statuses)
        _wait_until(lambda: statuses[before:].count(201) >= 3, timeout=60)
        stop.set()
        thread.join(timeout=30)

        assert set(statuses) <= {201, 503}, sorted(set(statuses))  # never a 500
        assert retry_after and all(value.isdigit() and int(value) > 0 for value in retry_after)
        assert api.get("/readyz").status_code == 200  # the same process recovered
        stored = db.read(
            lambda tx: tx.run(
                "MATCH (:Account {id: $id})-[:WROTE]->(p:Post) RETURN collect(p.id) AS ids", id=author.id
            ).single()["ids"]
        )
        assert set(acknowledged) <= set(stored), "an acknowledged post was lost"
    finally:
        # The jobs the outage failed are still being retried by this Context's in-process worker:
        # stop it before closing its driver (as Context.__exit__ does), or the retries go on with a
        # closed driver through the tests that follow ("Using a driver after it has been closed").
        if ctx is not None:
            ctx.jobs.stop()
        db.close()
        server.stop()


def _port() -> int:
    from secret_graph.localneo4j import free_port

    return free_port()


def _wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
