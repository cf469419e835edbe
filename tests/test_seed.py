"""`secret-graph seed` and `import-edges` write what the API would write, deterministically."""

from __future__ import annotations

import pytest

from secret_graph.collections import services as collections
from secret_graph.comments import services as comments
from secret_graph.contacts import services as contacts
from secret_graph.db.cypher import contacts as contacts_cypher
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.errors import Conflict, InvalidInput
from secret_graph.posts import services as posts
from secret_graph.seed import services as seeding
from secret_graph.seed.graphgen import degrees, holme_kim

PLAN = seeding.Plan(accounts=300, avg_friends=8, posts=900, hearts=1500, comments=300, collections=3, seed=4)


def _property_keys(db, label: str) -> set[str]:
    rows = db.read(lambda tx: [r.data() for r in tx.run(f"MATCH (n:{label}) RETURN DISTINCT keys(n) AS keys")])
    return {key for row in rows for key in row["keys"]}


def _rel_keys(db, rel_type: str) -> set[str]:
    rows = db.read(
        lambda tx: [r.data() for r in tx.run(f"MATCH ()-[r:{rel_type}]->() RETURN DISTINCT keys(r) AS keys")]
    )
    return {key for row in rows for key in row["keys"]}


def test_the_same_seed_builds_the_same_network(ctx, db):
    first = seeding.create(ctx=ctx, plan=PLAN)
    snapshot = _graph(db)
    db.autocommit(migrations_cypher.wipe_data.text)  # not the migration bookkeeping: later tests read it
    second = seeding.create(ctx=ctx, plan=PLAN)
    assert _graph(db) == snapshot
    assert {k: v for k, v in first.items() if k != "seconds" and k != "total_s"} == {
        k: v for k, v in second.items() if k != "seconds" and k != "total_s"
    }
    assert first["posts"] == 900 and first["hearts"] == 1500 and first["comments"] == 300


def _graph(db) -> tuple:
    rows = db.read(
        lambda tx: [
            r.data()
            for r in tx.run(
                "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key, a.slug) AS a, type(r) AS t, "
                "coalesce(b.id, b.key, b.slug) AS b ORDER BY a, t, b"
            )
        ]
    )
    return tuple((row["a"], row["t"], row["b"]) for row in rows)


def test_friendships_are_exactly_the_mutual_address_book_rule(ctx, db):
    seeding.create(ctx=ctx, plan=PLAN)
    before = _friend_pairs(db)
    ids = [row["id"] for row in db.read(lambda tx: [r.data() for r in tx.run("MATCH (a:Account) RETURN a.id AS id")])]
    for account_id in ids[:60]:  # the service's own recomputation changes nothing
        db.write(lambda tx, a=account_id: contacts_cypher.recompute_friends(tx, account_id=a, now=0))
    assert _friend_pairs(db) == before
    assert len(before) > 300


def _friend_pairs(db) -> set[tuple[str, str, int]]:
    rows = db.read(
        lambda tx: [
            r.data()
            for r in tx.run("MATCH (a:Account)-[f:FRIEND]-(b:Account) RETURN a.id AS a, b.id AS b, f.since AS s")
        ]
    )
    return {(row["a"], row["b"], row["s"]) for row in rows}


def test_seeded_data_has_the_shape_the_api_writes(ctx, db, clock):
    """Property names per label and relationship type match those the services write."""
    collections.create(ctx=ctx, slug="reference", title="Reference")
    from tests.helpers import digest

    alice = _account(ctx, "+14155550101")
    bob = _account(ctx, "+14155550102")
    contacts.replace(ctx=ctx, account_id=alice, digests=[digest("+14155550102")], phones=[])
    contacts.replace(ctx=ctx, account_id=bob, digests=[digest("+14155550101")], phones=[])
    made = posts.create(ctx=ctx, account_id=alice, text="hello #reference", collection="reference",
                        location={"lat": 37.77, "lon": -122.42})  # fmt: skip
    posts.heart(ctx=ctx, viewer_id=alice, post_id=made["id"], hearted=True)
    comments.create(ctx=ctx, viewer_id=alice, post_id=made["id"], text="first")
    reference = {label: _property_keys(db, label) for label in ("Post", "Comment", "Identifier")}
    reference_rels = {rel: _rel_keys(db, rel) for rel in ("FRIEND", "HEARTED")}
    db.autocommit(migrations_cypher.wipe_data.text)  # not the migration bookkeeping: later tests read it
    seeding.create(ctx=ctx, plan=PLAN)
    for label, keys in reference.items():
        assert _property_keys(db, label) <= keys, label
    for rel, keys in reference_rels.items():
        assert _rel_keys(db, rel) == keys, rel
    assert {"id", "created_at"} <= _property_keys(db, "Account")


def _account(ctx, number: str) -> str:
    from secret_graph.identity import services as identity

    challenge = identity.request_code(ctx=ctx, phone=number, region=None, client_address="127.0.0.1")
    return identity.create_session(ctx=ctx, challenge_id=challenge.challenge_id, code=challenge.dev_code).account_id


def test_seed_refuses_a_database_that_holds_accounts(ctx, db):
    seeding.create(ctx=ctx, plan=seeding.Plan(accounts=20, avg_friends=4))
    with pytest.raises(Conflict):
        seeding.create(ctx=ctx, plan=seeding.Plan(accounts=20, avg_friends=4))


def test_holme_kim_degrees_are_skewed_and_average_as_asked():
    import random

    edges = holme_kim(5000, 5, 0.5, random.Random(1))
    degree = sorted(degrees(5000, edges))
    assert 9 <= 2 * len(edges) / 5000 <= 10.1
    assert degree[-1] > 10 * degree[len(degree) // 2]  # hubs: a power-law tail
    assert len(set(edges)) == len(edges) and all(a != b for a, b in edges)


def test_import_edges_makes_one_account_per_node_and_books_of_neighbours(ctx, db, tmp_path):
    edge_file = tmp_path / "edges.txt"
    edge_file.write_text("# a comment\n0 1\n1 2\n2 0\n2 3\n3 2\n4 4\n\n10 11\n")
    result = seeding.import_edges(ctx=ctx, path=edge_file, plan=seeding.Plan(accounts=1, posts=10, hearts=5))
    assert result["accounts"] == 7 and result["friendships"] == 5
    counts = db.read(
        lambda tx: (
            tx.run(
                "MATCH (a:Account) RETURN count(a) AS accounts, "
                "COUNT { MATCH ()-[:FRIEND]->() } AS friends, COUNT { MATCH ()-[:HAS_CONTACT]->() } AS contacts"
            )
            .single()
            .data()
        )
    )
    assert counts == {"accounts": 7, "friends": 5, "contacts": 10}


def test_a_bad_edge_list_is_refused_with_its_line(ctx, db, tmp_path):
    edge_file = tmp_path / "edges.txt"
    edge_file.write_text("0 1\nlonely\n")
    with pytest.raises(InvalidInput, match=r"edges\.txt:2"):
        seeding.import_edges(ctx=ctx, path=edge_file, plan=seeding.Plan(accounts=1))


def test_no_account_joins_after_now_however_many_there_are(settings):
    import random

    from secret_graph.crypto import Keyring
    from secret_graph.seed import generate

    now = 1_800_000_000_000
    net = generate.network(20_000, [], keyring=Keyring(settings.pepper), now=now, rng=random.Random(2))
    assert max(net.created_at) <= now
