"""Moderation: the queue, decisions and audit (moderators), standing, appeals and personal controls."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Timestamp
from api.schemas.posts import PostImage
from secret_graph.moderation.controls import MAX_MUTED
from secret_graph.moderation.services import (
    ACTIONS,
    DECISION_REASONS,
    MAX_QUEUE,
    MAX_SUSPENSION_DAYS,
)
from secret_graph.screening import REASONS


class QueueItem(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("post", "comment")))
    id = fields.String(required=True)
    post_id = fields.String(required=True, metadata={"description": "the post itself, or the comment's post"})
    text = fields.String(required=True)
    image = fields.Nested(PostImage, allow_none=True, required=True, metadata={"description": "a post's picture"})
    tags = fields.List(fields.String(), required=True)
    collection = fields.String(allow_none=True)
    status = fields.String(required=True)
    created_at = Timestamp(required=True, metadata={"description": "to the minute"})
    waiting_since = Timestamp(required=True, metadata={"description": "held, first flagged or appealed; minute"})
    severity = fields.Integer(required=True, metadata={"description": "the queue's order: highest first"})
    signals = fields.List(fields.String(validate=validate.OneOf(REASONS)), required=True)
    flags = fields.Integer(required=True)
    reasons = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    appeal = fields.Boolean(required=True)


class Queue(Schema):
    items = fields.List(fields.Nested(QueueItem), required=True)


class QueueArgs(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_QUEUE))


class DecisionCreate(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    reason = fields.String(
        validate=validate.OneOf(DECISION_REASONS), metadata={"description": "shown to the author (standing)"}
    )
    days = fields.Integer(
        validate=validate.Range(min=1, max=MAX_SUSPENSION_DAYS), metadata={"description": "for suspend"}
    )


class Decision(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    content_id = fields.String(required=True)
    action = fields.String(required=True)
    status = fields.String(required=True)


class AuditEntry(Schema):
    id = fields.String(required=True)
    action = fields.String(required=True)
    at = Timestamp(required=True)
    moderator = fields.String(required=True, metadata={"description": "the moderator's keyed tag, not an id"})
    kind = fields.String(required=True)
    content_id = fields.String(required=True)
    reason = fields.String(allow_none=True)
    days = fields.Integer(allow_none=True)


class Audit(Schema):
    items = fields.List(fields.Nested(AuditEntry), required=True)


class StandingItem(Schema):
    kind = fields.String(required=True)
    id = fields.String(required=True)
    post_id = fields.String(required=True)
    status = fields.String(required=True)
    decision = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    decided_at = Timestamp(allow_none=True)
    appeal = fields.String(allow_none=True, metadata={"description": "pending, granted or upheld"})
    can_appeal = fields.Boolean(required=True)


class Standing(Schema):
    strikes = fields.Integer(required=True)
    suspended_until = Timestamp(allow_none=True, required=True)
    content = fields.List(fields.Nested(StandingItem), required=True)


class AppealReceived(Schema):
    post_id = fields.String(required=True)
    appeal = fields.String(required=True)


class MutedWords(Schema):
    words = fields.List(
        fields.String(validate=validate.Length(min=1, max=50)),
        required=True,
        validate=validate.Length(max=MAX_MUTED),
        metadata={"description": "words or phrases; compared without case, accents or leetspeak, as whole words"},
    )
