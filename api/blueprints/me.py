"""The caller's own account."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from api.auth import bearer_token, require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.schemas import account as account_schemas
from api.schemas import auth as auth_schemas
from secret_graph.identity import account
from secret_graph.identity import services as identity

blp = Blueprint("me", __name__, url_prefix="/v1/me", description="Your account")
blp.before_request(require_viewer)
UNAUTHORIZED = "No valid token"
TOO_MANY = "Too many requests"


@blp.route("")
@blp.response(200, account_schemas.Me)
@blp.doc(security=[{"bearerAuth": []}])
def get_me():
    """Your account: id, age, friend count, Facebook link and passcode flags, and your circle's state."""
    return identity.get(ctx=services(), account_id=viewer().id)


@blp.route("", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=[{"bearerAuth": []}])
def delete_me():
    """Delete your account and everything you wrote, for good."""
    identity.delete(ctx=services(), account_id=viewer().id)


@blp.route("/passcode", methods=["PUT"])
@blp.arguments(account_schemas.Passcode)
@blp.response(204)
@blp.alt_response(403, description="A passcode is set and current_passcode is missing or wrong")
@blp.alt_response(429, description="Too many passcode attempts")
@blp.doc(security=SECURITY)
def set_passcode(body):
    """Set a passcode that every later sign-in must give; replacing one needs the current one."""
    account.change_passcode(
        ctx=services(), account_id=viewer().id, passcode=body["passcode"], current_passcode=body.get("current_passcode")
    )


@blp.route("/passcode", methods=["DELETE"])
@blp.arguments(account_schemas.CurrentPasscode)
@blp.response(204)
@blp.alt_response(401, description=UNAUTHORIZED)
@blp.alt_response(403, description="Wrong passcode")
@blp.alt_response(404, description="No passcode is set")
@blp.alt_response(429, description="Too many passcode attempts")
@blp.doc(security=SECURITY)
def remove_passcode(body):
    """Remove your passcode; the current one is required (5 tries an hour)."""
    account.remove_passcode(ctx=services(), account_id=viewer().id, passcode=body["passcode"])


@blp.route("/sessions")
@blp.response(200, account_schemas.SessionList)
@blp.alt_response(401, description=UNAUTHORIZED)
@blp.alt_response(429, description=TOO_MANY)
@blp.doc(security=SECURITY)
def list_sessions():
    """Your signed-in sessions, newest first; `current` marks this request's."""
    return {"items": identity.list_sessions(ctx=services(), account_id=viewer().id, token=bearer_token())}


@blp.route("/sessions/<session_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(401, description=UNAUTHORIZED)
@blp.alt_response(404, description="No such session of yours")
@blp.alt_response(429, description=TOO_MANY)
@blp.doc(security=SECURITY)
def revoke_session(session_id):
    """Sign one of your sessions out (its token and refresh token stop working)."""
    identity.revoke_session_by_id(ctx=services(), account_id=viewer().id, session_id=session_id)


@blp.route("/phone/codes", methods=["POST"])
@blp.arguments(auth_schemas.CodeRequest)
@blp.response(202, auth_schemas.CodeResponse)
@blp.alt_response(401, description=UNAUTHORIZED)
@blp.alt_response(429, description="Too many codes for this phone or client address")
@blp.doc(security=SECURITY)
def request_phone_code(body):
    """Send a code to a new phone number, to move your account to it (same quotas as sign-in codes)."""
    return account.request_phone_code(
        ctx=services(),
        account_id=viewer().id,
        phone=body["phone"],
        region=body.get("region"),
        client_address=request.remote_addr or "",
    )


@blp.route("/phone", methods=["PUT"])
@blp.arguments(account_schemas.PhoneChange)
@blp.response(200, account_schemas.PhoneChanged)
@blp.alt_response(401, description="No valid token, or a wrong or expired code")
@blp.alt_response(409, description="The verified number belongs to another account")
@blp.alt_response(
    403, description="A passcode is set and the current passcode is missing or wrong, or the number was banned"
)
@blp.alt_response(429, description="Too many attempts")
@blp.doc(security=SECURITY)
def change_phone(body):
    """Move your account to the number a code from POST /v1/me/phone/codes went to; friendships follow."""
    return account.change_phone(
        ctx=services(),
        account_id=viewer().id,
        challenge_id=body["challenge_id"],
        code=body["code"],
        passcode=body.get("passcode"),
    )


@blp.route("/export")
@blp.response(200, account_schemas.Export)
@blp.alt_response(401, description=UNAUTHORIZED)
@blp.alt_response(429, description=TOO_MANY)
@blp.doc(security=SECURITY)
def export():
    """Everything you wrote and chose: your posts (not unlinked ones), comments, hearts, settings."""
    return account.export(ctx=services(), account_id=viewer().id)
