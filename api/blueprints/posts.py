"""Posts, hearts, flags and background suggestions."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from api.auth import require_viewer, viewer
from api.context import services
from api.openapi import IDEMPOTENCY, SECURITY
from api.schemas import posts as posts_schemas
from secret_graph.posts import services as posts

blp = Blueprint("posts", __name__, url_prefix="/v1", description="Anonymous posts")
blp.before_request(require_viewer)


@blp.route("/posts", methods=["POST"])
@blp.arguments(posts_schemas.PostCreate)
@blp.response(201, posts_schemas.Post)
@blp.alt_response(403, description="Your account is suspended: until when is in errors.suspension.until")
@blp.doc(security=SECURITY, **IDEMPOTENCY)
def create_post(body):
    """Post anonymously. A location makes the post readable by anyone nearby (snapped to ~5 km).

    Every post is screened first: a 422 with `errors.rethink` (`reasons`, `spans`) asks you to think
    again; sent again with `confirm`, a post that still trips a signal is kept `held` (yours only) for review."""
    return posts.create(
        ctx=services(), account_id=viewer().id, idempotency_key=request.headers.get("Idempotency-Key"), **body
    )


@blp.route("/posts/<post_id>")
@blp.response(200, posts_schemas.Post)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def get_post(post_id):
    """One post, if you may see it."""
    return posts.get(ctx=services(), viewer_id=viewer().id, post_id=post_id)


@blp.route("/posts/<post_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, description="No such post of yours")
@blp.doc(security=SECURITY)
def delete_post(post_id):
    """Delete your own post and its comments."""
    posts.delete(ctx=services(), account_id=viewer().id, post_id=post_id)


@blp.route("/posts/<post_id>/heart", methods=["PUT"])
@blp.response(200, posts_schemas.HeartState)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def heart(post_id):
    """Heart a post: your friends can now see it too."""
    return posts.heart(ctx=services(), viewer_id=viewer().id, post_id=post_id, hearted=True)


@blp.route("/posts/<post_id>/heart", methods=["DELETE"])
@blp.response(200, posts_schemas.HeartState)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def unheart(post_id):
    """Take your heart back."""
    return posts.heart(ctx=services(), viewer_id=viewer().id, post_id=post_id, hearted=False)


@blp.route("/posts/<post_id>/flags", methods=["POST"])
@blp.arguments(posts_schemas.FlagCreate)
@blp.response(202, posts_schemas.FlagReceived)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def flag(body, post_id):
    """Flag a post for review; counts once per account."""
    posts.flag(ctx=services(), viewer_id=viewer().id, post_id=post_id, reason=body["reason"])
    return {"status": "received"}


@blp.route("/backgrounds")
@blp.arguments(posts_schemas.BackgroundArgs, location="query")
@blp.response(200, posts_schemas.Backgrounds)
@blp.doc(security=SECURITY)
def backgrounds(args):
    """Backgrounds that fit a text, best first."""
    return {"items": posts.suggest_backgrounds(ctx=services(), text=args["text"])}


@blp.route("/me/unlink", methods=["POST"])
@blp.response(200, posts_schemas.Unlinked)
@blp.doc(security=SECURITY)
def unlink():
    """Detach yourself from all your past posts, for good: they stay, but lead to no account, yours included."""
    return {"unlinked": posts.unlink(ctx=services(), account_id=viewer().id)}
