"""Every error is JSON in flask-smorest's shape: {"code", "status", "message", "errors"?}.

flask-smorest itself renders HTTPExceptions (404, 405, 413, validation 422...); this module
renders domain errors and unhandled exceptions the same way."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus

from flask import Flask, jsonify
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException, InternalServerError

from secret_graph.errors import DomainError, Unavailable

log = logging.getLogger("secret_graph.api")
RETRY_AFTER_UNAVAILABLE_S = 5
_ROUTE_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def error_body(status: int, message: str, errors: dict | None = None) -> dict:
    body = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return body


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        errors = {"json": {error.field: [error.message]}} if error.field else None
        if error.details:
            errors = {**(errors or {}), **error.details}
        response = jsonify(error_body(error.status, error.message, errors))
        response.status_code = error.status
        retry_after = error.retry_after
        if isinstance(error, Unavailable) and retry_after is None:
            retry_after = RETRY_AFTER_UNAVAILABLE_S
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # flask-smorest's payload, with a message even where werkzeug raised the error (413, 405...).
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        message = data.get("message") or ("invalid input: see errors" if errors else error.description)
        response = jsonify(error_body(error.code or 500, message or HTTPStatus(error.code or 500).phrase, errors))
        response.status_code = error.code or 500
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        if response.status_code == 413:
            # The body is left unread: the connection cannot carry another request. gunicorn
            # drops this hop-by-hop header; api/gunicorn_worker.py closes the connection itself.
            response.headers["Connection"] = "close"
        return response

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded):
        # Flask-Limiter adds X-RateLimit-* and Retry-After to this answer after the handler.
        response = jsonify(error_body(429, f"too many requests: at most {error.limit.limit} from you"))
        response.status_code = 429
        return response

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        original = getattr(error, "original_exception", None)
        if original is not None:
            # The type only: exception messages may quote request data.
            log.error("unhandled %s", type(original).__name__)
        response = jsonify(error_body(500, "internal error"))
        response.status_code = 500
        return response


def document_error_responses(app: Flask, api, *, family) -> None:
    """Declare on every operation the errors it can answer, instead of one vague ``default``.

    Derived from what the app does, so a new endpoint is documented without a list to keep:
    401 where a token is required, 429 where a rate-limit family applies, 400/413/415/422 where
    a JSON body is read, 400 where a cursor is read, 404 where a path names an object, 503 where Neo4j is needed.
    ``family(endpoint)`` is api.ratelimit.family.
    """
    components = api.spec.components
    paths = api.spec._paths  # apispec keeps registered operations here until to_dict()
    for rule in app.url_map.iter_rules():
        apidoc = getattr(app.view_functions.get(rule.endpoint), "_apidoc", None)
        path = _ROUTE_PARAMETER.sub(r"{\1}", rule.rule)
        if apidoc is None or path not in paths:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = paths[path].get(method.lower())
            if operation is None:
                continue
            codes = []
            if operation.get("security"):
                codes.append(HTTPStatus.UNAUTHORIZED)
            if family(rule.endpoint) is not None:
                codes.append(HTTPStatus.TOO_MANY_REQUESTS)
            if "requestBody" in operation:
                codes += [HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_ENTITY_TOO_LARGE]
                codes += [HTTPStatus.UNSUPPORTED_MEDIA_TYPE, HTTPStatus.UNPROCESSABLE_ENTITY]
            if any(parameter.get("name") == "cursor" for parameter in operation.get("parameters", [])):
                codes.append(HTTPStatus.BAD_REQUEST)  # a cursor that was not issued by the API
            if rule.arguments:
                codes.append(HTTPStatus.NOT_FOUND)
            if path.startswith("/v1/") or path == "/readyz":
                codes.append(HTTPStatus.SERVICE_UNAVAILABLE)
            responses = operation.setdefault("responses", {})
            for status in codes:
                if str(status.value) not in responses:
                    responses[str(status.value)] = components.get_ref("response", status.name)
