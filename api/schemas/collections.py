"""Collections and subscriptions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class CollectionCreate(Schema):
    # The service's rules, stated in the spec so that clients (and the fuzzer) can meet them.
    slug = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"))
    title = fields.String(required=True, validate=validate.Length(min=1, max=80))
    description = fields.String(load_default="", validate=validate.Length(max=500))


class Collection(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    subscribers = fields.Integer()
    subscribed = fields.Boolean()


class Collections(Schema):
    items = fields.List(fields.Nested(Collection), required=True)
