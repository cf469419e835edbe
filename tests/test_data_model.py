"""The graph holds no label, relationship type or property that docs/data-model.md does not list."""

import dataclasses
import io
import re

from secret_graph import peppers
from secret_graph.collections import services as collections
from secret_graph.config import PROJECT_ROOT
from secret_graph.context import Context
from secret_graph.identity import services as identity
from tests import imagefiles
from tests.helpers import digest

DOC = (PROJECT_ROOT / "docs" / "data-model.md").read_text()


def _documented_nodes() -> dict[str, set[str]]:
    sections = re.split(r"^### :", DOC, flags=re.MULTILINE)[1:]
    nodes = {}
    for section in sections:
        label, _, body = section.partition("\n")
        body = body.split("\n## ")[0]
        nodes[label.strip()] = set(re.findall(r"^\| `(\w+)` \|", body, flags=re.MULTILINE))
    return nodes


def _documented_relationships() -> dict[str, set[str]]:
    table = DOC.split("## Relationships")[1].split("\n## ")[0]
    rels = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`\w+`", cells[0]):
            rels[cells[0].strip("`")] = set(re.findall(r"`(\w+)`", cells[2]))
    return rels


def test_every_label_type_and_property_in_use_is_documented(api, ctx, clock, db, moderator):
    collections.create(ctx=ctx, slug="all", title="All", description="everything")
    user, other = api.new_user(), api.new_user()
    api.befriend(user, other)
    api.put("/v1/me/contacts", user, json={"digests": [other.digest, digest("+16502530000")]})
    api.put("/v1/me/facebook", user, json={"access_token": "dev:fb:fb2"})
    api.put("/v1/me/passcode", user, json={"passcode": "1234"})
    api.request_code("+14155559999")
    post = api.post(
        "/v1/posts",
        user,
        json={"text": "all of it #tag", "collection": "all", "location": {"lat": 1, "lon": 1}},
        headers={"Idempotency-Key": "k"},
    ).get_json()
    api.create_post(user, "with image", background={"id": "operator-photo"})
    api.put("/v1/collections/all/subscription", other)
    api.put(f"/v1/posts/{post['id']}/heart", other)
    api.post(f"/v1/posts/{post['id']}/comments", other, json={"text": "hi"})
    api.post(f"/v1/posts/{post['id']}/flags", other, json={"reason": "other"})
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "restore"})
    api.put(
        "/v1/me/notification-settings",
        user,
        json={"kinds": {"reply": False}, "quiet_hours": {"start": "22:00", "end": "07:00"}},
    )
    api.put("/v1/me/devices/phone", user, json={"platform": "apns", "token": "t"})
    chat = api.post(f"/v1/posts/{post['id']}/chats", other).get_json()
    api.post(f"/v1/chats/{chat['id']}/accept", user)
    message = api.post(f"/v1/chats/{chat['id']}/messages", other, json={"text": "psst"}).get_json()
    api.post(f"/v1/chats/{chat['id']}/flags", user, json={"message_id": message["id"], "reason": "spam"})
    api.post(f"/v1/chats/{chat['id']}/block", user)
    api.post(f"/v1/chats/{chat['id']}/leave", user)
    # Whisper's half: an image attached to a world post that is then removed (its picture blocked),
    # an upload waiting to be attached, a campaign.
    upload = {"file": (io.BytesIO(imagefiles.jpeg()), "a.jpg")}
    image = api.post("/v1/images", user, data=upload, content_type="multipart/form-data").get_json()
    shown = api.create_post(user, "world #tag", audience="world", image_id=image["id"])
    api.post(f"/v1/moderation/posts/{shown['id']}/decision", moderator, json={"action": "remove"})
    waiting = {"file": (io.BytesIO(imagefiles.jpeg(seed=2)), "b.jpg")}
    api.post("/v1/images", user, data=waiting, content_type="multipart/form-data")
    collections.set_campaign(ctx=ctx, slug="all", sponsor="Sponsor")
    # Moderation (docs/moderation.md): screening, comment flags, personal controls, strikes, appeals, a ban.
    api.post("/v1/posts", user, json={"text": "you idiot", "confirm": True})
    comment = api.post(f"/v1/posts/{post['id']}/comments", user, json={"text": "mine"}).get_json()
    api.post(f"/v1/posts/{post['id']}/comments/{comment['id']}/flags", other, json={"reason": "spam"})
    api.post(f"/v1/moderation/comments/{comment['id']}/decision", moderator, json={"action": "warn"})
    api.put("/v1/me/muted-words", other, json={"words": ["word"]})
    api.put(f"/v1/posts/{post['id']}/hidden", other)
    api.post(f"/v1/posts/{post['id']}/comments/{comment['id']}/block", other)
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove", "reason": "spam"})
    api.post(f"/v1/posts/{post['id']}/appeal", user)
    api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "suspend", "days": 1})
    # Unlink and account deletion (docs/threat-model.md): a keyed audience, a removal time.
    leaver = api.new_user()
    api.befriend(leaver, other)
    api.create_post(leaver, "kept for my friends")
    api.delete("/v1/me", leaver)
    banned = api.new_user()
    doomed = api.create_post(banned, "spam")
    api.post(f"/v1/moderation/posts/{doomed['id']}/decision", moderator, json={"action": "ban"})
    rotated = dataclasses.replace(ctx.settings, pepper=b"r" * 40, previous_peppers=(ctx.settings.pepper,))
    rotated_ctx = Context.create(rotated, db=db, clock=clock)
    peppers.rotate(ctx=rotated_ctx, grace_s=0)  # `rotate-pepper`'s own state; it drops the old quota locks
    identity.request_code(ctx=rotated_ctx, phone="+14155559998")
    ctx.jobs.drain()

    nodes, rels = _documented_nodes(), _documented_relationships()
    in_use = db.driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN DISTINCT label, collect(DISTINCT keys(n)) AS keys"
    ).records
    seen_labels = set()
    for record in in_use:
        label = record["label"]
        seen_labels.add(label)
        assert label in nodes, f"label {label} is not in docs/data-model.md"
        for key in {k for keys in record["keys"] for k in keys}:
            assert key in nodes[label], f"{label}.{key} is not in docs/data-model.md"
    types = db.driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, collect(DISTINCT keys(r)) AS keys"
    ).records
    for record in types:
        assert record["type"] in rels, f"relationship {record['type']} is not in docs/data-model.md"
        for key in {k for keys in record["keys"] for k in keys}:
            assert key in rels[record["type"]], f"{record['type']}.{key} is not in docs/data-model.md"
    # The scenario really exercises the model (so this test can fail when something new appears).
    unexercised = set(nodes) - {"SchemaMigrationLock"} - seen_labels
    assert not unexercised, f"documented labels the scenario never wrote: {sorted(unexercised)}"
    assert {r["type"] for r in types} == set(rels)
