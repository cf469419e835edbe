"""Marshmallow schemas of posts, feeds, comments, collections and moderation."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas import Circle, Timestamp

LABELS = ["own", "friend", "friend_of_friend", "hearted_by_friend", "collection", "nearby"]


class Location(Schema):
    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))


class PostCreate(Schema):
    text = fields.String(
        required=True,
        metadata={"description": "1 to 500 characters after trimming; no phone numbers or e-mail addresses"},
    )
    background = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={
            "description": 'A catalogue background (GET /v1/backgrounds): {"id": "<id>"}, or its {"color": "#RRGGBB"} '
            'or {"image": "<URL>"}. Other images are refused: they would let a poster track readers.'
        },
    )
    collection = fields.String(metadata={"description": "a collection slug"})
    location = fields.Nested(
        Location,
        metadata={
            "description": "Snapped at once to a ~5 km cell (geohash precision 5); the exact point is never stored. "
            "A location makes the post readable by anyone nearby."
        },
    )
    tags = fields.List(fields.String(), metadata={"description": "added to #hashtags from the text; at most 10 in all"})


class Area(Schema):
    area = fields.String(required=True, metadata={"description": "geohash cell"})
    lat = fields.Float(required=True, metadata={"description": "the cell's centre"})
    lon = fields.Float(required=True)


class Post(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    background = fields.Dict(allow_none=True)
    tags = fields.List(fields.String(), required=True)
    collection = fields.String(allow_none=True)
    location = fields.Nested(Area, allow_none=True)
    created_at = Timestamp(required=True, metadata={"description": "to the minute, except for the author"})
    label = fields.String(required=True, validate=validate.OneOf(LABELS))
    hearts = fields.Integer(required=True)
    hearted = fields.Boolean(required=True)
    comments = fields.Integer(required=True)
    is_own = fields.Boolean(required=True)


class Page(Schema):
    next_cursor = fields.String(allow_none=True, required=True)


class PostPage(Page):
    items = fields.List(fields.Nested(Post), required=True)


class PageArgs(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))
    cursor = fields.String(validate=validate.Length(max=1000))


class FeedArgs(PageArgs):
    sort = fields.String(load_default="recent", validate=validate.OneOf(["recent", "popular"]))


class NearbyArgs(FeedArgs):
    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))
    radius_km = fields.Float(
        load_default=10,
        validate=validate.Range(min=0, max=50),
        metadata={"description": "0 to 50; 0 is the point's own ~5 km cell"},
    )


class HeartState(Schema):
    hearts = fields.Integer(required=True)
    hearted = fields.Boolean(required=True)


class FlagCreate(Schema):
    reason = fields.String(
        required=True,
        validate=validate.OneOf(
            ["bullying", "harassment", "hate", "self_harm", "personal_info", "sexual", "spam", "other"]
        ),
    )


class FlagReceived(Schema):
    status = fields.String(required=True)


class Unlinked(Schema):
    unlinked = fields.Integer(required=True)


class BackgroundArgs(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=500))


class BackgroundItem(Schema):
    id = fields.String(required=True)
    color = fields.String()
    image = fields.String()
    keywords = fields.List(fields.String(), required=True)


class Backgrounds(Schema):
    items = fields.List(fields.Nested(BackgroundItem), required=True)


class Avatar(Schema):
    name = fields.String(required=True)
    color = fields.String(required=True)


class CommentAuthor(Schema):
    avatar = fields.Nested(Avatar, required=True)
    is_post_author = fields.Boolean(required=True)
    is_me = fields.Boolean(required=True)


class Comment(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    created_at = Timestamp(required=True)
    author = fields.Nested(CommentAuthor, required=True)


class CommentCreate(Schema):
    text = fields.String(required=True)


class CommentPage(Page):
    items = fields.List(fields.Nested(Comment), required=True)


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


class QueuedPost(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    collection = fields.String(allow_none=True)
    status = fields.String(required=True)
    created_at = Timestamp(required=True)


class QueueItem(Schema):
    post = fields.Nested(QueuedPost, required=True)
    flags = fields.Integer(required=True)
    reasons = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class Queue(Schema):
    items = fields.List(fields.Nested(QueueItem), required=True)


class QueueArgs(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class DecisionCreate(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["remove", "restore"]))


class Decision(Schema):
    id = fields.String(required=True)
    post_id = fields.String(required=True)
    action = fields.String(required=True)
    status = fields.String(required=True)


class FeedPage(PostPage):
    circle = fields.Nested(Circle, metadata={"description": "present when your circle is closed"})
    notice = fields.String(metadata={"description": "why friends' posts are missing, when the circle is closed"})
