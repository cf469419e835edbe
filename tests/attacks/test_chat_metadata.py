"""Attack: reading who is on the other side of a chat from its metadata.

Every chat answer (the chat, the list, messages, errors, headers), every notification and every
push payload a chat causes is scanned for both sides' account ids, phone numbers and digests, and
for anything that is not the documented shape."""

from secret_graph.collections import services as collections

CHAT_KEYS = {"id", "post_id", "status", "role", "me", "other", "created_at", "last_activity_at"}
MESSAGE_KEYS = {"id", "text", "created_at", "is_me", "sender"}


def test_no_chat_answer_names_either_side(api, ctx, clock):
    collections.create(ctx=ctx, slug="meta", title="Meta")
    author, reader = api.new_user(), api.new_user()
    for user in (author, reader):
        api.put("/v1/me/devices/d", user, json={"platform": "apns", "token": f"token-of-{user.id[:4]}"})
    post = api.create_post(author, "who am I", collection="meta")
    start = len(api.responses)
    chat = api.post(f"/v1/posts/{post['id']}/chats", reader).get_json()
    api.post(f"/v1/chats/{chat['id']}/messages", reader, json={"text": "hello"})
    api.post(f"/v1/chats/{chat['id']}/accept", author)
    clock.advance(seconds=1)
    api.post(f"/v1/chats/{chat['id']}/messages", author, json={"text": "hi"})
    answers = [
        api.get("/v1/chats", author),
        api.get("/v1/chats", reader),
        api.get(f"/v1/chats/{chat['id']}/messages", author),
        api.get(f"/v1/chats/{chat['id']}/messages", reader),
        api.post(f"/v1/chats/{chat['id']}/accept", author),  # 409
        api.post(f"/v1/chats/{chat['id']}/accept", reader),  # 404
        api.post(f"/v1/chats/{chat['id']}/flags", reader, json={"message_id": "nope", "reason": "spam"}),  # 404
    ]
    assert [a.status_code for a in answers[4:]] == [409, 404, 404]
    for listing in answers[:2]:
        assert all(set(item) == CHAT_KEYS for item in listing.get_json()["items"])
    for page in answers[2:4]:
        assert all(set(item) == MESSAGE_KEYS for item in page.get_json()["items"])
    ctx.jobs.drain()
    for user in (author, reader):
        answers.append(api.get("/v1/notifications", user))
        answers.append(api.get("/v1/me/devices", user))
    pushes = [entry["payload"] for entry in ctx.push.sent]
    assert pushes and all(set(p) == {"kind", "id"} for p in pushes)

    secrets = [value for user in (author, reader) for value in (user.id, user.phone, user.digest, user.phone[1:])]
    for response in [r for _, r in api.responses[start:]] + answers:
        text = response.get_data(as_text=True) + "".join(f"{k}: {v}" for k, v in response.headers.items())
        for secret in secrets:
            assert secret not in text, (response.request.path, secret)
    for payload in pushes:
        for secret in secrets:
            assert secret not in str(payload)


def test_chat_and_message_ids_are_not_derived_from_accounts(api, ctx):
    """Ids are random: two readers' chats on one post share nothing but the post."""
    collections.create(ctx=ctx, slug="ids", title="Ids")
    author = api.new_user()
    post = api.create_post(author, "ids", collection="ids")
    chats = [api.post(f"/v1/posts/{post['id']}/chats", api.new_user()).get_json() for _ in range(2)]
    first, second = chats[0]["id"], chats[1]["id"]
    assert first != second and not (set(first[:6]) == set(second[:6]) and first[:6] == second[:6])
    assert post["id"] not in first and author.id not in first
