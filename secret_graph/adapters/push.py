"""Push notifications to devices. The outside push service (APNs, FCM, Web Push, or an operator's
relay) sits behind this small interface. A payload is ``{"kind", "id"}`` only: pushes pass
through third parties, so never post text, and nothing about another account."""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from typing import Any, Protocol

from secret_graph.config import Settings
from secret_graph.errors import Unavailable

log = logging.getLogger(__name__)
PLATFORMS = ("apns", "fcm", "webpush")
DEV_KEPT = 1000  # the dev backend keeps this many pushes, newest last


class PushSender(Protocol):
    def send(self, *, platform: str, token: str, device: str, payload: dict[str, str]) -> None:
        """Deliver ``payload`` to one device; raise Unavailable to have the job retried."""


class DevPushSender:
    """Development: pushes are recorded in memory (by the device's stored key, never the token)."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def send(self, *, platform: str, token: str, device: str, payload: dict[str, str]) -> None:
        with self._lock:
            self.sent.append({"device": device, "platform": platform, "payload": dict(payload)})
            del self.sent[:-DEV_KEPT]

    def sent_to(self, device: str) -> list[dict[str, str]]:
        with self._lock:
            return [entry["payload"] for entry in self.sent if entry["device"] == device]


class NullPushSender:
    """Sends nothing: push is turned off."""

    def send(self, *, platform: str, token: str, device: str, payload: dict[str, str]) -> None:
        return None


class WebhookPushSender:
    """POSTs ``{platform, token, payload}`` as JSON to an operator's push relay."""

    def __init__(self, url: str, timeout_s: float = 5.0) -> None:
        self.url = url
        self.timeout_s = timeout_s

    def send(self, *, platform: str, token: str, device: str, payload: dict[str, str]) -> None:
        body = json.dumps({"platform": platform, "token": token, "payload": payload}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                response.read()
        except OSError as error:
            log.warning("push webhook failed: %s", type(error).__name__)  # never the token
            raise Unavailable("the push relay is unavailable") from None


def from_settings(settings: Settings) -> PushSender:
    """The sender named by SECRET_GRAPH_PUSH_BACKEND."""
    if settings.push_backend == "webhook":
        return WebhookPushSender(settings.push_webhook_url)
    if settings.push_backend == "null":
        return NullPushSender()
    return DevPushSender()
