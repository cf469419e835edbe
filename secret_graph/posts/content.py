"""A post's tags and background (what any text may say is secret_graph/text.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from secret_graph.errors import InvalidInput

MAX_TAGS = 10
_HASHTAG = re.compile(r"(?<![\w#])#(\w{1,32})")
_TAG = re.compile(r"^\w{1,32}$")


def tags_for(text: str, extra: list[str] | None) -> list[str]:
    """#hashtags from the text plus explicit tags: lowercase, unique, in order, at most 10."""
    found: list[str] = []
    for tag in [*_HASHTAG.findall(text), *(extra or [])]:
        if not isinstance(tag, str) or not _TAG.match(tag.lstrip("#")):
            raise InvalidInput("a tag is 1 to 32 letters, digits or underscores", field="tags")
        lowered = tag.lstrip("#").lower()
        if lowered not in found:
            found.append(lowered)
    if len(found) > MAX_TAGS:
        raise InvalidInput(f"a post has at most {MAX_TAGS} tags", field="tags")
    return found


def hashtags(text: str) -> list[str]:
    """The #hashtags of a text, lowercase, unique, in order (no checks: for suggestions)."""
    return list(dict.fromkeys(tag.lower() for tag in _HASHTAG.findall(text)))


@dataclass(frozen=True)
class Background:
    color: str | None = None
    image: str | None = None


def background(value: dict | None, *, catalogue: tuple[dict, ...]) -> Background | None:
    """A catalogue background, chosen as `{"id": ...}` or by its `{"color": ...}` or `{"image": ...}`.

    Anything else is refused: an image from anywhere else would tell whoever posted it the address
    and time of every reader whose client loads it (a tracking pixel).
    """
    if value is None:
        return None
    if isinstance(value, dict) and len(value) == 1:
        ((kind, wanted),) = value.items()
        if kind == "color" and isinstance(wanted, str):
            wanted = wanted.upper()  # catalogue colours are kept in upper case
        for entry in catalogue:
            if kind in ("id", "color", "image") and entry.get(kind) == wanted:
                return Background(color=entry.get("color"), image=entry.get("image"))
    raise InvalidInput(
        'background is a catalogue entry (GET /v1/backgrounds): {"id": "<id>"}, or its {"color": ...} or {"image": ...}',
        field="background",
    )
