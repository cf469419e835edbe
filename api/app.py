"""The Flask app factory."""

from __future__ import annotations

import logging

import flask_smorest
from flask import Flask

from api import docs, errors, ratelimit, request_log, security, web
from api.blueprints import (
    auth,
    chats,
    collections,
    comments,
    contacts,
    feeds,
    health,
    images,
    me,
    moderation,
    notifications,
    posts,
    safety,
)
from secret_graph.config import Settings
from secret_graph.context import Context


class Api(flask_smorest.Api):
    # No catch-all `default` response: each operation lists the errors it can answer
    # (errors.document_error_responses), so status-code conformance checks something.
    DEFAULT_ERROR_RESPONSE_NAME = None


def create_app(settings: Settings | None = None, *, ctx: Context | None = None) -> Flask:
    """Build the app; one Context (and so one Neo4j driver) per process."""
    settings = settings or (ctx.settings if ctx else Settings.from_env())
    ctx = ctx or Context.create(settings)
    logging.basicConfig(level=settings.log_level, format="%(message)s")
    # The driver's DEBUG output is the Bolt wire trace, parameters (account ids) included: never
    # let SECRET_GRAPH_LOG_LEVEL=DEBUG turn it on.
    logging.getLogger("neo4j").setLevel(max(logging.INFO, logging.getLevelName(settings.log_level)))

    app = Flask("secret_graph")
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="secret-graph",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL=docs.ASSETS_URL,
        API_SPEC_OPTIONS={
            "info": {
                "description": (
                    "Anonymous posts to the people who know you. No response identifies a post's author. "
                    "Every endpoint but sign-in, health and the docs needs `Authorization: Bearer <token>`."
                )
            },
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        },
    )
    app.extensions["secret_graph"] = ctx

    api = Api(app)
    errors.register(app)
    request_log.install(app)
    security.install(app, settings)
    app.extensions["secret_graph_limiter"] = ratelimit.install(app, settings)
    api.register_blueprint(health.blp)
    for module in (
        auth,
        me,
        contacts,
        posts,
        feeds,
        comments,
        collections,
        moderation,
        safety,
        notifications,
        chats,
        images,
    ):
        api.register_blueprint(module.blp)
    api.register_blueprint(images.media_blp)
    docs.install(app)
    web.install(app, settings)
    errors.document_error_responses(app, api, family=ratelimit.family)
    return app
