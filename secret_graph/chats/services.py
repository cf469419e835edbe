"""Anonymous chats between a post's reader and its author. The opener appears under the pseudonym
they have (or would have) in that post's comments, the author as "the author"; no answer carries
either side's account id."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from secret_graph import text as text_rules
from secret_graph import visibility
from secret_graph.comments import services as comments
from secret_graph.context import Context
from secret_graph.crypto import new_id
from secret_graph.db.cypher import chats
from secret_graph.errors import Conflict, InvalidInput, NotFound
from secret_graph.notifications import services as notifications
from secret_graph.paging import MAX_PAGE, Cursors, Position
from secret_graph.render import shown_time

MAX_MESSAGE = 500
MESSAGES_BEFORE_ACCEPT = 1
FLAG_REASONS = ("bullying", "harassment", "hate", "self_harm", "personal_info", "sexual", "spam", "other")
THE_AUTHOR = {"name": "the author", "color": None}
CLOSED = ("declined", "ended", "blocked")


def open_(*, ctx: Context, viewer_id: str, post_id: str) -> dict[str, Any]:
    """Ask a visible post's author for a chat (one per viewer and post: asking again gives the same chat)."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> tuple[dict, bool]:
        post = visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
        if post["is_own"]:
            raise InvalidInput("this is your own post", field="post_id")
        name, color = comments.avatar_for(tx, ctx=ctx, post_id=post_id, account_id=viewer_id)
        row = chats.open.single(
            tx,
            viewer_id=viewer_id,
            post_id=post_id,
            key=f"{viewer_id}|{post_id}",
            id=new_id(),
            now=now,
            name=name,
            color=color,
        )
        return _get(tx, ctx, viewer_id, row["id"], now), row["created"]

    chat, created = ctx.db.write(work)
    if created:
        notifications.chat_event(ctx=ctx, chat_id=chat["id"], to_role="author", kind="chat_request")
    return chat


def list_(
    *, ctx: Context, viewer_id: str, limit: int = 20, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """The viewer's chats, latest activity first; requests to the viewer have status `requested`."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit is 1 to {MAX_PAGE}", field="limit")
    cursors = Cursors(ctx.keyring)
    position = cursors.open(cursor, scope="chats", sort="recent") if cursor else None
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction):
        rows = chats.list(
            tx,
            viewer_id=viewer_id,
            after_at=int(position.after_key) if position else None,
            after_id=position.after_id if position else None,
            limit=limit,
        )
        return rows, _visible_posts(tx, ctx, viewer_id, rows, now)

    rows, visible = ctx.db.read(work)
    next_cursor = None
    if len(rows) == limit:
        next_cursor = cursors.seal(Position("chats", "recent", 0, float(rows[-1]["last_at"]), rows[-1]["id"]))
    return [_chat_object(row, visible) for row in rows], next_cursor


def answer(*, ctx: Context, viewer_id: str, chat_id: str, accept: bool) -> dict[str, Any]:
    """The author accepts or declines a request; anyone else, or a chat not requested, is NotFound/Conflict."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> dict:
        chat = _get(tx, ctx, viewer_id, chat_id, now)
        if chat["role"] != "author":
            raise NotFound("no such chat request")
        if chat["status"] != "requested":
            raise Conflict("this chat is not awaiting an answer")
        status = "accepted" if accept else "declined"
        chats.set_status(tx, viewer_id=viewer_id, chat_id=chat_id, from_status="requested", to=status, now=now)
        return _get(tx, ctx, viewer_id, chat_id, now)

    return ctx.db.write(work)


def send(*, ctx: Context, viewer_id: str, chat_id: str, text: str) -> dict[str, Any]:
    """Send a message: any time in an accepted chat; the opener, one before the author accepts."""
    text = text_rules.clean_text(text, limit=MAX_MESSAGE)
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> tuple[dict, str]:
        chat = _get(tx, ctx, viewer_id, chat_id, now)
        if chat["status"] in CLOSED:
            raise Conflict("this chat has ended")
        by_opener = chat["role"] == "opener"
        if chat["status"] == "requested" and not (by_opener and chat["_opener_sent"] < MESSAGES_BEFORE_ACCEPT):
            raise Conflict("wait until the author accepts the chat")
        message_id = new_id()
        chats.send(tx, viewer_id=viewer_id, chat_id=chat_id, by_opener=by_opener, id=message_id, text=text, now=now)
        message = {"id": message_id, "text": text, "created_at": now, "mine": True}
        return _message_object(message, chat), "author" if by_opener else "opener"

    message, to_role = ctx.db.write(work)
    notifications.chat_event(ctx=ctx, chat_id=chat_id, to_role=to_role, kind="chat_message")
    return message


def messages(
    *, ctx: Context, viewer_id: str, chat_id: str, limit: int = 20, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """A chat's messages, newest first."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit is 1 to {MAX_PAGE}", field="limit")
    cursors = Cursors(ctx.keyring)
    scope = f"chat:{chat_id}"
    position = cursors.open(cursor, scope=scope, sort="newest") if cursor else None
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction):
        chat = _get(tx, ctx, viewer_id, chat_id, now)
        rows = chats.messages(
            tx,
            viewer_id=viewer_id,
            chat_id=chat_id,
            after_at=int(position.after_key) if position else None,
            after_id=position.after_id if position else None,
            limit=limit,
        )
        return chat, rows

    chat, rows = ctx.db.read(work)
    next_cursor = None
    if len(rows) == limit:
        next_cursor = cursors.seal(Position(scope, "newest", 0, float(rows[-1]["created_at"]), rows[-1]["id"]))
    return [_message_object(row, chat) for row in rows], next_cursor


def leave(*, ctx: Context, viewer_id: str, chat_id: str) -> None:
    """Leave a chat: it ends for both, and the leaver no longer sees it."""
    now = ctx.clock.now_ms()
    if not ctx.db.write(lambda tx: chats.leave(tx, viewer_id=viewer_id, chat_id=chat_id, now=now)):
        raise NotFound("no such chat")


def block(*, ctx: Context, viewer_id: str, chat_id: str) -> None:
    """Block the other side: the chat ends for good, and they can never open another with you."""
    now = ctx.clock.now_ms()
    if not ctx.db.write(lambda tx: chats.block(tx, viewer_id=viewer_id, chat_id=chat_id, now=now)):
        raise NotFound("no such chat")


def flag(*, ctx: Context, viewer_id: str, chat_id: str, message_id: str, reason: str) -> None:
    """Flag a message the other side sent: moderators see flagged messages, and only those."""
    if reason not in FLAG_REASONS:
        raise InvalidInput(f"reason is one of {', '.join(FLAG_REASONS)}", field="reason")
    now = ctx.clock.now_ms()
    done = ctx.db.write(
        lambda tx: chats.flag(tx, viewer_id=viewer_id, chat_id=chat_id, message_id=message_id, reason=reason, now=now)
    )
    if not done:
        raise NotFound("no such message from the other side")


def flagged(*, ctx: Context, limit: int = 50) -> list[dict[str, Any]]:
    """For moderators: flagged chat messages (text, reason, chat), newest flag first; never the sender."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit is 1 to {MAX_PAGE}", field="limit")
    rows = ctx.db.read(lambda tx: chats.flagged(tx, limit=limit))
    return [{**row, "flagged_at": shown_time(row["flagged_at"], own=False)} for row in rows]


def _get(tx: ManagedTransaction, ctx: Context, viewer_id: str, chat_id: str, now: int) -> dict[str, Any]:
    row = chats.get.single(tx, viewer_id=viewer_id, chat_id=chat_id)
    if row is None:
        raise NotFound("no such chat")
    return _chat_object(row, _visible_posts(tx, ctx, viewer_id, [row], now))


def _visible_posts(tx: ManagedTransaction, ctx: Context, viewer_id: str, rows: list[dict], now: int) -> set[str]:
    """A chat names its post only while the viewer may see it."""
    ids = sorted({row["post_id"] for row in rows})
    return set(visibility.label_posts(tx, ctx=ctx, viewer_id=viewer_id, post_ids=ids, now=now)) if ids else set()


def _chat_object(row: dict[str, Any], visible: set[str]) -> dict[str, Any]:
    opener = {"name": row["opener_name"], "color": row["opener_color"]}
    is_opener = row["role"] == "opener"
    status = row["status"]
    if row["blocked"] or status == "blocked":
        status = "ended"  # the blocked side is not told it was blocked
    return {
        "id": row["id"],
        "post_id": row["post_id"] if row["post_id"] in visible else None,
        "status": status,
        "role": row["role"],
        "me": opener if is_opener else THE_AUTHOR,
        "other": THE_AUTHOR if is_opener else opener,
        "created_at": shown_time(row["created_at"], own=False),
        "last_activity_at": shown_time(row["last_at"], own=False),
        "_opener_sent": row["opener_sent"],
    }


def _message_object(row: dict[str, Any], chat: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "text": row["text"],
        "created_at": shown_time(row["created_at"], own=row["mine"]),
        "is_me": row["mine"],
        "sender": chat["me"] if row["mine"] else chat["other"],
    }
