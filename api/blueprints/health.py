"""Liveness and readiness."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.context import services
from secret_graph import health

blp = Blueprint("health", __name__, description="Liveness and readiness probes")


@blp.route("/healthz")
@blp.response(200)
def healthz():
    """The process is up."""
    return {"status": "ok"}


@blp.route("/readyz")
@blp.response(200)
@blp.alt_response(503, description="Neo4j is unreachable or not migrated")
def readyz():
    """Neo4j is reachable and every migration is applied."""
    health.check_ready(ctx=services())
    return {"status": "ready"}
