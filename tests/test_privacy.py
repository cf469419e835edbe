"""No raw number, E.164 string or client digest is stored anywhere or written to any log."""

import logging

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
