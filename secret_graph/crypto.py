"""The bottom layer of secrets: keyed hashes of identifiers (the rule shared with clients, see
docs/contact-hashing.md), Argon2id for low-entropy secrets, SHA-256 for random tokens, random ids.

client digest = lowercase hex SHA-256 of the UTF-8 E.164 string (or Facebook app-scoped id);
stored key    = "v1:" + hex HMAC-SHA256(pepper, kind + ":" + digest).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# The OWASP minimum for Argon2id (m=19 MiB, t=2, p=1); check_needs_rehash upgrades old hashes.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_secret(value: str) -> str:
    """An Argon2id hash of a code or passcode."""
    return _HASHER.hash(value)


def verify_secret(stored: str, value: str) -> bool:
    """Whether ``value`` matches ``stored``, in constant work."""
    try:
        return _HASHER.verify(stored, value)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)


def new_code() -> str:
    """A 6-digit one-time code."""
    return f"{secrets.randbelow(1_000_000):06d}"


def new_token() -> str:
    """A 256-bit session token."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_id() -> str:
    """A random, unguessable identifier (128 bits)."""
    return secrets.token_urlsafe(16)


KEY_VERSION = "v1"


KINDS = ("phone", "fb")


_DIGEST = re.compile(r"^[0-9a-f]{64}$")


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
