"""Feeds: the home feed, a collection's posts and nearby posts, all paged the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from secret_graph import geo, visibility
from secret_graph.context import Context
from secret_graph.db.cypher import Statement, feeds, posts
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.paging import MAX_PAGE, Cursors, Position
from secret_graph.render import post_object

WALK_BUDGET = 5_000  # index entries a walk reads per batch before the gather takes over
# Reads a walk spends testing one out-of-reach author through the author's friends (measured at 100,000
# accounts: about 12); sets when the walk lists the friends' friends instead (feeds.cypher).
REACH_LIST_FACTOR = 12
BATCH_SPARE = 12  # candidates asked for beyond the limit: 5 needed a second batch on 36% of pages, 12 on 7%
SORTS = ("recent", "popular")


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
    circle: dict[str, Any] | None = None  # the viewer's circle state (visibility.circle_state)


def feed(*, ctx: Context, viewer_id: str, sort: str = "recent", limit: int = 20, cursor: str | None = None) -> Page:
    """The viewer's feed: own, friend, friend-of-friend, hearted-by-friend and subscribed posts."""
    return _page(
        ctx,
        viewer_id=viewer_id,
        scope="feed",
        candidates=feeds.feed_recent_walk if sort == "recent" else feeds.feed_popular_walk,
        fallback=feeds.feed_gather,
        params={"scan_budget": WALK_BUDGET, "list_factor": REACH_LIST_FACTOR},
        keep=visibility.in_feed,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )


def collection_posts(
    *, ctx: Context, viewer_id: str, slug: str, sort: str = "recent", limit: int = 20, cursor: str | None = None
) -> Page:
    """Posts of one collection, with the same sort, paging and labels as the feed."""
    if not ctx.db.read(lambda tx: posts.collection_exists(tx, slug=slug)):
        raise NotFound("no such collection")
    return _page(
        ctx,
        viewer_id=viewer_id,
        scope=f"collection:{slug}",
        candidates=feeds.collection_candidates,
        params={"slug": slug},
        keep=visibility.listed,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )


def nearby(
    *,
    ctx: Context,
    viewer_id: str,
    lat: float,
    lon: float,
    radius_km: float = 10,
    sort: str = "recent",
    limit: int = 20,
    cursor: str | None = None,
) -> Page:
    """Located posts whose cell lies within the radius, labelled `nearby`; radius 0 is the point's own cell."""
    lat, lon = geo.validate(lat, lon)
    if not 0 <= radius_km <= geo.MAX_RADIUS_KM:
        raise InvalidInput(f"radius_km is 0 to {geo.MAX_RADIUS_KM:g}", field="radius_km")
    _position(ctx, scope="nearby", sort=sort, limit=limit, cursor=cursor)  # refuse bad paging before any work
    found = geo.area(lat, lon, radius_km)
    return _page(
        ctx,
        viewer_id=viewer_id,
        scope="nearby",
        candidates=feeds.nearby_candidates,
        params={"prefixes": found.prefixes, "ranges": found.ranges(), "parts": geo.PARTS},
        keep=visibility.listed,
        sort=sort,
        limit=limit,
        cursor=cursor,
        label="nearby",
    )


def _position(ctx: Context, *, scope: str, sort: str, limit: int, cursor: str | None) -> Position:
    """The page's starting position; InvalidInput or BadRequest for a bad sort, limit or cursor."""
    if sort not in SORTS:
        raise InvalidInput("sort is recent or popular", field="sort")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit is 1 to {MAX_PAGE}", field="limit")
    if cursor:
        return Cursors(ctx.keyring).open(cursor, scope=scope, sort=sort)
    return Position(scope, sort, ctx.clock.now_ms(), None, None)


def _page(
    ctx: Context,
    *,
    viewer_id: str,
    scope: str,
    candidates: Statement,
    params: dict[str, Any],
    keep: Callable[[dict[str, Any]], bool],
    sort: str,
    limit: int,
    cursor: str | None,
    label: str | None = None,
    fallback: Statement | None = None,
) -> Page:
    """Walk candidates in page order, keep what visibility allows, stop at ``limit``.

    The cursor holds the last returned item's sort key and id, sealed: `created_at` for `recent`,
    the stored rank for `popular` (which the clock does not change, so no time is pinned). A
    ``fallback`` statement completes a batch that ``candidates`` returned short, starting after its
    last row (see feeds.cypher).
    """
    cursors = Cursors(ctx.keyring)
    now = ctx.clock.now_ms()
    position = _position(ctx, scope=scope, sort=sort, limit=limit, cursor=cursor)
    until, since = now, 0
    batch = limit + BATCH_SPARE  # candidates are mostly visible: spares save a second batch

    def work(tx: ManagedTransaction) -> Page:
        circle = visibility.circle_state(tx, ctx=ctx, viewer_id=viewer_id, now=now)
        is_open = circle["open"]
        items: list[dict[str, Any]] = []
        after_key, after_id = position.after_key, position.after_id
        last: tuple[float, str] | None = None
        while len(items) < limit:
            query = dict(viewer_id=viewer_id, circle_open=is_open, sort=sort, since=since, until=until, **params)
            query["viewer_key"] = visibility.audience_key(ctx, viewer_id)  # unlinked posts' audience
            rows = candidates(tx, **query, after_key=after_key, after_id=after_id, batch=batch)
            if fallback and len(rows) < batch:
                key, last_id = (rows[-1]["sort_key"], rows[-1]["id"]) if rows else (after_key, after_id)
                rows += fallback(tx, **query, after_key=key, after_id=last_id, batch=batch - len(rows))
            visible = visibility.label_posts(
                tx, ctx=ctx, viewer_id=viewer_id, post_ids=[r["id"] for r in rows], now=now, is_open=is_open
            )
            for row in rows:
                after_key, after_id = row["sort_key"], row["id"]
                post = visible.get(row["id"])
                if post is not None and keep(post):
                    items.append(post_object(post, label=label))
                    last = (row["sort_key"], row["id"])
                    if len(items) == limit:
                        break
            if len(rows) < batch:
                break
        next_cursor = None
        if len(items) == limit and last is not None:
            next_cursor = cursors.seal(Position(scope, sort, until, last[0], last[1]))
        return Page(items=items, next_cursor=next_cursor, circle=circle)

    return ctx.db.read(work)
