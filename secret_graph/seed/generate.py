"""Deterministic synthetic activity for seeding: accounts, posts, hearts and comments.

Everything comes from one ``random.Random(seed)`` in a fixed order, so a seed always yields the
same network. Nothing here touches the database.
"""

from __future__ import annotations

import base64
import random
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from secret_graph import backgrounds, geo
from secret_graph.comments import pseudonyms
from secret_graph.crypto import Keyring, client_digest
from secret_graph.phones import normalize_phone
from secret_graph.posts import content

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
ACCOUNT_SPAN_MS = 180 * DAY_MS  # accounts join over six months
POST_SPAN_MS = 30 * DAY_MS  # posts, hearts and comments fall in the last 30 days
FIRST_NUMBER = 2_000_000  # +1 415 200-0000 onwards: valid US numbers, clear of the tests' 555 range
MAX_ACCOUNTS = 8_000_000

OPENINGS = (
    "I never told anyone that", "Honestly I think", "Every night I wonder if", "My boss has no idea that",
    "I still miss the summer when", "Nobody at school knows that", "Sometimes I pretend that",
    "I secretly love it when", "I'm scared that", "Today I realised that", "My best friend thinks",
    "I can't stop thinking that",
)  # fmt: skip
ENDINGS = (
    "the coffee here is terrible.", "I want to quit and travel the world.", "I'm in love with my roommate.",
    "I cried at the beach again.", "the exam was easier than I said.", "I sleep through every alarm.",
    "my dog is the only one who listens.", "I still read our old messages.", "I ate the last slice of cake.",
    "the forest walk saved my week.", "I want to start a band.", "I lied about the promotion.",
)  # fmt: skip
HASHTAGS = ("", "", "", " #work", " #school", " #love", " #tired", " #family", " #money", " #weekend")
COMMENTS = (
    "Same here.", "You are not alone.", "This made my day.", "Hang in there!", "Wow, relatable.",
    "Tell them!", "I feel this.", "Sending hugs.",
)  # fmt: skip
CITIES = ((37.77, -122.42), (40.71, -74.01), (51.51, -0.13), (48.86, 2.35), (52.52, 13.40), (35.68, 139.69))
COLLECTION_NAMES = ("work", "school", "love", "family", "confessions", "health", "money", "weekend")


def token(rng: random.Random) -> str:
    """An id shaped like ``secrets.token_urlsafe(16)`` (the API's ids), but from the seeded generator."""
    return base64.urlsafe_b64encode(rng.randbytes(16)).rstrip(b"=").decode()


def phone_number(n: int) -> str:
    """The synthetic phone number of account ``n`` in E.164."""
    if not 0 <= n < MAX_ACCOUNTS:
        raise ValueError(f"at most {MAX_ACCOUNTS:,} synthetic accounts")
    return f"+1415{FIRST_NUMBER + n:07d}"


def collection_slugs(count: int) -> list[str]:
    return [COLLECTION_NAMES[k] if k < len(COLLECTION_NAMES) else f"topic-{k}" for k in range(count)]


@dataclass
class Network:
    """Accounts (by index, in joining order) and their friendships."""

    ids: list[str]
    created_at: list[int]
    keys: list[str]
    neighbours: list[list[int]]
    edges: list[tuple[int, int]]
    since: list[int]  # per edge: when the later of the two joined, plus a few days at most


def network(n: int, edges: list[tuple[int, int]], *, keyring: Keyring, now: int, rng: random.Random) -> Network:
    """Accounts with hashed phone identifiers (as the API derives them) and dated friendships."""
    start = now - ACCOUNT_SPAN_MS
    created_at = [min(now, start + (k * ACCOUNT_SPAN_MS) // max(n, 1) + rng.randrange(HOUR_MS)) for k in range(n)]
    ids = [token(rng) for _ in range(n)]
    keys = [keyring.identifier_key("phone", client_digest(normalize_phone(phone_number(k)))) for k in range(n)]
    neighbours: list[list[int]] = [[] for _ in range(n)]
    since = []
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
        since.append(min(now, max(created_at[a], created_at[b]) + rng.randrange(3 * DAY_MS)))
    return Network(ids=ids, created_at=created_at, keys=keys, neighbours=neighbours, edges=edges, since=since)


@dataclass
class Posts:
    """Written posts by index: id, author and creation time (what hearts and comments need)."""

    ids: list[str]
    authors: array
    created_at: array


def _text_pool(rng: random.Random, backgrounds_file: str) -> list[tuple[str, list[str], str]]:
    """Texts with their tags and suggested background colour, computed once by the posting code."""
    pool = []
    for _ in range(400):
        text = f"{rng.choice(OPENINGS)} {rng.choice(ENDINGS)}{rng.choice(HASHTAGS)}"
        suggested = backgrounds.suggest(text, extra_file=backgrounds_file, limit=1)[0]
        pool.append((text, content.tags_for(text, None), suggested["color"]))
    return pool


def posts(
    net: Network,
    count: int,
    *,
    collections: list[str],
    now: int,
    jitter_ms: int,
    backgrounds_file: str,
    rng: random.Random,
    batch: int = 10_000,
) -> tuple[Posts, Iterator[list[dict]]]:
    """The post table, and the write batches (grouped by author) that fill it as they are consumed.

    A few accounts post a lot: posting rates follow a Zipf-like law (exponent 0.8) over a random
    ranking of accounts. Times are uniform over the last 30 days, never before the author joined.
    """
    n = len(net.ids)
    ranking = list(range(n))
    rng.shuffle(ranking)
    weights = [0.0] * n
    for rank, account in enumerate(ranking):
        weights[account] = 1 / (rank + 1) ** 0.8
    per_author = [0] * n
    for author in rng.choices(range(n), weights=weights, k=count) if n else []:
        per_author[author] += 1
    pool = _text_pool(rng, backgrounds_file)
    table = Posts(ids=[], authors=array("i"), created_at=array("q"))

    def rows() -> Iterator[dict]:
        for author in range(n):
            if not per_author[author]:
                continue
            earliest = max(now - POST_SPAN_MS, net.created_at[author])
            written = []
            for _ in range(per_author[author]):
                text, tags, color = rng.choice(pool)
                created = rng.randint(earliest, now)
                post = {
                    "id": token(rng),
                    "text": text,
                    "tags": tags,
                    "background_color": color,
                    "geohash": _cell(rng) if rng.random() < 0.2 else None,
                    "collection": rng.choice(collections) if collections and rng.random() < 0.15 else None,
                    "created_at": created,
                    "visible_at": created + rng.randrange(jitter_ms + 1),
                }
                table.ids.append(post["id"])
                table.authors.append(author)
                table.created_at.append(created)
                written.append(post)
            yield {"author": net.ids[author], "posts": written}

    return table, batched(rows(), lambda row: len(row["posts"]), batch)


def _cell(rng: random.Random) -> str:
    lat, lon = rng.choice(CITIES)
    return geo.encode(lat + rng.uniform(-0.2, 0.2), lon + rng.uniform(-0.2, 0.2))


def reactors(net: Network, table: Posts, count: int, *, now: int, mean_delay_ms: int, rng: random.Random):
    """``count`` distinct (post, account, at) reactions, grouped by post index.

    Popular posts get most of them (a post is picked as ``rank = P * u^3``). Reactors are mostly
    the author's friends, sometimes friends of friends; a reaction comes after both the post and
    the reactor's joining, and never after ``now``.
    """
    total = len(table.ids)
    order = list(range(total))
    rng.shuffle(order)
    by_post: dict[int, list[tuple[int, int]]] = {}
    taken: set[int] = set()
    accounts = len(net.ids)
    attempts = 0
    made = 0
    while made < count and total and attempts < count * 4:
        attempts += 1
        post = order[int(total * rng.random() ** 3)]
        author = table.authors[post]
        friends = net.neighbours[author]
        if not friends:
            continue
        reactor = rng.choice(friends)
        if rng.random() < 0.25 and net.neighbours[reactor]:
            reactor = rng.choice(net.neighbours[reactor])
        at = max(table.created_at[post], net.created_at[reactor]) + int(rng.expovariate(1 / mean_delay_ms))
        pair = post * accounts + reactor
        if reactor == author or at > now or pair in taken:
            continue
        taken.add(pair)
        by_post.setdefault(post, []).append((reactor, at))
        made += 1
    return by_post


def heart_batches(net: Network, table: Posts, by_post: dict, batch: int = 20_000) -> Iterator[list[dict]]:
    rows = (
        {"post": table.ids[post], "hearts": [{"account": net.ids[a], "at": at} for a, at in hearts]}
        for post, hearts in by_post.items()
    )
    return batched(rows, lambda row: len(row["hearts"]), batch)


def comment_batches(
    net: Network, table: Posts, by_post: dict, *, key: bytes, rng: random.Random, batch: int = 10_000
) -> Iterator[list[dict]]:
    """Comments with the pseudonyms the comment service would give: one per account per thread."""

    def rows() -> Iterator[dict]:
        for post, entries in by_post.items():
            post_id = table.ids[post]
            names: dict[int, tuple[str, str]] = {}
            comments = []
            for account, at in sorted(entries, key=lambda entry: entry[1]):
                if account not in names:
                    taken = {name for name, _ in names.values()}
                    names[account] = pseudonyms.choose(key, post_id=post_id, account_id=net.ids[account], taken=taken)
                name, color = names[account]
                comments.append(
                    {
                        "account": net.ids[account],
                        "id": token(rng),
                        "text": rng.choice(COMMENTS),
                        "created_at": at,
                        "avatar_name": name,
                        "avatar_color": color,
                    }
                )
            yield {"post": post_id, "comments": comments}

    return batched(rows(), lambda row: len(row["comments"]), batch)


def batched(rows: Iterable[dict], size: Callable[[dict], int], batch: int) -> Iterator[list[dict]]:
    """Group rows into write batches of about ``batch`` items, counted by ``size``."""
    chunk: list[dict] = []
    total = 0
    for row in rows:
        chunk.append(row)
        total += size(row)
        if total >= batch:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk
