"""Mutual friendship stays exact under every order of add, replace, clear, link and delete."""

import hashlib

import pytest

from tests.helpers import digest, phone


def fb(n: int, *friends: int) -> dict:
    """A link request with the dev backend's token: Facebook user n, whose app-using friends are ``friends``."""
    return {"access_token": f"dev:fb-user-{n}:" + ",".join(f"fb-user-{f}" for f in friends)}


def test_one_sided_contact_is_not_a_friendship(api):
    a, b = api.sign_in(phone(1)), api.sign_in(phone(2))
    answer = api.post("/v1/me/contacts", a, json={"digests": [b.digest]}).get_json()
    assert answer == {"accepted": 1, "rejected": 0, "friends": 0}
    assert api.friends(b) == 0
    answer = api.post("/v1/me/contacts", b, json={"phones": ["(415) 555-0001"], "region": "US"}).get_json()
    assert answer == {"accepted": 1, "rejected": 0, "friends": 1}
    assert api.friends(a) == 1


@pytest.mark.parametrize("order", ["a_first", "b_first"])
def test_replace_and_clear_keep_friendships_exact(api, order):
    a, b, c = (api.sign_in(phone(n)) for n in (1, 2, 3))
    uploads = [(a, [b.digest, c.digest]), (b, [a.digest])]
    for user, book in uploads if order == "a_first" else reversed(uploads):
        api.put("/v1/me/contacts", user, json={"digests": book})
    assert (api.friends(a), api.friends(b), api.friends(c)) == (1, 1, 0)
    api.put("/v1/me/contacts", c, json={"digests": [a.digest]})
    assert (api.friends(a), api.friends(b), api.friends(c)) == (2, 1, 1)
    # Replacing A's book without B ends A-B and keeps A-C.
    assert api.put("/v1/me/contacts", a, json={"digests": [c.digest]}).get_json()["friends"] == 1
    assert (api.friends(a), api.friends(b), api.friends(c)) == (1, 0, 1)
    assert api.delete("/v1/me/contacts", c).get_json()["friends"] == 0
    assert (api.friends(a), api.friends(b), api.friends(c)) == (0, 0, 0)


def test_contacts_of_people_who_sign_up_later_count_once_they_upload(api):
    a = api.sign_in(phone(1))
    api.put("/v1/me/contacts", a, json={"digests": [digest(phone(2))]})
    b = api.sign_in(phone(2))
    assert api.friends(a) == 0
    assert api.put("/v1/me/contacts", b, json={"digests": [a.digest]}).get_json()["friends"] == 1
    assert api.friends(a) == 1


def test_deleting_an_account_ends_its_friendships_and_signing_up_again_starts_fresh(api):
    a, b = api.sign_in(phone(1)), api.sign_in(phone(2))
    api.befriend(a, b)
    assert api.friends(a) == 1
    assert api.delete("/v1/me", b).status_code == 204
    assert api.friends(a) == 0
    assert api.get("/v1/me", b).status_code == 401
    again = api.sign_in(phone(2))
    assert again.id != b.id and again.extra["new_account"] is True
    assert api.friends(a) == 0  # the new account has no address book yet
    api.put("/v1/me/contacts", again, json={"digests": [a.digest]})
    assert api.friends(a) == 1


def test_facebook_link_and_unlink(api):
    a, b = api.sign_in(phone(1)), api.sign_in(phone(2))
    assert api.put("/v1/me/facebook", a, json=fb(1, 2)).get_json()["friends"] == 0
    answer = api.put("/v1/me/facebook", b, json=fb(2, 1, 3)).get_json()
    assert answer == {"accepted": 2, "rejected": 0, "friends": 1}
    assert api.get("/v1/me", a).get_json() | {"friends": 1, "facebook_linked": True} == api.get("/v1/me", a).get_json()
    # Phone friendship and Facebook friendship are one FRIEND edge, counted once.
    api.befriend(a, b)
    assert api.friends(a) == 1
    api.delete("/v1/me/contacts", a)
    assert api.friends(a) == 1  # still friends through Facebook
    assert api.delete("/v1/me/facebook", a).get_json()["friends"] == 0
    assert api.get("/v1/me", a).get_json()["facebook_linked"] is False
    assert api.friends(b) == 0


def test_a_facebook_id_belongs_to_one_account_the_last_to_prove_it(api):
    a, b = api.sign_in(phone(1)), api.sign_in(phone(2))
    api.put("/v1/me/facebook", a, json=fb(1))
    assert api.put("/v1/me/facebook", b, json=fb(1)).status_code == 200  # no 409: see tests/test_facebook.py
    assert (api.get("/v1/me", a).get_json()["facebook_linked"], api.get("/v1/me", b).get_json()["facebook_linked"]) == (
        False,
        True,
    )
    assert api.put("/v1/me/facebook", b, json={"facebook_id": "0" * 64}).status_code == 422
    assert api.put("/v1/me/facebook", b, json={"access_token": "not-a-dev-token"}).status_code == 401


def test_malformed_entries_are_counted_and_never_stored(api, db):
    a = api.sign_in(phone(1))
    answer = api.put(
        "/v1/me/contacts", a, json={"digests": ["xyz", "A" * 64, digest(phone(2))], "phones": ["12", phone(3)]}
    ).get_json()
    assert answer == {"accepted": 3, "rejected": 2, "friends": 0}
    identifiers = db.driver.execute_query("MATCH (i:Identifier) RETURN count(i) AS n").records[0]["n"]
    assert identifiers == 4  # a's own phone + three contacts


def test_limits_apply_whole_or_not_at_all(api, ctx, db):
    a = api.sign_in(phone(1))
    limit = ctx.settings.max_contacts
    too_many = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(limit + 1)]
    response = api.put("/v1/me/contacts", a, json={"digests": too_many})
    assert response.status_code == 413 and "at most" in response.get_json()["message"]
    api.put("/v1/me/contacts", a, json={"digests": too_many[:limit]})
    response = api.post("/v1/me/contacts", a, json={"digests": [digest(phone(2))]})
    assert response.status_code == 422 and "at most" in response.get_json()["message"]
    count = db.driver.execute_query("MATCH (:Account)-[r:HAS_CONTACT]->() RETURN count(r) AS n").records[0]["n"]
    assert count == limit


def test_answers_never_say_which_contacts_matched(api):
    a, b = api.sign_in(phone(1)), api.sign_in(phone(2))
    api.put("/v1/me/contacts", b, json={"digests": [a.digest]})
    answer = api.put("/v1/me/contacts", a, json={"digests": [b.digest, digest(phone(3))]}).get_json()
    assert set(answer) == {"accepted", "rejected", "friends"}
    assert b.id not in str(answer) and b.digest not in str(answer)


def test_account_deletion_removes_orphan_identifiers_but_keeps_referenced_ones(api, db):
    a, b = api.sign_in(phone(1)), api.sign_in(phone(2))
    api.put("/v1/me/contacts", a, json={"digests": [digest(phone(9))]})
    api.put("/v1/me/contacts", b, json={"digests": [a.digest]})
    api.delete("/v1/me", a)
    keys = {r["k"] for r in db.driver.execute_query("MATCH (i:Identifier) RETURN i.key AS k").records}
    # b's own phone, and a's phone (still in b's book) stay; phone(9) only a referenced: gone.
    assert len(keys) == 2
    assert db.driver.execute_query("MATCH (s:Session) RETURN count(s) AS n").records[0]["n"] == 1
    assert db.driver.execute_query("MATCH (a:Account) RETURN count(a) AS n").records[0]["n"] == 1
