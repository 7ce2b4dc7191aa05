"""A real browser: Debian's Chromium driven by Playwright, on the bundled site served over HTTP."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = PROJECT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1; give its address."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), (
        "the reader tests need Chromium: `make test` installs it (apt-get install chromium)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    """Open a page at a viewport size; every page is closed after the test."""
    opened = []

    def open_page(url: str, width: int = 1280, height: int = 800, bypass_csp: bool = False):
        page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Content-Security-Policy and Subresource Integrity refusals are console errors, not
        # exceptions.
        page.on(
            "console",
            lambda message: (
                errors.append(message.text)
                if message.type == "error"
                and ("Content Security Policy" in message.text or "integrity" in message.text)
                else None
            ),
        )
        page.errors = errors
        page.goto(url, wait_until="load")
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


def screenshot(page, name: str) -> None:
    """Keep a screenshot of the page as a test artefact (test-artifacts/screenshots/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    """What axe-core finds serious or critical on the page (opened with `bypass_csp=True`: axe is
    injected as an inline script)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
