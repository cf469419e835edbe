"""Sign-in codes, sessions and accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from secret_graph import crypto, peppers, visibility
from secret_graph.context import Context
from secret_graph.crypto import (
    hash_secret,
    needs_rehash,
    new_code,
    new_id,
    new_token,
    token_hash,
    verify_secret,
)
from secret_graph.db.cypher import Statement, chats, idempotency, identity, notifications, posts
from secret_graph.errors import Forbidden, InvalidInput, NotFound, RateLimited, Unauthorized
from secret_graph.notifications import services as notices
from secret_graph.phones import normalize_phone

CODE_TTL_MS = 10 * 60 * 1000
CODE_WINDOW_MS = 60 * 60 * 1000
MAX_CODE_ATTEMPTS = 5
HOUR_MS = 60 * 60 * 1000
PHONE_CHANGE = "phone_change"


@dataclass(frozen=True)
class Challenge:
    challenge_id: str
    expires_in: int
    dev_code: str | None


@dataclass(frozen=True)
class SessionTokens:
    token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class SignIn:
    token: str
    account_id: str
    created_at: int
    new_account: bool
    refresh_token: str = ""
    expires_in: int = 0


@dataclass(frozen=True)
class Viewer:
    """The authenticated caller."""

    id: str
    is_moderator: bool


def request_code(*, ctx: Context, phone: str, region: str | None = None, client_address: str = "") -> Challenge:
    """Send a one-time sign-in code to ``phone``; at most N per phone, and M per client address, per hour."""
    return send_code(ctx=ctx, phone=phone, region=region, client_address=client_address)


def send_code(
    *,
    ctx: Context,
    phone: str,
    region: str | None = None,
    client_address: str = "",
    purpose: str | None = None,
    account_id: str | None = None,
) -> Challenge:
    """Send a one-time code to ``phone`` for ``purpose`` (sign-in when None), within the hourly quotas."""
    e164 = normalize_phone(phone, region or ctx.settings.default_region)
    keys = ctx.keyring.identifier_keys("phone", crypto.client_digest(e164))  # every pepper version
    code = new_code()
    code_hash = hash_secret(code)
    challenge_id = new_id()
    now = ctx.clock.now_ms()
    address_keys = ctx.keyring.tags("client-address", client_address)
    window_start = now - CODE_WINDOW_MS

    def within_quota(tx, recent_codes: Statement, limit: int, **key) -> None:
        # Spent challenges stay until the window passes, so every code sent counts, used or not.
        recent = recent_codes.single(tx, since=window_start, **key)
        if recent and recent["sent"] >= limit:
            retry_after = max(1, (recent["oldest"] + CODE_WINDOW_MS - now) // 1000)
            raise RateLimited("too many sign-in codes requested; try again later", retry_after=retry_after)

    def work(tx):
        version = peppers.writing_version(tx, keyring=ctx.keyring)
        key, address_key = keys[version - 1], address_keys[version - 1]
        identity.lock_code_quotas(tx, keys=sorted({f"phone:{key}", f"address:{address_key}"}), now=now)
        identity.purge_code_quotas(tx, before=window_start)
        identity.purge_challenges(tx, identifier_keys=keys, before=window_start)
        identity.purge_challenges_from_address(tx, address_keys=address_keys, before=window_start)
        within_quota(tx, identity.recent_challenges, ctx.settings.codes_per_phone_per_hour, identifier_keys=keys)
        within_quota(
            tx,
            identity.recent_challenges_from_address,
            ctx.settings.codes_per_address_per_hour,
            address_keys=address_keys,
        )
        # An existing identifier's own key (whatever version it is under): the sign-in then finds
        # it from this key and what a rotation re-keys it to (Keyring.forward).
        stored = identity.stored_identifier_key.single(tx, identifier_keys=keys)
        identity.create_challenge(
            tx,
            id=challenge_id,
            identifier_key=stored["key"] if stored else key,
            address_key=address_key,
            code_hash=code_hash,
            now=now,
            expires_at=now + CODE_TTL_MS,
            purpose=purpose,
            account_id=account_id,
        )

    ctx.db.write(work)
    dev_code = ctx.sms.send(phone_e164=e164, code=code)
    return Challenge(challenge_id=challenge_id, expires_in=CODE_TTL_MS // 1000, dev_code=dev_code)


def spend_attempt(*, ctx: Context, challenge_id: str, code: str, purpose: str | None, account_id: str | None) -> str:
    """Spend one attempt on a challenge and check its code; the challenge's identifier key if it is right."""
    now = ctx.clock.now_ms()

    def work(tx):
        identity.lock_challenge(tx, id=challenge_id)
        return identity.count_attempt.single(tx, id=challenge_id)

    attempt = ctx.db.write(work)
    if (
        attempt is None
        or attempt["consumed"]
        or attempt["expires_at"] < now
        or attempt["purpose"] != purpose
        or attempt["account_id"] != account_id
    ):
        raise Unauthorized("the code is invalid or has expired")
    if attempt["attempts"] > MAX_CODE_ATTEMPTS:
        raise RateLimited("too many attempts for this code; request a new one", retry_after=60)
    if not verify_secret(attempt["code_hash"], code):
        raise Unauthorized("the code is invalid or has expired")
    return attempt["identifier_key"]


def consume_challenge(tx, *, challenge_id: str, now: int) -> None:
    """Spend the challenge inside ``tx``; Unauthorized if a concurrent use spent it first."""
    identity.lock_challenge(tx, id=challenge_id)
    if identity.consume_challenge.single(tx, id=challenge_id, now=now)["consumed"] == 0:
        raise Unauthorized("the code is invalid or has expired")


def create_session(*, ctx: Context, challenge_id: str, code: str, passcode: str | None = None) -> SignIn:
    """Exchange a valid code (and passcode, if set) for a session; creates the account on first sign-in."""
    now = ctx.clock.now_ms()
    key = spend_attempt(ctx=ctx, challenge_id=challenge_id, code=code, purpose=None, account_id=None)
    keys = ctx.keyring.forward(key)  # the key, and what a pepper rotation may have re-keyed it to

    owner = ctx.db.read(lambda tx: identity.owner_of_identifier.single(tx, identifier_keys=keys))
    verified_passcode_hash = owner["passcode_hash"] if owner else None
    if verified_passcode_hash is not None and (not passcode or not verify_secret(verified_passcode_hash, passcode)):
        raise Unauthorized("this account has a passcode: a missing or wrong passcode")

    def work(tx):
        consume_challenge(tx, challenge_id=challenge_id, now=now)
        version = peppers.writing_version(tx, keyring=ctx.keyring)
        account = identity.lock_identifier.single(
            tx, identifier_keys=keys, create_key=peppers.at_version(keys, version), kind="phone"
        )
        new_account = account["id"] is None
        if new_account and account["banned"]:
            # Only whoever received the code learns it: the number's owner.
            raise Forbidden("this phone number was banned: it cannot sign up again")
        if new_account:
            account = identity.create_account.single(tx, identifier_key=account["key"], id=new_id(), now=now)
        elif account["passcode_hash"] != verified_passcode_hash:
            # The passcode changed between the check and now: check again from the start.
            raise Unauthorized("this account has a passcode: a missing or wrong passcode")
        tokens = _open_session(tx, ctx=ctx, account_id=account["id"], now=now)
        return SignIn(
            token=tokens.token,
            account_id=account["id"],
            created_at=account["created_at"],
            new_account=new_account,
            refresh_token=tokens.refresh_token,
            expires_in=tokens.expires_in,
        )

    signed_in = ctx.db.write(work)
    if signed_in.new_account:
        notices.account_joined(ctx=ctx, account_id=signed_in.account_id)
    if verified_passcode_hash is not None and needs_rehash(verified_passcode_hash):
        set_passcode(ctx=ctx, account_id=signed_in.account_id, passcode=passcode or "")
    return signed_in


def open_session(*, ctx: Context, account_id: str) -> SessionTokens:
    """A new session for an existing account without a code: for benchmarks and tools, never the API."""
    now = ctx.clock.now_ms()
    return ctx.db.write(lambda tx: _open_session(tx, ctx=ctx, account_id=account_id, now=now))


def _new_pair(ctx: Context, *, now: int) -> tuple[SessionTokens, dict[str, Any]]:
    """A fresh token pair, and what is stored of it: hashes, the hour of use and both expiries.

    A token works one TTL; its refresh token one more, so a client back after a long pause can renew."""
    ttl_ms = ctx.settings.session_ttl_s * 1000
    tokens = SessionTokens(token=new_token(), refresh_token=new_token(), expires_in=ctx.settings.session_ttl_s)
    stored = {
        "token_hash": token_hash(tokens.token),
        "now": now,
        "used": now - now % HOUR_MS,
        "expires_at": now + ttl_ms,
        "refresh_expires_at": now + 2 * ttl_ms,
    }
    return tokens, stored


def _open_session(tx, *, ctx: Context, account_id: str, now: int) -> SessionTokens:
    """A new session for the account (in ``tx``), after dropping its sessions that can no longer be refreshed."""
    identity.purge_expired_sessions(tx, account_id=account_id, now=now, ttl_ms=ctx.settings.session_ttl_s * 1000)
    tokens, stored = _new_pair(ctx, now=now)
    identity.create_session(
        tx, account_id=account_id, id=new_id(), refresh_hash=token_hash(tokens.refresh_token), **stored
    )
    return tokens


def authenticate(*, ctx: Context, token: str) -> Viewer:
    """The account behind an unexpired bearer token; Unauthorized if there is none."""
    if not token:
        raise Unauthorized("a valid bearer token is required")
    now = ctx.clock.now_ms()
    hashed = token_hash(token)
    ttl_ms = ctx.settings.session_ttl_s * 1000
    # Every request makes this read: one round trip (an auto-commit read), not a managed transaction's three.
    row = ctx.db.lookup(identity.account_for_token, token_hash=hashed, now=now, ttl_ms=ttl_ms)
    if row is None:
        raise Unauthorized("a valid bearer token is required")
    used = now - now % HOUR_MS
    if row["last_used_at"] < used:  # one write per session per hour, not one per request
        ctx.db.write(lambda tx: identity.touch_session(tx, token_hash=hashed, used=used))
    return Viewer(id=row["id"], is_moderator=row["is_moderator"])


def refresh_session(*, ctx: Context, refresh_token: str) -> SessionTokens:
    """Exchange a refresh token, once, for a new token pair of the same session."""
    now = ctx.clock.now_ms()
    hashed = token_hash(refresh_token)
    tokens, stored = _new_pair(ctx, now=now)

    def work(tx):
        locked = identity.lock_session_for_refresh.single(tx, refresh_hash=hashed)
        if locked is None:
            return None
        return identity.rotate_session.single(
            tx, id=locked["id"], refresh_hash=hashed, new_refresh_hash=token_hash(tokens.refresh_token), **stored
        )

    if ctx.db.write(work) is None:
        raise Unauthorized("the refresh token is invalid, used or expired")
    return tokens


def list_sessions(*, ctx: Context, account_id: str, token: str) -> list[dict]:
    """The account's sessions that still work (or can be refreshed), the caller's marked ``current``."""
    now = ctx.clock.now_ms()
    return ctx.db.read(
        lambda tx: identity.list_sessions(
            tx,
            account_id=account_id,
            token_hash=token_hash(token),
            now=now,
            ttl_ms=ctx.settings.session_ttl_s * 1000,
        )
    )


def revoke_session_by_id(*, ctx: Context, account_id: str, session_id: str) -> None:
    """Revoke one of the account's own sessions; NotFound for any other id."""
    row = ctx.db.write(
        lambda tx: identity.revoke_session_by_id.single(tx, account_id=account_id, session_id=session_id)
    )
    if not row or row["revoked"] == 0:
        raise NotFound("no such session")


def revoke_session(*, ctx: Context, token: str) -> None:
    """Revoke one session token."""
    ctx.db.write(lambda tx: identity.revoke_session(tx, token_hash=token_hash(token)))


def get(*, ctx: Context, account_id: str) -> dict:
    """The caller's own account summary, with the state of their circle."""
    now = ctx.clock.now_ms()

    def work(tx):
        row = identity.get_account.single(tx, account_id=account_id)
        if row is not None:
            row["circle"] = visibility.circle_state(tx, ctx=ctx, viewer_id=account_id, now=now)
        return row

    row = ctx.db.read(work)
    if row is None:
        raise NotFound("no such account")
    return row


def set_passcode(*, ctx: Context, account_id: str, passcode: str) -> None:
    """Set or replace the account's passcode (4 to 64 characters)."""
    if not isinstance(passcode, str) or not 4 <= len(passcode) <= 64:
        raise InvalidInput("a passcode has 4 to 64 characters", field="passcode")
    passcode_hash = hash_secret(passcode)
    ctx.db.write(lambda tx: identity.set_passcode(tx, account_id=account_id, passcode_hash=passcode_hash))


def set_moderator(*, ctx: Context, account_id: str, is_moderator: bool) -> None:
    """Grant or revoke the moderator role."""
    rows = ctx.db.write(lambda tx: identity.set_moderator(tx, account_id=account_id, is_moderator=is_moderator))
    if not rows:
        raise NotFound("no such account")


DUE_COMMENTS_PER_DELETION = 1_000  # due comments a deletion purges by the way; `posts purge` takes the rest


def delete(*, ctx: Context, account_id: str) -> None:
    """Hard-delete the account, everything it wrote, and identifiers nothing else references."""
    now = ctx.clock.now_ms()
    window_ms = ctx.settings.deleted_posts_window_s * 1000

    def work(tx: ManagedTransaction) -> None:
        # The posts first become unlinked ones that keep their audience, then each goes at its own
        # random time: they never vanish together, nor at the moment the friendships end. Its
        # comments likewise leave the account now and each goes at its own time.
        posts.lock_posts_of_account(tx, account_id=account_id)
        # Held or pending comments, which nobody else reads, go at once below (erase) with the rest.
        published = [row["id"] for row in posts.comments_of_account(tx, account_id=account_id) if row["published"]]
        visibility.keep_comment_blocks(tx, ctx=ctx, account_id=account_id, comment_ids=published)
        rows = [{"id": cid, "remove_at": now + secrets.randbelow(window_ms + 1)} for cid in published]
        posts.detach_comments(tx, account_id=account_id, rows=rows)
        ids = visibility.keep_audience(tx, ctx=ctx, account_id=account_id)
        rows = [{"id": post_id, "remove_at": now + secrets.randbelow(window_ms + 1)} for post_id in ids]
        posts.retire_all_of_account(tx, account_id=account_id, rows=rows)
        erase(tx, ctx=ctx, account_id=account_id)
        # job: a periodic purge belongs to the jobs runner; each deletion purges what is due meanwhile.
        posts.purge_retired(tx, now=now)
        due = posts.purge_retired_comments.single(tx, now=now, limit=DUE_COMMENTS_PER_DELETION)
        posts.rerank(tx, post_ids=due["post_ids"], heart=None)  # a comment counts in the `popular` rank

    ctx.db.write(work)


def erase(tx, *, ctx: Context, account_id: str) -> None:
    """Inside ``tx``: delete the account, everything it wrote, and identifiers nothing else references
    (account deletion, and a moderator's ban, which marks the phone key banned first)."""
    keys = identity.account_identifiers.single(tx, account_id=account_id)["keys"]
    engaged = posts.reranked_by_account.single(tx, account_id=account_id)["post_ids"]
    for step in DELETION_STEPS:
        step(tx, account_id=account_id)
    # A pepper rotation may re-key them between the read and here (read committed): match every version.
    identity.delete_orphan_identifiers(tx, keys=peppers.forward_all(ctx.keyring, keys))
    posts.rerank(tx, post_ids=engaged, heart=None)  # their hearts and comments went with the account


# Each step takes $account_id. Hearts, flags, subscriptions and friendships go with the node itself.
DELETION_STEPS: tuple[Statement, ...] = (
    posts.delete_all_of_account,
    posts.delete_comments_of_account,
    idempotency.delete_for_account,
    chats.delete_for_account,
    notifications.delete_for_account,
    identity.delete_sessions,
    identity.delete_account_node,
)
