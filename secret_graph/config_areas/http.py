"""The API's edges: rate limits, CORS, the backgrounds catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from secret_graph.config_areas import setting
from secret_graph.config_parsing import comma_list, on_off


@dataclass(frozen=True)
class HttpSettings:
    rate_limits: bool = setting(
        "SECRET_GRAPH_RATE_LIMITS",
        "on",
        "`on` or `off`: the HTTP rate limits per account and per client address (off is for load tests; production refuses it).",
        on_off,
    )
    rate_limit_storage: str = setting(
        "SECRET_GRAPH_RATE_LIMIT_STORAGE",
        "memory://",
        "Where the rate-limit counters live: `memory://` (one worker process) or a Redis URI such as `redis://redis:6379/0` (several workers or hosts).",
    )
    rate_limit_rules: str = setting(
        "SECRET_GRAPH_RATE_LIMIT_RULES",
        "",
        "Overrides of the default limits, e.g. `feeds=300/minute;posts=10/minute|100/minute` (per account, then per address); see docs/operations.md.",
    )
    cors_origins: tuple[str, ...] = setting(
        "SECRET_GRAPH_CORS_ORIGINS",
        "",
        "Comma-separated origins allowed to call the API from a browser; empty means CORS is off.",
        comma_list,
    )
    backgrounds_file: str = setting(
        "SECRET_GRAPH_BACKGROUNDS_FILE",
        "",
        "A JSON catalogue of extra backgrounds (e.g. operator image URLs) merged into the built-in one.",
    )
