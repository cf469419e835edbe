"""Managing one's own account: removing the passcode, changing the phone number, exporting one's data."""

from __future__ import annotations

from secret_graph import peppers
from secret_graph.context import Context
from secret_graph.crypto import hash_secret, verify_secret
from secret_graph.db.cypher import contacts, identity
from secret_graph.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from secret_graph.identity import services

PASSCODE_WINDOW_MS = 60 * 60 * 1000
MAX_PASSCODE_ATTEMPTS = 5


def _checked_passcode(ctx: Context, *, account_id: str, passcode: str | None) -> str | None:
    """The account's passcode hash, once ``passcode`` matches it (None when none is set).

    Whoever holds only a session token must not be able to replace the passcode or move the
    account to another number: both ask for the current passcode, at most 5 tries an hour."""
    now = ctx.clock.now_ms()

    def spend(tx):
        identity.lock_account(tx, account_id=account_id)
        return identity.count_passcode_attempt.single(
            tx, account_id=account_id, since=now - PASSCODE_WINDOW_MS, now=now
        )

    # The attempt is spent before the (slow) check, so parallel guesses are each counted.
    state = ctx.db.write(spend)
    if state is None:
        raise NotFound("no such account")
    if state["passcode_hash"] is None:
        return None
    if state["attempts"] > MAX_PASSCODE_ATTEMPTS:
        raise RateLimited("too many passcode attempts; try again later", retry_after=PASSCODE_WINDOW_MS // 1000)
    if not passcode or not verify_secret(state["passcode_hash"], passcode):
        raise Forbidden("this account has a passcode: a missing or wrong current passcode")
    return state["passcode_hash"]


def remove_passcode(*, ctx: Context, account_id: str, passcode: str) -> None:
    """Remove the account's passcode, given the current one (at most 5 tries an hour)."""
    checked = _checked_passcode(ctx, account_id=account_id, passcode=passcode)
    if checked is None:
        raise NotFound("this account has no passcode")
    removed = ctx.db.write(lambda tx: identity.remove_passcode.single(tx, account_id=account_id, passcode_hash=checked))
    if removed["removed"] == 0:
        raise Forbidden("the passcode changed meanwhile; give the new one")


def change_passcode(*, ctx: Context, account_id: str, passcode: str, current_passcode: str | None = None) -> None:
    """Set a passcode, or replace one given the current one (at most 5 tries an hour)."""
    if not isinstance(passcode, str) or not 4 <= len(passcode) <= 64:
        raise InvalidInput("a passcode has 4 to 64 characters", field="passcode")
    checked = _checked_passcode(ctx, account_id=account_id, passcode=current_passcode)
    passcode_hash = hash_secret(passcode)
    replaced = ctx.db.write(
        lambda tx: identity.replace_passcode.single(
            tx, account_id=account_id, expected_hash=checked, passcode_hash=passcode_hash
        )
    )
    if replaced["replaced"] == 0:
        raise Forbidden("the passcode changed meanwhile; give the new one")


def request_phone_code(
    *, ctx: Context, account_id: str, phone: str, region: str | None = None, client_address: str = ""
) -> services.Challenge:
    """Send a code to a new number for the account; the same hourly quotas as sign-in codes apply.

    The answer never depends on whether the number has an account: that is only said to whoever
    proves they hold it, by the code."""
    return services.send_code(
        ctx=ctx,
        phone=phone,
        region=region,
        client_address=client_address,
        purpose=services.PHONE_CHANGE,
        account_id=account_id,
    )


def change_phone(*, ctx: Context, account_id: str, challenge_id: str, code: str, passcode: str | None = None) -> dict:
    """Move the account to the number the code was sent to (and its passcode, if one is set)."""
    _checked_passcode(ctx, account_id=account_id, passcode=passcode)
    key = services.spend_attempt(
        ctx=ctx, challenge_id=challenge_id, code=code, purpose=services.PHONE_CHANGE, account_id=account_id
    )
    now = ctx.clock.now_ms()

    def work(tx):
        services.consume_challenge(tx, challenge_id=challenge_id, now=now)
        contacts.lock_account(tx, account_id=account_id)
        current = contacts.own_identifier.single(tx, account_id=account_id, kind="phone")
        keys = ctx.keyring.forward(key)  # the challenge's key, and what a pepper rotation may make of it
        if current and current["key"] in keys:
            return {"friends": identity.get_account.single(tx, account_id=account_id)["friends"]}
        if identity.identifier_banned.single(tx, keys=keys):
            raise Forbidden("this phone number was banned: no account may use it")
        version = peppers.writing_version(tx, keyring=ctx.keyring)
        claimed = contacts.claim_identifier.single(
            tx, account_id=account_id, keys=keys, create_key=peppers.at_version(keys, version), kind="phone"
        )
        if claimed["others"]:
            # Only the number's verified holder gets here (the code went to it), so saying so
            # tells nobody anything they could not learn by signing in with that number.
            raise Conflict("this number belongs to another account: sign in with it, or delete that account first")
        if current:
            old_keys = ctx.keyring.forward(current["key"])
            contacts.release_identifier(tx, account_id=account_id, keys=old_keys)
            identity.delete_orphan_identifiers(tx, keys=old_keys)
        # Others' books hold the old or the new number: friendships follow the new one.
        contacts.lock_candidates(tx, account_id=account_id)
        return contacts.recompute_friends.single(tx, account_id=account_id, now=now)

    return {"friends": ctx.db.write(work)["friends"]}


def export(*, ctx: Context, account_id: str) -> dict:
    """Everything the account wrote and chose: posts still linked to it, comments, hearts, settings."""
    row = ctx.db.read(lambda tx: identity.export.single(tx, account_id=account_id))
    if row is None:
        raise NotFound("no such account")
    return row
