"""HTTP rate limits (Flask-Limiter): per account and per client address, per endpoint family.

Each request counts against two buckets of its family: the signed-in account's (anonymous
requests use the address instead) and the client address's, which is looser because many
people can share one address. Answers carry ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
``X-RateLimit-Reset``; a 429 also carries ``Retry-After``. The product quotas of
docs/threat-model.md (codes per phone, book resets, new contacts per day) are separate.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from flask_limiter import Limit, Limiter
from limits import parse as parse_limits
from limits.storage import MemoryStorage

from api.auth import authenticated_viewer
from secret_graph.config import ConfigError, Settings
from secret_graph.errors import DomainError

log = logging.getLogger("secret_graph.api")

# family: (per account, per client address). `None`: the family has no account (before sign-in).
DEFAULT_RULES: dict[str, tuple[str | None, str]] = {
    "codes": (None, "10/hour"),
    "sessions": (None, "30/hour"),
    "contacts": ("20/hour", "200/hour"),
    "posts": ("30/hour", "300/hour"),
    "comments": ("120/hour", "1200/hour"),
    "hearts": ("600/hour", "6000/hour"),
    "flags": ("30/hour", "300/hour"),
    "chats": ("20/day", "200/day"),
    "messages": ("30/minute", "300/minute"),
    "feeds": ("120/minute", "1200/minute"),
    "images": ("30/hour", "300/hour"),
    # Stored images are loaded without a token (by <img> tags): per address only, and loose.
    "media": (None, "3000/minute"),
    "other": ("300/minute", "3000/minute"),
}
# The web client's static files (api/web.py) are exempt like the docs: a page load is many small files.
EXEMPT_BLUEPRINTS = {"health", "api-docs", "docs-assets", "web"}
FAMILY_OF_ENDPOINT = {
    "auth.request_code": "codes",
    "auth.create_session": "sessions",
    "auth.revoke_session": "sessions",
    "auth.refresh": "sessions",
    # A phone-change code is an SMS like a sign-in code: the same per-address budget.
    "me.request_phone_code": "codes",
    "posts.create_post": "posts",
    "posts.delete_post": "posts",
    "posts.unlink": "posts",
    "posts.heart": "hearts",
    "posts.unheart": "hearts",
    "posts.flag": "flags",
    "posts.get_post": "feeds",
    # Reading comments is reading: it must not use up the comment-writing budget.
    "comments.list_comments": "feeds",
    "safety.flag_comment": "flags",
    "safety.appeal": "flags",
    "chats.open_chat": "chats",
    "chats.send_message": "messages",
    "chats.flag_message": "flags",
    "images.upload": "images",
    "media.media": "media",
}
# Families whose budget is for things created: a request refused for its input (nothing was
# created) gives its hit back, so a client's mistakes don't use up the day's posts.
REFUNDED_FAMILIES = {"posts", "comments", "flags", "chats", "messages", "images"}
REFUNDED_STATUSES = {400, 413, 415, 422}
FAMILY_OF_BLUEPRINT = {"contacts": "contacts", "comments": "comments", "feeds": "feeds"}


def family(endpoint: str | None) -> str | None:
    """The endpoint family a request counts against; None for health checks and the docs."""
    if not endpoint:
        return "other"
    blueprint = endpoint.partition(".")[0]
    if blueprint in EXEMPT_BLUEPRINTS or endpoint == "static":
        return None
    return FAMILY_OF_ENDPOINT.get(endpoint) or FAMILY_OF_BLUEPRINT.get(blueprint) or "other"


def parse_rules(text: str) -> dict[str, tuple[str | None, str]]:
    """DEFAULT_RULES with ``family=per-account[|per-address]`` overrides separated by ``;``.

    A family without accounts (codes, sessions) takes a single rule, per address.
    """
    rules = dict(DEFAULT_RULES)
    for item in filter(None, (part.strip() for part in text.split(";"))):
        name, sep, value = (piece.strip() for piece in item.partition("="))
        if not sep or name not in rules:
            raise ConfigError(f"SECRET_GRAPH_RATE_LIMIT_RULES: unknown family in {item!r}; families: {sorted(rules)}")
        first, _, second = (piece.strip() for piece in value.partition("|"))
        account, address = rules[name]
        rules[name] = (None, first or address) if account is None else (first or account, second or address)
        for rule in filter(None, rules[name]):
            try:
                parse_limits(rule)
            except ValueError:
                raise ConfigError(f"SECRET_GRAPH_RATE_LIMIT_RULES: {rule!r} is not a rate such as 10/minute") from None
    return rules


def _address() -> str:
    # gunicorn sits behind a proxy in production: configure it (forwarded_allow_ips) so that
    # remote_addr is the client, not the proxy, or every client shares one bucket.
    return request.remote_addr or "unknown"


def _account_key() -> str:
    try:
        viewer = authenticated_viewer()
    except DomainError:
        viewer = None  # no valid token (the view answers 401) or no database (503): count the address
    return f"account:{viewer.id}" if viewer else f"anonymous:{_address()}"


def _address_key() -> str:
    return f"address:{_address()}"


def install(app: Flask, settings: Settings) -> Limiter:
    """Attach the limiter to ``app`` with the configured storage and rules."""
    rules = parse_rules(settings.rate_limit_rules)
    # flask-limiter logs every breach with its key (an account id or a client address) at INFO.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)

    def current() -> tuple[str | None, str]:
        return rules[family(request.endpoint) or "other"]

    def exempt() -> bool:
        return family(request.endpoint) is None or request.method == "OPTIONS"

    limiter = Limiter(
        key_func=_address_key,
        app=app,
        storage_uri=settings.rate_limit_storage,
        headers_enabled=True,
        enabled=settings.rate_limits,
        strategy="moving-window",
        default_limits=[
            Limit(
                lambda: current()[0] or current()[1],
                key_function=_account_key,
                scope=lambda _: f"{family(request.endpoint)}:account",
                shared=True,
                exempt_when=lambda: exempt() or current()[0] is None,
            ),
            Limit(
                lambda: current()[1],
                key_function=_address_key,
                scope=lambda _: f"{family(request.endpoint)}:address",
                shared=True,
                exempt_when=exempt,
            ),
        ],
    )

    @app.after_request
    def refund_refused(response: Response) -> Response:
        # Hits are taken atomically before the view runs (so concurrent requests never exceed a
        # limit); a refused request gives its hits back afterwards. This runs before
        # Flask-Limiter's own after_request (registered earlier), so the headers show the refund.
        if response.status_code in REFUNDED_STATUSES and family(request.endpoint) in REFUNDED_FAMILIES:
            for hit in limiter.context.view_rate_limits or []:
                if not hit.breached:
                    _refund(limiter, hit.key)
        return response

    return limiter


def _refund(limiter: Limiter, key: str) -> None:
    """Remove the newest entry of a moving-window bucket: the hit this request took."""
    storage = limiter.limiter.storage
    if isinstance(storage, MemoryStorage):
        with storage.locks[key]:
            events = storage.events.get(key)
            if events:
                del events[0]  # newest first
    elif hasattr(storage, "storage") and hasattr(storage, "prefixed_key"):  # Redis: a list, newest first
        storage.storage.lpop(storage.prefixed_key(key))
    else:
        log.warning("rate-limit storage %s cannot refund a refused request", type(storage).__name__)
