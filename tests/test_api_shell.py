from secret_graph.db import queries


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
    for name in queries.names():
        if name == "migrations.wipe_data" or "constraint" in name:
            continue
        with db.driver.session() as session:
            session.run("EXPLAIN " + queries.get(name), {}).consume()
