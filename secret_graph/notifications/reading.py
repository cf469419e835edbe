"""What of a stored notification the recipient may be shown, asked again at every read: a
notification never points at a post, comment or chat the recipient cannot see at that moment."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from secret_graph import visibility
from secret_graph.db.cypher import notifications

# Kinds whose count is the post's own public number, read live (never a count of who did it).
LIVE_COUNT = {"hearts": "hearts"}


def shown(tx: ManagedTransaction, *, ctx: Any, account_id: str, rows: list[dict], now: int) -> list[dict[str, Any]]:
    """The rows the recipient may see now, shaped as API items; the others are left out."""
    post_ids = sorted({row["post_id"] for row in rows if row["post_id"]})
    posts = visibility.label_posts(tx, ctx=ctx, viewer_id=account_id, post_ids=post_ids, now=now) if post_ids else {}
    comment_ids = sorted({row["comment_id"] for row in rows if row["comment_id"]})
    comments = {r["id"] for r in notifications.comments_existing(tx, ids=comment_ids)} if comment_ids else set()
    chat_ids = sorted({row["chat_id"] for row in rows if row["chat_id"]})
    chats = {r["id"] for r in notifications.chats_open(tx, account_id=account_id, ids=chat_ids)} if chat_ids else set()
    items = []
    for row in rows:
        post = posts.get(row["post_id"]) if row["post_id"] else None
        if row["post_id"] and post is None:
            continue
        if row["comment_id"] and row["comment_id"] not in comments:
            continue
        if row["chat_id"] and row["chat_id"] not in chats:
            continue
        count = row["count"]
        if row["kind"] in LIVE_COUNT and post is not None:
            count = post[LIVE_COUNT[row["kind"]]]
        elif row["kind"] in ("comment", "reply") and post is not None:
            count = min(count, post["comments"])  # never more than the post's public number
        items.append(
            {
                "id": row["id"],
                "kind": row["kind"],
                "post_id": row["post_id"],
                "comment_id": row["comment_id"],
                "chat_id": row["chat_id"],
                "count": count,
                "at": row["at"],
                "read": row["read"],
            }
        )
    return items
