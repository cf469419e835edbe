"""Moderation: screening before publication, the review queue, decisions on content, strikes,
appeals, and each person's own controls. Moderators act on content ("the author of post X"),
never on an account: no answer, queue entry or audit record here names an author."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from secret_graph.context import Context
from secret_graph.crypto import new_id
from secret_graph.db.cypher import moderation
from secret_graph.errors import Conflict, InvalidInput, NotFound
from secret_graph.identity import services as identity
from secret_graph.images import services as images
from secret_graph.moderation.controls import block_author, hide_post, muted_words, set_muted_words
from secret_graph.moderation.gate import Screened, check_writer, rfc3339, screen
from secret_graph.notifications import services as notifications
from secret_graph.render import image_object, shown_time
from secret_graph.screening import SEVERITY

__all__ = [
    "ACTIONS",
    "DECISION_REASONS",
    "FLAG_REASONS",
    "Screened",
    "appeal",
    "audit",
    "block_author",
    "check_writer",
    "decide",
    "hide_post",
    "muted_words",
    "queue",
    "rfc3339",
    "screen",
    "set_muted_words",
    "standing",
]

ACTIONS = ("remove", "restore", "publish", "warn", "suspend", "ban")
# What a flag may say (the seeds' list), and how urgent each is in the queue (higher first).
FLAG_SEVERITY = {
    "self_harm": 5,
    "hate": 4,
    "harassment": 3,
    "bullying": 3,
    "personal_info": 3,
    "defamation": 2,
    "sexual": 2,
    "spam": 1,
    "other": 1,
}
FLAG_REASONS = tuple(FLAG_SEVERITY)
DECISION_REASONS = FLAG_REASONS
MAX_QUEUE = 100
QUEUE_SCAN = 2000
MAX_SUSPENSION_DAYS = 365
KINDS = ("post", "comment")


def queue(*, ctx: Context, limit: int = 50) -> list[dict[str, Any]]:
    """Held, flagged and appealed content: most severe first, then longest waiting, with the signals."""
    if not 1 <= limit <= MAX_QUEUE:
        raise InvalidInput(f"limit is 1 to {MAX_QUEUE}", field="limit")
    rows = ctx.db.read(lambda tx: moderation.queue(tx, scan=QUEUE_SCAN))
    items = []
    for row in rows:
        reasons: dict[str, int] = {}
        for flag in row["flags"]:
            reasons[flag["reason"]] = reasons.get(flag["reason"], 0) + 1
        severity = max(
            [FLAG_SEVERITY.get(reason, 1) for reason in reasons] + [SEVERITY.get(s, 1) for s in row["signals"]] + [1]
        )
        waiting = _waiting_since(row)
        items.append(
            (
                -severity,
                waiting,
                row["id"],
                {
                    "kind": row["kind"],
                    "id": row["id"],
                    "post_id": row["post_id"],
                    "text": row["text"],
                    "image": image_object(row["image"], url=ctx.media.url),
                    "tags": list(row["tags"]),
                    "collection": row["collection"],
                    "status": row["status"],
                    "created_at": shown_time(row["created_at"], own=False),
                    "waiting_since": shown_time(waiting, own=False),
                    "severity": severity,
                    "signals": list(row["signals"]),
                    "flags": len(row["flags"]),
                    "reasons": dict(sorted(reasons.items())),
                    "appeal": bool(row["appeal"]),
                },
            )
        )
    items.sort(key=lambda item: item[:3])
    return [item[3] for item in items[:limit]]


def _waiting_since(row: dict[str, Any]) -> int:
    """Since when an item waits for review: its appeal, its hold, its first flag since the last review."""
    if row["appeal"] and row["appealed_at"] is not None:
        return row["appealed_at"]
    if row["status"] == "held" and row["held_at"] is not None:
        return row["held_at"]
    return min((flag["at"] for flag in row["flags"]), default=row["created_at"])


# What a post's author is told of a decision on it (warnings and suspensions show in their standing).
OUTCOME_OF_ACTION = {"remove": "post_removed", "restore": "post_restored", "publish": "post_restored"}


def decide(
    *,
    ctx: Context,
    moderator_id: str,
    kind: str,
    content_id: str,
    action: str,
    reason: str | None = None,
    days: int | None = None,
) -> dict[str, Any]:
    """One decision on a post or comment, or on "its author" (warn, suspend, ban); always audited."""
    if kind not in KINDS:
        raise InvalidInput("kind is post or comment", field="kind")
    if action not in ACTIONS:
        raise InvalidInput(f"action is one of {', '.join(ACTIONS)}", field="action")
    if reason is not None and reason not in DECISION_REASONS:
        raise InvalidInput(f"reason is one of {', '.join(DECISION_REASONS)}", field="reason")
    if action == "suspend" and not (isinstance(days, int) and 1 <= days <= MAX_SUSPENSION_DAYS):
        raise InvalidInput(f"a suspension needs days, 1 to {MAX_SUSPENSION_DAYS}", field="days")
    if action != "suspend":
        days = None
    now = ctx.clock.now_ms()
    decision_id = new_id()
    moderator_key = ctx.keyring.tag("moderator", moderator_id)
    suspensions = [list(pair) for pair in ctx.settings.strike_suspensions]

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        found = moderation.lock_content.single(tx, kind=kind, id=content_id)
        if found is None:
            raise NotFound(f"no such {kind}")
        key = {"kind": kind, "id": content_id}
        post_id = _post_of(tx, kind=kind, content_id=content_id)
        moderation.record_decision(
            tx, **key, decision_id=decision_id, action=action, now=now, moderator_key=moderator_key,
            post_id=post_id, reason=reason, days=days,
        )  # fmt: skip
        if kind == "post" and action in ("remove", "ban"):
            images.block_post_image(tx, post_id=content_id, now=now)  # the picture cannot come back
        status, appeal, struck = found["status"], found["appeal"], found["struck"]
        strike = 0
        if action == "remove":
            if status == "removed" and appeal == "pending":
                appeal = "upheld"  # the appeal is decided; this removal takes no other
            elif status != "removed":
                appeal = None  # a new removal may be appealed once
            strike = 0 if struck else 1
            status, struck = "removed", True
        elif action in ("restore", "publish"):
            if appeal == "pending":
                appeal = "granted"
            strike = -1 if struck else 0
            status, struck = "visible", False
        elif action == "warn":
            strike = 1
        if action != "ban":
            moderation.set_content(
                tx, **key, status=status, action=action, reason=reason, now=now, appeal=appeal, struck=struck
            )
        if strike:
            moderation.lock_author(tx, **key)
            moderation.strike_author(tx, **key, change=strike, suspensions=suspensions, now=now)
        if action == "suspend":
            moderation.suspend_author(tx, **key, until=now + days * 86_400_000)
        if action == "ban":
            author = moderation.author_to_ban.single(tx, **key, now=now)
            if author is not None:
                identity.erase(tx, ctx=ctx, account_id=author["account_id"])
            else:  # unlinked, or its writer deleted: no one to ban, but the content still goes
                moderation.set_content(
                    tx, **key, status="removed", action=action, reason=reason, now=now, appeal=None, struck=struck
                )
            status = "removed"
        return {"id": decision_id, "kind": kind, "content_id": content_id, "action": action, "status": status}

    decided = ctx.db.write(work)
    outcome = OUTCOME_OF_ACTION.get(action) if kind == "post" else None
    if outcome is not None:  # the author hears what happened to their post, after the commit
        notifications.moderation_outcome(ctx=ctx, post_id=content_id, outcome=outcome)
    return decided


def _post_of(tx: ManagedTransaction, *, kind: str, content_id: str) -> str | None:
    if kind == "post":
        return content_id
    row = moderation.post_of_comment.single(tx, comment_id=content_id)
    return row["post_id"] if row else None


def audit(*, ctx: Context, limit: int = 50, before: int | None = None) -> list[dict[str, Any]]:
    """Decisions, newest first: who decided (a moderator's keyed tag), when, what; never the author."""
    if not 1 <= limit <= MAX_QUEUE:
        raise InvalidInput(f"limit is 1 to {MAX_QUEUE}", field="limit")
    rows = ctx.db.read(lambda tx: moderation.audit(tx, limit=limit, before=before))
    return [
        {
            "id": row["id"],
            "action": row["action"],
            "at": row["at"],
            # Records from before V007 hold the moderator's id: shown as the same tag.
            "moderator": (row["moderator_key"] or ctx.keyring.tag("moderator", row["moderator_id"] or ""))[:16],
            "kind": row["kind"],
            "content_id": row["content_id"],
            "reason": row["reason"],
            "days": row["days"],
        }
        for row in rows
    ]


def standing(*, ctx: Context, account_id: str) -> dict[str, Any]:
    """The caller's own standing: strikes, suspension, and what happened to their content."""
    now = ctx.clock.now_ms()
    row = ctx.db.read(lambda tx: moderation.standing.single(tx, account_id=account_id))
    if row is None:
        raise NotFound("no such account")
    until = row["suspended_until"]
    return {
        "strikes": row["strikes"],
        "suspended_until": until if until is not None and until > now else None,
        "content": [
            {
                **item,
                "can_appeal": item["kind"] == "post" and item["status"] == "removed" and item["appeal"] is None,
            }
            for item in row["content"]
        ],
    }


def appeal(*, ctx: Context, account_id: str, post_id: str) -> dict[str, Any]:
    """Appeal the removal of one's own post, once; the appeal joins the review queue."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> bool:
        if moderation.lock_own_removed_post.single(tx, account_id=account_id, post_id=post_id) is None:
            raise NotFound("no removed post of yours")
        return moderation.appeal.single(tx, post_id=post_id, now=now)["open"]

    if not ctx.db.write(work):
        raise Conflict("this removal was already appealed")
    return {"post_id": post_id, "appeal": "pending"}
