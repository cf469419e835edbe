"""Notifications, their preferences, and push devices; and the hooks other features call after a
write (each only enqueues a job: a write never waits on a fan-out or a push)."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from secret_graph import jobs
from secret_graph.adapters.push import PLATFORMS, DevPushSender
from secret_graph.context import Context
from secret_graph.db.cypher import notifications
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.notifications import fanout, reading
from secret_graph.paging import MAX_PAGE, Cursors, Position

# What a preference can turn off (a kind of notification, or a family of kinds).
SETTING_KINDS = ("hearts", "comment", "reply", "friend_posted", "contacts_joined", "moderation", "chat")
OUTCOMES = ("post_held", "post_removed", "post_restored", "appeal_upheld", "appeal_rejected")
SCAN_ROUNDS = 5  # pages of stored notifications one listing reads to fill a page of shown ones
UNREAD_SCAN = 100  # unread counts look at this many of the newest unread notifications
MAX_DEVICE_ID = 100
MAX_TOKEN = 4096


# ---- hooks: called by other features after their write has committed ----


def post_published(*, ctx: Context, post_id: str, delay_ms: int) -> None:
    """A post was published: its friend notices go out once it is visible (after its jitter)."""
    jobs.enqueue(ctx=ctx, job="notifications.post_published", delay_ms=delay_ms, post_id=post_id)


def hearted(*, ctx: Context, post_id: str, hearter_id: str) -> None:
    """A post was hearted."""
    jobs.enqueue(ctx=ctx, job="notifications.hearted", post_id=post_id, hearter_id=hearter_id)


def commented(*, ctx: Context, comment_id: str) -> None:
    """A comment was written."""
    jobs.enqueue(ctx=ctx, job="notifications.commented", comment_id=comment_id)


def account_joined(*, ctx: Context, account_id: str) -> None:
    """A new account signed up: those who have its number hear a count, the next day."""
    jobs.enqueue(ctx=ctx, job="notifications.account_joined", account_id=account_id)


def moderation_outcome(*, ctx: Context, post_id: str, outcome: str) -> None:
    """Tell a post's author what moderation decided (one of OUTCOMES); for the moderation code."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome is one of {OUTCOMES}")
    jobs.enqueue(ctx=ctx, job="notifications.moderation", post_id=post_id, outcome=outcome)


def chat_event(*, ctx: Context, chat_id: str, to_role: str, kind: str) -> None:
    """A chat request (to the author) or a message (to the other side)."""
    jobs.enqueue(ctx=ctx, job="notifications.chat", chat_id=chat_id, to_role=to_role, kind=kind)


# ---- the recipient's side ----


def list_(
    *, ctx: Context, account_id: str, limit: int = 20, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None, dict[str, Any]]:
    """Notifications newest first, each checked against what the recipient may see now; and unread counts."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit is 1 to {MAX_PAGE}", field="limit")
    cursors = Cursors(ctx.keyring)
    position = cursors.open(cursor, scope="notifications", sort="newest") if cursor else None
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction):
        after = (position.after_key, position.after_id) if position else (None, None)
        items: list[dict] = []
        exhausted = False
        for _ in range(SCAN_ROUNDS):
            rows = _page(tx, account_id, now, after, limit, only_unread=False)
            items += reading.shown(tx, ctx=ctx, account_id=account_id, rows=rows, now=now)
            if rows:
                after = (rows[-1]["at"], rows[-1]["id"])
            if len(rows) < limit:
                exhausted = True
                break
            if len(items) >= limit:
                break
        unread_rows = _page(tx, account_id, now, (None, None), UNREAD_SCAN, only_unread=True)
        unread = reading.shown(tx, ctx=ctx, account_id=account_id, rows=unread_rows, now=now)
        return items, after, exhausted, unread

    items, after, exhausted, unread = ctx.db.read(work)
    next_cursor = None
    if len(items) >= limit:
        items = items[:limit]
        after = (items[-1]["at"], items[-1]["id"])
    if len(items) >= limit or not exhausted:
        next_cursor = cursors.seal(Position("notifications", "newest", 0, after[0], after[1]))
    by_kind: dict[str, int] = {}
    for item in unread:
        by_kind[item["kind"]] = by_kind.get(item["kind"], 0) + 1
    return items, next_cursor, {"total": len(unread), "by_kind": by_kind}


def _page(tx, account_id: str, now: int, after: tuple, limit: int, *, only_unread: bool) -> list[dict]:
    return notifications.page(
        tx,
        recipient_id=account_id,
        now=now,
        only_unread=only_unread,
        after_at=int(after[0]) if after[0] is not None else None,
        after_id=after[1],
        limit=limit,
    )


def mark_read(
    *, ctx: Context, account_id: str, ids: list[str] | None = None, up_to: str | None = None, everything: bool = False
) -> int:
    """Mark notifications read: by ids, everything listed before a page cursor, or all; returns how many."""
    if sum((ids is not None, up_to is not None, everything)) != 1:
        raise InvalidInput("give exactly one of ids, up_to or all", field="ids")
    now = ctx.clock.now_ms()
    if ids is not None:
        return ctx.db.write(
            lambda tx: notifications.mark_read_ids.single(tx, recipient_id=account_id, ids=ids, now=now)["marked"]
        )
    at = after_id = None
    if up_to is not None:
        position = Cursors(ctx.keyring).open(up_to, scope="notifications", sort="newest")
        at, after_id = int(position.after_key), position.after_id
    return ctx.db.write(
        lambda tx: notifications.mark_read_up_to.single(tx, recipient_id=account_id, now=now, at=at, after_id=after_id)[
            "marked"
        ]
    )


def get_settings(*, ctx: Context, account_id: str) -> dict[str, Any]:
    """Which kinds are on, and the quiet hours (UTC)."""
    row = ctx.db.read(lambda tx: notifications.settings.single(tx, account_id=account_id))
    if row is None:
        raise NotFound("no such account")
    return _settings_object(row)


def put_settings(*, ctx: Context, account_id: str, kinds: dict[str, bool], quiet_hours: dict | None) -> dict[str, Any]:
    """Replace the preferences: kinds not given are on; quiet hours are `HH:MM` UTC, or null."""
    unknown = set(kinds) - set(SETTING_KINDS)
    if unknown:
        raise InvalidInput(f"kinds are {', '.join(SETTING_KINDS)}", field="kinds")
    off = [kind for kind in SETTING_KINDS if kinds.get(kind) is False]
    start = end = None
    if quiet_hours is not None:
        start, end = _minute(quiet_hours.get("start")), _minute(quiet_hours.get("end"))
    ctx.db.write(
        lambda tx: notifications.set_settings(tx, account_id=account_id, off=off, quiet_start=start, quiet_end=end)
    )
    return get_settings(ctx=ctx, account_id=account_id)


def _minute(value: object) -> int:
    try:
        hours, minutes = (int(part) for part in str(value).split(":"))
    except ValueError:
        hours = minutes = -1
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise InvalidInput("quiet hours are HH:MM (UTC)", field="quiet_hours")
    return hours * 60 + minutes


def _settings_object(row: dict) -> dict[str, Any]:
    quiet = None
    if row["quiet_start"] is not None and row["quiet_end"] is not None:
        quiet = {key: f"{row[f'quiet_{key}'] // 60:02d}:{row[f'quiet_{key}'] % 60:02d}" for key in ("start", "end")}
    return {"kinds": {kind: kind not in row["off"] for kind in SETTING_KINDS}, "quiet_hours": quiet}


# ---- devices ----


def put_device(*, ctx: Context, account_id: str, device_id: str, platform: str, token: str) -> dict[str, Any]:
    """Register (or update) a device for push; its token is kept encrypted."""
    if not 1 <= len(device_id) <= MAX_DEVICE_ID:
        raise InvalidInput(f"a device id has 1 to {MAX_DEVICE_ID} characters", field="device_id")
    if platform not in PLATFORMS:
        raise InvalidInput(f"platform is {', '.join(PLATFORMS)}", field="platform")
    if not 1 <= len(token) <= MAX_TOKEN:
        raise InvalidInput(f"a token has 1 to {MAX_TOKEN} characters", field="token")
    sealed = fanout.token_box(ctx).encrypt(token.encode()).decode()
    now = ctx.clock.now_ms()
    ctx.db.write(
        lambda tx: notifications.put_device(
            tx,
            account_id=account_id,
            key=_device_key(ctx, account_id, device_id),
            device_id=device_id,
            platform=platform,
            token=sealed,
            now=now,
        )
    )
    return {"id": device_id, "platform": platform, "created_at": now}


def delete_device(*, ctx: Context, account_id: str, device_id: str) -> None:
    """Unregister a device of one's own."""
    key = _device_key(ctx, account_id, device_id)
    if not ctx.db.write(lambda tx: notifications.delete_device(tx, account_id=account_id, key=key)):
        raise NotFound("no such device")


def list_devices(*, ctx: Context, account_id: str) -> list[dict[str, Any]]:
    """One's devices (never their tokens); with the dev push backend, the pushes each got."""
    rows = ctx.db.read(lambda tx: notifications.devices(tx, account_id=account_id))
    dev = ctx.push if isinstance(ctx.push, DevPushSender) else None
    return [
        {
            "id": row["device_id"],
            "platform": row["platform"],
            "created_at": row["created_at"],
            **({"dev_pushes": dev.sent_to(row["key"])} if dev else {}),
        }
        for row in rows
    ]


def _device_key(ctx: Context, account_id: str, device_id: str) -> str:
    return ctx.keyring.tag("device", f"{account_id}\x00{device_id}")
