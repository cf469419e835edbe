"""Crashes, not polite stops: Neo4j killed with SIGKILL under 20 writing clients, and API workers
killed mid-request. Every write answered 2xx is still there, nothing half-written is visible, and
a client that retries with its Idempotency-Key never makes a duplicate."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest
import requests

from api.app import create_app
from secret_graph.context import Context
from secret_graph.db import migrations
from tests.helpers import ApiClient, digest
from tests.live_server import serve, sign_in
from tests.own_neo4j import own_neo4j

pytestmark = pytest.mark.chaos
CLIENTS = 20


def test_acknowledged_writes_survive_sigkill_of_neo4j_and_nothing_is_half_written(settings, tmp_path, clock):
    with own_neo4j(settings, tmp_path) as (server, local):
        # Quotas are not what this test is about: 20 clients reshuffle their books many times.
        local = dataclasses.replace(local, contact_resets_per_day=10**6, new_contacts_per_day=10**6)
        with Context.create(local, clock=clock) as ctx:
            migrations.migrate(db=ctx.db)
            app = create_app(local, ctx=ctx)
            api = ApiClient(app.test_client())
            users = [api.new_user() for _ in range(CLIENTS)]
            log = _Log()
            stop = threading.Event()
            threads = [
                threading.Thread(target=_client, args=(app, users, n, log, stop), daemon=True) for n in range(CLIENTS)
            ]
            for thread in threads:
                thread.start()
            _wait_until(lambda: len(log.posts) >= 40 and log.books_acked >= 5, timeout=180)
            pid = server.pid()
            os.kill(pid, signal.SIGKILL)  # no shutdown, no checkpoint: recovery must replay the log
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            _wait_until(lambda: log.unavailable > 0, timeout=60)
            server.start()  # recovery runs here
            acked_before = log.acknowledged()
            _wait_until(lambda: log.acknowledged() >= acked_before + 40, timeout=180)
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
            assert not any(thread.is_alive() for thread in threads)
            assert log.unexpected == [], log.unexpected[:5]  # 2xx, 503 or a retry: never a 500
            _check_graph(ctx, users, log)


class _Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.posts: dict[str, tuple[str, str]] = {}  # post id -> (author id, idempotency key)
        self.comments: dict[str, tuple[str, str]] = {}  # comment id -> (author id, post id)
        self.hearts: set[tuple[str, str]] = set()
        self.books: dict[str, list[frozenset[str]]] = {}  # account -> [last acked book, later attempts...]
        self.books_acked = 0
        self.unavailable = 0
        self.unexpected: list[tuple[str, int]] = []

    def acknowledged(self) -> int:
        return len(self.posts) + len(self.comments) + len(self.hearts) + self.books_acked


def _client(app, users, n: int, log: _Log, stop: threading.Event) -> None:
    """One user writing in a loop: posts (with an Idempotency-Key, retried until answered), hearts and
    comments on its own posts, and address books that make and break friendships with the others."""
    client, me, rng = app.test_client(), users[n], random.Random(n)
    mine: list[str] = []
    counter = 0
    while not stop.is_set():
        action = (
            rng.choice(("post", "post", "post", "heart", "heart", "comment", "comment", "book")) if mine else "post"
        )
        if action == "post":
            counter += 1
            key, body = f"post-{n}-{counter}", {"text": f"client {n} post {counter}"}
            while True:  # a 503 is retried with the same key until the post is answered
                response = _call(client, log, "POST", "/v1/posts", me, json=body, headers={"Idempotency-Key": key})
                if response is not None or stop.is_set():
                    break
                time.sleep(0.1)
            if response is not None:
                post_id = response.get_json()["id"]
                with log.lock:
                    assert log.posts.setdefault(post_id, (me.id, key)) == (me.id, key)
                mine.append(post_id)
        elif action == "heart":
            post_id = rng.choice(mine)
            if _call(client, log, "PUT", f"/v1/posts/{post_id}/heart", me) is not None:
                with log.lock:
                    log.hearts.add((me.id, post_id))
        elif action == "comment":
            post_id = rng.choice(mine)
            response = _call(client, log, "POST", f"/v1/posts/{post_id}/comments", me, json={"text": "a comment"})
            if response is not None:
                with log.lock:
                    log.comments[response.get_json()["id"]] = (me.id, post_id)
        else:
            book = frozenset(digest(u.phone) for u in rng.sample(users, 5) if u is not me)
            with log.lock:  # until an answer, the stored book is the last acknowledged one (or none) or this
                log.books.setdefault(me.id, [frozenset()]).append(book)
            if _call(client, log, "PUT", "/v1/me/contacts", me, json={"digests": sorted(book)}) is not None:
                with log.lock:
                    log.books[me.id] = [book]
                    log.books_acked += 1
        time.sleep(0.01)


def _call(client, log: _Log, method: str, path: str, user, **kwargs):
    """The response if it is a 2xx; None after a 503 (the database is down)."""
    headers = {**kwargs.pop("headers", {}), **user.headers}
    response = client.open(path, method=method, headers=headers, **kwargs)
    if 200 <= response.status_code < 300:
        return response
    with log.lock:
        if response.status_code == 503:
            log.unavailable += 1
        else:
            log.unexpected.append((path, response.status_code))
    time.sleep(0.05)
    return None


def _check_graph(ctx, users, log: _Log) -> None:
    def read(statement: str, **params):
        return ctx.db.read(lambda tx: [record.data() for record in tx.run(statement, params)])

    # Every acknowledged post is there, written by its author; no post lacks its author edge.
    stored = {
        r["id"]: r["author"] for r in read("MATCH (a:Account)-[:WROTE]->(p:Post) RETURN p.id AS id, a.id AS author")
    }
    assert all(stored.get(post_id) == author for post_id, (author, _) in log.posts.items()), "a post was lost"
    assert read("MATCH (p:Post) WHERE NOT EXISTS { (:Account)-[:WROTE]->(p) } RETURN count(p) AS n")[0]["n"] == 0
    # One post per Idempotency-Key, whatever the retries: the texts are unique per key.
    duplicates = read("MATCH (p:Post) WITH p.text AS text, count(*) AS n WHERE n > 1 RETURN text, n")
    assert duplicates == [], duplicates
    # Comments: there, on their post, by their author, with their pseudonym.
    comments = read(
        "MATCH (a:Account)-[:WROTE]->(c:Comment)-[:ON]->(p:Post) "
        "RETURN c.id AS id, a.id AS author, p.id AS post, c.avatar_name IS NOT NULL AS named"
    )
    found = {r["id"]: (r["author"], r["post"]) for r in comments if r["named"]}
    assert all(found.get(cid) == where for cid, where in log.comments.items()), "a comment was lost"
    orphans = read(
        "MATCH (c:Comment) WHERE NOT EXISTS { (:Account)-[:WROTE]->(c)-[:ON]->(:Post) } RETURN count(c) AS n"
    )
    assert orphans[0]["n"] == 0
    # Hearts: every acknowledged one, and never two from one account on one post.
    hearts = read("MATCH (a:Account)-[h:HEARTED]->(p:Post) RETURN a.id AS a, p.id AS p, count(h) AS n")
    assert all(r["n"] == 1 for r in hearts), "a heart counted twice"
    assert log.hearts <= {(r["a"], r["p"]) for r in hearts}, "a heart was lost"
    # Books: each the last acknowledged one, or one sent after it whose answer the crash swallowed.
    by_phone = {digest(u.phone): u.id for u in users}
    for user in users:
        rows = read(
            "MATCH (:Account {id: $id})-[:HAS_CONTACT]->(i:Identifier) RETURN collect(i.key) AS keys", id=user.id
        )
        keys = set(rows[0]["keys"])
        candidates = log.books.get(user.id, [frozenset()])
        expected = [{ctx.keyring.identifier_key("phone", d) for d in book} for book in candidates]
        assert keys in expected, f"{user.id}'s address book is none it was sent"
    # Friendships: exactly the mutual pairs of the stored books, one edge per pair, none one-sided.
    edges = read("MATCH (a:Account)-[:FRIEND]->(b:Account) RETURN a.id AS a, b.id AS b")
    pairs = [frozenset((e["a"], e["b"])) for e in edges]
    assert len(pairs) == len(set(pairs)), "a friendship stored twice"
    contacts = read(
        "MATCH (a:Account)-[:HAS_CONTACT]->(:Identifier)<-[:HAS_IDENTIFIER]-(b:Account) RETURN a.id AS a, b.id AS b"
    )
    knows = {(r["a"], r["b"]) for r in contacts}
    mutual = {frozenset((a, b)) for a, b in knows if (b, a) in knows and a != b}
    assert set(pairs) == mutual, "a friendship without both books, or two books without the friendship"
    assert by_phone  # every user signed in before the crash


def test_a_retried_idempotency_key_never_duplicates_when_api_workers_are_killed(settings, db):
    environ = {"SECRET_GRAPH_RATE_LIMITS": "off", "SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR": "100000"}
    with serve(settings, **environ) as base:
        master = _master_pid(base)
        tokens = [sign_in(base, f"+1415555{3000 + n:04d}") for n in range(8)]
        answers: dict[str, set[str]] = {}
        retried = []
        stop = threading.Event()

        def client(n: int) -> None:
            session = requests.Session()
            counter = 0
            while not stop.is_set():
                counter += 1
                key, body = f"kill-{n}-{counter}", {"text": f"worker kill {n} {counter}"}
                for attempt in range(200):
                    try:
                        response = session.post(
                            f"{base}/v1/posts",
                            json=body,
                            headers={"Authorization": f"Bearer {tokens[n]}", "Idempotency-Key": key},
                            timeout=20,
                        )
                    except requests.RequestException:
                        response = None
                    if response is not None and response.status_code == 201:
                        answers.setdefault(key, set()).add(response.json()["id"])
                        if attempt:
                            retried.append(key)
                        break
                    assert response is None or response.status_code in (502, 503), response.text
                    session = requests.Session()
                    time.sleep(0.2)
                else:
                    raise AssertionError(f"{key} never answered")

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(len(tokens))]
        for thread in threads:
            thread.start()
        kills = 0
        for _ in range(6):
            time.sleep(1.0)
            for worker in _children(master):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker, signal.SIGKILL)  # gunicorn's arbiter starts a new worker
                    kills += 1
        time.sleep(2.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        assert kills >= 3 and retried, "the workers were killed mid-request and clients retried"
        assert all(len(ids) == 1 for ids in answers.values()), "a retry got a different answer"
        rows = db.read(
            lambda tx: [
                r.data()
                for r in tx.run(
                    "MATCH (p:Post) WHERE p.text STARTS WITH 'worker kill' RETURN p.text AS text, p.id AS id"
                )
            ]
        )
        by_text: dict[str, list[str]] = {}
        for row in rows:
            by_text.setdefault(row["text"], []).append(row["id"])
        assert all(len(ids) == 1 for ids in by_text.values()), "a retried post was created twice"
        texts = {f"worker kill {key.split('-')[1]} {key.split('-')[2]}": ids for key, ids in answers.items()}
        assert all(by_text.get(text) == sorted(ids) for text, ids in texts.items()), "an answered post is missing"


def _master_pid(base: str) -> int:
    """The gunicorn arbiter serving ``base``: the `secret-graph serve` process itself."""
    port = base.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            environ = (proc / "environ").read_bytes().split(b"\0")
            if f"SECRET_GRAPH_PORT={port}".encode() in environ and _children(int(proc.name)):
                parent = int((proc / "stat").read_text().split(")")[-1].split()[1])
                if f"SECRET_GRAPH_PORT={port}".encode() not in _environ(parent):
                    return int(proc.name)
    raise AssertionError("no gunicorn arbiter found")


def _environ(pid: int) -> list[bytes]:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return []


def _children(pid: int) -> list[int]:
    children: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            children += [int(c) for c in (task / "children").read_text().split()]
    return children


def _wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
