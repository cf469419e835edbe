"""How a configuration variable's text becomes a setting's value, and how a value is shown again.

Each parser raises ValueError with the reason; Settings.from_env adds the variable's name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def text(raw: str) -> str:
    return raw


def upper(raw: str) -> str:
    return raw.upper()


def whole_number(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"must be a whole number, got {raw!r}") from None


def positive_number(raw: str) -> int:
    value = whole_number(raw)
    if value <= 0:
        raise ValueError(f"must be a positive whole number, got {raw!r}")
    return value


def without_trailing_slash(raw: str) -> str:
    return raw.rstrip("/")


def optional_whole_number(raw: str) -> int | None:
    return whole_number(raw) if raw else None


def on_off(raw: str) -> bool:
    if raw.lower() not in ("on", "off"):
        raise ValueError(f"must be on or off, got {raw!r}")
    return raw.lower() == "on"


def one_of(*options: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in options:
            raise ValueError(f"must be {', '.join(options[:-1])} or {options[-1]}, got {raw!r}")
        return raw

    return parse


def comma_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def secret_bytes(raw: str) -> bytes:
    return raw.encode()


def secret_list(raw: str) -> tuple[bytes, ...]:
    """Comma-separated secrets, in order (older peppers, oldest first)."""
    return tuple(part.strip().encode() for part in raw.split(",") if part.strip())


def verbatim(raw: str) -> str:
    """Kept exactly as given, spaces included (passwords)."""
    return raw


# How a value is shown, as it would be set in the environment (`on`, not `True`; empty, not `()`).
def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return str(value)
