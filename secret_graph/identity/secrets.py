"""Argon2id for low-entropy secrets (sign-in codes, passcodes); SHA-256 for random tokens."""

from __future__ import annotations

import hashlib
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
