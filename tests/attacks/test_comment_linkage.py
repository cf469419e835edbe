"""Attack: learning that comments, or a comment and a post, share an author because something about
them changes together when that author unlinks or deletes the account.

A comment's "by the post's author" mark used to be read from the post's author: unlinking (or
deleting the account, which unlinks first) cleared it on every thread of the author at once, and a
deleted account's comments all vanished at that moment. Now the mark is stored with the comment, the
author's comments under unlinked posts leave the account with the posts, a deleted account's
comments each go at their own random time within SECRET_GRAPH_DELETED_POSTS_WINDOW_S, and whoever
had blocked the writer keeps those comments hidden (docs/threat-model.md, "Unlink and deletion")."""

from __future__ import annotations

import math

import pytest

from secret_graph.collections import services as collections
from secret_graph.db.cypher import comments as comments_cypher
from secret_graph.posts import services as posts


def _thread(api, viewer, post_id: str) -> list[tuple]:
    """What ``viewer`` reads of a thread: each comment's id, text, pseudonym and author mark."""
    answer = api.get(f"/v1/posts/{post_id}/comments", viewer, query_string={"limit": 50})
    assert answer.status_code == 200, (post_id, answer.get_json())
    return [
        (c["id"], c["text"], c["author"]["avatar"]["name"], c["author"]["is_post_author"])
        for c in answer.get_json()["items"]
    ]


def _comment(api, user, post_id: str, text: str) -> str:
    answer = api.post(f"/v1/posts/{post_id}/comments", user, json={"text": text})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def test_unlinking_changes_no_thread_and_leaves_no_path_to_the_posts(api, ctx, clock):
    reader = api.new_user()
    circle = api.open_circle(reader, clock)
    author, blocker = circle[0], circle[1]
    api.open_circle(blocker, clock)
    api.befriend(author, blocker)
    blocked_from, *written = [api.create_post(author, f"secret {i}")["id"] for i in range(3)]
    collections.create(ctx=ctx, slug="open", title="Open")
    other = api.create_post(circle[2], "someone else's", collection="open")["id"]
    clock.advance(seconds=1)
    assert api.post(f"/v1/posts/{blocked_from}/block", blocker).status_code == 204
    clock.advance(seconds=1)
    for pid in written:
        _comment(api, author, pid, "the author here")  # written after the block: the blocker never sees it
        clock.advance(seconds=1)  # a thread is in time order (then by random id): the author's comes first
        _comment(api, reader, pid, "a friend here")
    elsewhere = _comment(api, author, other, "the author elsewhere")
    threads = [*written, other]
    before = {pid: _thread(api, reader, pid) for pid in threads}
    before_blocker = {pid: _thread(api, blocker, pid) for pid in threads}
    assert [marks for *_, marks in before[written[0]]] == [True, False]
    assert [text for _, text, *_ in before_blocker[written[0]]] == ["a friend here"]

    assert api.post("/v1/me/unlink", author).get_json() == {"unlinked": 3}
    # No thread changed, for a reader or for the blocker: the mark stays, nothing reappears.
    assert {pid: _thread(api, reader, pid) for pid in threads} == before
    assert {pid: _thread(api, blocker, pid) for pid in threads} == before_blocker
    # A stolen database: nothing leads from the account to the unlinked posts through its comments.
    paths = ctx.db.driver.execute_query(
        "MATCH (:Account {id: $id})-[:WROTE]->(c:Comment)-[:ON]->(p:Post) RETURN c.id AS id, p.id AS post",
        id=author.id,
        database_=ctx.db.database,
    ).records
    assert [(r["id"], r["post"]) for r in paths] == [(elsewhere, other)]  # its other comment stays its own
    # Nor do the blockers' hides: a set of accounts that blocked the author would name it. The record
    # that keeps the comments from the blocker is keyed, like an unlinked post's audience.
    hides = ctx.db.driver.execute_query(
        "MATCH (:Account)-[:HID]->(c:Comment)-[:ON]->(p:Post) WHERE p.id IN $ids RETURN count(*) AS n",
        ids=written,
        database_=ctx.db.database,
    ).records
    assert hides[0]["n"] == 0
    # Blocking from a comment whose writer let go of it hides it, as any block would: it does not
    # tell the blocker that the writer is gone.
    gone = next(row for row in before[written[0]] if row[1] == "the author here")[0]
    assert api.post(f"/v1/posts/{written[0]}/comments/{gone}/block", reader).status_code == 204
    assert [row[0] for row in _thread(api, reader, written[0])] == [
        row[0] for row in before[written[0]] if row[0] != gone
    ]


def test_a_deleted_accounts_comments_go_one_at_a_time_and_keep_their_place_until_then(api, ctx, db, clock):
    collections.create(ctx=ctx, slug="open", title="Open")
    reader, blocker, leaver = api.new_user(), api.new_user(), api.new_user()
    hosts = [api.new_user() for _ in range(6)]
    blocked_from = api.create_post(leaver, "an early one", collection="open")["id"]
    clock.advance(seconds=1)
    assert api.post(f"/v1/posts/{blocked_from}/block", blocker).status_code == 204
    clock.advance(seconds=1)
    threads = [api.create_post(host, f"host {i}", collection="open")["id"] for i, host in enumerate(hosts)]
    own = api.create_post(leaver, "mine", collection="open")["id"]
    leaver_comments = {pid: _comment(api, leaver, pid, "the leaver here") for pid in [*threads, own]}
    for pid in [*threads, own]:
        _comment(api, reader, pid, "the reader here")
    before = {pid: _thread(api, reader, pid) for pid in [*threads, own]}
    before_blocker = {pid: _thread(api, blocker, pid) for pid in threads}  # `own` came after the block
    marks = {comment_id: mark for comment_id, _, _, mark in before[own]}
    assert marks == {leaver_comments[own]: True, **{cid: False for cid in marks if cid != leaver_comments[own]}}
    assert all(len(rows) == 1 for rows in before_blocker.values())

    assert api.delete("/v1/me", leaver).status_code == 204
    # At the deletion nothing in any thread changes, for the reader or for the blocker.
    assert {pid: _thread(api, reader, pid) for pid in [*threads, own]} == before
    assert {pid: _thread(api, blocker, pid) for pid in threads} == before_blocker

    # Their pseudonyms stay taken: a newcomer to the thread never wears the name of someone gone.
    gone_name = next(name for cid, _, name, _ in before[threads[0]] if cid == leaver_comments[threads[0]])
    taken = db.read(lambda tx: comments_cypher.avatars_in_thread(tx, post_id=threads[0], viewer_id=hosts[0].id))
    assert gone_name in {row["name"] for row in taken}

    # Then each goes at its own time, with the periodic purge (`secret-graph posts purge`).
    step = ctx.settings.deleted_posts_window_s // 20
    gone_at: dict[str, int] = {}
    for hour in range(1, 22):
        clock.advance(seconds=step)
        posts.purge_retired(ctx=ctx)
        for pid in threads:
            comment_id = leaver_comments[pid]
            if comment_id not in [row[0] for row in _thread(api, reader, pid)]:
                gone_at.setdefault(pid, hour)
    assert set(gone_at) == set(threads)
    assert len(set(gone_at.values())) > 1  # not all at once (all in one of 20 steps: p < 1e-6)
    for pid in threads:  # the reader's own comment stays, and each post's rank counts what is left
        assert [text for _, text, *_ in _thread(api, reader, pid)] == ["the reader here"]
        row = db.read(
            lambda tx, pid=pid: tx.run(
                "MATCH (p:Post {id: $id}) RETURN p.rank AS rank, p.created_at AS created_at, "
                "COUNT { (p)<-[:HEARTED]-() } AS hearts, COUNT { (p)<-[:ON]-() } AS comments",
                id=pid,
            ).single()
        )
        assert row["comments"] == 1
        expected = math.log10(max(row["hearts"] + 2 * row["comments"], 1)) + row["created_at"] / 45_000_000
        assert row["rank"] == pytest.approx(expected, abs=1e-9)


def test_a_ban_on_content_whose_writer_let_go_of_it_still_removes_it(api, ctx, moderator):
    """No one is left to ban, but the content goes, as the moderator is told."""
    collections.create(ctx=ctx, slug="open", title="Open")
    author, reader = api.new_user(), api.new_user()
    post = api.create_post(author, "soon nobody's", collection="open")["id"]
    comment = _comment(api, author, post, "mine, soon nobody's")
    assert api.post("/v1/me/unlink", author).get_json() == {"unlinked": 1}
    path = f"/v1/moderation/comments/{comment}/decision"
    assert api.post(path, moderator, json={"action": "ban"}).get_json()["status"] == "removed"
    assert _thread(api, reader, post) == []
    assert api.post(f"/v1/moderation/posts/{post}/decision", moderator, json={"action": "ban"}).status_code == 200
    assert api.get(f"/v1/posts/{post}", reader).status_code == 404
