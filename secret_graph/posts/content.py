"""What a post or comment may say: length, tags, backgrounds, and no personal information."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from secret_graph.errors import InvalidInput

MAX_TEXT = 500
MAX_TAGS = 10
_HASHTAG = re.compile(r"(?<![\w#])#(\w{1,32})")
_TAG = re.compile(r"^\w{1,32}$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Region hints for the phone-number search; international (+...) numbers are found whatever the hint.
_PHONE_REGIONS = ("US", "GB", "FR", "DE", "IN", "BR")


def clean_text(text: object, *, field: str = "text", limit: int = MAX_TEXT) -> str:
    """Trimmed text of 1..limit characters, without personal information; InvalidInput otherwise."""
    if not isinstance(text, str):
        raise InvalidInput("text must be a string", field=field)
    if "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise InvalidInput("text holds NUL or unpaired surrogate characters", field=field)
    trimmed = text.strip()
    if not 1 <= len(trimmed) <= limit:
        raise InvalidInput(f"text must have 1 to {limit} characters after trimming", field=field)
    refuse_personal_information(trimmed, field=field)
    return trimmed


def refuse_personal_information(text: str, *, field: str = "text") -> None:
    """Anonymous posts must not dox: refuse phone numbers and e-mail addresses."""
    folded = unicodedata.normalize("NFKC", text)
    if _EMAIL.search(folded):
        raise InvalidInput("text must not contain an e-mail address: anonymous posts must not dox anyone", field=field)
    for region in _PHONE_REGIONS:
        for _ in phonenumbers.PhoneNumberMatcher(folded, region, leniency=phonenumbers.Leniency.VALID):
            raise InvalidInput("text must not contain a phone number: anonymous posts must not dox anyone", field=field)


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


@dataclass(frozen=True)
class Background:
    color: str | None = None
    image: str | None = None

    def as_dict(self) -> dict[str, str] | None:
        if self.color:
            return {"color": self.color}
        if self.image:
            return {"image": self.image}
        return None


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
