"""Comments with pseudonyms, flags and moderation."""

from collections import Counter

from secret_graph.collections import services as collections
from secret_graph.comments import pseudonyms


def _public_post(api, ctx, author):
    if not collections.list_(ctx=ctx, viewer_id=author.id):
        collections.create(ctx=ctx, slug="open", title="Open")
    return api.create_post(author, "what do you think?", collection="open")


def test_pseudonyms_are_stable_unique_and_marked_for_the_author(api, ctx):
    author = api.new_user()
    post = _public_post(api, ctx, author)
    commenters = [api.new_user() for _ in range(12)]
    avatars = {}
    for user in [author, *commenters]:
        for n in range(2):
            body = api.post(f"/v1/posts/{post['id']}/comments", user, json={"text": f"reply {n}"}).get_json()
            avatars.setdefault(user.id, set()).add(body["author"]["avatar"]["name"])
    assert all(len(names) == 1 for names in avatars.values()), "stable for one account in one post"
    names = [next(iter(names)) for names in avatars.values()]
    assert len(set(names)) == len(names), "unique in the thread"

    listed = api.get(f"/v1/posts/{post['id']}/comments", commenters[0], query_string={"limit": 50}).get_json()["items"]
    assert len(listed) == 26
    assert [c["created_at"] for c in listed] == sorted(c["created_at"] for c in listed)
    by_author = [c for c in listed if c["author"]["is_post_author"]]
    assert len(by_author) == 2 and all(not c["author"]["is_me"] for c in by_author)
    assert sum(c["author"]["is_me"] for c in listed) == 2


def test_pseudonyms_are_unlinkable_across_posts(api, ctx):
    collections.create(ctx=ctx, slug="open", title="Open")
    author, commenter = api.new_user(), api.new_user()
    names = []
    for n in range(12):
        post = api.create_post(author, f"post {n}", collection="open")
        body = api.post(f"/v1/posts/{post['id']}/comments", commenter, json={"text": "me"}).get_json()
        names.append(body["author"]["avatar"]["name"])
    # With 512 possible names, twelve posts almost never repeat one much; a per-account name would.
    assert Counter(names).most_common(1)[0][1] <= 3


def test_comment_paging_and_deletion(api, ctx, clock):
    author, other = api.new_user(), api.new_user()
    post = _public_post(api, ctx, author)
    ids = []
    for n in range(7):
        clock.advance(ms=10)
        ids.append(api.post(f"/v1/posts/{post['id']}/comments", other, json={"text": f"c{n}"}).get_json()["id"])
    first = api.get(f"/v1/posts/{post['id']}/comments", other, query_string={"limit": 5})
    second = api.get(
        f"/v1/posts/{post['id']}/comments", other, query_string={"limit": 5, "cursor": first.get_json()["next_cursor"]}
    )
    assert [c["id"] for c in first.get_json()["items"] + second.get_json()["items"]] == ids
    assert "Link" in first.headers and second.get_json()["next_cursor"] is None
    assert api.delete(f"/v1/posts/{post['id']}/comments/{ids[0]}", api.new_user()).status_code == 404
    assert api.delete(f"/v1/posts/{post['id']}/comments/{ids[0]}", other).status_code == 204
    assert api.get(f"/v1/posts/{post['id']}", author).get_json()["comments"] == 6


def test_flags_hide_a_post_pending_review_and_moderators_decide(api, ctx, moderator):
    author = api.new_user()
    post = _public_post(api, ctx, author)
    flaggers = [api.new_user() for _ in range(3)]
    assert api.post(f"/v1/posts/{post['id']}/flags", flaggers[0], json={"reason": "nonsense"}).status_code == 422
    for user, reason in zip(flaggers[:2], ["spam", "spam"], strict=True):
        assert api.post(f"/v1/posts/{post['id']}/flags", user, json={"reason": reason}).status_code == 202
    # Flagging twice counts once.
    api.post(f"/v1/posts/{post['id']}/flags", flaggers[0], json={"reason": "spam"})
    assert api.get(f"/v1/posts/{post['id']}", flaggers[2]).status_code == 200
    api.post(f"/v1/posts/{post['id']}/flags", flaggers[2], json={"reason": "bullying"})
    assert api.get(f"/v1/posts/{post['id']}", flaggers[2]).status_code == 404  # hidden pending review
    assert api.get(f"/v1/posts/{post['id']}", author).status_code == 200  # but not from its author

    assert api.get("/v1/moderation/queue", author).status_code == 403
    queue = api.get("/v1/moderation/queue", moderator).get_json()["items"]
    assert len(queue) == 1
    assert queue[0]["flags"] == 3 and queue[0]["reasons"] == {"bullying": 1, "spam": 2}
    assert queue[0]["status"] == "pending" and queue[0]["kind"] == "post"
    assert author.id not in str(queue) and author.phone not in str(queue)

    restored = api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "restore"})
    assert restored.get_json()["status"] == "visible"
    assert api.get(f"/v1/posts/{post['id']}", flaggers[2]).status_code == 200
    assert api.get("/v1/moderation/queue", moderator).get_json()["items"] == []

    removed = api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"})
    assert removed.get_json()["status"] == "removed"
    assert api.get(f"/v1/posts/{post['id']}", author).status_code == 404
    assert (
        api.post(f"/v1/moderation/posts/{post['id']}/decision", author, json={"action": "restore"}).status_code == 403
    )
    assert api.post("/v1/moderation/posts/nope/decision", moderator, json={"action": "remove"}).status_code == 404


def test_decisions_are_audited(api, ctx, moderator, db):
    post = _public_post(api, ctx, api.new_user())
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"})
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "restore"})
    audit = db.driver.execute_query(
        "MATCH (d:ModerationDecision {post_id: $id}) RETURN d.action AS action ORDER BY d.at", id=post["id"]
    ).records
    assert [r["action"] for r in audit] == ["remove", "restore"]


def test_collections_are_created_by_moderators_only(api, moderator):
    user = api.new_user()
    assert api.post("/v1/collections", user, json={"slug": "x", "title": "X"}).status_code == 403
    made = api.post("/v1/collections", moderator, json={"slug": "late-night", "title": "Late night"})
    assert made.status_code == 201 and made.get_json()["slug"] == "late-night"
    assert api.post("/v1/collections", moderator, json={"slug": "late-night", "title": "Again"}).status_code == 409
    assert api.post("/v1/collections", moderator, json={"slug": "Bad Slug", "title": "X"}).status_code == 422


def test_a_thread_larger_than_the_name_space_still_gets_unique_names():
    # 16 colours x 32 animals = 512 base names; a hub's post can draw more commenters than that.
    taken: set[str] = set()
    for n in range(3 * pseudonyms.COMBINATIONS):
        name, _ = pseudonyms.choose(b"k" * 32, post_id="post", account_id=f"account-{n}", taken=taken)
        assert name not in taken
        taken.add(name)
    assert len(taken) == 3 * pseudonyms.COMBINATIONS


def test_an_authors_own_flag_is_accepted_but_never_counts(api, ctx, moderator):
    author, reader = api.new_user(), api.new_user()
    post = _public_post(api, ctx, author)
    assert api.post(f"/v1/posts/{post['id']}/flags", author, json={"reason": "spam"}).status_code == 202
    for flagger in (api.new_user(), api.new_user()):
        assert api.post(f"/v1/posts/{post['id']}/flags", flagger, json={"reason": "spam"}).status_code == 202
    # Two flags from others and the author's own: below the threshold of three, so still visible.
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 200
    assert [item["flags"] for item in api.get("/v1/moderation/queue", moderator).get_json()["items"]] == [2]


def test_a_flag_on_a_post_just_hidden_is_accepted_and_recorded(api, ctx, moderator):
    author, late, stranger = api.new_user(), api.new_user(), api.new_user()
    post = _public_post(api, ctx, author)
    friends_only = api.create_post(author, "for friends")
    for flagger in [api.new_user() for _ in range(3)]:
        api.post(f"/v1/posts/{post['id']}/flags", flagger, json={"reason": "spam"})
    assert api.get(f"/v1/posts/{post['id']}", late).status_code == 404  # hidden pending review
    # A flag must not tell the flagger that the post was just hidden: accepted and recorded.
    assert api.post(f"/v1/posts/{post['id']}/flags", late, json={"reason": "hate"}).status_code == 202
    (queued,) = api.get("/v1/moderation/queue", moderator).get_json()["items"]
    assert queued["flags"] == 4 and queued["reasons"] == {"hate": 1, "spam": 3}
    # A post the flagger never could see, or a missing one, stays a 404, alike.
    never = api.post(f"/v1/posts/{friends_only['id']}/flags", stranger, json={"reason": "spam"})
    missing = api.post("/v1/posts/no-such-post/flags", stranger, json={"reason": "spam"})
    assert never.status_code == missing.status_code == 404 and never.get_json() == missing.get_json()
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"})
    assert api.post(f"/v1/posts/{post['id']}/flags", late, json={"reason": "spam"}).status_code == 404


def test_a_post_author_may_delete_comments_under_their_post_only(api, ctx):
    author, commenter, bystander = api.new_user(), api.new_user(), api.new_user()
    post = _public_post(api, ctx, author)
    theirs = _public_post(api, ctx, bystander)
    rude = api.post(f"/v1/posts/{post['id']}/comments", commenter, json={"text": "rude"}).get_json()
    kind = api.post(f"/v1/posts/{post['id']}/comments", bystander, json={"text": "kind"}).get_json()
    elsewhere = api.post(f"/v1/posts/{theirs['id']}/comments", commenter, json={"text": "hi"}).get_json()
    # Nobody else learns anything: the same 404 as a missing comment.
    refused = api.delete(f"/v1/posts/{post['id']}/comments/{rude['id']}", bystander)
    missing = api.delete(f"/v1/posts/{post['id']}/comments/no-such-comment", bystander)
    assert refused.status_code == 404 and refused.get_json() == missing.get_json()
    assert api.delete(f"/v1/posts/{theirs['id']}/comments/{elsewhere['id']}", author).status_code == 404
    assert api.delete(f"/v1/posts/{post['id']}/comments/{elsewhere['id']}", author).status_code == 404
    assert api.delete(f"/v1/posts/{post['id']}/comments/{rude['id']}", author).status_code == 204
    left = api.get(f"/v1/posts/{post['id']}/comments", author).get_json()["items"]
    assert [comment["id"] for comment in left] == [kind["id"]]
