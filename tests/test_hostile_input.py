"""Hostile bodies: each gets a clear 4xx in flask-smorest's shape, or is stored and returned faithfully."""

from __future__ import annotations

import http.client
import json
import re

import pytest
import requests

from tests import live_server


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


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _check_headers(response, path: str, label: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, f"{label}: {name}"
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, f"{label}: CSP {policy!r}"
    if path.startswith("/v1"):
        assert response.headers.get("Cache-Control") == "no-store", f"{label}: Cache-Control"


def test_every_answer_of_every_route_carries_the_security_headers(app, api):
    """Every rule of the URL map, every method, with and without a token: successes and errors alike."""
    user = api.new_user()
    checked = 0
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<[^>]+>", "nothing-here", rule.rule)
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            for caller in (None, user):
                if method == "DELETE" and caller is user:
                    continue  # DELETE /v1/me would end the account the other calls use
                _check_headers(api.call(method, path, caller), path, f"{method} {rule.rule}")
                checked += 1
    hostile = [
        api.post("/v1/posts", user, data=b"x" * (1024 * 1024 + 1), content_type="application/json"),  # 413
        api.post("/v1/posts", user, data="hi", content_type="text/plain"),  # 415
        api.post("/v1/posts", user, data="{", content_type="application/json"),  # 400
        api.post("/v1/posts", user, json={"text": ""}),  # 422
        api.get("/v1/feed", headers={"Authorization": "Bearer forged"}),  # 401
    ]
    assert [r.status_code for r in hostile] == [413, 415, 400, 422, 401]
    for response in hostile:
        _check_headers(response, response.request.path, f"{response.status_code}")
    assert checked > 200


def test_the_docs_page_is_framed_by_nobody_either(api):
    response = api.get("/docs")
    assert (
        response.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    )


@pytest.fixture
def cors_client(ctx, settings):
    import dataclasses

    from api.app import create_app

    chosen = dataclasses.replace(settings, cors_origins=("https://app.example",))
    return create_app(chosen, ctx=dataclasses.replace(ctx, settings=chosen)).test_client()


def test_a_preflight_is_answered_cleanly_on_every_path_and_never_allows_credentials(app, cors_client):
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<[^>]+>", "nothing-here", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = cors_client.options(
                path,
                headers={
                    "Origin": "https://app.example",
                    "Access-Control-Request-Method": method,
                    "Access-Control-Request-Headers": "Authorization, Content-Type",
                },
            )
            label = f"preflight {method} {rule.rule}"
            assert response.status_code == 200, f"{label}: {response.status_code}"
            assert response.headers["Access-Control-Allow-Origin"] == "https://app.example", label
            assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower(), label
            assert "Access-Control-Allow-Credentials" not in response.headers, label
            _check_headers(response, path, label)
            foreign = cors_client.options(
                path, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": method}
            )
            assert foreign.status_code == 200 and "Access-Control-Allow-Origin" not in foreign.headers, label


def test_cors_answers_never_allow_credentials(cors_client):
    for path in ("/healthz", "/v1/feed", "/v1/nothing"):
        response = cors_client.get(path, headers={"Origin": "https://app.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "https://app.example"
        assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.fixture(scope="module")
def server(settings):
    with live_server.serve(settings) as base:
        yield base


def _raw(base: str):
    host, port = base.removeprefix("http://").split(":")
    return http.client.HTTPConnection(host, int(port), timeout=20)


def test_a_413_closes_the_connection_and_the_next_request_works(db, server, settings):
    connection = _raw(server)
    body = b"{" + b" " * (settings.max_body_bytes + 100) + b"}"
    connection.request("POST", "/v1/auth/codes", body=body, headers={"Content-Type": "application/json"})
    answer = connection.getresponse()
    assert answer.status == 413 and json.loads(answer.read())["code"] == 413
    assert answer.getheader("Connection") == "close"
    # http.client reconnects after Connection: close; on a dropped keep-alive it raised RemoteDisconnected.
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200


def test_a_chunked_body_over_the_limit_is_413_and_a_small_one_works(db, server, settings):
    connection = _raw(server)
    chunks = (b" " * 65536 for _ in range(settings.max_body_bytes // 65536 + 2))
    connection.request(
        "POST", "/v1/auth/codes", body=chunks, headers={"Content-Type": "application/json"}, encode_chunked=True
    )
    answer = connection.getresponse()
    assert answer.status == 413 and json.loads(answer.read())["code"] == 413
    connection = _raw(server)
    connection.request(
        "POST", "/v1/auth/codes", body=iter([b'{"phone": "+14155550142"}']),
        headers={"Content-Type": "application/json"}, encode_chunked=True,
    )  # fmt: skip
    assert connection.getresponse().status == 202


def test_a_uri_too_long_is_a_json_414_with_the_security_headers(db, server):
    answer = requests.get(f"{server}/v1/feed?q=" + "a" * 5000, timeout=20)
    assert answer.status_code == 414
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"code": 414, "status": "Request-URI Too Long", "message": "URI is too long"}
    _check_headers(answer, "/v1/feed", "414")
    assert "aaaa" not in answer.text
