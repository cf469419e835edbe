"""The bottom layer of secrets: keyed hashes of identifiers (the rule shared with clients, see
docs/contact-hashing.md), Argon2id for low-entropy secrets, SHA-256 for random tokens, random ids.

client digest = lowercase hex SHA-256 of the UTF-8 E.164 string (or Facebook app-scoped id);
stored key    = "v1:" + hex HMAC-SHA256(pepper, kind + ":" + digest).

After a pepper rotation (docs/operations.md), version n > 1 wraps version n - 1 under pepper n:
key_n = "vN:" + hex HMAC-SHA256(subkey_n("rewrap"), key_(n-1)), so a stored value is re-keyed
without knowing the number behind it, and a stolen database with an older pepper matches nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence

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


_VERSIONED = re.compile(r"^v([0-9]+):")


def key_version(value: str) -> int:
    """The pepper version a stored keyed value was made under (a bare hex tag is version 1)."""
    match = _VERSIONED.match(value)
    return int(match.group(1)) if match else 1


class Keyring:
    """Everything derived from the peppers; the peppers themselves never leave this object.

    ``pepper`` is one pepper, or every pepper so far, oldest first: version n is the n-th. Keys
    are computed under every version (``*_keys``: lookups match any of them while a rotation runs);
    the newest pepper makes the purpose subkeys (cursors, pseudonyms)."""

    def __init__(self, pepper: bytes | Sequence[bytes]) -> None:
        self._peppers: tuple[bytes, ...] = (pepper,) if isinstance(pepper, bytes) else tuple(pepper)
        if not self._peppers:
            raise ValueError("a keyring needs a pepper")

    @property
    def versions(self) -> int:
        return len(self._peppers)

    def identifier_keys(self, kind: str, digest: str) -> tuple[str, ...]:
        """The stored key of a phone or Facebook digest under every pepper version, oldest first."""
        if kind not in KINDS:
            raise ValueError(f"unknown identifier kind {kind!r}")
        mac = hmac.new(self._peppers[0], f"{kind}:{digest}".encode(), hashlib.sha256).hexdigest()
        return self.forward(f"{KEY_VERSION}:{mac}")

    def identifier_key(self, kind: str, digest: str) -> str:
        """The stored key of a phone or Facebook digest under the newest pepper."""
        return self.identifier_keys(kind, digest)[-1]

    def tags(self, purpose: str, value: str) -> tuple[str, ...]:
        """A keyed hash of ``value`` for one purpose (e.g. a client address for quotas), every version."""
        first = hmac.new(_subkey(self._peppers[0], purpose), value.encode(), hashlib.sha256).hexdigest()
        return self.forward(first)  # version 1 is bare hex, as before versions existed

    def tag(self, purpose: str, value: str) -> str:
        return self.tags(purpose, value)[-1]

    def forward(self, value: str) -> tuple[str, ...]:
        """A stored value and what it becomes under each newer pepper of this keyring."""
        chain = [value]
        for version in range(key_version(value) + 1, self.versions + 1):
            chain.append(self.rewrap(chain[-1], version))
        return tuple(chain)

    def rewrap(self, value: str, version: int) -> str:
        """``value`` (made under version ``version - 1``) re-keyed under pepper ``version``."""
        mac = hmac.new(_subkey(self._peppers[version - 1], "rewrap"), value.encode(), hashlib.sha256).hexdigest()
        return f"v{version}:{mac}"

    def subkey(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose (pseudonyms, cursors...), independent of the others."""
        return _subkey(self._peppers[-1], purpose)

    def subkeys(self, purpose: str) -> tuple[bytes, ...]:
        """The purpose's key under every pepper, newest first: what older peppers sealed still opens."""
        return tuple(_subkey(pepper, purpose) for pepper in reversed(self._peppers))


def _subkey(pepper: bytes, purpose: str) -> bytes:
    return hmac.new(pepper, f"subkey:{purpose}".encode(), hashlib.sha256).digest()
