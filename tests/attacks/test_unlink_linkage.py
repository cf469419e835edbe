"""Attack: learning that posts share an author because they vanish together.

`POST /v1/me/unlink` promises "the posts stay". If an unlinked post lost its friend labels (it has no
author to be a friend of), every friend-labelled post of the unlinker would vanish at once from each
friend's feed, telling them those posts had one author. Deleting an account did the same at the
moment its friends' friend count dropped. The rules (docs/threat-model.md, "Unlink and deletion"):
an unlinked post keeps a keyed record of who saw it with which label, and a deleted account's posts
become such posts, each removed at its own random time within SECRET_GRAPH_DELETED_POSTS_WINDOW_S."""

from secret_graph.collections import services as collections


def test_unlinking_makes_no_post_vanish_or_change_its_label(api, ctx, clock):
    reader, fof_reader = api.new_user(), api.new_user()
    circle = api.open_circle(reader, clock)
    author = circle[0]
    api.befriend(fof_reader, circle[1])  # circle[1] is a friend of the author: fof_reader sees `friend_of_friend`
    api.befriend(author, circle[1])
    api.open_circle(fof_reader, clock)
    written = [api.create_post(author, f"secret {i}")["id"] for i in range(3)]
    decoy = api.create_post(circle[2], "someone else's")["id"]
    before = api.labels(reader)
    before_fof = {pid: label for pid, label in api.labels(fof_reader).items() if pid in written}
    assert {before[pid] for pid in written} == {"friend"} and before[decoy] == "friend"
    assert before_fof == {pid: "friend_of_friend" for pid in written}
    assert api.post("/v1/me/unlink", author).get_json() == {"unlinked": 3}
    # Nothing vanished, nothing changed label: the unlink links nothing.
    assert api.labels(reader) == before
    assert {pid: label for pid, label in api.labels(fof_reader).items() if pid in written} == before_fof
    for pid in written:
        assert api.get(f"/v1/posts/{pid}", reader).get_json()["label"] == "friend"
        assert api.get(f"/v1/posts/{pid}", author).status_code == 404  # detached for good
    # A stolen database: the record of who saw the posts leads to no account.
    reach = ctx.db.driver.execute_query(
        "MATCH (p:Post) WHERE p.id IN $ids RETURN COUNT { (p)-[:SAW|WROTE]-{1,3}(:Account) } AS reach",
        ids=written,
    ).records
    assert [r["reach"] for r in reach] == [0, 0, 0]


def test_a_deleted_accounts_posts_go_one_at_a_time_not_with_the_friendship(api, ctx, clock):
    reader = api.new_user()
    circle = api.open_circle(reader, clock, friends=6)  # one friend fewer still leaves the circle open
    author = circle[0]
    written = [api.create_post(author, f"secret {i}")["id"] for i in range(5)]
    friends_before = api.friends(reader)
    assert api.delete("/v1/me", author).status_code == 204
    # The friend count drops now, but no post goes with it.
    assert api.friends(reader) == friends_before - 1
    assert {pid: label for pid, label in api.labels(reader).items() if pid in written} == dict.fromkeys(
        written, "friend"
    )
    # Then they go, each at its own time within the window.
    step = ctx.settings.deleted_posts_window_s // 20
    gone_at: dict[str, int] = {}
    for hour in range(1, 22):
        clock.advance(seconds=step)
        shown = api.labels(reader)
        for pid in written:
            if pid not in shown:
                gone_at.setdefault(pid, hour)
    assert set(gone_at) == set(written)
    assert len(set(gone_at.values())) > 1  # not all at once (all in one of 20 steps: p < 1e-5)


def test_a_post_hidden_by_a_block_stays_hidden_after_its_author_unlinks(api, ctx, clock):
    """A block hides what its target writes afterwards. An unlinked post has no author to match the
    block against, so it must not come back to the blocker, neither with the friend label it would
    have had nor through its collection."""
    collections.create(ctx=ctx, slug="open", title="Open")
    blocker = api.new_user()
    circle = api.open_circle(blocker, clock)
    author = circle[0]
    blocked_from = api.create_post(author, "before the block")["id"]
    clock.advance(seconds=1)
    assert api.post(f"/v1/posts/{blocked_from}/block", blocker).status_code == 204
    clock.advance(seconds=1)
    after = [api.create_post(author, "after the block", **where)["id"] for where in ({}, {"collection": "open"})]
    for unlinked in (False, True):
        if unlinked:
            assert api.post("/v1/me/unlink", author).get_json() == {"unlinked": 3}
        assert not set(after) & set(api.labels(blocker))
        for pid in after:
            assert api.get(f"/v1/posts/{pid}", blocker).status_code == 404
