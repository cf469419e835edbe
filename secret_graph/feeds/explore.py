"""Whisper's surfaces: explore (posts to the world), tag pages and trending tags.

Paged like the feed (feeds/services.py `_page`): the same cursors, sorts and labels; candidates
come from cypher/queries/explore.cypher and visibility judges every one.
"""

from __future__ import annotations

import re
from typing import Any

from secret_graph import geo, visibility
from secret_graph.context import Context
from secret_graph.db.cypher import explore as explore_cypher
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.feeds.services import Page, _page, _position

DAY_MS = 24 * 3600 * 1000
TRENDING_MIN_AUTHORS = 5  # a tag fewer accounts used could point at a person
TRENDING_STEP = 5  # counts are rounded down to a multiple of this
TRENDING_LIMIT = 20
_TAG = re.compile(r"^\w{1,32}$")


def explore(
    *,
    ctx: Context,
    viewer_id: str,
    sort: str = "recent",
    limit: int = 20,
    cursor: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    radius_km: float = 10,
) -> Page:
    """Posts to the world, newest or most popular first; with lat/lon, those located within radius_km."""
    if (lat is None) != (lon is None):
        raise InvalidInput("give both lat and lon, or neither", field="lat" if lat is None else "lon")
    if lat is None:
        return _page(
            ctx,
            viewer_id=viewer_id,
            scope="explore",
            candidates=explore_cypher.explore_recent if sort == "recent" else explore_cypher.explore_popular,
            params={},
            keep=visibility.listed,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
    lat, lon = geo.validate(lat, lon)
    if not 0 <= radius_km <= geo.MAX_RADIUS_KM:
        raise InvalidInput(f"radius_km is 0 to {geo.MAX_RADIUS_KM:g}", field="radius_km")
    _position(ctx, scope="explore:area", sort=sort, limit=limit, cursor=cursor)  # bad paging before any work
    found = geo.area(lat, lon, radius_km)
    return _page(
        ctx,
        viewer_id=viewer_id,
        scope="explore:area",
        candidates=explore_cypher.explore_area,
        params={"prefixes": found.prefixes, "ranges": found.ranges(), "parts": geo.PARTS},
        keep=visibility.listed,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )


def tag_posts(
    *, ctx: Context, viewer_id: str, tag: str, sort: str = "recent", limit: int = 20, cursor: str | None = None
) -> Page:
    """Posts with this hashtag or keyword that the viewer may see, with their labels."""
    name = _tag(tag)
    return _page(
        ctx,
        viewer_id=viewer_id,
        scope=f"tag:{name}",
        candidates=explore_cypher.tag_candidates,
        params={"tag": name},
        keep=visibility.listed,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )


def trending(
    *, ctx: Context, lat: float | None = None, lon: float | None = None, radius_km: float = 50
) -> list[dict[str, Any]]:
    """Tags rising fastest over the last 24 hours among world and collection posts.

    Counts are rounded down to a multiple of 5, and a tag fewer than 5 distinct accounts used is
    left out: a trend must not point at a person."""
    if (lat is None) != (lon is None):
        raise InvalidInput("give both lat and lon, or neither", field="lat" if lat is None else "lon")
    prefixes = None
    if lat is not None:
        lat, lon = geo.validate(lat, lon)
        if not 0 <= radius_km <= geo.MAX_RADIUS_KM:
            raise InvalidInput(f"radius_km is 0 to {geo.MAX_RADIUS_KM:g}", field="radius_km")
        prefixes = geo.area(lat, lon, radius_km).prefixes
    now = ctx.clock.now_ms()
    rows = ctx.db.read(
        lambda tx: explore_cypher.trending(
            tx,
            now=now,
            day_ms=DAY_MS,
            prefixes=prefixes,
            min_authors=TRENDING_MIN_AUTHORS,
            limit=TRENDING_LIMIT,
        )
    )
    return [{"tag": row["tag"], "posts": row["recent"] - row["recent"] % TRENDING_STEP} for row in rows]


def _tag(tag: str) -> str:
    name = tag.lstrip("#").lower()
    if not _TAG.match(name):
        raise NotFound("no such tag: a tag is 1 to 32 letters, digits or underscores")
    return name
