"""Notifications, their preferences, and push devices."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Page, Timestamp
from secret_graph.adapters.push import PLATFORMS
from secret_graph.notifications.services import MAX_TOKEN, SETTING_KINDS


class Notification(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    post_id = fields.String(allow_none=True, required=True)
    comment_id = fields.String(allow_none=True, required=True)
    chat_id = fields.String(allow_none=True, required=True)
    count = fields.Integer(required=True)
    at = Timestamp(required=True)
    read = fields.Boolean(required=True)


class Unread(Schema):
    total = fields.Integer(required=True)
    by_kind = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class NotificationPage(Page):
    items = fields.List(fields.Nested(Notification), required=True)
    unread = fields.Nested(Unread, required=True)


class MarkRead(Schema):
    ids = fields.List(fields.String(validate=validate.Length(max=100)), validate=validate.Length(max=200))
    up_to = fields.String(validate=validate.Length(max=1000))
    all = fields.Boolean()


class Marked(Schema):
    marked = fields.Integer(required=True)


class QuietHours(Schema):
    start = fields.String(required=True, validate=validate.Regexp(r"^\d{2}:\d{2}$"), metadata={"example": "22:00"})
    end = fields.String(required=True, validate=validate.Regexp(r"^\d{2}:\d{2}$"), metadata={"example": "07:00"})


class NotificationSettings(Schema):
    kinds = fields.Dict(
        keys=fields.String(validate=validate.OneOf(SETTING_KINDS)), values=fields.Boolean(), required=True
    )
    quiet_hours = fields.Nested(QuietHours, allow_none=True, load_default=None, metadata={"description": "UTC"})


class DeviceRegistration(Schema):
    platform = fields.String(required=True, validate=validate.OneOf(PLATFORMS))
    token = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TOKEN))


class PushPayload(Schema):
    kind = fields.String(required=True)
    id = fields.String(required=True)


class Device(Schema):
    id = fields.String(required=True)
    platform = fields.String(required=True)
    created_at = Timestamp(required=True)
    dev_pushes = fields.List(fields.Nested(PushPayload), metadata={"description": "development push backend only"})


class DeviceList(Schema):
    items = fields.List(fields.Nested(Device), required=True)
