"""Images: upload (checked and re-encoded by pipeline.py), attach to a post, serve, clean up, block."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from neo4j import ManagedTransaction

from secret_graph.adapters.media import CONTENT_TYPES, valid_key
from secret_graph.context import Context
from secret_graph.crypto import new_id
from secret_graph.db.cypher import images
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.images import pipeline

log = logging.getLogger(__name__)

ATTACH_WINDOW_MS = 24 * 3600 * 1000
# Hamming distance (of 64 bits) under which two perceptual hashes are the same picture: re-encoding,
# resizing and mild edits stay within it; different photos are typically 20 or more apart.
BLOCK_DISTANCE = 8
CLEANUP_BATCH = 500


def upload(*, ctx: Context, account_id: str, data: bytes, filename: str | None = None) -> dict[str, Any]:
    """Check, re-encode and store an image; it waits unattached for one post of the uploader's."""
    processed = pipeline.process(data, filename=filename)
    now = ctx.clock.now_ms()
    image_id = new_id()
    key = f"{secrets.token_urlsafe(18)}.{processed.extension}"  # the public name: not the id that attaches it

    def work(tx: ManagedTransaction) -> None:
        images.create(
            tx,
            account_id=account_id,
            id=image_id,
            key=key,
            width=processed.width,
            height=processed.height,
            blurhash=processed.blurhash,
            phash=processed.phash,
            now=now,
        )

    ctx.db.read(lambda tx: _refuse_blocked(tx, processed.phash))  # before storing anything
    ctx.media.put(key, processed.data, processed.content_type)
    try:
        ctx.db.write(work)
    except BaseException:
        ctx.media.delete(key)
        raise
    return {
        "id": image_id,
        "url": ctx.media.url(key),
        "width": processed.width,
        "height": processed.height,
        "blurhash": processed.blurhash,
    }


def attach(tx: ManagedTransaction, *, account_id: str, image_id: str, post_id: str, now: int) -> None:
    """Attach an upload to a new post, inside the post's transaction (posts.create calls it)."""
    row = images.attach.single(
        tx, account_id=account_id, image_id=image_id, post_id=post_id, since=now - ATTACH_WINDOW_MS
    )
    if row is None:
        # One answer for someone else's image, a used one, an expired one and none at all.
        raise InvalidInput("no such image of yours, unused and uploaded within 24 hours", field="image_id")
    _refuse_blocked(tx, row["phash"], field="image_id")  # blocked since it was uploaded


def block_post_image(tx: ManagedTransaction, *, post_id: str, now: int) -> None:
    """A removed post's image joins the blocklist (moderation calls it in the decision's transaction)."""
    images.block_post_image(tx, post_id=post_id, now=now)


def media(*, ctx: Context, key: str) -> tuple[bytes, str]:
    """A stored file and its content type; NotFound for anything else."""
    data = ctx.media.get(key) if valid_key(key) else None
    if data is None:
        raise NotFound("no such image")
    return data, CONTENT_TYPES[key.rpartition(".")[2]]


def cleanup(*, ctx: Context) -> int:
    """Delete uploads never attached within 24 hours (and images of deleted posts); returns how many."""
    before = ctx.clock.now_ms() - ATTACH_WINDOW_MS
    removed = 0
    while True:
        rows = ctx.db.read(lambda tx: images.expired(tx, before=before, limit=CLEANUP_BATCH))
        if not rows:
            return removed
        for row in rows:
            ctx.media.delete(row["key"])  # the file first: a node without a file is retried, never leaked
        ctx.db.write(lambda tx, rows=rows: images.delete(tx, ids=[row["id"] for row in rows]))
        removed += len(rows)


def recent_for_tags(*, ctx: Context, tags: list[str], limit: int) -> list[dict[str, Any]]:
    """Recent images of world posts sharing one of the tags (backgrounds proposed from posts)."""
    if not tags:
        return []
    now = ctx.clock.now_ms()
    rows = ctx.db.read(
        lambda tx: images.recent_for_tags(tx, tags=tags, since=now - 7 * ATTACH_WINDOW_MS, now=now, limit=limit)
    )
    return [{"id": f"image:{row['key']}", "image": ctx.media.url(row["key"]), "keywords": row["tags"]} for row in rows]


def background_url(*, ctx: Context, key: str) -> str | None:
    """The URL of a picture of a visible world post, to reuse as a background; None otherwise."""
    if not valid_key(key):
        return None
    now = ctx.clock.now_ms()
    row = ctx.db.read(lambda tx: images.shown_in_world.single(tx, key=key, now=now))
    return ctx.media.url(key) if row else None


def _refuse_blocked(tx: ManagedTransaction, phash: str, *, field: str = "file") -> None:
    for row in images.blocklist(tx):
        if pipeline.distance(row["phash"], phash) <= BLOCK_DISTANCE:
            raise InvalidInput("this picture was removed from the service and cannot be posted again", field=field)
