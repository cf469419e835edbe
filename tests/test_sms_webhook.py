"""The webhook SMS backend: it sends {phone, code}, answers 503 when the gateway fails, logs neither."""

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.app import create_app
from secret_graph.adapters.sms import WebhookSender
from tests import leakscan
from tests.helpers import ApiClient, phone


class _Gateway(ThreadingHTTPServer):
    """A local stand-in for the operator's SMS gateway: records each POST, answers ``status``."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[dict] = []
        self.content_types: list[str] = []
        self.status = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sms"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(json.loads(body))
        self.server.content_types.append(self.headers["Content-Type"])
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args) -> None:  # the stand-in's own log is not the app's
        pass


@pytest.fixture
def gateway():
    server = _Gateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook_api(ctx, settings, gateway):
    chosen = dataclasses.replace(settings, sms_backend="webhook", sms_webhook_url=gateway.url)
    app = create_app(chosen, ctx=dataclasses.replace(ctx, settings=chosen, sms=WebhookSender(gateway.url)))
    return ApiClient(app.test_client())


def test_the_webhook_gets_the_number_and_the_code_and_the_client_only_a_challenge(webhook_api, gateway, log_lines):
    answer = webhook_api.post("/v1/auth/codes", json={"phone": "(415) 555-0161", "region": "US"})
    assert answer.status_code == 202 and "dev_code" not in answer.get_json()
    assert gateway.content_types == ["application/json"]
    assert len(gateway.received) == 1 and set(gateway.received[0]) == {"phone", "code"}
    sent = gateway.received[0]
    assert sent["phone"] == phone(161) and len(sent["code"]) == 6 and sent["code"].isdigit()
    # The code the gateway got is the one that signs in.
    body = {"challenge_id": answer.get_json()["challenge_id"], "code": sent["code"]}
    assert webhook_api.post("/v1/auth/sessions", json=body).status_code == 201
    _assert_not_logged(log_lines, sent)


@pytest.mark.parametrize("failure", ["gateway error", "gateway down"])
def test_a_failing_gateway_is_a_503_and_logs_neither_number_nor_code(webhook_api, gateway, log_lines, failure):
    if failure == "gateway error":
        gateway.status = 500
    else:
        gateway.shutdown()
        gateway.server_close()
    answer = webhook_api.post("/v1/auth/codes", json={"phone": phone(162)})
    assert answer.status_code == 503
    assert answer.get_json() == {"code": 503, "status": "Service Unavailable", "message": answer.get_json()["message"]}
    assert any("sms webhook failed" in r.getMessage() for r in log_lines.records)
    for sent in gateway.received or [{"phone": phone(162), "code": None}]:
        _assert_not_logged(log_lines, sent)


def _assert_not_logged(log_lines, sent: dict) -> None:
    secrets = leakscan.Secrets()
    secrets.add_phone(sent["phone"])
    if sent["code"]:
        secrets.codes.add(sent["code"])
    lines = [leakscan.render_record(record) for record in log_lines.records]
    assert any("secret_graph.requests" in line for line in lines)  # the scan reads real records
    assert leakscan.scan_logs(lines, secrets) == []
