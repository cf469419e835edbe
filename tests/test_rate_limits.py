"""HTTP rate limits: per account and per client address, with headers, a JSON 429 and Retry-After."""

from __future__ import annotations

import dataclasses
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from api.app import create_app
from api.ratelimit import DEFAULT_RULES, family, parse_rules
from secret_graph.config import PROJECT_ROOT, ConfigError, Settings
from tests import live_server
from tests.helpers import ApiClient, phone


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


def _documented_families() -> tuple[dict[str, tuple[str | None, str]], list[tuple[str, set[str], str]]]:
    """docs/operations.md's table: {family: (per account, per address)} and (family, methods, path) rows."""
    text = (PROJECT_ROOT / "docs" / "operations.md").read_text()
    limits, routes = {}, []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("family", "---") or not cells[1].startswith("`"):
            continue
        name, endpoints, account, address = cells
        limits[name] = (account or None, address)
        for item in re.findall(r"`([^`]+)`", endpoints):
            *methods, path = item.split()
            routes.append((name, set(methods), re.sub(r"\{[^}]+\}", "{}", path)))
    return limits, routes


def test_the_documented_limits_are_the_limits():
    limits, _ = _documented_families()
    assert limits == DEFAULT_RULES


def test_every_endpoint_of_the_app_is_in_the_documented_table_with_its_family(app):
    """Iterates the app's URL map: an endpoint added without its row in docs/operations.md fails here."""
    _, routes = _documented_families()
    checked = 0
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<[^>]+>", "{}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rows = [
                name for name, methods, doc_path in routes if doc_path == path and (not methods or method in methods)
            ]
            if not path.startswith("/v1/"):
                assert family(rule.endpoint) is None and not rows, f"{method} {rule.rule} is limited, or documented"
                continue
            assert len(rows) == 1, f"{method} {rule.rule}: documented in {rows or 'no row'} of docs/operations.md"
            assert family(rule.endpoint) == rows[0], f"{method} {rule.rule} counts as {family(rule.endpoint)}"
            checked += 1
    assert checked >= 30


def test_every_endpoint_family_is_limited():
    assert family("auth.request_code") == "codes"
    assert family("auth.create_session") == "sessions"
    assert family("contacts.replace_contacts") == "contacts"
    assert family("posts.create_post") == "posts"
    assert family("comments.create_comment") == "comments"
    assert family("comments.list_comments") == "feeds"
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


def test_reading_comments_does_not_use_the_comment_writing_budget(limited):
    client = limited("comments=2/minute|100/minute")
    user = client.new_user()
    post = client.create_post(user)
    path = f"/v1/posts/{post['id']}/comments"
    assert [client.get(path, user).status_code for _ in range(5)] == [200] * 5
    written = [client.post(path, user, json={"text": f"c{n}"}).status_code for n in range(3)]
    assert written == [201, 201, 429]


def test_refused_posts_do_not_use_the_posting_budget(limited):
    client = limited("posts=2/minute|100/minute")
    user = client.new_user()
    refused = [client.post("/v1/posts", user, json={"text": ""}) for _ in range(5)]
    assert [r.status_code for r in refused] == [422] * 5
    assert refused[-1].headers["X-RateLimit-Remaining"] == "2"
    assert client.post("/v1/posts", user, data="", content_type="application/json").status_code == 422
    created = [client.post("/v1/posts", user, json={"text": f"post {n}"}).status_code for n in range(3)]
    assert created == [201, 201, 429]


@pytest.mark.parametrize("path", ["/v1/me", "/v1/posts"])
def test_concurrent_requests_get_exactly_the_limit(limited, path):
    """20 threads at once against a limit of 7: exactly 7 answered, whether or not refunds are in play."""
    client = limited("other=7/minute|1000/minute;posts=7/minute|1000/minute")
    user = client.new_user()
    app = client.client.application

    def one(n: int) -> int:
        with app.test_client() as own:
            if path == "/v1/posts":
                return own.post(path, headers=user.headers, json={"text": f"race {n}"}).status_code
            return own.get(path, headers=user.headers).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(one, range(20)))
    assert statuses.count(429) == 13 and len([s for s in statuses if s < 300]) == 7, statuses


@pytest.fixture(scope="module")
def limited_server(settings):
    """`secret-graph serve` with its default workers and threads, and a small limit on `other`."""
    with live_server.serve(settings, SECRET_GRAPH_RATE_LIMIT_RULES="other=12/minute|1000/minute") as base:
        yield base


def test_the_default_server_enforces_limits_exactly_across_workers_and_threads(db, limited_server):
    token = live_server.sign_in(limited_server, phone(7001))

    def one(_: int) -> tuple[int, str | None]:
        answer = requests.get(f"{limited_server}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=20)
        return answer.status_code, answer.headers.get("X-RateLimit-Remaining")

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(one, range(30)))
    statuses = [status for status, _ in answers]
    # One counter for the whole server: with one per worker process, more than 12 get through.
    assert statuses.count(200) == 12 and statuses.count(429) == 18, statuses


def test_several_workers_with_memory_counters_are_refused(tmp_path):
    base = {"SECRET_GRAPH_VAR_DIR": str(tmp_path), "SECRET_GRAPH_PEPPER": "p" * 40}
    assert Settings.from_env(base).workers == 1
    with pytest.raises(ConfigError, match="each count rate limits on their own"):
        Settings.from_env({**base, "SECRET_GRAPH_WORKERS": "2"})
    assert Settings.from_env({**base, "SECRET_GRAPH_WORKERS": "2", "SECRET_GRAPH_RATE_LIMITS": "off"}).workers == 2
    shared = {**base, "SECRET_GRAPH_WORKERS": "4", "SECRET_GRAPH_RATE_LIMIT_STORAGE": "redis://localhost:6379/0"}
    assert Settings.from_env(shared).workers == 4
    with pytest.raises(ConfigError):
        Settings.from_env(base).check_workers(3)  # `secret-graph serve --workers 3`
