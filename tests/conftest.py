"""Neo4j starts once per session (or NEO4J_URI is used); every test starts from an empty graph."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.app import create_app
from secret_graph.clock import FakeClock
from secret_graph.config import PROJECT_ROOT, Settings
from secret_graph.context import Context
from secret_graph.db import migrations, queries
from secret_graph.db.database import Database
from secret_graph.identity.facebook import DevVerifier
from secret_graph.identity.hashing import Keyring
from secret_graph.identity.sms import DevSender
from secret_graph.localneo4j import LocalNeo4j, free_port
from tests.helpers import ApiClient

TEST_PEPPER = "test-pepper-0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    server = LocalNeo4j(
        home=tmp_path_factory.mktemp("neo4j"),
        lib_root=PROJECT_ROOT / "var" / "neo4j-lib",
        bolt_port=free_port(),
        heap="768m",
        pagecache="256m",
    )
    server.start()
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(scope="session")
def settings(neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SECRET_GRAPH_")}
    environ.update(
        NEO4J_URI=neo4j_uri,
        SECRET_GRAPH_PEPPER=TEST_PEPPER,
        SECRET_GRAPH_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        SECRET_GRAPH_SMS_BACKEND="dev",
        # The suite signs in hundreds of users from one address; tests/test_rate_limits.py turns them on.
        SECRET_GRAPH_RATE_LIMITS="off",
        # An operator's catalogue: one image entry, and entries the catalogue must leave out.
        SECRET_GRAPH_BACKGROUNDS_FILE=str(Path(__file__).with_name("backgrounds.json")),
        # Every code sent counts for an hour, used or not, and tests sign everyone in from one
        # address; tests/test_quotas.py checks this quota with its default.
        SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR="100000",
    )
    return Settings.from_env(environ)


@pytest.fixture(scope="session")
def database(settings: Settings) -> Iterator[Database]:
    db = Database.connect(settings)
    migrations.migrate(db=db)
    yield db
    db.close()


@pytest.fixture
def db(database: Database) -> Database:
    database.autocommit(queries.get("migrations.wipe_data"))
    return database


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start_ms=1_800_000_000_000)


@pytest.fixture
def ctx(settings: Settings, db: Database, clock: FakeClock) -> Context:
    return Context(
        settings=settings,
        db=db,
        clock=clock,
        keyring=Keyring(settings.pepper),
        sms=DevSender(),
        facebook=DevVerifier(),
    )


@pytest.fixture
def app(ctx: Context):
    return create_app(ctx=ctx)


@pytest.fixture
def api(app) -> Iterator[ApiClient]:
    """The API as a client sees it. After every test, every JSON response it received is scanned:
    none may contain an account id other than the caller's own."""
    client = ApiClient(app.test_client())
    yield client
    assert client.foreign_ids_seen() == [], "a response exposed another account's id"


@pytest.fixture
def moderator(api: ApiClient, ctx: Context):
    from secret_graph.identity import services as identity

    user = api.new_user()
    identity.set_moderator(ctx=ctx, account_id=user.id, is_moderator=True)
    return user


@pytest.fixture
def log_lines(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def pytest_configure(config: pytest.Config) -> None:
    Path(PROJECT_ROOT / "var").mkdir(exist_ok=True)
