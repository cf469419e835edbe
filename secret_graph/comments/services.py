"""Comments on visible posts, signed with per-post pseudonyms."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from secret_graph import idempotency, visibility
from secret_graph import text as text_rules
from secret_graph.comments import pseudonyms
from secret_graph.context import Context
from secret_graph.crypto import new_id
from secret_graph.db.cypher import comments, posts
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.moderation import services as moderation
from secret_graph.notifications import services as notifications
from secret_graph.paging import MAX_PAGE, Cursors, Position
from secret_graph.render import shown_time

MAX_COMMENT = 500


def create(
    *,
    ctx: Context,
    viewer_id: str,
    post_id: str,
    text: str,
    idempotency_key: str | None = None,
    confirm: bool = False,
) -> dict[str, Any]:
    """Comment on a visible post, once screened (a held comment is seen by its writer only)."""
    text = text_rules.clean_text(text, limit=MAX_COMMENT)
    screened = moderation.screen(ctx=ctx, text=text, confirm=confirm)
    now = ctx.clock.now_ms()
    key = ctx.keyring.subkey("pseudonym")

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
        moderation.check_writer(tx, ctx=ctx, account_id=viewer_id, kind="comment", now=now)
        comments.lock_post(tx, post_id=post_id)
        thread = comments.avatars_in_thread(tx, post_id=post_id, viewer_id=viewer_id)
        mine = next((row for row in thread if row["mine"]), None)
        if mine is not None:
            name, color = mine["name"], mine["color"]
        else:
            taken = {row["name"] for row in thread}
            name, color = pseudonyms.choose(key, post_id=post_id, account_id=viewer_id, taken=taken)
        comment_id = new_id()
        comments.create(
            tx,
            viewer_id=viewer_id,
            post_id=post_id,
            id=comment_id,
            text=text,
            now=now,
            avatar_name=name,
            avatar_color=color,
            status=screened.status,
            screen_reasons=screened.reasons,
        )
        posts.rerank(tx, post_ids=[post_id], heart=None)  # the post's `popular` rank counts comments
        return _comment_object(comments.get.single(tx, post_id=post_id, comment_id=comment_id, viewer_id=viewer_id))

    comment = idempotency.execute(
        ctx=ctx,
        account_id=viewer_id,
        operation=f"comments.create:{post_id}",
        key=idempotency_key,
        work=work,
        request={"text": text, "confirm": confirm},
    )
    notifications.commented(ctx=ctx, comment_id=comment["id"])
    return comment


def list_(
    *, ctx: Context, viewer_id: str, post_id: str, limit: int = 20, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Comments of a visible post, oldest first, paged."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit is 1 to {MAX_PAGE}", field="limit")
    cursors = Cursors(ctx.keyring)
    scope = f"comments:{post_id}"
    position = cursors.open(cursor, scope=scope, sort="oldest") if cursor else None
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction):
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
        rows = comments.list(
            tx,
            post_id=post_id,
            viewer_id=viewer_id,
            after_time=int(position.after_key) if position else None,
            after_id=position.after_id if position else None,
            limit=limit,
        )
        shown = visibility.visible_comments(tx, ctx=ctx, viewer_id=viewer_id, comment_ids=[row["id"] for row in rows])
        return rows, shown

    rows, shown = ctx.db.read(work)
    next_cursor = None
    if len(rows) == limit:
        # The cursor follows the candidates, so a page thinned by visibility never skips a comment.
        last = rows[-1]
        next_cursor = cursors.seal(Position(scope, "oldest", 0, float(last["created_at"]), last["id"]))
    kept = [row for row in rows if row["id"] in shown and not shown[row["id"]]["muted"]]
    return [_comment_object(row) for row in kept], next_cursor


def flag(*, ctx: Context, viewer_id: str, post_id: str, comment_id: str, reason: str) -> None:
    """Flag a comment once per account; enough flaggers (never its writer) hide it pending review.

    Like a post's flag: a comment already hidden pending review takes flags from whoever could read it."""
    if reason not in moderation.FLAG_REASONS:
        raise InvalidInput(f"reason is one of {', '.join(moderation.FLAG_REASONS)}", field="reason")
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> None:
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now, include_pending=True)
        shown = visibility.visible_comments(
            tx, ctx=ctx, viewer_id=viewer_id, comment_ids=[comment_id], include_pending=True
        ).get(comment_id)
        if shown is None or comments.post_of.single(tx, comment_id=comment_id)["post_id"] != post_id:
            raise NotFound("no such comment")
        if shown["is_own"]:
            return  # accepted, and nothing recorded, as for posts
        comments.flag(
            tx,
            viewer_id=viewer_id,
            comment_id=comment_id,
            reason=reason,
            now=now,
            threshold=ctx.settings.flag_threshold,
        )

    ctx.db.write(work)


def delete(*, ctx: Context, viewer_id: str, post_id: str, comment_id: str) -> None:
    """Delete one's own comment, or any under one's own post; anything else is NotFound."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> None:
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
        if not comments.delete(tx, viewer_id=viewer_id, post_id=post_id, comment_id=comment_id):
            raise NotFound("no such comment")
        posts.rerank(tx, post_ids=[post_id], heart=None)

    ctx.db.write(work)


def _comment_object(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "text": row["text"],
        "created_at": shown_time(row["created_at"], own=row["is_me"]),
        "author": {
            "avatar": {"name": row["avatar_name"], "color": row["avatar_color"]},
            "is_post_author": row["is_post_author"],
            "is_me": row["is_me"],
        },
        # Only its writer learns that a comment is held or pending review.
        "status": row["status"] if row["is_me"] else "visible",
    }


def avatar_for(tx: ManagedTransaction, *, ctx: Context, post_id: str, account_id: str) -> tuple[str, str]:
    """The account's pseudonym on this post: the one it comments under, or the one it would get (for chats)."""
    thread = comments.avatars_in_thread(tx, post_id=post_id, viewer_id=account_id)
    mine = next((row for row in thread if row["mine"]), None)
    if mine is not None:
        return mine["name"], mine["color"]
    key = ctx.keyring.subkey("pseudonym")
    return pseudonyms.choose(key, post_id=post_id, account_id=account_id, taken={row["name"] for row in thread})
