"""Hostile bodies: each gets a clear 4xx in flask-smorest's shape, or is stored and returned faithfully."""

from __future__ import annotations

import json

import pytest


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["code"] == status and body["message"]
    return body


def test_an_oversized_body_gets_413(api, settings):
    user = api.new_user()
    response = api.post("/v1/posts", user, data=b"{" + b" " * settings.max_body_bytes + b"}",
                        content_type="application/json")  # fmt: skip
    _error(response, 413)


def test_invalid_json_gets_400(api):
    user = api.new_user()
    _error(api.post("/v1/posts", user, data=b'{"text": "unclosed', content_type="application/json"), 400)


def test_a_body_that_is_not_json_gets_415(api):
    user = api.new_user()
    _error(api.post("/v1/posts", user, data="text=hello", content_type="application/x-www-form-urlencoded"), 415)
    _error(api.post("/v1/posts", user, data="hello", content_type="text/plain"), 415)


def test_deeply_nested_json_gets_400_not_a_crash(api):
    user = api.new_user()
    nested = "[" * 50_000 + "]" * 50_000
    _error(api.post("/v1/posts", user, data=nested, content_type="application/json"), 400)
    shallow_but_wrong = json.dumps({"text": [[[[["x"]]]]]})
    _error(api.post("/v1/posts", user, data=shallow_but_wrong, content_type="application/json"), 422)


def test_a_huge_array_is_refused_with_422(api, settings):
    user = api.new_user()
    body = {"digests": ["0" * 64] * (settings.max_contacts + 1), "phones": []}
    response = api.put("/v1/me/contacts", user, json=body)
    assert response.status_code in (413, 422), response.status_code
    _error(response, response.status_code)
    _error(api.post("/v1/posts", user, json={"text": "x", "tags": [f"t{n}" for n in range(1000)]}), 422)


@pytest.mark.parametrize(
    "text",
    [
        "nul \x00 inside",
        "lone surrogate \ud800 inside",
    ],
)
def test_text_that_cannot_be_stored_faithfully_gets_422(api, text):
    user = api.new_user()
    raw = json.dumps({"text": text})  # json.dumps escapes both, as a client would send them
    body = _error(api.post("/v1/posts", user, data=raw, content_type="application/json"), 422)
    assert "NUL" in body["message"] or "surrogate" in body["message"]


@pytest.mark.parametrize(
    "text",
    [
        "right-to-left \u202eevil\u202c and hebrew \u05e9\u05dc\u05d5\u05dd",
        "zero\u200bwidth\u200djoiner\ufeff",
        "emoji 👩‍👩‍👧‍👦 🏳️‍🌈 🇫🇷",
        "combining e\u0301 and astral \U0001d518\U0001d52b\U0001d526",
    ],
)
def test_unusual_but_valid_text_is_stored_and_returned_faithfully(api, text):
    user = api.new_user()
    created = api.create_post(user, text)
    assert created["text"] == text
    again = api.get(f"/v1/posts/{created['id']}", user).get_json()
    assert again["text"] == text
    comment = api.post(f"/v1/posts/{created['id']}/comments", user, json={"text": text})
    assert comment.status_code == 201 and comment.get_json()["text"] == text


def test_a_10000_character_string_gets_a_clear_422(api):
    user = api.new_user()
    body = _error(api.post("/v1/posts", user, json={"text": "x" * 10_000}), 422)
    assert "text" in json.dumps(body)
    _error(api.post("/v1/auth/codes", json={"phone": "1" * 10_000}), 422)


def test_tokens_are_read_from_the_authorization_header_only(api):
    user = api.new_user()
    assert api.get(f"/v1/feed?access_token={user.token}").status_code == 401
    assert api.get("/v1/feed", headers={"Cookie": f"token={user.token}"}).status_code == 401
    assert api.get("/v1/feed", user).status_code == 200


def test_security_headers_are_on_every_answer(api):
    for path in ("/healthz", "/v1/feed", "/openapi.json", "/nowhere"):
        headers = api.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_the_docs_page_has_a_strict_policy_with_hashes_not_unsafe_inline(api):
    response = api.get("/docs")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "'sha256-" in policy and "frame-ancestors 'none'" in policy


def test_cors_is_off_by_default_and_follows_the_configured_origins(api, ctx, settings):
    import dataclasses

    from api.app import create_app

    assert "Access-Control-Allow-Origin" not in api.get("/healthz", headers={"Origin": "https://evil.example"}).headers
    chosen = dataclasses.replace(settings, cors_origins=("https://app.example",))
    client = create_app(chosen, ctx=dataclasses.replace(ctx, settings=chosen)).test_client()
    allowed = client.get("/healthz", headers={"Origin": "https://app.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert (
        "Access-Control-Allow-Origin" not in client.get("/healthz", headers={"Origin": "https://evil.example"}).headers
    )
