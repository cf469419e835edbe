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


def non_negative_fraction(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"must be a number, got {raw!r}") from None
    if not value >= 0:  # also refuses nan
        raise ValueError(f"must be zero or more, got {raw!r}")
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


def probability(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"must be a number from 0 to 1, got {raw!r}") from None
    if not 0 <= value <= 1:
        raise ValueError(f"must be a number from 0 to 1, got {raw!r}")
    return value


def choices_for(keys: tuple[str, ...], values: tuple[str, ...]) -> Callable[[str], tuple[tuple[str, str], ...]]:
    """``key=value,key=value`` with known keys and values, as sorted pairs (settings stay hashable)."""

    def parse(raw: str) -> tuple[tuple[str, str], ...]:
        pairs = {}
        for item in comma_list(raw):
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep or key not in keys or value not in values:
                raise ValueError(f"must be key=value pairs, keys in {', '.join(keys)}, values in {', '.join(values)}")
            pairs[key] = value
        return tuple(sorted(pairs.items()))

    return parse


def number_pairs(raw: str) -> tuple[tuple[int, int], ...]:
    """``2:1,3:7``: pairs of positive whole numbers, sorted by the first."""
    pairs = {}
    for item in comma_list(raw):
        first, sep, second = (part.strip() for part in item.partition(":"))
        if not (sep and first.isdigit() and second.isdigit() and int(first) > 0 and int(second) > 0):
            raise ValueError(f"must be pairs such as 2:1,3:7 (positive whole numbers), got {raw!r}")
        pairs[int(first)] = int(second)
    return tuple(sorted(pairs.items()))


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
        if value and isinstance(value[0], tuple):
            return ",".join(f"{a}={b}" if isinstance(a, str) else f"{a}:{b}" for a, b in value)
        return ",".join(value)
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return str(value)
