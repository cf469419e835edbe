"""The vectors in docs/contact-hashing.md are what the server computes."""

import hashlib
import hmac
import re

import pytest

from secret_graph import crypto, phones
from secret_graph.config import PROJECT_ROOT
from secret_graph.errors import InvalidInput

DOC = (PROJECT_ROOT / "docs" / "contact-hashing.md").read_text()
ROWS = re.findall(
    r"^\| `([^`]+)`(?: \(Facebook id\))? \| (\w*) \| (?:`([^`]+)`|\(not a phone\)) \| `([0-9a-f]{64})` \|$", DOC, re.M
)


def test_the_doc_has_vectors():
    assert len(ROWS) >= 6


@pytest.mark.parametrize(("raw", "region", "e164", "expected"), ROWS)
def test_vectors(raw, region, e164, expected):
    if e164:
        assert phones.normalize_phone(raw, region or None) == e164
        assert crypto.client_digest(e164) == expected
    else:
        assert crypto.client_digest(raw) == expected
    assert hashlib.sha256((e164 or raw).encode()).hexdigest() == expected


def test_stored_key_is_a_versioned_hmac_of_kind_and_digest():
    pepper = b"p" * 40
    d = crypto.client_digest("+14155550100")
    key = crypto.Keyring(pepper).identifier_key("phone", d)
    assert key == "v1:" + hmac.new(pepper, f"phone:{d}".encode(), hashlib.sha256).hexdigest()
    assert crypto.Keyring(pepper).identifier_key("fb", d) != key
    assert crypto.Keyring(b"q" * 40).identifier_key("phone", d) != key


def test_invalid_numbers_never_appear_in_the_error():
    with pytest.raises(InvalidInput) as caught:
        phones.normalize_phone("+1 415 555 010")
    assert "555" not in str(caught.value) and caught.value.field == "phone"


def test_digest_normalisation():
    assert crypto.normalize_digest("A" * 64) == "a" * 64
    assert crypto.normalize_digest("g" * 64) is None
    assert crypto.normalize_digest(42) is None
