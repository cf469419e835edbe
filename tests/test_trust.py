"""The trust score (secret_graph/trust.py) on a hand-built graph with a planted sybil region, and the
circle rule's threshold (SECRET_GRAPH_MIN_TRUST) that keeps a ring of fakes from opening a circle."""

from __future__ import annotations

import dataclasses
import random

import pytest

from secret_graph import cli, trust, visibility
from secret_graph.clock import SystemClock
from secret_graph.db.cypher import bench, graphs
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.db.cypher import trust as trust_cypher

DAY = 86_400_000
HONEST, SYBILS, FAKES = 60, 20, 4
THRESHOLD = 0.3


def _count(ctx, statement: str, **params) -> int:
    return ctx.db.read(lambda tx: tx.run(statement, params).single()[0])


def _build(
    ctx, *, honest: int, sybils: int, attack_edges: int, rng: random.Random, store_order: random.Random | None = None
) -> dict:
    """An honest region (random graph, about 8 friends each, 60 days old) and a sybil region (fakes
    2 days old: past SECRET_GRAPH_FRIEND_MIN_AGE_S, never seeds), each fake with 6 fake friends,
    joined by ``attack_edges`` friendships with honest accounts. The attacker is sybil 0: friends with
    honest account 0 (the victim, one of the attack edges) and with sybils 1..FAKES. ``store_order``
    shuffles the order accounts and friendships are stored in (the same graph, other internal ids)."""
    now = ctx.clock.now_ms()
    h_ids = [f"honest-{i}" for i in range(honest)]
    s_ids = [f"sybil-{i}" for i in range(sybils)]
    rows = [{"id": i, "created_at": now - 60 * DAY, "key": f"key-{i}"} for i in h_ids]
    rows += [{"id": i, "created_at": now - 2 * DAY, "key": f"key-{i}"} for i in s_ids]
    if store_order:
        store_order.shuffle(rows)
    ctx.db.write(lambda tx: bench.bulk_accounts(tx, rows=rows))
    pairs = {(min(a, b), max(a, b)) for a in range(honest) for b in rng.sample(range(honest), 5) if b != a}
    edges = [(h_ids[a], h_ids[b]) for a, b in sorted(pairs)]
    sybil_pairs = {(min(a, (a + d) % sybils), max(a, (a + d) % sybils)) for a in range(sybils) for d in (1, 2, 3)}
    edges += [(s_ids[a], s_ids[b]) for a, b in sybil_pairs]
    edges.append((s_ids[0], h_ids[0]))  # the attacker and the victim
    for _ in range(1, attack_edges):
        edges.append((s_ids[rng.randrange(sybils)], h_ids[rng.randrange(1, honest)]))
    friendships = [{"a": a, "b": b, "since": now - DAY - 1} for a, b in edges]
    if store_order:
        store_order.shuffle(friendships)
    ctx.db.write(lambda tx: bench.bulk_friendships(tx, rows=friendships))
    return {"honest": h_ids, "sybils": s_ids}


def _scores(ctx, ids: list[str]) -> list[float]:
    rows = ctx.db.read(
        lambda tx: tx.run("MATCH (a:Account) WHERE a.id IN $ids RETURN a.id AS id, a.trust AS t", ids=ids).data()
    )
    by_id = {row["id"]: row["t"] for row in rows}
    return [by_id[i] for i in ids]


def _auc(honest: list[float], sybil: list[float]) -> float:
    wins = sum(1.0 if h > s else 0.5 if h == s else 0.0 for h in honest for s in sybil)
    return wins / (len(honest) * len(sybil))


def _seeds(ctx, *, limit: int) -> list[str]:
    """The seeds the recompute's rule picks among the 80 accounts (30 days old, 5 friends)."""
    ctx.db.read(lambda tx: graphs.friends_in_id_order(tx, graph="seeds"))
    try:
        rows = ctx.db.read(
            lambda tx: trust_cypher.seeds(
                tx, graph="seeds", accounts=80, now=ctx.clock.now_ms(), min_age_ms=30 * DAY, min_friends=5, limit=limit
            )
        )
    finally:
        ctx.db.read(lambda tx: graphs.drop(tx, graph="seeds"))
    return [row["id"] for row in rows]


@pytest.fixture
def planted(ctx):
    settings = dataclasses.replace(ctx.settings, trust_seeds=10)
    ctx = dataclasses.replace(ctx, settings=settings)
    graph = _build(ctx, honest=HONEST, sybils=SYBILS, attack_edges=3, rng=random.Random(7))
    report = trust.recompute(ctx=ctx)
    return ctx, graph, report


def test_the_planted_sybil_region_ranks_below_the_honest_one(planted):
    ctx, graph, report = planted
    assert report["accounts"] == HONEST + SYBILS and 5 <= report["seeds"] <= 10 and report["iterations"] == 7
    honest, sybil = _scores(ctx, graph["honest"]), _scores(ctx, graph["sybils"])
    assert _auc(honest, sybil) >= 0.99
    assert max(sybil) < THRESHOLD < min(honest)
    # Seeds are old, well-connected accounts: never a fake, however many fake friends it has.
    seeds = _seeds(ctx, limit=80)
    assert len(seeds) >= 40 and set(seeds) <= set(graph["honest"])
    # The projection is dropped after the run.
    assert _count(ctx, "CALL gds.graph.list() YIELD graphName RETURN count(*)") == 0


def test_the_seeds_and_scores_do_not_depend_on_how_the_graph_was_stored(ctx, db):
    # Louvain's partition follows the order it visits the nodes in. The same graph, stored in other
    # orders after other data came and went (so Neo4j hands out its internal ids differently), must
    # give the same seeds and the same scores.
    results = set()
    for attempt in range(4):
        db.autocommit(migrations_cypher.wipe_data.text)
        db.autocommit("UNWIND range(1, $n) AS i CREATE (:Scratch {i: i})", n=97 * attempt)
        db.autocommit("MATCH (s:Scratch) WHERE s.i % 3 <> 0 DELETE s")  # holes that later nodes reuse
        settings = dataclasses.replace(ctx.settings, trust_seeds=10)
        planted = dataclasses.replace(ctx, settings=settings)
        order = random.Random(attempt) if attempt else None
        graph = _build(planted, honest=HONEST, sybils=SYBILS, attack_edges=3, rng=random.Random(7), store_order=order)
        trust.recompute(ctx=planted)
        ids = graph["honest"] + graph["sybils"]
        results.add((tuple(_seeds(ctx, limit=10)), tuple(round(t, 9) for t in _scores(ctx, ids))))
    assert len(results) == 1


def _circle(ctx, viewer: str, *, min_trust: float, rule: str | None = None) -> dict:
    settings = dataclasses.replace(ctx.settings, min_trust=min_trust, circle_rule=rule or ctx.settings.circle_rule)
    ctx = dataclasses.replace(ctx, settings=settings)
    return ctx.db.read(lambda tx: visibility.circle_state(tx, ctx=ctx, viewer_id=viewer, now=ctx.clock.now_ms()))


def test_with_the_threshold_the_sybil_attackers_circle_stays_closed(planted):
    ctx, graph, _ = planted
    attacker, honest_viewer = graph["sybils"][0], graph["honest"][1]
    # Without the threshold, under the `shared` circle rule, the fakes count: old enough, with fake
    # friends outside the circle (the ring's 6 outsiders, shared by the 6 fakes).
    assert _circle(ctx, attacker, min_trust=0.0, rule="shared")["open"]
    closed = _circle(ctx, attacker, min_trust=THRESHOLD, rule="shared")
    assert not closed["open"] and closed["counted_friends"] < ctx.settings.min_friends
    # The `matching` rule alone closes this ring: 6 outsiders give 3 fakes 2 each, with the victim 4.
    assert _circle(ctx, attacker, min_trust=0.0, rule="matching")["counted_friends"] == 4
    # An honest account's circle stays open under the same threshold.
    assert _circle(ctx, honest_viewer, min_trust=THRESHOLD)["open"]
    # An account never scored (joined after the last run) does not count while the rule is on.
    # (Counted in `ties`, as every trust writer does: remembered open circles must see it.)
    unscore = "MATCH (a:Account) WHERE a.id STARTS WITH 'honest-' REMOVE a.trust SET a.ties = coalesce(a.ties, 0) + 1"
    ctx.db.write(lambda tx: tx.run(unscore).consume())
    assert not _circle(ctx, honest_viewer, min_trust=THRESHOLD)["open"]
    assert _circle(ctx, honest_viewer, min_trust=0.0)["open"]


def test_scores_are_never_returned_and_leave_with_the_account(api, ctx):
    user = api.new_user()
    friend = api.new_user()
    api.befriend(user, friend)
    marker = 0.123456789
    ctx.db.write(lambda tx: trust_cypher.set_scores(tx, rows=[{"id": user.id, "trust": marker}]))
    for path in ("/v1/me", "/v1/feed"):
        text = api.get(path, user).get_data(as_text=True)
        assert "trust" not in text and "0.12345" not in text
    assert api.delete("/v1/me", user).status_code in (200, 204)
    assert _count(ctx, "MATCH (a:Account) WHERE a.trust IS NOT NULL RETURN count(a)") == 0


def test_cli_recomputes(ctx, settings, tmp_path, monkeypatch, capsys):
    # The CLI reads the real clock: the accounts' ages must be real too (or none may be a seed).
    _build(dataclasses.replace(ctx, clock=SystemClock()), honest=20, sybils=5, attack_edges=1, rng=random.Random(3))
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("SECRET_GRAPH_PEPPER", settings.pepper.decode())
    monkeypatch.setenv("SECRET_GRAPH_VAR_DIR", str(tmp_path))
    assert cli.main(["trust", "recompute"]) == 0
    out = capsys.readouterr().out
    assert '"accounts": 25' in out and '"seconds"' in out
    assert _count(ctx, "MATCH (a:Account) WHERE a.trust IS NULL RETURN count(a)") == 0


def test_without_seeds_nothing_is_scored(ctx):
    # Every account two days old: none may be a seed, and a walk from nowhere would trust everyone.
    now = ctx.clock.now_ms()
    rows = [{"id": f"young-{k}", "created_at": now - 2 * DAY, "key": f"key-young-{k}"} for k in range(8)]
    ctx.db.write(lambda tx: bench.bulk_accounts(tx, rows=rows))
    pairs = [{"a": f"young-{a}", "b": f"young-{b}", "since": now - DAY} for a in range(8) for b in range(a + 1, 8)]
    ctx.db.write(lambda tx: bench.bulk_friendships(tx, rows=pairs))
    assert trust.recompute(ctx=ctx)["seeds"] == 0
    assert _count(ctx, "MATCH (a:Account) WHERE a.trust IS NOT NULL RETURN count(a)") == 0
