"""Phone sign-in: codes, sessions, refresh."""

from __future__ import annotations

from marshmallow import Schema, fields, post_dump, validate

from api.schemas.common import Timestamp


class CodeRequest(Schema):
    phone = fields.String(required=True, validate=validate.Length(min=1, max=64))
    region = fields.String(validate=validate.Length(equal=2), metadata={"description": "ISO 3166 region, e.g. US"})


class CodeResponse(Schema):
    challenge_id = fields.String(required=True)
    expires_in = fields.Integer(required=True, metadata={"description": "seconds"})
    dev_code = fields.String(metadata={"description": "development SMS backend only"})

    @post_dump
    def _without_absent_code(self, data: dict, **kwargs) -> dict:
        # A real SMS backend reveals no code: the field is left out rather than null.
        if data.get("dev_code") is None:
            data.pop("dev_code", None)
        return data


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
