"""Every analytics query on a small hand-built graph, with its result asserted exactly."""

import csv
import math

import pytest

from secret_graph import analytics, charts, cli
from secret_graph.collections import services as collections
from secret_graph.db.cypher import bench
from secret_graph.db.cypher import trust as trust_cypher
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
    # With a trust threshold, friends never scored (no `secret-graph trust recompute` yet) do not count.
    assert rows(graph, "open_circle_share", min_friends=1, min_outside=1, min_age_ms=0, min_trust=0.1)[0]["open"] == 0


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


# Graph Data Science queries, on their own small graph: two 4-cliques a1..a4 and b1..b4 joined by
# the edge a1-b1, a pair c1-c2, and d alone.
CLIQUES = [("a1", "a2"), ("a1", "a3"), ("a1", "a4"), ("a2", "a3"), ("a2", "a4"), ("a3", "a4")]
GDS_EDGES = CLIQUES + [(x.replace("a", "b"), y.replace("a", "b")) for x, y in CLIQUES] + [("a1", "b1"), ("c1", "c2")]
GDS_NODES = ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4", "c1", "c2", "d"]


@pytest.fixture
def cliques(ctx):
    now = ctx.clock.now_ms()
    rows = [{"id": node, "created_at": now, "key": f"key-{node}"} for node in GDS_NODES]
    ctx.db.write(lambda tx: bench.bulk_accounts(tx, rows=rows))
    edges = [{"a": a, "b": b, "since": now} for a, b in GDS_EDGES]
    ctx.db.write(lambda tx: bench.bulk_friendships(tx, rows=edges))
    return ctx


def test_graph_data_science_is_installed(ctx):
    version = ctx.db.read(lambda tx: tx.run("RETURN gds.version() AS v").single()["v"])
    assert version.startswith("2.13.")


def test_communities(cliques):
    # Each clique is a community, and so are the pair and the loner.
    assert rows(cliques, "communities") == [
        {"size_from": 1, "communities": 1, "accounts": 1},
        {"size_from": 2, "communities": 1, "accounts": 2},
        {"size_from": 4, "communities": 2, "accounts": 8},
    ]
    assert (
        cliques.db.read(lambda tx: tx.run("CALL gds.graph.list() YIELD graphName RETURN count(*) AS n").single())["n"]
        == 0
    )  # the projection is dropped


def test_components(cliques):
    assert rows(cliques, "components") == [
        {"size_from": 1, "components": 1, "accounts": 1},
        {"size_from": 2, "components": 1, "accounts": 2},
        {"size_from": 8, "components": 1, "accounts": 8},
    ]


def test_degree_distribution(cliques):
    # d: 0; c1, c2: 1; a2..a4, b2..b4: 3 (bin 2-3); a1, b1: 4.
    assert rows(cliques, "degree_distribution") == [
        {"friends_from": 0, "accounts": 1},
        {"friends_from": 1, "accounts": 2},
        {"friends_from": 2, "accounts": 6},
        {"friends_from": 4, "accounts": 2},
    ]


def test_clustering_by_degree(cliques):
    # a2's friends are all friends; of a1's 6 friend pairs 3 are (b1 knows none of a2..a4).
    assert rows(cliques, "clustering_by_degree") == [
        {"friends_from": 0, "accounts": 1, "mean_clustering": 0.0},
        {"friends_from": 1, "accounts": 2, "mean_clustering": 0.0},
        {"friends_from": 2, "accounts": 6, "mean_clustering": 1.0},
        {"friends_from": 4, "accounts": 2, "mean_clustering": 0.5},
    ]
    query, raw = analytics.run(ctx=cliques, name="clustering_by_degree")
    # A mean over fewer than SECRET_GRAPH_MIN_CELL accounts is withheld with their count.
    assert analytics.protect(query, raw, min_cell=5) == [
        {"friends_from": 0, "accounts": "<5", "mean_clustering": None},
        {"friends_from": 1, "accounts": "<5", "mean_clustering": None},
        {"friends_from": 2, "accounts": 6, "mean_clustering": 1.0},
        {"friends_from": 4, "accounts": "<5", "mean_clustering": None},
    ]


def _pagerank(nodes: list[str], edges: list[tuple[str, str]], damping: float = 0.85) -> dict[str, float]:
    """GDS's PageRank by hand: score = (1 - d) + d * sum(score(u) / degree(u)) over neighbours u."""
    neighbours = {node: [] for node in nodes}
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    score = dict.fromkeys(nodes, 1 - damping)
    for _ in range(100):
        score = {v: (1 - damping) + damping * sum(score[u] / len(neighbours[u]) for u in neighbours[v]) for v in nodes}
    return score


def test_pagerank_distribution(cliques):
    score = _pagerank(GDS_NODES, GDS_EDGES)
    total = sum(score.values())
    bins: dict[float, int] = {}
    for value in score.values():
        low = 2.0 ** math.floor(math.log2(value * len(score) / total) + 1e-9)
        bins[low] = bins.get(low, 0) + 1
    expected = [{"relative_from": low, "accounts": count} for low, count in sorted(bins.items())]
    assert rows(cliques, "pagerank_distribution") == expected
    # d keeps only the teleport share (0.15 against a mean near 1.08); every other account is near the mean.
    assert expected == [{"relative_from": 0.125, "accounts": 1}, {"relative_from": 1.0, "accounts": 10}]


def test_trust_distribution(cliques):
    scores = {"a1": 1.0, "a2": 1.5, "a3": 0.3, "a4": 0.001}
    rows_in = [{"id": node, "trust": score} for node, score in scores.items()]
    cliques.db.write(lambda tx: trust_cypher.set_scores(tx, rows=rows_in))
    assert rows(cliques, "trust_distribution") == [
        {"trust_from": 0.0, "accounts": 1},
        {"trust_from": 0.25, "accounts": 1},
        {"trust_from": 1.0, "accounts": 2},
    ]
    query, raw = analytics.run(ctx=cliques, name="trust_distribution")
    assert [row["accounts"] for row in analytics.protect(query, raw, min_cell=5)] == ["<5", "<5", "<5"]


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


def test_every_chart_renders_readably(graph, cliques):
    for name, query in analytics.catalogue().items():
        raw = analytics.run(ctx=graph, name=name)[1]
        for min_cell in (1, 5):
            fig = charts.figure(query, analytics.protect(query, raw, min_cell=min_cell), min_cell=min_cell)
            try:
                assert charts.overlaps(fig) == [], name
            finally:
                charts.close(fig)
        assert charts.png(query, raw, min_cell=1).startswith(b"\x89PNG")


def _heavy_rows():
    return [{"friends": f, "accounts": 20_000 // (f + 1) ** 2 + 5} for f in range(200)]


def test_a_heavy_tailed_distribution_gets_numeric_log_axes():
    query = analytics.get("friend_count_distribution")
    fig = charts.figure(query, _heavy_rows(), min_cell=5)
    axes = fig.axes[0]
    # A friend count of 199 sits at 199 on a numeric axis, not at the 200th of 200 categories.
    assert list(axes.lines[0].get_xdata()) == list(range(200))
    assert axes.get_xscale() == "symlog" and axes.get_yscale() == "log"
    assert "log scale" in axes.get_xlabel() and "log scale" in axes.get_ylabel()
    assert charts.overlaps(fig) == []
    # A short, even distribution keeps linear axes and bars.
    fig = charts.figure(query, [{"friends": f, "accounts": 10 + f} for f in range(6)], min_cell=5)
    assert fig.axes[0].get_xscale() == "linear" and fig.axes[0].get_yscale() == "linear"
    assert len(fig.axes[0].patches) == 6


def test_two_hundred_day_labels_do_not_overlap():
    query = analytics.get("accounts_per_day")
    days = [
        {"day": f"2027-{1 + k // 28:02d}-{1 + k % 28:02d}", "signups": k % 7 + 5, "accounts": k + 5} for k in range(200)
    ]
    fig = charts.figure(query, days, min_cell=5)
    visible = [t for t in fig.axes[0].get_xticklabels() if t.get_visible() and t.get_text()]
    assert 3 <= len(visible) < 200
    assert charts.overlaps(fig) == []
    # The check itself sees overlapping labels when every one is shown.
    for tick in fig.axes[0].xaxis.get_major_ticks():
        tick.label1.set_visible(True)
    assert charts.overlaps(fig) != []


def test_report_is_one_self_contained_page(graph, cliques, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("SECRET_GRAPH_PEPPER", settings.pepper.decode())
    monkeypatch.setenv("SECRET_GRAPH_VAR_DIR", str(tmp_path))
    out = tmp_path / "report.html"
    assert cli.main(["analytics", "report", "--output", str(out)]) == 0
    page = out.read_text()
    for name in analytics.catalogue():
        assert f'id="{name}"' in page
    assert page.count('src="data:image/png;base64,') == len(analytics.catalogue())
    assert "http://" not in page and "https://" not in page and "class=error" not in page
    assert "<td>&lt;5</td>" in page  # the disclosure control applies to the report too


def test_frame_for_notebooks(graph):
    df = analytics.frame("friend_count_distribution", ctx=graph)
    assert list(df.columns) == ["friends", "accounts"] and df.attrs["min_cell"] == 5
    assert df["friends"].tolist() == [0, 1, 2, 3]
    assert df["accounts"].isna().all()  # every count is below 5: missing, never the true value
    open_share = analytics.frame("open_circle_share", ctx=graph, min_friends=1, min_outside=1, min_age_ms=0)
    assert open_share["share"].tolist() == [0.6] and open_share["accounts"].tolist() == [5]
