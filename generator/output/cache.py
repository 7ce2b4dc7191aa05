"""The build cache (.marsad-cache/): what the last successful build read and wrote.

It records the size and modification time of every input file, the build's
options, and for every page a key computed from everything the page shows.
A rebuild whose inputs are all unchanged does nothing; otherwise the build
starts from the spare site (the one before the current, see output/writer.py),
whose pages and keys are recorded too: pages whose key is unchanged stay,
pages that only the current site has right are hard-linked from it, and only
the others are rendered. The cache is a pickle with a checksum: a damaged or
foreign cache is ignored, never trusted, and deleting it is always safe.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VERSION = b"marsad-build-7"
MANIFEST = "build.pickle"


@dataclass
class BuildCache:
    options: str = ""  # what the build was asked to do (output, base URL, drafts), and with which code
    site: str = ""  # id of the build that made the site (also in the site's .marsad-site)
    inputs: dict[str, list[int]] = field(default_factory=dict)  # input -> [mtime_ns, size, mode]
    pages: dict[str, str] = field(default_factory=dict)  # output file -> page key
    files: list[str] = field(default_factory=list)  # every file of the built site
    warnings: list[list] = field(default_factory=list)  # [path, line, col, message, hint]: repeated by a no-op build
    spare: str = ""  # id of the build that made the spare site (the one before the current), and its pages and files
    spare_pages: dict[str, str] = field(default_factory=dict)
    spare_files: list[str] = field(default_factory=list)
    expires: float = float("inf")  # when the site would change with no input changed (the news sitemap's window)


def digest(*parts: Any) -> str:
    """Return a short digest of plain values (their repr is deterministic: no sets, no addresses): cache keys."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def fingerprint(value: Any) -> bytes:
    """A short digest of a value made of str, int, float, None and tuples and lists of them, five times faster
    than `digest` for the many small values compared between builds. Equal values give equal fingerprints in any
    process: marshal's format 2 writes every value whole (no references to objects met before) and a string the
    same whether interned or not."""
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=16).digest()


def stat_inputs(roots: list[Path], links: list[str] | None = None) -> dict[str, list[int]]:
    """Return [mtime_ns, size, mode] of every file and folder under `roots`, by path; add every
    symbolic link met to `links`.

    A folder counts (with a trailing separator), so an entry added or removed, an empty article
    folder or a link, changes its stamp; the mode counts, so a file made unreadable does. A link
    to a folder inside the roots is followed, under the link's own path, as loading reads it."""
    found: dict[str, list[int]] = {}
    inside = tuple(os.path.realpath(root) + os.sep for root in roots)
    for root in roots:
        real = os.path.realpath(root)
        _stat_tree(os.fspath(root), real, found, [] if links is None else links, inside, ())
    return found


def _stat_tree(folder: str, real: str, found: dict[str, list[int]], links: list[str],
               inside: tuple[str, ...], through: tuple[str, ...]) -> None:
    """Stat `folder` (whose real path is `real`) and everything below it into `found`; `through`
    are the real folders the links followed on the way here lead to."""
    # scandir, not os.walk: one pass per folder that knows which entries are folders.
    try:
        info = os.stat(folder)
        found[folder + os.sep] = [info.st_mtime_ns, 0, info.st_mode]
        with os.scandir(folder) as scan:
            entries = list(scan)  # in no order: stats are compared as a dict, and code_stamp sorts
    except OSError:
        return  # a folder that cannot be read: loading reports it
    for entry in entries:
        if entry.is_symlink():
            links.append(entry.path)
        if entry.is_dir():
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


def load_cache(directory: Path) -> BuildCache | None:
    """Return the cache, or None when there is none or it is damaged (then it is ignored)."""
    found = read_checked(directory / MANIFEST, VERSION)
    cache = found.get("cache") if found is not None else None
    return cache if isinstance(cache, BuildCache) else None


def forget_cache(directory: Path) -> None:
    """Delete the manifest: what it describes is about to change."""
    try:
        (directory / MANIFEST).unlink()
    except FileNotFoundError:
        pass


def save_cache(directory: Path, cache: BuildCache) -> None:
    """Write the cache atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    write_checked(directory / MANIFEST, VERSION, {"cache": cache})


SHARDS = 64  # a cache kept by name (file, folder) is spread over this many checksummed files


def shard_of(name: str) -> int:
    """Which of SHARDS files holds the entry of `name` (the same in every process and build)."""
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % SHARDS


def shard_file(directory: Path, folder: str, number: int) -> Path:
    return directory / folder / f"{number:02d}.pickle"


def write_checked(path: Path, version: bytes, entries: dict) -> None:
    """Write a dict as a versioned, checksummed pickle (atomically: a reader sees the old file or the new)."""
    payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(version + b"\n" + _checksum(payload) + b"\n" + payload)
    os.replace(temporary, path)


def _checksum(payload: bytes | memoryview) -> bytes:
    # A CRC finds the damage a disk or an interrupted copy does, at a third of a hash's cost (100 MB at 10,000 articles).
    return b"%08x" % zlib.crc32(payload)


def read_checked(path: Path, version: bytes) -> dict | None:
    """Return what write_checked wrote, or None if the file is missing, damaged or of another version."""
    try:
        raw = path.read_bytes()
        stamp, checksum, _ = raw[:len(version) + 10].split(b"\n", 2)  # the header only: no copy of the payload
        payload = memoryview(raw)[len(stamp) + len(checksum) + 2:]
        if stamp != version or _checksum(payload) != checksum:
            return None
        collecting = gc.isenabled()
        gc.disable()  # a pickle makes many objects, none of them garbage: collecting meanwhile only costs
        try:
            entries = pickle.loads(payload)
        finally:
            if collecting:
                gc.enable()
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            IndexError, KeyError):
        return None
    return entries if isinstance(entries, dict) else None
