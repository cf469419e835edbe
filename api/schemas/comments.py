"""Comments under pseudonyms."""

from __future__ import annotations

from marshmallow import Schema, fields

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


class CommentCreate(Schema):
    text = fields.String(required=True)


class CommentPage(Page):
    items = fields.List(fields.Nested(Comment), required=True)
