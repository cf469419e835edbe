"""Rotating the pepper while traffic runs: sign-ins land on the same accounts, address books keep
matching, no friendship is lost or gained (but those the traffic makes), and at the end no value
keyed with the old pepper is left."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from api.app import create_app
from secret_graph import peppers
from secret_graph.context import Context
from tests.helpers import ApiClient, digest, phone

pytestmark = pytest.mark.chaos
NEW_PEPPER = b"the-new-pepper-0123456789abcdef0123456789"


def test_rotating_the_pepper_under_traffic_loses_and_gains_no_friendship(settings, db, clock):
    # The sign-in loop asks each number for a code many times an hour (the fake clock stands still).
    quiet = dataclasses.replace(
        settings, contact_resets_per_day=10**6, new_contacts_per_day=10**6, codes_per_phone_per_hour=10**6
    )
    old_ctx = Context.create(quiet, db=db, clock=clock)
    api = ApiClient(create_app(quiet, ctx=old_ctx).test_client())
    users = [api.new_user() for _ in range(12)]
    late = [phone(7000 + n) for n in range(4)]  # in books already, signed up during the rotation
    books = {u.id: {users[(i + d) % 12].digest for d in (1, -1, 4, -4)} for i, u in enumerate(users)}
    for i, number in enumerate(late):
        books[users[i].id].add(digest(number))
    for user in users:
        assert api.put("/v1/me/contacts", user, json={"digests": sorted(books[user.id])}).status_code == 200
    before = _friendships(db)
    assert before, "the books make friendships"
    friends_before = {u.id: sum(1 for pair in before if u.id in pair) for u in users}
    pending = api.request_code(users[0].phone)  # a code sent before the rotation, used after it

    # Every server restarted with both peppers (the runbook's step 2): still writing under v1.
    both = dataclasses.replace(quiet, pepper=NEW_PEPPER, previous_peppers=(quiet.pepper,))
    new_ctx = Context.create(both, db=db, clock=clock)
    app = create_app(both, ctx=new_ctx)
    problems: list[str] = []
    rounds = [0]
    stop = threading.Event()

    def sign_ins() -> None:
        client = app.test_client()
        while not stop.is_set():
            for user in users:
                asked = client.post("/v1/auth/codes", json={"phone": user.phone})
                if asked.status_code >= 300:  # recorded, not a KeyError that ends the loop unseen
                    problems.append(f"code for {user.id}: {asked.status_code} {asked.get_json()}")
                    continue
                code = asked.get_json()
                answer = client.post(
                    "/v1/auth/sessions", json={"challenge_id": code["challenge_id"], "code": code["dev_code"]}
                )
                if answer.status_code != 201 or answer.get_json()["account"]["id"] != user.id:
                    problems.append(f"sign-in of {user.id}: {answer.status_code} {answer.get_json()}")

    def upload(client, user, book) -> int:
        answer = client.put("/v1/me/contacts", headers=user.headers, json={"digests": sorted(book)})
        if answer.status_code != 200:
            problems.append(f"upload of {user.id}: {answer.status_code} {answer.get_json()}")
        return answer.get_json().get("friends", -1)

    def uploads() -> None:
        client = app.test_client()
        while not stop.is_set():
            for user in users:  # a friend dropped and added again: the re-add must find the stored key
                upload(client, user, set(sorted(books[user.id])[1:]))
                if (friends := upload(client, user, books[user.id])) < friends_before[user.id]:
                    problems.append(f"{user.id} has {friends} friends, not {friends_before[user.id]}")
            rounds[0] += 1

    threads = [threading.Thread(target=sign_ins), threading.Thread(target=uploads)]
    for thread in threads:
        thread.start()
    try:
        _wait_until(lambda: rounds[0] >= 1)
        late_client = ApiClient(app.test_client())
        joiners = []

        def join_late() -> None:
            for i, number in enumerate(late):
                joiner = late_client.sign_in(number)
                joiners.append((joiner, users[i]))
                late_client.post("/v1/me/contacts", joiner, json={"digests": [users[i].digest]})

        joining = threading.Thread(target=join_late)
        joining.start()
        result = peppers.rotate(ctx=new_ctx, grace_s=3.0)  # traffic writes under v2 over v1 keys meanwhile
        joining.join()
        done = rounds[0]
        _wait_until(lambda: rounds[0] >= done + 2)  # traffic after the rotation too
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)

    assert problems == [], problems[:5]
    assert result["version"] == 2 and result["rekeyed"]["Identifier.key"] > 0
    gained = {frozenset((joiner.id, user.id)) for joiner, user in joiners}
    assert _friendships(db) == before | gained, "a friendship was lost or gained"
    assert peppers.stale_counts(ctx=new_ctx, version=2) == {f"{k.label}.{k.property}": 0 for k in peppers.KEYED}
    assert _old_key_values(db) == [], "a value under the old pepper remains"
    # One identifier per number, each owned by one account: no account split by the rotation.
    assert db.read(lambda tx: tx.run(
        "MATCH (a:Account) WHERE COUNT { (a)-[:HAS_IDENTIFIER]->(:Identifier {kind: 'phone'}) } <> 1 RETURN count(a) AS n"
    ).single()["n"]) == 0  # fmt: skip
    # The code sent before the rotation still signs in, to the same account.
    client = ApiClient(app.test_client())
    answer = client.post(
        "/v1/auth/sessions", json={"challenge_id": pending["challenge_id"], "code": pending["dev_code"]}
    )
    assert answer.status_code == 201 and answer.get_json()["account"]["id"] == users[0].id
    # A server still on the old pepper alone must not write keys nobody else would find.
    assert api.post("/v1/auth/codes", json={"phone": users[1].phone}).status_code == 503


def _friendships(db) -> set[frozenset[str]]:
    rows = db.read(lambda tx: tx.run("MATCH (a:Account)-[:FRIEND]->(b:Account) RETURN a.id AS a, b.id AS b").data())
    return {frozenset((r["a"], r["b"])) for r in rows}


def _old_key_values(db) -> list[str]:
    """Every stored string made under the old pepper: `v1:` anywhere, or a bare-hex address tag."""
    return db.read(
        lambda tx: tx.run(
            "MATCH (n) UNWIND keys(n) AS k WITH n, k, n[k] AS v WHERE v IS :: STRING "
            "AND (v CONTAINS 'v1:' OR (k = 'address_key' AND NOT v STARTS WITH 'v2:')) "
            "RETURN labels(n)[0] + '.' + k AS where"
        ).value()
    )


def _wait_until(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
