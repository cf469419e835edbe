"""Posts, hearts, flags and backgrounds."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Timestamp
from secret_graph.keywords import MAX_KEYWORDS
from secret_graph.posts.content import MAX_TAGS
from secret_graph.posts.services import AUDIENCES, FLAG_REASONS
from secret_graph.text import MAX_TEXT
from secret_graph.visibility import LABELS


class Location(Schema):
    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))


class PostCreate(Schema):
    text = fields.String(
        required=True,
        metadata={"description": f"1 to {MAX_TEXT} characters after trimming; no phone numbers or e-mail addresses"},
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
    tags = fields.List(
        fields.String(), metadata={"description": f"added to #hashtags from the text; at most {MAX_TAGS} in all"}
    )
    confirm = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Send again after a `rethink` answer: a text that still trips a signal is kept as "
            "`held`, seen by its author only until a moderator reviews it"
        },
    )
    audience = fields.String(
        load_default="circle",
        validate=validate.OneOf(AUDIENCES),
        metadata={
            "description": "`circle` (the default: the people who know you, as the visibility rules say) or "
            "`world` (anyone signed in may read it; it is listed in GET /v1/explore)"
        },
    )
    image_id = fields.String(
        metadata={"description": "An image you uploaded (POST /v1/images) within 24 hours and have not used yet"}
    )


class Area(Schema):
    area = fields.String(required=True, metadata={"description": "geohash cell"})
    lat = fields.Float(required=True, metadata={"description": "the cell's centre"})
    lon = fields.Float(required=True)


class PostImage(Schema):
    url = fields.String(required=True, metadata={"description": "loaded without credentials; cached for a year"})
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)
    blurhash = fields.String(required=True, metadata={"description": "a placeholder to draw while it loads"})


class Post(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    background = fields.Dict(allow_none=True)
    tags = fields.List(fields.String(), required=True)
    keywords = fields.List(
        fields.String(),
        required=True,
        metadata={"description": f"up to {MAX_KEYWORDS} keywords extracted from the text (English or French)"},
    )
    audience = fields.String(required=True, validate=validate.OneOf(AUDIENCES))
    image = fields.Nested(PostImage, allow_none=True, required=True)
    sponsor = fields.String(
        allow_none=True, required=True, metadata={"description": "the sponsor of a campaign post (label `campaign`)"}
    )
    collection = fields.String(allow_none=True)
    location = fields.Nested(Area, allow_none=True)
    created_at = Timestamp(required=True, metadata={"description": "to the minute, except for the author"})
    label = fields.String(required=True, validate=validate.OneOf(LABELS))
    hearts = fields.Integer(required=True)
    hearted = fields.Boolean(required=True)
    comments = fields.Integer(required=True)
    is_own = fields.Boolean(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(("visible", "held", "pending")),
        metadata={"description": "held (screening) or pending (flags) for its author only; others see visible"},
    )


class HeartState(Schema):
    hearts = fields.Integer(required=True)
    hearted = fields.Boolean(required=True)


class FlagCreate(Schema):
    reason = fields.String(
        required=True,
        validate=validate.OneOf(FLAG_REASONS),
    )


class FlagReceived(Schema):
    status = fields.String(required=True)


class Unlinked(Schema):
    unlinked = fields.Integer(required=True)


class BackgroundArgs(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class BackgroundItem(Schema):
    id = fields.String(required=True)
    color = fields.String()
    image = fields.String()
    keywords = fields.List(fields.String(), required=True)


class Backgrounds(Schema):
    items = fields.List(fields.Nested(BackgroundItem), required=True)
