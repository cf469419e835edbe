"""Attack: learning of a post through a notification one may not see.

A notification names a post, and so says it exists and that it concerns the recipient. It must
never name one the recipient cannot see at the moment of reading: not before delivery, not after
removal, deletion, or the friendship that showed it ending."""

from secret_graph.collections import services as collections


def notices(api, ctx, user):
    ctx.jobs.drain()
    return api.get("/v1/notifications", user).get_json()


def test_friend_notice_disappears_when_the_post_is_deleted_and_stays_with_an_unlinked_one(api, ctx, clock):
    reader = api.new_user()
    circle = api.open_circle(reader, clock)
    kept = api.create_post(circle[0], "to be unlinked")
    gone = api.create_post(circle[1], "to be deleted")
    assert {n["post_id"] for n in notices(api, ctx, reader)["items"]} == {kept["id"], gone["id"]}
    assert api.post("/v1/me/unlink", circle[0]).status_code in (200, 204)
    assert api.delete(f"/v1/posts/{gone['id']}", circle[1]).status_code == 204
    # an unlinked post stays, with its label, for those who saw it (tests/attacks/test_unlink_linkage.py)
    page = notices(api, ctx, reader)
    assert [n["post_id"] for n in page["items"]] == [kept["id"]]
    assert api.get(f"/v1/posts/{kept['id']}", reader).get_json()["label"] == "friend"


def test_reply_notices_end_with_the_friendship_that_showed_the_post(api, ctx, clock):
    reader = api.new_user()
    circle = api.open_circle(reader, clock)
    post = api.create_post(circle[0], "friends only")
    api.post(f"/v1/posts/{post['id']}/comments", reader, json={"text": "me first"})
    api.post(f"/v1/posts/{post['id']}/comments", circle[0], json={"text": "the author answers"})
    kinds = {n["kind"] for n in notices(api, ctx, reader)["items"]}
    assert kinds == {"friend_posted", "reply"}
    # the reader's circle closes (their address book is cleared): the post is no longer theirs to see
    assert api.delete("/v1/me/contacts", reader).status_code in (200, 204)
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 404
    api.post(f"/v1/posts/{post['id']}/comments", circle[0], json={"text": "anyone there?"})
    assert notices(api, ctx, reader)["items"] == []


def test_a_moderator_removal_leaves_no_pointer_to_the_post(api, ctx, moderator):
    collections.create(ctx=ctx, slug="mod", title="Mod")
    author, fan = api.new_user(), api.new_user()
    post = api.create_post(author, "flagged", collection="mod")
    api.post(f"/v1/posts/{post['id']}/comments", author, json={"text": "author here"})
    api.post(f"/v1/posts/{post['id']}/comments", fan, json={"text": "fan here"})
    assert [n["kind"] for n in notices(api, ctx, author)["items"]] == ["comment"]
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"})
    for user in (author, fan):
        items = notices(api, ctx, user)["items"]
        assert all(n["post_id"] is None and n["comment_id"] is None for n in items), items


def test_a_push_for_a_post_removed_before_delivery_is_never_sent(api, ctx, moderator):
    collections.create(ctx=ctx, slug="race", title="Race")
    author, fan = api.new_user(), api.new_user()
    api.put("/v1/me/devices/phone", author, json={"platform": "apns", "token": "author-token"})
    post = api.create_post(author, "racing", collection="race")
    ctx.jobs.stop()  # jobs wait, as on a busy queue
    api.put(f"/v1/posts/{post['id']}/heart", fan)
    ctx.db.write(lambda tx: tx.run("MATCH (p:Post {id: $id}) SET p.status = 'removed'", id=post["id"]).consume())
    ctx.jobs.drain()
    assert api.get("/v1/me/devices", author).get_json()["items"][0]["dev_pushes"] == []
    assert api.get("/v1/notifications", author).get_json()["items"] == []
