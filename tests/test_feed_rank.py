"""The stored `popular` rank (issue 15): kept exact by every write that changes it, even under
concurrent hearts; `popular` pages stay stable while hearts arrive; and what visibility takes away
(removal, deletion, unlink, account deletion) never shows on a later page of either sort."""

from __future__ import annotations

import math
import threading
import time

import pytest

from secret_graph.collections import services as collections
from secret_graph.crypto import new_id
from secret_graph.db.cypher import posts as posts_cypher
from secret_graph.posts import services as posts

PERIOD_MS = 45_000_000  # docs/visibility.md, "Popular"


def _stored(db, post_id: str) -> dict:
    return db.read(
        lambda tx: tx.run(
            "MATCH (p:Post {id: $id}) RETURN p.rank AS rank, p.created_at AS created_at, "
            "COUNT { (p)<-[:HEARTED]-() } AS hearts, COUNT { (p)<-[:ON]-() } AS comments",
            id=post_id,
        ).single()
    ).data()


def _expected(row: dict) -> float:
    return math.log10(max(row["hearts"] + 2 * row["comments"], 1)) + row["created_at"] / PERIOD_MS


def test_the_rank_follows_hearts_comments_and_their_removal(api, ctx, db, clock):
    collections.create(ctx=ctx, slug="ranked", title="Ranked")
    author, fans = api.new_user(), [api.new_user() for _ in range(3)]
    post = api.create_post(author, "rank me", collection="ranked")["id"]
    assert _stored(db, post)["rank"] == pytest.approx(_stored(db, post)["created_at"] / PERIOD_MS, abs=1e-9)
    for fan in fans:
        assert api.put(f"/v1/posts/{post}/heart", fan).status_code == 200
    comment = api.post(f"/v1/posts/{post}/comments", fans[0], json={"text": "yes"}).get_json()["id"]
    row = _stored(db, post)
    assert (row["hearts"], row["comments"]) == (3, 1)
    assert row["rank"] == pytest.approx(_expected(row), abs=1e-9)  # log10(5)
    assert api.delete(f"/v1/posts/{post}/heart", fans[1]).status_code == 200
    assert api.delete(f"/v1/posts/{post}/comments/{comment}", fans[0]).status_code == 204
    row = _stored(db, post)
    assert (row["hearts"], row["comments"]) == (2, 0)
    assert row["rank"] == pytest.approx(_expected(row), abs=1e-9)
    assert api.delete("/v1/me", fans[2]).status_code == 204  # its heart goes with the account
    row = _stored(db, post)
    assert row["hearts"] == 1 and row["rank"] == pytest.approx(_expected(row), abs=1e-9)


def _dense_post(api, ctx, db, *, fans: int) -> tuple[str, list[str]]:
    """A post with 60 hearts already (past Neo4j's 50 relationships, where relationships are kept in
    groups and changing one locks less of the post), and ``fans`` accounts that have not hearted it yet."""
    collections.create(ctx=ctx, slug="dense", title="Dense")
    post = api.create_post(api.new_user(), "heart me at once", collection="dense")["id"]
    accounts = [new_id() for _ in range(60 + fans)]
    db.write(lambda tx: tx.run("UNWIND $ids AS id CREATE (:Account {id: id, created_at: 0})", ids=accounts).consume())
    for fan in accounts[:60]:
        posts.heart(ctx=ctx, viewer_id=fan, post_id=post, hearted=True)
    return post, accounts[60:]


def test_concurrent_hearts_leave_the_exact_rank(api, ctx, db):
    """Many hearts at once on a dense post: the final rank counts them all."""
    post, racing = _dense_post(api, ctx, db, fans=60)
    start = threading.Barrier(len(racing))
    errors: list[BaseException] = []

    def heart(fan_id: str) -> None:
        try:
            start.wait()
            posts.heart(ctx=ctx, viewer_id=fan_id, post_id=post, hearted=True)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=heart, args=(fan,)) for fan in racing]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    row = _stored(db, post)
    assert row["hearts"] == 120
    assert row["rank"] == pytest.approx(math.log10(120) + row["created_at"] / PERIOD_MS, abs=1e-9)


def _blocked_behind(db, done: threading.Event, timeout_s: float = 20.0) -> bool:
    """Wait until a transaction is blocked (on the open one's lock), or ``done`` is set first.

    Polling Neo4j's own transaction list, not a sleep: the test must not pass because the second
    write had not yet started when the first committed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not done.is_set():
        rows = db.driver.execute_query("SHOW TRANSACTIONS YIELD status", database_=db.database).records
        if any(str(row["status"]).startswith("Blocked") for row in rows):
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("hearted", [True, False])
def test_a_heart_waits_for_a_heart_in_flight_on_the_same_post(api, ctx, db, hearted):
    """The rank's lock, deterministically: while one heart's (or un-heart's) transaction is open, a
    second one on the same post through the service waits, then counts both. Without the lock
    (posts.rerank's SET/REMOVE) an un-heart does not wait on a dense post: it counts the first one's
    heart as still there, and the first then commits a count that still has the second's: a stale
    rank. (A new heart's MERGE locks the post itself; the race test above has a window one
    statement wide.)"""
    post, (first, second) = _dense_post(api, ctx, db, fans=2)
    if not hearted:
        for fan in (first, second):
            posts.heart(ctx=ctx, viewer_id=fan, post_id=post, hearted=True)
    done = threading.Event()
    errors: list[BaseException] = []

    def heart() -> None:
        try:
            posts.heart(ctx=ctx, viewer_id=second, post_id=post, hearted=hearted)
        except BaseException as error:  # reported below
            errors.append(error)
        done.set()

    with db.driver.session(database=db.database) as session, session.begin_transaction() as held:
        posts_cypher.rerank(held, post_ids=[post], heart={"viewer_id": first, "hearted": hearted, "at": 1})
        thread = threading.Thread(target=heart)
        thread.start()
        blocked = _blocked_behind(db, done)  # the second is in its statement, waiting on the first
        held.commit()
    thread.join()
    assert errors == []
    assert blocked, "the second write never waited on the first"
    row = _stored(db, post)
    assert row["hearts"] == (62 if hearted else 60)
    assert row["rank"] == pytest.approx(_expected(row), abs=1e-9)


def test_a_viewers_second_heart_in_flight_tells_the_author_nothing(api, ctx, db):
    """Two hearts by one viewer at once (a double tap, a retried request) make one heart, and the
    author hears of it once. The held transaction stands for the request that locks first (its own
    service call tells the author after it commits); the service call that waits behind it finds the
    heart made and must enqueue nothing. It read the post as not hearted before it waited, so a
    notice judged from that read, not under the lock, is sent here for a heart that was not new."""
    collections.create(ctx=ctx, slug="twice", title="Twice")
    author, fan = api.new_user(), api.new_user()
    post = api.create_post(author, "tap twice", collection="twice")["id"]
    done = threading.Event()
    errors: list[BaseException] = []

    def heart() -> None:
        try:
            posts.heart(ctx=ctx, viewer_id=fan.id, post_id=post, hearted=True)
        except BaseException as error:  # reported below
            errors.append(error)
        done.set()

    with db.driver.session(database=db.database) as session, session.begin_transaction() as held:
        posts_cypher.rerank(held, post_ids=[post], heart={"viewer_id": fan.id, "hearted": True, "at": 1})
        thread = threading.Thread(target=heart)
        thread.start()
        blocked = _blocked_behind(db, done)
        held.commit()
    thread.join()
    assert errors == [] and blocked, "the second heart never waited on the first"
    assert _stored(db, post)["hearts"] == 1
    ctx.jobs.drain()
    answer = api.get("/v1/notifications", author)
    assert answer.status_code == 200 and answer.get_json()["items"] == []
    # the control: a heart that is new when its lock is granted does tell the author
    posts.heart(ctx=ctx, viewer_id=api.new_user().id, post_id=post, hearted=True)
    ctx.jobs.drain()
    assert [item["kind"] for item in api.get("/v1/notifications", author).get_json()["items"]] == ["hearts"]


def test_popular_pages_stay_stable_while_hearts_arrive(api, ctx, clock):
    """Hearts only raise a rank: a post already shown rises further (never shown twice), and a
    post not yet reached is either still below the cursor (shown once) or rose above it."""
    collections.create(ctx=ctx, slug="live", title="Live")
    viewer, fans = api.new_user(), [api.new_user() for _ in range(4)]
    created = []
    for n in range(24):
        clock.advance(seconds=60)
        created.append(api.create_post(viewer, f"live {n}", collection="live")["id"])
    seen: list[str] = []
    hearted_unseen: set[str] = set()
    cursor, page = None, 0
    while True:
        query = {"sort": "popular", "limit": 5, **({"cursor": cursor} if cursor else {})}
        body = api.get("/v1/feed", viewer, query_string=query).get_json()
        seen += [item["id"] for item in body["items"]]
        cursor, page = body["next_cursor"], page + 1
        if not cursor:
            break
        # Between pages: hearts on two posts already shown and two not yet reached.
        shown = [p for p in created if p in seen]
        unshown = [p for p in created if p not in seen and p not in hearted_unseen]
        for k, target in enumerate(shown[page % len(shown) :][:2] + unshown[page % 3 :][:2]):
            fan = fans[(page + k) % len(fans)]
            assert api.put(f"/v1/posts/{target}/heart", fan).status_code == 200
            if target not in seen:
                hearted_unseen.add(target)
    assert len(seen) == len(set(seen)), "a post was shown twice"
    untouched = set(created) - hearted_unseen
    assert untouched <= set(seen), "a post that stayed in range was skipped"
    assert page >= 4


def _friend_feed(api, clock, posts_each: int = 3):
    """A viewer with an open circle and two friends who each wrote ``posts_each`` posts."""
    viewer = api.new_user()
    circle = api.open_circle(viewer, clock, friends=6)  # one spare: losing a friend keeps it open
    first, second = circle[0], circle[1]
    written = {first.id: [], second.id: []}
    for n in range(posts_each):
        for friend in (first, second):
            clock.advance(seconds=60)
            written[friend.id].append(api.create_post(friend, f"{n} from a friend")["id"])
    return viewer, first, second, written


def _pages(api, viewer, sort: str, act) -> tuple[list[str], list[str]]:
    """Page 1 (limit 2), then ``act()``, then every later page."""
    body = api.get("/v1/feed", viewer, query_string={"sort": sort, "limit": 2}).get_json()
    first = [item["id"] for item in body["items"]]
    act(first)
    later, cursor = [], body["next_cursor"]
    while cursor:
        body = api.get("/v1/feed", viewer, query_string={"sort": sort, "limit": 2, "cursor": cursor}).get_json()
        later += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
    return first, later


@pytest.mark.parametrize("sort", ["recent", "popular"])
def test_a_removed_post_never_shows_on_a_later_page(api, clock, moderator, sort):
    viewer, first, second, written = _friend_feed(api, clock)
    gone = []

    def act(shown):
        gone.append(next(p for p in written[first.id] + written[second.id] if p not in shown))
        assert api.post(f"/v1/moderation/posts/{gone[0]}/decision", moderator, json={"action": "remove"}).status_code
        assert api.get(f"/v1/posts/{gone[0]}", viewer).status_code == 404

    shown, later = _pages(api, viewer, sort, act)
    assert gone[0] not in later
    assert set(shown) | set(later) == set(written[first.id] + written[second.id]) - set(gone)


@pytest.mark.parametrize("sort", ["recent", "popular"])
def test_a_deleted_post_never_shows_on_a_later_page(api, clock, sort):
    viewer, first, second, written = _friend_feed(api, clock)
    gone = []

    def act(shown):
        gone.append(next(p for p in written[first.id] if p not in shown))
        assert api.delete(f"/v1/posts/{gone[0]}", first).status_code == 204

    shown, later = _pages(api, viewer, sort, act)
    assert gone[0] not in later
    assert set(shown) | set(later) == set(written[first.id] + written[second.id]) - set(gone)


@pytest.mark.parametrize("sort", ["recent", "popular"])
def test_unlinked_posts_keep_their_place_on_later_pages(api, clock, sort):
    """Unlink keeps each post's audience (docs/threat-model.md): later pages go on as if nothing happened."""
    viewer, first, second, written = _friend_feed(api, clock)

    def act(shown):
        assert api.post("/v1/me/unlink", first).status_code == 200

    shown, later = _pages(api, viewer, sort, act)
    assert len(shown) + len(later) == len(set(shown) | set(later))  # none twice
    assert set(shown) | set(later) == set(written[first.id] + written[second.id])


@pytest.mark.parametrize("sort", ["recent", "popular"])
def test_a_deleted_accounts_posts_never_show_once_their_time_has_come(api, ctx, clock, sort):
    """A deleted account's posts leave each at its own time within the window; after it, on no later page."""
    viewer, first, second, written = _friend_feed(api, clock)

    def act(shown):
        assert api.delete("/v1/me", first).status_code == 204
        clock.advance(seconds=ctx.settings.deleted_posts_window_s + 1)

    shown, later = _pages(api, viewer, sort, act)
    assert not set(later) & set(written[first.id])
    assert set(shown) | set(later) >= set(written[second.id])


def test_the_popular_walk_reads_the_rank_index_in_order(db):
    """Not the created_at index plus a sort of every post by rank (what the planner chose on a small
    graph before the hint in feeds.feed_popular_walk)."""
    from secret_graph.db.cypher import feeds

    params = {"viewer_id": "x", "viewer_key": "k", "circle_open": True, "after_key": None, "after_id": None, "until": 1}
    plan = db.driver.execute_query(
        "EXPLAIN " + feeds.feed_popular_walk.text, params, batch=3, scan_budget=10, list_factor=12
    )
    operators = []
    stack = [plan.summary.plan]
    while stack:
        node = stack.pop()
        operators.append((node["operatorType"].split("@")[0], node.get("args", {}).get("Details", "")))
        stack.extend(node.get("children", []))
    seeks = [details for name, details in operators if name == "NodeIndexSeekByRange"]
    assert seeks and all("Post(rank)" in details for details in seeks), operators
    assert "Top" not in [name for name, _ in operators] and "Sort" not in [name for name, _ in operators]
