"""The reference web client (web/), served at `/`: static files only, no build step.

The client is ES modules and small custom elements; Flask serves the files as they are in the
repository, so `make run` needs no Node toolchain and nothing built is committed. Its own strict
Content-Security-Policy: scripts, styles and the manifest from this origin only, no inline code,
API calls to this origin only (images also from the media store's origin when it is elsewhere)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, abort, current_app, send_from_directory

from secret_graph.config import PROJECT_ROOT, Settings

WEB_DIR = PROJECT_ROOT / "web"
# Files the client may be served from; anything else under web/ (docs, notes) is a 404.
SERVED_SUFFIXES = frozenset({".js", ".css", ".svg", ".png", ".webmanifest", ".json", ".html"})

blp = Blueprint("web", __name__)
CSP_KEY = "SECRET_GRAPH_CLIENT_CSP"


def client_csp(settings: Settings) -> str:
    """The client's policy: nothing inline, nothing from another origin but the media store."""
    media = urlsplit(settings.media_url)
    img = "'self' data: blob:" + (f" {media.scheme}://{media.netloc}" if media.scheme and media.netloc else "")
    return (
        f"default-src 'none'; script-src 'self'; style-src 'self'; img-src {img}; connect-src 'self'; "
        "manifest-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def _send(path: str) -> Response:
    # Revalidate every time (ETag): without a build there are no content-hashed names to cache forever.
    response = send_from_directory(WEB_DIR, path, max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@blp.after_request
def _policy(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = current_app.config[CSP_KEY]
    return response


@blp.route("/")
def index() -> Response:
    return _send("index.html")


@blp.route("/web/<path:name>")
def asset(name: str) -> Response:
    if not any(name.endswith(suffix) for suffix in SERVED_SUFFIXES):
        abort(404)
    return _send(name)


def install(app: Flask, settings: Settings) -> None:
    """Serve the client, with its policy on every answer of the blueprint (404s included)."""
    app.config[CSP_KEY] = client_csp(settings)
    app.register_blueprint(blp)
