"""What any text a person writes (a post, a comment) may say: its length, valid Unicode, and no
personal information that would dox someone."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from secret_graph.errors import InvalidInput

MAX_TEXT = 500
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
