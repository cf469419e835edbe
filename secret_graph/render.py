"""The post object every endpoint returns. Nothing in it identifies the author."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from secret_graph import geo

MINUTE_MS = 60_000


def shown_time(created_at: int, *, own: bool) -> int:
    """Others see times to the minute only: exact times help correlate a post with a person."""
    return created_at if own else created_at - created_at % MINUTE_MS


def image_object(image: dict[str, Any] | None, *, url: Callable[[str], str]) -> dict[str, Any] | None:
    """A post's stored picture ({key, width, height, blurhash}) as the API shows it; ``url`` is the
    media store's (the key is never shown)."""
    if not image:
        return None
    return {"url": url(image["key"]), "width": image["width"], "height": image["height"], "blurhash": image["blurhash"]}


def post_object(row: dict[str, Any], *, label: str | None = None) -> dict[str, Any]:
    """Shape a `visibility.posts` row as the API's post object."""
    background = None
    if row.get("background_color"):
        background = {"color": row["background_color"]}
    elif row.get("background_image"):
        background = {"image": row["background_image"]}
    location = None
    if row.get("geohash"):
        lat, lon = geo.center(row["geohash"])
        location = {"area": row["geohash"], "lat": lat, "lon": lon}
    return {
        "id": row["id"],
        "text": row["text"],
        "background": background,
        "tags": list(row.get("tags") or []),
        "keywords": list(row.get("keywords") or []),
        "audience": row.get("audience") or "circle",
        "image": row.get("image"),
        "sponsor": row.get("sponsor"),
        "collection": row.get("collection"),
        "location": location,
        "created_at": shown_time(row["created_at"], own=row["is_own"]),
        "label": label or row["label"],
        "hearts": row["hearts"],
        "hearted": row["hearted"],
        "comments": row["comments"],
        "is_own": row["is_own"],
        # Only the author learns that a post is held, pending review or back: to others a post they see is visible.
        "status": (row.get("status") or "visible") if row["is_own"] else "visible",
    }
