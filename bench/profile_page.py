"""Where a feed page's time goes, on an already seeded database (NEO4J_URI).

    NEO4J_URI=bolt://127.0.0.1:7687 python -m bench.profile_page [--viewers 100] [--sort recent]

Reports, per page (median over the viewers): wall time; time in each statement (Bolt round trip
included); Bolt round trips (each `send_all` the driver makes waits for an answer); each statement's
`PROFILE` (db hits, rows); and a cProfile of the same pages through the Flask app (test client,
no gunicorn), summed by layer: our code, the driver, Flask/werkzeug, marshmallow/smorest, json.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import time
from collections import defaultdict
from typing import Any

from neo4j._sync.io._bolt import Bolt
from neo4j._sync.work.session import Session

from bench.common import BENCH_PEPPER, cpu_ms, neo4j_pid
from bench.feed import pick_viewers
from secret_graph.adapters.sms import NullSender
from secret_graph.clock import SystemClock
from secret_graph.config import Settings
from secret_graph.context import Context
from secret_graph.crypto import Keyring
from secret_graph.db import cypher
from secret_graph.db.database import Database
from secret_graph.feeds import services as feeds
from secret_graph.identity import services as identity

_calls: dict[str, list[float]] = defaultdict(list)
_round_trips = [0]
_transactions = [0]  # managed (BEGIN ... COMMIT) and auto-commit
_profiles: dict[str, list[tuple[int, int]]] = defaultdict(list)
_profiling = [False]


def _instrument() -> None:
    """Time every Statement call, count round trips, optionally PROFILE each statement once more."""
    original_call, original_single = cypher.Statement.__call__, cypher.Statement.single

    def timed(original):
        def run(self, tx, /, **params: Any):
            started = time.perf_counter()
            try:
                return original(self, tx, **params)
            finally:
                _calls[self.name].append((time.perf_counter() - started) * 1000)
                if _profiling[0]:
                    summary = tx.run("PROFILE " + self.text, params).consume()
                    _profiles[self.name].append(_hits(summary.profile))

        return run

    cypher.Statement.__call__ = timed(original_call)
    cypher.Statement.single = timed(original_single)
    original_send = Bolt.send_all

    def send_all(self):
        _round_trips[0] += 1
        return original_send(self)

    Bolt.send_all = send_all
    original_open, original_run = Session._open_transaction, Session.run

    def open_transaction(self, *args, **kwargs):
        _transactions[0] += 1
        return original_open(self, *args, **kwargs)

    def auto_commit(self, *args, **kwargs):
        _transactions[0] += 1
        return original_run(self, *args, **kwargs)

    Session._open_transaction = open_transaction
    Session.run = auto_commit


def _hits(plan: dict) -> tuple[int, int]:
    """(db hits, rows of the top operator) of a PROFILE plan."""
    total = plan.get("dbHits", 0)
    stack = list(plan.get("children", []))
    while stack:
        node = stack.pop()
        total += node.get("dbHits", 0)
        stack.extend(node.get("children", []))
    return total, plan.get("rows", 0)


LAYERS = (
    ("secret_graph/", "secret_graph (services, visibility, render)"),
    ("/api/", "api (views, schemas)"),
    ("neo4j", "neo4j driver"),
    ("marshmallow", "marshmallow"),
    ("flask_smorest", "flask-smorest"),
    ("flask", "flask"),
    ("werkzeug", "werkzeug"),
    ("json", "json"),
    ("cryptography", "cryptography (cursor, token)"),
    ("socket", "socket / ssl"),
    ("selectors", "socket / ssl"),
)


def _by_layer(profile: cProfile.Profile, pages: int) -> dict[str, float]:
    """Own (tottime) milliseconds per page, grouped by the file's layer."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    layers: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        where = filename if filename != "~" else function
        for marker, layer in LAYERS:
            if marker in where:
                layers[layer] += tottime
                break
        else:
            layers["other (stdlib, builtins)"] += tottime
    return {layer: round(seconds * 1000 / pages, 2) for layer, seconds in sorted(layers.items(), key=lambda x: -x[1])}


def round_trip_cost(db: Database, server: int | None, calls: int = 500) -> None:
    """CPU of `RETURN 1` auto-commit (one round trip) and in a managed transaction (three), per call."""
    import neo4j

    def auto() -> None:
        with db.driver.session(database=db.database, default_access_mode=neo4j.READ_ACCESS) as session:
            session.run("RETURN 1").consume()

    def managed() -> None:
        db.read(lambda tx: tx.run("RETURN 1").consume())

    for name, call in (("auto-commit", auto), ("managed", managed)):
        for _ in range(50):
            call()
        cpu, server_cpu, started = time.process_time(), cpu_ms(server) if server else 0.0, time.perf_counter()
        for _ in range(calls):
            call()
        wall = (time.perf_counter() - started) * 1000 / calls
        here = (time.process_time() - cpu) * 1000 / calls
        there = ((cpu_ms(server) or 0.0) - (server_cpu or 0.0)) / calls if server else float("nan")
        print(f"RETURN 1, {name}: {wall:.2f} ms wall, CPU {here:.3f} ms here and {there:.3f} ms in Neo4j per call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=100)
    parser.add_argument("--sort", default="recent")
    args = parser.parse_args()
    settings = Settings.from_env(
        {**os.environ, "SECRET_GRAPH_PEPPER": os.environ.get("SECRET_GRAPH_PEPPER", BENCH_PEPPER)}
    )
    db = Database.connect(settings)
    ctx = Context(settings=settings, db=db, clock=SystemClock(), keyring=Keyring(settings.pepper), sms=NullSender())
    viewers = pick_viewers(ctx, args.viewers, random.Random(3))
    _instrument()
    for viewer in viewers[:20]:  # warm plans and the page cache
        feeds.feed(ctx=ctx, viewer_id=viewer, sort=args.sort)
    _calls.clear()
    walls, trips = [], []
    for viewer in viewers:
        before = _round_trips[0]
        started = time.perf_counter()
        feeds.feed(ctx=ctx, viewer_id=viewer, sort=args.sort)
        walls.append((time.perf_counter() - started) * 1000)
        trips.append(_round_trips[0] - before)
    print(f"service page ({args.sort}, {len(viewers)} viewers): p50 {statistics.median(walls):.2f} ms")
    print(f"Bolt round trips per page: median {statistics.median(trips)}, max {max(trips)}")
    for name, samples in sorted(_calls.items()):
        per_page = len(samples) / len(viewers)
        print(f"  {name}: {per_page:.2f} calls/page, p50 {statistics.median(samples):.2f} ms")
    _profiling[0] = True
    for viewer in viewers[:20]:
        feeds.feed(ctx=ctx, viewer_id=viewer, sort=args.sort)
    _profiling[0] = False
    for name, rows in sorted(_profiles.items()):
        hits = statistics.median(r[0] for r in rows)
        out = statistics.median(r[1] for r in rows)
        print(f"  PROFILE {name}: median db hits {hits:,.0f}, rows {out:,.0f}")
    # The API's Python: cProfile through the Flask app (test client), same viewers.
    from api.app import create_app

    tokens = [identity.open_session(ctx=ctx, account_id=v).token for v in viewers]
    app = create_app(settings=Settings.from_env({**os.environ, "SECRET_GRAPH_RATE_LIMITS": "off"}))
    client = app.test_client()
    for token in tokens[:10]:
        client.get(f"/v1/feed?sort={args.sort}", headers={"Authorization": f"Bearer {token}"})
    # Bolt round trips and transactions per request, the session lookup's among them.
    original_authenticate = identity.authenticate
    in_auth = [0, 0]

    def authenticate(**kwargs):
        trips, transactions = _round_trips[0], _transactions[0]
        try:
            return original_authenticate(**kwargs)
        finally:
            in_auth[0] += _round_trips[0] - trips
            in_auth[1] += _transactions[0] - transactions

    identity.authenticate = authenticate
    server = neo4j_pid(settings.neo4j_uri)
    round_trip_cost(db, server)
    trips, transactions = _round_trips[0], _transactions[0]
    cpu_before, server_before = time.process_time(), cpu_ms(server) if server else None
    started = time.perf_counter()
    for token in tokens:
        response = client.get(f"/v1/feed?sort={args.sort}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.status_code
    elapsed = (time.perf_counter() - started) * 1000 / len(tokens)
    api_cpu = (time.process_time() - cpu_before) * 1000 / len(tokens)
    identity.authenticate = original_authenticate
    n = len(tokens)
    print(
        f"Flask test client, one request at a time: {elapsed:.2f} ms/request; per request: "
        f"{(_round_trips[0] - trips) / n:.2f} Bolt round trips and {(_transactions[0] - transactions) / n:.2f} "
        f"transactions, of which the session lookup {in_auth[0] / n:.2f} and {in_auth[1] / n:.2f}"
    )
    if server and server_before is not None:
        server_cpu = ((cpu_ms(server) or 0) - server_before) / n
        print(f"CPU per request: this process (Flask app + driver) {api_cpu:.2f} ms, Neo4j {server_cpu:.2f} ms")
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for token in tokens:
        response = client.get(f"/v1/feed?sort={args.sort}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.status_code
    profile.disable()
    elapsed = (time.perf_counter() - started) * 1000 / len(tokens)
    print(f"Flask test client, cProfile on: {elapsed:.2f} ms/request; own Python time per request by layer (ms):")
    for layer, ms in _by_layer(profile, len(tokens)).items():
        print(f"  {layer}: {ms}")
    db.close()


if __name__ == "__main__":
    main()
