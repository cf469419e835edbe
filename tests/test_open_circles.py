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
from secret_graph.db.cypher import bench, sybil, trust
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.open_circles import OpenCircles
from secret_graph.seed import services as seeding
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


def _open_by_id(ctx, viewer_id: str) -> bool:
    return ctx.db.read(
        lambda tx: visibility.circle_state(tx, ctx=ctx, viewer_id=viewer_id, now=ctx.clock.now_ms())["open"]
    )


def _import(ctx, path, edges: list[tuple[int, int]]) -> str:
    """Import an edge list (seed 1, so node k always gets the same id); returns node 0's id."""
    path.write_text("".join(f"{a} {b}\n" for a, b in edges))
    seeding.import_edges(ctx=ctx, path=path, plan=seeding.Plan(accounts=len(edges), seed=1))
    rows = ctx.db.read(lambda tx: list(tx.run("MATCH (a:Account) WHERE COUNT { (a)-[:FRIEND]-() } = 5 RETURN a.id")))
    assert len(rows) == 1
    return rows[0][0]


def test_a_graph_imported_again_after_a_wipe_is_checked_again(ctx, tmp_path):
    """Seeding and import-edges give the same ids for the same seed and node count, and count no
    friendship changes: a process that remembered a circle must not reuse it for another graph."""
    star = [(0, k) for k in range(1, 6)]
    outside = [(k, 4 + 2 * k + j) for k in range(1, 6) for j in range(2)]  # two outsiders each
    viewer_id = _import(ctx, tmp_path / "open.txt", star + outside)
    assert _open_by_id(ctx, viewer_id)
    ctx.db.autocommit(migrations_cypher.wipe_data.text)
    # The same nodes in the same order, but friend 5's second outsider is node 6's friend instead.
    assert _import(ctx, tmp_path / "closed.txt", star + outside[:-1] + [(6, 15)]) == viewer_id
    assert not _open_by_id(dataclasses.replace(ctx, circles=OpenCircles()), viewer_id), "friend 5 has one outsider"
    assert not _open_by_id(ctx, viewer_id), "the answer remembered for the wiped graph was reused"


def test_removing_planted_accounts_counts_in_their_friends_ties(api, ctx, clock):
    """bench/sybil.py's clean-up (`sybil.remove`) ends the planted accounts' friendships too."""
    viewer, friends = _opened(api, ctx, clock)
    real = _outsiders(ctx, friends[0], viewer)
    now = ctx.clock.now_ms()
    ctx.db.write(
        lambda tx: bench.bulk_accounts(tx, rows=[{"id": "planted-0", "created_at": now - 10**9, "key": "planted-key"}])
    )
    ctx.db.write(lambda tx: bench.bulk_friendships(tx, rows=[{"a": friends[0].id, "b": "planted-0", "since": now}]))
    outsider = next(u for u in api.users if u.id == real[0])
    assert api.delete("/v1/me/contacts", outsider).status_code in (200, 204)
    assert _state(ctx, viewer)["open"], "friend 0 has one real and one planted outsider"
    while ctx.db.write(lambda tx: sybil.remove.single(tx, prefix="planted-"))["removed"]:
        pass
    assert not _state(ctx, viewer)["open"], "friend 0 lost its planted outsider: one left"


def test_an_answer_is_not_remembered_when_the_digest_moved_while_the_rule_ran(api, ctx, clock, monkeypatch):
    """A change committed between the digest and the rule is never paired with the rule's answer."""
    from secret_graph.db.cypher import visibility as statements

    viewer = api.new_user()
    api.open_circle(viewer, clock)
    real = statements.circle
    reads = []

    class Moving:
        """The rule as it runs beside a concurrent write: the digest it reads last has moved."""

        def single(self, tx, **params):
            row = dict(real.single(tx, **params))
            reads.append(row)
            row["own_after"] += 1
            return row

    monkeypatch.setattr(statements, "circle", Moving())
    assert _state(ctx, viewer)["open"]
    assert reads and len(ctx.circles) == 0, "remembered under a digest that had moved"
    monkeypatch.setattr(statements, "circle", real)
    assert _state(ctx, viewer)["open"] and len(ctx.circles) == 1
