"""The gunicorn worker `secret-graph serve` runs: gthread, with two HTTP edges made consistent.

- Errors gunicorn answers itself, before the app sees a request (a request line over
  ``limit_request_line`` is a 414, oversized headers a 431, malformed requests a 400), are JSON in
  the API's error shape with the API's security headers, not gunicorn's HTML page. The message
  never quotes the request: it may hold a token or a phone number.
- An answer the app gives without reading the request body (a 413) closes the connection:
  gunicorn would otherwise promise keep-alive, give up draining a large body, and drop the
  connection under the client's next request.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

CLOSE_AFTER = ("413",)
_SECURITY_HEADERS = (
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cache-Control: no-store\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'\r\n"
)


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn.util.write_error's replacement: the same answer as JSON, closing the connection."""
    status = HTTPStatus(status_int)
    message = status.description or status.phrase  # gunicorn's mesg may quote the request line
    body = json.dumps({"code": status_int, "status": status.phrase, "message": message}).encode()
    head = (
        f"HTTP/1.1 {status_int} {status.phrase}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"{_SECURITY_HEADERS}\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


class JsonErrorWorker(ThreadWorker):
    def init_process(self) -> None:
        # gunicorn.workers.base looks write_error up on the util module at each error.
        util.write_error = write_json_error
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        app = self.wsgi

        def closing(environ, start_response):
            def start(status, headers, exc_info=None):
                if status[:3] in CLOSE_AFTER:
                    # start_response is gunicorn's Response.start_response: close after this answer.
                    owner = getattr(start_response, "__self__", None)
                    if owner is not None and hasattr(owner, "force_close"):
                        owner.force_close()
                return start_response(status, headers, exc_info)

            return app(environ, start)

        self.wsgi = closing
