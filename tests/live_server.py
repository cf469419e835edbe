"""A real `secret-graph serve` (gunicorn, its default workers and threads) on a free loopback port.

For what only a real server shows: several workers or threads sharing rate limits, and the
HTTP edges gunicorn answers itself (414, closing after a 413, chunked bodies)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import requests

from secret_graph.config import PROJECT_ROOT, Settings
from secret_graph.localneo4j import free_port


@contextlib.contextmanager
def serve(settings: Settings, **environ: str) -> Iterator[str]:
    """Run `secret-graph serve` against the suite's Neo4j; yields the base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRET_GRAPH_")}
    env.update(
        NEO4J_URI=settings.neo4j_uri,
        SECRET_GRAPH_PEPPER=settings.pepper.decode(),
        SECRET_GRAPH_VAR_DIR=str(settings.var_dir),
        SECRET_GRAPH_SMS_BACKEND="dev",
        SECRET_GRAPH_HOST="127.0.0.1",
        SECRET_GRAPH_PORT=str(port),
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        **environ,
    )
    # A file, not a pipe nobody reads: a busy server's request log fills a pipe's 64 KB and then
    # blocks every worker thread on the logging lock (the API workers' crash test did).
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-c", "import sys; from secret_graph.cli import main; sys.exit(main(['serve']))"],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"secret-graph serve exited {server.returncode}: {log.read()[-2000:].decode()}")
                try:
                    if requests.get(f"{base}/healthz", timeout=2).ok:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("secret-graph serve did not answer within 60 s")
                time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def sign_in(base: str, number: str) -> str:
    """A token for ``number``, through the server's own sign-in (the dev SMS backend)."""
    challenge = requests.post(f"{base}/v1/auth/codes", json={"phone": number}, timeout=10).json()
    answer = requests.post(
        f"{base}/v1/auth/sessions",
        json={"challenge_id": challenge["challenge_id"], "code": challenge["dev_code"]},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["token"]
