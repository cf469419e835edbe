"""A local stand-in for the Facebook Graph API: debug_token, /me and paginated /me/friends."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APP_ID = "424242"
APP_SECRET = "fake-app-secret-do-not-log"
PAGE_SIZE = 2


@dataclass
class FakeGraph:
    """Tokens the fake knows: token -> (app id it was issued to, user id, friend ids)."""

    tokens: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)
    delay_s: float = 0.0
    fail_with: int = 0  # answer every request with this HTTP status
    requests: list[str] = field(default_factory=list)
    url: str = ""

    def issue(self, user_id: str, friends: list[str] = (), app_id: str = APP_ID) -> str:
        token = "EAA" + secrets.token_hex(24)
        self.tokens[token] = (app_id, user_id, list(friends))
        return token


def _handler(graph: FakeGraph):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            graph.requests.append(self.path)
            if graph.delay_s:
                time.sleep(graph.delay_s)
            if graph.fail_with:
                return self.answer(graph.fail_with, {"error": {"message": "failing on purpose"}})
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            path = url.path.removeprefix("/v19.0")
            if path == "/debug_token":
                if query.get("access_token") != f"{APP_ID}|{APP_SECRET}":
                    return self.answer(400, {"error": {"message": "bad app token", "code": 190}})
                known = graph.tokens.get(query.get("input_token", ""))
                if known is None:
                    return self.answer(200, {"data": {"is_valid": False, "error": {"code": 190}}})
                return self.answer(200, {"data": {"app_id": known[0], "is_valid": True, "user_id": known[1]}})
            known = graph.tokens.get(query.get("access_token", ""))
            proof = hmac.new(APP_SECRET.encode(), query.get("access_token", "").encode(), hashlib.sha256).hexdigest()
            if known is None or query.get("appsecret_proof") != proof:
                return self.answer(400, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
            if path == "/me":
                return self.answer(200, {"id": known[1]})
            if path == "/me/friends":
                start = int(query.get("after", "0"))
                page = known[2][start : start + PAGE_SIZE]
                body: dict = {"data": [{"id": f, "name": "Somebody"} for f in page], "summary": {"total_count": 9}}
                if start + PAGE_SIZE < len(known[2]):
                    after = dict(query, after=str(start + PAGE_SIZE))
                    body["paging"] = {"next": f"{graph.url}/me/friends?{urllib.parse.urlencode(after)}"}
                return self.answer(200, body)
            return self.answer(404, {"error": {"message": "unknown path"}})

        def answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def fake_graph() -> Iterator[FakeGraph]:
    """A FakeGraph served on 127.0.0.1 in a thread; ``graph.url`` is its versioned base URL."""
    graph = FakeGraph()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(graph))
    graph.url = f"http://127.0.0.1:{server.server_address[1]}/v19.0"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield graph
    finally:
        server.shutdown()
        server.server_close()
