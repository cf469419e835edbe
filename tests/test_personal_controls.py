"""Personal controls: muted words, hidden posts, blocked authors; each changes only what its owner sees."""

from __future__ import annotations

PARIS = {"lat": 48.8566, "lon": 2.3522}


def _nearby(api, user) -> list[str]:
    return [item["id"] for item in api.get("/v1/nearby", user, query_string=PARIS).get_json()["items"]]


def test_muted_words_leave_feeds_and_threads(api, clock):
    viewer, author = api.new_user(), api.new_user()
    circle = api.open_circle(viewer, clock)
    assert api.get("/v1/me/muted-words", viewer).get_json() == {"words": []}
    saved = api.put("/v1/me/muted-words", viewer, json={"words": ["Spoiler", "Game of Thrones", "spoiler"]})
    assert saved.get_json() == {"words": ["spoiler", "game of thrones"]}
    muted = api.create_post(circle[0], "SPOILERS ahead... no: a SPOILER!", location=PARIS)
    phrase = api.create_post(circle[1], "game  of THRONES ending", location=PARIS)
    kept = api.create_post(circle[2], "spoilt child, gameplay", location=PARIS)  # whole words only
    assert [item["id"] for item in api.feed(viewer)] == [kept["id"]]
    assert _nearby(api, viewer) == [kept["id"]]
    assert {muted["id"], phrase["id"]} <= set(_nearby(api, author))  # others still see them
    assert api.get(f"/v1/posts/{muted['id']}", viewer).status_code == 200  # muted, not unreachable
    path = f"/v1/posts/{kept['id']}/comments"
    api.post(path, author, json={"text": "big spoiler: he dies"})
    fine = api.post(path, author, json={"text": "no comment"}).get_json()
    assert [c["id"] for c in api.get(path, viewer).get_json()["items"]] == [fine["id"]]
    clock.advance(seconds=1)  # threads are oldest first; same-millisecond comments sort by id
    mine = api.post(path, viewer, json={"text": "my own spoiler stays"}).get_json()
    assert [c["id"] for c in api.get(path, viewer).get_json()["items"]] == [fine["id"], mine["id"]]
    assert api.put("/v1/me/muted-words", viewer, json={"words": ["..."]}).status_code == 422
    assert api.put("/v1/me/muted-words", viewer, json={"words": ["x" * 51]}).status_code == 422


def test_a_hidden_post_leaves_the_feed_for_good(api, clock):
    viewer, other = api.new_user(), api.new_user()
    circle = api.open_circle(viewer, clock)
    post = api.create_post(circle[0], "hide me", location=PARIS)
    assert api.put(f"/v1/posts/{post['id']}/hidden", viewer).status_code == 204
    assert api.put(f"/v1/posts/{post['id']}/hidden", viewer).status_code == 204  # idempotent
    assert api.feed(viewer) == [] and _nearby(api, viewer) == []
    assert post["id"] in _nearby(api, other)  # for everyone else, nothing changed
    assert api.put("/v1/posts/unknown/hidden", viewer).status_code == 404


def test_blocking_hides_only_what_the_author_writes_afterwards(api, clock):
    blocker, author, bystander = api.new_user(), api.new_user(), api.new_user()
    before = api.create_post(author, "an old post", location=PARIS)
    clock.advance(seconds=1)
    target = api.create_post(author, "the post that annoyed me", location=PARIS)
    clock.advance(seconds=60)
    answer = api.post(f"/v1/posts/{target['id']}/block", blocker)
    assert answer.status_code == 204 and answer.get_data() == b""
    clock.advance(seconds=60)
    after = api.create_post(author, "a new post", location=PARIS)
    clock.advance(seconds=1)
    other = api.create_post(bystander, "someone else", location=PARIS)
    # The post blocked from is hidden too; older posts stay (or every post that vanished would share an author).
    assert _nearby(api, blocker) == [other["id"], before["id"]]
    assert api.get(f"/v1/posts/{after['id']}", blocker).status_code == 404
    assert api.get(f"/v1/posts/{before['id']}", blocker).status_code == 200
    assert _nearby(api, bystander) == [other["id"], after["id"], target["id"], before["id"]]
    # Comments the author writes later, anywhere, are gone for the blocker too.
    path = f"/v1/posts/{other['id']}/comments"
    api.post(path, author, json={"text": "after the block"})
    kept = api.post(path, bystander, json={"text": "hello"}).get_json()
    assert [c["id"] for c in api.get(path, blocker).get_json()["items"]] == [kept["id"]]
    assert len(api.get(path, bystander).get_json()["items"]) == 2


def test_blocking_a_comments_writer(api, clock):
    blocker, writer, author = api.new_user(), api.new_user(), api.new_user()
    post = api.create_post(author, "a thread", location=PARIS)
    path = f"/v1/posts/{post['id']}/comments"
    rude = api.post(path, writer, json={"text": "meh"}).get_json()
    assert api.post(f"{path}/{rude['id']}/block", blocker).status_code == 204
    clock.advance(seconds=1)
    api.post(path, writer, json={"text": "again"})
    assert api.get(path, blocker).get_json()["items"] == []
    assert api.get(f"/v1/posts/{post['id']}", blocker).status_code == 200  # the post's author was not blocked
    assert api.post(f"{path}/unknown/block", blocker).status_code == 404


def test_blocking_oneself_answers_the_same_and_records_nothing(api, ctx):
    author = api.new_user()
    post = api.create_post(author, "mine", location=PARIS)
    assert api.post(f"/v1/posts/{post['id']}/block", author).status_code == 204
    assert api.get(f"/v1/posts/{post['id']}", author).status_code == 200
    blocks = ctx.db.read(lambda tx: tx.run("MATCH ()-[b:BLOCKS]->() RETURN count(b) AS n").single()["n"])
    assert blocks == 0
