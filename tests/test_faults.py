"""Faults a machine really has: a build killed with SIGKILL while its workers run.

A CI time-out or the OOM killer ends a build with SIGKILL, which it cannot catch. Its forked
workers must die with it: alive, they would hold the lock they inherited, and every later build
of the site would wait for it forever.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.polling import wait_for

SAMPLE = Path(__file__).parent / "fixtures" / "ant" / "ant-sample.jsonl"
SITE_YAML = "title: {ar: مرصد, en: Marsad}\nbase_url: https://desk.example.org/\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")


def marsad(*args) -> list[str]:
    return [sys.executable, "-m", "generator", *map(str, args)]


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """A site of 300 real articles: enough pages for the build to render in worker processes."""
    root = tmp_path_factory.mktemp("faults")
    export = root / "export.jsonl"
    with SAMPLE.open(encoding="utf-8") as sample:
        export.write_text("".join(itertools.islice(sample, 300)), encoding="utf-8")
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    subprocess.run(marsad("import", export, "--content", content), check=True, capture_output=True)
    return content


def children(pid: int) -> set[int]:
    """Return the pids of the processes `pid` started that are still running."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_build_killed_while_its_workers_run_leaves_none_and_no_lock(content, tmp_path):
    out = tmp_path / "site"
    build = subprocess.Popen(
        marsad("build", "--content", content, "--out", out, "--jobs", "2", "--no-cache"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()

    def working() -> bool:
        running = children(build.pid)
        workers.update(running)
        return len(running) >= 2

    try:
        assert wait_for(working, seconds=120), "the build never started its workers"
    finally:
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
    assert wait_for(lambda: not any(alive(pid) for pid in workers), seconds=10), (
        "workers outlived the build"
    )
    started = time.monotonic()
    again = subprocess.run(
        marsad("build", "--content", content, "--out", out, "--jobs", "2"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert (out / "ar" / "index.html").is_file()
    assert time.monotonic() - started < 300


MINIMAL = Path(__file__).parent / "fixtures" / "minimal" / "content"


def minimal_site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content


def test_a_file_linked_from_outside_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(
        "GITHUB_TOKEN=ghp_not_for_anyone\nroot:x:0:0:root:/root:/bin/bash\n", encoding="utf-8"
    )
    content = minimal_site(tmp_path)
    notes = content / "articles" / "2025-01-08-sudani-visit" / "annotations.yaml"
    notes.symlink_to(secret)
    for command in ("check", "build"):
        result = subprocess.run(
            marsad(command, "--content", content, "--out", tmp_path / "site"),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1
        assert (
            "annotations.yaml is a link to" in result.stderr
            and "outside the content directory" in result.stderr
        )
        assert "GITHUB_TOKEN" not in result.stderr and "root:x" not in result.stderr


def test_the_importer_never_writes_through_a_link(tmp_path):
    content = minimal_site(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(
        "عنوان\nتاريخ النشر: 14/03/2016\nفقرة من نص الخبر.\nالمصدر: جوهرة أف أم\n", encoding="utf-8"
    )
    # A link planted where an article folder would be, and links where its files would be written.
    (content / "articles" / "2016-03-14-outside").symlink_to(outside)
    result = subprocess.run(
        marsad("import", page, "--content", content, "--id", "outside"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "is a link out of the articles folder" in result.stderr
    (content / "articles" / "2016-03-14-outside").unlink()
    folder = content / "articles" / "2016-03-14-inside"
    folder.mkdir()
    (folder / "article.md.tmp").symlink_to(target)
    (folder / "article.md").symlink_to(target)
    result = subprocess.run(
        marsad("import", page, "--content", content, "--id", "inside", "--force"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert (
        not (folder / "article.md").is_symlink()
        and "فقرة من نص الخبر" in (folder / "article.md").read_text()
    )
