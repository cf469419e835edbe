"""Domain errors. The API maps each kind to one HTTP status; messages are safe to show."""

from __future__ import annotations


class DomainError(Exception):
    """Base class; ``message`` never holds a phone number, digest or token."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        retry_after: int | None = None,
        details: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.retry_after = retry_after
        # Shown as the answer's `errors` (e.g. {"rethink": {...}}); safe to show, like the message.
        self.details = details


class InvalidInput(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


class Unauthorized(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class TooLarge(DomainError):
    status = 413


class RateLimited(DomainError):
    status = 429


class Unavailable(DomainError):
    """The database cannot be reached; clients should retry."""

    status = 503


class BadRequest(DomainError):
    """A malformed request the schema could not catch (e.g. a tampered cursor)."""

    status = 400
