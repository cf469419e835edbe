"""Feed, nearby and collection pages."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.account import Circle
from api.schemas.common import Page, PageArgs
from api.schemas.posts import Post
from secret_graph.feeds.services import SORTS
from secret_graph.geo import MAX_RADIUS_KM


class PostPage(Page):
    items = fields.List(fields.Nested(Post), required=True)


class FeedArgs(PageArgs):
    sort = fields.String(load_default="recent", validate=validate.OneOf(SORTS))


class NearbyArgs(FeedArgs):
    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))
    radius_km = fields.Float(
        load_default=10,
        validate=validate.Range(min=0, max=MAX_RADIUS_KM),
        metadata={"description": "0 to 50; 0 is the point's own ~5 km cell"},
    )


class FeedPage(PostPage):
    circle = fields.Nested(Circle, metadata={"description": "present when your circle is closed"})
    notice = fields.String(metadata={"description": "why friends' posts are missing, when the circle is closed"})
