"""The one visibility definition, as the service layer sees it.

The rules themselves are Cypher, in ``cypher/queries/visibility.cypher``; this module is the only
caller of those statements. See docs/visibility.md.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from secret_graph import backgrounds, render
from secret_graph.adapters.media import valid_key
from secret_graph.context import Context
from secret_graph.db.cypher import visibility
from secret_graph.errors import NotFound
from secret_graph.screening import signals

LABELS = ("own", "campaign", "friend", "friend_of_friend", "hearted_by_friend", "collection", "nearby", "world")
FEED_LABELS = frozenset({"own", "friend", "friend_of_friend", "hearted_by_friend"})


def circle_state(tx: ManagedTransaction, *, ctx: Context, viewer_id: str, now: int) -> dict[str, Any]:
    """The viewer's circle: whether it is open, friends counted (up to the number needed), how many more are needed."""
    settings = ctx.settings
    rules = (
        settings.circle_rule,
        settings.min_friends,
        settings.friend_min_outside,
        settings.friend_min_age_s,
        settings.min_trust,
    )
    before: tuple[int, int] | None = None  # the digest read before the neighbourhood
    if viewer_id in ctx.circles:
        # Found open before: the digest alone (a statement much cheaper than the rule) may settle it.
        inputs = visibility.circle_inputs.single(tx, viewer_id=viewer_id)
        if inputs is not None:
            before = (inputs["own"], inputs["friends"])
            if ctx.circles.is_open(viewer_id, (*before, *rules)):
                return {"open": True, "counted_friends": settings.min_friends, "needed": 0}
    matching = settings.circle_rule == "matching"
    fetch = dict(
        viewer_id=viewer_id,
        now=now,
        min_age_ms=settings.friend_min_age_s * 1000,
        min_outside=settings.friend_min_outside,
        min_trust=settings.min_trust,
        cap=settings.min_friends * settings.friend_min_outside if matching else settings.friend_min_outside,
    )
    rule = dict(rule=settings.circle_rule, min_friends=settings.min_friends, min_outside=settings.friend_min_outside)
    # `matching` weighs every friend, but a few usually open the circle: more friends can only count
    # more, so the first candidates opening it is the whole answer; otherwise all of them.
    first_try = FIRST_TRY_FACTOR * settings.min_friends if matching else settings.min_friends
    row = visibility.circle.single(tx, **fetch, max_rows=first_try)
    if row is not None and before is None:
        before = (row["own_before"], row["friends_before"])
    outside = row["outside_friends"] if row else []
    counted = counted_friends(outside, **rule)
    if matching and counted < settings.min_friends and len(outside) >= first_try:
        row = visibility.circle.single(tx, **fetch, max_rows=MAX_FRIENDS)
        counted = counted_friends(row["outside_friends"] if row else [], **rule)
    is_open = counted >= settings.min_friends
    # Remembered only if the digest read after the rule (`circle` reads it last) is the one read
    # before it: a change committed while the rule ran is then never paired with this answer, even
    # by a backup taken at that moment.
    after = (row["own_after"], row["friends_after"]) if row else None
    if is_open and before is not None and after == before:
        ctx.circles.remember(viewer_id, (*before, *rules))
    elif not is_open:
        ctx.circles.forget(viewer_id)
    return {
        "open": is_open,
        "counted_friends": counted,
        "needed": max(0, settings.min_friends - counted),
    }


MAX_FRIENDS = 1_000_000  # no limit on the friends the matching rule weighs (an account has far fewer)
# Candidate friends (times SECRET_GRAPH_MIN_FRIENDS) the matching rule weighs before all of them: at
# 100,000 accounts every sampled circle opened within the first 5, and 10 costs 0.78 ms against 1.42
# for all (the statement alone, 300 viewers; docs/performance.md, session 29).
FIRST_TRY_FACTOR = 2


def counted_friends(outside: list[list[str]], *, rule: str, min_friends: int, min_outside: int) -> int:
    """How many friends count, up to ``min_friends``, given each candidate friend's outside friends.

    ``shared``: every candidate (the statement lists only those with ``min_outside``) counts. ``matching``:
    each counted friend needs ``min_outside`` outside friends of its own, used by no other counted friend.
    A friend with ``min_friends * min_outside`` of them is never short (the others use fewer), so the
    statement lists no more, and only the poorer friends need a search."""
    if rule == "shared" or min_outside == 0:
        return min(len(outside), min_friends)
    cap = min_friends * min_outside
    rich = sum(len(mine) >= cap for mine in outside)
    if rich >= min_friends:
        return min_friends
    poor = sorted((mine for mine in outside if len(mine) < cap), key=len, reverse=True)
    return rich + _most_served(poor, need=min_friends - rich, per_friend=min_outside)


def _most_served(friends: list[list[str]], *, need: int, per_friend: int) -> int:
    """The most of ``friends`` (up to ``need``) that each get ``per_friend`` of their outside friends, none shared.

    A depth-first search over sets of friends; each friend is added by augmenting paths (Kuhn's
    algorithm on ``per_friend`` copies of it) on the matching of the set so far, and removed again
    when the search backs out. Exact: with several outside friends each the problem is a packing,
    which no single greedy pass solves (a friend can take two outsiders that two others need).
    A greedy pass comes first (it finds k friends for nearly every open circle); the search then
    stops at a bound: the largest matching of every friend's copies, divided by ``per_friend``
    (on ego-Facebook it is reached, so a closed circle is proved with little search)."""
    owner: dict[str, int] = {}  # outside friend -> the counted friend it is given to

    def augment(start: int) -> bool:
        """Give ``start`` one more outside friend, moving others along an augmenting path (breadth first)."""
        gave_up: dict[int, str | None] = {start: None}  # friend reached -> the outside friend it would give up
        reached_by: dict[str, int] = {}  # outside friend -> the friend that reached it
        queue = [start]
        for friend in queue:
            for x in friends[friend]:
                if x in reached_by:
                    continue
                reached_by[x] = friend
                holder = owner.get(x)
                if holder is None:
                    while True:
                        owner[x] = friend
                        previous = gave_up[friend]
                        if previous is None:
                            return True
                        x, friend = previous, reached_by[previous]
                if holder not in gave_up:
                    gave_up[holder] = x
                    queue.append(holder)
        return False

    chosen = 0  # a greedy pass first: an open circle (nearly every one) is decided by it
    for i in range(len(friends)):
        saved = dict(owner)
        if all(augment(i) for _ in range(per_friend)):
            chosen += 1
            if chosen >= need:
                return need
        else:
            owner.clear()
            owner.update(saved)
    owner.clear()
    bound = sum(augment(i) for i in range(len(friends)) for _ in range(per_friend)) // per_friend
    need = min(need, bound)
    owner.clear()
    best = 0

    def search(start: int, chosen: int) -> None:
        nonlocal best
        best = max(best, chosen)
        for i in range(start, len(friends)):
            if best >= need or chosen + len(friends) - i <= best:
                return
            saved = dict(owner)
            if all(augment(i) for _ in range(per_friend)):
                search(i + 1, chosen + 1)
            owner.clear()
            owner.update(saved)

    search(0, 0)
    return best


def circle_open(tx: ManagedTransaction, *, ctx: Context, viewer_id: str, now: int) -> bool:
    """Whether enough of the viewer's friends count for friend posts to show."""
    return circle_state(tx, ctx=ctx, viewer_id=viewer_id, now=now)["open"]


def label_posts(
    tx: ManagedTransaction,
    *,
    ctx: Context,
    viewer_id: str,
    post_ids: list[str],
    now: int,
    is_open: bool | None = None,
    include_pending: bool = False,
) -> dict[str, dict[str, Any]]:
    """The visible posts among ``post_ids``, by id, each with its label; invisible ones are absent.

    ``include_pending`` also shows posts hidden pending review to whoever could see them before (for
    flags: a flag on a post that was just hidden must not tell the flagger so)."""
    if not post_ids:
        return {}
    if is_open is None:
        is_open = circle_open(tx, ctx=ctx, viewer_id=viewer_id, now=now)
    rows = visibility.posts(
        tx,
        viewer_id=viewer_id,
        post_ids=post_ids,
        now=now,
        circle_open=is_open,
        include_pending=include_pending,
        viewer_key=audience_key(ctx, viewer_id),
    )
    images = backgrounds.images(ctx.settings.backgrounds_file)
    for row in rows:
        # Posts from before backgrounds had to come from the catalogue may hold any URL: a tracking pixel.
        background = row.get("background_image")
        if background and background not in images and not _own_media(ctx, background):
            row["background_image"] = None
        row["muted"] = not row["is_own"] and mutes(row["text"], row.pop("muted_words", None) or [])
        row["image"] = render.image_object(row.get("image"), url=ctx.media.url)
    return {row["id"]: row for row in rows}


def audience_key(ctx: Context, account_id: str) -> str:
    """The keyed name of a viewer in the audience unlinked posts keep: no account without the pepper."""
    return ctx.keyring.tag("audience", account_id)


def keep_audience(tx: ManagedTransaction, *, ctx: Context, account_id: str) -> list[str]:
    """Before ``account_id`` lets go of its posts: record, keyed, who sees each as `friend` or
    `friend_of_friend`, so each keeps that label for them (else they would vanish together), and who
    had blocked the account before it (`blocked`), so it stays hidden from them.
    Returns the ids of the account's posts."""
    rows = []
    for row in visibility.audience(tx, account_id=account_id):
        labels = {
            **dict.fromkeys(row["friends_of_friends"], "friend_of_friend"),
            **dict.fromkeys(row["friends"], "friend"),
        }
        labels |= dict.fromkeys(row["blocked"], "blocked")  # a block outranks any label, as in `posts`
        seen = [{"key": audience_key(ctx, viewer), "label": label} for viewer, label in labels.items()]
        rows.append({"id": row["id"], "seen": seen})
    visibility.keep_audience(tx, rows=[row for row in rows if row["seen"]])
    return [row["id"] for row in rows]


def keep_comment_blocks(tx: ManagedTransaction, *, ctx: Context, account_id: str, comment_ids: list[str]) -> None:
    """Before ``account_id`` lets go of its comments ``comment_ids``: record, keyed, who had blocked it
    before each was written, so each stays hidden from them (the block matched the writer)."""
    rows = [
        {"id": row["id"], "seen": [{"key": audience_key(ctx, viewer), "label": "blocked"} for viewer in row["blocked"]]}
        for row in visibility.comment_blockers(tx, account_id=account_id, comment_ids=comment_ids)
    ]
    visibility.keep_audience(tx, rows=[row for row in rows if row["seen"]])


def _own_media(ctx: Context, url: str) -> bool:
    """A picture of this service's media store (a background proposed from posts), not a tracking pixel."""
    base, _, key = url.rpartition("/")
    return valid_key(key) and ctx.media.url(key) == url and bool(base)


def visible_comments(
    tx: ManagedTransaction, *, ctx: Context, viewer_id: str, comment_ids: list[str], include_pending: bool = False
) -> dict[str, dict[str, Any]]:
    """The comments among ``comment_ids`` the viewer may read (call it for a post they may see), by id.

    Each row says ``muted``: a muted word leaves the comment out of threads, not out of reach."""
    if not comment_ids:
        return {}
    rows = visibility.comments(
        tx,
        viewer_id=viewer_id,
        comment_ids=comment_ids,
        include_pending=include_pending,
        viewer_key=audience_key(ctx, viewer_id),
    )
    for row in rows:
        row["muted"] = not row["is_own"] and mutes(row["text"], row.pop("muted_words", None) or [])
    return {row["id"]: row for row in rows}


def fold_muted(word: str) -> str:
    """A muted word or phrase as it is stored and compared: folded words joined by single spaces."""
    return " ".join(token for token, _, _ in signals.tokens(word))


def mutes(text: str, muted: list[str]) -> bool:
    """Whether ``text`` holds one of the (folded) muted words or phrases, as whole words."""
    if not muted:
        return False
    folded = f" {fold_muted(text)} "
    return any(f" {word} " in folded for word in muted)


def listed(row: dict[str, Any]) -> bool:
    """Whether a visible post belongs in the viewer's listings: not hidden by them, no muted word."""
    return not row.get("hidden") and not row.get("muted")


def visible_post(
    tx: ManagedTransaction, *, ctx: Context, viewer_id: str, post_id: str, now: int, include_pending: bool = False
) -> dict[str, Any]:
    """The post as the viewer may see it; NotFound (never Forbidden) when they may not."""
    row = label_posts(
        tx, ctx=ctx, viewer_id=viewer_id, post_ids=[post_id], now=now, include_pending=include_pending
    ).get(post_id)
    if row is None:
        raise NotFound("no such post")
    return row


def own_new_post(tx: ManagedTransaction, *, ctx: Context, author_id: str, post_id: str, now: int) -> dict[str, Any]:
    """The post its author just wrote, as the author sees it, without asking the author's circle.

    An author's own post is labelled `own` before any rule that reads the circle, so the circle
    check (5 ms of a post's write at 100,000 accounts) would decide nothing here."""
    row = label_posts(tx, ctx=ctx, viewer_id=author_id, post_ids=[post_id], now=now, is_open=False).get(post_id)
    if row is None or not row["is_own"]:
        raise NotFound("no such post")
    return row


def in_feed(row: dict[str, Any]) -> bool:
    """Feed membership: the social labels, or a collection the viewer subscribes to; never a post the
    viewer hid or muted."""
    return (row["label"] in FEED_LABELS or bool(row["subscribed"])) and listed(row)
