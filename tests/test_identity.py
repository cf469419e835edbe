"""Sign-in codes, sessions, passcodes and account deletion, through the API on a real Neo4j."""

from api.app import create_app
from secret_graph.adapters.sms import NullSender
from secret_graph.context import Context
from secret_graph.crypto import Keyring
from secret_graph.db.database import Database
from tests.helpers import ApiClient, phone


def test_first_sign_in_creates_an_account_and_later_ones_reuse_it(api):
    first = api.sign_in(phone(1))
    assert first.extra["new_account"] is True
    again = api.sign_in(phone(1))
    assert again.extra["new_account"] is False
    assert again.id == first.id and again.token != first.token


def test_national_format_with_region_is_the_same_phone(api):
    first = api.sign_in(phone(2))
    again = api.sign_in("(415) 555-0002", region="US")
    assert again.id == first.id and again.extra["new_account"] is False


def test_invalid_numbers_are_a_422_naming_the_field(api):
    for bad in ["12", "+1 000 000 0000", "not a number", "(415) 555-0100"]:
        response = api.post("/v1/auth/codes", json={"phone": bad})
        assert response.status_code == 422, bad
        body = response.get_json()
        assert "phone" in body["errors"]["json"]
        assert "555" not in str(body)


def test_wrong_code_is_401_and_too_many_attempts_is_429(api):
    challenge = api.request_code(phone(3))
    wrong = "000000" if challenge["dev_code"] != "000000" else "111111"
    for _ in range(5):
        response = api.post("/v1/auth/sessions", json={"challenge_id": challenge["challenge_id"], "code": wrong})
        assert response.status_code == 401
    response = api.post(
        "/v1/auth/sessions", json={"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    )
    assert response.status_code == 429


def test_codes_expire_after_ten_minutes(api, clock):
    challenge = api.request_code(phone(4))
    clock.advance(seconds=601)
    response = api.post(
        "/v1/auth/sessions", json={"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    )
    assert response.status_code == 401


def test_a_code_works_once(api):
    challenge = api.request_code(phone(5))
    body = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
    assert api.post("/v1/auth/sessions", json=body).status_code == 201
    assert api.post("/v1/auth/sessions", json=body).status_code == 401


def test_five_codes_per_phone_per_hour(api, clock):
    for _ in range(5):
        api.request_code(phone(6))
    response = api.post("/v1/auth/codes", json={"phone": phone(6)})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert api.post("/v1/auth/codes", json={"phone": phone(7)}).status_code == 202
    clock.advance(seconds=3601)
    assert api.post("/v1/auth/codes", json={"phone": phone(6)}).status_code == 202


def test_passcode_is_required_once_set(api):
    user = api.sign_in(phone(8))
    assert api.put("/v1/me/passcode", user, json={"passcode": "abc"}).status_code == 422
    assert api.put("/v1/me/passcode", user, json={"passcode": "correct horse"}).status_code == 204
    assert api.get("/v1/me", user).get_json()["has_passcode"] is True

    for passcode in (None, "wrong one"):
        challenge = api.request_code(phone(8))
        body = {"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]}
        if passcode:
            body["passcode"] = passcode
        assert api.post("/v1/auth/sessions", json=body).status_code == 401
    again = api.sign_in(phone(8), passcode="correct horse")
    assert again.id == user.id


def test_revoked_tokens_stop_working(api):
    user = api.sign_in(phone(9))
    other_session = api.sign_in(phone(9))
    assert api.delete("/v1/auth/sessions/current", user).status_code == 204
    assert api.get("/v1/me", user).status_code == 401
    assert api.get("/v1/me", other_session).status_code == 200


def test_a_signed_out_or_deleted_session_fails_at_once_in_another_worker(api, settings, clock):
    """No worker keeps what it looked up about a token (issue 15): each request reads the session."""
    db = Database.connect(settings)  # a second gunicorn worker: its own app, driver and connections
    worker = ApiClient(
        create_app(
            ctx=Context(settings=settings, db=db, clock=clock, keyring=Keyring(settings.pepper), sms=NullSender())
        ).test_client()
    )
    try:
        leaving, deleted = api.sign_in(phone(12)), api.sign_in(phone(13))
        assert worker.get("/v1/feed", leaving).status_code == 200
        assert worker.get("/v1/feed", deleted).status_code == 200
        assert api.delete("/v1/auth/sessions/current", leaving).status_code == 204
        assert worker.get("/v1/feed", leaving).status_code == 401
        assert api.delete("/v1/me", deleted).status_code == 204
        assert worker.get("/v1/feed", deleted).status_code == 401
    finally:
        db.close()


def test_me_shape(api):
    user = api.sign_in(phone(10))
    me = api.get("/v1/me", user).get_json()
    assert set(me) == {"id", "created_at", "friends", "facebook_linked", "has_passcode", "circle"}
    assert me == {**me, "id": user.id, "friends": 0, "facebook_linked": False, "has_passcode": False}
    assert me["circle"] == {"open": False, "counted_friends": 0, "needed": 5}


def test_tokens_only_in_the_authorization_header(api):
    user = api.sign_in(phone(11))
    assert api.get(f"/v1/me?access_token={user.token}").status_code == 401
    assert api.get("/v1/me", headers={"Authorization": f"Token {user.token}"}).status_code == 401
