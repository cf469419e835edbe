"""Attack: two sybil accounts chat with a victim to learn more than the feed shows.

The attacker controls two readers. What the victim's side of any chat looks like ("the author",
no colour) is the same for every post and every author, so chats cannot link two posts to one
writer; the sybils' own pseudonyms are those of their comments (already public in the thread);
one sybil cannot reach the other's chat; and a block gives the blocked sybil no oracle of which
other posts the victim wrote."""

from secret_graph.collections import services as collections


def test_chats_reveal_nothing_beyond_the_feed(api, ctx, clock):
    collections.create(ctx=ctx, slug="sybil", title="Sybil")
    victim, bystander = api.new_user(), api.new_user()
    first, second = api.new_user(), api.new_user()
    victim_posts = [api.create_post(victim, f"victim {n}", collection="sybil") for n in range(2)]
    other_post = api.create_post(bystander, "someone else", collection="sybil")

    seen = {}
    for sybil in (first, second):
        for post in [*victim_posts, other_post]:
            chat = api.post(f"/v1/posts/{post['id']}/chats", sybil).get_json()
            seen[(sybil.id, post["id"])] = chat
    # the author side is one constant: no colour, no name, no id to compare across posts
    assert all(chat["other"] == {"name": "the author", "color": None} for chat in seen.values())
    # each chat's remaining fields are its own id, the post, and coarse times shared by all
    assert len({chat["id"] for chat in seen.values()}) == 6
    assert {chat["created_at"] for chat in seen.values()} == {next(iter(seen.values()))["created_at"]}
    # a sybil's pseudonym is per post: the two sybils' names do not repeat across posts
    for sybil in (first, second):
        names = [seen[(sybil.id, p["id"])]["me"]["name"] for p in [*victim_posts, other_post]]
        comment = api.post(f"/v1/posts/{victim_posts[0]['id']}/comments", sybil, json={"text": "hi"}).get_json()
        assert comment["author"]["avatar"]["name"] == names[0]  # the same as in the thread, nothing new
    # one sybil cannot use the other's chat
    theirs = seen[(first.id, victim_posts[0]["id"])]
    assert api.get(f"/v1/chats/{theirs['id']}/messages", second).status_code == 404
    assert api.post(f"/v1/chats/{theirs['id']}/messages", second, json={"text": "x"}).status_code == 404

    # the victim blocks the first sybil through one chat: asking on the victim's other post, on the
    # bystander's post, and on a new post of the victim all answer alike
    api.post(f"/v1/chats/{theirs['id']}/accept", victim)
    assert api.post(f"/v1/chats/{theirs['id']}/block", victim).status_code == 204
    new_victim_post = api.create_post(victim, "victim later", collection="sybil")
    new_other_post = api.create_post(bystander, "bystander later", collection="sybil")
    answers = [api.post(f"/v1/posts/{p['id']}/chats", first) for p in (new_victim_post, new_other_post)]
    shapes = [(a.status_code, a.get_json()["status"], a.get_json()["other"], a.get_json()["role"]) for a in answers]
    assert shapes[0] == shapes[1] == (201, "requested", {"name": "the author", "color": None}, "opener")
    sends = [api.post(f"/v1/chats/{a.get_json()['id']}/messages", first, json={"text": "hi"}) for a in answers]
    assert [s.status_code for s in sends] == [201, 201]
