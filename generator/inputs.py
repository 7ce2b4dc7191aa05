"""What a build reads: every input file and folder, stamped, and the symbolic links among them."""

from __future__ import annotations

import os
from pathlib import Path


def stat_inputs(roots: list[Path], links: list[str] | None = None) -> dict[str, list[int]]:
    """Return [mtime_ns, size, mode] of every file under `roots`, and every folder (with a
    trailing separator, stamped [0, 0, 0]), by path; add every symbolic link met to `links`.

    A folder counts, so an entry added or removed, an empty article folder or a link, changes
    what is found; the mode counts, so a file made unreadable does. A link
    to a folder inside the roots is followed, under the link's own path, as loading reads it."""
    found: dict[str, list[int]] = {}
    inside = tuple(os.path.realpath(root) + os.sep for root in roots)
    for root in roots:
        real = os.path.realpath(root)
        _stat_tree(os.fspath(root), real, found, [] if links is None else links, inside, ())
    return found


def _stat_tree(
    folder: str,
    real: str,
    found: dict[str, list[int]],
    links: list[str],
    inside: tuple[str, ...],
    through: tuple[str, ...],
) -> None:
    """Stat `folder` (whose real path is `real`) and everything below it into `found`; `through`
    are the real folders the links followed on the way here lead to."""
    # scandir, not os.walk: one pass per folder that knows which entries are folders.
    # A folder's own stamp adds nothing: what it holds is listed, and one it cannot read lists
    # nothing (the stat would be a third of this walk's system calls).
    found[folder + os.sep] = [0, 0, 0]
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)  # in no order: stats are compared as a dict, and code_stamp sorts
    except OSError:
        return  # a folder that cannot be read: loading reports it
    for entry in entries:
        if entry.is_symlink():
            links.append(entry.path)
        if is_folder(entry):
            if entry.name == "__pycache__":
                continue
            linked = entry.is_symlink()
            target = os.path.realpath(entry.path) if linked else real + os.sep + entry.name
            leads_in = (target + os.sep).startswith(inside)
            # A link to a folder above it, or to one a link on the way here led to, goes round.
            loops = (real + os.sep).startswith(target + os.sep) or target in through
            if not linked:
                _stat_tree(entry.path, target, found, links, inside, through)
            elif leads_in and not loops:
                _stat_tree(entry.path, target, found, links, inside, (*through, target))
        else:
            try:
                info = os.stat(entry.path)
            except OSError:
                found[entry.path] = [-1, -1, -1]  # a broken link: loading reports it
                continue
            found[entry.path] = [info.st_mtime_ns, info.st_size, info.st_mode]


def is_folder(entry: os.DirEntry) -> bool:
    """Whether an entry is a folder, or a link to one; a link that goes round in a loop is not
    (loading reports it)."""
    try:
        return entry.is_dir()
    except OSError:
        return False
