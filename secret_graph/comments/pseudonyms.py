"""Per-post pseudonyms ("Blue Fox"): stable for one account within one post, unique within the
thread, and unlinkable across posts, because they come from a keyed hash of (post, account)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
from collections.abc import Iterator

COLORS = (
    ("Red", "#E53935"), ("Blue", "#1E88E5"), ("Green", "#43A047"), ("Amber", "#FFB300"),
    ("Purple", "#8E24AA"), ("Teal", "#00897B"), ("Orange", "#FB8C00"), ("Pink", "#D81B60"),
    ("Indigo", "#3949AB"), ("Lime", "#C0CA33"), ("Cyan", "#00ACC1"), ("Brown", "#6D4C41"),
    ("Grey", "#757575"), ("Gold", "#FDD835"), ("Violet", "#5E35B1"), ("Coral", "#FF7043"),
)  # fmt: skip
ANIMALS = (
    "Fox", "Owl", "Bear", "Wolf", "Otter", "Hare", "Lynx", "Crow", "Deer", "Seal", "Swan", "Moth",
    "Toad", "Newt", "Wren", "Mole", "Badger", "Heron", "Panda", "Koala", "Tiger", "Zebra", "Camel",
    "Llama", "Gecko", "Raven", "Bison", "Moose", "Finch", "Robin", "Squid", "Whale",
)  # fmt: skip
COMBINATIONS = len(COLORS) * len(ANIMALS)


KEYED_ATTEMPTS = 16


def _avatar(index: int) -> tuple[str, str]:
    color_name, color = COLORS[index % len(COLORS)]
    return f"{color_name} {ANIMALS[index // len(COLORS)]}", color


def candidates(key: bytes, *, post_id: str, account_id: str) -> Iterator[tuple[int, str, str]]:
    """An endless sequence of (index, name, color) choices for this account on this post."""
    for counter in itertools.count():
        mac = hmac.new(key, f"{post_id}\x00{account_id}\x00{counter}".encode(), hashlib.sha256).digest()
        index = int.from_bytes(mac[:8], "big") % COMBINATIONS
        yield index, *_avatar(index)


def choose(key: bytes, *, post_id: str, account_id: str, taken: set[str]) -> tuple[str, str]:
    """The first keyed candidate nobody else in the thread uses; in a crowded thread, the next free one."""
    keyed = candidates(key, post_id=post_id, account_id=account_id)
    for candidate in itertools.islice(keyed, KEYED_ATTEMPTS):
        index, name, color = candidate
        if name not in taken:
            return name, color
    # A thread can outgrow the base names (a hub's post draws thousands of commenters): probe on
    # from the last keyed pick, numbering each further round ("Blue Fox 2"), so a name always exists.
    for step in itertools.count(1):
        name, color = _avatar((index + step) % COMBINATIONS)
        round_number = step // COMBINATIONS
        if round_number:
            name = f"{name} {round_number + 1}"
        if name not in taken:
            return name, color
    raise AssertionError("unreachable: the probe is endless")
