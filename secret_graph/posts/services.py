"""Posts: create, read, delete, unlink; hearts and flags. Each use case is one transaction."""

from __future__ import annotations

import secrets
from typing import Any

from neo4j import ManagedTransaction

from secret_graph import backgrounds, geo, idempotency, keywords, visibility
from secret_graph import text as text_rules
from secret_graph.context import Context
from secret_graph.crypto import new_id
from secret_graph.db.cypher import idempotency as idempotency_cypher
from secret_graph.db.cypher import posts
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.images import services as images
from secret_graph.moderation import services as moderation
from secret_graph.notifications import services as notifications
from secret_graph.posts import content
from secret_graph.render import post_object

AUDIENCES = ("circle", "world")
# Retired posts purged per transaction: a backlog of any size never makes one huge transaction.
PURGE_BATCH = 1000
FLAG_REASONS = moderation.FLAG_REASONS


def create(
    *,
    ctx: Context,
    account_id: str,
    text: str,
    background: dict | None = None,
    collection: str | None = None,
    location: dict | None = None,
    tags: list[str] | None = None,
    audience: str = "circle",
    image_id: str | None = None,
    idempotency_key: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Publish an anonymous post once screened (or keep it held); returns the post object as its author sees it."""
    text = text_rules.clean_text(text)
    if audience not in AUDIENCES:
        raise InvalidInput("audience is circle or world", field="audience")
    screened = moderation.screen(ctx=ctx, text=text, confirm=confirm)
    chosen = _chosen_background(ctx, background) or _suggested_background(ctx, text)
    tag_list = content.tags_for(text, tags)
    keyword_list = [word for word in keywords.extract(text) if word not in tag_list]
    cell = None
    if location is not None:
        cell = geo.encode(*geo.validate(location.get("lat"), location.get("lon")))
    now = ctx.clock.now_ms()
    jitter_ms = secrets.randbelow(ctx.settings.delivery_jitter_s * 1000 + 1)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        if collection is not None:
            found = posts.collection_exists.single(tx, slug=collection)
            if found is None:
                raise InvalidInput("no such collection", field="collection")
            if (
                found["sponsor"] is not None
                and not posts.is_moderator.single(tx, account_id=account_id)["is_moderator"]
            ):
                # A campaign speaks for its sponsor: only moderators write it (and it is screened as any post).
                raise InvalidInput("only moderators post to a campaign", field="collection")
        moderation.check_writer(tx, ctx=ctx, account_id=account_id, kind="post", now=now)
        post_id = new_id()
        posts.create(
            tx,
            status=screened.status,
            screen_reasons=screened.reasons,
            account_id=account_id,
            id=post_id,
            text=text,
            background_color=chosen.color,
            background_image=chosen.image,
            tags=tag_list,
            keywords=keyword_list,
            names=[*tag_list, *keyword_list],
            audience=audience,
            geohash=cell,
            collection=collection,
            now=now,
            visible_at=now + jitter_ms,
        )
        if image_id is not None:
            images.attach(tx, account_id=account_id, image_id=image_id, post_id=post_id, now=now)
        return post_object(visibility.own_new_post(tx, ctx=ctx, author_id=account_id, post_id=post_id, now=now))

    request = {
        "text": text,
        "background": background,
        "collection": collection,
        "location": location,
        "tags": tags,
        "confirm": confirm,
        "audience": audience,
        "image_id": image_id,
    }
    post = idempotency.execute(
        ctx=ctx, account_id=account_id, operation="posts.create", key=idempotency_key, work=work, request=request
    )
    notifications.post_published(ctx=ctx, post_id=post["id"], delay_ms=jitter_ms)
    return post


def get(*, ctx: Context, viewer_id: str, post_id: str) -> dict[str, Any]:
    """One post, if the viewer may see it (404 otherwise)."""
    now = ctx.clock.now_ms()
    return post_object(
        ctx.db.read(lambda tx: visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now))
    )


def delete(*, ctx: Context, account_id: str, post_id: str) -> None:
    """Delete one's own post with its comments; anyone else gets NotFound."""
    if not ctx.db.write(lambda tx: posts.delete_own(tx, account_id=account_id, post_id=post_id)):
        raise NotFound("no such post")


def unlink(*, ctx: Context, account_id: str) -> int:
    """Detach the account from all its past posts for good; returns how many."""

    def work(tx: ManagedTransaction) -> int:
        idempotency_cypher.delete_for_account(tx, account_id=account_id)
        posts.lock_posts_of_account(tx, account_id=account_id)
        # Its comments under those posts go with them, not with the account: they keep their author
        # mark, which no longer leads to anyone.
        own = [row["id"] for row in posts.comments_of_account(tx, account_id=account_id) if row["own_thread"]]
        visibility.keep_comment_blocks(tx, ctx=ctx, account_id=account_id, comment_ids=own)
        posts.detach_comments(tx, account_id=account_id, rows=[{"id": cid, "remove_at": None} for cid in own])
        visibility.keep_audience(tx, ctx=ctx, account_id=account_id)
        return posts.unlink_all.single(tx, account_id=account_id)["unlinked"]

    return ctx.db.write(work)


def purge_retired(*, ctx: Context) -> int:
    """Delete deleted accounts' posts and comments whose random removal time has passed; returns how
    many posts."""
    # job: run periodically (`secret-graph posts purge`, e.g. hourly); each account deletion also
    # purges what is due in its own transaction, but without deletions nothing else would.
    # Batches (each its own transaction, like images.cleanup): the purge may be resumed at any point.
    now = ctx.clock.now_ms()
    purged = 0
    while True:
        batch = ctx.db.write(lambda tx: posts.purge_retired_batch.single(tx, now=now, limit=PURGE_BATCH)["purged"])
        purged += batch
        if batch < PURGE_BATCH:
            break
    ctx.db.write(lambda tx: posts.delete_orphan_audiences(tx))
    while ctx.db.write(lambda tx: purge_retired_comments(tx, now=now, limit=PURGE_BATCH)) == PURGE_BATCH:
        pass
    return purged


def purge_retired_comments(tx: ManagedTransaction, *, now: int, limit: int) -> int:
    """Inside ``tx``: delete up to ``limit`` deleted accounts' comments whose time has come, and rank
    their posts again; returns how many."""
    row = posts.purge_retired_comments.single(tx, now=now, limit=limit)
    posts.rerank(tx, post_ids=row["post_ids"], heart=None)  # a comment counts in the `popular` rank
    return row["purged"]


def heart(*, ctx: Context, viewer_id: str, post_id: str, hearted: bool) -> dict[str, Any]:
    """Heart or un-heart a visible post (idempotent); returns the count and the viewer's state."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> tuple[dict[str, Any], bool]:
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)  # NotFound if not
        # The heart and the rank it moves, in one statement: posts.rerank locks the post, hearts, counts.
        heart_change = {"viewer_id": viewer_id, "hearted": hearted, "at": now}
        ranked = posts.rerank.single(tx, post_ids=[post_id], heart=heart_change)
        state = {"hearts": ranked["hearts"] if ranked else 0, "hearted": hearted}
        # Judged under the post's lock, not from `post["hearted"]` read before it: a concurrent heart
        # by the same viewer may have committed in between, and it tells the author itself.
        return state, bool(ranked and ranked["new_heart"])

    state, new_heart = ctx.db.write(work)
    if new_heart:  # hearting again is no new heart: the author hears nothing
        notifications.hearted(ctx=ctx, post_id=post_id, hearter_id=viewer_id)
    return state


def flag(*, ctx: Context, viewer_id: str, post_id: str, reason: str) -> None:
    """Flag a post once per account; enough flaggers (its author never counts) hide it pending review.

    A post already hidden pending review takes flags like a visible one from whoever could see it:
    a 404 there would tell the flagger that it was just hidden.
    """
    if reason not in FLAG_REASONS:
        raise InvalidInput(f"reason is one of {', '.join(FLAG_REASONS)}", field="reason")
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> None:
        post = visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now, include_pending=True)
        if post["is_own"]:
            return  # accepted, and nothing recorded: an author must not hide their own post this way
        posts.flag(
            tx,
            viewer_id=viewer_id,
            post_id=post_id,
            reason=reason,
            now=now,
            threshold=ctx.settings.flag_threshold,
        )

    ctx.db.write(work)


def suggest_backgrounds(*, ctx: Context, text: str) -> list[dict]:
    """Backgrounds that fit a text, best first: recent pictures of posts in its keywords (when the
    operator allows it), then the catalogue."""
    found = backgrounds.suggest(text, extra_file=ctx.settings.backgrounds_file)
    if ctx.settings.backgrounds_from_posts:
        words = list(dict.fromkeys([*content.hashtags(text), *keywords.extract(text)]))
        pictures = images.recent_for_tags(ctx=ctx, tags=words, limit=backgrounds.SUGGESTIONS // 2)
        found = [*pictures, *found][: backgrounds.SUGGESTIONS]
    return found


def _chosen_background(ctx: Context, value: dict | None) -> content.Background | None:
    """A catalogue background, or (when the operator allows it) a picture suggest_backgrounds proposed."""
    chosen_id = value.get("id") if isinstance(value, dict) and len(value) == 1 else None
    if ctx.settings.backgrounds_from_posts and isinstance(chosen_id, str) and chosen_id.startswith("image:"):
        url = images.background_url(ctx=ctx, key=chosen_id.removeprefix("image:"))
        if url is None:
            raise InvalidInput("no such picture to use as a background", field="background")
        return content.Background(image=url)
    return content.background(value, catalogue=backgrounds.catalogue(ctx.settings.backgrounds_file))


def _suggested_background(ctx: Context, text: str) -> content.Background:
    best = backgrounds.suggest(text, extra_file=ctx.settings.backgrounds_file)[0]  # the catalogue's, never a post's
    return content.Background(color=best.get("color"), image=best.get("image"))
