"""No raw number, E.164 string or client digest is stored anywhere or written to any log."""

import base64
import hashlib
import json
import logging
import re

from tests import leakscan
from tests.helpers import digest, phone


def _forbidden_forms(numbers: list[str]) -> set[str]:
    forms = set()
    for e164 in numbers:
        national = e164[2:]  # +1 4155550001 -> 4155550001
        forms |= {e164, e164[1:], national, f"({national[:3]}) {national[3:6]}-{national[6:]}", digest(e164)}
    return forms


def _everything_stored(db) -> list[str]:
    values: list[str] = []
    records = db.driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props "
        "UNION ALL MATCH ()-[r]->() RETURN [type(r)] AS labels, properties(r) AS props"
    ).records
    for record in records:
        values.extend(record["labels"])
        for key, value in record["props"].items():
            values.extend([key, str(value)])
    return values


def test_nothing_stored_or_logged_contains_a_number_or_digest(api, db, caplog):
    caplog.set_level(logging.DEBUG)
    numbers = [phone(n) for n in range(20, 26)]
    users = [api.sign_in(n) for n in numbers[:4]]
    api.put("/v1/me/contacts", users[0], json={"digests": [digest(n) for n in numbers[1:]]})
    api.put("/v1/me/contacts", users[1], json={"phones": [numbers[0], "(415) 555-0024"], "region": "US"})
    api.post("/v1/me/contacts", users[2], json={"phones": [numbers[0]], "digests": [digest(numbers[5])]})
    fb_token = "dev:10150000000000001:10150000000000002"
    api.put("/v1/me/facebook", users[3], json={"access_token": fb_token})
    api.post("/v1/auth/codes", json={"phone": "+1 000"})  # a rejected number is not logged either
    assert api.friends(users[0]) == 2

    stored = "\n".join(_everything_stored(db))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "HAS_CONTACT" in stored and "request" in logged  # the scan sees real data
    facebook = {"10150000000000001", "10150000000000002", fb_token}
    for form in _forbidden_forms(numbers) | facebook | {digest(fb_id) for fb_id in facebook}:
        assert form not in stored, form
        assert form not in logged, form
    for user in users:
        assert user.token not in stored and user.token not in logged


def _stored_hashes(db) -> dict[str, list[str]]:
    """{property name: values} of every stored property whose name ends in _hash."""
    records = db.driver.execute_query(
        "MATCH (n) UNWIND keys(n) AS k WITH n, k WHERE k ENDS WITH '_hash' RETURN k, n[k] AS v"
    ).records
    found: dict[str, list[str]] = {}
    for record in records:
        found.setdefault(record["k"], []).append(record["v"])
    return found


def test_codes_and_passcodes_are_stored_as_argon2id_and_tokens_as_sha256(api, db):
    from argon2 import PasswordHasher

    user = api.sign_in(phone(30))
    assert api.put("/v1/me/passcode", user, json={"passcode": "correct horse"}).status_code == 204
    pending = api.request_code(phone(31))  # a code not yet used: its hash is what a thief would find

    stored = _stored_hashes(db)
    assert set(stored) == {"code_hash", "passcode_hash", "token_hash", "refresh_hash"}, stored
    argon2id = re.compile(r"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$")
    for value in stored["code_hash"] + stored["passcode_hash"]:
        assert argon2id.match(value), value  # OWASP's minimum parameters, a 16-byte salt, a 32-byte hash
    assert any(_verifies(PasswordHasher(), h, pending["dev_code"]) for h in stored["code_hash"])
    assert _verifies(PasswordHasher(), stored["passcode_hash"][0], "correct horse")
    assert stored["token_hash"] == [hashlib.sha256(user.token.encode()).hexdigest()]
    assert stored["refresh_hash"] == [hashlib.sha256(user.extra["refresh_token"].encode()).hexdigest()]
    assert len(base64.urlsafe_b64decode(user.token + "=")) == 32  # a 256-bit token


def _verifies(hasher, stored: str, value: str) -> bool:
    try:
        return hasher.verify(stored, value)
    except Exception:
        return False


def test_request_logs_hold_route_templates_without_ids_or_query_strings(api, log_lines):
    author, reader = api.new_user(), api.new_user()
    post = api.create_post(author)
    log_lines.clear()
    sent = [
        api.get(f"/v1/posts/{post['id']}", author, query_string={"probe": "q-secret-1"}),
        api.put(f"/v1/posts/{post['id']}/heart", reader, query_string={"probe": "q-secret-2"}),
        api.get("/v1/nearby", reader, query_string={"lat": "48.858370", "lon": "2.294481"}),
        api.get("/v1/feed", reader, query_string={"cursor": "q-secret-3"}),
        api.get(f"/v1/no-such-path/{post['id']}?probe=q-secret-4", reader),
    ]
    records = [r for r in log_lines.records if r.name == "secret_graph.requests"]
    assert len(records) == len(sent)
    lines = [json.loads(r.getMessage()) for r in records]
    assert all(set(line) == {"event", "request_id", "method", "route", "status", "ms"} for line in lines)
    assert [line["route"] for line in lines] == [
        "/v1/posts/<post_id>",
        "/v1/posts/<post_id>/heart",
        "/v1/nearby",
        "/v1/feed",
        "<unmatched>",
    ]
    logged = "\n".join(leakscan.render_record(r) for r in log_lines.records)
    for forbidden in [post["id"], "q-secret", "probe", "48.858", "2.294", author.token, reader.token, "?"]:
        assert forbidden not in logged, forbidden


def test_debug_logging_never_turns_on_the_drivers_wire_trace(ctx):
    """The Neo4j driver logs Bolt messages, parameters (account ids) included, at DEBUG."""
    import dataclasses
    import logging

    from api.app import create_app

    create_app(ctx=dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, log_level="DEBUG")))
    assert logging.getLogger("neo4j").getEffectiveLevel() >= logging.INFO
