"""Every label and rule of the visibility table, through the public API on a real Neo4j."""

from secret_graph.collections import services as collections


def test_closed_circle_shows_no_friend_or_friend_of_friend_posts(api, clock):
    viewer = api.new_user()
    friends = [api.new_user() for _ in range(4)]  # one short of SECRET_GRAPH_MIN_FRIENDS
    for friend in friends:
        api.befriend(viewer, friend)
    far = api.new_user()
    api.befriend(friends[0], far)
    clock.advance(seconds=3 * 86_400)
    friend_post = api.create_post(friends[1])
    fof_post = api.create_post(far)
    own = api.create_post(viewer)
    assert api.labels(viewer) == {own["id"]: "own"}
    assert api.get(f"/v1/posts/{friend_post['id']}", viewer).status_code == 404
    assert api.get(f"/v1/posts/{fof_post['id']}", viewer).status_code == 404


def test_open_circle_labels_friend_and_friend_of_friend(api, clock):
    viewer = api.new_user()
    circle = api.open_circle(viewer, clock)
    stranger = api.new_user()
    far = api.new_user()
    api.befriend(circle[0], far)
    clock.advance(seconds=60)
    friend_post = api.create_post(circle[1])
    fof_post = api.create_post(far)
    stranger_post = api.create_post(stranger)
    labels = api.labels(viewer)
    assert labels[friend_post["id"]] == "friend"
    assert labels[fof_post["id"]] == "friend_of_friend"
    assert stranger_post["id"] not in labels
    shown = api.get(f"/v1/posts/{friend_post['id']}", viewer).get_json()
    assert shown["label"] == "friend" and shown["is_own"] is False
    assert api.get(f"/v1/posts/{stranger_post['id']}", viewer).status_code == 404


def test_a_new_friendship_reveals_no_older_posts(api, clock):
    viewer = api.new_user()
    api.open_circle(viewer, clock)
    newcomer = api.new_user()
    old = api.create_post(newcomer, "from before we met")
    clock.advance(seconds=60)
    api.befriend(viewer, newcomer)
    clock.advance(seconds=60)
    new = api.create_post(newcomer, "from after we met")
    labels = api.labels(viewer)
    assert old["id"] not in labels
    assert labels[new["id"]] == "friend"
    assert api.get(f"/v1/posts/{old['id']}", viewer).status_code == 404


def test_a_new_friend_of_a_friend_path_reveals_no_older_posts(api, clock):
    viewer = api.new_user()
    circle = api.open_circle(viewer, clock)
    far = api.new_user()
    old = api.create_post(far)
    clock.advance(seconds=60)
    api.befriend(circle[0], far)
    clock.advance(seconds=60)
    new = api.create_post(far)
    labels = api.labels(viewer)
    assert old["id"] not in labels and labels[new["id"]] == "friend_of_friend"


def test_hearts_spread_exactly_one_hop_per_heart(api, clock, ctx):
    collections.create(ctx=ctx, slug="confessions", title="Confessions")
    viewer, second = api.new_user(), api.new_user()
    circle = api.open_circle(viewer, clock)
    api.open_circle(second, clock)
    api.befriend(viewer, second)
    clock.advance(seconds=60)
    author = api.new_user()
    post = api.create_post(author, collection="confessions")
    assert post["id"] not in api.labels(viewer)  # not subscribed: not in the feed

    assert api.put(f"/v1/posts/{post['id']}/heart", circle[0]).get_json() == {"hearts": 1, "hearted": True}
    assert api.labels(viewer)[post["id"]] == "hearted_by_friend"
    assert post["id"] not in api.labels(second)  # two hops away: not yet

    api.put(f"/v1/posts/{post['id']}/heart", viewer)
    assert api.labels(second)[post["id"]] == "hearted_by_friend"
    # Hearting twice is one heart; un-hearting takes it back and the spread with it.
    assert api.put(f"/v1/posts/{post['id']}/heart", viewer).get_json() == {"hearts": 2, "hearted": True}
    assert api.delete(f"/v1/posts/{post['id']}/heart", viewer).get_json() == {"hearts": 1, "hearted": False}
    assert post["id"] not in api.labels(second)


def test_a_new_heart_path_reveals_no_older_hearts(api, clock, ctx):
    collections.create(ctx=ctx, slug="confessions", title="Confessions")
    viewer = api.new_user()
    api.open_circle(viewer, clock)
    hearter = api.new_user()
    post = api.create_post(api.new_user(), collection="confessions")
    api.put(f"/v1/posts/{post['id']}/heart", hearter)
    clock.advance(seconds=60)
    api.befriend(viewer, hearter)
    assert post["id"] not in api.labels(viewer)
    clock.advance(seconds=60)
    api.delete(f"/v1/posts/{post['id']}/heart", hearter)
    api.put(f"/v1/posts/{post['id']}/heart", hearter)  # a heart given now, after the friendship
    assert api.labels(viewer)[post["id"]] == "hearted_by_friend"


def test_a_ring_of_fresh_fake_accounts_does_not_open_the_circle(api, clock):
    viewer = api.new_user()
    fakes = [api.new_user() for _ in range(7)]
    api.befriend(viewer, *fakes)
    assert api.friends(viewer) == 7
    target_post = api.create_post(fakes[0])
    assert target_post["id"] not in api.labels(viewer)
    clock.advance(seconds=2 * 86_400)
    later = api.create_post(fakes[1])
    labels = api.labels(viewer)
    # Old enough now, but every fake's friends are inside the viewer's circle: none counts.
    assert target_post["id"] not in labels and later["id"] not in labels


def test_collection_and_nearby_labels_on_single_reads(api, ctx):
    collections.create(ctx=ctx, slug="work", title="Work")
    reader, author = api.new_user(), api.new_user()
    in_collection = api.create_post(author, collection="work")
    located = api.create_post(author, location={"lat": 48.8584, "lon": 2.2945})
    plain = api.create_post(author)
    assert api.get(f"/v1/posts/{in_collection['id']}", reader).get_json()["label"] == "collection"
    assert api.get(f"/v1/posts/{located['id']}", reader).get_json()["label"] == "nearby"
    assert api.get(f"/v1/posts/{plain['id']}", reader).status_code == 404
    # Subscribing brings the collection into the feed.
    assert in_collection["id"] not in api.labels(reader)
    assert api.put("/v1/collections/work/subscription", reader).status_code == 204
    assert api.labels(reader)[in_collection["id"]] == "collection"
    listed = api.get("/v1/collections", reader).get_json()["items"]
    assert listed == [{"slug": "work", "title": "Work", "description": "", "subscribers": 1, "subscribed": True}]
    page = api.get("/v1/collections/work/posts", reader).get_json()
    assert [item["id"] for item in page["items"]] == [in_collection["id"]]
    assert api.get("/v1/collections/nope/posts", reader).status_code == 404
    assert api.put("/v1/collections/nope/subscription", reader).status_code == 404


def test_own_posts_are_labelled_own_and_exact_in_time(api, clock):
    user = api.new_user()
    clock.advance(ms=12_345)
    post = api.create_post(user)
    assert post["label"] == "own" and post["is_own"] is True
    assert post["created_at"].endswith("Z") or "+00:00" in post["created_at"]
    assert ":00+00:00" not in post["created_at"] or clock.now_ms() % 60_000 == 0
