"""Comments, signed with per-post pseudonyms."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from api.auth import require_viewer, viewer
from api.context import services
from api.openapi import IDEMPOTENCY, SECURITY
from api.paging import link_header
from api.schemas import comments as comments_schemas
from api.schemas import common as common_schemas
from secret_graph.comments import services as comments

blp = Blueprint("comments", __name__, url_prefix="/v1/posts/<post_id>/comments", description="Comments")
blp.before_request(require_viewer)


@blp.route("")
@blp.arguments(common_schemas.PageArgs, location="query")
@blp.response(200, comments_schemas.CommentPage)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def list_comments(args, post_id):
    """Comments, oldest first."""
    items, next_cursor = comments.list_(ctx=services(), viewer_id=viewer().id, post_id=post_id, **args)
    return {"items": items, "next_cursor": next_cursor}, link_header(next_cursor)


@blp.route("", methods=["POST"])
@blp.arguments(comments_schemas.CommentCreate)
@blp.response(201, comments_schemas.Comment)
@blp.alt_response(403, description="Your account is suspended: until when is in errors.suspension.until")
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY, **IDEMPOTENCY)
def create_comment(body, post_id):
    """Comment under a pseudonym that is yours on this post only; screened like a post (rethink, confirm, held)."""
    return comments.create(
        ctx=services(),
        viewer_id=viewer().id,
        post_id=post_id,
        text=body["text"],
        confirm=body["confirm"],
        idempotency_key=request.headers.get("Idempotency-Key"),
    )


@blp.route("/<comment_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, description="No such comment of yours or under your post")
@blp.doc(security=SECURITY)
def delete_comment(post_id, comment_id):
    """Delete your own comment, or any comment under your own post."""
    comments.delete(ctx=services(), viewer_id=viewer().id, post_id=post_id, comment_id=comment_id)
