"""What stands between a writer and publication: their standing, the new-account limits, screening.

Posts and comments call these through ``moderation.services`` inside their own use case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from neo4j import ManagedTransaction

from secret_graph import screening
from secret_graph.context import Context
from secret_graph.db.cypher import identity, moderation
from secret_graph.errors import Forbidden, InvalidInput, RateLimited

DAY_MS = 86_400_000
WRITE_KINDS = ("post", "comment", "chat")


@dataclass(frozen=True)
class Screened:
    """What is stored with a screened text: its status and the reasons the screener gave."""

    status: str  # visible or held
    reasons: list[str]


def screen(*, ctx: Context, text: str, confirm: bool = False) -> Screened:
    """Screen a text before publication: publish, hold, or InvalidInput (422) asking the author to rethink.

    A rethink answer's ``errors`` hold ``{"rethink": {"reasons", "spans"}}``; the same text sent with
    ``confirm`` is kept, but held for review when it still trips a signal."""
    result = screening.for_settings(ctx.settings).screen(text)
    if result.verdict == "rethink" and not confirm:
        raise InvalidInput(
            "this may hurt someone: rethink it, or send it again with confirm (it will then wait for review)",
            details={"rethink": {"reasons": result.reasons, "spans": result.spans()}},
        )
    held = result.verdict == "hold" or (result.verdict == "rethink" and confirm)
    return Screened(status="held" if held else "visible", reasons=result.reasons)


def check_writer(tx: ManagedTransaction, *, ctx: Context, account_id: str, kind: str, now: int) -> None:
    """Inside the writer's transaction: Forbidden while suspended, RateLimited past a new account's day."""
    if kind not in WRITE_KINDS:
        raise ValueError(f"kind is one of {WRITE_KINDS}")
    since = now - DAY_MS
    row = moderation.writer.single(tx, account_id=account_id, kind=kind, since=since)
    if row is None:
        return
    until = row["suspended_until"]
    if until is not None and until > now:
        shown = rfc3339(until)
        raise Forbidden(
            f"your account is suspended until {shown}: no posts, comments or messages until then",
            details={"suspension": {"until": shown}},
        )
    settings = ctx.settings
    if kind == "chat" or row["created_at"] <= now - settings.new_account_days * DAY_MS:
        return
    # A new account: count again under its write lock (Neo4j reads without locks).
    identity.lock_account(tx, account_id=account_id)
    row = moderation.writer.single(tx, account_id=account_id, kind=kind, since=since)
    limit = settings.new_account_posts_per_day if kind == "post" else settings.new_account_comments_per_day
    if row["written"] >= limit:
        raise RateLimited(
            f"new accounts may write {limit} {kind}s a day during their first {settings.new_account_days} days",
            retry_after=3600,
        )
    moderation.record_write(tx, account_id=account_id, kind=kind, since=since, now=now)


def rfc3339(ms: int) -> str:
    """Epoch milliseconds as the API writes times (2026-11-24T20:55:00.000Z)."""
    seconds, millis = divmod(ms, 1000)
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis:03d}Z"
