"""The caller's own account: summary, circle, passcode, sessions, phone change, export."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Timestamp


class SessionInfo(Schema):
    id = fields.String(required=True, metadata={"description": "opaque session id"})
    created_at = Timestamp(required=True, metadata={"description": "sign-in time, to the hour"})
    last_used_at = Timestamp(required=True, metadata={"description": "to the hour"})
    expires_at = Timestamp(required=True, metadata={"description": "when the token stops working unless refreshed"})
    current = fields.Boolean(required=True, metadata={"description": "the session of this request"})


class SessionList(Schema):
    items = fields.List(fields.Nested(SessionInfo), required=True)


class Circle(Schema):
    open = fields.Boolean(required=True, metadata={"description": "friend and friend-of-friend posts show"})
    counted_friends = fields.Integer(
        required=True,
        metadata={"description": "friends that count (old enough, with friends of their own), up to the number needed"},
    )
    needed = fields.Integer(required=True, metadata={"description": "more counted friends needed to open the circle"})


class Me(Schema):
    id = fields.String(required=True)
    created_at = Timestamp(required=True)
    friends = fields.Integer(required=True)
    facebook_linked = fields.Boolean(required=True)
    has_passcode = fields.Boolean(required=True)
    circle = fields.Nested(Circle, required=True)


class Passcode(Schema):
    passcode = fields.String(required=True, validate=validate.Length(min=4, max=64))
    current_passcode = fields.String(
        validate=validate.Length(min=1, max=64), metadata={"description": "required when a passcode is set"}
    )


class CurrentPasscode(Schema):
    passcode = fields.String(required=True, validate=validate.Length(min=1, max=64))


class PhoneChange(Schema):
    challenge_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    code = fields.String(required=True, validate=validate.Length(min=1, max=16))
    passcode = fields.String(
        validate=validate.Length(min=1, max=64), metadata={"description": "the current passcode, when one is set"}
    )


class PhoneChanged(Schema):
    friends = fields.Integer(required=True)


class ExportPost(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    created_at = Timestamp(required=True)
    status = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    background_color = fields.String(allow_none=True)
    background_image = fields.String(allow_none=True)
    geohash = fields.String(allow_none=True, metadata={"description": "the ~5 km cell, if located"})
    collection = fields.String(allow_none=True)


class ExportComment(Schema):
    id = fields.String(required=True)
    post_id = fields.String(required=True)
    text = fields.String(required=True)
    created_at = Timestamp(required=True)
    avatar_name = fields.String(allow_none=True)
    avatar_color = fields.String(allow_none=True)


class ExportHeart(Schema):
    post_id = fields.String(required=True)
    at = Timestamp(required=True)


class ExportSubscription(Schema):
    collection = fields.String(required=True)
    since = Timestamp(required=True)


class Export(Schema):
    id = fields.String(required=True)
    created_at = Timestamp(required=True)
    has_passcode = fields.Boolean(required=True)
    facebook_linked = fields.Boolean(required=True)
    contacts = fields.Integer(required=True, metadata={"description": "address-book entries held (hashed)"})
    posts = fields.List(fields.Nested(ExportPost), required=True, metadata={"description": "not unlinked ones"})
    comments = fields.List(fields.Nested(ExportComment), required=True)
    hearts = fields.List(fields.Nested(ExportHeart), required=True)
    subscriptions = fields.List(fields.Nested(ExportSubscription), required=True)
