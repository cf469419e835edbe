"""Bearer-token authentication: the token is read from the Authorization header only."""

from __future__ import annotations

from flask import g, request

from api.context import services
from secret_graph.errors import Forbidden, Unauthorized
from secret_graph.identity import services as identity
from secret_graph.identity.services import Viewer


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("a valid bearer token is required")
    return token.strip()


def authenticated_viewer() -> Viewer:
    """The request's signed-in account, looked up once per request (the rate limiter asks first)."""
    if "viewer" not in g:
        g.viewer = identity.authenticate(ctx=services(), token=bearer_token())
    return g.viewer


def require_viewer() -> None:
    """A before_request hook: every protected endpoint needs a valid session."""
    if request.method == "OPTIONS":
        return
    authenticated_viewer()


def viewer() -> Viewer:
    return g.viewer


def require_moderator() -> None:
    """A before_request hook too: OPTIONS is answered by Flask itself, without a session."""
    if request.method == "OPTIONS":
        return
    if not authenticated_viewer().is_moderator:
        raise Forbidden("moderators only")
