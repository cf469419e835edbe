"""Schema pieces every area uses: the one timestamp format, cursor pages."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import Schema, fields, validate

from secret_graph.paging import MAX_PAGE


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


class Page(Schema):
    next_cursor = fields.String(allow_none=True, required=True)


class PageArgs(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE))
    cursor = fields.String(validate=validate.Length(max=1000))
