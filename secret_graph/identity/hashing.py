"""The contact-hashing rules shared with mobile clients (see docs/contact-hashing.md).

client digest = lowercase hex SHA-256 of the UTF-8 E.164 string (or Facebook app-scoped id);
stored key    = "v1:" + hex HMAC-SHA256(pepper, kind + ":" + digest).
"""

from __future__ import annotations

import hashlib
import hmac
import re

import phonenumbers

from secret_graph.errors import InvalidInput

KEY_VERSION = "v1"
KINDS = ("phone", "fb")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def normalize_phone(raw: str, region: str | None = None) -> str:
    """The E.164 form of a valid phone number; InvalidInput (naming no number) otherwise."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 64:
        raise InvalidInput("not a valid phone number", field="phone")
    try:
        parsed = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        raise InvalidInput("not a valid phone number", field="phone") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput("not a valid phone number", field="phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def client_digest(value: str) -> str:
    """What a client sends for an E.164 number or a Facebook id: hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def normalize_digest(value: object) -> str | None:
    """A well-formed client digest in lowercase, or None."""
    if not isinstance(value, str):
        return None
    lowered = value.strip().lower()
    return lowered if _DIGEST.match(lowered) else None


class Keyring:
    """Everything derived from the pepper; the pepper itself never leaves this object."""

    def __init__(self, pepper: bytes) -> None:
        self._pepper = pepper

    def identifier_key(self, kind: str, digest: str) -> str:
        """The stored key of a phone or Facebook digest."""
        if kind not in KINDS:
            raise ValueError(f"unknown identifier kind {kind!r}")
        mac = hmac.new(self._pepper, f"{kind}:{digest}".encode(), hashlib.sha256).hexdigest()
        return f"{KEY_VERSION}:{mac}"

    def tag(self, purpose: str, value: str) -> str:
        """A keyed hash of ``value`` for one purpose (e.g. a client address for quotas)."""
        return hmac.new(self.subkey(purpose), value.encode(), hashlib.sha256).hexdigest()

    def subkey(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose (pseudonyms, cursors...), independent of the others."""
        return hmac.new(self._pepper, f"subkey:{purpose}".encode(), hashlib.sha256).digest()
