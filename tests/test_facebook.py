"""Issue 13, findings 1 and 2: a Facebook link is proven by a token, never claimed, and linking
answers the same whoever else held the Facebook account. Runs the `graph` verifier against a
local fake Graph API, so a forged claim cannot pass the way it would with the `dev` backend."""

import logging

import pytest

from secret_graph.adapters.facebook import GraphVerifier, NullVerifier
from secret_graph.crypto import client_digest
from secret_graph.db import migrations
from secret_graph.localneo4j import free_port
from tests.fake_graph import APP_ID, APP_SECRET, fake_graph

FB_A, FB_Z, FB_M, FB_X, FB_Y = (f"1015000000000{n:04d}" for n in (1, 26, 13, 24, 25))


@pytest.fixture
def graph(ctx):
    """The app's Facebook verifier talks to a fake Graph API for this test."""
    with fake_graph() as served:
        ctx.facebook = GraphVerifier(app_id=APP_ID, app_secret=APP_SECRET, graph_url=served.url)
        yield served


def _link(api, user, token):
    return api.put("/v1/me/facebook", user, json={"access_token": token})


def _linked(api, user) -> bool:
    return api.get("/v1/me", user).get_json()["facebook_linked"]


def _fb_identifiers(db) -> int:
    return db.driver.execute_query("MATCH (i:Identifier {kind: 'fb'}) RETURN count(i) AS n").records[0]["n"]


def test_claiming_someones_facebook_id_makes_no_friendship(api, graph, db):
    """Finding 1: A linked fbA listing fbZ; the attacker claimed fbZ listing fbA and became A's friend."""
    a, attacker = api.new_user(), api.new_user()
    assert _link(api, a, graph.issue(FB_A, [FB_Z])).get_json() == {"accepted": 1, "rejected": 0, "friends": 0}
    before = _fb_identifiers(db)

    claim = {"facebook_id": client_digest(FB_Z), "friend_digests": [client_digest(FB_A)]}
    assert api.put("/v1/me/facebook", attacker, json=claim).status_code == 422
    own = graph.issue(FB_M)  # the attacker's own, real token, with a claim beside it
    assert api.put("/v1/me/facebook", attacker, json={"access_token": own, **claim}).status_code == 422
    assert _link(api, attacker, f"dev:{FB_Z}:{FB_A}").status_code == 401  # the dev form proves nothing here
    assert _link(api, attacker, "EAAguessed").status_code == 401
    assert _fb_identifiers(db) == before  # nothing was created
    assert (api.friends(a), api.friends(attacker), _linked(api, attacker)) == (0, 0, False)

    # The real owner of fbZ is not locked out, and becomes A's friend.
    z = api.new_user()
    assert _link(api, z, graph.issue(FB_Z, [FB_A])).get_json() == {"accepted": 1, "rejected": 0, "friends": 1}
    assert (api.friends(a), api.friends(z)) == (1, 1)


def test_linking_answers_the_same_whether_or_not_the_id_is_linked_elsewhere(api, graph):
    """Finding 2: 409 for an id linked elsewhere and 200 otherwise told anyone who uses the service."""
    holder, prober = api.new_user(), api.new_user()
    _link(api, holder, graph.issue(FB_X))
    probes = [
        api.put("/v1/me/facebook", prober, json={"facebook_id": client_digest(fb_id), "friend_digests": []})
        for fb_id in (FB_X, FB_Y)  # linked elsewhere, and not
    ]
    assert [p.status_code for p in probes] == [422, 422]
    assert probes[0].get_json() == probes[1].get_json()

    # Only the id's real owner can ask with a token, and gets the answer an unlinked id gets.
    second_account, fresh = api.new_user(), api.new_user()
    moved = _link(api, second_account, graph.issue(FB_X))
    first = _link(api, fresh, graph.issue(FB_Y))
    assert (moved.status_code, first.status_code) == (200, 200)
    assert moved.get_json() == first.get_json() == {"accepted": 0, "rejected": 0, "friends": 0}
    assert (_linked(api, holder), _linked(api, second_account)) == (False, True)


def test_the_proven_owner_takes_the_link_and_its_friend_list(api, graph, db):
    old, y = api.new_user(), api.new_user()
    _link(api, old, graph.issue(FB_X, [FB_Y]))
    _link(api, y, graph.issue(FB_Y, [FB_X]))
    assert (api.friends(old), api.friends(y)) == (1, 1)

    new = api.new_user()
    assert _link(api, new, graph.issue(FB_X, [FB_Y])).get_json()["friends"] == 1
    assert (api.friends(old), api.friends(new), api.friends(y)) == (0, 1, 1)
    left = db.driver.execute_query(
        "MATCH (:Account {id: $id})-[r:HAS_IDENTIFIER|HAS_CONTACT]->(:Identifier {kind: 'fb'}) RETURN count(r) AS n",
        id=old.id,
    ).records[0]["n"]
    assert left == 0  # the old holder keeps neither the id nor the friend list that came with it
    # Unlinking still works, and ends the friendship it brought.
    assert api.delete("/v1/me/facebook", new).get_json()["friends"] == 0
    assert (api.friends(y), _linked(api, new)) == (0, False)


def test_linking_is_refused_when_turned_off_and_unlinking_still_works(api, ctx, db):
    user = api.new_user()
    assert _link(api, user, f"dev:{FB_A}:{FB_Z}").status_code == 200
    ctx.facebook = NullVerifier()
    refused = _link(api, user, f"dev:{FB_A}:{FB_Z}")
    assert refused.status_code == 403 and "turned off" in refused.get_json()["message"]
    assert api.delete("/v1/me/facebook", user).status_code == 200
    assert (_linked(api, user), _fb_identifiers(db)) == (False, 0)


def test_facebook_out_of_reach_is_503_and_creates_nothing(api, ctx, db):
    ctx.facebook = GraphVerifier(app_id=APP_ID, app_secret=APP_SECRET, graph_url=f"http://127.0.0.1:{free_port()}")
    user = api.new_user()
    answer = _link(api, user, "EAAwhatever")
    assert answer.status_code == 503 and answer.headers.get("Retry-After")
    assert (_linked(api, user), _fb_identifiers(db)) == (False, 0)


def test_no_facebook_id_token_or_digest_is_stored_logged_or_returned(api, graph, db, caplog):
    caplog.set_level(logging.DEBUG)
    a, z = api.new_user(), api.new_user()
    tokens = [graph.issue(FB_A, [FB_Z, FB_Y]), graph.issue(FB_Z, [FB_A])]
    answers = [_link(api, a, tokens[0]), _link(api, z, tokens[1]), _link(api, a, "EAAnot-a-token")]
    assert [r.status_code for r in answers] == [200, 200, 401]
    stored = str(
        db.driver.execute_query(
            "MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p"
        ).records
    )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    returned = "\n".join(r.get_data(as_text=True) for _, r in api.responses)
    assert "v1:" in stored and "request" in logged  # the scan sees real data
    for secret in [FB_A, FB_Z, FB_Y, *map(client_digest, (FB_A, FB_Z, FB_Y)), *tokens, APP_SECRET]:
        assert secret not in stored and secret not in logged and secret not in returned, secret


def test_links_claimed_before_they_needed_proof_are_dropped_by_migration_v004(api, db):
    """A takeover made under the old, unverified link must not outlive the fix."""
    a, attacker, phone_friend, both = (api.new_user() for _ in range(4))
    _link(api, a, f"dev:{FB_A}:{FB_Z},{FB_Y}")  # the dev backend believes anything: as the old API did
    _link(api, attacker, f"dev:{FB_Z}:{FB_A}")
    _link(api, both, f"dev:{FB_Y}:{FB_A}")
    api.befriend(a, phone_friend)
    api.befriend(a, both)  # friends by phone as well as by Facebook
    assert (api.friends(a), api.friends(attacker)) == (3, 1)

    migration = next(m for m in migrations.discover() if m.name == "drop_unproven_facebook_links")
    for statement in migration.statements():
        db.autocommit(statement)
    assert (api.friends(a), api.friends(attacker), api.friends(phone_friend), api.friends(both)) == (2, 0, 1, 1)
    assert not any(_linked(api, user) for user in (a, attacker, both))
    assert _fb_identifiers(db) == 0
