"""The notification jobs: who hears of an event, and the push that follows. They run on the job
queue (secret_graph/jobs.py), after the write that caused them, never inside it."""

from __future__ import annotations

import base64
import logging
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from neo4j import ManagedTransaction

from secret_graph import jobs, visibility
from secret_graph.crypto import new_id
from secret_graph.db.cypher import notifications
from secret_graph.notifications import reading
from secret_graph.render import shown_time

log = logging.getLogger(__name__)
DAY_MS = 86_400_000
MINUTE_MS = 60_000
MAX_POST_RECIPIENTS = 1000  # friends first, then friends of friends; the rest hear nothing of this post
BATCH = 50  # recipients per job (and transaction) of a fan-out
SOCIAL = {"friend": "friend_posted", "friend_of_friend": "friend_of_friend_posted"}


def token_box(ctx: Any) -> Fernet:
    """Push tokens are kept encrypted: the sender needs them back, a stolen database must not."""
    return Fernet(base64.urlsafe_b64encode(ctx.keyring.subkey("push-token")))


def _upsert(tx: ManagedTransaction, *, recipient_id: str, key: str, kind: str, now: int, **fields: Any) -> str | None:
    """Create or raise one notification; its id when a push should follow."""
    row = notifications.upsert.single(
        tx,
        recipient_id=recipient_id,
        key=f"{recipient_id}|{key}",
        id=new_id(),
        kind=kind,
        now=now,
        increment=fields.get("increment", 1),
        event_at=fields.get("event_at", now),
        at=fields.get("at", now - now % MINUTE_MS),
        visible_at=fields.get("visible_at", now),
        post_id=fields.get("post_id"),
        comment_id=fields.get("comment_id"),
        chat_id=fields.get("chat_id"),
    )
    return row["id"] if row and row["fresh"] else None


def _push_all(ctx: Any, ids: list[str | None], *, delay_ms: int = 0) -> None:
    for notification_id in filter(None, ids):
        jobs.enqueue(ctx=ctx, job="notifications.push", delay_ms=delay_ms, notification_id=notification_id)


@jobs.handler("notifications.hearted")
def hearted(ctx: Any, *, post_id: str, hearter_id: str) -> None:
    """The post's author learns that it has hearts (the count shown is the post's public one)."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> list[str | None]:
        row = notifications.heart_target.single(tx, post_id=post_id, hearter_id=hearter_id)
        if row is None:
            return []
        at = row["hearted_at"]
        return [
            _upsert(
                tx,
                recipient_id=row["recipient_id"],
                key=f"hearts|{post_id}",
                kind="hearts",
                now=now,
                post_id=post_id,
                event_at=at,
                at=at - at % MINUTE_MS,
            )
        ]

    _push_all(ctx, ctx.db.write(work))


@jobs.handler("notifications.commented")
def commented(ctx: Any, *, comment_id: str) -> None:
    """The post's author (`comment`) and the thread's other commenters (`reply`)."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> list[str | None]:
        fresh = []
        for row in notifications.comment_targets(tx, comment_id=comment_id):
            fresh.append(
                _upsert(
                    tx,
                    recipient_id=row["recipient_id"],
                    key=f"comments|{row['post_id']}",
                    kind=row["kind"],
                    now=now,
                    post_id=row["post_id"],
                    comment_id=comment_id,
                    event_at=row["comment_at"],
                )
            )
        return fresh

    _push_all(ctx, ctx.db.write(work))


@jobs.handler("notifications.post_published")
def post_published(ctx: Any, *, post_id: str) -> None:
    """ "A friend (of a friend) posted", from the post's visible_at on, to those who may see it then."""
    now = ctx.clock.now_ms()
    due = ctx.db.read(lambda tx: notifications.post_due.single(tx, post_id=post_id))
    if due is None:
        return  # deleted meanwhile
    if due["visible_at"] > now:  # early (a clock or a broker that does not delay): try again when due
        jobs.enqueue(ctx=ctx, job="notifications.post_published", delay_ms=due["visible_at"] - now, post_id=post_id)
        return
    settings = ctx.settings
    candidates = ctx.db.read(
        lambda tx: [
            row["recipient_id"]
            for row in notifications.post_candidates(
                tx,
                post_id=post_id,
                since=now - DAY_MS,
                per_day=settings.friend_post_notices_per_day,
                max=MAX_POST_RECIPIENTS,
            )
        ]
    )

    # Each batch is a job of its own: batches run in parallel (threads, or several workers on
    # Redis), and a failing one is retried alone.
    for start in range(0, len(candidates), BATCH):
        jobs.enqueue(
            ctx=ctx, job="notifications.post_batch", post_id=post_id, recipient_ids=candidates[start : start + BATCH]
        )


@jobs.handler("notifications.post_batch")
def post_batch(ctx: Any, *, post_id: str, recipient_ids: list[str]) -> None:
    """One batch of a post's fan-out: a notice to each recipient who may see the post now."""
    now = ctx.clock.now_ms()
    per_day = ctx.settings.friend_post_notices_per_day

    def work(tx: ManagedTransaction) -> list[str | None]:
        fresh = []
        for recipient_id in recipient_ids:
            # Visibility alone decides, at this moment; its label says which kind of notice it is.
            row = visibility.label_posts(tx, ctx=ctx, viewer_id=recipient_id, post_ids=[post_id], now=now).get(post_id)
            if row is None or row["label"] not in SOCIAL:
                continue
            used = notifications.friend_notices_used.single(
                tx, recipient_id=recipient_id, since=now - DAY_MS, post_id=post_id
            )["used"]
            if used >= per_day:
                continue
            fresh.append(
                _upsert(
                    tx,
                    recipient_id=recipient_id,
                    key=f"posted|{post_id}",
                    kind=SOCIAL[row["label"]],
                    now=now,
                    post_id=post_id,
                    at=shown_time(row["created_at"], own=False),  # as coarse as the post's own time
                )
            )
        return fresh

    _push_all(ctx, ctx.db.write(work))


@jobs.handler("notifications.account_joined")
def account_joined(ctx: Any, *, account_id: str) -> None:
    """ "N of your contacts joined": counted per UTC day and shown once the day is over, so a count
    never dates one person's sign-up closer than to the day."""
    now = ctx.clock.now_ms()
    day = now - now % DAY_MS

    def work(tx: ManagedTransaction) -> list[str | None]:
        return [
            _upsert(
                tx,
                recipient_id=row["recipient_id"],
                key=f"contacts_joined|{day}",
                kind="contacts_joined",
                now=now,
                at=day,
                visible_at=day + DAY_MS,
            )
            for row in notifications.contact_watchers(tx, account_id=account_id)
        ]

    _push_all(ctx, ctx.db.write(work), delay_ms=day + DAY_MS - now)


@jobs.handler("notifications.moderation")
def moderation(ctx: Any, *, post_id: str, outcome: str) -> None:
    """A post's author learns what moderation decided; a removed post is not named (they cannot see it)."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> list[str | None]:
        row = notifications.author_of.single(tx, post_id=post_id)
        if row is None:
            return []
        shown_post = None if outcome == "post_removed" else post_id
        return [
            _upsert(
                tx,
                recipient_id=row["recipient_id"],
                key=f"moderation|{post_id}",
                kind=outcome,
                now=now,
                post_id=shown_post,
            )
        ]

    _push_all(ctx, ctx.db.write(work))


@jobs.handler("notifications.chat")
def chat(ctx: Any, *, chat_id: str, to_role: str, kind: str) -> None:
    """A chat request to a post's author, or a message to the other side."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> list[str | None]:
        row = notifications.chat_member.single(tx, chat_id=chat_id, role=to_role)
        if row is None:
            return []
        return [
            _upsert(tx, recipient_id=row["recipient_id"], key=f"chat|{chat_id}", kind=kind, now=now, chat_id=chat_id)
        ]

    _push_all(ctx, ctx.db.write(work))


@jobs.handler("notifications.push")
def push(ctx: Any, *, notification_id: str) -> None:
    """Push ``{kind, id}`` to the recipient's devices, unless it is quiet time or no longer shown."""
    now = ctx.clock.now_ms()
    row = ctx.db.read(lambda tx: notifications.get.single(tx, id=notification_id))
    if row is None or row["read"]:
        return
    if row["visible_at"] > now:
        jobs.enqueue(
            ctx=ctx, job="notifications.push", delay_ms=row["visible_at"] - now, notification_id=notification_id
        )
        return
    if in_quiet_hours(row["quiet_start"], row["quiet_end"], now):
        return  # it waits in the list; quiet hours mean no buzz, not no notification

    def work(tx: ManagedTransaction):
        # Asked again now, as a listing would: a push never names what the recipient cannot see.
        shown = reading.shown(tx, ctx=ctx, account_id=row["recipient_id"], rows=[row], now=now)
        if not shown:
            return []
        return notifications.devices(tx, account_id=row["recipient_id"])

    box = token_box(ctx)
    for device in ctx.db.read(work):
        try:
            token = box.decrypt(device["token"].encode()).decode()
        except InvalidToken:
            log.warning("push token unreadable (pepper changed?)")
            continue
        ctx.push.send(
            platform=device["platform"],
            token=token,
            device=device["key"],
            payload={"kind": row["kind"], "id": notification_id},
        )


def in_quiet_hours(start: int | None, end: int | None, now: int) -> bool:
    """Quiet hours are minutes of the UTC day; a span may cross midnight (22:00 to 07:00)."""
    if start is None or end is None or start == end:
        return False
    minute = (now % DAY_MS) // MINUTE_MS
    return start <= minute < end if start < end else minute >= start or minute < end
