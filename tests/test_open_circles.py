"""A remembered open circle (secret_graph/open_circles.py) is exact: every write that can close a
circle closes it on the very next check, however many checks found it open before.

Each test opens a viewer's circle, checks it (so it is remembered), makes one change through the
service that makes it, and requires the next check, and the feed, to see the circle closed. The
first test shows the cache really answers: a change made behind the services' backs (no `ties`
counted) is not seen until the cache is dropped.
"""

from __future__ import annotations

import dataclasses

from secret_graph import visibility
from secret_graph.db.cypher import trust
from secret_graph.open_circles import OpenCircles
from tests.helpers import ApiClient, User, digest


def _state(ctx, viewer: User) -> dict:
    return ctx.db.read(lambda tx: visibility.circle_state(tx, ctx=ctx, viewer_id=viewer.id, now=ctx.clock.now_ms()))


def _opened(api: ApiClient, ctx, clock) -> tuple[User, list[User]]:
    """A viewer whose circle is open and remembered: five friends, two outsiders each."""
    viewer = api.new_user()
    friends = api.open_circle(viewer, clock)
    assert _state(ctx, viewer)["open"]
    assert ctx.circles.is_open(viewer.id, _digest_now(ctx, viewer)), "an open circle is remembered"
    return viewer, friends


def _digest_now(ctx, viewer: User) -> tuple:
    """The digest `circle_state` computes for the viewer now (read through a throwaway cache)."""
    probe = OpenCircles()
    ctx.db.read(
        lambda tx: visibility.circle_state(
            tx, ctx=dataclasses.replace(ctx, circles=probe), viewer_id=viewer.id, now=ctx.clock.now_ms()
        )
    )
    return probe._entries.get(viewer.id)


def _outsiders(ctx, friend: User, viewer: User) -> list[str]:
    """The friend's friends other than the viewer (its outsiders, as `open_circle` made them)."""
    rows = ctx.db.read(
        lambda tx: [
            r["id"]
            for r in tx.run(
                "MATCH (:Account {id: $f})-[:FRIEND]-(x:Account) WHERE x.id <> $v RETURN x.id AS id",
                f=friend.id,
                v=viewer.id,
            )
        ]
    )
    return sorted(rows)


def test_the_remembered_answer_is_used_until_a_counted_change(api, ctx, clock):
    viewer, friends = _opened(api, ctx, clock)
    # Friend 0 loses an outsider behind the services' backs (no `ties` counted): the cache still answers.
    ctx.db.autocommit(
        "MATCH (:Account {id: $f})-[r:FRIEND]-(:Account {id: $x}) DELETE r",
        f=friends[0].id,
        x=_outsiders(ctx, friends[0], viewer)[0],
    )
    assert _state(ctx, viewer)["open"], "the remembered answer was not used"
    fresh = dataclasses.replace(ctx, circles=OpenCircles())
    assert not _state(fresh, viewer)["open"], "friend 0 has one outsider left: closed when checked"


def test_a_friend_dropped_from_the_address_book_closes_the_circle(api, ctx, clock):
    viewer, friends = _opened(api, ctx, clock)
    keep = [digest(f.phone) for f in friends[1:]]
    assert api.put("/v1/me/contacts", viewer, json={"digests": keep}).status_code == 200
    state = _state(ctx, viewer)
    assert not state["open"] and state["needed"] == 1


def test_a_friend_losing_an_outside_friend_closes_the_circle(api, ctx, clock):
    """Two hops away: the viewer's friendships do not change, a friend's do."""
    viewer, friends = _opened(api, ctx, clock)
    post = api.create_post(friends[1], "seen by the open circle")
    assert post["id"] in api.labels(viewer)
    outsider_id = _outsiders(ctx, friends[0], viewer)[0]
    outsider = next(u for u in api.users if u.id == outsider_id)
    assert api.delete("/v1/me/contacts", outsider).status_code in (200, 204)
    assert not _state(ctx, viewer)["open"], "friend 0 has one outsider left: under matching it no longer counts"
    assert post["id"] not in api.labels(viewer), "the feed still used the remembered open circle"


def test_a_new_friend_can_close_the_circle(api, ctx, clock):
    """Befriending a friend's outsider takes it out of that friend's outsiders (matching: one left)."""
    viewer, friends = _opened(api, ctx, clock)
    outsider_id = _outsiders(ctx, friends[0], viewer)[0]
    outsider = next(u for u in api.users if u.id == outsider_id)
    api.befriend(viewer, outsider)
    assert not _state(ctx, viewer)["open"]


def test_a_friend_deleting_its_account_closes_the_circle(api, ctx, clock):
    viewer, friends = _opened(api, ctx, clock)
    assert api.delete("/v1/me", friends[2]).status_code in (200, 204)
    assert not _state(ctx, viewer)["open"]


def test_a_friend_trust_score_falling_closes_the_circle(api, ctx, clock):
    ctx = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, min_trust=0.5))
    viewer = api.new_user()
    friends = api.open_circle(viewer, clock)
    ctx.db.write(lambda tx: trust.set_scores(tx, rows=[{"id": f.id, "trust": 1.0} for f in friends]))
    assert _state(ctx, viewer)["open"]
    ctx.db.write(lambda tx: trust.set_scores(tx, rows=[{"id": friends[3].id, "trust": 0.1}]))
    assert not _state(ctx, viewer)["open"]


def test_other_circle_settings_do_not_reuse_the_answer(api, ctx, clock):
    viewer, _ = _opened(api, ctx, clock)
    stricter = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, min_friends=6))
    assert not _state(stricter, viewer)["open"]


def test_a_closed_circle_is_not_remembered(api, ctx, clock):
    viewer = api.new_user()
    api.open_circle(viewer, clock, friends=4)
    assert not _state(ctx, viewer)["open"]
    assert len(ctx.circles) == 0
