"""Image uploads (signed in), and the stored files (public, by their random key)."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from api.auth import require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.schemas import images as images_schemas
from secret_graph.images import services as images

blp = Blueprint("images", __name__, url_prefix="/v1", description="Images")
blp.before_request(require_viewer)

media_blp = Blueprint("media", __name__, url_prefix="/v1", description="Stored images")

CACHE_FOREVER = "public, max-age=31536000, immutable"  # a key names one file for ever


@blp.route("/images", methods=["POST"])
@blp.arguments(images_schemas.ImageUpload, location="files")
@blp.response(201, images_schemas.Image)
@blp.alt_response(413, description="More than 10 MB")
@blp.alt_response(415, description="Not a JPEG, PNG, WebP or HEIC image; a wrong extension; a polyglot; animated")
@blp.doc(security=SECURITY)
def upload(files):
    """Upload an image for a post: checked, stripped of all metadata, re-encoded, downscaled."""
    upload = files["file"]
    return images.upload(ctx=services(), account_id=viewer().id, data=upload.read(), filename=upload.filename or None)


@media_blp.route("/media/<key>")
@media_blp.response(200, {"type": "string", "format": "binary"}, content_type="image/jpeg")
@media_blp.alt_response(404, description="No such image")
def media(key):
    """A stored image (JPEG or PNG), cached for a year. Its random key is its only protection: treat the URL as public."""
    data, content_type = images.media(ctx=services(), key=key)
    response = Response(data, mimetype=content_type)
    response.headers["Cache-Control"] = CACHE_FOREVER
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response
