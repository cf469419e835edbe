"""Hashed address books and the verified Facebook link."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


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
