"""One structured JSON line per request: method, route, status, duration. Never bodies,
headers or query strings, so no token, phone number or search text reaches a log."""

from __future__ import annotations

import json
import logging
import secrets
import time

from flask import Flask, g, request

log = logging.getLogger("secret_graph.requests")


def install(app: Flask) -> None:
    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()
        g.request_id = secrets.token_hex(8)

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
        # The route template (/v1/posts/<post_id>), not the path: ids stay out of logs too.
        route = request.url_rule.rule if request.url_rule else "<unmatched>"
        log.info(
            json.dumps(
                {
                    "event": "request",
                    "request_id": g.get("request_id"),
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "ms": elapsed_ms,
                }
            )
        )
        response.headers["X-Request-Id"] = g.get("request_id", "")
        return response
