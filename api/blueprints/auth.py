"""Phone sign-in: one-time codes and sessions."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from api.auth import bearer_token, require_viewer
from api.context import services
from api.schemas import auth as auth_schemas
from secret_graph.identity import services as identity

blp = Blueprint("auth", __name__, url_prefix="/v1/auth", description="Phone sign-in")


@blp.route("/codes", methods=["POST"])
@blp.arguments(auth_schemas.CodeRequest)
@blp.response(202, auth_schemas.CodeResponse)
@blp.alt_response(429, description="Too many codes for this phone or client address")
def request_code(body):
    """Send a 6-digit sign-in code by SMS. It expires after 10 minutes."""
    return identity.request_code(
        ctx=services(), phone=body["phone"], region=body.get("region"), client_address=request.remote_addr or ""
    )


@blp.route("/sessions", methods=["POST"])
@blp.arguments(auth_schemas.SessionRequest)
@blp.response(201, auth_schemas.SessionResponse)
@blp.alt_response(401, description="Wrong or expired code, or wrong passcode")
@blp.alt_response(403, description="This phone number was banned: it cannot sign up again")
@blp.alt_response(429, description="Too many attempts")
def create_session(body):
    """Exchange a code for a session token (and a refresh token); the first sign-in creates the account."""
    signed_in = identity.create_session(
        ctx=services(), challenge_id=body["challenge_id"], code=body["code"], passcode=body.get("passcode")
    )
    return {
        "token": signed_in.token,
        "refresh_token": signed_in.refresh_token,
        "expires_in": signed_in.expires_in,
        "account": {"id": signed_in.account_id, "created_at": signed_in.created_at},
        "new_account": signed_in.new_account,
    }


@blp.route("/refresh", methods=["POST"])
@blp.arguments(auth_schemas.RefreshRequest)
@blp.response(200, auth_schemas.TokenPair)
@blp.alt_response(401, description="Unknown, used or expired refresh token")
@blp.alt_response(429, description="Too many requests")
def refresh(body):
    """Exchange a refresh token (once) for a new token and refresh token of the same session."""
    tokens = identity.refresh_session(ctx=services(), refresh_token=body["refresh_token"])
    return {"token": tokens.token, "refresh_token": tokens.refresh_token, "expires_in": tokens.expires_in}


@blp.route("/sessions/current", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(401, description="No valid token")
@blp.doc(security=[{"bearerAuth": []}])
def revoke_session():
    """Sign out: revoke the token used for this request."""
    require_viewer()
    identity.revoke_session(ctx=services(), token=bearer_token())
