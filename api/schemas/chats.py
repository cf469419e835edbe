"""Anonymous chats."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Page, Timestamp
from secret_graph.chats.services import FLAG_REASONS, MAX_MESSAGE


class Side(Schema):
    name = fields.String(required=True)
    color = fields.String(allow_none=True, required=True)


class Chat(Schema):
    id = fields.String(required=True)
    post_id = fields.String(allow_none=True, required=True, metadata={"description": "null once you cannot see it"})
    status = fields.String(required=True, validate=validate.OneOf(("requested", "accepted", "declined", "ended")))
    role = fields.String(required=True, validate=validate.OneOf(("opener", "author")))
    me = fields.Nested(Side, required=True)
    other = fields.Nested(Side, required=True)
    created_at = Timestamp(required=True)
    last_activity_at = Timestamp(required=True)


class ChatPage(Page):
    items = fields.List(fields.Nested(Chat), required=True)


class Message(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    created_at = Timestamp(required=True)
    is_me = fields.Boolean(required=True)
    sender = fields.Nested(Side, required=True)


class MessagePage(Page):
    items = fields.List(fields.Nested(Message), required=True)


class MessageCreate(Schema):
    text = fields.String(required=True, validate=validate.Length(max=MAX_MESSAGE * 4))


class MessageFlag(Schema):
    message_id = fields.String(required=True, validate=validate.Length(max=100))
    reason = fields.String(required=True, validate=validate.OneOf(FLAG_REASONS))


class FlaggedMessage(Schema):
    id = fields.String(required=True)
    chat_id = fields.String(required=True)
    text = fields.String(required=True)
    reason = fields.String(required=True)
    flagged_at = Timestamp(required=True)


class FlaggedMessages(Schema):
    items = fields.List(fields.Nested(FlaggedMessage), required=True)
