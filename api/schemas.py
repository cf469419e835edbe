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


class SessionResponse(Schema):
    token = fields.String(required=True)
    account = fields.Nested(AccountRef, required=True)
    new_account = fields.Boolean(required=True)


class Me(Schema):
    id = fields.String(required=True)
    created_at = Timestamp(required=True)
    friends = fields.Integer(required=True)
    facebook_linked = fields.Boolean(required=True)
    has_passcode = fields.Boolean(required=True)


class Passcode(Schema):
    passcode = fields.String(required=True, validate=validate.Length(min=4, max=64))


class ContactsUpload(Schema):
    digests = fields.List(fields.String(), load_default=list, metadata={"description": "hex SHA-256 of E.164 numbers"})
    phones = fields.List(
        fields.String(), load_default=list, metadata={"description": "raw numbers; hashed and dropped at once"}
    )
    region = fields.String(validate=validate.Length(equal=2))


class FacebookLink(Schema):
    facebook_id = fields.String(required=True, metadata={"description": "hex SHA-256 of the app-scoped id"})
    friend_digests = fields.List(fields.String(), load_default=list)


class ContactsResult(Schema):
    accepted = fields.Integer(required=True)
    rejected = fields.Integer(required=True)
    friends = fields.Integer(required=True)
