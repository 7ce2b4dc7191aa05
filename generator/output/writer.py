"""Write the site all or nothing.

Pages are written into a staging directory next to the output; only when every
page is written does it take the output's place, in one atomic exchange of the
two directory names (Linux renameat2 RENAME_EXCHANGE). A failed or killed
build leaves the previous site as it was; its staging directory is removed by
the next build.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

from generator.errors import UsageError

_STAGING = ".{name}.staging-{pid}"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(out: Path) -> Path:
    """Return a fresh staging directory beside `out`, removing what killed builds left behind."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(leftover, ignore_errors=True)
    staging = out.parent / _STAGING.format(name=out.name, pid=os.getpid())
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


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


def write_file(root: Path, relative: str, content: bytes) -> None:
    """Write one output file under `root`, refusing any path that would land outside it."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise RuntimeError(f"output path escapes the site: {relative}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


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
    """Put the staged site in the output's place in one step, then delete the old site."""
    out = out.resolve()
    if not out.exists():
        os.replace(staging, out)
        return
    if not _exchange(staging, out):
        # No atomic exchange here (not Linux, or a file system without it): two renames.
        old = staging.with_name(staging.name + "-old")
        os.replace(out, old)
        os.replace(staging, out)
        staging = old
    shutil.rmtree(staging, ignore_errors=True)


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
