"""`marsad serve`: an edit reloads the open page; a broken file shows an overlay; the fix clears
it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import SECOND


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(content_copy, tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--content",
            str(content_copy),
            "--out",
            str(tmp_path / "site"),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    output = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        output.append(line)
        if line.startswith("serving "):
            break
    else:
        process.kill()
        pytest.fail("marsad serve did not start:\n" + "".join(output))
    yield f"http://127.0.0.1:{port}/", content_copy, tmp_path / "site"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_edits_reload_the_page_and_errors_show_over_it(page_at, preview):
    url, content, site = preview
    annotations = content / "articles" / SECOND / "annotations.yaml"
    original = annotations.read_text(encoding="utf-8")
    page = page_at(url + f"en/articles/{SECOND}/")
    assert (
        page.locator("script[src='/__marsad/reload.js']").count() == 1
    )  # added by the preview server only
    time.sleep(1)  # the event stream has delivered the current build

    # An editor changes the summary: the open page reloads by itself and shows it.
    annotations.write_text(
        original.replace(
            '  en: "Al-Mustaqilla reports', '  en: "LIVE-EDIT Al-Mustaqilla reports', 1
        ),
        encoding="utf-8",
    )
    assert "LIVE-EDIT" in annotations.read_text(encoding="utf-8")
    page.locator("main", has_text="LIVE-EDIT").wait_for(timeout=30000)

    # A YAML mistake: the page stays, with the error over it, naming the file and line.
    annotations.write_text(
        annotations.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8"
    )
    overlay = page.locator("#marsad-error-overlay")
    overlay.wait_for(timeout=30000)
    assert "annotations.yaml:" in overlay.text_content() and "status" in overlay.text_content()
    assert (
        "LIVE-EDIT" in page.locator("main").text_content()
    )  # the last good site is still what is served
    screenshot(page, "live-reload-error-overlay")

    # The fix clears the overlay.
    annotations.write_text(
        annotations.read_text(encoding="utf-8").removesuffix("status: draft\n"), encoding="utf-8"
    )
    overlay.wait_for(state="detached", timeout=30000)
    assert "LIVE-EDIT" in page.locator("main").text_content()
    # The reload script is the preview server's: the site on disk stays what `marsad build` writes.
    assert not [p for p in site.rglob("*.html") if "__marsad" in p.read_text(encoding="utf-8")]
