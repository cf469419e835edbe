"""Attack: timing a notification to date a post more precisely than the feed does.

A post waits a random delivery jitter before others see it, so that "my friend put her phone down
at 10:03 and a post appeared at 10:03" does not name her. A notification (or a push) sent at
posting time would defeat the jitter; one stamped with the delivery time would give the jitter
away. Both must follow the post: nothing before its visible_at, and only its minute."""

import dataclasses
from types import SimpleNamespace

from api.app import create_app
from secret_graph.posts import services as post_services
from tests.helpers import ApiClient


def test_notice_and_push_wait_for_the_post_and_carry_only_its_minute(ctx, clock, monkeypatch):
    jittered = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, delivery_jitter_s=300))
    api = ApiClient(create_app(ctx=jittered).test_client())
    monkeypatch.setattr(post_services, "secrets", SimpleNamespace(randbelow=lambda n: n - 1))  # the longest wait
    reader = api.new_user()
    circle = api.open_circle(reader, clock)
    api.put("/v1/me/devices/phone", reader, json={"platform": "fcm", "token": "reader-token"})
    post = api.create_post(circle[0], "jittered")

    def seen():
        jittered.jobs.drain()
        items = api.get("/v1/notifications", reader).get_json()["items"]
        pushes = api.get("/v1/me/devices", reader).get_json()["items"][0]["dev_pushes"]
        return items, pushes

    assert seen() == ([], [])  # at posting time: nothing
    clock.advance(ms=300_000 - 1)
    assert seen() == ([], [])  # a millisecond before the post is delivered: still nothing
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 404
    clock.advance(ms=1)
    items, pushes = seen()
    assert [(n["kind"], n["post_id"]) for n in items] == [("friend_posted", post["id"])]
    assert pushes == [{"kind": "friend_posted", "id": items[0]["id"]}]
    shown = api.get(f"/v1/posts/{post['id']}", reader).get_json()
    # the notice's time is the post's own, to the minute: neither the delivery time nor finer
    assert items[0]["at"] == shown["created_at"] and items[0]["at"].endswith(":00.000Z")


def test_the_notice_time_does_not_depend_on_the_jitter_drawn(ctx, clock, monkeypatch):
    """Two posts in one minute with different jitters give notices with the same time."""
    jittered = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, delivery_jitter_s=300))
    api = ApiClient(create_app(ctx=jittered).test_client())
    reader = api.new_user()
    circle = api.open_circle(reader, clock)
    clock.set(clock.now_ms() - clock.now_ms() % 60_000)  # the start of a minute
    draws = iter([10_000, 290_000])
    monkeypatch.setattr(post_services, "secrets", SimpleNamespace(randbelow=lambda n: next(draws)))
    first = api.create_post(circle[0], "early")
    clock.advance(seconds=1)
    second = api.create_post(circle[1], "late")
    clock.advance(seconds=300)
    jittered.jobs.drain()
    items = {n["post_id"]: n["at"] for n in api.get("/v1/notifications", reader).get_json()["items"]}
    assert set(items) == {first["id"], second["id"]}
    assert items[first["id"]] == items[second["id"]]
