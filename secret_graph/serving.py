"""Running the service: the local Neo4j when it is the one in use, migrations, and gunicorn."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from secret_graph.config import Settings
from secret_graph.db import migrations
from secret_graph.db.database import Database
from secret_graph.localneo4j import LocalNeo4j

Log = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def ensure_database(settings: Settings, *, log: Log = _stderr) -> bool:
    """Start the local Neo4j if it is the one in use and not running; returns whether this call started it."""
    if not settings.uses_local_neo4j:
        return False
    server = LocalNeo4j.from_settings(settings)
    if server.pid() is not None:
        return False
    log(f"starting the local Neo4j on {server.uri}")
    server.start(log=log)
    return True


@contextmanager
def database_running(settings: Settings, *, log: Log = _stderr) -> Iterator[None]:
    """The configured Neo4j, running for the block; a local server this started is stopped after it."""
    started_here = ensure_database(settings, log=log)
    try:
        yield
    finally:
        if started_here:
            LocalNeo4j.from_settings(settings).stop()


def migrate(settings: Settings, *, log: Log = _stderr) -> list:
    """Apply pending migrations; returns those applied."""
    db = Database.connect(settings)
    try:
        return migrations.migrate(db=db, log=log)
    finally:
        db.close()


def serve(settings: Settings, *, host: str, port: int, workers: int, log: Log = _stderr) -> None:
    """Start (if local) and migrate the database, then serve the API with gunicorn until stopped."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.util import import_app

    settings.check_workers(workers)  # several processes need shared rate-limit counters
    with database_running(settings, log=log):
        applied = migrate(settings, log=log)
        log(f"{len(applied)} migration(s) applied" if applied else "already up to date")

        class _Gunicorn(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("threads", settings.threads)
                # gthread, answering its own errors (414, 431, 400) as JSON and closing after a 413.
                self.cfg.set("worker_class", "api.gunicorn_worker.JsonErrorWorker")
                self.cfg.set("accesslog", None)  # the app writes its own JSON request log, without query strings

            def load(self):
                return import_app("api.wsgi:app")

        log(f"serving on http://{host}:{port}")
        _Gunicorn().run()
