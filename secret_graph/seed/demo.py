"""`secret-graph demo` (`make demo`): a small seeded world that makes the web client look alive.

The synthetic network of `secret-graph seed`, then, through the same services the API calls: a
named collection the demo account follows, world posts with tags, a post of the demo account's
that others heart and comment on and one reader asks to chat about, and a reported post waiting in
the moderation queue (the demo account moderates, so every screen has something to show).
Development only: it signs in with the dev SMS backend's codes, as a phone would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from secret_graph.chats import services as chats
from secret_graph.collections import services as collections
from secret_graph.comments import services as comments
from secret_graph.context import Context
from secret_graph.db.cypher import migrations as migrations_cypher
from secret_graph.db.cypher import seed as seed_cypher
from secret_graph.identity import services as identity
from secret_graph.posts import services as posts
from secret_graph.seed import generate
from secret_graph.seed import services as seeding

# Small enough to seed in well under a minute on a laptop, big enough for full feeds.
PLAN = seeding.Plan(accounts=150, avg_friends=12, posts=600, hearts=2500, comments=600, collections=3, seed=21)
CANDIDATES = 10  # the first accounts are the network's hubs: one of them has an open circle
COLLECTION = ("night-thoughts", "Night thoughts", "What keeps you up at night.")
WORLD_POSTS = [
    "First snow of the year and the whole street went quiet #winter #city",
    "Learning to bake bread, third loaf, finally edible #baking",
    "The night bus driver who waits for runners deserves a medal #kindness",
    "Anyone else reading on the train instead of scrolling? #books",
    "Tried the new ramen place near the station, worth the queue #food",
    "Sunrise run before work, best decision this month #running",
]
NIGHT_POSTS = [
    "I still replay a conversation from ten years ago before falling asleep",
    "Three in the morning is when all my best ideas and worst fears show up",
]
OWN_POST = "I quit my job today to go back to school. Terrified and happy #newstart"
REACTIONS = ["That takes courage, good luck!", "Best decision I ever made was the same one", "Proud of you, stranger"]
REPORTED = "Buy cheap followers now, click the link in my profile #spam"
CHAT_OPENING = "I did the same two years ago. Happy to tell you how it went if you want."


def info_path(ctx: Context) -> Path:
    return Path(ctx.settings.var_dir) / "demo.json"


def build(*, ctx: Context, reset: bool = False) -> dict[str, Any]:
    """Seed the demo world once (or again after wiping the data, with reset); returns how to sign in."""
    if ctx.settings.production:
        raise RuntimeError("the demo writes synthetic accounts and is refused in production")
    if reset:
        ctx.db.autocommit(migrations_cypher.wipe_data.text)
        info_path(ctx).unlink(missing_ok=True)
    if not ctx.db.read(lambda tx: seed_cypher.is_empty.single(tx)["empty"]):
        if not info_path(ctx).exists():
            raise RuntimeError("the database already holds accounts that are not the demo's: use --reset to wipe it")
        info = json.loads(info_path(ctx).read_text())  # seeded by an earlier `make demo`: the same world again
    else:
        seeded = seeding.create(ctx=ctx, plan=PLAN)
        info = _bring_to_life(ctx)
        if ctx.jobs.in_process:  # the notifications are jobs: deliver them before this process ends
            ctx.jobs.drain()
        info["seeded"] = {key: seeded[key] for key in ("accounts", "friendships", "posts", "hearts", "comments")}
        # The account's index, not its number: no phone number is ever written down, even a synthetic one.
        info_path(ctx).write_text(json.dumps(info, indent=2))
    return {**info, "phone": generate.phone_number(info["account"])}


def _sign_in(ctx: Context, k: int) -> str:
    """Account k's id, signed in with the dev SMS backend's code as the web client would."""
    challenge = identity.request_code(ctx=ctx, phone=generate.phone_number(k))
    if not challenge.dev_code:
        raise RuntimeError("the demo signs in with the development SMS backend: set SECRET_GRAPH_SMS_BACKEND=dev")
    signed = identity.create_session(ctx=ctx, challenge_id=challenge.challenge_id, code=challenge.dev_code)
    identity.revoke_session(ctx=ctx, token=signed.token)  # no stray session in the account's settings
    return signed.account_id


def _bring_to_life(ctx: Context) -> dict[str, Any]:
    me = None
    for k in range(CANDIDATES):
        account_id = _sign_in(ctx, k)
        if identity.get(ctx=ctx, account_id=account_id)["circle"]["open"]:
            me = (k, account_id)
            break
    if me is None:
        raise RuntimeError(f"none of the first {CANDIDATES} seeded accounts has an open circle")
    k, me_id = me
    others = [_sign_in(ctx, n) for n in range(20, 25)]  # old enough to post freely (not "new" accounts)

    # The reported post first, so the feed's newest posts (the README's screenshot) are the pleasant ones.
    reported = posts.create(ctx=ctx, account_id=others[0], text=REPORTED, audience="world", confirm=True)
    posts.flag(ctx=ctx, viewer_id=others[1], post_id=reported["id"], reason="spam")

    slug, title, description = COLLECTION
    collections.create(ctx=ctx, slug=slug, title=title, description=description)
    collections.subscribe(ctx=ctx, viewer_id=me_id, slug=slug, subscribed=True)
    for i, text in enumerate(NIGHT_POSTS):
        posts.create(ctx=ctx, account_id=others[i], text=text, collection=slug)
    for i, text in enumerate(WORLD_POSTS):
        world = posts.create(ctx=ctx, account_id=others[i % len(others)], text=text, audience="world")
        for fan in others[: i % 4]:
            if fan != others[i % len(others)]:
                posts.heart(ctx=ctx, viewer_id=fan, post_id=world["id"], hearted=True)

    own = posts.create(ctx=ctx, account_id=me_id, text=OWN_POST, audience="world")
    for reader, text in zip(others, REACTIONS, strict=False):
        posts.heart(ctx=ctx, viewer_id=reader, post_id=own["id"], hearted=True)
        comments.create(ctx=ctx, viewer_id=reader, post_id=own["id"], text=text)
    chat = chats.open_(ctx=ctx, viewer_id=others[-1], post_id=own["id"])
    chats.send(ctx=ctx, viewer_id=others[-1], chat_id=chat["id"], text=CHAT_OPENING)

    identity.set_moderator(ctx=ctx, account_id=me_id, is_moderator=True)
    return {"account": k, "moderator": True}


def instructions(info: dict[str, Any], base: str) -> str:
    """What `make demo` prints: where to go and which number to sign in with."""
    return "\n".join(
        [
            f"The demo is at {base}/ (the API under /v1, its docs under /docs).",
            f"Sign in with {info['phone']}: the development server shows the SMS code on the screen.",
            "That account's circle is open, it follows a collection, has a chat request and notifications,",
            "and it is a moderator (Me > Moderation). Any other number signs up a new, empty account.",
            "Ctrl-C stops the server (and the local Neo4j, if the demo started it).",
        ]
    )
