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

from generator.inputs import stat_inputs
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
    page = tmp_path / "page.txt"
    page.write_text(
        "عنوان\nتاريخ النشر: 14/03/2016\nفقرة من نص الخبر.\nالمصدر: جوهرة أف أم\n", encoding="utf-8"
    )
    # A link planted where an article folder would be, leading out of content/: refused.
    (content / "articles" / "2016-03-14-outside").symlink_to(outside)
    result = subprocess.run(
        marsad("import", page, "--content", content, "--id", "outside"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "outside the content directory" in result.stderr
    assert list(outside.iterdir()) == []
    (content / "articles" / "2016-03-14-outside").unlink()
    # Links planted where its files would be written, to another article's annotations: replaced
    # by the files written, never followed.
    target = content / "articles" / "2024-12-10-assad-allies" / "annotations.yaml"
    kept = target.read_bytes()
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
    assert target.read_bytes() == kept
    assert (
        not (folder / "article.md").is_symlink()
        and "فقرة من نص الخبر" in (folder / "article.md").read_text()
    )


def build(content: Path, out: Path) -> subprocess.CompletedProcess:
    command = marsad("build", "--content", content, "--out", out)
    return subprocess.run(command, capture_output=True, text=True)


def linked_article_site(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The small site with one article kept elsewhere in content/ and linked into articles/."""
    content = minimal_site(tmp_path)
    kept = content / "kept"
    kept.mkdir()
    name = "2024-12-10-assad-allies"  # no other article refers to it: it can go
    (content / "articles" / name).rename(kept / name)
    link = content / "articles" / name
    link.symlink_to(Path("..") / "kept" / name)
    return content, link, tmp_path / "site"


def test_what_changes_behind_a_link_or_in_a_folder_is_noticed(tmp_path):
    content, link, out = linked_article_site(tmp_path)
    page = out / "ar" / "articles" / link.name / "index.html"
    assert build(content, out).returncode == 0 and page.is_file()
    # An edit inside the linked folder.
    article_md = link / "article.md"
    text = article_md.read_text(encoding="utf-8")
    first_words = text.split("---\n")[2].split()[:3]
    edited = text.replace(" ".join(first_words), " ".join([*first_words, "الجديدة"]), 1)
    article_md.write_text(edited, encoding="utf-8")
    assert build(content, out).returncode == 0
    assert " ".join([*first_words, "الجديدة"]) in page.read_text(encoding="utf-8")
    # The link removed: a retraction publishes.
    link.unlink()
    assert build(content, out).returncode == 0 and not page.exists()
    # The link added back.
    link.symlink_to(Path("..") / "kept" / link.name)
    assert build(content, out).returncode == 0 and page.is_file()
    # An empty article folder is an error, as check says, not "nothing changed".
    (content / "articles" / "2025-02-01-empty").mkdir()
    result = build(content, out)
    assert result.returncode == 1 and "article folder has no article.md" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_made_unreadable_is_noticed(tmp_path):
    content, link, out = linked_article_site(tmp_path)
    assert build(content, out).returncode == 0
    (link / "article.md").chmod(0)
    try:
        result = build(content, out)
        assert result.returncode == 1 and "cannot read file" in result.stderr
    finally:
        (link / "article.md").chmod(0o644)


def test_a_file_whose_mode_changes_is_an_input_that_changed(tmp_path):
    # What the test above shows where the machine lets it (not as root): the mode is in the stamp.

    content, link, _ = linked_article_site(tmp_path)
    before = stat_inputs([content])
    (link / "article.md").chmod(0o600)
    after = stat_inputs([content])
    assert before != after and str(link / "article.md") in after


def test_an_output_or_cache_inside_content_or_a_cache_inside_the_output_is_refused(tmp_path):
    content = minimal_site(tmp_path)
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    inside = ("--content", content, "--out", content / "site")
    out = tmp_path / "site"
    cache_published = ("--content", content, "--out", out, "--cache", out / "cache")
    for command, said in (
        (marsad("build", *inside), "is inside the content directory"),
        (marsad("serve", *inside, "--port", "8799"), "is inside the content directory"),
        (marsad("build", *cache_published), "it would be published"),
        (
            marsad("build", "--content", content, "--out", out, "--cache", content),
            "cache directory",
        ),
        (
            marsad("build", "--content", content, "--out", out, "--cache", content / "articles"),
            "editors would commit it",
        ),
        (marsad("build", "--content", content, "--out", out, "--cache", tmp_path), "(or holds it)"),
    ):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and said in result.stderr, result.stderr
    assert not (content / "site").exists() and not (tmp_path / "site").exists()
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB tmpfs, where the machine lets the tests mount one (root, and mount allowed)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs here: {made.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_disk_or_a_read_only_one_is_an_error_not_a_traceback(tmp_path, small_disk):
    content = minimal_site(tmp_path)
    out = small_disk / "site"
    full = subprocess.run(
        marsad("build", "--content", content, "--out", out, "--cache", tmp_path / "c"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert full.returncode == 2, full.stderr
    assert "No space left on device" in full.stderr and "hint: free some space" in full.stderr
    assert "Traceback" not in full.stderr and not out.exists()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    read_only = subprocess.run(
        marsad("build", "--content", content, "--out", out, "--cache", tmp_path / "c"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert read_only.returncode == 2 and "Read-only file system" in read_only.stderr, (
        read_only.stderr
    )
    assert "Traceback" not in read_only.stderr


def test_folders_linked_to_each_other_are_walked_once(tmp_path):
    content = minimal_site(tmp_path)
    for name in ("x", "y"):
        (content / "notes" / name).mkdir(parents=True)
    (content / "notes" / "x" / "toy").symlink_to(Path("..") / "y")
    (content / "notes" / "y" / "tox").symlink_to(Path("..") / "x")
    found = stat_inputs([content])
    assert not any("toy/tox/toy" in path for path in found)
    assert build(content, tmp_path / "site").returncode == 0


def test_an_imported_article_is_readable_as_any_file_made_here(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "عنوان\nتاريخ النشر: 14/03/2016\nفقرة من نص الخبر.\nالمصدر: جوهرة أف أم\n", encoding="utf-8"
    )
    content = minimal_site(tmp_path)
    mask = os.umask(0o022)
    try:
        result = subprocess.run(
            marsad("import", page, "--content", content), capture_output=True, text=True
        )
    finally:
        os.umask(mask)
    article_md = content / "articles" / result.stdout.strip() / "article.md"
    assert article_md.stat().st_mode & 0o777 == 0o644


def run(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(marsad(*args), capture_output=True, text=True, timeout=timeout)


def test_a_pipe_or_a_folder_where_a_file_should_be_is_an_error_not_a_wait(tmp_path):
    content = minimal_site(tmp_path)
    (content / "tags.yaml").unlink(missing_ok=True)
    os.mkfifo(content / "tags.yaml")  # a reader of a pipe waits for a writer, for ever
    (content / "entities.yaml").unlink(missing_ok=True)
    (content / "entities.yaml").mkdir()
    for command in ("check", "build"):
        extra = ("--out", tmp_path / "site") if command == "build" else ()
        result = run(command, "--content", content, *extra, timeout=30)
        assert result.returncode == 1, result.stderr
        assert "tags.yaml:1:1: error: this is a pipe, not a text file" in result.stderr
        assert "entities.yaml:1:1: error: this is a folder, not a text file" in result.stderr
    assert not (tmp_path / "site").exists()


def test_articles_that_are_a_file_are_an_error_not_an_empty_site(tmp_path):
    content = minimal_site(tmp_path)
    assert run("build", "--content", content, "--out", tmp_path / "site").returncode == 0
    published = sorted(p.name for p in (tmp_path / "site" / "ar" / "articles").iterdir())
    shutil.rmtree(content / "articles")
    (content / "articles").write_text("", encoding="utf-8")
    result = run("build", "--content", content, "--out", tmp_path / "site")
    assert result.returncode == 1
    assert "articles:1:1: error: articles is a file, not the folder of the articles" in (
        result.stderr
    )
    assert sorted(p.name for p in (tmp_path / "site" / "ar" / "articles").iterdir()) == published


def test_neither_import_nor_new_writes_behind_a_link_out_of_content(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    content = minimal_site(tmp_path)
    shutil.move(content / "articles", outside / "articles")
    (content / "articles").symlink_to(outside / "articles", target_is_directory=True)
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_bca77f06d303c98a.txt"
    before = sorted(p.relative_to(outside) for p in outside.rglob("*"))
    imported = run("import", seed, "--content", content, "--id", "seed-page")
    assert imported.returncode == 1
    assert "articles is a link to" in imported.stderr and "outside the content" in imported.stderr
    made = run("new", "2025-01-08-sudani-visit", "--content", content)
    assert made.returncode == 1 and "outside the content" in made.stderr
    assert sorted(p.relative_to(outside) for p in outside.rglob("*")) == before


def test_an_article_folder_linked_from_outside_gets_no_new_annotations(tmp_path):
    outside = tmp_path / "outside"
    content = minimal_site(tmp_path)
    shutil.move(content / "articles" / "2025-01-08-sudani-visit", outside)
    (content / "articles" / "2025-01-08-sudani-visit").symlink_to(outside, target_is_directory=True)
    made = run("new", "2025-01-08-sudani-visit", "--content", content)
    assert made.returncode == 1 and "outside the content" in made.stderr
    assert not (outside / "annotations.yaml").exists()


def test_links_that_go_round_in_a_loop_are_located_errors(tmp_path):
    content = minimal_site(tmp_path)
    (content / "articles" / "loop-a").symlink_to("loop-b")
    (content / "articles" / "loop-b").symlink_to("loop-a")
    (content / "itself.yaml").symlink_to("itself.yaml")
    for command in ("check", "build"):
        extra = ("--out", tmp_path / "site") if command == "build" else ()
        result = run(command, "--content", content, *extra)
        assert result.returncode == 1, result.stderr
        for name in ("articles/loop-a", "articles/loop-b", "itself.yaml"):
            assert (
                f"{name}:1:1: error: {name.rpartition('/')[2]} is a link that leads round in a loop"
                in result.stderr
            ), result.stderr
    assert not (tmp_path / "site").exists()
