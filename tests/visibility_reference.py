"""The visibility rules of docs/visibility.md in plain Python sets: the reference model that
tests/test_visibility_model.py compares the service with.

The model keeps its own state of the world and updates it only from its own decisions (a heart, a
flag or a deletion happens when the model says it is allowed), so it never learns from production.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

FEED = {"own", "friend", "friend_of_friend", "hearted_by_friend"}

# A location is kept as its geohash cell of precision 5: 25 bits, 13 of longitude and 12 of latitude,
# so the cells form a grid of 2**12 rows by 2**13 columns of equal angles.
CELL_LAT, CELL_LON = 180 / 2**12, 360 / 2**13
EARTH_KM = 6371.0


def cell(point: tuple[float, float]) -> tuple[int, int]:
    """(row, column) of the cell holding a point; a point on an edge belongs to the cell above or east."""
    lat, lon = point
    return min(int((lat + 90) // CELL_LAT), 2**12 - 1), min(int((lon + 180) // CELL_LON), 2**13 - 1)


def centre(row: int, col: int) -> tuple[float, float]:
    return -90 + (row + 0.5) * CELL_LAT, -180 + (col + 0.5) * CELL_LON


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def near(place: tuple[float, float], point: tuple[float, float], radius_km: float) -> bool:
    """Whether nearby from ``point`` reaches a post at ``place``: its cell's centre lies within the
    radius, or its cell is the point's own (radius 0: only that one)."""
    own = cell(place)
    return own == cell(point) or distance_km(point, centre(*own)) <= radius_km


def served(group: tuple[int, ...], outside: dict[int, set[int]], need: int, taken: frozenset = frozenset()) -> bool:
    """Whether each friend of ``group`` can be given ``need`` of its outside friends, none given twice (every choice tried)."""
    if not group:
        return True
    first, rest = group[0], group[1:]
    return any(
        served(rest, outside, need, taken | set(chosen))
        for chosen in combinations(sorted(outside[first] - taken), need)
    )


@dataclass
class Post:
    author: int | None  # None once the author unlinked it
    created_at: int
    visible_at: int
    collection: bool
    place: tuple[float, float] | None  # None, or the (lat, lon) it was posted from
    status: str = "visible"  # visible, held (by screening), pending (hidden by flags) or removed
    deleted: bool = False
    flags_reset_at: int = 0
    flags: dict[int, int] = field(default_factory=dict)  # flagger -> when
    hearts: dict[int, int] = field(default_factory=dict)  # account -> when
    world: bool = False  # posted to the world (audience `world`) rather than to the circle
    seen: dict[int, str] = field(default_factory=dict)  # at unlink: viewer -> friend label it had then
    blocked_by: set[int] = field(default_factory=set)  # at unlink: who had blocked its author before it


@dataclass
class Model:
    created_at: list[int]  # per account
    min_age_ms: int
    min_outside: int
    min_friends: int
    flag_threshold: int
    subscribers: set[int]
    friendships: dict[frozenset, int] = field(default_factory=dict)  # pair -> since
    posts: list[Post] = field(default_factory=list)
    blocks: dict[tuple[int, int], int] = field(default_factory=dict)  # (blocker, blocked) -> since
    hidden: set[tuple[int, int]] = field(default_factory=set)  # (viewer, post index)
    campaign: bool = False  # the collection is a campaign (it has a sponsor)
    min_trust: float = 0.0
    trust: dict[int, float] = field(default_factory=dict)  # account -> score; unscored counts as 0
    circle_rule: str = "matching"  # or "shared": counted friends may share their outside friends

    def since(self, a: int, b: int) -> int | None:
        return self.friendships.get(frozenset((a, b)))

    def friends(self, x: int) -> set[int]:
        return {y for pair in self.friendships if x in pair for y in pair if y != x}

    def circle_open(self, viewer: int, now: int) -> bool:
        mine = self.friends(viewer)
        outside = {
            f: self.friends(f) - mine - {viewer}
            for f in mine
            if self.created_at[f] <= now - self.min_age_ms and self.trust.get(f, 0.0) >= self.min_trust
        }
        if self.circle_rule == "shared":
            return sum(len(xs) >= self.min_outside for xs in outside.values()) >= self.min_friends
        # matching: some min_friends friends, each with min_outside outside friends no other of them uses
        return any(
            served(group, outside, self.min_outside) for group in combinations(sorted(outside), self.min_friends)
        )

    def label(self, viewer: int, index: int, now: int, *, pending_too: bool = False) -> str | None:
        """The first label of the table that applies, or None when the viewer may not see the post.

        ``pending_too``: the label the post would have if it were not hidden pending review (flags)."""
        post = self.posts[index]
        if post.deleted or post.status == "removed":
            return None
        author = post.author
        if author == viewer:
            return "own"
        shown = {"visible", "pending"} if pending_too else {"visible"}
        if post.status not in shown or post.visible_at > now:
            return None  # held posts (screening) show to their author only
        blocked = self.blocks.get((viewer, author)) if author is not None else None
        if blocked is not None and blocked <= post.created_at:
            return None  # a block hides what its author wrote after it, never before
        if author is None and viewer in post.blocked_by:
            return None  # and still does once the author unlinked it
        if post.collection and self.campaign:
            return "campaign"  # before any social label: a campaign never poses as a friend's post
        is_open = self.circle_open(viewer, now)
        if is_open and author is not None:
            direct = self.since(viewer, author)
            if direct is not None and direct <= post.created_at:
                return "friend"
            for middle in self.friends(viewer) - {author}:
                edges = (self.since(viewer, middle), self.since(middle, author))
                if None not in edges and max(edges) <= post.created_at:
                    return "friend_of_friend"
        if is_open and author is None and viewer in post.seen:
            return post.seen[viewer]  # an unlinked post keeps its audience and labels for them
        if is_open:
            for hearter, at in post.hearts.items():
                edge = self.since(viewer, hearter)
                if edge is not None and edge <= at:
                    return "hearted_by_friend"
        if post.collection:
            return "collection"
        if post.place is not None:
            return "nearby"
        if post.world:
            return "world"
        return None

    def feed(self, viewer: int, now: int) -> dict[int, str]:
        shown = {}
        for index in range(len(self.posts)):
            label = self.label(viewer, index, now)
            if (viewer, index) in self.hidden:
                continue
            if label in FEED or (label in ("collection", "campaign") and viewer in self.subscribers):
                shown[index] = label
        return shown

    def visible(self, viewer: int, now: int) -> dict[int, str]:
        return {i: label for i in range(len(self.posts)) if (label := self.label(viewer, i, now)) is not None}

    def listed(self, viewer: int, now: int) -> dict[int, str]:
        """The visible posts the viewer has not hidden: what listings (nearby, a collection) show."""
        return {i: label for i, label in self.visible(viewer, now).items() if (viewer, i) not in self.hidden}

    def nearby(self, viewer: int, now: int, point: tuple[float, float], radius_km: float) -> set[int]:
        """The listed located posts nearby from ``point`` lists (each labelled `nearby`)."""
        return {
            i
            for i in self.listed(viewer, now)
            if (place := self.posts[i].place) is not None and near(place, point, radius_km)
        }

    def explore(self, viewer: int, now: int) -> dict[int, str]:
        """The listed posts to the world, each with its label (explore lists them; hidden ones leave it)."""
        return {i: label for i, label in self.listed(viewer, now).items() if self.posts[i].world}

    # Writes: each says whether it is allowed, and applies itself when it is.

    def heart(self, viewer: int, index: int, now: int, on: bool) -> bool:
        if self.label(viewer, index, now) is None:
            return False
        hearts = self.posts[index].hearts
        if on:
            hearts.setdefault(viewer, now)
        else:
            hearts.pop(viewer, None)
        return True

    def flag(self, viewer: int, index: int, now: int) -> bool:
        """Anyone who may see the post, or could if it were not held for review, may flag it (a held
        post must not answer differently). The author's own flag is accepted and never counts."""
        label = self.label(viewer, index, now, pending_too=True)
        if label is None:
            return False
        if label == "own":
            return True
        post = self.posts[index]
        post.flags.setdefault(viewer, now)
        recent = sum(at > post.flags_reset_at for at in post.flags.values())
        if post.status == "visible" and recent >= self.flag_threshold:
            post.status = "pending"
        return True

    def decide(self, index: int, action: str, now: int) -> bool:
        post = self.posts[index]
        if post.deleted:
            return False
        post.status = "removed" if action == "remove" else "visible"
        if action in ("restore", "publish"):
            post.flags_reset_at = now
        return True

    def hide(self, viewer: int, index: int, now: int) -> bool:
        if self.label(viewer, index, now) is None:
            return False
        self.hidden.add((viewer, index))
        return True

    def block(self, viewer: int, index: int, now: int) -> bool:
        """Block the post's author (if any, and not the viewer); the post blocked from is hidden too."""
        if self.label(viewer, index, now) is None:
            return False
        author = self.posts[index].author
        if author is not None and author != viewer:
            self.blocks.setdefault((viewer, author), now)
            self.hidden.add((viewer, index))
        return True

    def delete(self, account: int, index: int) -> bool:
        post = self.posts[index]
        if post.deleted or post.author != account:
            return False
        post.deleted = True
        return True

    def audience(self, author: int, at: int) -> dict[int, str]:
        """Who sees a post of ``author`` written at ``at`` as a friend's or a friend of a friend's,
        whatever their circle (it is asked when they look)."""
        seen = {}
        for friend in self.friends(author):
            if self.since(author, friend) <= at:
                seen[friend] = "friend"
        for middle in self.friends(author):
            if self.since(author, middle) > at:
                continue
            for viewer in self.friends(middle) - {author}:
                if self.since(middle, viewer) <= at:
                    seen.setdefault(viewer, "friend_of_friend")
        return seen

    def unlink(self, account: int) -> int:
        mine = [post for post in self.posts if post.author == account and not post.deleted]
        for post in mine:
            post.seen = self.audience(account, post.created_at)
            post.blocked_by = {v for (v, a), since in self.blocks.items() if a == account and since <= post.created_at}
            post.author = None
        return len(mine)
