"""The web client's files (web/): served at `/` with their own strict policy, nothing else of web/."""

from __future__ import annotations

import re

from api.web import WEB_DIR

# Each must hold in the client's Content-Security-Policy: nothing inline, nothing from elsewhere.
STRICT = ("default-src 'none'", "script-src 'self';", "style-src 'self';", "connect-src 'self'", "base-uri 'none'")


def test_the_client_is_served_at_the_root_with_a_strict_policy(api):
    page = api.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    policy = page.headers["Content-Security-Policy"]
    for rule in STRICT:
        assert rule in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-cache" and page.headers.get("ETag")
    assert b'<script type="module" src="/web/js/main.js">' in page.data


def test_assets_are_served_with_their_type_and_revalidated(api):
    script = api.get("/web/js/main.js")
    assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
    assert script.headers["Content-Security-Policy"].startswith("default-src 'none'")
    again = api.get("/web/js/main.js", headers={"If-None-Match": script.headers["ETag"]})
    assert again.status_code == 304
    assert api.get("/web/app.css").mimetype == "text/css"


def test_nothing_outside_web_and_no_unlisted_file_is_served(api):
    assert api.get("/web/../setup.cfg").status_code == 404
    assert api.get("/web/%2e%2e/setup.cfg").status_code == 404
    assert api.get("/web/js/nope.js").status_code == 404
    assert api.get("/web/js").status_code == 404


def test_the_api_keeps_its_own_policy(api):
    assert api.get("/healthz").headers["Content-Security-Policy"].startswith("default-src 'none'; frame-ancestors")


def test_no_inline_code_and_no_markup_sinks_in_the_client():
    """The CSP forbids inline code; textContent rendering forbids markup from data (posts, comments, tags)."""
    html = (WEB_DIR / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    for path in (WEB_DIR / "js").rglob("*.js"):  # our code; vendored files are held by the CSP alone
        source = path.read_text()
        for sink in (".innerHTML", ".outerHTML", ".insertAdjacentHTML", "document.write", "eval(", "new Function("):
            assert sink not in source, f"{path.name} uses {sink}"


def test_every_message_exists_in_english_and_french():
    keys = {}
    for lang in ("en", "fr"):
        source = (WEB_DIR / "js" / "i18n" / f"{lang}.js").read_text()
        keys[lang] = set(re.findall(r'^\s*"([a-zA-Z0-9_.]+)":', source, re.M))
    assert keys["en"] and keys["en"] == keys["fr"]
    used = set()
    for path in (WEB_DIR / "js").rglob("*.js"):
        used |= set(re.findall(r'\bt\("([a-zA-Z0-9_.]+)"', path.read_text()))
    assert used - keys["en"] == set(), "messages used but missing from the catalogue"
