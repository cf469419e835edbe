"""Neo4j starts once per session (or NEO4J_URI is used); every test starts from an empty graph.

The leak scan (tests/leakscan.py) watches every response and log record of the session; at the end
it reads the var directory and the test Neo4j's logs. With NEO4J_URI, set NEO4J_TEST_HOME to that
server's home directory to have its logs read too."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.app import create_app
from secret_graph.adapters.facebook import DevVerifier
from secret_graph.adapters.sms import DevSender
from secret_graph.clock import FakeClock
from secret_graph.config import PROJECT_ROOT, Settings
from secret_graph.context import Context
from secret_graph.crypto import Keyring
from secret_graph.db import migrations
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.db.database import Database
from secret_graph.localneo4j import LocalNeo4j, free_port
from tests import leakscan
from tests.helpers import ApiClient

TEST_PEPPER = "test-pepper-0123456789abcdef0123456789abcdef"
# Directories whose files the end-of-session leak scan reads: the var directory, Neo4j's home.
SCANNED_DIRS: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def leak_recorder() -> Iterator[leakscan.Recorder]:
    """Every request any app answers in this process, and every log record, for the whole session.

    At the end, the files under the var directory and the test Neo4j's logs are scanned for every
    secret the session used (see tests/leakscan.py): a leak fails the run."""
    from flask import Flask

    recorder = leakscan.Recorder()
    original_call = Flask.__call__

    def recorded_call(self, environ, start_response):
        return recorder.wsgi(lambda e, s: original_call(self, e, s), environ, start_response)

    Flask.__call__ = recorded_call
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(recorder.handler)
    root.setLevel(logging.DEBUG)
    # The driver's DEBUG output is its Bolt wire trace, query parameters (account ids) included:
    # a debugging aid that must stay off wherever real data flows. Everything else is scanned.
    driver_log = logging.getLogger("neo4j")
    previous_driver_level = driver_log.level
    driver_log.setLevel(logging.INFO)
    try:
        yield recorder
    finally:
        Flask.__call__ = original_call
        root.removeHandler(recorder.handler)
        root.setLevel(previous_level)
        driver_log.setLevel(previous_driver_level)
    if os.environ.get("NEO4J_TEST_HOME"):  # a server started outside pytest (NEO4J_URI)
        SCANNED_DIRS.append(Path(os.environ["NEO4J_TEST_HOME"]))
    leaks = leakscan.scan_files(SCANNED_DIRS, recorder.session)
    assert leaks == [], "files of the session hold secrets:\n" + "\n".join(map(str, leaks[:20]))


@pytest.fixture(autouse=True)
def leak_scan(leak_recorder: leakscan.Recorder) -> Iterator[None]:
    """After every test: no response it caused (headers, any body) and no log record holds a secret."""
    leak_recorder.reset()
    yield
    leaks = leak_recorder.scan_test()
    leak_recorder.reset()
    assert leaks == [], "secrets leaked:\n" + "\n".join(map(str, leaks[:20]))


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
    SCANNED_DIRS.append(server.home)
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(scope="session")
def settings(neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SECRET_GRAPH_")}
    var_dir = tmp_path_factory.mktemp("var")
    SCANNED_DIRS.append(var_dir)
    environ.update(
        NEO4J_URI=neo4j_uri,
        SECRET_GRAPH_PEPPER=TEST_PEPPER,
        SECRET_GRAPH_VAR_DIR=str(var_dir),
        SECRET_GRAPH_SMS_BACKEND="dev",
        # The suite signs in hundreds of users from one address; tests/test_rate_limits.py turns them on.
        SECRET_GRAPH_RATE_LIMITS="off",
        # An operator's catalogue: one image entry, and entries the catalogue must leave out.
        SECRET_GRAPH_BACKGROUNDS_FILE=str(Path(__file__).with_name("backgrounds.json")),
        # Every code sent counts for an hour, used or not, and tests sign everyone in from one
        # address; tests/test_quotas.py checks this quota with its default.
        SECRET_GRAPH_CODES_PER_ADDRESS_PER_HOUR="100000",
        # Tests write many posts from fresh accounts; tests/test_moderation_enforcement.py checks the
        # new-account limits with their defaults.
        SECRET_GRAPH_NEW_ACCOUNT_DAYS="0",
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
    database.autocommit(migrations_cypher.wipe_data.text)
    return database


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start_ms=1_800_000_000_000)


class RecordedDevSender(DevSender):
    """The dev backend, telling the leak scan each number and code it handles."""

    def __init__(self, recorder: leakscan.Recorder) -> None:
        self.recorder = recorder

    def send(self, *, phone_e164: str, code: str) -> str | None:
        self.recorder.sms_sent(phone_e164=phone_e164, code=code)
        return super().send(phone_e164=phone_e164, code=code)


@pytest.fixture
def ctx(settings: Settings, db: Database, clock: FakeClock, leak_recorder: leakscan.Recorder) -> Iterator[Context]:
    context = Context(
        settings=settings,
        db=db,
        clock=clock,
        keyring=Keyring(settings.pepper),
        sms=RecordedDevSender(leak_recorder),
        facebook=DevVerifier(),
    )
    yield context
    context.jobs.stop()  # the in-process job worker's threads end with the test


@pytest.fixture
def app(ctx: Context):
    return create_app(ctx=ctx)


@pytest.fixture
def api(app) -> Iterator[ApiClient]:
    """The API as a client sees it. After every test, every response of every client is scanned
    for secrets (the autouse ``leak_scan`` fixture); this client also checks its own JSON answers."""
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
