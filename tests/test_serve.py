"""`secret-graph serve`, for real: it migrates before gunicorn answers, and its log has no query strings."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from secret_graph.config import PROJECT_ROOT
from secret_graph.db import migrations
from secret_graph.localneo4j import free_port
from tests.conftest import TEST_PEPPER


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_migrates_before_answering_and_logs_no_query_strings(database, neo4j_uri, tmp_path):
    # Undo the last migration, so there is real work to do before the first answer (other tests
    # may have left the shared database in any state: migrate it fully first).
    migrations.migrate(db=database)
    last = migrations.discover()[-1]
    database.autocommit("DROP INDEX challenge_address IF EXISTS")
    database.autocommit("MATCH (m:SchemaMigration {version: $v}) DELETE m", v=last.version)
    assert not migrations.is_migrated(db=database)

    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_GRAPH_", "NEO4J_"))}
    environ.update(
        NEO4J_URI=neo4j_uri,
        SECRET_GRAPH_PEPPER=TEST_PEPPER,
        SECRET_GRAPH_VAR_DIR=str(tmp_path),
        SECRET_GRAPH_SMS_BACKEND="null",
        SECRET_GRAPH_LOG_LEVEL="INFO",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    command = [str(Path(sys.executable).parent / "secret-graph"), "serve", "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "1"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        first = None
        deadline = time.monotonic() + 60
        while first is None and time.monotonic() < deadline and server.poll() is None:
            try:
                first = _get(f"{base}/readyz")
            except OSError:
                time.sleep(0.1)
        assert first is not None, "the server never answered"
        assert first[0] == 200, f"the first answer came before the migration: {first}"
        assert _get(f"{base}/v1/posts/PathId0123456789abcd?probe=q-secret-1")[0] == 401
        assert _get(f"{base}/v1/feed?cursor=q-secret-2&sort=popular")[0] == 401
        assert _get(f"{base}/healthz?probe=q-secret-3")[0] == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
        migrations.migrate(db=database)  # whatever happened, leave the shared database migrated

    assert "1 migration(s) applied" in output
    assert output.index("1 migration(s) applied") < output.index("serving on")
    assert '"route": "/v1/posts/<post_id>"' in output and '"route": "/v1/feed"' in output  # the log is there
    for forbidden in ("q-secret", "probe", "PathId0123456789abcd", "?", "GET /v1"):
        assert forbidden not in output, forbidden
