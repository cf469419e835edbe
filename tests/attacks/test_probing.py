"""Attack 2: wiping and re-uploading the address book to probe who is who; differencing."""

from tests.helpers import digest, phone


def test_repeated_resets_hit_the_quota(api, settings):
    attacker = api.new_user()
    targets = [digest(phone(9000 + n)) for n in range(10)]
    assert api.put("/v1/me/contacts", attacker, json={"digests": targets[:1]}).status_code == 200  # first upload
    for n in range(settings.contact_resets_per_day):
        response = api.put("/v1/me/contacts", attacker, json={"digests": targets[n + 1 : n + 2]})
        assert response.status_code == 200
    blocked = api.delete("/v1/me/contacts", attacker)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert api.put("/v1/me/contacts", attacker, json={"digests": targets}).status_code == 429


def test_the_friend_count_moves_only_for_mutual_contacts(api):
    attacker = api.new_user()
    stranger, acquaintance = api.new_user(), api.new_user()
    api.put("/v1/me/contacts", acquaintance, json={"digests": [attacker.digest]})
    assert api.post("/v1/me/contacts", attacker, json={"digests": [stranger.digest]}).get_json()["friends"] == 0
    assert api.post("/v1/me/contacts", attacker, json={"digests": [acquaintance.digest]}).get_json()["friends"] == 1


def test_adding_a_suspect_reveals_none_of_their_older_posts(api, clock):
    attacker = api.new_user()
    api.open_circle(attacker, clock)
    suspect = api.new_user()
    api.befriend(suspect, api.new_user())
    older = [api.create_post(suspect, f"old {n}")["id"] for n in range(3)]
    clock.advance(seconds=600)
    feed_before = {item["id"] for item in api.feed(attacker)}
    api.befriend(attacker, suspect)
    feed_after = {item["id"] for item in api.feed(attacker)}
    assert feed_after == feed_before, "adding a contact must change nothing the attacker can see"
    assert not set(older) & feed_after


def test_new_entries_per_day_are_limited_after_the_first_upload(api, clock, settings):
    attacker = api.new_user()
    api.put("/v1/me/contacts", attacker, json={"digests": [digest(phone(9100))]})
    batch = [digest(f"+1650253{n:04d}") for n in range(settings.new_contacts_per_day + 1)]
    blocked = api.post("/v1/me/contacts", attacker, json={"digests": batch})
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert api.post("/v1/me/contacts", attacker, json={"digests": batch[:-1]}).status_code == 200
    assert api.post("/v1/me/contacts", attacker, json={"digests": batch[-1:]}).status_code == 429
    clock.advance(seconds=86_401)
    assert api.post("/v1/me/contacts", attacker, json={"digests": batch[-1:]}).status_code == 200
