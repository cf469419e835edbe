"""Security headers, CORS, and the guards every request body passes before a view sees it."""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, current_app, request
from flask_cors import CORS
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnprocessableEntity, UnsupportedMediaType

from secret_graph.config import Settings
from secret_graph.errors import InvalidInput
from secret_graph.images.pipeline import MAX_BYTES as MAX_IMAGE_BYTES

MAX_JSON_DEPTH = 32
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Endpoints whose body is a multipart upload: their own size limit (the file, plus the form's framing).
UPLOAD_ENDPOINTS = {"images.upload": MAX_IMAGE_BYTES + 64 * 1024}


def install(app: Flask, settings: Settings) -> None:
    """Headers on every answer, CORS only for configured origins, body checks before views."""
    if settings.cors_origins:
        CORS(
            app,
            origins=list(settings.cors_origins),
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
            expose_headers=["Link", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"],
            supports_credentials=False,  # tokens travel in the Authorization header, never in cookies
        )
    app.before_request(check_body)
    app.after_request(add_headers)


def check_body() -> None:
    """415 for a body that is not JSON, 400 for JSON nested absurdly deep, 422 for unstorable text
    or for no body where the operation requires one (as the OpenAPI document says)."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = UPLOAD_ENDPOINTS[request.endpoint]
        if not request.content_length and "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
            raise UnprocessableEntity("a multipart/form-data body with the image in the field `file` is required")
        if request.mimetype != "multipart/form-data":
            raise UnsupportedMediaType("upload the image as multipart/form-data, in the field `file`")
        return
    # A chunked body has no Content-Length: it is read like any other, so the size limit
    # (MAX_CONTENT_LENGTH, a 413) applies to it here rather than surfacing later as bad JSON.
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if not request.content_length and not chunked:
        _require_body()
        return
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("request bodies are JSON: send Content-Type: application/json")
    raw = request.get_data(cache=True)
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if chunked and limit is not None and len(raw) >= limit:
        # werkzeug stops reading a chunked body at the limit and hands over what it read.
        raise RequestEntityTooLarge()
    if not raw:
        _require_body()
        return
    if _depth(raw) > MAX_JSON_DEPTH:
        raise BadRequest(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    body = request.get_json(silent=True)
    if body is None:
        raise BadRequest("the body is not valid JSON")
    problem = _unstorable(body)
    if problem:
        raise InvalidInput(problem)


def _require_body() -> None:
    """422 when the view declares a required JSON body (flask-smorest's @arguments) and none came."""
    view = current_app.view_functions.get(request.endpoint or "")
    arguments = (getattr(view, "_apidoc", None) or {}).get("arguments", {}).get("parameters", [])
    if any(p.get("in", "json") == "json" and p.get("required") for p in arguments):
        raise UnprocessableEntity("a JSON body is required")


def _depth(raw: bytes) -> int:
    """Deepest nesting of arrays and objects, outside strings; cheap enough to run before parsing."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _unstorable(value: object) -> str | None:
    """Why a parsed body cannot be stored faithfully, or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "text may not contain NUL characters"
            if _SURROGATE.search(item):
                return "text must be valid Unicode (no lone surrogates)"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def add_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.path.startswith("/v1"):
        response.headers.setdefault("Cache-Control", "no-store")
    if request.path.rstrip("/") == "/docs" and response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = _docs_csp(response.get_data())
    else:
        response.headers.setdefault("Content-Security-Policy", API_CSP)
    return response


def _docs_csp(page: bytes) -> str:
    """The Swagger UI page's policy: its own assets (api/docs.py), plus hashes of exactly its inline scripts."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(page)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
