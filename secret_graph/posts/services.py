"""Posts: create, read, delete, unlink; hearts and flags. Each use case is one transaction."""

from __future__ import annotations

import secrets
from typing import Any

from neo4j import ManagedTransaction

from secret_graph import backgrounds, geo, idempotency, visibility
from secret_graph import text as text_rules
from secret_graph.context import Context
from secret_graph.crypto import new_id
from secret_graph.db.cypher import idempotency as idempotency_cypher
from secret_graph.db.cypher import posts
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.posts import content
from secret_graph.render import post_object

FLAG_REASONS = ("bullying", "harassment", "hate", "self_harm", "personal_info", "sexual", "spam", "other")


def create(
    *,
    ctx: Context,
    account_id: str,
    text: str,
    background: dict | None = None,
    collection: str | None = None,
    location: dict | None = None,
    tags: list[str] | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """Publish an anonymous post; returns the post object as its author sees it."""
    text = text_rules.clean_text(text)
    entries = backgrounds.catalogue(ctx.settings.backgrounds_file)
    chosen = content.background(background, catalogue=entries) or _suggested_background(ctx, text)
    tag_list = content.tags_for(text, tags)
    cell = None
    if location is not None:
        cell = geo.encode(*geo.validate(location.get("lat"), location.get("lon")))
    now = ctx.clock.now_ms()
    jitter_ms = secrets.randbelow(ctx.settings.delivery_jitter_s * 1000 + 1)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        if collection is not None and posts.collection_exists.single(tx, slug=collection) is None:
            raise InvalidInput("no such collection", field="collection")
        post_id = new_id()
        posts.create(
            tx,
            account_id=account_id,
            id=post_id,
            text=text,
            background_color=chosen.color,
            background_image=chosen.image,
            tags=tag_list,
            geohash=cell,
            collection=collection,
            now=now,
            visible_at=now + jitter_ms,
        )
        return post_object(visibility.visible_post(tx, ctx=ctx, viewer_id=account_id, post_id=post_id, now=now))

    request = {"text": text, "background": background, "collection": collection, "location": location, "tags": tags}
    return idempotency.execute(
        ctx=ctx, account_id=account_id, operation="posts.create", key=idempotency_key, work=work, request=request
    )


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
        return posts.unlink_all.single(tx, account_id=account_id)["unlinked"]

    return ctx.db.write(work)


def heart(*, ctx: Context, viewer_id: str, post_id: str, hearted: bool) -> dict[str, Any]:
    """Heart or un-heart a visible post (idempotent); returns the count and the viewer's state."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
        (posts.heart if hearted else posts.unheart)(tx, viewer_id=viewer_id, post_id=post_id, now=now)
        # The rank moves with the hearts, in this transaction (posts.rerank locks, then counts).
        ranked = posts.rerank.single(tx, post_ids=[post_id])
        return {"hearts": ranked["hearts"] if ranked else 0, "hearted": hearted}

    return ctx.db.write(work)


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
    """Backgrounds that fit a text, best first."""
    return backgrounds.suggest(text, extra_file=ctx.settings.backgrounds_file)


def _suggested_background(ctx: Context, text: str) -> content.Background:
    best = suggest_backgrounds(ctx=ctx, text=text)[0]
    return content.Background(color=best.get("color"), image=best.get("image"))
