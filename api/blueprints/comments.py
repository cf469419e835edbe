"""Comments, signed with per-post pseudonyms."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from api import post_schemas as s
from api.auth import require_viewer, viewer
from api.blueprints.posts import IDEMPOTENCY, SECURITY
from api.context import services
from api.paging import link_header
from secret_graph.comments import services as comments

blp = Blueprint("comments", __name__, url_prefix="/v1/posts/<post_id>/comments", description="Comments")
blp.before_request(require_viewer)


@blp.route("")
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.CommentPage)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def list_comments(args, post_id):
    """Comments, oldest first."""
    items, next_cursor = comments.list_(ctx=services(), viewer_id=viewer().id, post_id=post_id, **args)
    return {"items": items, "next_cursor": next_cursor}, link_header(next_cursor)


@blp.route("", methods=["POST"])
@blp.arguments(s.CommentCreate)
@blp.response(201, s.Comment)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY, **IDEMPOTENCY)
def create_comment(body, post_id):
    """Comment under a pseudonym that is yours on this post only."""
    return comments.create(
        ctx=services(),
        viewer_id=viewer().id,
        post_id=post_id,
        text=body["text"],
        idempotency_key=request.headers.get("Idempotency-Key"),
    )


@blp.route("/<comment_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, description="No such comment of yours or under your post")
@blp.doc(security=SECURITY)
def delete_comment(post_id, comment_id):
    """Delete your own comment, or any comment under your own post."""
    comments.delete(ctx=services(), viewer_id=viewer().id, post_id=post_id, comment_id=comment_id)
