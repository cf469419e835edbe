"""Upload, replace and clear hashed address books; link Facebook; keep FRIEND edges exact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from neo4j import ManagedTransaction

from secret_graph import crypto, peppers
from secret_graph.context import Context
from secret_graph.db.cypher import contacts, identity
from secret_graph.errors import InvalidInput, RateLimited, TooLarge
from secret_graph.phones import normalize_phone


@dataclass(frozen=True)
class UploadResult:
    """Counts only: the answer never says which contacts matched."""

    accepted: int
    rejected: int
    friends: int


@dataclass(frozen=True)
class _Parsed:
    keys: set[tuple[str, ...]]  # one entry per identifier: its key under every pepper version, oldest first
    rejected: int


def replace(*, ctx: Context, account_id: str, digests: list, phones: list, region: str | None = None) -> UploadResult:
    """Replace the whole address book."""
    parsed = _parse(ctx, digests=digests, phones=phones, region=region)
    return _apply(ctx, account_id=account_id, kind="phone", parsed=parsed, keep_existing=False, reset=True)


def add(*, ctx: Context, account_id: str, digests: list, phones: list, region: str | None = None) -> UploadResult:
    """Add entries to the address book."""
    parsed = _parse(ctx, digests=digests, phones=phones, region=region)
    return _apply(ctx, account_id=account_id, kind="phone", parsed=parsed, keep_existing=True)


def clear(*, ctx: Context, account_id: str) -> UploadResult:
    """Remove every address-book entry."""
    return _apply(ctx, account_id=account_id, kind="phone", parsed=_Parsed(set(), 0), keep_existing=False, reset=True)


def link_facebook(*, ctx: Context, account_id: str, access_token: str) -> UploadResult:
    """Link the Facebook identity a user access token proves, with the friend list Facebook gives."""
    # Verified before the transaction: no network call holds locks. Only digests come back.
    proof = ctx.facebook.verify(access_token=access_token, max_friends=ctx.settings.max_contacts)
    own_keys = ctx.keyring.identifier_keys("fb", proof.digest)
    parsed = _Parsed({ctx.keyring.identifier_keys("fb", d) for d in proof.friend_digests}, 0)
    now = ctx.clock.now_ms()

    def before(tx: ManagedTransaction) -> None:
        current = contacts.own_identifier.single(tx, account_id=account_id, kind="fb")
        if current and current["key"] not in own_keys:
            _release(tx, ctx, account_id=account_id, key=current["key"])
        # The proven owner wins, so the answer never depends on another account: whoever held the
        # id before (an older account of the same person, or a claim made before links needed
        # proof) loses the link and the Facebook friend list that came with it.
        version = peppers.writing_version(tx, keyring=ctx.keyring)
        taken = contacts.take_identifier.single(
            tx, account_id=account_id, keys=own_keys, create_key=peppers.at_version(own_keys, version), kind="fb"
        )
        for other in taken["others"]:
            _drop_facebook_friends(tx, account_id=other, now=now)

    return _apply(ctx, account_id=account_id, kind="fb", parsed=parsed, keep_existing=False, before=before)


def _drop_facebook_friends(tx: ManagedTransaction, *, account_id: str, now: int) -> None:
    """Empty an account's Facebook friend list and recompute its friendships."""
    contacts.lock_account(tx, account_id=account_id)
    keys = contacts.contact_keys.single(tx, account_id=account_id, kind="fb", since=now)["keys"]
    if keys:
        contacts.remove_contacts(tx, account_id=account_id, keys=keys)
    contacts.lock_candidates(tx, account_id=account_id)
    contacts.recompute_friends.single(tx, account_id=account_id, now=now)


def unlink_facebook(*, ctx: Context, account_id: str) -> UploadResult:
    """Unlink Facebook and drop the friend edges it brought."""

    def before(tx: ManagedTransaction) -> None:
        current = contacts.own_identifier.single(tx, account_id=account_id, kind="fb")
        if current:
            _release(tx, ctx, account_id=account_id, key=current["key"])

    return _apply(ctx, account_id=account_id, kind="fb", parsed=_Parsed(set(), 0), keep_existing=False, before=before)


def _release(tx: ManagedTransaction, ctx: Context, *, account_id: str, key: str) -> None:
    """Drop the account's own identifier (as read, or as a rotation has re-keyed it since) if orphaned."""
    keys = ctx.keyring.forward(key)
    contacts.release_identifier(tx, account_id=account_id, keys=keys)
    identity.delete_orphan_identifiers(tx, keys=keys)


def _parse(ctx: Context, *, digests: list, phones: list, region: str | None = None, kind: str = "phone") -> _Parsed:
    """Reduce raw numbers and digests to stored keys; raw numbers are dropped here."""
    limit = ctx.settings.max_contacts
    if len(digests) + len(phones) > limit:
        raise TooLarge(f"a request holds at most {limit} entries")
    keys: set[tuple[str, ...]] = set()
    rejected = 0
    for digest in _digests(digests, phones, region or ctx.settings.default_region):
        if digest is None:
            rejected += 1
        else:
            keys.add(ctx.keyring.identifier_keys(kind, digest))
    return _Parsed(keys, rejected)


def _digests(digests: list, phones: list, region: str) -> Iterable[str | None]:
    for value in digests:
        yield crypto.normalize_digest(value)
    for value in phones:
        try:
            yield crypto.client_digest(normalize_phone(value, region))
        except InvalidInput:
            yield None


def _apply(
    ctx: Context, *, account_id: str, kind: str, parsed: _Parsed, keep_existing: bool, reset: bool = False, before=None
) -> UploadResult:
    """Apply the new contact set in one transaction and recompute the account's friendships."""
    limit = ctx.settings.max_contacts
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> int:
        contacts.lock_account(tx, account_id=account_id)
        if before is not None:
            before(tx)
        book = contacts.contact_keys.single(tx, account_id=account_id, kind=kind, since=now - DAY_MS)
        # Compared per identifier, whatever pepper version each stored key is under (a rotation
        # may be half done): a stored key is one of a wanted identifier's keys, or unwanted.
        of_wanted = {key: keys for keys in parsed.keys for key in keys}
        current = {stored: of_wanted.get(stored) or ctx.keyring.forward(stored) for stored in book["keys"]}
        wanted = set(current.values()) | parsed.keys if keep_existing else parsed.keys
        if len(wanted) > limit:
            raise InvalidInput(f"an account holds at most {limit} contacts; this would make {len(wanted)}")
        removed = sorted(stored for stored, keys in current.items() if keys not in wanted)
        added = sorted(wanted - set(current.values()))
        if kind == "phone":
            _spend_probing_quota(tx, ctx, state=book, account_id=account_id, now=now, reset=reset, added=len(added))
        if removed:
            contacts.remove_contacts(tx, account_id=account_id, keys=peppers.forward_all(ctx.keyring, removed))
        if added:
            version = peppers.writing_version(tx, keyring=ctx.keyring)
            entries = [{"keys": list(keys), "create": peppers.at_version(keys, version)} for keys in added]
            contacts.add_contacts(tx, account_id=account_id, entries=entries, kind=kind)
        contacts.lock_candidates(tx, account_id=account_id)
        return contacts.recompute_friends.single(tx, account_id=account_id, now=now)["friends"]

    friends = ctx.db.write(work)
    return UploadResult(accepted=len(parsed.keys), rejected=parsed.rejected, friends=friends)


DAY_MS = 24 * 3600 * 1000


def _spend_probing_quota(
    tx: ManagedTransaction, ctx: Context, *, state: dict, account_id: str, now: int, reset: bool, added: int
) -> None:
    """Wiping and re-uploading, or adding numbers one by one, is how contact discovery is probed:
    after the first upload, resets and new entries per day are limited (429 with Retry-After).
    ``state`` is the `contacts.contact_keys` row, which carries the quota fields."""
    resets = list(state["reset_times"])
    additions = [tuple(pair) for pair in state["additions"]]
    if state["uploaded_before"]:
        if reset and len(resets) >= ctx.settings.contact_resets_per_day:
            raise RateLimited(
                "too many address-book replacements today; try again later",
                retry_after=max(1, (min(resets) + DAY_MS - now) // 1000),
            )
        used = sum(count for _, count in additions)
        if added and used + added > ctx.settings.new_contacts_per_day:
            raise RateLimited(
                f"at most {ctx.settings.new_contacts_per_day} new contacts a day after the first upload",
                retry_after=max(1, (min(t for t, _ in additions) + DAY_MS - now) // 1000)
                if additions
                else DAY_MS // 1000,
            )
        if reset:
            resets.append(now)
        if added:
            additions.append((now, added))
    contacts.record_quota(
        tx,
        account_id=account_id,
        now=now,
        reset_times=resets,
        addition_times=[t for t, _ in additions],
        addition_counts=[c for _, c in additions],
    )
