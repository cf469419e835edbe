"""Twenty threads at once, each race with an exact expected outcome."""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from neo4j import GraphDatabase

from api.app import create_app
from secret_graph.db.database import Database
from secret_graph.errors import Unavailable
from tests.helpers import ApiClient, phone

THREADS = 20


@pytest.fixture
def roomy(ctx, settings):
    """The API with the product quotas raised, so only the race decides the outcome."""
    chosen = dataclasses.replace(
        settings, contact_resets_per_day=1000, new_contacts_per_day=100_000, codes_per_phone_per_hour=1000,
        codes_per_address_per_hour=1000,
    )  # fmt: skip
    app = create_app(chosen, ctx=dataclasses.replace(ctx, settings=chosen))
    return app, ApiClient(app.test_client())


def _race(app, calls):
    """Run every call on its own test client, all at once; returns the responses in order."""

    def one(call):
        return call(app.test_client())

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(one, calls))


def test_concurrent_hearts_on_one_post_count_exactly(roomy):
    app, api = roomy
    author = api.new_user()
    post = api.create_post(author, "heart me", location={"lat": 48.85, "lon": 2.35})
    fans = [api.new_user() for _ in range(THREADS)]
    answers = _race(app, [lambda c, u=u: c.put(f"/v1/posts/{post['id']}/heart", headers=u.headers) for u in fans])
    assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
    assert api.get(f"/v1/posts/{post['id']}", author).get_json()["hearts"] == THREADS
    again = _race(app, [lambda c, u=u: c.put(f"/v1/posts/{post['id']}/heart", headers=u.headers) for u in fans])
    assert all(a.status_code == 200 for a in again)
    assert api.get(f"/v1/posts/{post['id']}", author).get_json()["hearts"] == THREADS  # idempotent


def test_concurrent_book_replaces_leave_exactly_the_last_books_friendships(roomy, db):
    app, api = roomy
    owner = api.new_user()
    others = [api.new_user() for _ in range(THREADS)]
    for other in others:  # everyone already has the owner in their book
        assert api.post("/v1/me/contacts", other, json={"digests": [owner.digest]}).status_code == 200
    books = [[o.digest for k, o in enumerate(others) if (k + n) % 3 == 0] for n in range(THREADS)]
    answers = _race(app, [lambda c, b=b: c.put("/v1/me/contacts", headers=owner.headers, json={"digests": b})
                          for b in books])  # fmt: skip
    assert all(a.status_code == 200 for a in answers), [a.get_json() for a in answers]
    final = db.read(
        lambda tx: tx.run(
            "MATCH (:Account {id: $id})-[:HAS_CONTACT]->(i:Identifier)<-[:HAS_IDENTIFIER]-(b:Account) "
            "RETURN collect(b.id) AS book, COUNT { (:Account {id: $id})-[:FRIEND]-() } AS friend_edges, "
            "COLLECT { MATCH (:Account {id: $id})-[:FRIEND]-(f) RETURN f.id } AS friends",
            id=owner.id,
        ).single()
    )
    assert sorted(final["friends"]) == sorted(final["book"])  # exactly the last state, no leftovers
    assert final["friend_edges"] == len(set(final["book"]))  # and no duplicate edges
    assert sorted(final["book"]) in [sorted(o.id for o in others if o.digest in set(b)) for b in books]


def test_concurrent_posts_with_one_idempotency_key_create_one_post(roomy, db):
    app, api = roomy
    author = api.new_user()
    headers = {**author.headers, "Idempotency-Key": "same-key-123"}
    answers = _race(app, [lambda c: c.post("/v1/posts", headers=headers, json={"text": "only once"})] * THREADS)
    assert all(a.status_code == 201 for a in answers), [a.status_code for a in answers]
    assert len({a.get_json()["id"] for a in answers}) == 1
    count = db.read(
        lambda tx: tx.run("MATCH (:Account {id: $id})-[:WROTE]->(p:Post) RETURN count(p) AS n", id=author.id).single()
    )
    assert count["n"] == 1


def test_concurrent_sign_ins_never_create_two_accounts_for_one_phone(roomy, db):
    app, api = roomy
    number = phone(4242)
    challenges = [api.request_code(number) for _ in range(THREADS)]
    answers = _race(app, [
        lambda c, ch=ch: c.post("/v1/auth/sessions", json={"challenge_id": ch["challenge_id"], "code": ch["dev_code"]})
        for ch in challenges
    ])  # fmt: skip
    assert all(a.status_code == 201 for a in answers), [a.get_json() for a in answers]
    assert len({a.get_json()["account"]["id"] for a in answers}) == 1
    assert sum(a.get_json()["new_account"] for a in answers) == 1
    accounts = db.read(lambda tx: tx.run("MATCH (a:Account) RETURN count(a) AS n").single())
    assert accounts["n"] == 1


def _deadlock(settings, db, retry_window_s: float | None) -> tuple[list, int]:
    """Two transactions lock two nodes in opposite orders, so Neo4j must pick a victim. The
    driver itself allows no retries; ``retry_window_s`` is what the caller asks of Database.write.
    Returns each side's outcome and how many attempts were made in all."""
    db.write(lambda tx: tx.run("CREATE (:Account {id: 'x'}), (:Account {id: 'y'})").consume())
    driver = GraphDatabase.driver(settings.bolt_uri, max_transaction_retry_time=0)
    impatient = Database(driver, settings.neo4j_database)
    both_hold_one = threading.Barrier(2)
    attempts: list[str] = []

    def lock_in_order(first: str, second: str):
        def work(tx):
            attempts.append(first)
            tx.run("MATCH (a:Account {id: $id}) SET a.locked = true", id=first).consume()
            if attempts.count(first) == 1:  # a retry runs alone
                both_hold_one.wait(timeout=10)
            tx.run("MATCH (a:Account {id: $id}) SET a.locked = true", id=second).consume()

        try:
            impatient.write(work, retry_window_s=retry_window_s)
            return "done"
        except Unavailable as error:
            return (error.status, error.retry_after)

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(lambda pair: lock_in_order(*pair), [("x", "y"), ("y", "x")]))
    finally:
        driver.close()
    return outcomes, len(attempts)


def test_a_deadlock_that_outlasts_the_retries_is_a_503_to_retry_not_a_500(settings, db):
    """With no retry window left, the victim's use case fails as 'busy, retry', never as a crash."""
    outcomes, attempts = _deadlock(settings, db, retry_window_s=None)
    assert sorted(outcomes, key=str) == sorted(["done", (503, 1)], key=str)
    assert attempts == 2


def test_a_batch_job_widens_the_retry_window_and_its_deadlock_victim_succeeds(settings, db):
    """Seeding asks for a long window: the victim is retried and both sides commit."""
    outcomes, attempts = _deadlock(settings, db, retry_window_s=30)
    assert outcomes == ["done", "done"]
    assert attempts == 3


def _no_server_errors(answers) -> list[int]:
    statuses = [a.status_code for a in answers]
    assert all(s < 500 for s in statuses), statuses
    return statuses


def test_one_sign_in_code_raced_by_twenty_threads_opens_one_session(roomy, db):
    app, api = roomy
    challenge = api.request_code(phone(4343))
    body = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    answers = _race(app, [lambda c: c.post("/v1/auth/sessions", json=body)] * THREADS)
    statuses = _no_server_errors(answers)
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {201, 401, 429}, statuses
    sessions = db.read(lambda tx: tx.run("MATCH (s:Session) RETURN count(s) AS n").single())
    assert sessions["n"] == 1


def test_an_expired_idempotency_record_raced_by_twenty_threads_runs_the_work_once(roomy, db, clock):
    app, api = roomy
    author = api.new_user()
    for n in range(30):  # expired records of other keys: every request purges some of them at once
        api.post("/v1/posts", author, json={"text": f"old {n}"}, headers={"Idempotency-Key": f"old-{n}"})
    api.post("/v1/posts", author, json={"text": "again"}, headers={"Idempotency-Key": "reused"})
    clock.advance(seconds=3601)
    headers = {**author.headers, "Idempotency-Key": "reused"}
    answers = _race(app, [lambda c: c.post("/v1/posts", headers=headers, json={"text": "again"})] * THREADS)
    statuses = _no_server_errors(answers)
    assert statuses == [201] * THREADS, statuses
    assert len({a.get_json()["id"] for a in answers}) == 1
    count = db.read(
        lambda tx: tx.run("MATCH (:Account {id: $id})-[:WROTE]->(p:Post) RETURN count(p) AS n", id=author.id).single()
    )
    assert count["n"] == 32


def test_one_refresh_token_raced_by_twenty_threads_renews_once(roomy):
    app, api = roomy
    user = api.new_user()
    body = {"refresh_token": user.extra["refresh_token"]}
    answers = _race(app, [lambda c: c.post("/v1/auth/refresh", json=body)] * THREADS)
    statuses = _no_server_errors(answers)
    assert statuses.count(200) == 1 and statuses.count(401) == THREADS - 1, statuses
    winner = next(a.get_json() for a in answers if a.status_code == 200)
    assert api.get("/v1/me", headers={"Authorization": f"Bearer {winner['token']}"}).status_code == 200
    assert api.post("/v1/auth/refresh", json={"refresh_token": winner["refresh_token"]}).status_code == 200


def test_one_phone_change_code_raced_by_twenty_threads_is_spent_once(roomy, db):
    app, api = roomy
    user = api.new_user()
    challenge = api.post("/v1/me/phone/codes", user, json={"phone": phone(4444)}).get_json()
    body = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    answers = _race(app, [lambda c: c.put("/v1/me/phone", headers=user.headers, json=body)] * THREADS)
    statuses = _no_server_errors(answers)
    assert statuses.count(200) == 1 and set(statuses) <= {200, 401, 429}, statuses
    # The sign-in challenge is kept (spent) too: read the phone-change one by its id.
    spent = db.read(
        lambda tx: tx.run(
            "MATCH (c:SignInChallenge {id: $id}) RETURN c.consumed_at IS NOT NULL AS spent",
            id=challenge["challenge_id"],
        ).single(strict=True)
    )
    assert spent["spent"] is True
