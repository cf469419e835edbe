"""`make screenshots`: the web client's main screens at phone size (390x844) on a demo world, into
docs/img/, and the manifest's PNG icons (192, 512) rendered from web/icons/icon.svg by the same
Chromium. Run it again after a visible change to the client, and commit the PNGs.

The world is `secret-graph demo`'s, on a throwaway Neo4j (or on NEO4J_URI, whose data it WIPES).
PNGs are palette-quantised with Pillow to stay a few tens of KB each.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from PIL import Image

from secret_graph.config import PROJECT_ROOT
from secret_graph.localneo4j import LocalNeo4j, free_port
from secret_graph.seed import generate
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

OUT = PROJECT_ROOT / "docs" / "img"
ICONS = PROJECT_ROOT / "web" / "icons"


@contextlib.contextmanager
def neo4j_uri() -> Iterator[str]:
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    with tempfile.TemporaryDirectory() as home:
        server = LocalNeo4j(home=Path(home), lib_root=PROJECT_ROOT / "var" / "neo4j-lib", bolt_port=free_port())
        server.start()
        try:
            yield server.uri
        finally:
            server.stop()


@contextlib.contextmanager
def demo_server(uri: str) -> Iterator[tuple[str, dict]]:
    """`secret-graph demo --reset` on a free port; yields its base URL and what it printed (demo.json)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as var, tempfile.TemporaryFile() as log:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SECRET_GRAPH_")}
        env.update(
            NEO4J_URI=uri,
            SECRET_GRAPH_VAR_DIR=var,
            SECRET_GRAPH_SMS_BACKEND="dev",
            SECRET_GRAPH_LOG_LEVEL="WARNING",
            PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        )
        command = "import sys; from secret_graph.cli import main; sys.exit(main(sys.argv[1:]))"
        server = subprocess.Popen(
            [sys.executable, "-c", command, "demo", "--reset", "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 600  # seeding and a cold Neo4j on a busy machine
            while True:
                if server.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"secret-graph demo exited {server.returncode}: {log.read()[-3000:].decode()}")
                with contextlib.suppress(requests.RequestException):
                    if requests.get(f"{base}/healthz", timeout=2).ok:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("secret-graph demo did not answer within 10 minutes")
                time.sleep(0.5)
            info = json.loads((Path(var) / "demo.json").read_text())
            yield base, {**info, "phone": generate.phone_number(info["account"])}
        finally:
            server.terminate()
            server.wait(timeout=30)


def save(page, name: str, full_page: bool = False) -> Path:
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    shrink(path)
    return path


def shrink(path: Path, colours: int = 64) -> None:
    """A palette of a few dozen colours: the client's flat dark theme loses nothing visible."""
    image = Image.open(path).convert("RGBA")
    image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def icons(browser) -> None:
    svg = (ICONS / "icon.svg").read_text()
    for size in (192, 512):
        page = browser.new_page(viewport={"width": size, "height": size})
        # The SVG scales to the viewport; a transparent background keeps its rounded corners.
        page.set_content(f"<style>html,body{{margin:0}} svg{{width:100vw;height:100vh;display:block}}</style>{svg}")
        path = ICONS / f"icon-{size}.png"
        page.screenshot(path=str(path), omit_background=True)
        shrink(path, colours=32)
        page.close()


def screens(browser, base: str, phone: str) -> list[Path]:
    context = browser.new_context(viewport=PHONE, locale="en-US", device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20_000)
    shots = []
    page.goto(base + "/")
    page.fill("#phone", phone)
    shots.append(save(page, "signin"))
    page.get_by_role("button", name=re.compile("code", re.I)).click()
    page.fill("#code", re.search(r"\d{6}", page.get_by_test_id("dev-code").text_content()).group(0))
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#/(feed|contacts)"))

    page.goto(base + "/#/feed")
    page.locator("sg-post-card").nth(2).wait_for()
    shots.append(save(page, "feed"))
    page.goto(base + "/#/feed/world")
    page.locator("sg-post-card").nth(2).wait_for()
    page.locator("sg-post-card", has_text="quit my job").locator("a.open").click()
    page.get_by_test_id("comment-text").nth(1).wait_for()
    shots.append(save(page, "post"))

    page.goto(base + "/#/inbox")
    page.get_by_test_id("chat-item").wait_for()
    page.get_by_test_id("notification").first.wait_for()
    shots.append(save(page, "inbox"))
    page.get_by_test_id("chat-item").get_by_role("link").click()
    page.get_by_role("button", name="Accept").click()
    page.locator("#chat-input").fill("Thank you, I would love to hear it")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_test_id("message-text").nth(1).wait_for()
    shots.append(save(page, "chat"))

    page.goto(base + "/#/discover")
    page.get_by_test_id("collection").first.wait_for()
    shots.append(save(page, "discover"))

    page.goto(base + "/#/compose")
    page.fill("#post-text", "Sunday market finds: the best peaches of the summer #market")
    page.get_by_role("button", name="Suggest backgrounds").click()
    page.get_by_test_id("swatch").first.wait_for()
    shots.append(save(page, "compose"))

    page.goto(base + "/#/settings")
    page.fill("#mute-word", "spoilers")
    page.get_by_role("button", name="Mute", exact=True).click()
    page.get_by_test_id("muted-words").get_by_text("spoilers").wait_for()
    page.get_by_test_id("sessions").wait_for()
    shots.append(save(page, "settings"))

    page.goto(base + "/#/moderation")
    page.get_by_test_id("queue-item").first.wait_for()
    shots.append(save(page, "moderation"))
    page.goto(base + "/#/me")
    page.get_by_test_id("moderation-link").wait_for()
    shots.append(save(page, "me"))
    context.close()
    return shots


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with neo4j_uri() as uri, demo_server(uri) as (base, info), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            icons(browser)
            written = screens(browser, base, info["phone"])
        finally:
            browser.close()
    for path in [*written, ICONS / "icon-192.png", ICONS / "icon-512.png"]:
        print(f"{path.relative_to(PROJECT_ROOT)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
