"""The feed, nearby posts and collection posts: cursor pages with a Link header."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import require_viewer, viewer
from api.context import services
from api.openapi import SECURITY
from api.paging import link_header
from api.schemas import feeds as feeds_schemas
from secret_graph.feeds import explore as world
from secret_graph.feeds import services as feeds

blp = Blueprint("feeds", __name__, url_prefix="/v1", description="Feeds")
blp.before_request(require_viewer)


def _answer(page: feeds.Page):
    return {"items": page.items, "next_cursor": page.next_cursor}, link_header(page.next_cursor)


CIRCLE_CLOSED = (
    "Your circle is closed: friends' and friends of friends' posts show once enough of your friends count "
    "(see `circle`); until then you see your own posts and the collections you follow."
)


@blp.route("/feed")
@blp.arguments(feeds_schemas.FeedArgs, location="query")
@blp.response(200, feeds_schemas.FeedPage)
@blp.alt_response(400, description="Malformed cursor")
@blp.doc(security=SECURITY)
def feed(args):
    """Your feed: your posts, friends', friends of friends', posts your friends hearted, and subscribed collections.

    While your circle is closed the page also holds `circle` (as in GET /v1/me) and a `notice`."""
    page = feeds.feed(ctx=services(), viewer_id=viewer().id, **args)
    body, headers = _answer(page)
    if page.circle is not None and not page.circle["open"]:
        body.update(circle=page.circle, notice=CIRCLE_CLOSED)
    return body, headers


@blp.route("/nearby")
@blp.arguments(feeds_schemas.NearbyArgs, location="query")
@blp.response(200, feeds_schemas.PostPage)
@blp.alt_response(400, description="Malformed cursor")
@blp.doc(security=SECURITY)
def nearby(args):
    """Posts located within radius_km (at most 50) of a point, labelled `nearby`."""
    return _answer(feeds.nearby(ctx=services(), viewer_id=viewer().id, **args))


@blp.route("/collections/<slug>/posts")
@blp.arguments(feeds_schemas.FeedArgs, location="query")
@blp.response(200, feeds_schemas.PostPage)
@blp.alt_response(404, description="No such collection")
@blp.doc(security=SECURITY)
def collection_posts(args, slug):
    """A collection's posts, with the same sort, paging and labels as the feed."""
    return _answer(feeds.collection_posts(ctx=services(), viewer_id=viewer().id, slug=slug, **args))


@blp.route("/explore")
@blp.arguments(feeds_schemas.ExploreArgs, location="query")
@blp.response(200, feeds_schemas.PostPage)
@blp.alt_response(400, description="Malformed cursor")
@blp.doc(security=SECURITY)
def explore(args):
    """Posts to the world (audience `world`), with the feed's sorts, cursors and labels.

    With `lat` and `lon`, only those located within `radius_km` (snapped ~5 km cells, as nearby)."""
    return _answer(world.explore(ctx=services(), viewer_id=viewer().id, **args))


@blp.route("/tags/trending")
@blp.arguments(feeds_schemas.TrendingArgs, location="query")
@blp.response(200, feeds_schemas.Trending)
@blp.doc(security=SECURITY)
def trending(args):
    """Tags rising fastest over the last 24 hours among world and collection posts.

    Counts are rounded down to a multiple of 5; a tag used by fewer than 5 accounts is left out."""
    return {"items": world.trending(ctx=services(), **args)}


@blp.route("/tags/<tag>/posts")
@blp.arguments(feeds_schemas.FeedArgs, location="query")
@blp.response(200, feeds_schemas.PostPage)
@blp.alt_response(400, description="Malformed cursor")
@blp.alt_response(404, description="Not a tag")
@blp.doc(security=SECURITY)
def tag_posts(args, tag):
    """Posts with this hashtag or keyword that you may see, with the feed's sorts, cursors and labels."""
    return _answer(world.tag_posts(ctx=services(), viewer_id=viewer().id, tag=tag, **args))
