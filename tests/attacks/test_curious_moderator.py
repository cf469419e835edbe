"""Attack 7: a moderator who wants to know who wrote a flagged post."""

from secret_graph.collections import services as collections


def test_moderation_endpoints_expose_no_author(api, ctx, moderator):
    collections.create(ctx=ctx, slug="open", title="Open")
    author = api.new_user()
    post = api.create_post(author, "something flaggable", collection="open")
    api.post(f"/v1/posts/{post['id']}/comments", author, json={"text": "and I stand by it"})
    for _ in range(3):
        api.post(f"/v1/posts/{post['id']}/flags", api.new_user(), json={"reason": "harassment"})

    queue = api.get("/v1/moderation/queue", moderator)
    decision = api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"})
    for response in (queue, decision):
        text = response.get_data(as_text=True)
        assert author.id not in text and author.phone not in text and author.token not in text
    item = queue.get_json()["items"][0]
    assert set(item) == {"post", "flags", "reasons"}
    assert set(item["post"]) == {"id", "text", "tags", "collection", "status", "created_at"}
    assert item["post"]["created_at"].endswith(":00.000Z"), "moderators see coarse times too"
    assert set(decision.get_json()) == {"id", "post_id", "action", "status"}
