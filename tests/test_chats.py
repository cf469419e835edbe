"""Anonymous chats through the API: open, accept, decline, messages, leave, block, flag, deletion."""

from __future__ import annotations

import pytest

from secret_graph.collections import services as collections


@pytest.fixture
def setting(api, ctx, clock):
    """An author's post in a collection (anyone may see it), and a reader."""
    api.clock = clock
    collections.create(ctx=ctx, slug="talk", title="Talk", description="")
    author, reader = api.new_user(), api.new_user()
    post = api.create_post(author, "ask me anything", collection="talk")
    return author, reader, post


def open_chat(api, user, post):
    answer = api.post(f"/v1/posts/{post['id']}/chats", user)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def say(api, user, chat, text):
    api.clock.advance(seconds=1)  # messages a second apart: their order is their time's
    return api.post(f"/v1/chats/{chat['id']}/messages", user, json={"text": text})


def test_open_accept_and_talk_under_pseudonyms(api, ctx, setting):
    author, reader, post = setting
    api.post(f"/v1/posts/{post['id']}/comments", reader, json={"text": "curious"})
    comment_avatar = api.get(f"/v1/posts/{post['id']}/comments", reader).get_json()["items"][0]["author"]["avatar"]
    chat = open_chat(api, reader, post)
    assert chat["status"] == "requested" and chat["role"] == "opener" and chat["post_id"] == post["id"]
    assert chat["me"] == comment_avatar and chat["other"] == {"name": "the author", "color": None}
    assert open_chat(api, reader, post)["id"] == chat["id"]  # one per reader and post
    # before the author accepts, the opener may send one message, and the author none
    assert say(api, reader, chat, "hi there").status_code == 201
    assert say(api, reader, chat, "hello?").status_code == 409
    assert say(api, author, chat, "wait").status_code == 409
    requests = api.get("/v1/chats", author).get_json()["items"]
    assert [(c["id"], c["role"], c["status"], c["other"]) for c in requests] == [
        (chat["id"], "author", "requested", comment_avatar)
    ]
    # only the author answers
    assert api.post(f"/v1/chats/{chat['id']}/accept", reader).status_code == 404
    accepted = api.post(f"/v1/chats/{chat['id']}/accept", author)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert api.post(f"/v1/chats/{chat['id']}/decline", author).status_code == 409
    assert say(api, author, chat, "hello reader").status_code == 201
    assert say(api, reader, chat, "hello author").status_code == 201
    page = api.get(f"/v1/chats/{chat['id']}/messages", reader, query_string={"limit": 2}).get_json()
    assert [(m["text"], m["is_me"], m["sender"]["name"]) for m in page["items"]] == [
        ("hello author", True, comment_avatar["name"]),
        ("hello reader", False, "the author"),
    ]
    rest = api.get(f"/v1/chats/{chat['id']}/messages", reader, query_string={"cursor": page["next_cursor"]})
    assert [m["text"] for m in rest.get_json()["items"]] == ["hi there"]
    # strangers see nothing of it
    stranger = api.new_user()
    assert api.get(f"/v1/chats/{chat['id']}/messages", stranger).status_code == 404
    assert say(api, stranger, chat, "me too").status_code == 404
    # the author was told of the request and of messages; nobody of their own actions
    ctx.jobs.drain()
    kinds = {n["kind"] for n in api.get("/v1/notifications", author).get_json()["items"]}
    assert kinds == {"comment", "chat_message"}  # the request's notice became the messages' (one per chat)
    assert [n["kind"] for n in api.get("/v1/notifications", reader).get_json()["items"]] == ["chat_message"]


def test_a_post_one_cannot_see_gives_404_and_ones_own_a_422(api, ctx, setting):
    author, reader, _ = setting
    hidden = api.create_post(author, "friends only")
    assert api.post(f"/v1/posts/{hidden['id']}/chats", reader).status_code == 404
    assert api.post("/v1/posts/nope/chats", reader).status_code == 404
    assert api.post(f"/v1/posts/{hidden['id']}/chats", author).status_code == 422


def test_decline_ends_the_request(api, setting):
    author, reader, post = setting
    chat = open_chat(api, reader, post)
    declined = api.post(f"/v1/chats/{chat['id']}/decline", author)
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert say(api, reader, chat, "please").status_code == 409
    assert open_chat(api, reader, post)["status"] == "declined"  # asking again does not reopen it


def test_leave_ends_it_for_both(api, setting):
    author, reader, post = setting
    chat = open_chat(api, reader, post)
    api.post(f"/v1/chats/{chat['id']}/accept", author)
    assert api.post(f"/v1/chats/{chat['id']}/leave", reader).status_code == 204
    assert api.get("/v1/chats", reader).get_json()["items"] == []
    assert api.get("/v1/chats", author).get_json()["items"][0]["status"] == "ended"
    assert say(api, author, chat, "come back").status_code == 409
    assert api.post(f"/v1/chats/{chat['id']}/leave", reader).status_code == 404


def test_block_ends_it_for_good_without_telling(api, ctx, setting):
    author, reader, post = setting
    chat = open_chat(api, reader, post)
    api.post(f"/v1/chats/{chat['id']}/accept", author)
    assert api.post(f"/v1/chats/{chat['id']}/block", author).status_code == 204
    assert say(api, reader, chat, "hello?").status_code == 409
    assert api.get("/v1/chats", reader).get_json()["items"][0]["status"] == "ended"
    # the shared block edge exists, and no new chat can be opened on any of the author's posts
    edges = ctx.db.read(
        lambda tx: tx.run(
            "MATCH (:Account {id: $a})-[b:BLOCKS]->(:Account {id: $r}) RETURN b.created_at AS at",
            a=author.id,
            r=reader.id,
        ).data()
    )
    assert len(edges) == 1 and edges[0]["at"]
    # a new request on another of the author's posts looks like any unanswered one (a refusal would
    # tell the blocked reader which posts the author wrote), and never reaches the author
    other = api.create_post(author, "another one", collection="talk")
    shadow = open_chat(api, reader, other)
    assert shadow["status"] == "requested" and shadow["other"] == {"name": "the author", "color": None}
    assert say(api, reader, shadow, "hello again").status_code == 201
    ctx.jobs.drain()
    assert [c["id"] for c in api.get("/v1/chats", author).get_json()["items"]] == [chat["id"]]
    assert all(n["chat_id"] != shadow["id"] for n in api.get("/v1/notifications", author).get_json()["items"])
    # nor do the blocked reader's comments notify the author any more
    api.post("/v1/notifications/read", author, json={"all": True})
    api.post(f"/v1/posts/{other['id']}/comments", reader, json={"text": "still here"})
    ctx.jobs.drain()
    assert api.get("/v1/notifications", author).get_json()["unread"]["total"] == 0


def test_flags_show_moderators_the_flagged_message_only(api, setting, moderator):
    author, reader, post = setting
    chat = open_chat(api, reader, post)
    api.post(f"/v1/chats/{chat['id']}/accept", author)
    rude = say(api, reader, chat, "something rude").get_json()
    say(api, reader, chat, "something private")
    mine = say(api, author, chat, "my own words").get_json()
    assert api.get("/v1/moderation/chat-flags", moderator).get_json()["items"] == []
    assert (
        api.post(f"/v1/chats/{chat['id']}/flags", author, json={"message_id": mine["id"], "reason": "spam"}).status_code
        == 404
    )
    body = {"message_id": rude["id"], "reason": "harassment"}
    assert api.post(f"/v1/chats/{chat['id']}/flags", author, json=body).status_code == 204
    items = api.get("/v1/moderation/chat-flags", moderator).get_json()["items"]
    assert [(i["id"], i["text"], i["reason"]) for i in items] == [(rude["id"], "something rude", "harassment")]
    assert api.get("/v1/moderation/chat-flags", reader).status_code == 403


def test_messages_are_screened_like_comments(api, setting):
    _, reader, post = setting
    chat = open_chat(api, reader, post)
    assert say(api, reader, chat, "call me at +1 415 555 0199").status_code == 422
    assert say(api, reader, chat, "   ").status_code == 422


def test_account_deletion_deletes_its_chats_and_messages(api, ctx, setting):
    author, reader, post = setting
    chat = open_chat(api, reader, post)
    api.post(f"/v1/chats/{chat['id']}/accept", author)
    say(api, reader, chat, "before I go")
    assert api.delete("/v1/me", reader).status_code == 204
    left = ctx.db.read(lambda tx: tx.run("MATCH (n) WHERE n:Chat OR n:ChatMessage RETURN count(n) AS n").single()["n"])
    assert left == 0
    assert api.get("/v1/chats", author).get_json()["items"] == []
