"""Attack: learning which posts share an author through moderation's new surfaces: blocking from one
post to see what else vanishes (block, look, compare), and probing held or invisible content."""

PARIS = {"lat": 48.8566, "lon": 2.3522}


def _nearby(api, user) -> set[str]:
    return {item["id"] for item in api.get("/v1/nearby", user, query_string=PARIS).get_json()["items"]}


def test_blocking_from_one_post_makes_no_other_visible_post_vanish(api, clock):
    attacker, suspect = api.new_user(), api.new_user()
    others = [api.new_user() for _ in range(3)]
    suspects = [api.create_post(suspect, f"suspect's post {i}", location=PARIS)["id"] for i in range(3)]
    decoys = [api.create_post(user, "someone else's post", location=PARIS)["id"] for user in others]
    comments = f"/v1/posts/{decoys[0]}/comments"
    old = api.post(comments, suspect, json={"text": "an older comment"}).get_json()
    clock.advance(seconds=60)
    before = _nearby(api, attacker)
    assert before == set(suspects + decoys)
    assert api.post(f"/v1/posts/{suspects[0]}/block", attacker).status_code == 204
    # Only the post blocked from left: the suspect's other posts are still there, indistinguishable.
    assert _nearby(api, attacker) == before - {suspects[0]}
    assert [c["id"] for c in api.get(comments, attacker).get_json()["items"]] == [old["id"]]


def test_held_and_invisible_posts_look_missing_on_every_new_endpoint(api):
    author, stranger = api.new_user(), api.new_user()
    held = api.post("/v1/posts", author, json={"text": "you idiot", "confirm": True, "location": PARIS}).get_json()
    hidden_from_stranger = api.create_post(author, "no location, no friends")
    comment = api.post(f"/v1/posts/{hidden_from_stranger['id']}/comments", author, json={"text": "c"}).get_json()
    for pid in (held["id"], hidden_from_stranger["id"]):
        for method, path, body in [
            ("PUT", f"/v1/posts/{pid}/hidden", None),
            ("POST", f"/v1/posts/{pid}/block", None),
            ("POST", f"/v1/posts/{pid}/appeal", None),
            ("POST", f"/v1/posts/{pid}/comments/{comment['id']}/flags", {"reason": "spam"}),
            ("POST", f"/v1/posts/{pid}/comments/{comment['id']}/block", None),
        ]:
            response = api.call(method, path, stranger, json=body)
            assert response.status_code == 404, (method, path)
            missing = api.call(method, path.replace(pid, "no-such-post"), stranger, json=body)
            assert missing.get_json() == response.get_json(), (method, path)
