"""Delivery jitter, coarse times and opaque cursors: defences against timing correlation."""

import base64
import dataclasses

import pytest

from api.app import create_app
from secret_graph.collections import services as collections
from secret_graph.context import Context
from tests.helpers import ApiClient


@pytest.fixture
def jittered(ctx: Context):
    """The API with production's default delivery jitter (300 s)."""
    settings = dataclasses.replace(ctx.settings, delivery_jitter_s=300)
    client = ApiClient(create_app(ctx=dataclasses.replace(ctx, settings=settings)).test_client())
    yield client
    assert client.foreign_ids_seen() == []


def test_new_posts_reach_others_after_a_random_delay_but_their_author_at_once(jittered, ctx, clock, db):
    collections.create(ctx=ctx, slug="open", title="Open")
    author, reader = jittered.new_user(), jittered.new_user()
    posts = [jittered.create_post(author, f"p{n}", collection="open")["id"] for n in range(20)]
    assert all(jittered.get(f"/v1/posts/{p}", author).status_code == 200 for p in posts)
    delays = [r["d"] for r in db.driver.execute_query("MATCH (p:Post) RETURN p.visible_at - p.created_at AS d").records]
    assert all(0 <= d <= 300_000 for d in delays) and len(set(delays)) > 10
    visible_now = sum(jittered.get(f"/v1/posts/{p}", reader).status_code == 200 for p in posts)
    assert visible_now == sum(d == 0 for d in delays)
    clock.advance(seconds=301)
    assert all(jittered.get(f"/v1/posts/{p}", reader).status_code == 200 for p in posts)


def test_others_see_times_to_the_minute_only(api, ctx, clock):
    collections.create(ctx=ctx, slug="open", title="Open")
    author, reader = api.new_user(), api.new_user()
    clock.advance(ms=37_123)
    post = api.create_post(author, collection="open")
    mine = api.get(f"/v1/posts/{post['id']}", author).get_json()["created_at"]
    theirs = api.get(f"/v1/posts/{post['id']}", reader).get_json()["created_at"]
    assert mine != theirs and theirs.endswith(":00.000Z") and mine.endswith(".123Z")
    comment = api.post(f"/v1/posts/{post['id']}/comments", author, json={"text": "x"}).get_json()
    listed = api.get(f"/v1/posts/{post['id']}/comments", reader).get_json()["items"][0]
    assert listed["id"] == comment["id"] and listed["created_at"].endswith(":00.000Z")


def test_cursors_hide_the_sort_keys(api, clock):
    user = api.new_user()
    created = []
    for n in range(3):
        clock.advance(ms=1234)
        created.append(api.create_post(user, f"p{n}"))
    cursor = api.get("/v1/feed", user, query_string={"limit": 1}).get_json()["next_cursor"]
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    stamp = str(clock.now_ms())
    assert stamp[:8].encode() not in raw and stamp[:8] not in cursor
    tampered = cursor[:-6] + ("A" if cursor[-6] != "A" else "B") + cursor[-5:]
    assert api.get("/v1/feed", user, query_string={"cursor": tampered}).status_code == 400
