"""Pepper versions: keys under every version, re-keying from the stored value alone, cursors from
before a rotation, the configuration of earlier peppers, and a rotation without traffic."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac

import pytest

from secret_graph import peppers
from secret_graph.config import ConfigError, Settings
from secret_graph.context import Context
from secret_graph.crypto import Keyring, key_version
from secret_graph.identity import services as identity
from secret_graph.paging import Cursors, Position
from tests.helpers import digest

OLD, NEW, NEWER = b"o" * 40, b"n" * 40, b"w" * 40


def test_a_key_is_rewrapped_from_the_stored_value_alone():
    d = digest("+14155550100")
    v1 = Keyring(OLD).identifier_key("phone", d)
    keys = Keyring([OLD, NEW, NEWER]).identifier_keys("phone", d)
    assert keys[0] == v1 and [key_version(k) for k in keys] == [1, 2, 3]
    subkey = hmac.new(NEW, b"subkey:rewrap", hashlib.sha256).digest()
    assert keys[1] == "v2:" + hmac.new(subkey, v1.encode(), hashlib.sha256).hexdigest()
    assert Keyring([OLD, NEW, NEWER]).forward(keys[1]) == keys[1:]
    # The old pepper alone, or a wrong new one, makes none of the new keys.
    assert not set(Keyring(OLD).identifier_keys("phone", d)) & set(keys[1:])
    assert Keyring([OLD, b"x" * 40]).identifier_keys("phone", d)[1] != keys[1]
    # Tags keep their bare version-1 form, then take a prefix.
    tags = Keyring([OLD, NEW]).tags("client-address", "10.0.0.1")
    assert tags[0] == Keyring(OLD).tag("client-address", "10.0.0.1") and tags[1].startswith("v2:")


def test_a_cursor_sealed_before_the_rotation_still_opens():
    position = Position("feed", "recent", 1, 2.0, "post")
    token = Cursors(Keyring(OLD)).seal(position)
    assert Cursors(Keyring([OLD, NEW])).open(token, scope="feed", sort="recent") == position
    newer = Cursors(Keyring([OLD, NEW])).seal(position)
    with pytest.raises(Exception, match="malformed cursor"):
        Cursors(Keyring(OLD)).open(newer, scope="feed", sort="recent")


def test_earlier_peppers_are_configured_oldest_first(tmp_path):
    settings = Settings.from_env(
        {"SECRET_GRAPH_PEPPER": NEW.decode(), "SECRET_GRAPH_PREVIOUS_PEPPERS": f"{OLD.decode()}, {NEWER.decode()}"}
    )
    assert settings.peppers == (OLD, NEWER, NEW)
    assert settings.describe()["SECRET_GRAPH_PREVIOUS_PEPPERS"] == "***"
    with pytest.raises(ConfigError, match="at least 32"):
        Settings.from_env({"SECRET_GRAPH_PEPPER": NEW.decode(), "SECRET_GRAPH_PREVIOUS_PEPPERS": "short"})
    (tmp_path / "pepper").write_text(f"{OLD.decode()}\n{NEW.decode()}\n")  # development: one a line
    assert Settings.from_env({"SECRET_GRAPH_VAR_DIR": str(tmp_path)}).peppers == (OLD, NEW)


def test_a_rotation_rekeys_every_declared_value_and_keeps_sign_ins(settings, db, api, clock):
    users = [api.new_user() for _ in range(3)]
    api.befriend(*users)
    api.request_code(users[0].phone)  # a challenge and two quota locks under v1
    both = dataclasses.replace(settings, pepper=NEW, previous_peppers=(settings.pepper,))
    ctx = Context.create(both, db=db, clock=clock)
    before = peppers.stale_counts(ctx=ctx, version=2)
    assert before["Identifier.key"] == 3 and before["SignInChallenge.address_key"] > 0
    result = peppers.rotate(ctx=ctx, grace_s=0)
    assert result["rekeyed"]["Identifier.key"] == 3
    assert set(peppers.stale_counts(ctx=ctx, version=2).values()) == {0}
    assert peppers.rotate(ctx=ctx, grace_s=0)["rekeyed"]["Identifier.key"] == 0, "running it again is harmless"
    for user in users:
        challenge = identity.request_code(ctx=ctx, phone=user.phone)
        assert (
            identity.create_session(ctx=ctx, challenge_id=challenge.challenge_id, code=challenge.dev_code).account_id
            == user.id
        )
    assert db.read(lambda tx: tx.run("MATCH ()-[f:FRIEND]->() RETURN count(f) AS n").single()["n"]) == 3
