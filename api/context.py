"""The process's service Context, as the views reach it."""

from __future__ import annotations

from flask import current_app

from secret_graph.context import Context


def services() -> Context:
    """The Context built by create_app: one Neo4j driver per process."""
    return current_app.extensions["secret_graph"]
