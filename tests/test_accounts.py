"""Managing one's account through the API: sessions, expiry and refresh, passcode removal,
a new phone number, the export, and the circle's state."""

from __future__ import annotations

import dataclasses

import pytest

from api.app import create_app
from secret_graph.identity import services as identity
from tests.helpers import ApiClient, User, digest, phone

DAY_S = 86_400


def _refresh(api: ApiClient, refresh_token: str):
    return api.post("/v1/auth/refresh", json={"refresh_token": refresh_token})


# Sessions --------------------------------------------------------------------------------------


def test_sign_in_answer_keeps_token_and_adds_a_refresh_token_and_expiry(api, settings):
    user = api.new_user()
    assert set(user.extra) == {"token", "refresh_token", "expires_in", "account", "new_account"}
    assert user.extra["expires_in"] == settings.session_ttl_s == 30 * DAY_S
    assert user.extra["refresh_token"] != user.token


def test_list_sessions_marks_the_current_one_and_shows_coarse_times(api, clock):
    user = api.new_user()
    clock.advance(seconds=125)
    other = api.sign_in(user.phone)
    listed = api.get("/v1/me/sessions", user).get_json()["items"]
    assert len(listed) == 2
    assert [s["current"] for s in listed] == [False, True]  # newest first: `other` is not this request's
    for session in listed:
        assert set(session) == {"id", "created_at", "last_used_at", "expires_at", "current"}
        assert session["created_at"].endswith(":00:00.000Z")  # to the hour, in the one timestamp format
        assert user.token not in str(session) and other.token not in str(session)
    ids = {s["id"] for s in listed}
    assert ids == {s["id"] for s in api.get("/v1/me/sessions", other).get_json()["items"]}


def test_revoking_a_session_by_id_signs_it_out(api):
    user = api.new_user()
    other = api.sign_in(user.phone)
    theirs = next(s["id"] for s in api.get("/v1/me/sessions", user).get_json()["items"] if not s["current"])
    assert api.delete(f"/v1/me/sessions/{theirs}", user).status_code == 204
    assert api.get("/v1/me", other).status_code == 401
    assert _refresh(api, other.extra["refresh_token"]).status_code == 401
    assert api.get("/v1/me", user).status_code == 200
    assert api.delete(f"/v1/me/sessions/{theirs}", user).status_code == 404


def test_another_accounts_session_id_is_a_404_and_stays_signed_in(api):
    user, stranger = api.new_user(), api.new_user()
    theirs = api.get("/v1/me/sessions", stranger).get_json()["items"][0]["id"]
    unknown = api.delete(f"/v1/me/sessions/{theirs}", user)
    assert unknown.status_code == 404
    assert unknown.get_json() == {**api.delete("/v1/me/sessions/no-such-id", user).get_json()}
    assert api.get("/v1/me", stranger).status_code == 200


def test_sessions_expire_and_a_refresh_gives_a_new_pair_once(api, clock, settings):
    user = api.new_user()
    clock.advance(seconds=settings.session_ttl_s - 60)
    assert api.get("/v1/me", user).status_code == 200
    clock.advance(seconds=61)
    assert api.get("/v1/me", user).status_code == 401
    answer = _refresh(api, user.extra["refresh_token"])
    assert answer.status_code == 200
    pair = answer.get_json()
    assert set(pair) == {"token", "refresh_token", "expires_in"}
    assert _refresh(api, user.extra["refresh_token"]).status_code == 401  # used up
    renewed = User(user.phone, pair["token"], user.id, user.created_at)
    api.users.append(renewed)
    assert api.get("/v1/me", renewed).get_json()["id"] == user.id
    assert len(api.get("/v1/me/sessions", renewed).get_json()["items"]) == 1  # the same session, renewed


def test_a_refresh_token_expires_a_second_ttl_after_its_session(api, clock, settings):
    user = api.new_user()
    clock.advance(seconds=2 * settings.session_ttl_s + 1)
    assert _refresh(api, user.extra["refresh_token"]).status_code == 401
    assert _refresh(api, "not-a-token").status_code == 401


def test_session_ttl_is_configurable(ctx, settings, clock):
    short = dataclasses.replace(settings, session_ttl_s=60)
    api = ApiClient(create_app(short, ctx=dataclasses.replace(ctx, settings=short)).test_client())
    user = api.new_user()
    assert user.extra["expires_in"] == 60
    clock.advance(seconds=61)
    assert api.get("/v1/me", user).status_code == 401


def test_sessions_from_before_expiry_existed_expire_a_ttl_after_sign_in(api, db, clock, settings):
    user = api.new_user()
    db.write(
        lambda tx: tx.run(
            "MATCH (s:Session)-[:AUTHENTICATES]->(:Account {id: $id}) "
            "REMOVE s.expires_at, s.refresh_hash, s.refresh_expires_at, s.last_used_at",
            id=user.id,
        ).consume()
    )
    assert api.get("/v1/me", user).status_code == 200
    assert len(api.get("/v1/me/sessions", user).get_json()["items"]) == 1
    clock.advance(seconds=settings.session_ttl_s + 1)
    assert api.get("/v1/me", user).status_code == 401


def test_tokens_are_stored_only_as_hashes(api, db):
    user = api.new_user()
    stored = db.read(lambda tx: tx.run("MATCH (s:Session) RETURN properties(s) AS p").single()["p"])
    assert user.token not in str(stored) and user.extra["refresh_token"] not in str(stored)


# Passcode removal ------------------------------------------------------------------------------


def test_removing_the_passcode_needs_the_current_one(api):
    user = api.new_user()
    assert api.delete("/v1/me/passcode", user, json={"passcode": "anything"}).status_code == 404
    assert api.put("/v1/me/passcode", user, json={"passcode": "correct horse"}).status_code == 204
    assert api.delete("/v1/me/passcode", user, json={}).status_code == 422
    assert api.delete("/v1/me/passcode", user, json={"passcode": "wrong"}).status_code == 403
    assert api.get("/v1/me", user).get_json()["has_passcode"] is True
    assert api.delete("/v1/me/passcode", user, json={"passcode": "correct horse"}).status_code == 204
    assert api.get("/v1/me", user).get_json()["has_passcode"] is False
    api.sign_in(user.phone)  # no passcode asked any more


def test_passcode_guesses_are_limited(api, clock):
    user = api.new_user()
    api.put("/v1/me/passcode", user, json={"passcode": "correct horse"})
    for _ in range(5):
        assert api.delete("/v1/me/passcode", user, json={"passcode": "wrong"}).status_code == 403
    assert api.delete("/v1/me/passcode", user, json={"passcode": "correct horse"}).status_code == 429
    clock.advance(seconds=3601)
    assert api.delete("/v1/me/passcode", user, json={"passcode": "correct horse"}).status_code == 204


# A new phone number ----------------------------------------------------------------------------


def _change_phone(api: ApiClient, user: User, number: str, code: str | None = None):
    sent = api.post("/v1/me/phone/codes", user, json={"phone": number})
    assert sent.status_code == 202, sent.get_json()
    challenge = sent.get_json()
    body = {"challenge_id": challenge["challenge_id"], "code": code or challenge["dev_code"]}
    return api.put("/v1/me/phone", user, json=body)


def test_changing_the_phone_moves_sign_in_and_friendships(api):
    user, old_friend, new_friend = api.new_user(), api.new_user(), api.new_user()
    new_number = phone(7777)
    api.befriend(user, old_friend)
    # new_friend knows the new number only; user has new_friend in their book already.
    assert api.post("/v1/me/contacts", new_friend, json={"digests": [digest(new_number)]}).status_code == 200
    assert api.post("/v1/me/contacts", user, json={"digests": [new_friend.digest]}).status_code == 200
    assert api.friends(user) == 1

    answer = _change_phone(api, user, new_number)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"friends": 1}
    assert api.friends(old_friend) == 0 and api.friends(new_friend) == 1

    assert api.sign_in(new_number).id == user.id
    fresh = api.sign_in(user.phone)  # the old number is free: a new account
    assert fresh.extra["new_account"] is True and fresh.id != user.id


def test_a_phone_code_needs_the_right_code_and_the_same_account(api):
    user, other = api.new_user(), api.new_user()
    challenge = api.post("/v1/me/phone/codes", user, json={"phone": phone(7001)}).get_json()
    wrong = "000000" if challenge["dev_code"] != "000000" else "111111"
    body = {"challenge_id": challenge["challenge_id"], "code": wrong}
    assert api.put("/v1/me/phone", user, json=body).status_code == 401
    right = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    assert api.put("/v1/me/phone", other, json=right).status_code == 401  # someone else's challenge
    # A phone-change code is not a sign-in code.
    assert api.post("/v1/auth/sessions", json=right).status_code == 401
    assert api.put("/v1/me/phone", user, json=right).status_code == 200
    assert api.put("/v1/me/phone", user, json=right).status_code == 401  # once


def test_a_number_with_an_account_is_refused_only_to_its_verified_holder(api):
    user, holder = api.new_user(), api.new_user()
    # Asking for a code answers the same whether or not the number has an account.
    free = api.post("/v1/me/phone/codes", user, json={"phone": phone(7002)})
    taken = api.post("/v1/me/phone/codes", user, json={"phone": holder.phone})
    assert free.status_code == taken.status_code == 202
    assert set(free.get_json()) == set(taken.get_json())
    challenge = taken.get_json()
    refused = api.put(
        "/v1/me/phone", user, json={"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    )
    assert refused.status_code == 409
    assert holder.id not in refused.get_data(as_text=True)
    assert api.sign_in(user.phone).id == user.id and api.sign_in(holder.phone).id == holder.id
    assert api.get("/v1/me", holder).status_code == 200


def test_changing_to_ones_own_number_changes_nothing(api):
    user = api.new_user()
    assert _change_phone(api, user, user.phone).status_code == 200
    assert api.sign_in(user.phone).id == user.id


# Export ----------------------------------------------------------------------------------------


def test_export_holds_ones_own_data_and_nothing_of_anyone_else(api, ctx):
    from secret_graph.collections import services as collections

    collections.create(ctx=ctx, slug="all", title="All", description="everything")
    user, other = api.new_user(), api.new_user()
    api.befriend(user, other)
    kept = api.create_post(user, "mine to keep #tag", collection="all")
    theirs = api.create_post(other, "their secret", collection="all")
    api.put(f"/v1/posts/{theirs['id']}/heart", user)
    api.post(f"/v1/posts/{theirs['id']}/comments", user, json={"text": "my comment"})
    api.post(f"/v1/posts/{kept['id']}/comments", other, json={"text": "their comment"})
    api.put("/v1/collections/all/subscription", user)
    api.put("/v1/me/passcode", user, json={"passcode": "1234"})

    export = api.get("/v1/me/export", user)
    assert export.status_code == 200
    data = export.get_json()
    text = export.get_data(as_text=True)
    assert data["id"] == user.id and data["has_passcode"] is True and data["contacts"] == 1
    assert [p["id"] for p in data["posts"]] == [kept["id"]]
    assert data["posts"][0]["collection"] == "all" and data["posts"][0]["tags"] == ["tag"]
    assert [c["text"] for c in data["comments"]] == ["my comment"]
    assert [h["post_id"] for h in data["hearts"]] == [theirs["id"]]
    assert [s["collection"] for s in data["subscriptions"]] == ["all"]
    assert "their comment" not in text and "their secret" not in text
    assert other.id not in text and other.digest not in text
    # The api fixture also scans every answer for any other account's id.


def test_export_leaves_out_unlinked_posts(api):
    user = api.new_user()
    api.create_post(user, "unlinked later")
    assert api.post("/v1/me/unlink", user).status_code == 200
    assert api.get("/v1/me/export", user).get_json()["posts"] == []


# The circle ------------------------------------------------------------------------------------


def test_me_shows_the_circle_filling_up_and_opening(api, clock):
    user = api.new_user()
    assert api.get("/v1/me", user).get_json()["circle"] == {"open": False, "counted_friends": 0, "needed": 5}
    friends = [api.new_user() for _ in range(2)]
    outsiders = [api.new_user() for _ in range(4)]  # two of its own for each friend
    for index, friend in enumerate(friends):
        api.befriend(user, friend)
        for outsider in outsiders[2 * index : 2 * index + 2]:
            api.befriend(friend, outsider)
    # Friends count only once a day old.
    assert api.get("/v1/me", user).get_json()["circle"] == {"open": False, "counted_friends": 0, "needed": 5}
    clock.advance(seconds=DAY_S + 60)
    assert api.get("/v1/me", user).get_json()["circle"] == {"open": False, "counted_friends": 2, "needed": 3}
    api.open_circle(user, clock, friends=3)
    assert api.get("/v1/me", user).get_json()["circle"] == {"open": True, "counted_friends": 5, "needed": 0}


def test_the_feed_says_when_the_circle_is_closed(api, clock):
    user, friend = api.new_user(), api.new_user()
    api.befriend(user, friend)
    api.create_post(friend, "you cannot see this yet")
    page = api.get("/v1/feed", user).get_json()
    assert page["items"] == []
    assert page["circle"] == {"open": False, "counted_friends": 0, "needed": 5}
    assert "circle" in page["notice"]

    api.open_circle(user, clock)
    opened = api.get("/v1/feed", user).get_json()
    assert set(opened) == {"items", "next_cursor"}  # the page shape is unchanged once open


@pytest.mark.parametrize("path", ["/v1/me/sessions", "/v1/me/export", "/v1/me/sessions/x"])
def test_account_endpoints_need_a_token(api, path):
    method = api.delete if path.endswith("/x") else api.get
    assert method(path).status_code == 401


def test_identity_services_never_store_a_raw_number(api, db):
    user = api.new_user()
    _change_phone(api, user, phone(7003))
    dump = db.read(lambda tx: tx.run("MATCH (n) RETURN collect(properties(n)) AS all").single()["all"])
    for raw in (user.phone, phone(7003), "4155557003", digest(phone(7003))):
        assert raw not in str(dump)
    assert identity.PHONE_CHANGE == "phone_change"
