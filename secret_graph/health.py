"""Readiness: the database answers and every migration is applied."""

from __future__ import annotations

from secret_graph.context import Context
from secret_graph.db import migrations
from secret_graph.errors import Unavailable


def check_ready(*, ctx: Context) -> None:
    """Raise Unavailable unless Neo4j is reachable and migrated."""
    ctx.db.ping()
    if not migrations.is_migrated(db=ctx.db):
        raise Unavailable("the database is not migrated")
