"""Collections: topic channels anyone signed in can read and subscribe to."""

from __future__ import annotations

import re
from typing import Any

from neo4j.exceptions import ConstraintError

from secret_graph.context import Context
from secret_graph.db.cypher import collections
from secret_graph.errors import Conflict, InvalidInput, NotFound

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


def create(*, ctx: Context, slug: str, title: str, description: str = "") -> dict[str, Any]:
    """Create a collection; a taken slug is a Conflict."""
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise InvalidInput("a slug is 1 to 40 lowercase letters, digits and inner dashes", field="slug")
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= 80:
        raise InvalidInput("a title has 1 to 80 characters", field="title")
    if not isinstance(description, str) or len(description) > 500:
        raise InvalidInput("a description has at most 500 characters", field="description")
    try:
        rows = ctx.db.write(
            lambda tx: collections.create(
                tx,
                slug=slug,
                title=title.strip(),
                description=description.strip(),
                now=ctx.clock.now_ms(),
            )
        )
    except ConstraintError:
        raise Conflict("a collection with this slug exists") from None
    return rows[0]


def list_(*, ctx: Context, viewer_id: str) -> list[dict[str, Any]]:
    """Every collection with its subscriber count and whether the viewer subscribes."""
    return ctx.db.read(lambda tx: collections.list(tx, viewer_id=viewer_id))


def subscribe(*, ctx: Context, viewer_id: str, slug: str, subscribed: bool) -> None:
    """Subscribe or unsubscribe (idempotent)."""
    change = collections.subscribe if subscribed else collections.unsubscribe
    if not ctx.db.write(lambda tx: change(tx, viewer_id=viewer_id, slug=slug, now=ctx.clock.now_ms())):
        raise NotFound("no such collection")


def set_campaign(*, ctx: Context, slug: str, sponsor: str | None) -> dict[str, Any]:
    """Mark a collection as a campaign of ``sponsor`` (its posts are labelled `campaign`), or end it with None."""
    if sponsor is not None:
        sponsor = sponsor.strip()
        if not 1 <= len(sponsor) <= 80 or not sponsor.isprintable():
            raise InvalidInput("a sponsor name has 1 to 80 printable characters", field="sponsor")
    row = ctx.db.write(lambda tx: collections.set_campaign.single(tx, slug=slug, sponsor=sponsor))
    if row is None:
        raise NotFound("no such collection")
    return row
