"""Swagger UI's assets, served from the pinned `swagger-ui-bundle` package: /docs works offline
and its page loads nothing from another origin (see the docs CSP in api/security.py)."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/docs/assets/"
# What flask-smorest's swagger_ui.html loads; nothing else of the package is served.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"})

blp = Blueprint("docs-assets", __name__)


@blp.route(f"{ASSETS_URL}<name>")
def asset(name: str):
    if name not in ASSETS:
        abort(404)
    return send_from_directory(swagger_ui_path, name, max_age=3600)


def install(app: Flask) -> None:
    app.register_blueprint(blp)
