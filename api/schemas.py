"""Marshmallow schemas of request and response bodies."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import Schema, fields, validate


class Timestamp(fields.DateTime):
    """Stored as epoch milliseconds, shown as RFC 3339 UTC with milliseconds: 2026-11-24T20:55:00.000Z.

    One format for every timestamp the API returns (isoformat would drop the fraction when it is
    zero and spell UTC as +00:00)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if isinstance(value, int):  # integer arithmetic: value / 1000 can round 123 ms down to 122
            seconds, millis = divmod(value, 1000)
            value = datetime.fromtimestamp(seconds, tz=UTC)
        else:
            value = value.astimezone(UTC)
            millis = value.microsecond // 1000
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis:03d}Z"


class CodeRequest(Schema):
    phone = fields.String(required=True, validate=validate.Length(min=1, max=64))
    region = fields.String(validate=validate.Length(equal=2), metadata={"description": "ISO 3166 region, e.g. US"})


class CodeResponse(Schema):
    challenge_id = fields.String(required=True)
    expires_in = fields.Integer(required=True, metadata={"description": "seconds"})
    dev_code = fields.String(metadata={"description": "development SMS backend only"})


class SessionRequest(Schema):
    challenge_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    code = fields.String(required=True, validate=validate.Length(min=1, max=16))
    passcode = fields.String(validate=validate.Length(max=64))


class AccountRef(Schema):
    id = fields.String(required=True)
    created_at = Timestamp(required=True)


class TokenPair(Schema):
    token = fields.String(required=True, metadata={"description": "bearer token"})
    refresh_token = fields.String(required=True, metadata={"description": "for POST /v1/auth/refresh, once"})
    expires_in = fields.Integer(required=True, metadata={"description": "seconds the token works"})


class SessionResponse(TokenPair):
    account = fields.Nested(AccountRef, required=True)
    new_account = fields.Boolean(required=True)


class RefreshRequest(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=1, max=128))


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


class CurrentPasscode(Schema):
    passcode = fields.String(required=True, validate=validate.Length(min=1, max=64))


class PhoneChange(Schema):
    challenge_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    code = fields.String(required=True, validate=validate.Length(min=1, max=16))


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


class ContactsUpload(Schema):
    digests = fields.List(fields.String(), load_default=list, metadata={"description": "hex SHA-256 of E.164 numbers"})
    phones = fields.List(
        fields.String(), load_default=list, metadata={"description": "raw numbers; hashed and dropped at once"}
    )
    region = fields.String(validate=validate.Length(equal=2))


class FacebookLink(Schema):
    """Proof, not a claim: the server asks Facebook whose token this is and who their friends are.
    A body naming a Facebook id or friend list is refused (unknown field)."""

    access_token = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=4096),
        metadata={"description": "a Facebook user access token issued to this app (never stored or logged)"},
    )


class ContactsResult(Schema):
    accepted = fields.Integer(required=True)
    rejected = fields.Integer(required=True)
    friends = fields.Integer(required=True)
