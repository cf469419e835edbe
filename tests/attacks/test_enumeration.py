"""Attack 3: contact discovery as enumeration ("All the Numbers are US", NDSS 2021)."""

import random

import phonenumbers

from tests.helpers import digest


def _random_valid_numbers(count: int, rng: random.Random) -> list[str]:
    numbers: set[str] = set()
    while len(numbers) < count:
        candidate = (
            f"+1{rng.choice(['212', '312', '617', '650', '917'])}{rng.randrange(2, 10)}{rng.randrange(10**6):06d}"
        )
        if phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
            numbers.add(candidate)
    return sorted(numbers)


def test_uploading_5000_numbers_reveals_only_a_count_of_mutual_contacts(api):
    rng = random.Random(2021)
    members = [api.new_user() for _ in range(3)]
    attacker = api.new_user()
    for member in members[:2]:  # two of them have the attacker in their own book
        api.put("/v1/me/contacts", member, json={"digests": [attacker.digest]})
    numbers = _random_valid_numbers(4997, rng) + [m.phone for m in members]
    rng.shuffle(numbers)

    response = api.put("/v1/me/contacts", attacker, json={"digests": [digest(n) for n in numbers]})
    assert response.status_code == 200
    assert response.get_json() == {"accepted": 5000, "rejected": 0, "friends": 2}
    text = response.get_data(as_text=True)
    for member in members:
        assert member.id not in text and member.digest not in text and member.phone not in text
    assert api.get("/v1/me", attacker).get_json()["friends"] == 2

    more = _random_valid_numbers(1001, random.Random(7))
    blocked = api.post("/v1/me/contacts", attacker, json={"phones": more})
    assert blocked.status_code in (422, 429)  # over the book size, and over the new-contacts quota
