"""Attack: contact discovery one entry at a time (the incremental discovery of NDSS 2021).

The `friends` count in a contact-upload answer moves only for mutual contacts, so adding numbers
one per request tells, for each, whether that number's owner uses the service and has the
attacker in their book. The answer is kept (a newcomer must see their circle fill); the quotas
bound the attack, and docs/threat-model.md ("Contact discovery one entry at a time") states by how
much: per verified account, 20 requests an hour make at most 480 single-number tests a day,
below the 1,000 new entries a day."""

from __future__ import annotations

import dataclasses
import re

import pytest

from api.app import create_app
from api.ratelimit import DEFAULT_RULES
from tests.helpers import ApiClient, digest, phone

TESTS_PER_DAY = 480  # quoted in docs/threat-model.md


def numbers_testable_per_day(settings) -> int:
    """Single-number tests one account can make in a day: one per contacts request, within new entries."""
    per_account = DEFAULT_RULES["contacts"][0]
    count, unit = re.fullmatch(r"(\d+)/(hour|minute|day)", per_account).groups()
    per_day = int(count) * {"minute": 1440, "hour": 24, "day": 1}[unit]
    return min(per_day, settings.new_contacts_per_day)


@pytest.fixture
def limited(ctx, settings):
    """An app with rate limits on (tests/test_rate_limits.py)."""

    def build(rules: str) -> ApiClient:
        chosen = dataclasses.replace(settings, rate_limits=True, rate_limit_rules=rules)
        return ApiClient(create_app(chosen, ctx=dataclasses.replace(ctx, settings=chosen)).test_client())

    return build


def test_one_entry_at_a_time_tells_which_numbers_have_you(api):
    attacker = api.new_user()
    suspects = [api.new_user() for _ in range(4)]
    for suspect in suspects[::2]:  # two of them have the attacker's number
        api.put("/v1/me/contacts", suspect, json={"digests": [attacker.digest]})
    api.put("/v1/me/contacts", attacker, json={"digests": [digest(phone(9300))]})
    counts = [
        api.post("/v1/me/contacts", attacker, json={"digests": [suspect.digest]}).get_json()["friends"]
        for suspect in suspects
    ]
    assert counts == [1, 1, 2, 2]  # moved for the first and the third: what the threat model says is learnt


def test_the_quotas_bound_it_to_480_numbers_a_day_per_account(limited, settings):
    assert numbers_testable_per_day(settings) == TESTS_PER_DAY
    client = limited(f"contacts={DEFAULT_RULES['contacts'][0]}|{DEFAULT_RULES['contacts'][1]}")
    attacker = client.new_user()
    answers = [
        client.post("/v1/me/contacts", attacker, json={"digests": [digest(phone(9400 + n))]}).status_code
        for n in range(21)
    ]
    assert answers == [200] * 20 + [429]  # 20 an hour, so 480 a day
