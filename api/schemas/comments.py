"""Comments under pseudonyms."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Page, Timestamp


class Avatar(Schema):
    name = fields.String(required=True)
    color = fields.String(required=True)


class CommentAuthor(Schema):
    avatar = fields.Nested(Avatar, required=True)
    is_post_author = fields.Boolean(required=True)
    is_me = fields.Boolean(required=True)


class Comment(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    created_at = Timestamp(required=True)
    author = fields.Nested(CommentAuthor, required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(("visible", "held", "pending")),
        metadata={"description": "held (screening) or pending (flags) for its writer only; others see visible"},
    )


class CommentCreate(Schema):
    text = fields.String(required=True)
    confirm = fields.Boolean(
        load_default=False,
        metadata={"description": "Send again after a `rethink` answer: a text that still trips a signal is held"},
    )


class CommentPage(Page):
    items = fields.List(fields.Nested(Comment), required=True)
