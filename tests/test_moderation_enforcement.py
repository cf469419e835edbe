"""Enforcement that never unmasks: decisions on content, strikes, suspensions, bans, appeals,
comment flags, new-account limits and the audit; no answer names an author."""

from __future__ import annotations

import dataclasses

from api.app import create_app
from secret_graph.crypto import client_digest
from tests.helpers import ApiClient

PARIS = {"lat": 48.8566, "lon": 2.3522}
DAY_S = 86_400


def _decide(api, moderator, post_id, action, **extra):
    answer = api.post(f"/v1/moderation/posts/{post_id}/decision", moderator, json={"action": action, **extra})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_remove_then_restore_with_the_reason_shown_to_the_author(api, moderator):
    author, reader = api.new_user(), api.new_user()
    post = api.create_post(author, "my landlord is a crook", location=PARIS)
    decision = _decide(api, moderator, post["id"], "remove", reason="defamation")
    assert decision == {"id": decision["id"], "kind": "post", "content_id": post["id"], "action": "remove",
                        "status": "removed"}  # fmt: skip
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 404
    standing = api.get("/v1/me/standing", author).get_json()
    assert standing["strikes"] == 1 and standing["suspended_until"] is None
    (item,) = standing["content"]
    assert (item["id"], item["status"], item["decision"], item["reason"], item["can_appeal"]) == (
        post["id"], "removed", "remove", "defamation", True,
    )  # fmt: skip
    _decide(api, moderator, post["id"], "restore")
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 200
    assert api.get("/v1/me/standing", author).get_json()["strikes"] == 0  # a restored removal strikes no more


def test_warn_strikes_and_enough_strikes_suspend_automatically(api, moderator, clock):
    author = api.new_user()
    posts = [api.create_post(author, f"post {i}") for i in range(3)]
    _decide(api, moderator, posts[0]["id"], "warn", reason="spam")
    assert api.get("/v1/me/standing", author).get_json()["strikes"] == 1
    assert api.post("/v1/posts", author, json={"text": "still free"}).status_code == 201
    _decide(api, moderator, posts[1]["id"], "remove")  # the second strike: 1 day (SECRET_GRAPH_STRIKE_SUSPENSIONS)
    standing = api.get("/v1/me/standing", author).get_json()
    assert standing["strikes"] == 2 and standing["suspended_until"] is not None
    refused = api.post("/v1/posts", author, json={"text": "let me out"})
    assert refused.status_code == 403
    assert refused.get_json()["errors"]["suspension"]["until"] == standing["suspended_until"]
    assert standing["suspended_until"] in refused.get_json()["message"]
    comment = api.post(f"/v1/posts/{posts[2]['id']}/comments", author, json={"text": "me neither"})
    assert comment.status_code == 403
    clock.advance(seconds=DAY_S + 1)
    assert api.post("/v1/posts", author, json={"text": "back"}).status_code == 201
    _decide(api, moderator, posts[2]["id"], "remove")  # the third: 7 days
    clock.advance(seconds=6 * DAY_S)
    assert api.post("/v1/posts", author, json={"text": "not yet"}).status_code == 403


def test_suspend_for_days(api, moderator, clock):
    author, other = api.new_user(), api.new_user()
    post = api.create_post(author, "something")
    assert api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator,
                    json={"action": "suspend"}).status_code == 422  # fmt: skip
    _decide(api, moderator, post["id"], "suspend", days=2)
    assert api.post("/v1/posts", author, json={"text": "hello"}).status_code == 403
    assert api.post("/v1/posts", other, json={"text": "hello"}).status_code == 201
    clock.advance(seconds=2 * DAY_S + 1)
    assert api.post("/v1/posts", author, json={"text": "hello again"}).status_code == 201


def test_ban_keeps_only_the_phone_key_and_refuses_sign_up(api, moderator, ctx):
    author = api.new_user()
    post = api.create_post(author, "spam spam spam")
    comment = api.post(f"/v1/posts/{post['id']}/comments", author, json={"text": "more spam"}).get_json()
    decision = api.post(f"/v1/moderation/comments/{comment['id']}/decision", moderator,
                        json={"action": "ban", "reason": "spam"})  # fmt: skip
    assert decision.status_code == 200 and decision.get_json()["status"] == "removed"
    assert api.get("/v1/me", author).status_code == 401  # the account and its sessions are gone
    key = ctx.keyring.identifier_key("phone", client_digest(author.phone))
    left = ctx.db.read(
        lambda tx: tx.run(
            "MATCH (a:Account {id: $id}) RETURN 'account' AS what "
            "UNION ALL MATCH (p:Post {id: $post}) RETURN 'post' AS what "
            "UNION ALL MATCH (i:Identifier {key: $key}) RETURN CASE WHEN i.banned_at IS NULL THEN 'key' "
            "ELSE 'banned key' END AS what",
            id=author.id, post=post["id"], key=key,
        ).value()
    )  # fmt: skip
    assert left == ["banned key"]
    challenge = api.request_code(author.phone)
    refused = api.post("/v1/auth/sessions", json={"challenge_id": challenge["challenge_id"],
                                                   "code": challenge["dev_code"]})  # fmt: skip
    assert refused.status_code == 403 and "banned" in refused.get_json()["message"]
    # Nor can another account move to the banned number.
    other = api.new_user()
    code = api.post("/v1/me/phone/codes", other, json={"phone": author.phone}).get_json()
    moved = api.put("/v1/me/phone", other, json={"challenge_id": code["challenge_id"], "code": code["dev_code"]})
    assert moved.status_code == 403


def test_one_appeal_per_removal_joins_the_queue(api, moderator):
    author, stranger = api.new_user(), api.new_user()
    post = api.create_post(author, "an honest opinion", location=PARIS)
    assert api.post(f"/v1/posts/{post['id']}/appeal", author).status_code == 404  # nothing to appeal yet
    _decide(api, moderator, post["id"], "remove", reason="harassment")
    assert api.post(f"/v1/posts/{post['id']}/appeal", stranger).status_code == 404
    first = api.post(f"/v1/posts/{post['id']}/appeal", author)
    assert first.status_code == 202 and first.get_json() == {"post_id": post["id"], "appeal": "pending"}
    assert api.post(f"/v1/posts/{post['id']}/appeal", author).status_code == 409
    (item,) = api.get("/v1/moderation/queue", moderator).get_json()["items"]
    assert item["id"] == post["id"] and item["appeal"] is True and item["status"] == "removed"
    _decide(api, moderator, post["id"], "remove")  # upheld
    assert api.get("/v1/moderation/queue", moderator).get_json()["items"] == []
    assert api.post(f"/v1/posts/{post['id']}/appeal", author).status_code == 409
    (shown,) = api.get("/v1/me/standing", author).get_json()["content"]
    assert shown["appeal"] == "upheld" and shown["can_appeal"] is False
    assert api.get("/v1/me/standing", author).get_json()["strikes"] == 1  # upholding strikes no twice


def test_a_granted_appeal_restores_and_takes_the_strike_back(api, moderator):
    author, reader = api.new_user(), api.new_user()
    post = api.create_post(author, "fine after all", location=PARIS)
    _decide(api, moderator, post["id"], "remove")
    api.post(f"/v1/posts/{post['id']}/appeal", author)
    _decide(api, moderator, post["id"], "restore")
    standing = api.get("/v1/me/standing", author).get_json()
    assert standing["strikes"] == 0 and standing["content"][0]["appeal"] == "granted"
    assert api.get(f"/v1/posts/{post['id']}", reader).status_code == 200


def test_comment_flags_hide_it_pending_review(api, moderator):
    author, writer, reader = api.new_user(), api.new_user(), api.new_user()
    post = api.create_post(author, "ask me anything", location=PARIS)
    path = f"/v1/posts/{post['id']}/comments"
    comment = api.post(path, writer, json={"text": "your cousin owes me money"}).get_json()
    flags = f"{path}/{comment['id']}/flags"
    assert api.post(flags, writer, json={"reason": "spam"}).status_code == 202  # the writer's own: no count
    assert api.post(flags, reader, json={"reason": "nonsense"}).status_code == 422
    for _ in range(3):
        assert api.post(flags, api.new_user(), json={"reason": "defamation"}).status_code == 202
    assert api.get(path, reader).get_json()["items"] == []
    assert api.get(path, writer).get_json()["items"][0]["status"] == "pending"
    # A flag on a comment just hidden is accepted like any other: it must not tell the flagger.
    assert api.post(flags, reader, json={"reason": "defamation"}).status_code == 202
    assert api.post(f"{path}/unknown/flags", reader, json={"reason": "spam"}).status_code == 404
    (item,) = api.get("/v1/moderation/queue", moderator).get_json()["items"]
    assert (item["kind"], item["id"], item["post_id"], item["reasons"]) == (
        "comment", comment["id"], post["id"], {"defamation": 4},
    )  # fmt: skip
    restored = api.post(f"/v1/moderation/comments/{comment['id']}/decision", moderator, json={"action": "restore"})
    assert restored.get_json()["status"] == "visible"
    assert [c["id"] for c in api.get(path, reader).get_json()["items"]] == [comment["id"]]


def test_the_queue_is_ordered_by_severity_then_age(api, moderator, clock):
    author = api.new_user()
    spam = api.create_post(author, "buy cheap watches", location=PARIS)
    clock.advance(seconds=60)
    hurt = api.create_post(author, "nobody would miss me", location=PARIS)
    clock.advance(seconds=60)
    older_spam = spam
    newer_spam = api.create_post(author, "cheap watches again", location=PARIS)
    for post, reason in ((newer_spam, "spam"), (older_spam, "spam"), (hurt, "self_harm")):
        clock.advance(seconds=60)
        api.post(f"/v1/posts/{post['id']}/flags", api.new_user(), json={"reason": reason})
    items = api.get("/v1/moderation/queue", moderator).get_json()["items"]
    assert [item["id"] for item in items] == [hurt["id"], newer_spam["id"], older_spam["id"]]
    assert items[0]["severity"] > items[1]["severity"] == items[2]["severity"]


def test_new_accounts_write_less(app, ctx, clock):
    limited = dataclasses.replace(ctx.settings, new_account_days=3)
    client = ApiClient(create_app(limited, ctx=dataclasses.replace(ctx, settings=limited)).test_client())
    newcomer = client.new_user()
    for i in range(limited.new_account_posts_per_day):
        client.create_post(newcomer, f"post number {i}")
    refused = client.post("/v1/posts", newcomer, json={"text": "one more"})
    assert refused.status_code == 429 and "new accounts" in refused.get_json()["message"]
    clock.advance(seconds=DAY_S + 1)
    client.create_post(newcomer, "a new day")
    clock.advance(seconds=3 * DAY_S)
    for i in range(limited.new_account_posts_per_day + 1):
        client.create_post(newcomer, f"grown up {i}")
    assert client.foreign_ids_seen() == []


def test_moderators_only(api):
    user = api.new_user()
    assert api.get("/v1/moderation/queue", user).status_code == 403
    assert api.get("/v1/moderation/audit", user).status_code == 403
    assert api.post("/v1/moderation/comments/x/decision", user, json={"action": "remove"}).status_code == 403


def test_no_moderation_answer_queue_entry_or_audit_record_names_an_account(api, moderator, ctx, clock):
    author, writer = api.new_user(), api.new_user()
    post = api.create_post(author, "my neighbour Kevin Durand plays drums at 3am", location=PARIS)
    held = api.post(f"/v1/posts/{post['id']}/comments", writer, json={"text": "you pathetic idiot", "confirm": True})
    assert held.get_json()["status"] == "held"
    comment = api.post(f"/v1/posts/{post['id']}/comments", writer, json={"text": "agreed"}).get_json()
    for _ in range(3):
        api.post(f"/v1/posts/{post['id']}/comments/{comment['id']}/flags", api.new_user(), json={"reason": "hate"})
    answers = [api.get("/v1/moderation/queue", moderator)]
    answers.append(api.post(f"/v1/moderation/comments/{comment['id']}/decision", moderator,
                            json={"action": "warn", "reason": "hate"}))  # fmt: skip
    clock.advance(seconds=1)
    answers.append(api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"}))
    api.post(f"/v1/posts/{post['id']}/appeal", author)
    answers.append(api.get("/v1/moderation/queue", moderator))
    clock.advance(seconds=1)
    answers.append(api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator,
                            json={"action": "suspend", "days": 3}))  # fmt: skip
    answers.append(api.get("/v1/moderation/audit", moderator))
    audit = answers[-1].get_json()["items"]
    assert [entry["action"] for entry in audit] == ["suspend", "remove", "warn"]
    assert len({entry["moderator"] for entry in audit}) == 1
    secrets = [user.id for user in api.users] + [user.digest for user in api.users]
    secrets += [ctx.keyring.identifier_key("phone", client_digest(user.phone)) for user in api.users]
    secrets += [user.phone for user in api.users]
    for answer in answers:
        assert answer.status_code == 200, answer.get_json()
        text = answer.get_data(as_text=True)
        assert not [s for s in secrets if s in text], answer.request.path
    records = ctx.db.read(lambda tx: tx.run("MATCH (d:ModerationDecision) RETURN properties(d) AS d").value())
    assert len(records) == 3
    for record in records:
        assert not [s for s in secrets if s in str(record)], record


def test_concurrent_posts_of_a_new_account_count_exactly(ctx):
    from concurrent.futures import ThreadPoolExecutor

    limited = dataclasses.replace(ctx.settings, new_account_days=3, new_account_posts_per_day=2)
    app = create_app(limited, ctx=dataclasses.replace(ctx, settings=limited))
    newcomer = ApiClient(app.test_client()).new_user()

    def post(i: int) -> int:
        return app.test_client().post("/v1/posts", headers=newcomer.headers, json={"text": f"race {i}"}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(post, range(20)))
    assert sorted(codes) == [201] * limited.new_account_posts_per_day + [429] * (20 - limited.new_account_posts_per_day)
