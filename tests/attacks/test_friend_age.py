"""Attack 2, the age rule alone: fakes with every other condition met count only once old enough."""


def test_a_circle_of_well_connected_new_accounts_opens_only_once_they_are_old_enough(api, clock, settings):
    viewer = api.new_user()
    circle = [api.new_user() for _ in range(settings.min_friends)]
    m = settings.friend_min_outside
    outsiders = [api.new_user() for _ in range(m * len(circle))]  # each friend's own (the matching rule)
    for index, friend in enumerate(circle):
        api.befriend(viewer, friend)
        for outsider in outsiders[index * m : (index + 1) * m]:
            api.befriend(friend, outsider)
    assert api.friends(viewer) == settings.min_friends  # enough friends, each with enough outside friends

    clock.advance(seconds=settings.friend_min_age_s - 120)
    too_young = api.create_post(circle[0], "posted while my account is a day old, less two minutes")
    assert too_young["id"] not in api.labels(viewer), "accounts younger than the minimum age must not count"

    clock.advance(seconds=180)  # now a minute past the minimum age
    old_enough = api.create_post(circle[1], "posted once every account is old enough")
    assert api.labels(viewer).get(old_enough["id"]) == "friend"
