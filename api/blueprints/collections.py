"""Collections: topic channels."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import require_moderator, require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.schemas import collections as collections_schemas
from secret_graph.collections import services as collections

blp = Blueprint("collections", __name__, url_prefix="/v1/collections", description="Collections")
blp.before_request(require_viewer)


@blp.route("")
@blp.response(200, collections_schemas.Collections)
@blp.doc(security=SECURITY)
def list_collections():
    """Every collection, with subscriber counts."""
    return {"items": collections.list_(ctx=services(), viewer_id=viewer().id)}


@blp.route("", methods=["POST"])
@blp.arguments(collections_schemas.CollectionCreate)
@blp.response(201, collections_schemas.Collection)
@blp.alt_response(403, description="Moderators only")
@blp.alt_response(409, description="The slug is taken")
@blp.doc(security=SECURITY)
def create_collection(body):
    """Create a collection (moderators)."""
    require_moderator()
    return collections.create(ctx=services(), **body)


@blp.route("/<slug>/subscription", methods=["PUT"])
@blp.response(204)
@blp.alt_response(404, description="No such collection")
@blp.doc(security=SECURITY)
def subscribe(slug):
    """Subscribe: the collection's posts join your feed."""
    collections.subscribe(ctx=services(), viewer_id=viewer().id, slug=slug, subscribed=True)


@blp.route("/<slug>/subscription", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, description="No such collection")
@blp.doc(security=SECURITY)
def unsubscribe(slug):
    """Unsubscribe."""
    collections.subscribe(ctx=services(), viewer_id=viewer().id, slug=slug, subscribed=False)
