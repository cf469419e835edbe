import os
import re

from secret_graph.config import Settings
from secret_graph.db import cypher


def test_healthz_and_readyz(api):
    assert api.get("/healthz").get_json() == {"status": "ok"}
    ready = api.get("/readyz")
    assert ready.status_code == 200 and ready.get_json() == {"status": "ready"}


def test_the_whole_chain_app_driver_neo4j_and_back(api):
    """A sign-up through HTTP lands in Neo4j and comes back through HTTP."""
    user = api.sign_in("+14155550100")
    me = api.get("/v1/me", user).get_json()
    assert me["id"] == user.id and me["friends"] == 0


def test_readyz_is_503_when_not_migrated(api, db):
    db.autocommit("MATCH (m:SchemaMigration) SET m.checksum = 'tampered'")
    try:
        response = api.get("/readyz")
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert response.get_json()["code"] == 503
    finally:
        db.autocommit("MATCH (m:SchemaMigration) DETACH DELETE m")
        from secret_graph.db import migrations

        migrations.migrate(db=db)


def test_unknown_route_and_method_are_json(api):
    missing = api.get("/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.get_json()["code"] == 404 and missing.get_json()["status"] == "Not Found"
    wrong = api.call("PATCH", "/healthz")
    assert wrong.status_code == 405 and wrong.get_json()["code"] == 405


def test_body_limit_is_a_json_413(api, settings):
    big = "x" * (settings.max_body_bytes + 10)
    response = api.post("/v1/auth/codes", data=big, content_type="application/json")
    assert response.status_code == 413 and response.get_json()["code"] == 413


def test_invalid_json_is_a_json_4xx(api):
    response = api.post("/v1/auth/codes", data="{nope", content_type="application/json")
    assert 400 <= response.status_code < 500 and response.get_json()["code"] == response.status_code


def test_openapi_and_docs(api):
    spec = api.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/v1/auth/codes" in spec["paths"] and "/v1/me/contacts" in spec["paths"]
    assert api.get("/docs").status_code == 200


def test_protected_endpoints_need_a_token(api):
    assert api.get("/v1/me").status_code == 401
    bad = api.get("/v1/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.get_json()["code"] == 401


def test_unhandled_errors_are_json_500(app, api, monkeypatch):
    from secret_graph.identity import services

    def boom(**_):
        raise ValueError("boom with secret detail")

    monkeypatch.setattr(services, "get", boom)
    user = api.sign_in("+14155550101")
    response = api.get("/v1/me", user)
    assert response.status_code == 500
    assert response.get_json() == {"code": 500, "status": "Internal Server Error", "message": "internal error"}


def test_every_named_query_compiles(db):
    """EXPLAIN every statement: a typo in a .cypher file fails here, not in production."""
    for query_file in cypher.FILES.values():
        for statement in query_file:
            if statement.name == "migrations.wipe_data" or "constraint" in statement.name:
                continue
            with db.driver.session() as session:
                session.run("EXPLAIN " + statement.text, {}).consume()


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
RFC3339_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def _concrete(rule) -> str:
    """The rule's path with each parameter filled (an id that names nothing)."""
    return re.sub(r"<[^>]+>", "nothing-here", rule.rule)


def test_every_method_on_every_route_answers_a_clean_2xx_or_4xx(app, api, ctx, moderator):
    """Iterates the URL map: no method on any route, signed in or not, is a 5xx or a non-JSON error."""
    from secret_graph.identity import services as identity

    shared = {None: None, "user": api.new_user(), "moderator": moderator}
    answered = 0
    for rule in app.url_map.iter_rules():
        for method in METHODS:
            for who in (None, "user", "moderator"):
                response = api.call(method, _concrete(rule), shared[who])
                label = f"{method} {rule.rule} as {who}"
                assert response.status_code < 500, f"{label}: {response.status_code}"
                if response.status_code >= 400 and method != "HEAD":
                    body = response.get_json(silent=True)
                    assert body and body["code"] == response.status_code, f"{label}: {response.data[:200]!r}"
                if who and method == "DELETE" and response.status_code < 300:
                    # It deleted the account or revoked the session: the next calls get a fresh one.
                    shared[who] = api.new_user()
                    identity.set_moderator(ctx=ctx, account_id=shared[who].id, is_moderator=who == "moderator")
                answered += 1
    assert answered > 500


def test_options_on_moderation_routes_is_answered_without_a_session(api):
    for path in ("/v1/moderation/queue", "/v1/moderation/posts/x/decision"):
        response = api.call("OPTIONS", path)
        assert response.status_code == 200 and "Allow" in response.headers


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                yield f"{method.upper()} {path}", path, method, operation


def test_every_operation_documents_its_errors_and_no_default(api):
    spec = api.get("/openapi.json").get_json()
    count = 0
    for label, path, _, operation in _operations(spec):
        responses = operation["responses"]
        assert "default" not in responses, label
        if operation.get("security"):
            assert "401" in responses, label
        if path.startswith("/v1/"):
            assert {"429", "503"} <= set(responses), label
        if "requestBody" in operation:
            assert operation["requestBody"]["required"] is True, label
            assert {"400", "413", "415", "422"} <= set(responses), label
        if "{" in path:
            assert "404" in responses, label
        count += 1
    assert count >= 30


def test_a_body_the_spec_requires_is_required(app, api, moderator):
    """Every operation with a required JSON body answers 422 to an empty one (no body, or chunked empty)."""
    spec = api.get("/openapi.json").get_json()
    checked = 0
    for label, path, method, operation in _operations(spec):
        if not operation.get("requestBody", {}).get("required"):
            continue
        concrete = re.sub(r"\{[^}]+\}", "nothing-here", path)
        for kwargs in ({}, {"data": b"", "content_type": "application/json"}):
            response = api.call(method.upper(), concrete, moderator, **kwargs)
            assert response.status_code == 422, f"{label} {kwargs}: {response.status_code}"
            assert str(response.status_code) in operation["responses"], label
        checked += 1
    assert checked >= 10


def _timestamps(value, where=""):
    """(path, value) of every *_at field, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_at"):
                yield f"{where}.{key}", item
            yield from _timestamps(item, f"{where}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _timestamps(item, f"{where}[{n}]")


def test_every_timestamp_has_one_format(api, moderator, ctx, clock):
    """RFC 3339 UTC with milliseconds, in every answer of a walk over the API, exact or rounded."""
    from secret_graph.collections import services as collections

    collections.create(ctx=ctx, slug="walk", title="Walk", description="")
    clock.advance(ms=1)  # a time whose milliseconds are not zero
    post = api.create_post(moderator, "first", collection="walk")
    clock.advance(seconds=61)  # and one that is rounded to the minute for others
    api.post(f"/v1/posts/{post['id']}/comments", moderator, json={"text": "a comment"})
    api.post(f"/v1/posts/{post['id']}/flags", moderator, json={"reason": "spam"})
    seen = 0
    for path in ("/v1/me", f"/v1/posts/{post['id']}", f"/v1/posts/{post['id']}/comments", "/v1/feed",
                 "/v1/collections", "/v1/collections/walk/posts", "/v1/moderation/queue"):  # fmt: skip
        assert api.get(path, moderator).status_code == 200, path
    for _, response in api.responses:
        if response.is_json and response.status_code < 300:
            for where, value in _timestamps(response.get_json()):
                assert isinstance(value, str) and RFC3339_MS.match(value), f"{response.request.path} {where}={value}"
                seen += 1
    assert seen >= 8
    spec = api.get("/openapi.json").get_json()
    for name, schema in spec["components"]["schemas"].items():
        for field, definition in schema.get("properties", {}).items():
            if field.endswith("_at"):
                assert definition.get("format") == "date-time", f"{name}.{field}"


def test_config_prints_values_as_they_would_be_set(tmp_path, capsys, monkeypatch):
    """Each printed line, set back into the environment, gives the same settings."""
    from secret_graph import cli

    environ = {
        "SECRET_GRAPH_VAR_DIR": str(tmp_path),
        "SECRET_GRAPH_PEPPER": "p" * 40,
        "SECRET_GRAPH_CORS_ORIGINS": "https://a.example,https://b.example",
    }
    for name in [n for n in os.environ if n.startswith(("SECRET_GRAPH_", "NEO4J_"))]:
        monkeypatch.delenv(name)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["config"]) == 0
    printed = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert printed["SECRET_GRAPH_RATE_LIMITS"] == "on"
    assert printed["SECRET_GRAPH_CORS_ORIGINS"] == "https://a.example,https://b.example"
    assert printed["NEO4J_URI"] == ""
    shown = {name: value for name, value in printed.items() if value != "***"}
    again = Settings.from_env({**shown, "SECRET_GRAPH_PEPPER": "p" * 40})
    assert again == Settings.from_env(environ)
    monkeypatch.setenv("SECRET_GRAPH_CORS_ORIGINS", "")
    assert cli.main(["config"]) == 0
    assert "SECRET_GRAPH_CORS_ORIGINS=\n" in capsys.readouterr().out


def test_the_docs_load_nothing_from_another_origin(api):
    page = api.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    policy = page.headers["Content-Security-Policy"]
    assert "https:" not in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    for asset in re.findall(r'(?:src|href)="([^"]+)"', html):
        answer = api.get(asset)
        assert answer.status_code == 200 and len(answer.data) > 1000, asset
    assert api.get("/docs/assets/index.html").status_code == 404  # only what the page loads
