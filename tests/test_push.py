"""Push devices and delivery through the adapters; the job queue's retries and dead letters."""

from __future__ import annotations

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.app import create_app
from secret_graph import jobs
from secret_graph.adapters.push import DevPushSender, WebhookPushSender
from secret_graph.collections import services as collections
from secret_graph.jobs import JobQueue
from tests.helpers import ApiClient

TOKEN = "device-token-0123456789-abcdef"


@pytest.fixture
def scene(api, ctx):
    collections.create(ctx=ctx, slug="push", title="Push", description="")
    author, fan = api.new_user(), api.new_user()
    return author, fan


def register(api, user, device="phone-1", token=TOKEN, platform="apns"):
    answer = api.put(f"/v1/me/devices/{device}", user, json={"platform": platform, "token": token})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_devices_register_list_and_unregister_without_showing_tokens(api, ctx, scene):
    author, _ = scene
    assert register(api, author)["platform"] == "apns"
    register(api, author, token=TOKEN + "-new")  # the same device again: updated, not doubled
    register(api, author, device="browser", platform="webpush")
    listed = api.get("/v1/me/devices", author)
    assert sorted(d["id"] for d in listed.get_json()["items"]) == ["browser", "phone-1"]
    assert TOKEN not in listed.get_data(as_text=True)
    stored = ctx.db.read(lambda tx: tx.run("MATCH (d:Device) RETURN d.token AS t, d.key AS k").data())
    assert len(stored) == 2 and all(TOKEN not in row["t"] and "phone-1" not in row["k"] for row in stored)
    assert api.put("/v1/me/devices/x", author, json={"platform": "sms", "token": "t"}).status_code == 422
    assert api.delete("/v1/me/devices/browser", author).status_code == 204
    assert api.delete("/v1/me/devices/browser", author).status_code == 404
    assert api.delete("/v1/me", author).status_code == 204
    assert ctx.db.read(lambda tx: tx.run("MATCH (d:Device) RETURN count(d) AS n").single()["n"]) == 0


def test_a_push_carries_a_kind_and_an_id_only_and_one_per_unread_notification(api, ctx, scene):
    author, fan = scene
    register(api, author)
    post = api.create_post(author, "push me", collection="push")
    for _ in range(2):
        api.put(f"/v1/posts/{post['id']}/heart", fan)
        api.put(f"/v1/posts/{post['id']}/heart", api.new_user())
    ctx.jobs.drain()
    notice = api.get("/v1/notifications", author).get_json()["items"][0]
    pushes = api.get("/v1/me/devices", author).get_json()["items"][0]["dev_pushes"]
    assert pushes == [{"kind": "hearts", "id": notice["id"]}]  # three hearts, one push
    assert isinstance(ctx.push, DevPushSender)
    assert all(set(entry["payload"]) == {"kind", "id"} for entry in ctx.push.sent)
    # once read, the next heart pushes again
    api.post("/v1/notifications/read", author, json={"all": True})
    api.put(f"/v1/posts/{post['id']}/heart", api.new_user())
    ctx.jobs.drain()
    assert len(api.get("/v1/me/devices", author).get_json()["items"][0]["dev_pushes"]) == 2


def test_quiet_hours_hold_pushes_but_not_notifications(api, ctx, clock, scene):
    author, fan = scene
    register(api, author)
    minute = (clock.now_ms() % 86_400_000) // 60_000
    start, end = (minute - 5) % 1440, (minute + 5) % 1440
    quiet = {"start": f"{start // 60:02d}:{start % 60:02d}", "end": f"{end // 60:02d}:{end % 60:02d}"}
    api.put("/v1/me/notification-settings", author, json={"kinds": {}, "quiet_hours": quiet})
    post = api.create_post(author, "shh", collection="push")
    api.put(f"/v1/posts/{post['id']}/heart", fan)
    ctx.jobs.drain()
    assert len(api.get("/v1/notifications", author).get_json()["items"]) == 1
    assert api.get("/v1/me/devices", author).get_json()["items"][0]["dev_pushes"] == []


class _Relay(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[dict] = []
        self.failures_left = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/push"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.failures_left:
            self.server.failures_left -= 1
            self.send_response(503)
        else:
            self.server.received.append(body)
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def relay():
    server = _Relay()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_webhook_relay_gets_platform_token_and_payload_and_failures_are_retried(ctx, settings, relay):
    chosen = dataclasses.replace(settings, push_backend="webhook", push_webhook_url=relay.url)
    queue = JobQueue(max_retries=3, min_backoff_ms=10)
    wired = dataclasses.replace(ctx, settings=chosen, push=WebhookPushSender(relay.url), jobs=queue)
    api = ApiClient(create_app(chosen, ctx=wired).test_client())
    try:
        collections.create(ctx=wired, slug="relay", title="Relay", description="")
        author, fan = api.new_user(), api.new_user()
        register(api, author, platform="fcm")
        post = api.create_post(author, "relay me", collection="relay")
        relay.failures_left = 2  # the relay is down twice: the job is retried, then delivered
        api.put(f"/v1/posts/{post['id']}/heart", fan)
        queue.drain()
        assert len(relay.received) == 1
        sent = relay.received[0]
        assert sent["platform"] == "fcm" and sent["token"] == TOKEN
        assert set(sent["payload"]) == {"kind", "id"} and sent["payload"]["kind"] == "hearts"
        assert queue.dead_letters() == []
    finally:
        queue.stop()


def test_a_job_that_keeps_failing_lands_on_the_dead_letter_list(ctx):
    calls = []

    @jobs.handler("tests.always_fails")
    def always_fails(context, *, n):
        calls.append(n)
        raise RuntimeError("boom")

    queue = JobQueue(max_retries=2, min_backoff_ms=10)
    wired = dataclasses.replace(ctx, jobs=queue)
    try:
        jobs.enqueue(ctx=wired, job="tests.always_fails", n=1)
        queue.drain()
        assert calls == [1, 1, 1]  # the first run and two retries
        assert [(d["job"], d["retries"]) for d in queue.dead_letters()] == [("tests.always_fails", 3)]
    finally:
        queue.stop()
        jobs.HANDLERS.pop("tests.always_fails")


def test_enqueueing_an_unknown_job_is_an_error(ctx):
    with pytest.raises(LookupError):
        jobs.enqueue(ctx=ctx, job="no.such.job")
