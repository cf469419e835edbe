"""Attack 6: a copy of the database without the pepper."""

import hashlib
import hmac

from secret_graph.crypto import Keyring
from tests.helpers import digest, phone


def test_stored_keys_match_nothing_without_the_pepper(api, db, settings):
    numbers = [phone(7000 + n) for n in range(5)]
    users = [api.sign_in(n) for n in numbers]
    api.put("/v1/me/contacts", users[0], json={"digests": [digest(n) for n in numbers[1:]]})
    stolen = {r["k"] for r in db.driver.execute_query("MATCH (i:Identifier) RETURN i.key AS k").records}
    assert len(stolen) == 5

    dictionary = {}
    for number in numbers:  # what a thief can compute from a list of every phone number
        dictionary[number] = number
        dictionary[digest(number)] = number
        dictionary[hashlib.sha256(number[1:].encode()).hexdigest()] = number
        dictionary[hashlib.sha256(digest(number).encode()).hexdigest()] = number
        for guess in (b"", b"secret", b"pepper", b"secret-graph"):
            dictionary[hmac.new(guess, f"phone:{digest(number)}".encode(), hashlib.sha256).hexdigest()] = number
    for key in stolen:
        assert key not in dictionary and key.split(":", 1)[1] not in dictionary

    # With the pepper the keys are recomputable: the pepper is the secret that matters.
    with_pepper = {Keyring(settings.pepper).identifier_key("phone", digest(n)) for n in numbers}
    assert with_pepper == stolen
    wrong_pepper = {Keyring(b"x" * 40).identifier_key("phone", digest(n)) for n in numbers}
    assert not wrong_pepper & stolen
