"""Safety for everyone: your standing and appeals, comment flags, and your own controls (muted
words, hidden posts, blocked authors). Nothing here tells anyone who wrote what."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.schemas import moderation as schemas
from api.schemas import posts as posts_schemas
from secret_graph.comments import services as comments
from secret_graph.moderation import services as moderation

blp = Blueprint("safety", __name__, url_prefix="/v1", description="Safety: standing, appeals, flags, your controls")
blp.before_request(require_viewer)


@blp.route("/me/standing")
@blp.response(200, schemas.Standing)
@blp.doc(security=SECURITY)
def standing():
    """Your strikes, your suspension, and what moderation did to your posts and comments."""
    return moderation.standing(ctx=services(), account_id=viewer().id)


@blp.route("/posts/<post_id>/appeal", methods=["POST"])
@blp.response(202, schemas.AppealReceived)
@blp.alt_response(404, description="No removed post of yours")
@blp.alt_response(409, description="This removal was already appealed")
@blp.doc(security=SECURITY)
def appeal(post_id):
    """Appeal the removal of your post, once per removal; a moderator reviews it."""
    return moderation.appeal(ctx=services(), account_id=viewer().id, post_id=post_id)


@blp.route("/posts/<post_id>/comments/<comment_id>/flags", methods=["POST"])
@blp.arguments(posts_schemas.FlagCreate)
@blp.response(202, posts_schemas.FlagReceived)
@blp.alt_response(404, description="No such comment, or not visible to you")
@blp.doc(security=SECURITY)
def flag_comment(body, post_id, comment_id):
    """Flag a comment for review; counts once per account. Enough flags hide it pending review."""
    comments.flag(ctx=services(), viewer_id=viewer().id, post_id=post_id, comment_id=comment_id, reason=body["reason"])
    return {"status": "received"}


@blp.route("/me/muted-words")
@blp.response(200, schemas.MutedWords)
@blp.doc(security=SECURITY)
def get_muted_words():
    """Your muted words: posts and comments holding one are left out of your feeds and threads."""
    return {"words": moderation.muted_words(ctx=services(), account_id=viewer().id)}


@blp.route("/me/muted-words", methods=["PUT"])
@blp.arguments(schemas.MutedWords)
@blp.response(200, schemas.MutedWords)
@blp.doc(security=SECURITY)
def put_muted_words(body):
    """Replace your muted words."""
    return {"words": moderation.set_muted_words(ctx=services(), account_id=viewer().id, words=body["words"])}


@blp.route("/posts/<post_id>/hidden", methods=["PUT"])
@blp.response(204)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def hide_post(post_id):
    """Hide a post from your feeds and listings, for good."""
    moderation.hide_post(ctx=services(), viewer_id=viewer().id, post_id=post_id)


@blp.route("/posts/<post_id>/block", methods=["POST"])
@blp.response(204)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def block_post_author(post_id):
    """Block the author of this post without learning who: what they write from now on is not shown to you."""
    moderation.block_author(ctx=services(), viewer_id=viewer().id, post_id=post_id)


@blp.route("/posts/<post_id>/comments/<comment_id>/block", methods=["POST"])
@blp.response(204)
@blp.alt_response(404, description="No such comment, or not visible to you")
@blp.doc(security=SECURITY)
def block_comment_author(post_id, comment_id):
    """Block the writer of this comment without learning who: what they write from now on is not shown to you."""
    moderation.block_author(ctx=services(), viewer_id=viewer().id, post_id=post_id, comment_id=comment_id)
