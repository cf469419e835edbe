"""Pepper rotation: every stored value keyed with the pepper, re-keyed to a new pepper online.

How it stays correct while traffic runs (docs/operations.md, "Rotating the pepper"):
- every process holds every pepper (``Keyring``) and *looks up* a value under all its versions;
- new values are *written* under one version for everybody, read from the graph in the writing
  transaction (``writing_version``), so processes never disagree about it;
- ``rotate`` flips that version, waits until no transaction that read the old one can still run,
  then re-keys the stored values in batches (``Keyring.rewrap`` needs only the stored value) and
  checks that none is left under an older version.

KEYED is the one list of stored keyed properties. A feature that stores a new keyed value (a
banned number's key, a device token's tag...) adds it here, looks it up with every version
(``Keyring.identifier_keys`` / ``tags`` / ``forward``) and writes it under ``writing_version``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction, unit_of_work

from secret_graph.context import Context
from secret_graph.crypto import Keyring, key_version
from secret_graph.db.cypher import peppers
from secret_graph.errors import Unavailable


@dataclass(frozen=True)
class Keyed:
    """A node property holding a peppered value; ``namespaced`` when it reads `name:value`;
    ``droppable`` for lock nodes that hold nothing else: a stale one is deleted, not re-keyed
    (a request after the switch has made the new key's node already, and two must not clash)."""

    label: str
    property: str
    namespaced: bool = False
    droppable: bool = False


KEYED: tuple[Keyed, ...] = (
    Keyed("Identifier", "key"),  # phone and Facebook identifiers (Keyring.identifier_keys)
    Keyed("SignInChallenge", "identifier_key"),  # the number a code was sent to
    Keyed("SignInChallenge", "address_key"),  # the client address that asked (Keyring.tags)
    Keyed("CodeQuota", "key", namespaced=True, droppable=True),  # `phone:<identifier key>`, `address:<tag>`
    Keyed("Device", "key"),  # a push device's tag (Keyring.tag: the re-keyed value is what tag() gives after)
    Keyed("ModerationDecision", "moderator_key"),  # the deciding moderator's tag in the audit
    Keyed("Audience", "key"),  # who saw an unlinked post (visibility.audience_key, a Keyring.tag)
)

BATCH = 2000


def writing_version(tx: ManagedTransaction, *, keyring: Keyring) -> int:
    """The pepper version new keyed values are written under; Unavailable if this process lacks it."""
    version = peppers.writing_version.single(tx)["version"]
    if version > keyring.versions:
        # A process started before the new pepper was configured everywhere: it must not write
        # values nobody else would find. Restarting it with SECRET_GRAPH_PREVIOUS_PEPPERS fixes it.
        raise Unavailable("this server lacks the current pepper; it must be restarted with the new keyring")
    return version


def at_version(keys: Sequence[str], version: int) -> str:
    """Of one value's keys under successive versions (oldest first), the one made under ``version``
    (the newest older one if the chain starts later, the first if it starts after ``version``)."""
    chosen = keys[0]
    for key in keys:
        if key_version(key) <= version:
            chosen = key
    return chosen


def forward_all(keyring: Keyring, values: Iterable[str]) -> list[str]:
    """Stored values, each with what a rotation may have re-keyed it to since it was read."""
    return [key for value in values for key in keyring.forward(value)]


def rotate(*, ctx: Context, grace_s: float = 70.0, log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Re-key every value in KEYED to the keyring's newest pepper, while the service runs."""
    target = ctx.keyring.versions
    if target < 2:
        raise ValueError("one pepper only: configure the new one first (SECRET_GRAPH_PEPPER, the old in PREVIOUS)")
    started = time.monotonic()
    ctx.db.write(lambda tx: peppers.start_writing(tx, version=target, now=ctx.clock.now_ms()))
    log(f"new values are now written under v{target}; waiting {grace_s:.0f} s for transactions that read the old")
    time.sleep(grace_s)
    counts: dict[str, int] = {}
    for keyed in KEYED:
        counts[f"{keyed.label}.{keyed.property}"] = _rekey(ctx, keyed, target=target, log=log)
    stale = _stale(ctx, target)
    if stale:
        raise RuntimeError(f"values under an older pepper remain after re-keying: {stale}; run the rotation again")
    ctx.db.write(lambda tx: peppers.finish(tx, now=ctx.clock.now_ms()))
    return {"version": target, "rekeyed": counts, "seconds": round(time.monotonic() - started, 1)}


def stale_counts(*, ctx: Context, version: int) -> dict[str, int]:
    """How many values of each keyed property are not under ``version`` yet."""
    return _stale(ctx, version, keep_zero=True)


def _stale(ctx: Context, version: int, keep_zero: bool = False) -> dict[str, int]:
    found = {}
    for keyed in KEYED:
        row = ctx.db.read(lambda tx, k=keyed: peppers.count_stale.single(tx, **_params(k, version)))
        if row["stale"] or keep_zero:
            found[f"{keyed.label}.{keyed.property}"] = row["stale"]
    return found


def _rekey(ctx: Context, keyed: Keyed, *, target: int, log: Callable[[str], None]) -> int:
    """Passes over one property until none finds an older value (a concurrent write may change one)."""
    total = 0
    statement = peppers.drop_stale if keyed.droppable else peppers.rekey
    for _ in range(5):
        stale = _read_stale(ctx, keyed, target)
        if not stale:
            return total
        for start in range(0, len(stale), BATCH):
            rows = [
                {"id": row["id"], "old": row["value"], "new": _rewrapped(ctx.keyring, row["value"], keyed, target)}
                for row in stale[start : start + BATCH]
            ]
            done = ctx.db.write(
                lambda tx, rows=rows: statement.single(tx, rows=rows, **_params(keyed, target)), retry_window_s=60
            )
            total += done["rekeyed"]
        log(f"{keyed.label}.{keyed.property}: {total} re-keyed")
    return total


def _read_stale(ctx: Context, keyed: Keyed, target: int) -> list[dict[str, Any]]:
    @unit_of_work(timeout=3600)  # one pass over a label: longer than a request's transaction
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return peppers.stale_values(tx, **_params(keyed, target))

    return ctx.db.read(work)


def _rewrapped(keyring: Keyring, value: str, keyed: Keyed, target: int) -> str:
    namespace, keyed_value = value.split(":", 1) if keyed.namespaced else ("", value)
    if key_version(keyed_value) >= target:
        return value
    new = keyring.forward(keyed_value)[target - key_version(keyed_value)]
    return f"{namespace}:{new}" if keyed.namespaced else new


def _params(keyed: Keyed, version: int) -> dict[str, Any]:
    return {"label": keyed.label, "property": keyed.property, "namespaced": keyed.namespaced, "prefix": f"v{version}:"}
