"""The caller's own account."""

from __future__ import annotations

from flask_smorest import Blueprint

from api import schemas
from api.auth import require_viewer, viewer
from api.context import services
from secret_graph.identity import services as identity

blp = Blueprint("me", __name__, url_prefix="/v1/me", description="Your account")
blp.before_request(require_viewer)


@blp.route("")
@blp.response(200, schemas.Me)
@blp.doc(security=[{"bearerAuth": []}])
def get_me():
    """Your account: id, age, friend count, Facebook link and passcode flags."""
    return identity.get(ctx=services(), account_id=viewer().id)


@blp.route("", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=[{"bearerAuth": []}])
def delete_me():
    """Delete your account and everything you wrote, for good."""
    identity.delete(ctx=services(), account_id=viewer().id)


@blp.route("/passcode", methods=["PUT"])
@blp.arguments(schemas.Passcode)
@blp.response(204)
@blp.doc(security=[{"bearerAuth": []}])
def set_passcode(body):
    """Set a passcode that every later sign-in must give."""
    identity.set_passcode(ctx=services(), account_id=viewer().id, passcode=body["passcode"])
