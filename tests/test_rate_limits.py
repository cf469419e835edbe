"""HTTP rate limits: per account and per client address, with headers, a JSON 429 and Retry-After."""

from __future__ import annotations

import dataclasses

import pytest

from api.app import create_app
from api.ratelimit import DEFAULT_RULES, family, parse_rules
from secret_graph.config import ConfigError, Settings
from tests.helpers import ApiClient


@pytest.fixture
def limited(ctx, settings):
    """An app with rate limits on; feeds limited to 3 per account and 5 per address a minute."""

    def build(rules: str = "feeds=3/minute|5/minute") -> ApiClient:
        chosen = dataclasses.replace(settings, rate_limits=True, rate_limit_rules=rules)
        return ApiClient(create_app(chosen, ctx=dataclasses.replace(ctx, settings=chosen)).test_client())

    return build


def test_answers_carry_the_rate_limit_headers_and_a_429_carries_retry_after(limited):
    client = limited()
    user = client.new_user()
    answers = [client.get("/v1/feed", user) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    first = answers[0].headers
    assert first["X-RateLimit-Limit"] == "3"
    assert first["X-RateLimit-Remaining"] == "2"
    assert int(first["X-RateLimit-Reset"]) > 0
    refused = answers[-1]
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    body = refused.get_json()
    assert body["code"] == 429 and body["status"] == "Too Many Requests" and body["message"]


def test_each_account_has_its_own_bucket_and_the_address_caps_them_all(limited):
    client = limited()
    alice, bob = client.new_user(), client.new_user()
    assert [client.get("/v1/feed", alice).status_code for _ in range(3)] == [200] * 3
    assert client.get("/v1/feed", alice).status_code == 429
    # bob is not alice, but both come from one address: 5 answered requests in all.
    assert [client.get("/v1/feed", bob).status_code for _ in range(3)] == [200, 200, 429]
    # Families are separate: posting still works.
    assert client.post("/v1/posts", bob, json={"text": "still here"}).status_code == 201


def test_sign_in_codes_are_limited_per_address(limited):
    client = limited("codes=2/hour")
    assert [client.post("/v1/auth/codes", json={"phone": f"+1415555{n:04d}"}).status_code for n in range(3)] == [
        202,
        202,
        429,
    ]


def test_health_checks_and_docs_are_never_limited(limited):
    client = limited("other=1/minute|1/minute")
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))
    assert all(client.get("/openapi.json").status_code == 200 for _ in range(3))


def test_every_endpoint_family_is_limited():
    assert family("auth.request_code") == "codes"
    assert family("auth.create_session") == "sessions"
    assert family("contacts.replace_contacts") == "contacts"
    assert family("posts.create_post") == "posts"
    assert family("comments.create_comment") == "comments"
    assert family("posts.heart") == "hearts"
    assert family("posts.flag") == "flags"
    assert family("feeds.feed") == "feeds"
    assert family("me.get_me") == "other"
    assert family("health.readyz") is None


def test_rules_are_configurable_and_bad_rules_are_refused():
    rules = parse_rules("feeds=10/second|20/second; codes=3/hour")
    assert rules["feeds"] == ("10/second", "20/second")
    assert rules["codes"] == (None, "3/hour")
    assert rules["posts"] == DEFAULT_RULES["posts"]
    with pytest.raises(ConfigError):
        parse_rules("nonsense=1/minute")
    with pytest.raises(ConfigError):
        parse_rules("feeds=often")


def test_limits_can_be_switched_off_but_not_in_production(tmp_path):
    base = {"SECRET_GRAPH_VAR_DIR": str(tmp_path), "SECRET_GRAPH_RATE_LIMITS": "off"}
    assert Settings.from_env(base).rate_limits is False
    with pytest.raises(ConfigError, match="production"):
        Settings.from_env(
            {
                **base,
                "SECRET_GRAPH_ENV": "production",
                "SECRET_GRAPH_PEPPER": "p" * 40,
                "SECRET_GRAPH_SMS_BACKEND": "null",
            }
        )
