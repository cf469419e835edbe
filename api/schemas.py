"""Marshmallow schemas of request and response bodies."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import Schema, fields, validate


class Timestamp(fields.DateTime):
    """Stored as epoch milliseconds, shown as ISO 8601 UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, int):
            value = datetime.fromtimestamp(value / 1000, tz=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


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
