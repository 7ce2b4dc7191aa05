"""The build cache (.marsad-cache/): what the last successful build read and wrote, and the one
format every file of it has.

It records the size and modification time of every input file, the build's
options, and for every page a key computed from everything the page shows.
A rebuild whose inputs are all unchanged does nothing; otherwise the build
starts from the spare site (the one before the current, see output/publish.py),
whose pages and keys are recorded too: pages whose key is unchanged stay,
pages that only the current site has right are hard-linked from it, and only
the others are rendered. The cache is a pickle with a checksum: a damaged or
foreign cache is ignored, never trusted, and deleting it is always safe.

Every file of the cache (`write_checked`) starts with one header: the store's VERSION, and the
context it was made in (Marsad's code stamp, and for some kinds the settings they depend on).
A file is read only with the same header: one rule for every kind, and one number to raise
when the format of any kind changes.
"""

from __future__ import annotations

import gc
import os
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path

VERSION = b"marsad-store-3"  # raise when the format of any file of the cache changes
MANIFEST = "build.pickle"


@dataclass
class BuildCache:
    options: str = (
        ""  # what the build was asked to do (output, base URL, drafts), and with which code
    )
    site: str = ""  # id of the build that made the site (also in the site's .marsad-site)
    inputs: dict[str, list[int]] = field(default_factory=dict)  # input -> [mtime_ns, size, mode]
    pages: dict[str, str] = field(default_factory=dict)  # output file -> page key
    files: list[str] = field(default_factory=list)  # every file of the built site
    warnings: list[list] = field(
        default_factory=list
    )  # [path, line, col, message, hint]: repeated by a no-op build
    # id of the build that made the spare site (the one before the current), and its pages and files
    spare: str = ""
    spare_pages: dict[str, str] = field(default_factory=dict)
    spare_files: list[str] = field(default_factory=list)
    expires: float = float(
        "inf"
    )  # when the site would change with no input changed (the news sitemap's window)
    # every folder of the built site -> (mtime_ns, inode) after publishing (output/files.whole)
    folders: dict[str, tuple[int, int]] = field(default_factory=dict)


def load_cache(directory: Path, code: str) -> BuildCache | None:
    """Return the manifest made by this code, or None when there is none or it is damaged (then
    it is ignored)."""
    found = read_checked(directory / MANIFEST, code)
    cache = found.get("cache") if found is not None else None
    return cache if isinstance(cache, BuildCache) else None


def forget_cache(directory: Path) -> None:
    """Delete the manifest: what it describes is about to change."""
    try:
        (directory / MANIFEST).unlink()
    except FileNotFoundError:
        pass


def save_cache(directory: Path, cache: BuildCache, code: str) -> None:
    """Write the manifest atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    write_checked(directory / MANIFEST, code, {"cache": cache})


SHARDS = 64  # a cache kept by name (file, folder) is spread over this many checksummed files


def shard_of(name: str) -> int:
    """Which of SHARDS files holds the entry of `name` (the same in every process and build)."""
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % SHARDS


def shard_file(directory: Path, folder: str, number: int) -> Path:
    return directory / folder / f"{number:02d}.pickle"


def write_checked(path: Path, context: str, entries: dict) -> None:
    """Write a dict as a checksummed pickle with the store's header for `context` (atomically: a
    reader sees the old file or the new)."""
    payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(_header(context) + b"\n" + _checksum(payload) + b"\n" + payload)
    os.replace(temporary, path)


def _checksum(payload: bytes | memoryview) -> bytes:
    # A CRC finds the damage a disk or an interrupted copy does, at a third of a hash's cost (100 MB
    # at 10,000 articles).
    return b"%08x" % zlib.crc32(payload)


def _header(context: str) -> bytes:
    return VERSION + b" " + context.encode("utf-8", "surrogateescape").replace(b"\n", b" ")


def read_checked(path: Path, context: str | None) -> dict | None:
    """Return what write_checked wrote for `context` (None: for any, to inspect a file), or None
    if the file is missing, damaged, or of another version or context."""
    try:
        raw = path.read_bytes()
        end = raw.find(b"\n")
        header, checksum = raw[:end], raw[end + 1 : end + 9]
        payload = memoryview(raw)[end + 10 :]
        wrong = (
            not header.startswith(VERSION + b" ") if context is None else header != _header(context)
        )
        if end < 0 or wrong or _checksum(payload) != checksum:
            return None
        collecting = gc.isenabled()
        # a pickle makes many objects, none of them garbage: collecting meanwhile only costs
        gc.disable()
        try:
            entries = pickle.loads(payload)
        finally:
            if collecting:
                gc.enable()
    except (
        OSError,
        ValueError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        IndexError,
        KeyError,
    ):
        return None
    return entries if isinstance(entries, dict) else None
