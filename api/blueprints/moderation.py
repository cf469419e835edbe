"""Moderation: moderators only (403 for others: the role, not visibility, is the question)."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import require_moderator, viewer
from api.context import services
from api.openapi import SECURITY
from api.schemas import moderation as moderation_schemas
from secret_graph.moderation import services as moderation

blp = Blueprint("moderation", __name__, url_prefix="/v1/moderation", description="Moderation")
blp.before_request(require_moderator)


@blp.route("/queue")
@blp.arguments(moderation_schemas.QueueArgs, location="query")
@blp.response(200, moderation_schemas.Queue)
@blp.alt_response(403, description="Moderators only")
@blp.doc(security=SECURITY)
def queue(args):
    """Held, flagged and appealed posts and comments: most severe first, then longest waiting, with the
    signals that fired. Authors are never shown."""
    return {"items": moderation.queue(ctx=services(), **args)}


@blp.route("/posts/<post_id>/decision", methods=["POST"])
@blp.arguments(moderation_schemas.DecisionCreate)
@blp.response(200, moderation_schemas.Decision)
@blp.alt_response(403, description="Moderators only")
@blp.alt_response(404, description="No such post")
@blp.doc(security=SECURITY)
def decide(body, post_id):
    """Decide on a post (remove, restore, publish) or on its author (warn, suspend for days, ban); audited."""
    return moderation.decide(ctx=services(), moderator_id=viewer().id, kind="post", content_id=post_id, **body)


@blp.route("/comments/<comment_id>/decision", methods=["POST"])
@blp.arguments(moderation_schemas.DecisionCreate)
@blp.response(200, moderation_schemas.Decision)
@blp.alt_response(403, description="Moderators only")
@blp.alt_response(404, description="No such comment")
@blp.doc(security=SECURITY)
def decide_comment(body, comment_id):
    """Decide on a comment, or on its writer, as for posts; audited."""
    return moderation.decide(ctx=services(), moderator_id=viewer().id, kind="comment", content_id=comment_id, **body)


@blp.route("/audit")
@blp.arguments(moderation_schemas.QueueArgs, location="query")
@blp.response(200, moderation_schemas.Audit)
@blp.alt_response(403, description="Moderators only")
@blp.doc(security=SECURITY)
def audit(args):
    """Every decision, newest first: which moderator (a keyed tag), when, what, about which content."""
    return {"items": moderation.audit(ctx=services(), **args)}
