"""OpenAPI pieces every blueprint shares: the security requirement and the Idempotency-Key header."""

from __future__ import annotations

SECURITY = [{"bearerAuth": []}]
IDEMPOTENCY = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "schema": {"type": "string", "maxLength": 255},
            "description": "The same key from the same account within an hour returns the first answer.",
        }
    ]
}
