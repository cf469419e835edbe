"""The moderation queue and decisions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Timestamp
from secret_graph.moderation.services import ACTIONS, MAX_QUEUE


class QueuedPost(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    collection = fields.String(allow_none=True)
    status = fields.String(required=True)
    created_at = Timestamp(required=True)


class QueueItem(Schema):
    post = fields.Nested(QueuedPost, required=True)
    flags = fields.Integer(required=True)
    reasons = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class Queue(Schema):
    items = fields.List(fields.Nested(QueueItem), required=True)


class QueueArgs(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_QUEUE))


class DecisionCreate(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))


class Decision(Schema):
    id = fields.String(required=True)
    post_id = fields.String(required=True)
    action = fields.String(required=True)
    status = fields.String(required=True)
