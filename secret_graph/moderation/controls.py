"""Each person's own controls: muted words, hidden posts, blocked authors. They change only what
that person is shown, through secret_graph/visibility.py, and tell nobody anything."""

from __future__ import annotations

from neo4j import ManagedTransaction

from secret_graph import visibility
from secret_graph.context import Context
from secret_graph.db.cypher import moderation
from secret_graph.errors import InvalidInput, NotFound

MAX_MUTED = 100
MAX_MUTED_LENGTH = 50


def muted_words(*, ctx: Context, account_id: str) -> list[str]:
    """The caller's muted words and phrases, as they are compared (folded)."""
    row = ctx.db.read(lambda tx: moderation.muted_words.single(tx, account_id=account_id))
    return list(row["words"]) if row else []


def set_muted_words(*, ctx: Context, account_id: str, words: list[str]) -> list[str]:
    """Replace the caller's muted words: posts and comments holding one leave their feeds and threads."""
    if not isinstance(words, list) or len(words) > MAX_MUTED:
        raise InvalidInput(f"words is a list of at most {MAX_MUTED}", field="words")
    folded = []
    for word in words:
        if not isinstance(word, str) or not 1 <= len(word.strip()) <= MAX_MUTED_LENGTH:
            raise InvalidInput(f"each word has 1 to {MAX_MUTED_LENGTH} characters", field="words")
        shown = visibility.fold_muted(word)
        if not shown:
            raise InvalidInput("each word needs a letter or a digit", field="words")
        if shown not in folded:
            folded.append(shown)
    ctx.db.write(lambda tx: moderation.set_muted_words(tx, account_id=account_id, words=folded))
    return folded


def hide_post(*, ctx: Context, viewer_id: str, post_id: str) -> None:
    """Take a post the viewer can see out of their feeds and listings, for good."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> None:
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
        moderation.hide(tx, viewer_id=viewer_id, kind="post", id=post_id, now=now)

    ctx.db.write(work)


def block_author(*, ctx: Context, viewer_id: str, post_id: str, comment_id: str | None = None) -> None:
    """Block whoever wrote a post (or a comment under it) that the viewer can see, without learning who.

    Only what the author writes from now on disappears for the viewer (docs/threat-model.md), and
    the post or comment blocked from; the answer is the same whoever wrote it, the viewer included."""
    now = ctx.clock.now_ms()

    def work(tx: ManagedTransaction) -> None:
        visibility.visible_post(tx, ctx=ctx, viewer_id=viewer_id, post_id=post_id, now=now)
        if comment_id is not None:
            shown = visibility.visible_comments(tx, ctx=ctx, viewer_id=viewer_id, comment_ids=[comment_id])
            if comment_id not in shown or moderation_post_of(tx, comment_id) != post_id:
                raise NotFound("no such comment")
        kind, content_id = ("comment", comment_id) if comment_id is not None else ("post", post_id)
        moderation.block_author(tx, viewer_id=viewer_id, kind=kind, id=content_id, now=now)

    ctx.db.write(work)


def moderation_post_of(tx: ManagedTransaction, comment_id: str) -> str | None:
    row = moderation.post_of_comment.single(tx, comment_id=comment_id)
    return row["post_id"] if row else None
