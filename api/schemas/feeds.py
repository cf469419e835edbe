"""Feed, nearby and collection pages."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

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


class ExploreArgs(FeedArgs):
    lat = fields.Float(validate=validate.Range(min=-90, max=90), metadata={"description": "with lon: only posts near"})
    lon = fields.Float(validate=validate.Range(min=-180, max=180))
    radius_km = fields.Float(
        load_default=10,
        validate=validate.Range(min=0, max=MAX_RADIUS_KM),
        metadata={"description": "0 to 50, with lat and lon; 0 is the point's own ~5 km cell"},
    )


class TrendingArgs(Schema):
    lat = fields.Float(validate=validate.Range(min=-90, max=90), metadata={"description": "with lon: tags near"})
    lon = fields.Float(validate=validate.Range(min=-180, max=180))
    radius_km = fields.Float(load_default=50, validate=validate.Range(min=0, max=MAX_RADIUS_KM))


class TrendingTag(Schema):
    tag = fields.String(required=True)
    posts = fields.Integer(
        required=True,
        metadata={"description": "posts with the tag in the last 24 hours, rounded down to a multiple of 5"},
    )


class Trending(Schema):
    items = fields.List(fields.Nested(TrendingTag), required=True)
