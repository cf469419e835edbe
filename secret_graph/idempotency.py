"""Idempotency-Key: the same key from the same account within an hour replays the first answer."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from neo4j import ManagedTransaction

from secret_graph.context import Context
from secret_graph.db.cypher import idempotency
from secret_graph.errors import InvalidInput

TTL_MS = 60 * 60 * 1000
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def execute(
    *,
    ctx: Context,
    account_id: str,
    operation: str,
    key: str | None,
    work: Callable[[ManagedTransaction], dict[str, Any]],
    request: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run ``work`` in one write transaction, or replay its stored answer for a repeated key.

    A repeated key with a different ``request`` (the operation's arguments) is refused, as payment
    APIs do: replaying the first answer would silently drop the second request.
    """
    if key is None:
        return ctx.db.write(work)
    if not _KEY.match(key):
        raise InvalidInput("Idempotency-Key is 1 to 255 visible ASCII characters", field="Idempotency-Key")
    scope = hashlib.sha256(f"{account_id}\x00{operation}\x00{key}".encode()).hexdigest()
    fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    now = ctx.clock.now_ms()

    def guarded(tx: ManagedTransaction) -> dict[str, Any]:
        idempotency.purge_expired(tx, before=now - TTL_MS)
        record = idempotency.claim.single(tx, scope=scope, account_id=account_id, now=now, fingerprint=fingerprint)
        if record["body"] is not None and record["created_at"] >= now - TTL_MS:
            if record["fingerprint"] not in (None, fingerprint):  # None: a record from before fingerprints
                raise InvalidInput(
                    "this Idempotency-Key was used with a different request body within the hour: "
                    "send the same body to get the first answer again, or use a new key",
                    field="Idempotency-Key",
                )
            return json.loads(record["body"])
        if record["body"] is not None:
            idempotency.restart(tx, scope=scope, now=now, fingerprint=fingerprint)
        answer = work(tx)
        idempotency.store(tx, scope=scope, body=json.dumps(answer), status=201)
        return answer

    return ctx.db.write(guarded)
