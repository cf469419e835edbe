"""Notifications through the API: kinds, paging, read marks, preferences, and the anonymity rules."""

from __future__ import annotations

from secret_graph.notifications import services as notices


def notes(api, ctx, user, **query):
    ctx.jobs.drain()
    answer = api.get("/v1/notifications", user, query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_hearts_aggregate_and_never_count_more_than_the_post_shows(api, ctx, clock):
    author = api.new_user()
    ctx_collection(ctx)
    post = api.create_post(author, "hearts please", collection="notes")
    fans = [api.new_user() for _ in range(3)]
    for fan in fans:
        assert api.put(f"/v1/posts/{post['id']}/heart", fan).status_code == 200
    page = notes(api, ctx, author)
    hearts = [item for item in page["items"] if item["kind"] == "hearts"]
    assert len(hearts) == 1 and hearts[0]["post_id"] == post["id"] and hearts[0]["count"] == 3
    assert page["unread"]["total"] == 1 and page["unread"]["by_kind"] == {"hearts": 1}
    # an un-heart lowers the public number, and the notification follows it
    api.delete(f"/v1/posts/{post['id']}/heart", fans[0])
    assert notes(api, ctx, author)["items"][0]["count"] == 2
    # nobody else hears of it, and the hearters hear nothing of their own hearts
    for fan in fans:
        assert notes(api, ctx, fan)["items"] == []
    # hearting again (the API is idempotent) is no new heart: nothing is raised again
    api.post("/v1/notifications/read", author, json={"all": True})
    assert api.put(f"/v1/posts/{post['id']}/heart", fans[1]).status_code == 200
    assert notes(api, ctx, author)["unread"]["total"] == 0


def ctx_collection(ctx):
    from secret_graph.collections import services as collections

    collections.create(ctx=ctx, slug="notes", title="Notes", description="")


def test_own_actions_never_notify(api, ctx):
    ctx_collection(ctx)
    author = api.new_user()
    post = api.create_post(author, "mine", collection="notes")
    api.put(f"/v1/posts/{post['id']}/heart", author)
    api.post(f"/v1/posts/{post['id']}/comments", author, json={"text": "me again"})
    assert notes(api, ctx, author)["items"] == []


def test_comment_on_your_post_and_reply_in_your_thread(api, ctx, clock):
    ctx_collection(ctx)
    author, first, second = api.new_user(), api.new_user(), api.new_user()
    post = api.create_post(author, "talk to me", collection="notes")
    api.post(f"/v1/posts/{post['id']}/comments", first, json={"text": "hello"})
    clock.advance(seconds=1)
    reply = api.post(f"/v1/posts/{post['id']}/comments", second, json={"text": "hi both"}).get_json()
    to_author = notes(api, ctx, author)["items"]
    assert [(n["kind"], n["post_id"], n["comment_id"], n["count"]) for n in to_author] == [
        ("comment", post["id"], reply["id"], 2)
    ]
    to_first = notes(api, ctx, first)["items"]
    assert [(n["kind"], n["comment_id"]) for n in to_first] == [("reply", reply["id"])]
    assert notes(api, ctx, second)["items"] == []
    # the comment it names is deleted: the notification goes with it
    assert api.delete(f"/v1/posts/{post['id']}/comments/{reply['id']}", second).status_code == 204
    assert notes(api, ctx, first)["items"] == []


def test_a_notification_disappears_with_its_post(api, ctx, moderator):
    ctx_collection(ctx)
    author, fan = api.new_user(), api.new_user()
    post = api.create_post(author, "soon gone", collection="notes")
    api.put(f"/v1/posts/{post['id']}/heart", fan)
    api.post(f"/v1/posts/{post['id']}/comments", author, json={"text": "thanks"})
    assert len(notes(api, ctx, author)["items"]) == 1
    assert len(notes(api, ctx, fan)["items"]) == 0
    decided = api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"})
    assert decided.status_code == 200
    page = notes(api, ctx, author)
    # the heart notice names a post its author can no longer see: gone; the removal notice names none
    assert [(n["kind"], n["post_id"]) for n in page["items"]] == [("post_removed", None)]


def test_friend_posted_goes_to_those_who_may_see_it_a_few_times_a_day(api, ctx, clock):
    import dataclasses

    reader = api.new_user()
    circle = api.open_circle(reader, clock)
    author = circle[0]
    capped = dataclasses.replace(ctx.settings, friend_post_notices_per_day=2)
    object.__setattr__(ctx, "settings", capped)
    posts = [api.create_post(author, f"post {n}") for n in range(3)]
    items = notes(api, ctx, reader)["items"]
    assert [n["kind"] for n in items] == ["friend_posted", "friend_posted"]
    assert {n["post_id"] for n in items} <= {p["id"] for p in posts}
    # the time is the post's own coarse time, to the minute
    assert all(n["at"].endswith(":00.000Z") for n in items)
    # a friend of a friend whose own circle is not open may not see the post: no notice either
    assert notes(api, ctx, circle[1])["items"] == []


def test_paging_and_read_marks(api, ctx):
    ctx_collection(ctx)
    author = api.new_user()
    fan = api.new_user()
    ids = []
    for n in range(5):
        post = api.create_post(author, f"p{n}", collection="notes")
        api.put(f"/v1/posts/{post['id']}/heart", fan)
        ids.append(post["id"])
    first = notes(api, ctx, author, limit=2)
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = api.get("/v1/notifications", author, query_string={"limit": 2, "cursor": first["next_cursor"]})
    seen = [n["id"] for n in first["items"]] + [n["id"] for n in second.get_json()["items"]]
    assert len(set(seen)) == 4
    marked = api.post("/v1/notifications/read", author, json={"up_to": first["next_cursor"]}).get_json()
    assert marked == {"marked": 2}
    assert notes(api, ctx, author)["unread"]["total"] == 3
    one = second.get_json()["items"][0]["id"]
    assert api.post("/v1/notifications/read", author, json={"ids": [one]}).get_json() == {"marked": 1}
    assert api.post("/v1/notifications/read", author, json={"all": True}).get_json() == {"marked": 2}
    assert notes(api, ctx, author)["unread"] == {"total": 0, "by_kind": {}}
    assert api.post("/v1/notifications/read", author, json={}).status_code == 422


def test_settings_turn_kinds_off_and_quiet_hours_round_trip(api, ctx):
    ctx_collection(ctx)
    author, fan = api.new_user(), api.new_user()
    default = api.get("/v1/me/notification-settings", author).get_json()
    assert default == {"kinds": {k: True for k in notices.SETTING_KINDS}, "quiet_hours": None}
    body = {"kinds": {"hearts": False}, "quiet_hours": {"start": "22:30", "end": "07:00"}}
    answer = api.put("/v1/me/notification-settings", author, json=body)
    assert answer.status_code == 200
    assert answer.get_json()["kinds"]["hearts"] is False and answer.get_json()["kinds"]["comment"] is True
    assert answer.get_json()["quiet_hours"] == {"start": "22:30", "end": "07:00"}
    post = api.create_post(author, "quiet", collection="notes")
    api.put(f"/v1/posts/{post['id']}/heart", fan)
    assert notes(api, ctx, author)["items"] == []
    bad = api.put(
        "/v1/me/notification-settings", author, json={"kinds": {}, "quiet_hours": {"start": "25:00", "end": "07:00"}}
    )
    assert bad.status_code == 422


def test_contacts_joined_is_a_count_shown_the_next_day(api, ctx, clock):
    from tests.helpers import digest, phone

    watcher = api.new_user()
    numbers = [phone(9001), phone(9002)]
    assert api.post("/v1/me/contacts", watcher, json={"digests": [digest(n) for n in numbers]}).status_code in (
        200,
        201,
    )
    for number in numbers:
        api.sign_in(number)
    assert notes(api, ctx, watcher)["items"] == []  # not before the day is over
    clock.advance(seconds=86_400)
    items = notes(api, ctx, watcher)["items"]
    assert [(n["kind"], n["count"], n["post_id"]) for n in items] == [("contacts_joined", 2, None)]
    assert items[0]["at"].endswith("T00:00:00.000Z")
