"""Anonymous chats between a post's reader and its author."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import require_moderator, require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.paging import link_header
from api.schemas import chats as schemas
from api.schemas import common as common_schemas
from secret_graph.chats import services as chats

blp = Blueprint("chats", __name__, url_prefix="/v1", description="Anonymous chats")
blp.before_request(require_viewer)
NO_CHAT = "No such chat of yours"


@blp.route("/posts/<post_id>/chats", methods=["POST"])
@blp.response(201, schemas.Chat)
@blp.alt_response(404, description="No such post, or not visible to you")
@blp.doc(security=SECURITY)
def open_chat(post_id):
    """Ask a post's author for a private chat; both of you stay anonymous. One chat per post and reader."""
    return chats.open_(ctx=services(), viewer_id=viewer().id, post_id=post_id)


@blp.route("/chats")
@blp.arguments(common_schemas.PageArgs, location="query")
@blp.response(200, schemas.ChatPage)
@blp.doc(security=SECURITY)
def list_chats(args):
    """Your chats and chat requests, latest activity first."""
    items, next_cursor = chats.list_(ctx=services(), viewer_id=viewer().id, **args)
    return {"items": items, "next_cursor": next_cursor}, link_header(next_cursor)


@blp.route("/chats/<chat_id>/accept", methods=["POST"])
@blp.response(200, schemas.Chat)
@blp.alt_response(404, description="No such chat request to you")
@blp.alt_response(409, description="The chat is not awaiting an answer")
@blp.doc(security=SECURITY)
def accept_chat(chat_id):
    """Accept a chat request on your post."""
    return chats.answer(ctx=services(), viewer_id=viewer().id, chat_id=chat_id, accept=True)


@blp.route("/chats/<chat_id>/decline", methods=["POST"])
@blp.response(200, schemas.Chat)
@blp.alt_response(404, description="No such chat request to you")
@blp.alt_response(409, description="The chat is not awaiting an answer")
@blp.doc(security=SECURITY)
def decline_chat(chat_id):
    """Decline a chat request on your post."""
    return chats.answer(ctx=services(), viewer_id=viewer().id, chat_id=chat_id, accept=False)


@blp.route("/chats/<chat_id>/messages")
@blp.arguments(common_schemas.PageArgs, location="query")
@blp.response(200, schemas.MessagePage)
@blp.alt_response(404, description=NO_CHAT)
@blp.doc(security=SECURITY)
def list_messages(args, chat_id):
    """A chat's messages, newest first."""
    items, next_cursor = chats.messages(ctx=services(), viewer_id=viewer().id, chat_id=chat_id, **args)
    return {"items": items, "next_cursor": next_cursor}, link_header(next_cursor)


@blp.route("/chats/<chat_id>/messages", methods=["POST"])
@blp.arguments(schemas.MessageCreate)
@blp.response(201, schemas.Message)
@blp.alt_response(404, description=NO_CHAT)
@blp.alt_response(409, description="The chat has ended, or awaits the author's answer")
@blp.doc(security=SECURITY)
def send_message(body, chat_id):
    """Send a message (text screened like comments); before the author accepts, the opener may send one."""
    return chats.send(ctx=services(), viewer_id=viewer().id, chat_id=chat_id, text=body["text"])


@blp.route("/chats/<chat_id>/leave", methods=["POST"])
@blp.response(204)
@blp.alt_response(404, description=NO_CHAT)
@blp.doc(security=SECURITY)
def leave_chat(chat_id):
    """Leave a chat: it ends for both of you."""
    chats.leave(ctx=services(), viewer_id=viewer().id, chat_id=chat_id)


@blp.route("/chats/<chat_id>/block", methods=["POST"])
@blp.response(204)
@blp.alt_response(404, description=NO_CHAT)
@blp.doc(security=SECURITY)
def block_chat(chat_id):
    """Block the other side: the chat ends for good and they cannot open another with you."""
    chats.block(ctx=services(), viewer_id=viewer().id, chat_id=chat_id)


@blp.route("/chats/<chat_id>/flags", methods=["POST"])
@blp.arguments(schemas.MessageFlag)
@blp.response(204)
@blp.alt_response(404, description="No such message from the other side of your chat")
@blp.doc(security=SECURITY)
def flag_message(body, chat_id):
    """Flag a message the other side sent: moderators then see that message, and only flagged ones."""
    chats.flag(ctx=services(), viewer_id=viewer().id, chat_id=chat_id, **body)


@blp.route("/moderation/chat-flags")
@blp.response(200, schemas.FlaggedMessages)
@blp.alt_response(403, description="Moderators only")
@blp.doc(security=SECURITY)
def flagged_messages():
    """Flagged chat messages, newest flag first: text, reason and chat only, never the sender."""
    require_moderator()
    return {"items": chats.flagged(ctx=services())}
