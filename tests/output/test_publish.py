"""The staging directory a build writes into, and the copies of the site it may start from."""

import os
import shutil
import subprocess
import time
from pathlib import Path

from generator.output import publish
from generator.output.publish import MARKER, begin_staging, keep_copy, read_marker, spare_dir
from tests.polling import wait_for

FILES = [
    "index.html",
    "ar/index.html",
    "ar/articles/a1/index.html",
    "en/articles/a1/index.html",
    "static/site.css",
    MARKER,
]


def make_site(folder: Path, build: str) -> Path:
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(
            build if name == MARKER else f"{name} of {build}", encoding="utf-8"
        )
    return folder


def same_files(a: Path, b: Path) -> bool:
    """Whether `b` holds hard links to every file of `a`, and nothing else."""
    listed = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    return listed == sorted(
        p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()
    ) and all((a / name).stat().st_ino == (b / name).stat().st_ino for name in listed)


def test_with_no_spare_the_current_site_is_copied_while_the_build_goes_on(tmp_path):
    site = make_site(tmp_path / "site", "b1")
    staging = begin_staging(site, spare="b0", site="b1", current=FILES)
    path, start = staging.ready()
    assert start == "current" and path.parent == tmp_path and path.name.startswith(".site.staging-")
    assert same_files(site, path)


def test_a_file_missing_from_the_site_fails_the_copy_and_the_build_starts_empty(tmp_path):
    site = make_site(tmp_path / "site", "b1")
    (
        site / "ar/articles/a1/index.html"
    ).unlink()  # deleted by hand: the cache's list of files is not the site
    path, start = begin_staging(site, site="b1", current=FILES).ready()
    assert start == "" and path.is_dir() and not any(path.iterdir())


def test_a_failed_build_removes_its_staging_directory_and_keeps_the_spare(tmp_path):
    site = make_site(tmp_path / "site", "b2")
    make_site(spare_dir(site), "b1")
    staging = begin_staging(site, spare="b1", site="b2", current=FILES)
    staging.discard()  # the build found errors in the content before writing anything
    assert not staging.path.exists() and read_marker(spare_dir(site)) == "b1"
    copying = begin_staging(
        site, spare="b0", site="b2", current=FILES
    )  # the spare is of no use: it is deleted
    copying.discard()
    assert not copying.path.exists() and not spare_dir(site).exists()


def test_the_spare_is_taken_when_it_is_the_site_before_or_a_copy_of_the_current_one(tmp_path):
    site = make_site(tmp_path / "site", "b2")
    for spare, start in (("b1", "spare"), ("b2", "current")):
        make_site(spare_dir(site), spare)
        path, found = begin_staging(site, spare="b1", site="b2", current=FILES).ready()
        assert found == start and read_marker(path) == spare and not spare_dir(site).exists()
        shutil.rmtree(path)


def test_a_copy_of_the_site_is_kept_as_the_spare_in_the_background(tmp_path):
    site = make_site(tmp_path / "site", "b1")
    make_site(
        spare_dir(site), "b0"
    )  # left by a build that could not trust the cache: no build can start from it
    keep_copy(site, "b1", FILES)
    assert wait_for(lambda: read_marker(spare_dir(site)) == "b1")
    assert same_files(site, spare_dir(site))
    # The copy replaced the useless spare, which is deleted in the background too.
    assert wait_for(
        lambda: sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", ".site.spare", "site"]
    )


def copy_for_spare(site: Path, build: str) -> int:
    """Run what `keep_copy`'s process runs, in this one."""
    listing = site.parent / "listing"
    listing.write_text("\n".join(FILES), encoding="utf-8")
    folder = os.open(site, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return publish._copy_for_spare(site, build, listing, folder)
    finally:
        os.close(folder)
        assert not listing.exists()


def test_the_copy_is_dropped_when_another_site_was_published_meanwhile(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", "b1")
    link_all = publish._link_all

    def publish_while_copying(source: Path, target: Path, names: list[str]) -> bool:
        done = link_all(source, target, names)
        make_site(tmp_path / "next", "b2")
        os.rename(site, tmp_path / "before")
        os.rename(tmp_path / "next", site)  # a build published b2 while b1 was being copied
        return done

    monkeypatch.setattr(publish, "_link_all", publish_while_copying)
    assert copy_for_spare(site, "b1") == 1
    assert not spare_dir(site).exists() and not list(tmp_path.glob(".site.copy-*"))


def test_the_copy_is_only_of_the_build_named(tmp_path):
    site = make_site(
        tmp_path / "site", "b2"
    )  # published after the build that asked for the copy of b1
    assert copy_for_spare(site, "b1") == 1
    assert not spare_dir(site).exists() and not list(tmp_path.glob(".site.copy-*"))
    assert copy_for_spare(site, "b2") == 0 and same_files(site, spare_dir(site))


def test_what_dead_builds_left_is_deleted_in_the_background_not_by_the_build(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", "b1")
    ended = subprocess.Popen(["true"])
    ended.wait()  # a pid no build has any more
    left = [
        make_site(tmp_path / f".site.{kind}-{ended.pid}", "b0")
        for kind in ("trash", "staging", "old")
    ]
    long_ago = time.time() - publish.TRASH_SETTLES - 1
    os.utime(left[0], (long_ago, long_ago))  # put aside long ago: its `rm` must have died
    going = make_site(
        tmp_path / f".site.trash-x-{ended.pid}", "b0"
    )  # put aside just now: being deleted
    stale = make_site(spare_dir(site), "b0")  # no build can start from it
    deleted = []
    rmtree = shutil.rmtree
    monkeypatch.setattr(
        publish.shutil,
        "rmtree",
        lambda path, *args, **kw: deleted.append(Path(path)) or rmtree(path, *args, **kw),
    )
    staging = begin_staging(site, spare="b9", site="b1", current=FILES)
    assert not set(deleted) & {*left, stale}  # the build did not wait for any of them
    assert wait_for(
        lambda: not any(p.exists() for p in left) and set(tmp_path.glob(".site.trash-*")) == {going}
    )
    assert not stale.exists() and staging.ready()[1] == "current"
    staging.discard()
