"""Attack 4: a whole session of the product, recorded; no response names anyone else."""

from secret_graph.collections import services as collections
from tests.helpers import digest


def test_no_response_body_or_header_leaks_ids_numbers_digests_or_keys(api, clock, ctx, db, moderator):
    collections.create(ctx=ctx, slug="campus", title="Campus")
    author = api.new_user()
    readers = api.open_circle(author, clock)
    reader = readers[0]
    api.put("/v1/collections/campus/subscription", reader)
    clock.advance(seconds=120)
    post = api.create_post(
        author, "the dean's car is mine now #campus", collection="campus", location={"lat": 40.0, "lon": -75.0}
    )
    friend_post = api.create_post(readers[1], "I never studied")
    for user in readers[:3]:
        api.put(f"/v1/posts/{post['id']}/heart", user)
        api.post(f"/v1/posts/{post['id']}/comments", user, json={"text": "who is this"})
        api.post(f"/v1/posts/{friend_post['id']}/flags", user, json={"reason": "spam"})
    api.post(f"/v1/posts/{post['id']}/comments", author, json={"text": "nobody"})
    for user in readers[:2]:
        api.get("/v1/feed", user, query_string={"sort": "popular"})
        api.get("/v1/feed", user)
        api.get(f"/v1/posts/{post['id']}/comments", user)
        api.get(f"/v1/posts/{post['id']}", user)
        api.get("/v1/collections/campus/posts", user)
        api.get("/v1/nearby", user, query_string={"lat": 40.01, "lon": -75.01})
    api.get("/v1/moderation/queue", moderator)
    api.post(f"/v1/moderation/posts/{friend_post['id']}/decision", moderator, json={"action": "remove"})
    api.delete("/v1/auth/sessions/current", readers[4])

    stored_keys = [r["k"] for r in db.driver.execute_query("MATCH (i:Identifier) RETURN i.key AS k").records]
    assert stored_keys
    for caller, response in api.responses:
        seen = response.get_data(as_text=True) + "\n" + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        for user in api.users:
            if caller is not None and user.id == caller.id:
                continue
            assert user.id not in seen, response.request.path
            assert user.token not in seen
        for user in api.users:
            assert user.phone not in seen and user.phone[2:] not in seen and digest(user.phone) not in seen
        for key in stored_keys:
            assert key not in seen and key.split(":", 1)[1] not in seen
    assert len(api.responses) > 60
