"""Attacks on Whisper's surfaces: pictures, explore, tags and trending must not lead to an author."""

from __future__ import annotations

import io

from tests import imagefiles


def _upload(api, user, data: bytes):
    body = {"file": (io.BytesIO(data), "photo.jpg")}
    return api.post("/v1/images", user, data=body, content_type="multipart/form-data").get_json()


def test_a_pictures_url_cannot_attach_it_and_a_posted_picture_leads_to_no_account(api, ctx):
    """Someone who sees a picture (its URL) tries to post it as theirs, to learn from the answer whose it is."""
    author, attacker = api.new_user(), api.new_user()
    picture = _upload(api, author, imagefiles.jpeg(seed=31))
    key = picture["url"].rpartition("/")[2]
    for guess in (key, key.rpartition(".")[0], picture["url"]):
        answer = api.post("/v1/posts", attacker, json={"text": "mine", "image_id": guess})
        assert answer.status_code == 422
    api.create_post(author, "a picture", audience="world", image_id=picture["id"])
    # Stolen database: from the picture, no path reaches an account.
    paths = ctx.db.driver.execute_query(
        "MATCH (i:Image {key: $key}) RETURN COUNT { (i)<-[:UPLOADED]-(:Account) } AS uploaded, "
        "COUNT { (i)<-[:SHOWS]-(:Post)<-[:WROTE]-(:Account) } AS written",
        key=key,
    ).records[0]
    assert paths["uploaded"] == 0 and paths["written"] == 1  # only the post's own WROTE, which unlink removes
    api.post("/v1/me/unlink", author)
    unlinked = ctx.db.driver.execute_query(
        "MATCH (i:Image {key: $key}) RETURN COUNT { (i)--{1,3}(:Account) } AS reach", key=key
    ).records[0]
    assert unlinked["reach"] == 0


def test_a_failed_attach_answers_the_same_whoever_owns_the_image(api):
    """Someone else's upload, a used one and a made-up id get one answer: no way to probe uploads."""
    author, attacker = api.new_user(), api.new_user()
    theirs = _upload(api, author, imagefiles.jpeg(seed=32))
    used = _upload(api, attacker, imagefiles.jpeg(seed=33))
    api.create_post(attacker, "used", image_id=used["id"])
    answers = [
        api.post("/v1/posts", attacker, json={"text": "x", "image_id": image_id}).get_json()
        for image_id in (theirs["id"], used["id"], "made-up-id")
    ]
    assert answers[0] == answers[1] == answers[2]


def test_explore_and_tag_pages_show_others_times_to_the_minute_only(api, clock):
    author, reader = api.new_user(), api.new_user()
    clock.advance(ms=12_345)
    post = api.create_post(author, "exactly when? #timing", audience="world")
    for path in ("/v1/explore", "/v1/tags/timing/posts"):
        (item,) = api.get(path, reader).get_json()["items"]
        assert item["id"] == post["id"] and item["created_at"].endswith(":00.000Z") and not item["is_own"]
    assert post["created_at"] != item["created_at"]


def test_trending_cannot_single_out_one_prolific_account(api):
    """One account posting a tag many times, with four helpers posting it once, trends as 5, not 24."""
    loud, *helpers = [api.new_user() for _ in range(5)]
    for _ in range(20):
        api.create_post(loud, "#myname", audience="world")
    answer = api.get("/v1/tags/trending", helpers[0]).get_json()["items"]
    assert answer == []  # one account: absent
    for helper in helpers:
        api.create_post(helper, "#myname", audience="world")
    answer = api.get("/v1/tags/trending", helpers[0]).get_json()["items"]
    assert answer == [{"tag": "myname", "posts": 20}]  # 24 rounded down; never exact
