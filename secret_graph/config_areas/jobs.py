"""Background jobs (the queue, retries, workers) and what they deliver: notices and pushes."""

from __future__ import annotations

from dataclasses import dataclass

from secret_graph.config_areas import setting
from secret_graph.config_parsing import one_of, positive_number, whole_number


@dataclass(frozen=True)
class JobSettings:
    jobs_broker: str = setting(
        "SECRET_GRAPH_JOBS_BROKER",
        "memory://",
        "Where background jobs (notifications, push) queue: `memory://` runs them in the API process (development), "
        "a Redis URI such as `redis://redis:6379/1` queues them for `secret-graph jobs worker`.",
    )
    jobs_retries: int = setting(
        "SECRET_GRAPH_JOBS_RETRIES",
        "5",
        "Retries of a failing job before it goes to the dead-letter list.",
        whole_number,
    )
    jobs_min_backoff_ms: int = setting(
        "SECRET_GRAPH_JOBS_MIN_BACKOFF_MS",
        "1000",
        "First retry delay of a failing job (milliseconds); it doubles with each retry.",
        positive_number,
    )
    jobs_threads: int = setting(
        "SECRET_GRAPH_JOBS_THREADS",
        "2",
        "Worker threads that run jobs (in-process, or per `jobs worker`).",
        positive_number,
    )
    friend_post_notices_per_day: int = setting(
        "SECRET_GRAPH_FRIEND_POST_NOTICES_PER_DAY",
        "3",
        'Most "a friend (of a friend) posted" notifications one account gets per 24 hours.',
        whole_number,
    )
    push_backend: str = setting(
        "SECRET_GRAPH_PUSH_BACKEND",
        "",
        "`dev` (pushes recorded in memory and listed by `GET /v1/me/devices`), `webhook`, or `null`; empty means `dev` "
        "in development and `null` in production.",
        one_of("", "dev", "webhook", "null"),
    )
    push_webhook_url: str = setting(
        "SECRET_GRAPH_PUSH_WEBHOOK_URL", "", "URL the `webhook` push backend POSTs `{platform, token, payload}` to."
    )
