"""A stolen session token must not turn into the account for good.

Whoever holds only a bearer token could otherwise set a passcode they know and move the account to
their own number: revoking sessions would then not get rid of them, and the real owner's number
would sign in to a new, empty account. Both need the current passcode when one is set."""

from __future__ import annotations

from tests.helpers import phone


def test_a_stolen_token_cannot_replace_the_passcode_or_move_the_number(api, clock):
    owner = api.new_user()
    assert api.put("/v1/me/passcode", owner, json={"passcode": "correct horse"}).status_code == 204
    stolen = owner  # the thief replays the owner's bearer token

    assert api.put("/v1/me/passcode", stolen, json={"passcode": "thief-pass"}).status_code == 403
    assert (
        api.put("/v1/me/passcode", stolen, json={"passcode": "thief-pass", "current_passcode": "guess"}).status_code
        == 403
    )

    code = api.post("/v1/me/phone/codes", stolen, json={"phone": phone(7777)}).get_json()
    move = {"challenge_id": code["challenge_id"], "code": code["dev_code"]}
    assert api.put("/v1/me/phone", stolen, json=move).status_code == 403
    assert api.put("/v1/me/phone", stolen, json={**move, "passcode": "guess"}).status_code == 403

    # The owner, who knows the passcode, can do both (after the hour the thief's guesses used up).
    clock.advance(seconds=3600)
    code = api.post("/v1/me/phone/codes", owner, json={"phone": phone(7777)}).get_json()
    move = {"challenge_id": code["challenge_id"], "code": code["dev_code"], "passcode": "correct horse"}
    assert api.put("/v1/me/phone", owner, json=move).status_code == 200
    replaced = {"passcode": "new horse", "current_passcode": "correct horse"}
    assert api.put("/v1/me/passcode", owner, json=replaced).status_code == 204
    again = api.sign_in(phone(7777), passcode="new horse")
    assert again.id == owner.id


def test_passcode_guesses_through_replacement_are_limited_too(api):
    owner = api.new_user()
    api.put("/v1/me/passcode", owner, json={"passcode": "correct horse"})
    for _ in range(5):
        assert (
            api.put("/v1/me/passcode", owner, json={"passcode": "x" * 8, "current_passcode": "no"}).status_code == 403
        )
    right = {"passcode": "x" * 8, "current_passcode": "correct horse"}
    assert api.put("/v1/me/passcode", owner, json=right).status_code == 429
