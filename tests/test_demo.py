"""`secret-graph demo` (make demo): a small world whose demo account has an open circle, a feed,
a chat request, notifications and a moderation queue to show; a second run serves the same world."""

from __future__ import annotations

import pytest

from secret_graph.chats import services as chats
from secret_graph.feeds import services as feeds
from secret_graph.identity import services as identity
from secret_graph.moderation import services as moderation
from secret_graph.notifications import services as notifications
from secret_graph.seed import demo


def _signed_in(ctx, phone: str) -> str:
    challenge = identity.request_code(ctx=ctx, phone=phone)
    return identity.create_session(ctx=ctx, challenge_id=challenge.challenge_id, code=challenge.dev_code).account_id


def test_the_demo_account_has_an_open_circle_a_chat_request_and_a_queue(ctx):
    info = demo.build(ctx=ctx)
    assert info["seeded"]["accounts"] == demo.PLAN.accounts
    me = _signed_in(ctx, info["phone"])
    assert identity.get(ctx=ctx, account_id=me)["circle"]["open"]
    feed = feeds.feed(ctx=ctx, viewer_id=me, sort="recent", limit=10).items
    assert len(feed) == 10 and {post["label"] for post in feed} - {"own"}
    requests = [chat for chat in chats.list_(ctx=ctx, viewer_id=me)[0] if chat["status"] == "requested"]
    assert len(requests) == 1 and requests[0]["role"] == "author"
    assert identity.authenticate(ctx=ctx, token=identity.open_session(ctx=ctx, account_id=me).token).is_moderator
    assert [item for item in moderation.queue(ctx=ctx) if "followers" in item["text"]]
    ctx.jobs.drain()
    kinds = {item["kind"] for item in notifications.list_(ctx=ctx, account_id=me)[0]}
    assert "comment" in kinds and kinds & {"chat_request", "chat_message"}

    # Again: the same world and the same number, nothing seeded twice.
    assert demo.build(ctx=ctx) == info
    demo.info_path(ctx).unlink()
    with pytest.raises(RuntimeError, match="--reset"):
        demo.build(ctx=ctx)
