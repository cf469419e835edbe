"""Phone numbers: any written form to E.164, the form clients hash (docs/contact-hashing.md)."""

from __future__ import annotations

import phonenumbers

from secret_graph.errors import InvalidInput


def normalize_phone(raw: str, region: str | None = None) -> str:
    """The E.164 form of a valid phone number; InvalidInput (naming no number) otherwise."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 64:
        raise InvalidInput("not a valid phone number", field="phone")
    try:
        parsed = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        raise InvalidInput("not a valid phone number", field="phone") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput("not a valid phone number", field="phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
