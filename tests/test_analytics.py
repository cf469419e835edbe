"""Every analytics query on a small hand-built graph, with its result asserted exactly."""

import csv

import pytest

from secret_graph import analytics, cli
from secret_graph.collections import services as collections
from secret_graph.errors import InvalidInput, NotFound
from secret_graph.identity import services as identity
from tests.helpers import digest


@pytest.fixture
def graph(api, ctx, clock):
    """A, B, C, D sign up on day 1 (A-B, A-C, B-C, C-D are friends), E on day 2.

    Day 2: A posts P1 and hearts it; E posts P2 in collection `c`; D subscribes and hearts it;
    A and B flag it as spam, C as hate; two hours later D, a moderator, removes it.
    A's address book also holds one number that has no account.
    """
    a, b, c, d = (api.new_user() for _ in range(4))
    api.befriend(a, b, c)
    api.befriend(c, d)
    api.post("/v1/me/contacts", a, json={"digests": [digest("+16502530000")]})
    clock.advance(seconds=86_400)
    e = api.new_user()
    collections.create(ctx=ctx, slug="c", title="C")
    p1 = api.create_post(a, "first")
    assert api.put(f"/v1/posts/{p1['id']}/heart", a).status_code == 200
    p2 = api.create_post(e, "second", collection="c")
    api.put("/v1/collections/c/subscription", d)
    assert api.put(f"/v1/posts/{p2['id']}/heart", d).status_code == 200
    for user, reason in ((a, "spam"), (b, "spam"), (c, "hate")):
        assert api.post(f"/v1/posts/{p2['id']}/flags", user, json={"reason": reason}).status_code == 202
    identity.set_moderator(ctx=ctx, account_id=d.id, is_moderator=True)
    clock.advance(seconds=7200)
    api.post(f"/v1/moderation/posts/{p2['id']}/decision", d, json={"action": "remove"})
    return ctx


def rows(ctx, name, **params):
    return analytics.run(ctx=ctx, name=name, params={k: str(v) for k, v in params.items()})[1]


def test_accounts_per_day(graph):
    assert rows(graph, "accounts_per_day") == [
        {"day": "2027-01-15", "signups": 4, "accounts": 4},
        {"day": "2027-01-16", "signups": 1, "accounts": 5},
    ]


def test_friend_count_distribution(graph):
    assert rows(graph, "friend_count_distribution") == [
        {"friends": 0, "accounts": 1},
        {"friends": 1, "accounts": 1},
        {"friends": 2, "accounts": 2},
        {"friends": 3, "accounts": 1},
    ]


def test_open_circle_share(graph):
    # A, B and D each have one friend (C) with a friend outside their circle; C and E have none.
    assert rows(graph, "open_circle_share", min_friends=1, min_outside=1, min_age_ms=0) == [
        {"accounts": 5, "open": 3, "share": 0.6}
    ]
    assert rows(graph, "open_circle_share")[0]["open"] == 0  # the defaults: nobody has 5 counted friends


def test_reach_distribution(graph):
    assert rows(graph, "reach_distribution") == [{"reach_from": 0, "accounts": 5}]


def test_posts_per_day_by_channel(graph):
    assert rows(graph, "posts_per_day_by_channel") == [
        {"day": "2027-01-16", "posts": 2, "friend": 1, "friend_of_friend": 1, "heart_spread": 2, "collection": 1}
    ]


def test_heart_cascades(graph):
    # P1's hearter is its author; P2's hearter D has no friendship path to E but brings C.
    assert rows(graph, "heart_cascades") == [
        {"hops": 0, "posts": 1, "extra_viewers": 0},
        {"hops": 1, "posts": 1, "extra_viewers": 1},
    ]
    assert rows(graph, "heart_cascades", days=0) == []  # both posts are older than the window


def test_collection_activity(graph):
    assert rows(graph, "collection_activity") == [{"collection": "c", "subscribers": 1, "posts": 1, "hearts": 1}]


def test_moderation_summary(graph):
    assert rows(graph, "moderation_summary") == [
        {"reason": "spam", "flags": 2, "posts": 1, "removed": 1, "removed_share": 1.0, "hours_to_decision": 2.0},
        {"reason": "hate", "flags": 1, "posts": 1, "removed": 1, "removed_share": 1.0, "hours_to_decision": 2.0},
    ]


def test_contact_match_rate(graph):
    assert rows(graph, "contact_match_rate") == [{"uploaded": 5, "matched": 4, "match_rate": 0.8}]


def test_every_query_has_a_header_and_a_test():
    names = set(analytics.catalogue())
    assert len(names) >= 9
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert names <= tested
    for query in analytics.catalogue().values():
        assert query.description and query.columns


def test_small_counts_are_suppressed_in_every_format(graph):
    query, raw = analytics.run(ctx=graph, name="friend_count_distribution")
    safe = analytics.protect(query, raw, min_cell=5)
    assert [row["accounts"] for row in safe] == ["<5", "<5", "<5", "<5"]
    assert [row["friends"] for row in safe] == [0, 1, 2, 3]  # not a count: kept
    for fmt in ("table", "csv", "json"):
        text = analytics.render(safe, fmt)
        assert "<5" in text and '"accounts": 1' not in text


def test_bad_names_and_parameters_are_clear_errors(graph):
    with pytest.raises(NotFound, match="analytics list"):
        analytics.run(ctx=graph, name="nope")
    with pytest.raises(InvalidInput, match="takes no parameter"):
        analytics.run(ctx=graph, name="accounts_per_day", params={"x": "1"})
    with pytest.raises(InvalidInput, match="must be a number"):
        analytics.run(ctx=graph, name="open_circle_share", params={"min_friends": "five"})


def test_cli_writes_csv_and_a_png_chart(graph, settings, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("SECRET_GRAPH_PEPPER", settings.pepper.decode())
    monkeypatch.setenv("SECRET_GRAPH_VAR_DIR", str(tmp_path))
    out, png = tmp_path / "dist.csv", tmp_path / "dist.png"
    code = cli.main(
        ["analytics", "run", "friend_count_distribution", "--format", "csv", "--output", str(out), "--plot", str(png)]
    )
    assert code == 0
    assert next(iter(csv.DictReader(out.open()))) == {"friends": "0", "accounts": "<5"}
    from matplotlib import image

    pixels = image.imread(str(png))
    assert pixels.shape[0] > 100 and pixels.shape[1] > 100 and pixels.std() > 0
    assert cli.main(["analytics", "run", "nope"]) == 1
    assert cli.main(["analytics", "run", "accounts_per_day", "--param", "bad"]) == 2
    assert cli.main(["analytics", "list"]) == 0
    assert "contact_match_rate" in capsys.readouterr().out
