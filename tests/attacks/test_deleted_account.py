"""Attack 8: after DELETE /v1/me, nothing links the account's identifiers to what it did."""

from secret_graph.collections import services as collections
from tests.helpers import digest


def test_nothing_links_a_deleted_accounts_identifiers_to_its_activity(api, ctx, db, settings, clock):
    collections.create(ctx=ctx, slug="open", title="Open")
    leaver, friend, other = api.new_user(), api.new_user(), api.new_user()
    api.befriend(leaver, friend)
    assert api.put("/v1/me/facebook", leaver, json={"access_token": "dev:fb-leaver"}).status_code == 200
    mine = api.create_post(leaver, "mine", collection="open", location={"lat": 1.0, "lon": 1.0})
    theirs = api.create_post(other, "theirs", collection="open")
    api.put(f"/v1/posts/{theirs['id']}/heart", leaver)
    api.post(f"/v1/posts/{theirs['id']}/comments", leaver, json={"text": "me"})
    api.post(f"/v1/posts/{theirs['id']}/flags", leaver, json={"reason": "spam"})
    api.put("/v1/collections/open/subscription", leaver)
    api.post("/v1/posts", leaver, json={"text": "keyed"}, headers={"Idempotency-Key": "once"})

    assert api.delete("/v1/me", leaver).status_code == 204
    # Its posts go each at its own time within the window (tests/attacks/test_unlink_linkage.py);
    # any later deletion purges those due.
    clock.advance(seconds=settings.deleted_posts_window_s + 1)
    assert api.delete("/v1/me", api.new_user()).status_code == 204

    from secret_graph.crypto import Keyring

    phone_key = Keyring(settings.pepper).identifier_key("phone", leaver.digest)
    rows = db.driver.execute_query(
        "MATCH (i:Identifier {key: $key}) OPTIONAL MATCH (i)-[r]-(n) RETURN type(r) AS type, labels(n) AS labels",
        key=phone_key,
    ).records
    # The friend's address book still names the number; nothing else touches it.
    assert [(r["type"], r["labels"]) for r in rows] == [("HAS_CONTACT", ["Account"])]
    fb_key = Keyring(settings.pepper).identifier_key("fb", digest("fb-leaver"))
    assert not db.driver.execute_query("MATCH (i:Identifier {key: $key}) RETURN i", key=fb_key).records

    everything = db.driver.execute_query(
        "MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p"
    ).records
    assert all(leaver.id not in str(r["p"]) for r in everything)
    counts = db.driver.execute_query(
        "RETURN COUNT { (:Post {id: $mine}) } AS mine, COUNT { ()-[:HEARTED]->() } AS hearts, "
        "COUNT { ()-[:FLAGGED]->() } AS flags, COUNT { (:Comment) } AS comments, COUNT { ()-[:SUBSCRIBED]->() } AS subs, "
        "COUNT { (:IdempotencyRecord) } AS idem, COUNT { (:Session)-[:AUTHENTICATES]->() } AS sessions",
        mine=mine["id"],
    ).records[0]
    assert dict(counts) == {"mine": 0, "hearts": 0, "flags": 0, "comments": 0, "subs": 0, "idem": 0, "sessions": 2}
    assert api.get(f"/v1/posts/{theirs['id']}", other).get_json()["comments"] == 0
