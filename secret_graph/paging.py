"""Opaque page cursors, sealed with Fernet: clients cannot read (or forge) the sort key inside,
so no fine-grained timestamp leaks through a cursor."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from secret_graph.crypto import Keyring
from secret_graph.errors import BadRequest

MAX_PAGE = 50  # the most items one page of any listing holds


@dataclass(frozen=True)
class Position:
    scope: str
    sort: str
    until: int
    after_key: float | None
    after_id: str | None


class Cursors:
    def __init__(self, keyring: Keyring) -> None:
        # Sealed under the newest pepper; a cursor sealed under an older one still opens (a rotation).
        self._fernet = MultiFernet([Fernet(base64.urlsafe_b64encode(key)) for key in keyring.subkeys("cursor")])

    def seal(self, position: Position) -> str:
        payload = [position.scope, position.sort, position.until, position.after_key, position.after_id]
        return self._fernet.encrypt(json.dumps(payload, separators=(",", ":")).encode()).decode()

    def open(self, token: str, *, scope: str, sort: str) -> Position:
        """The position in ``token``; BadRequest if it is malformed or belongs to another listing."""
        try:
            scope_in, sort_in, until, after_key, after_id = json.loads(self._fernet.decrypt(token.encode()))
        except (InvalidToken, ValueError, TypeError):
            raise BadRequest("malformed cursor") from None
        if scope_in != scope or sort_in != sort:
            raise BadRequest("this cursor belongs to another listing or sort order")
        return Position(scope, sort, int(until), after_key, after_id)
