"""Files in a tree: write, link, copy and remove the files of one site tree, never outside it.

Every file is written anew (any file there is unlinked first), so a hard link a staging tree
shares with the published site is replaced, never written into.
"""

from __future__ import annotations

import os
from pathlib import Path


def link_file(source_root: Path, root: Path, relative: str) -> bool:
    """Put a hard link to `source_root/relative` at `root/relative`; False when that cannot be
    done."""
    try:
        os.link(os.path.join(source_root, relative), _free_target(root, relative))
    except OSError:
        return False
    return True


_made_folders: set[str] = set()  # folders made in the tree being written, not to be made again


def begin_tree() -> None:
    """Forget the folders made: a new tree is begun, and has none yet."""
    _made_folders.clear()


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
    """Delete these files under `root` (pages of deleted articles) and the folders they leave
    empty."""
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


def folder_stamps(root: Path, files: list[str]) -> dict[str, tuple[int, int]]:
    """The folders holding `files` under `root` (and `root` itself, as ""), each with its stamp:
    modification time and inode. Deleting a file or folder changes the stamp of the folder it was
    in, so a site whose stamps all still hold has every file it had (see `whole`)."""
    folders, previous = {""}, ""
    for name in files:
        folder = name.rpartition("/")[0]
        if folder == previous:
            continue  # sorted files: a folder's come together
        previous = folder
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    stamps = {}
    for folder in sorted(folders):
        try:
            info = os.stat(os.path.join(root, folder))
        except OSError:
            continue  # not there: `whole` says so
        stamps[folder] = (info.st_mtime_ns, info.st_ino)
    return stamps


def whole(root: Path, stamps: dict[str, tuple[int, int]]) -> bool:
    """Whether no file was deleted from the tree since its folders were stamped (`folder_stamps`):
    a third as many stats as checking every file."""
    for folder, stamp in stamps.items():
        try:
            info = os.stat(os.path.join(root, folder))
        except OSError:
            return False
        if (info.st_mtime_ns, info.st_ino) != stamp:
            return False
    return bool(stamps)
