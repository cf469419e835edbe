"""Attack: intersection over time. The attacker records which posts show as `friend` while their
circle changes one friend at a time, and attributes what appears or vanishes to that friend.

With the no-history rule (a friendship shows only what was posted after it formed):
- adding a friend reveals none of their older posts (tests/attacks/test_probing.py), so a post that
  appears afterwards is one written afterwards: the attacker learns "a friend posted" only;
- dropping a friend makes exactly that friend's posts (written during the friendship) lose the
  `friend` label: this attributes them. It takes replacing the address book, at most
  SECRET_GRAPH_CONTACT_RESETS_PER_DAY (3) times a day, and a circle one larger than the minimum;
  re-adding the friend brings none of those posts back. docs/threat-model.md states this limit."""

from __future__ import annotations


def test_adding_shows_nothing_older_and_dropping_attributes_only_the_dropped_friends_posts(api, clock, settings):
    attacker = api.new_user()
    circle = api.open_circle(attacker, clock, friends=settings.min_friends + 1)
    written = {friend.id: api.create_post(friend, f"a secret of friend {n}")["id"] for n, friend in enumerate(circle)}
    clock.advance(seconds=60)
    before = api.labels(attacker)
    assert {before[pid] for pid in written.values()} == {"friend"}

    # A newcomer is added: nothing they wrote before shows.
    newcomer = api.new_user()
    api.befriend(newcomer, api.new_user(), api.new_user())
    older = api.create_post(newcomer, "written before the friendship")["id"]
    clock.advance(seconds=60)
    api.befriend(attacker, newcomer)
    assert older not in api.labels(attacker)

    # One friend is dropped (the book replaced without them): exactly their post loses its label.
    dropped = circle[0]
    kept = [friend.digest for friend in circle[1:]] + [newcomer.digest]
    assert api.put("/v1/me/contacts", attacker, json={"digests": kept}).status_code == 200
    after = api.labels(attacker)
    changed = {pid for pid in before if before.get(pid) != after.get(pid)}
    assert changed == {written[dropped.id]}  # the attributed post: the documented limit
    # Re-adding them shows none of it again (no history), and the resets run out.
    readded = api.put("/v1/me/contacts", attacker, json={"digests": [*kept, dropped.digest]})
    assert readded.status_code == 200 and readded.get_json()["friends"] == len(circle) + 1
    assert written[dropped.id] not in api.labels(attacker)
    for _ in range(settings.contact_resets_per_day):
        api.put("/v1/me/contacts", attacker, json={"digests": kept})
    assert api.put("/v1/me/contacts", attacker, json={"digests": kept}).status_code == 429
