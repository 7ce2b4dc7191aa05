"""Write the site all or nothing.

Pages are written into a staging directory next to the output; only when every
page is written does it take the output's place, in one atomic exchange of the
two directory names (Linux renameat2 RENAME_EXCHANGE). A failed or killed
build leaves the previous site as it was; its staging directory is removed by
the next build. The replaced site is kept as the spare (`.<out>.spare`): the
next build stages into it and rewrites only what differs, so two trees are
reused in turn instead of the whole site being copied on every build. When no
build could start from the spare (after a first build), a detached process
makes it a hard-linked copy of the new site (`keep_copy`); a build that finds
no spare copies the current site in a child process while it reads.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import UsageError
from generator.output.files import begin_tree
from generator.workers import die_with_parent

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _aside(out: Path, kind: str) -> str:
    """The start of the name of what a build keeps beside `out` for a while ('.site.staging-'; its
    pid follows)."""
    return f".{out.name}.{kind}-"


MARKER = ".marsad-site"  # in every built site: says the folder is Marsad's, and which build made it


def spare_dir(out: Path) -> Path:
    """Where the site before the current one is kept, to be the next build's starting point."""
    out = out.resolve()
    return out.parent / f".{out.name}.spare"


class Staging:
    """A build's staging directory beside the output. It is begun when the build starts, so that a
    copy of the current site is made while the build reads and relates, and is `ready()` when pages
    are written."""

    def __init__(
        self, out: Path, path: Path, start: str, copy: BaseProcess | None = None, take: bool = False
    ):
        self.out, self.path, self.start, self._copy, self._take = out, path, start, copy, take

    def ready(self) -> tuple[Path, str]:
        """Return the staging directory and what it starts from ("spare", "current" or "")."""
        if self._take:
            # The spare is taken only now, so that a build stopped by errors keeps it. Killed from
            # here on, it is a leftover staging directory: never trusted again.
            os.replace(spare_dir(self.out), self.path)
        elif self.start == "current" and not self._copied():
            self.start = ""
        if not self.path.exists():
            self.path.mkdir()
        return self.path, self.start

    def discard(self) -> None:
        """Remove the staging directory (the build failed); a copy still being made is stopped
        first."""
        if self._copy is not None and self._copy.is_alive():
            self._copy.terminate()
        self._copied()
        shutil.rmtree(self.path, ignore_errors=True)

    def _copied(self) -> bool:
        """Wait for the copy; True when it copied every file (what a failed copy left is
        removed)."""
        copy, self._copy = self._copy, None
        if copy is None:
            return False
        copy.join()
        if copy.exitcode != 0:
            shutil.rmtree(self.path, ignore_errors=True)
            return False
        return True


def begin_staging(
    out: Path, spare: str = "", site: str = "", current: Sequence[str] = ()
) -> Staging:
    """Begin a fresh staging directory beside `out`, whose site is build `site` with the files
    `current`.

    Removes what killed builds left behind first. Then, in order of preference, it starts from:
    - "spare": the site published before the current one (kept by `publish`), when its marker says
      it is build `spare`; the build rewrites only what differs;
    - "current": a copy of the current site, as hard links: the spare, when its marker says it is
      build `site` (`keep_copy` made it after the last build); else a copy of the files `current`
      (the build cache lists them all), made by a child process while this one goes on (a file
      missing fails the copy);
    - "": an empty directory.
    `write_file` always writes a new file, never into one that may be linked.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    leftovers = [
        out.parent.glob(_aside(out, kind) + "*") for kind in ("staging", "old", "trash", "copy")
    ]
    for leftover in [path for paths in leftovers for path in paths]:
        pid = leftover.name.rsplit("-", 1)[-1]
        if (
            (pid.isdigit() and _alive(int(pid)))
            or not leftover.is_dir()
            or _being_deleted(leftover, out)
        ):
            # a build's or a copy's still, the list of files a copy is about to read, or going
            continue
        if leftover.name.startswith(_aside(out, "old")) and not out.exists():
            os.replace(
                leftover, out
            )  # a publish was interrupted between its two renames: restore the old site
            continue
        # In the background: a tree put aside by the last build may still be being deleted, and
        # removing it here too made the build wait for its last thousands of unlinks (seconds, right
        # after a cold build).
        _delete_in_background(leftover, out)
    staging = out.parent / f"{_aside(out, 'staging')}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    begin_tree()
    kept = spare_dir(out)
    if kept.is_dir():
        marker = read_marker(kept)
        if marker and marker in (spare, site):
            return Staging(out, staging, "spare" if marker == spare else "current", take=True)
        _delete_in_background(kept, out)
    if out.is_dir() and current:
        # here: a build with nothing to do imports this module, and should not wait for it
        import multiprocessing

        staging.mkdir()
        copy = multiprocessing.get_context("fork").Process(
            target=_link_files, daemon=True, args=(out, staging, sorted(current), os.getpid())
        )
        copy.start()
        return Staging(out, staging, "current", copy)
    return Staging(out, staging, "")


def _link_files(source: Path, target: Path, names: list[str], parent: int) -> None:
    """`begin_staging`'s child process: link `names` under `source` into `target`; exit 1 if any
    fails.

    A process, not a thread: the work is the kernel's (a folder and a link per page), and a thread
    of the build's own process would wait for the interpreter's lock after every call while the
    build computes."""
    die_with_parent(parent)
    os._exit(0 if _link_all(source, target, names) else 1)


def _link_all(source: Path, target: Path, names: list[str]) -> bool:
    """Link each of `names` under `source` into `target` on two threads; False if any fails. Each
    thread takes whole top-level folders (the language folders are half the site each), so no folder
    is made by both."""
    tops: dict[str, list[str]] = {}
    for name in filter(None, names):
        tops.setdefault(name.partition("/")[0] if "/" in name else "", []).append(name)
    halves: list[list[str]] = [[], []]
    for group in sorted(tops.values(), key=len, reverse=True):
        min(halves, key=len).extend(group)
    from concurrent.futures import ThreadPoolExecutor  # here, as multiprocessing above

    with ThreadPoolExecutor(2) as pool:
        return all(pool.map(partial(_link_each, source, target), halves))


def _link_each(source: Path, target: Path, names: list[str]) -> bool:
    made: set[str] = set()
    try:
        for name in names:
            folder = name.rpartition("/")[0]
            if folder not in made:
                os.makedirs(os.path.join(target, folder), exist_ok=True)
                made.add(folder)
            os.link(os.path.join(source, name), os.path.join(target, name))
    except OSError:
        return False
    return True


def keep_copy(out: Path, build: str, files: Sequence[str]) -> None:
    """Make the spare a hard-linked copy of the site just published (build `build`, with the files
    `files`), in a detached process, when the spare left is one no build can start from (after a
    first build, or one that could not trust the cache): the next build then starts from it without
    waiting for a copy (a folder and a link per page: seconds, at 10,000 articles). Called while the
    build holds the builds' lock: the process copies the folder opened here, whatever takes the
    site's name later. The copy is put in the spare's place under the lock, and only if the site
    published then is still the one copied."""
    out = out.resolve()
    listing = out.parent / f"{_aside(out, 'copy-list')}{os.getpid()}"
    listing.write_text(
        "\n".join(files), encoding="utf-8"
    )  # whole before the process starts: never read cut short
    folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator.output.publish",
                str(out),
                build,
                str(listing),
                str(folder),
            ],
            pass_fds=(folder,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        listing.unlink(missing_ok=True)  # no copy: the next build copies the site itself
    finally:
        os.close(folder)


def lock_file(out: Path) -> Path:
    """The file builds of `out` lock, to wait for each other."""
    out = out.resolve()
    return out.parent / f".{out.name}.lock"


def _copy_for_spare(out: Path, build: str, listing: Path, folder: int) -> int:
    """`keep_copy`'s process: copy the site open as `folder` (build `build`, its files listed in
    `listing`) and put the copy in the spare's place; return the exit status."""
    try:
        names = listing.read_text(encoding="utf-8").split("\n")
    finally:
        listing.unlink(missing_ok=True)
    site = Path(f"/proc/self/fd/{folder}")  # the folder opened, whatever has its name now
    copied = os.stat(site / MARKER)
    if read_marker(site) != build:
        return 1
    copy = out.parent / f"{_aside(out, 'copy')}{os.getpid()}"
    copy.mkdir()
    if not _link_all(site, copy, names):
        shutil.rmtree(copy, ignore_errors=True)
        return 1
    with open(lock_file(out), "w") as lock:
        for _ in range(600):  # a build may hold the lock: wait for it, a minute at most
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                time.sleep(0.1)
        else:
            shutil.rmtree(copy, ignore_errors=True)
            return 1
        try:
            published = os.stat(out / MARKER)
        except OSError:
            published = None
        if (
            published is None
            or not os.path.samestat(published, copied)
            or read_marker(out) != build
        ):
            shutil.rmtree(copy, ignore_errors=True)  # another site was published meanwhile
            return 1
        _make_spare(copy, out)
    return 0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(staging: Path, out: Path) -> None:
    """Put the staged site in the output's place in one step; keep the old site as the spare.

    The next build starts from the spare and rewrites only the files that differ,
    instead of copying or rendering the whole site again.
    """
    out = out.resolve()
    if not out.exists():
        os.replace(staging, out)
        return
    old = out.parent / f"{_aside(out, 'old')}{os.getpid()}"
    if _exchange(staging, out):
        old = staging
    else:
        # No atomic exchange here (not Linux, or a file system without it): two renames,
        # and the old site is put back if the second fails.
        os.replace(out, old)
        try:
            os.replace(staging, out)
        except OSError:
            os.replace(old, out)
            raise
    _make_spare(old, out)


def _make_spare(tree: Path, out: Path) -> None:
    """Put `tree` in the spare's place (the spare there is deleted in the background)."""
    if spare_dir(out).exists():
        _delete_in_background(spare_dir(out), out)
    os.replace(tree, spare_dir(out))


TRASH_SETTLES = (
    60  # seconds after which a tree put aside that is still there is deleted again (its `rm` died)
)


def _being_deleted(path: Path, out: Path) -> bool:
    """Whether `path` is a tree put aside lately, most likely still being deleted by the process
    started then: a second `rm` would only double the unlinks (its time is when it was put aside, or
    when `rm` last emptied one of its top folders)."""
    try:
        return (
            path.name.startswith(_aside(out, "trash"))
            and time.time() - path.stat().st_mtime < TRASH_SETTLES
        )
    except OSError:
        return True  # gone meanwhile


def _delete_in_background(path: Path, out: Path) -> None:
    """Rename `path` aside (unless it is aside already) and delete it in a detached process: a build
    need not wait for thousands of unlinks (a later build deletes again what that process could
    not)."""
    if not path.name.startswith(_aside(out, "trash")):
        # A name of its own (the build's pid last, as for every leftover): a build may put several
        # trees aside.
        aside = Path(
            tempfile.mkdtemp(prefix=_aside(out, "trash"), suffix=f"-{os.getpid()}", dir=out.parent)
        )
        try:
            os.replace(path, aside)  # onto the empty folder just made
            os.utime(aside)  # when it was put aside (`_being_deleted`)
        except OSError:
            aside.rmdir()
            return
        path = aside
    try:
        subprocess.Popen(
            ["rm", "-rf", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(ctypes.get_errno(), f"cannot swap {a} and {b}: {os.strerror(ctypes.get_errno())}")


def check_output_dir(out: Path, content: Path, cache: Path | None = None) -> None:
    """Refuse an output directory a build must never replace, or that would take in what it must
    not."""
    out_r, content_r = out.resolve(), content.resolve()
    if out_r == content_r or content_r.is_relative_to(out_r):
        raise UsageError(
            f"output directory {out} contains the content directory; choose another --out"
        )
    if out_r.is_relative_to(content_r):
        raise UsageError(
            f"output directory {out} is inside the content directory: every build would read "
            "the site it wrote; choose an --out beside content/, such as site/"
        )
    if cache is not None and cache.resolve().is_relative_to(out_r):
        raise UsageError(
            f"cache directory {cache} is inside the output directory: it would be published; "
            "choose a --cache outside it (the default is .marsad-cache/ beside content/)"
        )
    if cache is not None and (
        cache.resolve().is_relative_to(content_r) or content_r.is_relative_to(cache.resolve())
    ):
        raise UsageError(
            f"cache directory {cache} is inside the content directory (or holds it): editors "
            "would commit it, and builds would read it as content; choose a --cache outside it "
            "(the default is .marsad-cache/ beside content/)"
        )
    if (out_r / ".git").exists():
        raise UsageError(f"output directory {out} is a git checkout; choose another --out")
    if out_r == Path(out_r.anchor) or out_r == Path.home():
        raise UsageError(f"refusing to replace {out}; choose a dedicated --out directory")
    if out_r.is_dir() and not (out_r / MARKER).exists() and any(out_r.iterdir()):
        raise UsageError(
            f"{out} is not empty and was not built by Marsad (it has no {MARKER}); "
            "choose another --out, or empty it first"
        )


def read_marker(out: Path) -> str:
    """Return the id of the build that made the site at `out` ('' when there is none)."""
    try:
        return (out / MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


if __name__ == "__main__":  # keep_copy's detached process
    sys.exit(_copy_for_spare(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])))
