"""Sending sign-in codes. The outside SMS service sits behind this small interface."""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Protocol

from secret_graph.config import Settings
from secret_graph.errors import Unavailable

log = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, *, phone_e164: str, code: str) -> str | None:
        """Deliver ``code``; return it only when it may be shown to the client (development)."""


class DevSender:
    """Development: the code comes back in the API answer; nothing is sent or logged."""

    def send(self, *, phone_e164: str, code: str) -> str | None:
        return code


class NullSender:
    """Sends nothing and reveals nothing: for deployments that verify numbers elsewhere."""

    def send(self, *, phone_e164: str, code: str) -> str | None:
        return None


class WebhookSender:
    """POSTs ``{phone, code}`` as JSON to an operator's SMS gateway."""

    def __init__(self, url: str, timeout_s: float = 5.0) -> None:
        self.url = url
        self.timeout_s = timeout_s

    def send(self, *, phone_e164: str, code: str) -> str | None:
        body = json.dumps({"phone": phone_e164, "code": code}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                response.read()
        except OSError as error:
            log.warning("sms webhook failed: %s", type(error).__name__)  # never the number or code
            raise Unavailable("the SMS gateway is unavailable") from None
        return None


def from_settings(settings: Settings) -> SmsSender:
    """The sender named by SECRET_GRAPH_SMS_BACKEND."""
    if settings.sms_backend == "webhook":
        return WebhookSender(settings.sms_webhook_url)
    if settings.sms_backend == "null":
        return NullSender()
    return DevSender()
