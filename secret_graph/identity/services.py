"""Sign-in codes, sessions and accounts."""

from __future__ import annotations

from dataclasses import dataclass

from secret_graph.context import Context
from secret_graph.db.database import run, single
from secret_graph.errors import InvalidInput, NotFound, RateLimited, Unauthorized
from secret_graph.identity import hashing
from secret_graph.identity.secrets import (
    hash_secret,
    needs_rehash,
    new_code,
    new_id,
    new_token,
    token_hash,
    verify_secret,
)

CODE_TTL_MS = 10 * 60 * 1000
CODE_WINDOW_MS = 60 * 60 * 1000
MAX_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Challenge:
    challenge_id: str
    expires_in: int
    dev_code: str | None


@dataclass(frozen=True)
class SignIn:
    token: str
    account_id: str
    created_at: int
    new_account: bool


@dataclass(frozen=True)
class Viewer:
    """The authenticated caller."""

    id: str
    is_moderator: bool


def request_code(*, ctx: Context, phone: str, region: str | None = None, client_address: str = "") -> Challenge:
    """Send a one-time sign-in code to ``phone``; at most N per phone, and M per client address, per hour."""
    e164 = hashing.normalize_phone(phone, region or ctx.settings.default_region)
    key = ctx.keyring.identifier_key("phone", hashing.client_digest(e164))
    code = new_code()
    code_hash = hash_secret(code)
    challenge_id = new_id()
    now = ctx.clock.now_ms()
    address_key = ctx.keyring.tag("client-address", client_address)
    window_start = now - CODE_WINDOW_MS

    def within_quota(tx, which: str, limit: int, **key) -> None:
        recent = single(tx, f"identity.recent_challenges{which}", since=window_start, **key)
        if recent and recent["sent"] >= limit:
            retry_after = max(1, (recent["oldest"] + CODE_WINDOW_MS - now) // 1000)
            raise RateLimited("too many sign-in codes requested; try again later", retry_after=retry_after)

    def work(tx):
        run(tx, "identity.purge_challenges", identifier_key=key, before=window_start)
        run(tx, "identity.purge_challenges_from_address", address_key=address_key, before=window_start)
        within_quota(tx, "", ctx.settings.codes_per_phone_per_hour, identifier_key=key)
        within_quota(tx, "_from_address", ctx.settings.codes_per_address_per_hour, address_key=address_key)
        run(
            tx,
            "identity.create_challenge",
            id=challenge_id,
            identifier_key=key,
            address_key=address_key,
            code_hash=code_hash,
            now=now,
            expires_at=now + CODE_TTL_MS,
        )

    ctx.db.write(work)
    dev_code = ctx.sms.send(phone_e164=e164, code=code)
    return Challenge(challenge_id=challenge_id, expires_in=CODE_TTL_MS // 1000, dev_code=dev_code)


def create_session(*, ctx: Context, challenge_id: str, code: str, passcode: str | None = None) -> SignIn:
    """Exchange a valid code (and passcode, if set) for a session; creates the account on first sign-in."""
    now = ctx.clock.now_ms()
    attempt = ctx.db.write(lambda tx: single(tx, "identity.count_attempt", id=challenge_id))
    if attempt is None or attempt["expires_at"] < now:
        raise Unauthorized("the code is invalid or has expired")
    if attempt["attempts"] > MAX_CODE_ATTEMPTS:
        raise RateLimited("too many attempts for this code; request a new one", retry_after=60)
    if not verify_secret(attempt["code_hash"], code):
        raise Unauthorized("the code is invalid or has expired")
    key = attempt["identifier_key"]

    owner = ctx.db.read(lambda tx: single(tx, "identity.owner_of_identifier", identifier_key=key))
    verified_passcode_hash = owner["passcode_hash"] if owner else None
    if verified_passcode_hash is not None and (not passcode or not verify_secret(verified_passcode_hash, passcode)):
        raise Unauthorized("this account has a passcode: a missing or wrong passcode")

    token = new_token()

    def work(tx):
        consumed = single(tx, "identity.consume_challenge", id=challenge_id)
        if not consumed or consumed["consumed"] == 0:
            raise Unauthorized("the code is invalid or has expired")
        account = single(tx, "identity.lock_identifier", identifier_key=key, kind="phone")
        new_account = account is None or account["id"] is None
        if new_account:
            account = single(tx, "identity.create_account", identifier_key=key, id=new_id(), now=now)
        elif account["passcode_hash"] != verified_passcode_hash:
            # The passcode changed between the check and now: check again from the start.
            raise Unauthorized("this account has a passcode: a missing or wrong passcode")
        run(tx, "identity.create_session", account_id=account["id"], token_hash=token_hash(token), now=now)
        return SignIn(token=token, account_id=account["id"], created_at=account["created_at"], new_account=new_account)

    signed_in = ctx.db.write(work)
    if verified_passcode_hash is not None and needs_rehash(verified_passcode_hash):
        set_passcode(ctx=ctx, account_id=signed_in.account_id, passcode=passcode or "")
    return signed_in


def authenticate(*, ctx: Context, token: str) -> Viewer:
    """The account behind a bearer token; Unauthorized if there is none."""
    if not token:
        raise Unauthorized("a valid bearer token is required")
    row = ctx.db.read(lambda tx: single(tx, "identity.account_for_token", token_hash=token_hash(token)))
    if row is None:
        raise Unauthorized("a valid bearer token is required")
    return Viewer(id=row["id"], is_moderator=row["is_moderator"])


def revoke_session(*, ctx: Context, token: str) -> None:
    """Revoke one session token."""
    ctx.db.write(lambda tx: run(tx, "identity.revoke_session", token_hash=token_hash(token)))


def get(*, ctx: Context, account_id: str) -> dict:
    """The caller's own account summary."""
    row = ctx.db.read(lambda tx: single(tx, "identity.get_account", account_id=account_id))
    if row is None:
        raise NotFound("no such account")
    return row


def set_passcode(*, ctx: Context, account_id: str, passcode: str) -> None:
    """Set or replace the account's passcode (4 to 64 characters)."""
    if not isinstance(passcode, str) or not 4 <= len(passcode) <= 64:
        raise InvalidInput("a passcode has 4 to 64 characters", field="passcode")
    passcode_hash = hash_secret(passcode)
    ctx.db.write(lambda tx: run(tx, "identity.set_passcode", account_id=account_id, passcode_hash=passcode_hash))


def set_moderator(*, ctx: Context, account_id: str, is_moderator: bool) -> None:
    """Grant or revoke the moderator role."""
    rows = ctx.db.write(lambda tx: run(tx, "identity.set_moderator", account_id=account_id, is_moderator=is_moderator))
    if not rows:
        raise NotFound("no such account")


def delete(*, ctx: Context, account_id: str) -> None:
    """Hard-delete the account, everything it wrote, and identifiers nothing else references."""

    def work(tx):
        keys = single(tx, "identity.account_identifiers", account_id=account_id)["keys"]
        for name in DELETION_STEPS:
            run(tx, name, account_id=account_id)
        run(tx, "identity.delete_orphan_identifiers", keys=keys)

    ctx.db.write(work)


# Each step takes $account_id. Hearts, flags, subscriptions and friendships go with the node itself.
DELETION_STEPS = (
    "posts.delete_all_of_account",
    "posts.delete_comments_of_account",
    "idempotency.delete_for_account",
    "identity.delete_sessions",
    "identity.delete_account_node",
)
