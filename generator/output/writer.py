"""Write the site all or nothing.

Pages are written into a staging directory next to the output; only when every
page is written does it take the output's place, in one atomic exchange of the
two directory names (Linux renameat2 RENAME_EXCHANGE). A failed or killed
build leaves the previous site as it was; its staging directory is removed by
the next build. The replaced site is kept as the spare (`.<out>.spare`): the
next build stages into it and rewrites only what differs, so two trees are
reused in turn instead of the whole site being copied on every build.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

from generator.errors import UsageError

_STAGING = ".{name}.staging-{pid}"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


MARKER = ".marsad-site"  # in every built site: says the folder is Marsad's, and which build made it


def spare_dir(out: Path) -> Path:
    """Where the site before the current one is kept, to be the next build's starting point."""
    out = out.resolve()
    return out.parent / f".{out.name}.spare"


def staging_dir(out: Path, spare: str = "", link_current: Callable[[], bool] = lambda: False) -> tuple[Path, str]:
    """Return a fresh staging directory beside `out`, and what it starts from.

    Removes what killed builds left behind first. Then, in order of preference:
    - "spare": the site published before the current one (kept by `publish`), when
      its marker says it is build `spare`; the build rewrites only what differs;
    - "current": when `link_current()` says so, a hard-linked copy of the current site (`cp -al`);
    - "": an empty directory.
    `write_file` always writes a new file, never into one that may be linked.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    leftovers = [out.parent.glob(f".{out.name}.{kind}-*") for kind in ("staging", "old", "trash")]
    for leftover in [path for paths in leftovers for path in paths]:
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):
            continue
        if leftover.name.startswith(f".{out.name}.old-") and not out.exists():
            os.replace(leftover, out)  # a publish was interrupted between its two renames: restore the old site
            continue
        shutil.rmtree(leftover, ignore_errors=True)
    staging = out.parent / _STAGING.format(name=out.name, pid=os.getpid())
    shutil.rmtree(staging, ignore_errors=True)
    _made_folders.clear()
    kept = spare_dir(out)
    if kept.is_dir():
        if spare and read_marker(kept) == spare:
            os.replace(kept, staging)  # killed from here on, it is a leftover staging directory: never trusted again
            return staging, "spare"
        _delete_in_background(kept, out)
    if out.is_dir() and link_current() and _link_copy(out, staging):
        return staging, "current"
    staging.mkdir()
    return staging, ""


def link_file(source_root: Path, root: Path, relative: str) -> bool:
    """Put a hard link to `source_root/relative` at `root/relative`; False when that cannot be done."""
    try:
        os.link(os.path.join(source_root, relative), _free_target(root, relative))
    except OSError:
        return False
    return True


def _link_copy(source: Path, target: Path) -> bool:
    """Copy the tree at `source` to `target` as hard links (`cp -al`), each top-level folder by its own `cp`:
    the copy is the kernel's work (a folder and a link per page), and the language folders, about half
    of the site each, are then copied on two cores at once."""
    entries = sorted(os.listdir(source))
    folders = [name for name in entries if (source / name).is_dir() and not (source / name).is_symlink()]
    files = [str(source / name) for name in entries if name not in folders]
    commands = [["cp", "-al", str(source / name), str(target / name)] for name in folders]
    if files:
        commands.append(["cp", "-al", *files, str(target)])
    copies = []
    try:
        target.mkdir()
        shutil.copystat(source, target)
        for command in commands:
            copies.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    except OSError:
        pass  # a copy that could not start is a failed copy: the others are waited for, then all is removed
    if [copy.wait() for copy in copies].count(0) != len(commands):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


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


_made_folders: set[str] = set()


def write_file(root: Path, relative: str, content: bytes) -> None:
    """Write one output file under `root`, refusing any path that would land outside it.

    Any file already there is unlinked first, so a hard link shared with the
    published site is replaced, never written into.
    """
    with open(_free_target(root, relative), "xb") as handle:
        handle.write(content)


def _free_target(root: Path, relative: str) -> str:
    """Return the path of `relative` under `root`, its folder made and any file there unlinked."""
    if relative.startswith("/") or ".." in relative.split("/") or "\0" in relative:
        raise RuntimeError(f"output path escapes the site: {relative}")
    target = os.path.join(root, relative)
    folder = os.path.dirname(target)
    if folder not in _made_folders:
        os.makedirs(folder, exist_ok=True)
        _made_folders.add(folder)
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    return target


def remove_files(root: Path, names: set[str]) -> int:
    """Delete these files under `root` (pages of deleted articles) and the folders they leave empty."""
    for name in sorted(names):
        if name.startswith("/") or ".." in name.split("/"):
            raise RuntimeError(f"refusing to remove {name!r}: not a path inside the site")
        path = root / name
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return len(names)


def copy_tree(source: Path, root: Path, relative: str) -> list[str]:
    """Copy a directory of static files into the site; return the paths written."""
    written = []
    for path in sorted(source.rglob("*")):
        if path.is_file():
            name = f"{relative}/{path.relative_to(source).as_posix()}"
            write_file(root, name, path.read_bytes())
            written.append(name)
    return written


def publish(staging: Path, out: Path) -> None:
    """Put the staged site in the output's place in one step; keep the old site as the spare.

    The next build starts from the spare and rewrites only the files that differ,
    instead of copying or rendering the whole site again.
    """
    out = out.resolve()
    if not out.exists():
        os.replace(staging, out)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
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
    if spare_dir(out).exists():
        _delete_in_background(spare_dir(out), out)
    os.replace(old, spare_dir(out))


def _delete_in_background(path: Path, out: Path) -> None:
    """Rename `path` aside and delete it in a detached process: a build need not wait for thousands of unlinks
    (a later build removes what that process could not)."""
    aside = out.parent / f".{out.name}.trash-{os.getpid()}"
    try:
        os.replace(path, aside)
    except OSError:
        return
    path = aside
    try:
        subprocess.Popen(["rm", "-rf", str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
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


def check_output_dir(out: Path, content: Path) -> None:
    """Refuse an output directory a build must never replace."""
    out_r, content_r = out.resolve(), content.resolve()
    if out_r == content_r or content_r.is_relative_to(out_r):
        raise UsageError(f"output directory {out} contains the content directory; choose another --out")
    if (out_r / ".git").exists():
        raise UsageError(f"output directory {out} is a git checkout; choose another --out")
    if out_r == Path(out_r.anchor) or out_r == Path.home():
        raise UsageError(f"refusing to replace {out}; choose a dedicated --out directory")
    if out_r.is_dir() and not (out_r / MARKER).exists() and any(out_r.iterdir()):
        raise UsageError(f"{out} is not empty and was not built by Marsad (it has no {MARKER}); "
                         "choose another --out, or empty it first")


def read_marker(out: Path) -> str:
    """Return the id of the build that made the site at `out` ('' when there is none)."""
    try:
        return (out / MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return ""
