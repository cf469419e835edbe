"""Image uploads."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from secret_graph.images.pipeline import MAX_BYTES, MAX_SIDE


class ImageUpload(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": f"A JPEG, PNG, WebP or HEIC image of at most {MAX_BYTES // (1024 * 1024)} MB, not animated. "
            f"It is re-encoded (no metadata survives) and downscaled to {MAX_SIDE} px on its long side."
        },
    )


class Image(Schema):
    id = fields.String(required=True, metadata={"description": "give it as `image_id` to POST /v1/posts within 24 h"})
    url = fields.String(required=True)
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)
    blurhash = fields.String(required=True)
