"""The build cache (.marsad-cache/): what the last successful build read and wrote.

It records the size and modification time of every input file, the build's
options, and for every page a key computed from everything the page shows.
A rebuild whose inputs are all unchanged does nothing; otherwise the build
starts from the spare site (the one before the current, see output/writer.py),
whose pages and keys are recorded too: pages whose key is unchanged stay,
pages that only the current site has right are hard-linked from it, and only
the others are rendered. The cache is JSON with a checksum: a damaged or
foreign cache is ignored, never trusted, and deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_VERSION = 5
MANIFEST = "build.json"


@dataclass
class BuildCache:
    options: str = ""  # what the build was asked to do (output, base URL, drafts), and with which code
    site: str = ""  # id of the build that made the site (also in the site's .marsad-site)
    inputs: dict[str, list[int]] = field(default_factory=dict)  # input file -> [mtime_ns, size]
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


def stat_inputs(roots: list[Path]) -> dict[str, list[int]]:
    """Return [mtime_ns, size] of every file under `roots`, by path."""
    found: dict[str, list[int]] = {}
    for root in roots:
        _stat_tree(os.fspath(root), found)
    return found


def _stat_tree(folder: str, found: dict[str, list[int]]) -> None:
    # scandir, not os.walk: one pass per folder that knows which entries are folders (no stat for that).
    # As os.walk does: a folder that cannot be read is skipped (loading reports it), links to folders are not followed.
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)  # in no order: the manifest is written with sorted keys
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            if entry.name != "__pycache__" and not entry.is_symlink():
                _stat_tree(entry.path, found)
        else:
            info = os.stat(entry.path)
            found[entry.path] = [info.st_mtime_ns, info.st_size]


def load_cache(directory: Path) -> BuildCache | None:
    """Return the cache, or None when there is none or it is damaged (then it is ignored)."""
    try:
        raw = (directory / MANIFEST).read_bytes()
        checksum, payload = raw.split(b"\n", 1)
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            return None
        data = json.loads(payload)
        if data.get("version") != CACHE_VERSION:
            return None
        return BuildCache(str(data["options"]), str(data["site"]), dict(data["inputs"]), dict(data["pages"]),
                          list(data["files"]), list(data["warnings"]), str(data["spare"]), dict(data["spare_pages"]),
                          list(data["spare_files"]), float(data["expires"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def forget_cache(directory: Path) -> None:
    """Delete the manifest: what it describes is about to change."""
    try:
        (directory / MANIFEST).unlink()
    except FileNotFoundError:
        pass


def save_cache(directory: Path, cache: BuildCache) -> None:
    """Write the cache atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"version": CACHE_VERSION, "options": cache.options, "site": cache.site,
                          "inputs": cache.inputs, "pages": cache.pages, "files": cache.files,
                          "warnings": cache.warnings, "spare": cache.spare, "spare_pages": cache.spare_pages,
                          "spare_files": cache.spare_files, "expires": cache.expires if cache.expires != float("inf") else 1e300},
                         sort_keys=True).encode()
    temporary = directory / f"{MANIFEST}.{os.getpid()}.tmp"
    temporary.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    os.replace(temporary, directory / MANIFEST)
