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
    assert set(item) == {
        "kind", "id", "post_id", "text", "image", "tags", "collection", "status", "created_at", "waiting_since",
        "severity", "signals", "flags", "reasons", "appeal",
    }  # fmt: skip
    assert item["image"] is None  # a post's picture only: a media URL that leads to no uploader (tests/test_images.py)
    assert item["created_at"].endswith(":00.000Z"), "moderators see coarse times too"
    assert item["waiting_since"].endswith(":00.000Z")
    assert set(decision.get_json()) == {"id", "kind", "content_id", "action", "status"}


def test_the_audit_names_moderators_by_tag_and_never_the_author(api, ctx, moderator):
    author = api.new_user()
    post = api.create_post(author, "audited", location={"lat": 48.85, "lon": 2.35})
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "warn", "reason": "spam"})
    (entry,) = api.get("/v1/moderation/audit", moderator).get_json()["items"]
    assert set(entry) == {"id", "action", "at", "moderator", "kind", "content_id", "reason", "days"}
    assert entry["moderator"] != moderator.id and moderator.id not in str(entry) and author.id not in str(entry)
