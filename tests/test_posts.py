"""Posting rules, paging, idempotency, unlink and 404s on every endpoint."""

from pathlib import Path

import pytest

from secret_graph import backgrounds, cli
from secret_graph.collections import services as collections
from secret_graph.posts import services as posts


def test_post_object_shape_and_random_ids(api):
    user = api.new_user()
    first = api.create_post(user, "  tonight I #Confess #sleep   ", tags=["Work", "#sleep"])
    second = api.create_post(user, "another")
    assert set(first) == {
        "id", "text", "background", "tags", "collection", "location", "created_at", "label", "hearts", "hearted", "comments", "is_own",
        "status",
        "keywords", "audience", "image", "sponsor",
    }  # fmt: skip
    assert first["text"] == "tonight I #Confess #sleep"
    assert first["tags"] == ["confess", "sleep", "work"]
    assert first["background"] == {"color": "#1B1F3B"}  # "night"/"sleep" keywords choose the night background
    assert len(first["id"]) >= 20 and first["id"] != second["id"]
    assert first["location"] is None and first["collection"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * 501}, "text"),
        ({"text": "ok", "background": {"color": "red"}}, "background"),
        ({"text": "ok", "background": {"image": "http://insecure.example/a.png"}}, "background"),
        ({"text": "ok", "collection": "nope"}, "collection"),
        ({"text": "ok", "tags": [f"t{n}" for n in range(11)]}, "tags"),
        ({"text": "ok", "tags": ["not a tag!"]}, "tags"),
    ],
)
def test_invalid_posts_are_422_naming_the_field(api, body, field):
    response = api.post("/v1/posts", api.new_user(), json=body)
    assert response.status_code == 422
    assert field in str(response.get_json()["errors"])


@pytest.mark.parametrize(
    "text",
    [
        "call my ex at 415-555-0134 lol",
        "text +44 20 7946 0958 for a good time",
        "his number is (650) 253-0000",
        "mail him: someone.real@example.com",
        "ｍａｉｌ: ａ@ｂ.ｃｏｍ",  # noqa: RUF001 - full-width letters must not slip past the filter
    ],
)
def test_the_personal_information_filter_refuses_numbers_and_emails(api, text):
    user = api.new_user()
    response = api.post("/v1/posts", user, json={"text": text})
    assert response.status_code == 422
    assert "dox" in response.get_json()["message"]
    visible = api.create_post(user, "my 2 cents: 1984 was a good year, 10/10")
    comment = api.post(f"/v1/posts/{visible['id']}/comments", user, json={"text": text})
    assert comment.status_code == 422


def test_location_is_snapped_and_the_exact_point_never_stored(api, db):
    user = api.new_user()
    post = api.create_post(user, location={"lat": 37.774929, "lon": -122.419416})
    assert post["location"]["area"] == "9q8yy"
    assert abs(post["location"]["lat"] - 37.774929) > 0.001
    stored = db.driver.execute_query("MATCH (p:Post) RETURN properties(p) AS props").records[0]["props"]
    assert "37.77" not in str(stored) and "122.41" not in str(stored)
    assert api.post("/v1/posts", user, json={"text": "x", "location": {"lat": 91, "lon": 0}}).status_code == 422


def test_nearby_finds_posts_within_the_radius_only(api):
    author, reader = api.new_user(), api.new_user()
    eiffel = api.create_post(author, "tower", location={"lat": 48.8584, "lon": 2.2945})
    api.create_post(author, "far away", location={"lat": 45.764, "lon": 4.8357})  # Lyon
    found = api.get("/v1/nearby", reader, query_string={"lat": 48.8606, "lon": 2.3376, "radius_km": 10}).get_json()
    assert [item["id"] for item in found["items"]] == [eiffel["id"]]
    assert found["items"][0]["label"] == "nearby"
    too_far = api.get("/v1/nearby", reader, query_string={"lat": 48.8606, "lon": 2.3376, "radius_km": 51})
    assert too_far.status_code == 422


def test_paging_returns_every_post_once_in_order(api, clock):
    user = api.new_user()
    created = []
    for n in range(23):
        clock.advance(ms=1500)
        created.append(api.create_post(user, f"post {n}")["id"])
    seen, cursor, pages = [], None, 0
    while True:
        response = api.get("/v1/feed", user, query_string={"limit": 5, **({"cursor": cursor} if cursor else {})})
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        pages += 1
        if not cursor:
            assert "Link" not in response.headers
            break
        assert response.headers["Link"].endswith('rel="next"') and "cursor=" in response.headers["Link"]
    assert seen == list(reversed(created)) and pages == 5
    popular = [item["id"] for item in api.feed(user, sort="popular", limit=7)]
    assert sorted(popular) == sorted(created) and len(set(popular)) == 23


def test_popular_ranks_by_hearts_and_comments(api, clock):
    user = api.new_user()
    quiet = api.create_post(user, "quiet")
    clock.advance(seconds=60)
    loud = api.create_post(user, "loud")  # newer, so first in `recent`, but nobody reacted
    api.put(f"/v1/posts/{quiet['id']}/heart", user)
    api.post(f"/v1/posts/{quiet['id']}/comments", user, json={"text": "me again"})
    ranked = [item["id"] for item in api.feed(user, sort="popular")]
    assert ranked == [quiet["id"], loud["id"]]
    assert [item["id"] for item in api.feed(user)] == [loud["id"], quiet["id"]]


def test_malformed_and_foreign_cursors_are_400(api):
    user = api.new_user()
    assert api.get("/v1/feed", user, query_string={"cursor": "garbage"}).status_code == 400
    for n in range(3):
        api.create_post(user, f"p{n}")
    cursor = api.get("/v1/feed", user, query_string={"limit": 1}).get_json()["next_cursor"]
    assert api.get("/v1/feed", user, query_string={"cursor": cursor, "sort": "popular"}).status_code == 400
    assert api.get("/v1/feed", user, query_string={"limit": 51}).status_code == 422


def test_invisible_posts_are_404_on_every_endpoint(api):
    author, stranger = api.new_user(), api.new_user()
    post = api.create_post(author)
    pid = post["id"]
    comment = api.post(f"/v1/posts/{pid}/comments", author, json={"text": "first"}).get_json()
    for method, path, body in [
        ("GET", f"/v1/posts/{pid}", None),
        ("DELETE", f"/v1/posts/{pid}", None),
        ("PUT", f"/v1/posts/{pid}/heart", None),
        ("DELETE", f"/v1/posts/{pid}/heart", None),
        ("GET", f"/v1/posts/{pid}/comments", None),
        ("POST", f"/v1/posts/{pid}/comments", {"text": "hi"}),
        ("DELETE", f"/v1/posts/{pid}/comments/{comment['id']}", None),
        ("POST", f"/v1/posts/{pid}/flags", {"reason": "spam"}),
    ]:
        response = api.call(method, path, stranger, json=body)
        assert response.status_code == 404, (method, path)
        missing = api.call(method, path.replace(pid, "no-such-post"), stranger, json=body)
        assert missing.get_json() == response.get_json(), "an invisible post must look like a missing one"
    assert api.get(f"/v1/posts/{pid}", author).status_code == 200


def test_only_the_author_deletes_a_post(api, ctx):
    collections.create(ctx=ctx, slug="open", title="Open")
    author, other = api.new_user(), api.new_user()
    post = api.create_post(author, collection="open")
    assert api.delete(f"/v1/posts/{post['id']}", other).status_code == 404
    assert api.delete(f"/v1/posts/{post['id']}", author).status_code == 204
    assert api.get(f"/v1/posts/{post['id']}", author).status_code == 404


def test_idempotency_keys_replay_the_first_answer_for_an_hour(api, clock, db):
    user, other = api.new_user(), api.new_user()
    headers = {"Idempotency-Key": "k-1"}
    first = api.post("/v1/posts", user, json={"text": "once"}, headers=headers)
    again = api.post("/v1/posts", user, json={"text": "once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    theirs = api.post("/v1/posts", other, json={"text": "once"}, headers=headers)
    assert theirs.get_json()["id"] != first.get_json()["id"]  # keys are per account
    count = db.driver.execute_query("MATCH (p:Post) RETURN count(p) AS n").records[0]["n"]
    assert count == 2
    clock.advance(seconds=3601)
    later = api.post("/v1/posts", user, json={"text": "once"}, headers=headers)
    assert later.get_json()["id"] != first.get_json()["id"]
    pid = first.get_json()["id"]
    c1 = api.post(f"/v1/posts/{pid}/comments", user, json={"text": "c"}, headers={"Idempotency-Key": "c"})
    c2 = api.post(f"/v1/posts/{pid}/comments", user, json={"text": "c"}, headers={"Idempotency-Key": "c"})
    assert c1.get_json()["id"] == c2.get_json()["id"]
    assert api.post("/v1/posts", user, json={"text": "x"}, headers={"Idempotency-Key": "bad key"}).status_code == 422


def test_an_idempotency_key_reused_with_another_body_is_422(api, db):
    user = api.new_user()
    first = api.post("/v1/posts", user, json={"text": "once"}, headers={"Idempotency-Key": "k-2"})
    other = api.post("/v1/posts", user, json={"text": "something else"}, headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 422, other.get_json()
    assert "Idempotency-Key" in str(other.get_json()["errors"]) and "different" in other.get_json()["message"]
    located = {"text": "once", "location": {"lat": 1, "lon": 1}}
    assert api.post("/v1/posts", user, json=located, headers={"Idempotency-Key": "k-2"}).status_code == 422
    again = api.post("/v1/posts", user, json={"text": "once"}, headers={"Idempotency-Key": "k-2"})
    assert again.status_code == 201 and again.get_json() == first.get_json()
    assert db.driver.execute_query("MATCH (p:Post) RETURN count(p) AS n").records[0]["n"] == 1
    pid = first.get_json()["id"]
    c1 = api.post(f"/v1/posts/{pid}/comments", user, json={"text": "a"}, headers={"Idempotency-Key": "c"})
    c2 = api.post(f"/v1/posts/{pid}/comments", user, json={"text": "b"}, headers={"Idempotency-Key": "c"})
    assert c1.status_code == 201 and c2.status_code == 422
    assert "Idempotency-Key" in str(c2.get_json()["errors"])


def test_unlink_detaches_the_author_for_good(api, ctx):
    collections.create(ctx=ctx, slug="open", title="Open")
    author, reader = api.new_user(), api.new_user()
    private = api.create_post(author, "only for friends")
    public = api.create_post(author, "in a collection", collection="open")
    assert api.post("/v1/me/unlink", author).get_json() == {"unlinked": 2}
    assert api.get(f"/v1/posts/{private['id']}", author).status_code == 404
    shown = api.get(f"/v1/posts/{public['id']}", author).get_json()
    assert shown["is_own"] is False and shown["label"] == "collection"
    assert api.delete(f"/v1/posts/{public['id']}", author).status_code == 404
    assert api.get(f"/v1/posts/{public['id']}", reader).get_json()["label"] == "collection"
    assert api.labels(author) == {}


def test_backgrounds_are_ranked_by_keywords(api):
    user = api.new_user()
    items = api.get("/v1/backgrounds", user, query_string={"text": "I love my crush but the ocean"}).get_json()["items"]
    assert items[0]["id"] == "love" and items[1]["id"] == "ocean"
    assert all(("color" in item) != ("image" in item) for item in items)
    assert api.get("/v1/backgrounds", user).status_code == 422


def test_deleting_an_account_removes_its_posts_comments_and_hearts(api, db, ctx, clock):
    collections.create(ctx=ctx, slug="open", title="Open")
    leaver, stayer, later = api.new_user(), api.new_user(), api.new_user()
    theirs = api.create_post(leaver, collection="open")
    mine = api.create_post(stayer, collection="open")
    api.post(f"/v1/posts/{mine['id']}/comments", leaver, json={"text": "bye"})
    api.put(f"/v1/posts/{mine['id']}/heart", leaver)
    api.post(f"/v1/posts/{theirs['id']}/comments", stayer, json={"text": "hi"})
    assert api.delete("/v1/me", leaver).status_code == 204
    # the posts go each at its own time within the window (tests/attacks/test_unlink_linkage.py)
    clock.advance(seconds=ctx.settings.deleted_posts_window_s + 1)
    assert api.get(f"/v1/posts/{theirs['id']}", stayer).status_code == 404
    assert api.delete("/v1/me", later).status_code == 204  # a deletion purges what is due
    after = api.get(f"/v1/posts/{mine['id']}", stayer).get_json()
    assert after["hearts"] == 0 and after["comments"] == 0
    assert db.driver.execute_query("MATCH (c:Comment) RETURN count(c) AS n").records[0]["n"] == 0


@pytest.mark.parametrize(
    "background",
    [
        {"image": "https://evil.example/x.png"},  # a tracking pixel: its server sees every reader
        {"image": "https://img.operator.example/photo.jpg?reader=1"},
        {"color": "#ABCDEF"},
        {"id": "no-such-background"},
        {"id": "night", "color": "#1B1F3B"},
        {"id": 7},
    ],
)
def test_backgrounds_outside_the_catalogue_are_422(api, background):
    response = api.post("/v1/posts", api.new_user(), json={"text": "look", "background": background})
    assert response.status_code == 422, response.get_json()
    assert "background" in str(response.get_json()["errors"])


@pytest.mark.parametrize(
    ("background", "shown"),
    [
        ({"id": "ocean"}, {"color": "#1F6F8B"}),
        ({"color": "#1f6f8b"}, {"color": "#1F6F8B"}),
        ({"id": "operator-photo"}, {"image": "https://img.operator.example/photo.jpg"}),
        ({"image": "https://img.operator.example/photo.jpg"}, {"image": "https://img.operator.example/photo.jpg"}),
    ],
)
def test_catalogue_backgrounds_are_chosen_by_id_colour_or_image(api, background, shown):
    assert api.create_post(api.new_user(), "look", background=background)["background"] == shown


def test_a_stored_image_from_outside_the_catalogue_is_never_shown(api, db):
    user = api.new_user()
    old = api.create_post(user, "from before the catalogue rule", background={"id": "operator-photo"})
    kept = api.create_post(user, "a catalogue image", background={"id": "operator-photo"})
    db.driver.execute_query(
        "MATCH (p:Post {id: $id}) SET p.background_image = 'https://evil.example/x.png'", id=old["id"]
    )
    assert api.get(f"/v1/posts/{old['id']}", user).get_json()["background"] is None
    shown = {item["id"]: item["background"] for item in api.feed(user)}
    assert shown == {old["id"]: None, kept["id"]: {"image": "https://img.operator.example/photo.jpg"}}


def test_an_operators_catalogue_keeps_only_well_formed_entries(api, tmp_path):
    user = api.new_user()
    items = api.get("/v1/backgrounds", user, query_string={"text": "photograph duplicate no id"}).get_json()["items"]
    assert items[0] == {
        "id": "operator-photo",
        "image": "https://img.operator.example/photo.jpg",
        "keywords": ["photograph"],
    }
    everything = backgrounds.catalogue(str(Path(__file__).with_name("backgrounds.json")))
    ids = [entry["id"] for entry in everything]
    assert len(ids) == len(set(ids)) and "plain-http" not in ids
    assert next(entry for entry in everything if entry["id"] == "night")["color"] == "#1B1F3B"  # built-in wins
    assert all(entry.get("image", "https://").startswith("https://") for entry in everything)
    not_a_list = tmp_path / "backgrounds.json"
    not_a_list.write_text('{"id": "x"}')
    with pytest.raises(ValueError, match="JSON list"):
        backgrounds.catalogue(str(not_a_list))


def _count(db, statement: str) -> int:
    return db.driver.execute_query(statement).records[0]["n"]


def test_the_periodic_purge_deletes_retired_posts_once_due(api, db, ctx, clock, monkeypatch):
    collections.create(ctx=ctx, slug="open", title="Open")
    leaver, stayer = api.new_user(), api.new_user()
    theirs = [api.create_post(leaver, collection="open"), api.create_post(leaver, "another", collection="open")]
    mine = api.create_post(stayer, collection="open")
    for post in theirs:
        api.post(f"/v1/posts/{post['id']}/comments", stayer, json={"text": "hi"})
        api.put(f"/v1/posts/{post['id']}/heart", stayer)
    assert api.delete("/v1/me", leaver).status_code == 204
    # A keyed audience record that only the retired posts keep (visibility.keep_audience).
    db.driver.execute_query(
        "MATCH (p:Post) WHERE p.remove_at IS NOT NULL CREATE (:Audience {key: 'k-' + p.id})-[:SAW {label: 'friend'}]->(p)"
    )
    assert _count(db, "MATCH (p:Post) WHERE p.remove_at IS NOT NULL RETURN count(p) AS n") == 2
    monkeypatch.setattr(posts, "PURGE_BATCH", 1)  # one post a transaction: the batches add up
    assert posts.purge_retired(ctx=ctx) == 0  # not due yet: each goes at its own time within the window
    clock.advance(seconds=ctx.settings.deleted_posts_window_s + 1)
    assert posts.purge_retired(ctx=ctx) == 2
    assert _count(db, "MATCH (p:Post) RETURN collect(p.id) AS n") == [mine["id"]]
    assert _count(db, "MATCH (c:Comment) RETURN count(c) AS n") == 0
    assert _count(db, "MATCH (a:Audience) RETURN count(a) AS n") == 0
    assert _count(db, "MATCH ()-[h:HEARTED]->() RETURN count(h) AS n") == 0
    assert posts.purge_retired(ctx=ctx) == 0
    assert api.get(f"/v1/posts/{mine['id']}", stayer).status_code == 200


def test_posts_purge_command(api, db, settings, tmp_path, monkeypatch, capsys):
    leaver = api.new_user()
    api.create_post(leaver)
    assert api.delete("/v1/me", leaver).status_code == 204
    # The command reads the real clock (the tests' fake one runs ahead of it): make the time come.
    db.driver.execute_query("MATCH (p:Post) SET p.remove_at = 1")
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("SECRET_GRAPH_PEPPER", settings.pepper.decode())
    monkeypatch.setenv("SECRET_GRAPH_VAR_DIR", str(tmp_path))
    assert cli.main(["posts", "purge"]) == 0
    assert capsys.readouterr().out == "purged 1 retired post(s)\n"
    assert _count(db, "MATCH (p:Post) RETURN count(p) AS n") == 0
