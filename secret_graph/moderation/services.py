"""Moderation: the flag queue and decisions. Moderators never see who wrote a post."""

from __future__ import annotations

from typing import Any

from secret_graph.context import Context
from secret_graph.crypto import new_id
from secret_graph.db.cypher import moderation
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.images import services as images
from secret_graph.render import shown_time

ACTIONS = ("remove", "restore")
MAX_QUEUE = 100


def queue(*, ctx: Context, limit: int = 50) -> list[dict[str, Any]]:
    """Flagged posts awaiting review, most flagged first, with reasons."""
    if not 1 <= limit <= MAX_QUEUE:
        raise InvalidInput(f"limit is 1 to {MAX_QUEUE}", field="limit")
    rows = ctx.db.read(lambda tx: moderation.queue(tx, limit=limit))
    return [
        {
            "post": {
                "id": row["id"],
                "text": row["text"],
                "tags": list(row["tags"] or []),
                "collection": row["collection"],
                "status": row["status"],
                "created_at": shown_time(row["created_at"], own=False),
            },
            "flags": row["flags"],
            "reasons": {entry["reason"]: entry["count"] for entry in row["reasons"]},
        }
        for row in rows
    ]


def decide(*, ctx: Context, moderator_id: str, post_id: str, action: str) -> dict[str, Any]:
    """Remove or restore a post; the decision is kept as an audit record."""
    if action not in ACTIONS:
        raise InvalidInput("action is remove or restore", field="action")
    now = ctx.clock.now_ms()

    def work(tx) -> list[dict[str, Any]]:
        rows = moderation.decide(
            tx, post_id=post_id, action=action, now=now, decision_id=new_id(), moderator_id=moderator_id
        )
        if rows and action == "remove":
            images.block_post_image(tx, post_id=post_id, now=now)  # the picture cannot come back
        return rows

    rows = ctx.db.write(work)
    if not rows:
        raise NotFound("no such post")
    return {"id": rows[0]["decision_id"], "post_id": post_id, "action": action, "status": rows[0]["status"]}
